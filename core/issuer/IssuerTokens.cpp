#include "issuer/IssuerTokens.h"

#include "jose/Base64Url.h"

#include <QCryptographicHash>

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace tokenscope::issuer::IssuerTokens {

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), count) != 1)
        return {};
    return bytes;
}

QByteArray newOpaqueValue()
{
    return Base64Url::encode(randomBytes(32));
}

QByteArray sha256(QByteArrayView bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

QByteArray seal(QByteArrayView value, QByteArrayView holder)
{
    QCryptographicHash hash(QCryptographicHash::Sha512);
    hash.addData(QByteArrayView("tokenscope-issuer-next-generation\0", 34));
    hash.addData(holder);
    const QByteArray pad = hash.result();
    if (value.size() > pad.size())
        return {};
    QByteArray sealed(value.size(), Qt::Uninitialized);
    for (qsizetype i = 0; i < value.size(); ++i)
        sealed[i] = char(value[i] ^ pad[i]);
    return sealed;
}

QByteArray open(QByteArrayView sealed, QByteArrayView holder)
{
    return seal(sealed, holder); // XOR is its own inverse
}

QByteArray pkceS256(QByteArrayView verifier)
{
    return Base64Url::encode(sha256(verifier));
}

} // namespace tokenscope::issuer::IssuerTokens
