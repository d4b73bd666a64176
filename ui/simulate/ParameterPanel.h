#pragma once

#include "sim/Scenario.h"

#include <QScrollArea>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace tokenscope {

class LabCostBox;
class RunAgainstBox;
class Settings;

// The Simulate workspace's parameter panel: what the run talks to ("Run against"), then every issuer-policy,
// resource-server and client knob of a scenario, in groups. It shows a scenario (disabling the knobs that do nothing
// under its choices, so it is clear what matters) and writes the user's edits back into one; the workspace decides
// when to run. Scripted attackers and operator events are not shown, only kept pointing at clients and servers that
// still exist.
class ParameterPanel : public QScrollArea
{
    Q_OBJECT
public:
    explicit ParameterPanel(Settings *settings, QWidget *parent = nullptr);

    // Shows `scenario`'s knobs without reporting them as edited.
    void showScenario(const sim::Scenario &scenario);
    // Writes the knobs into `scenario`, keeping what the panel does not show.
    void readInto(sim::Scenario &scenario) const;

    [[nodiscard]] RunAgainstBox *runAgainstBox() const { return m_runAgainstBox; }
    [[nodiscard]] LabCostBox *labCostBox() const { return m_labCostBox; }
    // The first knob, for "Go to Parameters".
    void focusFirstKnob();

signals:
    void edited(); // the user changed a knob
    void runAgainstChosen(); // the user chose another "Run against"

private:
    void knobEdited();

    bool m_updating = false; // knobs emit while they are built and while a scenario is shown
    RunAgainstBox *m_runAgainstBox = nullptr;
    LabCostBox *m_labCostBox = nullptr;

    // Issuer policy
    QSpinBox *m_accessTtlSpinBox = nullptr;
    QCheckBox *m_refreshEnabledCheckBox = nullptr;
    QSpinBox *m_refreshLifetimeSpinBox = nullptr;
    QComboBox *m_lifetimeModeComboBox = nullptr;
    QSpinBox *m_refreshMaxSpinBox = nullptr;
    QComboBox *m_rotationComboBox = nullptr;
    QSpinBox *m_rotateAfterSpinBox = nullptr;
    QComboBox *m_reuseComboBox = nullptr;
    QComboBox *m_graceComboBox = nullptr;
    QSpinBox *m_graceSpinBox = nullptr;
    QSpinBox *m_keyRotationSpinBox = nullptr;
    QSpinBox *m_keyOverlapSpinBox = nullptr;
    QSpinBox *m_sessionIdleSpinBox = nullptr;
    QSpinBox *m_sessionMaxSpinBox = nullptr;
    // Resource servers
    QComboBox *m_serverModeComboBox = nullptr;
    QSpinBox *m_serversSpinBox = nullptr;
    QComboBox *m_routingComboBox = nullptr;
    QCheckBox *m_sharedStoreCheckBox = nullptr;
    QSpinBox *m_leewaySpinBox = nullptr;
    QSpinBox *m_jwksCacheSpinBox = nullptr;
    QCheckBox *m_refetchCheckBox = nullptr;
    QSpinBox *m_refetchIntervalSpinBox = nullptr;
    QSpinBox *m_introspectionTtlSpinBox = nullptr;
    QCheckBox *m_blocklistOnRevokeCheckBox = nullptr;
    // Clients and run
    QSpinBox *m_clientsSpinBox = nullptr;
    QSpinBox *m_requestIntervalSpinBox = nullptr;
    QComboBox *m_refreshTimingComboBox = nullptr;
    QSpinBox *m_refreshAheadSpinBox = nullptr;
    QDoubleSpinBox *m_concurrentSpinBox = nullptr;
    QSpinBox *m_durationSpinBox = nullptr;
    QSpinBox *m_seedSpinBox = nullptr;
};

} // namespace tokenscope
