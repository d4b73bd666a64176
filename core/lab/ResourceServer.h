#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "lab/LabOptions.h"
#include "lab/RedisStore.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

#include <atomic>
#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;
class QNetworkAccessManager;
QT_END_NAMESPACE

namespace tokenscope {
class JwksCache;
}

namespace tokenscope::lab {

class IssuerClient;

// How one lab resource server checks credentials: mode, session store, issuer, caches, time-outs and port.
struct ResourceServerConfig
{
    int index = 1; // 1-based, the "server" of GET /api/whoami
    CheckMode mode = CheckMode::Stateless;
    SessionStoreKind sessionStore = SessionStoreKind::Shared;
    RedisEndpoint redis;
    QUrl issuer; // its "iss", and where JWKS (through discovery), /introspect and /token are
    QString clientId;
    QString clientSecret;
    QString audience;
    qint64 leewaySeconds = 0;
    qint64 jwksCacheAgeSeconds = -1; // -1: the JWKS response's Cache-Control
    qint64 introspectionCacheTtlSeconds = 0;
    qint64 sessionTtlSeconds = 3600;
    int storeTimeoutMs = 100;
    int storeFailFastMs = 0; // 0: the store timeout (RedisStore::setFailFastMs)
    int issuerTimeoutMs = 1000;
    quint16 port = 0; // 0: a free port
    const Clock *clock = nullptr; // nullptr: the system clock
};

// What a server has done, for the lab's state and the cost benchmark (round trips per request).
struct ServerCounters
{
    int index = 0;
    quint16 port = 0;
    bool up = false;
    quint64 requests = 0; // GET /api/whoami
    quint64 accepted = 0;
    quint64 unauthorized = 0;
    quint64 unavailable = 0;
    quint64 storeRoundTrips = 0; // Redis commands sent by this server
    quint64 issuerRoundTrips = 0; // introspection and login calls
    quint64 jwksFetches = 0;
};

// One resource server of the lab: Qt HTTP Server on 127.0.0.1 with a small protected API, checking each request
// in one of the four modes (docs/lab.md). GET /api/whoami answers 200 {"sub","server"}; without a good credential
// 401 with an RFC 6750 §3 WWW-Authenticate challenge; 503 when its store or the issuer cannot be reached. Lives in
// a thread of its own (the lab moves it there), so a store that does not answer blocks only this server, and only
// for the store timeout.
class ResourceServer : public QObject
{
    Q_OBJECT

public:
    explicit ResourceServer(const ResourceServerConfig &config, QObject *parent = nullptr);
    ~ResourceServer() override;

    // In the server's thread. start() fetches the issuer's keys first (modes that verify JWTs), then listens.
    // Codes "lab.server_no_keys", "lab.server_not_listening".
    [[nodiscard]] Result<void> start();
    void stop();
    // An outage: the listener and every connection close. LosesData also forgets per-server sessions.
    void takeDown(DataLoss loss);
    // The lab brought the store back: the next request tries it at once. Safe from the lab's thread.
    void storeRestored();
    [[nodiscard]] Result<void> bringUp();

    // Any thread.
    [[nodiscard]] int index() const { return m_config.index; }
    [[nodiscard]] quint16 port() const { return m_port.load(); }
    [[nodiscard]] QUrl url() const;
    [[nodiscard]] ServerCounters counters() const;

    // Limits on what a request may bring (RFC 9110 §15.5.14, RFC 6585 §5).
    static constexpr qsizetype maxHeaderBytes = 8 * 1024;
    static constexpr qsizetype maxBodyBytes = 16 * 1024;
    static constexpr qsizetype maxMemorySessions = 100000;
    static constexpr qsizetype maxIntrospectionCacheEntries = 10000;

private:
    struct Outcome;
    QHttpServerResponse handle(const QString &endpoint, const QHttpServerRequest &request);
    QHttpServerResponse whoami(const QHttpServerRequest &request);
    QHttpServerResponse login(const QHttpServerRequest &request);
    QHttpServerResponse logout(const QHttpServerRequest &request);
    [[nodiscard]] Outcome checkBearer(const QByteArray &token);
    [[nodiscard]] Outcome verifyJwt(const QByteArray &token, QString *jti, QString *sid);
    [[nodiscard]] Outcome checkBlocklist(const QString &jti, const QString &sid);
    [[nodiscard]] Outcome introspect(const QByteArray &token);
    [[nodiscard]] Outcome checkSession(const QByteArray &sessionId);
    [[nodiscard]] Result<void> listen();
    void fetchKeysIfDue();
    void logRejection(int status, const QString &why);
    [[nodiscard]] qint64 now() const;

    ResourceServerConfig m_config;
    std::unique_ptr<QHttpServer> m_server;
    QNetworkAccessManager *m_network = nullptr; // for JwksCache, created in the server's thread
    JwksCache *m_jwks = nullptr;
    qint64 m_lastKeyFetchAttempt = 0;
    std::unique_ptr<RedisStore> m_store;
    std::unique_ptr<IssuerClient> m_issuerClient;

    // A session in this server's own memory (SessionStoreKind::PerServer), by session id.
    struct MemorySession
    {
        QString subject;
        qint64 expiresAt = 0;
    };
    QHash<QByteArray, MemorySession> m_memorySessions; // per-server session store
    // An introspection answer (RFC 7662 §2.2) kept for introspectionCacheTtlSeconds.
    struct CachedIntrospection
    {
        bool active = false;
        QString subject;
        qint64 until = 0;
    };
    QHash<QByteArray, CachedIntrospection> m_introspectionCache; // by SHA-256 of the token

    std::atomic<quint16> m_port {0};
    std::atomic<bool> m_up {false};
    std::atomic<quint64> m_requests {0};
    std::atomic<quint64> m_accepted {0};
    std::atomic<quint64> m_unauthorized {0};
    std::atomic<quint64> m_unavailable {0};
    std::atomic<quint64> m_jwksFetches {0};
    qint64 m_logWindowStart = 0;
    int m_logLinesInWindow = 0;
};

} // namespace tokenscope::lab
