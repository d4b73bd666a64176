#pragma once

#include <QString>

#include <optional>

namespace tokenscope::issuer {

// Where the mock issuer keeps its state, from `issuer serve --db`: a SQLite file (the embedded default), or a
// PostgreSQL database shared by several replicas, given as a libpq URI (postgresql://USER[:PASSWORD]@HOST[:PORT]/DB,
// PostgreSQL docs §34.1.1). Parsing is strict: a typo fails before anything connects, naming the part that is wrong.
struct IssuerDatabaseLocation
{
    enum class Backend { Sqlite, Postgres };

    Backend backend = Backend::Sqlite;
    QString sqlitePath;
    QString user;
    QString password; // never shown: display() leaves it out
    QString host;
    quint16 port = 5432;
    QString database;
    // PostgreSQL: the schema the issuer's tables live in (its connections' search_path); empty: the user's default
    // (public). Set only by forTenant(): a URL cannot name it.
    QString schema;

    // The file path, or the URL without its password, for messages and the admin state.
    [[nodiscard]] QString display() const;
    // Where the tenant `name` (a valid IssuerTenantName) keeps its state, beside this issuer's: for SQLite the file
    // "<base>.tenant-NAME.<suffix>" in the same folder, for PostgreSQL the schema "tenant_NAME" ('-' spelled '_')
    // in the same database.
    [[nodiscard]] IssuerDatabaseLocation forTenant(const QString &name) const;
};

// What parse() made of an `issuer serve --db` value: the location, or the part that is wrong.
struct IssuerDatabaseLocationResult
{
    std::optional<IssuerDatabaseLocation> location;
    QString error; // "--db: …: the port must be a number from 1 to 65535"
    explicit operator bool() const { return location.has_value(); }
};

namespace IssuerDatabaseLocationParser {
// A value starting with postgresql:// or postgres:// is a PostgreSQL URL; anything else is a SQLite file path.
[[nodiscard]] IssuerDatabaseLocationResult parse(const QString &value);
} // namespace IssuerDatabaseLocationParser

} // namespace tokenscope::issuer
