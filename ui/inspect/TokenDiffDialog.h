#pragma once

#include "jose/CompactToken.h"

#include <QDialog>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QTableView;

namespace tokenscope {

class TokenDiffModel;

// "Compare with…": the inspected token (A) beside a second one the user pastes (B, before and after a refresh,
// staging against production), and what differs between them (TokenDiffModel). Paste noise is accepted in B as in
// the input; B is compared as soon as it decodes.
class TokenDiffDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TokenDiffDialog(QWidget *parent = nullptr);

    // The inspected token (A); nullptr: none.
    void setFirstToken(const DecodedToken *token, const QByteArray &text);
    void setSecondText(const QString &text);

    [[nodiscard]] QPlainTextEdit *firstEdit() const { return m_firstEdit; }
    [[nodiscard]] QPlainTextEdit *secondEdit() const { return m_secondEdit; }
    [[nodiscard]] QTableView *diffView() const { return m_diffView; }
    [[nodiscard]] TokenDiffModel *diffModel() const { return m_model; }
    [[nodiscard]] QLabel *statusLabel() const { return m_statusLabel; }

private:
    void compare();

    std::optional<DecodedToken> m_first;
    QPlainTextEdit *m_firstEdit = nullptr;
    QPlainTextEdit *m_secondEdit = nullptr;
    QLabel *m_statusLabel = nullptr;
    QTableView *m_diffView = nullptr;
    TokenDiffModel *m_model = nullptr;
};

} // namespace tokenscope
