#pragma once

#include "issuer/IssuerAdminState.h"

#include <QList>
#include <QString>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QSpinBox;

namespace tokenscope {

// The issuer's clock and keys with the controls that move them: the row above the Issuer workspace's panes.
class IssuerClockBar : public QWidget
{
    Q_OBJECT
public:
    IssuerClockBar(QAction *advanceMinuteAction, QAction *advanceHourAction, QAction *advanceCustomAction,
                   QAction *rotateKeysAction, QWidget *parent = nullptr);

    // The spin box's amount in its unit, in seconds.
    [[nodiscard]] qint64 customAdvanceSeconds() const;
    void setInputsEnabled(bool enabled);

    void showStopped();
    // The issuer's clock `now` (NumericDate), `offset` seconds ahead of the clock it started from.
    void showClock(qint64 now, qint64 offset);
    // The signing key and how many the JWKS publishes at `now`; every key's dates in the tooltip.
    void showKeys(const QList<IssuerAdminState::Key> &keys, qint64 now);

    [[nodiscard]] QLabel *clockLabel() const { return m_clockLabel; }
    [[nodiscard]] QLabel *keysLabel() const { return m_keysLabel; }
    [[nodiscard]] QSpinBox *advanceSpinBox() const { return m_advanceSpinBox; }
    [[nodiscard]] QComboBox *advanceUnitComboBox() const { return m_advanceUnitComboBox; }

    // "2030-03-17 17:46:40 UTC": the issuer's times, as the workspace's messages say them too.
    [[nodiscard]] static QString issuerTime(qint64 seconds);

private:
    QLabel *m_clockLabel = nullptr;
    QLabel *m_keysLabel = nullptr;
    QSpinBox *m_advanceSpinBox = nullptr;
    QComboBox *m_advanceUnitComboBox = nullptr;
};

} // namespace tokenscope
