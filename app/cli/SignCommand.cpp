#include "CliSupport.h"
#include "Commands.h"
#include "verify/TokenSigner.h"

#include <QCoreApplication>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

// Replaces the member `name` or appends it, keeping the order of the rest (a re-signed token should read like the
// one it came from).
struct ParsedObject
{
    JsonValue object;
    QString error;
};

ParsedObject parseObject(const QString &value, const QString &option)
{
    const ReadResult read = readValueOrStandardInput(value);
    if (!read)
        return {{}, CliText::tr("%1: %2").arg(option, read.error)};
    const QByteArray &bytes = read.bytes;
    const JsonParseResult parsed = Json::parse(bytes);
    if (!parsed)
        return {{},
                CliText::tr("%1: invalid JSON at byte %2: %3")
                    .arg(option)
                    .arg(parsed.error.offset)
                    .arg(parsed.error.message)};
    if (!parsed.value->isObject())
        return {{}, CliText::tr("%1: expected a JSON object").arg(option)};
    if (!parsed.duplicates.empty())
        return {{}, CliText::tr("%1: member \"%2\" appears twice").arg(option, parsed.duplicates.front().name)};
    return {*parsed.value, {}};
}

// --claim name=value: the value is JSON when it parses as JSON (numbers, true, arrays…), else a string.
JsonValue claimValue(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    const JsonParseResult parsed = Json::parse(bytes);
    if (parsed && parsed.duplicates.empty())
        return *parsed.value;
    return JsonValue::makeString(text);
}

} // namespace

int runSign(const QStringList &arguments)
{
    QCommandLineParser parser;
    addKeySourceOptions(parser, KeySources::LocalOnly);
    const QCommandLineOption algOption(QStringLiteral("alg"),
                                       CliText::tr("Signing algorithm (HS256 … EdDSA, Ed25519, Ed448)."),
                                       QStringLiteral("ALG"));
    const QCommandLineOption kidOption(
        QStringLiteral("kid"),
        CliText::tr(
            "Key id for the header (default: the key's own kid, else its thumbprint for a public-key algorithm)."),
        QStringLiteral("KID"));
    const QCommandLineOption headerOption(QStringLiteral("header"),
                                          CliText::tr("Extra header members as a JSON object (\"-\": standard input)."),
                                          QStringLiteral("JSON"));
    const QCommandLineOption payloadOption(QStringLiteral("payload"),
                                           CliText::tr("The payload as a JSON object (\"-\": standard input)."),
                                           QStringLiteral("JSON"));
    const QCommandLineOption claimOption(QStringLiteral("claim"),
                                         CliText::tr("A claim name=value (repeatable; JSON values allowed)."),
                                         QStringLiteral("NAME=VALUE"));
    const QCommandLineOption expOption(QStringLiteral("exp"), CliText::tr("Expiry: +15m, +1h, +7d, now or seconds."),
                                       QStringLiteral("TIME"));
    const QCommandLineOption nbfOption(QStringLiteral("nbf"), CliText::tr("Not before: +15m, now or seconds."),
                                       QStringLiteral("TIME"));
    const QCommandLineOption iatOption(QStringLiteral("iat"), CliText::tr("Issued at: now, -1h or seconds."),
                                       QStringLiteral("TIME"));
    const QCommandLineOption nowOption(QStringLiteral("now"),
                                       CliText::tr("Take 'now' as UNIX_SECONDS for relative times."),
                                       QStringLiteral("UNIX_SECONDS"));
    parser.addOptions(
        {algOption, kidOption, headerOption, payloadOption, claimOption, expOption, nbfOption, iatOption, nowOption});
    if (const int code = finishParsing(parser, arguments, CliText::tr("Sign a payload into a compact JWS.")); code >= 0)
        return code;

    if (!parser.isSet(algOption)) {
        printError(CliText::tr("--alg is required"));
        return UsageError;
    }
    const std::optional<Algorithm> algorithm = Algorithms::fromName(parser.value(algOption));
    if (!algorithm) {
        printError(CliText::tr("--alg %1: not a supported signing algorithm (\"none\" is never signed)")
                       .arg(parser.value(algOption)));
        return UsageError;
    }
    const Result<qint64> now = parseNow(parser);
    if (!now) {
        printError(now.error().message());
        return UsageError;
    }

    JsonValue header = JsonValue::makeObject();
    header.append(QStringLiteral("alg"), JsonValue::makeString(Algorithms::name(*algorithm)));
    header.append(QStringLiteral("typ"), JsonValue::makeString(QStringLiteral("JWT")));
    if (parser.isSet(headerOption)) {
        const ParsedObject extra = parseObject(parser.value(headerOption), QStringLiteral("--header"));
        if (!extra.error.isEmpty()) {
            printError(extra.error);
            return UsageError;
        }
        for (const JsonMember &member : extra.object.members) {
            if (member.name == u"alg") {
                printError(CliText::tr("--header: set the algorithm with --alg, not in the header"));
                return UsageError;
            }
            TokenSigner::setMember(header, member.name, member.value);
        }
    }

    JsonValue payload = JsonValue::makeObject();
    if (parser.isSet(payloadOption)) {
        const ParsedObject given = parseObject(parser.value(payloadOption), QStringLiteral("--payload"));
        if (!given.error.isEmpty()) {
            printError(given.error);
            return UsageError;
        }
        payload = given.object;
    }
    for (const QString &claim : parser.values(claimOption)) {
        const qsizetype equals = claim.indexOf(u'=');
        if (equals <= 0) {
            printError(CliText::tr("--claim %1: expected NAME=VALUE").arg(claim));
            return UsageError;
        }
        TokenSigner::setMember(payload, claim.left(equals), claimValue(claim.mid(equals + 1)));
    }
    const std::pair<const QCommandLineOption *, QString> times[] = {
        {&iatOption, QStringLiteral("iat")}, {&nbfOption, QStringLiteral("nbf")}, {&expOption, QStringLiteral("exp")}};
    for (const auto &[option, name] : times) {
        if (!parser.isSet(*option))
            continue;
        const std::optional<qint64> value = parseTime(parser.value(*option), *now);
        if (!value) {
            printError(
                CliText::tr(
                    "--%1 %2: expected now, +15m, -1h, +7d, +2w or seconds since the epoch, within years 1 to 9999")
                    .arg(name, parser.value(*option)));
            return UsageError;
        }
        TokenSigner::setMember(payload, name, JsonValue::makeNumber(*value));
    }

    const KeyLoadResult keys = loadKeys(parser, PrivateKey::Required);
    if (!keys) {
        printError(keys.error);
        return keys.exitCode;
    }
    // The first private key that fits the algorithm.
    const Key *signingKey = nullptr;
    QStringList reasons;
    for (const Key &key : keys.keys) {
        QString why;
        if (key.hasPrivate() && key.fits(*algorithm, &why, Key::Operation::Sign)) {
            signingKey = &key;
            break;
        }
        reasons << (why.isEmpty() ? CliText::tr("public key only") : why);
    }
    if (!signingKey) {
        printError(CliText::tr("no key can sign %1: %2")
                       .arg(Algorithms::name(*algorithm), reasons.join(QStringLiteral("; "))));
        return UsageError;
    }
    // Without --kid the key names itself: its kid, or for a public-key signer its RFC 7638 thumbprint, as keygen
    // names its JWKS entries, so the token finds its key in a JWKS made from the same key.
    if (parser.isSet(kidOption))
        TokenSigner::setMember(header, QStringLiteral("kid"), JsonValue::makeString(parser.value(kidOption)));
    const SignedToken signedToken = TokenSigner::sign(std::move(header), payload, *algorithm, *signingKey,
                                                      parser.isSet(kidOption) ? TokenSigner::KeyIdChoice::KeepHeader
                                                                              : TokenSigner::KeyIdChoice::FromKey);
    if (!signedToken) {
        printError(CliText::tr("signing failed: %1").arg(signedToken.error));
        return UsageError;
    }
    const QByteArray &token = signedToken.token;
    printOut(token + '\n');
    return Success;
}

} // namespace tokenscope::cli
