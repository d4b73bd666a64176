#pragma once

// A Qt SQL connection of a test's own, beside the one the code under test holds: to look at or tamper with a
// database (SQLite file, or a PostgresCluster database as its superuser). The connection is removed on destruction.

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace tokenscope::testing {

class SqlTestConnection
{
public:
    // `driver`: QSQLITE (databaseName is the file) or QPSQL (databaseName on 127.0.0.1:port as `tokenscope`).
    SqlTestConnection(const QString &driver, const QString &databaseName, quint16 port = 0);
    ~SqlTestConnection();
    SqlTestConnection(const SqlTestConnection &) = delete;
    SqlTestConnection &operator=(const SqlTestConnection &) = delete;

    [[nodiscard]] bool isOpen() const;
    // The user tables, sorted.
    [[nodiscard]] QStringList tables() const;
    [[nodiscard]] bool exec(const QString &sql) const;
    // The first column of every row of `sql`; empty when it fails.
    [[nodiscard]] QVariantList column(const QString &sql) const;

private:
    QString m_name;
};

} // namespace tokenscope::testing
