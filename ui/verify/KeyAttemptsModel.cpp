#include "verify/KeyAttemptsModel.h"

namespace tokenscope {

KeyAttemptsModel::KeyAttemptsModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void KeyAttemptsModel::setAttempts(const QList<KeyAttempt> &attempts)
{
    beginResetModel();
    m_attempts = attempts;
    endResetModel();
}

int KeyAttemptsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_attempts.size());
}

int KeyAttemptsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyAttemptsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const KeyAttempt &attempt = m_attempts.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case KidColumn:
            return attempt.kid.isEmpty() ? tr("(none)") : attempt.kid;
        case TypeColumn:
            return attempt.kty;
        case AlgorithmColumn:
            return attempt.alg;
        case UseColumn:
            return attempt.use;
        case SourceColumn:
            return attempt.source;
        case OutcomeColumn:
            return attempt.outcome;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        return tr("kid: %1\nthumbprint (RFC 7638): %2\nfrom: %3\n%4")
            .arg(attempt.kid.isEmpty() ? tr("(none)") : attempt.kid, attempt.thumbprint, attempt.source,
                 attempt.outcome);
    }
    return {};
}

QVariant KeyAttemptsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KidColumn:
        return tr("kid");
    case TypeColumn:
        return tr("kty");
    case AlgorithmColumn:
        return tr("alg");
    case UseColumn:
        return tr("use");
    case SourceColumn:
        return tr("From");
    case OutcomeColumn:
        return tr("Why not used");
    default:
        return {};
    }
}

} // namespace tokenscope
