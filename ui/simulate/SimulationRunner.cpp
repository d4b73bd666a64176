#include "simulate/SimulationRunner.h"

#include <QEventLoop>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace tokenscope {

using namespace sim;

SimulationRunner::SimulationRunner(QObject *parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<SimulationRun>>::finished, this,
            &SimulationRunner::runFinished);
    m_progressTimer = new QTimer(this);
    m_progressTimer->setInterval(100);
    connect(m_progressTimer, &QTimer::timeout, this, &SimulationRunner::reportProgress);
}

SimulationRunner::~SimulationRunner()
{
    stopAndWait();
}

bool SimulationRunner::isRunning() const
{
    return m_watcher.isRunning();
}

void SimulationRunner::start(const Scenario &scenario, const RunTarget &target)
{
    auto inFlight = std::make_shared<RunInFlight>();
    // Every event of a live run can be an HTTP exchange: look at the cancel flag after each few.
    if (target.isLive())
        inFlight->control.progressEvery = 8;
    m_inFlightUsesWorkspaceIssuer = target.kind == RunTarget::Kind::RunningIssuer;
    inFlight->endSeconds = std::max<qint64>(1, scenario.duration);
    RunInFlight *progress = inFlight.get();
    inFlight->control.progress = [progress](qint64 simulatedSeconds, qint64 endSeconds) {
        progress->simulatedSeconds.store(simulatedSeconds, std::memory_order_relaxed);
        progress->endSeconds.store(std::max<qint64>(1, endSeconds), std::memory_order_relaxed);
    };
    m_inFlight = inFlight;
    m_runClock.start();
    m_progressTimer->start();
    m_watcher.setFuture(QtConcurrent::run(
        [scenario, inFlight, target] { return SimulationRun::execute(scenario, &inFlight->control, target); }));
}

void SimulationRunner::cancel()
{
    if (!m_watcher.isRunning() || !m_inFlight)
        return;
    m_inFlight->control.cancelRequested = true;
}

void SimulationRunner::stopAndWait()
{
    if (m_inFlight)
        m_inFlight->control.cancelRequested = true; // closing does not wait for a long run to end
    if (!m_watcher.isRunning())
        return;
    disconnect(&m_watcher, nullptr, this, nullptr); // nothing reacts to its end
    m_progressTimer->stop();
    if (!m_inFlightUsesWorkspaceIssuer) {
        m_watcher.waitForFinished();
        return;
    }
    // The Issuer workspace's mock issuer answers on this thread: blocking here would hold the run's next HTTP
    // exchange until its time-out. The run stops at its next checkpoint, with its answers served by this loop.
    QEventLoop loop;
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<SimulationRun>>::finished, &loop, &QEventLoop::quit);
    if (m_watcher.isRunning())
        loop.exec();
}

void SimulationRunner::reportProgress()
{
    // Runs under a second finish before anything would be worth reading.
    if (!m_inFlight || m_runClock.elapsed() < 1000)
        return;
    emit progressed(m_inFlight->simulatedSeconds.load(std::memory_order_relaxed),
                    m_inFlight->endSeconds.load(std::memory_order_relaxed));
}

void SimulationRunner::runFinished()
{
    std::shared_ptr<SimulationRun> run = m_watcher.result();
    m_progressTimer->stop();
    m_inFlight.reset();
    emit finished(std::move(run));
}

} // namespace tokenscope
