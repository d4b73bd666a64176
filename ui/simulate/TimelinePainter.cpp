#include "simulate/TimelinePainter.h"

#include "common/Theme.h"
#include "simulate/TimelineView.h"

#include <QPainter>
#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tokenscope {

using namespace Qt::StringLiterals;
using Mark = TimelineData::Mark;
using MarkKind = TimelineData::MarkKind;
using Bar = TimelineData::Bar;
using BarKind = TimelineData::BarKind;
using LinkSegment = TimelineGeometry::LinkSegment;

namespace {

constexpr int markKindCount = int(MarkKind::ExposureEnded) + 1;
constexpr int labelWidth = TimelineGeometry::labelWidth;
constexpr int axisHeight = TimelineGeometry::axisHeight;

QColor withAlpha(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

// Tick spacing for the time axis: the first step that leaves at least `minPixels` between labels.
qint64 tickStep(double secondsPerPixel, int minPixels)
{
    static const qint64 steps[]
        = {1,    5,     10,    15,    30,    60,     120,    300,     600,     900,     1800,     3600,
           7200, 10800, 21600, 43200, 86400, 172800, 604800, 1209600, 2592000, 7776000, 15552000, 31536000};
    for (const qint64 step : steps) {
        if (double(step) / secondsPerPixel >= minPixels)
            return step;
    }
    return steps[std::size(steps) - 1];
}

QString axisLabel(qint64 seconds, qint64 step)
{
    const qint64 days = seconds / 86400;
    const qint64 rest = seconds % 86400;
    if (step >= 86400 && rest == 0)
        return TimelinePainter::tr("day %1").arg(days);
    const QString clock = step < 60
        ? u"%1:%2:%3"_s.arg(rest / 3600, 2, 10, QLatin1Char('0'))
              .arg(rest % 3600 / 60, 2, 10, QLatin1Char('0'))
              .arg(rest % 60, 2, 10, QLatin1Char('0'))
        : u"%1:%2"_s.arg(rest / 3600, 2, 10, QLatin1Char('0')).arg(rest % 3600 / 60, 2, 10, QLatin1Char('0'));
    return days > 0 ? TimelinePainter::tr("d%1 %2").arg(days).arg(clock) : clock;
}

} // namespace

TimelinePainter::TimelinePainter(QPainter &painter, const TimelineGeometry &geometry, const SimulationRun *run,
                                 const QPalette &palette, const QFont &font)
    : m_painter(painter), m_geometry(geometry), m_run(run), m_palette(palette), m_font(font), m_colors(colors(palette)),
      m_view(geometry.view()), m_plotLeft(geometry.plotLeft()), m_scale(geometry.scale()),
      m_visibleEnd(geometry.visibleEnd()), m_lanes(geometry.visibleLanes()),
      m_plot(m_plotLeft, m_view.area.top() + axisHeight, geometry.plotWidth(), m_view.area.height() - axisHeight)
{ }

TimelinePainter::Colors TimelinePainter::colors(const QPalette &palette)
{
    const bool dark = Theme::isDark(palette);
    const Theme::Colors theme = Theme::colors(palette);
    Colors colors;
    colors.accessBar = dark ? QColor(0x4c, 0x8d, 0xf6) : QColor(0x25, 0x63, 0xeb);
    colors.refreshBar = dark ? QColor(0xa7, 0x8b, 0xfa) : QColor(0x7c, 0x3a, 0xed);
    colors.sessionBar = dark ? QColor(0xf5, 0x9e, 0x0b) : QColor(0xc2, 0x6d, 0x06);
    colors.stolenBar = theme.high;
    colors.outageBar = theme.high;
    colors.ok = theme.valid;
    colors.rejected = theme.high;
    colors.warning = theme.warning;
    colors.info = theme.info;
    colors.text = palette.color(QPalette::Text);
    colors.base = palette.color(QPalette::Base);
    colors.muted = palette.color(QPalette::PlaceholderText);
    colors.laneLabel = palette.color(QPalette::WindowText);
    colors.grid = palette.color(QPalette::Mid);
    colors.playhead = palette.color(QPalette::Highlight);
    colors.theftShade = withAlpha(theme.high, dark ? 48 : 36);
    colors.revocationShade = withAlpha(theme.warning, dark ? 48 : 40);
    // Teal: apart from the blue and violet bars it crosses, from accepted green and rejected red, and dark on a
    // light base (light on a dark one) so a one-pixel line still reads.
    colors.link = dark ? QColor(0x5e, 0xea, 0xd4) : QColor(0x0f, 0x76, 0x6e);
    return colors;
}

void TimelinePainter::drawMark(QPainter *painter, MarkKind kind, bool ok, QPointF c, double h, const Colors &colors)
{
    const double r = std::clamp(h * 0.32, 2.5, 5.0);
    painter->setBrush(Qt::NoBrush);
    switch (kind) {
    case MarkKind::Request:
    case MarkKind::AttackerRequest: {
        const QColor color = kind == MarkKind::AttackerRequest ? (ok ? colors.rejected : colors.muted)
                                                               : (ok ? colors.ok : colors.rejected);
        painter->setPen(QPen(color, ok ? 1.2 : 2.0));
        const double half = ok ? r * 0.8 : r * 1.2;
        painter->drawLine(QPointF(c.x(), c.y() - half), QPointF(c.x(), c.y() + half));
        break;
    }
    case MarkKind::Login: {
        painter->setPen(Qt::NoPen);
        painter->setBrush(ok ? colors.ok : colors.rejected);
        const QPointF points[] = {{c.x() - r * 0.6, c.y() - r}, {c.x() + r, c.y()}, {c.x() - r * 0.6, c.y() + r}};
        painter->drawPolygon(points, 3);
        break;
    }
    case MarkKind::Refresh:
    case MarkKind::AttackerRefresh:
        painter->setPen(
            QPen(ok ? (kind == MarkKind::AttackerRefresh ? colors.rejected : colors.text) : colors.rejected, 1.2));
        painter->setBrush(ok ? QBrush(colors.base) : QBrush(colors.rejected));
        painter->drawEllipse(c, r * 0.75, r * 0.75);
        break;
    case MarkKind::Rotation:
        // Filled in the text colour so it stands out on the refresh-token bar it sits on.
        painter->setPen(QPen(colors.base, 1));
        painter->setBrush(colors.text);
        painter->drawEllipse(c, r * 0.85, r * 0.85);
        break;
    case MarkKind::ConcurrentRefresh:
        painter->setPen(QPen(ok ? colors.warning : colors.rejected, 1.4));
        painter->drawEllipse(c + QPointF(-r * 0.45, 0), r * 0.6, r * 0.6);
        painter->drawEllipse(c + QPointF(r * 0.45, 0), r * 0.6, r * 0.6);
        break;
    case MarkKind::ReuseDetected: {
        painter->setPen(QPen(colors.text, 1));
        painter->setBrush(colors.rejected);
        const QPointF points[] = {{c.x(), c.y() - r * 1.1}, {c.x() + r, c.y() + r * 0.8}, {c.x() - r, c.y() + r * 0.8}};
        painter->drawPolygon(points, 3);
        break;
    }
    case MarkKind::Logout:
    case MarkKind::WrongfulLogout: {
        const bool wrongful = kind == MarkKind::WrongfulLogout;
        painter->setPen(QPen(wrongful ? colors.rejected : colors.muted, wrongful ? 2.2 : 1.4));
        painter->drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
        painter->drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
        break;
    }
    case MarkKind::Theft: {
        painter->setPen(QPen(colors.text, 1));
        painter->setBrush(colors.rejected);
        const double s = r * 1.2;
        const QPointF points[] = {{c.x(), c.y() - s}, {c.x() + s, c.y()}, {c.x(), c.y() + s}, {c.x() - s, c.y()}};
        painter->drawPolygon(points, 4);
        break;
    }
    case MarkKind::Revocation:
        painter->setPen(QPen(colors.text, 1));
        painter->setBrush(colors.warning);
        painter->drawRect(QRectF(c.x() - r * 0.9, c.y() - r * 0.9, r * 1.8, r * 1.8));
        break;
    case MarkKind::KeyRotation:
        painter->setPen(QPen(colors.info, 1.6));
        painter->drawEllipse(QPointF(c.x() - r * 0.5, c.y()), r * 0.55, r * 0.55);
        painter->drawLine(QPointF(c.x(), c.y()), QPointF(c.x() + r * 1.1, c.y()));
        painter->drawLine(QPointF(c.x() + r * 0.8, c.y()), QPointF(c.x() + r * 0.8, c.y() + r * 0.6));
        break;
    case MarkKind::Outage:
    case MarkKind::Restored: {
        painter->setPen(Qt::NoPen);
        painter->setBrush(kind == MarkKind::Outage ? colors.rejected : colors.ok);
        const double dir = kind == MarkKind::Outage ? 1 : -1;
        const QPointF points[]
            = {{c.x() - r, c.y() - r * 0.7 * dir}, {c.x() + r, c.y() - r * 0.7 * dir}, {c.x(), c.y() + r * 0.8 * dir}};
        painter->drawPolygon(points, 3);
        break;
    }
    case MarkKind::ExposureEnded:
        painter->setPen(QPen(colors.ok, 1.6));
        painter->drawLine(QPointF(c.x(), c.y() - r), QPointF(c.x(), c.y() + r));
        painter->setBrush(colors.ok);
        painter->drawRect(QRectF(c.x(), c.y() - r, r, r * 0.8));
        break;
    }
}
void TimelinePainter::appendLinkLines(const LinkSegment &segment, QList<QLineF> &lines)
{
    // Straight pieces, not curves: thousands of links in view are then one drawLines call.
    const QPointF a = segment.from;
    const QPointF b = segment.to;
    if (segment.kind == TimelineData::LinkKind::Rotation) {
        const double dip = 3.5;
        const QPointF p1(a.x() + segment.reach * 0.5, a.y() + dip);
        const QPointF p2(b.x() - segment.reach * 0.5, b.y() + dip);
        lines << QLineF(a, p1) << QLineF(p1, p2) << QLineF(p2, b);
    } else {
        const QPointF corner(a.x(), b.y() + std::min(4.0, (a.y() - b.y()) * 0.4));
        lines << QLineF(a, corner) << QLineF(corner, b);
    }
}

void TimelinePainter::paint()
{
    m_painter.fillRect(m_view.area, m_palette.color(QPalette::Base));
    if (!m_run) {
        m_painter.setPen(m_colors.muted);
        m_painter.drawText(m_view.area, Qt::AlignCenter, tr("Running the scenario…"));
        return;
    }
    m_painter.save();
    m_painter.setClipRect(
        QRect(m_view.area.left(), m_plot.top(), m_view.area.width(), m_view.area.height() - axisHeight));
    paintLanes();
    paintShades();
    paintBars();
    paintBlocklist();
    paintRevocationLines();
    paintLinks();
    paintMarks();
    m_painter.restore();
    paintLaneLabels();
    paintAxis();
    paintPlayhead();
}

void TimelinePainter::paintLanes()
{
    const TimelineData &timeline = m_run->timeline;
    for (int lane = m_lanes.first; lane <= m_lanes.last; ++lane) {
        const QRect rect(m_view.area.left(), m_geometry.laneY(lane), m_view.area.width(),
                         m_geometry.heightOfLane(lane));
        if (lane % 2)
            m_painter.fillRect(rect, m_palette.color(QPalette::AlternateBase));
        if (timeline.lanes[size_t(lane)].kind != timeline.lanes[size_t(std::max(0, lane - 1))].kind || lane == 0) {
            m_painter.setPen(m_colors.grid);
            m_painter.drawLine(rect.topLeft(), rect.topRight());
        }
    }
}

void TimelinePainter::paintShades()
{
    // Exposure windows, shaded across every lane up to the playhead.
    for (const auto &shade : m_run->timeline.shades) {
        const double from = std::max(double(shade.from), m_view.from);
        const double to = std::min(double(std::max(shade.to, shade.from + 1)), m_visibleEnd);
        if (to < from)
            continue;
        const QRectF rect(x(from), m_plot.top(), std::max(2.0, (to - from) * m_scale), m_plot.height());
        m_painter.fillRect(rect, shade.theft ? m_colors.theftShade : m_colors.revocationShade);
    }
}

void TimelinePainter::paintBars()
{
    // Token bars: solid while current, a thin tail once replaced, up to expiry. Bars narrower than a few pixels
    // (a week of 5-minute tokens) merge into one run per row, so a frame costs one rectangle per run, not per token.
    const TimelineData &timeline = m_run->timeline;
    m_painter.setPen(Qt::NoPen);
    struct Pending
    {
        QRectF rect;
        QColor color;
        bool valid = false;
    };
    Pending pending;
    auto flush = [&] {
        if (pending.valid)
            m_painter.fillRect(pending.rect, pending.color);
        pending.valid = false;
    };
    const auto begin = std::lower_bound(timeline.bars.begin(), timeline.bars.end(), m_lanes.first,
                                        [](const Bar &bar, int lane) { return bar.lane < lane; });
    for (auto it = begin; it != timeline.bars.end() && it->lane <= m_lanes.last; ++it) {
        const Bar &bar = *it;
        if (double(bar.to) < m_view.from || double(bar.from) > m_visibleEnd)
            continue;
        const double y = m_geometry.rowTop(bar.lane, TimelineGeometry::rowOfBar(bar.kind)) + 2;
        const double h = m_geometry.rowHeight(bar.lane) - 5;
        const double x1 = x(std::max(double(bar.from), m_view.from - 1));
        const double solidEnd = x(std::min(double(bar.supersededAt), m_visibleEnd));
        const double end = x(std::min(double(bar.to), m_visibleEnd));
        QColor color;
        switch (bar.kind) {
        case BarKind::AccessToken:
            color = m_colors.accessBar;
            break;
        case BarKind::RefreshToken:
            color = m_colors.refreshBar;
            break;
        case BarKind::Session:
            color = m_colors.sessionBar;
            break;
        case BarKind::Stolen:
            color = m_colors.stolenBar;
            break;
        case BarKind::Outage:
            color = withAlpha(m_colors.outageBar, 110);
            break;
        }
        if (bar.kind != BarKind::Outage)
            color = withAlpha(color, 200);
        if (solidEnd - x1 < 3) {
            // Level of detail: extend the run this row is drawing.
            if (pending.valid && pending.color == color && std::abs(pending.rect.top() - y) < 0.5
                && x1 <= pending.rect.right() + 1.5) {
                pending.rect.setRight(std::max(pending.rect.right(), std::max(x1 + 1, solidEnd)));
            } else {
                flush();
                pending = {QRectF(x1, y, std::max(1.0, solidEnd - x1), h), color, true};
            }
            continue;
        }
        flush();
        const QRectF solid(x1, y, solidEnd - x1, h);
        // Rounded corners only where they show: a rounded rectangle is a path, ten times the cost of a fill.
        if (solid.width() >= 12) {
            m_painter.setBrush(color);
            m_painter.drawRoundedRect(solid, 2, 2);
        } else {
            m_painter.fillRect(solid, color);
        }
        if (end > solidEnd + 0.5) {
            m_painter.setBrush(withAlpha(color, 70));
            m_painter.drawRect(QRectF(solidEnd, y + h * 0.35, end - solidEnd, h * 0.3));
        }
        if (solid.width() > 46 && bar.tokenId > 0) {
            m_painter.setPen(QColor(Qt::white));
            const QString label = bar.kind == BarKind::RefreshToken ? tr("rt %1.%2").arg(bar.family).arg(bar.generation)
                : bar.kind == BarKind::Session                      ? tr("sid #%1").arg(bar.tokenId)
                                                                    : tr("at #%1").arg(bar.tokenId);
            QFont font = m_painter.font();
            font.setPointSizeF(font.pointSizeF() * 0.8);
            m_painter.setFont(font);
            m_painter.drawText(solid.adjusted(4, 0, -2, 0), Qt::AlignLeft | Qt::AlignVCenter, label);
            m_painter.setFont(m_font);
            m_painter.setPen(Qt::NoPen);
        }
    }
    flush();
}

void TimelinePainter::paintBlocklist()
{
    // Blocklist size over time, as a step line in the servers lane (lane 1), scaled to its largest size.
    const TimelineData &timeline = m_run->timeline;
    if (timeline.blocklist.empty() || timeline.blocklistMax <= 0 || 1 < m_lanes.first || 1 > m_lanes.last)
        return;
    const double bottom = m_geometry.laneY(1) + m_geometry.heightOfLane(1) - 3;
    const double height = m_geometry.heightOfLane(1) - 6;
    QPolygonF steps;
    double previousY = bottom;
    for (const auto &[time, size] : timeline.blocklist) {
        if (double(time) > m_visibleEnd)
            break;
        const double px = x(std::max(double(time), m_view.from));
        const double py = bottom - height * double(size) / double(timeline.blocklistMax);
        steps << QPointF(px, previousY) << QPointF(px, py);
        previousY = py;
    }
    steps << QPointF(x(std::max(m_view.from, std::min(m_visibleEnd, double(timeline.duration)))), previousY);
    m_painter.setPen(QPen(m_colors.warning, 1.5));
    m_painter.setBrush(Qt::NoBrush);
    m_painter.drawPolyline(steps);
    m_painter.setPen(m_colors.muted);
    m_painter.drawText(QRectF(m_plotLeft + 4, m_geometry.laneY(1), 200, m_geometry.heightOfLane(1)),
                       Qt::AlignLeft | Qt::AlignVCenter, tr("blocklist ≤ %1").arg(timeline.blocklistMax));
}

void TimelinePainter::paintRevocationLines()
{
    // Revocations and key rotations as lines across every lane.
    m_painter.setPen(QPen(withAlpha(m_colors.warning, 200), 1, Qt::DashLine));
    for (const qint64 t : m_run->timeline.revocationLines) {
        if (double(t) < m_view.from || double(t) > m_visibleEnd)
            continue;
        m_painter.drawLine(QPointF(x(double(t)), m_plot.top()), QPointF(x(double(t)), m_plot.bottom()));
    }
}

void TimelinePainter::paintLinks()
{
    // Refresh and rotation links: over the bars they join, under the marks.
    const std::vector<LinkSegment> links = m_geometry.linkSegments(m_lanes);
    if (links.empty())
        return;
    QList<QLineF> ownLines;
    QList<QLineF> attackerLines;
    ownLines.reserve(qsizetype(links.size()) * 3);
    for (const LinkSegment &segment : links)
        appendLinkLines(segment, segment.attacker ? attackerLines : ownLines);
    // Antialiasing only while it is affordable (a zoomed-in view); a dense view draws aliased lines.
    // (an antialiased line costs about ten aliased ones: thousands of them would double the frame time).
    const bool smooth = links.size() <= 400;
    m_painter.setRenderHint(QPainter::Antialiasing, smooth);
    m_painter.setBrush(Qt::NoBrush);
    auto linkPen = [smooth](const QColor &color) {
        return smooth ? QPen(color, 1.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin) : QPen(color, 1);
    };
    m_painter.setPen(linkPen(m_colors.link));
    m_painter.drawLines(ownLines);
    m_painter.setPen(linkPen(m_colors.rejected));
    m_painter.drawLines(attackerLines);
    m_painter.setRenderHint(QPainter::Antialiasing, false);
    m_painter.setPen(Qt::NoPen);
}

void TimelinePainter::paintMarks()
{
    // Marks, with one mark per lane, kind and pixel column.
    const TimelineData &timeline = m_run->timeline;
    std::vector<int> lastX(timeline.lanes.size() * markKindCount * 2, std::numeric_limits<int>::min());
    QList<QLine> acceptedTicks;
    QList<QLine> rejectedTicks;
    struct Special
    {
        QPointF centre;
        double rowHeight;
        MarkKind kind;
        bool ok;
    };
    std::vector<Special> special;
    QList<QRect> routineDots;
    QList<QRect> rotationDots;
    const bool dense = 1.0 / m_scale > 20; // more than 20 simulated seconds per pixel
    const std::vector<Mark> *marks = &timeline.marks;
    for (const auto &level : timeline.markLevels) {
        if (double(level.seconds) <= 1.0 / m_scale)
            marks = &level.marks;
    }
    const auto begin = std::lower_bound(marks->begin(), marks->end(), m_view.from,
                                        [](const Mark &mark, double t) { return double(mark.time) < t; });
    for (auto it = begin; it != marks->end() && double(it->time) <= m_visibleEnd; ++it) {
        const Mark &mark = *it;
        if (mark.lane < m_lanes.first || mark.lane > m_lanes.last)
            continue;
        const double mx = x(double(mark.time));
        int &last = lastX[(size_t(mark.lane) * markKindCount + size_t(mark.kind)) * 2 + (mark.ok ? 1 : 0)];
        const int bucket = dense && mark.kind != MarkKind::Request ? int(mx) / 3 : int(mx);
        if (bucket == last)
            continue;
        last = bucket;
        const bool client = timeline.lanes[size_t(mark.lane)].kind == TimelineData::LaneKind::Client;
        const double rowHeight = m_geometry.rowHeight(mark.lane);
        const int row = client ? TimelineGeometry::rowOfMark(mark.kind) : 0;
        const double cy = m_geometry.rowTop(mark.lane, row) + rowHeight / 2;
        if (mark.kind == MarkKind::Request) {
            // The bulk of every run: batched into two drawLines calls.
            const int half = mark.ok ? 3 : 5;
            const int ix = int(mx);
            (mark.ok ? acceptedTicks : rejectedTicks).append(QLine(ix, int(cy) - half, ix, int(cy) + half));
            continue;
        }
        const bool routine = mark.kind == MarkKind::Refresh || mark.kind == MarkKind::Rotation
            || mark.kind == MarkKind::Login || mark.kind == MarkKind::Logout;
        if (dense && routine && mark.ok) {
            // Zoomed out, routine marks are density, not shapes: small squares, batched, no antialiasing.
            const int ix = int(mx);
            (mark.kind == MarkKind::Rotation ? rotationDots : routineDots).append(QRect(ix - 1, int(cy) - 1, 3, 3));
            continue;
        }
        special.push_back({QPointF(mx, cy), rowHeight, mark.kind, mark.ok});
    }
    m_painter.setPen(QPen(m_colors.ok, 1));
    m_painter.drawLines(acceptedTicks);
    m_painter.setPen(QPen(m_colors.rejected, 2));
    m_painter.drawLines(rejectedTicks);
    m_painter.setPen(Qt::NoPen);
    m_painter.setBrush(m_colors.text);
    m_painter.drawRects(routineDots);
    m_painter.drawRects(rotationDots);
    m_painter.setRenderHint(QPainter::Antialiasing, true);
    for (const auto &mark : special)
        drawMark(&m_painter, mark.kind, mark.ok, mark.centre, mark.rowHeight, m_colors);
    m_painter.setRenderHint(QPainter::Antialiasing, false);
}

void TimelinePainter::paintLaneLabels()
{
    // Lane labels over a solid column, so bars scrolled under it stay hidden.
    const QRect column(m_view.area.left(), m_plot.top(), labelWidth, m_view.area.height() - axisHeight);
    m_painter.save();
    m_painter.setClipRect(column);
    m_painter.fillRect(column, m_palette.color(QPalette::Window));
    for (int lane = m_lanes.first; lane <= m_lanes.last; ++lane) {
        const TimelineData::Lane &info = m_run->timeline.lanes[size_t(lane)];
        const QRect rect(m_view.area.left() + 8, m_geometry.laneY(lane), labelWidth - 14,
                         m_geometry.heightOfLane(lane));
        m_painter.setPen(info.kind == TimelineData::LaneKind::Attacker ? m_colors.rejected : m_colors.laneLabel);
        if (info.kind == TimelineData::LaneKind::Client) {
            m_painter.drawText(rect.adjusted(0, 0, 0, -rect.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
                               info.label);
            m_painter.setPen(m_colors.muted);
            QFont font = m_painter.font();
            font.setPointSizeF(font.pointSizeF() * 0.85);
            m_painter.setFont(font);
            m_painter.drawText(rect.adjusted(0, rect.height() / 2, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                               m_run->scenario.server.mode == sim::ServerMode::Session ? tr("session")
                                                                                       : tr("access · refresh"));
            m_painter.setFont(m_font);
        } else {
            m_painter.drawText(rect, Qt::AlignLeft | Qt::AlignVCenter, info.label);
        }
    }
    m_painter.setPen(m_colors.grid);
    m_painter.drawLine(QPoint(m_plotLeft - 1, m_plot.top()), QPoint(m_plotLeft - 1, m_view.area.bottom()));
    m_painter.restore();
}

void TimelinePainter::paintAxis()
{
    const QRect axis(m_view.area.left(), m_view.area.top(), m_view.area.width(), axisHeight);
    m_painter.fillRect(axis, m_palette.color(QPalette::Window));
    // The played part of the axis.
    const double playX = std::clamp(x(double(m_view.playhead)), double(m_plotLeft), double(axis.right()));
    m_painter.fillRect(QRectF(m_plotLeft, axis.bottom() - 3, playX - m_plotLeft, 3), withAlpha(m_colors.playhead, 160));
    const qint64 step = tickStep(1.0 / m_scale, 90);
    const qint64 first = qint64(std::ceil(m_view.from / double(step))) * step;
    QFont font = m_painter.font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    m_painter.setFont(font);
    for (qint64 t = first; double(t) <= m_view.to; t += step) {
        const double tx = x(double(t));
        m_painter.setPen(m_colors.grid);
        m_painter.drawLine(QPointF(tx, axis.bottom() - 7), QPointF(tx, axis.bottom()));
        m_painter.setPen(m_colors.laneLabel);
        m_painter.drawText(QRectF(tx + 3, axis.top(), 120, axisHeight - 6), Qt::AlignLeft | Qt::AlignVCenter,
                           axisLabel(t, step));
    }
    m_painter.setPen(m_colors.grid);
    m_painter.drawLine(axis.bottomLeft(), axis.bottomRight());
    m_painter.setPen(m_colors.laneLabel);
    m_painter.drawText(QRect(axis.left() + 8, axis.top(), labelWidth - 12, axisHeight),
                       Qt::AlignLeft | Qt::AlignVCenter, tr("T+ %1").arg(TimelineView::formatOffset(m_view.playhead)));
}

void TimelinePainter::paintPlayhead()
{
    const double px = x(double(m_view.playhead));
    if (px < m_plotLeft - 1 || px > m_view.area.right() + 1)
        return;
    m_painter.setRenderHint(QPainter::Antialiasing, true);
    m_painter.setPen(QPen(m_colors.playhead, 2));
    m_painter.drawLine(QPointF(px, m_view.area.top() + axisHeight - 10), QPointF(px, m_view.area.bottom()));
    m_painter.setBrush(m_colors.playhead);
    m_painter.setPen(Qt::NoPen);
    const QPointF handle[] = {{px - 6, m_view.area.top() + axisHeight - 12.0},
                              {px + 6, m_view.area.top() + axisHeight - 12.0},
                              {px, m_view.area.top() + axisHeight - 2.0}};
    m_painter.drawPolygon(handle, 3);
    m_painter.setRenderHint(QPainter::Antialiasing, false);
}

} // namespace tokenscope
