#include "inspect/TokenDiffDialog.h"

#include "inspect/TokenDiffModel.h"
#include "jose/TokenExtractor.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace tokenscope {

namespace {

QPlainTextEdit *makeTokenEdit(QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    edit->setWordWrapMode(QTextOption::WrapAnywhere);
    edit->setTabChangesFocus(true);
    edit->setFixedHeight(edit->fontMetrics().lineSpacing() * 4 + 14);
    return edit;
}

} // namespace

TokenDiffDialog::TokenDiffDialog(QWidget *parent) : QDialog(parent), m_model(new TokenDiffModel(this))
{
    setWindowTitle(tr("Compare Tokens"));
    setAccessibleName(tr("Compare tokens"));
    resize(980, 620);
    auto *root = new QVBoxLayout(this);

    auto *tokens = new QGridLayout;
    tokens->setHorizontalSpacing(12);
    auto *firstLabel = new QLabel(tr("A: the inspected token"), this);
    auto *secondLabel = new QLabel(tr("&B: paste the token to compare with"), this);
    m_firstEdit = makeTokenEdit(this);
    m_firstEdit->setReadOnly(true);
    m_firstEdit->setAccessibleName(tr("Token A"));
    m_secondEdit = makeTokenEdit(this);
    m_secondEdit->setAccessibleName(tr("Token B"));
    m_secondEdit->setPlaceholderText(tr("A token, an Authorization header, a cookie or a log line"));
    firstLabel->setBuddy(m_firstEdit);
    secondLabel->setBuddy(m_secondEdit);
    tokens->addWidget(firstLabel, 0, 0);
    tokens->addWidget(secondLabel, 0, 1);
    tokens->addWidget(m_firstEdit, 1, 0);
    tokens->addWidget(m_secondEdit, 1, 1);
    tokens->setColumnStretch(0, 1);
    tokens->setColumnStretch(1, 1);
    root->addLayout(tokens);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setAccessibleName(tr("Comparison status"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    root->addWidget(m_statusLabel);

    m_diffView = new QTableView(this);
    m_diffView->setModel(m_model);
    m_diffView->setAccessibleName(tr("Differences"));
    m_diffView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_diffView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_diffView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_diffView->setAlternatingRowColors(true);
    m_diffView->setWordWrap(false);
    m_diffView->verticalHeader()->hide();
    m_diffView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_diffView->verticalHeader()->setDefaultSectionSize(m_diffView->fontMetrics().height() + 8);
    QHeaderView *columns = m_diffView->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->resizeSection(TokenDiffModel::PartColumn, 90);
    columns->resizeSection(TokenDiffModel::NameColumn, 150);
    columns->setSectionResizeMode(TokenDiffModel::FirstColumn, QHeaderView::Stretch);
    columns->setSectionResizeMode(TokenDiffModel::SecondColumn, QHeaderView::Stretch);
    columns->resizeSection(TokenDiffModel::ChangeColumn, 140);
    root->addWidget(m_diffView, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    root->addWidget(buttons);

    setTabOrder(m_secondEdit, m_diffView);
    setTabOrder(m_diffView, m_firstEdit);
    connect(m_secondEdit, &QPlainTextEdit::textChanged, this, &TokenDiffDialog::compare);
    m_secondEdit->setFocus();
    compare();
}

void TokenDiffDialog::setFirstToken(const DecodedToken *token, const QByteArray &text)
{
    if (token)
        m_first = *token;
    else
        m_first.reset();
    m_firstEdit->setPlainText(QString::fromLatin1(text));
    compare();
}

void TokenDiffDialog::setSecondText(const QString &text)
{
    m_secondEdit->setPlainText(text);
}

void TokenDiffDialog::compare()
{
    if (!m_first) {
        m_model->clear();
        m_statusLabel->setText(tr("Inspect a token first: it is A."));
        return;
    }
    const QString text = m_secondEdit->toPlainText();
    if (text.trimmed().isEmpty()) {
        m_model->clear();
        m_statusLabel->setText(tr("Paste a second token in B to compare."));
        return;
    }
    // As in the input: the token is found in paste noise; with several, the first is B.
    const QList<ExtractedToken> found = TokenExtractor::extract(text);
    if (found.isEmpty()) {
        m_model->clear();
        m_statusLabel->setText(tr("B: no token found."));
        return;
    }
    const DecodeResult decoded = CompactToken::decode(found.first().token);
    if (!decoded) {
        m_model->clear();
        m_statusLabel->setText(tr("B cannot be decoded: %1").arg(decoded.error.message));
        return;
    }
    const TokenDiff diff = TokenDiffer::compare(*m_first, *decoded.token);
    m_model->setDiff(diff);
    const qsizetype changes = qsizetype(diff.header.size() + diff.payload.size());
    const QString members = changes == 1 ? tr("1 member differs") : tr("%1 members differ").arg(changes);
    m_statusLabel->setText(diff.identical() ? tr("The tokens are identical.")
                                            : tr("%1; %2.").arg(members,
                                                                diff.sameSignature ? tr("the signatures are the same")
                                                                                   : tr("the signatures differ")));
}

} // namespace tokenscope
