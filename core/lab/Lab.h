#pragma once

#include "common/Result.h"
#include "lab/LabOptions.h"
#include "lab/ResourceServer.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;
class QThread;
QT_END_NAMESPACE

namespace tokenscope::issuer {
class MockIssuer;
}

namespace tokenscope::lab {

class LabOutages;
class LoadBalancer;
class RedisProcess;
class RevocationFeed;

// The live lab (docs/lab.md): a mock issuer (in-process unless one is given), a redis-server of
// its own (unless one is given), N resource servers each on its own thread, HAProxy in front, the revocation feed
// in blocklist mode, and a control endpoint on loopback: GET /lab/state, POST /lab/outage, POST /lab/restore,
// POST /lab/sync.
// Everything listens on 127.0.0.1; stop() (and the destructor) stops every process it started, by PID.
class Lab : public QObject
{
    Q_OBJECT

public:
    // Whose time the servers keep for claim checks and session expiry.
    enum class ClockSource {
        Injected, // LabOptions::clock (a live simulation's run clock)
        Issuer, // the lab's own mock issuer's clock, which its admin API moves
        System, // an issuer in another process (--issuer): the system clock
    };

    explicit Lab(QObject *parent = nullptr);
    ~Lab() override;

    // Codes "lab.invalid_options", "lab.issuer_not_started", "lab.redis_not_started", "redis.bad_url",
    // "lab.redis_unreachable", "lab.server_not_started", "lab.balancer_not_started", "lab.control_not_listening".
    [[nodiscard]] Result<void> start(const LabOptions &options);
    void stop();

    [[nodiscard]] const LabOptions &options() const { return m_options; }
    [[nodiscard]] QUrl balancerUrl() const; // where clients send their requests
    [[nodiscard]] QUrl controlUrl() const; // /lab/state, /lab/outage, /lab/restore
    [[nodiscard]] QUrl issuerUrl() const { return m_issuerUrl; }
    [[nodiscard]] QString redisUrl() const;
    [[nodiscard]] QList<QUrl> serverUrls() const;
    [[nodiscard]] qint64 redisPid() const; // 0 when the lab did not start Redis
    [[nodiscard]] qint64 balancerPid() const;
    [[nodiscard]] issuer::MockIssuer *issuer() const { return m_issuer.get(); } // null with --issuer
    [[nodiscard]] LabOutages *outages() const { return m_outages.get(); }
    [[nodiscard]] RevocationFeed *revocationFeed() const { return m_feed.get(); } // blocklist mode only
    [[nodiscard]] QList<ServerCounters> counters() const;
    [[nodiscard]] QJsonObject state() const;

    static constexpr qsizetype maxControlBodyBytes = 4 * 1024;

private:
    QHttpServerResponse control(const QString &action, const QHttpServerRequest &request);
    [[nodiscard]] Result<void> startControl(quint16 port);

    LabOptions m_options;
    const Clock *m_serverClock = nullptr;
    ClockSource m_clockSource = ClockSource::System;
    QUrl m_issuerUrl;
    std::unique_ptr<QTemporaryDir> m_issuerDirectory;
    std::unique_ptr<issuer::MockIssuer> m_issuer;
    std::unique_ptr<RedisProcess> m_redis;
    QString m_externalRedisUrl;
    QList<ResourceServer *> m_servers; // each lives in its own thread
    QList<QThread *> m_threads;
    std::unique_ptr<LoadBalancer> m_balancer;
    std::unique_ptr<RevocationFeed> m_feed;
    std::unique_ptr<LabOutages> m_outages;
    std::unique_ptr<QHttpServer> m_control;
    quint16 m_controlPort = 0;
};

} // namespace tokenscope::lab
