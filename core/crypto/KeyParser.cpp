// Over 700 lines: the one reader of key formats, PEM and DER through OpenSSL's decoders and JWK and JWK Sets with
// the member rules of RFC 7517/7518, behind one parse() that tells them apart. The JWK half (JwkReader and the RSA,
// EC and OKP readers) is the seam to split along if it grows.
#include "crypto/KeyParser.h"

#include "crypto/KeyData.h"
#include "jose/Base64Url.h"
#include "jose/Json.h"

#include <QCoreApplication>

#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/pem.h>

#include <algorithm>
#include <optional>

namespace tokenscope::KeyParser {

namespace {

// A key file or a JWKS document is small; anything larger is a mistake or an attack on memory.
constexpr qsizetype maxInputBytes = 1024 * 1024;
constexpr int maxKeys = 256;
constexpr int maxRsaBits = 16384;

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CryptoText
{
    Q_DECLARE_TR_FUNCTIONS(Crypto)
};

QString quotedName(QStringView name)
{
    return u'"' + name.toString() + u'"';
}

// Never prompt for a passphrase: the default PEM callback would read the terminal.
int noPassphrase(char *, int, int, void *)
{
    return 0;
}

Key makeKey(std::shared_ptr<KeyData> data, const QString &source)
{
    data->source = source;
    return Key(std::move(data));
}

// ---------------------------------------------------------------------------------------------------------- PEM

struct PemBlock
{
    QByteArray label;
    QByteArrayView text; // from BEGIN through END
    int line = 0; // 1-based line of the BEGIN line
};

int lineAt(QByteArrayView data, qsizetype offset)
{
    return int(QByteArrayView(data.data(), offset).count('\n')) + 1;
}

// The readers below still report through an out-parameter: KeyData::fromPkey's error becomes their text.
std::shared_ptr<KeyData> keyDataOr(Result<std::shared_ptr<KeyData>> made, QString *error)
{
    if (!made) {
        *error = made.error().message();
        return {};
    }
    return std::move(made).value();
}

// Loads one PEM block; `error` explains a failure.
std::shared_ptr<KeyData> loadPemBlock(const PemBlock &block, QString *error)
{
    OpenSsl::BioPointer bio = OpenSsl::memoryBio(block.text.data(), block.text.size());
    OpenSsl::PkeyPointer key;
    bool isPrivate = false;
    const QByteArray &label = block.label;
    if (label == "PUBLIC KEY") {
        key.reset(PEM_read_bio_PUBKEY(bio.get(), nullptr, noPassphrase, nullptr));
    } else if (label == "RSA PUBLIC KEY") {
        // PKCS#1 RSAPublicKey (RFC 8017 §A.1.1).
        EVP_PKEY *decoded = nullptr;
        OSSL_DECODER_CTX *decoder = OSSL_DECODER_CTX_new_for_pkey(&decoded, "PEM", "type-specific", "RSA",
                                                                  EVP_PKEY_PUBLIC_KEY, nullptr, nullptr);
        if (decoder && OSSL_DECODER_from_bio(decoder, bio.get()) == 1)
            key.reset(decoded);
        else
            EVP_PKEY_free(decoded);
        OSSL_DECODER_CTX_free(decoder);
    } else if (label == "PRIVATE KEY" || label == "RSA PRIVATE KEY" || label == "EC PRIVATE KEY") {
        if (block.text.contains("ENCRYPTED")) {
            *error = CryptoText::tr("encrypted private keys are not supported (decrypt it with `openssl pkey` first)");
            return {};
        }
        key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr));
        isPrivate = true;
    } else if (label == "ENCRYPTED PRIVATE KEY") {
        *error = CryptoText::tr("encrypted private keys are not supported (decrypt it with `openssl pkey` first)");
        return {};
    } else if (label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE") {
        OpenSsl::X509Pointer certificate(label == "TRUSTED CERTIFICATE"
                                             ? PEM_read_bio_X509_AUX(bio.get(), nullptr, noPassphrase, nullptr)
                                             : PEM_read_bio_X509(bio.get(), nullptr, noPassphrase, nullptr));
        if (certificate)
            key.reset(X509_get_pubkey(certificate.get()));
    } else {
        *error = CryptoText::tr("a %1 block holds no key").arg(QString::fromLatin1(label));
        return {};
    }
    if (!key) {
        const QString detail = OpenSsl::takeErrors();
        *error = detail.isEmpty()
            ? CryptoText::tr("cannot decode the %1 block").arg(QString::fromLatin1(label))
            : CryptoText::tr("cannot decode the %1 block: %2").arg(QString::fromLatin1(label), detail);
        return {};
    }
    OpenSsl::clearErrors();
    return keyDataOr(KeyData::fromPkey(std::move(key), isPrivate), error);
}

// DER without PEM armour: SubjectPublicKeyInfo, a private key or a certificate.
std::shared_ptr<KeyData> loadDer(QByteArrayView data, QString *error)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(data.data());
    const unsigned char *cursor = bytes;
    if (OpenSsl::PkeyPointer key {d2i_PUBKEY(nullptr, &cursor, long(data.size()))})
        return keyDataOr(KeyData::fromPkey(std::move(key), false), error);
    cursor = bytes;
    if (OpenSsl::PkeyPointer key {d2i_AutoPrivateKey(nullptr, &cursor, long(data.size()))})
        return keyDataOr(KeyData::fromPkey(std::move(key), true), error);
    cursor = bytes;
    if (OpenSsl::X509Pointer certificate {d2i_X509(nullptr, &cursor, long(data.size()))}) {
        if (OpenSsl::PkeyPointer key {X509_get_pubkey(certificate.get())})
            return keyDataOr(KeyData::fromPkey(std::move(key), false), error);
    }
    OpenSsl::clearErrors();
    return {};
}

// ---------------------------------------------------------------------------------------------------------- JWK

// Reads members of one JWK object, with the strict rules of RFC 7517/7518: base64url members canonical and
// unpadded, types as the RFCs define them.
class JwkReader
{
public:
    explicit JwkReader(const JsonValue &object) : m_object(object) { }

    QString error;

    bool has(QStringView name) const { return m_object.value(name) != nullptr; }

    // Optional string member; false (with `error`) when present but not a string.
    bool string(QStringView name, QString *out)
    {
        const JsonValue *value = m_object.value(name);
        if (!value)
            return true;
        if (!value->isString())
            return fail(CryptoText::tr("JWK: member %1 must be a string").arg(quotedName(name)));
        *out = value->string;
        return true;
    }

    bool requiredString(QStringView name, QString *out)
    {
        if (!has(name))
            return fail(CryptoText::tr("JWK: missing member %1").arg(quotedName(name)));
        return string(name, out);
    }

    // A base64url member (RFC 7518 §6: Base64urlUInt and octet strings). `expectedSize` > 0 demands that size.
    bool bytes(QStringView name, std::optional<QByteArray> *out, bool required, qsizetype expectedSize = 0)
    {
        const JsonValue *value = m_object.value(name);
        if (!value) {
            if (required)
                return fail(CryptoText::tr("JWK: missing member %1").arg(quotedName(name)));
            return true;
        }
        if (!value->isString())
            return fail(CryptoText::tr("JWK: member %1 must be a string").arg(quotedName(name)));
        QByteArray decoded;
        if (!Base64Url::decodeStrict(value->string.toUtf8(), decoded))
            return fail(CryptoText::tr("JWK: member %1 is not canonical unpadded base64url").arg(quotedName(name)));
        if (decoded.isEmpty())
            return fail(CryptoText::tr("JWK: member %1 is empty").arg(quotedName(name)));
        if (expectedSize > 0 && decoded.size() != expectedSize)
            return fail(CryptoText::tr("JWK: member %1 is %2 bytes, the curve needs exactly %3 (RFC 7518 §6.2.1.2)")
                            .arg(quotedName(name))
                            .arg(decoded.size())
                            .arg(expectedSize));
        *out = std::move(decoded);
        return true;
    }

    bool stringArray(QStringView name, QStringList *out, bool *present)
    {
        const JsonValue *value = m_object.value(name);
        *present = value != nullptr;
        if (!value)
            return true;
        if (!value->isArray())
            return fail(CryptoText::tr("JWK: member %1 must be an array of strings").arg(quotedName(name)));
        for (const JsonValue &element : value->elements) {
            if (!element.isString())
                return fail(CryptoText::tr("JWK: member %1 must be an array of strings").arg(quotedName(name)));
            // RFC 7517 §4.3: duplicate key operation values must not be present.
            if (out->contains(element.string))
                return fail(
                    CryptoText::tr("JWK: member %1 lists %2 twice").arg(quotedName(name), quotedName(element.string)));
            out->append(element.string);
        }
        return true;
    }

    bool fail(const QString &message)
    {
        error = message;
        return false;
    }

private:
    const JsonValue &m_object;
};

OpenSsl::BignumPointer toBignum(const QByteArray &bytes)
{
    return OpenSsl::BignumPointer(
        BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.constData()), int(bytes.size()), nullptr));
}

// Named without its namespace: lupdate reads a function whose return type is qualified as a member of that
// namespace, where it would not find CryptoText.
using PkeyPointer = OpenSsl::PkeyPointer;

PkeyPointer fromData(const char *type, int selection, OSSL_PARAM_BLD *builder, QString *error)
{
    OpenSsl::ParametersPointer parameters(OSSL_PARAM_BLD_to_param(builder));
    OpenSsl::PkeyContextPointer context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY *key = nullptr;
    if (!parameters || !context || EVP_PKEY_fromdata_init(context.get()) != 1
        || EVP_PKEY_fromdata(context.get(), &key, selection, parameters.get()) != 1) {
        *error = CryptoText::tr("JWK: OpenSSL refuses the key: %1").arg(OpenSsl::takeErrors());
        return {};
    }
    return PkeyPointer(key);
}

std::shared_ptr<KeyData> readRsa(JwkReader &reader)
{
    std::optional<QByteArray> n, e, d, p, q, dp, dq, qi;
    if (!reader.bytes(u"n", &n, true) || !reader.bytes(u"e", &e, true) || !reader.bytes(u"d", &d, false)
        || !reader.bytes(u"p", &p, false) || !reader.bytes(u"q", &q, false) || !reader.bytes(u"dp", &dp, false)
        || !reader.bytes(u"dq", &dq, false) || !reader.bytes(u"qi", &qi, false))
        return {};
    if (reader.has(u"oth")) {
        reader.fail(CryptoText::tr("JWK: multi-prime RSA keys (\"oth\") are not supported"));
        return {};
    }
    const OpenSsl::BignumPointer modulus = toBignum(*n);
    const OpenSsl::BignumPointer exponent = toBignum(*e);
    if (!modulus || !exponent)
        return {};
    // Checked here as well as in KeyData::fromPkey so an oversize modulus costs no key import.
    if (const int bits = BN_num_bits(modulus.get()); bits > maxRsaBits) {
        reader.fail(CryptoText::tr("JWK: RSA modulus of %1 bits is over the %2-bit limit").arg(bits).arg(maxRsaBits));
        return {};
    }
    // RFC 7518 §6.3.2: with any of p, q, dp, dq, qi present, all of them must be (and d with them).
    const int crtCount
        = int(p.has_value()) + int(q.has_value()) + int(dp.has_value()) + int(dq.has_value()) + int(qi.has_value());
    if (crtCount != 0 && crtCount != 5) {
        reader.fail(
            CryptoText::tr("JWK: an RSA private key needs all of \"p\", \"q\", \"dp\", \"dq\", \"qi\" or none"));
        return {};
    }
    if (crtCount == 5 && !d) {
        reader.fail(CryptoText::tr("JWK: missing member \"d\""));
        return {};
    }

    OpenSsl::ParameterBuildPointer builder(OSSL_PARAM_BLD_new());
    std::vector<OpenSsl::BignumPointer> keep;
    bool pushed = builder && OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get())
        && OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get());
    const auto push = [&](const char *name, const std::optional<QByteArray> &value) {
        if (!pushed || !value)
            return;
        keep.push_back(toBignum(*value));
        pushed = keep.back() && OSSL_PARAM_BLD_push_BN(builder.get(), name, keep.back().get());
    };
    push(OSSL_PKEY_PARAM_RSA_D, d);
    push(OSSL_PKEY_PARAM_RSA_FACTOR1, p);
    push(OSSL_PKEY_PARAM_RSA_FACTOR2, q);
    push(OSSL_PKEY_PARAM_RSA_EXPONENT1, dp);
    push(OSSL_PKEY_PARAM_RSA_EXPONENT2, dq);
    push(OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qi);
    if (!pushed) {
        reader.fail(CryptoText::tr("JWK: cannot build the RSA key: %1").arg(OpenSsl::takeErrors()));
        return {};
    }
    OpenSsl::PkeyPointer key
        = fromData("RSA", d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, builder.get(), &reader.error);
    if (!key)
        return {};
    return keyDataOr(KeyData::fromPkey(std::move(key), d.has_value()), &reader.error);
}

std::shared_ptr<KeyData> readEc(JwkReader &reader)
{
    QString curve;
    if (!reader.requiredString(u"crv", &curve))
        return {};
    const char *group = nullptr;
    int size = 0;
    if (curve == u"P-256") {
        group = "prime256v1";
        size = 32;
    } else if (curve == u"P-384") {
        group = "secp384r1";
        size = 48;
    } else if (curve == u"P-521") {
        group = "secp521r1";
        size = 66;
    } else {
        reader.fail(
            CryptoText::tr("JWK: EC curve %1 is not supported (P-256, P-384, P-521 are)").arg(quotedName(curve)));
        return {};
    }
    std::optional<QByteArray> x, y, d;
    if (!reader.bytes(u"x", &x, true, size) || !reader.bytes(u"y", &y, true, size)
        || !reader.bytes(u"d", &d, false, size))
        return {};
    const QByteArray point = '\x04' + *x + *y; // SEC 1 §2.3.3 uncompressed point
    OpenSsl::ParameterBuildPointer builder(OSSL_PARAM_BLD_new());
    OpenSsl::BignumPointer privateValue = d ? toBignum(*d) : nullptr;
    if (!builder || OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1
        || OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                            size_t(point.size()))
            != 1
        || (d
            && (!privateValue
                || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, privateValue.get()) != 1))) {
        reader.fail(CryptoText::tr("JWK: cannot build the EC key: %1").arg(OpenSsl::takeErrors()));
        return {};
    }
    OpenSsl::PkeyPointer key;
    {
        QString ignored;
        key = fromData("EC", d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, builder.get(), &ignored);
    }
    // Invalid-curve attacks (RFC 8725 §3.4) start with a point that is not on the curve.
    OpenSsl::PkeyContextPointer check(key ? EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr) : nullptr);
    if (!key || !check || EVP_PKEY_public_check_quick(check.get()) != 1) {
        OpenSsl::clearErrors();
        reader.fail(CryptoText::tr("JWK: the point (\"x\", \"y\") is not on %1").arg(curve));
        return {};
    }
    return keyDataOr(KeyData::fromPkey(std::move(key), d.has_value()), &reader.error);
}

std::shared_ptr<KeyData> readOkp(JwkReader &reader)
{
    QString curve;
    if (!reader.requiredString(u"crv", &curve))
        return {};
    // RFC 8037 §2 (Ed25519, Ed448) and §3.2 (X25519, X448 for ECDH-ES): OpenSSL type and raw key size.
    struct OkpCurve
    {
        QStringView name;
        const char *type;
        int size;
    };
    static constexpr OkpCurve curves[]
        = {{u"Ed25519", "ED25519", 32}, {u"Ed448", "ED448", 57}, {u"X25519", "X25519", 32}, {u"X448", "X448", 56}};
    const OkpCurve *known = nullptr;
    for (const OkpCurve &candidate : curves)
        known = candidate.name == curve ? &candidate : known;
    if (!known) {
        reader.fail(CryptoText::tr("JWK: OKP curve %1 is not supported (Ed25519, Ed448, X25519, X448 are)")
                        .arg(quotedName(curve)));
        return {};
    }
    const char *type = known->type;
    const int size = known->size;
    // RFC 8037 §2: x and d are the raw keys of the curve's exact length.
    std::optional<QByteArray> x, d;
    if (!reader.bytes(u"x", &x, true, size) || !reader.bytes(u"d", &d, false, size))
        return {};
    OpenSsl::PkeyPointer key;
    if (d) {
        key.reset(EVP_PKEY_new_raw_private_key_ex(
            nullptr, type, nullptr, reinterpret_cast<const unsigned char *>(d->constData()), size_t(d->size())));
        unsigned char derived[57];
        size_t derivedLength = sizeof derived;
        if (!key || EVP_PKEY_get_raw_public_key(key.get(), derived, &derivedLength) != 1
            || QByteArrayView(reinterpret_cast<const char *>(derived), qsizetype(derivedLength)) != *x) {
            OpenSsl::clearErrors();
            reader.fail(CryptoText::tr("JWK: \"d\" does not belong to the public key \"x\""));
            return {};
        }
    } else {
        key.reset(EVP_PKEY_new_raw_public_key_ex(
            nullptr, type, nullptr, reinterpret_cast<const unsigned char *>(x->constData()), size_t(x->size())));
    }
    if (!key) {
        reader.fail(CryptoText::tr("JWK: OpenSSL refuses the key: %1").arg(OpenSsl::takeErrors()));
        return {};
    }
    return keyDataOr(KeyData::fromPkey(std::move(key), d.has_value()), &reader.error);
}

// One JWK object to a key; `error` is set (prefixed "JWK: ") when it cannot be used.
Key readJwk(const JsonValue &object, const QString &source, QString *error)
{
    if (!object.isObject()) {
        *error = CryptoText::tr("JWK: not a JSON object");
        return {};
    }
    JwkReader reader(object);
    QString kty, kid, algorithm, use;
    QStringList operations;
    bool operationsPresent = false;
    if (!reader.requiredString(u"kty", &kty) || !reader.string(u"kid", &kid) || !reader.string(u"alg", &algorithm)
        || !reader.string(u"use", &use) || !reader.stringArray(u"key_ops", &operations, &operationsPresent)) {
        *error = reader.error;
        return {};
    }
    std::shared_ptr<KeyData> data;
    if (kty == u"RSA") {
        data = readRsa(reader);
    } else if (kty == u"EC") {
        data = readEc(reader);
    } else if (kty == u"OKP") {
        data = readOkp(reader);
    } else if (kty == u"oct") {
        std::optional<QByteArray> secret;
        if (reader.bytes(u"k", &secret, true))
            data = KeyData::fromSecret(*secret, false);
    } else {
        reader.fail(CryptoText::tr("JWK: unsupported kty %1").arg(quotedName(kty)));
    }
    if (!data) {
        *error = reader.error.isEmpty() ? CryptoText::tr("JWK: unusable key") : reader.error;
        if (!error->startsWith(QLatin1String("JWK")))
            *error = CryptoText::tr("JWK: %1").arg(*error);
        return {};
    }
    data->kid = kid;
    data->algorithm = algorithm;
    data->use = use;
    data->keyOperations = operations;
    data->keyOperationsPresent = operationsPresent;
    return makeKey(std::move(data), source);
}

JsonParseResult parseJson(QByteArrayView json, const QString &what, QString *error)
{
    if (json.size() > maxInputBytes) {
        *error = CryptoText::tr("%1: %2 bytes is over the %3-byte limit").arg(what).arg(json.size()).arg(maxInputBytes);
        return {};
    }
    JsonLimits limits;
    limits.maxDepth = 16;
    limits.maxBytes = maxInputBytes;
    JsonParseResult parsed = Json::parse(json, limits);
    if (!parsed)
        *error = CryptoText::tr("%1: not valid JSON at byte %2: %3")
                     .arg(what)
                     .arg(parsed.error.offset)
                     .arg(parsed.error.message);
    return parsed;
}

KeyParseResult jwkFromParsed(const JsonParseResult &parsed, const QString &source)
{
    KeyParseResult result;
    if (!parsed.duplicates.empty()) {
        // RFC 7515 §5.2 allows rejecting duplicates, and an ambiguous key must not be guessed at.
        result.error = CryptoText::tr("JWK: duplicate member %1").arg(quotedName(parsed.duplicates.front().name));
        return result;
    }
    Key key = readJwk(*parsed.value, source, &result.error);
    if (!key.isNull())
        result.keys.append(key);
    return result;
}

KeyParseResult jwksFromParsed(const JsonParseResult &parsed, const QString &source)
{
    KeyParseResult result;
    const JsonValue &root = *parsed.value;
    if (!root.isObject()) {
        result.error = CryptoText::tr("JWKS: not a JSON object");
        return result;
    }
    const JsonValue *keys = root.value(u"keys");
    if (!keys) {
        result.error = CryptoText::tr("JWKS: missing member \"keys\"");
        return result;
    }
    if (!keys->isArray()) {
        result.error = CryptoText::tr("JWKS: member \"keys\" must be an array");
        return result;
    }
    const qsizetype count = qsizetype(keys->elements.size());
    if (count > maxKeys) {
        result.error = CryptoText::tr("JWKS: %1 keys is over the limit of %2").arg(count).arg(maxKeys);
        return result;
    }
    // A duplicate outside the keys (e.g. "keys" twice) makes the whole set ambiguous; one inside a key makes
    // that key unusable.
    for (const JsonDuplicate &duplicate : parsed.duplicates) {
        if (!keys->span.contains(duplicate.duplicateNameSpan.start)) {
            result.error = CryptoText::tr("JWKS: duplicate member %1").arg(quotedName(duplicate.name));
            return result;
        }
    }
    for (qsizetype index = 0; index < count; ++index) {
        const JsonValue &element = keys->elements[size_t(index)];
        const QString keySource = CryptoText::tr("%1 (key %2 of %3)").arg(source).arg(index + 1).arg(count);
        QString error;
        for (const JsonDuplicate &duplicate : parsed.duplicates) {
            if (element.span.contains(duplicate.duplicateNameSpan.start)) {
                error = CryptoText::tr("JWK: duplicate member %1").arg(quotedName(duplicate.name));
                break;
            }
        }
        Key key;
        if (error.isEmpty())
            key = readJwk(element, keySource, &error);
        if (key.isNull()) {
            // RFC 7517 §5: keys a reader does not understand are ignored, the rest of the set stays usable.
            QString kid;
            if (element.isObject()) {
                if (const JsonValue *value = element.value(u"kid"); value && value->isString())
                    kid = value->string;
            }
            result.skippedKids.append(kid);
            result.skipped.append(
                kid.isEmpty() ? CryptoText::tr("key %1: %2").arg(index + 1).arg(error)
                              : CryptoText::tr("key %1 (kid %2): %3").arg(index + 1).arg(quotedName(kid), error));
            continue;
        }
        result.keys.append(key);
    }
    if (result.keys.isEmpty()) {
        result.error = result.skipped.isEmpty() ? CryptoText::tr("JWKS: the set holds no keys")
                                                : CryptoText::tr("JWKS: no usable key (%1 skipped; first: %2)")
                                                      .arg(result.skipped.size())
                                                      .arg(result.skipped.front());
    }
    return result;
}

QByteArrayView trimmed(QByteArrayView data)
{
    if (data.startsWith("\xEF\xBB\xBF"))
        data = data.sliced(3);
    return data.trimmed();
}

} // namespace

KeyParseResult parsePem(QByteArrayView pem, const QString &source)
{
    KeyParseResult result;
    if (pem.size() > maxInputBytes) {
        result.error = CryptoText::tr("PEM: %1 bytes is over the %2-byte limit").arg(pem.size()).arg(maxInputBytes);
        return result;
    }
    // RFC 7468 §2: blocks between "-----BEGIN label-----" and "-----END label-----"; text around them is ignored.
    static constexpr QByteArrayView begin = "-----BEGIN ";
    QList<PemBlock> blocks;
    qsizetype offset = 0;
    while ((offset = pem.indexOf(begin, offset)) >= 0) {
        const qsizetype labelStart = offset + begin.size();
        const qsizetype labelEnd = pem.indexOf("-----", labelStart);
        const qsizetype lineEnd = pem.indexOf('\n', labelStart);
        if (labelEnd < 0 || (lineEnd >= 0 && labelEnd > lineEnd)) {
            result.error = CryptoText::tr("PEM: malformed BEGIN line at line %1").arg(lineAt(pem, offset));
            return result;
        }
        PemBlock block;
        block.label = pem.sliced(labelStart, labelEnd - labelStart).toByteArray();
        block.line = lineAt(pem, offset);
        const QByteArray endLine = "-----END " + block.label + "-----";
        const qsizetype endAt = pem.indexOf(endLine, labelEnd);
        const qsizetype nextBegin = pem.indexOf(begin, labelEnd);
        if (endAt < 0 || (nextBegin >= 0 && nextBegin < endAt)) {
            result.error = CryptoText::tr("PEM: the %1 block at line %2 has no END line (truncated?)")
                               .arg(QString::fromLatin1(block.label))
                               .arg(block.line);
            return result;
        }
        block.text = pem.sliced(offset, endAt + endLine.size() - offset);
        blocks.append(block);
        if (blocks.size() > maxKeys) {
            result.error = CryptoText::tr("PEM: more than %1 blocks").arg(maxKeys);
            return result;
        }
        offset = endAt + endLine.size();
    }
    if (blocks.isEmpty()) {
        result.error = CryptoText::tr("PEM: no \"-----BEGIN\" line found");
        return result;
    }
    QStringList failures;
    for (qsizetype index = 0; index < blocks.size(); ++index) {
        const PemBlock &block = blocks.at(index);
        // Curve parameters precede SEC 1 private keys in `openssl ecparam -genkey` output; they are no key.
        if (block.label == "EC PARAMETERS")
            continue;
        QString error;
        std::shared_ptr<KeyData> data = loadPemBlock(block, &error);
        if (!data) {
            failures.append(CryptoText::tr("PEM: %1 block at line %2: %3")
                                .arg(QString::fromLatin1(block.label))
                                .arg(block.line)
                                .arg(error));
            continue;
        }
        const QString keySource
            = blocks.size() > 1 ? CryptoText::tr("%1 (PEM block at line %2)").arg(source).arg(block.line) : source;
        result.keys.append(makeKey(std::move(data), keySource));
    }
    result.skipped = failures;
    for (qsizetype i = 0; i < failures.size(); ++i)
        result.skippedKids.append(QString());
    if (result.keys.isEmpty())
        result.error = failures.isEmpty() ? CryptoText::tr("PEM: no key found") : failures.join(QStringLiteral("; "));
    return result;
}

KeyParseResult parseJwk(QByteArrayView json, const QString &source)
{
    KeyParseResult result;
    const JsonParseResult parsed = parseJson(json, QStringLiteral("JWK"), &result.error);
    if (!parsed)
        return result;
    return jwkFromParsed(parsed, source);
}

KeyParseResult parseJwks(QByteArrayView json, const QString &source)
{
    KeyParseResult result;
    const JsonParseResult parsed = parseJson(json, QStringLiteral("JWKS"), &result.error);
    if (!parsed)
        return result;
    return jwksFromParsed(parsed, source);
}

KeyParseResult parse(QByteArrayView data, const QString &source)
{
    const QByteArrayView text = trimmed(data);
    if (text.startsWith('{')) {
        KeyParseResult result;
        const JsonParseResult parsed = parseJson(text, QStringLiteral("JWK"), &result.error);
        if (!parsed)
            return result;
        if (parsed.value->isObject() && parsed.value->member(u"keys"))
            return jwksFromParsed(parsed, source);
        return jwkFromParsed(parsed, source);
    }
    if (text.contains("-----BEGIN"))
        return parsePem(data, source);
    KeyParseResult result;
    if (!text.isEmpty() && text.size() <= maxInputBytes) {
        QString error;
        if (auto key = loadDer(data, &error)) {
            result.keys.append(makeKey(std::move(key), source));
            return result;
        }
        if (!error.isEmpty()) {
            result.error = error;
            return result;
        }
    }
    result.error = CryptoText::tr("not a PEM key or certificate, JWK or JWKS");
    return result;
}

Key secretKey(QByteArrayView secret, const QString &source)
{
    if (secret.isEmpty())
        return {};
    std::shared_ptr<KeyData> data = KeyData::fromSecret(secret, true);
    // A verifier configured with a public key's text as its HMAC secret accepts tokens forged with that public key
    // (the RS→HS key confusion, RFC 8725 §2.1); such a secret is marked so that it never keys an HMAC.
    if (secret.size() <= maxInputBytes) {
        const KeyParseResult asKey = parse(secret, source);
        data->secretIsPublicKey = std::any_of(asKey.keys.cbegin(), asKey.keys.cend(),
                                              [](const Key &key) { return key.type() != Key::Type::Oct; });
    }
    return makeKey(std::move(data), source);
}

std::optional<SecureBytes> decodeBase64Secret(QByteArrayView text)
{
    const QByteArray trimmed = text.trimmed().toByteArray();
    if (trimmed.isEmpty())
        return std::nullopt;
    for (const auto encoding : {QByteArray::Base64UrlEncoding, QByteArray::Base64Encoding}) {
        auto decoded = QByteArray::fromBase64Encoding(trimmed, encoding | QByteArray::AbortOnBase64DecodingErrors);
        if (decoded) {
            SecureBytes secret(decoded.decoded);
            decoded.decoded.fill('\0');
            return secret;
        }
    }
    return std::nullopt;
}

} // namespace tokenscope::KeyParser
