#pragma once

#include "sim/SimContext.h"

#include <vector>

namespace tokenscope::sim {

class ExposureWatches;
class SimAuthorizationServer;
class SimClients;
class SimResourceServers;

// One attacker during a run: its config, what it holds now, and the exposure watch on its holdings.
struct Attacker
{
    AttackerConfig config;
    bool active = false;
    bool requestsStarted = false;
    qint64 stopAt = never;
    qint32 watch = -1; // the exposure watch on what the attacker holds
    AccessToken accessToken;
    RefreshToken refreshToken;
    qint64 sessionId = 0;
};

// The attackers of a scenario: each steals one credential from a client at its time, then uses it (refreshing a
// stolen refresh token) until nothing it holds works any more or it stops.
class SimAttackers
{
public:
    SimAttackers(SimContext &context, SimAuthorizationServer &issuer, SimResourceServers &servers,
                 const SimClients &clients, ExposureWatches &watches);

    // Schedules every theft.
    void setUp();
    [[nodiscard]] const std::vector<Attacker> &all() const { return m_attackers; }
    [[nodiscard]] const Attacker &attacker(qint32 index) const { return m_attackers[size_t(index)]; }

    // The queued events of an attacker.
    void steal(qint32 attacker);
    void request(qint32 attacker);
    void refreshTimer(qint32 attacker);

private:
    bool refresh(qint32 attacker);

    SimContext &m_context;
    SimAuthorizationServer &m_issuer;
    SimResourceServers &m_servers;
    const SimClients &m_clients;
    ExposureWatches &m_watches;
    std::vector<Attacker> m_attackers;
};

} // namespace tokenscope::sim
