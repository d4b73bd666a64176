#include "common/PostgresCluster.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

namespace tokenscope::testing {

namespace {

constexpr const char *superuser = "tokenscope";
constexpr const char *systemUser = "postgres";

// Debian keeps the server programs in /usr/lib/postgresql/VERSION/bin (newest first); elsewhere they are on PATH.
QString findBinaries()
{
    QDir versions(QStringLiteral("/usr/lib/postgresql"));
    QStringList names = versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &name : std::as_const(names)) {
        const QString bin = versions.filePath(name + QStringLiteral("/bin"));
        if (QFile::exists(bin + QStringLiteral("/initdb")) && QFile::exists(bin + QStringLiteral("/pg_ctl")))
            return bin;
    }
    const QString initdb = QStandardPaths::findExecutable(QStringLiteral("initdb"));
    if (initdb.isEmpty())
        return {};
    const QString bin = QFileInfo(QFileInfo(initdb).canonicalFilePath()).absolutePath();
    return QFile::exists(bin + QStringLiteral("/pg_ctl")) ? bin : QString();
}

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool processGone(qint64 pid)
{
    return ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
}

} // namespace

PostgresCluster::PostgresCluster() : m_binaries(findBinaries())
{ }

PostgresCluster::~PostgresCluster()
{
    if (isRunning())
        (void)stop(nullptr);
}

QString PostgresCluster::missingReason()
{
    if (findBinaries().isEmpty())
        return QStringLiteral(
            "initdb and pg_ctl are not installed: run packaging/install-deps.sh (package postgresql)");
    if (runningAsRoot() && !::getpwnam(systemUser))
        return QStringLiteral("running as root and there is no \"postgres\" system user to run PostgreSQL as");
    return {};
}

bool PostgresCluster::run(const QString &program, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setWorkingDirectory(m_directory.path()); // the postgres user cannot read root's working directory
    const QString log = m_directory.filePath(QStringLiteral("pg_ctl.log"));
    process.setStandardOutputFile(log, QIODevice::Append);
    process.setStandardErrorFile(log, QIODevice::Append);
    const QString path = m_binaries + QLatin1Char('/') + program;
    if (runningAsRoot()) {
        process.setProgram(QStringLiteral("runuser"));
        process.setArguments(
            QStringList {QStringLiteral("-u"), QString::fromLatin1(systemUser), QStringLiteral("--"), path}
            + arguments);
    } else {
        process.setProgram(path);
        process.setArguments(arguments);
    }
    process.start();
    if (!process.waitForStarted(10000) || !process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
        if (error)
            *error = QStringLiteral("%1 did not finish").arg(program);
        return false;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        if (error)
            *error = QStringLiteral("%1 failed (exit %2): %3").arg(program).arg(process.exitCode()).arg(logTail());
        return false;
    }
    return true;
}

QString PostgresCluster::logTail() const
{
    QString tail;
    for (const char *name : {"pg_ctl.log", "server.log"}) {
        QFile file(m_directory.filePath(QString::fromLatin1(name)));
        if (file.open(QIODevice::ReadOnly))
            tail += QString::fromUtf8(file.readAll().right(1500));
    }
    return tail;
}

bool PostgresCluster::start(QString *error)
{
    auto failed = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (isRunning())
        return true;
    if (m_binaries.isEmpty() || !m_directory.isValid())
        return failed(QStringLiteral("PostgreSQL is not installed, or no temporary folder"));
    if (!m_initialised) {
        if (runningAsRoot()) {
            const passwd *user = ::getpwnam(systemUser);
            if (!user || ::chown(QFile::encodeName(m_directory.path()).constData(), user->pw_uid, user->pw_gid) != 0)
                return failed(QStringLiteral("cannot hand %1 to the postgres user").arg(m_directory.path()));
        }
        if (!run(QStringLiteral("initdb"),
                 {QStringLiteral("-D"), m_directory.filePath(QStringLiteral("data")), QStringLiteral("-U"),
                  QString::fromLatin1(superuser), QStringLiteral("--auth=trust"), QStringLiteral("-E"),
                  QStringLiteral("UTF8"), QStringLiteral("--no-locale"), QStringLiteral("--no-sync")},
                 error))
            return false;
        m_initialised = true;
    }
    if (m_port == 0)
        m_port = freeLoopbackPort(); // a restart keeps the port, so clients find the server where it was
    // Loopback TCP only, the socket in the test's own folder; fsync off: the tests stop the server cleanly, and a
    // crash of the server itself is not what they test.
    const QString serverOptions = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off "
                                                 "-c full_page_writes=off -c max_connections=60")
                                      .arg(m_port)
                                      .arg(m_directory.path());
    if (!run(QStringLiteral("pg_ctl"),
             {QStringLiteral("-D"), m_directory.filePath(QStringLiteral("data")), QStringLiteral("-l"),
              m_directory.filePath(QStringLiteral("server.log")), QStringLiteral("-o"), serverOptions,
              QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start")},
             error))
        return false;
    QFile pidFile(m_directory.filePath(QStringLiteral("data/postmaster.pid")));
    if (!pidFile.open(QIODevice::ReadOnly))
        return failed(QStringLiteral("PostgreSQL started but wrote no postmaster.pid"));
    m_pid = pidFile.readLine().trimmed().toLongLong();
    return m_pid > 0 || failed(QStringLiteral("postmaster.pid holds no PID"));
}

bool PostgresCluster::stop(QString *error)
{
    if (!isRunning())
        return true;
    const qint64 pid = m_pid;
    const bool stopped = run(QStringLiteral("pg_ctl"),
                             {QStringLiteral("-D"), m_directory.filePath(QStringLiteral("data")), QStringLiteral("-m"),
                              QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop")},
                             error);
    if (!stopped)
        ::kill(pid_t(pid), SIGQUIT); // immediate shutdown: a test never leaves its server behind
    const QDeadlineTimer deadline(30000);
    while (!processGone(pid) && !deadline.hasExpired())
        QThread::msleep(20);
    m_pid = 0;
    return stopped && processGone(pid);
}

bool PostgresCluster::createDatabase(const QString &name, QString *error)
{
    const QString connection = QStringLiteral("postgres-cluster-%1").arg(QUuid::createUuid().toString());
    bool created = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(QString::fromLatin1(superuser));
        db.setDatabaseName(QStringLiteral("postgres"));
        if (db.open()) {
            QSqlQuery query(db);
            created = query.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(name));
            if (!created && error)
                *error = query.lastError().text();
            db.close();
        } else if (error) {
            *error = db.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return created;
}

std::unique_ptr<PostgresCluster> PostgresCluster::startWithDatabase(const QString &name)
{
    auto cluster = std::make_unique<PostgresCluster>();
    QString error;
    if (cluster->start(&error) && cluster->createDatabase(name, &error))
        return cluster;
    qWarning("%s", qPrintable(error));
    return nullptr;
}

QString PostgresCluster::url(const QString &database) const
{
    return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3")
        .arg(QString::fromLatin1(superuser))
        .arg(m_port)
        .arg(database);
}

} // namespace tokenscope::testing
