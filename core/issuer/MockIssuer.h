#pragma once

#include "common/Clock.h"
#include "crypto/Key.h"
#include "issuer/DpopProofCheck.h"
#include "issuer/HttpRequestHead.h"
#include "issuer/IssuerConfig.h"
#include "issuer/IssuerDatabaseLocation.h"
#include "issuer/IssuerStore.h"
#include "issuer/LocalRequestCheck.h"
#include "issuer/MockIssuerStartError.h"
#include "issuer/TokenKindRules.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QUrl>

#include <atomic>
#include <memory>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;
QT_END_NAMESPACE

namespace tokenscope::issuer {

class IssuerTenants;

// How a MockIssuer starts: its set-up, where it listens, its database, its clock and its HTTP limits.
struct MockIssuerOptions
{
    // Which addresses start() accepts. The issuer is a test tool with loopback-only admin endpoints: anything else
    // is refused unless asked for (`issuer serve --host`, which warns).
    enum class ListenScope { LoopbackOnly, AnyAddress };

    IssuerConfig config = IssuerConfig::demo();
    // True when `config` came from a file: its clients and users replace the stored ones. False: the stored ones
    // are kept, and the demo set-up is written only into an empty database.
    bool configGiven = false;
    QHostAddress address = QHostAddress(QHostAddress::LocalHost); // 127.0.0.1
    ListenScope listenScope = ListenScope::LoopbackOnly;
    quint16 port = 0; // 0: a free port
    QString databasePath; // a SQLite file or a postgresql:// URL (IssuerDatabaseLocation); empty: defaultDatabasePath()
    const Clock *clock = nullptr; // nullptr: the system clock; the admin API's advance adds an offset on top
    HttpLimits httpLimits; // sizes, time-outs and connections the HTTP front door allows (docs/issuer.md "HTTP")

    // A further issuer on the same listener, under /NAME (docs/issuer.md "Several issuers").
    struct Tenant
    {
        QString name; // IssuerTenantName's rule
        IssuerConfig config = IssuerConfig::demo();
        bool configGiven = false; // as MockIssuerOptions::configGiven, for this tenant's own database
    };
    // Started with the root issuer: those of config.tenants (with configGiven as above), then these; names are
    // unique across both, at most IssuerTenantName::maxTenants. Each keeps its state beside the root's
    // (IssuerDatabaseLocation::forTenant) and shares its clock and HTTP limits.
    QList<Tenant> tenants;
};

// One line of the request log (the GUI's live log, `issuer serve --verbose`). Never holds token values.
struct IssuerLogEntry
{
    qint64 time = 0; // issuer clock
    QString method;
    QString path;
    int status = 0;
    QString grantType;
    QString clientId;
    QString error; // the OAuth error code, when the response is an error
    QString fault; // the injected faults that changed this answer (IssuerFaults::describe), comma-separated
    QString detail; // why a 500 failed inside the issuer; for the operator's log, never sent to the client
};

// Tokens handed out by one token-endpoint response, for the GUI's list of issued tokens ("open in Inspect"). Only
// ever kept in memory by whoever listens; the issuer itself stores refresh tokens hashed.
struct IssuedTokens
{
    qint64 time = 0; // issuer clock
    QString grantType;
    QString clientId;
    QString subject;
    QString familyId; // the refresh family (the tokens' "sid"); empty for client_credentials
    QByteArray accessToken;
    QByteArray refreshToken;
    QByteArray idToken;
};

// The mock issuer: the rulebook's issuer policy (core/policy, shared with the simulator) served over HTTP on loopback
// with Qt HTTP Server, its state in SQLite (IssuerStore). Endpoints (docs/issuer.md): OIDC discovery, JWKS, token
// (client_credentials, password, refresh_token, authorization_code + PKCE), authorize (a login page), RFC 7009
// revocation, RFC 7662 introspection, userinfo, end-session, and a loopback-only admin API. Runs in the thread
// that owns it; every state change is one SQLite transaction.
class MockIssuer : public QObject
{
    Q_OBJECT

public:
    explicit MockIssuer(QObject *parent = nullptr);
    ~MockIssuer() override;

    // Checks the address, opens the database, applies the configuration, makes sure a signing key exists and starts
    // listening. On failure the error's code says why (one of MockIssuerStartError) and the issuer is not running.
    [[nodiscard]] Result<void> start(const MockIssuerOptions &options);
    void stop();
    [[nodiscard]] bool isRunning() const;

    // "http://127.0.0.1:PORT", or "http://127.0.0.1:PORT/NAME" for a tenant: the one source of this issuer's public
    // URL (its "iss", its discovery's endpoints), so every URL built from it carries the tenant's path.
    [[nodiscard]] QUrl issuerUrl() const;
    // "" for the root issuer, "/NAME" for a tenant.
    [[nodiscard]] QString basePath() const { return m_basePath; }
    [[nodiscard]] quint16 port() const { return m_port; }
    // Faults switched on at runtime (docs/issuer.md "Faults"); they start as the config's.
    [[nodiscard]] const IssuerFaults &faults() const { return m_config.faults; }
    void setFaults(const IssuerFaults &faults);
    [[nodiscard]] const IssuerConfig &config() const { return m_config; }
    [[nodiscard]] IssuerStore &store() { return m_store; }

    // The issuer's clock: the injected clock plus the offset the admin API added (kept in the database).
    [[nodiscard]] qint64 now() const;
    // The same clock as an object, for servers that must keep the issuer's time (a lab started with its issuer
    // judges tokens by it); safe to read from other threads.
    [[nodiscard]] const Clock &clock() const { return *m_clock; }
    // The admin actions fail with "issuer.clock_backwards" (the clock only moves forward), "issuer.no_user",
    // "issuer.bad_config", "issuer.state_not_stored" (the store's error) or the key ring's codes.
    [[nodiscard]] Result<void> advanceClock(qint64 seconds);
    // Sets the clock to `time` (NumericDate); forward only, so issued state never lies in the future.
    [[nodiscard]] Result<void> setClock(qint64 time);
    // Applies a configuration in the config file's JSON format (docs/issuer.md) while running.
    [[nodiscard]] Result<void> reconfigure(QByteArrayView json);
    // Publishes a new key now that signs after the policy's overlap; the current keys retire one overlap later.
    // The new key's kid.
    [[nodiscard]] Result<QString> rotateKeys();
    // Bans (and revokes every family of) a user, or lifts the ban.
    [[nodiscard]] Result<void> setUserBanned(const QString &username, bool banned);
    // Replaces a user's "roles" claim (a demotion): tokens issued from now on carry the new roles, and
    // introspection answers with them at once; access tokens already issued keep the roles they were signed with.
    [[nodiscard]] Result<void> setUserRoles(const QString &username, const QStringList &roles);

    // The public JWK Set currently published (RFC 7517 §5).
    [[nodiscard]] QByteArray jwks();

    // The tenants this (root) issuer serves, in the order they were given; a tenant by name, or nullptr. A tenant is
    // a MockIssuer of its own, owned by this one: its admin actions, faults and store are reached through it.
    [[nodiscard]] QStringList tenantNames() const;
    [[nodiscard]] MockIssuer *tenant(const QString &name) const;

    // The user data folder's database: <GenericDataLocation>/tokenscope/issuer.sqlite.
    [[nodiscard]] static QString defaultDatabasePath();

    // Largest request body accepted by default; larger requests get 413 with an RFC 6749 error body before the
    // body is read (HttpLimits::maxBodyBytes).
    static constexpr qint64 maxBodyBytes = HttpLimits {}.maxBodyBytes;

signals:
    void requestHandled(const tokenscope::issuer::IssuerLogEntry &entry);
    void tokensIssued(const tokenscope::issuer::IssuedTokens &tokens);
    void stateChanged(); // families, revocations, bans, keys or the clock changed

private:
    friend class IssuerTenants;

    struct Request;
    // A StoredKey ready for use: parsed once into its private and public halves, with its JWKS entry.
    struct LoadedKey
    {
        StoredKey stored;
        Key key; // with the private part, for signing
        Key publicKey; // for verifying the issuer's own tokens
        QByteArray publicJwk; // its entry in the JWKS
    };
    void appendKey(const StoredKey &stored, const Key &key);

    // Opens the store at `location` (nullptr: already open), applies the configuration and loads or makes the shared
    // state (keys, clock offset, clients).
    [[nodiscard]] Result<void> openState(const MockIssuerOptions &options, const IssuerDatabaseLocation *location);
    // A tenant (IssuerTenants): served by the root's listener at `address`:`port` under `basePath`, so it opens no
    // socket of its own; its state at `location`.
    [[nodiscard]] Result<void> startBehind(const MockIssuerOptions &options, const IssuerDatabaseLocation &location,
                                           const QString &basePath);
    // `path` relative to this issuer's base path ("/token"): the endpoint's answer, or a logged 404.
    QHttpServerResponse answer(const QString &path, const QHttpServerRequest &request);
    QHttpServerResponse notFound(const QHttpServerRequest &request, const QString &description);
    QHttpServerResponse dispatch(const QString &endpoint, const QHttpServerRequest &request);
    QHttpServerResponse handleDiscovery(Request &request);
    QHttpServerResponse handleJwks(Request &request);
    QHttpServerResponse handleToken(Request &request);
    QHttpServerResponse handleAuthorize(Request &request);
    QHttpServerResponse handleRevoke(Request &request);
    QHttpServerResponse handleIntrospect(Request &request);
    QHttpServerResponse handleUserinfo(Request &request);
    QHttpServerResponse handleEndSession(Request &request);
    QHttpServerResponse handleAdmin(Request &request, const QString &action);

    // The grant named by grant_type, for a client already authenticated and allowed it.
    QHttpServerResponse dispatchGrant(Request &request, const QString &grantType);
    QHttpServerResponse grantClientCredentials(Request &request);
    QHttpServerResponse grantPassword(Request &request);
    QHttpServerResponse grantRefreshToken(Request &request);
    QHttpServerResponse grantAuthorizationCode(Request &request);
    QHttpServerResponse grantTokenExchange(Request &request);
    QHttpServerResponse issueLoginTokens(Request &request, const QString &subject, const QString &scope,
                                         qint64 authTime);
    // RFC 8628 device authorization: the device's request, the user's page, the device's polling grant.
    QHttpServerResponse handleDeviceAuthorization(Request &request);
    QHttpServerResponse handleDevicePage(Request &request);
    QHttpServerResponse grantDeviceCode(Request &request);

    // Client authentication (RFC 6749 §2.3.1): Basic or client_secret_post, or a public client's client_id.
    // Returns false and sets `request.failure` when the request must be refused.
    bool authenticateClient(Request &request, bool requireConfidential);
    // private_key_jwt (RFC 7523 §2.2): a client_assertion signed with one of the client's configured keys.
    bool authenticateByAssertion(Request &request);
    // The clients as stored, with their private_key_jwt keys from the config.
    void loadClients();
    // A user's password check (the password grant, the login and device pages); false for an unknown user.
    [[nodiscard]] bool passwordMatches(const std::optional<StoredUser> &user, const QString &password) const;
    bool readForm(Request &request);

    // Issues an access token (and ID token, refresh token) for a subject; the JSON of a token response.
    struct Issued;
    // Stores a new refresh family and its first refresh token (into `issued`); false: the store's error.
    [[nodiscard]] bool startRefreshFamily(const QString &clientId, const QString &subject, const QString &scope,
                                          qint64 authTime, Issued &issued, QString *familyId);
    // `actor`: the RFC 8693 §4.1 "act" claim of a delegated token, or nullptr.
    [[nodiscard]] Result<void> signAccessToken(const QString &subject, const QString &clientId, const QString &scope,
                                               const QString &familyId, Issued &issued,
                                               const JsonValue *actor = nullptr);
    // Signs an issued token with the current key, applying the token faults (skewed iat/nbf, an unknown kid).
    // Fails with "issuer.no_signing_key" or "issuer.not_signed".
    [[nodiscard]] Result<QByteArray> signIssued(JsonValue header, JsonValue payload);
    // token_delay_ms and token_error_percent, before the token endpoint looks at the request; an answer when the
    // request is to fail.
    [[nodiscard]] std::optional<QHttpServerResponse> tokenEndpointFault(Request &request);
    [[nodiscard]] Result<void> signIdToken(const QString &subject, const QString &clientId, const QString &nonce,
                                           qint64 authTime, const QString &familyId, Issued &issued);
    QHttpServerResponse tokenResponse(Request &request, const Issued &issued, const QString &subject,
                                      const QString &familyId);

    // Access tokens this issuer signed (signature with a published key, iss, exp, RFC 9068 typ and audience; an ID
    // token never passes). On success fills the payload's claims. Revocation, family and ban are the caller's.
    struct AccessTokenInfo;
    [[nodiscard]] bool inspectAccessToken(QByteArrayView token, AccessTokenInfo &info, bool checkExpiry);
    // ID tokens this issuer signed, expired or not (an access token never passes); for id_token_hint.
    [[nodiscard]] bool inspectIdToken(QByteArrayView token, AccessTokenInfo &info);
    [[nodiscard]] bool inspectIssuedJwt(QByteArrayView token, IssuedJwtKind kind, AccessTokenInfo &info,
                                        bool checkExpiry);

    // Keys.
    // The key ring fails with "issuer.key_unreadable", "issuer.key_not_generated", "issuer.key_not_stored" or
    // "issuer.state_not_stored".
    [[nodiscard]] Result<void> loadKeys();
    [[nodiscard]] Result<void> ensureKeys(); // first key and scheduled rotation (policy.keyRotationInterval)
    // When the scheduled rotation is due and no successor is published yet: the successor's sign_from.
    [[nodiscard]] std::optional<qint64> dueSuccessorSignFrom();
    [[nodiscard]] Result<QString> addKey(qint64 publishFrom, qint64 signFrom); // the new key's kid
    [[nodiscard]] const LoadedKey *signingKey();
    [[nodiscard]] QList<const LoadedKey *> publishedKeys();

    // Replicas on one database (MockIssuerSharedState.cpp): keys, clock offset and clients are a cache of the store.
    [[nodiscard]] Result<void> loadSharedState(bool configGiven);
    [[nodiscard]] Result<void> reloadSharedState();
    // Before each request: reconnects a lost store, opens the admin transaction (under the issuer-wide lock) when
    // asked, re-reads what another replica changed, runs the key schedule. False when the store cannot be reached
    // (the request gets 503).
    [[nodiscard]] bool syncWithStore(std::optional<IssuerStore::Transaction> *adminTransaction);
    // After each request: commits the admin transaction; false when the answer cannot stand because the store
    // failed under it (it becomes 503).
    [[nodiscard]] bool finishWithStore(std::optional<IssuerStore::Transaction> &adminTransaction, int status);

    // DPoP (RFC 9449, MockIssuerDpop.cpp): the request's proof for this endpoint, judged, its jti recorded in the
    // store (a replay is Invalid). `accessToken`: the token the proof travels with (userinfo). On a store failure
    // the verdict is Invalid and `storeFailed` is set (the answer is a server error).
    [[nodiscard]] DpopProofVerdict checkDpopProof(Request &request, const std::optional<QByteArray> &accessToken,
                                                  bool demandNonce, bool *storeFailed);
    // A fresh DPoP-Nonce (§8); empty when the nonce key cannot be read from the store.
    [[nodiscard]] QString dpopNonce();
    [[nodiscard]] std::optional<DpopNonces> dpopNonces();
    // The asymmetric JWS algorithms a proof may use (discovery's dpop_signing_alg_values_supported, §5.1).
    [[nodiscard]] static QStringList dpopAlgorithms();

    [[nodiscard]] bool revokeRefreshFamily(const QString &familyId, const QString &reason);
    [[nodiscard]] std::optional<StoredUser> userBySubject(const QString &subject);
    [[nodiscard]] std::optional<StoredClient> findClient(const QString &clientId) const;
    [[nodiscard]] bool redirectUriAllowed(const StoredClient &client, const QString &redirectUri) const;
    [[nodiscard]] QString grantedScope(const StoredClient &client, const QString &requested, bool *ok) const;

    // The injected clock plus the offset the admin API added (kept in the store, shared by replicas).
    class IssuerClock final : public Clock
    {
    public:
        const Clock *base = nullptr;
        std::atomic<qint64> offset {0}; // moved in the issuer's thread, read by a lab's servers in theirs
        [[nodiscard]] qint64 nowSeconds() const override
        {
            return (base ? base->nowSeconds() : SystemClock::instance().nowSeconds()) + offset;
        }
    };

    IssuerConfig m_config;
    IssuerStore m_store;
    std::unique_ptr<IssuerClock> m_clock; // the injected clock plus the admin offset
    std::unique_ptr<QHttpServer> m_server;
    std::unique_ptr<IssuerTenants> m_tenants; // the root's tenants; null in a tenant and when there are none
    QString m_basePath; // "" or "/NAME"
    quint16 m_port = 0;
    QHostAddress m_address;
    LocalRequestCheck m_localRequests; // Host and Origin of admin and login requests
    QList<LoadedKey> m_keys;
    QHash<QString, QString> m_endpoints; // path -> endpoint name, for requests Qt's router does not match
    QHash<QString, StoredClient> m_clients; // the clients, re-read when the store's state generation moves
    // RFC 8628 grants waiting for their user, by the SHA-256 of the device code; in memory, so a device flow is
    // finished on the replica that started it (docs/issuer.md "Device flow").
    struct DeviceGrant;
    QHash<QByteArray, std::shared_ptr<DeviceGrant>> m_deviceGrants;
    // client_assertion jti values seen (client id + jti) until their exp: an assertion is used once (RFC 7523 §3).
    QHash<QString, qint64> m_seenAssertions;
    // The DPoP key the token request being handled proved (RFC 9449 §5), for the grants to bind what they issue:
    // the access token's cnf.jkt and, for a public client, its refresh family. Set and cleared by handleToken.
    struct DpopBinding
    {
        QString jkt;
        bool bindsRefreshFamily = false;
    };
    DpopBinding m_dpopBinding;
    QByteArray m_dpopNonceKey; // shared by the replicas through the store; read once
    qint64 m_stateGeneration = -1; // the store's state generation the caches above were read at
    QString m_issuerString; // issuerUrl() as text, the "iss" of every token
    qint64 m_tokenRequests = 0; // token-endpoint requests so far, for token_error_percent
    bool m_dropAnswer = false; // drop the answer to the request being handled (drop_refresh_response)
    QByteArray m_jwksKids; // the kids the cached JWKS body holds, in order
    QByteArray m_jwksBody;
    bool m_running = false;
};

} // namespace tokenscope::issuer

Q_DECLARE_METATYPE(tokenscope::issuer::IssuerLogEntry)
Q_DECLARE_METATYPE(tokenscope::issuer::IssuedTokens)
