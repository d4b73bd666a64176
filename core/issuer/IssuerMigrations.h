#pragma once

#include "common/Result.h"
#include "issuer/IssuerDatabaseLocation.h"

#include <QString>

namespace tokenscope::issuer::IssuerMigrations {

// The mock issuer's schema as numbered migrations, one list for SQLite and PostgreSQL (only the column types are
// spelled per back end). The `schema_version` table records each applied migration.
[[nodiscard]] int latestVersion();

// Brings the database on `connection` (an open Qt SQL connection) to the latest version. Each pending migration
// runs in its own transaction together with its schema_version row, so a failure leaves the database at the
// version before it (PostgreSQL and SQLite both roll DDL back), never with part of a migration. On PostgreSQL an
// advisory lock makes replicas that start together migrate one after the other. A database newer than this
// Tokenscope is refused untouched. Succeeds when every migration is applied (now, or before).
[[nodiscard]] Result<void> apply(const QString &connection, IssuerDatabaseLocation::Backend backend);

// The codes of a failed apply().
inline constexpr ErrorCode NewerThanKnown {"store.schema_too_new"}; // a later Tokenscope wrote it; nothing changed
inline constexpr ErrorCode Failed {"store.migration_failed"}; // rolled back, or the version could not be read

} // namespace tokenscope::issuer::IssuerMigrations
