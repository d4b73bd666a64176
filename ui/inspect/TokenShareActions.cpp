#include "inspect/TokenShareActions.h"

#include "common/Clipboard.h"
#include "common/Icons.h"
#include "common/ShortcutAction.h"
#include "inspect/ReportExport.h"
#include "inspect/TokenDiffDialog.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace tokenscope {

TokenShareActions::TokenShareActions(QWidget *window) : QObject(window), m_window(window)
{
    m_compareAction = makeShortcutAction(window, tr("&Compare With…"), QKeySequence(Qt::CTRL | Qt::Key_D));
    m_exportAction
        = makeShortcutAction(window, tr("&Export Redacted Report…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_copyMarkdownAction
        = makeShortcutAction(window, tr("Copy Report as &Markdown"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_M));
    m_compareAction->setStatusTip(tr("Show this token beside another one, with what was added, removed and changed"));
    m_exportAction->setStatusTip(tr("Save a report to share: no signature, personal claims masked, no keys "
                                    "(Markdown, JSON or HTML)"));
    m_copyMarkdownAction->setStatusTip(tr("Copy the redacted report as Markdown, for a ticket or a chat"));
    connect(m_compareAction, &QAction::triggered, this, [this] { (void)openCompareDialog(); });
    connect(m_exportAction, &QAction::triggered, this, &TokenShareActions::chooseReportFile);
    connect(m_copyMarkdownAction, &QAction::triggered, this, &TokenShareActions::copyMarkdown);
    setToken(nullptr, {});
}

void TokenShareActions::setToken(const DecodedToken *token, const QByteArray &text)
{
    if (token)
        m_token = *token;
    else
        m_token.reset();
    m_text = text;
    for (QAction *action : {m_compareAction, m_exportAction, m_copyMarkdownAction})
        action->setEnabled(token != nullptr);
    if (m_diffDialog)
        m_diffDialog->setFirstToken(token, text);
}

void TokenShareActions::setFindings(const Findings &findings)
{
    m_findings = findings;
}

void TokenShareActions::updateIcons(const QPalette &palette)
{
    m_compareAction->setIcon(Icons::icon(u"compare"_s, palette));
    m_exportAction->setIcon(Icons::icon(u"export"_s, palette));
    m_copyMarkdownAction->setIcon(Icons::icon(u"copy"_s, palette));
}

TokenDiffDialog *TokenShareActions::openCompareDialog()
{
    if (!m_diffDialog) {
        m_diffDialog = new TokenDiffDialog(m_window);
        m_diffDialog->setFirstToken(m_token ? &*m_token : nullptr, m_text);
    }
    m_diffDialog->show();
    m_diffDialog->raise();
    m_diffDialog->activateWindow();
    return m_diffDialog;
}

bool TokenShareActions::exportReport(const QString &path)
{
    if (!m_token) {
        emit message(tr("There is no decoded token to report on."), MessageKind::Warning);
        return false;
    }
    const RedactedReport::Format format = ReportExport::formatForPath(path, RedactedReport::Format::Markdown);
    const QString error = ReportExport::write(path, *m_token, m_findings, m_nowSeconds, format);
    if (!error.isEmpty()) {
        emit message(error, MessageKind::Error);
        return false;
    }
    emit message(tr("Saved a redacted report to %1.").arg(QFileInfo(path).fileName()), MessageKind::Info);
    return true;
}

QString TokenShareActions::redactedMarkdown() const
{
    if (!m_token)
        return {};
    return QString::fromUtf8(RedactedReport::render(*m_token, m_findings, m_nowSeconds, RedactedReport::Options {}));
}

void TokenShareActions::chooseReportFile()
{
    if (!m_token)
        return;
    QString filter;
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Export Redacted Report"), tr("token-report.md"),
                                                      ReportExport::fileFilters(), &filter);
    if (!path.isEmpty())
        exportReport(ReportExport::withSuffix(path, ReportExport::formatForFilter(filter)));
}

void TokenShareActions::copyMarkdown()
{
    const QString markdown = redactedMarkdown();
    if (markdown.isEmpty())
        return;
    // Redacted for sharing: no signature, personal claims masked, no key material.
    Clipboard::copyText(markdown, Clipboard::Sensitivity::Public);
    emit message(tr("Copied the redacted report as Markdown."), MessageKind::Info);
}

} // namespace tokenscope
