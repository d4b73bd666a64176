#pragma once

#include "binding/BindingCheck.h"

#include <QAbstractTableModel>

namespace tokenscope {

// The checks of a bundle, one row each in the core's order (DPoP proof, then the OIDC hashes, then how the
// response's tokens relate): a pass / fail / not-checked mark, the stable check id, the reason code of a failure
// (the findings catalogue id, whose explanation is the tooltip) and the message with the values compared.
class BindingChecksModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { OutcomeColumn, CheckColumn, ReasonColumn, MessageColumn, ColumnCount };
    enum Role { OutcomeRole = Qt::UserRole + 1, CheckRole, ReasonRole };

    explicit BindingChecksModel(QObject *parent = nullptr);

    void setChecks(const BindingChecks &checks);
    [[nodiscard]] const BindingChecks &checks() const { return m_checks; }
    // The row of check `check` ("dpop_htu"), or -1.
    [[nodiscard]] int rowOf(QStringView check) const;

    // "passed", "failed", "not checked" (translated).
    [[nodiscard]] static QString outcomeText(BindingCheck::Outcome outcome);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

private:
    BindingChecks m_checks;
};

} // namespace tokenscope
