#include "sim/SimRunner.h"

namespace tokenscope::sim {

SimRunner::SimRunner(QObject *parent) : QObject(parent)
{ }

SimRunner::~SimRunner()
{
    cancel();
    if (m_thread)
        m_thread->wait();
}

bool SimRunner::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

void SimRunner::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void SimRunner::start(const Scenario &scenario, const SimOptions &options, qint64 progressInterval)
{
    cancel();
    if (m_thread)
        m_thread->wait();
    auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancelFlag;
    const qint64 slice = std::max<qint64>(1, progressInterval);
    // The lambda owns copies of everything it reads; signals are emitted from the worker and delivered queued to
    // receivers on other threads.
    m_thread.reset(QThread::create([this, scenario, options, slice, cancelFlag] {
        SimEngine engine(scenario, options);
        while (!engine.finished()) {
            if (cancelFlag->load()) {
                emit cancelled();
                return;
            }
            engine.runUntil(engine.now() + slice);
            emit progressed(engine.now(), engine.endTime());
        }
        emit finished(engine.metrics(), options.recordEvents ? engine.eventLog() : QByteArray());
    }));
    m_thread->start();
}

} // namespace tokenscope::sim
