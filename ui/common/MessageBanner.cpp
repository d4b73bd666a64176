#include "common/MessageBanner.h"

#include "common/Icons.h"
#include "common/Theme.h"

#include <QAccessible>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>

namespace tokenscope {

namespace {

constexpr int iconSize = 16;

Finding::Severity severityOf(MessageKind kind)
{
    switch (kind) {
    case MessageKind::Info:
        return Finding::Severity::Info;
    case MessageKind::Warning:
        return Finding::Severity::Warning;
    case MessageKind::Error:
        return Finding::Severity::High;
    }
    return Finding::Severity::Info;
}

// `accent` laid over `base` at `alpha` (0..1): a tint that keeps the base's lightness, so text in the palette's own
// colour stays readable on it.
QColor blend(const QColor &base, const QColor &accent, qreal alpha)
{
    return QColor::fromRgbF(float(base.redF() * (1 - alpha) + accent.redF() * alpha),
                            float(base.greenF() * (1 - alpha) + accent.greenF() * alpha),
                            float(base.blueF() * (1 - alpha) + accent.blueF() * alpha));
}

} // namespace

MessageBanner::MessageBanner(QWidget *parent) : QFrame(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(8);
    m_iconLabel = new QLabel(this);
    m_iconLabel->setFixedSize(iconSize, iconSize);
    m_textLabel = new QLabel(this);
    m_textLabel->setWordWrap(true);
    m_textLabel->setTextFormat(Qt::PlainText);
    m_textLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_textLabel->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    layout->addWidget(m_iconLabel, 0, Qt::AlignTop);
    layout->addWidget(m_textLabel, 1);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    hide();
}

void MessageBanner::showMessage(const QString &text, MessageKind kind)
{
    if (text.isEmpty()) {
        clearMessage();
        return;
    }
    const bool changed = text != m_textLabel->text() || kind != m_kind || isHidden();
    m_kind = kind;
    m_textLabel->setText(text);
    applyKind();
    show();
    if (changed && kind != MessageKind::Info) {
        // A failure appearing above the panes is news to a screen-reader user who is elsewhere in the window.
        QAccessibleEvent alert(this, QAccessible::Alert);
        QAccessible::updateAccessibility(&alert);
    }
}

void MessageBanner::setTextFormat(Qt::TextFormat format)
{
    m_textLabel->setTextFormat(format);
}

void MessageBanner::clearMessage()
{
    m_textLabel->clear();
    m_kind = MessageKind::Info;
    applyKind();
    hide();
}

QString MessageBanner::text() const
{
    return isHidden() ? QString() : m_textLabel->text();
}

QString MessageBanner::kindName(MessageKind kind)
{
    switch (kind) {
    case MessageKind::Info:
        return tr("Information");
    case MessageKind::Warning:
        return tr("Warning");
    case MessageKind::Error:
        return tr("Error");
    }
    return {};
}

void MessageBanner::applyKind()
{
    const QString name = kindName(m_kind);
    m_iconLabel->setPixmap(Icons::severity(severityOf(m_kind)).pixmap(QSize(iconSize, iconSize), devicePixelRatioF()));
    m_iconLabel->setAccessibleName(name);
    setAccessibleDescription(name);
    m_textLabel->setAccessibleDescription(name);
    update();
}

QColor MessageBanner::accentColor() const
{
    const Theme::Colors colors = Theme::colors(palette());
    switch (m_kind) {
    case MessageKind::Info:
        return colors.info;
    case MessageKind::Warning:
        return colors.warning;
    case MessageKind::Error:
        return colors.high;
    }
    return colors.info;
}

void MessageBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    // The tint is painted from the palette on every paint; the icon's pixmap follows the screen's pixel ratio.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyKind();
}

void MessageBanner::paintEvent(QPaintEvent *)
{
    const QColor accent = accentColor();
    const QColor base = palette().color(QPalette::Window);
    const bool dark = Theme::isDark(palette());
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF box = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QColor border = accent;
    border.setAlphaF(dark ? 0.7F : 0.55F);
    painter.setPen(QPen(border, 1));
    painter.setBrush(blend(base, accent, dark ? 0.22 : 0.12));
    painter.drawRoundedRect(box, 4, 4);
    // A bar in the kind's colour on the leading edge, for a user who reads the colour before the icon.
    QRectF bar = box;
    bar.setWidth(3);
    if (layoutDirection() == Qt::RightToLeft)
        bar.moveRight(box.right());
    painter.setPen(Qt::NoPen);
    painter.setBrush(accent);
    painter.drawRoundedRect(bar, 1.5, 1.5);
}

} // namespace tokenscope
