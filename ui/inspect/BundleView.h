#pragma once

#include "binding/BundleChecks.h"
#include "common/MessageKind.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QModelIndex;
class QSplitter;
class QTableView;

namespace tokenscope {

class BindingChecksModel;
class BundleTokensModel;
struct TokenAnalysis;

// The tokens that travel together, beside the single-token panes: where they came from (a token response, a
// redirect URL, an HTTP request or curl command, or tokens pasted together), each token by its role (activating one
// shows it in the panes; an opaque one cannot be), each check on its own row with its outcome and reason code, and a
// small form for what the user knows beyond the paste (the request's method and URL, the server's DPoP nonce, the
// OIDC nonce). The view is passive: it reports edits (optionsChanged) and activations, the workspace re-checks.
class BundleView : public QWidget
{
    Q_OBJECT
public:
    explicit BundleView(QWidget *parent = nullptr);

    // Shows the analysis' bundle (nothing when it has none) and marks the token the panes show.
    void setAnalysis(const TokenAnalysis &analysis);
    [[nodiscard]] const std::optional<BundleReport> &report() const { return m_report; }
    // What the user entered; empty fields are filled from the bundle by BundleChecks.
    [[nodiscard]] BundleOptions options() const;
    // "Token response (token_type DPoP) · 3 tokens · 1 of 9 checks failed"
    [[nodiscard]] QString summary() const;
    // Puts the pane's fields into the window's Tab order right after `previous`.
    void placeInTabOrderAfter(QWidget *previous);

    [[nodiscard]] QLabel *summaryLabel() const { return m_summaryLabel; }
    [[nodiscard]] QTableView *tokensView() const { return m_tokensView; }
    [[nodiscard]] BundleTokensModel *tokensModel() const { return m_tokensModel; }
    [[nodiscard]] QTableView *checksView() const { return m_checksView; }
    [[nodiscard]] BindingChecksModel *checksModel() const { return m_checksModel; }
    [[nodiscard]] QLineEdit *methodEdit() const { return m_methodEdit; }
    [[nodiscard]] QLineEdit *urlEdit() const { return m_urlEdit; }
    [[nodiscard]] QLineEdit *dpopNonceEdit() const { return m_dpopNonceEdit; }
    [[nodiscard]] QLineEdit *oidcNonceEdit() const { return m_oidcNonceEdit; }
    [[nodiscard]] QWidget *dpopForm() const { return m_dpopForm; }
    [[nodiscard]] QWidget *oidcForm() const { return m_oidcForm; }

signals:
    // The method, URL or a nonce was edited: the checks are worth running again with options().
    void optionsChanged();
    // A token with JOSE structure was activated: show it in the panes.
    void tokenActivated(const QByteArray &token);
    // Something to tell the user in the workspace's message line (an opaque token cannot be shown).
    void message(const QString &text, MessageKind kind);

private:
    QWidget *buildForm();
    void activateToken(const QModelIndex &index);
    void updateForm();

    std::optional<BundleReport> m_report;
    QLabel *m_summaryLabel = nullptr;
    QTableView *m_tokensView = nullptr;
    BundleTokensModel *m_tokensModel = nullptr;
    QTableView *m_checksView = nullptr;
    BindingChecksModel *m_checksModel = nullptr;
    QSplitter *m_splitter = nullptr;
    QWidget *m_dpopForm = nullptr;
    QWidget *m_oidcForm = nullptr;
    QLineEdit *m_methodEdit = nullptr;
    QLineEdit *m_urlEdit = nullptr;
    QLineEdit *m_dpopNonceEdit = nullptr;
    QLineEdit *m_oidcNonceEdit = nullptr;
};

} // namespace tokenscope
