// The mock issuer's token endpoint (RFC 6749 §3.2) and its grants: client_credentials, password, refresh_token
// (the rulebook's refresh policy) and authorization_code with PKCE (RFC 7636); DPoP binding (RFC 9449 §5).
#include "issuer/MockIssuerHttp.h"

#include <QScopeGuard>

namespace tokenscope::issuer {

QHttpServerResponse MockIssuer::handleToken(Request &request)
{
    if (!request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"),
                             QStringLiteral("the token endpoint takes POST"));
    if (std::optional<QHttpServerResponse> failed = tokenEndpointFault(request))
        return std::move(*failed);
    if (!readForm(request))
        return std::move(*request.failure);
    const QString grantType = request.form.value(QStringLiteral("grant_type"));
    request.log.grantType = grantType;
    if (!authenticateClient(request, false))
        return std::move(*request.failure);
    if (grantType.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                             QStringLiteral("grant_type is missing"));
    if (!supportedGrants.contains(grantType))
        return request.error(Status::BadRequest, QStringLiteral("unsupported_grant_type"),
                             QStringLiteral("unsupported grant_type"));
    const StoredClient &client = *request.client;
    // RFC 6749 §4.4: client credentials only for confidential clients; token exchange too (RFC 8693 §2.1 leaves
    // client authentication to the server, and an unauthenticated exchange would let anyone holding a token mint
    // more).
    const bool confidentialOnly = grantType == u"client_credentials" || grantType == tokenExchangeGrant;
    const bool grantAllowed = client.grantTypes.isEmpty() ? (!confidentialOnly || client.isConfidential())
                                                          : client.grantTypes.contains(grantType);
    if (!grantAllowed || (confidentialOnly && !client.isConfidential()))
        return request.error(Status::BadRequest, QStringLiteral("unauthorized_client"),
                             QStringLiteral("this client may not use this grant type"));

    // RFC 9449 §5: a DPoP proof binds what this request issues to the proof's key.
    auto withNonce = [this](QHttpServerResponse response) {
        if (m_config.dpop.requireNonce)
            response.setHeader(QByteArrayLiteral("DPoP-Nonce"), dpopNonce().toLatin1());
        return response;
    };
    bool storeFailed = false;
    const DpopProofVerdict proof = checkDpopProof(request, std::nullopt, m_config.dpop.requireNonce, &storeFailed);
    if (storeFailed)
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), proof.description);
    if (proof.outcome == DpopProofVerdict::Outcome::Invalid)
        return withNonce(request.error(Status::BadRequest, QStringLiteral("invalid_dpop_proof"), proof.description));
    if (proof.outcome == DpopProofVerdict::Outcome::NonceNeeded)
        return withNonce(request.error(Status::BadRequest, QStringLiteral("use_dpop_nonce"), proof.description));
    const IssuerClient *configured = m_config.client(client.clientId);
    if (proof.outcome == DpopProofVerdict::Outcome::Absent && configured && configured->dpopBoundAccessTokens)
        return withNonce(request.error(Status::BadRequest, QStringLiteral("invalid_dpop_proof"),
                                       QStringLiteral("client %1 requires DPoP (dpop_bound_access_tokens): send a "
                                                      "DPoP proof with the token request")
                                           .arg(client.clientId)));
    // §5: a public client's refresh tokens are bound to the key too; a confidential client's are bound to the client
    // by its authentication already.
    m_dpopBinding = {proof.thumbprint, !proof.thumbprint.isEmpty() && !client.isConfidential()};
    const auto clearBinding = qScopeGuard([this] { m_dpopBinding = {}; });
    return withNonce(dispatchGrant(request, grantType));
}

QHttpServerResponse MockIssuer::dispatchGrant(Request &request, const QString &grantType)
{
    if (grantType == u"client_credentials")
        return grantClientCredentials(request);
    if (grantType == u"password")
        return grantPassword(request);
    if (grantType == u"refresh_token")
        return grantRefreshToken(request);
    if (grantType == tokenExchangeGrant)
        return grantTokenExchange(request);
    if (grantType == deviceCodeGrant)
        return grantDeviceCode(request);
    return grantAuthorizationCode(request);
}

QHttpServerResponse MockIssuer::tokenResponse(Request &request, const Issued &issued, const QString &subject,
                                              const QString &familyId)
{
    // The token faults changed what was signed (signIssued).
    if (m_config.faults.tokenUnknownKid)
        request.noteFault(QStringLiteral("token_unknown_kid"));
    if (m_config.faults.tokenClockSkew != 0)
        request.noteFault(QStringLiteral("token_clock_skew=%1").arg(m_config.faults.tokenClockSkew));
    if (isSignalConnected(QMetaMethod::fromSignal(&MockIssuer::tokensIssued))) {
        IssuedTokens tokens;
        tokens.time = now();
        tokens.grantType = request.log.grantType;
        tokens.clientId = request.client ? request.client->clientId : QString();
        tokens.subject = subject;
        tokens.familyId = familyId;
        tokens.accessToken = issued.accessToken;
        tokens.refreshToken = issued.refreshToken;
        tokens.idToken = issued.idToken;
        emit tokensIssued(tokens);
    }
    // RFC 6749 §5.1.
    QJsonObject body {
        {QStringLiteral("access_token"), QString::fromLatin1(issued.accessToken)},
        // RFC 9449 §5: a DPoP-bound access token is of type DPoP.
        {QStringLiteral("token_type"), m_dpopBinding.jkt.isEmpty() ? QStringLiteral("Bearer") : QStringLiteral("DPoP")},
        {QStringLiteral("expires_in"), issued.expiresIn},
    };
    if (!issued.scope.isEmpty())
        body.insert(QStringLiteral("scope"), issued.scope);
    if (!issued.refreshToken.isEmpty())
        body.insert(QStringLiteral("refresh_token"), QString::fromLatin1(issued.refreshToken));
    if (!issued.idToken.isEmpty())
        body.insert(QStringLiteral("id_token"), QString::fromLatin1(issued.idToken));
    if (!issued.issuedTokenType.isEmpty())
        body.insert(QStringLiteral("issued_token_type"), issued.issuedTokenType);
    return jsonResponse(body);
}

QHttpServerResponse MockIssuer::grantClientCredentials(Request &request)
{
    bool scopeOk = true;
    const QString scope = grantedScope(*request.client, request.form.value(QStringLiteral("scope")), &scopeOk);
    if (!scopeOk)
        return request.error(Status::BadRequest, QStringLiteral("invalid_scope"), QStringLiteral("scope not allowed"));
    Issued issued;
    // RFC 6749 §4.4.3: no refresh token for client credentials.
    if (const Result<void> signedAccess
        = signAccessToken(request.client->clientId, request.client->clientId, scope, QString(), issued);
        !signedAccess)
        return request.error(Status::InternalServerError, QStringLiteral("server_error"),
                             signedAccess.error().message());
    return tokenResponse(request, issued, request.client->clientId, QString());
}

QHttpServerResponse MockIssuer::grantPassword(Request &request)
{
    const QString username = request.form.value(QStringLiteral("username"));
    const QString password = request.form.value(QStringLiteral("password"));
    if (username.isEmpty() || password.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                             QStringLiteral("username and password are required"));
    bool scopeOk = true;
    const QString scope = grantedScope(*request.client, request.form.value(QStringLiteral("scope")), &scopeOk);
    if (!scopeOk)
        return request.error(Status::BadRequest, QStringLiteral("invalid_scope"), QStringLiteral("scope not allowed"));
    const std::optional<StoredUser> user = m_store.user(username);
    if (!passwordMatches(user, password))
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("wrong username or password"));
    if (user->banned)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"), QStringLiteral("user is banned"));
    return issueLoginTokens(request, user->subject, scope, now());
}

// A user's login through the requesting client: a new session (refresh family), the access token and, with scope
// openid, the ID token.
QHttpServerResponse MockIssuer::issueLoginTokens(Request &request, const QString &subject, const QString &scope,
                                                 qint64 authTime)
{
    Issued issued;
    IssuerStore::Transaction transaction(m_store);
    QString familyId;
    if (m_config.policy.refreshTokensEnabled
        && !startRefreshFamily(request.client->clientId, subject, scope, authTime, issued, &familyId))
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    if (const Result<void> signedAccess = signAccessToken(subject, request.client->clientId, scope, familyId, issued);
        !signedAccess)
        return request.error(Status::InternalServerError, QStringLiteral("server_error"),
                             signedAccess.error().message());
    if (scope.split(u' ').contains(QStringLiteral("openid"))) {
        if (const Result<void> signedId
            = signIdToken(subject, request.client->clientId, QString(), authTime, familyId, issued);
            !signedId)
            return request.error(Status::InternalServerError, QStringLiteral("server_error"),
                                 signedId.error().message());
    }
    if (!transaction.commit())
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    emit stateChanged();
    return tokenResponse(request, issued, subject, familyId);
}

QHttpServerResponse MockIssuer::grantRefreshToken(Request &request)
{
    const QByteArray presented = request.form.value(QStringLiteral("refresh_token")).toUtf8();
    if (presented.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                             QStringLiteral("refresh_token is missing"));
    const qint64 t = now();
    IssuerStore::Transaction transaction(m_store);
    const std::optional<StoredRefreshToken> row = m_store.refreshToken(IssuerTokens::sha256(presented));
    // The family row stays locked until commit: a concurrent refresh of the same family (another replica) waits,
    // then sees this rotation and meets the reuse policy.
    std::optional<StoredFamily> family = row ? m_store.family(row->familyId, RowLock::ForUpdate) : std::nullopt;
    // RFC 6749 §6: the refresh token is bound to the client it was issued to.
    if (!row || !family || family->clientId != request.client->clientId)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("unknown refresh token"));
    // RFC 9449 §5: a public client's refresh token bound to a DPoP key is used only with a proof by that key; the
    // refusal changes nothing, so a stolen token without the key cannot even revoke the family.
    const std::optional<QString> boundJkt = m_store.familyDpopJkt(family->id);
    if (!boundJkt)
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    if (!boundJkt->isEmpty() && m_dpopBinding.jkt.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_dpop_proof"),
                             QStringLiteral("the refresh token is bound to a DPoP key: send a DPoP proof signed with "
                                            "that key"));
    if (!boundJkt->isEmpty() && m_dpopBinding.jkt != *boundJkt)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("the refresh token is bound to another DPoP key than the proof's"));
    bool scopeOk = true;
    QString scope = family->scope;
    if (request.form.has(QStringLiteral("scope"))) {
        // RFC 6749 §6: a refresh may narrow the scope, never widen it.
        const QStringList granted = family->scope.split(u' ', Qt::SkipEmptyParts);
        const QStringList asked = request.form.value(QStringLiteral("scope")).split(u' ', Qt::SkipEmptyParts);
        for (const QString &s : asked)
            scopeOk = scopeOk && granted.contains(s);
        scope = asked.join(u' ');
    }
    if (!scopeOk)
        return request.error(Status::BadRequest, QStringLiteral("invalid_scope"),
                             QStringLiteral("scope wider than granted"));
    const std::optional<StoredUser> user = userBySubject(family->subject);
    const bool banned = !user || user->banned;
    const RefreshDecision decision = RefreshRules::decide(m_config.policy, family->state, row->generation, banned, t);
    if (!decision.accepted()) {
        const QString reason = QString::fromLatin1(policy::reasonCode(decision.reason));
        if (decision.revokeFamily) {
            // RFC 9700 §4.14.2: reuse of a rotated refresh token revokes the whole family, committed before the
            // refusal so a crash cannot revive it.
            if (!revokeRefreshFamily(family->id, reason) || !transaction.commit())
                return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
            emit stateChanged();
        }
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("refresh token rejected: %1").arg(reason));
    }

    // The raw token of the family's current generation, opened along the sealed chain from the presented one.
    QByteArray currentRaw = presented;
    for (int generation = row->generation; generation < family->state.generation; ++generation) {
        const std::optional<StoredRefreshToken> link = m_store.refreshTokenOfGeneration(family->id, generation);
        if (!link || link->sealedNext.isEmpty())
            return request.error(Status::InternalServerError, QStringLiteral("server_error"),
                                 QStringLiteral("refresh chain broken"));
        currentRaw = IssuerTokens::open(link->sealedNext, currentRaw);
    }
    Issued issued;
    if (decision.outcome == RefreshDecision::Outcome::IssueNewGeneration) {
        issued.refreshToken = IssuerTokens::newOpaqueValue();
        const std::optional<StoredRefreshToken> current
            = m_store.refreshTokenOfGeneration(family->id, family->state.generation);
        StoredRefreshToken next {
            IssuerTokens::sha256(issued.refreshToken), family->id, decision.next.generation, t, {}};
        if (!current || !m_store.insertRefreshToken(next)
            || !m_store.setSealedNext(current->tokenSha256, IssuerTokens::seal(issued.refreshToken, currentRaw)))
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    } else {
        issued.refreshToken = currentRaw;
    }
    if (decision.next != family->state && !m_store.updateFamilyState(family->id, decision.next))
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    if (const Result<void> signedAccess = signAccessToken(family->subject, family->clientId, scope, family->id, issued);
        !signedAccess)
        return request.error(Status::InternalServerError, QStringLiteral("server_error"),
                             signedAccess.error().message());
    if (scope.split(u' ').contains(QStringLiteral("openid"))) {
        if (const Result<void> signedId
            = signIdToken(family->subject, family->clientId, QString(), family->authTime, family->id, issued);
            !signedId)
            return request.error(Status::InternalServerError, QStringLiteral("server_error"),
                                 signedId.error().message());
    }
    if (!transaction.commit())
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    emit stateChanged();
    if (m_config.faults.dropRefreshResponse) {
        // The rotation is committed; the client never hears of it (RFC 9700 §4.14.2 grace windows exist for this).
        m_dropAnswer = true;
        request.noteFault(QStringLiteral("drop_refresh_response"));
    }
    return tokenResponse(request, issued, family->subject, family->id);
}

std::optional<QHttpServerResponse> MockIssuer::tokenEndpointFault(Request &request)
{
    const IssuerFaults &faults = m_config.faults;
    if (faults.tokenDelayMs > 0) {
        // Blocks the issuer's thread, as an overloaded issuer would; bounded by IssuerFaults::maxDelayMs.
        QThread::msleep(std::min(faults.tokenDelayMs, IssuerFaults::maxDelayMs));
        request.noteFault(QStringLiteral("token_delay_ms=%1").arg(faults.tokenDelayMs));
    }
    ++m_tokenRequests;
    // Exactly the given share, spread evenly and repeatably: request n fails when floor(n·p/100) steps up.
    const qint64 percent = faults.tokenErrorPercent;
    if (percent > 0 && (m_tokenRequests * percent) / 100 != ((m_tokenRequests - 1) * percent) / 100) {
        request.noteFault(QStringLiteral("token_error_percent=%1").arg(percent));
        QHttpServerResponse answer
            = request.error(Status::ServiceUnavailable, QStringLiteral("temporarily_unavailable"),
                            QStringLiteral("injected fault: token_error_percent"));
        answer.setHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
        return answer;
    }
    return std::nullopt;
}

QHttpServerResponse MockIssuer::grantAuthorizationCode(Request &request)
{
    const QString code = request.form.value(QStringLiteral("code"));
    const QString redirectUri = request.form.value(QStringLiteral("redirect_uri"));
    const QString verifier = request.form.value(QStringLiteral("code_verifier"));
    if (code.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"), QStringLiteral("code is missing"));
    const qint64 t = now();
    IssuerStore::Transaction transaction(m_store);
    const QByteArray codeHash = IssuerTokens::sha256(code.toUtf8());
    const std::optional<StoredCode> stored = m_store.code(codeHash, RowLock::ForUpdate); // one exchange per code
    if (!stored || stored->clientId != request.client->clientId)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"), QStringLiteral("unknown code"));
    if (stored->used) {
        // RFC 6749 §4.1.2: a code used twice revokes the tokens issued from it.
        if (!stored->familyId.isEmpty()) {
            if (!revokeRefreshFamily(stored->familyId, QStringLiteral("code_reused")) || !transaction.commit())
                return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
            emit stateChanged();
        }
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"), QStringLiteral("code already used"));
    }
    if (t >= stored->expiresAt)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"), QStringLiteral("code expired"));
    // RFC 6749 §4.1.3: redirect_uri must be identical to the one in the authorization request.
    if (redirectUri != stored->redirectUri)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("redirect_uri differs"));
    if (!stored->codeChallenge.isEmpty()) {
        if (verifier.isEmpty())
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("code_verifier is missing"));
        // RFC 7636 §4.1: 43-128 characters of [A-Za-z0-9-._~].
        static const QRegularExpression verifierSyntax(QStringLiteral("^[A-Za-z0-9._~-]{43,128}$"));
        if (!verifierSyntax.match(verifier).hasMatch())
            return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                                 QStringLiteral("code_verifier is not a valid PKCE verifier"));
        // RFC 7636 §4.6: compare BASE64URL(SHA256(verifier)) with the stored challenge.
        if (!IssuerTokens::constantTimeEquals(IssuerTokens::pkceS256(verifier.toLatin1()),
                                              stored->codeChallenge.toLatin1()))
            return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                                 QStringLiteral("PKCE verification failed"));
    } else if (!verifier.isEmpty()) {
        // RFC 9700 §2.1.1: a code_verifier without a code_challenge in the authorization request is refused.
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("code_verifier without code_challenge"));
    }
    // RFC 9449 §10: a code bound with dpop_jkt is exchanged only with a proof by that key. Like a bound refresh
    // token's, the refusal leaves the code unused, so someone holding a stolen code cannot burn it.
    if (!stored->dpopJkt.isEmpty() && m_dpopBinding.jkt.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_dpop_proof"),
                             QStringLiteral("the code is bound to a DPoP key (dpop_jkt): send a DPoP proof signed "
                                            "with that key"));
    if (!stored->dpopJkt.isEmpty() && m_dpopBinding.jkt != stored->dpopJkt)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("the code is bound to another DPoP key (dpop_jkt) than the proof's"));
    const std::optional<StoredUser> user = userBySubject(stored->subject);
    if (!user || user->banned)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"), QStringLiteral("user is banned"));

    Issued issued;
    QString familyId;
    if (m_config.policy.refreshTokensEnabled
        && !startRefreshFamily(stored->clientId, stored->subject, stored->scope, stored->authTime, issued, &familyId))
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    if (!m_store.markCodeUsed(codeHash, familyId))
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    if (const Result<void> signedAccess
        = signAccessToken(stored->subject, stored->clientId, stored->scope, familyId, issued);
        !signedAccess)
        return request.error(Status::InternalServerError, QStringLiteral("server_error"),
                             signedAccess.error().message());
    if (stored->scope.split(u' ').contains(QStringLiteral("openid"))) {
        if (const Result<void> signedId
            = signIdToken(stored->subject, stored->clientId, stored->nonce, stored->authTime, familyId, issued);
            !signedId)
            return request.error(Status::InternalServerError, QStringLiteral("server_error"),
                                 signedId.error().message());
    }
    if (!transaction.commit())
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    emit stateChanged();
    return tokenResponse(request, issued, stored->subject, familyId);
}

// A login starts a refresh family (the session, RFC 9700 §4.14.2) with its first refresh token, generation 0.
bool MockIssuer::startRefreshFamily(const QString &clientId, const QString &subject, const QString &scope,
                                    qint64 authTime, Issued &issued, QString *familyId)
{
    const qint64 t = now();
    StoredFamily family;
    family.id = QString::fromLatin1(Base64Url::encode(IssuerTokens::randomBytes(16)));
    family.clientId = clientId;
    family.subject = subject;
    family.scope = scope;
    family.authTime = authTime;
    family.state = RefreshRules::newFamily(m_config.policy, t);
    issued.refreshToken = IssuerTokens::newOpaqueValue();
    StoredRefreshToken row {IssuerTokens::sha256(issued.refreshToken), family.id, 0, t, {}};
    if (!m_store.insertFamily(family) || !m_store.insertRefreshToken(row))
        return false;
    if (m_dpopBinding.bindsRefreshFamily && !m_store.setFamilyDpopJkt(family.id, m_dpopBinding.jkt))
        return false;
    *familyId = family.id;
    return true;
}

} // namespace tokenscope::issuer
