// The mock issuer's private_key_jwt client authentication (RFC 7523 §2.2 and §3, OpenID Connect Core §9): a client
// proves itself with a JWT signed by one of the public keys its configuration lists, instead of a shared secret.
#include "issuer/MockIssuerHttp.h"

namespace tokenscope::issuer {

namespace {

const QString jwtBearerAssertion = QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
constexpr qint64 assertionLeewaySeconds = 60;
constexpr int maxSeenAssertions = 10'000; // a bound on the replay cache; exp limits how long each entry stays

QStringList audiences(const JsonValue &payload)
{
    QStringList values;
    const JsonValue *aud = payload.value(u"aud");
    if (aud && aud->isString())
        values << aud->string;
    if (aud && aud->isArray()) {
        for (const JsonValue &element : aud->elements) {
            if (element.isString())
                values << element.string;
        }
    }
    return values;
}

} // namespace

bool MockIssuer::authenticateByAssertion(Request &request)
{
    auto refuse = [&request](const QString &why) {
        return request.fail(Status::Unauthorized, QStringLiteral("invalid_client"), why);
    };
    if (request.form.value(QStringLiteral("client_assertion_type")) != jwtBearerAssertion)
        return refuse(QStringLiteral("client_assertion_type must be %1").arg(jwtBearerAssertion));
    const QByteArray assertion = request.form.value(QStringLiteral("client_assertion")).toUtf8();
    const DecodeResult decoded = CompactToken::decode(assertion);
    if (!decoded || !decoded.token->payload || !decoded.token->payload->isObject())
        return refuse(QStringLiteral("client_assertion is not a signed JWT"));
    const JsonValue &payload = *decoded.token->payload;
    // §3 items 1-2: iss and sub are both the client_id.
    const JsonValue *iss = payload.value(u"iss");
    const JsonValue *sub = payload.value(u"sub");
    const QString clientId = iss && iss->isString() ? iss->string : QString();
    if (clientId.isEmpty() || !sub || !sub->isString() || sub->string != clientId)
        return refuse(QStringLiteral("client_assertion needs iss and sub both equal to the client_id"));
    if (request.form.has(QStringLiteral("client_id")) && request.form.value(QStringLiteral("client_id")) != clientId)
        return refuse(QStringLiteral("client_id differs from the client_assertion's iss"));
    request.log.clientId = clientId;
    const std::optional<StoredClient> client = findClient(clientId);
    if (!client || client->keys.isEmpty())
        return refuse(QStringLiteral("the client has no keys for private_key_jwt"));
    // §3 item 3: the audience is this issuer; OpenID Connect Core §9 names the token endpoint. Either is taken, as
    // is the endpoint being called (revocation, introspection).
    // The request's path already holds a tenant's base path: the origin alone goes before it.
    const QString called = m_issuerString.chopped(m_basePath.size()) + request.http.url().path();
    const QStringList aud = audiences(payload);
    if (!aud.contains(m_issuerString) && !aud.contains(m_issuerString + QStringLiteral("/token"))
        && !aud.contains(called))
        return refuse(QStringLiteral("client_assertion's aud must name this issuer or its token endpoint"));
    // §3 item 4 exp (and nbf, iat checked with a leeway); OpenID Connect Core §9 requires jti.
    VerificationPolicy policy;
    policy.clock = m_clock.get();
    policy.leewaySeconds = assertionLeewaySeconds;
    policy.requiredClaims = {QStringLiteral("exp"), QStringLiteral("jti")};
    const VerificationResult verdict = TokenVerifier::verify(*decoded.token, client->keys, policy);
    if (!verdict)
        return refuse(QStringLiteral("client_assertion refused: %1").arg(reasonName(verdict.reason)));
    // §3 item 7: a jti is used once, for as long as the assertion could be presented.
    const qint64 t = now();
    m_seenAssertions.removeIf([t](const auto &entry) { return entry.value() + assertionLeewaySeconds < t; });
    const JsonValue *jti = payload.value(u"jti");
    const QString seenKey = clientId + u' ' + (jti->isString() ? jti->string : QString::fromLatin1(jti->lexeme));
    if (m_seenAssertions.contains(seenKey))
        return refuse(QStringLiteral("client_assertion was already used (its jti)"));
    if (m_seenAssertions.size() >= maxSeenAssertions)
        return refuse(QStringLiteral("too many client assertions at once; retry later"));
    const JsonValue *exp = payload.value(u"exp");
    m_seenAssertions.insert(seenKey, exp ? exp->toInteger().value_or(t) : t);
    request.client = client;
    return true;
}

} // namespace tokenscope::issuer
