#include "simulate/TimelineLegend.h"

#include "simulate/TimelinePainter.h"

#include <QPainter>
#include <QResizeEvent>

namespace tokenscope {

using MarkKind = TimelineData::MarkKind;

struct TimelineLegend::Entry
{
    QString label;
    bool isBar = false;
    QColor barColor;
    MarkKind kind = MarkKind::Request;
    bool ok = true;
    bool isLink = false;
};

TimelineLegend::TimelineLegend(QWidget *parent) : QWidget(parent)
{
    setAccessibleName(tr("Timeline legend"));
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

std::vector<TimelineLegend::Entry> TimelineLegend::entries() const
{
    const TimelinePainter::Colors colors = TimelinePainter::colors(palette());
    Entry link;
    link.label = tr("rotation link");
    link.isLink = true;
    return {
        {tr("access token"), true, colors.accessBar, MarkKind::Request, true, false},
        {tr("refresh token"), true, colors.refreshBar, MarkKind::Request, true, false},
        {tr("session"), true, colors.sessionBar, MarkKind::Request, true, false},
        {tr("accepted"), false, {}, MarkKind::Request, true, false},
        {tr("rejected"), false, {}, MarkKind::Request, false, false},
        {tr("refresh"), false, {}, MarkKind::Refresh, true, false},
        {tr("rotation"), false, {}, MarkKind::Rotation, true, false},
        link,
        {tr("reuse detected"), false, {}, MarkKind::ReuseDetected, true, false},
        {tr("wrongful logout"), false, {}, MarkKind::WrongfulLogout, true, false},
        {tr("theft"), false, {}, MarkKind::Theft, true, false},
        {tr("revocation"), false, {}, MarkKind::Revocation, true, false},
        {tr("key rotation"), false, {}, MarkKind::KeyRotation, true, false},
        {tr("outage"), false, {}, MarkKind::Outage, false, false},
        {tr("exposure"), true, colors.theftShade, MarkKind::Request, true, false},
    };
}

QSize TimelineLegend::sizeHint() const
{
    return QSize(900, heightForWidth(900));
}

void TimelineLegend::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Not every parent layout asks heightForWidth (splitters do not): fix the height to what this width needs.
    const int needed = heightForWidth(width());
    if (height() != needed)
        setFixedHeight(needed);
}

bool TimelineLegend::hasHeightForWidth() const
{
    return true;
}

int TimelineLegend::heightForWidth(int width) const
{
    const int rowHeight = fontMetrics().height() + 6;
    int rows = 1;
    int x = 4;
    for (const Entry &entry : entries()) {
        const int w = 20 + fontMetrics().horizontalAdvance(entry.label) + 14;
        if (x + w > width && x > 4) {
            ++rows;
            x = 4;
        }
        x += w;
    }
    return rows * rowHeight;
}

QSize TimelineLegend::minimumSizeHint() const
{
    return QSize(100, fontMetrics().height() + 8);
}

void TimelineLegend::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, true);
    const TimelinePainter::Colors colors = TimelinePainter::colors(palette());
    const int h = fontMetrics().height() + 6;
    double x = 4;
    double top = 0;
    for (const Entry &entry : entries()) {
        const int textWidth = fontMetrics().horizontalAdvance(entry.label);
        if (x + 20 + textWidth + 14 > width() && x > 4) {
            x = 4;
            top += h;
        }
        painter.save();
        painter.translate(0, top);
        if (entry.isLink) {
            // The connector as the timeline draws it: from the end of one generation to the start of the next.
            TimelineGeometry::LinkSegment sample;
            sample.kind = TimelineData::LinkKind::Rotation;
            sample.reach = 6;
            sample.from = QPointF(x + 1, h / 2.0 - 2);
            sample.to = QPointF(x + 15, h / 2.0 - 2);
            QList<QLineF> lines;
            TimelinePainter::appendLinkLines(sample, lines);
            painter.setPen(QPen(colors.link, 1.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            painter.drawLines(lines);
        } else if (entry.isBar) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(entry.barColor);
            painter.drawRoundedRect(QRectF(x, h / 2.0 - 4, 16, 8), 2, 2);
        } else {
            TimelinePainter::drawMark(&painter, entry.kind, entry.ok, QPointF(x + 8, h / 2.0), 14, colors);
        }
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRectF(x + 20, 0, textWidth + 2, h), Qt::AlignLeft | Qt::AlignVCenter, entry.label);
        painter.restore();
        x += 20 + textWidth + 14;
    }
}

} // namespace tokenscope
