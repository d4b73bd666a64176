#include "inspect/TokenDiffModel.h"

#include "common/TimeFormat.h"

#include <QBrush>
#include <QFont>

namespace tokenscope {

TokenDiffModel::TokenDiffModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void TokenDiffModel::addFact(const QString &name, const QString &first, const QString &second)
{
    const bool differs = first != second;
    m_rows.append({tr("Signature"), name, first.isEmpty() ? tr("(none)") : first,
                   second.isEmpty() ? tr("(none)") : second, differs ? tr("differs") : tr("same"), differs});
}

void TokenDiffModel::setDiff(const TokenDiff &diff)
{
    beginResetModel();
    m_diff = diff;
    m_hasDiff = true;
    m_rows.clear();
    addFact(QStringLiteral("alg"), diff.first.alg, diff.second.alg);
    addFact(QStringLiteral("kid"), diff.first.kid, diff.second.kid);
    addFact(QStringLiteral("iss"), diff.first.iss, diff.second.iss);
    const auto lifetime = [](const SideFacts &facts) {
        return facts.lifetimeSeconds ? TimeFormat::duration(*facts.lifetimeSeconds) : QString();
    };
    addFact(tr("lifetime (iat to exp)"), lifetime(diff.first), lifetime(diff.second));
    if (diff.first.lifetimeSeconds && diff.second.lifetimeSeconds) {
        const qint64 change = *diff.second.lifetimeSeconds - *diff.first.lifetimeSeconds;
        if (change != 0)
            m_rows.last().change
                = (change < 0 ? QStringLiteral("-") : QStringLiteral("+")) + TimeFormat::duration(std::abs(change));
    }
    m_rows.append({tr("Signature"), tr("signature"), QString(), QString(),
                   diff.sameSignature ? tr("same") : tr("differs"), !diff.sameSignature});
    const auto addChanges = [this](const QString &part, const std::vector<MemberChange> &changes) {
        for (const MemberChange &change : changes) {
            Row row {part, change.name, QString::fromUtf8(change.before), QString::fromUtf8(change.after), {}, true};
            switch (change.kind) {
            case MemberChange::Kind::Added:
                row.first = tr("(absent)");
                row.change = tr("added");
                break;
            case MemberChange::Kind::Removed:
                row.second = tr("(absent)");
                row.change = tr("removed");
                break;
            case MemberChange::Kind::Changed:
                row.change = change.moveSeconds ? TokenDiffer::move(change) : tr("changed");
                break;
            }
            m_rows.append(row);
        }
    };
    addChanges(tr("Header"), diff.header);
    addChanges(tr("Claims"), diff.payload);
    endResetModel();
}

void TokenDiffModel::clear()
{
    beginResetModel();
    m_diff = {};
    m_hasDiff = false;
    m_rows.clear();
    endResetModel();
}

int TokenDiffModel::rowOf(const QString &part, const QString &name) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row].part == part && m_rows[row].name == name)
            return row;
    }
    return -1;
}

int TokenDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TokenDiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TokenDiffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    if (role == DiffersRole)
        return row.differs;
    if (role == Qt::FontRole && row.differs && index.column() == ChangeColumn) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case PartColumn:
        return row.part;
    case NameColumn:
        return row.name;
    case FirstColumn:
        return row.first;
    case SecondColumn:
        return row.second;
    case ChangeColumn:
        return row.change;
    default:
        return {};
    }
}

QVariant TokenDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PartColumn:
        return tr("Part");
    case NameColumn:
        return tr("Member");
    case FirstColumn:
        return tr("A (this token)");
    case SecondColumn:
        return tr("B (compared with)");
    case ChangeColumn:
        return tr("Change");
    default:
        return {};
    }
}

} // namespace tokenscope
