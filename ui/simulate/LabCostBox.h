#pragma once

#include "lab/CostMeasurement.h"
#include "lab/CostProbe.h"
#include "sim/Scenario.h"

#include <QHash>
#include <QWidget>

#include <memory>

class QAction;
class QLabel;
class QProgressBar;
class QPushButton;

namespace tokenscope {

class Settings;

// The Simulate parameter panel's "Measured here" line (issue 12): for the scenario's resource-server mode, the cost
// per request last measured on this machine in the matching lab mode (kept in Settings, numbers only), or that there
// is none yet; and "Measure here", which runs lab::CostProbe (a few seconds of real load on loopback) with a progress
// bar and Cancel, then keeps and shows the numbers. A failure is shown in the box as text. Without settings the
// numbers last as long as the box.
class LabCostBox : public QWidget
{
    Q_OBJECT
public:
    explicit LabCostBox(Settings *settings, QWidget *parent = nullptr);
    ~LabCostBox() override;

    // The lab mode that measures a simulator mode (docs/lab.md): sessions in the shared store.
    [[nodiscard]] static lab::CheckMode labModeFor(sim::ServerMode mode);
    // "0.21 ms per request (p99 0.48 ms), 4,700 req/s, 1 store round trip per request — 5 Dec 2026".
    [[nodiscard]] static QString describe(const lab::CostMeasurement &measurement);

    // Shows the record for this mode; a measurement under way goes on, and is kept for the mode it started with.
    void setServerMode(sim::ServerMode mode);
    [[nodiscard]] lab::CheckMode labMode() const { return m_mode; }
    [[nodiscard]] bool isMeasuring() const { return m_probe != nullptr; }
    // How long "Measure here" sends requests (CostProbeOptions::durationMs).
    void setMeasureDurationMs(int milliseconds) { m_durationMs = milliseconds; }

    // What the box says now, as a user reads it.
    [[nodiscard]] QString summaryText() const;
    [[nodiscard]] QString errorText() const;
    // "Measure Cost Here", with its shortcut, for the workspace's menu; the box's button triggers it.
    [[nodiscard]] QAction *measureAction() const { return m_measureAction; }

public slots:
    void measure();
    void cancel();

signals:
    void measured(const tokenscope::lab::CostMeasurement &measurement);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void applyErrorColor();
    void measurementEnded();
    [[nodiscard]] std::optional<lab::CostMeasurement> record(lab::CheckMode mode) const;

    Settings *m_settings;
    QHash<int, lab::CostMeasurement> m_unsaved; // by lab::CheckMode, when there are no settings
    lab::CheckMode m_mode = lab::CheckMode::Stateless;
    int m_durationMs = 3000;
    std::unique_ptr<lab::CostProbe> m_probe;
    lab::CheckMode m_measuringMode = lab::CheckMode::Stateless;
    QString m_phaseText;
    QString m_error;
    QLabel *m_summaryLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QPushButton *m_measureButton = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QAction *m_measureAction = nullptr;
};

} // namespace tokenscope
