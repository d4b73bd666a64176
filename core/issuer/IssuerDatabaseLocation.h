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

    // The file path, or the URL without its password, for messages and the admin state.
    [[nodiscard]] QString display() const;
};

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
