// Over 700 lines: one SQL statement per stored concept (keys, users, clients, families, refresh tokens, codes,
// revocations, clock, state generation), each short and written for both SQLite and PostgreSQL. Splitting by table
// would spread one transaction's statements over several files; the migrations already live apart.

#include "issuer/IssuerStore.h"

#include "issuer/IssuerMigrations.h"
#include "issuer/IssuerTokens.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace tokenscope::issuer {

namespace {

struct IssuerStoreText
{
    Q_DECLARE_TR_FUNCTIONS(IssuerStore)
};

QString listToJson(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList listFromJson(const QString &json)
{
    QStringList list;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array)
        list << value.toString();
    return list;
}

QVariant nullableExpiry(qint64 expiresAt)
{
    return expiresAt == RefreshFamilyState::never ? QVariant(QMetaType::fromType<qint64>()) : QVariant(expiresAt);
}

StoredFamily familyFrom(const QSqlQuery &q)
{
    // Column order of familyColumns.
    StoredFamily family;
    family.id = q.value(0).toString();
    family.clientId = q.value(1).toString();
    family.subject = q.value(2).toString();
    family.scope = q.value(3).toString();
    family.authTime = q.value(4).toLongLong();
    family.state.createdAt = q.value(5).toLongLong();
    family.state.expiresAt = q.value(6).isNull() ? RefreshFamilyState::never : q.value(6).toLongLong();
    family.state.generation = q.value(7).toInt();
    family.state.generationIssuedAt = q.value(8).toLongLong();
    family.state.lastRotatedAt = q.value(9).toLongLong();
    family.state.revoked = q.value(10).toBool();
    family.revokedReason = q.value(11).toString();
    family.revokedAt = q.value(12).toLongLong();
    return family;
}

const QString familyColumns = QStringLiteral(
    "id, client_id, subject, scope, auth_time, created_at, expires_at, generation, generation_issued_at,"
    " last_rotated_at, revoked, revoked_reason, revoked_at");

StoredUser userFrom(const QSqlQuery &q)
{
    StoredUser user;
    user.username = q.value(0).toString();
    user.subject = q.value(1).toString();
    user.salt = q.value(2).toByteArray();
    user.passwordSha256 = q.value(3).toByteArray();
    user.claims = QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object().toVariantMap();
    user.banned = q.value(5).toBool();
    return user;
}

const QString userColumns = QStringLiteral("username, subject, salt, password_sha256, claims, banned");

StoredClient clientFrom(const QSqlQuery &q)
{
    StoredClient client;
    client.clientId = q.value(0).toString();
    client.secretSha256 = q.value(1).toByteArray();
    client.redirectUris = listFromJson(q.value(2).toString());
    client.grantTypes = listFromJson(q.value(3).toString());
    client.scope = q.value(4).toString();
    return client;
}

const QString clientColumns = QStringLiteral("client_id, secret_sha256, redirect_uris, grant_types, scope");

StoredRefreshToken refreshTokenFrom(const QSqlQuery &q)
{
    StoredRefreshToken token;
    token.tokenSha256 = q.value(0).toByteArray();
    token.familyId = q.value(1).toString();
    token.generation = q.value(2).toInt();
    token.issuedAt = q.value(3).toLongLong();
    token.sealedNext = q.value(4).toByteArray();
    return token;
}

// SQLSTATE classes that mean the connection, not the statement, failed (PostgreSQL docs Appendix A): 08 connection
// exception, 57P01-57P03 the server shutting down or starting up. libpq reports no SQLSTATE at all for a connection
// that broke mid-statement.
bool isConnectionLoss(const QString &nativeCode)
{
    return nativeCode.isEmpty() || nativeCode.startsWith(u"08") || nativeCode.startsWith(u"57P");
}

// PostgreSQL answers in milliseconds on loopback; a server that accepts no connection fails the request instead of
// holding it (libpq connect_timeout, in seconds). The migrations' IF NOT EXISTS notices stay off standard error.
// (Qt's QPSQL turns ';' into the spaces between libpq keywords.)
const QString postgresConnectOptions = QStringLiteral("connect_timeout=3;options='-c client_min_messages=warning'");

// The issuer-wide lock of TransactionScope::IssuerState: a transaction-scoped advisory lock (PostgreSQL §9.27.10).
const QString issuerStateLock = QStringLiteral("SELECT pg_advisory_xact_lock(7364927)");

} // namespace

IssuerStore::IssuerStore() : m_connection(QStringLiteral("tokenscope-issuer-%1").arg(QUuid::createUuid().toString()))
{ }

IssuerStore::~IssuerStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

void IssuerStore::noteFailure(const QString &nativeCode, const QString &text)
{
    m_lastError = text;
    if (m_location.backend == Backend::Postgres && isConnectionLoss(nativeCode))
        m_available = false;
}

bool IssuerStore::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(sql)) {
        noteFailure(query.lastError().nativeErrorCode(), query.lastError().text());
        return false;
    }
    return true;
}

Result<void> IssuerStore::open(const QString &location)
{
    const IssuerDatabaseLocationResult parsed = IssuerDatabaseLocationParser::parse(location);
    if (!parsed) {
        m_openFailure = OpenFailure::BadLocation;
        m_lastError = parsed.error;
        return Error {"store.bad_location", parsed.error};
    }
    return open(*parsed.location);
}

Result<void> IssuerStore::open(const IssuerDatabaseLocation &location)
{
    m_location = location;
    m_path = location.display();
    m_openFailure = OpenFailure::None;
    Result<void> opened = location.backend == Backend::Postgres ? openPostgres() : openSqlite();
    if (opened) {
        opened = IssuerMigrations::apply(m_connection, location.backend);
        if (!opened)
            m_openFailure = opened.error().code() == IssuerMigrations::NewerThanKnown ? OpenFailure::SchemaTooNew
                                                                                      : OpenFailure::Schema;
    }
    if (!opened)
        m_lastError = opened.error().message();
    return opened;
}

Result<void> IssuerStore::openSqlite()
{
    const QString &path = m_location.sqlitePath;
    auto failed = [&](const QString &message) {
        m_openFailure = OpenFailure::BadLocation;
        return Error {"store.bad_location", message};
    };
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return failed(
            IssuerStoreText::tr("the Qt SQLite driver (QSQLITE, Debian package libqt6sql6-sqlite) is not installed"));
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return failed(IssuerStoreText::tr("cannot create the folder %1").arg(info.absolutePath()));
    // Create the file owner-only before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    {
        QFile file(path);
        const bool existed = file.exists();
        if (!file.open(QIODevice::ReadWrite))
            return failed(IssuerStoreText::tr("cannot open %1: %2").arg(path, file.errorString()));
        if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) && !existed)
            return failed(IssuerStoreText::tr("cannot make %1 private (0600)").arg(path));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return failed(IssuerStoreText::tr("cannot open the database %1: %2").arg(path, db.lastError().text()));
    // WAL: a reader never sees a half-written transaction and a crash leaves the last committed state.
    // synchronous=NORMAL is durable across process crashes (kill -9) in WAL mode.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
        if (!exec(QString::fromLatin1(pragma)))
            return failed(IssuerStoreText::tr("cannot set up the database %1: %2").arg(path, m_lastError));
    }
    return {};
}

Result<void> IssuerStore::openPostgres()
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        m_openFailure = OpenFailure::BadLocation;
        return Error {
            "store.bad_location",
            IssuerStoreText::tr("the Qt PostgreSQL driver (QPSQL, Debian package libqt6sql6-psql) is not installed")};
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connection);
    db.setHostName(m_location.host);
    db.setPort(m_location.port);
    db.setUserName(m_location.user);
    db.setPassword(m_location.password);
    db.setDatabaseName(m_location.database);
    // A tenant's schema (IssuerDatabaseLocation::forTenant) is the search_path of every connection, reconnects
    // included, so no statement names it.
    db.setConnectOptions(
        m_location.schema.isEmpty()
            ? postgresConnectOptions
            : QString(postgresConnectOptions)
                  .replace(
                      QStringLiteral("'-c client_min_messages=warning'"),
                      QStringLiteral("'-c client_min_messages=warning -c search_path=%1'").arg(m_location.schema)));
    if (db.open()) {
        // Replicas creating the schema at once may collide (a unique violation); the second try finds it made.
        if (!m_location.schema.isEmpty()
            && !exec(QStringLiteral("CREATE SCHEMA IF NOT EXISTS %1").arg(m_location.schema))
            && !exec(QStringLiteral("CREATE SCHEMA IF NOT EXISTS %1").arg(m_location.schema))) {
            m_openFailure = OpenFailure::BadLocation;
            return Error {"store.bad_location",
                          IssuerStoreText::tr("cannot create the schema at %1: %2").arg(m_path, m_lastError)};
        }
        return {};
    }
    // libpq's message says which: refused, timed out, unknown host, no such role or database, wrong password.
    const QString reason = db.lastError().text().trimmed();
    const bool serverAnswered = reason.contains(u"FATAL");
    if (serverAnswered) {
        m_openFailure = OpenFailure::BadLocation;
        return Error {"store.bad_location",
                      IssuerStoreText::tr("PostgreSQL at %1 refused the connection: %2").arg(m_path, reason)};
    }
    m_openFailure = OpenFailure::Unreachable;
    return Error {"store.unreachable", IssuerStoreText::tr("cannot reach PostgreSQL at %1: %2").arg(m_path, reason)};
}

bool IssuerStore::reconnect()
{
    if (m_available)
        return true;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.close();
    if (!db.open()) {
        m_lastError = db.lastError().text().trimmed();
        return false;
    }
    m_available = true;
    return true;
}

std::optional<qint64> IssuerStore::stateGeneration()
{
    // One round trip with no prepare step: this runs before every request.
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'state_generation'")) || !query.next()) {
        noteFailure(query.lastError().nativeErrorCode(), query.lastError().text());
        return std::nullopt;
    }
    return query.value(0).toLongLong();
}

bool IssuerStore::bumpStateGeneration()
{
    return exec(QStringLiteral("UPDATE meta SET value = value + 1 WHERE key = 'state_generation'"));
}

QString IssuerStore::forUpdate(RowLock lock) const
{
    return lock == RowLock::ForUpdate && m_location.backend == Backend::Postgres ? QStringLiteral(" FOR UPDATE")
                                                                                 : QString();
}

IssuerStore::Transaction::Transaction(IssuerStore &store, TransactionScope scope) : m_store(store)
{
    if (m_store.m_transactionDepth == 0) {
        // SQLite: IMMEDIATE takes the write lock up front, so read-decide-write cannot interleave with another
        // writer. PostgreSQL: rows are locked as they are read (RowLock), and the issuer-wide lock when asked.
        m_active = m_store.exec(m_store.backend() == Backend::Postgres ? QStringLiteral("BEGIN")
                                                                       : QStringLiteral("BEGIN IMMEDIATE"));
        m_outermost = m_active;
        m_store.m_rollbackOnly = false;
    } else {
        m_active = true;
    }
    if (m_active && scope == TransactionScope::IssuerState && m_store.backend() == Backend::Postgres
        && !m_store.exec(issuerStateLock)) {
        if (m_outermost)
            (void)m_store.exec(QStringLiteral("ROLLBACK"));
        else
            m_store.m_rollbackOnly = true;
        m_active = false;
    }
    if (m_active)
        ++m_store.m_transactionDepth;
}

IssuerStore::Transaction::~Transaction()
{
    if (!m_active)
        return;
    --m_store.m_transactionDepth;
    if (m_outermost)
        (void)m_store.exec(QStringLiteral("ROLLBACK"));
    else
        m_store.m_rollbackOnly = true;
}

bool IssuerStore::Transaction::commit()
{
    if (!m_active)
        return false;
    m_active = false;
    --m_store.m_transactionDepth;
    if (!m_outermost)
        return !m_store.m_rollbackOnly;
    if (!m_store.m_rollbackOnly && m_store.exec(QStringLiteral("COMMIT")))
        return true;
    if (m_store.m_rollbackOnly)
        m_store.m_lastError = IssuerStoreText::tr("a step of the transaction failed; it was rolled back");
    (void)m_store.exec(QStringLiteral("ROLLBACK"));
    m_store.m_rollbackOnly = false;
    return false;
}

class IssuerStore::Statement
{
public:
    Statement(IssuerStore &store, const QString &sql)
        : m_query(QSqlDatabase::database(store.m_connection, false)), m_store(store)
    {
        m_prepared = m_query.prepare(sql);
        if (!m_prepared)
            m_store.noteFailure(m_query.lastError().nativeErrorCode(), m_query.lastError().text());
    }
    Statement &bind(const QVariant &value)
    {
        // Qt SQL binds a null QString as SQL NULL; an absent text is the empty string here.
        if (value.typeId() == QMetaType::QString && value.toString().isNull())
            m_query.addBindValue(QVariant(QString(QLatin1String(""))));
        else
            m_query.addBindValue(value);
        return *this;
    }
    bool exec()
    {
        if (!m_prepared)
            return false;
        if (!m_query.exec()) {
            m_store.noteFailure(m_query.lastError().nativeErrorCode(), m_query.lastError().text());
            return false;
        }
        return true;
    }
    QSqlQuery &query() { return m_query; }

private:
    QSqlQuery m_query;
    IssuerStore &m_store;
    bool m_prepared = false;
};

bool IssuerStore::replaceClientsAndUsers(const QList<IssuerClient> &clients, const QList<IssuerUser> &users)
{
    Transaction transaction(*this);
    if (!transaction.isActive() || !exec(QStringLiteral("DELETE FROM clients")))
        return false;
    for (const IssuerClient &client : clients) {
        Statement insert(*this, QStringLiteral("INSERT INTO clients (%1) VALUES (?, ?, ?, ?, ?)").arg(clientColumns));
        insert.bind(client.clientId)
            .bind(client.isConfidential() ? QVariant(IssuerTokens::sha256(client.secret.toUtf8()))
                                          : QVariant(QMetaType::fromType<QByteArray>()))
            .bind(listToJson(client.redirectUris))
            .bind(listToJson(client.grantTypes))
            .bind(client.scope);
        if (!insert.exec())
            return false;
    }
    QStringList usernames;
    for (const IssuerUser &user : users) {
        usernames << user.username;
        const QByteArray salt = IssuerTokens::randomBytes(16);
        Statement upsert(
            *this,
            QStringLiteral("INSERT INTO users (%1) VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (username) DO "
                           "UPDATE SET subject = excluded.subject, salt = excluded.salt, password_sha256 = "
                           "excluded.password_sha256, claims = excluded.claims")
                .arg(userColumns));
        upsert.bind(user.username)
            .bind(user.subject)
            .bind(salt)
            .bind(IssuerTokens::sha256(salt + user.password.toUtf8()))
            .bind(QString::fromUtf8(
                QJsonDocument(QJsonObject::fromVariantMap(user.claims)).toJson(QJsonDocument::Compact)));
        if (!upsert.exec())
            return false;
    }
    // Users no longer in the configuration go; their families stay (revocation history is kept).
    {
        Statement all(*this, QStringLiteral("SELECT username FROM users"));
        if (!all.exec())
            return false;
        QStringList gone;
        while (all.query().next()) {
            if (!usernames.contains(all.query().value(0).toString()))
                gone << all.query().value(0).toString();
        }
        for (const QString &name : std::as_const(gone)) {
            Statement remove(*this, QStringLiteral("DELETE FROM users WHERE username = ?"));
            if (!remove.bind(name).exec())
                return false;
        }
    }
    return bumpStateGeneration() && transaction.commit();
}

bool IssuerStore::hasClients()
{
    Statement count(*this, QStringLiteral("SELECT COUNT(*) FROM clients"));
    return count.exec() && count.query().next() && count.query().value(0).toInt() > 0;
}

std::optional<StoredClient> IssuerStore::client(const QString &clientId)
{
    Statement select(*this, QStringLiteral("SELECT %1 FROM clients WHERE client_id = ?").arg(clientColumns));
    if (!select.bind(clientId).exec() || !select.query().next())
        return std::nullopt;
    return clientFrom(select.query());
}

QList<StoredClient> IssuerStore::clients()
{
    QList<StoredClient> list;
    Statement select(*this, QStringLiteral("SELECT %1 FROM clients ORDER BY client_id").arg(clientColumns));
    if (select.exec()) {
        while (select.query().next())
            list << clientFrom(select.query());
    }
    return list;
}

std::optional<StoredUser> IssuerStore::user(const QString &username)
{
    Statement select(*this, QStringLiteral("SELECT %1 FROM users WHERE username = ?").arg(userColumns));
    if (!select.bind(username).exec() || !select.query().next())
        return std::nullopt;
    return userFrom(select.query());
}

std::optional<StoredUser> IssuerStore::userBySubject(const QString &subject)
{
    Statement select(*this, QStringLiteral("SELECT %1 FROM users WHERE subject = ?").arg(userColumns));
    if (!select.bind(subject).exec() || !select.query().next())
        return std::nullopt;
    return userFrom(select.query());
}

QList<StoredUser> IssuerStore::users()
{
    QList<StoredUser> list;
    Statement select(*this, QStringLiteral("SELECT %1 FROM users ORDER BY username").arg(userColumns));
    if (select.exec()) {
        while (select.query().next())
            list << userFrom(select.query());
    }
    return list;
}

bool IssuerStore::setBanned(const QString &username, bool banned)
{
    Statement update(*this, QStringLiteral("UPDATE users SET banned = ? WHERE username = ?"));
    return update.bind(banned ? 1 : 0).bind(username).exec() && update.query().numRowsAffected() == 1;
}

bool IssuerStore::setClaims(const QString &username, const QVariantMap &claims)
{
    Statement update(*this, QStringLiteral("UPDATE users SET claims = ? WHERE username = ?"));
    return update
               .bind(
                   QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(claims)).toJson(QJsonDocument::Compact)))
               .bind(username)
               .exec()
        && update.query().numRowsAffected() == 1;
}

std::optional<qint64> IssuerStore::metaInteger(const QString &key)
{
    Statement select(*this, QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    if (!select.bind(key).exec() || !select.query().next())
        return std::nullopt;
    return select.query().value(0).toLongLong();
}

bool IssuerStore::setMetaInteger(const QString &key, qint64 value)
{
    Statement upsert(*this,
                     QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value "
                                    "= excluded.value"));
    return upsert.bind(key).bind(value).exec() && bumpStateGeneration();
}

QList<StoredKey> IssuerStore::keys()
{
    QList<StoredKey> list;
    Statement select(*this,
                     QStringLiteral("SELECT kid, alg, private_pem, created_at, publish_from, sign_from, retire_at FROM "
                                    "keys ORDER BY sign_from, created_at, kid"));
    if (select.exec()) {
        QSqlQuery &q = select.query();
        while (q.next()) {
            StoredKey key;
            key.kid = q.value(0).toString();
            key.algorithm = q.value(1).toString();
            key.privatePem = q.value(2).toByteArray();
            key.createdAt = q.value(3).toLongLong();
            key.publishFrom = q.value(4).toLongLong();
            key.signFrom = q.value(5).toLongLong();
            key.retireAt = q.value(6).toLongLong();
            list << key;
        }
    }
    return list;
}

bool IssuerStore::insertKey(const StoredKey &key)
{
    Statement insert(*this,
                     QStringLiteral("INSERT INTO keys (kid, alg, private_pem, created_at, publish_from, sign_from, "
                                    "retire_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    return insert.bind(key.kid)
               .bind(key.algorithm)
               .bind(key.privatePem)
               .bind(key.createdAt)
               .bind(key.publishFrom)
               .bind(key.signFrom)
               .bind(key.retireAt)
               .exec()
        && bumpStateGeneration();
}

bool IssuerStore::setKeyRetireAt(const QString &kid, qint64 retireAt)
{
    Statement update(*this, QStringLiteral("UPDATE keys SET retire_at = ? WHERE kid = ?"));
    return update.bind(retireAt).bind(kid).exec() && bumpStateGeneration();
}

bool IssuerStore::deleteKey(const QString &kid)
{
    Statement remove(*this, QStringLiteral("DELETE FROM keys WHERE kid = ?"));
    return remove.bind(kid).exec() && bumpStateGeneration();
}

bool IssuerStore::insertFamily(const StoredFamily &family)
{
    Statement insert(
        *this,
        QStringLiteral("INSERT INTO families (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(familyColumns));
    return insert.bind(family.id)
        .bind(family.clientId)
        .bind(family.subject)
        .bind(family.scope)
        .bind(family.authTime)
        .bind(family.state.createdAt)
        .bind(nullableExpiry(family.state.expiresAt))
        .bind(family.state.generation)
        .bind(family.state.generationIssuedAt)
        .bind(family.state.lastRotatedAt)
        .bind(family.state.revoked ? 1 : 0)
        .bind(family.revokedReason)
        .bind(family.revokedAt)
        .exec();
}

std::optional<StoredFamily> IssuerStore::family(const QString &id, RowLock lock)
{
    Statement select(*this,
                     QStringLiteral("SELECT %1 FROM families WHERE id = ?%2").arg(familyColumns, forUpdate(lock)));
    if (!select.bind(id).exec() || !select.query().next())
        return std::nullopt;
    return familyFrom(select.query());
}

bool IssuerStore::updateFamilyState(const QString &id, const RefreshFamilyState &state)
{
    Statement update(*this,
                     QStringLiteral("UPDATE families SET expires_at = ?, generation = ?, generation_issued_at = ?, "
                                    "last_rotated_at = ? WHERE id = ?"));
    return update.bind(nullableExpiry(state.expiresAt))
        .bind(state.generation)
        .bind(state.generationIssuedAt)
        .bind(state.lastRotatedAt)
        .bind(id)
        .exec();
}

bool IssuerStore::revokeFamily(const QString &id, const QString &reason, qint64 at)
{
    // The first revocation wins: its reason and time are the ones reported.
    Statement update(*this,
                     QStringLiteral("UPDATE families SET revoked = 1, revoked_reason = ?, revoked_at = ? WHERE id = ? "
                                    "AND revoked = 0"));
    return update.bind(reason).bind(at).bind(id).exec();
}

int IssuerStore::revokeFamiliesOfSubject(const QString &subject, const QString &reason, qint64 at)
{
    Statement update(*this,
                     QStringLiteral("UPDATE families SET revoked = 1, revoked_reason = ?, revoked_at = ? WHERE subject "
                                    "= ? AND revoked = 0"));
    if (!update.bind(reason).bind(at).bind(subject).exec())
        return -1;
    return update.query().numRowsAffected();
}

QList<StoredFamily> IssuerStore::families()
{
    QList<StoredFamily> list;
    Statement select(*this, QStringLiteral("SELECT %1 FROM families ORDER BY created_at, id").arg(familyColumns));
    if (select.exec()) {
        while (select.query().next())
            list << familyFrom(select.query());
    }
    return list;
}

bool IssuerStore::insertRefreshToken(const StoredRefreshToken &token)
{
    Statement insert(*this,
                     QStringLiteral("INSERT INTO refresh_tokens (token_sha256, family_id, generation, issued_at, "
                                    "sealed_next) VALUES (?, ?, ?, ?, ?)"));
    return insert.bind(token.tokenSha256)
        .bind(token.familyId)
        .bind(token.generation)
        .bind(token.issuedAt)
        .bind(token.sealedNext.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(token.sealedNext))
        .exec();
}

std::optional<StoredRefreshToken> IssuerStore::refreshToken(const QByteArray &tokenSha256)
{
    Statement select(*this,
                     QStringLiteral("SELECT token_sha256, family_id, generation, issued_at, sealed_next FROM "
                                    "refresh_tokens WHERE token_sha256 = ?"));
    if (!select.bind(tokenSha256).exec() || !select.query().next())
        return std::nullopt;
    return refreshTokenFrom(select.query());
}

std::optional<StoredRefreshToken> IssuerStore::refreshTokenOfGeneration(const QString &familyId, int generation)
{
    Statement select(*this,
                     QStringLiteral("SELECT token_sha256, family_id, generation, issued_at, sealed_next FROM "
                                    "refresh_tokens WHERE family_id = ? AND generation = ?"));
    if (!select.bind(familyId).bind(generation).exec() || !select.query().next())
        return std::nullopt;
    return refreshTokenFrom(select.query());
}

bool IssuerStore::setSealedNext(const QByteArray &tokenSha256, const QByteArray &sealedNext)
{
    Statement update(*this, QStringLiteral("UPDATE refresh_tokens SET sealed_next = ? WHERE token_sha256 = ?"));
    return update.bind(sealedNext).bind(tokenSha256).exec();
}

bool IssuerStore::revokeAccessToken(const QString &jti, qint64 expiresAt, qint64 at)
{
    Statement insert(*this,
                     QStringLiteral("INSERT INTO revoked_access_tokens (jti, expires_at, revoked_at) VALUES (?, ?, ?) "
                                    "ON CONFLICT (jti) DO NOTHING"));
    return insert.bind(jti).bind(expiresAt).bind(at).exec();
}

bool IssuerStore::isAccessTokenRevoked(const QString &jti)
{
    Statement select(*this, QStringLiteral("SELECT 1 FROM revoked_access_tokens WHERE jti = ?"));
    return select.bind(jti).exec() && select.query().next();
}

QList<StoredAccessRevocation> IssuerStore::revokedAccessTokens(qint64 expiringAfter)
{
    QList<StoredAccessRevocation> revocations;
    Statement select(
        *this,
        QStringLiteral("SELECT jti, expires_at, revoked_at FROM revoked_access_tokens WHERE expires_at > ? "
                       "ORDER BY revoked_at"));
    if (!select.bind(expiringAfter).exec())
        return revocations;
    while (select.query().next())
        revocations.append({select.query().value(0).toString(), select.query().value(1).toLongLong(),
                            select.query().value(2).toLongLong()});
    return revocations;
}

IssuerStore::ProofUse IssuerStore::useDpopProof(const QByteArray &proofSha256, qint64 expiresAt, qint64 now)
{
    Statement prune(*this, QStringLiteral("DELETE FROM dpop_proofs WHERE expires_at <= ?"));
    if (!prune.bind(now).exec())
        return ProofUse::Failed;
    // One statement decides: of two replicas inserting the same proof at once, one inserts, the other sees it.
    Statement insert(*this,
                     QStringLiteral("INSERT INTO dpop_proofs (proof_sha256, expires_at) VALUES (?, ?) ON CONFLICT "
                                    "(proof_sha256) DO NOTHING"));
    if (!insert.bind(proofSha256).bind(expiresAt).exec())
        return ProofUse::Failed;
    return insert.query().numRowsAffected() == 1 ? ProofUse::Fresh : ProofUse::Replayed;
}

bool IssuerStore::setFamilyDpopJkt(const QString &familyId, const QString &jkt)
{
    Statement update(*this, QStringLiteral("UPDATE families SET dpop_jkt = ? WHERE id = ?"));
    return update.bind(jkt).bind(familyId).exec() && update.query().numRowsAffected() == 1;
}

std::optional<QString> IssuerStore::familyDpopJkt(const QString &familyId)
{
    Statement select(*this, QStringLiteral("SELECT dpop_jkt FROM families WHERE id = ?"));
    if (!select.bind(familyId).exec() || !select.query().next())
        return std::nullopt;
    return select.query().value(0).toString();
}

QByteArray IssuerStore::sharedSecret(const QString &name, const QByteArray &candidate)
{
    Statement insert(
        *this, QStringLiteral("INSERT INTO issuer_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING"));
    if (!insert.bind(name).bind(candidate).exec())
        return {};
    Statement select(*this, QStringLiteral("SELECT value FROM issuer_secrets WHERE name = ?"));
    if (!select.bind(name).exec() || !select.query().next())
        return {};
    return select.query().value(0).toByteArray();
}

bool IssuerStore::insertCode(const StoredCode &code)
{
    Statement insert(*this,
                     QStringLiteral("INSERT INTO authorization_codes (code_sha256, client_id, redirect_uri, subject, "
                                    "scope, nonce, code_challenge, dpop_jkt, expires_at, auth_time, used, family_id) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '')"));
    return insert.bind(code.codeSha256)
        .bind(code.clientId)
        .bind(code.redirectUri)
        .bind(code.subject)
        .bind(code.scope)
        .bind(code.nonce)
        .bind(code.codeChallenge)
        .bind(code.dpopJkt)
        .bind(code.expiresAt)
        .bind(code.authTime)
        .exec();
}

std::optional<StoredCode> IssuerStore::code(const QByteArray &codeSha256, RowLock lock)
{
    Statement select(*this,
                     QStringLiteral("SELECT code_sha256, client_id, redirect_uri, subject, scope, nonce, "
                                    "code_challenge, expires_at, auth_time, used, family_id, dpop_jkt FROM "
                                    "authorization_codes "
                                    "WHERE code_sha256 = ?%1")
                         .arg(forUpdate(lock)));
    if (!select.bind(codeSha256).exec() || !select.query().next())
        return std::nullopt;
    const QSqlQuery &q = select.query();
    StoredCode code;
    code.codeSha256 = q.value(0).toByteArray();
    code.clientId = q.value(1).toString();
    code.redirectUri = q.value(2).toString();
    code.subject = q.value(3).toString();
    code.scope = q.value(4).toString();
    code.nonce = q.value(5).toString();
    code.codeChallenge = q.value(6).toString();
    code.expiresAt = q.value(7).toLongLong();
    code.authTime = q.value(8).toLongLong();
    code.used = q.value(9).toBool();
    code.familyId = q.value(10).toString();
    code.dpopJkt = q.value(11).toString();
    return code;
}

bool IssuerStore::markCodeUsed(const QByteArray &codeSha256, const QString &familyId)
{
    Statement update(*this,
                     QStringLiteral("UPDATE authorization_codes SET used = 1, family_id = ? WHERE code_sha256 = ?"));
    return update.bind(familyId).bind(codeSha256).exec();
}

QJsonObject IssuerStore::counts()
{
    QJsonObject object;
    const std::pair<const char *, const char *> counters[] = {
        {"families", "SELECT COUNT(*) FROM families"},
        {"revoked_families", "SELECT COUNT(*) FROM families WHERE revoked = 1"},
        {"refresh_tokens", "SELECT COUNT(*) FROM refresh_tokens"},
        {"revoked_access_tokens", "SELECT COUNT(*) FROM revoked_access_tokens"},
        {"dpop_proofs", "SELECT COUNT(*) FROM dpop_proofs"},
        {"keys", "SELECT COUNT(*) FROM keys"},
    };
    for (const auto &[name, sql] : counters) {
        Statement count(*this, QString::fromLatin1(sql));
        if (count.exec() && count.query().next())
            object.insert(QString::fromLatin1(name), count.query().value(0).toLongLong());
    }
    return object;
}

} // namespace tokenscope::issuer
