#include "simulate/TimelineView.h"

#include "simulate/TimelinePainter.h"

#include <QDateTime>
#include <QEvent>
#include <QHelpEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMouseEvent>
#include <QPainter>
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
    m_geometry.setTimeline(m_run ? &m_run->timeline : nullptr);
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

void TimelineView::updateScrollBars()
{
    m_updatingScrollBars = true;
    const int visibleHeight = std::max(0, viewport()->height() - axisHeight);
    verticalScrollBar()->setRange(0, std::max(0, m_geometry.contentHeight() - visibleHeight));
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

const TimelineGeometry &TimelineView::timelineGeometry() const
{
    m_geometry.setView({viewport()->rect(), m_viewFrom, m_viewTo, verticalScrollBar()->value(), m_playhead});
    return m_geometry;
}

double TimelineView::xForTime(double seconds) const
{
    return timelineGeometry().xForTime(seconds);
}

double TimelineView::timeForX(double x) const
{
    return timelineGeometry().timeForX(x);
}

QRect TimelineView::laneRect(int lane) const
{
    return timelineGeometry().laneRect(lane);
}

QRect TimelineView::barRect(int barIndex) const
{
    return timelineGeometry().barRect(barIndex);
}

int TimelineView::barAt(const QPoint &pos) const
{
    return timelineGeometry().barAt(pos);
}

int TimelineView::markAt(const QPoint &pos) const
{
    return timelineGeometry().markAt(pos);
}

std::vector<TimelineView::LinkSegment> TimelineView::linkSegments() const
{
    const TimelineGeometry &geometry = timelineGeometry();
    return geometry.linkSegments(geometry.visibleLanes());
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
    const TimelineGeometry &geometry = timelineGeometry();
    const int mark = geometry.markAt(pos);
    const int bar = geometry.barAt(pos);
    if (geometry.isOnNotableMark(mark, pos))
        return markToolTip(m_run->timeline.marks[size_t(mark)]);
    if (bar >= 0)
        return barToolTip(m_run->timeline.bars[size_t(bar)]);
    if (mark >= 0)
        return markToolTip(m_run->timeline.marks[size_t(mark)]);
    if (const int shade = geometry.shadeAt(pos); shade >= 0) {
        const TimelineData::Shade &exposure = m_run->timeline.shades[size_t(shade)];
        return u"<b>%1</b><br>%2<br>%3"_s.arg(
            (exposure.theft ? tr("Exposure after theft") : tr("Exposure after revocation")).toHtmlEscaped(),
            exposure.label.toHtmlEscaped(), tr("kept working for %1").arg(formatOffset(exposure.to - exposure.from)));
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
        const bool notable = mark >= 0 && mark == m_pressedMark && timelineGeometry().isOnNotableMark(mark, pos);
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

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    TimelinePainter(painter, timelineGeometry(), m_run.get(), palette(), font()).paint();
}

QSize TimelineView::exportSize(int width, int maxHeight) const
{
    return QSize(width, std::min(maxHeight, axisHeight + m_geometry.contentHeight() + 2));
}

void TimelineView::renderTimeline(QPainter *painter, const QSize &size) const
{
    // Every lane from the top, in a picture of its own size: a copy of the geometry with another view.
    TimelineGeometry geometry = m_geometry;
    geometry.setView({QRect(QPoint(0, 0), size), m_viewFrom, m_viewTo, 0, m_playhead});
    TimelinePainter(*painter, geometry, m_run.get(), palette(), font()).paint();
}

} // namespace tokenscope
