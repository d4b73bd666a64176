#include "lab/RedisProcess.h"

#include "lab/RedisStore.h"

#include <QCoreApplication>

namespace tokenscope::lab {

namespace {

constexpr int resumeTimeoutMs = 1000;

QString tr(const char *text)
{
    return QCoreApplication::translate("tokenscope::lab::RedisProcess", text);
}

} // namespace

RedisProcess::~RedisProcess()
{
    stop();
}

bool RedisProcess::start(QString *error)
{
    stop();
    m_directory = std::make_unique<QTemporaryDir>();
    if (!m_directory->isValid()) {
        if (error)
            *error = tr("cannot create a temporary directory for redis-server: %1").arg(m_directory->errorString());
        return false;
    }
    // Another process can take a just-released port; a couple of tries make that race harmless.
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = ChildProcess::freeLoopbackPort();
        if (m_port != 0 && launch(error))
            return true;
        if (ChildProcess::findProgram(QStringLiteral("redis-server")).isEmpty())
            break;
    }
    return false;
}

bool RedisProcess::launch(QString *error)
{
    const QStringList arguments {
        QStringLiteral("--port"),
        QString::number(m_port),
        QStringLiteral("--bind"),
        QStringLiteral("127.0.0.1"),
        QStringLiteral("--dir"),
        m_directory->path(),
        QStringLiteral("--save"),
        QString(),
        QStringLiteral("--appendonly"),
        QStringLiteral("no"),
        QStringLiteral("--daemonize"),
        QStringLiteral("no"),
        QStringLiteral("--protected-mode"),
        QStringLiteral("yes"),
        QStringLiteral("--loglevel"),
        QStringLiteral("warning"),
        QStringLiteral("--logfile"),
        QString(),
    };
    return m_process.start(QStringLiteral("redis-server"), arguments, m_directory->path(), m_port, startTimeoutMs,
                           error);
}

bool RedisProcess::resume()
{
    if (!m_process.resume())
        return false;
    RedisStore probe(endpoint(), resumeTimeoutMs);
    return bool(probe.ping());
}

bool RedisProcess::restartEmpty(QString *error)
{
    if (!m_directory || m_port == 0) {
        if (error)
            *error = tr("redis-server was never started");
        return false;
    }
    m_process.stop();
    return launch(error);
}

void RedisProcess::stop()
{
    m_process.stop();
    m_directory.reset();
}

} // namespace tokenscope::lab
