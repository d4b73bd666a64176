#include "inspect/DisclosuresView.h"

#include "common/Theme.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tokenscope {
namespace {

// Cells show a value's beginning; the tooltip holds more of it (a Disclosure's value can be a whole object).
QTableWidgetItem *cell(const QString &text)
{
    auto *item = new QTableWidgetItem(text.left(200));
    item->setToolTip(text.left(4000));
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

QString compactJson(const JsonValue &value)
{
    return QString::fromUtf8(Json::write(value, Json::Style::Compact));
}

} // namespace

DisclosuresView::DisclosuresView(QWidget *parent) : QWidget(parent)
{
    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setWordWrap(true);
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summaryLabel->setAccessibleName(tr("SD-JWT summary"));

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setAccessibleName(tr("SD-JWT disclosures"));
    m_table->setHorizontalHeaderLabels(
        {tr("#"), tr("Claim"), tr("Value"), tr("In the claims at"), tr("Digest"), tr("Salt")});
    m_table->horizontalHeaderItem(WhereColumn)
        ->setToolTip(tr("Where the disclosed value sits in the processed claims (a JSON Pointer, RFC 6901)"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setFrameShape(QFrame::NoFrame);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // Never squeezed below a few rows by the splitter.
    m_table->setMinimumHeight(m_table->verticalHeader()->defaultSectionSize() * 3
                              + m_table->horizontalHeader()->sizeHint().height());
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &DisclosuresView::onSelectionChanged);

    m_keyBindingLabel = new QLabel(this);
    m_keyBindingLabel->setWordWrap(true);
    m_keyBindingLabel->setTextFormat(Qt::RichText);
    m_keyBindingLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keyBindingLabel->setAccessibleName(tr("Key binding check"));
    m_keyBindingJwtLabel = new QLabel(this);
    m_keyBindingJwtLabel->setWordWrap(true);
    m_keyBindingJwtLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keyBindingJwtLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_keyBindingJwtLabel->setAccessibleName(tr("Key-binding JWT"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 6);
    layout->setSpacing(4);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_keyBindingLabel);
    layout->addWidget(m_keyBindingJwtLabel);
}

void DisclosuresView::setAnalysis(std::optional<SdJwtAnalysis> analysis)
{
    m_analysis = std::move(analysis);
    m_selecting = true;
    fillTable();
    m_selecting = false;
    m_summaryLabel->setText(summary());
    showKeyBinding();
}

void DisclosuresView::fillTable()
{
    m_table->clearContents();
    m_table->setRowCount(0);
    if (!m_analysis)
        return;
    const SdJwt &sdJwt = m_analysis->sdJwt;
    const SdJwtClaims &claims = m_analysis->inspection.claims;
    const Theme::Colors colors = Theme::colors(palette());
    const int disclosures = int(sdJwt.disclosures.size());
    m_table->setRowCount(disclosures + int(claims.undisclosed.size()));
    for (int row = 0; row < disclosures; ++row) {
        const Disclosure &disclosure = sdJwt.disclosures[size_t(row)];
        const DisclosureMatch &match = claims.matches[size_t(row)];
        m_table->setItem(row, PositionColumn, cell(QString::number(disclosure.position)));
        m_table->setItem(row, ClaimColumn, cell(disclosure.claimName ? *disclosure.claimName : tr("(array element)")));
        m_table->setItem(row, ValueColumn, cell(compactJson(disclosure.value)));
        QTableWidgetItem *where = cell(match.referenced ? match.path : tr("referred to by no digest"));
        if (!match.referenced)
            where->setForeground(colors.errorForeground);
        m_table->setItem(row, WhereColumn, where);
        m_table->setItem(row, DigestColumn, cell(QString::fromLatin1(match.digest)));
        m_table->setItem(row, SaltColumn, cell(disclosure.salt));
    }
    // RFC 9901 §4.2.5: a digest no Disclosure answers is a withheld claim or a decoy; the two look the same.
    for (int index = 0; index < claims.undisclosed.size(); ++index) {
        const UndisclosedDigest &undisclosed = claims.undisclosed[index];
        const int row = disclosures + index;
        const QList<QTableWidgetItem *> items {
            cell(QStringLiteral("–")),
            cell(tr("(undisclosed)")),
            cell(tr("withheld claim or decoy")),
            cell(undisclosed.path.isEmpty() ? QStringLiteral("/") : undisclosed.path),
            cell(undisclosed.digest),
            cell(QString())};
        for (int column = 0; column < ColumnCount; ++column) {
            items[column]->setForeground(colors.annotation);
            m_table->setItem(row, column, items[column]);
        }
    }
    for (const int column : {PositionColumn, ClaimColumn, ValueColumn, WhereColumn})
        m_table->resizeColumnToContents(column);
    // The value and the digest are long; their tooltips hold all of them.
    m_table->setColumnWidth(ValueColumn, qMin(m_table->columnWidth(ValueColumn), 240));
    m_table->setColumnWidth(DigestColumn, m_table->fontMetrics().horizontalAdvance(QString(22, u'M')));
}

QString DisclosuresView::summary() const
{
    if (!m_analysis)
        return {};
    const SdJwtClaims &claims = m_analysis->inspection.claims;
    // Counts after a colon read right for any number, with or without a translation catalogue.
    QStringList parts {tr("disclosures: %1").arg(m_analysis->sdJwt.disclosures.size()),
                       tr("undisclosed digests (withheld claims or decoys): %1").arg(claims.undisclosed.size()),
                       tr("digest algorithm: %1").arg(claims.hashAlgorithm)};
    if (!claims.isValid())
        parts << tr("problems: %1, see Findings").arg(claims.problems.size());
    const QString text = parts.join(QStringLiteral(" · "));
    return text;
}

void DisclosuresView::showKeyBinding()
{
    if (!m_analysis) {
        m_keyBindingLabel->clear();
        m_keyBindingJwtLabel->clear();
        m_keyBindingJwtLabel->hide();
        return;
    }
    const KeyBindingResult &keyBinding = m_analysis->inspection.keyBinding;
    const Theme::Colors colors = Theme::colors(palette());
    QString verdict;
    QColor color;
    if (keyBinding.isValid()) {
        verdict = tr("✔ %1").arg(keyBinding.message);
        color = colors.valid;
    } else if (keyBinding.reason == KeyBindingResult::Reason::Absent) {
        verdict = tr("none: the SD-JWT ends without a key-binding JWT, so anyone holding it can present it");
        color = colors.annotation;
    } else {
        verdict = tr("✖ %1: %2").arg(keyBinding.reasonName(), keyBinding.message);
        color = colors.high;
    }
    m_keyBindingLabel->setText(QStringLiteral("<b>%1</b> <span style=\"color:%2\">%3</span>")
                                   .arg(tr("Key binding:").toHtmlEscaped(), color.name(), verdict.toHtmlEscaped()));

    const std::optional<DecodedToken> &jwt = m_analysis->sdJwt.keyBinding;
    if (!jwt) {
        m_keyBindingJwtLabel->clear();
        m_keyBindingJwtLabel->hide();
        return;
    }
    QStringList lines {tr("header: %1").arg(compactJson(jwt->header))};
    if (jwt->payload)
        lines << tr("payload: %1").arg(compactJson(*jwt->payload));
    if (!keyBinding.expectedSdHash.isEmpty() && keyBinding.reason == KeyBindingResult::Reason::SdHashMismatch)
        lines << tr("expected sd_hash: %1").arg(keyBinding.expectedSdHash);
    m_keyBindingJwtLabel->setText(lines.join(u'\n'));
    m_keyBindingJwtLabel->show();
}

void DisclosuresView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_analysis) {
        // The colours come from the palette: light and dark differ.
        const int selected = selectedDisclosure();
        setAnalysis(m_analysis);
        selectDisclosure(selected);
    }
}

void DisclosuresView::selectDisclosure(int index)
{
    m_selecting = true;
    if (m_analysis && index >= 0 && size_t(index) < m_analysis->sdJwt.disclosures.size()) {
        m_table->selectRow(index);
        m_table->scrollToItem(m_table->item(index, PositionColumn));
    } else {
        m_table->clearSelection();
    }
    m_selecting = false;
}

int DisclosuresView::selectedDisclosure() const
{
    const QList<QTableWidgetItem *> selected = m_table->selectedItems();
    if (selected.isEmpty() || !m_analysis)
        return -1;
    const int row = selected.first()->row();
    return size_t(row) < m_analysis->sdJwt.disclosures.size() ? row : -1;
}

void DisclosuresView::onSelectionChanged()
{
    if (!m_selecting)
        emit disclosureSelected(selectedDisclosure());
}

} // namespace tokenscope
