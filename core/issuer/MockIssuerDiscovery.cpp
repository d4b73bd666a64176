// The mock issuer's OpenID Connect discovery document and JWKS endpoint.
#include "issuer/MockIssuerHttp.h"

namespace tokenscope::issuer {

QHttpServerResponse MockIssuer::handleDiscovery(Request &request)
{
    if (!request.isGet())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"), QStringLiteral("use GET"));
    const QString base = m_issuerString;
    auto endpoint = [&](const char *path) {
        return base + QString::fromLatin1(path);
    };
    // OpenID Connect Discovery 1.0 §3 and RFC 8414 §2.
    // The issuer_trailing_slash fault: "issuer" no longer equals the tokens' iss character for character, which
    // OpenID Connect Discovery 1.0 §4.3 requires a relying party to refuse.
    if (m_config.faults.issuerTrailingSlash)
        request.noteFault(QStringLiteral("issuer_trailing_slash"));
    const QJsonObject document {
        {QStringLiteral("issuer"), m_config.faults.issuerTrailingSlash ? base + u'/' : base},
        {QStringLiteral("authorization_endpoint"), endpoint("/authorize")},
        {QStringLiteral("token_endpoint"), endpoint("/token")},
        {QStringLiteral("jwks_uri"), endpoint("/jwks")},
        {QStringLiteral("userinfo_endpoint"), endpoint("/userinfo")},
        {QStringLiteral("revocation_endpoint"), endpoint("/revoke")},
        {QStringLiteral("introspection_endpoint"), endpoint("/introspect")},
        {QStringLiteral("end_session_endpoint"), endpoint("/end-session")},
        {QStringLiteral("device_authorization_endpoint"), endpoint("/device_authorization")},
        {QStringLiteral("response_types_supported"), QJsonArray {QStringLiteral("code")}},
        {QStringLiteral("grant_types_supported"), QJsonArray::fromStringList(supportedGrants)},
        {QStringLiteral("subject_types_supported"), QJsonArray {QStringLiteral("public")}},
        {QStringLiteral("id_token_signing_alg_values_supported"),
         QJsonArray {Algorithms::name(m_config.policy.signingAlgorithm)}},
        {QStringLiteral("token_endpoint_auth_methods_supported"),
         QJsonArray {QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post"),
                     QStringLiteral("private_key_jwt"), QStringLiteral("none")}},
        {QStringLiteral("token_endpoint_auth_signing_alg_values_supported"),
         QJsonArray {QStringLiteral("ES256"), QStringLiteral("ES384"), QStringLiteral("ES512"), QStringLiteral("RS256"),
                     QStringLiteral("RS384"), QStringLiteral("RS512"), QStringLiteral("PS256"), QStringLiteral("PS384"),
                     QStringLiteral("PS512"), QStringLiteral("EdDSA")}},
        {QStringLiteral("revocation_endpoint_auth_methods_supported"),
         QJsonArray {QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post"),
                     QStringLiteral("private_key_jwt"), QStringLiteral("none")}},
        {QStringLiteral("introspection_endpoint_auth_methods_supported"),
         QJsonArray {QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post"),
                     QStringLiteral("private_key_jwt")}},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray {QStringLiteral("S256")}},
        {QStringLiteral("scopes_supported"),
         QJsonArray {QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email"),
                     QStringLiteral("offline_access")}},
        {QStringLiteral("claims_supported"),
         QJsonArray {QStringLiteral("sub"), QStringLiteral("iss"), QStringLiteral("aud"), QStringLiteral("exp"),
                     QStringLiteral("iat"), QStringLiteral("auth_time"), QStringLiteral("nonce"),
                     QStringLiteral("sid")}},
        {QStringLiteral("authorization_response_iss_parameter_supported"), true},
        // RFC 9449 §5.1: the algorithms a DPoP proof may be signed with.
        {QStringLiteral("dpop_signing_alg_values_supported"), QJsonArray::fromStringList(dpopAlgorithms())},
    };
    QHttpServerResponse response = jsonResponse(document, Status::Ok, false);
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("public, max-age=300"));
    return response;
}

QHttpServerResponse MockIssuer::handleJwks(Request &request)
{
    if (!request.isGet())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"), QStringLiteral("use GET"));
    const IssuerFaults &faults = m_config.faults;
    if (faults.jwksDelayMs > 0) {
        QThread::msleep(std::min(faults.jwksDelayMs, IssuerFaults::maxDelayMs));
        request.noteFault(QStringLiteral("jwks_delay_ms=%1").arg(faults.jwksDelayMs));
    }
    if (faults.jwks == IssuerFaults::Jwks::ServerError) {
        request.noteFault(QStringLiteral("jwks=server_error"));
        return request.error(Status::InternalServerError, QStringLiteral("server_error"),
                             QStringLiteral("injected fault: jwks=server_error"));
    }
    QByteArray body;
    if (faults.jwks == IssuerFaults::Jwks::Stale) {
        // A copy from before the current key was published: every key but the one that signs now.
        request.noteFault(QStringLiteral("jwks=stale"));
        const LoadedKey *current = signingKey();
        QByteArrayList entries;
        for (const LoadedKey *key : publishedKeys()) {
            if (key != current)
                entries << key->publicJwk;
        }
        body = "{\"keys\":[" + entries.join(',') + "]}";
    } else {
        body = jwks();
    }
    QHttpServerResponse response(QByteArrayLiteral("application/jwk-set+json"), body);
    // Verifiers cache the key set this long; a rotation publishes the next key at least an overlap ahead.
    response.setHeader(QByteArrayLiteral("Cache-Control"),
                       QStringLiteral("public, max-age=%1").arg(m_config.jwksMaxAge).toLatin1());
    return response;
}

} // namespace tokenscope::issuer
