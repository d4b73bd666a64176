// The mock issuer's token minter: signs access tokens (RFC 9068) and ID tokens (OpenID Connect Core §2), and
// recognises the tokens it signed when they come back.
#include "binding/OidcHashes.h"
#include "issuer/MockIssuerHttp.h"

namespace tokenscope::issuer {
namespace {

// The claims kept for the user join the token; none replaces a claim the issuer set.
void appendUserClaims(JsonValue &payload, const std::optional<StoredUser> &user)
{
    if (!user)
        return;
    for (auto it = user->claims.begin(); it != user->claims.end(); ++it) {
        if (!payload.member(it.key()))
            payload.append(it.key(), toJson(it.value()));
    }
}

} // namespace

// Signs with the issuer's current key, naming it by its kid (RFC 7515 §4.1.4), unless a fault says otherwise.
Result<QByteArray> MockIssuer::signIssued(JsonValue header, JsonValue payload)
{
    const LoadedKey *key = signingKey();
    if (!key)
        return Error {"issuer.no_signing_key", QStringLiteral("no signing key")};
    const IssuerFaults &faults = m_config.faults;
    if (faults.tokenClockSkew != 0) {
        // An issuer whose clock is off: iat and nbf (RFC 7519 §4.1.5, §4.1.6) move, exp stays where it was.
        const qint64 skewed = now() + faults.tokenClockSkew;
        TokenSigner::setMember(payload, QStringLiteral("iat"), JsonValue::makeNumber(skewed));
        TokenSigner::setMember(payload, QStringLiteral("nbf"), JsonValue::makeNumber(skewed));
    }
    TokenSigner::KeyIdChoice kid = TokenSigner::KeyIdChoice::FromKey;
    if (faults.tokenUnknownKid) {
        // Signed by the real key under a name the JWKS does not publish: a verifier cannot find the key.
        TokenSigner::setMember(header, QStringLiteral("kid"),
                               JsonValue::makeString(QStringLiteral("unpublished-") + key->stored.kid));
        kid = TokenSigner::KeyIdChoice::KeepHeader;
    }
    const SignedToken token = TokenSigner::sign(header, payload, m_config.policy.signingAlgorithm, key->key, kid);
    if (!token)
        return Error {"issuer.not_signed", token.error};
    return token.token;
}

Result<void> MockIssuer::signAccessToken(const QString &subject, const QString &clientId, const QString &scope,
                                         const QString &familyId, Issued &issued, const JsonValue *actor)
{
    const qint64 t = now();
    const qint64 ttl = m_config.policy.accessTokenTtl;
    // RFC 9068 §2: JWT access tokens, typ "at+jwt".
    JsonValue header = JsonValue::makeObject();
    header.append(QStringLiteral("typ"), JsonValue::makeString(QStringLiteral("at+jwt")));
    JsonValue payload = JsonValue::makeObject();
    payload.append(QStringLiteral("iss"), JsonValue::makeString(m_issuerString));
    payload.append(QStringLiteral("sub"), JsonValue::makeString(subject));
    payload.append(QStringLiteral("aud"), JsonValue::makeString(m_config.audience));
    payload.append(QStringLiteral("client_id"), JsonValue::makeString(clientId));
    payload.append(QStringLiteral("iat"), JsonValue::makeNumber(t));
    payload.append(QStringLiteral("exp"), JsonValue::makeNumber(t + ttl));
    payload.append(QStringLiteral("jti"),
                   JsonValue::makeString(QString::fromLatin1(Base64Url::encode(IssuerTokens::randomBytes(16)))));
    if (!scope.isEmpty())
        payload.append(QStringLiteral("scope"), JsonValue::makeString(scope));
    if (actor)
        payload.append(QStringLiteral("act"), *actor);
    if (!m_dpopBinding.jkt.isEmpty()) {
        // RFC 9449 §6.1: bound to the token request's DPoP key by its RFC 7638 thumbprint.
        JsonValue confirmation = JsonValue::makeObject();
        confirmation.append(QStringLiteral("jkt"), JsonValue::makeString(m_dpopBinding.jkt));
        payload.append(QStringLiteral("cnf"), confirmation);
    }
    if (!familyId.isEmpty()) {
        // The refresh family is the session: revoking it makes this token inactive at introspection.
        payload.append(QStringLiteral("sid"), JsonValue::makeString(familyId));
        appendUserClaims(payload, m_store.userBySubject(subject));
    }
    Result<QByteArray> token = signIssued(header, payload);
    if (!token)
        return token.error();
    issued.accessToken = std::move(token).value();
    issued.expiresIn = ttl;
    issued.scope = scope;
    return {};
}

Result<void> MockIssuer::signIdToken(const QString &subject, const QString &clientId, const QString &nonce,
                                     qint64 authTime, const QString &familyId, Issued &issued)
{
    const qint64 t = now();
    JsonValue header = JsonValue::makeObject();
    header.append(QStringLiteral("typ"), JsonValue::makeString(QStringLiteral("JWT")));
    // OpenID Connect Core 1.0 §2.
    JsonValue payload = JsonValue::makeObject();
    payload.append(QStringLiteral("iss"), JsonValue::makeString(m_issuerString));
    payload.append(QStringLiteral("sub"), JsonValue::makeString(subject));
    payload.append(QStringLiteral("aud"), JsonValue::makeString(clientId));
    payload.append(QStringLiteral("iat"), JsonValue::makeNumber(t));
    payload.append(QStringLiteral("exp"), JsonValue::makeNumber(t + m_config.policy.accessTokenTtl));
    payload.append(QStringLiteral("auth_time"), JsonValue::makeNumber(authTime));
    if (!nonce.isEmpty())
        payload.append(QStringLiteral("nonce"), JsonValue::makeString(nonce));
    if (!familyId.isEmpty())
        payload.append(QStringLiteral("sid"), JsonValue::makeString(familyId));
    // OpenID Connect Core 1.0 §3.1.3.6: at_hash binds the ID token to the access token issued with it (the left
    // half of its hash under the ID token's algorithm); a relying party may check it.
    if (!issued.accessToken.isEmpty()) {
        const QList<OidcHashes::HashChoice> hashes
            = OidcHashes::leftHalfHashes(m_config.policy.signingAlgorithm, issued.accessToken);
        if (!hashes.isEmpty())
            payload.append(QStringLiteral("at_hash"), JsonValue::makeString(hashes.constFirst().value));
    }
    appendUserClaims(payload, m_store.userBySubject(subject));
    Result<QByteArray> token = signIssued(header, payload);
    if (!token)
        return token.error();
    issued.idToken = std::move(token).value();
    return {};
}

bool MockIssuer::inspectAccessToken(QByteArrayView token, AccessTokenInfo &info, bool checkExpiry)
{
    return inspectIssuedJwt(token, IssuedJwtKind::AccessToken, info, checkExpiry);
}

bool MockIssuer::inspectIdToken(QByteArrayView token, AccessTokenInfo &info)
{
    // OpenID Connect RP-Initiated Logout 1.0 §2: an expired ID token is still a good hint.
    return inspectIssuedJwt(token, IssuedJwtKind::IdToken, info, false);
}

bool MockIssuer::inspectIssuedJwt(QByteArrayView token, IssuedJwtKind kind, AccessTokenInfo &info, bool checkExpiry)
{
    KeySet keys;
    VerificationPolicy policy;
    // The algorithms of the issuer's own published keys (a policy change leaves older keys published for a while).
    for (const LoadedKey *key : publishedKeys()) {
        keys << key->publicKey;
        const std::optional<Algorithm> algorithm = Algorithms::fromName(key->stored.algorithm);
        if (algorithm && !policy.allowedAlgorithms.contains(*algorithm))
            policy.allowedAlgorithms << *algorithm;
    }
    policy.expectedIssuer = m_issuerString;
    policy.clock = m_clock.get();
    const VerificationResult result = TokenVerifier::verify(token, keys, policy);
    if (!result.isValid() && (checkExpiry || result.reason != VerificationReason::Expired))
        return false;
    const DecodeResult decoded = CompactToken::decode(token);
    if (!decoded || !decoded.token->payload || !decoded.token->payload->isObject()
        || !TokenKindRules::matches(kind, decoded.token->header, *decoded.token->payload, m_config.audience))
        return false;
    info.payload = *decoded.token->payload;
    info.subject = stringClaim(info.payload, u"sub");
    info.clientId = stringClaim(info.payload, u"client_id");
    info.scope = stringClaim(info.payload, u"scope");
    info.jti = stringClaim(info.payload, u"jti");
    info.familyId = stringClaim(info.payload, u"sid");
    info.expiresAt = integerClaim(info.payload, u"exp");
    info.issuedAt = integerClaim(info.payload, u"iat");
    return true;
}

} // namespace tokenscope::issuer
