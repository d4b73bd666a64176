#pragma once

#include "common/Result.h"
#include "crypto/Key.h"
#include "sim/SimContext.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <vector>

namespace tokenscope::sim {

// One of the issuer's signing keys over its life: published in the JWKS, signing, retired (verifies only), removed.
struct SigningKey
{
    QString kid;
    qint64 publishedAt = 0;
    qint64 activeFrom = 0;
    qint64 retiredAt = never;
    qint64 removedAt = never;
    qint64 maxTokenExpiry = -1;
    Key key; // generated on first use
};

// Token minting: gives every access token, refresh token and session id its id, remembers what the issuer knows of
// it (SimOptions::keepTokens), keeps the signing keys through scheduled and operator rotations, and signs a token
// only when someone asks for its text.
class TokenMinter
{
public:
    // `nextTokenId` is the engine's counter (SimEngine::tokenCount reads it).
    TokenMinter(SimContext &context, qint64 &nextTokenId) : m_context(context), m_nextTokenId(nextTokenId) { }

    // The first key, and the scheduled rotations of the policy's keyRotationInterval.
    void setUp();

    // A new token id; the token is remembered when the run keeps tokens. Times are run seconds.
    qint64 newTokenId(CredentialRef::Kind kind, qint32 user, qint32 client, qint32 family, qint32 generation,
                      qint64 expiresAt, qint32 key, bool admin);
    // The id the next token will get: every token below it was issued before now.
    [[nodiscard]] qint64 nextTokenId() const { return m_nextTokenId; }
    AccessToken issueAccessToken(qint32 user, qint32 client, qint32 family, bool admin);
    // A live issuer's real token text for `id`, shown instead of one the engine would sign.
    void adoptText(qint64 id, const QByteArray &text);

    // The key that signs now: the newest active one.
    [[nodiscard]] qint32 signingKeyIndex() const;
    [[nodiscard]] const SigningKey &key(qint32 index) const { return m_keys[size_t(index)]; }
    [[nodiscard]] bool keyPublishedAt(qint32 key, qint64 time) const
    {
        const SigningKey &k = m_keys[size_t(key)];
        return k.publishedAt <= time && time < k.removedAt;
    }
    // A scheduled rotation: the next key is published now and signs `keyOverlap` later.
    void publishNextKey();
    // An operator's rotation: the signing key retires now (and leaves the JWKS now when `emergency`), a fresh key
    // signs from now on. Returns the retired key's index.
    qint32 rotateNow(bool emergency);

    // Bytes of the Authorization header carrying `token` (RFC 6750 §2.1), measured once per key and role.
    qint64 credentialBytes(const AccessToken &token);
    static constexpr qint64 sessionCredentialBytes = qint64(sizeof("Cookie: sid=") - 1) + 43; // 256 bits, base64url

    [[nodiscard]] const SimToken *token(qint64 id) const;
    // Fails with "sim.no_token", "sim.tokens_not_kept", "sim.no_signing_key" or "sim.not_signed".
    [[nodiscard]] Result<QByteArray> tokenText(qint64 id);
    [[nodiscard]] KeySet verificationKeys();

private:
    void appendKey(qint64 publishedAt, qint64 activeFrom);
    Key &signingKey(qint32 index);
    QByteArray signingInput(const SimToken &token);

    SimContext &m_context;
    qint64 &m_nextTokenId;
    std::vector<SigningKey> m_keys;
    std::vector<SimToken> m_tokens; // when keepTokens
    QHash<qint64, QByteArray> m_texts;
    std::vector<qint64> m_accessTokenLengths; // [key * 2 + admin] → characters; 0 until measured
};

} // namespace tokenscope::sim
