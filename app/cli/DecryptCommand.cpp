#include "CliSupport.h"
#include "Commands.h"
#include "DecryptSupport.h"
#include "crypto/KeyParser.h"
#include "report/JweReport.h"
#include "report/TokenReport.h"
#include "verify/Findings.h"
#include "verify/JweDecryptor.h"

#include <QCoreApplication>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

const QString decryptKeyName = QStringLiteral("decrypt-key");

void printFindings(const Findings &findings)
{
    for (const Finding &finding : findings)
        printError(CliText::tr("[%1] %2: %3").arg(severityName(finding.severity), finding.id, finding.message));
}

void printFailure(const DecryptionResult &result, bool json)
{
    if (json)
        printOut(Json::write(JweReport::decryptionReport(result, JweReport::Content::Include)) + '\n');
    printError(CliText::tr("does not decrypt (%1): %2").arg(decryptionReasonName(result.reason), result.message));
}

// The text after `decrypt`: a JSON serialization is passed whole (the decryptor names it as unsupported), anything
// else goes through the token finder like decode and verify.
struct DecryptInput
{
    QByteArray text;
    int exitCode = -1;
};

DecryptInput tokenText(const QByteArray &input, int index)
{
    if (input.trimmed().startsWith('{'))
        return {input, -1};
    const PickedToken picked = pickToken(input, index);
    if (picked.token.isEmpty()) {
        printError(picked.error);
        return {{}, picked.count > 0 ? UsageError : TokenFailure};
    }
    return {picked.token, -1};
}

} // namespace

void addDecryptionKeyOption(QCommandLineParser &parser)
{
    parser.addOption(
        {decryptKeyName,
         CliText::tr("Decrypt an encrypted token (JWE) with the private JWK, JWK Set or PEM key in FILE first, then "
                     "verify the token inside it."),
         CliText::tr("FILE")});
}

NestedToken decryptNestedToken(const QCommandLineParser &parser, const DecodedToken &token, bool json)
{
    NestedToken nested;
    if (!parser.isSet(decryptKeyName) || token.kind != TokenKind::Jwe)
        return nested;
    const QString path = parser.value(decryptKeyName);
    const ReadResult file = readFile(path, 4 * 1024 * 1024);
    const KeyParseResult keys
        = file ? KeyParser::parse(file.bytes, CliText::tr("file %1").arg(path)) : KeyParseResult {};
    if (!keys) {
        printError(CliText::tr("--decrypt-key: %1").arg(file ? keys.error : file.error));
        nested.exitCode = UsageError;
        return nested;
    }
    const DecryptionResult result = JweDecryptor::decrypt(token, keys.keys);
    if (!result) {
        printFailure(result, json);
        nested.exitCode = TokenFailure;
        return nested;
    }
    nested.decryption = JweReport::decryptionReport(result, JweReport::Content::Omit);
    const DecodeResult inner = CompactToken::decode(result.plaintext);
    if (!inner) {
        DecryptionResult notAToken = result;
        notAToken.reason = DecryptionReason::Malformed;
        notAToken.message = CliText::tr("the decrypted content is not a token: %1").arg(inner.error.message);
        notAToken.plaintext.clear();
        printFailure(notAToken, json);
        nested.exitCode = TokenFailure;
        return nested;
    }
    if (!json)
        printFindings(result.findings);
    nested.token = *inner.token;
    return nested;
}

int runDecrypt(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("TOKEN"),
        CliText::tr("The encrypted token (JWE), or text holding it; '-' or nothing reads standard input."),
        QStringLiteral("[TOKEN|-]"));
    const QCommandLineOption passwordOption(QStringLiteral("password"),
                                            CliText::tr("Password for PBES2 key encryption."), CliText::tr("TEXT"));
    parser.addOptions({
        {QStringLiteral("key"),
         CliText::tr("Private key file: JWK, JWK Set or PEM (RSA, EC, X25519, X448) or an oct JWK."),
         CliText::tr("FILE")},
        {QStringLiteral("jwks"), CliText::tr("JWK Set file of private or symmetric keys."), CliText::tr("FILE")},
        {QStringLiteral("secret"), CliText::tr("Symmetric key (dir, A*KW, A*GCMKW) as text."), CliText::tr("TEXT")},
        {QStringLiteral("secret-file"), CliText::tr("Symmetric key read from FILE (one trailing newline dropped)."),
         CliText::tr("FILE")},
        {QStringLiteral("secret-b64"), CliText::tr("Symmetric key as base64 or base64url."), CliText::tr("B64")},
        passwordOption,
    });
    const QCommandLineOption jsonOption(QStringLiteral("json"), CliText::tr("Print one JSON object."));
    const QCommandLineOption indexOption(QStringLiteral("index"),
                                         CliText::tr("When the input holds several tokens, decrypt the Nth (from 1)."),
                                         QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption nowOption(QStringLiteral("now"),
                                       CliText::tr("Judge a nested token's times at UNIX_SECONDS."),
                                       QStringLiteral("UNIX_SECONDS"));
    parser.addOptions({jsonOption, indexOption, nowOption});
    if (const int code = finishParsing(
            parser, arguments,
            CliText::tr(
                "Decrypt an encrypted token (JWE): print the content, or the report of the token nested in it."));
        code >= 0)
        return code;

    const TokenInput tokenInput = readTokenInput(parser, indexOption);
    if (tokenInput.exitCode >= 0)
        return tokenInput.exitCode;
    const qint64 now = *tokenInput.now;
    // Keys before the token, so a bad key file is a usage error whatever the token says.
    KeySet keys;
    if (parser.isSet(passwordOption)) {
        if (parser.isSet(QStringLiteral("key")) || parser.isSet(QStringLiteral("jwks"))
            || parser.isSet(QStringLiteral("secret")) || parser.isSet(QStringLiteral("secret-file"))
            || parser.isSet(QStringLiteral("secret-b64"))) {
            printError(CliText::tr("give one key source: --password cannot be combined with another"));
            return UsageError;
        }
        QByteArray password = parser.value(passwordOption).toUtf8();
        if (password.isEmpty()) {
            printError(CliText::tr("the password is empty"));
            return UsageError;
        }
        keys << KeyParser::secretKey(password, QStringLiteral("--password"));
        password.fill('\0');
    } else {
        if (!parser.isSet(QStringLiteral("key")) && !parser.isSet(QStringLiteral("jwks"))
            && !parser.isSet(QStringLiteral("secret")) && !parser.isSet(QStringLiteral("secret-file"))
            && !parser.isSet(QStringLiteral("secret-b64"))) {
            printError(CliText::tr(
                "no key given: use one of --key, --jwks, --secret, --secret-file, --secret-b64, --password"));
            return UsageError;
        }
        const KeyLoadResult loaded = loadKeys(parser, PrivateKey::Optional);
        if (!loaded) {
            printError(loaded.error);
            return loaded.exitCode;
        }
        keys = loaded.keys;
    }
    const bool json = parser.isSet(jsonOption);
    const DecryptInput text = tokenText(tokenInput.input.bytes, tokenInput.index);
    if (text.exitCode >= 0)
        return text.exitCode;

    const DecryptionResult result = JweDecryptor::decrypt(text.text, keys);
    if (!result) {
        printFailure(result, json);
        return TokenFailure;
    }
    // RFC 7519 §5.2: "cty":"JWT" says the content is itself a token, which is decoded and shown in the same report.
    std::optional<DecodeResult> inner;
    if (result.nestedJwt)
        inner = CompactToken::decode(result.plaintext);
    if (json) {
        JsonValue nested;
        if (inner && *inner)
            nested = TokenReport::decodeReport(*inner->token, FindingsCatalogue::analyzeToken(*inner->token, now), now);
        else if (inner)
            nested = TokenReport::decodeErrorReport(inner->error);
        printOut(Json::write(JweReport::decryptionReport(result, JweReport::Content::Include, std::move(nested)))
                 + '\n');
        return Success;
    }
    printFindings(result.findings);
    if (inner && *inner) {
        printOut(
            CliText::tr("%1; kid %2\n\n").arg(result.message, result.kid.isEmpty() ? CliText::tr("none") : result.kid));
        printOut(describeToken(*inner->token, FindingsCatalogue::analyzeToken(*inner->token, now), now));
    } else {
        if (inner)
            printError(
                CliText::tr("the content says it is a JWT (cty) but does not decode: %1").arg(inner->error.message));
        printOut(result.plaintext);
    }
    return Success;
}

} // namespace tokenscope::cli
