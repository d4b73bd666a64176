// The mock issuer's RFC 7009 revocation and RFC 7662 introspection endpoints (with RFC 9449 §6.2 cnf for DPoP-bound
// tokens).
#include "issuer/MockIssuerHttp.h"

namespace tokenscope::issuer {

QHttpServerResponse MockIssuer::handleRevoke(Request &request)
{
    if (!request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"), QStringLiteral("use POST"));
    if (!readForm(request) || !authenticateClient(request, false))
        return std::move(*request.failure);
    const QByteArray token = request.form.value(QStringLiteral("token")).toUtf8();
    if (token.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"), QStringLiteral("token is missing"));
    const QString hint = request.form.value(QStringLiteral("token_type_hint"));
    IssuerStore::Transaction transaction(m_store);
    bool changed = false;
    // The hint only orders the look-ups (RFC 7009 §2.1).
    auto tryRefresh = [&]() -> std::optional<QHttpServerResponse> {
        const std::optional<StoredRefreshToken> row = m_store.refreshToken(IssuerTokens::sha256(token));
        if (!row)
            return std::nullopt;
        const std::optional<StoredFamily> family = m_store.family(row->familyId);
        if (!family)
            return std::nullopt;
        if (family->clientId != request.client->clientId)
            return request.error(Status::BadRequest, QStringLiteral("unauthorized_client"),
                                 QStringLiteral("the token was issued to another client"));
        // RFC 7009 §2.1: revoking a refresh token invalidates the grant: the family and its access tokens.
        if (!revokeRefreshFamily(family->id, QStringLiteral("revoked")))
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
        changed = true;
        return QHttpServerResponse(Status::Ok);
    };
    auto tryAccess = [&]() -> std::optional<QHttpServerResponse> {
        AccessTokenInfo info;
        if (!inspectAccessToken(token, info, false))
            return std::nullopt;
        if (info.clientId != request.client->clientId)
            return request.error(Status::BadRequest, QStringLiteral("unauthorized_client"),
                                 QStringLiteral("the token was issued to another client"));
        if (!m_store.revokeAccessToken(info.jti, info.expiresAt, now()))
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
        if (m_config.accessTokenRevocationRevokesFamily && !info.familyId.isEmpty()
            && !revokeRefreshFamily(info.familyId, QStringLiteral("revoked")))
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
        changed = true;
        return QHttpServerResponse(Status::Ok);
    };
    std::optional<QHttpServerResponse> response = hint == u"access_token" ? tryAccess() : tryRefresh();
    if (!response)
        response = hint == u"access_token" ? tryRefresh() : tryAccess();
    if (changed && !transaction.commit())
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    if (changed)
        emit stateChanged();
    // RFC 7009 §2.2: an invalid or unknown token is answered with 200 too.
    if (!response)
        response.emplace(Status::Ok);
    response->setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return std::move(*response);
}

QHttpServerResponse MockIssuer::handleIntrospect(Request &request)
{
    if (!request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"), QStringLiteral("use POST"));
    // RFC 7662 §2.1: the caller must be authorised; here, any confidential client.
    if (!readForm(request) || !authenticateClient(request, true))
        return std::move(*request.failure);
    const QByteArray token = request.form.value(QStringLiteral("token")).toUtf8();
    if (token.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"), QStringLiteral("token is missing"));
    const qint64 t = now();
    const QJsonObject inactive {{QStringLiteral("active"), false}};

    if (const std::optional<StoredRefreshToken> row = m_store.refreshToken(IssuerTokens::sha256(token))) {
        const std::optional<StoredFamily> family = m_store.family(row->familyId);
        const std::optional<StoredUser> user = family ? userBySubject(family->subject) : std::nullopt;
        if (!family
            || !RefreshRules::wouldAccept(m_config.policy, family->state, row->generation, !user || user->banned, t))
            return jsonResponse(inactive);
        QJsonObject body {
            {QStringLiteral("active"), true},
            {QStringLiteral("token_type"), QStringLiteral("refresh_token")},
            {QStringLiteral("client_id"), family->clientId},
            {QStringLiteral("sub"), family->subject},
            {QStringLiteral("username"), user->username},
            {QStringLiteral("scope"), family->scope},
            {QStringLiteral("iat"), row->issuedAt},
            {QStringLiteral("iss"), m_issuerString},
            {QStringLiteral("sid"), family->id},
        };
        if (family->state.expiresAt != RefreshFamilyState::never)
            body.insert(QStringLiteral("exp"), family->state.expiresAt);
        // RFC 9449 §5 and §6.2: a public client's refresh token bound to its DPoP key says which key.
        if (const QString jkt = m_store.familyDpopJkt(family->id).value_or(QString()); !jkt.isEmpty())
            body.insert(QStringLiteral("cnf"), QJsonObject {{QStringLiteral("jkt"), jkt}});
        return jsonResponse(body);
    }
    AccessTokenInfo info;
    if (!inspectAccessToken(token, info, true) || m_store.isAccessTokenRevoked(info.jti))
        return jsonResponse(inactive);
    // A ban ends every access token of the user, with a refresh family or without (client credentials have none).
    const std::optional<StoredUser> user = userBySubject(info.subject);
    if (user && user->banned)
        return jsonResponse(inactive);
    if (!info.familyId.isEmpty()) {
        const std::optional<StoredFamily> family = m_store.family(info.familyId);
        // Revoking the family (refresh-token revocation, reuse detection) ends its access tokens too.
        if (!family || family->state.revoked || !user)
            return jsonResponse(inactive);
    }
    QJsonObject body {
        {QStringLiteral("active"), true},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("client_id"), info.clientId},
        {QStringLiteral("sub"), info.subject},
        {QStringLiteral("scope"), info.scope},
        {QStringLiteral("exp"), info.expiresAt},
        {QStringLiteral("iat"), info.issuedAt},
        {QStringLiteral("iss"), m_issuerString},
        {QStringLiteral("aud"), m_config.audience},
        {QStringLiteral("jti"), info.jti},
    };
    // RFC 9449 §6.2: a DPoP-bound token's confirmation, so a resource server can check the proof's key.
    if (const JsonValue *confirmation = info.payload.value(u"cnf"); confirmation && confirmation->isObject()) {
        if (const QString jkt = stringClaim(*confirmation, u"jkt"); !jkt.isEmpty()) {
            body.insert(QStringLiteral("token_type"), QStringLiteral("DPoP"));
            body.insert(QStringLiteral("cnf"), QJsonObject {{QStringLiteral("jkt"), jkt}});
        }
    }
    if (user) {
        body.insert(QStringLiteral("username"), user->username);
        // The user's roles as they are now, not as the token was signed (RFC 7662 §2.2 allows further members):
        // this is how introspection makes a demotion take effect before the access token expires.
        if (const QVariant roles = user->claims.value(QStringLiteral("roles")); roles.isValid())
            body.insert(QStringLiteral("roles"), QJsonArray::fromStringList(roles.toStringList()));
    }
    return jsonResponse(body);
}

} // namespace tokenscope::issuer
