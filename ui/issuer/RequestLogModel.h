#pragma once

#include "issuer/MockIssuer.h"

#include <QAbstractTableModel>
#include <QList>

namespace tokenscope {

// The mock issuer's live request log: method, path, status, grant type, client and OAuth error code per request.
// IssuerLogEntry carries no token, secret or query string by construction, so neither does this model.
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        MethodColumn,
        PathColumn,
        StatusColumn,
        GrantColumn,
        ClientColumn,
        ErrorColumn,
        FaultColumn, // the injected faults that changed the answer (docs/issuer.md "Faults")
        ColumnCount
    };
    // Older entries drop out past this many.
    static constexpr int maxRows = 2000;

    explicit RequestLogModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void append(const issuer::IssuerLogEntry &entry);
    void clear();
    [[nodiscard]] const issuer::IssuerLogEntry &entry(int row) const { return m_entries.at(row); }

private:
    QList<issuer::IssuerLogEntry> m_entries; // oldest first
};

} // namespace tokenscope
