#include "inspect/FoundTokensPanel.h"

#include "binding/TokenBundle.h"
#include "common/BoundedRead.h"
#include "common/Icons.h"
#include "common/ShortcutAction.h"
#include "inspect/ScanResultsModel.h"
#include "jose/CompactToken.h"
#include "jose/TokenExtractor.h"
#include "scan/HarReader.h"

#include <QAction>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tokenscope {

FoundTokensPanel::FoundTokensPanel(QWidget *parent)
    : QWidget(parent), m_runner(new ScanRunner(this)), m_model(new ScanResultsModel(this)),
      m_filterModel(new QSortFilterProxyModel(this))
{
    setAccessibleName(tr("Tokens found in the file"));
    m_filterModel->setSourceModel(m_model);
    m_filterModel->setFilterKeyColumn(-1); // any column: issuer, subject, status, kind or place
    m_filterModel->setFilterCaseSensitivity(Qt::CaseInsensitive);

    const auto make = [this](const QString &text, const QKeySequence &shortcut, auto slot) {
        return makeShortcutAction(this, text, shortcut, slot);
    };
    m_filterAction = make(tr("&Filter Found Tokens"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
    m_cancelAction = make(tr("&Cancel Scan"), QKeySequence(Qt::Key_Escape), &FoundTokensPanel::cancelScan);
    m_cancelAction->setEnabled(false);
    m_closeAction
        = make(tr("C&lose Found Tokens"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_W), &FoundTokensPanel::closeList);
    m_closeAction->setEnabled(false);

    auto *root = new QVBoxLayout(this);
    root->setContentsMargins(0, 0, 0, 0);
    root->setSpacing(4);
    auto *header = new QHBoxLayout;
    header->setContentsMargins(2, 0, 0, 0);
    header->setSpacing(8);
    m_titleLabel = new QLabel(tr("Tokens found"), this);
    QFont bold = m_titleLabel->font();
    bold.setBold(true);
    m_titleLabel->setFont(bold);
    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setAccessibleName(tr("Scan summary"));
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setAccessibleName(tr("Filter found tokens"));
    m_filterEdit->setPlaceholderText(tr("Filter: issuer, subject, status, place… (%1)")
                                         .arg(m_filterAction->shortcut().toString(QKeySequence::NativeText)));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMinimumWidth(340);
    m_progressBar = new QProgressBar(this);
    m_progressBar->setAccessibleName(tr("Scan progress"));
    m_progressBar->setRange(0, 1000);
    m_progressBar->setMaximumWidth(220);
    m_progressBar->hide();
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setAccessibleName(tr("Cancel scan"));
    m_cancelButton->setToolTip(m_cancelAction->toolTip());
    m_cancelButton->hide();
    connect(m_cancelButton, &QPushButton::clicked, this, &FoundTokensPanel::cancelScan);
    m_closeButton = new QToolButton(this);
    m_closeButton->setDefaultAction(m_closeAction);
    m_closeButton->setAutoRaise(true);
    m_closeButton->setAccessibleName(tr("Close found tokens"));
    header->addWidget(m_titleLabel);
    header->addWidget(m_summaryLabel, 1);
    header->addWidget(m_progressBar);
    header->addWidget(m_cancelButton);
    header->addWidget(m_filterEdit);
    header->addWidget(m_closeButton);
    root->addLayout(header);

    m_tableView = new QTableView(this);
    m_tableView->setModel(m_filterModel);
    m_tableView->setAccessibleName(tr("Found tokens"));
    m_tableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableView->setAlternatingRowColors(true);
    m_tableView->setWordWrap(false);
    m_tableView->setSortingEnabled(true);
    m_tableView->sortByColumn(-1, Qt::AscendingOrder); // first-seen order until the user sorts
    m_tableView->verticalHeader()->hide();
    m_tableView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_tableView->verticalHeader()->setDefaultSectionSize(m_tableView->fontMetrics().height() + 8);
    QHeaderView *columns = m_tableView->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setStretchLastSection(false);
    columns->setSectionResizeMode(ScanResultsModel::SeenColumn, QHeaderView::Stretch);
    columns->resizeSection(ScanResultsModel::StatusColumn, 130);
    columns->resizeSection(ScanResultsModel::IssuerColumn, 220);
    columns->resizeSection(ScanResultsModel::SubjectColumn, 140);
    columns->resizeSection(ScanResultsModel::KindColumn, 110);
    columns->resizeSection(ScanResultsModel::CountColumn, 60);
    m_tableView->setMinimumHeight(m_tableView->verticalHeader()->defaultSectionSize() * 4 + columns->height());
    root->addWidget(m_tableView, 1);
    setTabOrder(m_filterEdit, m_tableView);

    connect(m_filterEdit, &QLineEdit::textChanged, m_filterModel, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_filterEdit, &QLineEdit::textChanged, this, &FoundTokensPanel::updateSummary);
    connect(m_model, &ScanResultsModel::dataChanged, this, &FoundTokensPanel::updateSummary); // now moved
    connect(m_tableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &FoundTokensPanel::onCurrentRowChanged);
    connect(m_runner, &ScanRunner::progressed, this, &FoundTokensPanel::onProgress);
    connect(m_runner, &ScanRunner::finished, this, &FoundTokensPanel::onFinished);
    m_closeAction->setIcon(Icons::icon(u"clear"_s, palette()));
}

QList<QAction *> FoundTokensPanel::panelActions() const
{
    return {m_filterAction, m_cancelAction, m_closeAction};
}

std::optional<QString> FoundTokensPanel::pasteText(const QString &path, qsizetype limit)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.isSequential() || file.size() > limit)
        return std::nullopt;
    const BoundedReadResult read = BoundedRead::readAll(file, limit);
    if (!read || HarReader::looksLikeHar(read.bytes))
        return std::nullopt;
    QString text = QString::fromUtf8(read.bytes);
    // Several tokens are a log to list, unless they travel together in one structure (a token response, a redirect
    // URL, a request with a DPoP proof): those are inspected together, as a paste of them would be.
    if (TokenExtractor::extract(text).size() > 1) {
        const TokenBundle bundle = TokenBundleReader::read(text);
        if (bundle.source == TokenBundle::Source::Tokens || !bundle.isCompound())
            return std::nullopt;
    }
    return text;
}

Result<void> FoundTokensPanel::scanFile(const QString &path, qint64 nowSeconds)
{
    m_model->setNowSeconds(nowSeconds);
    if (Result<void> started = m_runner->start(path, nowSeconds); !started)
        return started;
    m_model->clear();
    m_hasOutcome = false;
    m_path = path;
    m_source = QFileInfo(path).fileName();
    m_titleLabel->setText(tr("Tokens in %1").arg(m_source));
    setScanning(true);
    show();
    return {};
}

void FoundTokensPanel::cancelScan()
{
    m_runner->cancel();
}

void FoundTokensPanel::setVisible(bool visible)
{
    QWidget::setVisible(visible);
    m_closeAction->setEnabled(visible);
}

void FoundTokensPanel::closeList()
{
    cancelScan();
    hide();
}

bool FoundTokensPanel::isScanning() const
{
    return m_runner->isRunning();
}

void FoundTokensPanel::setNowSeconds(qint64 nowSeconds)
{
    m_model->setNowSeconds(nowSeconds);
}

void FoundTokensPanel::selectRow(int row)
{
    if (row < 0 || row >= m_filterModel->rowCount())
        return;
    m_tableView->setCurrentIndex(m_filterModel->index(row, ScanResultsModel::StatusColumn));
}

void FoundTokensPanel::setScanning(bool scanning)
{
    m_progressBar->setVisible(scanning);
    m_cancelButton->setVisible(scanning);
    m_cancelAction->setEnabled(scanning);
    if (scanning) {
        m_progressBar->setRange(0, 0);
        m_summaryLabel->setText(tr("Scanning… (Esc cancels)"));
        emit message(QString(), MessageKind::Info);
    }
    emit busyChanged(scanning);
}

void FoundTokensPanel::onProgress(qint64 bytesRead, qint64 totalBytes)
{
    if (totalBytes > 0) {
        m_progressBar->setRange(0, 1000);
        m_progressBar->setValue(int(std::min<qint64>(1000, bytesRead * 1000 / totalBytes)));
        m_progressBar->setFormat(QLocale().formattedDataSize(bytesRead) + u" / "_s
                                 + QLocale().formattedDataSize(totalBytes));
    } else {
        m_progressBar->setRange(0, 0);
    }
    m_summaryLabel->setText(tr("Scanning… %1 read (Esc cancels)").arg(QLocale().formattedDataSize(bytesRead)));
}

void FoundTokensPanel::onFinished(const ScanOutcome &outcome)
{
    setScanning(false);
    m_lastOutcome.source = outcome.source;
    m_lastOutcome.occurrences = outcome.occurrences;
    m_lastOutcome.bytesScanned = outcome.bytesScanned;
    m_lastOutcome.error = outcome.error;
    m_lastOutcome.cancelled = outcome.cancelled;
    m_hasOutcome = true;
    m_model->setTokens(outcome.tokens);
    updateSummary();
    emit scanFinished(outcome);

    if (!outcome.error.isEmpty()) {
        emit message(tr("Scanning %1 stopped: %2").arg(outcome.source, outcome.error), MessageKind::Error);
    } else if (outcome.tokens.empty() && !outcome.cancelled) {
        // A pipe cannot be read twice, and the decoder reads no more than its limit.
        const QFileInfo info(m_path);
        if (info.isFile() && info.size() <= DecodeLimits {}.maxTokenBytes) {
            hide();
            emit readAsPaste(m_path);
            return;
        }
        emit message(tr("No token found in %1 (%2 read).")
                         .arg(outcome.source, QLocale().formattedDataSize(outcome.bytesScanned)),
                     MessageKind::Warning);
    }
    selectRow(0); // the first token is inspected
}

void FoundTokensPanel::updateSummary()
{
    if (!m_hasOutcome)
        return;
    const ScanOutcome &outcome = m_lastOutcome;
    const int total = m_model->rowCount();
    int stillValid = 0;
    for (int row = 0; row < total; ++row)
        stillValid += m_model->statusAt(row) == ExpiryStatus::StillValid ? 1 : 0;
    QString text = total == 1 ? tr("1 distinct token") : tr("%1 distinct tokens").arg(QLocale().toString(total));
    text += outcome.occurrences == 1 ? tr(", seen once")
                                     : tr(", seen %1 times").arg(QLocale().toString(outcome.occurrences));
    text += tr(" · still valid now: %1").arg(stillValid);
    if (m_filterModel->rowCount() != total)
        text += tr(" · %1 shown").arg(m_filterModel->rowCount());
    if (outcome.cancelled)
        text = tr("Cancelled after %1: %2").arg(QLocale().formattedDataSize(outcome.bytesScanned), text);
    if (!outcome.error.isEmpty())
        text = tr("Stopped: %1. %2").arg(outcome.error, text);
    m_summaryLabel->setText(text);
    m_summaryLabel->setToolTip(text);
}

void FoundTokensPanel::onCurrentRowChanged()
{
    const QModelIndex current = m_tableView->currentIndex();
    if (!current.isValid())
        return;
    const QByteArray token = current.data(ScanResultsModel::TokenTextRole).toByteArray();
    if (!token.isEmpty())
        emit tokenSelected(token);
}

void FoundTokensPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_closeAction)
        m_closeAction->setIcon(Icons::icon(u"clear"_s, palette()));
}

} // namespace tokenscope
