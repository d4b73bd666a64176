#pragma once

#include "lab/RedisStore.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <atomic>

class QNetworkAccessManager;
class QNetworkReply;

namespace tokenscope::lab {

// How revocations at the mock issuer reach the blocklist: the lab polls the issuer's loopback admin state
// (GET /admin/state) and writes what is new into Redis, so the issuer stays unaware of the lab and a lab can
// follow an issuer in another process (`--issuer URL`). Two kinds of entries (StoreKeys):
// - a revoked access token, by jti, with TTL = its remaining life + leeway (RFC 7009 revocation of that token);
// - a revoked grant (refresh family: logout, reuse detection, a ban), by sid, with TTL = the access-token lifetime
//   after the revocation + leeway: every access token of the family was issued before it and is dead by then.
// A revocation is refused by the servers at most one poll interval after it happened: that delay is the lab's
// propagation window. Entries are written once; resync() writes them all again after the store lost its data.
class RevocationFeed : public QObject
{
    Q_OBJECT

public:
    RevocationFeed(const QUrl &issuer, const RedisEndpoint &redis, int storeTimeoutMs, qint64 leewaySeconds,
                   int intervalMs, QObject *parent = nullptr);
    ~RevocationFeed() override;

    void start();
    void stop();
    void resync(); // the store restarted empty: write every live entry again
    [[nodiscard]] quint64 entriesWritten() const { return m_entriesWritten.load(); }
    [[nodiscard]] int intervalMs() const { return m_timer.interval(); }

signals:
    void polled(bool ok); // after each poll: the state was read and every new entry written

private:
    void poll();
    void onStateRead(QNetworkReply *reply);
    [[nodiscard]] bool write(const QByteArray &key, qint64 ttlSeconds);

    QUrl m_stateUrl;
    QNetworkAccessManager *m_network = nullptr;
    RedisStore m_store;
    qint64 m_leewaySeconds = 0;
    QTimer m_timer;
    QHash<QByteArray, qint64> m_written; // key → when it expires (issuer clock), to skip rewrites
    bool m_polling = false;
    std::atomic<quint64> m_entriesWritten {0};
};

} // namespace tokenscope::lab
