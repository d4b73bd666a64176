#include "issuer/IssuerDatabaseLocation.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QUrl>

namespace tokenscope::issuer {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct DatabaseLocationText
{
    Q_DECLARE_TR_FUNCTIONS(IssuerDatabaseLocation)
};

} // namespace

QString IssuerDatabaseLocation::display() const
{
    if (backend == Backend::Sqlite)
        return sqlitePath;
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(user);
    url.setHost(host);
    url.setPort(port);
    url.setPath(QLatin1Char('/') + database);
    // The schema is part of where the state is: two tenants on one database must not read alike.
    return schema.isEmpty() ? url.toString() : url.toString() + QStringLiteral(" (schema %1)").arg(schema);
}

IssuerDatabaseLocation IssuerDatabaseLocation::forTenant(const QString &name) const
{
    IssuerDatabaseLocation location = *this;
    if (backend == Backend::Postgres) {
        // A schema per tenant, not a tenant column: every table, key and query of IssuerStore stays as it is, each
        // schema carries its own schema_version (so migrations stay versioned per tenant, and replicas migrating at
        // once still serialise on the migrations' advisory lock), and replicas of one server on one PostgreSQL find
        // each tenant's state under the same name. Names are a-z, 0-9 and '-' (IssuerTenantName), so the schema
        // name needs no quoting once '-' becomes '_', and no two names meet.
        location.schema = QStringLiteral("tenant_") + QString(name).replace(u'-', u'_');
        return location;
    }
    // A file of its own next to the root's: the SQLite write lock is per file, so tenants never wait for each
    // other, and removing one tenant's state is removing one file.
    const QFileInfo info(sqlitePath);
    const QString suffix = info.suffix();
    const QString base = suffix.isEmpty() ? info.fileName() : info.completeBaseName();
    location.sqlitePath = info.dir().filePath(base + QStringLiteral(".tenant-") + name
                                              + (suffix.isEmpty() ? QString() : QLatin1Char('.') + suffix));
    return location;
}

IssuerDatabaseLocationResult IssuerDatabaseLocationParser::parse(const QString &value)
{
    IssuerDatabaseLocationResult result;
    const bool postgres = value.startsWith(u"postgresql://", Qt::CaseInsensitive)
        || value.startsWith(u"postgres://", Qt::CaseInsensitive);
    if (!postgres) {
        if (value.contains(u"://")) {
            result.error
                = DatabaseLocationText::tr("%1:// URLs are not supported: give a SQLite file or a postgresql:// URL")
                      .arg(value.section(QStringLiteral("://"), 0, 0));
            return result;
        }
        IssuerDatabaseLocation location;
        location.sqlitePath = value;
        result.location = location;
        return result;
    }
    const QUrl url(value, QUrl::StrictMode);
    auto fail = [&](const QString &message) {
        // The URL without its password: the message may be shown or logged.
        QUrl shown = url;
        shown.setPassword(QString());
        result.error = QStringLiteral("%1: %2").arg(
            url.isValid() ? shown.toString() : DatabaseLocationText::tr("the database URL"), message);
        return result;
    };
    if (!url.isValid())
        return fail(DatabaseLocationText::tr("not a valid URL (%1)").arg(url.errorString()));
    IssuerDatabaseLocation location;
    location.backend = IssuerDatabaseLocation::Backend::Postgres;
    location.user = url.userName(QUrl::FullyDecoded);
    location.password = url.password(QUrl::FullyDecoded);
    location.host = url.host();
    location.database = url.path(QUrl::FullyDecoded).mid(1);
    if (location.user.isEmpty())
        return fail(DatabaseLocationText::tr("the user is missing (postgresql://USER@HOST:PORT/DATABASE)"));
    if (location.host.isEmpty())
        return fail(DatabaseLocationText::tr("the host is missing (postgresql://USER@HOST:PORT/DATABASE)"));
    if (url.port() == 0)
        return fail(DatabaseLocationText::tr("the port must be a number from 1 to 65535"));
    if (url.port() > 0)
        location.port = quint16(url.port());
    if (location.database.isEmpty() || location.database.contains(u'/'))
        return fail(DatabaseLocationText::tr(
            "the database name is missing or has a slash (postgresql://USER@HOST:PORT/DATABASE)"));
    // Connection parameters in the query (sslmode=…) are not passed on: say so rather than ignore them.
    if (url.hasQuery() || url.hasFragment())
        return fail(DatabaseLocationText::tr("query parameters and fragments are not supported"));
    result.location = location;
    return result;
}

} // namespace tokenscope::issuer
