#include "simulate/TimelineGeometry.h"

#include <algorithm>
#include <cmath>

namespace tokenscope {

using Mark = TimelineData::Mark;
using MarkKind = TimelineData::MarkKind;
using Bar = TimelineData::Bar;
using BarKind = TimelineData::BarKind;

void TimelineGeometry::setTimeline(const TimelineData *timeline)
{
    m_timeline = timeline;
    m_laneTops.clear();
    int y = 0;
    if (m_timeline) {
        for (size_t lane = 0; lane < m_timeline->lanes.size(); ++lane) {
            m_laneTops.push_back(y);
            y += heightOfLane(int(lane));
        }
    }
    m_contentHeight = y;
}

int TimelineGeometry::heightOfLane(int lane) const
{
    return m_timeline && m_timeline->lanes[size_t(lane)].kind == TimelineData::LaneKind::Client ? clientLaneHeight
                                                                                                : laneHeight;
}

TimelineGeometry::LaneRange TimelineGeometry::visibleLanes() const
{
    LaneRange range;
    const int top = m_view.area.top() + axisHeight;
    for (int lane = 0; lane < laneCount(); ++lane) {
        const int y = laneY(lane);
        if (y + heightOfLane(lane) < top) {
            range.first = lane + 1;
            continue;
        }
        if (y > m_view.area.bottom())
            break;
        range.last = lane;
    }
    return range;
}

int TimelineGeometry::laneY(int lane) const
{
    return m_view.area.top() + axisHeight + laneTop(lane) - m_view.scrollY;
}

int TimelineGeometry::rowsOfLane(int lane) const
{
    return m_timeline->lanes[size_t(lane)].kind == TimelineData::LaneKind::Client ? 2 : 1;
}

double TimelineGeometry::rowHeight(int lane) const
{
    return (heightOfLane(lane) - 4) / double(rowsOfLane(lane));
}

double TimelineGeometry::rowTop(int lane, int row) const
{
    return laneY(lane) + 2 + row * rowHeight(lane);
}

int TimelineGeometry::rowOfBar(BarKind kind)
{
    return kind == BarKind::RefreshToken || kind == BarKind::Session ? 1 : 0;
}

int TimelineGeometry::rowOfMark(MarkKind kind)
{
    // Requests ride on the access-token row, refreshes on the refresh row.
    switch (kind) {
    case MarkKind::Refresh:
    case MarkKind::Rotation:
    case MarkKind::ReuseDetected:
    case MarkKind::ConcurrentRefresh:
    case MarkKind::AttackerRefresh:
        return 1;
    default:
        return 0;
    }
}

int TimelineGeometry::plotWidth() const
{
    return std::max(1, m_view.area.width() - labelWidth);
}

double TimelineGeometry::scale() const
{
    return plotWidth() / std::max(1e-9, m_view.to - m_view.from);
}

double TimelineGeometry::xForTime(double seconds) const
{
    const double width = plotWidth();
    return plotLeft() + (seconds - m_view.from) * width / std::max(1e-9, m_view.to - m_view.from);
}

double TimelineGeometry::timeForX(double x) const
{
    const double width = plotWidth();
    return m_view.from + (x - plotLeft()) * (m_view.to - m_view.from) / width;
}

double TimelineGeometry::visibleEnd() const
{
    return std::min(m_view.to, double(m_view.playhead));
}

QRect TimelineGeometry::laneRect(int lane) const
{
    if (!m_timeline || lane < 0 || lane >= laneCount())
        return {};
    return QRect(m_view.area.left(), laneY(lane), m_view.area.width(), heightOfLane(lane));
}

QRect TimelineGeometry::barRect(int barIndex) const
{
    if (!m_timeline || barIndex < 0 || size_t(barIndex) >= m_timeline->bars.size())
        return {};
    const Bar &bar = m_timeline->bars[size_t(barIndex)];
    const QRect lane = laneRect(bar.lane);
    const int rowHeight = (lane.height() - 4) / rowsOfLane(bar.lane);
    // Clamped: zoomed far in on a long run, a bar's ends can lie millions of pixels away.
    const double limit = 1e6;
    const double x1 = std::clamp(xForTime(double(bar.from)), -limit, limit);
    const double x2 = std::clamp(xForTime(double(std::min(bar.to, m_view.playhead))), -limit, limit);
    const int top = lane.top() + 2 + rowOfBar(bar.kind) * rowHeight;
    return QRect(QPoint(int(std::floor(x1)), top + 2),
                 QPoint(int(std::ceil(std::max(x1 + 1, x2))), top + rowHeight - 3));
}

int TimelineGeometry::laneAt(const QPoint &pos) const
{
    for (int lane = 0; lane < laneCount(); ++lane) {
        if (laneRect(lane).contains(pos))
            return lane;
    }
    return -1;
}

int TimelineGeometry::barAt(const QPoint &pos) const
{
    if (!m_timeline || pos.x() < plotLeft() || pos.y() < m_view.area.top() + axisHeight)
        return -1;
    // Only the bars of the lane under the cursor (bars are sorted by lane, then by iat).
    const int lane = laneAt(pos);
    if (lane < 0)
        return -1;
    const auto &bars = m_timeline->bars;
    const double t = timeForX(pos.x());
    auto it = std::lower_bound(bars.begin(), bars.end(), lane, [](const Bar &bar, int l) { return bar.lane < l; });
    int found = -1;
    for (; it != bars.end() && it->lane == lane && double(it->from) <= t + 1; ++it) {
        if (it->from > m_view.playhead)
            break;
        const int index = int(it - bars.begin());
        if (barRect(index).adjusted(-1, -1, 1, 1).contains(pos))
            found = index; // the latest bar that contains the point wins: it is drawn on top
    }
    return found;
}

int TimelineGeometry::markAt(const QPoint &pos) const
{
    if (!m_timeline || pos.x() < plotLeft() || pos.y() < m_view.area.top() + axisHeight)
        return -1;
    const auto &marks = m_timeline->marks;
    const double t1 = timeForX(pos.x() - 4);
    const double t2 = std::min(timeForX(pos.x() + 4), double(m_view.playhead));
    auto it = std::lower_bound(marks.begin(), marks.end(), t1,
                               [](const Mark &mark, double t) { return double(mark.time) < t; });
    int best = -1;
    double bestDistance = 1e9;
    for (; it != marks.end() && double(it->time) <= t2; ++it) {
        const QRect lane = laneRect(it->lane);
        if (!lane.contains(pos))
            continue;
        const double distance = std::abs(xForTime(double(it->time)) - pos.x());
        // Rare marks (thefts, revocations) win over the many requests around them.
        const double weight = it->kind == MarkKind::Request ? 1.5 : 1.0;
        if (distance * weight < bestDistance) {
            bestDistance = distance * weight;
            best = int(it - marks.begin());
        }
    }
    return best;
}

bool TimelineGeometry::isOnNotableMark(int markIndex, const QPoint &pos) const
{
    if (!m_timeline || markIndex < 0 || size_t(markIndex) >= m_timeline->marks.size())
        return false;
    const Mark &mark = m_timeline->marks[size_t(markIndex)];
    return mark.kind != MarkKind::Request && std::abs(xForTime(double(mark.time)) - pos.x()) <= 3;
}

int TimelineGeometry::shadeAt(const QPoint &pos) const
{
    if (!m_timeline || pos.y() < m_view.area.top() + axisHeight || pos.x() < plotLeft())
        return -1;
    const double t = timeForX(pos.x());
    const auto &shades = m_timeline->shades;
    for (size_t i = 0; i < shades.size(); ++i) {
        const auto &shade = shades[i];
        if (t >= double(shade.from) && t <= double(std::max(shade.to, shade.from + 1)) && t <= double(m_view.playhead))
            return int(i);
    }
    return -1;
}

std::vector<TimelineGeometry::LinkSegment> TimelineGeometry::linkSegments(LaneRange lanes) const
{
    std::vector<LinkSegment> segments;
    if (!m_timeline || m_timeline->links.empty() || m_timeline->linkSpacing <= 0)
        return segments;
    const TimelineData &timeline = *m_timeline;
    const double scale = this->scale();
    // Level of detail: when a lane's links are typically under a few pixels apart they are a smear over the bars
    // (the rotation marks already say it), and they would cost more than the bars themselves.
    const double spacing = double(timeline.linkSpacing) * scale;
    if (spacing < minLinkSpacing)
        return segments;
    const double reach = std::clamp(spacing * 0.4, 1.5, 7.0);
    const double end = visibleEnd();
    std::vector<double> lastX(timeline.lanes.size() * 2, -1e9); // (lane, kind) → x of the last link kept
    const auto &links = timeline.links;
    const double margin = reach / scale;
    auto it = std::lower_bound(links.begin(), links.end(), m_view.from - margin,
                               [](const TimelineData::Link &link, double t) { return double(link.time) < t; });
    for (; it != links.end() && double(it->time) <= end; ++it) {
        const TimelineData::Link &link = *it;
        if (link.lane < lanes.first || link.lane > lanes.last
            || timeline.lanes[size_t(link.lane)].kind != TimelineData::LaneKind::Client)
            continue;
        const double linkX = plotX(double(link.time));
        double &last = lastX[size_t(link.lane) * 2 + (link.kind == TimelineData::LinkKind::Rotation ? 1 : 0)];
        if (linkX - last < minLinkSpacing)
            continue;
        last = linkX;
        // The bar geometry the painter uses: two rows per client lane, access above refresh.
        const double barHeight = rowHeight(link.lane) - 5;
        auto barTop = [&](int row) {
            return rowTop(link.lane, row) + 2;
        };
        const double childX = plotX(double(timeline.bars[size_t(link.toBar)].from));
        LinkSegment segment;
        segment.link = int(it - links.begin());
        segment.kind = link.kind;
        segment.attacker = link.attacker;
        segment.reach = reach;
        if (link.kind == TimelineData::LinkKind::Rotation) {
            // Under the refresh row, from the end of generation N to the start of N + 1.
            const double y = barTop(1) + barHeight;
            segment.from = QPointF(linkX - reach, y);
            segment.to = QPointF(childX + reach, y);
        } else {
            // From the refresh token at the refresh point up to the lower edge of the access token issued for it
            // (not its middle, where the bar's label is).
            segment.from = QPointF(linkX, barTop(1) + barHeight / 2);
            segment.to = QPointF(childX + reach, barTop(0) + barHeight - 1);
        }
        segments.push_back(segment);
    }
    return segments;
}

} // namespace tokenscope
