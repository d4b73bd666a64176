#include "issuer/RequestLogModel.h"

#include "common/Theme.h"

#include <QDateTime>
#include <QGuiApplication>

using namespace Qt::StringLiterals;

namespace tokenscope {

RequestLogModel::RequestLogModel(QObject *parent) : QAbstractTableModel(parent)
{ }

int RequestLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int RequestLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const issuer::IssuerLogEntry &entry = m_entries.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromSecsSinceEpoch(entry.time, Qt::UTC).toString(u"HH:mm:ss"_s);
        case MethodColumn:
            return entry.method;
        case PathColumn:
            return entry.path;
        case StatusColumn:
            return entry.status;
        case GrantColumn:
            return entry.grantType;
        case ClientColumn:
            return entry.clientId;
        case ErrorColumn:
            return entry.error;
        case FaultColumn:
            return entry.fault;
        default:
            return {};
        }
    }
    // A failure inside the issuer says why only here, in the operator's log.
    if (role == Qt::ToolTipRole && index.column() == ErrorColumn && !entry.detail.isEmpty())
        return entry.detail;
    if (role == Qt::TextAlignmentRole && index.column() == StatusColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == FaultColumn)
        return Theme::colors(QGuiApplication::palette()).warning;
    if (role == Qt::ForegroundRole && (index.column() == StatusColumn || index.column() == ErrorColumn)) {
        const Theme::Colors colors = Theme::colors(QGuiApplication::palette());
        if (entry.status >= 500)
            return colors.high;
        if (entry.status >= 400)
            return colors.warning;
        return colors.valid;
    }
    return {};
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time (UTC)");
    case MethodColumn:
        return tr("Method");
    case PathColumn:
        return tr("Path");
    case StatusColumn:
        return tr("Status");
    case GrantColumn:
        return tr("Grant");
    case ClientColumn:
        return tr("Client");
    case ErrorColumn:
        return tr("Error code");
    case FaultColumn:
        return tr("Fault");
    default:
        return {};
    }
}

void RequestLogModel::append(const issuer::IssuerLogEntry &entry)
{
    if (m_entries.size() >= maxRows) {
        beginRemoveRows({}, 0, 0);
        m_entries.removeFirst();
        endRemoveRows();
    }
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.append(entry);
    endInsertRows();
}

void RequestLogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

} // namespace tokenscope
