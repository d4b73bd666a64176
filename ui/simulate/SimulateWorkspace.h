#pragma once

#include "common/Result.h"
#include "simulate/RunAgainstBox.h"
#include "simulate/SimulationRun.h"

#include <QList>
#include <QWidget>

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QSplitter;
class QTableView;
class QTimer;

namespace tokenscope {

class MessageBanner;
class LabCostBox;
class MetricsTable;
class ParameterPanel;
class ResultsTabs;
class RunExportActions;
class PlaybackController;
class ScenarioSource;
class Settings;
class SimulationRunner;
class TimelinePane;
class TimelineView;

// The Simulate workspace (docs/scenarios.md): pick a scenario and a provider preset, change any issuer or
// resource-server knob, and watch the run on an animated timeline with its metrics beside it. Every change re-runs
// the scenario headless on a worker thread (deterministic: same scenario and seed, same run) and keeps the playhead
// where it was; the previous run stays in the metrics panel for comparison. Clicking a token bar asks the main
// window to open that token (signed on demand by the engine's issuer keys) in Inspect. "Run against" sends the run
// to a real mock issuer over HTTP instead of the model: one started for the run, or the Issuer workspace's; the
// timeline then says so, and its tokens are the ones that issuer returned.
class SimulateWorkspace : public QWidget
{
    Q_OBJECT
public:
    // The playback speeds offered (simulated seconds per wall second).
    static const QList<double> &speeds();

    // What answers the engine's issuer questions (the "Run against" choice).
    using RunAgainst = RunAgainstBox::Choice;

    SimulateWorkspace(Settings *settings, QWidget *parent = nullptr);
    ~SimulateWorkspace() override;

    // Every action, for the main window's menus and toolbar (they carry their shortcuts).
    [[nodiscard]] QList<QAction *> actions() const;
    void saveSettings();

    // Scenarios: a built-in by name ("f-rotation-reuse-detection") or a file. On error the current run is kept
    // and the error is shown above the timeline (errorText()); the result says whether it loaded.
    bool loadBuiltInScenario(const QString &name, int variant = 0);
    bool openScenarioFile(const QString &path);
    bool selectVariant(int index);
    [[nodiscard]] QString errorText() const;
    [[nodiscard]] const sim::Scenario &scenario() const { return m_scenario; }
    // Replaces the scenario being edited (the parameter panel follows) and re-runs it.
    void setScenario(const sim::Scenario &scenario);
    // Applies a provider preset ("auth0", "okta", …) to the issuer knobs and re-runs.
    bool applyPreset(const QString &name);

    // The "Run against" choice; changing it re-runs. IssuerWorkspace needs setWorkspaceIssuerUrl() first.
    void setRunAgainst(RunAgainst target);
    [[nodiscard]] RunAgainst runAgainst() const;
    // Where the Issuer workspace's mock issuer listens; empty while it is stopped (the main window keeps this
    // current). A live run against it fills that workspace's request log and issued-tokens list.
    void setWorkspaceIssuerUrl(const QUrl &url);
    [[nodiscard]] QComboBox *runAgainstComboBox() const { return m_runAgainstBox; }
    // The measured cost per request of the current resource-server mode, and "Measure here".
    [[nodiscard]] LabCostBox *labCostBox() const { return m_labCostBox; }
    // Above the timeline: that the run was live, against which issuer, and how many HTTP exchanges it took.
    [[nodiscard]] QLabel *runSourceLabel() const { return m_runSourceLabel; }

    // Runs: the latest finished one and the one before it (for comparison).
    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] const SimulationRun *currentRun() const { return m_run.get(); }
    [[nodiscard]] const SimulationRun *previousRun() const { return m_previousRun.get(); }
    void rerun();
    // Stops the run in flight (Esc, or the Cancel button beside its progress bar, shown once a run takes over a
    // second); the previous run stays shown.
    void cancelRun();

    // Playback. advance() moves the playhead by `wallMilliseconds` at the current speed: the play timer calls it
    // with the elapsed wall time, tests call it directly.
    void play();
    void pause();
    void togglePlayback();
    [[nodiscard]] bool isPlaying() const;
    void setSpeed(double simulatedSecondsPerSecond);
    [[nodiscard]] double speed() const;
    void advance(qint64 wallMilliseconds);
    void setPlayhead(qint64 seconds);
    [[nodiscard]] qint64 playhead() const;
    void stepForward(); // to the next notable event (not a plain request)
    void stepBackward();

    [[nodiscard]] TimelineView *timelineView() const { return m_timeline; }
    // Side by side: the previous run's timeline under this one, on the same time axis and playhead (e.g. rotation
    // on vs off, JWT vs sessions: change a knob, and both are there).
    void setComparing(bool on);
    [[nodiscard]] bool isComparing() const;
    [[nodiscard]] TimelineView *comparisonView() const { return m_compareTimeline; }
    [[nodiscard]] static QString policySummary(const sim::Scenario &scenario);
    // The event log, linked to the timeline both ways: selecting a row moves the playhead to its event, clicking a
    // mark selects its row.
    [[nodiscard]] QTableView *eventTable() const { return m_eventTable; }
    void selectEvent(int eventIndex);
    // The metrics panel's text for a metric id ("attacker_accepted", "refreshes_per_hour", …): column 1 is this
    // run, 2 the previous one.
    [[nodiscard]] QString metricText(const QString &id, int column = 1) const;
    // Opens the token of a timeline bar (by engine token id), as a click on it does.
    bool openToken(qint64 tokenId);

    // Exports, with the codes of RunExportActions.
    Result<void> exportPng(const QString &path);
    Result<void> exportSvg(const QString &path);
    Result<void> exportEventsCsv(const QString &path);
    Result<void> exportMetricsCsv(const QString &path);
    Result<void> exportJson(const QString &path);

signals:
    // A token to read in Inspect. From a live run, also the issuer that returned it (Inspect verifies it through
    // that issuer's discovery document) and when it was issued on that issuer's clock (NumericDate), the time to
    // judge it at; empty and 0 for the model's tokens.
    void openTokenRequested(const QString &compactToken, const QUrl &issuerUrl = {}, qint64 issuedAt = 0);
    void runFinished();
    void runStopped(); // a run ended without finishing: cancelled, or over the engine's event limit
    void playheadChanged(qint64 seconds);

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildActions();
    void buildUi();
    void scenarioPicked(const QString &source);
    void chooseScenarioFile();
    void setScenarioQuietly(const sim::Scenario &scenario);
    void writePanel(); // shows m_scenario in the parameter panel and the preset box
    void panelEdited();
    void startRun();
    void runDone(std::shared_ptr<SimulationRun> run);
    void updatePlaybackUi();
    void updateComparison();
    bool openTokenOf(SimulationRun &run, qint64 tokenId);
    void updateIcons();

    Settings *m_settings;
    ScenarioSource *m_scenarios = nullptr;
    sim::Scenario m_scenario;
    std::shared_ptr<SimulationRun> m_run;
    std::shared_ptr<SimulationRun> m_previousRun;
    SimulationRunner *m_runner = nullptr;
    bool m_showingBudgetError = false;
    bool m_rerunPending = false;
    QTimer *m_rerunTimer = nullptr;
    PlaybackController *m_playback = nullptr;

    // Actions
    QAction *m_playAction = nullptr;
    QAction *m_stepForwardAction = nullptr;
    QAction *m_stepBackAction = nullptr;
    QAction *m_rewindAction = nullptr;
    QAction *m_endAction = nullptr;
    QAction *m_fasterAction = nullptr;
    QAction *m_slowerAction = nullptr;
    QAction *m_zoomInAction = nullptr;
    QAction *m_zoomOutAction = nullptr;
    QAction *m_zoomFitAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_rerunAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_focusParametersAction = nullptr;
    QAction *m_compareAction = nullptr;
    RunExportActions *m_exportActions = nullptr;

    // Widgets
    QComboBox *m_scenarioComboBox = nullptr;
    QComboBox *m_variantComboBox = nullptr;
    QComboBox *m_presetComboBox = nullptr;
    RunAgainstBox *m_runAgainstBox = nullptr;
    LabCostBox *m_labCostBox = nullptr;
    QLabel *m_runSourceLabel = nullptr;
    MessageBanner *m_errorBanner = nullptr;
    QLabel *m_descriptionLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    TimelinePane *m_timelinePane = nullptr;
    TimelineView *m_timeline = nullptr;
    TimelineView *m_compareTimeline = nullptr;
    MetricsTable *m_metricsTable = nullptr;
    ResultsTabs *m_resultsTabs = nullptr;
    QTableView *m_eventTable = nullptr;
    QSplitter *m_splitter = nullptr;
    ParameterPanel *m_parameterPanel = nullptr;
};

} // namespace tokenscope
