// tokenscope-cli issuer serve: the mock issuer (core/issuer/MockIssuer) until SIGINT or SIGTERM.
#include "IssuerCommand.h"

#include "CliSupport.h"
#include "TerminationSignals.h"
#include "issuer/IssuerTenantName.h"
#include "issuer/MockIssuer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(CliIssuer)
};

} // namespace

int runIssuer(const QStringList &arguments)
{
    if (arguments.value(2) == u"faults")
        return runIssuerFaults(arguments);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("serve"), CliText::tr("Serve the mock issuer on loopback."));
    const QCommandLineOption configOption(
        QStringLiteral("config"), CliText::tr("Clients, users, claims and policy from a JSON file (docs/issuer.md)."),
        CliText::tr("FILE"));
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        CliText::tr("Port to listen on (default: a free port)."), CliText::tr("N"),
                                        QStringLiteral("0"));
    const QCommandLineOption dbOption(
        QStringLiteral("db"),
        CliText::tr("SQLite database file (default: %1), or a PostgreSQL database shared by replicas: "
                    "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE.")
            .arg(issuer::MockIssuer::defaultDatabasePath()),
        CliText::tr("FILE|URL"));
    const QCommandLineOption presetOption(QStringLiteral("preset"),
                                          CliText::tr("Issuer policy preset, replacing the config's policy: %1.")
                                              .arg(policy::IssuerPresets::names().join(u", ")),
                                          CliText::tr("NAME"));
    const QCommandLineOption hostOption(QStringLiteral("host"),
                                        CliText::tr("Address to listen on (default: 127.0.0.1)."),
                                        CliText::tr("ADDRESS"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption verboseOption(
        QStringLiteral("verbose"),
        CliText::tr("Log each request (method, path, status, OAuth error; never tokens) "
                    "on standard error."));
    const QCommandLineOption fixedTimeOption(
        QStringLiteral("fixed-time"),
        CliText::tr(
            "Freeze the issuer's clock at TIME (a NumericDate, \"now\", or relative like \"+1h\"); it then moves only "
            "through POST /admin/advance-clock. For deterministic tests."),
        CliText::tr("TIME"));
    const QCommandLineOption tenantOption(
        QStringLiteral("tenant"),
        CliText::tr("Also serve the issuer NAME with the demo set-up under /NAME on the same port, its state beside "
                    "the database (repeatable; docs/issuer.md \"Several issuers\")."),
        CliText::tr("NAME"));
    parser.addOptions(
        {configOption, portOption, dbOption, presetOption, hostOption, verboseOption, fixedTimeOption, tenantOption});
    if (const int code = finishParsing(parser, arguments, CliText::tr("Run the Tokenscope mock issuer.")); code >= 0)
        return code;
    if (parser.positionalArguments() != QStringList {QStringLiteral("serve")}) {
        printError(
            CliText::tr("usage: tokenscope-cli issuer serve [--config FILE] [--port N] [--db FILE|URL] [--preset NAME] "
                        "[--host ADDRESS] [--tenant NAME]..."));
        return UsageError;
    }

    issuer::MockIssuerOptions options;
    if (parser.isSet(configOption)) {
        const issuer::IssuerConfigResult config = issuer::IssuerConfigReader::readFile(parser.value(configOption));
        if (!config) {
            printError(config.error);
            return UsageError;
        }
        options.config = *config.config;
        options.configGiven = true;
    }
    if (parser.isSet(presetOption)) {
        const std::optional<policy::IssuerPolicy> preset = policy::IssuerPresets::byName(parser.value(presetOption));
        if (!preset) {
            printError(CliText::tr("unknown preset \"%1\"; presets: %2")
                           .arg(parser.value(presetOption), policy::IssuerPresets::names().join(u", ")));
            return UsageError;
        }
        options.config.policy = *preset;
    }
    for (const QString &name : parser.values(tenantOption)) {
        // Checked here too, so the message names the flag; MockIssuer::start checks every source of names again.
        if (const QString problem = issuer::IssuerTenantName::problem(name); !problem.isEmpty()) {
            printError(QStringLiteral("--tenant: ") + problem);
            return UsageError;
        }
        issuer::MockIssuerOptions::Tenant tenant;
        tenant.name = name;
        options.tenants.append(tenant);
    }
    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    if (!portOk || port > 65535) {
        printError(CliText::tr("--port must be a number from 0 to 65535"));
        return UsageError;
    }
    options.port = quint16(port);
    options.address = QHostAddress(parser.value(hostOption));
    if (options.address.isNull()) {
        printError(CliText::tr("--host must be an IP address"));
        return UsageError;
    }
    // Documented: another address is allowed, with this warning.
    options.listenScope = issuer::MockIssuerOptions::ListenScope::AnyAddress;
    if (!options.address.isLoopback())
        printError(
            CliText::tr("warning: listening on %1, not loopback; the admin API still answers loopback callers only")
                .arg(options.address.toString()));
    options.databasePath = parser.value(dbOption);
    FixedClock fixedClock;
    if (parser.isSet(fixedTimeOption)) {
        const std::optional<qint64> time
            = parseTime(parser.value(fixedTimeOption), SystemClock::instance().nowSeconds());
        if (!time) {
            printError(CliText::tr("--fixed-time: \"%1\" is not a time").arg(parser.value(fixedTimeOption)));
            return UsageError;
        }
        fixedClock.setNowSeconds(*time);
        options.clock = &fixedClock;
    }

    // The server closes its sockets and the database cleanly on SIGINT or SIGTERM.
    if (!quitOnTerminationSignals()) {
        printError(CliText::tr("cannot set up signal handling"));
        return UsageError;
    }

    issuer::MockIssuer issuer;
    if (parser.isSet(verboseOption)) {
        QObject::connect(
            &issuer, &issuer::MockIssuer::requestHandled, &issuer, [](const issuer::IssuerLogEntry &entry) {
                printError(QStringLiteral("%1 %2 %3%4%5%6")
                               .arg(entry.method, entry.path)
                               .arg(entry.status)
                               .arg(entry.grantType.isEmpty() ? QString() : QStringLiteral(" ") + entry.grantType,
                                    entry.error.isEmpty() ? QString() : QStringLiteral(" ") + entry.error,
                                    entry.fault.isEmpty() ? QString() : QStringLiteral(" fault: ") + entry.fault)
                           + (entry.detail.isEmpty() ? QString() : QStringLiteral(" (") + entry.detail + u')'));
            });
    }
    if (const Result<void> started = issuer.start(options); !started) {
        printError(started.error().message());
        // The database server did not answer: a network error, as when fetching keys fails (docs/issuer.md).
        return started.error().code() == issuer::MockIssuerStartError::DatabaseUnreachable ? NetworkError : UsageError;
    }
    // The first line is the issuer URL, for scripts (serve >url.txt &; head -1 url.txt).
    printOut(issuer.issuerUrl().toString() + QLatin1Char('\n'));
    // Then one line per tenant, its issuer URL, in the order given (the config's, then --tenant's).
    for (const QString &name : issuer.tenantNames())
        printOut(issuer.tenant(name)->issuerUrl().toString() + QLatin1Char('\n'));
    for (const QString &name : issuer.tenantNames())
        printError(CliText::tr("tenant %1: database %2").arg(name, issuer.tenant(name)->store().path()));
    printError(CliText::tr("database %1; Ctrl+C stops").arg(issuer.store().path()));
    const int status = QCoreApplication::exec();
    issuer.stop();
    return status == 0 ? Success : UsageError;
}

} // namespace tokenscope::cli
