#pragma once

#include "issuer/IssuerConfig.h"
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

struct StoredClient
{
    QString clientId;
    QByteArray secretSha256; // empty: a public client
    QStringList redirectUris;
    QStringList grantTypes;
    QString scope;
    [[nodiscard]] bool isConfidential() const { return !secretSha256.isEmpty(); }
};

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

struct StoredCode
{
    QByteArray codeSha256;
    QString clientId;
    QString redirectUri;
    QString subject;
    QString scope;
    QString nonce;
    QString codeChallenge;
    qint64 expiresAt = 0;
    qint64 authTime = 0;
    bool used = false;
    QString familyId; // the family the code's exchange started (revoked when the code is replayed)
};

// The mock issuer's state in SQLite through Qt SQL (QSQLITE): WAL journal, every change in one transaction, so a
// kill -9 at any moment leaves either the state before a request or the state after it (SQLite's atomic commit;
// synchronous=NORMAL in WAL mode is durable across process crashes, not across power loss). The file is created
// with permissions 0600: it holds the issuer's private test keys.
class IssuerStore
{
public:
    IssuerStore();
    ~IssuerStore();
    IssuerStore(const IssuerStore &) = delete;
    IssuerStore &operator=(const IssuerStore &) = delete;

    [[nodiscard]] bool open(const QString &path, QString *error);
    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] QString lastError() const { return m_lastError; }

    // Transactions: BEGIN IMMEDIATE … COMMIT. The guard rolls back when it is destroyed uncommitted.
    class Transaction
    {
    public:
        explicit Transaction(IssuerStore &store);
        ~Transaction();
        Transaction(const Transaction &) = delete;
        Transaction &operator=(const Transaction &) = delete;
        [[nodiscard]] bool isActive() const { return m_active; }
        [[nodiscard]] bool commit();

    private:
        IssuerStore &m_store;
        bool m_active = false;
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

    [[nodiscard]] std::optional<qint64> metaInteger(const QString &key);
    [[nodiscard]] bool setMetaInteger(const QString &key, qint64 value);

    [[nodiscard]] QList<StoredKey> keys();
    [[nodiscard]] bool insertKey(const StoredKey &key);
    [[nodiscard]] bool setKeyRetireAt(const QString &kid, qint64 retireAt);
    [[nodiscard]] bool deleteKey(const QString &kid);

    [[nodiscard]] bool insertFamily(const StoredFamily &family);
    [[nodiscard]] std::optional<StoredFamily> family(const QString &id);
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

    [[nodiscard]] bool insertCode(const StoredCode &code);
    [[nodiscard]] std::optional<StoredCode> code(const QByteArray &codeSha256);
    [[nodiscard]] bool markCodeUsed(const QByteArray &codeSha256, const QString &familyId);

    // Counts for the admin state view and tests.
    [[nodiscard]] QJsonObject counts();

private:
    friend class Transaction;
    bool exec(const QString &sql);
    QString m_connection;
    QString m_path;
    QString m_lastError;
};

} // namespace tokenscope::issuer
