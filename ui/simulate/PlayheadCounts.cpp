#include "simulate/PlayheadCounts.h"

#include <algorithm>

namespace tokenscope {

using MarkKind = TimelineData::MarkKind;

void PlayheadCounts::setMarks(const std::vector<TimelineData::Mark> &marks)
{
    m_times.clear();
    m_times.reserve(marks.size());
    m_cumulative.assign(1, Counts {});
    m_cumulative.reserve(marks.size() + 1);
    for (const TimelineData::Mark &mark : marks) {
        Counts counts = m_cumulative.back();
        counts.requestsOk += mark.kind == MarkKind::Request && mark.ok;
        counts.requestsRejected += mark.kind == MarkKind::Request && !mark.ok;
        counts.attackerAccepted += mark.kind == MarkKind::AttackerRequest && mark.ok;
        counts.refreshes += (mark.kind == MarkKind::Refresh || mark.kind == MarkKind::Rotation) && mark.ok;
        counts.wrongfulLogouts += mark.kind == MarkKind::WrongfulLogout;
        m_times.push_back(mark.time);
        m_cumulative.push_back(counts);
    }
}

PlayheadCounts::Counts PlayheadCounts::at(qint64 seconds) const
{
    const auto end = std::upper_bound(m_times.begin(), m_times.end(), seconds);
    return m_cumulative[size_t(end - m_times.begin())];
}

} // namespace tokenscope
