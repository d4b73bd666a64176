#pragma once

#include "lab/ChildProcess.h"
#include "lab/RedisStore.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace tokenscope::lab {

// A throwaway redis-server of the lab's own: a free port on 127.0.0.1, its own temporary directory, no
// persistence (`--save ''`, `--appendonly no`), so a restart comes back empty exactly like a lost cache node.
// Outages pause it (SIGSTOP: connections hang, data kept) or restart it empty on the same port.
class RedisProcess
{
public:
    RedisProcess() = default;
    ~RedisProcess();
    RedisProcess(const RedisProcess &) = delete;
    RedisProcess &operator=(const RedisProcess &) = delete;

    [[nodiscard]] Result<void> start();
    void stop(); // the process (by its PID) and the temporary directory
    [[nodiscard]] bool pause() { return m_process.pause(); }
    // SIGCONT, then waits (up to a second) until the server answers PING: it first works through what queued up
    // while it was stopped, and the outage is over only when it answers again.
    [[nodiscard]] bool resume();
    // Stops the process but keeps its port and directory for restartEmpty() (an outage that loses the data).
    void halt() { m_process.stop(); }
    // Stops the process and starts a new, empty one on the same port.
    [[nodiscard]] Result<void> restartEmpty();

    [[nodiscard]] bool isRunning() const { return m_process.isRunning(); }
    [[nodiscard]] bool isPaused() const { return m_process.isPaused(); }
    [[nodiscard]] qint64 pid() const { return m_process.pid(); }
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] RedisEndpoint endpoint() const { return {QStringLiteral("127.0.0.1"), m_port}; }

    static constexpr int startTimeoutMs = 5000;

private:
    [[nodiscard]] Result<void> launch();

    ChildProcess m_process;
    std::unique_ptr<QTemporaryDir> m_directory;
    quint16 m_port = 0;
};

} // namespace tokenscope::lab
