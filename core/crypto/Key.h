#pragma once

#include "crypto/Algorithm.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace tokenscope {

class KeyData; // OpenSSL handles and secret bytes; see Key.cpp

// One key as Tokenscope knows it: the key material (an OpenSSL EVP_PKEY for RSA/EC/OKP, secret bytes for oct)
// and the JWK metadata that constrains its use (RFC 7517 §4). Cheap to copy (shared, immutable material).
class Key
{
public:
    enum class Type { Oct, Rsa, Ec, Okp };

    Key();
    ~Key();
    Key(const Key &);
    Key &operator=(const Key &);
    Key(Key &&) noexcept;
    Key &operator=(Key &&) noexcept;

    [[nodiscard]] bool isNull() const;
    [[nodiscard]] Type type() const;
    [[nodiscard]] QString kty() const; // "oct", "RSA", "EC", "OKP"
    [[nodiscard]] QString curve() const; // "P-256", "P-384", "P-521", "Ed25519", "Ed448", "X25519", "X448"; or empty
    [[nodiscard]] int bits() const; // RSA modulus bits, curve size, or secret bits
    [[nodiscard]] bool hasPrivate() const; // a private key or a secret (oct)

    // JWK metadata; empty when the key did not come with it.
    [[nodiscard]] QString kid() const;
    [[nodiscard]] QString jwkAlgorithm() const; // JWK "alg"
    [[nodiscard]] QString use() const; // JWK "use"
    [[nodiscard]] QStringList keyOperations() const; // JWK "key_ops"
    void setKid(const QString &kid);
    void setJwkAlgorithm(const QString &alg);
    void setUse(const QString &use);
    void setKeyOperations(const QStringList &operations);

    // Where the key came from, for the verdict: "file key.pem", "JWKS https://…/jwks.json (key 2 of 3)", "--secret".
    [[nodiscard]] QString source() const;
    void setSource(const QString &source);

    // RFC 7638 JWK thumbprint (SHA-256, base64url) of the public part, or of the secret for oct keys.
    [[nodiscard]] QString thumbprint() const;

    // What the key is asked to do with an algorithm; signing also needs the private part (JWK key_ops "sign").
    enum class Operation { Verify, Sign };
    // Whether this key may verify (or sign) with `algorithm` per its type, curve, size and JWK alg/use/key_ops.
    // On false, `why` says what does not fit ("key type RSA cannot verify ES256", "JWK use is enc").
    [[nodiscard]] bool fits(Algorithm algorithm, QString *why = nullptr, Operation operation = Operation::Verify) const;

    // The public JWK (members in RFC 7638 order followed by kid/alg/use), or with private members when asked
    // and available.
    enum class Export { PublicOnly, IncludePrivate };
    [[nodiscard]] QByteArray toJwk(Export what = Export::PublicOnly) const;
    // PEM: SubjectPublicKeyInfo, or PKCS#8 for the private key. Empty for oct keys.
    [[nodiscard]] QByteArray toPem(Export what = Export::PublicOnly) const;

    // A copy without the private part (for verification-only use).
    [[nodiscard]] Key publicKey() const;

    // Internal: crypto/ builds keys and reaches the OpenSSL handle and secret through these.
    explicit Key(std::shared_ptr<KeyData> data);
    [[nodiscard]] const KeyData *data() const { return m_data.get(); }

private:
    void detach();
    std::shared_ptr<KeyData> m_data;
};

using KeySet = QList<Key>;

} // namespace tokenscope
