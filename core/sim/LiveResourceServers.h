#pragma once

#include "common/Clock.h"
#include "net/JwksCache.h"
#include "policy/Reason.h"
#include "sim/SimContext.h"

#include <QByteArray>

#include <memory>
#include <vector>

namespace tokenscope::sim {

class LiveIssuer;

// The resource servers' real checks in a live run (docs/scenarios.md "Live runs"). Each server keeps its own
// JwksCache of the issuer's JWK Set (RFC 7517 §5), fetched over HTTP at the moments the model says the server
// refreshes it (every jwksCacheAge of simulated time, and on an unknown kid), and verifies the issuer's real access
// tokens with TokenVerifier against that copy: kid, signature, iss, aud and exp at the simulated time (RFC 9068
// §4). Introspection-mode servers ask the issuer's RFC 7662 endpoint (LiveIssuer::accessTokenActive).
class LiveResourceServers
{
public:
    LiveResourceServers(SimContext &context, LiveIssuer &issuer, int servers);
    ~LiveResourceServers();

    [[nodiscard]] LiveIssuer &issuer() const { return m_issuer; }

    // The server's copy must be the JWKS as published at run second `snapshot` (the model's jwksSnapshot): a copy
    // of an earlier snapshot is replaced by one fetched now. Called at every snapshot boundary, which the engine
    // reaches before the requests of that second are checked, so "now" is the snapshot's time.
    void holdSnapshot(qint32 server, qint64 snapshot, JwksCache::Trigger trigger);
    // A restarted server lost its copy; it fetches again at its next snapshot.
    void forget(qint32 server);

    // The verdict on a real access token at the simulated now: Reason::UnknownKid when the server's copy lacks its
    // kid, Reason::Expired past exp + leeway, Reason::TokenInvalid for anything else a verifier refuses.
    [[nodiscard]] policy::Reason verify(qint32 server, const QByteArray &accessToken);

private:
    struct Server;

    SimContext &m_context;
    LiveIssuer &m_issuer;
    FixedClock m_clock; // the issuer's time of the simulated now, for the caches and the claim checks
    std::vector<std::unique_ptr<Server>> m_servers;
};

} // namespace tokenscope::sim
