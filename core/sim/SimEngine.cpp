#include "sim/SimEngine.h"

#include "sim/ExposureWatches.h"
#include "sim/OperatorScript.h"
#include "sim/SimAttackers.h"
#include "sim/SimAuthorizationServer.h"
#include "sim/SimClients.h"
#include "sim/SimContext.h"
#include "sim/SimResourceServers.h"
#include "sim/TokenMinter.h"

#include <algorithm>

namespace tokenscope::sim {

// The coordinator: the actors of a run, each with the shared context, and the dispatch of queued events to them.
// Actors that call each other are handed one another by reference; members are declared (and so constructed)
// before any actor uses another, though some references are bound before the actor they name is built.
struct SimEngine::Impl
{
    SimEngine &q;
    SimContext context;
    TokenMinter minter;
    SimAuthorizationServer issuer;
    SimResourceServers servers;
    SimClients clients;
    ExposureWatches watches;
    SimAttackers attackers;
    OperatorScript operatorScript;

    Impl(SimEngine &engine, std::unique_ptr<SimIssuer> liveIssuer)
        : q(engine), context(engine.m_scenario, engine.m_options, engine.m_now, engine.m_end, engine.m_metrics,
                             engine.m_events, engine.m_sink),
          minter(context, engine.m_nextTokenId), issuer(context, minter, std::move(liveIssuer), clients, attackers),
          servers(context, minter, issuer), clients(context, issuer, servers, minter),
          watches(context, servers, minter, issuer, attackers), attackers(context, issuer, servers, clients, watches),
          operatorScript(context, issuer, clients, servers, minter, watches)
    {
        // The order of the first events, and of the random draws for the logins, is part of what a seed replays.
        clients.setUp();
        minter.setUp();
        attackers.setUp();
        operatorScript.setUp();
        context.schedule(0, QueuedType::Sample);
        servers.setUp();
    }

    void sample()
    {
        issuer.expireEntries();
        servers.expireEntries();
        context.schedule(context.now() + context.scenario.sampleInterval, QueuedType::Sample);
    }

    void dispatch(const QueuedEvent &event)
    {
        switch (event.type) {
        case QueuedType::ClientLogin:
            clients.login(event.actor);
            break;
        case QueuedType::ClientRequest:
            clients.request(event.actor, quint32(event.argument2));
            break;
        case QueuedType::ClientRefreshTimer:
            clients.refreshTimer(event.actor, quint32(event.argument2));
            break;
        case QueuedType::ClientConcurrentRefresh:
            clients.concurrentRefresh(event.actor, event.argument, event.argument2);
            break;
        case QueuedType::AttackerSteal:
            attackers.steal(event.actor);
            break;
        case QueuedType::AttackerRequest:
            attackers.request(event.actor);
            break;
        case QueuedType::AttackerRefresh:
            attackers.refreshTimer(event.actor);
            break;
        case QueuedType::Operator:
            operatorScript.run(event.actor);
            break;
        case QueuedType::ServerBack:
            servers.serverBack(event.actor);
            break;
        case QueuedType::OutageEnd:
            servers.storeRestored(event.actor);
            break;
        case QueuedType::KeyPublish:
            minter.publishNextKey();
            break;
        case QueuedType::Sample:
            sample();
            break;
        case QueuedType::WatchCheck:
            watches.check(event.actor, event.time());
            break;
        case QueuedType::JwksRefresh:
            servers.jwksRefreshDue(event.actor);
            break;
        }
        if (context.stateChanged && watches.anyOpen())
            watches.checkOpen();
        context.stateChanged = false;
    }

    // Processes the next queued event. False when a live issuer stopped answering: nothing after this point is its
    // answer, so the run ends here.
    bool processNext()
    {
        const QueuedEvent event = context.queue.top();
        context.queue.pop();
        q.m_now = event.time();
        // A live run's JWKS refreshes are its own events: the metrics stay those of the model's run.
        if (event.type != QueuedType::JwksRefresh)
            ++q.m_metrics.eventsProcessed;
        dispatch(event);
        if (issuer.live() && !issuer.issuer().failure().isEmpty()) {
            q.m_finished = true;
            return false;
        }
        return true;
    }
};

SimEngine::SimEngine(Scenario scenario, SimOptions options) : SimEngine(std::move(scenario), options, IssuerFactory())
{ }

SimEngine::SimEngine(Scenario scenario, SimOptions options, const IssuerFactory &issuerFactory)
    : m_scenario(std::move(scenario)), m_options(options)
{
    m_end = m_options.until >= 0 ? std::min(m_options.until, ScenarioLoader::maxDuration) : m_scenario.duration;
    d = std::make_unique<Impl>(*this, issuerFactory ? issuerFactory(m_scenario) : nullptr);
}

QString SimEngine::failure() const
{
    return d->issuer.issuer().failure();
}

const SimIssuer &SimEngine::issuer() const
{
    return d->issuer.issuer();
}

SimEngine::~SimEngine() = default;

bool SimEngine::step()
{
    if (m_finished)
        return false;
    EventQueue &queue = d->context.queue;
    if (queue.empty() || queue.top().time() >= m_end) {
        runUntil(m_end);
        return false;
    }
    if (m_metrics.eventsProcessed >= m_nextCheckpoint && !checkpoint())
        return false;
    return d->processNext();
}

void SimEngine::runUntil(qint64 time)
{
    if (m_finished)
        return;
    const qint64 limit = std::min(time, m_end);
    EventQueue &queue = d->context.queue;
    while (!queue.empty() && queue.top().time() <= limit && queue.top().time() < m_end) {
        if (m_metrics.eventsProcessed >= m_nextCheckpoint && !checkpoint())
            return;
        if (!d->processNext())
            return;
    }
    m_now = std::max(m_now, limit);
    m_metrics.simulatedSeconds = m_now;
    if (limit >= m_end) {
        m_finished = true;
        m_outcome = RunOutcome::Finished;
        d->watches.closeAllAt(m_end);
    }
}

void SimEngine::run()
{
    runUntil(m_end);
}

bool SimEngine::checkpoint()
{
    const quint64 processed = m_metrics.eventsProcessed;
    RunOutcome stop = RunOutcome::Running;
    if (processed >= m_options.maxEvents)
        stop = RunOutcome::EventLimitReached;
    else if (m_control && m_control->cancelRequested.load(std::memory_order_relaxed))
        stop = RunOutcome::Cancelled;
    if (stop != RunOutcome::Running) {
        // Stopped at now(): the metrics cover the run so far, and exposures still open stay open.
        m_finished = true;
        m_outcome = stop;
        m_metrics.simulatedSeconds = m_now;
        return false;
    }
    if (m_control && m_control->progress)
        m_control->progress(m_now, m_end);
    // One comparison per event in the loops: the next stop is the next progress call or the event limit.
    const quint64 untilLimit = m_options.maxEvents - processed;
    m_nextCheckpoint
        = processed + (m_control ? std::clamp<quint64>(m_control->progressEvery, 1, untilLimit) : untilLimit);
    return true;
}

QByteArray SimEngine::eventLog() const
{
    QByteArray log;
    log.reserve(qsizetype(m_events.size()) * 100);
    for (const SimEvent &event : m_events)
        log += event.toJsonLine();
    return log;
}

const SimToken *SimEngine::token(qint64 id) const
{
    return d->minter.token(id);
}

Result<QByteArray> SimEngine::tokenText(qint64 id)
{
    return d->minter.tokenText(id);
}

KeySet SimEngine::verificationKeys()
{
    return d->minter.verificationKeys();
}

} // namespace tokenscope::sim
