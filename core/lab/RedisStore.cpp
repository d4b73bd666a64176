#include "lab/RedisStore.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QUrl>

#include <hiredis/hiredis.h>
#include <vector>

namespace tokenscope::lab {

namespace {

struct RedisStoreText
{
    Q_DECLARE_TR_FUNCTIONS(tokenscope::lab::RedisStore)
};

timeval toTimeval(qint64 milliseconds)
{
    timeval tv {};
    tv.tv_sec = time_t(milliseconds / 1000);
    tv.tv_usec = suseconds_t((milliseconds % 1000) * 1000);
    return tv;
}

StoreReply unavailable(const QString &why)
{
    StoreReply reply;
    reply.status = StoreReply::Status::Unavailable;
    reply.error = why;
    return reply;
}

struct ReplyDeleter
{
    void operator()(redisReply *reply) const { freeReplyObject(reply); }
};

} // namespace

QString RedisEndpoint::url() const
{
    return QStringLiteral("redis://%1:%2").arg(host).arg(port);
}

Result<RedisEndpoint> RedisEndpoint::fromUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != u"redis" || url.host().isEmpty())
        return Error {"redis.bad_url", RedisStoreText::tr("\"%1\" is not a redis://HOST:PORT URL").arg(text)};
    if (!url.userInfo().isEmpty() || (!url.path().isEmpty() && url.path() != u"/" && url.path() != u"/0"))
        return Error {
            "redis.bad_url",
            RedisStoreText::tr("\"%1\": passwords and database numbers other than 0 are not supported").arg(text)};
    RedisEndpoint endpoint;
    endpoint.host = url.host();
    endpoint.port = quint16(url.port(6379));
    return endpoint;
}

RedisStore::RedisStore(const RedisEndpoint &endpoint, int timeoutMs)
    : m_endpoint(endpoint), m_timeoutMs(timeoutMs), m_failFastMs(timeoutMs)
{
    m_monotonic.start();
}

RedisStore::~RedisStore()
{
    disconnect();
}

void RedisStore::disconnect()
{
    if (m_context)
        redisFree(m_context);
    m_context = nullptr;
}

StoreReply RedisStore::command(const QList<QByteArray> &arguments)
{
    if (m_monotonic.elapsed() < m_failFastUntilMs)
        return unavailable(RedisStoreText::tr("store unavailable: %1").arg(m_lastFailure));
    const QDeadlineTimer deadline(m_timeoutMs);
    auto fail = [&](const QString &why) {
        disconnect();
        m_lastFailure = why;
        m_failFastUntilMs = m_monotonic.elapsed() + m_failFastMs;
        return unavailable(RedisStoreText::tr("store unavailable: %1").arg(why));
    };
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    for (const QByteArray &argument : arguments) {
        argv.push_back(argument.constData());
        lengths.push_back(size_t(argument.size()));
    }
    std::unique_ptr<redisReply, ReplyDeleter> reply;
    // A kept connection that Redis closed (it was restarted) is reopened once within the same budget.
    for (int attempt = 0; attempt < 2 && !reply; ++attempt) {
        const bool reused = m_context != nullptr;
        if (!m_context) {
            m_context = redisConnectWithTimeout(m_endpoint.host.toUtf8().constData(), m_endpoint.port,
                                                toTimeval(std::max<qint64>(1, deadline.remainingTime())));
            if (!m_context)
                return fail(RedisStoreText::tr("cannot allocate a Redis connection"));
            if (m_context->err)
                return fail(RedisStoreText::tr("cannot connect to %1: %2")
                                .arg(m_endpoint.url(), QString::fromUtf8(m_context->errstr)));
        }
        // What is left of the budget bounds the command itself (SO_RCVTIMEO/SO_SNDTIMEO).
        const qint64 remaining = std::max<qint64>(1, deadline.remainingTime());
        if (redisSetTimeout(m_context, toTimeval(remaining)) != REDIS_OK)
            return fail(RedisStoreText::tr("cannot set the Redis timeout"));
        m_roundTrips.fetch_add(1, std::memory_order_relaxed);
        reply.reset(
            static_cast<redisReply *>(redisCommandArgv(m_context, int(argv.size()), argv.data(), lengths.data())));
        if (!reply && reused && m_context->err == REDIS_ERR_EOF && !deadline.hasExpired())
            disconnect();
        else
            break;
    }
    if (!reply) {
        const QString why = m_context->err == REDIS_ERR_IO && deadline.hasExpired()
            ? RedisStoreText::tr("no answer from %1 within %2 ms").arg(m_endpoint.url()).arg(m_timeoutMs)
            : RedisStoreText::tr("%1: %2").arg(m_endpoint.url(), QString::fromUtf8(m_context->errstr));
        return fail(why);
    }
    StoreReply result;
    result.status = StoreReply::Status::Ok;
    switch (reply->type) {
    case REDIS_REPLY_INTEGER:
        result.integer = reply->integer;
        break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
        result.value = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_NIL:
        break;
    case REDIS_REPLY_ERROR:
        // The server answered, but refused the command (a full memory, a read-only replica): no use to the caller.
        return unavailable(
            RedisStoreText::tr("Redis error: %1").arg(QString::fromUtf8(reply->str, qsizetype(reply->len))));
    default:
        break;
    }
    return result;
}

StoreReply RedisStore::ping()
{
    return command({QByteArrayLiteral("PING")});
}

StoreReply RedisStore::exists(const QList<QByteArray> &keys)
{
    QList<QByteArray> arguments {QByteArrayLiteral("EXISTS")};
    arguments += keys;
    return command(arguments);
}

StoreReply RedisStore::get(const QByteArray &key)
{
    return command({QByteArrayLiteral("GET"), key});
}

StoreReply RedisStore::setWithTtl(const QByteArray &key, const QByteArray &value, qint64 ttlSeconds)
{
    return command({QByteArrayLiteral("SET"), key, value, QByteArrayLiteral("EX"),
                    QByteArray::number(std::max<qint64>(1, ttlSeconds))});
}

StoreReply RedisStore::remove(const QByteArray &key)
{
    return command({QByteArrayLiteral("DEL"), key});
}

} // namespace tokenscope::lab
