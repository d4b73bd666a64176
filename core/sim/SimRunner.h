#pragma once

#include "sim/SimEngine.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace tokenscope::sim {

// Runs one scenario headless on a worker thread (DESIGN "Boundaries": long simulations never block the UI
// thread). The engine lives on the worker; only copies of the results cross threads. Progress is reported at
// most every `progressInterval` simulated seconds.
class SimRunner : public QObject
{
    Q_OBJECT

public:
    explicit SimRunner(QObject *parent = nullptr);
    ~SimRunner() override; // cancels and waits

    void start(const Scenario &scenario, const SimOptions &options = {}, qint64 progressInterval = 3600);
    void cancel();
    [[nodiscard]] bool isRunning() const;

signals:
    void progressed(qint64 simulatedSeconds, qint64 endSeconds);
    void finished(const tokenscope::sim::SimMetrics &metrics, const QByteArray &eventLog);
    void cancelled();

private:
    std::unique_ptr<QThread> m_thread;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

} // namespace tokenscope::sim
