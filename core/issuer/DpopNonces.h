#pragma once

#include <QByteArray>
#include <QString>

namespace tokenscope::issuer {

// The mock issuer's DPoP nonces (RFC 9449 §8): the issuer's clock cut into buckets of `lifetime` seconds, a nonce
// naming its bucket and carrying an HMAC-SHA256 of it under a key every replica shares (kept in the store). Any
// replica can tell a nonce it never handed out from one another replica did, with nothing stored per nonce. A nonce
// is accepted in its own bucket and the next, so it stays good for between one and two lifetimes.
class DpopNonces
{
public:
    DpopNonces(QByteArray key, qint64 lifetime);

    // A nonce for the bucket `now` falls in (base64url, 32 characters).
    [[nodiscard]] QString issue(qint64 now) const;
    // Whether `nonce` is one of this key's for the bucket of `now` or the one before (constant-time comparison).
    [[nodiscard]] bool accepts(QStringView nonce, qint64 now) const;

private:
    [[nodiscard]] QByteArray forBucket(qint64 bucket) const;
    QByteArray m_key;
    qint64 m_lifetime;
};

} // namespace tokenscope::issuer
