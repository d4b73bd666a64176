#include "inspect/ClaimsTableModel.h"

#include "common/TimeFormat.h"
#include "verify/ClaimCatalogue.h"

#include <QRegularExpression>

namespace tokenscope {

ClaimsTableModel::ClaimsTableModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void ClaimsTableModel::setPayload(const PrettyJson &payload)
{
    beginResetModel();
    m_rows.clear();
    static const QRegularExpression indentation(QStringLiteral("\\n\\s*"));
    for (int i = 0; i < payload.entries.size(); ++i) {
        const PrettyJsonEntry &entry = payload.entries[i];
        if (entry.parent >= 0)
            continue;
        Row row;
        row.entry = i;
        row.name = entry.name;
        row.value = payload.text.mid(entry.valueText.start, entry.valueText.length);
        // Nested objects and arrays on one line, as compact as the pretty text allows.
        row.value.replace(indentation, QStringLiteral(" "));
        row.timestamp = entry.timestamp;
        row.seconds = entry.seconds;
        row.note = entry.note;
        m_rows.append(row);
    }
    endResetModel();
}

void ClaimsTableModel::setNowSeconds(qint64 seconds)
{
    if (seconds == m_nowSeconds)
        return;
    m_nowSeconds = seconds;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row].timestamp)
            emit dataChanged(index(row, ValueColumn), index(row, ValueColumn), {Qt::DisplayRole, Qt::ToolTipRole});
    }
}

int ClaimsTableModel::rowForEntry(int entryIndex) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row].entry == entryIndex)
            return row;
    }
    return -1;
}

int ClaimsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClaimsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClaimsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    const ClaimCatalogue::Entry *known = ClaimCatalogue::instance().claim(row.name);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ClaimColumn:
            return row.name;
        case ValueColumn:
            if (row.timestamp) {
                const TimeFormat::Phrase phrase
                    = row.name == u"exp" ? TimeFormat::Phrase::Expiry : TimeFormat::Phrase::Generic;
                return tr("%1  (%2, %3)")
                    .arg(row.value, TimeFormat::isoUtc(row.seconds),
                         TimeFormat::relative(row.seconds, m_nowSeconds, phrase));
            }
            return row.value;
        case MeaningColumn:
            // A claim an SD-JWT Disclosure filled says which one first.
            if (!row.note.isEmpty())
                return known ? QStringLiteral("%1 · %2").arg(row.note, known->description) : row.note;
            return known ? known->description : QString();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == MeaningColumn && known)
            return QStringLiteral("%1\n%2").arg(known->description, known->source);
        return data(index, Qt::DisplayRole);
    case EntryIndexRole:
        return row.entry;
    default:
        return {};
    }
}

QVariant ClaimsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ClaimColumn:
        return tr("Claim");
    case ValueColumn:
        return tr("Value");
    case MeaningColumn:
        return tr("Meaning");
    default:
        return {};
    }
}

} // namespace tokenscope
