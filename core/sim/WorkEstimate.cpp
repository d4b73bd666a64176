#include "sim/WorkEstimate.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace tokenscope::sim {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct WorkEstimateText
{
    Q_DECLARE_TR_FUNCTIONS(WorkEstimate)
};

QString count(double events)
{
    return events >= 1e6 ? QString::number(events, 'g', 3) : QString::number(qint64(std::llround(events)));
}

// How long a signed-in client keeps its credentials before the system signs it out by design (0: never). Those
// sign-outs are followed by a sign-in `reloginDelay` later.
double signInPeriod(const Scenario &scenario)
{
    const IssuerPolicy &policy = scenario.issuer;
    if (scenario.server.mode == ServerMode::Session)
        return double(policy.sessionMaxLifetime);
    if (!policy.refreshTokensEnabled)
        return double(policy.accessTokenTtl); // an expired access token means signing in again
    // A family expires unless each refresh moves its expiry: rotation under an absolute lifetime, or a sliding one.
    const bool familyExpires = policy.refreshTokenLifetime > 0
        && (policy.lifetimeMode == RefreshLifetimeMode::InheritRemaining
            || (policy.lifetimeMode == RefreshLifetimeMode::Absolute && policy.rotation == RotationMode::Never));
    double period = familyExpires ? double(policy.refreshTokenLifetime) : 0;
    if (policy.refreshTokenMaxLifetime > 0)
        period = period > 0 ? std::min(period, double(policy.refreshTokenMaxLifetime))
                            : double(policy.refreshTokenMaxLifetime);
    return period;
}

} // namespace

double WorkEstimate::total() const
{
    return logins + clientRequests + refreshTimers + concurrentRefreshes + attackerCalls + operatorEvents
        + issuerEvents;
}

QString WorkEstimate::breakdown() const
{
    std::vector<std::pair<double, QString>> parts = {
        {clientRequests, WorkEstimateText::tr("client requests")},
        {refreshTimers, WorkEstimateText::tr("refresh-ahead refreshes")},
        {logins, WorkEstimateText::tr("sign-ins")},
        {concurrentRefreshes, WorkEstimateText::tr("concurrent refreshes")},
        {attackerCalls, WorkEstimateText::tr("attacker calls")},
        {operatorEvents, WorkEstimateText::tr("operator events")},
        {issuerEvents, WorkEstimateText::tr("issuer events")},
    };
    std::stable_sort(parts.begin(), parts.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList shown;
    for (const auto &[events, name] : parts) {
        // The parts that explain the total: the largest, and any other of at least a tenth of it.
        if (events >= 1 && (shown.isEmpty() || events * 10 >= total()))
            shown << QStringLiteral("%1 %2").arg(count(events), name);
    }
    return shown.join(QStringLiteral(", "));
}

WorkEstimate WorkEstimate::of(const Scenario &scenario)
{
    WorkEstimate work;
    const ClientConfig &config = scenario.clients;
    const IssuerPolicy &policy = scenario.issuer;
    const double length = double(std::max<qint64>(1, scenario.duration));
    const double clients = double(std::max(1, config.count));
    const double interval = double(std::max<qint64>(1, config.requestInterval));
    const double accessTtl = double(std::max<qint64>(1, policy.accessTokenTtl));
    const bool sessions = scenario.server.mode == ServerMode::Session;

    // Clients sign in spread over loginSpread and stop at stopAfter (a time on the run's clock).
    const double clientEnd = config.stopAfter > 0 ? std::min(length, double(config.stopAfter)) : length;
    const double active = std::max(0.0, clientEnd - std::min(double(config.loginSpread), clientEnd) / 2);
    const double requestsPerClient = active / interval;

    const double period = signInPeriod(scenario);
    double signIns = 1 + (period > 0 ? active / (period + double(config.reloginDelay)) : 0);
    if (sessions && !scenario.server.sharedStore && scenario.server.servers > 1
        && scenario.server.routing != Routing::Sticky) {
        // Each server keeps its own sessions: a request sent to another server than the one that signed the client
        // in finds no session, and the client signs in again.
        signIns += requestsPerClient * double(scenario.server.servers - 1) / double(scenario.server.servers);
    }
    if (sessions && policy.sessionIdle > 0) {
        // A gap between two requests longer than the idle limit ends the session.
        const double idle = double(policy.sessionIdle);
        signIns += requestsPerClient
            * (config.exponentialIntervals ? std::exp(-idle / interval) : (interval >= idle ? 1.0 : 0.0));
    }
    work.logins = clients * signIns;
    work.clientRequests = clients * requestsPerClient + work.logins; // a sign-in sends its first request at once

    if (!sessions && policy.refreshTokensEnabled) {
        double refreshes = 0;
        if (config.refresh == RefreshTiming::Ahead) {
            // The timer fires refreshAhead before exp, and at least a second after the previous refresh.
            work.refreshTimers = clients * active / std::max(1.0, accessTtl - double(config.refreshAhead));
            refreshes = work.refreshTimers;
        } else {
            // At the first request after exp: on average a whole interval later with Poisson traffic, half of one
            // with a fixed interval.
            refreshes = clients * active / (accessTtl + (config.exponentialIntervals ? interval : interval / 2));
        }
        work.concurrentRefreshes = refreshes * config.concurrentRefreshProbability;
    }

    // An exposure is checked again whenever the credential could stop working: at each token's exp, or when an
    // idle session would lapse.
    const double exposureBoundary = sessions
        ? double(std::max<qint64>(60, policy.sessionIdle > 0 ? policy.sessionIdle : policy.sessionMaxLifetime))
        : accessTtl;
    for (const AttackerConfig &attacker : scenario.attackers) {
        if (double(attacker.at) >= length)
            continue;
        const double end = attacker.stopAfter > 0 ? std::min(length, double(attacker.at + attacker.stopAfter)) : length;
        double span = std::max(0.0, end - double(attacker.at));
        // The attacker stops once nothing it holds works: a stolen access token dies at its exp, a session (kept
        // alive by the attacker's own calls) at its maximum lifetime, a refresh family when it expires.
        if (attacker.steals == StolenCredential::AccessToken)
            span = std::min(span, accessTtl + double(scenario.server.leeway));
        else if (attacker.steals == StolenCredential::SessionId && policy.sessionMaxLifetime > 0)
            span = std::min(span, double(policy.sessionMaxLifetime));
        else if (attacker.steals == StolenCredential::RefreshToken && period > 0)
            span = std::min(span, period);
        work.attackerCalls += 1 + span / double(std::max<qint64>(1, attacker.requestInterval))
            + (attacker.steals == StolenCredential::RefreshToken ? 1 : 0);
        work.issuerEvents += 1 + span / exposureBoundary;
    }
    for (const OperatorEvent &event : scenario.events) {
        if (double(event.at) >= length)
            continue;
        work.operatorEvents += 1;
        if (event.action == OperatorAction::StoreOutage)
            work.operatorEvents += scenario.server.sharedStore || event.server >= 0 ? 1 : scenario.server.servers;
        else if (event.action == OperatorAction::ServerOutage)
            work.operatorEvents += 1;
        work.issuerEvents += 2; // exposure checks of what it revoked
    }
    work.issuerEvents += 1 + length / double(std::max<qint64>(60, scenario.sampleInterval));
    if (policy.keyRotationInterval > 0)
        work.issuerEvents += length / double(policy.keyRotationInterval);
    return work;
}

namespace WorkBudget {

std::optional<ScenarioError> check(const Scenario &scenario)
{
    const WorkEstimate work = WorkEstimate::of(scenario);
    if (work.total() <= maxEstimatedEvents)
        return std::nullopt;
    return ScenarioError {
        {},
        WorkEstimateText::tr("the run would take about %1 events (%2); a run may take at most %3 (see \"Limits\" in "
                             "docs/scenarios.md)")
            .arg(count(work.total()), work.breakdown(), count(maxEstimatedEvents))};
}

} // namespace WorkBudget

} // namespace tokenscope::sim
