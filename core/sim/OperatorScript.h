#pragma once

#include "sim/SimContext.h"

#include <vector>

namespace tokenscope::sim {

class ExposureWatches;
class SimAuthorizationServer;
class SimClients;
class SimResourceServers;
class TokenMinter;
struct WatchedCredential;

// The operator's script of a scenario: revocations, bans, demotions, key rotations, blocklist entries and outages at
// their times. Each revocation opens an exposure watch on the credentials it meant to stop.
class OperatorScript
{
public:
    OperatorScript(SimContext &context, SimAuthorizationServer &issuer, SimClients &clients,
                   SimResourceServers &servers, TokenMinter &minter, ExposureWatches &watches);

    // Schedules every event of the script.
    void setUp();
    // The script's event `index`, when its time comes.
    void run(qint32 index);

private:
    void collectCredentials(qint32 client, std::vector<WatchedCredential> *out) const;
    void revokeClient(qint32 client);

    SimContext &m_context;
    SimAuthorizationServer &m_issuer;
    SimClients &m_clients;
    SimResourceServers &m_servers;
    TokenMinter &m_minter;
    ExposureWatches &m_watches;
};

} // namespace tokenscope::sim
