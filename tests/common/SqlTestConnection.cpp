#include "common/SqlTestConnection.h"

#include <QSqlQuery>
#include <QUuid>

namespace tokenscope::testing {

SqlTestConnection::SqlTestConnection(const QString &driver, const QString &databaseName, quint16 port)
    : m_name(QStringLiteral("sql-test-%1").arg(QUuid::createUuid().toString()))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, m_name);
    db.setDatabaseName(databaseName);
    if (port) {
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(port);
        db.setUserName(QStringLiteral("tokenscope"));
    }
    (void)db.open();
}

SqlTestConnection::~SqlTestConnection()
{
    QSqlDatabase::database(m_name, false).close();
    QSqlDatabase::removeDatabase(m_name);
}

bool SqlTestConnection::isOpen() const
{
    return QSqlDatabase::database(m_name, false).isOpen();
}

QStringList SqlTestConnection::tables() const
{
    QStringList names = QSqlDatabase::database(m_name, false).tables();
    names.sort();
    return names;
}

bool SqlTestConnection::exec(const QString &sql) const
{
    return isOpen() && QSqlQuery(QSqlDatabase::database(m_name, false)).exec(sql);
}

QVariantList SqlTestConnection::column(const QString &sql) const
{
    QVariantList values;
    QSqlQuery query(QSqlDatabase::database(m_name, false));
    if (!isOpen() || !query.exec(sql))
        return values;
    while (query.next())
        values << query.value(0);
    return values;
}

} // namespace tokenscope::testing
