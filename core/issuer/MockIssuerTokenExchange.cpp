// The mock issuer's RFC 8693 token exchange: a service trades an access token it received for one of its own,
// narrowed in scope (impersonation), or naming itself as the actor (delegation, the "act" claim).
#include "issuer/MockIssuerHttp.h"

namespace tokenscope::issuer {

namespace {

// RFC 8693 §4.1: the actor of a delegated token; an actor already in the subject token is kept, nested, as the
// prior actor of the chain.
JsonValue actClaim(const QString &actorSubject, const JsonValue &subjectPayload)
{
    JsonValue act = JsonValue::makeObject();
    act.append(QStringLiteral("sub"), JsonValue::makeString(actorSubject));
    if (const JsonValue *prior = subjectPayload.isObject() ? subjectPayload.value(u"act") : nullptr)
        act.append(QStringLiteral("act"), *prior);
    return act;
}

} // namespace

QHttpServerResponse MockIssuer::grantTokenExchange(Request &request)
{
    const FormParameters &form = request.form;
    const QString subjectToken = form.value(QStringLiteral("subject_token"));
    const QString subjectType = form.value(QStringLiteral("subject_token_type"));
    // RFC 8693 §2.1: subject_token and its type are required; this issuer exchanges its own access tokens.
    if (subjectToken.isEmpty() || subjectType.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                             QStringLiteral("subject_token and subject_token_type are required"));
    if (subjectType != accessTokenType)
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                             QStringLiteral("subject_token_type must be %1").arg(accessTokenType));
    const QString requestedType = form.value(QStringLiteral("requested_token_type"));
    if (!requestedType.isEmpty() && requestedType != accessTokenType)
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                             QStringLiteral("requested_token_type must be %1").arg(accessTokenType));
    // RFC 8693 §2.2.2 invalid_target: this issuer serves one API, its configured audience.
    for (const char *name : {"audience", "resource"}) {
        const QString target = form.value(QString::fromLatin1(name));
        if (!target.isEmpty() && target != m_config.audience)
            return request.error(Status::BadRequest, QStringLiteral("invalid_target"),
                                 QStringLiteral("%1 must be %2").arg(QLatin1String(name), m_config.audience));
    }
    const QString actorToken = form.value(QStringLiteral("actor_token"));
    const QString actorType = form.value(QStringLiteral("actor_token_type"));
    if (actorToken.isEmpty() != actorType.isEmpty() || (!actorType.isEmpty() && actorType != accessTokenType))
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                             QStringLiteral("actor_token needs actor_token_type %1").arg(accessTokenType));

    // Only an active token passes: unexpired, signed here, not revoked, its session and user in good standing.
    auto active = [this](const QString &token, AccessTokenInfo &info) {
        if (!inspectAccessToken(token.toUtf8(), info, true) || m_store.isAccessTokenRevoked(info.jti))
            return false;
        if (info.familyId.isEmpty())
            return true;
        const std::optional<StoredFamily> family = m_store.family(info.familyId);
        const std::optional<StoredUser> user = userBySubject(info.subject);
        return family && !family->state.revoked && user && !user->banned;
    };
    AccessTokenInfo subject;
    if (!active(subjectToken, subject))
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("subject_token is not an active access token of this issuer"));
    AccessTokenInfo actor;
    if (!actorToken.isEmpty() && !active(actorToken, actor))
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("actor_token is not an active access token of this issuer"));

    // The exchanged token may narrow the subject token's scope, never widen it.
    const QStringList held = subject.scope.split(u' ', Qt::SkipEmptyParts);
    const QStringList asked = form.value(QStringLiteral("scope")).split(u' ', Qt::SkipEmptyParts);
    for (const QString &scope : asked) {
        if (!held.contains(scope))
            return request.error(Status::BadRequest, QStringLiteral("invalid_scope"),
                                 QStringLiteral("scope %1 is not in the subject token").arg(scope));
    }
    const QString scope = asked.isEmpty() ? subject.scope : asked.join(u' ');

    Issued issued;
    issued.issuedTokenType = accessTokenType;
    const std::optional<JsonValue> act
        = actorToken.isEmpty() ? std::nullopt : std::optional(actClaim(actor.subject, subject.payload));
    // The subject's session stays attached: ending it ends the exchanged token too.
    if (const Result<void> signedAccess = signAccessToken(subject.subject, request.client->clientId, scope,
                                                          subject.familyId, issued, act ? &*act : nullptr);
        !signedAccess)
        return request.error(Status::InternalServerError, QStringLiteral("server_error"),
                             signedAccess.error().message());
    return tokenResponse(request, issued, subject.subject, subject.familyId);
}

} // namespace tokenscope::issuer
