#pragma once

#include "common/Result.h"
#include "lab/LabOptions.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <map>
#include <memory>

namespace tokenscope::lab {

class RedisProcess;
class ResourceServer;

// Faults on demand, for real: the store outage pauses redis-server (SIGSTOP: connections hang, data kept) or stops
// it and later starts it empty on the same port (data lost); a server outage closes that server's listener and
// connections (and forgets its per-server sessions when it loses data). Each outage ends by itself after its
// seconds, or at once with restoreAll(). Lives in the lab's thread; servers are reached in their own threads.
class LabOutages : public QObject
{
    Q_OBJECT

public:
    // `redis` is null when the lab uses a Redis it did not start (then store outages are refused).
    LabOutages(RedisProcess *redis, const QList<ResourceServer *> &servers, QObject *parent = nullptr);
    ~LabOutages() override;

    // Codes "outage.not_our_store", "outage.bad_seconds", "outage.already_down", "outage.not_paused".
    [[nodiscard]] Result<void> storeOutage(qint64 seconds, DataLoss loss);
    // Codes "outage.bad_server", "outage.bad_seconds", "outage.already_down".
    [[nodiscard]] Result<void> serverOutage(int index, qint64 seconds, DataLoss loss);
    void restoreAll();
    // Ends one outage now: "store" or "server N". False when that target is not down.
    bool restore(const QString &target);
    [[nodiscard]] static QString storeTargetName();
    [[nodiscard]] static QString serverTargetName(int index);
    [[nodiscard]] QJsonArray active() const; // [{target, loses_data, remaining_ms}]

    static constexpr qint64 maxSeconds = 3600;

signals:
    void storeRestored(tokenscope::lab::DataLoss loss); // the store answers again (empty when LosesData)

private:
    // One outage in progress: whether its target loses data, and the timer that ends it.
    struct Outage
    {
        DataLoss loss = DataLoss::KeepsData;
        std::unique_ptr<QTimer> timer;
    };

    RedisProcess *m_redis = nullptr;
    QList<ResourceServer *> m_servers;
    std::map<QString, Outage> m_active; // "store", "server 2"
};

} // namespace tokenscope::lab
