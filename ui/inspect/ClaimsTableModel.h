#pragma once

#include "inspect/PrettyJson.h"

#include <QAbstractTableModel>

namespace tokenscope {

// The payload's top-level claims as a table (claim, value, meaning): the alternative to the JSON pane. Rows keep
// the payload's order; timestamps show their UTC and relative forms, refreshed by setNowSeconds().
class ClaimsTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { ClaimColumn, ValueColumn, MeaningColumn, ColumnCount };
    enum Role { EntryIndexRole = Qt::UserRole + 1 }; // index into the PrettyJson entries, for linking

    explicit ClaimsTableModel(QObject *parent = nullptr);

    void setPayload(const PrettyJson &payload);
    void setNowSeconds(qint64 seconds);
    // The row showing PrettyJson entry `entryIndex`, or -1.
    [[nodiscard]] int rowForEntry(int entryIndex) const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

private:
    // One table row: a top-level claim, its value as written, and for a timestamp the seconds to show.
    struct Row
    {
        int entry = -1;
        QString name;
        QString value; // as written in the pretty JSON (compacted to one line)
        bool timestamp = false;
        qint64 seconds = 0;
        QString note; // e.g. which SD-JWT Disclosure filled it (PrettyJsonEntry::note)
    };
    QList<Row> m_rows;
    qint64 m_nowSeconds = 0;
};

} // namespace tokenscope
