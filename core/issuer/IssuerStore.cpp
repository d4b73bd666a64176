#include "issuer/IssuerStore.h"

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

QString tr(const char *text)
{
    return QCoreApplication::translate("IssuerStore", text);
}

constexpr int schemaVersion = 1;

const char *const schema[] = {
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS clients (client_id TEXT PRIMARY KEY, secret_sha256 BLOB, redirect_uris TEXT NOT NULL,"
    " grant_types TEXT NOT NULL, scope TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, subject TEXT NOT NULL UNIQUE, salt BLOB NOT NULL,"
    " password_sha256 BLOB NOT NULL, claims TEXT NOT NULL, banned INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS keys (kid TEXT PRIMARY KEY, alg TEXT NOT NULL, private_pem BLOB NOT NULL,"
    " created_at INTEGER NOT NULL, publish_from INTEGER NOT NULL, sign_from INTEGER NOT NULL,"
    " retire_at INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS families (id TEXT PRIMARY KEY, client_id TEXT NOT NULL, subject TEXT NOT NULL,"
    " scope TEXT NOT NULL, auth_time INTEGER NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER,"
    " generation INTEGER NOT NULL, generation_issued_at INTEGER NOT NULL, last_rotated_at INTEGER NOT NULL,"
    " revoked INTEGER NOT NULL DEFAULT 0, revoked_reason TEXT NOT NULL DEFAULT '', revoked_at INTEGER NOT NULL DEFAULT "
    "0)",
    "CREATE INDEX IF NOT EXISTS families_subject ON families (subject)",
    // UNIQUE (family_id, generation): a generation is written once, whatever happens to the process.
    "CREATE TABLE IF NOT EXISTS refresh_tokens (token_sha256 BLOB PRIMARY KEY, family_id TEXT NOT NULL"
    " REFERENCES families (id), generation INTEGER NOT NULL, issued_at INTEGER NOT NULL, sealed_next BLOB,"
    " UNIQUE (family_id, generation))",
    "CREATE TABLE IF NOT EXISTS revoked_access_tokens (jti TEXT PRIMARY KEY, expires_at INTEGER NOT NULL,"
    " revoked_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS authorization_codes (code_sha256 BLOB PRIMARY KEY, client_id TEXT NOT NULL,"
    " redirect_uri TEXT NOT NULL, subject TEXT NOT NULL, scope TEXT NOT NULL, nonce TEXT NOT NULL,"
    " code_challenge TEXT NOT NULL, expires_at INTEGER NOT NULL, auth_time INTEGER NOT NULL,"
    " used INTEGER NOT NULL DEFAULT 0, family_id TEXT NOT NULL DEFAULT '')",
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

bool IssuerStore::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(sql)) {
        m_lastError = query.lastError().text();
        return false;
    }
    return true;
}

bool IssuerStore::open(const QString &path, QString *error)
{
    auto failed = [&](const QString &message) {
        m_lastError = message;
        if (error)
            *error = message;
        return false;
    };
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return failed(tr("the Qt SQLite driver (QSQLITE, Debian package libqt6sql6-sqlite) is not installed"));
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return failed(tr("cannot create the folder %1").arg(info.absolutePath()));
    // Create the file owner-only before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    {
        QFile file(path);
        const bool existed = file.exists();
        if (!file.open(QIODevice::ReadWrite))
            return failed(tr("cannot open %1: %2").arg(path, file.errorString()));
        if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) && !existed)
            return failed(tr("cannot make %1 private (0600)").arg(path));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return failed(tr("cannot open the database %1: %2").arg(path, db.lastError().text()));
    m_path = path;
    // WAL: a reader never sees a half-written transaction and a crash leaves the last committed state.
    // synchronous=NORMAL is durable across process crashes (kill -9) in WAL mode.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
        if (!exec(QString::fromLatin1(pragma)))
            return failed(tr("cannot set up the database %1: %2").arg(path, m_lastError));
    }
    {
        Transaction transaction(*this);
        for (const char *statement : schema) {
            if (!exec(QString::fromLatin1(statement)))
                return failed(tr("cannot create the schema in %1: %2").arg(path, m_lastError));
        }
        const std::optional<qint64> version = metaInteger(QStringLiteral("schema_version"));
        if (version && *version != schemaVersion)
            return failed(tr("%1 has schema version %2; this Tokenscope reads version %3")
                              .arg(path)
                              .arg(*version)
                              .arg(schemaVersion));
        if (!version && !setMetaInteger(QStringLiteral("schema_version"), schemaVersion))
            return failed(m_lastError);
        if (!transaction.commit())
            return failed(m_lastError);
    }
    return true;
}

IssuerStore::Transaction::Transaction(IssuerStore &store) : m_store(store)
{
    // IMMEDIATE: take the write lock up front, so read-decide-write cannot interleave with another writer.
    m_active = m_store.exec(QStringLiteral("BEGIN IMMEDIATE"));
}

IssuerStore::Transaction::~Transaction()
{
    if (m_active)
        (void)m_store.exec(QStringLiteral("ROLLBACK"));
}

bool IssuerStore::Transaction::commit()
{
    if (!m_active)
        return false;
    m_active = false;
    if (m_store.exec(QStringLiteral("COMMIT")))
        return true;
    (void)m_store.exec(QStringLiteral("ROLLBACK"));
    return false;
}

namespace {

class Statement
{
public:
    Statement(const QString &connection, const QString &sql, QString &error)
        : m_query(QSqlDatabase::database(connection, false)), m_error(error)
    {
        m_prepared = m_query.prepare(sql);
        if (!m_prepared)
            m_error = m_query.lastError().text();
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
            m_error = m_query.lastError().text();
            return false;
        }
        return true;
    }
    QSqlQuery &query() { return m_query; }

private:
    QSqlQuery m_query;
    QString &m_error;
    bool m_prepared = false;
};

} // namespace

bool IssuerStore::replaceClientsAndUsers(const QList<IssuerClient> &clients, const QList<IssuerUser> &users)
{
    Transaction transaction(*this);
    if (!transaction.isActive() || !exec(QStringLiteral("DELETE FROM clients")))
        return false;
    for (const IssuerClient &client : clients) {
        Statement insert(m_connection,
                         QStringLiteral("INSERT INTO clients (%1) VALUES (?, ?, ?, ?, ?)").arg(clientColumns),
                         m_lastError);
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
            m_connection,
            QStringLiteral("INSERT INTO users (%1) VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (username) DO "
                           "UPDATE SET subject = excluded.subject, salt = excluded.salt, password_sha256 = "
                           "excluded.password_sha256, claims = excluded.claims")
                .arg(userColumns),
            m_lastError);
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
        Statement all(m_connection, QStringLiteral("SELECT username FROM users"), m_lastError);
        if (!all.exec())
            return false;
        QStringList gone;
        while (all.query().next()) {
            if (!usernames.contains(all.query().value(0).toString()))
                gone << all.query().value(0).toString();
        }
        for (const QString &name : std::as_const(gone)) {
            Statement remove(m_connection, QStringLiteral("DELETE FROM users WHERE username = ?"), m_lastError);
            if (!remove.bind(name).exec())
                return false;
        }
    }
    return transaction.commit();
}

bool IssuerStore::hasClients()
{
    Statement count(m_connection, QStringLiteral("SELECT COUNT(*) FROM clients"), m_lastError);
    return count.exec() && count.query().next() && count.query().value(0).toInt() > 0;
}

std::optional<StoredClient> IssuerStore::client(const QString &clientId)
{
    Statement select(m_connection, QStringLiteral("SELECT %1 FROM clients WHERE client_id = ?").arg(clientColumns),
                     m_lastError);
    if (!select.bind(clientId).exec() || !select.query().next())
        return std::nullopt;
    return clientFrom(select.query());
}

QList<StoredClient> IssuerStore::clients()
{
    QList<StoredClient> list;
    Statement select(m_connection, QStringLiteral("SELECT %1 FROM clients ORDER BY client_id").arg(clientColumns),
                     m_lastError);
    if (select.exec()) {
        while (select.query().next())
            list << clientFrom(select.query());
    }
    return list;
}

std::optional<StoredUser> IssuerStore::user(const QString &username)
{
    Statement select(m_connection, QStringLiteral("SELECT %1 FROM users WHERE username = ?").arg(userColumns),
                     m_lastError);
    if (!select.bind(username).exec() || !select.query().next())
        return std::nullopt;
    return userFrom(select.query());
}

std::optional<StoredUser> IssuerStore::userBySubject(const QString &subject)
{
    Statement select(m_connection, QStringLiteral("SELECT %1 FROM users WHERE subject = ?").arg(userColumns),
                     m_lastError);
    if (!select.bind(subject).exec() || !select.query().next())
        return std::nullopt;
    return userFrom(select.query());
}

QList<StoredUser> IssuerStore::users()
{
    QList<StoredUser> list;
    Statement select(m_connection, QStringLiteral("SELECT %1 FROM users ORDER BY username").arg(userColumns),
                     m_lastError);
    if (select.exec()) {
        while (select.query().next())
            list << userFrom(select.query());
    }
    return list;
}

bool IssuerStore::setBanned(const QString &username, bool banned)
{
    Statement update(m_connection, QStringLiteral("UPDATE users SET banned = ? WHERE username = ?"), m_lastError);
    return update.bind(banned ? 1 : 0).bind(username).exec() && update.query().numRowsAffected() == 1;
}

std::optional<qint64> IssuerStore::metaInteger(const QString &key)
{
    Statement select(m_connection, QStringLiteral("SELECT value FROM meta WHERE key = ?"), m_lastError);
    if (!select.bind(key).exec() || !select.query().next())
        return std::nullopt;
    return select.query().value(0).toLongLong();
}

bool IssuerStore::setMetaInteger(const QString &key, qint64 value)
{
    Statement upsert(m_connection,
                     QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value "
                                    "= excluded.value"),
                     m_lastError);
    return upsert.bind(key).bind(value).exec();
}

QList<StoredKey> IssuerStore::keys()
{
    QList<StoredKey> list;
    Statement select(m_connection,
                     QStringLiteral("SELECT kid, alg, private_pem, created_at, publish_from, sign_from, retire_at FROM "
                                    "keys ORDER BY sign_from, created_at"),
                     m_lastError);
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
    Statement insert(m_connection,
                     QStringLiteral("INSERT INTO keys (kid, alg, private_pem, created_at, publish_from, sign_from, "
                                    "retire_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                     m_lastError);
    return insert.bind(key.kid)
        .bind(key.algorithm)
        .bind(key.privatePem)
        .bind(key.createdAt)
        .bind(key.publishFrom)
        .bind(key.signFrom)
        .bind(key.retireAt)
        .exec();
}

bool IssuerStore::setKeyRetireAt(const QString &kid, qint64 retireAt)
{
    Statement update(m_connection, QStringLiteral("UPDATE keys SET retire_at = ? WHERE kid = ?"), m_lastError);
    return update.bind(retireAt).bind(kid).exec();
}

bool IssuerStore::deleteKey(const QString &kid)
{
    Statement remove(m_connection, QStringLiteral("DELETE FROM keys WHERE kid = ?"), m_lastError);
    return remove.bind(kid).exec();
}

bool IssuerStore::insertFamily(const StoredFamily &family)
{
    Statement insert(
        m_connection,
        QStringLiteral("INSERT INTO families (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(familyColumns),
        m_lastError);
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

std::optional<StoredFamily> IssuerStore::family(const QString &id)
{
    Statement select(m_connection, QStringLiteral("SELECT %1 FROM families WHERE id = ?").arg(familyColumns),
                     m_lastError);
    if (!select.bind(id).exec() || !select.query().next())
        return std::nullopt;
    return familyFrom(select.query());
}

bool IssuerStore::updateFamilyState(const QString &id, const RefreshFamilyState &state)
{
    Statement update(m_connection,
                     QStringLiteral("UPDATE families SET expires_at = ?, generation = ?, generation_issued_at = ?, "
                                    "last_rotated_at = ? WHERE id = ?"),
                     m_lastError);
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
    Statement update(m_connection,
                     QStringLiteral("UPDATE families SET revoked = 1, revoked_reason = ?, revoked_at = ? WHERE id = ? "
                                    "AND revoked = 0"),
                     m_lastError);
    return update.bind(reason).bind(at).bind(id).exec();
}

int IssuerStore::revokeFamiliesOfSubject(const QString &subject, const QString &reason, qint64 at)
{
    Statement update(m_connection,
                     QStringLiteral("UPDATE families SET revoked = 1, revoked_reason = ?, revoked_at = ? WHERE subject "
                                    "= ? AND revoked = 0"),
                     m_lastError);
    if (!update.bind(reason).bind(at).bind(subject).exec())
        return -1;
    return update.query().numRowsAffected();
}

QList<StoredFamily> IssuerStore::families()
{
    QList<StoredFamily> list;
    Statement select(m_connection, QStringLiteral("SELECT %1 FROM families ORDER BY created_at, id").arg(familyColumns),
                     m_lastError);
    if (select.exec()) {
        while (select.query().next())
            list << familyFrom(select.query());
    }
    return list;
}

bool IssuerStore::insertRefreshToken(const StoredRefreshToken &token)
{
    Statement insert(m_connection,
                     QStringLiteral("INSERT INTO refresh_tokens (token_sha256, family_id, generation, issued_at, "
                                    "sealed_next) VALUES (?, ?, ?, ?, ?)"),
                     m_lastError);
    return insert.bind(token.tokenSha256)
        .bind(token.familyId)
        .bind(token.generation)
        .bind(token.issuedAt)
        .bind(token.sealedNext.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(token.sealedNext))
        .exec();
}

std::optional<StoredRefreshToken> IssuerStore::refreshToken(const QByteArray &tokenSha256)
{
    Statement select(m_connection,
                     QStringLiteral("SELECT token_sha256, family_id, generation, issued_at, sealed_next FROM "
                                    "refresh_tokens WHERE token_sha256 = ?"),
                     m_lastError);
    if (!select.bind(tokenSha256).exec() || !select.query().next())
        return std::nullopt;
    return refreshTokenFrom(select.query());
}

std::optional<StoredRefreshToken> IssuerStore::refreshTokenOfGeneration(const QString &familyId, int generation)
{
    Statement select(m_connection,
                     QStringLiteral("SELECT token_sha256, family_id, generation, issued_at, sealed_next FROM "
                                    "refresh_tokens WHERE family_id = ? AND generation = ?"),
                     m_lastError);
    if (!select.bind(familyId).bind(generation).exec() || !select.query().next())
        return std::nullopt;
    return refreshTokenFrom(select.query());
}

bool IssuerStore::setSealedNext(const QByteArray &tokenSha256, const QByteArray &sealedNext)
{
    Statement update(m_connection, QStringLiteral("UPDATE refresh_tokens SET sealed_next = ? WHERE token_sha256 = ?"),
                     m_lastError);
    return update.bind(sealedNext).bind(tokenSha256).exec();
}

bool IssuerStore::revokeAccessToken(const QString &jti, qint64 expiresAt, qint64 at)
{
    Statement insert(m_connection,
                     QStringLiteral("INSERT OR IGNORE INTO revoked_access_tokens (jti, expires_at, revoked_at) VALUES "
                                    "(?, ?, ?)"),
                     m_lastError);
    return insert.bind(jti).bind(expiresAt).bind(at).exec();
}

bool IssuerStore::isAccessTokenRevoked(const QString &jti)
{
    Statement select(m_connection, QStringLiteral("SELECT 1 FROM revoked_access_tokens WHERE jti = ?"), m_lastError);
    return select.bind(jti).exec() && select.query().next();
}

QList<StoredAccessRevocation> IssuerStore::revokedAccessTokens(qint64 expiringAfter)
{
    QList<StoredAccessRevocation> revocations;
    Statement select(
        m_connection,
        QStringLiteral("SELECT jti, expires_at, revoked_at FROM revoked_access_tokens WHERE expires_at > ? "
                       "ORDER BY revoked_at"),
        m_lastError);
    if (!select.bind(expiringAfter).exec())
        return revocations;
    while (select.query().next())
        revocations.append({select.query().value(0).toString(), select.query().value(1).toLongLong(),
                            select.query().value(2).toLongLong()});
    return revocations;
}

bool IssuerStore::insertCode(const StoredCode &code)
{
    Statement insert(m_connection,
                     QStringLiteral("INSERT INTO authorization_codes (code_sha256, client_id, redirect_uri, subject, "
                                    "scope, nonce, code_challenge, expires_at, auth_time, used, family_id) VALUES (?, "
                                    "?, ?, ?, ?, ?, ?, ?, ?, 0, '')"),
                     m_lastError);
    return insert.bind(code.codeSha256)
        .bind(code.clientId)
        .bind(code.redirectUri)
        .bind(code.subject)
        .bind(code.scope)
        .bind(code.nonce)
        .bind(code.codeChallenge)
        .bind(code.expiresAt)
        .bind(code.authTime)
        .exec();
}

std::optional<StoredCode> IssuerStore::code(const QByteArray &codeSha256)
{
    Statement select(m_connection,
                     QStringLiteral("SELECT code_sha256, client_id, redirect_uri, subject, scope, nonce, "
                                    "code_challenge, expires_at, auth_time, used, family_id FROM authorization_codes "
                                    "WHERE code_sha256 = ?"),
                     m_lastError);
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
    return code;
}

bool IssuerStore::markCodeUsed(const QByteArray &codeSha256, const QString &familyId)
{
    Statement update(m_connection,
                     QStringLiteral("UPDATE authorization_codes SET used = 1, family_id = ? WHERE code_sha256 = ?"),
                     m_lastError);
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
        {"keys", "SELECT COUNT(*) FROM keys"},
    };
    for (const auto &[name, sql] : counters) {
        Statement count(m_connection, QString::fromLatin1(sql), m_lastError);
        if (count.exec() && count.query().next())
            object.insert(QString::fromLatin1(name), count.query().value(0).toLongLong());
    }
    return object;
}

} // namespace tokenscope::issuer
