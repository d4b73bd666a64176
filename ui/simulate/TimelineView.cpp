// Over 700 lines, and due to be split into geometry (time to x, hit testing) and the painter; they share the lane
// layout computed here on each resize. The legend already lives apart (TimelineLegend).

#include "simulate/TimelineView.h"

#include "common/Theme.h"

#include <QDateTime>
#include <QEvent>
#include <QHelpEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace tokenscope {

using namespace Qt::StringLiterals;
using Mark = TimelineData::Mark;
using MarkKind = TimelineData::MarkKind;
using Bar = TimelineData::Bar;
using BarKind = TimelineData::BarKind;

namespace {

constexpr int markKindCount = int(MarkKind::ExposureEnded) + 1;

QColor withAlpha(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

// Row of a mark inside a client lane: requests ride on the access-token row, refreshes on the refresh row.
int rowOf(MarkKind kind)
{
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

QString markName(MarkKind kind, bool ok)
{
    switch (kind) {
    case MarkKind::Login:
        return ok ? TimelineView::tr("Login") : TimelineView::tr("Login denied");
    case MarkKind::Request:
        return ok ? TimelineView::tr("Request accepted") : TimelineView::tr("Request rejected");
    case MarkKind::Refresh:
        return ok ? TimelineView::tr("Refresh") : TimelineView::tr("Refresh failed");
    case MarkKind::Rotation:
        return TimelineView::tr("Refresh with rotation");
    case MarkKind::ReuseDetected:
        return TimelineView::tr("Reuse detected");
    case MarkKind::ConcurrentRefresh:
        return ok ? TimelineView::tr("Concurrent refresh") : TimelineView::tr("Concurrent refresh refused");
    case MarkKind::Logout:
        return TimelineView::tr("Logout");
    case MarkKind::WrongfulLogout:
        return TimelineView::tr("Wrongful logout");
    case MarkKind::Theft:
        return TimelineView::tr("Theft");
    case MarkKind::AttackerRequest:
        return ok ? TimelineView::tr("Attacker request accepted") : TimelineView::tr("Attacker request rejected");
    case MarkKind::AttackerRefresh:
        return ok ? TimelineView::tr("Attacker refresh accepted") : TimelineView::tr("Attacker refresh rejected");
    case MarkKind::Revocation:
        return TimelineView::tr("Operator action");
    case MarkKind::KeyRotation:
        return TimelineView::tr("Signing key rotation");
    case MarkKind::Outage:
        return TimelineView::tr("Outage");
    case MarkKind::Restored:
        return TimelineView::tr("Restored");
    case MarkKind::ExposureEnded:
        return TimelineView::tr("Exposure ended");
    }
    return {};
}

QString barName(BarKind kind)
{
    switch (kind) {
    case BarKind::AccessToken:
        return TimelineView::tr("Access token");
    case BarKind::RefreshToken:
        return TimelineView::tr("Refresh token");
    case BarKind::Session:
        return TimelineView::tr("Session");
    case BarKind::Stolen:
        return TimelineView::tr("Stolen credential in use");
    case BarKind::Outage:
        return TimelineView::tr("Outage");
    }
    return {};
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
        return TimelineView::tr("day %1").arg(days);
    const QString clock = step < 60
        ? u"%1:%2:%3"_s.arg(rest / 3600, 2, 10, QLatin1Char('0'))
              .arg(rest % 3600 / 60, 2, 10, QLatin1Char('0'))
              .arg(rest % 60, 2, 10, QLatin1Char('0'))
        : u"%1:%2"_s.arg(rest / 3600, 2, 10, QLatin1Char('0')).arg(rest % 3600 / 60, 2, 10, QLatin1Char('0'));
    return days > 0 ? TimelineView::tr("d%1 %2").arg(days).arg(clock) : clock;
}

} // namespace

TimelineView::TimelineView(QWidget *parent) : QAbstractScrollArea(parent)
{
    setAccessibleName(tr("Simulation timeline"));
    setAccessibleDescription(tr("Lanes per actor with token lifetimes, events and exposure windows up to the "
                                "playhead. Drag on the time axis to scrub; Ctrl+wheel zooms."));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
    viewport()->setBackgroundRole(QPalette::Base);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setMinimumHeight(200);
}

TimelineView::~TimelineView() = default;

void TimelineView::setRun(std::shared_ptr<const SimulationRun> run)
{
    const double previousDuration = double(duration());
    const bool wasFit = m_viewFrom <= 0 && m_viewTo >= previousDuration;
    m_run = std::move(run);
    layoutLanes();
    const double total = double(duration());
    // A re-run of the same scenario keeps the zoom, so the user sees what changed where they were looking.
    if (wasFit || m_viewTo > total || previousDuration != total)
        setVisibleRange(0, total);
    m_playhead = std::clamp<qint64>(m_playhead, 0, duration());
    updateScrollBars();
    viewport()->update();
}

qint64 TimelineView::duration() const
{
    return m_run ? m_run->timeline.duration : 1;
}

void TimelineView::setPlayhead(qint64 seconds)
{
    seconds = std::clamp<qint64>(seconds, 0, duration());
    if (seconds == m_playhead)
        return;
    m_playhead = seconds;
    viewport()->update();
    emit playheadChanged(seconds);
}

void TimelineView::ensureVisible(qint64 seconds)
{
    const double span = m_viewTo - m_viewFrom;
    if (double(seconds) < m_viewFrom || double(seconds) > m_viewTo)
        setVisibleRange(double(seconds) - span / 2, double(seconds) + span / 2);
}

void TimelineView::setVisibleRange(double from, double to)
{
    const double total = double(duration());
    const double span = std::clamp(to - from, std::min(10.0, total), total);
    from = std::clamp(from, 0.0, total - span);
    if (from == m_viewFrom && from + span == m_viewTo)
        return;
    m_viewFrom = from;
    m_viewTo = from + span;
    updateScrollBars();
    viewport()->update();
    emit visibleRangeChanged(m_viewFrom, m_viewTo);
}

void TimelineView::zoomAround(double factor, double anchor)
{
    const double span = (m_viewTo - m_viewFrom) / factor;
    const double ratio = m_viewTo > m_viewFrom ? (anchor - m_viewFrom) / (m_viewTo - m_viewFrom) : 0.5;
    setVisibleRange(anchor - span * ratio, anchor - span * ratio + span);
}

void TimelineView::zoomIn()
{
    const double anchor
        = m_playhead >= m_viewFrom && m_playhead <= m_viewTo ? double(m_playhead) : (m_viewFrom + m_viewTo) / 2;
    zoomAround(2.0, anchor);
}

void TimelineView::zoomOut()
{
    zoomAround(0.5, (m_viewFrom + m_viewTo) / 2);
}

void TimelineView::zoomToFit()
{
    setVisibleRange(0, double(duration()));
}

void TimelineView::layoutLanes()
{
    m_laneTops.clear();
    int y = 0;
    if (m_run) {
        for (size_t lane = 0; lane < m_run->timeline.lanes.size(); ++lane) {
            m_laneTops.push_back(y);
            y += laneHeightOf(int(lane));
        }
    }
    m_contentHeight = y;
}

int TimelineView::laneHeightOf(int lane) const
{
    return m_run && m_run->timeline.lanes[size_t(lane)].kind == TimelineData::LaneKind::Client ? clientLaneHeight
                                                                                               : laneHeight;
}

void TimelineView::updateScrollBars()
{
    m_updatingScrollBars = true;
    const int visibleHeight = std::max(0, viewport()->height() - axisHeight);
    verticalScrollBar()->setRange(0, std::max(0, m_contentHeight - visibleHeight));
    verticalScrollBar()->setPageStep(visibleHeight);
    verticalScrollBar()->setSingleStep(laneHeight);
    const qint64 total = duration();
    const int span = int(std::max(1.0, m_viewTo - m_viewFrom));
    horizontalScrollBar()->setRange(0, int(std::max<qint64>(0, total - span)));
    horizontalScrollBar()->setPageStep(span);
    horizontalScrollBar()->setSingleStep(std::max(1, span / 20));
    horizontalScrollBar()->setValue(int(m_viewFrom));
    m_updatingScrollBars = false;
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void TimelineView::scrollContentsBy(int dx, int dy)
{
    Q_UNUSED(dy)
    if (dx != 0 && !m_updatingScrollBars) {
        const double span = m_viewTo - m_viewFrom;
        m_viewFrom = horizontalScrollBar()->value();
        m_viewTo = m_viewFrom + span;
        emit visibleRangeChanged(m_viewFrom, m_viewTo);
    }
    viewport()->update();
}

void TimelineView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        viewport()->update();
}

double TimelineView::xForTime(double seconds) const
{
    const double width = std::max(1, viewport()->width() - labelWidth);
    return labelWidth + (seconds - m_viewFrom) * width / std::max(1e-9, m_viewTo - m_viewFrom);
}

double TimelineView::timeForX(double x) const
{
    const double width = std::max(1, viewport()->width() - labelWidth);
    return m_viewFrom + (x - labelWidth) * (m_viewTo - m_viewFrom) / width;
}

QRect TimelineView::laneRect(int lane) const
{
    if (!m_run || lane < 0 || size_t(lane) >= m_laneTops.size())
        return {};
    return QRect(0, axisHeight + laneTop(lane) - verticalScrollBar()->value(), viewport()->width(), laneHeightOf(lane));
}

QRect TimelineView::barRect(int barIndex) const
{
    if (!m_run || barIndex < 0 || size_t(barIndex) >= m_run->timeline.bars.size())
        return {};
    const Bar &bar = m_run->timeline.bars[size_t(barIndex)];
    const QRect lane = laneRect(bar.lane);
    const int rows = m_run->timeline.lanes[size_t(bar.lane)].kind == TimelineData::LaneKind::Client ? 2 : 1;
    const int row = bar.kind == BarKind::RefreshToken || bar.kind == BarKind::Session ? 1 : 0;
    const int rowHeight = (lane.height() - 4) / rows;
    // Clamped: zoomed far in on a long run, a bar's ends can lie millions of pixels away.
    const double limit = 1e6;
    const double x1 = std::clamp(xForTime(double(bar.from)), -limit, limit);
    const double x2 = std::clamp(xForTime(double(std::min(bar.to, m_playhead))), -limit, limit);
    const int top = lane.top() + 2 + row * rowHeight;
    return QRect(QPoint(int(std::floor(x1)), top + 2),
                 QPoint(int(std::ceil(std::max(x1 + 1, x2))), top + rowHeight - 3));
}

int TimelineView::barAt(const QPoint &pos) const
{
    if (!m_run || pos.x() < labelWidth || pos.y() < axisHeight)
        return -1;
    // Only the bars of the lane under the cursor (bars are sorted by lane, then by iat).
    int lane = -1;
    for (size_t l = 0; l < m_laneTops.size(); ++l) {
        if (laneRect(int(l)).contains(pos)) {
            lane = int(l);
            break;
        }
    }
    if (lane < 0)
        return -1;
    const auto &bars = m_run->timeline.bars;
    const double t = timeForX(pos.x());
    auto it = std::lower_bound(bars.begin(), bars.end(), lane, [](const Bar &bar, int l) { return bar.lane < l; });
    int found = -1;
    for (; it != bars.end() && it->lane == lane && double(it->from) <= t + 1; ++it) {
        if (it->from > m_playhead)
            break;
        const int index = int(it - bars.begin());
        if (barRect(index).adjusted(-1, -1, 1, 1).contains(pos))
            found = index; // the latest bar that contains the point wins: it is drawn on top
    }
    return found;
}

int TimelineView::markAt(const QPoint &pos) const
{
    if (!m_run || pos.x() < labelWidth || pos.y() < axisHeight)
        return -1;
    const auto &marks = m_run->timeline.marks;
    const double t1 = timeForX(pos.x() - 4);
    const double t2 = std::min(timeForX(pos.x() + 4), double(m_playhead));
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

QString TimelineView::absoluteTime(qint64 seconds) const
{
    if (!m_run)
        return {};
    return QDateTime::fromSecsSinceEpoch(m_run->scenario.start + seconds, Qt::UTC)
        .toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s);
}

QString TimelineView::formatOffset(qint64 seconds)
{
    const QString sign = seconds < 0 ? u"−"_s : QString();
    seconds = std::abs(seconds);
    const qint64 days = seconds / 86400;
    QStringList parts;
    if (days)
        parts << tr("%1 d").arg(days);
    if (seconds % 86400 / 3600)
        parts << tr("%1 h").arg(seconds % 86400 / 3600);
    if (seconds % 3600 / 60)
        parts << tr("%1 min").arg(seconds % 3600 / 60);
    if (seconds % 60 || parts.isEmpty())
        parts << tr("%1 s").arg(seconds % 60);
    return sign + parts.join(QLatin1Char(' '));
}

QString TimelineView::markToolTip(const Mark &mark) const
{
    const sim::SimEvent &event = m_run->events[size_t(mark.event)];
    QString text = u"<b>%1</b><br>%2 · T+%3"_s.arg(markName(mark.kind, mark.ok).toHtmlEscaped(),
                                                   absoluteTime(mark.time), formatOffset(mark.time));
    if (!event.credential.isNull())
        text += u"<br>"_s + tr("credential: %1").arg(QString::fromLatin1(event.credential.name()));
    if (!event.issuedAccess.isNull() || !event.issuedRefresh.isNull()) {
        QStringList issued;
        if (!event.issuedAccess.isNull())
            issued << QString::fromLatin1(event.issuedAccess.name());
        if (!event.issuedRefresh.isNull())
            issued << QString::fromLatin1(event.issuedRefresh.name());
        text += u"<br>"_s + tr("issued: %1").arg(issued.join(u", "_s));
    }
    if (!event.reasonText().isEmpty())
        text += u"<br>"_s + tr("reason: %1").arg(QString::fromLatin1(event.reasonText()));
    if (event.note != sim::LogoutKind::None)
        text += u"<br>"_s + tr("note: %1").arg(QString::fromLatin1(event.noteText()));
    if (event.server >= 0)
        text += u"<br>"_s + tr("server: %1").arg(event.server);
    return text;
}

QString TimelineView::barToolTip(const Bar &bar) const
{
    QString text = u"<b>%1</b>"_s.arg(barName(bar.kind).toHtmlEscaped());
    if (bar.tokenId > 0)
        text += u" #%1"_s.arg(bar.tokenId);
    if (bar.kind == BarKind::RefreshToken)
        text += u" · "_s + tr("family %1, generation %2").arg(bar.family).arg(bar.generation);
    const bool isToken
        = bar.kind == BarKind::AccessToken || bar.kind == BarKind::RefreshToken || bar.kind == BarKind::Session;
    text
        += u"<br>"_s + (isToken ? tr("iat %1").arg(absoluteTime(bar.from)) : tr("from %1").arg(absoluteTime(bar.from)));
    text += u"<br>"_s + (isToken ? tr("exp %1").arg(absoluteTime(bar.to)) : tr("until %1").arg(absoluteTime(bar.to)));
    text += u"<br>"_s + tr("lifetime %1").arg(formatOffset(bar.to - bar.from));
    if (isToken && bar.supersededAt < bar.to)
        text += u"<br>"_s + tr("replaced after %1").arg(formatOffset(bar.supersededAt - bar.from));
    if (bar.tokenId > 0 && bar.kind != BarKind::Session && m_tokenText) {
        // The claims, from the token itself (signed on first hover by the run's issuer).
        const QList<QByteArray> parts = m_tokenText(bar.tokenId).split('.');
        if (parts.size() == 3) {
            const QJsonObject claims
                = QJsonDocument::fromJson(
                      QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))
                      .object();
            QStringList lines;
            for (auto it = claims.begin(); it != claims.end() && lines.size() < 14; ++it) {
                const QString value = it.value().isString()
                    ? it.value().toString()
                    : QString::fromUtf8(
                          QJsonDocument(QJsonObject {{it.key(), it.value()}}).toJson(QJsonDocument::Compact))
                          .section(u':', 1)
                          .chopped(1);
                lines << u"<tt>%1</tt>: %2"_s.arg(it.key().toHtmlEscaped(), value.left(80).toHtmlEscaped());
            }
            if (!lines.isEmpty())
                text += u"<hr>"_s + lines.join(u"<br>"_s);
        }
    }
    if (bar.tokenId > 0 && bar.kind != BarKind::Session)
        text += u"<br><i>"_s + tr("Click to open it in Inspect").toHtmlEscaped() + u"</i>"_s;
    return text;
}

QString TimelineView::toolTipAt(const QPoint &pos) const
{
    if (!m_run)
        return {};
    // Same priority as a click: a notable mark, then the token bar, then the requests riding on it.
    const int mark = markAt(pos);
    const int bar = barAt(pos);
    if (mark >= 0 && m_run->timeline.marks[size_t(mark)].kind != MarkKind::Request
        && std::abs(xForTime(double(m_run->timeline.marks[size_t(mark)].time)) - pos.x()) <= 3)
        return markToolTip(m_run->timeline.marks[size_t(mark)]);
    if (bar >= 0)
        return barToolTip(m_run->timeline.bars[size_t(bar)]);
    if (mark >= 0)
        return markToolTip(m_run->timeline.marks[size_t(mark)]);
    if (pos.y() >= axisHeight && pos.x() >= labelWidth) {
        const double t = timeForX(pos.x());
        for (const auto &shade : m_run->timeline.shades) {
            if (t >= double(shade.from) && t <= double(std::max(shade.to, shade.from + 1)) && t <= double(m_playhead))
                return u"<b>%1</b><br>%2<br>%3"_s.arg(
                    (shade.theft ? tr("Exposure after theft") : tr("Exposure after revocation")).toHtmlEscaped(),
                    shade.label.toHtmlEscaped(), tr("kept working for %1").arg(formatOffset(shade.to - shade.from)));
        }
    }
    return {};
}

bool TimelineView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (event->button() == Qt::LeftButton && pos.y() < axisHeight && pos.x() >= labelWidth) {
        m_scrubbing = true;
        setPlayhead(qint64(std::llround(timeForX(pos.x()))));
        emit scrubbed();
        return;
    }
    m_pressedBar = event->button() == Qt::LeftButton ? barAt(pos) : -1;
    m_pressedMark = event->button() == Qt::LeftButton ? markAt(pos) : -1;
    QAbstractScrollArea::mousePressEvent(event);
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_scrubbing) {
        setPlayhead(qint64(std::llround(timeForX(pos.x()))));
        emit scrubbed();
        return;
    }
    const int bar = barAt(pos);
    const bool clickable = bar >= 0 && m_run->timeline.bars[size_t(bar)].tokenId > 0;
    viewport()->setCursor(pos.y() < axisHeight ? Qt::SizeHorCursor
                              : clickable      ? Qt::PointingHandCursor
                                               : Qt::ArrowCursor);
    QAbstractScrollArea::mouseMoveEvent(event);
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_scrubbing) {
        m_scrubbing = false;
        return;
    }
    const QPoint pos = event->position().toPoint();
    const int bar = barAt(pos);
    const int mark = markAt(pos);
    if (event->button() == Qt::LeftButton) {
        // A notable mark (theft, reuse, logout…) wins over the bar under it; a token bar wins over the requests
        // that ride on it.
        const bool notable = mark >= 0 && mark == m_pressedMark
            && m_run->timeline.marks[size_t(mark)].kind != MarkKind::Request
            && std::abs(xForTime(double(m_run->timeline.marks[size_t(mark)].time)) - pos.x()) <= 3;
        if (notable) {
            emit eventActivated(m_run->timeline.marks[size_t(mark)].event);
        } else if (bar >= 0 && bar == m_pressedBar && m_run->timeline.bars[size_t(bar)].tokenId > 0) {
            emit tokenActivated(m_run->timeline.bars[size_t(bar)].tokenId);
        } else if (mark >= 0 && mark == m_pressedMark) {
            emit eventActivated(m_run->timeline.marks[size_t(mark)].event);
        }
    }
    m_pressedBar = -1;
    m_pressedMark = -1;
    QAbstractScrollArea::mouseReleaseEvent(event);
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const double steps = event->angleDelta().y() / 120.0;
        zoomAround(std::pow(1.25, steps), timeForX(event->position().x()));
        event->accept();
        return;
    }
    if (event->modifiers() & Qt::ShiftModifier) {
        const double span = m_viewTo - m_viewFrom;
        const double steps = event->angleDelta().y() / 120.0;
        setVisibleRange(m_viewFrom - steps * span / 10, m_viewTo - steps * span / 10);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

TimelineView::Colors TimelineView::colors(const QPalette &palette)
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

void TimelineView::drawMark(QPainter *painter, MarkKind kind, bool ok, QPointF c, double h, const Colors &colors)
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

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    Frame frame;
    frame.area = viewport()->rect();
    frame.viewFrom = m_viewFrom;
    frame.viewTo = m_viewTo;
    frame.scrollY = verticalScrollBar()->value();
    paintFrame(painter, frame);
}

QSize TimelineView::exportSize(int width, int maxHeight) const
{
    return QSize(width, std::min(maxHeight, axisHeight + m_contentHeight + 2));
}

void TimelineView::renderTimeline(QPainter *painter, const QSize &size) const
{
    Frame frame;
    frame.area = QRect(QPoint(0, 0), size);
    frame.viewFrom = m_viewFrom;
    frame.viewTo = m_viewTo;
    frame.scrollY = 0;
    paintFrame(*painter, frame);
}

std::vector<TimelineView::LinkSegment> TimelineView::linkSegments() const
{
    Frame frame;
    frame.area = viewport()->rect();
    frame.viewFrom = m_viewFrom;
    frame.viewTo = m_viewTo;
    frame.scrollY = verticalScrollBar()->value();
    int firstLane = 0;
    int lastLane = -1;
    if (m_run) {
        for (size_t lane = 0; lane < m_run->timeline.lanes.size(); ++lane) {
            const int y = axisHeight + laneTop(int(lane)) - frame.scrollY;
            if (y + laneHeightOf(int(lane)) < axisHeight) {
                firstLane = int(lane) + 1;
                continue;
            }
            if (y > frame.area.bottom())
                break;
            lastLane = int(lane);
        }
    }
    return collectLinks(frame, firstLane, lastLane);
}

std::vector<TimelineView::LinkSegment> TimelineView::collectLinks(const Frame &frame, int firstLane, int lastLane) const
{
    std::vector<LinkSegment> segments;
    if (!m_run || m_run->timeline.links.empty() || m_run->timeline.linkSpacing <= 0)
        return segments;
    const TimelineData &timeline = m_run->timeline;
    const int plotLeft = frame.area.left() + labelWidth;
    const int plotWidth = std::max(1, frame.area.width() - labelWidth);
    const double scale = plotWidth / std::max(1e-9, frame.viewTo - frame.viewFrom);
    // Level of detail: when a lane's links are typically under a few pixels apart they are a smear over the bars
    // (the rotation marks already say it), and they would cost more than the bars themselves.
    const double spacing = double(timeline.linkSpacing) * scale;
    if (spacing < minLinkSpacing)
        return segments;
    const double reach = std::clamp(spacing * 0.4, 1.5, 7.0);
    const double visibleEnd = std::min(frame.viewTo, double(m_playhead));
    const int top = frame.area.top() + axisHeight;
    auto x = [&](double t) {
        return plotLeft + (t - frame.viewFrom) * scale;
    };
    std::vector<double> lastX(timeline.lanes.size() * 2, -1e9); // (lane, kind) → x of the last link kept
    const auto &links = timeline.links;
    const double margin = reach / scale;
    auto it = std::lower_bound(links.begin(), links.end(), frame.viewFrom - margin,
                               [](const TimelineData::Link &link, double t) { return double(link.time) < t; });
    for (; it != links.end() && double(it->time) <= visibleEnd; ++it) {
        const TimelineData::Link &link = *it;
        if (link.lane < firstLane || link.lane > lastLane
            || timeline.lanes[size_t(link.lane)].kind != TimelineData::LaneKind::Client)
            continue;
        const double linkX = x(double(link.time));
        double &last = lastX[size_t(link.lane) * 2 + (link.kind == TimelineData::LinkKind::Rotation ? 1 : 0)];
        if (linkX - last < minLinkSpacing)
            continue;
        last = linkX;
        // The bar geometry of paintFrame: two rows per client lane, access above refresh.
        const double laneY = top + laneTop(link.lane) - frame.scrollY;
        const double rowHeight = (laneHeightOf(link.lane) - 4) / 2.0;
        const double barHeight = rowHeight - 5;
        auto barTop = [&](int row) {
            return laneY + 2 + row * rowHeight + 2;
        };
        const double childX = x(double(timeline.bars[size_t(link.toBar)].from));
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

void TimelineView::appendLinkLines(const LinkSegment &segment, QList<QLineF> &lines)
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

void TimelineView::paintAxis(QPainter &painter, const Frame &frame, double scale) const
{
    const QPalette &pal = palette();
    const Colors colors = TimelineView::colors(pal);
    const QRect axis(frame.area.left(), frame.area.top(), frame.area.width(), axisHeight);
    painter.fillRect(axis, pal.color(QPalette::Window));
    const int plotLeft = frame.area.left() + labelWidth;
    auto x = [&](double t) {
        return plotLeft + (t - frame.viewFrom) * scale;
    };
    // The played part of the axis.
    const double playX = std::clamp(x(double(m_playhead)), double(plotLeft), double(axis.right()));
    painter.fillRect(QRectF(plotLeft, axis.bottom() - 3, playX - plotLeft, 3), withAlpha(colors.playhead, 160));
    const qint64 step = tickStep(1.0 / scale, 90);
    const qint64 first = qint64(std::ceil(frame.viewFrom / double(step))) * step;
    QFont font = painter.font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    painter.setFont(font);
    for (qint64 t = first; double(t) <= frame.viewTo; t += step) {
        const double tx = x(double(t));
        painter.setPen(colors.grid);
        painter.drawLine(QPointF(tx, axis.bottom() - 7), QPointF(tx, axis.bottom()));
        painter.setPen(colors.laneLabel);
        painter.drawText(QRectF(tx + 3, axis.top(), 120, axisHeight - 6), Qt::AlignLeft | Qt::AlignVCenter,
                         axisLabel(t, step));
    }
    painter.setPen(colors.grid);
    painter.drawLine(axis.bottomLeft(), axis.bottomRight());
    painter.setPen(colors.laneLabel);
    painter.drawText(QRect(axis.left() + 8, axis.top(), labelWidth - 12, axisHeight), Qt::AlignLeft | Qt::AlignVCenter,
                     tr("T+ %1").arg(formatOffset(m_playhead)));
}

void TimelineView::paintFrame(QPainter &painter, const Frame &frame) const
{
    const QPalette &pal = palette();
    const Colors colors = TimelineView::colors(pal);
    painter.fillRect(frame.area, pal.color(QPalette::Base));
    const int plotLeft = frame.area.left() + labelWidth;
    const int plotWidth = std::max(1, frame.area.width() - labelWidth);
    const double scale = plotWidth / std::max(1e-9, frame.viewTo - frame.viewFrom);
    auto x = [&](double t) {
        return plotLeft + (t - frame.viewFrom) * scale;
    };
    if (!m_run) {
        painter.setPen(colors.muted);
        painter.drawText(frame.area, Qt::AlignCenter, tr("Running the scenario…"));
        return;
    }
    const TimelineData &timeline = m_run->timeline;
    const double visibleEnd = std::min(frame.viewTo, double(m_playhead));
    const int top = frame.area.top() + axisHeight;
    const QRect plot(plotLeft, top, plotWidth, frame.area.height() - axisHeight);

    // Lanes that intersect the picture.
    int firstLane = 0;
    int lastLane = -1;
    for (size_t lane = 0; lane < timeline.lanes.size(); ++lane) {
        const int y = top + laneTop(int(lane)) - frame.scrollY;
        if (y + laneHeightOf(int(lane)) < top) {
            firstLane = int(lane) + 1;
            continue;
        }
        if (y > frame.area.bottom())
            break;
        lastLane = int(lane);
    }
    auto laneY = [&](int lane) {
        return top + laneTop(lane) - frame.scrollY;
    };

    painter.save();
    painter.setClipRect(QRect(frame.area.left(), top, frame.area.width(), frame.area.height() - axisHeight));
    for (int lane = firstLane; lane <= lastLane; ++lane) {
        const QRect rect(frame.area.left(), laneY(lane), frame.area.width(), laneHeightOf(lane));
        if (lane % 2)
            painter.fillRect(rect, pal.color(QPalette::AlternateBase));
        if (timeline.lanes[size_t(lane)].kind != timeline.lanes[size_t(std::max(0, lane - 1))].kind || lane == 0) {
            painter.setPen(colors.grid);
            painter.drawLine(rect.topLeft(), rect.topRight());
        }
    }

    // Exposure windows, shaded across every lane up to the playhead.
    for (const auto &shade : timeline.shades) {
        const double from = std::max(double(shade.from), frame.viewFrom);
        const double to = std::min(double(std::max(shade.to, shade.from + 1)), visibleEnd);
        if (to < from)
            continue;
        const QRectF rect(x(from), plot.top(), std::max(2.0, (to - from) * scale), plot.height());
        painter.fillRect(rect, shade.theft ? colors.theftShade : colors.revocationShade);
    }

    // Token bars: solid while current, a thin tail once replaced, up to expiry. Bars narrower than a few pixels
    // (a week of 5-minute tokens) merge into one run per row, so a frame costs one rectangle per run, not per token.
    painter.setPen(Qt::NoPen);
    {
        struct Pending
        {
            QRectF rect;
            QColor color;
            bool valid = false;
        };
        Pending pending;
        auto flush = [&] {
            if (pending.valid)
                painter.fillRect(pending.rect, pending.color);
            pending.valid = false;
        };
        const auto begin = std::lower_bound(timeline.bars.begin(), timeline.bars.end(), firstLane,
                                            [](const Bar &bar, int lane) { return bar.lane < lane; });
        for (auto it = begin; it != timeline.bars.end() && it->lane <= lastLane; ++it) {
            const Bar &bar = *it;
            if (double(bar.to) < frame.viewFrom || double(bar.from) > visibleEnd)
                continue;
            const bool client = timeline.lanes[size_t(bar.lane)].kind == TimelineData::LaneKind::Client;
            const int rows = client ? 2 : 1;
            const int row = bar.kind == BarKind::RefreshToken || bar.kind == BarKind::Session ? 1 : 0;
            const int laneHeightPx = laneHeightOf(bar.lane);
            const double rowHeight = (laneHeightPx - 4) / double(rows);
            const double y = laneY(bar.lane) + 2 + row * rowHeight + 2;
            const double h = rowHeight - 5;
            const double x1 = x(std::max(double(bar.from), frame.viewFrom - 1));
            const double solidEnd = x(std::min(double(bar.supersededAt), visibleEnd));
            const double end = x(std::min(double(bar.to), visibleEnd));
            QColor color;
            switch (bar.kind) {
            case BarKind::AccessToken:
                color = colors.accessBar;
                break;
            case BarKind::RefreshToken:
                color = colors.refreshBar;
                break;
            case BarKind::Session:
                color = colors.sessionBar;
                break;
            case BarKind::Stolen:
                color = colors.stolenBar;
                break;
            case BarKind::Outage:
                color = withAlpha(colors.outageBar, 110);
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
                painter.setBrush(color);
                painter.drawRoundedRect(solid, 2, 2);
            } else {
                painter.fillRect(solid, color);
            }
            if (end > solidEnd + 0.5) {
                painter.setBrush(withAlpha(color, 70));
                painter.drawRect(QRectF(solidEnd, y + h * 0.35, end - solidEnd, h * 0.3));
            }
            if (solid.width() > 46 && bar.tokenId > 0) {
                painter.setPen(QColor(Qt::white));
                const QString label = bar.kind == BarKind::RefreshToken
                    ? tr("rt %1.%2").arg(bar.family).arg(bar.generation)
                    : bar.kind == BarKind::Session ? tr("sid #%1").arg(bar.tokenId)
                                                   : tr("at #%1").arg(bar.tokenId);
                QFont font = painter.font();
                font.setPointSizeF(font.pointSizeF() * 0.8);
                painter.setFont(font);
                painter.drawText(solid.adjusted(4, 0, -2, 0), Qt::AlignLeft | Qt::AlignVCenter, label);
                painter.setFont(this->font());
                painter.setPen(Qt::NoPen);
            }
        }
        flush();
    }

    // Blocklist size over time, as a step line in the servers lane (lane 1), scaled to its largest size.
    if (!timeline.blocklist.empty() && timeline.blocklistMax > 0 && 1 >= firstLane && 1 <= lastLane) {
        const double bottom = laneY(1) + laneHeightOf(1) - 3;
        const double height = laneHeightOf(1) - 6;
        QPolygonF steps;
        double previousY = bottom;
        for (const auto &[time, size] : timeline.blocklist) {
            if (double(time) > visibleEnd)
                break;
            const double px = x(std::max(double(time), frame.viewFrom));
            const double py = bottom - height * double(size) / double(timeline.blocklistMax);
            steps << QPointF(px, previousY) << QPointF(px, py);
            previousY = py;
        }
        steps << QPointF(x(std::max(frame.viewFrom, std::min(visibleEnd, double(timeline.duration)))), previousY);
        painter.setPen(QPen(colors.warning, 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawPolyline(steps);
        painter.setPen(colors.muted);
        painter.drawText(QRectF(plotLeft + 4, laneY(1), 200, laneHeightOf(1)), Qt::AlignLeft | Qt::AlignVCenter,
                         tr("blocklist ≤ %1").arg(timeline.blocklistMax));
    }

    // Revocations and key rotations as lines across every lane.
    painter.setPen(QPen(withAlpha(colors.warning, 200), 1, Qt::DashLine));
    for (const qint64 t : timeline.revocationLines) {
        if (double(t) < frame.viewFrom || double(t) > visibleEnd)
            continue;
        painter.drawLine(QPointF(x(double(t)), plot.top()), QPointF(x(double(t)), plot.bottom()));
    }

    // Refresh and rotation links: over the bars they join, under the marks.
    if (const std::vector<LinkSegment> links = collectLinks(frame, firstLane, lastLane); !links.empty()) {
        QList<QLineF> ownLines;
        QList<QLineF> attackerLines;
        ownLines.reserve(qsizetype(links.size()) * 3);
        for (const LinkSegment &segment : links)
            appendLinkLines(segment, segment.attacker ? attackerLines : ownLines);
        // Antialiasing only while it is affordable (a zoomed-in view); a dense view draws aliased lines.
        // (an antialiased line costs about ten aliased ones: thousands of them would double the frame time).
        const bool smooth = links.size() <= 400;
        painter.setRenderHint(QPainter::Antialiasing, smooth);
        painter.setBrush(Qt::NoBrush);
        auto linkPen = [smooth](const QColor &color) {
            return smooth ? QPen(color, 1.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin) : QPen(color, 1);
        };
        painter.setPen(linkPen(colors.link));
        painter.drawLines(ownLines);
        painter.setPen(linkPen(colors.rejected));
        painter.drawLines(attackerLines);
        painter.setRenderHint(QPainter::Antialiasing, false);
        painter.setPen(Qt::NoPen);
    }

    // Marks, with one mark per lane, kind and pixel column.
    {
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
        const bool dense = 1.0 / scale > 20; // more than 20 simulated seconds per pixel
        const std::vector<Mark> *marks = &timeline.marks;
        for (const auto &level : timeline.markLevels) {
            if (double(level.seconds) <= 1.0 / scale)
                marks = &level.marks;
        }
        const auto begin = std::lower_bound(marks->begin(), marks->end(), frame.viewFrom,
                                            [](const Mark &mark, double t) { return double(mark.time) < t; });
        for (auto it = begin; it != marks->end() && double(it->time) <= visibleEnd; ++it) {
            const Mark &mark = *it;
            if (mark.lane < firstLane || mark.lane > lastLane)
                continue;
            const double mx = x(double(mark.time));
            int &last = lastX[(size_t(mark.lane) * markKindCount + size_t(mark.kind)) * 2 + (mark.ok ? 1 : 0)];
            const int bucket = dense && mark.kind != MarkKind::Request ? int(mx) / 3 : int(mx);
            if (bucket == last)
                continue;
            last = bucket;
            const bool client = timeline.lanes[size_t(mark.lane)].kind == TimelineData::LaneKind::Client;
            const int height = laneHeightOf(mark.lane);
            const double rowHeight = client ? (height - 4) / 2.0 : height - 4.0;
            const int row = client ? rowOf(mark.kind) : 0;
            const double cy = laneY(mark.lane) + 2 + row * rowHeight + rowHeight / 2;
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
        painter.setPen(QPen(colors.ok, 1));
        painter.drawLines(acceptedTicks);
        painter.setPen(QPen(colors.rejected, 2));
        painter.drawLines(rejectedTicks);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colors.text);
        painter.drawRects(routineDots);
        painter.drawRects(rotationDots);
        painter.setRenderHint(QPainter::Antialiasing, true);
        for (const auto &mark : special)
            drawMark(&painter, mark.kind, mark.ok, mark.centre, mark.rowHeight, colors);
        painter.setRenderHint(QPainter::Antialiasing, false);
    }
    painter.restore();

    // Lane labels over a solid column, so bars scrolled under it stay hidden.
    painter.save();
    painter.setClipRect(QRect(frame.area.left(), top, labelWidth, frame.area.height() - axisHeight));
    painter.fillRect(QRect(frame.area.left(), top, labelWidth, frame.area.height() - axisHeight),
                     pal.color(QPalette::Window));
    for (int lane = firstLane; lane <= lastLane; ++lane) {
        const TimelineData::Lane &info = timeline.lanes[size_t(lane)];
        const QRect rect(frame.area.left() + 8, laneY(lane), labelWidth - 14, laneHeightOf(lane));
        painter.setPen(info.kind == TimelineData::LaneKind::Attacker ? colors.rejected : colors.laneLabel);
        if (info.kind == TimelineData::LaneKind::Client) {
            painter.drawText(rect.adjusted(0, 0, 0, -rect.height() / 2), Qt::AlignLeft | Qt::AlignVCenter, info.label);
            painter.setPen(colors.muted);
            QFont font = painter.font();
            font.setPointSizeF(font.pointSizeF() * 0.85);
            painter.setFont(font);
            painter.drawText(rect.adjusted(0, rect.height() / 2, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                             m_run->scenario.server.mode == sim::ServerMode::Session ? tr("session")
                                                                                     : tr("access · refresh"));
            painter.setFont(this->font());
        } else {
            painter.drawText(rect, Qt::AlignLeft | Qt::AlignVCenter, info.label);
        }
    }
    painter.setPen(colors.grid);
    painter.drawLine(QPoint(plotLeft - 1, top), QPoint(plotLeft - 1, frame.area.bottom()));
    painter.restore();

    paintAxis(painter, frame, scale);

    // The playhead.
    const double px = x(double(m_playhead));
    if (px >= plotLeft - 1 && px <= frame.area.right() + 1) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(QPen(colors.playhead, 2));
        painter.drawLine(QPointF(px, frame.area.top() + axisHeight - 10), QPointF(px, frame.area.bottom()));
        painter.setBrush(colors.playhead);
        painter.setPen(Qt::NoPen);
        const QPointF handle[] = {{px - 6, frame.area.top() + axisHeight - 12.0},
                                  {px + 6, frame.area.top() + axisHeight - 12.0},
                                  {px, frame.area.top() + axisHeight - 2.0}};
        painter.drawPolygon(handle, 3);
        painter.setRenderHint(QPainter::Antialiasing, false);
    }
}

} // namespace tokenscope
