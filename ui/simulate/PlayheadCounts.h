#pragma once

#include "simulate/SimulationRun.h"

#include <vector>

namespace tokenscope {

// What happened on the timeline up to the playhead, for the Simulate workspace's line under it: requests accepted
// and rejected, refreshes, attacker requests accepted at a resource server, wrongful logouts. Counted once per run
// over the timeline's marks (so over the clients shown), then each playhead move is one binary search.
class PlayheadCounts
{
public:
    // The counters shown under the timeline, over the marks up to one moment.
    struct Counts
    {
        quint32 requestsOk = 0;
        quint32 requestsRejected = 0;
        quint32 refreshes = 0; // successful, with or without rotation
        quint32 attackerAccepted = 0; // as the metric "attacker requests accepted": requests, not refreshes
        quint32 wrongfulLogouts = 0;
    };

    // `marks` sorted by time, as TimelineData keeps them.
    void setMarks(const std::vector<TimelineData::Mark> &marks);
    // Over the marks at or before `seconds`.
    [[nodiscard]] Counts at(qint64 seconds) const;

private:
    std::vector<qint64> m_times;
    std::vector<Counts> m_cumulative {Counts {}}; // [i]: over the first i marks
};

} // namespace tokenscope
