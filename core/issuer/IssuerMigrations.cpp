#include "issuer/IssuerMigrations.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace tokenscope::issuer::IssuerMigrations {

namespace {

struct IssuerMigrationsText
{
    Q_DECLARE_TR_FUNCTIONS(IssuerMigrations)
};

struct Migration
{
    int version;
    const char *description;
    std::initializer_list<const char *> statements; // {int}: a 64-bit integer, {blob}: bytes
};

// Append only: a released migration never changes, a new one gets the next number. Version 1 is the schema that
// SQLite databases had before versioned migrations; its IF NOT EXISTS lets such a database adopt it unchanged.
const Migration migrations[] = {
    {1,
     "clients, users, signing keys, refresh families and tokens, revoked access tokens, authorization codes",
     {
         "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value {int} NOT NULL)",
         "CREATE TABLE IF NOT EXISTS clients (client_id TEXT PRIMARY KEY, secret_sha256 {blob}, redirect_uris TEXT NOT "
         "NULL, grant_types TEXT NOT NULL, scope TEXT NOT NULL)",
         "CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, subject TEXT NOT NULL UNIQUE, salt {blob} NOT "
         "NULL, password_sha256 {blob} NOT NULL, claims TEXT NOT NULL, banned {int} NOT NULL DEFAULT 0)",
         "CREATE TABLE IF NOT EXISTS keys (kid TEXT PRIMARY KEY, alg TEXT NOT NULL, private_pem {blob} NOT NULL,"
         " created_at {int} NOT NULL, publish_from {int} NOT NULL, sign_from {int} NOT NULL,"
         " retire_at {int} NOT NULL DEFAULT 0)",
         "CREATE TABLE IF NOT EXISTS families (id TEXT PRIMARY KEY, client_id TEXT NOT NULL, subject TEXT NOT NULL,"
         " scope TEXT NOT NULL, auth_time {int} NOT NULL, created_at {int} NOT NULL, expires_at {int},"
         " generation {int} NOT NULL, generation_issued_at {int} NOT NULL, last_rotated_at {int} NOT NULL,"
         " revoked {int} NOT NULL DEFAULT 0, revoked_reason TEXT NOT NULL DEFAULT '', revoked_at {int} NOT NULL "
         "DEFAULT 0)",
         "CREATE INDEX IF NOT EXISTS families_subject ON families (subject)",
         // UNIQUE (family_id, generation): a generation is written once, whatever happens to the process.
         "CREATE TABLE IF NOT EXISTS refresh_tokens (token_sha256 {blob} PRIMARY KEY, family_id TEXT NOT NULL"
         " REFERENCES families (id), generation {int} NOT NULL, issued_at {int} NOT NULL, sealed_next {blob},"
         " UNIQUE (family_id, generation))",
         "CREATE TABLE IF NOT EXISTS revoked_access_tokens (jti TEXT PRIMARY KEY, expires_at {int} NOT NULL,"
         " revoked_at {int} NOT NULL)",
         "CREATE TABLE IF NOT EXISTS authorization_codes (code_sha256 {blob} PRIMARY KEY, client_id TEXT NOT NULL,"
         " redirect_uri TEXT NOT NULL, subject TEXT NOT NULL, scope TEXT NOT NULL, nonce TEXT NOT NULL,"
         " code_challenge TEXT NOT NULL, expires_at {int} NOT NULL, auth_time {int} NOT NULL,"
         " used {int} NOT NULL DEFAULT 0, family_id TEXT NOT NULL DEFAULT '')",
     }},
    {2,
     "a state generation that replicas sharing the database watch for key, clock and configuration changes",
     {
         "INSERT INTO meta (key, value) VALUES ('state_generation', 0) ON CONFLICT (key) DO NOTHING",
     }},
    {3,
     "DPoP (RFC 9449): proofs seen until they expire, the DPoP key a public client's refresh family is bound to, and "
     "the issuer's secrets (the DPoP nonce key)",
     {
         // The SHA-256 of a proof's key thumbprint and jti: a replay is refused by every replica.
         "CREATE TABLE dpop_proofs (proof_sha256 {blob} PRIMARY KEY, expires_at {int} NOT NULL)",
         "CREATE INDEX dpop_proofs_expiry ON dpop_proofs (expires_at)",
         "ALTER TABLE families ADD COLUMN dpop_jkt TEXT NOT NULL DEFAULT ''",
         "CREATE TABLE issuer_secrets (name TEXT PRIMARY KEY, value {blob} NOT NULL)",
     }},
    {4,
     "DPoP authorization code binding (RFC 9449 §10): the key thumbprint an authorization request named in dpop_jkt",
     {
         "ALTER TABLE authorization_codes ADD COLUMN dpop_jkt TEXT NOT NULL DEFAULT ''",
     }},
};

QString spelled(const char *statement, IssuerDatabaseLocation::Backend backend)
{
    const bool postgres = backend == IssuerDatabaseLocation::Backend::Postgres;
    return QString::fromLatin1(statement)
        .replace(QLatin1String("{int}"), postgres ? QLatin1String("BIGINT") : QLatin1String("INTEGER"))
        .replace(QLatin1String("{blob}"), postgres ? QLatin1String("BYTEA") : QLatin1String("BLOB"));
}

} // namespace

int latestVersion()
{
    return std::end(migrations)[-1].version;
}

Result<void> apply(const QString &connection, IssuerDatabaseLocation::Backend backend)
{
    const QSqlDatabase db = QSqlDatabase::database(connection, false);
    const bool postgres = backend == IssuerDatabaseLocation::Backend::Postgres;
    QString failure;
    auto run = [&](const QString &sql) {
        QSqlQuery query(db);
        if (query.exec(sql))
            return true;
        failure = query.lastError().text();
        return false;
    };
    auto fail = [&](const QString &message, ErrorCode code = Failed) {
        (void)run(QStringLiteral("ROLLBACK"));
        return Error {code, message};
    };
    for (const Migration &migration : migrations) {
        // SQLite: IMMEDIATE takes the write lock before the version is read. PostgreSQL: a transaction-scoped
        // advisory lock (docs §9.27.10) does the same for replicas migrating at once.
        if (!run(postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE"))
            || (postgres && !run(QStringLiteral("SELECT pg_advisory_xact_lock(7364926)"))))
            return fail(IssuerMigrationsText::tr("cannot start the schema migration: %1").arg(failure));
        if (!run(spelled("CREATE TABLE IF NOT EXISTS schema_version (version {int} PRIMARY KEY, description TEXT NOT "
                         "NULL)",
                         backend)))
            return fail(IssuerMigrationsText::tr("cannot create the schema_version table: %1").arg(failure));
        QSqlQuery current(db);
        if (!current.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) || !current.next())
            return fail(IssuerMigrationsText::tr("cannot read the schema version: %1").arg(current.lastError().text()));
        const int version = current.value(0).toInt();
        current.finish();
        if (version > latestVersion())
            return fail(
                IssuerMigrationsText::tr("the database has schema version %1; this Tokenscope knows versions up to %2")
                    .arg(version)
                    .arg(latestVersion()),
                NewerThanKnown);
        if (version >= migration.version) {
            if (!run(QStringLiteral("COMMIT")))
                return fail(failure);
            continue;
        }
        for (const char *statement : migration.statements) {
            if (!run(spelled(statement, backend)))
                return fail(IssuerMigrationsText::tr("schema migration %1 (%2) failed, nothing of it was applied: %3")
                                .arg(migration.version)
                                .arg(QString::fromLatin1(migration.description), failure));
        }
        QSqlQuery record(db);
        record.prepare(QStringLiteral("INSERT INTO schema_version (version, description) VALUES (?, ?)"));
        record.addBindValue(migration.version);
        record.addBindValue(QString::fromLatin1(migration.description));
        if (!record.exec())
            return fail(IssuerMigrationsText::tr("cannot record schema migration %1: %2")
                            .arg(migration.version)
                            .arg(record.lastError().text()));
        record.finish();
        if (!run(QStringLiteral("COMMIT")))
            return fail(
                IssuerMigrationsText::tr("cannot commit schema migration %1: %2").arg(migration.version).arg(failure));
    }
    return {};
}

} // namespace tokenscope::issuer::IssuerMigrations
