#include "sim/SimResourceServers.h"

#include "jose/CompactToken.h"
#include "sim/LabResourceServers.h"
#include "sim/LiveIssuer.h"
#include "sim/LiveResourceServers.h"
#include "sim/SimAuthorizationServer.h"
#include "sim/TokenMinter.h"

#include <algorithm>

namespace tokenscope::sim {

using policy::Reason;

SimResourceServers::SimResourceServers(SimContext &context, const TokenMinter &minter,
                                       const SimAuthorizationServer &issuer)
    : m_context(context), m_minter(minter), m_issuer(issuer)
{
    const ResourceServerConfig &config = context.serverConfig;
    m_servers.resize(size_t(config.servers));
    m_stores.resize(config.sharedStore ? 1 : size_t(config.servers));
    if (LiveIssuer *live = issuer.issuer().live()) {
        if (live->lab())
            m_lab = std::make_unique<LabResourceServers>(context, *live, *live->lab());
        else
            m_live = std::make_unique<LiveResourceServers>(context, *live, config.servers);
    }
}

SimResourceServers::~SimResourceServers() = default;

void SimResourceServers::setUp()
{
    if (!m_live || !jwtMode())
        return;
    for (qint32 s = 0; s < qint32(m_servers.size()); ++s)
        m_context.schedule(0, QueuedType::JwksRefresh, s);
}

void SimResourceServers::jwksRefreshDue(qint32 serverIndex)
{
    const Server &server = m_servers[size_t(serverIndex)];
    const qint64 snapshot = jwksSnapshot(server, m_context.now());
    // An unknown-kid refetch or a restart moved this server's schedule since the event was queued: only the
    // next snapshot time of the new schedule is due.
    if (snapshot == m_context.now())
        m_live->holdSnapshot(serverIndex, snapshot, JwksCache::Trigger::Stale);
    m_context.schedule(snapshot + m_context.serverConfig.jwksCacheAge, QueuedType::JwksRefresh, serverIndex);
}

qint32 SimResourceServers::route(qint32 stickyServer)
{
    const int count = m_context.serverConfig.servers;
    if (count == 1)
        return 0;
    qint32 chosen = 0;
    switch (m_context.serverConfig.routing) {
    case Routing::RoundRobin:
        chosen = qint32(m_roundRobin++ % quint64(count));
        break;
    case Routing::Random:
        chosen = qint32(m_context.random.below(quint64(count)));
        break;
    case Routing::Sticky:
        chosen = stickyServer;
        break;
    }
    if (!m_anyServerDown)
        return chosen;
    for (qint32 step = 0; step < count; ++step) {
        const qint32 candidate = (chosen + step) % count;
        if (m_servers[size_t(candidate)].downUntil <= m_context.now())
            return candidate;
    }
    return chosen;
}

bool SimResourceServers::serverDown(qint32 serverIndex) const
{
    return m_anyServerDown && m_servers[size_t(serverIndex)].downUntil > m_context.now();
}

qint64 SimResourceServers::jwksSnapshot(const Server &server, qint64 time) const
{
    const qint64 age = m_context.serverConfig.jwksCacheAge;
    return server.jwksFetchedAt + ((time - server.jwksFetchedAt) / age) * age;
}

Reason SimResourceServers::checkJwt(qint32 serverIndex, const AccessToken &token, bool mutate)
{
    const ResourceServerConfig &config = m_context.serverConfig;
    SimMetrics &metrics = m_context.metrics;
    const qint64 now = m_context.now();
    Server &server = m_servers[size_t(serverIndex)];
    const qint64 snapshot = jwksSnapshot(server, now);
    if (mutate && snapshot != server.lastCountedSnapshot) {
        server.lastCountedSnapshot = snapshot;
        ++metrics.jwksFetches;
    }
    bool known = m_minter.keyPublishedAt(token.key, snapshot);
    bool refetched = false;
    if (!known && config.refetchOnUnknownKid && m_minter.keyPublishedAt(token.key, now)
        && now - server.lastUnknownKidFetch >= config.unknownKidRefetchInterval) {
        known = true;
        if (mutate) {
            refetched = true;
            server.lastUnknownKidFetch = now;
            server.jwksFetchedAt = now;
            server.lastCountedSnapshot = now;
            ++metrics.jwksFetches;
        }
    }
    Reason verdict = Reason::None;
    if (!known)
        verdict = Reason::UnknownKid;
    else if (now >= token.expiresAt + config.leeway) // RFC 7519 §4.1.4: before exp, give or take the leeway
        verdict = Reason::Expired;
    if (mutate && m_live)
        verdict = liveJwtVerdict(serverIndex, token, refetched, verdict);
    if (verdict != Reason::None)
        return verdict;
    if (config.mode == ServerMode::JwtBlocklist) {
        if (mutate)
            ++metrics.blocklistLookups;
        if (m_issuer.blocklisted(token.id))
            return Reason::Blocklisted;
    }
    return Reason::None;
}

bool SimResourceServers::carriesAdminRole(const AccessToken &token) const
{
    const QByteArray text = m_live ? m_issuer.liveAccessToken(token.id) : QByteArray();
    if (text.isEmpty())
        return token.admin;
    const DecodeResult decoded = CompactToken::decode(text);
    const JsonValue *roles = decoded && decoded.token->payload ? decoded.token->payload->value(u"roles") : nullptr;
    if (!roles || !roles->isArray())
        return false;
    return std::any_of(roles->elements.cbegin(), roles->elements.cend(),
                       [](const JsonValue &role) { return role.isString() && role.string == u"admin"; });
}

Reason SimResourceServers::liveJwtVerdict(qint32 serverIndex, const AccessToken &token, bool refetched,
                                          Reason modelVerdict)
{
    const Server &server = m_servers[size_t(serverIndex)];
    m_live->holdSnapshot(serverIndex, jwksSnapshot(server, m_context.now()),
                         refetched ? JwksCache::Trigger::UnknownKid : JwksCache::Trigger::Stale);
    const QByteArray text = m_issuer.liveAccessToken(token.id);
    return text.isEmpty() ? modelVerdict : m_live->verify(serverIndex, text);
}

Reason SimResourceServers::checkIntrospection(qint32 serverIndex, const AccessToken &token, bool mutate, bool *admin)
{
    const qint64 now = m_context.now();
    Server &server = m_servers[size_t(serverIndex)];
    IntrospectionEntry entry;
    const auto cached = server.introspectionCache.find(token.id);
    if (cached != server.introspectionCache.end() && cached->second.until > now) {
        entry = cached->second;
    } else {
        const qint64 ttl = m_context.serverConfig.introspectionCacheTtl;
        entry = {m_issuer.issuerSaysActive(token), m_issuer.user(token.user).admin, now + ttl};
        // A live run asks the issuer's real RFC 7662 endpoint, for a request and for the role question of an
        // exposure watch (introspection has no side effects at the issuer): whether the token is active and whether
        // its user is an admin now, which is how a demotion reaches an introspecting server.
        if (const QByteArray text = m_live && (mutate || admin) ? m_issuer.liveAccessToken(token.id) : QByteArray();
            !text.isEmpty()) {
            if (const auto status = m_live->issuer().introspectAccessToken(now, text)) {
                entry.active = status->active;
                entry.admin = status->admin;
            }
        }
        if (mutate) {
            ++m_context.metrics.introspectionLookups;
            if (ttl > 0)
                server.introspectionCache[token.id] = entry;
        }
    }
    if (admin)
        *admin = entry.admin;
    if (!entry.active || now >= token.expiresAt)
        return Reason::Inactive;
    return Reason::None;
}

Reason SimResourceServers::checkAccessToken(qint32 serverIndex, const AccessToken &token, bool mutate)
{
    Reason verdict = Reason::None;
    if (mutate && serverDown(serverIndex))
        verdict = Reason::ServerUnavailable;
    else if (m_context.serverConfig.mode == ServerMode::Introspection)
        verdict = checkIntrospection(serverIndex, token, mutate, nullptr);
    else
        verdict = checkJwt(serverIndex, token, mutate);
    return mutate && m_lab ? labBearerVerdict(serverIndex, token, verdict) : verdict;
}

Reason SimResourceServers::labBearerVerdict(qint32 serverIndex, const AccessToken &token, Reason modelVerdict)
{
    const QByteArray text = m_issuer.liveAccessToken(token.id);
    return text.isEmpty() ? modelVerdict : m_lab->bearerRequest(serverIndex, text);
}

bool SimResourceServers::sessionExpired(const Session &session) const
{
    const IssuerPolicy &policy = m_context.policy;
    const qint64 now = m_context.now();
    return (policy.sessionIdle > 0 && now >= session.lastUsed + policy.sessionIdle)
        || (policy.sessionMaxLifetime > 0 && now >= session.createdAt + policy.sessionMaxLifetime);
}

qint32 SimResourceServers::storeOf(qint32 serverIndex) const
{
    return m_context.serverConfig.sharedStore ? 0 : serverIndex;
}

Reason SimResourceServers::checkSession(qint32 serverIndex, qint64 sessionId)
{
    const Reason verdict = modelSessionVerdict(serverIndex, sessionId);
    return m_lab ? m_lab->sessionRequest(serverIndex, sessionId) : verdict;
}

Reason SimResourceServers::modelSessionVerdict(qint32 serverIndex, qint64 sessionId)
{
    if (serverDown(serverIndex))
        return Reason::ServerUnavailable;
    Store &store = m_stores[size_t(storeOf(serverIndex))];
    ++m_context.metrics.storeLookups;
    if (store.downUntil > m_context.now())
        return Reason::StoreUnavailable;
    const auto found = store.sessions.find(sessionId);
    if (found == store.sessions.end())
        return Reason::NoSession;
    if (sessionExpired(found->second)) {
        store.sessions.erase(found);
        return Reason::SessionExpired;
    }
    found->second.lastUsed = m_context.now();
    return Reason::None;
}

void SimResourceServers::createSession(qint32 server, qint64 sessionId, qint32 user, qint32 client)
{
    const qint64 now = m_context.now();
    m_stores[size_t(storeOf(server))].sessions[sessionId] = {user, client, now, now};
    if (m_lab)
        m_lab->login(server, sessionId, user);
}

void SimResourceServers::deleteSession(qint64 sessionId)
{
    for (Store &store : m_stores)
        store.sessions.erase(sessionId);
    if (m_lab)
        m_lab->logout(sessionId);
}

void SimResourceServers::storeOutage(const OperatorEvent &event)
{
    const qint64 now = m_context.now();
    for (qint32 s = 0; s < qint32(m_stores.size()); ++s) {
        if (!m_context.serverConfig.sharedStore && event.server >= 0 && event.server != s)
            continue;
        m_stores[size_t(s)].downUntil = now + event.duration;
        m_stores[size_t(s)].losesData = event.losesData;
        m_context.schedule(now + event.duration, QueuedType::OutageEnd, s);
    }
    if (m_lab) // a shared store only (LabResourceServers::unsupportedReason)
        m_lab->storeOutage(event.losesData);
}

void SimResourceServers::serverOutage(const OperatorEvent &event)
{
    const qint64 now = m_context.now();
    Server &server = m_servers[size_t(event.server)];
    server.downUntil = now + event.duration;
    server.losesData = event.losesData;
    m_anyServerDown = true;
    m_context.schedule(now + event.duration, QueuedType::ServerBack, event.server);
    if (m_lab)
        m_lab->serverOutage(event.server, event.losesData);
}

void SimResourceServers::storeRestored(qint32 storeIndex)
{
    Store &store = m_stores[size_t(storeIndex)];
    if (store.losesData) {
        store.sessions.clear();
        m_context.stateChanged = true;
    }
    if (m_lab)
        m_lab->restoreStore();
    SimEvent event;
    event.type = SimEventType::StoreRestored;
    event.actor = ActorKind::Issuer;
    event.server = m_context.serverConfig.sharedStore ? -1 : storeIndex;
    event.reason = store.losesData ? Reason::DataLost : Reason::None;
    m_context.log(event);
}

void SimResourceServers::serverBack(qint32 serverIndex)
{
    const qint64 now = m_context.now();
    Server &server = m_servers[size_t(serverIndex)];
    if (server.losesData) {
        // A restarted process: its in-memory caches are gone, and with a store per server its sessions too.
        server.jwksFetchedAt = now;
        server.lastCountedSnapshot = -1;
        server.lastUnknownKidFetch = -never;
        server.introspectionCache.clear();
        if (m_live && jwtMode())
            m_live->holdSnapshot(serverIndex, now, JwksCache::Trigger::Stale);
        if (!m_context.serverConfig.sharedStore)
            m_stores[size_t(serverIndex)].sessions.clear();
        m_context.stateChanged = true;
    }
    m_anyServerDown
        = std::any_of(m_servers.begin(), m_servers.end(), [now](const Server &s) { return s.downUntil > now; });
    if (m_lab)
        m_lab->restoreServer(serverIndex);
    SimEvent event;
    event.type = SimEventType::ServerUp;
    event.actor = ActorKind::Issuer;
    event.server = serverIndex;
    event.reason = server.losesData ? Reason::Restarted : Reason::None;
    m_context.log(event);
}

void SimResourceServers::expireEntries()
{
    const qint64 now = m_context.now();
    for (Server &server : m_servers) {
        for (auto it = server.introspectionCache.begin(); it != server.introspectionCache.end();) {
            if (it->second.until <= now)
                it = server.introspectionCache.erase(it);
            else
                ++it;
        }
    }
    for (Store &store : m_stores) {
        for (auto it = store.sessions.begin(); it != store.sessions.end();) {
            if (sessionExpired(it->second))
                it = store.sessions.erase(it);
            else
                ++it;
        }
    }
}

} // namespace tokenscope::sim
