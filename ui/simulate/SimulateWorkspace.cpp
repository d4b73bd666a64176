// The workspace wires its parts together: ScenarioSource and ParameterPanel (what runs), SimulationRunner (runs on a
// worker thread), TimelinePane and PlaybackController (the timelines and their playhead), ResultsTabs (metrics and
// events), RunExport and RunDescription (what is written and said about a run).

#include "simulate/SimulateWorkspace.h"

#include "common/ActionButton.h"
#include "common/Icons.h"
#include "common/MessageBanner.h"
#include "common/Settings.h"
#include "common/ShortcutAction.h"
#include "simulate/LabCostBox.h"
#include "simulate/MetricsTable.h"
#include "simulate/ParameterPanel.h"
#include "simulate/PlaybackController.h"
#include "simulate/ResultsTabs.h"
#include "simulate/RunAgainstBox.h"
#include "simulate/RunDescription.h"
#include "simulate/RunExportActions.h"
#include "simulate/ScenarioSource.h"
#include "simulate/SimulationRunner.h"
#include "simulate/TimelinePane.h"
#include "simulate/TimelineView.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace tokenscope {

using namespace Qt::StringLiterals;
using namespace sim;

namespace {

const QString splitterName = u"simulate/main"_s;

} // namespace

const QList<double> &SimulateWorkspace::speeds()
{
    return PlaybackController::speeds();
}

SimulateWorkspace::SimulateWorkspace(Settings *settings, QWidget *parent) : QWidget(parent), m_settings(settings)
{
    setAccessibleName(tr("Simulate workspace"));
    m_rerunTimer = new QTimer(this);
    m_rerunTimer->setSingleShot(true);
    m_rerunTimer->setInterval(150); // coalesce a spin box's auto-repeat into one run
    connect(m_rerunTimer, &QTimer::timeout, this, &SimulateWorkspace::startRun);
    m_runner = new SimulationRunner(this);
    connect(m_runner, &SimulationRunner::progressed, this,
            [this](qint64 simulated, qint64 end) { m_timelinePane->showProgress(simulated, end); });
    connect(m_runner, &SimulationRunner::finished, this, &SimulateWorkspace::runDone);

    buildActions();
    buildUi();
    m_playback = new PlaybackController(m_timeline, this);
    connect(m_playback, &PlaybackController::playingChanged, this, &SimulateWorkspace::updatePlaybackUi);
    connect(m_playback, &PlaybackController::speedChanged, this,
            [this](double speed) { m_timelinePane->showSpeed(speed); });
    updateIcons();

    setSpeed(m_settings ? m_settings->simulateSpeed() : 600);
    if (m_settings) {
        const QList<int> sizes = m_settings->splitterSizes(splitterName);
        if (sizes.size() == 3)
            m_splitter->setSizes(sizes);
    }

    QString initial = m_settings ? m_settings->simulateScenario() : QString();
    const QStringList names = ScenarioLoader::builtInNames();
    if (!names.contains(initial))
        initial = names.contains(u"f-rotation-reuse-detection"_s) ? u"f-rotation-reuse-detection"_s : names.value(0);
    if (!initial.isEmpty())
        loadBuiltInScenario(initial, m_settings ? m_settings->simulateVariant() : 0);
}

SimulateWorkspace::~SimulateWorkspace()
{
    // Closing does not wait for a long run to end: it stops at its next checkpoint, and nothing here reacts.
    m_playback->pause();
    m_rerunTimer->stop();
    m_runner->stopAndWait();
}

// ---- actions and layout ----

void SimulateWorkspace::buildActions()
{
    const auto make = [this](const QString &text, const QKeySequence &shortcut, auto slot) {
        return makeShortcutAction(this, text, shortcut, slot);
    };
    m_playAction = make(tr("&Play"), QKeySequence(Qt::Key_Space), &SimulateWorkspace::togglePlayback);
    m_stepBackAction = make(tr("Step &Back"), QKeySequence(Qt::Key_Comma), &SimulateWorkspace::stepBackward);
    m_stepForwardAction = make(tr("Step &Forward"), QKeySequence(Qt::Key_Period), &SimulateWorkspace::stepForward);
    m_rewindAction = make(tr("Go to &Start"), QKeySequence(Qt::Key_Home), [this] { setPlayhead(0); });
    m_endAction = make(tr("Go to &End"), QKeySequence(Qt::Key_End), [this] {
        pause();
        setPlayhead(m_timeline->duration());
    });
    m_slowerAction = make(tr("&Slower"), QKeySequence(Qt::Key_BracketLeft), [this] {
        const qsizetype i = speeds().indexOf(m_playback->speed());
        setSpeed(speeds().value(std::max<qsizetype>(0, i - 1), speeds().first()));
    });
    m_fasterAction = make(tr("F&aster"), QKeySequence(Qt::Key_BracketRight), [this] {
        const qsizetype i = speeds().indexOf(m_playback->speed());
        setSpeed(speeds().value(std::min<qsizetype>(speeds().size() - 1, i + 1), speeds().last()));
    });
    m_zoomInAction = make(tr("Zoom &In"), QKeySequence::ZoomIn, [this] { m_timeline->zoomIn(); });
    m_zoomOutAction = make(tr("Zoom &Out"), QKeySequence::ZoomOut, [this] { m_timeline->zoomOut(); });
    m_zoomFitAction = make(tr("Zoom to &Fit"), QKeySequence(Qt::CTRL | Qt::Key_0), [this] { m_timeline->zoomToFit(); });
    m_openAction = make(tr("&Open Scenario File…"), QKeySequence::Open, &SimulateWorkspace::chooseScenarioFile);
    m_rerunAction = make(tr("&Run Again"), QKeySequence(Qt::Key_F5), &SimulateWorkspace::rerun);
    m_cancelAction = make(tr("&Cancel Run"), QKeySequence(Qt::Key_Escape), &SimulateWorkspace::cancelRun);
    m_cancelAction->setEnabled(false);
    m_exportActions = new RunExportActions(this);
    connect(m_exportActions, &RunExportActions::exported, this, [this] { m_errorBanner->clearMessage(); });
    connect(m_exportActions, &RunExportActions::failed, this,
            [this](const QString &message) { m_errorBanner->showMessage(message, MessageKind::Error); });
    m_compareAction = make(tr("&Compare with Previous Run"), QKeySequence(Qt::CTRL | Qt::Key_B),
                           [this](bool on) { setComparing(on); });
    m_compareAction->setCheckable(true);
    m_focusParametersAction = make(tr("Go to &Parameters"), QKeySequence(Qt::CTRL | Qt::Key_L),
                                   [this] { m_parameterPanel->focusFirstKnob(); });
}

QList<QAction *> SimulateWorkspace::actions() const
{
    return QList<QAction *> {m_openAction,        m_rerunAction,  m_playAction,    m_stepBackAction,
                             m_stepForwardAction, m_rewindAction, m_endAction,     m_slowerAction,
                             m_fasterAction,      m_zoomInAction, m_zoomOutAction, m_zoomFitAction}
    + m_exportActions->timelineActions() + m_exportActions->dataActions()
        + QList<QAction *> {m_compareAction, m_labCostBox->measureAction(), m_focusParametersAction, m_cancelAction};
}

void SimulateWorkspace::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);

    auto button = [this](QAction *action) {
        return actionButton(action, this);
    };
    auto label = [this](const QString &text, QWidget *buddy) {
        return buddyLabel(text, buddy, this);
    };

    // Row 1: what runs.
    auto *top = new QHBoxLayout;
    top->setSpacing(6);
    m_scenarios = new ScenarioSource(this);
    m_scenarioComboBox = m_scenarios->scenarioComboBox();
    m_variantComboBox = m_scenarios->variantComboBox();
    m_presetComboBox = new QComboBox(this);
    m_presetComboBox->setAccessibleName(tr("Provider preset"));
    m_presetComboBox->addItem(tr("Custom"), QString());
    for (const QString &name : IssuerPresets::names()) {
        m_presetComboBox->addItem(name, name);
        m_presetComboBox->setItemData(m_presetComboBox->count() - 1, IssuerPresets::description(name), Qt::ToolTipRole);
    }
    top->addWidget(label(tr("Sc&enario:"), m_scenarioComboBox));
    top->addWidget(m_scenarioComboBox, 3);
    top->addWidget(label(tr("&Variant:"), m_variantComboBox));
    top->addWidget(m_variantComboBox, 1);
    top->addWidget(button(m_openAction));
    top->addSpacing(12);
    top->addWidget(label(tr("Pre&set:"), m_presetComboBox));
    top->addWidget(m_presetComboBox, 1);
    top->addWidget(button(m_rerunAction));
    layout->addLayout(top);

    // Why a scenario did not load, a run was not run or stopped, a token could not be signed, an export failed.
    m_errorBanner = new MessageBanner(this);
    m_errorBanner->setObjectName(u"simulateError"_s);
    m_errorBanner->setAccessibleName(tr("Scenario error"));
    m_errorBanner->setTextFormat(Qt::AutoText); // a scenario's errors come as HTML, one per line
    layout->addWidget(m_errorBanner);

    m_descriptionLabel = new QLabel(this);
    m_descriptionLabel->setWordWrap(true);
    m_descriptionLabel->setAccessibleName(tr("Scenario description"));
    m_descriptionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_descriptionLabel);

    connect(m_scenarios, &ScenarioSource::picked, this, &SimulateWorkspace::scenarioPicked);
    connect(m_variantComboBox, &QComboBox::activated, this, [this](int index) { selectVariant(index); });
    connect(m_presetComboBox, &QComboBox::activated, this, [this](int index) {
        const QString name = m_presetComboBox->itemData(index).toString();
        if (!name.isEmpty())
            applyPreset(name);
    });

    // Centre: parameters | timeline | metrics.
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);
    m_parameterPanel = new ParameterPanel(m_settings, this);
    m_runAgainstBox = m_parameterPanel->runAgainstBox();
    m_labCostBox = m_parameterPanel->labCostBox();
    connect(m_parameterPanel, &ParameterPanel::edited, this, &SimulateWorkspace::panelEdited);
    connect(m_parameterPanel, &ParameterPanel::runAgainstChosen, this, &SimulateWorkspace::rerun);
    m_splitter->addWidget(m_parameterPanel);

    TimelinePane::Actions paneActions;
    paneActions.play = m_playAction;
    paneActions.rewind = m_rewindAction;
    paneActions.stepBack = m_stepBackAction;
    paneActions.stepForward = m_stepForwardAction;
    paneActions.compare = m_compareAction;
    paneActions.zoomOut = m_zoomOutAction;
    paneActions.zoomFit = m_zoomFitAction;
    paneActions.zoomIn = m_zoomInAction;
    paneActions.cancel = m_cancelAction;
    paneActions.exportTimeline = m_exportActions->timelineActions();
    paneActions.exportData = m_exportActions->dataActions();
    m_timelinePane = new TimelinePane(paneActions, speeds(), m_splitter);
    connect(m_timelinePane, &TimelinePane::speedChosen, this, &SimulateWorkspace::setSpeed);
    m_timeline = m_timelinePane->timeline();
    m_compareTimeline = m_timelinePane->comparisonView();
    m_runSourceLabel = m_timelinePane->runSourceLabel();
    m_statusLabel = m_timelinePane->statusLabel();
    // Tooltips show a token's claims: the engine signs it on first request.
    m_timeline->setTokenTextProvider(
        [this](qint64 id) { return m_run && m_run->tokensKept ? m_run->tokenText(id).valueOr({}) : QByteArray(); });
    m_compareTimeline->setTokenTextProvider([this](qint64 id) {
        return m_previousRun && m_previousRun->tokensKept ? m_previousRun->tokenText(id).valueOr({}) : QByteArray();
    });
    connect(m_timelinePane, &TimelinePane::comparisonScrubbed, this, &SimulateWorkspace::pause);
    connect(m_compareTimeline, &TimelineView::tokenActivated, this, [this](qint64 id) {
        if (m_previousRun)
            openTokenOf(*m_previousRun, id);
    });
    m_splitter->addWidget(m_timelinePane);

    connect(m_timeline, &TimelineView::playheadChanged, this, &SimulateWorkspace::playheadChanged);
    connect(m_timeline, &TimelineView::scrubbed, this, &SimulateWorkspace::pause);
    connect(m_timeline, &TimelineView::tokenActivated, this, [this](qint64 id) { openToken(id); });

    m_resultsTabs = new ResultsTabs(m_splitter);
    m_metricsTable = m_resultsTabs->metricsTable();
    m_exportActions->setViews(m_timeline, m_metricsTable);
    m_eventTable = m_resultsTabs->eventTable();
    connect(m_resultsTabs, &ResultsTabs::eventChosen, this, [this](qint64 seconds) {
        pause();
        m_timeline->ensureVisible(seconds);
        setPlayhead(seconds);
    });
    connect(m_timeline, &TimelineView::eventActivated, m_resultsTabs, &ResultsTabs::selectEvent);
    m_splitter->addWidget(m_resultsTabs);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setSizes({300, 900, 330});
    layout->addWidget(m_splitter, 1);
}

void SimulateWorkspace::updateIcons()
{
    const QPalette palette = this->palette();
    const std::pair<QAction *, QString> icons[] = {
        {m_playAction, isPlaying() ? u"pause"_s : u"play"_s},
        {m_stepBackAction, u"step-back"_s},
        {m_stepForwardAction, u"step-forward"_s},
        {m_rewindAction, u"rewind"_s},
        {m_zoomInAction, u"zoom-in"_s},
        {m_zoomOutAction, u"zoom-out"_s},
        {m_zoomFitAction, u"zoom-fit"_s},
        {m_openAction, u"open"_s},
        {m_rerunAction, u"rerun"_s},
        {m_compareAction, u"compare"_s},
    };
    for (const auto &[action, name] : icons)
        action->setIcon(Icons::icon(name, palette));
    m_exportActions->updateIcons(palette);
    if (auto *exportButton = findChild<QToolButton *>(u"exportButton"_s))
        exportButton->setIcon(Icons::icon(u"export"_s, palette));
}

void SimulateWorkspace::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_playAction) {
        updateIcons();
    }
}

void SimulateWorkspace::saveSettings()
{
    if (!m_settings)
        return;
    m_settings->setSplitterSizes(splitterName, m_splitter->sizes());
    m_settings->setSimulateSpeed(m_playback->speed());
    if (m_scenarios->isBuiltIn()) {
        m_settings->setSimulateScenario(m_scenarios->source());
        m_settings->setSimulateVariant(std::max(0, m_scenarios->variantIndex()));
    }
}

// ---- scenarios ----

QString SimulateWorkspace::errorText() const
{
    return m_errorBanner->text();
}

bool SimulateWorkspace::loadBuiltInScenario(const QString &name, int variant)
{
    if (const QString error = m_scenarios->loadBuiltIn(name); !error.isEmpty()) {
        m_errorBanner->showMessage(error, MessageKind::Error);
        return false;
    }
    m_errorBanner->clearMessage();
    return selectVariant(std::clamp<int>(variant, 0, int(m_scenarios->variants().size()) - 1));
}

bool SimulateWorkspace::openScenarioFile(const QString &path)
{
    if (const QString error = m_scenarios->loadFile(path); !error.isEmpty()) {
        m_errorBanner->showMessage(error, MessageKind::Error);
        return false;
    }
    m_errorBanner->clearMessage();
    return selectVariant(0);
}

bool SimulateWorkspace::selectVariant(int index)
{
    if (!m_scenarios->showVariant(index))
        return false;
    setScenario(m_scenarios->variants().at(index));
    return true;
}

void SimulateWorkspace::scenarioPicked(const QString &source)
{
    const bool loaded
        = ScenarioLoader::builtInNames().contains(source) ? loadBuiltInScenario(source) : openScenarioFile(source);
    if (!loaded)
        m_scenarios->showSource();
}

void SimulateWorkspace::chooseScenarioFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Scenario"), QString(),
                                                      tr("Scenario files (*.json);;All files (*)"));
    if (!path.isEmpty())
        openScenarioFile(path);
}

void SimulateWorkspace::setScenario(const Scenario &scenario)
{
    setScenarioQuietly(scenario);
    m_rerunTimer->stop();
    startRun();
}

void SimulateWorkspace::setScenarioQuietly(const Scenario &scenario)
{
    m_exportActions->setScenario(scenario, m_scenarios->source());
    m_scenario = scenario;
    QString description = scenario.description.toHtmlEscaped();
    if (!scenario.variant.isEmpty())
        description = tr("<b>%1</b> · %2").arg(scenario.variant.toHtmlEscaped(), description);
    m_descriptionLabel->setText(description);
    m_descriptionLabel->setVisible(!description.isEmpty());
    writePanel();
}

bool SimulateWorkspace::applyPreset(const QString &name)
{
    const std::optional<IssuerPolicy> preset = IssuerPresets::byName(name);
    if (!preset)
        return false;
    Scenario scenario = m_scenario;
    // A preset replaces the issuer's policy but not the scenario's world (its URLs stay).
    IssuerPolicy policy = *preset;
    policy.issuerUrl = scenario.issuer.issuerUrl;
    policy.audience = scenario.issuer.audience;
    scenario.issuer = policy;
    setScenario(scenario);
    return true;
}

void SimulateWorkspace::writePanel()
{
    m_parameterPanel->showScenario(m_scenario);
    const int preset = m_presetComboBox->findData(m_scenario.issuer.presetName);
    m_presetComboBox->setCurrentIndex(preset >= 0 ? preset : 0);
}

void SimulateWorkspace::panelEdited()
{
    m_parameterPanel->readInto(m_scenario);
    writePanel(); // enables and disables what the change made (ir)relevant
    m_rerunTimer->start();
}

// ---- runs ----

bool SimulateWorkspace::isRunning() const
{
    return m_runner->isRunning() || m_rerunTimer->isActive() || m_rerunPending;
}

void SimulateWorkspace::rerun()
{
    m_rerunTimer->stop();
    startRun();
}

void SimulateWorkspace::startRun()
{
    if (m_runner->isRunning()) {
        // The result in flight is stale: stop it, and run again when it lands.
        m_rerunPending = true;
        m_runner->cancel();
        return;
    }
    m_rerunPending = false;
    const RunTarget target = m_runAgainstBox->target();
    if (const QString refusal = RunDescription::refusal(m_scenario, target); !refusal.isEmpty()) {
        m_showingBudgetError = true;
        m_errorBanner->showMessage(refusal, MessageKind::Error);
        return;
    }
    if (m_showingBudgetError) {
        m_showingBudgetError = false;
        m_errorBanner->clearMessage();
    }
    m_statusLabel->setText(RunDescription::running(m_scenario, target));
    m_cancelAction->setEnabled(true);
    m_runner->start(m_scenario, target);
}

void SimulateWorkspace::cancelRun()
{
    m_rerunTimer->stop();
    m_rerunPending = false;
    if (!m_runner->isRunning())
        return;
    m_runner->cancel();
    m_statusLabel->setText(tr("Cancelling…"));
}

void SimulateWorkspace::runDone(std::shared_ptr<SimulationRun> run)
{
    m_timelinePane->hideProgress();
    m_cancelAction->setEnabled(false);
    if (m_rerunPending) {
        startRun();
        return;
    }
    if (const std::optional<RunDescription::NotShown> notShown = RunDescription::notShown(*run)) {
        if (!notShown->error.isEmpty())
            m_errorBanner->showMessage(notShown->error, MessageKind::Error);
        m_statusLabel->setText(notShown->status);
        emit runStopped();
        return;
    }
    const qint64 playhead = m_timeline->playhead();
    const bool atEnd = !m_run || playhead >= m_timeline->duration();
    if (m_run)
        m_previousRun = std::move(m_run);
    m_run = std::move(run);
    m_exportActions->setRun(m_run);

    m_timelinePane->showRun(m_run);
    m_resultsTabs->setRuns(m_run, m_previousRun);
    // A new scenario shows the whole run; a re-run keeps the playhead where the user was looking.
    const qint64 target = atEnd ? m_run->timeline.duration : std::min(playhead, m_run->timeline.duration);
    m_timeline->setPlayhead(target);
    m_timelinePane->syncSlider();

    updateComparison();

    m_statusLabel->setText(RunDescription::status(*m_run));
    m_runSourceLabel->setText(RunDescription::source(*m_run, RunDescription::Detail::Full));
    m_runSourceLabel->setVisible(m_run->isLive());
    m_timelinePane->updateLiveMetrics();
    emit runFinished();
}

QString SimulateWorkspace::metricText(const QString &id, int column) const
{
    return m_metricsTable->metricText(id, column);
}

void SimulateWorkspace::selectEvent(int eventIndex)
{
    m_resultsTabs->selectEvent(eventIndex);
}

// ---- comparison ----

QString SimulateWorkspace::policySummary(const Scenario &scenario)
{
    return RunDescription::policySummary(scenario);
}

void SimulateWorkspace::setComparing(bool on)
{
    m_compareAction->setChecked(on);
    updateComparison();
}

bool SimulateWorkspace::isComparing() const
{
    return m_compareAction->isChecked();
}

void SimulateWorkspace::updateComparison()
{
    m_timelinePane->showComparison(isComparing() ? m_previousRun : nullptr);
}

// ---- playback ----

bool SimulateWorkspace::isPlaying() const
{
    return m_playback && m_playback->isPlaying();
}

void SimulateWorkspace::play()
{
    m_playback->play();
}

void SimulateWorkspace::pause()
{
    m_playback->pause();
}

void SimulateWorkspace::togglePlayback()
{
    m_playback->togglePlayback();
}

void SimulateWorkspace::updatePlaybackUi()
{
    const bool playing = isPlaying();
    m_playAction->setText(playing ? tr("&Pause") : tr("&Play"));
    m_playAction->setToolTip(QStringLiteral("%1 (%2)").arg(
        playing ? tr("Pause") : tr("Play"), m_playAction->shortcut().toString(QKeySequence::NativeText)));
    m_playAction->setIcon(Icons::icon(playing ? u"pause"_s : u"play"_s, palette()));
}

void SimulateWorkspace::setSpeed(double speed)
{
    m_playback->setSpeed(speed);
}

double SimulateWorkspace::speed() const
{
    return m_playback->speed();
}

void SimulateWorkspace::advance(qint64 wallMilliseconds)
{
    m_playback->advance(wallMilliseconds);
}

void SimulateWorkspace::setPlayhead(qint64 seconds)
{
    m_timeline->setPlayhead(seconds);
}

qint64 SimulateWorkspace::playhead() const
{
    return m_timeline->playhead();
}

void SimulateWorkspace::stepForward()
{
    m_playback->stepForward();
}

void SimulateWorkspace::stepBackward()
{
    m_playback->stepBackward();
}

// ---- run against ----

void SimulateWorkspace::setRunAgainst(RunAgainst target)
{
    if (m_runAgainstBox->setChoice(target))
        rerun();
}

SimulateWorkspace::RunAgainst SimulateWorkspace::runAgainst() const
{
    return m_runAgainstBox->choice();
}

void SimulateWorkspace::setWorkspaceIssuerUrl(const QUrl &url)
{
    m_runAgainstBox->setWorkspaceIssuerUrl(url); // falling back to the model re-runs through chosen()
}

// ---- tokens ----

bool SimulateWorkspace::openToken(qint64 tokenId)
{
    return m_run && openTokenOf(*m_run, tokenId);
}

bool SimulateWorkspace::openTokenOf(SimulationRun &run, qint64 tokenId)
{
    if (!run.tokensKept)
        return false;
    const SimToken *token = run.token(tokenId);
    if (!token || token->kind == CredentialRef::Kind::SessionId)
        return false;
    const Result<QByteArray> signedText = run.tokenText(tokenId);
    if (!signedText) {
        m_errorBanner->showMessage(tr("Token #%1 cannot be signed: %2").arg(tokenId).arg(signedText.error().message()),
                                   MessageKind::Error);
        return false;
    }
    const QByteArray &text = *signedText;
    if (run.isLive())
        emit openTokenRequested(QString::fromLatin1(text), run.issuerUrl,
                                run.issuerRunStart + (token->issuedAt - run.scenario.start));
    else
        emit openTokenRequested(QString::fromLatin1(text));
    return true;
}

// ---- exports ----

Result<void> SimulateWorkspace::exportPng(const QString &path)
{
    return m_exportActions->exportPng(path);
}

Result<void> SimulateWorkspace::exportSvg(const QString &path)
{
    return m_exportActions->exportSvg(path);
}

Result<void> SimulateWorkspace::exportEventsCsv(const QString &path)
{
    return m_exportActions->exportEventsCsv(path);
}

Result<void> SimulateWorkspace::exportMetricsCsv(const QString &path)
{
    return m_exportActions->exportMetricsCsv(path);
}

Result<void> SimulateWorkspace::exportJson(const QString &path)
{
    return m_exportActions->exportJson(path);
}

} // namespace tokenscope
