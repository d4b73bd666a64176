// The mock issuer's admin API (docs/issuer.md "Admin API"), loopback callers only, and the admin actions it and
// the GUI share: advancing the clock and banning users.
#include "issuer/MockIssuerHttp.h"

namespace tokenscope::issuer {

Result<void> MockIssuer::advanceClock(qint64 seconds)
{
    if (seconds < 0 || seconds > 100LL * 365 * 86400)
        return Error {"issuer.clock_backwards", tr("the clock only moves forward, by at most 100 years")};
    IssuerStore::Transaction transaction(m_store);
    if (!m_store.setMetaInteger(QStringLiteral("clock_offset"), m_clock->offset.load() + seconds)
        || !transaction.commit())
        return Error {"issuer.state_not_stored", m_store.lastError()};
    m_clock->offset += seconds;
    if (Result<void> keys = ensureKeys(); !keys)
        return keys;
    emit stateChanged();
    return {};
}

Result<void> MockIssuer::setUserBanned(const QString &username, bool banned)
{
    IssuerStore::Transaction transaction(m_store);
    const std::optional<StoredUser> user = m_store.user(username);
    if (!user || !m_store.setBanned(username, banned))
        return Error {"issuer.no_user", tr("no user \"%1\"").arg(username)};
    if (banned && m_store.revokeFamiliesOfSubject(user->subject, QStringLiteral("user_banned"), now()) < 0)
        return Error {"issuer.state_not_stored", m_store.lastError()};
    if (!transaction.commit())
        return Error {"issuer.state_not_stored", m_store.lastError()};
    emit stateChanged();
    return {};
}

Result<void> MockIssuer::setUserRoles(const QString &username, const QStringList &roles)
{
    std::optional<StoredUser> user = m_store.user(username);
    if (!user)
        return Error {"issuer.no_user", tr("no user \"%1\"").arg(username)};
    user->claims.insert(QStringLiteral("roles"), roles);
    if (!m_store.setClaims(username, user->claims))
        return Error {"issuer.state_not_stored", m_store.lastError()};
    emit stateChanged();
    return {};
}

QHttpServerResponse MockIssuer::handleAdmin(Request &request, const QString &action)
{
    if (!isLoopback(request.http.remoteAddress()))
        return request.error(Status::Forbidden, QStringLiteral("access_denied"),
                             QStringLiteral("the admin API answers loopback callers only"));
    // Loopback is not enough: a web page in the user's browser is a loopback caller too (docs/issuer.md).
    if (const QString refusal = m_localRequests.refusal(request.http); !refusal.isEmpty())
        return request.error(Status::Forbidden, QStringLiteral("access_denied"), refusal);
    if (action == u"state") {
        if (!request.isGet())
            return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"),
                                 QStringLiteral("use GET"));
        const qint64 t = now();
        QJsonArray keys;
        const LoadedKey *signer = signingKey();
        for (const LoadedKey &key : std::as_const(m_keys)) {
            keys.append(QJsonObject {
                {QStringLiteral("kid"), key.stored.kid},
                {QStringLiteral("alg"), key.stored.algorithm},
                {QStringLiteral("publish_from"), key.stored.publishFrom},
                {QStringLiteral("sign_from"), key.stored.signFrom},
                {QStringLiteral("retire_at"), key.stored.retireAt},
                {QStringLiteral("published"),
                 key.stored.publishFrom <= t && (key.stored.retireAt == 0 || t < key.stored.retireAt)},
                {QStringLiteral("signing"), signer == &key},
            });
        }
        QJsonArray families;
        for (const StoredFamily &family : m_store.families()) {
            QJsonObject object {
                {QStringLiteral("id"), family.id},
                {QStringLiteral("client_id"), family.clientId},
                {QStringLiteral("sub"), family.subject},
                {QStringLiteral("generation"), family.state.generation},
                {QStringLiteral("created_at"), family.state.createdAt},
                {QStringLiteral("revoked"), family.state.revoked},
            };
            if (family.state.expiresAt != RefreshFamilyState::never)
                object.insert(QStringLiteral("expires_at"), family.state.expiresAt);
            if (family.state.revoked) {
                object.insert(QStringLiteral("revoked_reason"), family.revokedReason);
                object.insert(QStringLiteral("revoked_at"), family.revokedAt);
            }
            families.append(object);
        }
        QJsonArray users;
        for (const StoredUser &user : m_store.users())
            users.append(
                QJsonObject {{QStringLiteral("username"), user.username},
                             {QStringLiteral("sub"), user.subject},
                             {QStringLiteral("banned"), user.banned},
                             {QStringLiteral("roles"),
                              QJsonArray::fromStringList(user.claims.value(QStringLiteral("roles")).toStringList())}});
        QJsonArray clients;
        for (const StoredClient &client : m_store.clients())
            clients.append(
                QJsonObject {{QStringLiteral("client_id"), client.clientId},
                             {QStringLiteral("confidential"), client.isConfidential()},
                             {QStringLiteral("redirect_uris"), QJsonArray::fromStringList(client.redirectUris)}});
        // Access tokens revoked by jti, for blocklists that poll this state (docs/lab.md); an hour past expiry
        // covers any verifier's leeway.
        QJsonArray revokedAccessTokens;
        for (const StoredAccessRevocation &revoked : m_store.revokedAccessTokens(t - 3600))
            revokedAccessTokens.append(QJsonObject {{QStringLiteral("jti"), revoked.jti},
                                                    {QStringLiteral("expires_at"), revoked.expiresAt},
                                                    {QStringLiteral("revoked_at"), revoked.revokedAt}});
        // The issuers served beside this one under their own path (docs/issuer.md "Several issuers"); a tenant
        // has none.
        QJsonArray tenants;
        for (const QString &name : tenantNames())
            tenants.append(QJsonObject {{QStringLiteral("name"), name},
                                        {QStringLiteral("issuer"), tenant(name)->issuerUrl().toString()}});
        const policy::IssuerPolicy &policy = m_config.policy;
        return jsonResponse(QJsonObject {
            {QStringLiteral("now"), t},
            {QStringLiteral("clock_offset"), m_clock->offset.load()},
            {QStringLiteral("database"), m_store.path()},
            {QStringLiteral("policy"),
             QJsonObject {{QStringLiteral("preset"), policy.presetName},
                          {QStringLiteral("access_token_ttl"), policy.accessTokenTtl},
                          {QStringLiteral("refresh_token_lifetime"), policy.refreshTokenLifetime},
                          {QStringLiteral("lifetime_mode"), policy::PolicyNames::lifetimeMode(policy.lifetimeMode)},
                          {QStringLiteral("rotation"), policy::PolicyNames::rotation(policy.rotation)},
                          {QStringLiteral("reuse"), policy::PolicyNames::reuse(policy.reuse)},
                          {QStringLiteral("grace"), policy::PolicyNames::grace(policy.grace)},
                          {QStringLiteral("grace_seconds"), policy.graceSeconds},
                          {QStringLiteral("signing_algorithm"), Algorithms::name(policy.signingAlgorithm)},
                          {QStringLiteral("key_rotation_interval"), policy.keyRotationInterval},
                          {QStringLiteral("key_overlap"), policy.keyOverlap}}},
            {QStringLiteral("keys"), keys},
            {QStringLiteral("families"), families},
            {QStringLiteral("revoked_access_tokens"), revokedAccessTokens},
            {QStringLiteral("users"), users},
            {QStringLiteral("clients"), clients},
            {QStringLiteral("counts"), m_store.counts()},
            {QStringLiteral("faults"), m_config.faults.toJson()},
            {QStringLiteral("tenants"), tenants},
        });
    }
    if (action == u"faults" && request.isGet())
        return jsonResponse({{QStringLiteral("faults"), m_config.faults.toJson()},
                             {QStringLiteral("on"), QJsonArray::fromStringList(m_config.faults.describe())}});
    if (!request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"), QStringLiteral("use POST"));
    if (!readForm(request))
        return std::move(*request.failure);
    const FormParameters &form = request.form;
    if (action == u"advance-clock") {
        bool ok = false;
        const qint64 seconds = form.value(QStringLiteral("seconds")).toLongLong(&ok);
        if (!ok)
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("seconds must be a whole number"));
        if (const Result<void> advanced = advanceClock(seconds); !advanced)
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"), advanced.error().message());
        return jsonResponse({{QStringLiteral("now"), now()}, {QStringLiteral("clock_offset"), m_clock->offset.load()}});
    }
    if (action == u"set-clock") {
        bool ok = false;
        const qint64 time = form.value(QStringLiteral("time")).toLongLong(&ok);
        if (!ok)
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("time must be a NumericDate"));
        if (const Result<void> set = setClock(time); !set)
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"), set.error().message());
        return jsonResponse({{QStringLiteral("now"), now()}, {QStringLiteral("clock_offset"), m_clock->offset.load()}});
    }
    if (action == u"config") {
        if (!form.has(QStringLiteral("config")))
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("config is missing"));
        if (const Result<void> applied = reconfigure(form.value(QStringLiteral("config")).toUtf8()); !applied)
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"), applied.error().message());
        return jsonResponse({{QStringLiteral("clients"), qint64(m_config.clients.size())},
                             {QStringLiteral("users"), qint64(m_config.users.size())}});
    }
    if (action == u"faults") {
        // The whole set at once: members left out are off, so {} clears every fault (docs/issuer.md "Faults").
        if (!form.has(QStringLiteral("faults")))
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("faults is missing"));
        const IssuerFaultsResult parsed
            = IssuerConfigReader::parseFaults(form.value(QStringLiteral("faults")).toUtf8(), QStringLiteral("faults"));
        if (!parsed)
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"), parsed.error);
        setFaults(*parsed.faults);
        return jsonResponse({{QStringLiteral("faults"), m_config.faults.toJson()},
                             {QStringLiteral("on"), QJsonArray::fromStringList(m_config.faults.describe())}});
    }
    if (action == u"rotate-keys") {
        const Result<QString> kid = rotateKeys();
        if (!kid)
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), kid.error().message());
        return jsonResponse(
            {{QStringLiteral("kid"), *kid}, {QStringLiteral("signs_from"), now() + m_config.policy.keyOverlap}});
    }
    if (action == u"ban" || action == u"unban") {
        const QString username = form.value(QStringLiteral("username"));
        if (username.isEmpty())
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("username is missing"));
        if (const Result<void> changed = setUserBanned(username, action == u"ban"); !changed)
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"), changed.error().message());
        return jsonResponse({{QStringLiteral("username"), username}, {QStringLiteral("banned"), action == u"ban"}});
    }
    if (action == u"roles") {
        // roles is a JSON array of strings, so that "no roles" (a full demotion) can be said: RFC 6749 §3.1 treats
        // an empty form value as left out.
        const QString username = form.value(QStringLiteral("username"));
        if (username.isEmpty() || !form.has(QStringLiteral("roles")))
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("give username and roles (a JSON array of strings)"));
        const QString rolesError = QStringLiteral("roles must be a JSON array of at most 32 strings of 1 to 64 visible "
                                                  "ASCII characters");
        const QJsonDocument document = QJsonDocument::fromJson(form.value(QStringLiteral("roles")).toUtf8());
        if (!document.isArray() || document.array().size() > 32)
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"), rolesError);
        QStringList roles;
        for (const QJsonValue &value : document.array()) {
            const QString role = value.toString();
            if (!value.isString() || role.isEmpty() || role.size() > 64
                || std::any_of(role.cbegin(), role.cend(),
                               [](QChar c) { return c.unicode() < 0x21 || c.unicode() > 0x7e; }))
                return request.error(Status::BadRequest, QStringLiteral("invalid_request"), rolesError);
            roles << role;
        }
        if (const Result<void> changed = setUserRoles(username, roles); !changed)
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"), changed.error().message());
        return jsonResponse(
            {{QStringLiteral("username"), username}, {QStringLiteral("roles"), QJsonArray::fromStringList(roles)}});
    }
    if (action == u"revoke") {
        // One of: token (refresh or access), family (a family id, the tokens' "sid"), username (every family).
        const int given = int(form.has(QStringLiteral("token"))) + int(form.has(QStringLiteral("family")))
            + int(form.has(QStringLiteral("username")));
        if (given != 1)
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("give exactly one of token, family, username"));
        IssuerStore::Transaction transaction(m_store);
        int revoked = 0;
        if (form.has(QStringLiteral("token"))) {
            const QByteArray token = form.value(QStringLiteral("token")).toUtf8();
            AccessTokenInfo info;
            if (const std::optional<StoredRefreshToken> row = m_store.refreshToken(IssuerTokens::sha256(token))) {
                revoked = revokeRefreshFamily(row->familyId, QStringLiteral("revoked_by_admin")) ? 1 : -1;
            } else if (inspectAccessToken(token, info, false)) {
                revoked = m_store.revokeAccessToken(info.jti, info.expiresAt, now()) ? 1 : -1;
            }
        } else if (form.has(QStringLiteral("family"))) {
            if (m_store.family(form.value(QStringLiteral("family"))))
                revoked = revokeRefreshFamily(form.value(QStringLiteral("family")), QStringLiteral("revoked_by_admin"))
                    ? 1
                    : -1;
        } else {
            const std::optional<StoredUser> user = m_store.user(form.value(QStringLiteral("username")));
            if (user)
                revoked = m_store.revokeFamiliesOfSubject(user->subject, QStringLiteral("revoked_by_admin"), now());
        }
        if (revoked < 0 || !transaction.commit())
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
        if (revoked > 0)
            emit stateChanged();
        if (revoked == 0)
            return request.error(Status::NotFound, QStringLiteral("invalid_request"),
                                 QStringLiteral("nothing to revoke"));
        return jsonResponse({{QStringLiteral("revoked"), revoked}});
    }
    return request.error(Status::NotFound, QStringLiteral("invalid_request"), QStringLiteral("unknown admin action"));
}

void MockIssuer::setFaults(const IssuerFaults &faults)
{
    m_config.faults = faults;
    emit stateChanged();
}

} // namespace tokenscope::issuer
