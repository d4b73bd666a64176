#pragma once

// A throwaway PostgreSQL server for tests: initdb and pg_ctl in a temporary folder, on a free loopback port, with
// trust authentication for the one superuser `tokenscope`. PostgreSQL refuses to run as root, so under root every
// command runs as the unprivileged `postgres` system user (runuser) and the folder is handed to that user. pg_ctl's
// own output goes to a log file, never a pipe: the server it starts inherits pg_ctl's descriptors, and a pipe would
// keep the test waiting on a server that is still running. stop() stops the server by its PID (pg_ctl stop -m fast,
// then the PID is watched until it is gone); the destructor stops it and removes the folder.

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace tokenscope::testing {

class PostgresCluster
{
public:
    PostgresCluster();
    ~PostgresCluster();
    PostgresCluster(const PostgresCluster &) = delete;
    PostgresCluster &operator=(const PostgresCluster &) = delete;

    // Empty when initdb and pg_ctl are installed; otherwise a message for QSKIP.
    [[nodiscard]] static QString missingReason();

    // initdb (once) and start; false with the reason (and the server log's tail) in `error`.
    [[nodiscard]] bool start(QString *error);
    // pg_ctl stop -m fast, then waits until the server's PID is gone. The data folder stays, so start() resumes it.
    [[nodiscard]] bool stop(QString *error);
    [[nodiscard]] bool isRunning() const { return m_pid > 0; }

    [[nodiscard]] bool createDatabase(const QString &name, QString *error);
    // A new server with one empty database: start() and createDatabase(); on failure the reason is logged (qWarning)
    // and nullptr returned.
    [[nodiscard]] static std::unique_ptr<PostgresCluster> startWithDatabase(const QString &name);
    // postgresql://tokenscope@127.0.0.1:PORT/DATABASE
    [[nodiscard]] QString url(const QString &database) const;
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] qint64 pid() const { return m_pid; }

private:
    [[nodiscard]] bool run(const QString &program, const QStringList &arguments, QString *error);
    [[nodiscard]] QString logTail() const;

    QTemporaryDir m_directory;
    QString m_binaries; // the folder holding initdb, pg_ctl and postgres
    quint16 m_port = 0;
    qint64 m_pid = 0; // the postmaster's PID while running
    bool m_initialised = false;
};

} // namespace tokenscope::testing
