// Over 700 lines, and due to be split into a key-source box, a policy box and a verdict view: today one class
// builds all three because they share the key set and re-verify on each other's changes. Decryption and
// re-signing already live apart (DecryptionBox, ResignDialog).

#include "verify/VerifyPanel.h"

#include "common/BoundedRead.h"
#include "common/Clipboard.h"
#include "common/Icons.h"
#include "common/Settings.h"
#include "common/ShortcutAction.h"
#include "common/Theme.h"
#include "crypto/KeyParser.h"
#include "verify/AttackFindings.h"
#include "verify/DecryptionBox.h"
#include "verify/FetchErrorText.h"
#include "verify/KeyAttemptsModel.h"
#include "verify/ResignDialog.h"
#include "verify/SdJwtVerifier.h"
#include "verify/UntrustedHeaderKeys.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateTime>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSslCertificate>
#include <QStackedWidget>
#include <QStringListModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

constexpr qint64 maxKeyFileBytes = 1024 * 1024;
// A system CA bundle (Debian's ca-certificates.crt) is about 200 KB; internal bundles are smaller.
constexpr qint64 maxCaBundleBytes = 4 * 1024 * 1024;

QString clockTime(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds).toString(u"HH:mm:ss"_s);
}

QPlainTextEdit *makeKeyEditor(const QString &placeholder, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setPlaceholderText(placeholder);
    edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    edit->setTabChangesFocus(true);
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    edit->setFont(font);
    edit->setMinimumHeight(90);
    edit->setMaximumHeight(160);
    return edit;
}

QLabel *makeMessageLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

VerifyPanel::VerifyPanel(QNetworkAccessManager *network, Settings *settings, QWidget *parent)
    : QWidget(parent), m_settings(settings), m_cache(new JwksCache(network, &SystemClock::instance(), this)),
      m_verifyClock(SystemClock::instance().nowSeconds())
{
    connect(m_cache, &JwksCache::finished, this, &VerifyPanel::onFetchFinished);
    connect(m_cache, &JwksCache::progress, this, &VerifyPanel::onFetchProgress);
    buildActions();
    buildLayout();
    restoreSettings();
    onKeySourceChanged();
}

VerifyPanel::~VerifyPanel()
{
    // A running fetch ends here; its report must not reach a half-destroyed panel (or the workspace).
    disconnect(m_cache, nullptr, this, nullptr);
    m_cache->cancel();
}

// ---- actions and layout ----

void VerifyPanel::buildActions()
{
    const auto make = [this](const QString &text, const QKeySequence &shortcut, auto slot) {
        return makeShortcutAction(this, text, shortcut, slot);
    };
    m_verifyAction = make(tr("&Verify Again"), QKeySequence(Qt::Key_F5), [this] {
        reloadKeys();
        verify();
    });
    m_fetchAction = make(tr("&Fetch Keys"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), &VerifyPanel::fetchKeys);
    m_cancelFetchAction
        = make(tr("&Cancel Fetching Keys"), QKeySequence(Qt::CTRL | Qt::Key_Period), &VerifyPanel::cancelFetch);
    m_focusKeySourceAction = make(tr("Go to &Key Source"), QKeySequence(Qt::CTRL | Qt::Key_K),
                                  [this] { m_sourceComboBox->setFocus(Qt::ShortcutFocusReason); });
    m_openKeyFileAction = make(tr("Open &Key or Certificate File…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                               &VerifyPanel::chooseKeyFile);
    m_showSecretAction = make(tr("&Show Secret"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H), [this](bool shown) {
        m_secretEdit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_showSecretButton->setChecked(shown);
    });
    m_showSecretAction->setCheckable(true);
    m_copyThumbprintAction
        = make(tr("Copy Key &Thumbprint"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_K), &VerifyPanel::copyThumbprint);
    m_resignAction
        = make(tr("&Edit and Re-sign…"), QKeySequence(Qt::CTRL | Qt::Key_E), [this] { (void)openResignDialog(); });
    m_fetchAction->setStatusTip(tr("Fetch the keys from the JWKS URL or through the issuer's discovery document"));
    m_resignAction->setStatusTip(tr("Edit the header and payload and sign them with a key of your own"));
    const QPalette palette = this->palette();
    m_verifyAction->setIcon(Icons::icon(u"verify"_s, palette));
    m_fetchAction->setIcon(Icons::icon(u"key"_s, palette));
    m_openKeyFileAction->setIcon(Icons::icon(u"open"_s, palette));
    m_copyThumbprintAction->setIcon(Icons::icon(u"copy"_s, palette));
    m_resignAction->setIcon(Icons::icon(u"json"_s, palette));
}

void VerifyPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange || !m_verdictFrame || m_inPaletteChange)
        return;
    m_inPaletteChange = true; // the updates below set child palettes, which must not recurse into here
    showVerdict();
    reloadKeys();
    m_inPaletteChange = false;
}

QList<QAction *> VerifyPanel::actions() const
{
    return {m_verifyAction,      m_fetchAction,      m_cancelFetchAction,    m_focusKeySourceAction,
            m_openKeyFileAction, m_showSecretAction, m_copyThumbprintAction, m_resignAction};
}

void VerifyPanel::buildLayout()
{
    setAccessibleName(tr("Signature verification"));
    auto *root = new QVBoxLayout(this);
    root->setContentsMargins(0, 0, 0, 0);
    root->addWidget(buildVerdictBox());
    // Above the key source: for a JWE the decryption key comes first, the signature key then checks the inside.
    m_decryptionBox = new DecryptionBox(this);
    m_decryptionBox->hide();
    connect(m_decryptionBox, &DecryptionBox::keyChanged, this, &VerifyPanel::verify);
    root->addWidget(m_decryptionBox);
    root->addWidget(buildKeySourceBox());
    root->addWidget(buildPolicyBox());
    auto *resignButton = new QPushButton(m_resignAction->icon(), tr("Edit and Re-sign…"), this);
    resignButton->setObjectName(u"resignButton"_s);
    resignButton->setToolTip(m_resignAction->toolTip());
    connect(resignButton, &QPushButton::clicked, m_resignAction, &QAction::trigger);
    auto *resignRow = new QHBoxLayout;
    resignRow->addStretch();
    resignRow->addWidget(resignButton);
    root->addLayout(resignRow);
    root->addStretch();
}

QWidget *VerifyPanel::buildKeySourceBox()
{
    auto *box = new QGroupBox(tr("Key"), this);
    auto *layout = new QVBoxLayout(box);

    m_sourceComboBox = new QComboBox(box);
    m_sourceComboBox->setObjectName(u"keySourceComboBox"_s);
    m_sourceComboBox->setAccessibleName(tr("Key source"));
    m_sourceComboBox->addItems({tr("JWKS URL"), tr("Issuer (OpenID Connect discovery)"), tr("Pasted JWK or JWK Set"),
                                tr("PEM key or certificate"), tr("HMAC secret")});
    auto *sourceLabel = new QLabel(tr("&Source:"), box);
    sourceLabel->setBuddy(m_sourceComboBox);
    auto *sourceRow = new QHBoxLayout;
    sourceRow->addWidget(sourceLabel);
    sourceRow->addWidget(m_sourceComboBox, 1);
    layout->addLayout(sourceRow);

    m_sourceStack = new QStackedWidget(box);
    layout->addWidget(m_sourceStack);
    // A one-line source (URL) sits at the top of its page instead of being stretched to the height of the key
    // editors; onKeySourceChanged() lets the stack shrink to the page shown.
    const auto topAligned = [box](QWidget *widget) {
        auto *page = new QWidget(box);
        auto *pageLayout = new QVBoxLayout(page);
        pageLayout->setContentsMargins(0, 0, 0, 0);
        pageLayout->addWidget(widget);
        pageLayout->addStretch();
        return page;
    };

    // JWKS URL
    m_jwksUrlEdit = new QLineEdit(box);
    m_jwksUrlEdit->setObjectName(u"jwksUrlEdit"_s);
    m_jwksUrlEdit->setAccessibleName(tr("JWKS URL"));
    m_jwksUrlEdit->setPlaceholderText(tr("https://issuer.example/.well-known/jwks.json"));
    m_jwksUrlEdit->setClearButtonEnabled(true);
    m_recentUrlsModel = new QStringListModel(this);
    auto *completer = new QCompleter(m_recentUrlsModel, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_jwksUrlEdit->setCompleter(completer);
    m_sourceStack->addWidget(topAligned(m_jwksUrlEdit));

    // Issuer
    m_issuerEdit = new QLineEdit(box);
    m_issuerEdit->setObjectName(u"issuerEdit"_s);
    m_issuerEdit->setAccessibleName(tr("Issuer URL"));
    m_issuerEdit->setPlaceholderText(tr("https://issuer.example (prefilled from the token's iss)"));
    m_issuerEdit->setClearButtonEnabled(true);
    m_issuerEdit->setToolTip(tr("Keys are fetched only when you press Fetch Keys."));
    m_sourceStack->addWidget(topAligned(m_issuerEdit));

    // Pasted JWK / JWKS
    m_jwkEdit = makeKeyEditor(tr("Paste a JWK {\"kty\":…} or a JWK Set {\"keys\":[…]}"), box);
    m_jwkEdit->setObjectName(u"jwkEdit"_s);
    m_jwkEdit->setAccessibleName(tr("JWK or JWK Set"));
    // In a page of its own: the editor's explicit minimum height would otherwise count for the stack even while
    // another page is shown (an Ignored size policy does not cancel an explicit minimum).
    m_sourceStack->addWidget(topAligned(m_jwkEdit));

    // PEM
    auto *pemPage = new QWidget(box);
    auto *pemLayout = new QVBoxLayout(pemPage);
    pemLayout->setContentsMargins(0, 0, 0, 0);
    m_pemEdit = makeKeyEditor(tr("Paste a PEM public key, certificate or private key (-----BEGIN …)"), pemPage);
    m_pemEdit->setObjectName(u"pemEdit"_s);
    m_pemEdit->setAccessibleName(tr("PEM key or certificate"));
    auto *pemFileButton = new QPushButton(m_openKeyFileAction->icon(), tr("Open File…"), pemPage);
    pemFileButton->setObjectName(u"pemFileButton"_s);
    pemFileButton->setToolTip(m_openKeyFileAction->toolTip());
    connect(pemFileButton, &QPushButton::clicked, m_openKeyFileAction, &QAction::trigger);
    pemLayout->addWidget(m_pemEdit);
    auto *pemButtons = new QHBoxLayout;
    pemButtons->addStretch();
    pemButtons->addWidget(pemFileButton);
    pemLayout->addLayout(pemButtons);
    m_sourceStack->addWidget(pemPage);

    // HMAC secret: masked by default, shown on request.
    auto *secretPage = new QWidget(box);
    auto *secretLayout = new QHBoxLayout(secretPage);
    secretLayout->setContentsMargins(0, 0, 0, 0);
    m_secretEdit = new QLineEdit(secretPage);
    m_secretEdit->setObjectName(u"secretEdit"_s);
    m_secretEdit->setAccessibleName(tr("HMAC secret"));
    m_secretEdit->setEchoMode(QLineEdit::Password);
    m_secretEdit->setPlaceholderText(tr("The shared secret"));
    m_secretEdit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText | Qt::ImhSensitiveData);
    m_secretEncodingComboBox = new QComboBox(secretPage);
    m_secretEncodingComboBox->setObjectName(u"secretEncodingComboBox"_s);
    m_secretEncodingComboBox->setAccessibleName(tr("Secret encoding"));
    m_secretEncodingComboBox->addItems({tr("Text (UTF-8)"), tr("Base64 / base64url")});
    m_showSecretButton = new QToolButton(secretPage);
    m_showSecretButton->setObjectName(u"showSecretButton"_s);
    m_showSecretButton->setText(tr("Show"));
    m_showSecretButton->setCheckable(true);
    m_showSecretButton->setAccessibleName(tr("Show secret"));
    m_showSecretButton->setToolTip(m_showSecretAction->toolTip());
    connect(m_showSecretButton, &QToolButton::toggled, this, [this](bool shown) {
        m_showSecretAction->setChecked(shown);
        m_secretEdit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
    });
    secretLayout->addWidget(m_secretEdit, 1);
    secretLayout->addWidget(m_secretEncodingComboBox);
    secretLayout->addWidget(m_showSecretButton);
    m_sourceStack->addWidget(secretPage);

    m_keyStatusLabel = makeMessageLabel(box);
    m_keyStatusLabel->setObjectName(u"keyStatusLabel"_s);
    m_keyStatusLabel->setAccessibleName(tr("Key status"));
    layout->addWidget(m_keyStatusLabel);

    // Fetching, for the two URL sources.
    m_fetchBox = new QWidget(box);
    auto *fetchLayout = new QVBoxLayout(m_fetchBox);
    fetchLayout->setContentsMargins(0, 0, 0, 0);
    m_allowHttpCheckBox = new QCheckBox(tr("Allow plain &http for this URL (this session only)"), m_fetchBox);
    m_allowHttpCheckBox->setObjectName(u"allowHttpCheckBox"_s);
    m_allowHttpCheckBox->setToolTip(tr("Keys fetched over plain http can be swapped by anyone on the network path. "
                                       "Loopback addresses are always allowed."));
    fetchLayout->addWidget(m_allowHttpCheckBox);
    auto *fetchRow = new QHBoxLayout;
    m_fetchButton = new QPushButton(m_fetchAction->icon(), tr("Fetch Keys"), m_fetchBox);
    m_fetchButton->setObjectName(u"fetchButton"_s);
    const FetchLimits limits;
    m_fetchButton->setToolTip(tr("%1. In the background, at most %2 s and %3 KiB per answer; https only, except "
                                 "from this machine.")
                                  .arg(m_fetchAction->toolTip())
                                  .arg(limits.timeoutMs / 1000)
                                  .arg(limits.maxBytes / 1024));
    connect(m_fetchButton, &QPushButton::clicked, this, &VerifyPanel::fetchKeys);
    m_fetchProgressBar = new QProgressBar(m_fetchBox);
    m_fetchProgressBar->setObjectName(u"fetchProgressBar"_s);
    m_fetchProgressBar->setAccessibleName(tr("Fetching keys"));
    m_fetchProgressBar->setTextVisible(false);
    m_fetchProgressBar->setMaximumHeight(m_fetchButton->sizeHint().height() / 2);
    m_cancelButton = new QPushButton(tr("Cancel"), m_fetchBox);
    m_cancelButton->setObjectName(u"cancelFetchButton"_s);
    m_cancelButton->setToolTip(m_cancelFetchAction->toolTip());
    connect(m_cancelButton, &QPushButton::clicked, this, &VerifyPanel::cancelFetch);
    fetchRow->addWidget(m_fetchButton);
    fetchRow->addWidget(m_fetchProgressBar, 1);
    fetchRow->addWidget(m_cancelButton);
    fetchLayout->addLayout(fetchRow);
    m_cacheLabel = makeMessageLabel(m_fetchBox);
    m_cacheLabel->setObjectName(u"cacheLabel"_s);
    m_cacheLabel->setAccessibleName(tr("Cached keys"));
    fetchLayout->addWidget(m_cacheLabel);
    m_fetchErrorLabel = makeMessageLabel(m_fetchBox);
    m_fetchErrorLabel->setObjectName(u"fetchErrorLabel"_s);
    m_fetchErrorLabel->setAccessibleName(tr("Fetch error"));
    fetchLayout->addWidget(m_fetchErrorLabel);
    auto *caRow = new QHBoxLayout;
    m_caBundleEdit = new QLineEdit(m_fetchBox);
    m_caBundleEdit->setObjectName(u"caBundleEdit"_s);
    m_caBundleEdit->setAccessibleName(tr("Custom CA bundle file"));
    m_caBundleEdit->setPlaceholderText(tr("Optional: CA bundle (PEM) for an issuer with an internal CA"));
    m_caBundleEdit->setClearButtonEnabled(true);
    auto *caLabel = new QLabel(tr("C&A bundle:"), m_fetchBox);
    caLabel->setBuddy(m_caBundleEdit);
    auto *caBrowseButton = new QPushButton(tr("Browse…"), m_fetchBox);
    caBrowseButton->setObjectName(u"caBrowseButton"_s);
    connect(caBrowseButton, &QPushButton::clicked, this, &VerifyPanel::chooseCaBundle);
    caRow->addWidget(caLabel);
    caRow->addWidget(m_caBundleEdit, 1);
    caRow->addWidget(caBrowseButton);
    fetchLayout->addLayout(caRow);
    layout->addWidget(m_fetchBox);

    connect(m_sourceComboBox, &QComboBox::currentIndexChanged, this, &VerifyPanel::onKeySourceChanged);
    connect(m_jwksUrlEdit, &QLineEdit::textChanged, this, &VerifyPanel::onUrlEdited);
    connect(m_issuerEdit, &QLineEdit::textEdited, this, [this] { m_issuerEditedByUser = true; });
    connect(m_issuerEdit, &QLineEdit::textChanged, this, &VerifyPanel::onUrlEdited);
    connect(m_jwkEdit, &QPlainTextEdit::textChanged, this, [this] {
        reloadKeys();
        verify();
    });
    connect(m_pemEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_restoring)
            m_pemSource.clear(); // edited: no longer the file's text
        reloadKeys();
        verify();
    });
    connect(m_secretEdit, &QLineEdit::textChanged, this, [this] {
        reloadKeys();
        verify();
    });
    connect(m_secretEncodingComboBox, &QComboBox::currentIndexChanged, this, [this] {
        reloadKeys();
        verify();
    });
    connect(m_allowHttpCheckBox, &QCheckBox::toggled, this, [this](bool allowed) {
        const QString url = currentUrl().toString();
        if (allowed)
            m_insecureAllowed.insert(url);
        else
            m_insecureAllowed.remove(url);
    });
    return box;
}

QWidget *VerifyPanel::buildPolicyBox()
{
    auto *box = new QGroupBox(tr("Policy"), this);
    auto *form = new QFormLayout(box);

    m_algorithmsButton = new QToolButton(box);
    m_algorithmsButton->setObjectName(u"algorithmsButton"_s);
    m_algorithmsButton->setAccessibleName(tr("Allowed algorithms"));
    m_algorithmsButton->setPopupMode(QToolButton::InstantPopup);
    m_algorithmsButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // As wide as the fields below it: sized to its text, the menu arrow is drawn over the last letters.
    m_algorithmsButton->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    auto *menu = new QMenu(m_algorithmsButton);
    for (const Algorithm algorithm : Algorithms::all()) {
        QAction *action = menu->addAction(Algorithms::name(algorithm));
        action->setCheckable(true);
        action->setData(int(algorithm));
        connect(action, &QAction::toggled, this, &VerifyPanel::onAlgorithmsChanged);
        m_algorithmActions << action;
    }
    menu->addSeparator();
    QAction *anyAction = menu->addAction(tr("Any Algorithm the Key Fits"));
    connect(anyAction, &QAction::triggered, this, [this] { setAllowedAlgorithms({}); });
    m_algorithmsButton->setMenu(menu);
    auto *algorithmsLabel = new QLabel(tr("A&llowed algorithms:"), box);
    algorithmsLabel->setBuddy(m_algorithmsButton);
    form->addRow(algorithmsLabel, m_algorithmsButton);

    // One line per expected value; empty means not checked. Each change verifies again.
    const auto addExpectedField
        = [this, box, form](const QString &objectName, const QString &accessibleName, const QString &label) {
              auto *edit = new QLineEdit(box);
              edit->setObjectName(objectName);
              edit->setAccessibleName(accessibleName);
              edit->setPlaceholderText(tr("not checked"));
              edit->setClearButtonEnabled(true);
              auto *labelWidget = new QLabel(label, box);
              labelWidget->setBuddy(edit);
              form->addRow(labelWidget, edit);
              connect(edit, &QLineEdit::textChanged, this, &VerifyPanel::verify);
              return edit;
          };
    m_expectedIssuerEdit = addExpectedField(u"expectedIssuerEdit"_s, tr("Expected issuer"), tr("Expected &iss:"));
    m_expectedAudienceEdit = addExpectedField(u"expectedAudienceEdit"_s, tr("Expected audience"), tr("Expected a&ud:"));
    // An SD-JWT's key-binding JWT answers a verifier's challenge (RFC 9901 §7.3 step 5): the nonce it sent and its
    // own identifier as aud. Shown only for an SD-JWT with a key binding.
    m_keyBindingNonceEdit
        = addExpectedField(u"keyBindingNonceEdit"_s, tr("Expected key-binding nonce"), tr("KB-JWT n&once:"));
    m_keyBindingAudienceEdit
        = addExpectedField(u"keyBindingAudienceEdit"_s, tr("Expected key-binding audience"), tr("KB-JWT au&d:"));
    m_policyForm = form;
    showKeyBindingFields();
    onAlgorithmsChanged();
    return box;
}

QWidget *VerifyPanel::buildVerdictBox()
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);

    // The verdict: a tinted band (semantic valid/invalid colours from the theme) with an icon and the message.
    m_verdictFrame = new QFrame(box);
    m_verdictFrame->setObjectName(u"verdictFrame"_s);
    m_verdictFrame->setFrameShape(QFrame::StyledPanel);
    m_verdictFrame->setAutoFillBackground(true);
    auto *verdictLayout = new QHBoxLayout(m_verdictFrame);
    m_verdictIconLabel = new QLabel(m_verdictFrame);
    m_verdictIconLabel->setFixedSize(24, 24);
    m_verdictLabel = makeMessageLabel(m_verdictFrame);
    m_verdictLabel->setObjectName(u"verdictLabel"_s);
    m_verdictLabel->setAccessibleName(tr("Verdict"));
    QFont bold = m_verdictLabel->font();
    bold.setBold(true);
    m_verdictLabel->setFont(bold);
    m_reasonLabel = new QLabel(m_verdictFrame);
    m_reasonLabel->setObjectName(u"reasonLabel"_s);
    m_reasonLabel->setAccessibleName(tr("Reason code"));
    m_reasonLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_reasonLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *verdictText = new QVBoxLayout;
    verdictText->addWidget(m_verdictLabel);
    verdictText->addWidget(m_reasonLabel);
    verdictLayout->addWidget(m_verdictIconLabel, 0, Qt::AlignTop);
    verdictLayout->addLayout(verdictText, 1);
    layout->addWidget(m_verdictFrame);

    // The key that verified.
    m_keyBox = new QWidget(box);
    auto *keyForm = new QFormLayout(m_keyBox);
    keyForm->setContentsMargins(4, 0, 4, 0);
    m_keyKidLabel = makeMessageLabel(m_keyBox);
    m_keyKidLabel->setObjectName(u"verifiedKidLabel"_s);
    m_keyKidLabel->setAccessibleName(tr("Key id of the verifying key"));
    m_keyThumbprintLabel = makeMessageLabel(m_keyBox);
    m_keyThumbprintLabel->setObjectName(u"verifiedThumbprintLabel"_s);
    m_keyThumbprintLabel->setAccessibleName(tr("Thumbprint of the verifying key"));
    m_keyThumbprintLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_keySourceLabel = makeMessageLabel(m_keyBox);
    m_keySourceLabel->setObjectName(u"verifiedSourceLabel"_s);
    m_keySourceLabel->setAccessibleName(tr("Where the verifying key came from"));
    auto *thumbprintRow = new QHBoxLayout;
    auto *copyThumbprintButton = new QToolButton(m_keyBox);
    copyThumbprintButton->setDefaultAction(m_copyThumbprintAction);
    copyThumbprintButton->setAutoRaise(true);
    thumbprintRow->addWidget(m_keyThumbprintLabel, 1);
    thumbprintRow->addWidget(copyThumbprintButton);
    keyForm->addRow(tr("Verified by kid:"), m_keyKidLabel);
    keyForm->addRow(tr("Thumbprint:"), thumbprintRow);
    keyForm->addRow(tr("From:"), m_keySourceLabel);
    layout->addWidget(m_keyBox);

    // JWKS diagnostics: shown when no key verified.
    m_diagnosticsBox = new QWidget(box);
    auto *diagnosticsLayout = new QVBoxLayout(m_diagnosticsBox);
    diagnosticsLayout->setContentsMargins(0, 0, 0, 0);
    auto *diagnosticsTitle = new QLabel(tr("Candidate keys and why none verified:"), m_diagnosticsBox);
    m_attemptsModel = new KeyAttemptsModel(this);
    m_diagnosticsView = new QTableView(m_diagnosticsBox);
    m_diagnosticsView->setObjectName(u"diagnosticsView"_s);
    m_diagnosticsView->setAccessibleName(tr("Key diagnostics"));
    m_diagnosticsView->setModel(m_attemptsModel);
    m_diagnosticsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_diagnosticsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_diagnosticsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_diagnosticsView->verticalHeader()->hide();
    m_diagnosticsView->horizontalHeader()->setStretchLastSection(true);
    m_diagnosticsView->setWordWrap(true);
    m_diagnosticsView->setTextElideMode(Qt::ElideRight);
    m_diagnosticsView->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_diagnosticsView->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    diagnosticsTitle->setBuddy(m_diagnosticsView);
    connect(m_diagnosticsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &VerifyPanel::onDiagnosticSelected);
    m_skippedLabel = makeMessageLabel(m_diagnosticsBox);
    m_skippedLabel->setObjectName(u"skippedKeysLabel"_s);
    diagnosticsLayout->addWidget(diagnosticsTitle);
    diagnosticsLayout->addWidget(m_diagnosticsView);
    diagnosticsLayout->addWidget(m_skippedLabel);
    layout->addWidget(m_diagnosticsBox);

    // Keys the token names for itself.
    m_untrustedBox = new QWidget(box);
    auto *untrustedLayout = new QVBoxLayout(m_untrustedBox);
    untrustedLayout->setContentsMargins(0, 0, 0, 0);
    auto *untrustedTitle
        = new QLabel(tr("The token names its own key: shown for information, never trusted or used (RFC 8725 §3.10)."),
                     m_untrustedBox);
    untrustedTitle->setWordWrap(true);
    m_untrustedList = new QListWidget(m_untrustedBox);
    m_untrustedList->setObjectName(u"untrustedKeysList"_s);
    m_untrustedList->setAccessibleName(tr("Untrusted keys named by the token"));
    m_untrustedList->setWordWrap(true);
    m_untrustedList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_untrustedList->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_untrustedList->setMaximumHeight(120);
    untrustedTitle->setBuddy(m_untrustedList);
    connect(m_untrustedList, &QListWidget::currentRowChanged, this, &VerifyPanel::onUntrustedKeySelected);
    untrustedLayout->addWidget(untrustedTitle);
    untrustedLayout->addWidget(m_untrustedList);
    layout->addWidget(m_untrustedBox);
    return box;
}

void VerifyPanel::restoreSettings()
{
    if (!m_settings)
        return;
    m_restoring = true;
    QList<Algorithm> allowed;
    for (const QString &name : m_settings->verifyAllowedAlgorithms()) {
        if (const std::optional<Algorithm> algorithm = Algorithms::fromName(name))
            allowed << *algorithm;
    }
    setAllowedAlgorithms(allowed);
    m_expectedIssuerEdit->setText(m_settings->verifyExpectedIssuer());
    m_expectedAudienceEdit->setText(m_settings->verifyExpectedAudience());
    const int kind = m_settings->verifyKeySourceKind();
    if (kind >= 0 && kind < m_sourceComboBox->count())
        m_sourceComboBox->setCurrentIndex(kind);
    m_recentUrlsModel->setStringList(m_settings->recentJwksUrls());
    m_caBundleEdit->setText(m_settings->verifyCaBundlePath());
    m_restoring = false;
}

void VerifyPanel::saveSettings()
{
    if (!m_settings)
        return;
    QStringList allowed;
    for (const QAction *action : std::as_const(m_algorithmActions)) {
        if (action->isChecked())
            allowed << action->text();
    }
    m_settings->setVerifyAllowedAlgorithms(allowed);
    m_settings->setVerifyExpectedIssuer(m_expectedIssuerEdit->text());
    m_settings->setVerifyExpectedAudience(m_expectedAudienceEdit->text());
    m_settings->setVerifyKeySourceKind(m_sourceComboBox->currentIndex());
    m_settings->setRecentJwksUrls(m_recentUrlsModel->stringList());
    m_settings->setVerifyCaBundlePath(m_caBundleEdit->text());
}

// ---- inputs from the workspace ----

void VerifyPanel::setToken(const DecodedToken *token, const QString &droppedCharacters, const SdJwt *sdJwt)
{
    if (token)
        m_token = *token;
    else
        m_token.reset();
    if (token && sdJwt)
        m_sdJwt = *sdJwt;
    else
        m_sdJwt.reset();
    showKeyBindingFields();
    m_droppedCharacters = droppedCharacters;
    // Prefill the issuer field from `iss` (fetching waits for the user), unless the user typed their own.
    QString iss;
    if (m_token && m_token->payload && m_token->payload->isObject()) {
        if (const JsonValue *value = m_token->payload->value(u"iss"); value && value->isString())
            iss = value->string;
    }
    if (!m_issuerEditedByUser || m_issuerEdit->text().isEmpty()) {
        m_issuerEditedByUser = false;
        if (m_issuerEdit->text() != iss) {
            const QSignalBlocker blocker(m_issuerEdit); // no verify twice; reloadKeys below covers it
            m_issuerEdit->setText(iss);
        }
    }
    m_tokenIssuer = iss;
    m_decryptionBox->setVisible(m_token && m_token->kind == TokenKind::Jwe);
    showUntrustedKeys();
    if (m_resignDialog && m_token && !m_resignDialog->isVisible())
        m_resignDialog->setToken(*m_token);
    reloadKeys();
    verify();
}

void VerifyPanel::setNowSeconds(qint64 unixSeconds)
{
    if (unixSeconds == m_verifyClock.nowSeconds())
        return;
    m_verifyClock.setNowSeconds(unixSeconds);
    verify();
}

void VerifyPanel::setLeewaySeconds(int seconds)
{
    if (seconds == m_leewaySeconds)
        return;
    m_leewaySeconds = seconds;
    verify();
}

const std::optional<VerificationResult> &VerifyPanel::result() const
{
    return m_result;
}

void VerifyPanel::setCacheClock(const Clock *clock)
{
    m_cache->setClock(clock);
    updateFetchControls();
}

// ---- programmatic equivalents ----

void VerifyPanel::setKeySourceKind(KeySourceKind kind)
{
    m_sourceComboBox->setCurrentIndex(int(kind));
}

VerifyPanel::KeySourceKind VerifyPanel::keySourceKind() const
{
    return KeySourceKind(std::clamp(m_sourceComboBox->currentIndex(), 0, int(KeySourceKind::Secret)));
}

void VerifyPanel::setJwksUrl(const QString &url)
{
    m_jwksUrlEdit->setText(url);
}

void VerifyPanel::setIssuerUrl(const QString &url)
{
    m_issuerEditedByUser = !url.isEmpty();
    m_issuerEdit->setText(url);
}

void VerifyPanel::setKeyText(const QString &jwkOrPem)
{
    if (keySourceKind() == KeySourceKind::Pem)
        m_pemEdit->setPlainText(jwkOrPem);
    else
        m_jwkEdit->setPlainText(jwkOrPem);
}

void VerifyPanel::setSecret(const QString &secret, SecretEncoding encoding)
{
    const bool sameText = m_secretEdit->text() == secret;
    {
        const QSignalBlocker blocker(m_secretEncodingComboBox);
        m_secretEncodingComboBox->setCurrentIndex(int(encoding));
    }
    m_secretEdit->setText(secret); // re-verifies when the text changed
    if (sameText) { // the encoding may still have changed
        reloadKeys();
        verify();
    }
}

void VerifyPanel::setAllowedAlgorithms(const QList<Algorithm> &algorithms)
{
    for (QAction *action : std::as_const(m_algorithmActions)) {
        const QSignalBlocker blocker(action);
        action->setChecked(algorithms.contains(Algorithm(action->data().toInt())));
    }
    onAlgorithmsChanged();
}

void VerifyPanel::setExpectedIssuer(const QString &issuer)
{
    m_expectedIssuerEdit->setText(issuer);
}

void VerifyPanel::setExpectedAudience(const QString &audience)
{
    m_expectedAudienceEdit->setText(audience);
}

void VerifyPanel::setCaBundlePath(const QString &path)
{
    m_caBundleEdit->setText(path);
}

// ---- key sources ----

bool VerifyPanel::isUrlSource() const
{
    const KeySourceKind kind = keySourceKind();
    return kind == KeySourceKind::JwksUrl || kind == KeySourceKind::Issuer;
}

JwksCache::SourceKind VerifyPanel::cacheKind() const
{
    return keySourceKind() == KeySourceKind::Issuer ? JwksCache::SourceKind::Issuer : JwksCache::SourceKind::JwksUrl;
}

QUrl VerifyPanel::currentUrl() const
{
    const QString text = (keySourceKind() == KeySourceKind::Issuer ? m_issuerEdit : m_jwksUrlEdit)->text().trimmed();
    if (text.isEmpty())
        return {};
    // Keys come over https: a URL typed without a scheme means https (QUrl::fromUserInput would pick http).
    if (!text.contains(u"://"))
        return QUrl(u"https://"_s + text, QUrl::TolerantMode);
    return QUrl(text, QUrl::TolerantMode);
}

void VerifyPanel::onKeySourceChanged()
{
    m_sourceStack->setCurrentIndex(m_sourceComboBox->currentIndex());
    // Only the page shown counts for the stack's size, so a URL source leaves room for the verdict and policy.
    for (int index = 0; index < m_sourceStack->count(); ++index) {
        const bool shown = index == m_sourceStack->currentIndex();
        m_sourceStack->widget(index)->setSizePolicy(shown ? QSizePolicy::Preferred : QSizePolicy::Ignored,
                                                    shown ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    }
    m_sourceStack->updateGeometry();
    m_fetchBox->setVisible(isUrlSource());
    m_openKeyFileAction->setEnabled(true);
    m_showSecretAction->setEnabled(keySourceKind() == KeySourceKind::Secret);
    if (!m_restoring) {
        reloadKeys();
        verify();
    }
}

void VerifyPanel::onUrlEdited()
{
    const QSignalBlocker blocker(m_allowHttpCheckBox);
    m_allowHttpCheckBox->setChecked(m_insecureAllowed.contains(currentUrl().toString()));
    reloadKeys();
    verify();
}

void VerifyPanel::setKeyStatus(const QString &text, bool error)
{
    m_keyStatusLabel->setText(text);
    QPalette palette = m_keyStatusLabel->palette();
    palette.setColor(QPalette::WindowText,
                     error ? Theme::colors(this->palette()).errorForeground
                           : this->palette().color(QPalette::WindowText));
    m_keyStatusLabel->setPalette(palette);
}

void VerifyPanel::reloadKeys()
{
    m_keys.clear();
    m_skipped.clear();
    m_discoveredJwksUrl.clear();
    const KeySourceKind kind = keySourceKind();
    auto fromParse = [this](const KeyParseResult &parsed, const QString &emptyHint) {
        m_keys = parsed.keys;
        m_skipped = parsed.skipped;
        if (parsed) {
            QString text = m_keys.size() == 1 ? tr("1 key loaded.") : tr("%1 keys loaded.").arg(m_keys.size());
            if (!m_skipped.isEmpty())
                text += u' ' + tr("Skipped: %1").arg(m_skipped.join(u"; "));
            setKeyStatus(text, false);
        } else {
            setKeyStatus(parsed.error.isEmpty() ? emptyHint : parsed.error, true);
        }
    };
    switch (kind) {
    case KeySourceKind::Jwk: {
        const QString text = m_jwkEdit->toPlainText();
        if (text.trimmed().isEmpty()) {
            setKeyStatus(tr("Paste a JWK or a JWK Set."), false);
            break;
        }
        fromParse(KeyParser::parse(text.toUtf8(), tr("pasted JWK")), tr("No usable key in the pasted text."));
        break;
    }
    case KeySourceKind::Pem: {
        const QString text = m_pemEdit->toPlainText();
        if (text.trimmed().isEmpty()) {
            setKeyStatus(tr("Paste a PEM key or certificate, or open a file."), false);
            break;
        }
        const QString source = m_pemSource.isEmpty() ? tr("pasted PEM") : m_pemSource;
        fromParse(KeyParser::parsePem(text.toUtf8(), source), tr("No PEM key or certificate in the pasted text."));
        break;
    }
    case KeySourceKind::Secret: {
        const QString text = m_secretEdit->text();
        if (text.isEmpty()) {
            setKeyStatus(tr("Enter the HMAC secret."), false);
            break;
        }
        if (m_secretEncodingComboBox->currentIndex() == int(SecretEncoding::Base64)) {
            QByteArray encoded = text.toLatin1();
            const std::optional<SecureBytes> secret = KeyParser::decodeBase64Secret(encoded);
            encoded.fill('\0');
            if (!secret || secret->isEmpty()) {
                setKeyStatus(tr("The secret is not valid base64 or base64url: check for stray characters, or "
                                "choose Text."),
                             true);
                break;
            }
            m_keys << KeyParser::secretKey(secret->view(), tr("HMAC secret (base64)"));
        } else {
            QByteArray bytes = text.toUtf8();
            m_keys << KeyParser::secretKey(bytes, tr("HMAC secret (text)"));
            bytes.fill('\0');
        }
        setKeyStatus(tr("%1-bit secret.").arg(m_keys.first().bits()), false);
        break;
    }
    case KeySourceKind::JwksUrl:
    case KeySourceKind::Issuer: {
        const QUrl url = currentUrl();
        if (url.isEmpty()) {
            setKeyStatus(kind == KeySourceKind::Issuer ? tr("Enter the issuer URL, then fetch its keys.")
                                                       : tr("Enter the JWKS URL, then fetch its keys."),
                         false);
            break;
        }
        if (const std::optional<JwksCache::Entry> entry = m_cache->entry(cacheKind(), url)) {
            m_keys = entry->fetched.keys;
            m_skipped = entry->fetched.skipped;
            if (!entry->fetched.discoveryUrl.isEmpty())
                m_discoveredJwksUrl = entry->fetched.jwksUrl;
            const QString where = entry->fetched.jwksUrl.toDisplayString();
            QString text = m_keys.size() == 1 ? tr("1 key from %1.").arg(where)
                                              : tr("%1 keys from %2.").arg(m_keys.size()).arg(where);
            if (!m_skipped.isEmpty())
                text += u' ' + tr("Skipped: %1").arg(m_skipped.join(u"; "));
            setKeyStatus(text, false);
        } else {
            setKeyStatus(tr("Not fetched yet: press Fetch Keys (%1).")
                             .arg(m_fetchAction->shortcut().toString(QKeySequence::NativeText)),
                         false);
        }
        break;
    }
    }
    updateFetchControls();
}

std::optional<FetchOptions> VerifyPanel::fetchOptions(QString *error) const
{
    FetchOptions options;
    options.allowInsecure = m_insecureAllowed.contains(currentUrl().toString());
    const QString caPath = m_caBundleEdit->text().trimmed();
    if (!caPath.isEmpty()) {
        QFile file(caPath);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = tr("CA bundle %1: %2").arg(caPath, file.errorString());
            return std::nullopt;
        }
        const BoundedReadResult read = BoundedRead::readAll(file, maxCaBundleBytes);
        if (!read) {
            *error = read.status == BoundedReadResult::Status::TooLarge
                ? tr("CA bundle %1: larger than %2 bytes").arg(caPath).arg(maxCaBundleBytes)
                : tr("CA bundle %1: %2").arg(caPath, read.error);
            return std::nullopt;
        }
        options.caCertificates = QSslCertificate::fromData(read.bytes, QSsl::Pem);
        if (options.caCertificates.isEmpty()) {
            *error = tr("CA bundle %1: no PEM certificate in the file").arg(caPath);
            return std::nullopt;
        }
    }
    return options;
}

void VerifyPanel::fetchKeys()
{
    if (!isUrlSource())
        return;
    const QUrl url = currentUrl();
    m_lastFetchError = {};
    if (url.isEmpty() || !url.isValid()) {
        m_lastFetchError.kind = FetchError::Kind::InvalidUrl;
        m_lastFetchError.message = tr("Enter a URL to fetch the keys from.");
        m_lastFetchErrorUrl = url;
        updateFetchControls();
        return;
    }
    QString error;
    const std::optional<FetchOptions> options = fetchOptions(&error);
    if (!options) {
        m_lastFetchError.kind = FetchError::Kind::Other;
        m_lastFetchError.message = error;
        m_lastFetchErrorUrl = url;
        updateFetchControls();
        return;
    }
    if (keySourceKind() == KeySourceKind::JwksUrl)
        rememberJwksUrl(url.toString());
    m_cache->fetch(cacheKind(), url, *options, JwksCache::Trigger::User);
    m_fetchProgressBar->setRange(0, 0);
    updateFetchControls();
}

void VerifyPanel::cancelFetch()
{
    m_cache->cancel();
    updateFetchControls();
}

bool VerifyPanel::isFetching() const
{
    return m_cache->isFetching();
}

void VerifyPanel::rememberJwksUrl(const QString &url)
{
    QStringList urls = m_recentUrlsModel->stringList();
    urls.removeAll(url);
    urls.prepend(url);
    while (urls.size() > 10)
        urls.removeLast();
    m_recentUrlsModel->setStringList(urls);
}

void VerifyPanel::onFetchProgress(qint64 received, qint64 total)
{
    if (total > 0) {
        m_fetchProgressBar->setRange(0, 1000);
        m_fetchProgressBar->setValue(int(std::min<qint64>(1000, received * 1000 / total)));
    } else {
        m_fetchProgressBar->setRange(0, 0);
    }
}

void VerifyPanel::onFetchFinished(JwksCache::SourceKind kind, const QUrl &url, const FetchError &error)
{
    m_lastFetchError = error;
    m_lastFetchErrorUrl = url;
    if (!error && kind == JwksCache::SourceKind::Issuer) {
        // Discovery found the issuer; the JWKS URL it named is worth remembering too.
        if (const std::optional<JwksCache::Entry> entry = m_cache->entry(kind, url))
            rememberJwksUrl(entry->fetched.jwksUrl.toString());
    }
    reloadKeys();
    verify();
}

void VerifyPanel::updateFetchControls()
{
    const bool fetching = m_cache->isFetching();
    const bool urlSource = isUrlSource();
    const QUrl url = currentUrl();
    m_fetchButton->setEnabled(urlSource && !fetching && !url.isEmpty());
    m_fetchAction->setEnabled(urlSource && !fetching);
    m_cancelButton->setEnabled(fetching);
    m_cancelFetchAction->setEnabled(fetching);
    m_fetchProgressBar->setVisible(fetching);
    if (!fetching)
        m_fetchProgressBar->setRange(0, 1);

    // Plain http to another machine needs the user's opt-in, per URL.
    const bool insecure = url.scheme() == u"http" && !UrlPolicy::isLoopback(url);
    m_allowHttpCheckBox->setVisible(urlSource && insecure);

    QString cacheText;
    if (urlSource && !url.isEmpty()) {
        if (const std::optional<JwksCache::Entry> entry = m_cache->entry(cacheKind(), url)) {
            cacheText
                = tr("Fetched %1, trusted until %2").arg(clockTime(entry->fetchedAt), clockTime(entry->trustedUntil));
            if (!m_cache->isFresh(cacheKind(), url))
                cacheText += u' ' + tr("(stale: fetched again at the next verification)");
            if (entry->kind == JwksCache::SourceKind::Issuer)
                cacheText += u'\n'
                    + tr("Keys from %1, named by the discovery document").arg(entry->fetched.jwksUrl.toDisplayString());
        }
        if (fetching && m_cache->fetchingUrl() == url) {
            const QString why = m_cache->fetchingTrigger() == JwksCache::Trigger::UnknownKid
                ? tr("Fetching again: the token's kid is not in the cached keys…")
                : tr("Fetching…");
            cacheText = cacheText.isEmpty() ? why : why + u'\n' + cacheText;
        }
    }
    m_cacheLabel->setText(cacheText);
    m_cacheLabel->setVisible(!cacheText.isEmpty());

    QString errorText;
    if (urlSource && m_lastFetchError && m_lastFetchErrorUrl == url) {
        errorText = m_lastFetchError.message;
        const QString hint = FetchErrorText::hint(m_lastFetchError);
        if (!hint.isEmpty())
            errorText += u'\n' + hint;
    }
    m_fetchErrorLabel->setText(errorText);
    m_fetchErrorLabel->setVisible(!errorText.isEmpty());
    QPalette errorPalette = m_fetchErrorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, Theme::colors(palette()).errorForeground);
    m_fetchErrorLabel->setPalette(errorPalette);
}

void VerifyPanel::chooseKeyFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Key or Certificate"), {},
        tr("Keys and certificates (*.pem *.crt *.cer *.key *.pub *.json *.jwk *.jwks);;All files (*)"));
    if (!path.isEmpty())
        (void)loadKeyFile(path);
}

bool VerifyPanel::loadKeyFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setKeyStatus(tr("%1: %2").arg(path, file.errorString()), true);
        return false;
    }
    // Bounded whatever the path names: a FIFO or a device reports no size before it is read.
    const BoundedReadResult read = BoundedRead::readAll(file, maxKeyFileBytes);
    if (!read) {
        setKeyStatus(read.status == BoundedReadResult::Status::TooLarge
                         ? tr("%1: larger than a key file should be").arg(path)
                         : tr("%1: %2").arg(path, read.error),
                     true);
        return false;
    }
    const QByteArray &bytes = read.bytes;
    const QString name = QFileInfo(path).fileName();
    if (bytes.trimmed().startsWith('{')) {
        setKeySourceKind(KeySourceKind::Jwk);
        m_jwkEdit->setPlainText(QString::fromUtf8(bytes));
    } else {
        setKeySourceKind(KeySourceKind::Pem);
        m_pemEdit->setPlainText(QString::fromUtf8(bytes));
        m_pemSource = tr("file %1").arg(name); // after setPlainText, which forgets the file name of edited text
        reloadKeys();
        verify();
    }
    return !m_keys.isEmpty();
}

void VerifyPanel::chooseCaBundle()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose CA Bundle"), {},
                                                      tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    if (!path.isEmpty())
        m_caBundleEdit->setText(path);
}

void VerifyPanel::onAlgorithmsChanged()
{
    QStringList names;
    for (const QAction *action : std::as_const(m_algorithmActions)) {
        if (action->isChecked())
            names << action->text();
    }
    m_algorithmsButton->setText(names.isEmpty() ? tr("Any the key fits") : names.join(u", "));
    m_algorithmsButton->setToolTip(tr("Only these algorithms are accepted; an attacker cannot pick another one "
                                      "(RFC 8725 §3.1)."));
    verify();
}

VerificationPolicy VerifyPanel::policy() const
{
    VerificationPolicy policy;
    for (const QAction *action : std::as_const(m_algorithmActions)) {
        if (action->isChecked())
            policy.allowedAlgorithms << Algorithm(action->data().toInt());
    }
    policy.expectedIssuer = m_expectedIssuerEdit->text().trimmed();
    policy.expectedAudience = m_expectedAudienceEdit->text().trimmed();
    policy.leewaySeconds = m_leewaySeconds;
    policy.clock = &m_verifyClock;
    return policy;
}

void VerifyPanel::showKeyBindingFields()
{
    if (!m_policyForm)
        return; // still building
    const bool keyBinding = m_sdJwt && m_sdJwt->keyBinding.has_value();
    for (QLineEdit *edit : {m_keyBindingNonceEdit, m_keyBindingAudienceEdit})
        m_policyForm->setRowVisible(edit, keyBinding);
}

// ---- verification ----

void VerifyPanel::verify()
{
    if (m_restoring || !m_verdictLabel || !m_expectedAudienceEdit)
        return; // still building
    if (!m_token) {
        m_result.reset();
        showVerdict();
        return;
    }
    // A JWE with a decryption key: decrypted first; a nested token inside (RFC 7519 §5.2) is what gets verified.
    m_decryption.reset();
    m_verifiedNested = false;
    std::optional<DecodedToken> inner;
    if (m_token->kind == TokenKind::Jwe && m_decryptionBox->hasKey()) {
        DecryptionBox::Outcome outcome = m_decryptionBox->decrypt(*m_token);
        m_decryption = std::move(outcome.result);
        inner = std::move(outcome.inner);
    } else {
        m_decryptionBox->clearResult();
    }
    if (!m_droppedCharacters.isEmpty()) {
        m_result = TokenVerifier::refuseDroppedCharacters(m_droppedCharacters);
    } else {
        const DecodedToken &verified = inner ? *inner : *m_token;
        if (m_sdJwt && !inner) {
            // The key binding is judged at the workspace's 'now' too, with the nonce and audience the user expects.
            KeyBindingPolicy keyBinding;
            keyBinding.clock = &m_verifyClock;
            keyBinding.leewaySeconds = m_leewaySeconds;
            keyBinding.expectedNonce = m_keyBindingNonceEdit->text().trimmed();
            keyBinding.expectedAudience = m_keyBindingAudienceEdit->text().trimmed();
            m_result = SdJwtVerifier::verify(*m_sdJwt, m_keys, policy(), keyBinding).result;
        } else {
            m_result = TokenVerifier::verify(verified, m_keys, policy());
        }
        m_verifiedNested = inner.has_value();
        // Findings only the keys can reveal (key confusion, a jku off the issuer's host) join the verdict's findings,
        // which the Inspect workspace lists beside the token's own.
        m_result->findings += FindingsCatalogue::analyzeVerifierAttacks(verified, m_keys, m_discoveredJwksUrl);
    }
    showVerdict();
    emit verified(*m_result);

    // A stale copy or a kid the copy does not know: fetch again in the background (the cache's cooldown keeps
    // this to one request per source every so often); the result arrives through onFetchFinished.
    if (isUrlSource() && !m_cache->isFetching()) {
        const QUrl url = currentUrl();
        QString error;
        if (const std::optional<FetchOptions> options = fetchOptions(&error); options && !url.isEmpty()) {
            if (m_cache->refreshIfNeeded(cacheKind(), url, m_token->keyId(), *options))
                updateFetchControls();
        }
    }
}

void VerifyPanel::showVerdict()
{
    const Theme::Colors colors = Theme::colors(palette());
    QPalette framePalette = palette();
    if (!m_result) {
        m_verdictLabel->setText(tr("No token to verify."));
        m_reasonLabel->clear();
        m_verdictIconLabel->clear();
        m_verdictFrame->setPalette(framePalette);
        m_keyBox->hide();
        m_diagnosticsBox->hide();
        m_copyThumbprintAction->setEnabled(false);
        return;
    }
    const VerificationResult &result = *m_result;
    const bool valid = result.isValid();
    // With no key at all nothing was judged yet: a neutral prompt, not a red verdict (a structural failure such as
    // alg none or a malformed token is still shown as the failure it is).
    // Decrypted content that is not a token has no signature: neutral too.
    const bool plainContent = m_decryption && m_decryption->isValid() && !m_verifiedNested;
    if (plainContent
        || (!valid && m_keys.isEmpty() && m_skipped.isEmpty()
            && (result.reason == VerificationReason::KeyNotFound
                || result.reason == VerificationReason::KeyMismatch))) {
        m_verdictLabel->setText(
            plainContent ? tr("Decrypted: the content is not a signed token, so there is no "
                              "signature to check.")
                : m_verifiedNested
                ? tr("Decrypted. The nested token's signature is not checked yet: choose a key source "
                     "below.")
                : tr("Signature not checked yet: choose a key source below."));
        m_verdictLabel->setAccessibleDescription(tr("not checked"));
        m_reasonLabel->clear();
        m_verdictIconLabel->setPixmap(
            Icons::severity(Finding::Severity::Info).pixmap(QSize(24, 24), devicePixelRatioF()));
        m_verdictFrame->setPalette(framePalette);
        m_keyBox->hide();
        m_diagnosticsBox->hide();
        m_copyThumbprintAction->setEnabled(false);
        return;
    }
    QString text = valid ? tr("Valid: %1").arg(result.message) : tr("Invalid: %1").arg(result.message);
    QString reason = reasonName(result.reason);
    if (m_decryption && !m_decryption->isValid()) {
        // The same words for every failure that depends on the key (RFC 7516 §11.5: no padding oracle).
        text = tr("Not decrypted: %1").arg(m_decryption->message);
        reason = decryptionReasonName(m_decryption->reason);
    } else if (m_verifiedNested) {
        text = tr("Nested token: %1").arg(text);
    }
    m_verdictLabel->setText(text);
    m_reasonLabel->setText(reason);
    m_verdictLabel->setAccessibleDescription(valid ? tr("valid") : tr("invalid"));
    // Semantic colours (valid / failed) blended into the window colour, so the band reads in light and dark.
    const QColor accent = valid ? colors.valid : colors.high;
    const QColor window = palette().color(QPalette::Window);
    const QColor tint
        = QColor::fromRgbF(window.redF() * 0.8f + accent.redF() * 0.2f, window.greenF() * 0.8f + accent.greenF() * 0.2f,
                           window.blueF() * 0.8f + accent.blueF() * 0.2f);
    framePalette.setColor(QPalette::Window, tint);
    m_verdictFrame->setPalette(framePalette);
    const QIcon icon = valid ? Icons::valid() : Icons::severity(Finding::Severity::High);
    m_verdictIconLabel->setPixmap(icon.pixmap(QSize(24, 24), devicePixelRatioF()));

    m_keyBox->setVisible(valid && result.verifiedBy.has_value());
    m_copyThumbprintAction->setEnabled(result.verifiedBy.has_value());
    if (result.verifiedBy) {
        const Key &key = *result.verifiedBy;
        m_keyKidLabel->setText(key.kid().isEmpty() ? tr("(no kid)") : key.kid());
        m_keyThumbprintLabel->setText(key.thumbprint());
        const QString kind = key.curve().isEmpty() ? tr("%1 %2-bit").arg(key.kty()).arg(key.bits())
                                                   : tr("%1 %2").arg(key.kty(), key.curve());
        m_keySourceLabel->setText(tr("%1 (%2)").arg(key.source(), kind));
    }

    m_attemptsModel->setAttempts(valid ? QList<KeyAttempt> {} : result.attempts);
    const bool showDiagnostics = !valid && (!result.attempts.isEmpty() || !m_skipped.isEmpty());
    m_diagnosticsBox->setVisible(showDiagnostics);
    m_diagnosticsView->setVisible(!result.attempts.isEmpty());
    if (showDiagnostics) {
        m_diagnosticsView->resizeColumnsToContents();
        m_diagnosticsView->resizeRowsToContents();
        // As tall as its rows (a JWKS rarely has more than a handful of keys), scrolling beyond that.
        int height = m_diagnosticsView->horizontalHeader()->height() + 2 * m_diagnosticsView->frameWidth();
        for (int row = 0; row < m_attemptsModel->rowCount(); ++row)
            height += m_diagnosticsView->rowHeight(row);
        m_diagnosticsView->setFixedHeight(std::min(height, 240));
    }
    m_skippedLabel->setText(
        m_skipped.isEmpty() ? QString() : tr("Keys of the source that cannot be used: %1").arg(m_skipped.join(u"; ")));
    m_skippedLabel->setVisible(!m_skipped.isEmpty());
}

void VerifyPanel::showUntrustedKeys()
{
    m_untrustedList->clear();
    m_untrustedSpans.clear();
    const QList<UntrustedHeaderKey> keys = m_token ? UntrustedHeaderKeys::find(*m_token) : QList<UntrustedHeaderKey> {};
    const QIcon warning = Icons::severity(Finding::Severity::Warning);
    for (const UntrustedHeaderKey &key : keys) {
        auto *item = new QListWidgetItem(
            warning, tr("%1 (untrusted, not used): %2").arg(key.parameter, key.description), m_untrustedList);
        item->setToolTip(tr("Select to highlight the \"%1\" header member in the token").arg(key.parameter));
        m_untrustedSpans << key.characters;
    }
    m_untrustedBox->setVisible(!keys.isEmpty());
}

void VerifyPanel::onUntrustedKeySelected()
{
    const int row = m_untrustedList->currentRow();
    if (row >= 0 && row < m_untrustedSpans.size())
        emit highlightRequested(m_untrustedSpans.at(row));
}

void VerifyPanel::onDiagnosticSelected()
{
    // A candidate key was rejected against what the token asks for: light up the token's kid (or alg).
    if (!m_token || !m_token->header.isObject())
        return;
    const JsonMember *member = m_token->header.member(u"kid");
    if (!member)
        member = m_token->header.member(u"alg");
    if (!member)
        return;
    const Span decoded {member->nameSpan.start, member->value.span.end() - member->nameSpan.start};
    emit highlightRequested(m_token->tokenSpan(SegmentRole::Header, decoded));
}

void VerifyPanel::copyThumbprint()
{
    if (m_result && m_result->verifiedBy)
        Clipboard::copyText(m_result->verifiedBy->thumbprint(), Clipboard::Sensitivity::Public);
}

// ---- edit and re-sign ----

ResignDialog *VerifyPanel::openResignDialog()
{
    if (!m_resignDialog) {
        m_resignDialog = new ResignDialog(this);
        connect(m_resignDialog, &ResignDialog::tokenProduced, this, &VerifyPanel::onResignedToken);
    }
    if (m_token && !m_resignDialog->isVisible())
        m_resignDialog->setToken(*m_token);
    m_resignDialog->show();
    m_resignDialog->raise();
    m_resignDialog->activateWindow();
    return m_resignDialog;
}

void VerifyPanel::onResignedToken(const QString &token)
{
    // Verify the new token with the key that signed it, when the user wants that (the default): its public JWK,
    // or for HMAC the secret as a JWK, kept in memory only.
    if (m_resignDialog && m_resignDialog->verifiesWithThisKey()) {
        if (const std::optional<Key> key = m_resignDialog->signingKey()) {
            if (key->type() == Key::Type::Oct) {
                // The secret goes into the masked secret field, as base64url (RFC 7518 §6.4.1 "k").
                QByteArray jwk = key->toJwk(Key::Export::IncludePrivate);
                const JsonParseResult parsed = Json::parse(jwk);
                jwk.fill('\0');
                const JsonValue *k = parsed ? parsed.value->value(u"k") : nullptr;
                if (k && k->isString()) {
                    setKeySourceKind(KeySourceKind::Secret);
                    setSecret(k->string, SecretEncoding::Base64);
                }
            } else {
                setKeySourceKind(KeySourceKind::Jwk);
                m_jwkEdit->setPlainText(QString::fromUtf8(key->toJwk(Key::Export::PublicOnly)));
            }
        }
    }
    emit resignedTokenProduced(token);
}

} // namespace tokenscope
