// Over 700 lines: the workspace builds its panes and actions, takes input (paste, files, dropped logs), shows an
// analysis in parts so a large token never stalls the UI, and ticks the clock that re-judges it; each under its
// own banner below. The parts that stand alone already live apart (SelectionLinker, FoundTokensPanel, VerifyPanel,
// TokenShareActions, TokenDiffDialog); the pane layout is the next to move, into a class of its own.

#include "inspect/InspectWorkspace.h"

#include "common/ActionButton.h"
#include "common/BoundedRead.h"
#include "common/Clipboard.h"
#include "common/Icons.h"
#include "common/Pane.h"
#include "common/Settings.h"
#include "common/ShortcutAction.h"
#include "common/Theme.h"
#include "common/TimeFormat.h"
#include "inspect/BundleView.h"
#include "inspect/ClaimsTableModel.h"
#include "inspect/DisclosuresView.h"
#include "inspect/FindingsModel.h"
#include "inspect/FoundTokensPanel.h"
#include "inspect/JsonView.h"
#include "inspect/SelectionLinker.h"
#include "inspect/TokenInput.h"
#include "inspect/TokenShareActions.h"
#include "inspect/TokenView.h"
#include "inspect/ValidityBar.h"
#include "verify/VerifyPanel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QMimeData>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

// Splitter names in the settings (layout only: what the user sees, never what they pasted).
const QString mainSplitterName = u"inspect/main"_s;
const QString leftSplitterName = u"inspect/left"_s;
const QString rightSplitterName = u"inspect/right"_s;
const QString foundSplitterName = u"inspect/found"_s;

QString tokenKindName(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Jws:
        return InspectWorkspace::tr("JWS (signed)");
    case TokenKind::Unsecured:
        return InspectWorkspace::tr("Unsecured JWT (alg none)");
    case TokenKind::Jwe:
        return InspectWorkspace::tr("JWE (encrypted)");
    }
    return {};
}

QString elidedToken(const QByteArray &token)
{
    if (token.size() <= 28)
        return QString::fromLatin1(token);
    return QString::fromLatin1(token.first(14)) + u"…"_s + QString::fromLatin1(token.last(10));
}

// Which side of each time boundary 'now' is on (nbf, exp, iat, each with the leeway). Findings and the verdict
// only change when this does, so the ticker re-judges then instead of every second.
int timeState(const DecodedToken *token, qint64 now, qint64 leeway)
{
    if (!token || !token->payload)
        return 0;
    int state = 1;
    int bit = 2;
    for (const char16_t *name : {u"nbf", u"exp", u"iat"}) {
        const JsonValue *value = token->payload->value(QStringView(name));
        const std::optional<qint64> seconds = value && value->isNumber() ? value->toInteger() : std::nullopt;
        if (seconds) {
            if (now >= *seconds - leeway)
                state |= bit;
            if (now >= *seconds)
                state |= bit << 1;
            if (now >= *seconds + leeway)
                state |= bit << 2;
        }
        bit <<= 3;
    }
    return state;
}

// The token's time state and, for a bundle, which side of its DPoP proof's iat window 'now' is on.
int timeState(const TokenAnalysis &analysis, qint64 now, qint64 leeway)
{
    return timeState(analysis.token(), now, leeway) | TokenAnalyzer::proofWindowState(analysis, now) << 12;
}

std::optional<qint64> numericClaim(const DecodedToken *token, QStringView name)
{
    if (!token || !token->payload)
        return std::nullopt;
    const JsonValue *value = token->payload->value(name);
    return value && value->isNumber() ? value->toInteger() : std::nullopt;
}

} // namespace

InspectWorkspace::InspectWorkspace(Settings *settings, const Clock *clock, QNetworkAccessManager *network,
                                   QWidget *parent)
    : QWidget(parent), m_settings(settings), m_clock(clock ? clock : &SystemClock::instance())
{
    m_verifyPanel = new VerifyPanel(network, settings, this);
    buildActions();
    buildLayout();
    restoreSettings();
    updateIcons();

    connect(&m_watcher, &QFutureWatcher<TokenAnalysis>::finished, this, &InspectWorkspace::onAnalysisFinished);
    connect(m_input, &QPlainTextEdit::textChanged, this, &InspectWorkspace::onInputEdited);
    connect(m_input, &TokenInput::fileDropped, this, [this](const QString &path) { openFile(path); });
    connect(m_foundTokensPanel, &FoundTokensPanel::tokenSelected, this,
            [this](const QByteArray &token) { setInputText(QString::fromLatin1(token)); });
    connect(m_foundTokensPanel, &FoundTokensPanel::message, this, &InspectWorkspace::showMessage);
    connect(m_foundTokensPanel, &FoundTokensPanel::readAsPaste, this, &InspectWorkspace::readFileIntoInput);
    connect(m_foundTokensPanel, &FoundTokensPanel::busyChanged, this, &InspectWorkspace::busyChanged);
    connect(m_input, &TokenInput::largeTextInserted, this,
            [this](const QString &text) { showLargeInput(text, tr("the clipboard")); });
    connect(m_tokenPicker, &QComboBox::activated, this, &InspectWorkspace::selectToken);
    connect(m_bundleView, &BundleView::tokenActivated, this,
            [this](const QByteArray &token) { selectToken(m_analysis.candidateIndex(token)); });
    connect(m_bundleView, &BundleView::message, this, &InspectWorkspace::showMessage);
    connect(m_bundleView, &BundleView::optionsChanged, this, [this] {
        TokenAnalyzer::setBundleOptions(m_analysis, m_bundleView->options());
        refreshFindings();
    });
    m_selectionLinker = new SelectionLinker({m_tokenView, m_headerView, m_payloadView, m_claimsTable, m_claimsModel,
                                             m_disclosuresView, m_findingsView, m_findingsModel},
                                            m_analysis, this);
    connect(m_timeTravelCheckBox, &QCheckBox::toggled, this, &InspectWorkspace::onTimeTravelToggled);
    connect(m_nowEdit, &QDateTimeEdit::dateTimeChanged, this, [this](const QDateTime &when) {
        if (m_timeTravelCheckBox->isChecked())
            setNowOverride(when.toSecsSinceEpoch());
    });
    connect(m_leewaySpinBox, &QSpinBox::valueChanged, this, &InspectWorkspace::setLeewaySeconds);
    connect(m_verifyPanel, &VerifyPanel::verified, this, &InspectWorkspace::onVerified);
    connect(m_verifyPanel, &VerifyPanel::highlightRequested, this, [this](Span characters) {
        m_tokenView->setLinkedSpan(characters);
        m_selectionLinker->selectAtToken(characters);
    });

    // The countdown ticks once a second on the UI thread; everything it touches is cheap (labels, a bar, a repaint
    // of the visible annotations), and findings are re-judged only when a time boundary is crossed.
    m_ticker = new QTimer(this);
    m_ticker->setInterval(1000);
    m_ticker->setTimerType(Qt::CoarseTimer);
    connect(m_ticker, &QTimer::timeout, this, &InspectWorkspace::tick);
    m_ticker->start();

    m_verifyPanel->setLeewaySeconds(m_leewaySeconds);
    m_verifyPanel->setNowSeconds(nowSeconds());
    showAnalysis(TokenAnalysis {}, Pacing::AllAtOnce);
}

InspectWorkspace::~InspectWorkspace()
{
    // The worker holds only its own copy of the input, but wait so no analysis outlives the application. (Only
    // while running: waiting on a future whose result was taken never returns in Qt 6.4.)
    if (m_watcher.isRunning())
        m_watcher.waitForFinished();
}

// ---- actions and layout ----

void InspectWorkspace::buildActions()
{
    const auto make = [this](const QString &text, const QKeySequence &shortcut, auto slot) {
        return makeShortcutAction(this, text, shortcut, slot);
    };
    m_openAction = make(tr("&Open Token File…"), QKeySequence::Open, &InspectWorkspace::chooseFile);
    m_pasteAction = make(tr("&Paste and Inspect"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V),
                         &InspectWorkspace::pasteFromClipboard);
    m_clearAction = make(tr("C&lear Input"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backspace),
                         &InspectWorkspace::clearInput);
    m_copyTokenAction
        = make(tr("Copy &Token"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &InspectWorkspace::copyToken);
    m_copyHeaderAction
        = make(tr("Copy &Header JSON"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_H), &InspectWorkspace::copyHeader);
    m_copyPayloadAction
        = make(tr("Copy Pa&yload JSON"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_P), &InspectWorkspace::copyPayload);
    m_focusInputAction = make(tr("&Go to Input"), QKeySequence(Qt::CTRL | Qt::Key_L), [this] {
        m_input->setFocus(Qt::ShortcutFocusReason);
        m_input->selectAll();
    });
    m_nextTokenAction
        = make(tr("&Next Token in Input"), QKeySequence(Qt::CTRL | Qt::Key_PageDown), [this] { pickNextToken(1); });
    m_previousTokenAction
        = make(tr("P&revious Token in Input"), QKeySequence(Qt::CTRL | Qt::Key_PageUp), [this] { pickNextToken(-1); });
    m_tableAction = make(tr("Claims as &Table"), QKeySequence(Qt::CTRL | Qt::Key_T),
                         [this](bool checked) { setClaimsTableShown(checked); });
    m_tableAction->setCheckable(true);
    m_timeTravelAction = make(tr("&Time Travel"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
                              [this](bool checked) { m_timeTravelCheckBox->setChecked(checked); });
    m_timeTravelAction->setCheckable(true);
    m_findingsFocusAction = make(tr("Go to &Findings"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F),
                                 [this] { m_findingsView->setFocus(Qt::ShortcutFocusReason); });
    m_shareActions = new TokenShareActions(this);
    connect(m_shareActions, &TokenShareActions::message, this, &InspectWorkspace::showMessage);
    m_openAction->setStatusTip(tr("Open a file that holds a token (a .jwt file, a log, a HAR excerpt…)"));
    m_pasteAction->setStatusTip(tr("Replace the input with the clipboard and inspect it"));
    m_copyTokenAction->setStatusTip(tr("Copy the token; marked concealed so clipboard managers do not keep it"));
}

void InspectWorkspace::buildLayout()
{
    setAccessibleName(tr("Inspect workspace"));
    setAcceptDrops(true);
    auto *root = new QVBoxLayout(this);
    root->setContentsMargins(12, 10, 12, 10);
    root->setSpacing(8);

    // Input: where anything holding a token is pasted.
    m_input = new TokenInput(this);
    m_input->setPlaceholderText(
        tr("Paste a token, an Authorization header, a cookie, a curl command or a log line, or drop a file here"));
    m_input->setAccessibleName(tr("Token input"));
    m_input->setAccessibleDescription(tr("Text that holds one or more tokens; they are found and decoded as you type"));
    const int lineHeight = m_input->fontMetrics().lineSpacing();
    m_input->setFixedHeight(lineHeight * 3 + 18);
    auto *inputRow = new QHBoxLayout;
    inputRow->setSpacing(6);
    inputRow->addWidget(m_input, 1);
    auto *inputButtons = new QVBoxLayout;
    inputButtons->setSpacing(0);
    for (QAction *action : {m_pasteAction, m_openAction, m_clearAction}) {
        inputButtons->addWidget(actionButton(action, this));
    }
    inputButtons->addStretch();
    inputRow->addLayout(inputButtons);
    root->addLayout(inputRow);

    // Several tokens: pick one. Busy: a background analysis is running.
    auto *pickerRow = new QHBoxLayout;
    m_pickerLabel = new QLabel(this);
    m_tokenPicker = new QComboBox(this);
    m_tokenPicker->setAccessibleName(tr("Token to inspect"));
    m_tokenPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_pickerLabel->setBuddy(m_tokenPicker);
    m_busyLabel = new QLabel(tr("Decoding…"), this);
    m_busyLabel->setAccessibleName(tr("Decoding in progress"));
    m_busyLabel->hide();
    pickerRow->addWidget(m_pickerLabel);
    pickerRow->addWidget(m_tokenPicker);
    pickerRow->addStretch();
    pickerRow->addWidget(m_busyLabel);
    root->addLayout(pickerRow);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageLabel->setAccessibleName(tr("Message"));
    m_messageLabel->hide();
    root->addWidget(m_messageLabel);

    // What the token is and what the signature panel said, then its life with 'now' and the leeway.
    auto *summaryRow = new QHBoxLayout;
    summaryRow->setSpacing(12);
    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setAccessibleName(tr("Token summary"));
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdictLabel = new QLabel(this);
    m_verdictLabel->setAccessibleName(tr("Verification verdict"));
    m_verdictLabel->setTextFormat(Qt::RichText);
    m_verdictLabel->setWordWrap(false);
    m_countdownLabel = new QLabel(this);
    m_countdownLabel->setAccessibleName(tr("Time until expiry"));
    QFont countdownFont = m_countdownLabel->font();
    countdownFont.setBold(true);
    countdownFont.setPointSizeF(countdownFont.pointSizeF() * 1.1);
    m_countdownLabel->setFont(countdownFont);
    summaryRow->addWidget(m_summaryLabel);
    summaryRow->addWidget(m_verdictLabel, 1);
    summaryRow->addWidget(m_countdownLabel);
    root->addLayout(summaryRow);

    auto *validityRow = new QHBoxLayout;
    validityRow->setSpacing(8);
    m_validityBar = new ValidityBar(this);
    m_validityBar->setAccessibleName(tr("Validity timeline"));
    m_timeTravelCheckBox = new QCheckBox(tr("Time travel to"), this);
    m_timeTravelCheckBox->setAccessibleName(tr("Time travel"));
    m_timeTravelCheckBox->setToolTip(tr("Judge the token at another moment instead of now (%1)")
                                         .arg(m_timeTravelAction->shortcut().toString(QKeySequence::NativeText)));
    m_nowEdit = new QDateTimeEdit(this);
    m_nowEdit->setTimeSpec(Qt::UTC);
    m_nowEdit->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s);
    m_nowEdit->setCalendarPopup(true);
    m_nowEdit->setAccessibleName(tr("Time travel moment (UTC)"));
    m_nowEdit->setEnabled(false);
    auto *leewayLabel = new QLabel(tr("&Leeway"), this);
    m_leewaySpinBox = new QSpinBox(this);
    m_leewaySpinBox->setRange(0, 24 * 3600);
    m_leewaySpinBox->setSingleStep(30);
    m_leewaySpinBox->setSuffix(tr(" s"));
    m_leewaySpinBox->setAccessibleName(tr("Leeway in seconds"));
    m_leewaySpinBox->setToolTip(tr("Clock skew tolerated on exp, nbf and iat (RFC 7519 §4.1.4)"));
    leewayLabel->setBuddy(m_leewaySpinBox);
    validityRow->addWidget(m_validityBar, 1);
    validityRow->addSpacing(8);
    validityRow->addWidget(m_timeTravelCheckBox);
    validityRow->addWidget(m_nowEdit);
    validityRow->addSpacing(8);
    validityRow->addWidget(leewayLabel);
    validityRow->addWidget(m_leewaySpinBox);
    root->addLayout(validityRow);

    // Left: the token and its findings.
    m_tokenView = new TokenView(this);
    m_tokenView->setAccessibleName(tr("Encoded token"));
    m_tokenView->setAccessibleDescription(
        tr("The token with its parts coloured; select characters to find the member they encode"));
    m_findingsModel = new FindingsModel(this);
    m_findingsView = new QListView(this);
    m_findingsView->setModel(m_findingsModel);
    m_findingsView->setAccessibleName(tr("Findings"));
    m_findingsView->setFrameShape(QFrame::NoFrame);
    m_findingsView->setWordWrap(true);
    m_findingsView->setUniformItemSizes(false);
    m_findingsView->setSpacing(2);
    m_findingsView->setIconSize(QSize(16, 16));
    m_findingsView->setSelectionMode(QAbstractItemView::SingleSelection);

    m_leftSplitter = new QSplitter(Qt::Vertical, this);
    m_leftSplitter->setChildrenCollapsible(false);
    const Pane tokenPane = makePane(tr("Encoded"), m_tokenView, m_leftSplitter);
    for (QAction *action : {m_shareActions->compareAction(), m_shareActions->exportAction(), m_copyTokenAction})
        tokenPane.headerLayout->addWidget(actionButton(action, tokenPane.widget));
    const Pane findingsPane = makePane(tr("Findings"), m_findingsView, m_leftSplitter);
    m_findingsTitle = findingsPane.title;
    m_leftSplitter->addWidget(tokenPane.widget);
    m_leftSplitter->addWidget(findingsPane.widget);
    m_leftSplitter->setStretchFactor(0, 3);
    m_leftSplitter->setStretchFactor(1, 2);

    // Middle: header and payload (JSON or the claims table).
    m_headerView = new JsonView(PrettyJsonPrinter::Section::Header, this);
    m_headerView->setAccessibleName(tr("Header JSON"));
    m_payloadView = new JsonView(PrettyJsonPrinter::Section::Payload, this);
    m_payloadView->setAccessibleName(tr("Payload JSON"));
    m_claimsModel = new ClaimsTableModel(this);
    m_claimsTable = new QTableView(this);
    m_claimsTable->setModel(m_claimsModel);
    m_claimsTable->setAccessibleName(tr("Payload claims table"));
    m_claimsTable->setFrameShape(QFrame::NoFrame);
    m_claimsTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_claimsTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_claimsTable->setAlternatingRowColors(true);
    m_claimsTable->setWordWrap(false);
    m_claimsTable->verticalHeader()->hide();
    // Compact rows, like the JSON pane's lines; the full value is in each cell's tooltip.
    m_claimsTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_claimsTable->verticalHeader()->setDefaultSectionSize(m_claimsTable->fontMetrics().height() + 8);
    m_claimsTable->horizontalHeader()->setSectionResizeMode(ClaimsTableModel::ClaimColumn,
                                                            QHeaderView::ResizeToContents);
    m_claimsTable->horizontalHeader()->setSectionResizeMode(ClaimsTableModel::ValueColumn, QHeaderView::Interactive);
    m_claimsTable->horizontalHeader()->setStretchLastSection(true);
    m_claimsTable->horizontalHeader()->resizeSection(ClaimsTableModel::ValueColumn, 300);
    m_payloadStack = new QStackedWidget(this);
    m_payloadStack->addWidget(m_payloadView);
    m_payloadStack->addWidget(m_claimsTable);

    m_rightSplitter = new QSplitter(Qt::Vertical, this);
    m_rightSplitter->setChildrenCollapsible(false);
    const Pane headerPane = makePane(tr("Header"), m_headerView, m_rightSplitter);
    QToolButton *copyHeaderButton = actionButton(m_copyHeaderAction, headerPane.widget);
    headerPane.headerLayout->addWidget(copyHeaderButton);
    const Pane payloadPane = makePane(tr("Payload"), m_payloadStack, m_rightSplitter);
    m_tableToggle = actionButton(m_tableAction, payloadPane.widget);
    payloadPane.headerLayout->addWidget(m_tableToggle);
    QToolButton *copyPayloadButton = actionButton(m_copyPayloadAction, payloadPane.widget);
    payloadPane.headerLayout->addWidget(copyPayloadButton);
    m_rightSplitter->addWidget(headerPane.widget);
    m_rightSplitter->addWidget(payloadPane.widget);
    // RFC 9901: an SD-JWT's Disclosures, linked to the processed claims in the payload pane.
    m_disclosuresView = new DisclosuresView(this);
    m_disclosuresPane = makePane(tr("Disclosures"), m_disclosuresView, m_rightSplitter).widget;
    m_rightSplitter->addWidget(m_disclosuresPane);
    m_disclosuresPane->hide();
    m_rightSplitter->setStretchFactor(0, 1);
    m_rightSplitter->setStretchFactor(1, 3);
    m_rightSplitter->setStretchFactor(2, 3);

    // Right: the signature panel, scrollable because its key sources and diagnostics can grow tall.
    auto *verifyScroll = new QScrollArea(this);
    verifyScroll->setWidgetResizable(true);
    verifyScroll->setFrameShape(QFrame::NoFrame);
    verifyScroll->setWidget(m_verifyPanel);
    verifyScroll->setAccessibleName(tr("Signature / Decryption"));
    const Pane signaturePane = makePane(tr("Signature / Decryption"), verifyScroll, this);

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->addWidget(m_leftSplitter);
    m_mainSplitter->addWidget(m_rightSplitter);
    m_mainSplitter->addWidget(signaturePane.widget);
    m_mainSplitter->setStretchFactor(0, 4);
    m_mainSplitter->setStretchFactor(1, 4);
    m_mainSplitter->setStretchFactor(2, 3);
    // First run: the decoded panes get the most room (timestamp annotations run long); the user's sizes win later.
    m_mainSplitter->setSizes({380, 560, 420});
    m_leftSplitter->setSizes({330, 220});
    m_rightSplitter->setSizes({150, 400});

    // Above the panes, the tokens found in an opened capture or log (hidden until a file is scanned).
    m_foundTokensPanel = new FoundTokensPanel(this);
    m_foundTokensPanel->hide();
    m_foundSplitter = new QSplitter(Qt::Vertical, this);
    m_foundSplitter->setChildrenCollapsible(false);
    m_foundSplitter->addWidget(m_foundTokensPanel);
    m_foundSplitter->addWidget(m_mainSplitter);
    // Below the panes, the tokens and checks of a bundle (hidden for other input): full width for the messages.
    m_bundleView = new BundleView(this);
    m_bundlePane = makePane(tr("Token Bundle"), m_bundleView, m_foundSplitter).widget;
    m_bundlePane->hide();
    m_foundSplitter->addWidget(m_bundlePane);
    m_foundSplitter->setStretchFactor(0, 1);
    m_foundSplitter->setStretchFactor(1, 3);
    m_foundSplitter->setSizes({200, 560, 260});
    root->addWidget(m_foundSplitter, 1);

    setTabOrder(m_input, m_tokenPicker);
    setTabOrder(m_tokenPicker, m_timeTravelCheckBox);
    setTabOrder(m_timeTravelCheckBox, m_nowEdit);
    setTabOrder(m_nowEdit, m_leewaySpinBox);
    setTabOrder(m_leewaySpinBox, m_tokenView);
    setTabOrder(m_tokenView, m_findingsView);
    setTabOrder(m_findingsView, m_headerView);
    setTabOrder(m_headerView, m_payloadView);
    m_bundleView->placeInTabOrderAfter(m_payloadView);
}

void InspectWorkspace::restoreSettings()
{
    if (!m_settings)
        return;
    const auto restore = [this](QSplitter *splitter, const QString &name) {
        const QList<int> sizes = m_settings->splitterSizes(name);
        if (sizes.size() == splitter->count())
            splitter->setSizes(sizes);
    };
    restore(m_mainSplitter, mainSplitterName);
    restore(m_leftSplitter, leftSplitterName);
    restore(m_rightSplitter, rightSplitterName);
    restore(m_foundSplitter, foundSplitterName);
    m_leewaySeconds = m_settings->leewaySeconds();
    const QSignalBlocker blocker(m_leewaySpinBox);
    m_leewaySpinBox->setValue(m_leewaySeconds);
    setClaimsTableShown(m_settings->claimsTableShown());
}

void InspectWorkspace::saveSettings()
{
    if (!m_settings)
        return;
    m_settings->setSplitterSizes(mainSplitterName, m_mainSplitter->sizes());
    m_settings->setSplitterSizes(leftSplitterName, m_leftSplitter->sizes());
    m_settings->setSplitterSizes(rightSplitterName, m_rightSplitter->sizes());
    if (m_foundTokensPanel->isVisible())
        m_settings->setSplitterSizes(foundSplitterName, m_foundSplitter->sizes());
    m_settings->setLeewaySeconds(m_leewaySeconds);
    m_settings->setClaimsTableShown(isClaimsTableShown());
}

void InspectWorkspace::updateIcons()
{
    const QPalette palette = this->palette();
    m_openAction->setIcon(Icons::icon(u"open"_s, palette));
    m_pasteAction->setIcon(Icons::icon(u"paste"_s, palette));
    m_clearAction->setIcon(Icons::icon(u"clear"_s, palette));
    m_copyTokenAction->setIcon(Icons::icon(u"copy"_s, palette));
    m_shareActions->updateIcons(palette);
    m_copyHeaderAction->setIcon(Icons::icon(u"copy"_s, palette));
    m_copyPayloadAction->setIcon(Icons::icon(u"copy"_s, palette));
    m_tableAction->setIcon(Icons::icon(u"table"_s, palette));
    m_timeTravelAction->setIcon(Icons::icon(u"clock"_s, palette));
}

void InspectWorkspace::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        updateIcons();
        refreshTimes(true);
        updateSummary();
        showMessage(m_messageLabel->text(), m_messageLabel->property("error").toBool());
    }
}

void InspectWorkspace::dragEnterEvent(QDragEnterEvent *event)
{
    const QMimeData *mime = event->mimeData();
    const bool localFile = mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().constFirst().isLocalFile();
    if (localFile || mime->hasText())
        event->acceptProposedAction();
}

void InspectWorkspace::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().constFirst().isLocalFile())
        openFile(mime->urls().constFirst().toLocalFile());
    else if (mime->hasText())
        setInputText(mime->text());
    event->acceptProposedAction();
}

QList<QAction *> InspectWorkspace::fileActions() const
{
    return {m_openAction, m_pasteAction, m_clearAction, m_shareActions->exportAction()};
}

QList<QAction *> InspectWorkspace::editActions() const
{
    return {m_copyTokenAction, m_copyHeaderAction, m_copyPayloadAction, m_shareActions->copyMarkdownAction(),
            m_shareActions->compareAction()};
}

QList<QAction *> InspectWorkspace::viewActions() const
{
    return QList<QAction *> {m_focusInputAction, m_findingsFocusAction, m_previousTokenAction,
                             m_nextTokenAction,  m_tableAction,         m_timeTravelAction}
    + m_foundTokensPanel->panelActions();
}

QList<QAction *> InspectWorkspace::verifyActions() const
{
    return m_verifyPanel->actions();
}

// ---- input ----

void InspectWorkspace::setInputText(const QString &text)
{
    if (text.size() > TokenInput::largeTextThreshold) {
        showLargeInput(text, tr("the clipboard"));
        return;
    }
    m_largeInput.clear();
    m_settingInput = true;
    m_input->setPlainText(text);
    m_settingInput = false;
    startAnalysis(text, 0);
}

QString InspectWorkspace::inputText() const
{
    return m_largeInput.isNull() ? m_input->toPlainText() : m_largeInput;
}

void InspectWorkspace::showLargeInput(const QString &text, const QString &origin)
{
    // A megabyte in one line would take the editor seconds to lay out: keep it aside, say so, analyse it.
    m_largeInput = text;
    m_settingInput = true;
    m_input->clear();
    m_input->setPlaceholderText(tr("%1 characters from %2 are being inspected; they are not shown here. Type or "
                                   "paste to replace them.")
                                    .arg(QLocale().toString(text.size()), origin));
    m_settingInput = false;
    startAnalysis(text, 0);
}

bool InspectWorkspace::openFile(const QString &path)
{
    // A small file holding one token is a paste; a capture, a log or anything large is scanned for tokens.
    if (const std::optional<QString> text = FoundTokensPanel::pasteText(path, synchronousLimit)) {
        m_foundTokensPanel->closeList();
        setInputText(*text);
        return true;
    }
    QString error;
    if (m_foundTokensPanel->scanFile(path, nowSeconds(), &error))
        return true;
    showMessage(tr("Cannot open %1: %2").arg(QFileInfo(path).fileName(), error), true);
    return false;
}

bool InspectWorkspace::readFileIntoInput(const QString &path)
{
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (!file.open(QIODevice::ReadOnly)) {
        showMessage(tr("Cannot open %1: %2").arg(name, file.errorString()), true);
        return false;
    }
    // Bounded whatever the path names: a FIFO or a device reports no size before it is read.
    const BoundedReadResult read = BoundedRead::readAll(file, maxFileBytes);
    if (read.status == BoundedReadResult::Status::TooLarge) {
        showMessage(tr("%1 is larger than %2 bytes, the most Tokenscope reads into the input.")
                        .arg(name, QLocale().toString(maxFileBytes)),
                    true);
        return false;
    }
    if (!read) {
        showMessage(tr("Cannot read %1: %2").arg(name, read.error), true);
        return false;
    }
    const QString text = QString::fromUtf8(read.bytes);
    if (text.size() > TokenInput::largeTextThreshold)
        showLargeInput(text, name);
    else
        setInputText(text);
    return true;
}

void InspectWorkspace::onInputEdited()
{
    if (m_settingInput)
        return;
    if (!m_largeInput.isNull()) {
        m_largeInput = QString();
        m_input->setPlaceholderText(tr("Paste a token, an Authorization header, a cookie, a curl command or a log "
                                       "line, or drop a file here"));
    }
    startAnalysis(m_input->toPlainText(), 0);
}

void InspectWorkspace::clearInput()
{
    setInputText(QString());
    m_input->setFocus(Qt::OtherFocusReason);
}

void InspectWorkspace::pasteFromClipboard()
{
    setInputText(QApplication::clipboard()->text());
}

void InspectWorkspace::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a file holding a token"), QString(),
                                                      tr("Tokens and text (*.jwt *.jws *.jwe *.txt *.log *.har "
                                                         "*.json);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void InspectWorkspace::selectToken(int index)
{
    if (index < 0 || index >= m_analysis.candidates.size() || index == m_analysis.index)
        return;
    startAnalysis(inputText(), index);
}

bool InspectWorkspace::selectPayloadClaim(const QString &name)
{
    const int entry = m_analysis.payload.topLevelEntry(name);
    if (entry < 0)
        return false;
    m_selectionLinker->selectPayloadEntry(entry);
    return true;
}

void InspectWorkspace::pickNextToken(int step)
{
    const qsizetype count = m_analysis.candidates.size();
    if (count < 2)
        return;
    selectToken(int((m_analysis.index + step + count) % count));
}

bool InspectWorkspace::isAnalysing() const
{
    return m_watcher.isRunning() && m_watchedGeneration == m_analysisGeneration;
}

void InspectWorkspace::startAnalysis(const QString &text, int index)
{
    const quint64 generation = ++m_analysisGeneration;
    const qint64 now = nowSeconds();
    if (text.size() <= synchronousLimit) {
        // A running background analysis of older input is now stale: it is ignored when it finishes.
        if (m_busyLabel->isVisible()) {
            m_busyLabel->hide();
            emit busyChanged(false);
        }
        showAnalysis(TokenAnalyzer::analyze(text, index, now, m_bundleView->options()), Pacing::AllAtOnce);
        return;
    }
    m_busyLabel->show();
    emit busyChanged(true);
    // The worker gets its own copy of the text and touches nothing else: results come back through the watcher.
    m_watchedGeneration = generation;
    m_watcher.setFuture(QtConcurrent::run([text, index, now, options = m_bundleView->options()] {
        return TokenAnalyzer::analyze(text, index, now, options);
    }));
}

void InspectWorkspace::onAnalysisFinished()
{
    if (m_watchedGeneration != m_analysisGeneration)
        return; // the input changed while this one was being analysed
    m_busyLabel->hide();
    emit busyChanged(false);
    QFuture<TokenAnalysis> future = m_watcher.future();
    // Taken, not copied: a megabyte token's JSON tree has tens of thousands of nodes.
    if (future.isValid() && future.resultCount() > 0)
        showAnalysis(future.takeResult(), Pacing::Spread);
}

// ---- showing an analysis ----

void InspectWorkspace::showAnalysis(TokenAnalysis analysis, Pacing pacing)
{
    m_analysis = std::move(analysis);
    m_verification.reset();
    const quint64 generation = ++m_showGeneration;
    showTokenPart();
    if (pacing == Pacing::AllAtOnce) {
        showDecodedPart();
        showVerificationPart();
        return;
    }
    // A large token: lay out the token, then the panes, then hand it to the signature panel, each in its own
    // turn of the event loop so that input and paint events get through between them.
    QTimer::singleShot(0, this, [this, generation] {
        if (generation != m_showGeneration)
            return;
        showDecodedPart();
        QTimer::singleShot(0, this, [this, generation] {
            if (generation == m_showGeneration)
                showVerificationPart();
        });
    });
}

void InspectWorkspace::showTokenPart()
{
    const DecodedToken *token = m_analysis.token();

    // Picker for several tokens.
    {
        const QSignalBlocker blocker(m_tokenPicker);
        m_tokenPicker->clear();
        for (int i = 0; i < m_analysis.candidates.size(); ++i) {
            const ExtractedToken &candidate = m_analysis.candidates[i];
            QString label = tr("%1. %2").arg(i + 1).arg(elidedToken(candidate.token));
            if (!candidate.context.isEmpty())
                label += QStringLiteral(" (%1)").arg(candidate.context);
            m_tokenPicker->addItem(label);
        }
        m_tokenPicker->setCurrentIndex(m_analysis.index);
    }
    const bool several = m_analysis.candidates.size() > 1;
    m_pickerLabel->setText(tr("%n tokens in the input:", "", int(m_analysis.candidates.size())));
    m_pickerLabel->setVisible(several);
    m_tokenPicker->setVisible(several);
    m_nextTokenAction->setEnabled(several);
    m_previousTokenAction->setEnabled(several);

    // The token text, coloured, with a decode error marked in place.
    if (m_analysis.index >= 0) {
        m_tokenView->setToken(m_analysis.candidates[m_analysis.index].token);
        if (!token && m_analysis.decoded)
            m_tokenView->setErrorOffset(m_analysis.decoded->error.offset);
    } else {
        m_tokenView->clearToken();
    }

    // What went wrong, in words, pointing at the part and the character.
    if (m_analysis.index < 0) {
        if (inputText().trimmed().isEmpty())
            showMessage(QString(), false);
        else
            showMessage(tr("No token found. Tokenscope looks for three (JWS) or five (JWE) base64url parts "
                           "separated by dots, e.g. eyJhbGciOi…"),
                        true);
    } else if (!token && m_analysis.decoded) {
        const DecodeError &error = m_analysis.decoded->error;
        showMessage(tr("Cannot decode this token: %1").arg(error.message), true);
    } else if (m_tokenView->isTruncated()) {
        showMessage(tr("This token has %1 characters; the first %2 are shown. Header, payload and findings cover "
                       "all of it.")
                        .arg(QLocale().toString(m_analysis.candidates[m_analysis.index].token.size()),
                             QLocale().toString(TokenView::maxDisplayCharacters)),
                    false);
    } else {
        showMessage(QString(), false);
    }

    const bool hasToken = token != nullptr;
    m_copyTokenAction->setEnabled(m_analysis.index >= 0);
    m_copyHeaderAction->setEnabled(hasToken);
    m_shareActions->setToken(token,
                             m_analysis.index >= 0 ? m_analysis.candidates[m_analysis.index].token : QByteArray());
    m_copyPayloadAction->setEnabled(hasToken && token->hasSegment(SegmentRole::Payload)
                                    && token->kind != TokenKind::Jwe);
    updateSummary();
}

void InspectWorkspace::showDecodedPart()
{
    const DecodedToken *token = m_analysis.token();
    const qint64 now = nowSeconds();
    if (token) {
        m_headerView->setJson(m_analysis.header);
        if (token->payload)
            m_payloadView->setJson(m_analysis.payload);
        else
            m_payloadView->setMessage(m_analysis.payloadMessage);
        m_claimsModel->setPayload(m_analysis.payload);
        m_validityBar->setTimes(numericClaim(token, u"iat"), numericClaim(token, u"nbf"), numericClaim(token, u"exp"));
        m_payloadView->setNowSeconds(now);
        m_claimsModel->setNowSeconds(now);
    } else {
        m_headerView->setMessage(
            m_analysis.index >= 0 ? tr("Not decoded: the Encoded pane marks where the token is broken.") : QString());
        m_payloadView->setMessage(QString());
        m_claimsModel->setPayload(PrettyJson {});
        m_validityBar->clearTimes();
    }
    m_validityBar->setEnabled(token != nullptr);
    m_disclosuresView->setAnalysis(token ? m_analysis.sdJwt : std::nullopt);
    const bool sdJwt = token && m_analysis.sdJwt;
    if (sdJwt && m_disclosuresPane->isHidden()) {
        // Appearing, the Disclosures take over half of the column: their rows and the key binding need the room, and
        // an SD-JWT's header is a few short lines.
        m_disclosuresPane->show();
        QList<int> sizes = m_rightSplitter->sizes();
        // Before the first layout the splitter knows no heights yet; it scales these to its own on laying out.
        const int total = std::max(sizes[0] + sizes[1] + sizes[2], 760);
        sizes[0] = std::min(sizes[0] > 0 ? sizes[0] : total, total * 16 / 100);
        sizes[1] = (total - sizes[0]) * 45 / 100;
        sizes[2] = total - sizes[0] - sizes[1];
        m_rightSplitter->setSizes(sizes);
    }
    m_disclosuresPane->setVisible(sdJwt);
    if (m_analysis.bundle && m_bundlePane->isHidden()) {
        // Appearing, the bundle takes a third of the height below the found tokens: its checks are the verdict.
        m_bundlePane->show();
        QList<int> sizes = m_foundSplitter->sizes();
        const int room = std::max(sizes[1] + sizes[2], 600);
        sizes[2] = room * 36 / 100;
        sizes[1] = room - sizes[2];
        m_foundSplitter->setSizes(sizes);
    }
    m_bundlePane->setVisible(m_analysis.bundle.has_value());
    m_lastTimeState = timeState(m_analysis, now, m_leewaySeconds);
    refreshFindings();
    refreshTimes(false);
}

void InspectWorkspace::showVerificationPart()
{
    m_verifyPanel->setToken(m_analysis.token(),
                            m_analysis.index >= 0 ? m_analysis.candidates[m_analysis.index].dropped : QString(),
                            m_analysis.sdJwt ? &m_analysis.sdJwt->sdJwt : nullptr);
    m_verifyPanel->setNowSeconds(nowSeconds());
    emit analysisShown();
}

void InspectWorkspace::updateSummary()
{
    const DecodedToken *token = m_analysis.token();
    if (!token) {
        m_summaryLabel->setText(m_analysis.index >= 0 ? tr("Not decodable") : tr("No token"));
        m_verdictLabel->clear();
        return;
    }
    QStringList parts {m_analysis.sdJwt ? SdJwtAnalyzer::kindName(*m_analysis.sdJwt) : tokenKindName(token->kind)};
    const QString alg = token->algorithm();
    if (!alg.isEmpty())
        parts << alg;
    const QString kid = token->keyId();
    if (!kid.isEmpty())
        parts << tr("kid %1").arg(kid);
    m_summaryLabel->setText(parts.join(u"  ·  "_s));

    const Theme::Colors colors = Theme::colors(palette());
    if (!m_verification) {
        m_verdictLabel->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                                    .arg(colors.annotation.name(), tr("signature not checked").toHtmlEscaped()));
        m_verdictLabel->setToolTip(tr("Choose a key source in the Signature pane to verify the token"));
        return;
    }
    const VerificationResult &result = *m_verification;
    QString text;
    if (result.reason == VerificationReason::KeyNotFound && result.attempts.isEmpty() && !result.verifiedBy) {
        // No key source yet: not a failure of the token, so not shown as one.
        m_verdictLabel->setText(
            QStringLiteral("<span style=\"color:%1\">%2</span>")
                .arg(colors.annotation.name(), tr("signature not checked: choose a key source").toHtmlEscaped()));
        m_verdictLabel->setToolTip(result.message);
        return;
    }
    if (result.isValid()) {
        QString key;
        if (result.verifiedBy) {
            key = result.verifiedBy->kid().isEmpty() ? result.verifiedBy->source() : result.verifiedBy->kid();
        }
        text = key.isEmpty() ? tr("✔ signature valid") : tr("✔ signature valid (key %1)").arg(key);
        m_verdictLabel->setText(
            QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>").arg(colors.valid.name(), text.toHtmlEscaped()));
    } else {
        text = tr("✖ %1: %2").arg(reasonName(result.reason), result.message);
        m_verdictLabel->setText(
            QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>").arg(colors.high.name(), text.toHtmlEscaped()));
    }
    m_verdictLabel->setToolTip(result.message);
}

void InspectWorkspace::onVerified(const VerificationResult &result)
{
    m_verification = result;
    updateSummary();
    refreshFindings();
}

void InspectWorkspace::refreshFindings()
{
    // The token's own findings plus what verification found (e.g. a weak secret), without repeats.
    Findings findings = m_analysis.findings;
    if (m_verification) {
        for (const Finding &finding : m_verification->findings) {
            const bool known = std::any_of(findings.cbegin(), findings.cend(), [&](const Finding &other) {
                return other.id == finding.id && other.span == finding.span;
            });
            if (!known)
                findings.append(finding);
        }
    }
    m_selectionLinker->withoutLinking([&] { m_findingsModel->setFindings(findings); });
    m_bundleView->setAnalysis(m_analysis); // a bundle's failed checks are among the findings: both show one judgement
    m_findingsTitle->setText(findings.isEmpty() ? tr("Findings") : tr("Findings (%1)").arg(findings.size()));
    m_shareActions->setFindings(findings); // a shared report lists what the Findings pane lists
}

// ---- time ----

qint64 InspectWorkspace::nowSeconds() const
{
    return m_nowOverride.value_or(m_clock->nowSeconds());
}

void InspectWorkspace::tick()
{
    refreshTimes(false);
}

void InspectWorkspace::refreshTimes(bool force)
{
    const qint64 now = nowSeconds();
    if (!m_nowOverride) {
        // The moment to travel from: the editor follows the clock until time travel is switched on.
        const QSignalBlocker blocker(m_nowEdit);
        m_nowEdit->setDateTime(QDateTime::fromSecsSinceEpoch(now, Qt::UTC));
    }
    m_validityBar->setNowSeconds(now);
    m_validityBar->setLeewaySeconds(m_leewaySeconds);
    m_headerView->setNowSeconds(now);
    m_payloadView->setNowSeconds(now);
    m_claimsModel->setNowSeconds(now);
    m_foundTokensPanel->setNowSeconds(now);
    m_shareActions->setNowSeconds(now);

    const Theme::Colors colors = Theme::colors(palette());
    QColor color = palette().color(QPalette::WindowText);
    switch (m_validityBar->state()) {
    case ValidityBar::State::Valid:
        color = colors.valid;
        break;
    case ValidityBar::State::ValidWithinLeeway:
    case ValidityBar::State::NotYetValid:
    case ValidityBar::State::NoExpiry:
        color = colors.warning;
        break;
    case ValidityBar::State::Expired:
        color = colors.high;
        break;
    case ValidityBar::State::NoToken:
        break;
    }
    QString status = m_validityBar->statusText();
    if (m_nowOverride && !status.isEmpty())
        status = tr("%1 (time travel)").arg(status);
    m_countdownLabel->setText(status);
    QPalette countdownPalette = m_countdownLabel->palette();
    countdownPalette.setColor(QPalette::WindowText, color);
    m_countdownLabel->setPalette(countdownPalette);

    // Findings (expired, not yet valid, issued in the future) and the verdict only change at a boundary.
    const DecodedToken *token = m_analysis.token();
    const int state = timeState(m_analysis, now, m_leewaySeconds);
    if (force || state != m_lastTimeState) {
        if (state != m_lastTimeState && token) {
            TokenAnalyzer::updateFindings(m_analysis, now);
            m_disclosuresView->setAnalysis(m_analysis.sdJwt);
            refreshFindings();
        }
        m_lastTimeState = state;
        m_verifyPanel->setNowSeconds(now);
    }
}

void InspectWorkspace::setNowOverride(std::optional<qint64> seconds)
{
    if (m_nowOverride == seconds)
        return;
    m_nowOverride = seconds;
    {
        const QSignalBlocker checkBlocker(m_timeTravelCheckBox);
        const QSignalBlocker editBlocker(m_nowEdit);
        m_timeTravelCheckBox->setChecked(seconds.has_value());
        m_timeTravelAction->setChecked(seconds.has_value());
        m_nowEdit->setEnabled(seconds.has_value());
        if (seconds)
            m_nowEdit->setDateTime(QDateTime::fromSecsSinceEpoch(*seconds, Qt::UTC));
    }
    const qint64 now = nowSeconds();
    if (m_analysis.token()) {
        TokenAnalyzer::updateFindings(m_analysis, now);
        refreshFindings();
    }
    m_lastTimeState = timeState(m_analysis, now, m_leewaySeconds);
    refreshTimes(true);
}

void InspectWorkspace::onTimeTravelToggled(bool enabled)
{
    if (enabled) {
        // Start from the current moment, so the user travels from now rather than from an arbitrary date.
        const qint64 now = m_clock->nowSeconds();
        setNowOverride(now);
    } else {
        setNowOverride(std::nullopt);
    }
}

void InspectWorkspace::setLeewaySeconds(int seconds)
{
    seconds = std::clamp(seconds, 0, 24 * 3600);
    if (seconds == m_leewaySeconds && m_leewaySpinBox->value() == seconds)
        return;
    m_leewaySeconds = seconds;
    {
        const QSignalBlocker blocker(m_leewaySpinBox);
        m_leewaySpinBox->setValue(seconds);
    }
    m_verifyPanel->setLeewaySeconds(seconds);
    refreshTimes(true);
}

// ---- views ----

void InspectWorkspace::setClaimsTableShown(bool shown)
{
    m_payloadStack->setCurrentWidget(shown ? static_cast<QWidget *>(m_claimsTable) : m_payloadView);
    const QSignalBlocker blocker(m_tableAction);
    m_tableAction->setChecked(shown);
}

bool InspectWorkspace::isClaimsTableShown() const
{
    return m_payloadStack->currentWidget() == m_claimsTable;
}

void InspectWorkspace::showMessage(const QString &text, bool error)
{
    m_messageLabel->setText(text);
    m_messageLabel->setVisible(!text.isEmpty());
    const Theme::Colors colors = Theme::colors(palette());
    QPalette labelPalette = palette();
    labelPalette.setColor(QPalette::WindowText, error ? colors.errorForeground : colors.annotation);
    m_messageLabel->setPalette(labelPalette);
    m_messageLabel->setProperty("error", error);
}

void InspectWorkspace::copyToken()
{
    if (m_analysis.index < 0)
        return;
    Clipboard::copyText(QString::fromLatin1(m_analysis.candidates[m_analysis.index].token),
                        Clipboard::Sensitivity::Concealed);
}

void InspectWorkspace::copyHeader()
{
    if (const DecodedToken *token = m_analysis.token())
        Clipboard::copyText(QString::fromUtf8(Json::write(token->header)), Clipboard::Sensitivity::Public);
}

void InspectWorkspace::copyPayload()
{
    const DecodedToken *token = m_analysis.token();
    if (!token)
        return;
    // The decoded payload itself, never the display text (which may be shortened).
    if (token->payload)
        Clipboard::copyText(QString::fromUtf8(Json::write(*token->payload)), Clipboard::Sensitivity::Public);
    else if (token->hasSegment(SegmentRole::Payload) && token->kind != TokenKind::Jwe)
        Clipboard::copyText(QString::fromUtf8(token->segment(SegmentRole::Payload).bytes),
                            Clipboard::Sensitivity::Public);
}

} // namespace tokenscope
