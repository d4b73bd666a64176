#pragma once

#include "simulate/SimulationRun.h"

#include <QPoint>
#include <QPointF>
#include <QRect>

#include <vector>

namespace tokenscope {

// Where things are on the Simulate timeline, without painting anything: the lane layout (a taller lane per client,
// for its access and refresh rows), the mapping between simulated seconds and x, the lanes in view, and what lies
// under a point (a token bar, a mark, an exposure window). TimelineView keeps one current for hit tests and hands it
// to TimelinePainter; the export paints through a copy with another picture area. Holds the timeline it was laid out
// for by pointer: the view owns the run and lays the geometry out again whenever it changes.
class TimelineGeometry
{
public:
    static constexpr int labelWidth = 150;
    static constexpr int axisHeight = 30;
    static constexpr int clientLaneHeight = 34;
    static constexpr int laneHeight = 26;
    // Refresh and rotation links closer than this many pixels are left out (see linkSegments()).
    static constexpr double minLinkSpacing = 3.0;

    // The picture the timeline is mapped into: its area (the axis on top, the lane labels on the left), the time
    // range in view, how far the lanes are scrolled, and the playhead (nothing after it is shown or hit).
    struct View
    {
        QRect area;
        double from = 0;
        double to = 1;
        int scrollY = 0;
        qint64 playhead = 0;
    };

    // The lanes in view, by index.
    struct LaneRange
    {
        int first = 0;
        int last = -1; // empty when last < first
    };

    // A refresh or rotation link (TimelineData::Link) as drawn: `from` lies on the parent token's bar at the refresh
    // point, `to` on the child's bar at its start.
    struct LinkSegment
    {
        int link = -1; // index into timeline().links
        TimelineData::LinkKind kind = TimelineData::LinkKind::Refresh;
        bool attacker = false;
        QPointF from;
        QPointF to;
        double reach = 0; // horizontal half-width of the connector in pixels
    };

    TimelineGeometry() = default;
    // Lays out the lanes of `timeline` (none for nullptr); the view is kept.
    void setTimeline(const TimelineData *timeline);
    [[nodiscard]] const TimelineData *timeline() const { return m_timeline; }
    void setView(const View &view) { m_view = view; }
    [[nodiscard]] const View &view() const { return m_view; }

    // Lane layout, in content coordinates (0 is the top of the first lane, under the axis).
    [[nodiscard]] int laneCount() const { return int(m_laneTops.size()); }
    [[nodiscard]] int laneTop(int lane) const { return m_laneTops[size_t(lane)]; }
    [[nodiscard]] int heightOfLane(int lane) const;
    [[nodiscard]] int contentHeight() const { return m_contentHeight; }
    // Lanes that intersect the picture.
    [[nodiscard]] LaneRange visibleLanes() const;
    // The y of a lane's top in the picture, and its rows: a client lane has two (access above refresh).
    [[nodiscard]] int laneY(int lane) const;
    [[nodiscard]] int rowsOfLane(int lane) const;
    [[nodiscard]] double rowHeight(int lane) const;
    [[nodiscard]] double rowTop(int lane, int row) const;
    [[nodiscard]] static int rowOfBar(TimelineData::BarKind kind);
    [[nodiscard]] static int rowOfMark(TimelineData::MarkKind kind);

    // Time and x. xForTime divides per call, as hit tests always have; the painter maps through plotX, with the
    // pixels per second (scale()) computed once per frame: the two may differ in the last bit, never by a pixel.
    [[nodiscard]] int plotLeft() const { return m_view.area.left() + labelWidth; }
    [[nodiscard]] int plotWidth() const;
    [[nodiscard]] double scale() const;
    [[nodiscard]] double plotX(double seconds) const { return plotLeft() + (seconds - m_view.from) * scale(); }
    [[nodiscard]] double xForTime(double seconds) const;
    [[nodiscard]] double timeForX(double x) const;
    // The end of what is shown: the view's end, or the playhead if that is earlier.
    [[nodiscard]] double visibleEnd() const;

    // Rectangles in the picture, and what lies under a point of it.
    [[nodiscard]] QRect laneRect(int lane) const;
    [[nodiscard]] QRect barRect(int barIndex) const;
    [[nodiscard]] int laneAt(const QPoint &pos) const; // -1 outside every lane
    [[nodiscard]] int barAt(const QPoint &pos) const; // index into timeline().bars, or -1
    [[nodiscard]] int markAt(const QPoint &pos) const; // index into timeline().marks, or -1
    // Whether a click at `pos` means mark `markIndex` itself rather than what lies under it: a notable mark (not a
    // request) within three pixels.
    [[nodiscard]] bool isOnNotableMark(int markIndex, const QPoint &pos) const;
    [[nodiscard]] int shadeAt(const QPoint &pos) const; // index into timeline().shades, or -1

    // The links drawn in `lanes`, after the level of detail: none when links would be under minLinkSpacing pixels
    // apart, at most one per lane, kind and that many pixels.
    [[nodiscard]] std::vector<LinkSegment> linkSegments(LaneRange lanes) const;

private:
    const TimelineData *m_timeline = nullptr;
    std::vector<int> m_laneTops;
    int m_contentHeight = 0;
    View m_view;
};

} // namespace tokenscope
