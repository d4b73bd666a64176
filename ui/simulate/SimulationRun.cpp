#include "simulate/SimulationRun.h"

#include "issuer/LocalMockIssuer.h"
#include "lab/LabForRun.h"
#include "lab/LocalLab.h"
#include "sim/LabResourceServers.h"
#include "sim/LiveIssuer.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace tokenscope {

using namespace sim;

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct RunText
{
    Q_DECLARE_TR_FUNCTIONS(tokenscope::SimulationRun)
};

qint64 estimatedTokens(const Scenario &scenario)
{
    const qint64 ttl = std::max<qint64>(60, scenario.issuer.accessTokenTtl);
    const qint64 perClient = scenario.duration / ttl + 2;
    return qint64(scenario.clients.count) * perClient * (scenario.issuer.refreshTokensEnabled ? 2 : 1);
}

// Parent → child links of successful refreshes, from the events (the presented refresh token and the tokens
// issued for it) onto the token bars. Needs the bars sorted (bar indexes are final).
void buildLinks(SimulationRun &run)
{
    TimelineData &timeline = run.timeline;
    std::unordered_map<qint64, qint32> barOfToken; // token id → bar
    std::map<std::pair<qint32, qint32>, qint32> barOfGeneration; // (family, generation) → refresh-token bar
    for (size_t i = 0; i < timeline.bars.size(); ++i) {
        const TimelineData::Bar &bar = timeline.bars[i];
        if (bar.tokenId <= 0)
            continue;
        if (bar.kind != TimelineData::BarKind::AccessToken && bar.kind != TimelineData::BarKind::RefreshToken)
            continue;
        barOfToken[bar.tokenId] = qint32(i);
        if (bar.kind == TimelineData::BarKind::RefreshToken)
            barOfGeneration[{bar.family, bar.generation}] = qint32(i);
    }
    if (barOfToken.empty())
        return;
    // A concurrent refresh names the presented token by family and generation only (its id is 0).
    auto presentedBar = [&](const CredentialRef &credential) -> qint32 {
        if (credential.id > 0) {
            if (const auto it = barOfToken.find(credential.id); it != barOfToken.end())
                return it->second;
        }
        const auto it = barOfGeneration.find({credential.family, credential.generation});
        return it == barOfGeneration.end() ? -1 : it->second;
    };
    auto issuedBar = [&](const CredentialRef &credential) -> qint32 {
        const auto it = credential.id > 0 ? barOfToken.find(credential.id) : barOfToken.end();
        return it == barOfToken.end() ? -1 : it->second;
    };
    for (const SimEvent &event : run.events) {
        const bool refresh = event.type == SimEventType::Refresh || event.type == SimEventType::ConcurrentRefresh
            || event.type == SimEventType::AttackerRefresh;
        if (!refresh || !event.ok || event.credential.kind != CredentialRef::Kind::RefreshToken)
            continue;
        const qint32 parent = presentedBar(event.credential);
        if (parent < 0)
            continue; // a client beyond the lanes shown, or tokens not kept
        TimelineData::Link link;
        link.time = event.time;
        link.lane = timeline.bars[size_t(parent)].lane;
        link.attacker = event.type == SimEventType::AttackerRefresh;
        link.fromBar = parent;
        if (const qint32 access = issuedBar(event.issuedAccess); access >= 0) {
            link.kind = TimelineData::LinkKind::Refresh;
            link.toBar = access;
            timeline.links.push_back(link);
        }
        const bool rotated = !event.issuedRefresh.isNull() && event.issuedRefresh.family == event.credential.family
            && event.issuedRefresh.generation != event.credential.generation;
        // Issued by this refresh: a grace window that hands back the current generation links nothing new.
        if (const qint32 child = rotated ? issuedBar(event.issuedRefresh) : -1;
            child >= 0 && child != parent && timeline.bars[size_t(child)].from == event.time) {
            link.kind = TimelineData::LinkKind::Rotation;
            link.toBar = child;
            timeline.links.push_back(link);
        }
    }
    // Events come in time order already; stable for equal times.
    std::stable_sort(timeline.links.begin(), timeline.links.end(),
                     [](const auto &a, const auto &b) { return a.time < b.time; });

    std::map<std::pair<qint32, int>, qint64> previous; // (lane, kind) → time of the previous link
    std::vector<qint64> gaps;
    for (const TimelineData::Link &link : timeline.links) {
        const auto key = std::make_pair(link.lane, int(link.kind));
        if (const auto it = previous.find(key); it != previous.end())
            gaps.push_back(link.time - it->second);
        previous[key] = link.time;
    }
    if (!gaps.empty()) {
        const auto middle = gaps.begin() + std::ptrdiff_t(gaps.size() / 2);
        std::nth_element(gaps.begin(), middle, gaps.end());
        timeline.linkSpacing = std::max<qint64>(1, *middle);
    }
}

void buildTimeline(SimulationRun &run)
{
    TimelineData &timeline = run.timeline;
    const Scenario &scenario = run.scenario;
    SimEngine &engine = *run.engine;
    timeline.duration = std::max<qint64>(1, engine.endTime());
    timeline.clientsTotal = scenario.clients.count;
    timeline.clientLanesShown = std::min(scenario.clients.count, SimulationRun::maxClientLanes);

    const qint32 issuerLane = 0;
    const qint32 storeLane = 1;
    timeline.lanes.push_back({TimelineData::LaneKind::Issuer, -1, RunText::tr("Issuer · operator")});
    timeline.lanes.push_back({TimelineData::LaneKind::Store, -1,
                              scenario.server.mode == ServerMode::Session ? RunText::tr("Session store · servers")
                                                                          : RunText::tr("Resource servers")});
    const qint32 firstAttackerLane = qint32(timeline.lanes.size());
    for (size_t a = 0; a < scenario.attackers.size(); ++a)
        timeline.lanes.push_back({TimelineData::LaneKind::Attacker, qint32(a), RunText::tr("Attacker %1").arg(a)});
    const qint32 firstClientLane = qint32(timeline.lanes.size());
    for (int c = 0; c < timeline.clientLanesShown; ++c)
        timeline.lanes.push_back({TimelineData::LaneKind::Client, c, RunText::tr("Client %1").arg(c)});

    auto clientLane = [&](qint32 client) -> qint32 {
        return client >= 0 && client < timeline.clientLanesShown ? firstClientLane + client : -1;
    };

    // Token bars from the issuer's own records (iat, exp), one row per kind in each client lane.
    if (run.tokensKept) {
        std::map<std::pair<qint32, int>, size_t> lastBar; // (lane, row kind) → index of the previous bar
        for (qint64 id = 1; id <= engine.tokenCount(); ++id) {
            const SimToken *token = engine.token(id);
            if (!token)
                continue;
            const qint32 lane = clientLane(token->client);
            if (lane < 0)
                continue;
            TimelineData::Bar bar;
            bar.lane = lane;
            bar.kind = token->kind == CredentialRef::Kind::AccessToken ? TimelineData::BarKind::AccessToken
                : token->kind == CredentialRef::Kind::RefreshToken     ? TimelineData::BarKind::RefreshToken
                                                                       : TimelineData::BarKind::Session;
            bar.from = token->issuedAt - scenario.start;
            bar.to = token->expiresAt == 0 ? timeline.duration : token->expiresAt - scenario.start;
            bar.to = std::max(bar.from, bar.to);
            bar.supersededAt = bar.to;
            bar.tokenId = token->id;
            bar.family = token->family;
            bar.generation = token->generation;
            const auto key = std::make_pair(lane, int(bar.kind == TimelineData::BarKind::AccessToken ? 0 : 1));
            if (const auto it = lastBar.find(key); it != lastBar.end()) {
                TimelineData::Bar &previous = timeline.bars[it->second];
                previous.supersededAt = std::clamp(bar.from, previous.from, previous.to);
            }
            lastBar[key] = timeline.bars.size();
            timeline.bars.push_back(bar);
        }
    }

    std::map<qint32, qint64> outageStart; // server (or -1: the shared store) → start
    std::map<qint32, qint64> theftStart; // attacker → theft time
    std::map<qint32, qint64> lastAccepted; // attacker → last accepted use
    for (size_t i = 0; i < run.events.size(); ++i) {
        const SimEvent &event = run.events[i];
        TimelineData::Mark mark;
        mark.time = event.time;
        mark.event = qint32(i);
        mark.ok = event.ok;
        mark.lane = -1;
        switch (event.type) {
        case SimEventType::Login:
        case SimEventType::LoginDenied:
            mark.kind = TimelineData::MarkKind::Login;
            mark.lane = clientLane(event.actorIndex);
            break;
        case SimEventType::Request:
            mark.kind = TimelineData::MarkKind::Request;
            mark.lane = clientLane(event.actorIndex);
            break;
        case SimEventType::Refresh:
            mark.lane = clientLane(event.actorIndex);
            if (event.reason == policy::Reason::ReuseDetected)
                mark.kind = TimelineData::MarkKind::ReuseDetected;
            else if (event.ok && !event.issuedRefresh.isNull()
                     && (event.issuedRefresh.family != event.credential.family
                         || event.issuedRefresh.generation != event.credential.generation))
                mark.kind = TimelineData::MarkKind::Rotation;
            else
                mark.kind = TimelineData::MarkKind::Refresh;
            break;
        case SimEventType::ConcurrentRefresh:
            mark.kind = event.reason == policy::Reason::ReuseDetected ? TimelineData::MarkKind::ReuseDetected
                                                                      : TimelineData::MarkKind::ConcurrentRefresh;
            mark.lane = clientLane(event.actorIndex);
            break;
        case SimEventType::Logout:
            mark.kind = event.note == LogoutKind::Wrongful ? TimelineData::MarkKind::WrongfulLogout
                                                           : TimelineData::MarkKind::Logout;
            mark.lane = clientLane(event.actorIndex);
            break;
        case SimEventType::Theft:
            mark.kind = TimelineData::MarkKind::Theft;
            mark.lane = firstAttackerLane + event.actorIndex;
            theftStart[event.actorIndex] = event.time;
            if (event.actorIndex >= 0 && size_t(event.actorIndex) < scenario.attackers.size()) {
                TimelineData::Mark victim = mark;
                victim.lane = clientLane(scenario.attackers[size_t(event.actorIndex)].client);
                if (victim.lane >= 0)
                    timeline.marks.push_back(victim);
            }
            break;
        case SimEventType::AttackerRequest:
        case SimEventType::AttackerRefresh:
            mark.kind = event.type == SimEventType::AttackerRequest ? TimelineData::MarkKind::AttackerRequest
                                                                    : TimelineData::MarkKind::AttackerRefresh;
            mark.lane = firstAttackerLane + event.actorIndex;
            if (event.ok)
                lastAccepted[event.actorIndex] = event.time;
            break;
        case SimEventType::Operator:
            mark.kind = event.action == OperatorAction::RotateKey ? TimelineData::MarkKind::KeyRotation
                                                                  : TimelineData::MarkKind::Revocation;
            mark.lane = issuerLane;
            timeline.revocationLines.push_back(event.time);
            break;
        case SimEventType::KeyPublished:
            mark.kind = TimelineData::MarkKind::KeyRotation;
            mark.lane = issuerLane;
            if (event.credential.id > 0)
                timeline.revocationLines.push_back(event.time);
            break;
        case SimEventType::StoreOutage:
        case SimEventType::ServerDown:
            mark.kind = TimelineData::MarkKind::Outage;
            mark.ok = false;
            mark.lane = storeLane;
            outageStart[event.server] = event.time;
            break;
        case SimEventType::StoreRestored:
        case SimEventType::ServerUp:
            mark.kind = TimelineData::MarkKind::Restored;
            mark.lane = storeLane;
            if (const auto it = outageStart.find(event.server); it != outageStart.end()) {
                timeline.bars.push_back(
                    {storeLane, TimelineData::BarKind::Outage, it->second, event.time, event.time, 0, event.server, 0});
                outageStart.erase(it);
            }
            break;
        case SimEventType::ExposureEnded:
            mark.kind = TimelineData::MarkKind::ExposureEnded;
            mark.lane = issuerLane;
            break;
        }
        if (mark.lane >= 0)
            timeline.marks.push_back(mark);
    }
    for (const auto &[server, start] : outageStart)
        timeline.bars.push_back(
            {storeLane, TimelineData::BarKind::Outage, start, timeline.duration, timeline.duration, 0, server, 0});
    // The attacker's bar: from the theft to the last use that worked.
    for (const auto &[attacker, start] : theftStart) {
        const auto it = lastAccepted.find(attacker);
        const qint64 end = it == lastAccepted.end() ? start : std::max(start, it->second);
        timeline.bars.push_back(
            {firstAttackerLane + attacker, TimelineData::BarKind::Stolen, start, end, end, 0, -1, 0});
    }
    std::stable_sort(timeline.bars.begin(), timeline.bars.end(),
                     [](const auto &a, const auto &b) { return a.lane != b.lane ? a.lane < b.lane : a.from < b.from; });
    std::stable_sort(timeline.marks.begin(), timeline.marks.end(),
                     [](const auto &a, const auto &b) { return a.time < b.time; });
    std::sort(timeline.revocationLines.begin(), timeline.revocationLines.end());
    buildLinks(run);

    for (const qint64 seconds : {qint64(300), qint64(3600)}) {
        TimelineData::MarkLevel level;
        level.seconds = seconds;
        std::unordered_map<quint64, qint64> lastBucket; // (lane, kind, ok) → bucket of the last mark kept
        for (const TimelineData::Mark &mark : timeline.marks) {
            const quint64 key = (quint64(quint32(mark.lane)) << 16) | (quint64(mark.kind) << 1) | (mark.ok ? 1 : 0);
            const qint64 bucket = mark.time / seconds;
            const auto it = lastBucket.find(key);
            if (it != lastBucket.end() && it->second == bucket)
                continue;
            lastBucket[key] = bucket;
            level.marks.push_back(mark);
        }
        // Only worth keeping when it saves most of the work.
        if (level.marks.size() * 2 < timeline.marks.size())
            timeline.markLevels.push_back(std::move(level));
    }

    for (const BlocklistSample &sample : engine.metrics().blocklistSeries) {
        timeline.blocklist.emplace_back(sample.time, sample.size);
        timeline.blocklistMax = std::max(timeline.blocklistMax, sample.size);
    }
    timeline.blocklistMax = std::max(timeline.blocklistMax, engine.metrics().blocklistMaxSize);
    for (const Exposure &exposure : engine.metrics().exposures)
        timeline.shades.push_back({exposure.start, exposure.end, exposure.kind == u"theft", exposure.label});
}

} // namespace

const SimToken *SimulationRun::token(qint64 id) const
{
    if (engine)
        return engine->token(id);
    if (id < 1 || id > qint64(m_liveTokens.size()))
        return nullptr;
    return &m_liveTokens[size_t(id - 1)];
}

Result<QByteArray> SimulationRun::tokenText(qint64 id)
{
    if (engine)
        return engine->tokenText(id);
    const QByteArray text = m_liveTokenTexts.value(id);
    if (text.isEmpty())
        return Error {"sim.no_live_token", RunText::tr("the issuer returned no token %1").arg(id)};
    return text;
}

void SimulationRun::keepLiveResults()
{
    m_liveMetrics = engine->metrics();
    // Only a run that is shown is opened: a stopped or failed one keeps no tokens.
    if (tokensKept && outcome == RunOutcome::Finished && failure.isEmpty()) {
        m_liveTokens.reserve(size_t(engine->tokenCount()));
        for (qint64 id = 1; id <= engine->tokenCount(); ++id) {
            m_liveTokens.push_back(*engine->token(id));
            // Access and refresh tokens are the texts the issuer returned over HTTP (the engine adopted them, and
            // the live issuer fails the run on an answer without one); session ids are the lab's own, unsigned.
            const QByteArray text = engine->tokenText(id).valueOr(QByteArray());
            if (!text.isEmpty())
                m_liveTokenTexts.insert(id, text);
        }
    }
    engine.reset();
}

QString RunTarget::liveRefusal(const Scenario &scenario, const RunTarget &target)
{
    if (!target.isLive())
        return {};
    if (QString tooLarge = LiveIssuer::tooLargeReason(scenario); !tooLarge.isEmpty())
        return tooLarge;
    if (target.kind == Kind::LocalIssuerOnLab)
        return LabResourceServers::unsupportedReason(scenario);
    return {};
}

std::shared_ptr<SimulationRun> SimulationRun::execute(const Scenario &scenario, RunControl *control,
                                                      const RunTarget &target)
{
    QElapsedTimer timer;
    timer.start();
    auto run = std::make_shared<SimulationRun>();
    run->scenario = scenario;
    run->target = target;
    run->tokensKept = estimatedTokens(scenario) <= maxKeptTokens;
    run->endTime = scenario.duration;
    SimOptions options;
    options.recordEvents = false; // the sink below keeps only what the timeline shows
    options.keepTokens = run->tokensKept;

    const LiveIssuer *liveIssuer = nullptr;
    // Started once the issuer has the run's keys and the lab's client; stopped (servers, HAProxy, Redis) when the
    // run ends, before the issuer, which stays up while the run is shown.
    lab::LocalLab localLab;
    const bool onLab = target.kind == RunTarget::Kind::LocalIssuerOnLab;
    SimEngine::IssuerFactory factory;
    if (target.isLive()) {
        if (const QString refused = RunTarget::liveRefusal(scenario, target); !refused.isEmpty()) {
            run->failure = refused;
            return run;
        }
        run->issuerUrl = target.issuerUrl;
        if (target.kind == RunTarget::Kind::LocalIssuer || onLab) {
            run->localIssuer = std::make_shared<issuer::LocalMockIssuer>();
            if (const Result<void> started = run->localIssuer->start(scenario.start); !started) {
                run->failure
                    = RunText::tr("cannot start a mock issuer for the live run: %1").arg(started.error().message());
                run->localIssuer.reset();
                return run;
            }
            run->issuerUrl = run->localIssuer->url();
        }
        issuer::LocalMockIssuer *local = run->localIssuer.get();
        factory = [&liveIssuer, &localLab, onLab, local, raw = run.get()](const Scenario &own) {
            std::function<void(qint64)> clockDriver;
            if (local) // the issuer started for the run: the simulated clock is its injected clock
                clockDriver = [local](qint64 time) {
                    local->setTime(time);
                };
            std::unique_ptr<LiveIssuer> made;
            if (onLab) {
                made = lab::liveIssuerOnNewLab(own, raw->issuerUrl, clockDriver, localLab);
                raw->labUrl = localLab.controlUrl();
            } else {
                made = std::make_unique<LiveIssuer>(own);
                if (clockDriver)
                    made->setClockDriver(clockDriver);
                (void)made->connectTo(raw->issuerUrl); // a failure shows in failure() before the run starts
            }
            liveIssuer = made.get();
            return made;
        };
    }
    run->engine = factory ? std::make_unique<SimEngine>(scenario, options, factory)
                          : std::make_unique<SimEngine>(scenario, options);
    SimulationRun *raw = run.get();
    run->engine->setEventSink([raw](const SimEvent &event) {
        if (event.actor == ActorKind::Client && event.actorIndex >= maxClientLanes)
            return;
        if (qsizetype(raw->events.size()) >= maxEvents) {
            raw->eventsTruncated = true;
            return;
        }
        raw->events.push_back(event);
    });
    run->engine->setRunControl(control);
    if (!liveIssuer || liveIssuer->failure().isEmpty())
        run->engine->run();
    run->engine->setEventSink({});
    run->engine->setRunControl(nullptr);
    run->outcome = run->engine->outcome();
    run->stoppedAt = run->engine->now();
    run->endTime = run->engine->endTime();
    if (liveIssuer) {
        run->failure = liveIssuer->failure();
        run->httpExchanges = liveIssuer->exchanges();
        run->issuerRunStart = liveIssuer->runStart();
    }
    if (run->outcome == RunOutcome::Finished && run->failure.isEmpty())
        buildTimeline(*run);
    if (liveIssuer)
        run->keepLiveResults();
    if (run->outcome != RunOutcome::Finished || !run->failure.isEmpty())
        run->localIssuer.reset(); // a run that is not shown keeps no issuer, port or database
    run->elapsedMs = timer.elapsed();
    return run;
}

} // namespace tokenscope
