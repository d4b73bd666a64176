#include "simulate/TimelinePane.h"

#include "common/ActionButton.h"
#include "common/TimeFormat.h"
#include "simulate/RunDescription.h"
#include "simulate/TimelineLegend.h"
#include "simulate/TimelineView.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QSlider>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace tokenscope {

using namespace Qt::StringLiterals;

TimelinePane::TimelinePane(const Actions &actions, const QList<double> &speeds, QWidget *parent) : QWidget(parent)
{
    auto *centreLayout = new QVBoxLayout(this);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(4);
    auto button = [this](QAction *action) {
        return actionButton(action, this);
    };
    auto label = [this](const QString &text, QWidget *buddy) {
        return buddyLabel(text, buddy, this);
    };
    auto *transport = new QHBoxLayout;
    transport->setSpacing(2);
    QToolButton *playButton = button(actions.play); // created first, so the tab order is as it always was
    transport->addWidget(button(actions.rewind));
    transport->addWidget(button(actions.stepBack));
    transport->addWidget(playButton);
    transport->addWidget(button(actions.stepForward));
    transport->addSpacing(8);
    m_speedComboBox = new QComboBox(this);
    m_speedComboBox->setAccessibleName(tr("Playback speed"));
    for (const double speed : speeds)
        m_speedComboBox->addItem(tr("%1×").arg(QLocale().toString(speed, 'f', 0)), speed);
    connect(m_speedComboBox, &QComboBox::activated, this,
            [this](int index) { emit speedChosen(m_speedComboBox->itemData(index).toDouble()); });
    transport->addWidget(label(tr("Spee&d:"), m_speedComboBox));
    transport->addWidget(m_speedComboBox);
    transport->addSpacing(8);
    transport->addStretch(1);
    auto *compareButton = button(actions.compare);
    compareButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    transport->addWidget(compareButton);
    transport->addSpacing(8);
    transport->addWidget(button(actions.zoomOut));
    transport->addWidget(button(actions.zoomFit));
    transport->addWidget(button(actions.zoomIn));
    auto *exportButton = new QToolButton(this);
    exportButton->setText(tr("Export"));
    exportButton->setAccessibleName(tr("Export"));
    exportButton->setToolTip(tr("Export the timeline, the events or the metrics"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    exportButton->setAutoRaise(true);
    exportButton->setIconSize(QSize(18, 18));
    exportButton->setObjectName(u"exportButton"_s);
    auto *exportMenu = new QMenu(exportButton);
    exportMenu->addActions(actions.exportTimeline);
    exportMenu->addSeparator();
    exportMenu->addActions(actions.exportData);
    exportButton->setMenu(exportMenu);
    exportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    transport->addWidget(exportButton);
    centreLayout->addLayout(transport);

    // This run above, and (when comparing) the previous run below on the same time axis and playhead.
    // Above both timelines, so that a compared pair keeps equal heights and time axes that line up.
    m_runSourceLabel = new QLabel(this);
    m_runSourceLabel->setObjectName(u"runSourceLabel"_s);
    m_runSourceLabel->setAccessibleName(tr("Run source"));
    m_runSourceLabel->setTextFormat(Qt::PlainText);
    m_runSourceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runSourceLabel->setWordWrap(true);
    m_runSourceLabel->hide();
    centreLayout->addWidget(m_runSourceLabel);
    auto *timelines = new QSplitter(Qt::Vertical, this);
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
    connect(m_timeline, &TimelineView::visibleRangeChanged, m_compareTimeline, &TimelineView::setVisibleRange);
    connect(m_compareTimeline, &TimelineView::visibleRangeChanged, m_timeline, &TimelineView::setVisibleRange);
    connect(m_timeline, &TimelineView::playheadChanged, m_compareTimeline, &TimelineView::setPlayhead);
    // Only the user's scrubbing on the lower view drives the upper one: its own clamping (a shorter previous run)
    // must not hold back the playhead of this run.
    connect(m_compareTimeline, &TimelineView::scrubbed, this, [this] {
        emit comparisonScrubbed();
        m_timeline->setPlayhead(m_compareTimeline->playhead());
    });
    m_scrubSlider = new QSlider(Qt::Horizontal, this);
    m_scrubSlider->setAccessibleName(tr("Playhead position"));
    m_scrubSlider->setToolTip(tr("Drag to scrub through the run (or drag on the timeline's time axis)"));
    centreLayout->addWidget(m_scrubSlider);
    m_liveLabel = new QLabel(this);
    m_liveLabel->setAccessibleName(tr("Metrics at the playhead"));
    m_liveLabel->setTextFormat(Qt::PlainText);
    m_liveLabel->setWordWrap(true);
    centreLayout->addWidget(m_liveLabel);
    m_legend = new TimelineLegend(this);
    centreLayout->addWidget(m_legend);
    m_progressRow = new QWidget(this);
    auto *progressLayout = new QHBoxLayout(m_progressRow);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    m_progressBar = new QProgressBar(m_progressRow);
    m_progressBar->setAccessibleName(tr("Run progress"));
    m_progressBar->setRange(0, 1000);
    m_progressBar->setTextVisible(true);
    progressLayout->addWidget(m_progressBar, 1);
    auto *cancelButton = new QToolButton(m_progressRow);
    cancelButton->setObjectName(u"cancelRunButton"_s);
    cancelButton->setDefaultAction(actions.cancel);
    cancelButton->setAccessibleName(tr("Cancel run"));
    progressLayout->addWidget(cancelButton);
    m_progressRow->hide();
    centreLayout->addWidget(m_progressRow);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setAccessibleName(tr("Run status"));
    m_statusLabel->setTextFormat(Qt::PlainText);
    m_statusLabel->setForegroundRole(QPalette::PlaceholderText);
    m_statusLabel->setWordWrap(true);
    centreLayout->addWidget(m_statusLabel);
    // The transport row and the legend would otherwise ask for ~930 px and, through the main window's stack, make
    // every workspace that wide; below this the legend wraps and the transport row compresses.
    setMinimumWidth(420);

    connect(m_scrubSlider, &QSlider::valueChanged, this, [this](int value) {
        if (m_timeline->playhead() != value)
            m_timeline->setPlayhead(value);
    });
    connect(m_timeline, &TimelineView::playheadChanged, this, [this](qint64 seconds) {
        if (m_scrubSlider->value() != seconds) {
            const QSignalBlocker blocker(m_scrubSlider);
            m_scrubSlider->setValue(int(seconds));
        }
        updateLiveMetrics();
    });
}

void TimelinePane::showRun(std::shared_ptr<const SimulationRun> run)
{
    m_run = std::move(run);
    m_playheadCounts.setMarks(m_run->timeline.marks);
    m_timeline->setRun(m_run);
    const QSignalBlocker blocker(m_scrubSlider);
    m_scrubSlider->setRange(0, int(m_run->timeline.duration));
    m_scrubSlider->setPageStep(int(std::max<qint64>(1, m_run->timeline.duration / 20)));
    m_scrubSlider->setSingleStep(int(std::max<qint64>(1, m_run->timeline.duration / 1000)));
}

void TimelinePane::syncSlider()
{
    const QSignalBlocker blocker(m_scrubSlider);
    m_scrubSlider->setValue(int(m_timeline->playhead()));
}

void TimelinePane::showComparison(std::shared_ptr<const SimulationRun> previous)
{
    const bool show = previous && m_run;
    m_comparePane->setVisible(show);
    m_currentCaption->setVisible(show);
    if (!show) {
        m_compareTimeline->setRun(nullptr);
        return;
    }
    // Model against live is a comparison of its own: then both captions say what each run ran against.
    const bool sayWhere = m_run->isLive() || previous->isLive();
    const auto where = [sayWhere](const SimulationRun &run) {
        return sayWhere ? u" · "_s + RunDescription::source(run, RunDescription::Detail::Brief) : QString();
    };
    m_currentCaption->setText(tr("This run: %1").arg(RunDescription::policySummary(m_run->scenario)) + where(*m_run));
    m_previousCaption->setText(tr("Previous run: %1").arg(RunDescription::policySummary(previous->scenario))
                               + where(*previous));
    m_compareTimeline->setRun(previous);
    m_compareTimeline->setVisibleRange(m_timeline->visibleFrom(), m_timeline->visibleTo());
    m_compareTimeline->setPlayhead(m_timeline->playhead());
}

void TimelinePane::showProgress(qint64 simulated, qint64 end)
{
    m_progressBar->setValue(int(std::clamp<qint64>(simulated * 1000 / end, 0, 1000)));
    m_progressBar->setFormat(tr("%1 of %2 simulated").arg(TimeFormat::duration(simulated), TimeFormat::duration(end)));
    m_progressRow->show();
}

void TimelinePane::showSpeed(double speed)
{
    const int index = m_speedComboBox->findData(speed);
    if (index >= 0)
        m_speedComboBox->setCurrentIndex(index);
}

void TimelinePane::hideProgress()
{
    m_progressRow->hide();
}

void TimelinePane::updateLiveMetrics()
{
    if (!m_run) {
        m_liveLabel->clear();
        return;
    }
    const qint64 t = m_timeline->playhead();
    const PlayheadCounts::Counts counts = m_playheadCounts.at(t);
    const QDateTime when = QDateTime::fromSecsSinceEpoch(m_run->scenario.start + t, Qt::UTC);
    m_liveLabel->setText(tr("T+%1 (%2) · requests %3 ok / %4 rejected · refreshes %5 · attacker requests accepted %6 · "
                            "wrongful logouts %7")
                             .arg(TimelineView::formatOffset(t), when.toString(u"MMM d HH:mm:ss"_s))
                             .arg(counts.requestsOk)
                             .arg(counts.requestsRejected)
                             .arg(counts.refreshes)
                             .arg(counts.attackerAccepted)
                             .arg(counts.wrongfulLogouts));
    m_liveLabel->setToolTip(tr("Counted over the clients shown on the timeline, up to the playhead"));
}

} // namespace tokenscope
