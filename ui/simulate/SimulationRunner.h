#pragma once

#include "simulate/SimulationRun.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <memory>

class QTimer;

namespace tokenscope {

// Runs one scenario at a time on a worker thread (QtConcurrent) for the Simulate workspace, and reports how far it
// has got and the finished run. A run can be asked to stop at its next checkpoint; it then still finishes, with
// RunOutcome::Cancelled. A live run against the Issuer workspace's mock issuer needs this (the UI) thread to answer
// its HTTP exchanges, so waiting for it on close runs an event loop instead of blocking.
class SimulationRunner : public QObject
{
    Q_OBJECT
public:
    explicit SimulationRunner(QObject *parent = nullptr);
    ~SimulationRunner() override;

    [[nodiscard]] bool isRunning() const;
    // Starts `scenario` against `target`. Only while no run is in flight.
    void start(const sim::Scenario &scenario, const RunTarget &target);
    // Asks the run in flight to stop at its next checkpoint; finished() follows.
    void cancel();
    // On close: stops the run in flight and waits for it to end, without reporting it.
    void stopAndWait();

signals:
    // Every 100 ms once a run has taken over a second (shorter ones finish before there is anything to read).
    void progressed(qint64 simulatedSeconds, qint64 endSeconds);
    void finished(std::shared_ptr<SimulationRun> run);

private:
    void reportProgress();
    void runFinished();

    // The run in flight, shared with its worker thread: the engine's control and how far it has got.
    struct RunInFlight
    {
        sim::RunControl control;
        std::atomic<qint64> simulatedSeconds {0};
        std::atomic<qint64> endSeconds {1};
    };
    QFutureWatcher<std::shared_ptr<SimulationRun>> m_watcher;
    std::shared_ptr<RunInFlight> m_inFlight;
    bool m_inFlightUsesWorkspaceIssuer = false; // its issuer answers on this (the UI) thread
    QElapsedTimer m_runClock;
    QTimer *m_progressTimer = nullptr;
};

} // namespace tokenscope
