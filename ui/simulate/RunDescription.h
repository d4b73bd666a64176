#pragma once

#include "simulate/SimulationRun.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace tokenscope {

// The Simulate workspace's one-line descriptions of a run: its issuer policy (the comparison captions), what it ran
// against (the model, or which live mock issuer), the status line under the timeline (sizes, wall time, seed, and
// what the timeline leaves out), and why a run was not run or is not shown.
class RunDescription
{
    Q_DECLARE_TR_FUNCTIONS(RunDescription)
public:
    // "auth0 · AT 15m · RT 7d absolute · rotation always · …"
    [[nodiscard]] static QString policySummary(const sim::Scenario &scenario);
    enum class Detail { Brief, Full };
    // What a run ran against: the model, or which live issuer (Full: with its HTTP exchanges).
    [[nodiscard]] static QString source(const SimulationRun &run, Detail detail);
    [[nodiscard]] static QString status(const SimulationRun &run);

    // Why `scenario` is not run against `target`, for the error banner: more work than a run may take, or too large
    // for a live issuer's admin API. Empty when it may run.
    [[nodiscard]] static QString refusal(const sim::Scenario &scenario, const RunTarget &target);
    // The status line while it runs.
    [[nodiscard]] static QString running(const sim::Scenario &scenario, const RunTarget &target);
    // A run that did not finish is not shown: what the error banner says instead (empty for a cancelled run) and the
    // status line. Nothing for a finished run.
    struct NotShown
    {
        QString error;
        QString status;
    };
    [[nodiscard]] static std::optional<NotShown> notShown(const SimulationRun &run);
};

} // namespace tokenscope
