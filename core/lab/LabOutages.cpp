#include "lab/LabOutages.h"

#include "lab/RedisProcess.h"
#include "lab/ResourceServer.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QLoggingCategory>

namespace tokenscope::lab {

Q_DECLARE_LOGGING_CATEGORY(lcLab)

namespace {

const QString storeTarget = QStringLiteral("store");

QString serverTarget(int index)
{
    return QStringLiteral("server %1").arg(index);
}

} // namespace

LabOutages::LabOutages(RedisProcess *redis, const QList<ResourceServer *> &servers, QObject *parent)
    : QObject(parent), m_redis(redis), m_servers(servers)
{ }

LabOutages::~LabOutages()
{
    restoreAll();
}

Result<void> LabOutages::storeOutage(qint64 seconds, DataLoss loss)
{
    if (!m_redis)
        return Error {"outage.not_our_store",
                      tr("the lab did not start this Redis (--redis), so it cannot take it down")};
    if (seconds < 1 || seconds > maxSeconds)
        return Error {"outage.bad_seconds", tr("seconds must be from 1 to %1").arg(maxSeconds)};
    if (m_active.count(storeTarget) > 0)
        return Error {"outage.already_down", tr("the store is already down")};
    const bool done = loss == DataLoss::LosesData ? (m_redis->halt(), true) : m_redis->pause();
    if (!done)
        return Error {"outage.not_paused", tr("cannot pause redis-server")};
    Outage &outage = m_active[storeTarget];
    outage.loss = loss;
    outage.timer = std::make_unique<QTimer>();
    outage.timer->setSingleShot(true);
    connect(outage.timer.get(), &QTimer::timeout, this, [this] { restore(storeTarget); });
    outage.timer->start(std::chrono::seconds(seconds));
    return {};
}

Result<void> LabOutages::serverOutage(int index, qint64 seconds, DataLoss loss)
{
    if (index < 1 || index > m_servers.size())
        return Error {"outage.bad_server", tr("server must be from 1 to %1").arg(m_servers.size())};
    if (seconds < 1 || seconds > maxSeconds)
        return Error {"outage.bad_seconds", tr("seconds must be from 1 to %1").arg(maxSeconds)};
    const QString target = serverTarget(index);
    if (m_active.count(target) > 0)
        return Error {"outage.already_down", tr("%1 is already down").arg(target)};
    ResourceServer *server = m_servers[index - 1];
    // Queued, not blocking: the server may be waiting on the in-process issuer, which answers from this thread.
    QMetaObject::invokeMethod(server, [server, loss] { server->takeDown(loss); });
    Outage &outage = m_active[target];
    outage.loss = loss;
    outage.timer = std::make_unique<QTimer>();
    outage.timer->setSingleShot(true);
    connect(outage.timer.get(), &QTimer::timeout, this, [this, target] { restore(target); });
    outage.timer->start(std::chrono::seconds(seconds));
    return {};
}

QString LabOutages::storeTargetName()
{
    return storeTarget;
}

QString LabOutages::serverTargetName(int index)
{
    return serverTarget(index);
}

bool LabOutages::restore(const QString &target)
{
    const auto found = m_active.find(target);
    if (found == m_active.end())
        return false;
    const DataLoss loss = found->second.loss;
    m_active.erase(found);
    if (target == storeTarget) {
        Result<void> back;
        if (loss == DataLoss::LosesData)
            back = m_redis->restartEmpty();
        else if (!m_redis->resume())
            back = Error {"redis.not_resumed", QString()}; // no message of its own: the warning ends at its colon
        if (!back) {
            qCWarning(lcLab).noquote() << tr("cannot bring the store back: %1").arg(back.error().message());
            return true;
        }
        for (ResourceServer *server : std::as_const(m_servers))
            server->storeRestored();
        emit storeRestored(loss);
        return true;
    }
    const int index = target.section(u' ', 1).toInt();
    ResourceServer *server = m_servers.value(index - 1);
    QMetaObject::invokeMethod(server, [server] {
        if (const Result<void> up = server->bringUp(); !up)
            qCWarning(lcLab).noquote() << up.error().message();
    });
    return true;
}

void LabOutages::restoreAll()
{
    QStringList targets;
    for (const auto &[target, outage] : m_active)
        targets << target;
    for (const QString &target : std::as_const(targets))
        restore(target);
}

QJsonArray LabOutages::active() const
{
    QJsonArray list;
    for (const auto &[target, outage] : m_active)
        list.append(QJsonObject {{QStringLiteral("target"), target},
                                 {QStringLiteral("loses_data"), outage.loss == DataLoss::LosesData},
                                 {QStringLiteral("remaining_ms"), outage.timer->remainingTime()}});
    return list;
}

} // namespace tokenscope::lab
