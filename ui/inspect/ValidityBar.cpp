#include "inspect/ValidityBar.h"

#include "common/Theme.h"
#include "common/TimeFormat.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace tokenscope {

ValidityBar::ValidityBar(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ValidityBar::setTimes(std::optional<qint64> issuedAt, std::optional<qint64> notBefore,
                           std::optional<qint64> expiresAt)
{
    m_hasToken = true;
    m_issuedAt = issuedAt;
    m_notBefore = notBefore;
    m_expiresAt = expiresAt;
    update();
}

void ValidityBar::clearTimes()
{
    m_hasToken = false;
    m_issuedAt.reset();
    m_notBefore.reset();
    m_expiresAt.reset();
    update();
}

void ValidityBar::setNowSeconds(qint64 seconds)
{
    m_nowSeconds = seconds;
    update();
}

void ValidityBar::setLeewaySeconds(qint64 seconds)
{
    m_leewaySeconds = seconds;
    update();
}

qint64 ValidityBar::startSeconds() const
{
    if (m_notBefore && m_issuedAt)
        return std::min(*m_notBefore, *m_issuedAt);
    if (m_notBefore)
        return *m_notBefore;
    if (m_issuedAt)
        return *m_issuedAt;
    return m_expiresAt ? std::min(*m_expiresAt, m_nowSeconds) : m_nowSeconds;
}

ValidityBar::State ValidityBar::state() const
{
    if (!m_hasToken)
        return State::NoToken;
    if (m_notBefore && m_nowSeconds < *m_notBefore)
        return m_nowSeconds + m_leewaySeconds >= *m_notBefore ? State::ValidWithinLeeway : State::NotYetValid;
    if (!m_expiresAt)
        return State::NoExpiry;
    // RFC 7519 §4.1.4: the token must not be accepted on or after exp.
    if (m_nowSeconds >= *m_expiresAt)
        return m_nowSeconds < *m_expiresAt + m_leewaySeconds ? State::ValidWithinLeeway : State::Expired;
    return State::Valid;
}

QString ValidityBar::statusText() const
{
    switch (state()) {
    case State::NoToken:
        return {};
    case State::NoExpiry:
        return tr("never expires (no exp claim)");
    case State::NotYetValid:
        return tr("not valid yet: valid %1").arg(TimeFormat::relative(*m_notBefore, m_nowSeconds));
    case State::ValidWithinLeeway:
        if (m_notBefore && m_nowSeconds < *m_notBefore)
            return tr("valid %1 (accepted now within the %2 s leeway)")
                .arg(TimeFormat::relative(*m_notBefore, m_nowSeconds))
                .arg(m_leewaySeconds);
        return tr("%1 (still accepted within the %2 s leeway)")
            .arg(TimeFormat::relative(*m_expiresAt, m_nowSeconds, TimeFormat::Phrase::Expiry))
            .arg(m_leewaySeconds);
    case State::Valid:
    case State::Expired:
        return TimeFormat::relative(*m_expiresAt, m_nowSeconds, TimeFormat::Phrase::Expiry);
    }
    return {};
}

QSize ValidityBar::sizeHint() const
{
    return {400, minimumSizeHint().height()};
}

QSize ValidityBar::minimumSizeHint() const
{
    return {160, fontMetrics().height() * 2 + 22};
}

void ValidityBar::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const Theme::Colors colors = Theme::colors(palette());
    const QFontMetrics metrics = fontMetrics();
    const int margin = 8;
    const QRectF track(margin, 6, width() - 2 * margin, 10);

    QColor trackColor = palette().color(QPalette::Mid);
    painter.setPen(Qt::NoPen);
    painter.setBrush(trackColor);
    painter.drawRoundedRect(track, 5, 5);
    if (!m_hasToken)
        return;

    // The visible range covers the token's life and now, with a little room on both sides.
    const qint64 start = startSeconds();
    const qint64 end = m_expiresAt ? *m_expiresAt : std::max(start, m_nowSeconds) + 3600;
    qint64 low = std::min(start, m_nowSeconds);
    qint64 high = std::max(end + m_leewaySeconds, m_nowSeconds);
    const qint64 pad = std::max<qint64>(1, (high - low) / 20);
    low -= pad;
    high += pad;
    const double range = double(high - low);
    auto x = [&](qint64 seconds) {
        return track.left() + track.width() * double(seconds - low) / range;
    };

    painter.save();
    QPainterPath clip;
    clip.addRoundedRect(track, 5, 5);
    painter.setClipPath(clip);
    const qint64 validFrom = m_notBefore ? *m_notBefore : start;
    if (m_notBefore && m_issuedAt && *m_issuedAt < *m_notBefore) {
        QColor waiting = colors.warning;
        waiting.setAlpha(110);
        painter.setBrush(waiting);
        painter.drawRect(QRectF(QPointF(x(*m_issuedAt), track.top()), QPointF(x(*m_notBefore), track.bottom())));
    }
    const State current = state();
    QColor alive = current == State::Expired ? colors.high : colors.valid;
    if (current == State::Expired)
        alive.setAlpha(150);
    painter.setBrush(alive);
    // At least a few pixels, so a one-hour token seen a year later still shows where it lived.
    const double aliveFrom = x(validFrom);
    painter.drawRect(QRectF(QPointF(aliveFrom, track.top()), QPointF(std::max(x(end), aliveFrom + 3), track.bottom())));
    if (m_expiresAt && m_leewaySeconds > 0) {
        QColor leeway = alive;
        leeway.setAlpha(90);
        painter.setBrush(leeway);
        painter.drawRect(QRectF(QPointF(x(end), track.top()), QPointF(x(end + m_leewaySeconds), track.bottom())));
    }
    painter.restore();

    // The 'now' marker.
    const double nowX = x(m_nowSeconds);
    painter.setPen(QPen(palette().color(QPalette::WindowText), 2));
    painter.drawLine(QPointF(nowX, track.top() - 4), QPointF(nowX, track.bottom() + 4));
    painter.setPen(Qt::NoPen);
    painter.setBrush(palette().color(QPalette::WindowText));
    QPolygonF arrow;
    arrow << QPointF(nowX - 4, track.top() - 6) << QPointF(nowX + 4, track.top() - 6) << QPointF(nowX, track.top() - 1);
    painter.drawPolygon(arrow);

    // Labels under the bar: where it starts and ends, and now.
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const int baseline = int(track.bottom()) + 6 + metrics.ascent();
    const QString startLabel = (m_notBefore      ? tr("nbf ")
                                    : m_issuedAt ? tr("iat ")
                                                 : QString())
        + (m_notBefore || m_issuedAt ? TimeFormat::isoUtc(validFrom) : QString());
    const QString endLabel = m_expiresAt ? tr("exp %1").arg(TimeFormat::isoUtc(*m_expiresAt)) : tr("no exp");
    const int gap = metrics.horizontalAdvance(QLatin1Char(' ')) * 2;
    const LabelPlacement placed = placeLabels(x(validFrom), metrics.horizontalAdvance(startLabel), x(end),
                                              metrics.horizontalAdvance(endLabel), track.left(), track.right(), gap);
    painter.drawText(QPointF(placed.startX, baseline), startLabel);
    painter.drawText(QPointF(placed.endX, baseline + (placed.endOnSecondLine ? metrics.height() : 0)), endLabel);
}

ValidityBar::LabelPlacement ValidityBar::placeLabels(double startAt, int startWidth, double endAt, int endWidth,
                                                     double left, double right, int gap)
{
    const auto within = [left, right](double wanted, int width) {
        return std::clamp(wanted, left, std::max(left, right - width));
    };
    LabelPlacement placed;
    placed.startX = within(startAt, startWidth);
    placed.endX = within(endAt - endWidth, endWidth);
    if (startWidth > 0 && placed.endX < placed.startX + startWidth + gap
        && placed.endX + endWidth + gap > placed.startX) {
        if (placed.startX + startWidth + gap + endWidth <= right)
            placed.endX = placed.startX + startWidth + gap;
        else if (placed.endX - gap - startWidth >= left)
            placed.startX = placed.endX - gap - startWidth;
        else
            placed.endOnSecondLine = true;
    }
    return placed;
}

} // namespace tokenscope
