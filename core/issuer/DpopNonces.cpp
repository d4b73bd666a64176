#include "issuer/DpopNonces.h"

#include "issuer/IssuerTokens.h"
#include "jose/Base64Url.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QtEndian>

#include <algorithm>

namespace tokenscope::issuer {

namespace {

constexpr qsizetype bucketBytes = 8;
constexpr qsizetype macBytes = 16; // 128 bits: a guess succeeds once in 2^128
constexpr qsizetype nonceCharacters = 32; // base64url of 24 bytes

} // namespace

DpopNonces::DpopNonces(QByteArray key, qint64 lifetime)
    : m_key(std::move(key)), m_lifetime(std::max<qint64>(1, lifetime))
{ }

QByteArray DpopNonces::forBucket(qint64 bucket) const
{
    QByteArray data(bucketBytes, Qt::Uninitialized);
    qToBigEndian(bucket, data.data());
    // The label keeps these MACs apart from anything else the key might ever sign.
    const QByteArray mac = QMessageAuthenticationCode::hash(QByteArrayLiteral("tokenscope dpop nonce ") + data, m_key,
                                                            QCryptographicHash::Sha256);
    return Base64Url::encode(data + mac.first(macBytes));
}

QString DpopNonces::issue(qint64 now) const
{
    return QString::fromLatin1(forBucket(now / m_lifetime));
}

bool DpopNonces::accepts(QStringView nonce, qint64 now) const
{
    // An empty key (the store could not give one) accepts nothing: the verifier fails closed.
    if (m_key.isEmpty() || nonce.size() != nonceCharacters)
        return false;
    const QByteArray given = nonce.toLatin1();
    const qint64 bucket = now / m_lifetime;
    const bool current = IssuerTokens::constantTimeEquals(given, forBucket(bucket));
    const bool previous = IssuerTokens::constantTimeEquals(given, forBucket(bucket - 1));
    return current || previous;
}

} // namespace tokenscope::issuer
