#pragma once

#include "sim/Scenario.h"

#include <QString>

#include <optional>

namespace tokenscope::sim {

// How many events a run would process, worked out from the scenario alone, before it runs. Every documented limit
// of a scenario file can hold and the run still take weeks (a million clients refreshing one-minute tokens every
// second, a thousand thieves calling every second), so the work itself is bounded: a scenario whose estimate is
// over the event budget is refused with the estimate and the budget (docs/scenarios.md "Limits").
//
// Each part counts what the engine queues: logins (and the sign-ins after a logout), client requests, refresh-ahead
// timers, concurrent refreshes, thefts and the attackers' calls, operator events and the ends of outages, and the
// issuer's own events (key publications, samples, exposure checks). Refreshes made inside a request cost no event
// of their own. The estimate leans high: it assumes clients stay signed in and attackers keep calling to the end.
// tests/sim/tst_workestimate.cpp keeps it within a factor of 2 of the events counted for every built-in scenario.
struct WorkEstimate
{
    double logins = 0;
    double clientRequests = 0;
    double refreshTimers = 0; // refresh-ahead timers
    double concurrentRefreshes = 0;
    double attackerCalls = 0;
    double operatorEvents = 0;
    double issuerEvents = 0;

    [[nodiscard]] double total() const;
    // The parts that matter, largest first: "3.5e+13 refresh-ahead refreshes, 1.4e+10 client requests".
    [[nodiscard]] QString breakdown() const;

    [[nodiscard]] static WorkEstimate of(const Scenario &scenario);
};

namespace WorkBudget {

// The most events a scenario may be estimated to take. The largest built-in run (bench-10k-clients-30d, 10,000
// clients for 30 days) is about 87 million events, 10 s in a release build; this allows a little over twice that.
inline constexpr double maxEstimatedEvents = 200e6;

// nullopt when the scenario fits the budget; otherwise an error that gives the estimate, its largest parts and the
// budget.
[[nodiscard]] std::optional<ScenarioError> check(const Scenario &scenario);

} // namespace WorkBudget

} // namespace tokenscope::sim
