// The mock issuer's OpenID Connect userinfo endpoint (Bearer, or DPoP for bound tokens: RFC 9449 §7) and RP-initiated
// logout (end-session).
#include "issuer/MockIssuerHttp.h"

namespace tokenscope::issuer {

QHttpServerResponse MockIssuer::handleUserinfo(Request &request)
{
    auto unauthorized = [&](const QString &code) {
        request.log.error = code;
        QHttpServerResponse response = jsonResponse({{QStringLiteral("error"), code}}, Status::Unauthorized);
        // RFC 6750 §3.
        response.setHeader(QByteArrayLiteral("WWW-Authenticate"),
                           QStringLiteral("Bearer realm=\"%1\", error=\"%2\"").arg(realm, code).toUtf8());
        return response;
    };
    // RFC 9449 §7.1: the DPoP scheme's challenge, naming the algorithms a proof may use.
    auto dpopUnauthorized = [&](const QString &code, const QString &description) {
        request.log.error = code;
        QHttpServerResponse response = jsonResponse(
            {{QStringLiteral("error"), code}, {QStringLiteral("error_description"), safeDescription(description)}},
            Status::Unauthorized);
        response.setHeader(QByteArrayLiteral("WWW-Authenticate"),
                           QStringLiteral("DPoP realm=\"%1\", error=\"%2\", error_description=\"%3\", algs=\"%4\"")
                               .arg(realm, code, safeDescription(description), dpopAlgorithms().join(u' '))
                               .toUtf8());
        return response;
    };
    if (!request.isGet() && !request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"),
                             QStringLiteral("use GET or POST"));
    // One Authorization field: with two, which one the answer is about would be a guess.
    const QList<QByteArray> authorizations = HttpRequestHead::fieldValues(request.http.headers(), "Authorization");
    if (authorizations.size() > 1)
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                             QStringLiteral("more than one Authorization header"));
    const QByteArray authorization = authorizations.value(0);
    // RFC 6750 §2.1 and RFC 9449 §7.1: the scheme names are case-insensitive.
    const bool bearer = authorization.size() >= 8 && authorization.first(7).toLower() == "bearer ";
    const bool dpop = authorization.size() >= 6 && authorization.first(5).toLower() == "dpop ";
    if (!bearer && !dpop) {
        // RFC 6750 §3.1: no credentials of either scheme (none, or another scheme) get the challenges without an
        // error code; RFC 9449 §7.1: one for each scheme this endpoint takes.
        QHttpServerResponse response
            = jsonResponse({{QStringLiteral("error_description"),
                             QStringLiteral("send the access token as Authorization: Bearer, or as Authorization: "
                                            "DPoP with a DPoP proof")}},
                           Status::Unauthorized);
        response.setHeader(QByteArrayLiteral("WWW-Authenticate"),
                           QStringLiteral("Bearer realm=\"%1\"").arg(realm).toUtf8());
        response.addHeader(
            QByteArrayLiteral("WWW-Authenticate"),
            QStringLiteral("DPoP realm=\"%1\", algs=\"%2\"").arg(realm, dpopAlgorithms().join(u' ')).toUtf8());
        return response;
    }
    const QByteArray token = authorization.mid(bearer ? 7 : 5).trimmed();
    AccessTokenInfo info;
    if (!inspectAccessToken(token, info, true) || m_store.isAccessTokenRevoked(info.jti) || info.familyId.isEmpty())
        return dpop ? dpopUnauthorized(QStringLiteral("invalid_token"), QStringLiteral("the access token is not valid"))
                    : unauthorized(QStringLiteral("invalid_token"));
    const JsonValue *confirmation = info.payload.value(u"cnf");
    const bool bound = confirmation && confirmation->isObject() && confirmation->value(u"jkt");
    if (bearer && bound)
        // §7.2: a bound token presented as a bearer token is refused; it is worth nothing without its key.
        return dpopUnauthorized(QStringLiteral("invalid_token"),
                                QStringLiteral("the access token is DPoP-bound: send it as Authorization: DPoP with a "
                                               "DPoP proof"));
    if (dpop) {
        if (!bound)
            return dpopUnauthorized(QStringLiteral("invalid_token"),
                                    QStringLiteral("the access token is not DPoP-bound: send it as a Bearer token"));
        // §7.1: a proof for this request (htm, htu), for this token (ath), by the key the token names (cnf.jkt).
        bool storeFailed = false;
        const DpopProofVerdict proof = checkDpopProof(request, token, false, &storeFailed);
        if (storeFailed)
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), proof.description);
        if (proof.outcome == DpopProofVerdict::Outcome::Absent)
            return dpopUnauthorized(QStringLiteral("invalid_dpop_proof"),
                                    QStringLiteral("the DPoP scheme needs a DPoP proof header"));
        if (proof.outcome != DpopProofVerdict::Outcome::Accepted)
            return dpopUnauthorized(QStringLiteral("invalid_dpop_proof"), proof.description);
    }
    const std::optional<StoredFamily> family = m_store.family(info.familyId);
    const std::optional<StoredUser> user = userBySubject(info.subject);
    if (!family || family->state.revoked || !user || user->banned)
        return dpop ? dpopUnauthorized(QStringLiteral("invalid_token"), QStringLiteral("the access token is not valid"))
                    : unauthorized(QStringLiteral("invalid_token"));
    QJsonObject body = QJsonObject::fromVariantMap(user->claims);
    body.insert(QStringLiteral("sub"), user->subject);
    body.insert(QStringLiteral("preferred_username"), user->username);
    return jsonResponse(body);
}

QHttpServerResponse MockIssuer::handleEndSession(Request &request)
{
    if (!request.isGet() && !request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"),
                             QStringLiteral("use GET or POST"));
    if (!readForm(request))
        return std::move(*request.failure);
    // Validate everything first, then act: a request answered with an error must not end the session.
    const QByteArray hint = request.form.value(QStringLiteral("id_token_hint")).toUtf8();
    QString clientId;
    QString familyId;
    if (!hint.isEmpty()) {
        AccessTokenInfo info;
        if (!inspectIdToken(hint, info))
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("bad id_token_hint"));
        clientId = TokenKindRules::singleAudience(info.payload);
        familyId = info.familyId;
    }
    // RP-Initiated Logout §2: a client_id given beside the hint must be the client the ID token was issued to.
    const QString givenClientId = request.form.value(QStringLiteral("client_id"));
    if (!givenClientId.isEmpty()) {
        if (!clientId.isEmpty() && givenClientId != clientId)
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("client_id differs from the id_token_hint's audience"));
        clientId = givenClientId;
    }
    const QString redirectUri = request.form.value(QStringLiteral("post_logout_redirect_uri"));
    if (!redirectUri.isEmpty()) {
        const std::optional<StoredClient> client = findClient(clientId);
        if (!client || !redirectUriAllowed(*client, redirectUri))
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("post_logout_redirect_uri is not registered"));
    }
    if (!familyId.isEmpty()) {
        IssuerStore::Transaction transaction(m_store);
        if (!revokeRefreshFamily(familyId, QStringLiteral("logout")) || !transaction.commit())
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
        emit stateChanged();
    }
    if (!redirectUri.isEmpty()) {
        QUrl target(redirectUri);
        QUrlQuery query(target);
        if (request.form.has(QStringLiteral("state")))
            query.addQueryItem(
                QStringLiteral("state"),
                QString::fromLatin1(QUrl::toPercentEncoding(request.form.value(QStringLiteral("state")))));
        target.setQuery(query);
        QHttpServerResponse response(Status::Found);
        response.setHeader(QByteArrayLiteral("Location"), target.toEncoded());
        return response;
    }
    const QString html = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%1"
                                        "</title></head><body><h1>%1</h1></body></html>\n")
                             .arg(tr("Signed out"));
    return QHttpServerResponse(htmlType, html.toUtf8());
}

} // namespace tokenscope::issuer
