#include "simulate/EventLogModel.h"

#include "common/Theme.h"
#include "simulate/TimelineView.h"

#include <QGuiApplication>
#include <QPalette>

#include <algorithm>

namespace tokenscope {

using namespace Qt::StringLiterals;
using namespace sim;

EventLogModel::EventLogModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void EventLogModel::setRun(std::shared_ptr<const SimulationRun> run)
{
    beginResetModel();
    m_run = std::move(run);
    endResetModel();
}

int EventLogModel::rowAtTime(qint64 seconds) const
{
    if (!m_run)
        return 0;
    const auto &events = m_run->events;
    return int(std::lower_bound(events.begin(), events.end(), seconds,
                                [](const SimEvent &event, qint64 t) { return event.time < t; })
               - events.begin());
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_run ? 0 : int(m_run->events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventLogModel::eventName(const SimEvent &event)
{
    QString name;
    switch (event.type) {
    case SimEventType::Login:
        name = tr("login");
        break;
    case SimEventType::LoginDenied:
        name = tr("login denied");
        break;
    case SimEventType::Request:
        name = tr("request");
        break;
    case SimEventType::Refresh:
        name = tr("refresh");
        break;
    case SimEventType::ConcurrentRefresh:
        name = tr("concurrent refresh");
        break;
    case SimEventType::Logout:
        name = tr("logout");
        break;
    case SimEventType::Theft:
        name = tr("theft");
        break;
    case SimEventType::AttackerRequest:
        name = tr("attacker request");
        break;
    case SimEventType::AttackerRefresh:
        name = tr("attacker refresh");
        break;
    case SimEventType::Operator:
        name = tr("operator");
        break;
    case SimEventType::KeyPublished:
        name = tr("key published");
        break;
    case SimEventType::StoreOutage:
        name = tr("store outage");
        break;
    case SimEventType::StoreRestored:
        name = tr("store restored");
        break;
    case SimEventType::ExposureEnded:
        name = tr("exposure ended");
        break;
    case SimEventType::ServerDown:
        name = tr("server down");
        break;
    case SimEventType::ServerUp:
        name = tr("server up");
        break;
    }
    // Stable codes stay as the engine spells them (they are what the CLI and the exports print).
    if (!event.reasonText().isEmpty())
        name += u" · "_s + QString::fromLatin1(event.reasonText());
    if (event.note != sim::LogoutKind::None)
        name += u" · "_s + QString::fromLatin1(event.noteText());
    return name;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!m_run || !index.isValid() || index.row() >= rowCount())
        return {};
    const SimEvent &event = m_run->events[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: {
            const qint64 t = event.time;
            const QString clock = u"%1:%2:%3"_s.arg(t % 86400 / 3600, 2, 10, QLatin1Char('0'))
                                      .arg(t % 3600 / 60, 2, 10, QLatin1Char('0'))
                                      .arg(t % 60, 2, 10, QLatin1Char('0'));
            return t >= 86400 ? tr("d%1 %2").arg(t / 86400).arg(clock) : clock;
        }
        case EventColumn:
            return eventName(event);
        case ActorColumn:
            switch (event.actor) {
            case ActorKind::Client:
                return tr("client %1").arg(event.actorIndex);
            case ActorKind::Attacker:
                return tr("attacker %1").arg(event.actorIndex);
            case ActorKind::Operator:
                return tr("operator");
            case ActorKind::Issuer:
                return tr("issuer");
            }
            return {};
        case ResultColumn:
            return event.ok ? tr("ok") : tr("refused");
        }
        return {};
    case Qt::ToolTipRole:
        return QString::fromLatin1(event.toJsonLine().trimmed());
    case Qt::ForegroundRole:
        if (index.column() == ResultColumn || (event.actor == ActorKind::Attacker && event.ok)) {
            const Theme::Colors colors = Theme::colors(QGuiApplication::palette());
            if (event.actor == ActorKind::Attacker)
                return event.ok ? colors.high : colors.valid;
            return event.ok ? colors.valid : colors.high;
        }
        return {};
    case EventIndexRole:
        return index.row();
    case TimeRole:
        return event.time;
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case EventColumn:
        return tr("Event");
    case ActorColumn:
        return tr("Actor");
    case ResultColumn:
        return tr("Result");
    }
    return {};
}

} // namespace tokenscope
