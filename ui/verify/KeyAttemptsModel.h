#pragma once

#include "verify/TokenVerifier.h"

#include <QAbstractTableModel>

namespace tokenscope {

// JWKS diagnostics: every key the verifier considered, with its kid, kty, alg and use and why it was not used.
class KeyAttemptsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { KidColumn, TypeColumn, AlgorithmColumn, UseColumn, SourceColumn, OutcomeColumn, ColumnCount };

    explicit KeyAttemptsModel(QObject *parent = nullptr);

    void setAttempts(const QList<KeyAttempt> &attempts);
    [[nodiscard]] const QList<KeyAttempt> &attempts() const { return m_attempts; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

private:
    QList<KeyAttempt> m_attempts;
};

} // namespace tokenscope
