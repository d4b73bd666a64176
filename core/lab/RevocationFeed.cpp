#include "lab/RevocationFeed.h"

#include "lab/StoreKeys.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>

namespace tokenscope::lab {

Q_DECLARE_LOGGING_CATEGORY(lcLab)

namespace {

// The admin state lists every family; a lab's is small, but a bound keeps a huge one from stalling the poll.
constexpr qint64 maxStateBytes = 16 * 1024 * 1024;
constexpr int stateTimeoutMs = 10'000;

} // namespace

RevocationFeed::RevocationFeed(const QUrl &issuer, const RedisEndpoint &redis, int storeTimeoutMs, qint64 leewaySeconds,
                               int intervalMs, QObject *parent)
    : QObject(parent), m_stateUrl(issuer.toString() + QStringLiteral("/admin/state")),
      m_network(new QNetworkAccessManager(this)), m_store(redis, storeTimeoutMs), m_leewaySeconds(leewaySeconds)
{
    m_network->setProxy(QNetworkProxy::NoProxy);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &RevocationFeed::poll);
}

RevocationFeed::~RevocationFeed() = default;

void RevocationFeed::start()
{
    m_timer.start();
    poll();
}

void RevocationFeed::stop()
{
    m_timer.stop();
}

void RevocationFeed::resync()
{
    m_written.clear();
}

void RevocationFeed::poll()
{
    if (m_polling)
        return;
    m_polling = true;
    ++m_pollsStarted;
    QNetworkRequest request(m_stateUrl);
    // Generous: a slow answer only delays this poll (the timer skips polls while one is out), while a timed-out one
    // is a failed poll that a live simulation on the lab reports as an error.
    request.setTransferTimeout(std::max(stateTimeoutMs, m_timer.interval()));
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onStateRead(reply); });
}

quint64 RevocationFeed::requestPoll()
{
    if (!m_polling) {
        poll();
        return m_pollsStarted;
    }
    m_pollAgain = true;
    return m_pollsStarted + 1;
}

void RevocationFeed::finishPoll(bool ok)
{
    ++m_pollsFinished;
    m_lastPollOk = ok;
    emit polled(ok);
    if (m_pollAgain) {
        m_pollAgain = false;
        poll();
    }
}

bool RevocationFeed::write(const QByteArray &key, qint64 ttlSeconds)
{
    const StoreReply reply = m_store.setWithTtl(key, QByteArrayLiteral("1"), ttlSeconds);
    if (!reply) {
        qCWarning(lcLab).noquote() << QStringLiteral("revocation feed: %1").arg(reply.error);
        return false;
    }
    ++m_entriesWritten;
    return true;
}

void RevocationFeed::onStateRead(QNetworkReply *reply)
{
    reply->deleteLater();
    m_polling = false;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 || reply->bytesAvailable() > maxStateBytes) {
        qCWarning(lcLab).noquote() << QStringLiteral("revocation feed: cannot read %1: %2")
                                          .arg(m_stateUrl.toString(),
                                               status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString());
        finishPoll(false);
        return;
    }
    const QJsonObject state = QJsonDocument::fromJson(reply->readAll()).object();
    const qint64 now = state.value(QStringLiteral("now")).toInteger();
    const qint64 accessTtl
        = state.value(QStringLiteral("policy")).toObject().value(QStringLiteral("access_token_ttl")).toInteger();
    // Forget entries that have expired in Redis too, so the map stays as small as the blocklist.
    for (auto it = m_written.begin(); it != m_written.end();)
        it = it.value() <= now ? m_written.erase(it) : std::next(it);

    bool ok = true;
    auto add = [&](const QByteArray &key, qint64 until) {
        if (!ok || until <= now || m_written.contains(key))
            return;
        ok = write(key, until - now);
        if (ok)
            m_written.insert(key, until);
    };
    for (const QJsonValue &value : state.value(QStringLiteral("revoked_access_tokens")).toArray()) {
        const QJsonObject revoked = value.toObject();
        add(StoreKeys::blockedTokenId(revoked.value(QStringLiteral("jti")).toString()),
            revoked.value(QStringLiteral("expires_at")).toInteger() + m_leewaySeconds);
    }
    for (const QJsonValue &value : state.value(QStringLiteral("families")).toArray()) {
        const QJsonObject family = value.toObject();
        if (!family.value(QStringLiteral("revoked")).toBool())
            continue;
        add(StoreKeys::blockedFamily(family.value(QStringLiteral("id")).toString()),
            family.value(QStringLiteral("revoked_at")).toInteger() + accessTtl + m_leewaySeconds);
    }
    finishPoll(ok);
}

} // namespace tokenscope::lab
