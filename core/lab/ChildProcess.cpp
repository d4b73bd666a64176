#include "lab/ChildProcess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <csignal>

namespace tokenscope::lab {

namespace {

struct ChildProcessText
{
    Q_DECLARE_TR_FUNCTIONS(tokenscope::lab::ChildProcess)
};

constexpr qsizetype maxOutputTail = 4096;
constexpr int stopGraceMs = 3000;
constexpr int pauseTimeoutMs = 1000;

} // namespace

ChildProcess::~ChildProcess()
{
    stop();
}

QString ChildProcess::findProgram(const QString &name)
{
    if (name.contains(u'/'))
        return QFileInfo(name).isExecutable() ? name : QString();
    const QString found = QStandardPaths::findExecutable(name);
    if (!found.isEmpty())
        return found;
    return QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
}

quint16 ChildProcess::freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

bool ChildProcess::acceptsConnections(quint16 port, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    const bool connected = socket.waitForConnected(timeoutMs);
    socket.abort();
    return connected;
}

void ChildProcess::keepOutputTail()
{
    m_outputTail += m_process.readAll();
    if (m_outputTail.size() > maxOutputTail)
        m_outputTail = m_outputTail.right(maxOutputTail);
}

Result<void> ChildProcess::start(const QString &program, const QStringList &arguments, const QString &workingDirectory,
                                 quint16 readyPort, int timeoutMs)
{
    auto failed = [&](ErrorCode code, const QString &message) {
        keepOutputTail();
        const QString output = QString::fromUtf8(m_outputTail).trimmed();
        stop();
        return Error {code, output.isEmpty() ? message : message + QStringLiteral(": ") + output};
    };
    stop();
    m_outputTail.clear();
    m_program = program;
    const QString path = findProgram(program);
    if (path.isEmpty())
        return failed(
            "process.not_installed",
            ChildProcessText::tr("%1 is not installed (not found on PATH); packaging/install-deps.sh installs it")
                .arg(program));
    m_process.setProgram(path);
    m_process.setArguments(arguments);
    m_process.setWorkingDirectory(workingDirectory);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    // Output is only kept for error messages; reading it as it comes keeps the pipe from filling up.
    QObject::connect(&m_process, &QProcess::readyRead, &m_process, [this] { keepOutputTail(); });
    m_process.start(QIODevice::ReadOnly);
    if (!m_process.waitForStarted(timeoutMs))
        return failed("process.not_started",
                      ChildProcessText::tr("cannot start %1: %2").arg(path, m_process.errorString()));
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process.state() != QProcess::Running)
            return failed("process.exited",
                          ChildProcessText::tr("%1 exited before it was ready (exit code %2)")
                              .arg(program)
                              .arg(m_process.exitCode()));
        if (acceptsConnections(readyPort, 50))
            return {};
        m_process.waitForFinished(20); // sleeps, and notices an early exit
    }
    return failed("process.start_timeout",
                  ChildProcessText::tr("%1 did not accept connections on 127.0.0.1:%2 within %3 ms")
                      .arg(program)
                      .arg(readyPort)
                      .arg(timeoutMs));
}

bool ChildProcess::isRunning() const
{
    return m_process.state() == QProcess::Running;
}

qint64 ChildProcess::pid() const
{
    return isRunning() ? m_process.processId() : 0;
}

bool ChildProcess::pause()
{
    const qint64 pid = m_process.processId();
    if (!isRunning() || ::kill(pid_t(pid), SIGSTOP) != 0)
        return false;
    m_paused = true;
    // SIGSTOP is delivered asynchronously: a process busy on another core can still answer a command or two. The
    // outage begins when the kernel shows it stopped (state "T" in /proc/PID/stat, proc(5)).
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    const QDeadlineTimer deadline(pauseTimeoutMs);
    while (!deadline.hasExpired() && stat.open(QIODevice::ReadOnly)) {
        const QByteArray line = stat.readAll();
        stat.close();
        const qsizetype afterName = line.lastIndexOf(')'); // the name may hold spaces and parentheses
        if (afterName >= 0 && line.mid(afterName + 2, 1) == "T")
            return true;
        QThread::usleep(200);
    }
    return true; // no /proc to read, or slow to stop: the signal is on its way
}

bool ChildProcess::resume()
{
    if (!isRunning() || ::kill(pid_t(m_process.processId()), SIGCONT) != 0)
        return false;
    m_paused = false;
    return true;
}

void ChildProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    QObject::disconnect(&m_process, nullptr, nullptr, nullptr);
    // A stopped process only acts on SIGTERM once it runs again.
    if (m_paused) [[maybe_unused]]
        const bool resumed = resume();
    m_process.terminate();
    if (!m_process.waitForFinished(stopGraceMs)) {
        m_process.kill();
        m_process.waitForFinished(stopGraceMs);
    }
    m_paused = false;
}

} // namespace tokenscope::lab
