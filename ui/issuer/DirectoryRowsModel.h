#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <algorithm>

namespace tokenscope {

// What the issuer's directory models (clients, users) share, whatever a row holds: rows sorted by a name, replaced
// in place while the names stay the same (so a view keeps its selection), and one column of secrets that stays
// masked until shown. `Entry::*key` is the row's name; `secretColumn` the column a change of visibility repaints.
template<typename Entry, QString Entry::*key, int secretColumn, int columnTotal>
class DirectoryRowsModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_entries.size());
    }
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : columnTotal;
    }

    void clear()
    {
        if (m_entries.isEmpty())
            return;
        beginResetModel();
        m_entries.clear();
        endResetModel();
    }

    void setSecretsShown(bool shown)
    {
        if (shown == m_secretsShown)
            return;
        m_secretsShown = shown;
        if (!m_entries.isEmpty())
            emit dataChanged(index(0, secretColumn), index(int(m_entries.size()) - 1, secretColumn));
    }
    [[nodiscard]] bool secretsShown() const { return m_secretsShown; }

    // The row named `name`, or -1.
    [[nodiscard]] int rowOf(const QString &name) const { return rowWhere(key, name); }

protected:
    // Sorts `entries` by name and shows them: in place when the names are the rows' names already.
    void replaceRows(QList<Entry> entries)
    {
        std::sort(entries.begin(), entries.end(),
                  [](const Entry &left, const Entry &right) { return left.*key < right.*key; });
        const bool sameRows = std::equal(entries.cbegin(), entries.cend(), m_entries.cbegin(), m_entries.cend(),
                                         [](const Entry &a, const Entry &b) { return a.*key == b.*key; });
        if (sameRows) {
            m_entries = std::move(entries);
            if (!m_entries.isEmpty())
                emit dataChanged(index(0, 0), index(int(m_entries.size()) - 1, columnTotal - 1));
            return;
        }
        beginResetModel();
        m_entries = std::move(entries);
        endResetModel();
    }

    // The row whose `member` is `value`, or -1.
    [[nodiscard]] int rowWhere(QString Entry::*member, const QString &value) const
    {
        for (int row = 0; row < m_entries.size(); ++row) {
            if (m_entries.at(row).*member == value)
                return row;
        }
        return -1;
    }

    // The row's entry, or nullptr past the rows.
    [[nodiscard]] const Entry *entryAt(int row) const
    {
        return row >= 0 && row < m_entries.size() ? &m_entries.at(row) : nullptr;
    }

    QList<Entry> m_entries;
    bool m_secretsShown = false;
};

} // namespace tokenscope
