#pragma once

#include "common/MessageKind.h"
#include "common/Result.h"
#include "inspect/ScanRunner.h"

#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;

namespace tokenscope {

class ScanResultsModel;

// The tokens found in an opened or dropped file (a HAR capture, a log): one row per distinct token with its status
// now, issuer, subject, kind and where it was first seen; a filter over every column; selecting a row asks the
// workspace to inspect that token. The scan runs off the UI thread with a progress bar and Cancel (Esc).
class FoundTokensPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FoundTokensPanel(QWidget *parent = nullptr);

    // A file read like a paste rather than listed: a regular file of up to `limit` bytes, not a HAR capture, that
    // holds at most one token or one bundle (a token response, a redirect URL, a request with a DPoP proof). Its
    // text; nullopt when it is to be scanned (or cannot be read: scanFile says why).
    [[nodiscard]] static std::optional<QString> pasteText(const QString &path, qsizetype limit);

    // Starts scanning `path` (the panel shows itself); fails as ScanRunner::start when the file cannot be opened.
    [[nodiscard]] Result<void> scanFile(const QString &path, qint64 nowSeconds);
    void cancelScan();
    // Cancels any scan and hides the list.
    void closeList();
    [[nodiscard]] bool isScanning() const;
    void setNowSeconds(qint64 nowSeconds);
    // Selects row `row` of the (filtered) list, as a click would.
    void selectRow(int row);

    // Filter, cancel (Esc while scanning) and close, for the workspace's menus; each has a shortcut.
    [[nodiscard]] QList<QAction *> panelActions() const;

    [[nodiscard]] ScanResultsModel *model() const { return m_model; }
    [[nodiscard]] QSortFilterProxyModel *filterModel() const { return m_filterModel; }
    [[nodiscard]] QTableView *tableView() const { return m_tableView; }
    [[nodiscard]] QLineEdit *filterEdit() const { return m_filterEdit; }
    [[nodiscard]] QProgressBar *progressBar() const { return m_progressBar; }
    [[nodiscard]] QLabel *summaryLabel() const { return m_summaryLabel; }
    [[nodiscard]] QPushButton *cancelButton() const { return m_cancelButton; }
    [[nodiscard]] QAction *cancelAction() const { return m_cancelAction; }

signals:
    // The user picked a row: inspect this token.
    void tokenSelected(const QByteArray &token);
    void scanFinished(const tokenscope::ScanOutcome &outcome);
    // A scan started or ended (for a busy indication).
    void busyChanged(bool busy);
    // A line for the workspace's message bar: why a scan stopped, or that it found nothing.
    void message(const QString &text, MessageKind kind);
    // The scan found no token in this regular file of at most the decoder's size limit (a broken token, say): read
    // it into the input, where the decoder says what is wrong and where, as for a paste. The list is hidden.
    void readAsPaste(const QString &path);

public:
    // Close Found Tokens is offered only while there is a list to close.
    void setVisible(bool visible) override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void onProgress(qint64 bytesRead, qint64 totalBytes);
    void onFinished(const ScanOutcome &outcome);
    void onCurrentRowChanged();
    void updateSummary();
    void setScanning(bool scanning);

    ScanRunner *m_runner = nullptr;
    ScanResultsModel *m_model = nullptr;
    QSortFilterProxyModel *m_filterModel = nullptr;
    QString m_path;
    QString m_source;
    ScanOutcome m_lastOutcome;
    bool m_hasOutcome = false;

    QLabel *m_titleLabel = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QToolButton *m_closeButton = nullptr;
    QTableView *m_tableView = nullptr;
    QAction *m_filterAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_closeAction = nullptr;
};

} // namespace tokenscope
