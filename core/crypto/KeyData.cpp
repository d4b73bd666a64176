#include "crypto/KeyData.h"

#include <QCoreApplication>
#include <QCryptographicHash>

#include <openssl/core_names.h>
#include <openssl/rsa.h>

namespace tokenscope {

namespace {
struct CryptoText
{
    Q_DECLARE_TR_FUNCTIONS(Crypto)
};

std::optional<QByteArray> octetParameter(const EVP_PKEY *key, const char *name)
{
    size_t length = 0;
    if (EVP_PKEY_get_octet_string_param(key, name, nullptr, 0, &length) != 1)
        return std::nullopt;
    QByteArray bytes(qsizetype(length), Qt::Uninitialized);
    if (EVP_PKEY_get_octet_string_param(key, name, reinterpret_cast<unsigned char *>(bytes.data()), length, &length)
        != 1)
        return std::nullopt;
    bytes.truncate(qsizetype(length));
    return bytes;
}

std::optional<QByteArray> bignumParameter(const EVP_PKEY *key, const char *name, int size = 0)
{
    BIGNUM *raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        return std::nullopt;
    OpenSsl::BignumPointer number(raw);
    return Crypto::bignumBytes(number.get(), size);
}
// The same rules for every source (PEM or JWK), so a key always survives a JWK round trip.
Result<void> checkRsa(const EVP_PKEY *key, bool hasPrivate)
{
    constexpr int maxBits = 16384;
    BIGNUM *rawModulus = nullptr;
    BIGNUM *rawExponent = nullptr;
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &rawModulus);
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &rawExponent);
    const OpenSsl::BignumPointer modulus(rawModulus);
    const OpenSsl::BignumPointer exponent(rawExponent);
    if (!modulus || !exponent) {
        OpenSsl::clearErrors();
        return Error {"key.bad_rsa", CryptoText::tr("the RSA key has no modulus or exponent")};
    }
    const int bits = BN_num_bits(modulus.get());
    if (bits > maxBits)
        return Error {"key.bad_rsa",
                      CryptoText::tr("RSA modulus of %1 bits is over the %2-bit limit").arg(bits).arg(maxBits)};
    if (!BN_is_odd(modulus.get()) || bits < 512)
        return Error {"key.bad_rsa", CryptoText::tr("\"n\" is not an RSA modulus")};
    // e = 1 makes every message its own signature; an even e is no RSA key at all.
    if (!BN_is_odd(exponent.get()) || BN_is_one(exponent.get()) || BN_num_bits(exponent.get()) > 64)
        return Error {"key.bad_rsa",
                      CryptoText::tr("RSA public exponent \"e\" must be odd, greater than 1 and at most 64 bits")};
    if (!hasPrivate)
        return {};
    BIGNUM *rawP = nullptr;
    BIGNUM *rawQ = nullptr;
    const bool haveFactors = EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR1, &rawP) == 1
        && EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR2, &rawQ) == 1;
    const OpenSsl::BignumPointer p(rawP);
    const OpenSsl::BignumPointer q(rawQ);
    OpenSsl::clearErrors();
    if (!haveFactors)
        return {};
    // A cheap consistency check, so a corrupted private key is refused rather than signing garbage.
    OpenSsl::BignumPointer product(BN_new());
    std::unique_ptr<BN_CTX, OpenSsl::Deleter<BN_CTX, BN_CTX_free>> scratch(BN_CTX_new());
    if (!product || !scratch || BN_mul(product.get(), p.get(), q.get(), scratch.get()) != 1
        || BN_cmp(product.get(), modulus.get()) != 0) {
        OpenSsl::clearErrors();
        return Error {"key.bad_rsa", CryptoText::tr("RSA private key: \"p\" × \"q\" is not \"n\"")};
    }
    return {};
}
} // namespace

namespace Crypto {

const char *digestName(Algorithm algorithm)
{
    return sha2Name(Algorithms::hashSize(algorithm));
}

const char *sha2Name(qsizetype hashBytes)
{
    switch (hashBytes) {
    case 32:
        return "SHA256";
    case 48:
        return "SHA384";
    case 64:
        return "SHA512";
    default:
        return nullptr;
    }
}

const EVP_MD *digest(Algorithm algorithm)
{
    static const std::array<OpenSsl::MdPointer, 3> digests = {
        OpenSsl::MdPointer(EVP_MD_fetch(nullptr, "SHA256", nullptr)),
        OpenSsl::MdPointer(EVP_MD_fetch(nullptr, "SHA384", nullptr)),
        OpenSsl::MdPointer(EVP_MD_fetch(nullptr, "SHA512", nullptr)),
    };
    switch (Algorithms::hashSize(algorithm)) {
    case 32:
        return digests[0].get();
    case 48:
        return digests[1].get();
    case 64:
        return digests[2].get();
    default:
        return nullptr;
    }
}

EVP_MAC *hmac()
{
    static const OpenSsl::MacPointer mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    return mac.get();
}

bool configurePss(EVP_PKEY_CTX *context, Algorithm algorithm)
{
    return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) == 1
        && EVP_PKEY_CTX_set_rsa_mgf1_md(context, digest(algorithm)) == 1
        && EVP_PKEY_CTX_set_rsa_pss_saltlen(context, RSA_PSS_SALTLEN_DIGEST) == 1;
}

QByteArray base64Url(QByteArrayView bytes)
{
    return bytes.toByteArray().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray bignumBytes(const BIGNUM *number, int size)
{
    const int natural = BN_num_bytes(number);
    const int length = qMax(natural, size);
    QByteArray bytes(length, Qt::Uninitialized);
    if (BN_bn2binpad(number, reinterpret_cast<unsigned char *>(bytes.data()), length) < 0)
        return {};
    return bytes;
}

QByteArray canonicalJson(const QList<std::pair<QString, QByteArray>> &members)
{
    // Members hold only base64url text and fixed names ("RSA", "P-256"), so no escaping is needed (RFC 7638 §3.3).
    QByteArray json = "{";
    for (const auto &[name, value] : members) {
        if (json.size() > 1)
            json += ',';
        json += '"' + name.toUtf8() + "\":\"" + value + '"';
    }
    json += '}';
    return json;
}

} // namespace Crypto

KeyData::KeyData(const KeyData &other)
    : type(other.type), pkey(other.pkey), secret(other.secret), hasPrivate(other.hasPrivate),
      userSecret(other.userSecret), secretIsPublicKey(other.secretIsPublicKey), curve(other.curve), bits(other.bits),
      fieldSize(other.fieldSize), kid(other.kid), algorithm(other.algorithm), use(other.use),
      keyOperations(other.keyOperations), keyOperationsPresent(other.keyOperationsPresent), source(other.source),
      thumbprint(other.thumbprint)
{ }

KeyData::~KeyData()
{
    for (auto &context : m_verifyTemplates)
        EVP_MD_CTX_free(context.load());
    for (auto &context : m_macTemplates)
        EVP_MAC_CTX_free(context.load());
}

quint64 KeyData::nextId()
{
    static std::atomic<quint64> counter {0};
    return ++counter;
}

Result<std::shared_ptr<KeyData>> KeyData::fromPkey(OpenSsl::PkeyPointer key, bool hasPrivate)
{
    auto data = std::make_shared<KeyData>();
    data->hasPrivate = hasPrivate;
    if (EVP_PKEY_is_a(key.get(), "RSA")) {
        data->type = Key::Type::Rsa;
        data->bits = EVP_PKEY_get_bits(key.get());
        if (const Result<void> checked = checkRsa(key.get(), hasPrivate); !checked)
            return checked.error();
    } else if (EVP_PKEY_is_a(key.get(), "EC")) {
        data->type = Key::Type::Ec;
        char group[64] = {};
        size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) != 1) {
            OpenSsl::clearErrors();
            return Error {"key.unsupported_curve",
                          CryptoText::tr("EC key without a named curve (explicit curve parameters are not supported)")};
        }
        const QByteArrayView name(group, qsizetype(length));
        if (name == "prime256v1" || name == "P-256") {
            data->curve = QStringLiteral("P-256");
            data->fieldSize = 32;
        } else if (name == "secp384r1" || name == "P-384") {
            data->curve = QStringLiteral("P-384");
            data->fieldSize = 48;
        } else if (name == "secp521r1" || name == "P-521") {
            data->curve = QStringLiteral("P-521");
            data->fieldSize = 66;
        } else {
            return Error {
                "key.unsupported_curve",
                CryptoText::tr("EC curve %1 is not one JWS uses (P-256, P-384, P-521)").arg(QString::fromLatin1(name))};
        }
        data->bits = EVP_PKEY_get_bits(key.get());
    } else if (EVP_PKEY_is_a(key.get(), "ED25519")) {
        data->type = Key::Type::Okp;
        data->curve = QStringLiteral("Ed25519");
        data->fieldSize = 32;
        data->bits = EVP_PKEY_get_bits(key.get());
    } else if (EVP_PKEY_is_a(key.get(), "ED448")) {
        data->type = Key::Type::Okp;
        data->curve = QStringLiteral("Ed448");
        data->fieldSize = 57;
        data->bits = EVP_PKEY_get_bits(key.get());
    } else if (EVP_PKEY_is_a(key.get(), "X25519") || EVP_PKEY_is_a(key.get(), "X448")) {
        // RFC 8037 §3.2: key agreement keys, for ECDH-ES decryption only (Key::fits keeps them from signatures).
        const bool x25519 = EVP_PKEY_is_a(key.get(), "X25519");
        data->type = Key::Type::Okp;
        data->curve = x25519 ? QStringLiteral("X25519") : QStringLiteral("X448");
        data->fieldSize = x25519 ? 32 : 56;
        data->bits = EVP_PKEY_get_bits(key.get());
    } else {
        return Error {
            "key.unsupported_type",
            CryptoText::tr("key type %1 is not a JOSE key (RSA, EC P-256/384/521, Ed25519, Ed448, X25519 and X448 are)")
                .arg(QString::fromLatin1(EVP_PKEY_get0_type_name(key.get())))};
    }
    if (data->type == Key::Type::Ec && hasPrivate) {
        // A SEC 1 or PKCS#8 file can carry a private scalar that does not match its public point.
        OpenSsl::PkeyContextPointer check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
        if (!check || EVP_PKEY_pairwise_check(check.get()) != 1) {
            OpenSsl::clearErrors();
            return Error {"key.inconsistent", CryptoText::tr("the EC private key does not match its public point")};
        }
    }
    data->pkey = OpenSsl::share(std::move(key));
    data->computeThumbprint();
    if (data->thumbprint.isEmpty())
        return Error {"key.unreadable", CryptoText::tr("cannot read the public key: %1").arg(OpenSsl::takeErrors())};
    return data;
}

std::shared_ptr<KeyData> KeyData::fromSecret(QByteArrayView secret, bool userSecret)
{
    auto data = std::make_shared<KeyData>();
    data->type = Key::Type::Oct;
    data->secret = SecureBytes(secret);
    data->hasPrivate = true;
    data->userSecret = userSecret;
    data->bits = int(secret.size() * 8);
    data->computeThumbprint();
    return data;
}

QList<std::pair<QString, QByteArray>> KeyData::publicMembers() const
{
    // RFC 7638 §3.2: the required members only, in lexicographic order of their names.
    switch (type) {
    case Key::Type::Oct:
        return {{QStringLiteral("k"), Crypto::base64Url(secret.view())}, {QStringLiteral("kty"), "oct"}};
    case Key::Type::Rsa: {
        const auto e = bignumParameter(pkey.get(), OSSL_PKEY_PARAM_RSA_E);
        const auto n = bignumParameter(pkey.get(), OSSL_PKEY_PARAM_RSA_N);
        if (!e || !n)
            return {};
        return {{QStringLiteral("e"), Crypto::base64Url(*e)},
                {QStringLiteral("kty"), "RSA"},
                {QStringLiteral("n"), Crypto::base64Url(*n)}};
    }
    case Key::Type::Ec: {
        const auto x = bignumParameter(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X, fieldSize);
        const auto y = bignumParameter(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y, fieldSize);
        if (!x || !y)
            return {};
        return {{QStringLiteral("crv"), curve.toLatin1()},
                {QStringLiteral("kty"), "EC"},
                {QStringLiteral("x"), Crypto::base64Url(*x)},
                {QStringLiteral("y"), Crypto::base64Url(*y)}};
    }
    case Key::Type::Okp: {
        const auto x = octetParameter(pkey.get(), OSSL_PKEY_PARAM_PUB_KEY);
        if (!x)
            return {};
        return {{QStringLiteral("crv"), curve.toLatin1()},
                {QStringLiteral("kty"), "OKP"},
                {QStringLiteral("x"), Crypto::base64Url(*x)}};
    }
    }
    return {};
}

QList<std::pair<QString, QByteArray>> KeyData::privateMembers() const
{
    if (!hasPrivate || type == Key::Type::Oct)
        return {};
    QList<std::pair<QString, QByteArray>> members;
    const auto add = [&](const char *jwkName, std::optional<QByteArray> value) {
        if (value)
            members.append({QString::fromLatin1(jwkName), Crypto::base64Url(*value)});
    };
    switch (type) {
    case Key::Type::Rsa:
        // RFC 7518 §6.3.2.
        add("d", bignumParameter(pkey.get(), OSSL_PKEY_PARAM_RSA_D));
        add("p", bignumParameter(pkey.get(), OSSL_PKEY_PARAM_RSA_FACTOR1));
        add("q", bignumParameter(pkey.get(), OSSL_PKEY_PARAM_RSA_FACTOR2));
        add("dp", bignumParameter(pkey.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1));
        add("dq", bignumParameter(pkey.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2));
        add("qi", bignumParameter(pkey.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1));
        break;
    case Key::Type::Ec:
        // RFC 7518 §6.2.2.1: d is as long as the field.
        add("d", bignumParameter(pkey.get(), OSSL_PKEY_PARAM_PRIV_KEY, fieldSize));
        break;
    case Key::Type::Okp:
        add("d", octetParameter(pkey.get(), OSSL_PKEY_PARAM_PRIV_KEY));
        break;
    case Key::Type::Oct:
        break;
    }
    OpenSsl::clearErrors();
    return members;
}

void KeyData::computeThumbprint()
{
    const auto members = publicMembers();
    if (members.isEmpty()) {
        thumbprint.clear();
        return;
    }
    const QByteArray digest = QCryptographicHash::hash(Crypto::canonicalJson(members), QCryptographicHash::Sha256);
    thumbprint = QString::fromLatin1(Crypto::base64Url(digest));
}

const EVP_MD_CTX *KeyData::verifyTemplate(Algorithm which) const
{
    const int index = int(which);
    if (EVP_MD_CTX *ready = m_verifyTemplates[index].load(std::memory_order_acquire))
        return ready;
    if (m_verifyTemplateFailed[index].load(std::memory_order_acquire) || !pkey)
        return nullptr;
    std::lock_guard lock(m_prepareMutex);
    if (EVP_MD_CTX *ready = m_verifyTemplates[index].load(std::memory_order_acquire))
        return ready;
    OpenSsl::MdContextPointer context(EVP_MD_CTX_new());
    EVP_PKEY_CTX *keyContext = nullptr;
    const EVP_MD *md = Algorithms::family(which) == KeyFamily::Okp ? nullptr : Crypto::digest(which);
    bool ready = context && EVP_DigestVerifyInit(context.get(), &keyContext, md, nullptr, pkey.get()) == 1;
    if (ready && which >= Algorithm::PS256 && which <= Algorithm::PS512)
        ready = Crypto::configurePss(keyContext, which);
    if (ready) {
        // Some 3.0 signature implementations (EdDSA) cannot duplicate their state; find out once.
        OpenSsl::MdContextPointer probe(EVP_MD_CTX_new());
        ready = probe && EVP_MD_CTX_copy_ex(probe.get(), context.get()) == 1;
    }
    if (!ready) {
        OpenSsl::clearErrors();
        m_verifyTemplateFailed[index].store(true, std::memory_order_release);
        return nullptr;
    }
    m_verifyTemplates[index].store(context.get(), std::memory_order_release);
    return context.release();
}

const EVP_MAC_CTX *KeyData::macTemplate(Algorithm which) const
{
    const int hash = Algorithms::hashSize(which);
    const int index = hash == 32 ? 0 : hash == 48 ? 1 : 2;
    if (EVP_MAC_CTX *ready = m_macTemplates[index].load(std::memory_order_acquire))
        return ready;
    std::lock_guard lock(m_prepareMutex);
    if (EVP_MAC_CTX *ready = m_macTemplates[index].load(std::memory_order_acquire))
        return ready;
    OpenSsl::MacContextPointer context(EVP_MAC_CTX_new(Crypto::hmac()));
    char digestName[16];
    qstrncpy(digestName, Crypto::digestName(which), sizeof digestName);
    const OSSL_PARAM parameters[]
        = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digestName, 0), OSSL_PARAM_construct_end()};
    if (!context || EVP_MAC_init(context.get(), secret.data(), size_t(secret.size()), parameters) != 1) {
        OpenSsl::clearErrors();
        return nullptr;
    }
    m_macTemplates[index].store(context.get(), std::memory_order_release);
    return context.release();
}

} // namespace tokenscope
