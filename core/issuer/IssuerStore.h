#pragma once

#include "common/Result.h"
#include "issuer/IssuerConfig.h"
#include "issuer/IssuerDatabaseLocation.h"
#include "policy/RefreshRules.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariantMap>

#include <optional>

namespace tokenscope::issuer {

// The rulebook's refresh families and decisions (core/policy), under the names the issuer's code uses.
using policy::RefreshDecision;
using policy::RefreshFamilyState;
namespace RefreshRules = policy::RefreshRules;

// A client as IssuerStore keeps it (RFC 6749 §2): its secret only as a SHA-256, its redirect URIs, grants and scope.
struct StoredClient
{
    QString clientId;
    QByteArray secretSha256; // empty: a public client
    QStringList redirectUris;
    QStringList grantTypes;
    QString scope;
    KeySet keys; // private_key_jwt keys, from the config (MockIssuer::loadClients), never stored
    [[nodiscard]] bool isConfidential() const { return !secretSha256.isEmpty() || !keys.isEmpty(); }
};

// A user as IssuerStore keeps it: a salted password hash, the claims put in their tokens, and whether banned.
struct StoredUser
{
    QString username;
    QString subject;
    QByteArray salt;
    QByteArray passwordSha256; // SHA-256(salt || password)
    QVariantMap claims;
    bool banned = false;
};

// One of the issuer's own signing keys. Published in the JWKS from `publishFrom` until `retireAt`; signs from
// `signFrom` until a newer key's `signFrom` (key rotation with overlap).
struct StoredKey
{
    QString kid;
    QString algorithm;
    QByteArray privatePem; // PKCS#8: the mock issuer's own throwaway test keys (docs/issuer.md says so)
    qint64 createdAt = 0;
    qint64 publishFrom = 0;
    qint64 signFrom = 0;
    qint64 retireAt = 0; // 0: not scheduled
};

// A refresh token family (one grant's chain of rotated refresh tokens): whose it is, its rotation state, revocation.
struct StoredFamily
{
    QString id;
    QString clientId;
    QString subject;
    QString scope;
    qint64 authTime = 0;
    RefreshFamilyState state;
    QString revokedReason;
    qint64 revokedAt = 0;
};

// One generation of a refresh family, found by the token's SHA-256; the token itself is never stored.
struct StoredRefreshToken
{
    QByteArray tokenSha256;
    QString familyId;
    int generation = 0;
    qint64 issuedAt = 0;
    // The next generation's token, sealed with a pad derived from this token (IssuerTokens::seal): only someone
    // holding this token can open it, which is what same-token grace and accepted reuse hand back.
    QByteArray sealedNext;
};

// An access token revoked by its jti (RFC 7009), as the admin state lists it for blocklists.
struct StoredAccessRevocation
{
    QString jti;
    qint64 expiresAt = 0;
    qint64 revokedAt = 0;
};

// An authorization code (RFC 6749 §4.1) by its SHA-256, with what its exchange must match (redirect URI, PKCE).
struct StoredCode
{
    QByteArray codeSha256;
    QString clientId;
    QString redirectUri;
    QString subject;
    QString scope;
    QString nonce;
    QString codeChallenge;
    QString dpopJkt; // RFC 9449 §10: the thumbprint of the key the code is bound to, or empty
    qint64 expiresAt = 0;
    qint64 authTime = 0;
    bool used = false;
    QString familyId; // the family the code's exchange started (revoked when the code is replayed)
};

// Whether a read takes a row lock for the rest of the transaction (PostgreSQL SELECT … FOR UPDATE). On SQLite every
// transaction already holds the database's write lock (BEGIN IMMEDIATE), so the lock is implied.
enum class RowLock { None, ForUpdate };

// The mock issuer's state through Qt SQL, in SQLite (QSQLITE, the embedded default) or PostgreSQL (QPSQL, shared by
// replicas). The schema is IssuerMigrations'. Every change is one transaction, so a kill -9 at any moment leaves
// either the state before a request or the state after it.
// SQLite: WAL journal (synchronous=NORMAL is durable across process crashes, not power loss); the file is created
// with permissions 0600, as it holds the issuer's private test keys.
// PostgreSQL: READ COMMITTED transactions; reads that decide a write lock their row (RowLock::ForUpdate), so two
// replicas refreshing the same token serialise on its family and the second sees the first one's rotation.
class IssuerStore
{
public:
    using Backend = IssuerDatabaseLocation::Backend;
    // Why open() failed, for `issuer serve`'s exit code (the database server could not be reached: 3; the location
    // or the schema is wrong: 2) and for MockIssuer's start error.
    enum class OpenFailure {
        None,
        BadLocation, // not a database location, the file cannot be created or opened, PostgreSQL refused the login
        Unreachable, // PostgreSQL did not answer
        Schema, // a migration failed (rolled back)
        SchemaTooNew, // a later Tokenscope wrote the database; it was left untouched
    };
    // Transactions that change what every replica holds in memory (keys, clock, configuration) take the issuer-wide
    // lock, so replicas make such changes one at a time and each decides on the latest state.
    enum class TransactionScope { Rows, IssuerState };

    IssuerStore();
    ~IssuerStore();
    IssuerStore(const IssuerStore &) = delete;
    IssuerStore &operator=(const IssuerStore &) = delete;

    // `location`: a SQLite file, or a postgresql:// URL (IssuerDatabaseLocation). Applies pending migrations.
    // Fails with "store.bad_location", "store.unreachable", "store.migration_failed" or "store.schema_too_new"
    // (openFailure() says the same).
    [[nodiscard]] Result<void> open(const QString &location);
    [[nodiscard]] Result<void> open(const IssuerDatabaseLocation &location);
    [[nodiscard]] OpenFailure openFailure() const { return m_openFailure; }
    [[nodiscard]] Backend backend() const { return m_location.backend; }
    // The SQLite file, or the PostgreSQL URL without its password.
    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] QString lastError() const { return m_lastError; }

    // False once a statement failed because the connection to PostgreSQL was lost (server stopped or restarted);
    // reconnect() then tries a new connection. SQLite is always available.
    [[nodiscard]] bool isAvailable() const { return m_available; }
    [[nodiscard]] bool reconnect();

    // A counter every change of keys, clock or configuration increments, in the same transaction: a replica that
    // sees a new value re-reads them (MockIssuer). nullopt when it cannot be read.
    [[nodiscard]] std::optional<qint64> stateGeneration();

    // Transactions: BEGIN IMMEDIATE (SQLite) or BEGIN (PostgreSQL) … COMMIT. The guard rolls back when it is
    // destroyed uncommitted. A guard made while another is active joins it: its commit() only reports, and its
    // rollback makes the outer transaction roll back.
    class Transaction
    {
    public:
        explicit Transaction(IssuerStore &store, TransactionScope scope = TransactionScope::Rows);
        ~Transaction();
        Transaction(const Transaction &) = delete;
        Transaction &operator=(const Transaction &) = delete;
        [[nodiscard]] bool isActive() const { return m_active; }
        [[nodiscard]] bool commit();

    private:
        IssuerStore &m_store;
        bool m_active = false;
        bool m_outermost = false;
    };

    // Configuration: clients and users replace the stored ones (bans are kept for users that remain).
    [[nodiscard]] bool replaceClientsAndUsers(const QList<IssuerClient> &clients, const QList<IssuerUser> &users);
    [[nodiscard]] bool hasClients();
    [[nodiscard]] std::optional<StoredClient> client(const QString &clientId);
    [[nodiscard]] QList<StoredClient> clients();
    [[nodiscard]] std::optional<StoredUser> user(const QString &username);
    [[nodiscard]] std::optional<StoredUser> userBySubject(const QString &subject);
    [[nodiscard]] QList<StoredUser> users();
    [[nodiscard]] bool setBanned(const QString &username, bool banned);
    // Replaces the claims kept for the user (what joins their tokens and introspection answers).
    [[nodiscard]] bool setClaims(const QString &username, const QVariantMap &claims);

    [[nodiscard]] std::optional<qint64> metaInteger(const QString &key);
    [[nodiscard]] bool setMetaInteger(const QString &key, qint64 value);

    [[nodiscard]] QList<StoredKey> keys();
    [[nodiscard]] bool insertKey(const StoredKey &key);
    [[nodiscard]] bool setKeyRetireAt(const QString &kid, qint64 retireAt);
    [[nodiscard]] bool deleteKey(const QString &kid);

    [[nodiscard]] bool insertFamily(const StoredFamily &family);
    [[nodiscard]] std::optional<StoredFamily> family(const QString &id, RowLock lock = RowLock::None);
    [[nodiscard]] bool updateFamilyState(const QString &id, const RefreshFamilyState &state);
    [[nodiscard]] bool revokeFamily(const QString &id, const QString &reason, qint64 at);
    // Revokes every live family of a subject; returns how many, or -1 on error.
    [[nodiscard]] int revokeFamiliesOfSubject(const QString &subject, const QString &reason, qint64 at);
    [[nodiscard]] QList<StoredFamily> families();

    [[nodiscard]] bool insertRefreshToken(const StoredRefreshToken &token);
    [[nodiscard]] std::optional<StoredRefreshToken> refreshToken(const QByteArray &tokenSha256);
    [[nodiscard]] std::optional<StoredRefreshToken> refreshTokenOfGeneration(const QString &familyId, int generation);
    [[nodiscard]] bool setSealedNext(const QByteArray &tokenSha256, const QByteArray &sealedNext);

    [[nodiscard]] bool revokeAccessToken(const QString &jti, qint64 expiresAt, qint64 at);
    [[nodiscard]] bool isAccessTokenRevoked(const QString &jti);
    // Revoked access tokens that expire after `expiringAfter` (older ones can no longer be used anyway).
    [[nodiscard]] QList<StoredAccessRevocation> revokedAccessTokens(qint64 expiringAfter);

    // DPoP (RFC 9449). A proof is used once: records its key, by the SHA-256 of its jkt and jti, until `expiresAt`
    // (after which its iat is out of the window anyway), pruning the expired ones first so the table stays bounded.
    enum class ProofUse { Fresh, Replayed, Failed };
    [[nodiscard]] ProofUse useDpopProof(const QByteArray &proofSha256, qint64 expiresAt, qint64 now);
    // The DPoP key (RFC 7638 thumbprint) a public client's refresh family is bound to (RFC 9449 §5); empty: none.
    [[nodiscard]] bool setFamilyDpopJkt(const QString &familyId, const QString &jkt);
    [[nodiscard]] std::optional<QString> familyDpopJkt(const QString &familyId);
    // A secret every replica shares: the stored one, or `candidate` stored now when there is none yet (the first
    // replica to ask wins). Empty on a store error.
    [[nodiscard]] QByteArray sharedSecret(const QString &name, const QByteArray &candidate);

    [[nodiscard]] bool insertCode(const StoredCode &code);
    [[nodiscard]] std::optional<StoredCode> code(const QByteArray &codeSha256, RowLock lock = RowLock::None);
    [[nodiscard]] bool markCodeUsed(const QByteArray &codeSha256, const QString &familyId);

    // Counts for the admin state view and tests.
    [[nodiscard]] QJsonObject counts();

private:
    friend class Transaction;
    class Statement;
    bool exec(const QString &sql);
    [[nodiscard]] Result<void> openSqlite();
    [[nodiscard]] Result<void> openPostgres();
    [[nodiscard]] bool bumpStateGeneration();
    [[nodiscard]] QString forUpdate(RowLock lock) const;
    void noteFailure(const QString &nativeCode, const QString &text);
    QString m_connection;
    IssuerDatabaseLocation m_location;
    QString m_path;
    QString m_lastError;
    OpenFailure m_openFailure = OpenFailure::None;
    bool m_available = true;
    int m_transactionDepth = 0;
    bool m_rollbackOnly = false; // a joined transaction failed: the outermost one must roll back
};

} // namespace tokenscope::issuer
