#pragma once

#include "common/Clock.h"

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace tokenscope::lab {

// How a resource server decides that a request carries a good credential (docs/lab.md; the simulator's
// sim::ServerMode names the same four).
enum class CheckMode {
    Stateless, // the bearer JWT's signature and claims, keys from the issuer's JWKS through JwksCache
    Blocklist, // as Stateless, plus one Redis lookup of the token's jti (and its sid) per request
    Introspection, // one RFC 7662 call to the issuer per request, optionally cached
    Session, // a `sid` cookie from POST /login, looked up in a session store per request
};

// How the load balancer spreads requests over the servers.
enum class Routing {
    RoundRobin, // every request to the next server: per-server sessions log the user out on the hop
    Sticky, // a cookie pins a client to the server that answered first
};

// Where session mode keeps its sessions.
enum class SessionStoreKind {
    Shared, // one Redis for every server
    PerServer, // each server's own memory
};

// Whether an outage keeps the data (a paused process) or loses it (a process restarted empty).
enum class DataLoss { KeepsData, LosesData };

namespace LabNames {
[[nodiscard]] QString checkMode(CheckMode mode);
[[nodiscard]] std::optional<CheckMode> checkModeFromName(const QString &name);
[[nodiscard]] QStringList checkModeNames();
[[nodiscard]] QString routing(Routing routing);
[[nodiscard]] std::optional<Routing> routingFromName(const QString &name);
[[nodiscard]] QString sessionStore(SessionStoreKind kind);
[[nodiscard]] std::optional<SessionStoreKind> sessionStoreFromName(const QString &name);
} // namespace LabNames

// Everything `tokenscope-cli lab serve` can set. Defaults give a working lab on loopback with its own Redis and
// an in-process mock issuer.
struct LabOptions
{
    CheckMode mode = CheckMode::Stateless;
    int servers = 2;
    Routing routing = Routing::RoundRobin;
    SessionStoreKind sessionStore = SessionStoreKind::Shared;
    QString redisUrl; // empty: the lab starts its own redis-server
    QUrl issuerUrl; // empty: the lab starts a mock issuer in-process
    QString clientId = QStringLiteral("demo"); // the confidential client for introspection and session logins
    QString clientSecret = QStringLiteral("demo-secret");
    QString audience = QStringLiteral("tokenscope-demo-api"); // the access tokens' expected "aud"
    qint64 leewaySeconds = 0;
    qint64 jwksCacheAgeSeconds = -1; // -1: the JWKS response's Cache-Control max-age
    qint64 introspectionCacheTtlSeconds = 0; // 0: one introspection call per request
    qint64 sessionTtlSeconds = 3600; // a session's lifetime from its login, by the servers' clock
    static constexpr qint64 maxSessionTtlSeconds = 31 * 86400;
    int storeTimeoutMs = 100; // every Redis call answers within this, or the request gets 503
    // After a failed store call a server answers 503 at once for this long before it tries the store again; 0: the
    // store timeout. An outage the lab ends (POST /lab/restore) ends the wait at once.
    int storeFailFastMs = 0;
    int issuerTimeoutMs = 1000; // introspection and login calls to the issuer
    int revocationPollMs = 500; // blocklist mode: how often the issuer's revocations are read
    quint16 balancerPort = 0; // 0: a free port
    quint16 controlPort = 0;
    // The servers' clock for claim checks and caches; nullptr: the system clock. A live simulation passes the clock
    // that drives its mock issuer. Sessions in Redis carry their expiry by this clock (docs/lab.md); TTLs are a
    // real-second safety net.
    const Clock *clock = nullptr;

    // Checks ranges and combinations; an empty string when the options make a lab.
    [[nodiscard]] QString validate() const;
};

} // namespace tokenscope::lab
