#pragma once

#include "scan/ScanReport.h"

#include <QAbstractTableModel>

#include <vector>

namespace tokenscope {

// The tokens a scan of a file found (one row per distinct token, in the order first seen): where it was first
// seen, its issuer and subject, its kind and algorithm, how often it was seen, and its state at the workspace's now
// (re-judged when now moves, e.g. by time travel). The token text is kept for inspecting a row, never shown.
class ScanResultsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StatusColumn, IssuerColumn, SubjectColumn, KindColumn, SeenColumn, CountColumn, ColumnCount };
    enum Role {
        TokenTextRole = Qt::UserRole + 1, // QByteArray: the token itself
        StatusRole, // int: ExpiryStatus at now
    };

    explicit ScanResultsModel(QObject *parent = nullptr);

    void setTokens(std::vector<ScannedToken> tokens);
    void clear();
    void setNowSeconds(qint64 nowSeconds);
    [[nodiscard]] const ScannedToken *tokenAt(int row) const;
    [[nodiscard]] ExpiryStatus statusAt(int row) const;
    // "app.log line 12 · Authorization header", "GET https://api.example/items · request header Authorization"
    [[nodiscard]] static QString placeText(const ScanPlace &place);
    [[nodiscard]] static QString statusText(ExpiryStatus status);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

private:
    std::vector<ScannedToken> m_tokens;
    std::vector<ExpiryStatus> m_statuses;
    qint64 m_nowSeconds = 0;
};

} // namespace tokenscope
