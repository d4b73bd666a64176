#pragma once

#include "lab/LabOptions.h"
#include "sim/LabTarget.h"

#include <functional>
#include <memory>

namespace tokenscope::sim {
class LiveIssuer;
struct Scenario;
} // namespace tokenscope::sim

namespace tokenscope::lab {

class LocalLab;

// The lab a live simulation starts for itself (`simulate --live --lab new`), shaped like the scenario's resource
// servers: the same mode, server count, session store, audience, leeway, JWKS cache age, introspection cache and
// session lifetime, against the run's issuer, keeping the run's clock (`runClock`). Store calls time out after
// runStoreTimeoutMs instead of 100 ms: a run wants verdicts, not latency, and a store that is only slow (a loaded
// machine) must not read as an outage. A paused store costs little more: after each timeout a server answers 503 at
// once for as long again. The issuer (introspection, logins) likewise gets runIssuerTimeoutMs instead of 1 s.
constexpr int runStoreTimeoutMs = 500;
constexpr int runIssuerTimeoutMs = 10'000;
[[nodiscard]] LabOptions runLabOptions(const sim::Scenario &scenario, const QUrl &issuerUrl, const Clock *runClock);

// The lab's side of a run's issuer configuration: its servers introspect and log users in with the mock issuer's
// demo client (LabOptions' defaults, docs/lab.md), which the run's configuration must keep.
[[nodiscard]] sim::LabTarget labClient();

// A live run's issuer for a run on a lab started for it: connects to the issuer at `issuerUrl` (moving an
// in-process issuer's clock with `clockDriver` when given), then starts `lab` against it, once the issuer has the
// run's keys and the lab's client, and points the run's resource servers at it. A failure ends up in the returned
// issuer's failure().
[[nodiscard]] std::unique_ptr<sim::LiveIssuer> liveIssuerOnNewLab(const sim::Scenario &scenario, const QUrl &issuerUrl,
                                                                  std::function<void(qint64)> clockDriver,
                                                                  LocalLab &lab);

} // namespace tokenscope::lab
