#include "issuer/IssuerDatabaseLocation.h"

#include <QCoreApplication>
#include <QUrl>

namespace tokenscope::issuer {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("IssuerDatabaseLocation", text);
}

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
    return url.toString();
}

IssuerDatabaseLocationResult IssuerDatabaseLocationParser::parse(const QString &value)
{
    IssuerDatabaseLocationResult result;
    const bool postgres = value.startsWith(u"postgresql://", Qt::CaseInsensitive)
        || value.startsWith(u"postgres://", Qt::CaseInsensitive);
    if (!postgres) {
        if (value.contains(u"://")) {
            result.error = tr("%1:// URLs are not supported: give a SQLite file or a postgresql:// URL")
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
        result.error = QStringLiteral("%1: %2").arg(url.isValid() ? shown.toString() : tr("the database URL"), message);
        return result;
    };
    if (!url.isValid())
        return fail(tr("not a valid URL (%1)").arg(url.errorString()));
    IssuerDatabaseLocation location;
    location.backend = IssuerDatabaseLocation::Backend::Postgres;
    location.user = url.userName(QUrl::FullyDecoded);
    location.password = url.password(QUrl::FullyDecoded);
    location.host = url.host();
    location.database = url.path(QUrl::FullyDecoded).mid(1);
    if (location.user.isEmpty())
        return fail(tr("the user is missing (postgresql://USER@HOST:PORT/DATABASE)"));
    if (location.host.isEmpty())
        return fail(tr("the host is missing (postgresql://USER@HOST:PORT/DATABASE)"));
    if (url.port() == 0)
        return fail(tr("the port must be a number from 1 to 65535"));
    if (url.port() > 0)
        location.port = quint16(url.port());
    if (location.database.isEmpty() || location.database.contains(u'/'))
        return fail(tr("the database name is missing or has a slash (postgresql://USER@HOST:PORT/DATABASE)"));
    // Connection parameters in the query (sslmode=…) are not passed on: say so rather than ignore them.
    if (url.hasQuery() || url.hasFragment())
        return fail(tr("query parameters and fragments are not supported"));
    result.location = location;
    return result;
}

} // namespace tokenscope::issuer
