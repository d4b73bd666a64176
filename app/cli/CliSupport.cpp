#include "CliSupport.h"

#include "common/BoundedRead.h"
#include "common/TimeFormat.h"
#include "crypto/KeyParser.h"
#include "net/JwksClient.h"

#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>
#include <QUrl>

#include <cstdio>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

// Removes one trailing line break: `echo secret > file` should mean the secret "secret".
QByteArray withoutTrailingNewline(QByteArray bytes)
{
    if (bytes.endsWith("\r\n"))
        bytes.chop(2);
    else if (bytes.endsWith('\n'))
        bytes.chop(1);
    return bytes;
}

// What the run printed so far, for finishCommand().
struct RunOutput
{
    bool printedOut = false;
    QString lastError;
};
RunOutput &runOutput()
{
    static RunOutput output;
    return output;
}

QString exitCodeName(int exitCode)
{
    switch (exitCode) {
    case TokenFailure:
        return QStringLiteral("token_failure");
    case UsageError:
        return QStringLiteral("usage_error");
    case NetworkError:
        return QStringLiteral("network_error");
    default:
        return QStringLiteral("error");
    }
}

} // namespace

void printOut(const QByteArray &bytes)
{
    runOutput().printedOut = runOutput().printedOut || !bytes.isEmpty();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printOut(const QString &text)
{
    printOut(text.toUtf8());
}

void printError(const QString &text)
{
    runOutput().lastError = text;
    const QByteArray line = QByteArrayLiteral("tokenscope-cli: ") + text.toUtf8() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

int finishCommand(const QStringList &arguments, int exitCode)
{
    // "--json" among the command's own arguments, before any "--" that ends the options.
    const QStringList commandArguments = arguments.mid(2);
    const qsizetype end = commandArguments.indexOf(QStringLiteral("--"));
    const bool json
        = commandArguments.first(end < 0 ? commandArguments.size() : end).contains(QStringLiteral("--json"));
    if (!json || exitCode == Success || runOutput().printedOut)
        return exitCode;
    JsonValue error = JsonValue::makeObject();
    error.append(QStringLiteral("code"), JsonValue::makeString(exitCodeName(exitCode)));
    error.append(QStringLiteral("message"), JsonValue::makeString(runOutput().lastError));
    JsonValue report = JsonValue::makeObject();
    report.append(QStringLiteral("error"), std::move(error));
    report.append(QStringLiteral("exit_code"), JsonValue::makeNumber(exitCode));
    printOut(Json::write(report) + '\n');
    return exitCode;
}

int finishParsing(QCommandLineParser &parser, const QStringList &arguments, const QString &command)
{
    parser.setApplicationDescription(command);
    const QCommandLineOption helpOption = parser.addHelpOption();
    // Parse after the command word, so "tokenscope-cli verify --help" sees its own options.
    QStringList forParser = arguments;
    if (forParser.size() > 1)
        forParser.removeAt(1);
    if (!parser.parse(forParser)) {
        printError(parser.errorText());
        return UsageError;
    }
    if (parser.isSet(helpOption)) {
        QString help = parser.helpText();
        // QCommandLineParser names the program as it was invoked (often a full path) and not the command: the usage
        // line reads as the user types it instead.
        const QString invoked = QStringLiteral("Usage: %1").arg(QCoreApplication::arguments().value(0));
        if (help.startsWith(invoked))
            help.replace(0, invoked.size(), QStringLiteral("Usage: tokenscope-cli %1").arg(arguments.value(1)));
        printOut(help);
        return Success;
    }
    return -1;
}

ReadResult readFile(const QString &path, qsizetype maxBytes)
{
    QFile file;
    const bool isStdin = path == u"-";
    const QString name = isStdin ? CliText::tr("standard input") : path;
    if (isStdin) {
        // Standard input can be read once: a second "-" would silently get nothing.
        static bool standardInputTaken = false;
        if (standardInputTaken)
            return {{},
                    CliText::tr("standard input is already read for another input; give this one as a file or value")};
        standardInputTaken = true;
    }
    const bool opened
        = isStdin ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened)
        return {{}, CliText::tr("cannot read %1: %2").arg(name, file.errorString())};
    BoundedReadResult read = BoundedRead::readAll(file, maxBytes);
    switch (read.status) {
    case BoundedReadResult::Status::Complete:
        return {std::move(read.bytes), {}};
    case BoundedReadResult::Status::TooLarge:
        return {{}, CliText::tr("%1 is larger than %2 bytes").arg(name).arg(maxBytes)};
    case BoundedReadResult::Status::Failed:
        break;
    }
    return {{}, CliText::tr("cannot read %1: %2").arg(name, read.error)};
}

ReadResult readValueOrStandardInput(const QString &value)
{
    if (value == u"-")
        return readFile(value);
    return {value.toUtf8(), {}};
}

ReadResult readTokenArgument(const QStringList &positional)
{
    if (positional.size() > 1)
        return {{}, CliText::tr("expected one TOKEN argument, got %1").arg(positional.size())};
    if (positional.isEmpty() || positional.first() == u"-")
        return readFile(QStringLiteral("-"));
    return {positional.first().toUtf8(), {}};
}

void addKeySourceOptions(QCommandLineParser &parser, KeySources sources)
{
    parser.addOption({QStringLiteral("key"),
                      CliText::tr("Key file: PEM public or private key, certificate, JWK or JWKS."),
                      CliText::tr("FILE")});
    parser.addOption({QStringLiteral("jwks"), CliText::tr("JWK Set file."), CliText::tr("FILE")});
    if (sources == KeySources::LocalAndNetwork) {
        parser.addOption({QStringLiteral("jwks-url"),
                          CliText::tr("Fetch the JWK Set from URL (HTTPS, or http on loopback)."), CliText::tr("URL")});
        parser.addOption({QStringLiteral("issuer"),
                          CliText::tr("Fetch keys through the issuer's OpenID Connect discovery document."),
                          CliText::tr("URL")});
        parser.addOption({QStringLiteral("ca-file"),
                          CliText::tr("Extra CA certificates (PEM) trusted for fetching keys."), CliText::tr("FILE")});
    }
    parser.addOption({QStringLiteral("secret"), CliText::tr("HMAC secret as text."), CliText::tr("TEXT")});
    parser.addOption({QStringLiteral("secret-file"),
                      CliText::tr("HMAC secret read from FILE (one trailing newline dropped)."), CliText::tr("FILE")});
    parser.addOption(
        {QStringLiteral("secret-b64"), CliText::tr("HMAC secret as base64 or base64url."), CliText::tr("B64")});
}

KeyLoadResult loadKeys(const QCommandLineParser &parser, PrivateKey privateKey)
{
    static const QStringList sources = {
        QStringLiteral("key"),    QStringLiteral("jwks"),        QStringLiteral("jwks-url"),  QStringLiteral("issuer"),
        QStringLiteral("secret"), QStringLiteral("secret-file"), QStringLiteral("secret-b64")};
    KeyLoadResult result;
    QStringList given;
    for (const QString &name : sources) {
        if (parser.optionNames().contains(name)) // what was given, without warning about undeclared options
            given << name;
    }
    given.removeDuplicates();
    result.sourceCount = int(given.size());
    if (given.size() != 1) {
        result.exitCode = UsageError;
        result.error = given.isEmpty()
            ? CliText::tr(
                "no key given: use one of --key, --jwks, --jwks-url, --issuer, --secret, --secret-file, --secret-b64")
            : CliText::tr("give one key source, not %1 (--%2)")
                  .arg(given.size())
                  .arg(given.join(QStringLiteral(", --")));
        return result;
    }
    const QString source = given.first();
    const QString value = parser.value(source);

    auto fromParse = [&](const KeyParseResult &parsed) {
        result.keys = parsed.keys;
        result.skipped = parsed.skipped;
        if (!parsed) {
            result.exitCode = UsageError;
            result.error = parsed.error.isEmpty() ? CliText::tr("%1: no usable key").arg(value) : parsed.error;
        }
    };

    if (source == u"key" || source == u"jwks") {
        const ReadResult file = readFile(value, 4 * 1024 * 1024);
        if (!file) {
            result.exitCode = UsageError;
            result.error = file.error;
            return result;
        }
        const QString where = CliText::tr("file %1").arg(value);
        fromParse(source == u"key" ? KeyParser::parse(file.bytes, where) : KeyParser::parseJwks(file.bytes, where));
    } else if (source == u"secret" || source == u"secret-file" || source == u"secret-b64") {
        const QString where = QStringLiteral("--%1").arg(source);
        if (source == u"secret-b64") {
            const std::optional<SecureBytes> decoded = KeyParser::decodeBase64Secret(value.toLatin1());
            if (!decoded || decoded->size() == 0) {
                result.exitCode = UsageError;
                result.error = decoded ? CliText::tr("the HMAC secret is empty")
                                       : CliText::tr("--secret-b64: not base64 or base64url");
                return result;
            }
            result.keys << KeyParser::secretKey(decoded->view(), where);
        } else {
            QByteArray secret;
            if (source == u"secret") {
                secret = value.toUtf8();
            } else {
                const ReadResult file = readFile(value, 1024 * 1024);
                if (!file) {
                    result.exitCode = UsageError;
                    result.error = file.error;
                    return result;
                }
                secret = withoutTrailingNewline(file.bytes);
            }
            if (secret.isEmpty()) {
                result.exitCode = UsageError;
                result.error = CliText::tr("the HMAC secret is empty");
                return result;
            }
            result.keys << KeyParser::secretKey(secret, where);
            secret.fill('\0');
        }
    } else {
        FetchOptions options;
        if (parser.isSet(QStringLiteral("ca-file"))) {
            const ReadResult file = readFile(parser.value(QStringLiteral("ca-file")), 4 * 1024 * 1024);
            options.caCertificates
                = file ? QSslCertificate::fromData(file.bytes, QSsl::Pem) : QList<QSslCertificate> {};
            if (options.caCertificates.isEmpty()) {
                result.exitCode = UsageError;
                result.error = file
                    ? CliText::tr("--ca-file %1: no PEM certificate").arg(parser.value(QStringLiteral("ca-file")))
                    : file.error;
                return result;
            }
        }
        const QUrl url = QUrl::fromUserInput(value);
        QNetworkAccessManager network;
        const JwksFetchResult fetched = source == u"jwks-url"
            ? JwksClient::fetchJwksBlocking(&network, url, options)
            : JwksClient::fetchFromIssuerBlocking(&network, url, options);
        if (!fetched) {
            const bool isNetwork = fetched.error.kind != FetchError::Kind::InsecureUrl
                && fetched.error.kind != FetchError::Kind::InvalidUrl;
            result.exitCode = isNetwork ? NetworkError : UsageError;
            result.error = fetched.error.message;
            return result;
        }
        result.keys = fetched.keys;
        result.skipped = fetched.skipped;
        if (!fetched.discoveryUrl.isEmpty())
            result.discoveredJwksUrl = fetched.jwksUrl;
        if (result.keys.isEmpty()) {
            result.exitCode = NetworkError;
            result.error = CliText::tr("%1: the JWK Set has no usable key").arg(fetched.jwksUrl.toString());
        }
    }
    if (result && privateKey == PrivateKey::Required) {
        bool anyPrivate = false;
        for (const Key &key : std::as_const(result.keys))
            anyPrivate = anyPrivate || key.hasPrivate();
        if (!anyPrivate) {
            result.exitCode = UsageError;
            result.error
                = CliText::tr("signing needs a private key or a secret, and %1 holds only public keys").arg(value);
        }
    }
    return result;
}

std::optional<qint64> parseTime(const QString &text, qint64 nowSeconds)
{
    const QString trimmed = text.trimmed();
    if (trimmed == u"now")
        return nowSeconds;
    bool ok = false;
    if (!trimmed.startsWith(u'+') && !trimmed.startsWith(u'-')) {
        const qint64 absolute = trimmed.toLongLong(&ok);
        if (ok)
            return TimeFormat::inRange(absolute) ? std::optional<qint64>(absolute) : std::nullopt;
    }
    // Relative: [+|-]N[s|m|h|d|w]
    qsizetype position = 0;
    qint64 sign = 1;
    if (trimmed.startsWith(u'+') || trimmed.startsWith(u'-')) {
        sign = trimmed.startsWith(u'-') ? -1 : 1;
        position = 1;
    }
    if (trimmed.size() < position + 2)
        return std::nullopt;
    const QChar unit = trimmed.back();
    const qint64 amount = trimmed.mid(position, trimmed.size() - position - 1).toLongLong(&ok);
    if (!ok || amount < 0 || amount > 1'000'000'000)
        return std::nullopt;
    qint64 scale = 0;
    switch (unit.unicode()) {
    case 's':
        scale = 1;
        break;
    case 'm':
        scale = 60;
        break;
    case 'h':
        scale = 3600;
        break;
    case 'd':
        scale = 86400;
        break;
    case 'w':
        scale = 7 * 86400;
        break;
    default:
        return std::nullopt;
    }
    // amount * scale stays below 2^50; the sum is checked against the date range.
    qint64 result = 0;
    if (qAddOverflow(nowSeconds, sign * amount * scale, &result) || !TimeFormat::inRange(result))
        return std::nullopt;
    return result;
}

Result<qint64> parseNow(const QCommandLineParser &parser)
{
    if (!parser.isSet(QStringLiteral("now")))
        return SystemClock::instance().nowSeconds();
    bool ok = false;
    const qint64 now = parser.value(QStringLiteral("now")).toLongLong(&ok);
    if (!ok || !TimeFormat::inRange(now))
        return Error {
            "cli.bad_now",
            CliText::tr("--now expects seconds since the Unix epoch from %1 to %2 (years 1 to 9999), got \"%3\"")
                .arg(TimeFormat::minSeconds)
                .arg(TimeFormat::maxSeconds)
                .arg(parser.value(QStringLiteral("now")))};
    return now;
}

} // namespace tokenscope::cli
