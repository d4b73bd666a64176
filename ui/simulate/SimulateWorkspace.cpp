// Over 700 lines, and due to be split: the scenario editor, the run control (model or live), the comparison table,
// playback and the exports each sit under their own banner below and share the workspace's runs. The timelines
// and the "Run against" box already live apart (TimelineView, RunAgainstBox).

#include "simulate/SimulateWorkspace.h"

#include "common/Icons.h"
#include "common/Settings.h"
#include "common/ShortcutAction.h"
#include "common/Theme.h"
#include "common/TimeFormat.h"
#include "sim/LiveIssuer.h"
#include "sim/WorkEstimate.h"
#include "simulate/EventLogModel.h"
#include "simulate/LabCostBox.h"
#include "simulate/RunAgainstBox.h"
#include "simulate/TimelineLegend.h"
#include "simulate/TimelineView.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QProgressBar>
#include <QSaveFile>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QSvgGenerator>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace tokenscope {

using namespace Qt::StringLiterals;
using namespace sim;

namespace {

const QString splitterName = u"simulate/main"_s;

// "15m", "1h 30m", "7d": the scenario files' own duration spelling, so the panel reads like docs/scenarios.md.
QString compactDuration(qint64 seconds)
{
    if (seconds == 0)
        return u"0"_s;
    QStringList parts;
    const qint64 units[] = {86400, 3600, 60, 1};
    const char *names[] = {"d", "h", "m", "s"};
    for (int i = 0; i < 4; ++i) {
        if (seconds >= units[i]) {
            parts << QString::number(seconds / units[i]) + QLatin1String(names[i]);
            seconds %= units[i];
        }
    }
    return parts.join(QLatin1Char(' '));
}

// A spin box over seconds that reads and writes durations ("90", "45s", "15m", "1h30m", "7d").
class DurationSpinBox : public QSpinBox
{
public:
    explicit DurationSpinBox(QWidget *parent = nullptr) : QSpinBox(parent)
    {
        setRange(0, int(ScenarioLoader::maxDuration));
        setAccelerated(true);
        setKeyboardTracking(false);
    }

protected:
    QString textFromValue(int value) const override { return compactDuration(value); }
    int valueFromText(const QString &text) const override
    {
        QString compact = text;
        compact.remove(QLatin1Char(' '));
        return int(ScenarioLoader::parseDuration(compact).value_or(value()));
    }
    QValidator::State validate(QString &text, int &) const override
    {
        if (text == specialValueText())
            return QValidator::Acceptable;
        QString compact = text;
        compact.remove(QLatin1Char(' '));
        if (compact.isEmpty())
            return QValidator::Intermediate;
        const auto seconds = ScenarioLoader::parseDuration(compact);
        if (seconds && *seconds >= minimum() && *seconds <= maximum())
            return QValidator::Acceptable;
        static const QString allowed = u"0123456789smhdw"_s;
        for (const QChar c : compact) {
            if (!allowed.contains(c))
                return QValidator::Invalid;
        }
        return QValidator::Intermediate;
    }
    void stepBy(int steps) override
    {
        // Steps of a size that suits the value: seconds under a minute, minutes under an hour, …
        const int v = value();
        const int step = v < 60 ? 1 : v < 3600 ? 60 : v < 86400 ? 900 : 3600;
        setValue(v + steps * step);
    }
};

template<typename Enum> void addItems(QComboBox *box, std::initializer_list<std::pair<QString, Enum>> items)
{
    for (const auto &[text, value] : items)
        box->addItem(text, int(value));
}

template<typename Enum> Enum comboValue(const QComboBox *box)
{
    return Enum(box->currentData().toInt());
}

template<typename Enum> void setComboValue(QComboBox *box, Enum value)
{
    const int index = box->findData(int(value));
    if (index >= 0)
        box->setCurrentIndex(index);
}

QString ratio(double value)
{
    return QString::number(value, 'f', value < 10 ? 3 : 1);
}

struct MetricRow
{
    QString id;
    QString label;
    std::function<QString(const SimulationRun &)> value;
    std::function<double(const SimulationRun &)> number; // for the change column
};

const char *eventTypeName(SimEventType type)
{
    static const char *const names[] = {
        "login",          "login_denied",     "request",          "refresh",   "concurrent_refresh", "logout",
        "theft",          "attacker_request", "attacker_refresh", "operator",  "key_published",      "store_outage",
        "store_restored", "exposure_ended",   "server_down",      "server_up",
    };
    return names[int(type)];
}

const char *actorName(ActorKind actor)
{
    static const char *const names[] = {"client", "attacker", "operator", "issuer"};
    return names[int(actor)];
}

QByteArray csvField(const QByteArray &text)
{
    if (!text.contains(',') && !text.contains('"') && !text.contains('\n'))
        return text;
    QByteArray quoted = text;
    quoted.replace('"', "\"\"");
    return '"' + quoted + '"';
}

} // namespace

const QList<double> &SimulateWorkspace::speeds()
{
    static const QList<double> list = {1, 10, 60, 300, 600, 3600, 10000};
    return list;
}

SimulateWorkspace::SimulateWorkspace(Settings *settings, QWidget *parent) : QWidget(parent), m_settings(settings)
{
    setAccessibleName(tr("Simulate workspace"));
    m_playTimer = new QTimer(this);
    m_playTimer->setInterval(16);
    m_playTimer->setTimerType(Qt::PreciseTimer);
    connect(m_playTimer, &QTimer::timeout, this, &SimulateWorkspace::playTick);
    m_rerunTimer = new QTimer(this);
    m_rerunTimer->setSingleShot(true);
    m_rerunTimer->setInterval(150); // coalesce a spin box's auto-repeat into one run
    connect(m_rerunTimer, &QTimer::timeout, this, &SimulateWorkspace::startRun);
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<SimulationRun>>::finished, this, &SimulateWorkspace::runDone);
    m_progressTimer = new QTimer(this);
    m_progressTimer->setInterval(100);
    connect(m_progressTimer, &QTimer::timeout, this, &SimulateWorkspace::updateProgress);

    m_updatingPanel = true; // combo boxes emit while they are filled
    buildActions();
    buildUi();
    updateIcons();
    m_updatingPanel = false;

    m_speed = m_settings ? m_settings->simulateSpeed() : 600;
    setSpeed(m_speed);
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
    if (m_inFlight)
        m_inFlight->control.cancelRequested = true; // closing does not wait for a long run to end
    if (m_watcher.isRunning())
        waitForRunOnClose();
}

void SimulateWorkspace::waitForRunOnClose()
{
    if (!m_inFlightUsesWorkspaceIssuer) {
        m_watcher.waitForFinished();
        return;
    }
    // The Issuer workspace's mock issuer answers on this thread: blocking here would hold the run's next HTTP
    // exchange until its time-out. The run stops at its next checkpoint, with its answers served by this loop;
    // nothing of the workspace reacts meanwhile.
    disconnect(&m_watcher, nullptr, this, nullptr);
    for (QTimer *timer : {m_playTimer, m_rerunTimer, m_progressTimer})
        timer->stop();
    QEventLoop loop;
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<SimulationRun>>::finished, &loop, &QEventLoop::quit);
    if (m_watcher.isRunning())
        loop.exec();
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
        const qsizetype i = speeds().indexOf(m_speed);
        setSpeed(speeds().value(std::max<qsizetype>(0, i - 1), speeds().first()));
    });
    m_fasterAction = make(tr("F&aster"), QKeySequence(Qt::Key_BracketRight), [this] {
        const qsizetype i = speeds().indexOf(m_speed);
        setSpeed(speeds().value(std::min<qsizetype>(speeds().size() - 1, i + 1), speeds().last()));
    });
    m_zoomInAction = make(tr("Zoom &In"), QKeySequence::ZoomIn, [this] { m_timeline->zoomIn(); });
    m_zoomOutAction = make(tr("Zoom &Out"), QKeySequence::ZoomOut, [this] { m_timeline->zoomOut(); });
    m_zoomFitAction = make(tr("Zoom to &Fit"), QKeySequence(Qt::CTRL | Qt::Key_0), [this] { m_timeline->zoomToFit(); });
    m_openAction = make(tr("&Open Scenario File…"), QKeySequence::Open, &SimulateWorkspace::chooseScenarioFile);
    m_rerunAction = make(tr("&Run Again"), QKeySequence(Qt::Key_F5), &SimulateWorkspace::rerun);
    m_cancelAction = make(tr("&Cancel Run"), QKeySequence(Qt::Key_Escape), &SimulateWorkspace::cancelRun);
    m_cancelAction->setEnabled(false);
    m_exportPngAction = make(tr("Export Timeline as &PNG…"), QKeySequence(Qt::CTRL | Qt::Key_E), [this] {
        chooseExport(tr("PNG images (*.png)"), u"png"_s, &SimulateWorkspace::exportPng);
    });
    m_exportSvgAction = make(tr("Export Timeline as &SVG…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] {
        chooseExport(tr("SVG images (*.svg)"), u"svg"_s, &SimulateWorkspace::exportSvg);
    });
    m_exportCsvAction = make(tr("Export Events as &CSV…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E), [this] {
        chooseExport(tr("CSV files (*.csv)"), u"csv"_s, &SimulateWorkspace::exportEventsCsv);
    });
    m_exportMetricsCsvAction
        = make(tr("Export &Metrics as CSV…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_M),
               [this] { chooseExport(tr("CSV files (*.csv)"), u"csv"_s, &SimulateWorkspace::exportMetricsCsv); });
    m_exportJsonAction
        = make(tr("Export Events and Metrics as &JSON…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_J),
               [this] { chooseExport(tr("JSON files (*.json)"), u"json"_s, &SimulateWorkspace::exportJson); });
    m_compareAction = make(tr("&Compare with Previous Run"), QKeySequence(Qt::CTRL | Qt::Key_B),
                           [this](bool on) { setComparing(on); });
    m_compareAction->setCheckable(true);
    m_focusParametersAction = make(tr("Go to &Parameters"), QKeySequence(Qt::CTRL | Qt::Key_L),
                                   [this] { m_accessTtlSpinBox->setFocus(Qt::ShortcutFocusReason); });
}

QList<QAction *> SimulateWorkspace::actions() const
{
    return {m_openAction,
            m_rerunAction,
            m_playAction,
            m_stepBackAction,
            m_stepForwardAction,
            m_rewindAction,
            m_endAction,
            m_slowerAction,
            m_fasterAction,
            m_zoomInAction,
            m_zoomOutAction,
            m_zoomFitAction,
            m_exportPngAction,
            m_exportSvgAction,
            m_exportCsvAction,
            m_exportMetricsCsvAction,
            m_exportJsonAction,
            m_compareAction,
            m_labCostBox->measureAction(),
            m_focusParametersAction,
            m_cancelAction};
}

void SimulateWorkspace::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);

    auto button = [this](QAction *action) {
        auto *tool = new QToolButton(this);
        tool->setDefaultAction(action);
        tool->setAutoRaise(true);
        tool->setIconSize(QSize(18, 18));
        m_toolButtons << tool;
        return tool;
    };
    auto label = [this](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, this);
        l->setBuddy(buddy);
        return l;
    };

    // Row 1: what runs.
    auto *top = new QHBoxLayout;
    top->setSpacing(6);
    m_scenarioComboBox = new QComboBox(this);
    m_scenarioComboBox->setAccessibleName(tr("Scenario"));
    m_scenarioComboBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_scenarioComboBox->setMinimumContentsLength(34);
    m_variantComboBox = new QComboBox(this);
    m_variantComboBox->setAccessibleName(tr("Scenario variant"));
    m_variantComboBox->setMinimumContentsLength(16);
    m_variantComboBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
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

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(u"simulateError"_s);
    m_errorLabel->setAccessibleName(tr("Scenario error"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setAutoFillBackground(true);
    m_errorLabel->setMargin(6);
    m_errorLabel->hide();
    layout->addWidget(m_errorLabel);

    m_descriptionLabel = new QLabel(this);
    m_descriptionLabel->setWordWrap(true);
    m_descriptionLabel->setAccessibleName(tr("Scenario description"));
    m_descriptionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_descriptionLabel);

    connect(m_scenarioComboBox, &QComboBox::activated, this, &SimulateWorkspace::scenarioPicked);
    connect(m_variantComboBox, &QComboBox::activated, this, [this](int index) { selectVariant(index); });
    connect(m_presetComboBox, &QComboBox::activated, this, [this](int index) {
        const QString name = m_presetComboBox->itemData(index).toString();
        if (!name.isEmpty())
            applyPreset(name);
    });

    // Centre: parameters | timeline | metrics.
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);
    m_parameterPanel = buildParameterPanel();
    m_splitter->addWidget(m_parameterPanel);

    auto *centre = new QWidget(m_splitter);
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(4);
    auto *transport = new QHBoxLayout;
    transport->setSpacing(2);
    m_playButton = button(m_playAction);
    transport->addWidget(button(m_rewindAction));
    transport->addWidget(button(m_stepBackAction));
    transport->addWidget(m_playButton);
    transport->addWidget(button(m_stepForwardAction));
    transport->addSpacing(8);
    m_speedComboBox = new QComboBox(centre);
    m_speedComboBox->setAccessibleName(tr("Playback speed"));
    for (const double speed : speeds())
        m_speedComboBox->addItem(tr("%1×").arg(QLocale().toString(speed, 'f', 0)), speed);
    connect(m_speedComboBox, &QComboBox::activated, this,
            [this](int index) { setSpeed(m_speedComboBox->itemData(index).toDouble()); });
    transport->addWidget(label(tr("Spee&d:"), m_speedComboBox));
    transport->addWidget(m_speedComboBox);
    transport->addSpacing(8);
    transport->addStretch(1);
    auto *compareButton = button(m_compareAction);
    compareButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    transport->addWidget(compareButton);
    transport->addSpacing(8);
    transport->addWidget(button(m_zoomOutAction));
    transport->addWidget(button(m_zoomFitAction));
    transport->addWidget(button(m_zoomInAction));
    auto *exportButton = new QToolButton(centre);
    exportButton->setText(tr("Export"));
    exportButton->setAccessibleName(tr("Export"));
    exportButton->setToolTip(tr("Export the timeline, the events or the metrics"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    exportButton->setAutoRaise(true);
    exportButton->setIconSize(QSize(18, 18));
    exportButton->setObjectName(u"exportButton"_s);
    auto *exportMenu = new QMenu(exportButton);
    exportMenu->addActions({m_exportPngAction, m_exportSvgAction});
    exportMenu->addSeparator();
    exportMenu->addActions({m_exportCsvAction, m_exportMetricsCsvAction, m_exportJsonAction});
    exportButton->setMenu(exportMenu);
    exportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolButtons << exportButton;
    transport->addWidget(exportButton);
    centreLayout->addLayout(transport);

    // This run above, and (when comparing) the previous run below on the same time axis and playhead.
    // Above both timelines, so that a compared pair keeps equal heights and time axes that line up.
    m_runSourceLabel = new QLabel(centre);
    m_runSourceLabel->setObjectName(u"runSourceLabel"_s);
    m_runSourceLabel->setAccessibleName(tr("Run source"));
    m_runSourceLabel->setTextFormat(Qt::PlainText);
    m_runSourceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runSourceLabel->setWordWrap(true);
    m_runSourceLabel->hide();
    centreLayout->addWidget(m_runSourceLabel);
    auto *timelines = new QSplitter(Qt::Vertical, centre);
    timelines->setChildrenCollapsible(false);
    auto *currentPane = new QWidget(timelines);
    auto *currentLayout = new QVBoxLayout(currentPane);
    currentLayout->setContentsMargins(0, 0, 0, 0);
    currentLayout->setSpacing(2);
    m_currentCaption = new QLabel(currentPane);
    m_currentCaption->setTextFormat(Qt::PlainText);
    m_currentCaption->setAccessibleName(tr("This run's policy"));
    m_currentCaption->hide();
    currentLayout->addWidget(m_currentCaption);
    m_timeline = new TimelineView(currentPane);
    currentLayout->addWidget(m_timeline, 1);
    m_comparePane = new QWidget(timelines);
    auto *compareLayout = new QVBoxLayout(m_comparePane);
    compareLayout->setContentsMargins(0, 0, 0, 0);
    compareLayout->setSpacing(2);
    m_previousCaption = new QLabel(m_comparePane);
    m_previousCaption->setTextFormat(Qt::PlainText);
    m_previousCaption->setAccessibleName(tr("Previous run's policy"));
    compareLayout->addWidget(m_previousCaption);
    m_compareTimeline = new TimelineView(m_comparePane);
    m_compareTimeline->setAccessibleName(tr("Previous run's timeline"));
    compareLayout->addWidget(m_compareTimeline, 1);
    m_comparePane->hide();
    centreLayout->addWidget(timelines, 1);
    // Tooltips show a token's claims: the engine signs it on first request (DESIGN: tokens are real, signed lazily).
    m_timeline->setTokenTextProvider(
        [this](qint64 id) { return m_run && m_run->tokensKept ? m_run->tokenText(id) : QByteArray(); });
    m_compareTimeline->setTokenTextProvider([this](qint64 id) {
        return m_previousRun && m_previousRun->tokensKept ? m_previousRun->tokenText(id) : QByteArray();
    });
    connect(m_timeline, &TimelineView::visibleRangeChanged, m_compareTimeline, &TimelineView::setVisibleRange);
    connect(m_compareTimeline, &TimelineView::visibleRangeChanged, m_timeline, &TimelineView::setVisibleRange);
    connect(m_timeline, &TimelineView::playheadChanged, m_compareTimeline, &TimelineView::setPlayhead);
    // Only the user's scrubbing on the lower view drives the upper one: its own clamping (a shorter previous run)
    // must not hold back the playhead of this run.
    connect(m_compareTimeline, &TimelineView::scrubbed, this, [this] {
        pause();
        m_timeline->setPlayhead(m_compareTimeline->playhead());
    });
    connect(m_compareTimeline, &TimelineView::tokenActivated, this, [this](qint64 id) {
        if (m_previousRun)
            openTokenOf(*m_previousRun, id);
    });
    m_scrubSlider = new QSlider(Qt::Horizontal, centre);
    m_scrubSlider->setAccessibleName(tr("Playhead position"));
    m_scrubSlider->setToolTip(tr("Drag to scrub through the run (or drag on the timeline's time axis)"));
    centreLayout->addWidget(m_scrubSlider);
    m_liveLabel = new QLabel(centre);
    m_liveLabel->setAccessibleName(tr("Metrics at the playhead"));
    m_liveLabel->setTextFormat(Qt::PlainText);
    m_liveLabel->setWordWrap(true);
    centreLayout->addWidget(m_liveLabel);
    m_legend = new TimelineLegend(centre);
    centreLayout->addWidget(m_legend);
    m_progressRow = new QWidget(centre);
    auto *progressLayout = new QHBoxLayout(m_progressRow);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    m_progressBar = new QProgressBar(m_progressRow);
    m_progressBar->setAccessibleName(tr("Run progress"));
    m_progressBar->setRange(0, 1000);
    m_progressBar->setTextVisible(true);
    progressLayout->addWidget(m_progressBar, 1);
    auto *cancelButton = new QToolButton(m_progressRow);
    cancelButton->setObjectName(u"cancelRunButton"_s);
    cancelButton->setDefaultAction(m_cancelAction);
    cancelButton->setAccessibleName(tr("Cancel run"));
    progressLayout->addWidget(cancelButton);
    m_progressRow->hide();
    centreLayout->addWidget(m_progressRow);
    m_statusLabel = new QLabel(centre);
    m_statusLabel->setAccessibleName(tr("Run status"));
    m_statusLabel->setTextFormat(Qt::PlainText);
    m_statusLabel->setForegroundRole(QPalette::PlaceholderText);
    m_statusLabel->setWordWrap(true);
    centreLayout->addWidget(m_statusLabel);
    // The transport row and the legend would otherwise ask for ~930 px and, through the main window's stack, make
    // every workspace that wide; below this the legend wraps and the transport row compresses.
    centre->setMinimumWidth(420);
    m_splitter->addWidget(centre);

    connect(m_scrubSlider, &QSlider::valueChanged, this, [this](int value) {
        if (m_timeline->playhead() != value)
            setPlayhead(value);
    });
    connect(m_timeline, &TimelineView::playheadChanged, this, [this](qint64 seconds) {
        if (m_scrubSlider->value() != seconds) {
            const QSignalBlocker blocker(m_scrubSlider);
            m_scrubSlider->setValue(int(seconds));
        }
        m_playheadFraction = 0;
        updateLiveMetrics();
        emit playheadChanged(seconds);
    });
    connect(m_timeline, &TimelineView::scrubbed, this, &SimulateWorkspace::pause);
    connect(m_timeline, &TimelineView::tokenActivated, this, [this](qint64 id) { openToken(id); });

    m_sideTabs = new QTabWidget(m_splitter);
    m_sideTabs->setAccessibleName(tr("Metrics and events"));
    auto *metricsBox = new QWidget(m_sideTabs);
    auto *metricsLayout = new QVBoxLayout(metricsBox);
    metricsLayout->setContentsMargins(0, 0, 0, 0);
    m_metricsTable = new QTableWidget(0, 4, metricsBox);
    m_metricsTable->setObjectName(u"metricsTable"_s);
    m_metricsTable->setAccessibleName(tr("Metrics"));
    m_metricsTable->setHorizontalHeaderLabels({tr("Metric"), tr("This run"), tr("Previous"), tr("Change")});
    m_metricsTable->verticalHeader()->hide();
    m_metricsTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_metricsTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_metricsTable->setWordWrap(true);
    m_metricsTable->setAlternatingRowColors(true);
    m_metricsTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c)
        m_metricsTable->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    metricsLayout->addWidget(m_metricsTable, 1);
    m_sideTabs->addTab(metricsBox, tr("&Metrics"));

    m_eventModel = new EventLogModel(this);
    m_eventTable = new QTableView(m_sideTabs);
    m_eventTable->setAccessibleName(tr("Event log"));
    m_eventTable->setModel(m_eventModel);
    m_eventTable->verticalHeader()->hide();
    m_eventTable->verticalHeader()->setDefaultSectionSize(m_eventTable->fontMetrics().height() + 6);
    m_eventTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_eventTable->setWordWrap(false);
    m_eventTable->setAlternatingRowColors(true);
    m_eventTable->horizontalHeader()->setSectionResizeMode(EventLogModel::EventColumn, QHeaderView::Stretch);
    m_eventTable->horizontalHeader()->setSectionResizeMode(EventLogModel::TimeColumn, QHeaderView::ResizeToContents);
    m_eventTable->horizontalHeader()->setSectionResizeMode(EventLogModel::ActorColumn, QHeaderView::ResizeToContents);
    m_eventTable->horizontalHeader()->setSectionResizeMode(EventLogModel::ResultColumn, QHeaderView::ResizeToContents);
    m_sideTabs->addTab(m_eventTable, tr("E&vents"));
    connect(m_eventTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!current.isValid() || m_selectingEvent)
                    return;
                const qint64 t = current.data(EventLogModel::TimeRole).toLongLong();
                pause();
                m_timeline->ensureVisible(t);
                setPlayhead(t);
            });
    connect(m_timeline, &TimelineView::eventActivated, this, &SimulateWorkspace::selectEvent);
    m_splitter->addWidget(m_sideTabs);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setSizes({300, 900, 330});
    layout->addWidget(m_splitter, 1);

    populateScenarioPicker();
}

QWidget *SimulateWorkspace::buildParameterPanel()
{
    auto *scroll = new QScrollArea(this);
    scroll->setAccessibleName(tr("Parameters"));
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(280);
    auto *panel = new QWidget(scroll);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 6, 0);
    layout->setSpacing(8);

    auto group = [&](const QString &title) {
        auto *box = new QGroupBox(title, panel);
        auto *form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
        form->setHorizontalSpacing(8);
        form->setVerticalSpacing(4);
        layout->addWidget(box);
        return form;
    };
    auto duration = [&](QFormLayout *form, const QString &text, const QString &tip, const QString &none = {}) {
        auto *box = new DurationSpinBox(panel);
        if (!none.isEmpty())
            box->setSpecialValueText(none);
        box->setToolTip(tip);
        box->setAccessibleName(QString(text).remove(u'&').remove(u':'));
        form->addRow(text, box);
        connect(box, &QSpinBox::valueChanged, this, &SimulateWorkspace::panelEdited);
        return box;
    };
    auto combo = [&](QFormLayout *form, const QString &text, const QString &tip) {
        auto *box = new QComboBox(panel);
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(8);
        box->setToolTip(tip);
        box->setAccessibleName(QString(text).remove(u'&').remove(u':'));
        form->addRow(text, box);
        connect(box, &QComboBox::currentIndexChanged, this, &SimulateWorkspace::panelEdited);
        return box;
    };
    auto check = [&](QFormLayout *form, const QString &text, const QString &tip) {
        auto *box = new QCheckBox(text, panel);
        box->setToolTip(tip);
        box->setAccessibleName(QString(text).remove(u'&'));
        form->addRow(box);
        connect(box, &QCheckBox::toggled, this, &SimulateWorkspace::panelEdited);
        return box;
    };
    auto number = [&](QFormLayout *form, const QString &text, const QString &tip, int min, int max,
                      const QString &suffix = {}) {
        auto *box = new QSpinBox(panel);
        box->setRange(min, max);
        box->setSuffix(suffix);
        box->setToolTip(tip);
        box->setKeyboardTracking(false);
        box->setAccessibleName(QString(text).remove(u'&').remove(u':'));
        form->addRow(text, box);
        connect(box, &QSpinBox::valueChanged, this, &SimulateWorkspace::panelEdited);
        return box;
    };

    // The model, or a real mock issuer over HTTP: first, because it decides what every knob below talks to.
    QFormLayout *run = group(tr("Issuer"));
    m_runAgainstBox = new RunAgainstBox(panel);
    m_runAgainstBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_runAgainstBox->setMinimumContentsLength(8);
    run->addRow(tr("Ru&n against:"), m_runAgainstBox);
    connect(m_runAgainstBox, &RunAgainstBox::chosen, this, [this] {
        if (!m_updatingPanel)
            rerun();
    });

    QFormLayout *issuer = group(tr("Issuer policy"));
    m_accessTtlSpinBox = duration(issuer, tr("Access token &TTL:"), tr("Lifetime of every access token (exp − iat)"));
    m_refreshEnabledCheckBox = check(issuer, tr("Issue refresh tokens"),
                                     tr("Without them, users sign in again when the access token expires"));
    m_refreshLifetimeSpinBox
        = duration(issuer, tr("Refresh lifetime:"),
                   tr("Absolute: from issue; sliding: the idle window; inherit: from login"), tr("never expires"));
    m_lifetimeModeComboBox = combo(issuer, tr("Lifetime mode:"), tr("How a refresh token's expiry is counted"));
    addItems<RefreshLifetimeMode>(m_lifetimeModeComboBox,
                                  {{tr("absolute"), RefreshLifetimeMode::Absolute},
                                   {tr("sliding idle"), RefreshLifetimeMode::SlidingIdle},
                                   {tr("inherit remaining"), RefreshLifetimeMode::InheritRemaining}});
    m_refreshMaxSpinBox = duration(issuer, tr("Max from login:"), tr("A cap from login over every mode"), tr("no cap"));
    m_rotationComboBox = combo(issuer, tr("&Rotation:"), tr("Whether a refresh returns a new refresh token"));
    addItems<RotationMode>(m_rotationComboBox,
                           {{tr("never"), RotationMode::Never},
                            {tr("always"), RotationMode::Always},
                            {tr("after % of lifetime"), RotationMode::AfterPercent}});
    m_rotateAfterSpinBox
        = number(issuer, tr("Rotate after:"), tr("Rotate once the token is older than this share of its lifetime"), 0,
                 100, u" %"_s);
    m_reuseComboBox
        = combo(issuer, tr("Re&use:"), tr("RFC 9700 §4.14.2: what the issuer does with a replayed refresh token"));
    addItems<ReuseHandling>(m_reuseComboBox,
                            {{tr("revoke the family"), ReuseHandling::RevokeFamily},
                             {tr("reject the replay"), ReuseHandling::RejectReplay},
                             {tr("accept"), ReuseHandling::Accept}});
    m_graceComboBox = combo(issuer, tr("&Grace window:"),
                            tr("Honour the previous generation for a few seconds (the concurrent-refresh race)"));
    addItems<GraceMode>(m_graceComboBox,
                        {{tr("none"), GraceMode::None},
                         {tr("issue a new token"), GraceMode::NewToken},
                         {tr("return the same token"), GraceMode::SameToken}});
    m_graceSpinBox = duration(issuer, tr("Grace seconds:"), tr("Length of the grace window"));
    m_keyRotationSpinBox = duration(issuer, tr("&Key rotation:"), tr("Scheduled signing-key rotation"), tr("never"));
    m_keyOverlapSpinBox = duration(issuer, tr("Key overlap:"),
                                   tr("A new key is published this long before it signs; an old one stays this long"));
    m_sessionIdleSpinBox
        = duration(issuer, tr("Session idle:"), tr("Stateful sessions end after this long unused"), tr("no limit"));
    m_sessionMaxSpinBox
        = duration(issuer, tr("Session max:"), tr("Stateful sessions end this long after login"), tr("no limit"));

    QFormLayout *server = group(tr("Resource servers"));
    m_serverModeComboBox = combo(server, tr("&Mode:"), tr("How resource servers decide whether a credential is good"));
    addItems<ServerMode>(m_serverModeComboBox,
                         {{tr("stateless JWT"), ServerMode::StatelessJwt},
                          {tr("JWT + jti blocklist"), ServerMode::JwtBlocklist},
                          {tr("introspection"), ServerMode::Introspection},
                          {tr("server sessions"), ServerMode::Session}});
    // What the chosen mode costs per request on this machine, measured on a real lab server ("Measure here").
    m_labCostBox = new LabCostBox(m_settings, panel);
    server->addRow(m_labCostBox);
    m_serversSpinBox = number(server, tr("Servers:"), tr("Resource servers behind the load balancer"), 1,
                              ScenarioLoader::maxServers);
    m_routingComboBox = combo(server, tr("Routing:"), tr("How the load balancer picks a server"));
    addItems<Routing>(
        m_routingComboBox,
        {{tr("round robin"), Routing::RoundRobin}, {tr("random"), Routing::Random}, {tr("sticky"), Routing::Sticky}});
    m_sharedStoreCheckBox
        = check(server, tr("Shared session store"), tr("One store for every server, or one per server"));
    m_leewaySpinBox = duration(server, tr("&Leeway:"), tr("RFC 7519 §4.1.4 clock-skew allowance on exp"));
    m_jwksCacheSpinBox = duration(server, tr("&JWKS cache age:"), tr("How long a fetched JWKS is trusted"));
    m_refetchCheckBox
        = check(server, tr("Refetch JWKS on unknown kid"), tr("An unknown kid triggers a fetch (rate-limited)"));
    m_refetchIntervalSpinBox = duration(server, tr("Refetch limit:"), tr("Rate limit for unknown-kid fetches"));
    m_introspectionTtlSpinBox = duration(server, tr("&Introspection cache:"),
                                         tr("RFC 7662 answers cached per token for this long"), tr("no cache"));
    m_blocklistOnRevokeCheckBox
        = check(server, tr("Blocklist on revocation"), tr("Revocations also blocklist the grant's live access tokens"));

    QFormLayout *clients = group(tr("Clients and run"));
    m_clientsSpinBox
        = number(clients, tr("&Clients:"),
                 tr("Metrics cover every client; the timeline shows the first %1").arg(SimulationRun::maxClientLanes),
                 1, 100000);
    m_requestIntervalSpinBox = duration(clients, tr("Request every:"), tr("Mean time between API calls"));
    m_refreshTimingComboBox = combo(clients, tr("Refresh:"), tr("When clients refresh their access token"));
    addItems<RefreshTiming>(m_refreshTimingComboBox,
                            {{tr("ahead of expiry"), RefreshTiming::Ahead},
                             {tr("on demand"), RefreshTiming::OnDemand},
                             {tr("after a 401"), RefreshTiming::AfterRejection}});
    m_refreshAheadSpinBox = duration(clients, tr("Refresh ahead by:"), tr("Ahead: refresh this long before exp"));
    m_concurrentSpinBox = new QDoubleSpinBox(panel);
    m_concurrentSpinBox->setRange(0, 1);
    m_concurrentSpinBox->setSingleStep(0.01);
    m_concurrentSpinBox->setDecimals(2);
    m_concurrentSpinBox->setKeyboardTracking(false);
    m_concurrentSpinBox->setToolTip(tr("Probability that a refresh is sent twice at once (two tabs)"));
    m_concurrentSpinBox->setAccessibleName(tr("Concurrent refresh probability"));
    clients->addRow(tr("Double refresh:"), m_concurrentSpinBox);
    connect(m_concurrentSpinBox, &QDoubleSpinBox::valueChanged, this, &SimulateWorkspace::panelEdited);
    m_durationSpinBox = duration(clients, tr("D&uration:"), tr("Simulated time of the run"));
    m_durationSpinBox->setMinimum(60);
    m_seedSpinBox = number(clients, tr("S&eed:"), tr("The same scenario and seed give the same run"), 0,
                           std::numeric_limits<int>::max());

    layout->addStretch(1);
    scroll->setWidget(panel);
    return scroll;
}

void SimulateWorkspace::populateScenarioPicker()
{
    m_scenarioComboBox->clear();
    for (const QString &name : ScenarioLoader::builtInNames()) {
        const ScenarioLoadResult result = ScenarioLoader::loadBuiltIn(name);
        const QString title = result ? result.variants.first().title : name;
        m_scenarioComboBox->addItem(title.isEmpty() ? name : title, name);
        m_scenarioComboBox->setItemData(m_scenarioComboBox->count() - 1, name, Qt::ToolTipRole);
    }
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
        {m_exportPngAction, u"export"_s},
        {m_exportSvgAction, u"export"_s},
        {m_exportCsvAction, u"table"_s},
        {m_exportMetricsCsvAction, u"table"_s},
        {m_exportJsonAction, u"json"_s},
        {m_compareAction, u"compare"_s},
    };
    for (const auto &[action, name] : icons)
        action->setIcon(Icons::icon(name, palette));
    if (auto *exportButton = findChild<QToolButton *>(u"exportButton"_s))
        exportButton->setIcon(Icons::icon(u"export"_s, palette));
    // The error banner uses the theme's error colours, readable on light and dark.
    const Theme::Colors colors = Theme::colors(palette);
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::Window, colors.errorBackground);
    errorPalette.setColor(QPalette::WindowText, colors.errorForeground);
    m_errorLabel->setPalette(errorPalette);
}

void SimulateWorkspace::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_playAction) {
        updateIcons();
        if (m_run)
            updateMetrics();
    }
}

void SimulateWorkspace::saveSettings()
{
    if (!m_settings)
        return;
    m_settings->setSplitterSizes(splitterName, m_splitter->sizes());
    m_settings->setSimulateSpeed(m_speed);
    if (ScenarioLoader::builtInNames().contains(m_scenarioSource)) {
        m_settings->setSimulateScenario(m_scenarioSource);
        m_settings->setSimulateVariant(std::max(0, m_variantComboBox->currentIndex()));
    }
}

// ---- scenarios ----

void SimulateWorkspace::showError(const QString &text)
{
    m_errorLabel->setText(text);
    m_errorLabel->show();
}

void SimulateWorkspace::clearError()
{
    m_errorLabel->clear();
    m_errorLabel->hide();
}

QString SimulateWorkspace::errorText() const
{
    return m_errorLabel->isHidden() ? QString() : m_errorLabel->text();
}

bool SimulateWorkspace::loadBuiltInScenario(const QString &name, int variant)
{
    const ScenarioLoadResult result = ScenarioLoader::loadBuiltIn(name);
    if (!result) {
        QStringList errors;
        for (const ScenarioError &error : result.errors)
            errors << error.toString();
        showError(tr("The built-in scenario “%1” cannot be loaded: %2").arg(name, errors.join(u"; "_s)));
        return false;
    }
    clearError();
    m_scenarioSource = name;
    m_variants = result.variants;
    const int index = m_scenarioComboBox->findData(name);
    if (index >= 0)
        m_scenarioComboBox->setCurrentIndex(index);
    m_variantComboBox->clear();
    for (const Scenario &scenario : std::as_const(m_variants))
        m_variantComboBox->addItem(scenario.variant.isEmpty() ? tr("(default)") : scenario.variant);
    m_variantComboBox->setEnabled(m_variants.size() > 1);
    return selectVariant(std::clamp<int>(variant, 0, int(m_variants.size()) - 1));
}

bool SimulateWorkspace::openScenarioFile(const QString &path)
{
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (file.size() > ScenarioLoader::maxFileBytes) {
        showError(tr("%1 is not loaded: it is larger than %2 bytes; the previous run is kept.")
                      .arg(name)
                      .arg(ScenarioLoader::maxFileBytes));
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("%1 cannot be read: %2; the previous run is kept.").arg(name, file.errorString()));
        return false;
    }
    const ScenarioLoadResult result = ScenarioLoader::load(file.read(ScenarioLoader::maxFileBytes + 1), name);
    if (!result) {
        QStringList lines;
        for (const ScenarioError &error : result.errors)
            lines << u"• "_s + error.toString().toHtmlEscaped();
        if (lines.isEmpty())
            lines << tr("no runnable variant");
        showError(tr("<b>%1 is not a valid scenario</b> (the previous run is kept):<br>%2")
                      .arg(name.toHtmlEscaped(), lines.join(u"<br>"_s)));
        return false;
    }
    clearError();
    m_scenarioSource = path;
    m_variants = result.variants;
    int index = m_scenarioComboBox->findData(path);
    if (index < 0) {
        m_scenarioComboBox->addItem(tr("File: %1").arg(name), path);
        index = m_scenarioComboBox->count() - 1;
        m_scenarioComboBox->setItemData(index, path, Qt::ToolTipRole);
    }
    m_scenarioComboBox->setCurrentIndex(index);
    m_variantComboBox->clear();
    for (const Scenario &scenario : std::as_const(m_variants))
        m_variantComboBox->addItem(scenario.variant.isEmpty() ? tr("(default)") : scenario.variant);
    m_variantComboBox->setEnabled(m_variants.size() > 1);
    return selectVariant(0);
}

bool SimulateWorkspace::selectVariant(int index)
{
    if (index < 0 || index >= m_variants.size())
        return false;
    m_variantComboBox->setCurrentIndex(index);
    setScenario(m_variants.at(index));
    return true;
}

void SimulateWorkspace::scenarioPicked(int index)
{
    const QString source = m_scenarioComboBox->itemData(index).toString();
    if (source == m_scenarioSource)
        return;
    const bool loaded
        = ScenarioLoader::builtInNames().contains(source) ? loadBuiltInScenario(source) : openScenarioFile(source);
    if (!loaded) {
        const int previous = m_scenarioComboBox->findData(m_scenarioSource);
        m_scenarioComboBox->setCurrentIndex(previous);
    }
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
    m_updatingPanel = true;
    const IssuerPolicy &p = m_scenario.issuer;
    m_accessTtlSpinBox->setValue(int(p.accessTokenTtl));
    m_refreshEnabledCheckBox->setChecked(p.refreshTokensEnabled);
    m_refreshLifetimeSpinBox->setValue(int(p.refreshTokenLifetime));
    setComboValue(m_lifetimeModeComboBox, p.lifetimeMode);
    m_refreshMaxSpinBox->setValue(int(p.refreshTokenMaxLifetime));
    setComboValue(m_rotationComboBox, p.rotation);
    m_rotateAfterSpinBox->setValue(p.rotateAfterPercent);
    setComboValue(m_reuseComboBox, p.reuse);
    setComboValue(m_graceComboBox, p.grace);
    m_graceSpinBox->setValue(int(p.graceSeconds));
    m_keyRotationSpinBox->setValue(int(p.keyRotationInterval));
    m_keyOverlapSpinBox->setValue(int(p.keyOverlap));
    m_sessionIdleSpinBox->setValue(int(p.sessionIdle));
    m_sessionMaxSpinBox->setValue(int(p.sessionMaxLifetime));
    const ResourceServerConfig &s = m_scenario.server;
    setComboValue(m_serverModeComboBox, s.mode);
    m_labCostBox->setServerMode(s.mode);
    m_serversSpinBox->setValue(s.servers);
    setComboValue(m_routingComboBox, s.routing);
    m_sharedStoreCheckBox->setChecked(s.sharedStore);
    m_leewaySpinBox->setValue(int(s.leeway));
    m_jwksCacheSpinBox->setValue(int(s.jwksCacheAge));
    m_refetchCheckBox->setChecked(s.refetchOnUnknownKid);
    m_refetchIntervalSpinBox->setValue(int(s.unknownKidRefetchInterval));
    m_introspectionTtlSpinBox->setValue(int(s.introspectionCacheTtl));
    m_blocklistOnRevokeCheckBox->setChecked(s.blocklistOnRevoke);
    const ClientConfig &c = m_scenario.clients;
    m_clientsSpinBox->setValue(c.count);
    m_requestIntervalSpinBox->setValue(int(c.requestInterval));
    setComboValue(m_refreshTimingComboBox, c.refresh);
    m_refreshAheadSpinBox->setValue(int(c.refreshAhead));
    m_concurrentSpinBox->setValue(c.concurrentRefreshProbability);
    m_durationSpinBox->setValue(int(m_scenario.duration));
    m_seedSpinBox->setValue(int(std::min<quint64>(m_scenario.seed, quint64(std::numeric_limits<int>::max()))));
    const int preset = m_presetComboBox->findData(p.presetName);
    m_presetComboBox->setCurrentIndex(preset >= 0 ? preset : 0);
    m_updatingPanel = false;
    // Knobs that do nothing under the current choices are disabled, so it is clear what matters.
    const bool refresh = p.refreshTokensEnabled;
    for (QWidget *w :
         std::initializer_list<QWidget *> {m_refreshLifetimeSpinBox, m_lifetimeModeComboBox, m_refreshMaxSpinBox,
                                           m_rotationComboBox, m_reuseComboBox, m_graceComboBox})
        w->setEnabled(refresh);
    m_rotateAfterSpinBox->setEnabled(refresh && p.rotation == RotationMode::AfterPercent);
    m_graceSpinBox->setEnabled(refresh && p.grace != GraceMode::None);
    m_keyOverlapSpinBox->setEnabled(p.keyRotationInterval > 0);
    const bool jwt = s.mode == ServerMode::StatelessJwt || s.mode == ServerMode::JwtBlocklist;
    m_leewaySpinBox->setEnabled(s.mode != ServerMode::Session);
    m_jwksCacheSpinBox->setEnabled(jwt);
    m_refetchCheckBox->setEnabled(jwt);
    m_refetchIntervalSpinBox->setEnabled(jwt && s.refetchOnUnknownKid);
    m_introspectionTtlSpinBox->setEnabled(s.mode == ServerMode::Introspection);
    m_blocklistOnRevokeCheckBox->setEnabled(s.mode == ServerMode::JwtBlocklist);
    m_sharedStoreCheckBox->setEnabled(s.mode == ServerMode::Session);
    m_sessionIdleSpinBox->setEnabled(s.mode == ServerMode::Session);
    m_sessionMaxSpinBox->setEnabled(s.mode == ServerMode::Session);
    m_refreshAheadSpinBox->setEnabled(c.refresh == RefreshTiming::Ahead);
}

void SimulateWorkspace::readPanel()
{
    IssuerPolicy &p = m_scenario.issuer;
    p.accessTokenTtl = std::max(1, m_accessTtlSpinBox->value());
    p.refreshTokensEnabled = m_refreshEnabledCheckBox->isChecked();
    p.refreshTokenLifetime = m_refreshLifetimeSpinBox->value();
    p.lifetimeMode = comboValue<RefreshLifetimeMode>(m_lifetimeModeComboBox);
    p.refreshTokenMaxLifetime = m_refreshMaxSpinBox->value();
    p.rotation = comboValue<RotationMode>(m_rotationComboBox);
    p.rotateAfterPercent = m_rotateAfterSpinBox->value();
    p.reuse = comboValue<ReuseHandling>(m_reuseComboBox);
    p.grace = comboValue<GraceMode>(m_graceComboBox);
    p.graceSeconds = m_graceSpinBox->value();
    p.keyRotationInterval = m_keyRotationSpinBox->value();
    p.keyOverlap = m_keyOverlapSpinBox->value();
    p.sessionIdle = m_sessionIdleSpinBox->value();
    p.sessionMaxLifetime = m_sessionMaxSpinBox->value();
    p.presetName.clear(); // edited by hand
    ResourceServerConfig &s = m_scenario.server;
    s.mode = comboValue<ServerMode>(m_serverModeComboBox);
    s.servers = m_serversSpinBox->value();
    s.routing = comboValue<Routing>(m_routingComboBox);
    s.sharedStore = m_sharedStoreCheckBox->isChecked();
    s.leeway = m_leewaySpinBox->value();
    s.jwksCacheAge = m_jwksCacheSpinBox->value();
    s.refetchOnUnknownKid = m_refetchCheckBox->isChecked();
    s.unknownKidRefetchInterval = m_refetchIntervalSpinBox->value();
    s.introspectionCacheTtl = m_introspectionTtlSpinBox->value();
    s.blocklistOnRevoke = m_blocklistOnRevokeCheckBox->isChecked();
    ClientConfig &c = m_scenario.clients;
    c.count = m_clientsSpinBox->value();
    c.requestInterval = std::max(1, m_requestIntervalSpinBox->value());
    c.refresh = comboValue<RefreshTiming>(m_refreshTimingComboBox);
    c.refreshAhead = m_refreshAheadSpinBox->value();
    c.concurrentRefreshProbability = m_concurrentSpinBox->value();
    m_scenario.duration = m_durationSpinBox->value();
    m_scenario.seed = quint64(m_seedSpinBox->value());
    // Scripted actors must still point at existing clients and servers.
    for (AttackerConfig &attacker : m_scenario.attackers)
        attacker.client = std::min(attacker.client, c.count - 1);
    for (OperatorEvent &event : m_scenario.events) {
        event.client = std::min(event.client, c.count - 1);
        event.server = std::min(event.server, s.servers - 1);
    }
}

void SimulateWorkspace::panelEdited()
{
    if (m_updatingPanel)
        return;
    readPanel();
    writePanel(); // enables and disables what the change made (ir)relevant
    m_rerunTimer->start();
}

// ---- runs ----

bool SimulateWorkspace::isRunning() const
{
    return m_watcher.isRunning() || m_rerunTimer->isActive() || m_rerunPending;
}

void SimulateWorkspace::rerun()
{
    m_rerunTimer->stop();
    startRun();
}

void SimulateWorkspace::startRun()
{
    if (m_watcher.isRunning()) {
        // The result in flight is stale: stop it, and run again when it lands.
        m_rerunPending = true;
        m_inFlight->control.cancelRequested = true;
        return;
    }
    m_rerunPending = false;
    // The panel can ask for more than a run may take (100,000 clients for 400 days): say so instead of running.
    if (const std::optional<ScenarioError> error = WorkBudget::check(m_scenario)) {
        m_showingBudgetError = true;
        showError(tr("Not run: %1. The previous run is kept.").arg(error->message.toHtmlEscaped()));
        return;
    }
    const RunTarget target = m_runAgainstBox->target();
    if (target.isLive()) {
        if (const QString tooLarge = LiveIssuer::tooLargeReason(m_scenario); !tooLarge.isEmpty()) {
            m_showingBudgetError = true;
            showError(tr("Not run: %1. The previous run is kept.").arg(tooLarge.toHtmlEscaped()));
            return;
        }
    }
    if (m_showingBudgetError) {
        m_showingBudgetError = false;
        clearError();
    }
    m_statusLabel->setText(target.isLive() ? tr("Running “%1” live against a mock issuer…").arg(m_scenario.title)
                                           : tr("Running “%1” headless…").arg(m_scenario.title));
    auto inFlight = std::make_shared<RunInFlight>();
    // Every event of a live run can be an HTTP exchange: look at the cancel flag after each few.
    if (target.isLive())
        inFlight->control.progressEvery = 8;
    m_inFlightUsesWorkspaceIssuer = target.kind == RunTarget::Kind::RunningIssuer;
    inFlight->endSeconds = std::max<qint64>(1, m_scenario.duration);
    RunInFlight *progress = inFlight.get();
    inFlight->control.progress = [progress](qint64 simulatedSeconds, qint64 endSeconds) {
        progress->simulatedSeconds.store(simulatedSeconds, std::memory_order_relaxed);
        progress->endSeconds.store(std::max<qint64>(1, endSeconds), std::memory_order_relaxed);
    };
    m_inFlight = inFlight;
    m_runClock.start();
    m_progressTimer->start();
    m_cancelAction->setEnabled(true);
    const Scenario scenario = m_scenario;
    m_watcher.setFuture(QtConcurrent::run(
        [scenario, inFlight, target] { return SimulationRun::execute(scenario, &inFlight->control, target); }));
}

void SimulateWorkspace::cancelRun()
{
    m_rerunTimer->stop();
    m_rerunPending = false;
    if (!m_watcher.isRunning() || !m_inFlight)
        return;
    m_inFlight->control.cancelRequested = true;
    m_statusLabel->setText(tr("Cancelling…"));
}

void SimulateWorkspace::updateProgress()
{
    // Runs under a second finish before anything would be worth reading.
    if (!m_inFlight || m_runClock.elapsed() < 1000)
        return;
    const qint64 simulated = m_inFlight->simulatedSeconds.load(std::memory_order_relaxed);
    const qint64 end = m_inFlight->endSeconds.load(std::memory_order_relaxed);
    m_progressBar->setValue(int(std::clamp<qint64>(simulated * 1000 / end, 0, 1000)));
    m_progressBar->setFormat(tr("%1 of %2 simulated").arg(TimeFormat::duration(simulated), TimeFormat::duration(end)));
    m_progressRow->show();
}

void SimulateWorkspace::runDone()
{
    std::shared_ptr<SimulationRun> run = m_watcher.result();
    m_progressTimer->stop();
    m_progressRow->hide();
    m_cancelAction->setEnabled(false);
    m_inFlight.reset();
    if (m_rerunPending) {
        startRun();
        return;
    }
    if (!run->failure.isEmpty() && run->outcome != RunOutcome::Cancelled) {
        showError(tr("The live run failed: %1. The previous run is kept.").arg(run->failure.toHtmlEscaped()));
        m_statusLabel->setText(tr("Live run failed; showing the previous run."));
        emit runStopped();
        return;
    }
    if (run->outcome != RunOutcome::Finished) {
        const QString reached
            = tr("%1 of %2").arg(TimeFormat::duration(run->stoppedAt), TimeFormat::duration(run->endTime));
        if (run->outcome == RunOutcome::EventLimitReached)
            showError(tr("The run stopped after %1 events, at %2 simulated: the engine's event limit. The previous "
                         "run is kept.")
                          .arg(QLocale().toString(qulonglong(run->metrics().eventsProcessed)), reached));
        m_statusLabel->setText(tr("Run stopped at %1 simulated; showing the previous run.").arg(reached));
        emit runStopped();
        return;
    }
    const qint64 playhead = m_timeline->playhead();
    const bool atEnd = !m_run || playhead >= m_timeline->duration();
    if (m_run)
        m_previousRun = std::move(m_run);
    m_run = std::move(run);

    // Cumulative counters for the live metrics at the playhead.
    const auto &marks = m_run->timeline.marks;
    for (auto *v : {&m_cumRequestsOk, &m_cumRequestsRejected, &m_cumAttackerOk, &m_cumRefreshes, &m_cumWrongful}) {
        v->assign(marks.size() + 1, 0);
    }
    for (size_t i = 0; i < marks.size(); ++i) {
        const auto &mark = marks[i];
        const auto kind = mark.kind;
        m_cumRequestsOk[i + 1] = m_cumRequestsOk[i] + (kind == TimelineData::MarkKind::Request && mark.ok);
        m_cumRequestsRejected[i + 1] = m_cumRequestsRejected[i] + (kind == TimelineData::MarkKind::Request && !mark.ok);
        // The same count as the metric "attacker requests accepted": requests at a resource server, not refreshes.
        const bool attacker = kind == TimelineData::MarkKind::AttackerRequest;
        m_cumAttackerOk[i + 1] = m_cumAttackerOk[i] + (attacker && mark.ok);
        const bool refresh
            = (kind == TimelineData::MarkKind::Refresh || kind == TimelineData::MarkKind::Rotation) && mark.ok;
        m_cumRefreshes[i + 1] = m_cumRefreshes[i] + refresh;
        m_cumWrongful[i + 1] = m_cumWrongful[i] + (kind == TimelineData::MarkKind::WrongfulLogout);
    }

    m_timeline->setRun(m_run);
    m_eventModel->setRun(m_run);
    {
        const QSignalBlocker blocker(m_scrubSlider);
        m_scrubSlider->setRange(0, int(m_run->timeline.duration));
        m_scrubSlider->setPageStep(int(std::max<qint64>(1, m_run->timeline.duration / 20)));
        m_scrubSlider->setSingleStep(int(std::max<qint64>(1, m_run->timeline.duration / 1000)));
    }
    // A new scenario shows the whole run; a re-run keeps the playhead where the user was looking.
    const qint64 target = atEnd ? m_run->timeline.duration : std::min(playhead, m_run->timeline.duration);
    m_timeline->setPlayhead(target);
    {
        const QSignalBlocker blocker(m_scrubSlider);
        m_scrubSlider->setValue(int(m_timeline->playhead()));
    }

    updateComparison();

    const SimMetrics &metrics = m_run->metrics();
    const QLocale locale;
    const QString clients = locale.toString(m_run->scenario.clients.count);
    const QString events = locale.toString(qulonglong(metrics.eventsProcessed));
    const QString tokens = locale.toString(
        qulonglong(metrics.accessTokensIssued + metrics.refreshTokensIssued + metrics.sessionsCreated));
    const QString elapsed = QString::number(m_run->elapsedMs);
    const QString seed = QString::number(m_run->scenario.seed);
    QString status = m_run->isLive()
        ? tr("%1 clients · %2 events · %3 tokens issued · ran live in %4 ms, %5 HTTP exchanges · seed %6")
              .arg(clients, events, tokens, elapsed, locale.toString(m_run->httpExchanges), seed)
        : tr("%1 clients · %2 events · %3 tokens issued · ran headless in %4 ms · seed %5")
              .arg(clients, events, tokens, elapsed, seed);
    if (m_run->timeline.clientLanesShown < m_run->timeline.clientsTotal)
        status += tr(" · timeline shows the first %1 clients").arg(m_run->timeline.clientLanesShown);
    if (!m_run->tokensKept)
        status += tr(" · too many tokens to keep for opening");
    if (m_run->eventsTruncated)
        status += tr(" · event list truncated");
    m_statusLabel->setText(status);
    m_runSourceLabel->setText(runSourceText(*m_run, SourceDetail::Full));
    m_runSourceLabel->setVisible(m_run->isLive());
    updateMetrics();
    updateLiveMetrics();
    emit runFinished();
}

void SimulateWorkspace::updateMetrics()
{
    const Theme::Colors themeColors = Theme::colors(palette());
    std::vector<MetricRow> rows;
    auto perRequest = [](quint64 SimMetrics::*member) {
        return [member](const SimulationRun &run) {
            return run.metrics().perRequest(run.metrics().*member);
        };
    };
    auto count = [](quint64 SimMetrics::*member) {
        return [member](const SimulationRun &run) {
            return double(run.metrics().*member);
        };
    };
    auto text = [](std::function<double(const SimulationRun &)> f, bool ratioFormat) {
        return [f, ratioFormat](const SimulationRun &run) {
            return ratioFormat ? ratio(f(run)) : QLocale().toString(qlonglong(std::llround(f(run))));
        };
    };
    auto add = [&](const QString &id, const QString &label, std::function<double(const SimulationRun &)> f,
                   bool ratioFormat = false) {
        rows.push_back({id, label, text(f, ratioFormat), f});
    };

    // Exposure windows first: they are what the scenarios are about.
    const qsizetype exposures
        = std::max(m_run->metrics().exposures.size(), m_previousRun ? m_previousRun->metrics().exposures.size() : 0);
    for (qsizetype i = 0; i < exposures; ++i) {
        const auto exposure = [i](const SimulationRun &run) -> const Exposure * {
            return i < run.metrics().exposures.size() ? &run.metrics().exposures.at(i) : nullptr;
        };
        const Exposure *current = exposure(*m_run);
        const Exposure *any = current ? current : exposure(*m_previousRun);
        const QString label = tr("Exposure: %1").arg(any->label);
        rows.push_back({u"exposure_%1"_s.arg(i), label,
                        [exposure](const SimulationRun &run) {
                            const Exposure *e = exposure(run);
                            if (!e)
                                return QString();
                            return e->open ? tr("≥ %1 (open)").arg(TimelineView::formatOffset(e->seconds()))
                                           : TimelineView::formatOffset(e->seconds());
                        },
                        [exposure](const SimulationRun &run) {
                            const Exposure *e = exposure(run);
                            return e ? double(e->seconds()) : std::nan("");
                        }});
    }
    add(u"attacker_accepted"_s, tr("Attacker requests accepted"), count(&SimMetrics::attackerAccepted));
    add(u"attacker_requests"_s, tr("Attacker requests"), count(&SimMetrics::attackerRequests));
    add(u"wrongly_logged_out"_s, tr("Users wrongly logged out"), count(&SimMetrics::wronglyLoggedOutClients));
    add(u"wrongful_logouts"_s, tr("Wrongful logouts"), count(&SimMetrics::wrongfulLogouts));
    add(u"collateral_logouts"_s, tr("Victims logged out by theft defence"), count(&SimMetrics::collateralLogouts));
    add(u"legit_rejected"_s, tr("Legitimate requests rejected"), count(&SimMetrics::legitRejected));
    add(u"store_lookups_per_request"_s, tr("Store lookups per request"), perRequest(&SimMetrics::storeLookups), true);
    add(u"blocklist_lookups_per_request"_s, tr("Blocklist lookups per request"),
        perRequest(&SimMetrics::blocklistLookups), true);
    add(u"introspection_per_request"_s, tr("Introspection calls per request"),
        perRequest(&SimMetrics::introspectionLookups), true);
    add(
        u"refreshes_per_hour"_s, tr("Refreshes per hour"),
        [](const SimulationRun &run) { return run.metrics().refreshesPerHour(); }, true);
    add(u"reuse_detections"_s, tr("Reuse detections"), count(&SimMetrics::reuseDetections));
    add(u"families_revoked"_s, tr("Refresh families revoked"), count(&SimMetrics::familiesRevoked));
    add(u"grace_honoured"_s, tr("Refreshes saved by the grace window"), count(&SimMetrics::graceHonoured));
    add(u"blocklist_max"_s, tr("Blocklist size (max)"),
        [](const SimulationRun &run) { return double(run.metrics().blocklistMaxSize); });
    add(u"bytes_per_request"_s, tr("Credential bytes per request"),
        [](const SimulationRun &run) { return run.metrics().credentialBytesPerRequest(); });
    add(u"jwks_fetches"_s, tr("JWKS fetches"), count(&SimMetrics::jwksFetches));
    add(u"legit_requests"_s, tr("Legitimate requests"), count(&SimMetrics::legitRequests));

    m_metricsTable->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        const MetricRow &row = rows[size_t(r)];
        auto *name = new QTableWidgetItem(row.label);
        name->setData(Qt::UserRole, row.id);
        name->setToolTip(row.id.startsWith(u"exposure_")
                             ? tr("%1\nFrom the theft or revocation until no resource server accepted the credential; "
                                  "“open”: it still worked when the run ended.")
                                   .arg(row.label)
                             : row.label);
        m_metricsTable->setItem(r, 0, name);
        auto *current = new QTableWidgetItem(row.value(*m_run));
        current->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_metricsTable->setItem(r, 1, current);
        auto *previous = new QTableWidgetItem(m_previousRun ? row.value(*m_previousRun) : QString());
        previous->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        previous->setForeground(palette().color(QPalette::PlaceholderText));
        m_metricsTable->setItem(r, 2, previous);
        QString change;
        auto *changeItem = new QTableWidgetItem;
        if (m_previousRun) {
            const double a = row.number(*m_run);
            const double b = row.number(*m_previousRun);
            if (!std::isnan(a) && !std::isnan(b) && std::abs(a - b) > 1e-9) {
                change = a > b ? u"▲"_s : u"▼"_s;
                // Most metrics here are a cost or a risk (down is good); a few are neither good nor bad by
                // themselves (more reuse detections can mean a defence that works): those get no colour.
                static const QStringList neutral
                    = {u"attacker_requests"_s,  u"reuse_detections"_s, u"families_revoked"_s,
                       u"collateral_logouts"_s, u"grace_honoured"_s,   u"jwks_fetches"_s};
                if (neutral.contains(row.id)) {
                    changeItem->setToolTip(a > b ? tr("higher than in the previous run")
                                                 : tr("lower than in the previous run"));
                } else {
                    const bool better = (a < b) != (row.id == u"legit_requests");
                    changeItem->setForeground(better ? themeColors.valid : themeColors.high);
                    changeItem->setToolTip(better ? tr("better than the previous run")
                                                  : tr("worse than the previous run"));
                }
            } else if (!std::isnan(a) && !std::isnan(b)) {
                change = u"="_s;
            }
        }
        changeItem->setText(change);
        changeItem->setTextAlignment(Qt::AlignCenter);
        m_metricsTable->setItem(r, 3, changeItem);
    }
    m_metricsTable->resizeRowsToContents();
}

QString SimulateWorkspace::metricText(const QString &id, int column) const
{
    for (int r = 0; r < m_metricsTable->rowCount(); ++r) {
        if (m_metricsTable->item(r, 0)->data(Qt::UserRole).toString() == id)
            return m_metricsTable->item(r, column) ? m_metricsTable->item(r, column)->text() : QString();
    }
    return {};
}

void SimulateWorkspace::updateLiveMetrics()
{
    if (!m_run) {
        m_liveLabel->clear();
        return;
    }
    const auto &marks = m_run->timeline.marks;
    const qint64 t = m_timeline->playhead();
    const size_t n
        = size_t(std::upper_bound(marks.begin(), marks.end(), t,
                                  [](qint64 time, const TimelineData::Mark &mark) { return time < mark.time; })
                 - marks.begin());
    const QDateTime when = QDateTime::fromSecsSinceEpoch(m_run->scenario.start + t, Qt::UTC);
    m_liveLabel->setText(tr("T+%1 (%2) · requests %3 ok / %4 rejected · refreshes %5 · attacker requests accepted %6 · "
                            "wrongful logouts %7")
                             .arg(TimelineView::formatOffset(t), when.toString(u"MMM d HH:mm:ss"_s))
                             .arg(m_cumRequestsOk[n])
                             .arg(m_cumRequestsRejected[n])
                             .arg(m_cumRefreshes[n])
                             .arg(m_cumAttackerOk[n])
                             .arg(m_cumWrongful[n]));
    m_liveLabel->setToolTip(tr("Counted over the clients shown on the timeline, up to the playhead"));
}

void SimulateWorkspace::selectEvent(int eventIndex)
{
    if (eventIndex < 0 || eventIndex >= m_eventModel->rowCount())
        return;
    m_sideTabs->setCurrentWidget(m_eventTable);
    const QModelIndex index = m_eventModel->index(eventIndex, 0);
    m_selectingEvent = true;
    m_eventTable->selectionModel()->setCurrentIndex(index,
                                                    QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_selectingEvent = false;
    m_eventTable->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

// ---- comparison ----

QString SimulateWorkspace::policySummary(const Scenario &scenario)
{
    const IssuerPolicy &p = scenario.issuer;
    QStringList parts;
    parts << tr("AT %1").arg(compactDuration(p.accessTokenTtl));
    if (p.refreshTokensEnabled) {
        parts << tr("RT %1 %2").arg(compactDuration(p.refreshTokenLifetime), PolicyNames::lifetimeMode(p.lifetimeMode));
        parts << tr("rotation %1").arg(PolicyNames::rotation(p.rotation));
        parts << tr("reuse %1").arg(PolicyNames::reuse(p.reuse));
        parts << (p.grace == GraceMode::None
                      ? tr("no grace")
                      : tr("grace %1 %2").arg(PolicyNames::grace(p.grace), compactDuration(p.graceSeconds)));
    } else {
        parts << tr("no refresh tokens");
    }
    parts << ScenarioNames::serverMode(scenario.server.mode);
    if (!p.presetName.isEmpty())
        parts.prepend(p.presetName);
    return parts.join(u" · "_s);
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
    const bool show = isComparing() && m_previousRun && m_run;
    m_comparePane->setVisible(show);
    m_currentCaption->setVisible(show);
    if (!show) {
        m_compareTimeline->setRun(nullptr);
        return;
    }
    // Model against live is a comparison of its own: then both captions say what each run ran against.
    const bool sayWhere = m_run->isLive() || m_previousRun->isLive();
    const auto where = [sayWhere](const SimulationRun &run) {
        return sayWhere ? u" · "_s + runSourceText(run, SourceDetail::Brief) : QString();
    };
    m_currentCaption->setText(tr("This run: %1").arg(policySummary(m_run->scenario)) + where(*m_run));
    m_previousCaption->setText(tr("Previous run: %1").arg(policySummary(m_previousRun->scenario))
                               + where(*m_previousRun));
    m_compareTimeline->setRun(m_previousRun);
    m_compareTimeline->setVisibleRange(m_timeline->visibleFrom(), m_timeline->visibleTo());
    m_compareTimeline->setPlayhead(m_timeline->playhead());
}

// ---- playback ----

bool SimulateWorkspace::isPlaying() const
{
    return m_playTimer->isActive();
}

void SimulateWorkspace::play()
{
    if (!m_run || isPlaying())
        return;
    if (m_timeline->playhead() >= m_timeline->duration())
        setPlayhead(0);
    m_wallClock.start();
    m_playTimer->start();
    updatePlaybackUi();
}

void SimulateWorkspace::pause()
{
    if (!isPlaying())
        return;
    m_playTimer->stop();
    updatePlaybackUi();
}

void SimulateWorkspace::togglePlayback()
{
    if (isPlaying())
        pause();
    else
        play();
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
    m_speed = std::clamp(speed, speeds().first(), speeds().last());
    const int index = m_speedComboBox->findData(m_speed);
    if (index >= 0)
        m_speedComboBox->setCurrentIndex(index);
}

void SimulateWorkspace::playTick()
{
    advance(m_wallClock.restart());
}

void SimulateWorkspace::advance(qint64 wallMilliseconds)
{
    if (!m_run)
        return;
    m_playheadFraction += double(wallMilliseconds) * m_speed / 1000.0;
    const qint64 whole = qint64(std::floor(m_playheadFraction));
    const double rest = m_playheadFraction - double(whole);
    const qint64 target = std::min(m_timeline->playhead() + whole, m_timeline->duration());
    m_timeline->setPlayhead(target);
    m_playheadFraction = rest; // setPlayhead's handler clears it; keep the sub-second part
    // Keep the playhead in view while playing.
    if (double(target) > m_timeline->visibleTo() || double(target) < m_timeline->visibleFrom()) {
        const double span = m_timeline->visibleTo() - m_timeline->visibleFrom();
        m_timeline->setVisibleRange(double(target) - span * 0.1, double(target) + span * 0.9);
    }
    if (target >= m_timeline->duration())
        pause();
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
    if (!m_run)
        return;
    for (const auto &mark : m_run->timeline.marks) {
        if (mark.time > m_timeline->playhead() && mark.kind != TimelineData::MarkKind::Request) {
            setPlayhead(mark.time);
            return;
        }
    }
    setPlayhead(m_timeline->duration());
}

void SimulateWorkspace::stepBackward()
{
    if (!m_run)
        return;
    const auto &marks = m_run->timeline.marks;
    for (auto it = marks.rbegin(); it != marks.rend(); ++it) {
        if (it->time < m_timeline->playhead() && it->kind != TimelineData::MarkKind::Request) {
            setPlayhead(it->time);
            return;
        }
    }
    setPlayhead(0);
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

QString SimulateWorkspace::runSourceText(const SimulationRun &run, SourceDetail detail)
{
    if (!run.isLive())
        return tr("against the model");
    const QString url = run.issuerUrl.toString();
    if (detail == SourceDetail::Brief) // the label above the timeline says the rest
        return tr("live");
    const QString exchanges = QLocale().toString(run.httpExchanges);
    return run.target.kind == RunTarget::Kind::LocalIssuer
        ? tr("Live run against a mock issuer started for the run at %1: %2 HTTP exchanges, and every token on the "
             "timeline is one the issuer returned")
              .arg(url, exchanges)
        : tr("Live run against the Issuer workspace's mock issuer at %1: %2 HTTP exchanges, and every token on the "
             "timeline is one the issuer returned")
              .arg(url, exchanges);
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
    QString error;
    const QByteArray text = run.tokenText(tokenId, &error);
    if (text.isEmpty()) {
        showError(tr("Token #%1 cannot be signed: %2").arg(tokenId).arg(error));
        return false;
    }
    if (run.isLive())
        emit openTokenRequested(QString::fromLatin1(text), run.issuerUrl,
                                run.issuerRunStart + (token->issuedAt - run.scenario.start));
    else
        emit openTokenRequested(QString::fromLatin1(text));
    return true;
}

// ---- exports ----

void SimulateWorkspace::chooseExport(const QString &filter, const QString &suffix,
                                     const std::function<bool(SimulateWorkspace *, const QString &, QString *)> &write)
{
    if (!m_run)
        return;
    QString base = m_scenarioSource.isEmpty() ? u"simulation"_s : QFileInfo(m_scenarioSource).completeBaseName();
    if (!m_scenario.variant.isEmpty())
        base += u"-"_s + m_scenario.variant;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export"), base + u"."_s + suffix, filter);
    if (path.isEmpty())
        return;
    QString error;
    if (!write(this, path, &error))
        showError(tr("Export failed: %1").arg(error));
    else
        clearError();
}

bool SimulateWorkspace::writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = tr("%1: %2").arg(QFileInfo(path).fileName(), file.errorString());
        return false;
    }
    return true;
}

bool SimulateWorkspace::exportPng(const QString &path, QString *error)
{
    if (!m_run)
        return false;
    const QSize size = m_timeline->exportSize(std::max(1200, m_timeline->viewport()->width()));
    QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2);
    image.fill(m_timeline->palette().color(QPalette::Base));
    {
        QPainter painter(&image);
        m_timeline->renderTimeline(&painter, size);
    }
    if (!image.save(path, "PNG")) {
        if (error)
            *error = tr("%1 cannot be written").arg(QFileInfo(path).fileName());
        return false;
    }
    return true;
}

bool SimulateWorkspace::exportSvg(const QString &path, QString *error)
{
    if (!m_run)
        return false;
    const QSize size = m_timeline->exportSize(std::max(1200, m_timeline->viewport()->width()));
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(m_scenario.title);
    generator.setDescription(tr("Tokenscope simulation timeline: %1").arg(m_scenario.variant));
    {
        QPainter painter;
        if (!painter.begin(&generator)) {
            if (error)
                *error = tr("%1 cannot be written").arg(QFileInfo(path).fileName());
            return false;
        }
        m_timeline->renderTimeline(&painter, size);
    }
    if (!QFileInfo(path).exists() || QFileInfo(path).size() == 0) {
        if (error)
            *error = tr("%1 cannot be written").arg(QFileInfo(path).fileName());
        return false;
    }
    return true;
}

bool SimulateWorkspace::exportEventsCsv(const QString &path, QString *error)
{
    if (!m_run)
        return false;
    QByteArray csv = "time_s,time_utc,type,actor,index,ok,server,credential,issued_access,issued_refresh,reason,note\n";
    const qint64 start = m_run->scenario.start;
    for (const SimEvent &event : m_run->events) {
        csv += QByteArray::number(event.time) + ',';
        csv += QDateTime::fromSecsSinceEpoch(start + event.time, Qt::UTC).toString(Qt::ISODate).toLatin1() + ',';
        csv += QByteArray(eventTypeName(event.type)) + ',' + actorName(event.actor) + ',';
        csv += (event.actorIndex >= 0 ? QByteArray::number(event.actorIndex) : QByteArray()) + ',';
        csv += (event.ok ? "true" : "false") + QByteArray(",");
        csv += (event.server >= 0 ? QByteArray::number(event.server) : QByteArray()) + ',';
        csv += csvField(event.credential.isNull() ? QByteArray() : event.credential.name()) + ',';
        csv += csvField(event.issuedAccess.isNull() ? QByteArray() : event.issuedAccess.name()) + ',';
        csv += csvField(event.issuedRefresh.isNull() ? QByteArray() : event.issuedRefresh.name()) + ',';
        csv += csvField(event.reasonText()) + ',' + csvField(event.noteText()) + '\n';
    }
    return writeFile(path, csv, error);
}

bool SimulateWorkspace::exportMetricsCsv(const QString &path, QString *error)
{
    if (!m_run)
        return false;
    QByteArray csv = "metric,label,value,previous\n";
    for (int r = 0; r < m_metricsTable->rowCount(); ++r) {
        csv += csvField(m_metricsTable->item(r, 0)->data(Qt::UserRole).toString().toUtf8()) + ',';
        csv += csvField(m_metricsTable->item(r, 0)->text().toUtf8()) + ',';
        csv += csvField(m_metricsTable->item(r, 1)->text().toUtf8()) + ',';
        csv += csvField(m_metricsTable->item(r, 2)->text().toUtf8()) + '\n';
    }
    return writeFile(path, csv, error);
}

bool SimulateWorkspace::exportJson(const QString &path, QString *error)
{
    if (!m_run)
        return false;
    // Written by hand so that the engine's event lines and metrics object go out exactly as the CLI prints them.
    auto quoted = [](const QString &text) {
        QByteArray out = "\"";
        for (const char c : text.toUtf8()) {
            if (c == '"' || c == '\\')
                out += '\\';
            if (uchar(c) < 0x20) {
                out += "\\u00" + QByteArray::number(uchar(c), 16).rightJustified(2, '0');
                continue;
            }
            out += c;
        }
        return out + '"';
    };
    QByteArray json = "{\"schema\":\"tokenscope-simulation-export/1\",\"scenario\":" + quoted(m_run->scenario.name)
        + ",\"title\":" + quoted(m_run->scenario.title) + ",\"variant\":" + quoted(m_run->scenario.variant)
        + ",\"seed\":" + QByteArray::number(m_run->scenario.seed)
        + ",\"clientsShown\":" + QByteArray::number(m_run->timeline.clientLanesShown) + ",\"eventsTruncated\":"
        + (m_run->eventsTruncated ? "true" : "false") + ",\"metrics\":" + m_run->metrics().toJson();
    // As `tokenscope-cli simulate --live --json` reports it.
    if (m_run->isLive())
        json += ",\"live\":{\"issuer\":" + quoted(m_run->issuerUrl.toString())
            + ",\"httpExchanges\":" + QByteArray::number(m_run->httpExchanges) + '}';
    json += ",\"events\":[";
    bool first = true;
    for (const SimEvent &event : m_run->events) {
        if (!first)
            json += ',';
        first = false;
        json += event.toJsonLine().trimmed();
    }
    json += "]}\n";
    return writeFile(path, json, error);
}

} // namespace tokenscope
