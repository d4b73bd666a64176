#pragma once

#include "sim/SimContext.h"

#include <memory>
#include <unordered_map>
#include <vector>

namespace tokenscope::sim {

class LabResourceServers;
class LiveResourceServers;
class SimAuthorizationServer;
class TokenMinter;

// A resource server's cached introspection answer (RFC 7662) for one access token, trusted until `until`.
struct IntrospectionEntry
{
    bool active = false;
    bool admin = false;
    qint64 until = 0;
};

// One simulated resource server: when it is down, its JWKS copy, and its introspection cache.
struct Server
{
    qint64 downUntil = -1;
    bool losesData = false; // comes back restarted: caches and its own session store empty
    qint64 jwksFetchedAt = 0;
    qint64 lastCountedSnapshot = -1;
    qint64 lastUnknownKidFetch = -never;
    std::unordered_map<qint64, IntrospectionEntry> introspectionCache;
};

// A server-side session: whose it is, from which client, when it was created and last used.
struct Session
{
    qint32 user = 0;
    qint32 client = 0;
    qint64 createdAt = 0;
    qint64 lastUsed = 0;
};

// A session store (the shared one, or one server's own) with its sessions and its outage.
struct Store
{
    std::unordered_map<qint64, Session> sessions;
    qint64 downUntil = -1;
    bool losesData = false;
};

// The resource servers behind their load balancer: how each checks a credential (a JWT against its cached JWKS and
// the blocklist, RFC 7662 introspection with a cache, or a session in a store), and their outages and restarts.
// In a live run the checks that a request makes are real: done here against the issuer (LiveResourceServers), or
// by a lab's servers (LabResourceServers). The model still keeps the books, decides when a cache is refreshed, and
// answers the questions asked without a request (exposure watches, `mutate` false).
class SimResourceServers
{
public:
    SimResourceServers(SimContext &context, const TokenMinter &minter, const SimAuthorizationServer &issuer);
    ~SimResourceServers();

    // A live run's JWT servers fetch the issuer's JWKS at each of their snapshot times (jwksSnapshot).
    void setUp();
    // A snapshot time of `server`: a live server fetches its copy, and the next refresh is scheduled.
    void jwksRefreshDue(qint32 server);

    [[nodiscard]] const std::vector<Server> &servers() const { return m_servers; }
    [[nodiscard]] const std::vector<Store> &stores() const { return m_stores; }
    [[nodiscard]] bool jwtMode() const
    {
        const ServerMode mode = m_context.serverConfig.mode;
        return mode == ServerMode::StatelessJwt || mode == ServerMode::JwtBlocklist;
    }

    // The server a request lands on. A server that is down is skipped: the load balancer sends the request to the
    // next one up (sticky sessions break exactly like this). When every server is down the chosen one is returned
    // and the request fails there.
    qint32 route(qint32 stickyServer);

    // Reason::None: accepted. `mutate` false asks without side effects (no lookups counted, no caches filled).
    policy::Reason checkAccessToken(qint32 server, const AccessToken &token, bool mutate);
    policy::Reason checkJwt(qint32 server, const AccessToken &token, bool mutate);
    // A JWT server reads the role from the token itself (RFC 9068 §2.2.3.1 roles): in a live run from the real
    // token the issuer signed, in the model from what was minted.
    [[nodiscard]] bool carriesAdminRole(const AccessToken &token) const;
    // RFC 7662: the resource server asks the issuer, caching the answer for introspectionCacheTtl.
    policy::Reason checkIntrospection(qint32 server, const AccessToken &token, bool mutate, bool *admin);
    policy::Reason checkSession(qint32 server, qint64 sessionId);
    // The JWKS a verifier holds at `time`: fetched at jwksFetchedAt and refreshed every jwksCacheAge after that.
    [[nodiscard]] qint64 jwksSnapshot(const Server &server, qint64 time) const;
    [[nodiscard]] bool sessionExpired(const Session &session) const;

    // A login's server session, in the store of the server it landed on.
    void createSession(qint32 server, qint64 sessionId, qint32 user, qint32 client);
    void deleteSession(qint64 sessionId);

    // An operator's outage, of the session store(s) or of one server.
    void storeOutage(const OperatorEvent &event);
    void serverOutage(const OperatorEvent &event);
    // The ends of outages, as scheduled.
    void storeRestored(qint32 store);
    void serverBack(qint32 server);
    // Drops cache entries and sessions that have expired.
    void expireEntries();

private:
    [[nodiscard]] bool serverDown(qint32 server) const;
    [[nodiscard]] policy::Reason modelSessionVerdict(qint32 server, qint64 sessionId);
    // A live run's verdict on the issuer's real token, where the model's was `modelVerdict`; a token whose text is
    // gone (past exp + leeway) keeps the model's verdict.
    [[nodiscard]] policy::Reason liveJwtVerdict(qint32 server, const AccessToken &token, bool refetched,
                                                policy::Reason modelVerdict);
    [[nodiscard]] qint32 storeOf(qint32 server) const;
    // A request's verdict from the lab, where the model's was `modelVerdict`; a token whose text is gone keeps the
    // model's.
    [[nodiscard]] policy::Reason labBearerVerdict(qint32 server, const AccessToken &token, policy::Reason modelVerdict);

    SimContext &m_context;
    const TokenMinter &m_minter;
    const SimAuthorizationServer &m_issuer;
    std::vector<Server> m_servers;
    bool m_anyServerDown = false;
    std::vector<Store> m_stores;
    quint64 m_roundRobin = 0;
    std::unique_ptr<LiveResourceServers> m_live; // a live run's own checks; null in a model run and on a lab
    std::unique_ptr<LabResourceServers> m_lab; // a live run on a lab: its servers give the verdicts
};

} // namespace tokenscope::sim
