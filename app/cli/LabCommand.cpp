// tokenscope-cli lab serve: the live lab (core/lab/Lab) until SIGINT or SIGTERM.
#include "LabCommand.h"

#include "CliSupport.h"
#include "TerminationSignals.h"
#include "lab/Lab.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(CliLab)
};

// A whole number in [minimum, maximum] from an option, or an error naming the option.
std::optional<qint64> numberOption(const QCommandLineParser &parser, const QCommandLineOption &option, qint64 minimum,
                                   qint64 maximum)
{
    bool ok = false;
    const qint64 value = parser.value(option).toLongLong(&ok);
    if (!ok || value < minimum || value > maximum) {
        printError(CliText::tr("--%1 must be a whole number from %2 to %3")
                       .arg(option.names().constFirst())
                       .arg(minimum)
                       .arg(maximum));
        return std::nullopt;
    }
    return value;
}

} // namespace

int runLab(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("serve"), CliText::tr("Serve the live lab on loopback."));
    const QCommandLineOption modeOption(
        QStringLiteral("mode"),
        CliText::tr("How the resource servers check a request: %1.").arg(lab::LabNames::checkModeNames().join(u", ")),
        CliText::tr("MODE"));
    const QCommandLineOption serversOption(QStringLiteral("servers"),
                                           CliText::tr("Resource servers behind the balancer (1-16)."),
                                           CliText::tr("N"), QStringLiteral("2"));
    const QCommandLineOption routingOption(
        QStringLiteral("routing"),
        CliText::tr("Load balancing: round_robin (every request to the next server) or "
                    "sticky (a cookie pins a client to one server)."),
        CliText::tr("ROUTING"), QStringLiteral("round_robin"));
    const QCommandLineOption storeOption(
        QStringLiteral("store"),
        CliText::tr("Session mode's store: shared (one Redis) or per-server (each server's "
                    "memory)."),
        CliText::tr("STORE"), QStringLiteral("shared"));
    const QCommandLineOption redisOption(
        QStringLiteral("redis"), CliText::tr("Use this running Redis (redis://HOST:PORT) instead of starting one."),
        CliText::tr("URL"));
    const QCommandLineOption issuerOption(
        QStringLiteral("issuer"),
        CliText::tr("Use this issuer (a Tokenscope mock issuer) instead of starting one in-process."),
        CliText::tr("URL"));
    const QCommandLineOption leewayOption(QStringLiteral("leeway"),
                                          CliText::tr("Clock leeway for exp/nbf/iat, in seconds."), CliText::tr("S"),
                                          QStringLiteral("0"));
    const QCommandLineOption jwksAgeOption(
        QStringLiteral("jwks-cache-age"),
        CliText::tr("How long a server trusts its copy of the JWKS, in seconds (default: "
                    "the issuer's Cache-Control max-age)."),
        CliText::tr("S"));
    const QCommandLineOption introspectionTtlOption(
        QStringLiteral("introspection-cache-ttl"),
        CliText::tr("Cache introspection answers this many seconds (default 0: "
                    "one call per request)."),
        CliText::tr("S"), QStringLiteral("0"));
    const QCommandLineOption sessionTtlOption(
        QStringLiteral("session-ttl"),
        CliText::tr("Session mode: how long a session lives after its login, in seconds, by the servers' clock."),
        CliText::tr("S"), QStringLiteral("3600"));
    const QCommandLineOption storeTimeoutOption(
        QStringLiteral("store-timeout"), CliText::tr("Time budget of each Redis call, in milliseconds; then 503."),
        CliText::tr("MS"), QStringLiteral("100"));
    const QCommandLineOption pollOption(
        QStringLiteral("revocation-poll"),
        CliText::tr("Blocklist mode: how often the issuer's revocations are read, in ms."), CliText::tr("MS"),
        QStringLiteral("500"));
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        CliText::tr("The balancer's port (default: a free port)."), CliText::tr("N"),
                                        QStringLiteral("0"));
    const QCommandLineOption controlPortOption(QStringLiteral("control-port"),
                                               CliText::tr("The control endpoint's port (default: a free port)."),
                                               CliText::tr("N"), QStringLiteral("0"));
    parser.addOptions({modeOption, serversOption, routingOption, storeOption, redisOption, issuerOption, leewayOption,
                       jwksAgeOption, introspectionTtlOption, sessionTtlOption, storeTimeoutOption, pollOption,
                       portOption, controlPortOption});
    if (const int code = finishParsing(
            parser, arguments,
            CliText::tr("Run the live lab: resource servers on loopback behind HAProxy, a real Redis, the mock issuer. "
                        "The first lines of standard output name the URLs (balancer first). See docs/lab.md."));
        code >= 0)
        return code;
    if (parser.positionalArguments() != QStringList {QStringLiteral("serve")} || !parser.isSet(modeOption)) {
        printError(CliText::tr("usage: tokenscope-cli lab serve --mode %1 [options]; see --help")
                       .arg(lab::LabNames::checkModeNames().join(u'|')));
        return UsageError;
    }

    lab::LabOptions options;
    const std::optional<lab::CheckMode> mode = lab::LabNames::checkModeFromName(parser.value(modeOption));
    const std::optional<lab::Routing> routing = lab::LabNames::routingFromName(parser.value(routingOption));
    const std::optional<lab::SessionStoreKind> store = lab::LabNames::sessionStoreFromName(parser.value(storeOption));
    if (!mode || !routing || !store) {
        printError(!mode ? CliText::tr("unknown mode \"%1\"; modes: %2")
                               .arg(parser.value(modeOption), lab::LabNames::checkModeNames().join(u", "))
                       : !routing ? CliText::tr("--routing must be round_robin or sticky")
                                  : CliText::tr("--store must be shared or per-server"));
        return UsageError;
    }
    options.mode = *mode;
    options.routing = *routing;
    options.sessionStore = *store;
    const std::optional<qint64> servers = numberOption(parser, serversOption, 1, 16);
    const std::optional<qint64> leeway = numberOption(parser, leewayOption, 0, 3600);
    const std::optional<qint64> introspectionTtl = numberOption(parser, introspectionTtlOption, 0, 86400);
    const std::optional<qint64> sessionTtl
        = numberOption(parser, sessionTtlOption, 1, lab::LabOptions::maxSessionTtlSeconds);
    const std::optional<qint64> storeTimeout = numberOption(parser, storeTimeoutOption, 1, 10000);
    const std::optional<qint64> poll = numberOption(parser, pollOption, 10, 60000);
    const std::optional<qint64> port = numberOption(parser, portOption, 0, 65535);
    const std::optional<qint64> controlPort = numberOption(parser, controlPortOption, 0, 65535);
    const std::optional<qint64> jwksAge
        = parser.isSet(jwksAgeOption) ? numberOption(parser, jwksAgeOption, 0, 86400) : std::optional<qint64>(-1);
    if (!servers || !leeway || !introspectionTtl || !sessionTtl || !storeTimeout || !poll || !port || !controlPort
        || !jwksAge)
        return UsageError;
    options.sessionTtlSeconds = *sessionTtl;
    options.servers = int(*servers);
    options.leewaySeconds = *leeway;
    options.introspectionCacheTtlSeconds = *introspectionTtl;
    options.storeTimeoutMs = int(*storeTimeout);
    options.revocationPollMs = int(*poll);
    options.balancerPort = quint16(*port);
    options.controlPort = quint16(*controlPort);
    options.jwksCacheAgeSeconds = *jwksAge;
    options.redisUrl = parser.value(redisOption);
    if (parser.isSet(issuerOption)) {
        options.issuerUrl = QUrl(parser.value(issuerOption), QUrl::StrictMode);
        if (!options.issuerUrl.isValid() || options.issuerUrl.host().isEmpty()) {
            printError(CliText::tr("--issuer: \"%1\" is not a URL").arg(parser.value(issuerOption)));
            return UsageError;
        }
    }
    if (const QString invalid = options.validate(); !invalid.isEmpty()) {
        printError(invalid);
        return UsageError;
    }

    if (!quitOnTerminationSignals()) {
        printError(CliText::tr("cannot set up signal handling"));
        return UsageError;
    }
    lab::Lab lab;
    if (const Result<void> started = lab.start(options); !started) {
        printError(started.error().message());
        return UsageError;
    }
    // The URLs first, one "name url" per line, for scripts (awk '$1 == "balancer" {print $2}').
    QString urls = QStringLiteral("balancer %1\ncontrol %2\nissuer %3\n")
                       .arg(lab.balancerUrl().toString(), lab.controlUrl().toString(), lab.issuerUrl().toString());
    if (!lab.redisUrl().isEmpty())
        urls += QStringLiteral("redis %1\n").arg(lab.redisUrl());
    const QList<QUrl> serverUrls = lab.serverUrls();
    for (int i = 0; i < serverUrls.size(); ++i)
        urls += QStringLiteral("server%1 %2\n").arg(i + 1).arg(serverUrls[i].toString());
    printOut(urls);
    printError(CliText::tr("lab: mode %1, %2 servers, routing %3%4; Ctrl+C stops")
                   .arg(lab::LabNames::checkMode(options.mode))
                   .arg(options.servers)
                   .arg(lab::LabNames::routing(options.routing),
                        options.mode == lab::CheckMode::Session
                            ? QStringLiteral(", store ") + lab::LabNames::sessionStore(options.sessionStore)
                            : QString()));
    const int status = QCoreApplication::exec();
    lab.stop();
    return status == 0 ? Success : UsageError;
}

} // namespace tokenscope::cli
