#include "lab/RedisProcess.h"

#include "lab/RedisStore.h"

#include <QCoreApplication>

#include <optional>

namespace tokenscope::lab {

namespace {

constexpr int resumeTimeoutMs = 1000;

struct RedisProcessText
{
    Q_DECLARE_TR_FUNCTIONS(tokenscope::lab::RedisProcess)
};

} // namespace

RedisProcess::~RedisProcess()
{
    stop();
}

Result<void> RedisProcess::start()
{
    stop();
    m_directory = std::make_unique<QTemporaryDir>();
    if (!m_directory->isValid())
        return Error {"redis.no_directory",
                      RedisProcessText::tr("cannot create a temporary directory for redis-server: %1")
                          .arg(m_directory->errorString())};
    // Another process can take a just-released port; a couple of tries make that race harmless.
    std::optional<Error> lastError;
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = ChildProcess::freeLoopbackPort();
        if (m_port != 0) {
            Result<void> launched = launch();
            if (launched)
                return launched;
            lastError = launched.error();
        }
        if (ChildProcess::findProgram(QStringLiteral("redis-server")).isEmpty())
            break;
    }
    // Three ports that could not be bound say nothing more than "no port", as before the Result type.
    return lastError ? *lastError : Error {"redis.no_port", QString()};
}

Result<void> RedisProcess::launch()
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
    return m_process.start(QStringLiteral("redis-server"), arguments, m_directory->path(), m_port, startTimeoutMs);
}

bool RedisProcess::resume()
{
    if (!m_process.resume())
        return false;
    RedisStore probe(endpoint(), resumeTimeoutMs);
    return bool(probe.ping());
}

Result<void> RedisProcess::restartEmpty()
{
    if (!m_directory || m_port == 0)
        return Error {"redis.not_started", RedisProcessText::tr("redis-server was never started")};
    m_process.stop();
    return launch();
}

void RedisProcess::stop()
{
    m_process.stop();
    m_directory.reset();
}

} // namespace tokenscope::lab
