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

bool LabOutages::storeOutage(qint64 seconds, DataLoss loss, QString *error)
{
    auto failed = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!m_redis)
        return failed(tr("the lab did not start this Redis (--redis), so it cannot take it down"));
    if (seconds < 1 || seconds > maxSeconds)
        return failed(tr("seconds must be from 1 to %1").arg(maxSeconds));
    if (m_active.count(storeTarget) > 0)
        return failed(tr("the store is already down"));
    const bool done = loss == DataLoss::LosesData ? (m_redis->halt(), true) : m_redis->pause();
    if (!done)
        return failed(tr("cannot pause redis-server"));
    Outage &outage = m_active[storeTarget];
    outage.loss = loss;
    outage.timer = std::make_unique<QTimer>();
    outage.timer->setSingleShot(true);
    connect(outage.timer.get(), &QTimer::timeout, this, [this] { restore(storeTarget); });
    outage.timer->start(std::chrono::seconds(seconds));
    return true;
}

bool LabOutages::serverOutage(int index, qint64 seconds, DataLoss loss, QString *error)
{
    auto failed = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (index < 1 || index > m_servers.size())
        return failed(tr("server must be from 1 to %1").arg(m_servers.size()));
    if (seconds < 1 || seconds > maxSeconds)
        return failed(tr("seconds must be from 1 to %1").arg(maxSeconds));
    const QString target = serverTarget(index);
    if (m_active.count(target) > 0)
        return failed(tr("%1 is already down").arg(target));
    ResourceServer *server = m_servers[index - 1];
    // Queued, not blocking: the server may be waiting on the in-process issuer, which answers from this thread.
    QMetaObject::invokeMethod(server, [server, loss] { server->takeDown(loss); });
    Outage &outage = m_active[target];
    outage.loss = loss;
    outage.timer = std::make_unique<QTimer>();
    outage.timer->setSingleShot(true);
    connect(outage.timer.get(), &QTimer::timeout, this, [this, target] { restore(target); });
    outage.timer->start(std::chrono::seconds(seconds));
    return true;
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
    QString error;
    if (target == storeTarget) {
        const bool ok = loss == DataLoss::LosesData ? m_redis->restartEmpty(&error) : m_redis->resume();
        if (!ok) {
            qCWarning(lcLab).noquote() << tr("cannot bring the store back: %1").arg(error);
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
        QString serverError;
        if (!server->bringUp(&serverError))
            qCWarning(lcLab).noquote() << serverError;
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
