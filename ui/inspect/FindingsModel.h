#pragma once

#include "verify/Finding.h"

#include <QAbstractListModel>

namespace tokenscope {

// Findings about the token, most severe first, with severity icons and the catalogue's explanation as tooltip.
class FindingsModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { SpanStartRole = Qt::UserRole + 1, SpanLengthRole, IdRole, SeverityRole };

    explicit FindingsModel(QObject *parent = nullptr);

    void setFindings(const Findings &findings);
    [[nodiscard]] const Findings &findings() const { return m_findings; }
    [[nodiscard]] Span spanAt(int row) const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    Findings m_findings;
};

} // namespace tokenscope
