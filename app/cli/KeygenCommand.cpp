#include "CliSupport.h"
#include "Commands.h"
#include "crypto/KeyGenerator.h"
#include "crypto/KeyParser.h"
#include "jose/Json.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

// Private keys and secrets are readable by their owner alone; a public JWKS gets what the umask gives any new file.
enum class Permissions { OwnerOnly, Default };

// Files are written only where the user said.
bool writeFile(const QString &path, const QByteArray &bytes, Permissions permissions, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = CliText::tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    if (permissions == Permissions::OwnerOnly)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(bytes);
    if (!file.commit()) {
        *error = CliText::tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

int runKeygen(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption algOption(QStringLiteral("alg"),
                                       CliText::tr("Algorithm the key is for (HS256 … EdDSA, Ed25519, Ed448)."),
                                       QStringLiteral("ALG"));
    const QCommandLineOption kidOption(QStringLiteral("kid"), CliText::tr("Key id (default: the RFC 7638 thumbprint)."),
                                       QStringLiteral("KID"));
    const QCommandLineOption outOption(QStringLiteral("out"),
                                       CliText::tr("Private key file: PEM when it ends in .pem, JWK otherwise."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption jwksOption(
        QStringLiteral("jwks"), CliText::tr("Also write the public key as a JWK Set (added to FILE if it exists)."),
        QStringLiteral("FILE"));
    const QCommandLineOption bitsOption(QStringLiteral("bits"), CliText::tr("RSA modulus size."),
                                        QStringLiteral("BITS"), QStringLiteral("2048"));
    const QCommandLineOption curveOption(
        QStringLiteral("curve"),
        CliText::tr("EdDSA curve: Ed25519 (default) or Ed448; the Ed25519 and Ed448 algorithms fix it."),
        QStringLiteral("CURVE"));
    parser.addOptions({algOption, kidOption, outOption, jwksOption, bitsOption, curveOption});
    if (const int code = finishParsing(parser, arguments, CliText::tr("Generate a signing key.")); code >= 0)
        return code;

    const std::optional<Algorithm> algorithm = Algorithms::fromName(parser.value(algOption));
    if (!algorithm) {
        printError(parser.isSet(algOption)
                       ? CliText::tr("--alg %1: not a supported algorithm").arg(parser.value(algOption))
                       : CliText::tr("--alg is required"));
        return UsageError;
    }
    if (!parser.isSet(outOption)) {
        printError(CliText::tr("--out is required: Tokenscope writes private keys only where you say"));
        return UsageError;
    }
    bool bitsOk = false;
    const int bits = parser.value(bitsOption).toInt(&bitsOk);
    if (!bitsOk || bits < 2048 || bits > 16384) {
        printError(CliText::tr("--bits expects 2048 to 16384"));
        return UsageError;
    }
    const KeyGenerationResult generated
        = KeyGenerator::generate(*algorithm, parser.value(kidOption), bits, parser.value(curveOption));
    if (!generated) {
        printError(CliText::tr("key generation failed: %1").arg(generated.error));
        return UsageError;
    }
    Key key = generated.key;
    if (!parser.isSet(kidOption))
        key.setKid(key.thumbprint());

    const QString out = parser.value(outOption);
    const bool pem = out.endsWith(QStringLiteral(".pem"), Qt::CaseInsensitive);
    if (pem && key.type() == Key::Type::Oct) {
        printError(CliText::tr("an HMAC secret has no PEM form: name the file .jwk or .json"));
        return UsageError;
    }
    QString error;
    const QByteArray privateBytes
        = pem ? key.toPem(Key::Export::IncludePrivate) : key.toJwk(Key::Export::IncludePrivate) + '\n';
    if (!writeFile(out, privateBytes, Permissions::OwnerOnly, &error)) {
        printError(error);
        return UsageError;
    }

    if (parser.isSet(jwksOption) && key.type() != Key::Type::Oct) {
        const QString jwksPath = parser.value(jwksOption);
        JsonValue set = JsonValue::makeObject();
        JsonValue keys = JsonValue::makeArray();
        if (QFile::exists(jwksPath)) {
            const ReadResult existing = readFile(jwksPath, 4 * 1024 * 1024);
            const JsonParseResult parsed = existing ? Json::parse(existing.bytes) : JsonParseResult {};
            const JsonValue *existingKeys = parsed ? parsed.value->value(u"keys") : nullptr;
            if (!existingKeys || !existingKeys->isArray()) {
                printError(CliText::tr("%1 exists and is not a JWK Set; not touching it").arg(jwksPath));
                return UsageError;
            }
            keys = *existingKeys;
        }
        const JsonParseResult publicJwk = Json::parse(key.toJwk(Key::Export::PublicOnly));
        keys.elements.push_back(*publicJwk.value);
        set.append(QStringLiteral("keys"), std::move(keys));
        if (!writeFile(jwksPath, Json::write(set) + '\n', Permissions::Default, &error)) {
            printError(error);
            return UsageError;
        }
    } else if (parser.isSet(jwksOption)) {
        printError(CliText::tr("an HMAC secret is never published in a JWK Set; --jwks ignored"));
    }
    printOut(CliText::tr("wrote %1 key %2 (kid %3, thumbprint %4) to %5\n")
                 .arg(Algorithms::name(*algorithm), key.kty(), key.kid(), key.thumbprint(), out));
    printOut(key.type() == Key::Type::Oct ? QByteArray() : key.toJwk(Key::Export::PublicOnly) + '\n');
    return Success;
}

} // namespace tokenscope::cli
