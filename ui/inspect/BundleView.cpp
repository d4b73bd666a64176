#include "inspect/BundleView.h"

#include "inspect/BindingChecksModel.h"
#include "inspect/BundleTokensModel.h"
#include "inspect/TokenAnalysis.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace tokenscope {

namespace {

QTableView *makeTable(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setAccessibleName(name);
    view->setFrameShape(QFrame::NoFrame);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setIconSize(QSize(16, 16));
    view->setTabKeyNavigation(false); // Tab leaves the table for the next field, as in a form
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return view;
}

QLineEdit *makeEdit(const QString &accessibleName, const QString &toolTip, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setAccessibleName(accessibleName);
    edit->setToolTip(toolTip);
    edit->setClearButtonEnabled(true);
    return edit;
}

QLabel *makeLabel(const QString &text, QLineEdit *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace

BundleView::BundleView(QWidget *parent) : QWidget(parent)
{
    setAccessibleName(tr("Token bundle"));
    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setWordWrap(true);
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summaryLabel->setAccessibleName(tr("Token bundle summary"));

    m_tokensModel = new BundleTokensModel(this);
    m_tokensView = makeTable(m_tokensModel, tr("Tokens in the bundle"), this);
    m_tokensView->setAccessibleDescription(tr("Activate a token to show it in the Encoded, Header and Payload panes"));
    m_tokensView->setWordWrap(false);
    m_tokensView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_tokensView->verticalHeader()->setDefaultSectionSize(m_tokensView->fontMetrics().height() + 8);
    m_tokensView->horizontalHeader()->setSectionResizeMode(BundleTokensModel::RoleColumn,
                                                           QHeaderView::ResizeToContents);
    m_tokensView->horizontalHeader()->setSectionResizeMode(BundleTokensModel::KindColumn,
                                                           QHeaderView::ResizeToContents);
    // Four tokens at most (proof, access, ID, refresh): room for them all without scrolling.
    m_tokensView->setMinimumHeight(m_tokensView->verticalHeader()->defaultSectionSize() * 4
                                   + m_tokensView->horizontalHeader()->sizeHint().height() + 2);
    // Clicked for the mouse, activated for Enter (and a double-click on platforms that activate on it).
    connect(m_tokensView, &QTableView::clicked, this, &BundleView::activateToken);
    connect(m_tokensView, &QTableView::activated, this, &BundleView::activateToken);

    m_checksModel = new BindingChecksModel(this);
    m_checksView = makeTable(m_checksModel, tr("Bundle checks"), this);
    m_checksView->setAccessibleDescription(tr("One row per check, with its outcome, reason code and message"));
    m_checksView->setWordWrap(true);
    m_checksView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    for (const int column :
         {BindingChecksModel::OutcomeColumn, BindingChecksModel::CheckColumn, BindingChecksModel::ReasonColumn})
        m_checksView->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);

    // Left: what the bundle is, its tokens and what the user knows beyond the paste; right: the checks, which need
    // the width for their messages.
    auto *tokensSide = new QWidget(this);
    auto *tokensLayout = new QVBoxLayout(tokensSide);
    tokensLayout->setContentsMargins(0, 0, 0, 0);
    tokensLayout->setSpacing(4);
    tokensLayout->addWidget(m_summaryLabel);
    tokensLayout->addWidget(m_tokensView, 1);
    tokensLayout->addWidget(buildForm());

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(tokensSide);
    m_splitter->addWidget(m_checksView);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    // First layout: the checks get the wider side (the splitter scales these to its width).
    m_splitter->setSizes({400, 600});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 6);
    layout->addWidget(m_splitter);
}

void BundleView::placeInTabOrderAfter(QWidget *previous)
{
    // Reading order: the tokens, the form row by row, then the checks. (The pane itself takes no focus, so its
    // fields are moved into the window's chain one by one.)
    setTabOrder(previous, m_tokensView);
    setTabOrder(m_tokensView, m_methodEdit);
    setTabOrder(m_methodEdit, m_dpopNonceEdit);
    setTabOrder(m_dpopNonceEdit, m_urlEdit);
    setTabOrder(m_urlEdit, m_oidcNonceEdit);
    setTabOrder(m_oidcNonceEdit, m_checksView);
}

QWidget *BundleView::buildForm()
{
    auto *form = new QWidget(this);
    auto *formLayout = new QVBoxLayout(form);
    formLayout->setContentsMargins(0, 4, 0, 0);
    formLayout->setSpacing(4);

    // RFC 9449 §4.3 steps 8-10: the proof names the method and URL of its request and, when the server asked for
    // one, its nonce; only the user knows them when the proof was pasted alone.
    m_dpopForm = new QWidget(form);
    auto *dpopLayout = new QGridLayout(m_dpopForm);
    dpopLayout->setContentsMargins(0, 0, 0, 0);
    dpopLayout->setVerticalSpacing(4);
    m_methodEdit = makeEdit(tr("DPoP request method"),
                            tr("The HTTP method of the request the proof came with, compared with its htm "
                               "(RFC 9449 §4.3). Empty: the pasted request's method, if any."),
                            m_dpopForm);
    m_methodEdit->setMaximumWidth(m_methodEdit->fontMetrics().horizontalAdvance(QStringLiteral("DELETE")) * 2 + 24);
    m_urlEdit = makeEdit(tr("DPoP request URL"),
                         tr("The URL of the request the proof came with, compared with its htu without query and "
                            "fragment (RFC 9449 §4.3). Empty: the pasted request's URL, if any."),
                         m_dpopForm);
    m_dpopNonceEdit = makeEdit(tr("Server DPoP nonce"),
                               tr("The DPoP-Nonce the server gave; the proof's nonce must equal it (RFC 9449 §8, "
                                  "§9). Empty: no nonce expected."),
                               m_dpopForm);
    QLabel *methodLabel = makeLabel(tr("&Method"), m_methodEdit, m_dpopForm);
    QLabel *urlLabel = makeLabel(tr("&URL"), m_urlEdit, m_dpopForm);
    dpopLayout->addWidget(methodLabel, 0, 0);
    dpopLayout->addWidget(m_methodEdit, 0, 1);
    dpopLayout->addWidget(makeLabel(tr("Server &nonce"), m_dpopNonceEdit, m_dpopForm), 0, 2);
    dpopLayout->addWidget(m_dpopNonceEdit, 0, 3);
    dpopLayout->addWidget(urlLabel, 1, 0);
    dpopLayout->addWidget(m_urlEdit, 1, 1, 1, 3);
    dpopLayout->setColumnStretch(3, 1);

    // OIDC Core §3.1.3.7 step 11: the ID token's nonce must be the one the client sent in its request.
    m_oidcForm = new QWidget(form);
    auto *oidcLayout = new QGridLayout(m_oidcForm);
    oidcLayout->setContentsMargins(0, 0, 0, 0);
    m_oidcNonceEdit = makeEdit(tr("OIDC nonce"),
                               tr("The nonce the client sent in its authentication request; the ID token's nonce "
                                  "must equal it (OIDC Core §3.1.3.7). Empty: not compared."),
                               m_oidcForm);
    m_oidcNonceEdit->setPlaceholderText(tr("the nonce the client sent (not compared)"));
    QLabel *oidcLabel = makeLabel(tr("OIDC n&once"), m_oidcNonceEdit, m_oidcForm);
    oidcLayout->addWidget(oidcLabel, 0, 0);
    oidcLayout->addWidget(m_oidcNonceEdit, 0, 1);
    oidcLayout->setColumnStretch(1, 1);
    // The two forms' labels share one column width, so their fields line up.
    int labelWidth = 0;
    for (const QLabel *label : {methodLabel, urlLabel, oidcLabel})
        labelWidth = std::max(labelWidth, label->sizeHint().width());
    dpopLayout->setColumnMinimumWidth(0, labelWidth);
    oidcLayout->setColumnMinimumWidth(0, labelWidth);

    formLayout->addWidget(m_dpopForm);
    formLayout->addWidget(m_oidcForm);
    for (QLineEdit *edit : {m_methodEdit, m_urlEdit, m_dpopNonceEdit, m_oidcNonceEdit})
        connect(edit, &QLineEdit::textChanged, this, &BundleView::optionsChanged);
    return form;
}

void BundleView::setAnalysis(const TokenAnalysis &analysis)
{
    m_report = analysis.bundle;
    m_tokensModel->setTokens(m_report ? m_report->tokens : QList<BundleToken> {});
    m_tokensModel->setShownToken(analysis.index >= 0 ? analysis.candidates[analysis.index].token : QByteArray());
    m_checksModel->setChecks(m_report ? m_report->checks : BindingChecks {});
    m_summaryLabel->setText(summary());
    updateForm();
}

BundleOptions BundleView::options() const
{
    BundleOptions options;
    options.dpop.method = m_methodEdit->text().trimmed();
    options.dpop.url = m_urlEdit->text().trimmed();
    options.dpop.nonce = m_dpopNonceEdit->text().trimmed();
    options.oidcNonce = m_oidcNonceEdit->text().trimmed();
    return options;
}

QString BundleView::summary() const
{
    if (!m_report)
        return {};
    const TokenBundle &bundle = m_report->bundle;
    QString source;
    switch (bundle.source) {
    case TokenBundle::Source::TokenResponse:
        source = bundle.tokenType.isEmpty() ? tr("Token response")
                                            : tr("Token response (token_type %1)").arg(bundle.tokenType);
        break;
    case TokenBundle::Source::RedirectUrl:
        source = tr("Authorization response in a redirect URL");
        break;
    case TokenBundle::Source::HttpRequest:
        source = tr("HTTP request %1 %2").arg(bundle.method, bundle.url);
        break;
    case TokenBundle::Source::Tokens:
        source = tr("Tokens pasted together");
        break;
    }
    const auto count = [this](BindingCheck::Outcome outcome) {
        return int(std::count_if(m_report->checks.cbegin(), m_report->checks.cend(),
                                 [outcome](const BindingCheck &check) { return check.outcome == outcome; }));
    };
    QStringList parts {source, tr("%n tokens", "", int(m_report->tokens.size()))};
    const int failed = count(BindingCheck::Outcome::Failed);
    parts << (failed > 0 ? tr("%1 of %n checks failed", "", int(m_report->checks.size())).arg(failed)
                         : tr("%n checks, none failed", "", int(m_report->checks.size())));
    if (const int notChecked = count(BindingCheck::Outcome::NotChecked); notChecked > 0)
        parts << tr("%n not checked", "", notChecked);
    return parts.join(QStringLiteral(" · "));
}

void BundleView::activateToken(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QModelIndex row = index.siblingAtColumn(BundleTokensModel::RoleColumn);
    const QString title = row.data().toString();
    if (row.data(BundleTokensModel::OpaqueRole).toBool()) {
        emit message(tr("%1: opaque. It has no JOSE structure, so there is nothing to decode; only its issuer can read "
                        "it (token introspection, RFC 7662).")
                         .arg(title),
                     MessageKind::Info);
        return;
    }
    emit tokenActivated(row.data(BundleTokensModel::ValueRole).toByteArray());
}

void BundleView::updateForm()
{
    const bool proof = m_report && m_report->token(u"dpop_proof");
    const bool idToken = m_report && m_report->token(u"id_token");
    m_dpopForm->setVisible(proof);
    m_oidcForm->setVisible(idToken);
    // The bundle's own values fill what the user leaves empty: the placeholders say which.
    const TokenBundle bundle = m_report ? m_report->bundle : TokenBundle {};
    m_methodEdit->setPlaceholderText(bundle.method.isEmpty() ? tr("not compared") : bundle.method);
    m_urlEdit->setPlaceholderText(bundle.url.isEmpty() ? tr("the request's URL (htu not compared)") : bundle.url);
    m_dpopNonceEdit->setPlaceholderText(tr("none expected"));
}

} // namespace tokenscope
