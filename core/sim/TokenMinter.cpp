#include "sim/TokenMinter.h"

#include "crypto/KeyGenerator.h"
#include "crypto/Signature.h"
#include "jose/Base64Url.h"
#include "jose/Json.h"

#include <QCryptographicHash>

#include <algorithm>

namespace tokenscope::sim {

namespace {

qint64 base64UrlLength(qint64 bytes)
{
    return (bytes * 8 + 5) / 6;
}

// JWS signature sizes (RFC 7518 §3): no key is needed to know them.
qint64 signatureBytes(Algorithm algorithm)
{
    switch (algorithm) {
    case Algorithm::HS256:
        return 32;
    case Algorithm::HS384:
        return 48;
    case Algorithm::HS512:
        return 64;
    case Algorithm::RS256:
    case Algorithm::RS384:
    case Algorithm::RS512:
    case Algorithm::PS256:
    case Algorithm::PS384:
    case Algorithm::PS512:
        return 256; // 2048-bit keys
    case Algorithm::ES256:
        return 64;
    case Algorithm::ES384:
        return 96;
    case Algorithm::ES512:
        return 132;
    case Algorithm::EdDSA:
    case Algorithm::Ed25519:
        return 64;
    case Algorithm::Ed448:
        return 114;
    }
    return 0;
}

// Fixed-width identifiers keep every access token of one key and role the same length, so bytes per request can
// be measured without serialising each token.
QString userName(qint32 user)
{
    return QStringLiteral("user-%1").arg(user, 7, 10, QLatin1Char('0'));
}
QString clientName(qint32 client)
{
    return QStringLiteral("client-%1").arg(client, 7, 10, QLatin1Char('0'));
}
QString jtiOf(qint64 id)
{
    return QStringLiteral("%1").arg(quint64(id), 16, 16, QLatin1Char('0'));
}

} // namespace

void TokenMinter::setUp()
{
    appendKey(0, 0);
    const IssuerPolicy &policy = m_context.policy;
    if (policy.keyRotationInterval > 0) {
        for (qint64 at = policy.keyRotationInterval; at < m_context.end(); at += policy.keyRotationInterval)
            m_context.schedule(std::max<qint64>(0, at - policy.keyOverlap), QueuedType::KeyPublish);
    }
}

qint64 TokenMinter::newTokenId(CredentialRef::Kind kind, qint32 user, qint32 client, qint32 family, qint32 generation,
                               qint64 expiresAt, qint32 key, bool admin)
{
    const qint64 id = m_nextTokenId++;
    if (m_context.options.keepTokens) {
        SimToken token;
        token.id = id;
        token.kind = kind;
        token.user = user;
        token.client = client;
        token.family = family;
        token.generation = generation;
        token.issuedAt = m_context.scenario.start + m_context.now();
        token.expiresAt = expiresAt >= never ? 0 : m_context.scenario.start + expiresAt;
        token.key = key;
        token.admin = admin;
        m_tokens.push_back(token);
    }
    return id;
}

AccessToken TokenMinter::issueAccessToken(qint32 user, qint32 client, qint32 family, bool admin)
{
    const qint64 now = m_context.now();
    AccessToken token;
    token.user = user;
    token.client = client;
    token.family = family;
    token.issuedAt = now;
    token.expiresAt = now + m_context.policy.accessTokenTtl;
    token.key = signingKeyIndex();
    token.admin = admin;
    token.id = newTokenId(CredentialRef::Kind::AccessToken, token.user, client, family, 0, token.expiresAt, token.key,
                          token.admin);
    SigningKey &key = m_keys[size_t(token.key)];
    key.maxTokenExpiry = std::max(key.maxTokenExpiry, token.expiresAt);
    ++m_context.metrics.accessTokensIssued;
    return token;
}

void TokenMinter::adoptText(qint64 id, const QByteArray &text)
{
    if (m_context.options.keepTokens && !text.isEmpty())
        m_texts.insert(id, text);
}

qint32 TokenMinter::signingKeyIndex() const
{
    const qint64 now = m_context.now();
    for (qint32 k = qint32(m_keys.size()) - 1; k >= 0; --k) {
        const SigningKey &key = m_keys[size_t(k)];
        if (key.activeFrom <= now && now < key.retiredAt)
            return k;
    }
    return qint32(m_keys.size()) - 1;
}

void TokenMinter::appendKey(qint64 publishedAt, qint64 activeFrom)
{
    SigningKey key;
    key.kid = QStringLiteral("sim-key-%1").arg(m_keys.size() + 1);
    key.publishedAt = publishedAt;
    key.activeFrom = activeFrom;
    m_keys.push_back(key);
}

void TokenMinter::publishNextKey()
{
    // The next key is published `keyOverlap` before it signs; the current one stops signing then and leaves the
    // JWKS `keyOverlap` later, so tokens it signed keep verifying.
    const qint64 now = m_context.now();
    const qint64 overlap = m_context.policy.keyOverlap;
    SigningKey &current = m_keys.back();
    current.retiredAt = now + overlap;
    current.removedAt = now + overlap + overlap;
    appendKey(now, now + overlap);
    m_context.stateChanged = true;
    SimEvent event;
    event.type = SimEventType::KeyPublished;
    event.actor = ActorKind::Issuer;
    event.credential.kind = CredentialRef::Kind::Key;
    event.credential.id = qint64(m_keys.size()) - 1;
    m_context.log(event);
}

qint32 TokenMinter::rotateNow(bool emergency)
{
    const qint64 now = m_context.now();
    const qint32 old = signingKeyIndex();
    SigningKey &oldKey = m_keys[size_t(old)];
    oldKey.retiredAt = now;
    oldKey.removedAt = emergency ? now : now + m_context.policy.keyOverlap;
    appendKey(now, now);
    m_context.stateChanged = true;
    return old;
}

qint64 TokenMinter::credentialBytes(const AccessToken &token)
{
    const size_t shape = size_t(token.key) * 2 + (token.admin ? 1 : 0);
    if (shape >= m_accessTokenLengths.size())
        m_accessTokenLengths.resize(shape + 1, 0);
    qint64 &length = m_accessTokenLengths[shape];
    if (length == 0) {
        SimToken sample;
        sample.kind = CredentialRef::Kind::AccessToken;
        sample.user = token.user;
        sample.client = token.client;
        sample.issuedAt = m_context.scenario.start + token.issuedAt;
        sample.expiresAt = m_context.scenario.start + token.expiresAt;
        sample.key = token.key;
        sample.admin = token.admin;
        sample.id = token.id;
        length = signingInput(sample).size() + 1 + base64UrlLength(signatureBytes(m_context.policy.signingAlgorithm));
    }
    return qint64(sizeof("Authorization: Bearer ") - 1) + length;
}

const SimToken *TokenMinter::token(qint64 id) const
{
    if (id < 1 || id > qint64(m_tokens.size()))
        return nullptr;
    return &m_tokens[size_t(id - 1)];
}

Result<QByteArray> TokenMinter::tokenText(qint64 id)
{
    if (const auto cached = m_texts.constFind(id); cached != m_texts.constEnd())
        return *cached;
    const SimToken *record = token(id);
    if (!record && m_context.options.keepTokens)
        return Error {"sim.no_token", simTr("no token %1").arg(id)};
    if (!record)
        return Error {"sim.tokens_not_kept", simTr("tokens are not kept in this run (keepTokens is off)")};
    QByteArray text;
    if (record->kind == CredentialRef::Kind::SessionId) {
        // An opaque 256-bit session id, derived from the seed so the same run shows the same ids.
        const QByteArray material
            = "tokenscope-sim-session|" + QByteArray::number(m_context.scenario.seed) + '|' + QByteArray::number(id);
        text = Base64Url::encode(QCryptographicHash::hash(material, QCryptographicHash::Sha256));
    } else {
        const Key &key = signingKey(record->key);
        if (key.isNull())
            return Error {"sim.no_signing_key", simTr("could not generate the simulator's signing key")};
        text = signingInput(*record);
        const Signature::SignResult signature = Signature::sign(m_context.policy.signingAlgorithm, key, text);
        if (!signature)
            return Error {"sim.not_signed", signature.error};
        text += '.' + Base64Url::encode(signature.signature);
        ++m_context.metrics.signaturesMade;
    }
    m_texts.insert(id, text);
    return text;
}

KeySet TokenMinter::verificationKeys()
{
    KeySet set;
    for (qint32 k = 0; k < qint32(m_keys.size()); ++k) {
        Key publicKey = signingKey(k).publicKey();
        publicKey.setKid(m_keys[size_t(k)].kid);
        set.append(publicKey);
    }
    return set;
}

Key &TokenMinter::signingKey(qint32 index)
{
    SigningKey &key = m_keys[size_t(index)];
    if (key.key.isNull()) {
        const KeyGenerationResult generated = KeyGenerator::generate(m_context.policy.signingAlgorithm, key.kid);
        key.key = generated.key;
        key.key.setKid(key.kid);
    }
    return key.key;
}

QByteArray TokenMinter::signingInput(const SimToken &token)
{
    const IssuerPolicy &policy = m_context.policy;
    JsonValue header = JsonValue::makeObject();
    header.append(QStringLiteral("alg"), JsonValue::makeString(Algorithms::name(policy.signingAlgorithm)));
    // RFC 9068 §2.1: access tokens say so in typ; refresh tokens are plain JWTs here.
    header.append(QStringLiteral("typ"),
                  JsonValue::makeString(token.kind == CredentialRef::Kind::AccessToken ? QStringLiteral("at+jwt")
                                                                                       : QStringLiteral("JWT")));
    header.append(QStringLiteral("kid"), JsonValue::makeString(m_keys[size_t(token.key)].kid));
    JsonValue payload = JsonValue::makeObject();
    payload.append(QStringLiteral("iss"), JsonValue::makeString(policy.issuerUrl));
    payload.append(QStringLiteral("sub"), JsonValue::makeString(userName(token.user)));
    payload.append(
        QStringLiteral("aud"),
        JsonValue::makeString(token.kind == CredentialRef::Kind::AccessToken ? policy.audience : policy.issuerUrl));
    payload.append(QStringLiteral("iat"), JsonValue::makeNumber(token.issuedAt));
    if (token.expiresAt > 0)
        payload.append(QStringLiteral("exp"), JsonValue::makeNumber(token.expiresAt));
    payload.append(QStringLiteral("jti"), JsonValue::makeString(jtiOf(token.id)));
    payload.append(QStringLiteral("client_id"), JsonValue::makeString(clientName(token.client)));
    if (token.kind == CredentialRef::Kind::AccessToken) {
        payload.append(QStringLiteral("role"),
                       JsonValue::makeString(token.admin ? QStringLiteral("admin") : QStringLiteral("user")));
    } else {
        payload.append(QStringLiteral("token_use"), JsonValue::makeString(QStringLiteral("refresh")));
        payload.append(QStringLiteral("fam"), JsonValue::makeNumber(token.family));
        payload.append(QStringLiteral("gen"), JsonValue::makeNumber(token.generation));
    }
    return Base64Url::encode(Json::write(header, Json::Style::Compact)) + '.'
        + Base64Url::encode(Json::write(payload, Json::Style::Compact));
}

} // namespace tokenscope::sim
