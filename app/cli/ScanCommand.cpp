#include "CliSupport.h"
#include "Commands.h"
#include "common/TimeFormat.h"
#include "scan/ScanJob.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

// Inputs larger than this report their progress on standard error.
constexpr qint64 kProgressThreshold = 100'000'000;

QString statusText(const ScannedToken &token, qint64 now)
{
    switch (token.status) {
    case ExpiryStatus::StillValid:
        return token.exp
            ? CliText::tr("still valid, %1").arg(TimeFormat::relative(*token.exp, now, TimeFormat::Phrase::Expiry))
            : CliText::tr("still valid, no exp");
    case ExpiryStatus::Expired:
        return TimeFormat::relative(*token.exp, now, TimeFormat::Phrase::Expiry);
    case ExpiryStatus::NotYetValid:
        return CliText::tr("not yet valid, nbf %1").arg(TimeFormat::relative(*token.nbf, now));
    case ExpiryStatus::Unknown:
        break;
    }
    return token.kind == u"JWE" ? CliText::tr("encrypted, times unknown") : CliText::tr("no claims, times unknown");
}

QString placeText(const ScanPlace &place)
{
    QString text = place.harPath.isEmpty()
        ? CliText::tr("%1 line %2 (byte %3)").arg(place.source).arg(place.line).arg(place.offset)
        : CliText::tr("%1 %2").arg(place.source, place.harPath);
    if (!place.context.isEmpty())
        text += QStringLiteral(", ") + place.context;
    if (!place.harPath.isEmpty())
        text += CliText::tr(": %1 %2 at %3").arg(place.method, place.url, place.time);
    return text;
}

QString countsText(const ScanReport::Counts &counts)
{
    QStringList parts;
    for (const auto &[name, count] : counts)
        parts << QStringLiteral("%1: %2").arg(name).arg(count);
    return parts.isEmpty() ? CliText::tr("none") : parts.join(QStringLiteral(", "));
}

QString textReport(const ScanReport &report, qint64 now)
{
    QString text;
    qsizetype index = 0;
    for (const ScannedToken &token : report.tokens()) {
        ++index;
        text += QStringLiteral("#%1  %2×  %3  alg %4  kid %5\n")
                    .arg(index)
                    .arg(token.count)
                    .arg(token.kind, token.alg.isEmpty() ? QStringLiteral("-") : token.alg,
                         token.kid.isEmpty() ? QStringLiteral("-") : token.kid);
        text += CliText::tr("    iss %1  sub %2\n")
                    .arg(token.iss.isEmpty() ? QStringLiteral("-") : token.iss,
                         token.sub.isEmpty() ? QStringLiteral("-") : token.sub);
        text += CliText::tr("    %1").arg(statusText(token, now));
        if (report.verifies())
            text += CliText::tr("; verification: %1").arg(token.verification);
        text += u'\n';
        text += CliText::tr("    first seen: %1\n").arg(placeText(token.firstSeen));
        if (!token.findings.isEmpty())
            text += CliText::tr("    findings: %1\n").arg(token.findings.join(QStringLiteral(", ")));
        if (!token.text.isEmpty())
            text += QStringLiteral("    %1\n").arg(QString::fromLatin1(token.text));
    }
    if (index > 0)
        text += u'\n';
    text += CliText::tr("%1 distinct token(s), %2 occurrence(s) in %3 byte(s)\n")
                .arg(report.tokens().size())
                .arg(report.occurrences())
                .arg(report.scannedBytes());
    if (report.untracked() > 0)
        text += CliText::tr("  %1 more occurrence(s) of tokens past the limit of distinct tokens, not described\n")
                    .arg(report.untracked());
    qint64 stillValid = 0;
    for (const auto &[name, count] : report.statusCounts()) {
        if (name == expiryStatusName(ExpiryStatus::StillValid))
            stillValid = count;
    }
    text += CliText::tr("  still valid now: %1\n").arg(stillValid);
    text += CliText::tr("  status: %1\n").arg(countsText(report.statusCounts()));
    if (report.verifies())
        text += CliText::tr("  verification: %1\n").arg(countsText(report.countBy(&ScannedToken::verification)));
    text += CliText::tr("  issuers: %1\n").arg(countsText(report.countBy(&ScannedToken::iss)));
    text += CliText::tr("  algorithms: %1\n").arg(countsText(report.countBy(&ScannedToken::alg)));
    text += CliText::tr("  kids: %1\n").arg(countsText(report.countBy(&ScannedToken::kid)));
    text += CliText::tr("  findings: %1\n").arg(countsText(report.findingCounts()));
    text += CliText::tr("  distinct subjects: %1\n").arg(report.distinctSubjects());
    return text;
}

// "scanning big.log: 412 of 1024 MB (40%)", once a second, for inputs over 100 MB.
ScanJob::Progress progressPrinter(const QString &source)
{
    auto timer = std::make_shared<QElapsedTimer>(); // started at the first line
    return [source, timer](qint64 done, qint64 total) {
        const bool large = total > kProgressThreshold || (total < 0 && done > kProgressThreshold);
        if (!large || (timer->isValid() && timer->elapsed() < 1000))
            return;
        timer->start();
        const QString line = total > 0
            ? CliText::tr("tokenscope-cli: scanning %1: %2 of %3 MB (%4%)\n")
                  .arg(source)
                  .arg(done / 1'000'000)
                  .arg(total / 1'000'000)
                  .arg(done * 100 / total)
            : CliText::tr("tokenscope-cli: scanning %1: %2 MB\n").arg(source).arg(done / 1'000'000);
        const QByteArray bytes = line.toUtf8();
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
        std::fflush(stderr);
    };
}

} // namespace

int runScan(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 CliText::tr("Logs, captures or HAR files; '-' or nothing reads standard input."),
                                 QStringLiteral("[FILE…|-]"));
    const QCommandLineOption harOption(QStringLiteral("har"),
                                       CliText::tr("Read the input as HAR 1.2 (detected by content otherwise)."));
    const QCommandLineOption textOption(QStringLiteral("text"),
                                        CliText::tr("Read the input as text even when it looks like a HAR."));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        CliText::tr("JSON Lines: one object per token, then a summary object."));
    const QCommandLineOption csvOption(QStringLiteral("csv"),
                                       CliText::tr("CSV: a header line, then one line per token."));
    const QCommandLineOption threadsOption(QStringLiteral("threads"), CliText::tr("Scanning threads (1 to 64)."),
                                           QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption nowOption(QStringLiteral("now"),
                                       CliText::tr("Judge expiry at UNIX_SECONDS instead of now."),
                                       QStringLiteral("UNIX_SECONDS"));
    const QCommandLineOption showOption(
        QStringLiteral("show-tokens"),
        CliText::tr("Print the tokens themselves (by default only their SHA-256 fingerprints)."));
    parser.addOptions({harOption, textOption, jsonOption, csvOption, threadsOption, nowOption, showOption});
    addKeySourceOptions(parser, KeySources::LocalAndNetwork);
    if (const int code
        = finishParsing(parser, arguments,
                        CliText::tr("Find every JWS, JWE and SD-JWT in logs, captures and HAR files; count, "
                                    "judge and (with a key source) verify each.\n"
                                    "Exit codes: 0 scanned, 2 usage or input error (a malformed HAR names its "
                                    "JSON path), 3 network error while fetching keys."));
        code >= 0)
        return code;

    const Result<qint64> now = parseNow(parser);
    if (!now) {
        printError(now.error().message());
        return UsageError;
    }
    if (parser.isSet(jsonOption) && parser.isSet(csvOption)) {
        printError(CliText::tr("give --json or --csv, not both"));
        return UsageError;
    }
    if (parser.isSet(harOption) && parser.isSet(textOption)) {
        printError(CliText::tr("give --har or --text, not both"));
        return UsageError;
    }
    bool threadsOk = false;
    const int threads = parser.value(threadsOption).toInt(&threadsOk);
    if (!threadsOk || threads < 1 || threads > 64) {
        printError(CliText::tr("--threads expects 1 to 64"));
        return UsageError;
    }

    ScanReport::Options reportOptions;
    reportOptions.nowSeconds = *now;
    reportOptions.tokenText = parser.isSet(showOption) ? ScanReport::TokenText::Keep : ScanReport::TokenText::Omit;
    const KeyLoadResult keys = loadKeys(parser, PrivateKey::Optional);
    if (keys.sourceCount > 0) {
        if (!keys) {
            printError(keys.error);
            return keys.exitCode;
        }
        reportOptions.keys = keys.keys;
    }
    ScanReport report(reportOptions);
    ScanOptions options;
    options.threads = threads;
    options.format = parser.isSet(harOption) ? ScanOptions::Format::Har
        : parser.isSet(textOption)           ? ScanOptions::Format::Text
                                             : ScanOptions::Format::Detect;
    ScanJob job(report, options);

    QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        files << QStringLiteral("-");
    if (files.count(QStringLiteral("-")) > 1) {
        printError(CliText::tr("standard input can be scanned once"));
        return UsageError;
    }
    for (const QString &path : std::as_const(files)) {
        QFile file;
        const bool isStdin = path == u"-";
        const QString source = isStdin ? CliText::tr("standard input") : path;
        const bool opened = isStdin ? file.open(stdin, QIODevice::ReadOnly | QIODevice::Unbuffered)
                                    : (file.setFileName(path), file.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
        if (!opened) {
            printError(CliText::tr("cannot read %1: %2").arg(source, file.errorString()));
            return UsageError;
        }
        job.setProgress(progressPrinter(source));
        const QString scanError = job.scan(file, source);
        if (!scanError.isEmpty()) {
            printError(scanError);
            return UsageError;
        }
    }

    qsizetype index = 0;
    if (parser.isSet(jsonOption)) {
        QByteArray out;
        for (const ScannedToken &token : report.tokens())
            out += Json::write(report.tokenJson(token, ++index), Json::Style::Compact) + '\n';
        out += Json::write(report.summaryJson(), Json::Style::Compact) + '\n';
        printOut(out);
    } else if (parser.isSet(csvOption)) {
        QByteArray out = ScanReport::csvHeader();
        for (const ScannedToken &token : report.tokens())
            out += report.csvRow(token, ++index);
        printOut(out);
    } else {
        printOut(textReport(report, *now));
    }
    return Success;
}

} // namespace tokenscope::cli
