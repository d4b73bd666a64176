#pragma once
// Shared by the probe tests: runs a staging probe to completion.
#include "probe/StagingProbe.h"

#include <QTest>

namespace tokenscope::probe::testing {

// Runs a probe to completion (the mock issuer, in the same thread, is served by the same event loop).
inline ProbeReport runProbe(StagingProbe &probe, const ProbeOptions &options)
{
    bool done = false;
    ProbeReport report;
    QObject::connect(&probe, &StagingProbe::finished, &probe, [&](const ProbeReport &finished) {
        report = finished;
        done = true;
    });
    probe.start(options);
    if (!QTest::qWaitFor([&] { return done; }, 30000))
        qWarning("the probe did not finish within 30 s");
    QObject::disconnect(&probe, &StagingProbe::finished, &probe, nullptr);
    return report;
}

} // namespace tokenscope::probe::testing
