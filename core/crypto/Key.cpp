#include "crypto/Key.h"

#include "crypto/KeyData.h"

#include <QCoreApplication>

#include <openssl/pem.h>

namespace tokenscope {

namespace {
// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CryptoText
{
    Q_DECLARE_TR_FUNCTIONS(Crypto)
};

// A JSON string literal for metadata (kid, alg, use may hold any text). Escaping only concerns ASCII, so
// working on the UTF-8 bytes is exact (RFC 8259 §7).
QByteArray quoted(const QString &text)
{
    QByteArray out = "\"";
    for (const char byte : text.toUtf8()) {
        const auto value = static_cast<unsigned char>(byte);
        if (value == '"' || value == '\\') {
            out += '\\';
            out += char(value);
        } else if (value < 0x20) {
            out += "\\u00";
            out += "0123456789abcdef"[value >> 4];
            out += "0123456789abcdef"[value & 0xf];
        } else {
            out += char(value);
        }
    }
    return out + '"';
}
} // namespace

Key::Key() = default;
Key::~Key() = default;
Key::Key(const Key &) = default;
Key &Key::operator=(const Key &) = default;
Key::Key(Key &&) noexcept = default;
Key &Key::operator=(Key &&) noexcept = default;

Key::Key(std::shared_ptr<KeyData> data) : m_data(std::move(data))
{ }

void Key::detach()
{
    if (!m_data)
        m_data = std::make_shared<KeyData>();
    else if (m_data.use_count() > 1)
        m_data = std::make_shared<KeyData>(*m_data);
}

bool Key::isNull() const
{
    return !m_data || (m_data->type == Type::Oct ? m_data->secret.isEmpty() : !m_data->pkey);
}

Key::Type Key::type() const
{
    return m_data ? m_data->type : Type::Oct;
}

QString Key::kty() const
{
    switch (type()) {
    case Type::Oct:
        return QStringLiteral("oct");
    case Type::Rsa:
        return QStringLiteral("RSA");
    case Type::Ec:
        return QStringLiteral("EC");
    case Type::Okp:
        return QStringLiteral("OKP");
    }
    return {};
}

QString Key::curve() const
{
    return m_data ? m_data->curve : QString();
}

int Key::bits() const
{
    return m_data ? m_data->bits : 0;
}

bool Key::hasPrivate() const
{
    return m_data && m_data->hasPrivate;
}

QString Key::kid() const
{
    return m_data ? m_data->kid : QString();
}

QString Key::jwkAlgorithm() const
{
    return m_data ? m_data->algorithm : QString();
}

QString Key::use() const
{
    return m_data ? m_data->use : QString();
}

QStringList Key::keyOperations() const
{
    return m_data ? m_data->keyOperations : QStringList();
}

void Key::setKid(const QString &kid)
{
    detach();
    m_data->kid = kid;
}

void Key::setJwkAlgorithm(const QString &alg)
{
    detach();
    m_data->algorithm = alg;
}

void Key::setUse(const QString &use)
{
    detach();
    m_data->use = use;
}

void Key::setKeyOperations(const QStringList &operations)
{
    detach();
    m_data->keyOperations = operations;
    m_data->keyOperationsPresent = !operations.isEmpty();
}

QString Key::source() const
{
    return m_data ? m_data->source : QString();
}

void Key::setSource(const QString &source)
{
    detach();
    m_data->source = source;
}

QString Key::thumbprint() const
{
    return m_data ? m_data->thumbprint : QString();
}

bool Key::fits(Algorithm algorithm, QString *why, Operation operation) const
{
    const auto refuse = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (isNull())
        return refuse(CryptoText::tr("no key"));
    const QString algorithmName = Algorithms::name(algorithm);
    const KeyData &data = *m_data;
    switch (Algorithms::family(algorithm)) {
    case KeyFamily::Hmac: {
        // RFC 8725 §3.1/§2.1: a public key must never serve as an HMAC secret (the key-confusion attack).
        if (data.type != Type::Oct)
            return refuse(CryptoText::tr("key type %1 cannot verify %2: HMAC needs a shared secret, never a public key")
                              .arg(kty(), algorithmName));
        if (data.secretIsPublicKey)
            return refuse(
                CryptoText::tr("the HMAC secret is the text of a public key, which is no secret: %1 refuses it "
                               "(RFC 8725 §2.1 key confusion)")
                    .arg(algorithmName));
        const int minimum = Algorithms::hashSize(algorithm);
        // RFC 7518 §3.2: a key at least as long as the hash. A secret the user typed is still tried (weak
        // secrets are common in the wild and the verifier reports them), but a JWK must meet the minimum.
        if (!data.userSecret && data.secret.size() < minimum)
            return refuse(
                CryptoText::tr("HMAC key of %1 bytes is shorter than the %2 bytes %3 requires (RFC 7518 §3.2)")
                    .arg(data.secret.size())
                    .arg(minimum)
                    .arg(algorithmName));
        break;
    }
    case KeyFamily::Rsa:
        if (data.type != Type::Rsa)
            return refuse(
                CryptoText::tr("key type %1 cannot verify %2: it needs an RSA key").arg(kty(), algorithmName));
        if (data.bits < 2048)
            return refuse(
                CryptoText::tr("RSA key of %1 bits is below the 2048-bit minimum (RFC 7518 §3.3)").arg(data.bits));
        break;
    case KeyFamily::Ec: {
        const QString wanted = Algorithms::curve(algorithm);
        if (data.type != Type::Ec)
            return refuse(CryptoText::tr("key type %1 cannot verify %2: it needs an EC %3 key")
                              .arg(kty(), algorithmName, wanted));
        if (data.curve != wanted)
            return refuse(CryptoText::tr("%1 needs a key on %2 (RFC 7518 §3.4), this key is on %3")
                              .arg(algorithmName, wanted, data.curve));
        break;
    }
    case KeyFamily::Okp:
        if (data.type != Type::Okp)
            return refuse(CryptoText::tr("key type %1 cannot verify %2: it needs an OKP Ed25519 or Ed448 key")
                              .arg(kty(), algorithmName));
        if (data.curve != QLatin1String("Ed25519") && data.curve != QLatin1String("Ed448"))
            return refuse(CryptoText::tr("%1 is a key agreement curve (RFC 8037 §3.2), it cannot verify %2")
                              .arg(data.curve, algorithmName));
        // RFC 9864 §2.2: Ed25519 and Ed448 name the curve; only EdDSA takes either.
        if (const QString wanted = Algorithms::curve(algorithm); !wanted.isEmpty() && data.curve != wanted)
            return refuse(
                CryptoText::tr("%1 needs an %1 key (RFC 9864 §2.2), this key is on %2").arg(algorithmName, data.curve));
        break;
    }
    if (operation == Operation::Sign && !data.hasPrivate)
        return refuse(CryptoText::tr("the key has no private part to sign with"));
    // RFC 7517 §4.4, §4.2, §4.3: JWK metadata restricts what the key is for.
    if (!data.algorithm.isEmpty() && data.algorithm != algorithmName)
        return refuse(CryptoText::tr("the JWK is for %1, not %2").arg(data.algorithm, algorithmName));
    if (!data.use.isEmpty() && data.use != QLatin1String("sig"))
        return refuse(CryptoText::tr("JWK use is %1, not sig").arg(data.use));
    if (data.keyOperationsPresent) {
        const QString operationName = operation == Operation::Sign ? QStringLiteral("sign") : QStringLiteral("verify");
        if (!data.keyOperations.contains(operationName))
            return refuse(CryptoText::tr("JWK key_ops does not include %1").arg(operationName));
    }
    return true;
}

QByteArray Key::toJwk(Export what) const
{
    if (isNull())
        return {};
    QList<std::pair<QString, QByteArray>> members = m_data->publicMembers();
    QByteArray json = "{";
    for (const auto &[name, value] : members) {
        if (json.size() > 1)
            json += ',';
        json += '"' + name.toUtf8() + "\":\"" + value + '"';
    }
    if (what == Export::IncludePrivate && m_data->type != Type::Oct) {
        for (const auto &[name, value] : m_data->privateMembers())
            json += ",\"" + name.toUtf8() + "\":\"" + value + '"';
    }
    if (!m_data->kid.isEmpty())
        json += ",\"kid\":" + quoted(m_data->kid);
    if (!m_data->algorithm.isEmpty())
        json += ",\"alg\":" + quoted(m_data->algorithm);
    if (!m_data->use.isEmpty())
        json += ",\"use\":" + quoted(m_data->use);
    if (m_data->keyOperationsPresent) {
        json += ",\"key_ops\":[";
        for (qsizetype i = 0; i < m_data->keyOperations.size(); ++i)
            json += (i ? "," : "") + quoted(m_data->keyOperations.at(i));
        json += ']';
    }
    json += '}';
    return json;
}

QByteArray Key::toPem(Export what) const
{
    if (isNull() || m_data->type == Type::Oct)
        return {};
    OpenSsl::BioPointer bio(BIO_new(BIO_s_mem()));
    if (!bio)
        return {};
    int written = 0;
    if (what == Export::IncludePrivate && m_data->hasPrivate)
        written = PEM_write_bio_PrivateKey(bio.get(), m_data->pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
    else
        written = PEM_write_bio_PUBKEY(bio.get(), m_data->pkey.get());
    if (written != 1) {
        OpenSsl::clearErrors();
        return {};
    }
    char *bytes = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &bytes);
    return QByteArray(bytes, qsizetype(length));
}

Key Key::publicKey() const
{
    if (isNull() || m_data->type == Type::Oct || !m_data->hasPrivate)
        return *this;
    // Round-trip through SubjectPublicKeyInfo: the result holds no private component at all.
    unsigned char *der = nullptr;
    const int length = i2d_PUBKEY(m_data->pkey.get(), &der);
    if (length <= 0) {
        OpenSsl::clearErrors();
        return {};
    }
    const unsigned char *cursor = der;
    OpenSsl::PkeyPointer publicOnly(d2i_PUBKEY(nullptr, &cursor, length));
    OPENSSL_free(der);
    if (!publicOnly) {
        OpenSsl::clearErrors();
        return {};
    }
    auto data = std::make_shared<KeyData>(*m_data);
    data->pkey = OpenSsl::share(std::move(publicOnly));
    data->hasPrivate = false;
    return Key(std::move(data));
}

} // namespace tokenscope
