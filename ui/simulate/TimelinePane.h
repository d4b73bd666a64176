#pragma once

#include "simulate/PlayheadCounts.h"
#include "simulate/SimulationRun.h"

#include <QList>
#include <QWidget>

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QSlider;

namespace tokenscope {

class TimelineLegend;
class TimelineView;

// The middle of the Simulate workspace, top to bottom: the transport row (playback, speed, compare, zoom and export,
// from the workspace's actions), what a live run ran against,
// this run's timeline and (when comparing) the previous run's under it on the same time axis and playhead, a
// scrub slider, the counts at the playhead, the legend, the progress of a run in flight with its Cancel button, and
// the run's status line. The workspace decides what is shown; the pane keeps its parts in step with the playhead.
class TimelinePane : public QWidget
{
    Q_OBJECT
public:
    // The workspace's actions that the pane's buttons trigger.
    struct Actions
    {
        QAction *play = nullptr;
        QAction *rewind = nullptr;
        QAction *stepBack = nullptr;
        QAction *stepForward = nullptr;
        QAction *compare = nullptr;
        QAction *zoomOut = nullptr;
        QAction *zoomFit = nullptr;
        QAction *zoomIn = nullptr;
        QAction *cancel = nullptr; // beside the progress bar
        QList<QAction *> exportTimeline; // the export menu's first part
        QList<QAction *> exportData; // and its second
    };
    // `speeds`: the playback speeds offered (simulated seconds per wall second).
    TimelinePane(const Actions &actions, const QList<double> &speeds, QWidget *parent = nullptr);

    [[nodiscard]] TimelineView *timeline() const { return m_timeline; }
    [[nodiscard]] TimelineView *comparisonView() const { return m_compareTimeline; }
    [[nodiscard]] QLabel *runSourceLabel() const { return m_runSourceLabel; }
    [[nodiscard]] QLabel *statusLabel() const { return m_statusLabel; }

    // A finished run: on the timeline, the slider's range and the counts at the playhead.
    void showRun(std::shared_ptr<const SimulationRun> run);
    // Puts the slider where the playhead is, without moving the playhead.
    void syncSlider();
    // The previous run under this one; null hides it.
    void showComparison(std::shared_ptr<const SimulationRun> previous);
    void showProgress(qint64 simulatedSeconds, qint64 endSeconds);
    void hideProgress();
    void updateLiveMetrics();
    void showSpeed(double speed);

signals:
    void speedChosen(double speed);
    // The user dragged on the previous run's time axis (the pane then moves this run's playhead there).
    void comparisonScrubbed();

private:
    std::shared_ptr<const SimulationRun> m_run;
    PlayheadCounts m_playheadCounts;
    QComboBox *m_speedComboBox = nullptr;
    QLabel *m_runSourceLabel = nullptr;
    TimelineView *m_timeline = nullptr;
    TimelineView *m_compareTimeline = nullptr;
    QWidget *m_comparePane = nullptr;
    QLabel *m_currentCaption = nullptr;
    QLabel *m_previousCaption = nullptr;
    TimelineLegend *m_legend = nullptr;
    QSlider *m_scrubSlider = nullptr;
    QLabel *m_liveLabel = nullptr;
    QWidget *m_progressRow = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QLabel *m_statusLabel = nullptr;
};

} // namespace tokenscope
