#pragma once

#include "simulate/SimulationRun.h"
#include "simulate/TimelineGeometry.h"

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QLineF>
#include <QList>
#include <QPalette>

class QPainter;

namespace tokenscope {

// Paints one frame of the Simulate timeline from a run and its geometry, a layer at a time, back to front: lanes,
// exposure windows, token bars, the blocklist line, revocation lines, refresh links, marks, lane labels, the time
// axis and the playhead. The view paints its viewport through it, the export a PNG or SVG of the whole height.
// Painted with QPainter, no scene graph: a large run has tens of thousands of marks, so bars and marks are drawn with
// a level of detail of one per lane, kind and pixel column, and batched into a few calls.
class TimelinePainter
{
    Q_DECLARE_TR_FUNCTIONS(TimelinePainter)
public:
    // The colours a timeline is painted in, taken from the widget palette (light or dark) by colors().
    struct Colors
    {
        QColor accessBar, refreshBar, sessionBar, stolenBar, outageBar;
        QColor ok, rejected, warning, info, muted, text, base, laneLabel, grid, playhead, theftShade, revocationShade;
        QColor link; // refresh and rotation links: readable on the token bars and on the lane background
    };
    [[nodiscard]] static Colors colors(const QPalette &palette);
    // Drawing helpers shared with the legend.
    static void drawMark(QPainter *painter, TimelineData::MarkKind kind, bool ok, QPointF centre, double rowHeight,
                         const Colors &colors);
    // The straight pieces a link is drawn with.
    static void appendLinkLines(const TimelineGeometry::LinkSegment &segment, QList<QLineF> &lines);

    // `run` may be null (the first run is still running). `font` is the one lane labels and bar labels return to.
    TimelinePainter(QPainter &painter, const TimelineGeometry &geometry, const SimulationRun *run,
                    const QPalette &palette, const QFont &font);
    void paint();

private:
    [[nodiscard]] double x(double seconds) const { return m_plotLeft + (seconds - m_view.from) * m_scale; }
    void paintLanes();
    void paintShades();
    void paintBars();
    void paintBlocklist();
    void paintRevocationLines();
    void paintLinks();
    void paintMarks();
    void paintLaneLabels();
    void paintAxis();
    void paintPlayhead();

    QPainter &m_painter;
    const TimelineGeometry &m_geometry;
    const SimulationRun *m_run;
    const QPalette m_palette;
    const QFont m_font;
    const Colors m_colors;
    const TimelineGeometry::View &m_view;
    const int m_plotLeft;
    const double m_scale;
    const double m_visibleEnd;
    const TimelineGeometry::LaneRange m_lanes;
    const QRect m_plot; // right of the lane labels, under the axis
};

} // namespace tokenscope
