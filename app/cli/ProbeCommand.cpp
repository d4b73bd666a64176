// tokenscope-cli probe: the staging-issuer probe (core/probe/StagingProbe) from the command line, printing the
// report as Markdown or, with --json, as one JSON object. Tokens and secrets never reach the output.
#include "ProbeCommand.h"

#include "CliSupport.h"
#include "probe/StagingProbe.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSslCertificate>

#include <cstdio>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(CliProbe)
};

int exitCodeFor(const probe::ProbeError &error)
{
    switch (error.kind) {
    case probe::ProbeError::Kind::None:
        return Success;
    case probe::ProbeError::Kind::InvalidInput:
        return UsageError;
    case probe::ProbeError::Kind::Network:
    case probe::ProbeError::Kind::HttpStatus:
    case probe::ProbeError::Kind::BadDiscovery:
    case probe::ProbeError::Kind::TokensRefused:
    case probe::ProbeError::Kind::Cancelled:
        return NetworkError;
    }
    return NetworkError;
}

} // namespace

int runProbe(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption issuerOption(
        QStringLiteral("issuer"),
        CliText::tr("The issuer URL, or its discovery URL (…/.well-known/openid-configuration)."), CliText::tr("URL"));
    const QCommandLineOption clientIdOption(QStringLiteral("client-id"), CliText::tr("The client to probe with."),
                                            CliText::tr("ID"));
    const QCommandLineOption clientSecretOption(
        QStringLiteral("client-secret"),
        CliText::tr(
            "The client's secret (HTTP Basic, RFC 6749 §2.3.1); without it the client is public. \"-\" reads it "
            "from standard input."),
        CliText::tr("SECRET"));
    const QCommandLineOption usernameOption(
        QStringLiteral("username"), CliText::tr("Get the first tokens with the password grant."), CliText::tr("USER"));
    const QCommandLineOption passwordOption(QStringLiteral("password"),
                                            CliText::tr("The user's password (\"-\": standard input)."),
                                            CliText::tr("PASSWORD"));
    const QCommandLineOption refreshTokenOption(QStringLiteral("refresh-token"),
                                                CliText::tr("Start from this refresh token (\"-\": standard input)."),
                                                CliText::tr("TOKEN"));
    const QCommandLineOption loginOption(
        QStringLiteral("login"),
        CliText::tr(
            "Sign a user in for the first tokens: \"browser\" (authorization code with PKCE, the system browser "
            "and a redirect to this machine, RFC 8252) or \"device\" (a code to enter on another device, RFC 8628). "
            "For issuers without the password grant; takes no --username or --refresh-token."),
        CliText::tr("METHOD"));
    const QCommandLineOption noBrowserOption(
        QStringLiteral("no-browser"),
        CliText::tr("With --login browser: only print the URL to open, do not start a browser."));
    const QCommandLineOption loginTimeoutOption(QStringLiteral("login-timeout"),
                                                CliText::tr("Seconds the user may take to sign in (default: 300)."),
                                                CliText::tr("SECONDS"), QStringLiteral("300"));
    const QCommandLineOption scopeOption(
        QStringLiteral("scope"),
        CliText::tr("The scope to ask for (default: %1).").arg(QStringLiteral("openid offline_access")),
        CliText::tr("SCOPE"), QStringLiteral("openid offline_access"));
    const QCommandLineOption pauseOption(
        QStringLiteral("pause"),
        CliText::tr("Seconds to wait before replaying the old refresh token again, to tell a "
                    "grace window from accepted reuse (default: 65)."),
        CliText::tr("SECONDS"), QStringLiteral("65"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"),
                                           CliText::tr("Time limit per request in ms (default: 10000)."),
                                           CliText::tr("MS"), QStringLiteral("10000"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), CliText::tr("Print the report as one JSON object."));
    const QCommandLineOption caFileOption(QStringLiteral("ca-file"),
                                          CliText::tr("Extra CA certificates (PEM) trusted for the issuer."),
                                          CliText::tr("FILE"));
    const QCommandLineOption insecureOption(QStringLiteral("allow-insecure"),
                                            CliText::tr("Allow plain http to a host that is not this machine."));
    parser.addOptions({issuerOption, clientIdOption, clientSecretOption, usernameOption, passwordOption,
                       refreshTokenOption, loginOption, noBrowserOption, loginTimeoutOption, scopeOption, pauseOption,
                       timeoutOption, jsonOption, caFileOption, insecureOption});
    if (const int code = finishParsing(
            parser, arguments,
            CliText::tr(
                "Probe an OpenID Connect issuer: discovery, keys, refresh-token rotation, reuse handling, grace "
                "window, revocation and introspection, and name the closest provider preset."));
        code >= 0)
        return code;

    probe::ProbeOptions options;
    if (!parser.isSet(issuerOption) || !parser.isSet(clientIdOption)) {
        printError(CliText::tr("--issuer and --client-id are required"));
        return UsageError;
    }
    options.issuerUrl = QUrl(parser.value(issuerOption), QUrl::StrictMode);
    options.clientId = parser.value(clientIdOption);
    options.scope = parser.value(scopeOption);
    options.plainHttp
        = parser.isSet(insecureOption) ? UrlPolicy::PlainHttp::AnyHost : UrlPolicy::PlainHttp::LoopbackOnly;
    if (parser.isSet(usernameOption) != parser.isSet(passwordOption)) {
        printError(CliText::tr("--username and --password go together"));
        return UsageError;
    }
    if (parser.isSet(usernameOption) && parser.isSet(refreshTokenOption)) {
        printError(CliText::tr("give either --refresh-token or --username and --password"));
        return UsageError;
    }
    if (parser.isSet(loginOption)) {
        const QString login = parser.value(loginOption);
        if (login == u"browser")
            options.login = probe::LoginMethod::Browser;
        else if (login == u"device")
            options.login = probe::LoginMethod::Device;
        else {
            printError(CliText::tr("--login: expected \"browser\" or \"device\", not \"%1\"").arg(login));
            return UsageError;
        }
        if (parser.isSet(usernameOption) || parser.isSet(refreshTokenOption)) {
            printError(
                CliText::tr("--login %1 signs a user in itself: leave out --username, --password and --refresh-token")
                    .arg(login));
            return UsageError;
        }
    }
    if (parser.isSet(noBrowserOption) && options.login != probe::LoginMethod::Browser) {
        printError(CliText::tr("--no-browser goes with --login browser"));
        return UsageError;
    }

    // At most one value may come from standard input.
    bool stdinUsed = false;
    auto secretValue = [&](const QCommandLineOption &option, QByteArray *out) {
        const QString value = parser.value(option);
        if (value != u"-") {
            *out = value.toUtf8();
            return true;
        }
        if (stdinUsed) {
            printError(CliText::tr("only one option may read standard input"));
            return false;
        }
        stdinUsed = true;
        const ReadResult read = readFile(QStringLiteral("-"), 64 * 1024);
        if (!read) {
            printError(read.error);
            return false;
        }
        *out = read.bytes.trimmed();
        return true;
    };
    if (parser.isSet(clientSecretOption) && !secretValue(clientSecretOption, &options.clientSecret))
        return UsageError;
    if (parser.isSet(passwordOption) && !secretValue(passwordOption, &options.password))
        return UsageError;
    if (parser.isSet(refreshTokenOption) && !secretValue(refreshTokenOption, &options.refreshToken))
        return UsageError;
    options.username = parser.value(usernameOption);

    bool ok = false;
    options.pauseSeconds = parser.value(pauseOption).toLongLong(&ok);
    if (!ok || options.pauseSeconds < 0 || options.pauseSeconds > 3600) {
        printError(CliText::tr("--pause: expected seconds from 0 to 3600"));
        return UsageError;
    }
    options.timeoutMs = parser.value(timeoutOption).toInt(&ok);
    if (!ok || options.timeoutMs <= 0) {
        printError(CliText::tr("--timeout: expected a positive number of milliseconds"));
        return UsageError;
    }
    const int loginTimeoutSeconds = parser.value(loginTimeoutOption).toInt(&ok);
    if (!ok || loginTimeoutSeconds <= 0 || loginTimeoutSeconds > 3600) {
        printError(CliText::tr("--login-timeout: expected seconds from 1 to 3600"));
        return UsageError;
    }
    options.loginTimeoutMs = loginTimeoutSeconds * 1000;
    if (parser.isSet(caFileOption)) {
        const ReadResult file = readFile(parser.value(caFileOption), 4 * 1024 * 1024);
        if (!file) {
            printError(file.error);
            return UsageError;
        }
        options.caCertificates = QSslCertificate::fromData(file.bytes, QSsl::Pem);
        if (options.caCertificates.isEmpty()) {
            printError(CliText::tr("--ca-file %1: no PEM certificate").arg(parser.value(caFileOption)));
            return UsageError;
        }
    }

    QNetworkAccessManager network;
    probe::StagingProbe stagingProbe(&network);
    const bool json = parser.isSet(jsonOption);
    QObject::connect(&stagingProbe, &probe::StagingProbe::progress, [](const QString &step, int done, int total) {
        const QByteArray line = QStringLiteral("[%1/%2] %3\n").arg(done).arg(total).arg(step).toUtf8();
        std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    });
    // The login's instructions go to stderr, always: a user whose browser does not open can copy the URL.
    auto printNote = [](const QString &text) {
        const QByteArray line = text.toUtf8() + '\n';
        std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    };
    QObject::connect(&stagingProbe, &probe::StagingProbe::browserLoginStarted, [printNote](const QUrl &url) {
        printNote(CliText::tr("Sign in with your browser; if none opens, open this URL:\n  %1")
                      .arg(QString::fromUtf8(url.toEncoded())));
    });
    QObject::connect(&stagingProbe, &probe::StagingProbe::deviceLoginPrompted,
                     [printNote](const probe::DeviceLoginPrompt &prompt) {
                         QString text = CliText::tr("To sign in, open %1 and enter the code %2")
                                            .arg(prompt.verificationUri.toString(), prompt.userCode);
                         if (!prompt.verificationUriComplete.isEmpty())
                             text += CliText::tr("\n  (or open %1)").arg(prompt.verificationUriComplete.toString());
                         printNote(text);
                     });
    if (!parser.isSet(noBrowserOption)) {
        // The CLI links no GUI, so no QDesktopServices: the desktop's opener, where there is one.
        stagingProbe.setUrlOpener([printNote](const QUrl &url) {
            if (!QProcess::startDetached(QStringLiteral("xdg-open"), {QString::fromUtf8(url.toEncoded())}))
                printNote(CliText::tr("(no browser could be started)"));
        });
    }
    QEventLoop loop;
    QObject::connect(&stagingProbe, &probe::StagingProbe::finished, &loop, &QEventLoop::quit);
    stagingProbe.start(options);
    loop.exec();
    stagingProbe.clearTokens();

    const probe::ProbeReport &report = stagingProbe.report();
    // A last guard: nothing the user gave as a secret may appear in the output, whatever the issuer echoed.
    const QList<QByteArray> secrets = {options.clientSecret, options.password, options.refreshToken};
    if (json)
        printOut(
            probe::ProbeReportWriter::redact(QString::fromUtf8(probe::ProbeReportWriter::toJson(report)), secrets));
    else
        printOut(probe::ProbeReportWriter::redact(probe::ProbeReportWriter::toMarkdown(report), secrets));
    if (report.error)
        printError(report.error.message);
    return exitCodeFor(report.error);
}

} // namespace tokenscope::cli
