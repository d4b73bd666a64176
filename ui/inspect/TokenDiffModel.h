#pragma once

#include "diff/TokenDiff.h"

#include <QAbstractTableModel>

namespace tokenscope {

// Two tokens side by side (core/diff/TokenDiff): first the signature and key facts of each (alg, kid, issuer,
// iat-to-exp lifetime, whether the signatures are the same), then every header and claim member that was added,
// removed or changed, in source order with values as written, time claims with their move ("exp +15m").
class TokenDiffModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { PartColumn, NameColumn, FirstColumn, SecondColumn, ChangeColumn, ColumnCount };
    enum Role {
        DiffersRole = Qt::UserRole + 1, // bool: the row is a difference (every member row; facts that differ)
    };

    explicit TokenDiffModel(QObject *parent = nullptr);

    void setDiff(const TokenDiff &diff);
    void clear();
    [[nodiscard]] bool hasDiff() const { return m_hasDiff; }
    [[nodiscard]] const TokenDiff &diff() const { return m_diff; }
    // The row of member `name` in `part` ("Header" or "Claims"), or -1.
    [[nodiscard]] int rowOf(const QString &part, const QString &name) const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

private:
    // One table row: a fact or a member, its value in each token, and how it changed.
    struct Row
    {
        QString part, name, first, second, change;
        bool differs = false;
    };
    void addFact(const QString &name, const QString &first, const QString &second);

    TokenDiff m_diff;
    bool m_hasDiff = false;
    QList<Row> m_rows;
};

} // namespace tokenscope
