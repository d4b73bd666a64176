#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace tokenscope::lab {

// A helper process the lab runs (redis-server, haproxy): started from PATH, ready once its loopback port accepts
// connections, paused and resumed with SIGSTOP/SIGCONT for outages, and always stopped by its own PID (SIGTERM,
// then SIGKILL) when the owner goes, so no test or lab run leaves a process behind. Lives in the creating thread.
class ChildProcess
{
public:
    ChildProcess() = default;
    ~ChildProcess();
    ChildProcess(const ChildProcess &) = delete;
    ChildProcess &operator=(const ChildProcess &) = delete;

    // Starts `program` (a name looked up on PATH, or a path) and waits until 127.0.0.1:readyPort accepts a
    // connection, at most `timeoutMs`. On failure the process is stopped and the error says why, with its output
    // (codes "process.not_installed", "process.not_started", "process.exited", "process.start_timeout").
    [[nodiscard]] Result<void> start(const QString &program, const QStringList &arguments,
                                     const QString &workingDirectory, quint16 readyPort, int timeoutMs);
    void stop();
    [[nodiscard]] bool pause(); // SIGSTOP: the process keeps its sockets and data, and answers nothing
    [[nodiscard]] bool resume(); // SIGCONT
    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] bool isPaused() const { return m_paused; }
    [[nodiscard]] qint64 pid() const;
    [[nodiscard]] QString program() const { return m_program; }

    // The path of an executable on PATH (also /usr/sbin, where Debian puts haproxy), or empty.
    [[nodiscard]] static QString findProgram(const QString &name);
    // A port on 127.0.0.1 that was free a moment ago (bound and released).
    [[nodiscard]] static quint16 freeLoopbackPort();
    // Whether 127.0.0.1:port accepts a TCP connection within `timeoutMs`.
    [[nodiscard]] static bool acceptsConnections(quint16 port, int timeoutMs);

private:
    void keepOutputTail();

    QProcess m_process;
    QString m_program;
    QByteArray m_outputTail; // the last few KiB of output, for error messages
    bool m_paused = false;
};

} // namespace tokenscope::lab
