#pragma once

#include "sim/SimContext.h"

#include <vector>

namespace tokenscope::sim {

class SimAuthorizationServer;
class SimResourceServers;
class TokenMinter;

// One legitimate client during a run: its user, login, tokens or session, and epochs that void stale events.
struct Client
{
    qint32 user = 0;
    qint32 stickyServer = 0;
    bool loggedIn = false;
    bool stopped = false;
    bool revokedByOperator = false;
    bool everWronglyLoggedOut = false;
    quint32 requestEpoch = 0; // queued requests of an earlier login are dropped
    quint32 timerEpoch = 0; // queued refresh timers of earlier tokens are dropped
    qint64 stopAt = never;
    AccessToken accessToken;
    RefreshToken refreshToken;
    qint64 sessionId = 0;
};

// The legitimate clients: each signs in, sends requests at its interval, refreshes its tokens (ahead of expiry or
// after a rejection), sometimes twice at once or without hearing the answer, and signs in again when thrown out.
class SimClients
{
public:
    SimClients(SimContext &context, SimAuthorizationServer &issuer, SimResourceServers &servers, TokenMinter &minter);

    // Every client's first login, spread over the scenario's loginSpread.
    void setUp();
    [[nodiscard]] Client &client(qint32 index) { return m_clients[size_t(index)]; }
    [[nodiscard]] const Client &client(qint32 index) const { return m_clients[size_t(index)]; }
    [[nodiscard]] const std::vector<qint32> &clientsOf(qint32 user) const { return m_clientsOfUser[size_t(user)]; }

    // The queued events of a client.
    void login(qint32 client);
    void request(qint32 client, quint32 epoch);
    void refreshTimer(qint32 client, quint32 epoch);
    void concurrentRefresh(qint32 client, qint32 family, qint64 packed);

private:
    void logout(qint32 client, policy::Reason reason, LogoutKind kind);
    [[nodiscard]] LogoutKind logoutKindAfterRefreshFailure(const Client &client, const RefreshToken &presented,
                                                           policy::Reason reason) const;
    bool refresh(qint32 client);
    // Counts and logs one request. True when it was rejected for a reason the client acts on: not accepted, and
    // not an outage it can only wait out.
    bool recordRequest(qint32 client, qint32 server, CredentialRef credential, quint64 bytes, policy::Reason reason);
    void tokenRequest(qint32 client);
    void sessionRequest(qint32 client);
    [[nodiscard]] qint64 nextRequestDelay(qint64 mean);
    void scheduleRequest(qint32 client, qint64 at);
    void scheduleRefreshTimer(qint32 client);

    SimContext &m_context;
    SimAuthorizationServer &m_issuer;
    SimResourceServers &m_servers;
    TokenMinter &m_minter;
    std::vector<Client> m_clients;
    std::vector<std::vector<qint32>> m_clientsOfUser;
};

} // namespace tokenscope::sim
