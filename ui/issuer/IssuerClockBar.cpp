#include "issuer/IssuerClockBar.h"

#include "common/ActionButton.h"
#include "common/TimeFormat.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QToolButton>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

// The clock's buttons stay raised: they act on the issuer, unlike the panes' flat header buttons.
QToolButton *raisedButton(QAction *action, QWidget *parent, Qt::ToolButtonStyle style)
{
    QToolButton *button = actionButton(action, parent, style);
    button->setAutoRaise(false);
    return button;
}

} // namespace

IssuerClockBar::IssuerClockBar(QAction *advanceMinuteAction, QAction *advanceHourAction, QAction *advanceCustomAction,
                               QAction *rotateKeysAction, QWidget *parent)
    : QWidget(parent)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(4);
    m_clockLabel = new QLabel(this);
    m_clockLabel->setAccessibleName(tr("Issuer clock"));
    m_clockLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(m_clockLabel);
    row->addSpacing(6);
    for (QAction *action : {advanceMinuteAction, advanceHourAction})
        row->addWidget(raisedButton(action, this, Qt::ToolButtonTextOnly));
    m_advanceSpinBox = new QSpinBox(this);
    m_advanceSpinBox->setRange(1, 100000);
    m_advanceSpinBox->setValue(15);
    m_advanceSpinBox->setAccessibleName(tr("Amount to advance the issuer clock by"));
    m_advanceUnitComboBox = new QComboBox(this);
    m_advanceUnitComboBox->addItems({tr("seconds"), tr("minutes"), tr("hours"), tr("days")});
    m_advanceUnitComboBox->setCurrentIndex(1);
    m_advanceUnitComboBox->setAccessibleName(tr("Unit of the clock advance"));
    row->addSpacing(6);
    row->addWidget(m_advanceSpinBox);
    row->addWidget(m_advanceUnitComboBox);
    row->addWidget(raisedButton(advanceCustomAction, this, Qt::ToolButtonTextBesideIcon));
    row->addStretch();
    m_keysLabel = new QLabel(this);
    m_keysLabel->setAccessibleName(tr("Signing keys"));
    m_keysLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(m_keysLabel);
    row->addWidget(raisedButton(rotateKeysAction, this, Qt::ToolButtonTextBesideIcon));
    showStopped();
}

QString IssuerClockBar::issuerTime(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s);
}

qint64 IssuerClockBar::customAdvanceSeconds() const
{
    static constexpr qint64 units[] = {1, 60, 3600, 86400};
    return qint64(m_advanceSpinBox->value()) * units[std::clamp(m_advanceUnitComboBox->currentIndex(), 0, 3)];
}

void IssuerClockBar::setInputsEnabled(bool enabled)
{
    m_advanceSpinBox->setEnabled(enabled);
    m_advanceUnitComboBox->setEnabled(enabled);
}

void IssuerClockBar::showStopped()
{
    m_clockLabel->setText(tr("Issuer clock: not running"));
    m_keysLabel->clear();
    m_keysLabel->setToolTip(QString());
}

void IssuerClockBar::showClock(qint64 now, qint64 offset)
{
    QString text = tr("Issuer clock: %1").arg(issuerTime(now));
    if (offset > 0)
        text += u' ' + tr("(%1 ahead)").arg(TimeFormat::duration(offset));
    m_clockLabel->setText(text);
}

void IssuerClockBar::showKeys(const QList<IssuerAdminState::Key> &keys, qint64 now)
{
    // Judged at `now`, not when the state was read: a rotated key starts signing while the state stays the same.
    QString signing;
    int published = 0;
    QStringList lines;
    qint64 newestSignFrom = std::numeric_limits<qint64>::min();
    for (const IssuerAdminState::Key &key : keys) {
        const bool isPublished = key.publishFrom <= now && (key.retireAt == 0 || now < key.retireAt);
        if (isPublished) {
            ++published;
            if (key.signFrom <= now && key.signFrom >= newestSignFrom) {
                newestSignFrom = key.signFrom;
                signing = key.kid;
            }
        }
        lines << tr("%1 (%2): published from %3, signs from %4%5")
                     .arg(key.kid, key.algorithm, issuerTime(key.publishFrom), issuerTime(key.signFrom),
                          key.retireAt > 0 ? tr(", retires %1").arg(issuerTime(key.retireAt)) : QString());
    }
    m_keysLabel->setText(
        keys.isEmpty() ? QString() : tr("Signing key %1 · %n published", nullptr, published).arg(signing.left(12)));
    m_keysLabel->setToolTip(lines.join(u'\n'));
}

} // namespace tokenscope
