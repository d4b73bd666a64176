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
    // Asks for a poll that starts after this call (one already in flight may have read the issuer's state before a
    // revocation the caller must see) and returns its number; pollsFinished() reaches it once that poll is done. A
    // live simulation on the lab syncs this way after each revocation instead of waiting for the timer
    // (POST /lab/sync, docs/lab.md).
    quint64 requestPoll();
    [[nodiscard]] quint64 pollsFinished() const { return m_pollsFinished; }
    [[nodiscard]] bool lastPollOk() const { return m_lastPollOk; }
    [[nodiscard]] quint64 entriesWritten() const { return m_entriesWritten.load(); }
    [[nodiscard]] int intervalMs() const { return m_timer.interval(); }

signals:
    void polled(bool ok); // after each poll: the state was read and every new entry written

private:
    void poll();
    void onStateRead(QNetworkReply *reply);
    void finishPoll(bool ok);
    [[nodiscard]] bool write(const QByteArray &key, qint64 ttlSeconds);

    QUrl m_stateUrl;
    QNetworkAccessManager *m_network = nullptr;
    RedisStore m_store;
    qint64 m_leewaySeconds = 0;
    QTimer m_timer;
    QHash<QByteArray, qint64> m_written; // key → when it expires (issuer clock), to skip rewrites
    bool m_polling = false;
    bool m_pollAgain = false; // a poll was requested while one was in flight
    quint64 m_pollsStarted = 0;
    quint64 m_pollsFinished = 0;
    bool m_lastPollOk = true;
    std::atomic<quint64> m_entriesWritten {0};
};

} // namespace tokenscope::lab
