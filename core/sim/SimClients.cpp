#include "sim/SimClients.h"

#include "sim/SimAuthorizationServer.h"
#include "sim/SimResourceServers.h"
#include "sim/TokenMinter.h"

#include <algorithm>

namespace tokenscope::sim {

using policy::Reason;

SimClients::SimClients(SimContext &context, SimAuthorizationServer &issuer, SimResourceServers &servers,
                       TokenMinter &minter)
    : m_context(context), m_issuer(issuer), m_servers(servers), m_minter(minter)
{ }

void SimClients::setUp()
{
    const ClientConfig &config = m_context.scenario.clients;
    const int userCount = m_issuer.userCount();
    m_clients.resize(size_t(config.count));
    m_clientsOfUser.resize(size_t(userCount));
    for (int c = 0; c < config.count; ++c) {
        Client &client = m_clients[size_t(c)];
        client.user = c % userCount;
        client.stickyServer = c % m_context.serverConfig.servers;
        client.stopAt = config.stopAfter > 0 ? config.stopAfter : never;
        m_clientsOfUser[size_t(client.user)].push_back(c);
        const qint64 loginAt = config.loginSpread > 0 ? qint64(m_context.random.below(quint64(config.loginSpread))) : 0;
        m_context.schedule(loginAt, QueuedType::ClientLogin, c);
    }
}

qint64 SimClients::nextRequestDelay(qint64 mean)
{
    return m_context.scenario.clients.exponentialIntervals ? m_context.random.exponentialSeconds(mean) : mean;
}

void SimClients::scheduleRequest(qint32 c, qint64 at)
{
    m_context.schedule(at, QueuedType::ClientRequest, c, 0, m_clients[size_t(c)].requestEpoch);
}

void SimClients::scheduleRefreshTimer(qint32 c)
{
    Client &client = m_clients[size_t(c)];
    ++client.timerEpoch;
    const ClientConfig &config = m_context.scenario.clients;
    if (config.refresh != RefreshTiming::Ahead || !client.refreshToken.isValid())
        return;
    const qint64 at = std::max(m_context.now() + 1, client.accessToken.expiresAt - config.refreshAhead);
    m_context.schedule(at, QueuedType::ClientRefreshTimer, c, 0, client.timerEpoch);
}

void SimClients::login(qint32 c)
{
    Client &client = m_clients[size_t(c)];
    if (client.loggedIn || client.stopped)
        return;
    if (m_context.now() >= client.stopAt) {
        client.stopped = true;
        return;
    }
    SimEvent event;
    event.type = SimEventType::Login;
    event.actorIndex = c;
    // The user signs in at the issuer even when the app then keeps a server session of its own.
    const bool tokenMode = m_context.serverConfig.mode != ServerMode::Session;
    const qint32 family = tokenMode && m_context.policy.refreshTokensEnabled ? m_issuer.nextFamily() : -1;
    if (!m_issuer.login(client.user, c, family)) {
        ++m_context.metrics.loginsDenied;
        client.stopped = true;
        event.type = SimEventType::LoginDenied;
        event.ok = false;
        event.reason = Reason::UserBanned;
        m_context.log(event);
        return;
    }
    ++m_context.metrics.logins;
    client.loggedIn = true;
    client.revokedByOperator = false;
    ++client.requestEpoch;
    if (!tokenMode) {
        const qint32 server = m_servers.route(client.stickyServer);
        client.sessionId = m_minter.newTokenId(CredentialRef::Kind::SessionId, client.user, c, -1, 0, never, 0, false);
        m_servers.createSession(server, client.sessionId, client.user, c);
        ++m_context.metrics.sessionsCreated;
        event.server = server;
        event.issuedAccess = sessionRef(client.sessionId);
    } else {
        client.refreshToken = {};
        if (family >= 0) {
            m_issuer.createFamily(client.user, c);
            client.refreshToken = m_issuer.handOutRefreshToken(family);
        }
        client.accessToken = m_issuer.handOutAccessToken(client.user, c, family);
        scheduleRefreshTimer(c);
        event.issuedAccess = credentialRef(client.accessToken);
        event.issuedRefresh = credentialRef(client.refreshToken);
    }
    if (m_context.logging())
        m_context.log(event);
    scheduleRequest(c, m_context.now());
}

void SimClients::logout(qint32 c, Reason reason, LogoutKind kind)
{
    Client &client = m_clients[size_t(c)];
    if (!client.loggedIn)
        return;
    SimMetrics &metrics = m_context.metrics;
    client.loggedIn = false;
    ++client.requestEpoch;
    ++client.timerEpoch;
    ++metrics.logouts;
    if (kind == LogoutKind::Wrongful) {
        ++metrics.wrongfulLogouts;
        if (!client.everWronglyLoggedOut) {
            client.everWronglyLoggedOut = true;
            ++metrics.wronglyLoggedOutClients;
        }
    } else if (kind == LogoutKind::Collateral) {
        ++metrics.collateralLogouts;
    }
    if (m_context.logging()) {
        SimEvent event;
        event.type = SimEventType::Logout;
        event.actorIndex = c;
        event.ok = false;
        event.reason = reason;
        event.note = kind;
        event.credential = m_context.serverConfig.mode == ServerMode::Session ? sessionRef(client.sessionId)
                                                                              : credentialRef(client.refreshToken);
        m_context.log(event);
    }
    client.accessToken = {};
    client.refreshToken = {};
    client.sessionId = 0;
    if (!m_issuer.user(client.user).banned)
        m_context.schedule(m_context.now() + m_context.scenario.clients.reloginDelay, QueuedType::ClientLogin, c);
}

LogoutKind SimClients::logoutKindAfterRefreshFailure(const Client &client, const RefreshToken &presented,
                                                     Reason reason) const
{
    if (reason == Reason::Expired || reason == Reason::UserBanned || reason == Reason::NoRefreshToken
        || client.revokedByOperator)
        return LogoutKind::Intended;
    const Family &family = m_issuer.family(presented.family);
    if (reason == Reason::ReplayRejected)
        return family.compromised ? LogoutKind::Collateral : LogoutKind::Wrongful;
    switch (family.cause) {
    case RevocationCause::ReuseRace:
        return LogoutKind::Wrongful;
    case RevocationCause::ReuseTheft:
        return LogoutKind::Collateral;
    case RevocationCause::Operator:
    case RevocationCause::None:
        return LogoutKind::Intended;
    }
    return LogoutKind::Intended;
}

void SimClients::refreshTimer(qint32 c, quint32 epoch)
{
    const Client &client = m_clients[size_t(c)];
    if (client.loggedIn && client.timerEpoch == epoch && m_context.now() < client.stopAt)
        refresh(c);
}

// Refreshes the client's tokens. False when the client has no fresh tokens: the refresh failed and the client was
// logged out, or the answer was lost and a retry is scheduled.
bool SimClients::refresh(qint32 c)
{
    Client &client = m_clients[size_t(c)];
    if (!m_context.policy.refreshTokensEnabled || !client.refreshToken.isValid()) {
        // Without refresh tokens an expired access token means signing in again.
        logout(c, Reason::Expired, LogoutKind::Intended);
        return false;
    }
    const ClientConfig &config = m_context.scenario.clients;
    const RefreshToken presented = client.refreshToken;
    const RefreshResult result = m_issuer.refresh(presented, false);
    if (result.ok && m_context.random.chance(config.lostResponseProbability)) {
        // The issuer committed the refresh, but its answer never reached the client (a dropped connection, a proxy
        // timeout). The client still holds `presented` and tries again: under rotation that is a replay of a
        // rotated token, which reuse detection punishes unless a grace window honours it.
        ++m_context.metrics.lostResponses;
        RefreshResult lost = result;
        lost.ok = false;
        lost.grace = false;
        lost.reason = Reason::ResponseLost;
        m_context.logRefresh(SimEventType::Refresh, ActorKind::Client, c, presented, lost);
        ++client.timerEpoch;
        m_context.schedule(m_context.now() + config.lostResponseRetryDelay, QueuedType::ClientRefreshTimer, c, 0,
                           client.timerEpoch);
        return false;
    }
    m_context.logRefresh(SimEventType::Refresh, ActorKind::Client, c, presented, result);
    if (!result.ok) {
        logout(c, result.reason, logoutKindAfterRefreshFailure(client, presented, result.reason));
        return false;
    }
    client.accessToken = result.accessToken;
    client.refreshToken = result.refreshToken;
    scheduleRefreshTimer(c);
    // Two tabs (or a retry) send the same refresh token at once: the rotation race reuse detection must survive.
    if (m_context.random.chance(config.concurrentRefreshProbability)) {
        ++m_context.metrics.concurrentRefreshes;
        m_context.schedule(m_context.now() + config.concurrentRefreshDelay, QueuedType::ClientConcurrentRefresh, c,
                           presented.family, (qint64(client.requestEpoch) << 32) | quint32(presented.generation));
    }
    return true;
}

void SimClients::concurrentRefresh(qint32 c, qint32 familyIndex, qint64 packed)
{
    Client &client = m_clients[size_t(c)];
    if (!client.loggedIn || client.requestEpoch != quint32(quint64(packed) >> 32))
        return;
    RefreshToken presented;
    presented.family = familyIndex;
    presented.generation = qint32(quint32(packed & 0xffffffff));
    const RefreshResult result = m_issuer.refresh(presented, false);
    m_context.logRefresh(SimEventType::ConcurrentRefresh, ActorKind::Client, c, presented, result);
    if (result.ok) {
        // Both tabs share storage: the last answer wins.
        if (client.refreshToken.family == familyIndex) {
            client.accessToken = result.accessToken;
            client.refreshToken = result.refreshToken;
            scheduleRefreshTimer(c);
        }
    } else if (m_issuer.family(familyIndex).revoked && client.refreshToken.family == familyIndex) {
        logout(c, result.reason, logoutKindAfterRefreshFailure(client, presented, result.reason));
    }
}

void SimClients::request(qint32 c, quint32 epoch)
{
    Client &client = m_clients[size_t(c)];
    if (!client.loggedIn || client.requestEpoch != epoch)
        return;
    if (m_context.now() >= client.stopAt) {
        client.stopped = true;
        return;
    }
    if (m_context.serverConfig.mode == ServerMode::Session)
        sessionRequest(c);
    else
        tokenRequest(c);
    if (client.loggedIn && client.requestEpoch == epoch)
        scheduleRequest(c, m_context.now() + nextRequestDelay(m_context.scenario.clients.requestInterval));
}

bool SimClients::recordRequest(qint32 c, qint32 server, CredentialRef credential, quint64 bytes, Reason reason)
{
    SimMetrics &metrics = m_context.metrics;
    ++metrics.legitRequests;
    metrics.credentialBytes += bytes;
    m_context.logRequest(ActorKind::Client, c, server, credential, reason);
    if (reason == Reason::None) {
        ++metrics.legitAccepted;
        return false;
    }
    ++metrics.legitRejected;
    if (reason == Reason::StoreUnavailable) {
        ++metrics.legitRejectedStoreDown;
        return false;
    }
    if (reason == Reason::ServerUnavailable) {
        ++metrics.legitRejectedServerDown;
        return false;
    }
    if (reason == Reason::UnknownKid)
        ++metrics.legitRejectedUnknownKey;
    return true;
}

void SimClients::tokenRequest(qint32 c)
{
    Client &client = m_clients[size_t(c)];
    if (m_context.now() >= client.accessToken.expiresAt
        && m_context.scenario.clients.refresh != RefreshTiming::AfterRejection) {
        if (!refresh(c))
            return;
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
        const qint32 server = m_servers.route(client.stickyServer);
        const Reason reason = m_servers.checkAccessToken(server, client.accessToken, true);
        const quint64 bytes = quint64(m_minter.credentialBytes(client.accessToken));
        if (!recordRequest(c, server, credentialRef(client.accessToken), bytes, reason))
            return;
        // RFC 6750 §3.1 invalid_token: the client cannot tell why, so it refreshes and tries once more.
        if (attempt == 1 || !refresh(c))
            return;
    }
}

void SimClients::sessionRequest(qint32 c)
{
    Client &client = m_clients[size_t(c)];
    const qint32 server = m_servers.route(client.stickyServer);
    const Reason reason = m_servers.checkSession(server, client.sessionId);
    if (!recordRequest(c, server, sessionRef(client.sessionId), quint64(TokenMinter::sessionCredentialBytes), reason))
        return;
    if (reason == Reason::SessionExpired) {
        logout(c, reason, LogoutKind::Intended);
        return;
    }
    // The session is not there: deleted on purpose, lost with the store, or living on another server.
    const bool intended = client.revokedByOperator || m_issuer.user(client.user).banned;
    logout(c, reason, intended ? LogoutKind::Intended : LogoutKind::Wrongful);
}

} // namespace tokenscope::sim
