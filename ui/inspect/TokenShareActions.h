#pragma once

#include "common/MessageKind.h"
#include "jose/CompactToken.h"
#include "verify/Finding.h"

#include <QObject>
#include <QPalette>

#include <optional>

class QAction;
class QWidget;

namespace tokenscope {

class TokenDiffDialog;

// What Inspect does with the inspected token beyond showing it: "Compare With…" (TokenDiffDialog), "Export
// Redacted Report…" and "Copy Report as Markdown" (core/report/RedactedReport: no signature, personal claims
// masked, no key material). The workspace feeds it the token, the findings it shows and its 'now'.
class TokenShareActions : public QObject
{
    Q_OBJECT
public:
    // The actions' shortcuts work anywhere in `window`, which also parents the dialogs.
    explicit TokenShareActions(QWidget *window);

    // The inspected token and its text (nullptr: none); the actions are enabled only with a token.
    void setToken(const DecodedToken *token, const QByteArray &text);
    void setFindings(const Findings &findings);
    void setNowSeconds(qint64 nowSeconds) { m_nowSeconds = nowSeconds; }
    void updateIcons(const QPalette &palette);

    // Opens (or raises) the comparison, with the inspected token as A.
    TokenDiffDialog *openCompareDialog();
    // Writes the redacted report; the format follows the suffix (.md, .json, .html; Markdown otherwise). False,
    // with message(), when there is no token or the file cannot be written.
    bool exportReport(const QString &path);
    // The redacted report in Markdown, as "Copy Report as Markdown" copies it (empty: no token).
    [[nodiscard]] QString redactedMarkdown() const;

    [[nodiscard]] QAction *compareAction() const { return m_compareAction; }
    [[nodiscard]] QAction *exportAction() const { return m_exportAction; }
    [[nodiscard]] QAction *copyMarkdownAction() const { return m_copyMarkdownAction; }

signals:
    // A line for the workspace's message bar.
    void message(const QString &text, MessageKind kind);

private:
    void chooseReportFile();
    void copyMarkdown();

    QWidget *m_window = nullptr;
    std::optional<DecodedToken> m_token;
    QByteArray m_text;
    Findings m_findings;
    qint64 m_nowSeconds = 0;
    TokenDiffDialog *m_diffDialog = nullptr;
    QAction *m_compareAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_copyMarkdownAction = nullptr;
};

} // namespace tokenscope
