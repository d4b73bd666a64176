#pragma once

#include "common/Result.h"
#include "crypto/Algorithm.h"
#include "crypto/Key.h"
#include "crypto/OpenSsl.h"
#include "crypto/SecureBytes.h"

#include <QString>
#include <QStringList>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>

namespace tokenscope {

// What a Key shares between its copies: the key material, its JWK metadata and per-key OpenSSL state prepared
// once for speed. The material, the thumbprint and every prepared context are immutable once published, so one
// KeyData may verify from several threads at once; Key's setters copy it first (copy-on-write).
class KeyData
{
public:
    KeyData() = default;
    // Copies the material and the metadata; prepared contexts are not copied (they are rebuilt on demand).
    KeyData(const KeyData &other);
    KeyData &operator=(const KeyData &) = delete;
    ~KeyData();

    // An RSA, EC (P-256/384/521) or OKP (Ed25519/Ed448) key. Other keys are refused with "key.unsupported_type" or
    // "key.unsupported_curve", broken ones with "key.bad_rsa", "key.inconsistent" or "key.unreadable".
    [[nodiscard]] static Result<std::shared_ptr<KeyData>> fromPkey(OpenSsl::PkeyPointer key, bool hasPrivate);
    // An HMAC secret; `userSecret` marks a secret typed by the user rather than a JWK (see Key::fits).
    [[nodiscard]] static std::shared_ptr<KeyData> fromSecret(QByteArrayView secret, bool userSecret);

    // The RFC 7638 required members, in lexicographic order, as (name, JSON string content) pairs.
    [[nodiscard]] QList<std::pair<QString, QByteArray>> publicMembers() const;
    [[nodiscard]] QList<std::pair<QString, QByteArray>> privateMembers() const;

    // A fully initialised EVP_DigestVerify context for `algorithm`, built once and then only copied from (never
    // changed), or nullptr when OpenSSL cannot copy such a context (then callers initialise per call).
    [[nodiscard]] const EVP_MD_CTX *verifyTemplate(Algorithm algorithm) const;
    // A keyed HMAC context for HS256/384/512, built once and only duplicated from.
    [[nodiscard]] const EVP_MAC_CTX *macTemplate(Algorithm algorithm) const;

    Key::Type type = Key::Type::Oct;
    std::shared_ptr<EVP_PKEY> pkey; // RSA/EC/OKP; holds the private key when hasPrivate
    SecureBytes secret; // oct
    bool hasPrivate = false;
    bool userSecret = false;
    bool secretIsPublicKey = false; // oct: the "secret" is a public key's PEM, DER or JWK (see Key::fits)
    QString curve;
    int bits = 0;
    int fieldSize = 0; // EC: bytes per coordinate; OKP: public key bytes

    QString kid;
    QString algorithm;
    QString use;
    QStringList keyOperations;
    bool keyOperationsPresent = false;
    QString source;

    QString thumbprint; // computed once at construction (the material never changes)
    quint64 id = nextId(); // distinguishes KeyData instances in per-thread caches (addresses can be reused)

private:
    static quint64 nextId();
    void computeThumbprint();

    static constexpr int algorithmCount = Algorithms::count;
    mutable std::mutex m_prepareMutex;
    mutable std::array<std::atomic<EVP_MD_CTX *>, algorithmCount> m_verifyTemplates {};
    mutable std::array<std::atomic<bool>, algorithmCount> m_verifyTemplateFailed {};
    mutable std::array<std::atomic<EVP_MAC_CTX *>, 3> m_macTemplates {};
};

namespace Crypto {
// Digests and the HMAC implementation, fetched once per process (fetching per call costs more than an HMAC).
[[nodiscard]] const EVP_MD *digest(Algorithm algorithm);
[[nodiscard]] EVP_MAC *hmac();
[[nodiscard]] const char *digestName(Algorithm algorithm);
// The SHA-2 digest with `hashBytes` bytes of output ("SHA256" for 32, "SHA384" for 48, "SHA512" for 64), or nullptr.
[[nodiscard]] const char *sha2Name(qsizetype hashBytes);
// Sets RFC 7518 §3.5 PSS parameters (MGF1 with the signing hash, salt as long as the hash) on `context`.
[[nodiscard]] bool configurePss(EVP_PKEY_CTX *context, Algorithm algorithm);
// RFC 7638 §3.2 thumbprint input for the members (already in order).
[[nodiscard]] QByteArray canonicalJson(const QList<std::pair<QString, QByteArray>> &members);
[[nodiscard]] QByteArray base64Url(QByteArrayView bytes);
// A big-endian unsigned integer padded on the left to `size` bytes (EC coordinates, RFC 7518 §6.2.1.2).
[[nodiscard]] QByteArray bignumBytes(const BIGNUM *number, int size = 0);
} // namespace Crypto

} // namespace tokenscope
