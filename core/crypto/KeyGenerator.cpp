#include "crypto/KeyGenerator.h"

#include "crypto/KeyData.h"

#include <QCoreApplication>

#include <openssl/core_names.h>
#include <openssl/rand.h>

#include <vector>

namespace tokenscope::KeyGenerator {

namespace {
// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CryptoText
{
    Q_DECLARE_TR_FUNCTIONS(Crypto)
};
} // namespace

KeyGenerationResult generate(Algorithm algorithm, const QString &kid, int rsaBits, const QString &curve)
{
    KeyGenerationResult result;
    OpenSsl::PkeyPointer generated;
    switch (Algorithms::family(algorithm)) {
    case KeyFamily::Hmac: {
        // RFC 7518 §3.2: a secret as long as the hash, from the CSPRNG.
        std::vector<unsigned char> secret(size_t(Algorithms::hashSize(algorithm)));
        if (RAND_bytes(secret.data(), int(secret.size())) != 1) {
            result.error = CryptoText::tr("no random bytes: %1").arg(OpenSsl::takeErrors());
            return result;
        }
        auto data = KeyData::fromSecret(
            QByteArrayView(reinterpret_cast<const char *>(secret.data()), qsizetype(secret.size())), false);
        OPENSSL_cleanse(secret.data(), secret.size());
        result.key = Key(std::move(data));
        break;
    }
    case KeyFamily::Rsa:
        if (rsaBits < 2048 || rsaBits > 16384) {
            result.error = CryptoText::tr("RSA keys for %1 must have 2048 to 16384 bits, not %2")
                               .arg(Algorithms::name(algorithm))
                               .arg(rsaBits);
            return result;
        }
        generated.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(rsaBits)));
        break;
    case KeyFamily::Ec: {
        const QString wanted = Algorithms::curve(algorithm);
        if (!curve.isEmpty() && curve != wanted) {
            result.error
                = CryptoText::tr("%1 needs a key on %2, not %3").arg(Algorithms::name(algorithm), wanted, curve);
            return result;
        }
        const char *group = algorithm == Algorithm::ES256 ? "P-256" : algorithm == Algorithm::ES384 ? "P-384" : "P-521";
        generated.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group));
        break;
    }
    case KeyFamily::Okp: {
        // RFC 9864 §2.2: Ed25519 and Ed448 fix the curve; EdDSA takes either (Ed25519 by default).
        const QString fixed = Algorithms::curve(algorithm);
        if (!fixed.isEmpty() && !curve.isEmpty() && curve != fixed) {
            result.error = CryptoText::tr("%1 needs a key on %1, not %2").arg(Algorithms::name(algorithm), curve);
            return result;
        }
        const QString edwardsCurve = fixed.isEmpty() ? curve : fixed;
        if (edwardsCurve.isEmpty() || edwardsCurve == QLatin1String("Ed25519")) {
            generated.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
        } else if (edwardsCurve == QLatin1String("Ed448")) {
            generated.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED448"));
        } else {
            result.error = CryptoText::tr("EdDSA keys are Ed25519 or Ed448, not %1").arg(edwardsCurve);
            return result;
        }
        break;
    }
    }
    if (Algorithms::family(algorithm) != KeyFamily::Hmac) {
        if (!generated) {
            result.error = CryptoText::tr("key generation failed: %1").arg(OpenSsl::takeErrors());
            return result;
        }
        Result<std::shared_ptr<KeyData>> data = KeyData::fromPkey(std::move(generated), true);
        if (!data) {
            result.error = data.error().message();
            return result;
        }
        result.key = Key(std::move(data).value());
    }
    result.key.setJwkAlgorithm(Algorithms::name(algorithm));
    // Without a kid of its own the key is named by its thumbprint (RFC 7638 §1 suggests this use).
    result.key.setKid(kid.isEmpty() ? result.key.thumbprint() : kid);
    result.key.setSource(CryptoText::tr("generated"));
    return result;
}

} // namespace tokenscope::KeyGenerator
