#pragma once

#include "sim/EventQueue.h"
#include "sim/SimCredentials.h"
#include "sim/SimEngine.h"

#include <QCoreApplication>

#include <functional>
#include <vector>

namespace tokenscope::sim {

// The simulator's translation context, shared by the engine and its actors.
inline QString simTr(const char *text)
{
    return QCoreApplication::translate("SimEngine", text);
}

// What every actor of a run shares: the scenario, the simulated clock, the event schedule, the event log, the one
// seeded random source (drawn in event order, so a seed replays a run exactly) and the metrics. The clock, the
// event log and the metrics are the engine's own, which it shows through its public interface.
class SimContext
{
public:
    SimContext(const Scenario &runScenario, const SimOptions &runOptions, const qint64 &now, qint64 end,
               SimMetrics &runMetrics, std::vector<SimEvent> &events, const std::function<void(const SimEvent &)> &sink)
        : scenario(runScenario), policy(runScenario.issuer), serverConfig(runScenario.server), options(runOptions),
          metrics(runMetrics), random(runScenario.seed), m_now(now), m_end(end), m_events(events), m_sink(sink)
    { }

    const Scenario &scenario;
    const IssuerPolicy &policy;
    const ResourceServerConfig &serverConfig;
    const SimOptions &options;
    SimMetrics &metrics;
    SimRandom random;
    EventQueue queue;
    // Set by whatever may change whether a watched credential still works; the engine then re-checks open
    // exposure watches after the event.
    bool stateChanged = false;

    [[nodiscard]] qint64 now() const { return m_now; }
    [[nodiscard]] qint64 end() const { return m_end; }

    // Queues an event; one at or after the end of the run is dropped.
    void schedule(qint64 time, QueuedType type, qint32 actor = -1, qint32 argument = 0, qint64 argument2 = 0)
    {
        if (time >= m_end)
            return;
        queue.push({quint64(time), type, actor, argument, argument2});
    }

    // Whether anyone reads the event log: building events can be skipped when not.
    [[nodiscard]] bool logging() const { return options.recordEvents || m_sink; }
    void log(SimEvent event)
    {
        event.time = now();
        if (options.recordEvents)
            m_events.push_back(event);
        if (m_sink)
            m_sink(event);
    }
    // A request at a resource server, by a client or an attacker.
    void logRequest(ActorKind actor, qint32 index, qint32 server, CredentialRef credential, policy::Reason reason)
    {
        if (!logging())
            return;
        SimEvent event;
        event.type = actor == ActorKind::Client ? SimEventType::Request : SimEventType::AttackerRequest;
        event.actor = actor;
        event.actorIndex = index;
        event.server = server;
        event.credential = credential;
        event.ok = reason == policy::Reason::None;
        event.reason = reason;
        log(event);
    }

    // One refresh attempt: what was presented and what came back (a grace answer says so).
    void logRefresh(SimEventType type, ActorKind actor, qint32 index, const RefreshToken &presented,
                    const RefreshResult &result)
    {
        if (!logging())
            return;
        SimEvent event;
        event.type = type;
        event.actor = actor;
        event.actorIndex = index;
        event.ok = result.ok;
        event.reason = result.grace ? policy::Reason::Grace : result.reason;
        event.credential = credentialRef(presented);
        event.issuedAccess = credentialRef(result.accessToken);
        event.issuedRefresh = credentialRef(result.refreshToken);
        log(event);
    }

private:
    const qint64 &m_now;
    const qint64 m_end;
    std::vector<SimEvent> &m_events;
    const std::function<void(const SimEvent &)> &m_sink;
};

} // namespace tokenscope::sim
