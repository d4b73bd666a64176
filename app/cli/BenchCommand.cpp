#include "CliSupport.h"
#include "Commands.h"
#include "verify/TokenVerifier.h"

#include <QCoreApplication>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

using SteadyClock = std::chrono::steady_clock;

// Verifies every token once per pass, in whole passes, until `minSeconds` have passed.
quint64 verifyPasses(const std::vector<QByteArray> &tokens, const KeySet &keys, const VerificationPolicy &policy,
                     double minSeconds, std::atomic<quint64> &failures)
{
    const auto start = SteadyClock::now();
    quint64 verified = 0;
    do {
        for (const QByteArray &token : tokens) {
            if (!TokenVerifier::verify(token, keys, policy).isValid())
                failures.fetch_add(1, std::memory_order_relaxed);
        }
        verified += tokens.size();
    } while (std::chrono::duration<double>(SteadyClock::now() - start).count() < minSeconds);
    return verified;
}

} // namespace

int runBench(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("TOKENS_FILE"), CliText::tr("One token per line."));
    addKeySourceOptions(parser, KeySources::LocalOnly);
    const QCommandLineOption algOption(QStringLiteral("alg"), CliText::tr("The tokens' algorithm (the allow-list)."),
                                       QStringLiteral("ALG"));
    const QCommandLineOption threadsOption(QStringLiteral("threads"), CliText::tr("Verifying threads."),
                                           QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption minTimeOption(QStringLiteral("min-time"),
                                           CliText::tr("Run whole passes for at least SECONDS."),
                                           QStringLiteral("SECONDS"), QStringLiteral("1"));
    parser.addOptions({algOption, threadsOption, minTimeOption});
    if (const int code
        = finishParsing(parser, arguments, CliText::tr("Measure full verification speed over a file of tokens."));
        code >= 0)
        return code;

    const std::optional<Algorithm> algorithm = Algorithms::fromName(parser.value(algOption));
    if (!algorithm) {
        printError(CliText::tr("--alg is required and must name a supported algorithm"));
        return UsageError;
    }
    bool ok = false;
    const int threads = parser.value(threadsOption).toInt(&ok);
    if (!ok || threads < 1 || threads > 256) {
        printError(CliText::tr("--threads expects 1 to 256"));
        return UsageError;
    }
    const double minSeconds = parser.value(minTimeOption).toDouble(&ok);
    if (!ok || minSeconds < 0 || minSeconds > 3600) {
        printError(CliText::tr("--min-time expects 0 to 3600 seconds"));
        return UsageError;
    }
    if (parser.positionalArguments().size() != 1) {
        printError(CliText::tr("expected one TOKENS_FILE"));
        return UsageError;
    }

    // Untimed: the key and the tokens.
    const KeyLoadResult keys = loadKeys(parser, PrivateKey::Optional);
    if (!keys) {
        printError(keys.error);
        return keys.exitCode;
    }
    const ReadResult file = readFile(parser.positionalArguments().first(), 512 * 1024 * 1024);
    if (!file) {
        printError(file.error);
        return UsageError;
    }
    std::vector<QByteArray> tokens;
    for (const QByteArray &line : file.bytes.split('\n')) {
        const QByteArray token = line.trimmed();
        if (!token.isEmpty())
            tokens.push_back(token);
    }
    if (tokens.empty()) {
        printError(CliText::tr("%1 holds no tokens").arg(parser.positionalArguments().first()));
        return UsageError;
    }
    VerificationPolicy policy;
    policy.allowedAlgorithms = {*algorithm};
    const FixedClock clock(SystemClock::instance().nowSeconds());
    policy.clock = &clock;

    // Warm-up pass doubles as a check: a benchmark of failing verifications would measure the wrong thing.
    for (const QByteArray &token : tokens) {
        const VerificationResult result = TokenVerifier::verify(token, keys.keys, policy);
        if (!result.isValid()) {
            printError(CliText::tr("token %1 does not verify (%2): %3")
                           .arg(&token - tokens.data() + 1)
                           .arg(reasonName(result.reason), result.message));
            return TokenFailure;
        }
    }

    // Each thread verifies with its own copy of the keys (the same material and metadata in KeyData of its own), as
    // a server's worker threads would hold them: a VerificationResult refers to the Key that verified, and threads
    // sharing one Key object would all write its reference count on every token. Made untimed.
    std::vector<KeySet> threadKeys(static_cast<size_t>(threads));
    for (KeySet &copies : threadKeys) {
        for (const Key &key : keys.keys) {
            Key copy = key;
            copy.setSource(key.source()); // detaches: a KeyData of this thread's own
            copies.append(copy);
        }
    }

    std::atomic<quint64> failures {0};
    std::vector<quint64> counts(size_t(threads), 0);
    const auto start = SteadyClock::now();
    {
        std::vector<std::jthread> workers;
        for (int i = 0; i < threads; ++i) {
            workers.emplace_back([&, i] {
                counts[size_t(i)] = verifyPasses(tokens, threadKeys[size_t(i)], policy, minSeconds, failures);
            });
        }
    }
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    quint64 total = 0;
    for (quint64 count : counts)
        total += count;
    if (failures.load() > 0) {
        printError(CliText::tr("%1 verifications failed during the run").arg(failures.load()));
        return TokenFailure;
    }
    printOut(QStringLiteral("verified %1 in %2 s (%3 tokens/s)\n")
                 .arg(total)
                 .arg(seconds, 0, 'f', 3)
                 .arg(double(total) / seconds, 0, 'f', 0));
    return Success;
}

} // namespace tokenscope::cli
