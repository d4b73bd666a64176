#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QString>

#include <atomic>
#include <optional>

struct redisContext;

namespace tokenscope::lab {

// Where a Redis listens: redis://HOST:PORT (no password, database 0).
struct RedisEndpoint
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 6379;

    [[nodiscard]] QString url() const;
    // Code "redis.bad_url" when `url` is not redis://HOST[:PORT][/0].
    [[nodiscard]] static Result<RedisEndpoint> fromUrl(const QString &url);
};

// A store call's outcome: a reply, or "unavailable" with why (the resource server answers 503).
struct StoreReply
{
    enum class Status { Ok, Unavailable };
    Status status = Status::Unavailable;
    qint64 integer = 0; // EXISTS and DEL counts
    std::optional<QByteArray> value; // GET: nullopt when the key does not exist
    QString error;
    explicit operator bool() const { return status == Status::Ok; }
};

// One blocking hiredis connection with a hard time budget per call: connecting and the command together take at
// most `timeoutMs` (redisConnectWithTimeout, then redisSetTimeout with what is left), so a paused or stopped Redis
// costs a request at most the budget and a 503, never a hang. After a failure the connection is dropped and, for
// one more budget, calls fail at once instead of waiting again (a down store is not hammered by every request).
// Blocking calls are used rather than hiredis' async API because Qt HTTP Server 6.4 handlers answer synchronously;
// each resource server runs on its own thread, so a wait blocks only that server. Not thread-safe: one per thread.
class RedisStore
{
public:
    RedisStore(const RedisEndpoint &endpoint, int timeoutMs);
    ~RedisStore();
    RedisStore(const RedisStore &) = delete;
    RedisStore &operator=(const RedisStore &) = delete;

    [[nodiscard]] StoreReply ping();
    // EXISTS k1 k2 …: how many of the keys exist, in one round trip.
    [[nodiscard]] StoreReply exists(const QList<QByteArray> &keys);
    [[nodiscard]] StoreReply get(const QByteArray &key);
    // SET key value EX ttl (ttl ≥ 1).
    [[nodiscard]] StoreReply setWithTtl(const QByteArray &key, const QByteArray &value, qint64 ttlSeconds);
    [[nodiscard]] StoreReply remove(const QByteArray &key);

    // Commands sent to Redis (the round trips a request cost), readable from any thread.
    [[nodiscard]] quint64 roundTrips() const { return m_roundTrips.load(std::memory_order_relaxed); }
    [[nodiscard]] int timeoutMs() const { return m_timeoutMs; }
    // After a failure every call answers "unavailable" at once for this long (default: the timeout) before Redis is
    // tried again, so a down store is not hit by every request.
    void setFailFastMs(int milliseconds) { m_failFastMs = milliseconds; }
    // The store is back (the lab restored it): the next call tries Redis. Safe from any thread.
    void clearFailFast() { m_failFastUntilMs = 0; }
    [[nodiscard]] const RedisEndpoint &endpoint() const { return m_endpoint; }

private:
    [[nodiscard]] StoreReply command(const QList<QByteArray> &arguments);
    void disconnect();

    RedisEndpoint m_endpoint;
    int m_timeoutMs = 100;
    redisContext *m_context = nullptr;
    QElapsedTimer m_monotonic;
    int m_failFastMs = 100;
    std::atomic<qint64> m_failFastUntilMs {0};
    QString m_lastFailure;
    std::atomic<quint64> m_roundTrips {0};
};

} // namespace tokenscope::lab
