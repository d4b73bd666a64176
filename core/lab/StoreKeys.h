#pragma once

#include <QByteArray>
#include <QString>

// The Redis key names the lab's servers and its revocation feed agree on. One place, so a writer and a reader
// cannot drift apart.
namespace tokenscope::lab::StoreKeys {

// A revoked access token, by its "jti" (RFC 7519 §4.1.7).
inline QByteArray blockedTokenId(const QString &jti)
{
    return QByteArrayLiteral("tokenscope:blocklist:jti:") + jti.toUtf8();
}

// A revoked grant (the mock issuer's refresh family, the access tokens' "sid"): every access token of it.
inline QByteArray blockedFamily(const QString &sid)
{
    return QByteArrayLiteral("tokenscope:blocklist:sid:") + sid.toUtf8();
}

// A server session: its value is the subject.
inline QByteArray session(const QByteArray &sessionId)
{
    return QByteArrayLiteral("tokenscope:session:") + sessionId;
}

} // namespace tokenscope::lab::StoreKeys
