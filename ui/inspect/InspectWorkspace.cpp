#include "inspect/InspectWorkspace.h"

#include "common/Clipboard.h"
#include "common/MessageBanner.h"
#include "common/Settings.h"
#include "common/Theme.h"
#include "inspect/BundleView.h"
#include "inspect/ClaimsTableModel.h"
#include "inspect/DisclosuresView.h"
#include "inspect/FindingsModel.h"
#include "inspect/FoundTokensPanel.h"
#include "inspect/InspectInputLoader.h"
#include "inspect/JsonView.h"
#include "inspect/SelectionLinker.h"
#include "inspect/TokenAnalysisRunner.h"
#include "inspect/TokenInput.h"
#include "inspect/TokenShareActions.h"
#include "inspect/TokenView.h"
#include "inspect/ValidityBar.h"
#include "verify/VerifyPanel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

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
    : QWidget(parent), m_settings(settings), m_clock(clock ? clock : &SystemClock::instance()),
      m_verifyPanel(new VerifyPanel(network, settings, this)), m_actions(this),
      m_shareActions(new TokenShareActions(this)), m_panes(this, m_actions, m_shareActions, m_verifyPanel),
      m_runner(new TokenAnalysisRunner(this)),
      m_loader(new InspectInputLoader(
          m_panes.input, m_panes.foundTokensPanel, [this] { return nowSeconds(); }, this))
{
    setAccessibleName(tr("Inspect workspace"));
    setAcceptDrops(true);
    connectActions();
    restoreSettings();
    updateIcons();

    // The panes' own signals that are about something else than the analysis shown: input, files, messages.
    const auto showReported = [this](const QString &text, MessageKind kind) {
        m_panes.messageBanner->showMessage(text, kind);
    };
    connect(m_shareActions, &TokenShareActions::message, this, showReported);
    connect(m_panes.foundTokensPanel, &FoundTokensPanel::message, this, showReported);
    connect(m_panes.bundleView, &BundleView::message, this, showReported);
    connect(m_runner, &TokenAnalysisRunner::finished, this, [this] {
        if (std::optional<TokenAnalysis> analysis = m_runner->takeResult())
            showAnalysis(std::move(*analysis), Pacing::Spread);
    });
    connect(m_runner, &TokenAnalysisRunner::busyChanged, this, [this](bool busy) {
        m_panes.busyLabel->setVisible(busy);
        emit busyChanged(busy);
    });
    connect(m_loader, &InspectInputLoader::inputChanged, this, [this](const QString &text) { startAnalysis(text, 0); });
    connect(m_loader, &InspectInputLoader::message, m_panes.messageBanner, &MessageBanner::showMessage);
    connect(m_panes.foundTokensPanel, &FoundTokensPanel::busyChanged, this, &InspectWorkspace::busyChanged);
    connect(m_panes.tokenPicker, &QComboBox::activated, this, &InspectWorkspace::selectToken);
    connect(m_panes.bundleView, &BundleView::tokenActivated, this,
            [this](const QByteArray &token) { selectToken(m_analysis.candidateIndex(token)); });
    connect(m_panes.bundleView, &BundleView::optionsChanged, this, [this] {
        TokenAnalyzer::setBundleOptions(m_analysis, m_panes.bundleView->options());
        refreshFindings();
    });
    m_selectionLinker = new SelectionLinker({m_panes.tokenView, m_panes.headerView, m_panes.payloadView,
                                             m_panes.claimsTable, m_panes.claimsModel, m_panes.disclosuresView,
                                             m_panes.findingsView, m_panes.findingsModel},
                                            m_analysis, this);
    connect(m_panes.timeTravelCheckBox, &QCheckBox::toggled, this, &InspectWorkspace::onTimeTravelToggled);
    connect(m_panes.nowEdit, &QDateTimeEdit::dateTimeChanged, this, [this](const QDateTime &when) {
        if (m_panes.timeTravelCheckBox->isChecked())
            setNowOverride(when.toSecsSinceEpoch());
    });
    connect(m_panes.leewaySpinBox, &QSpinBox::valueChanged, this, &InspectWorkspace::setLeewaySeconds);
    connect(m_verifyPanel, &VerifyPanel::verified, this, &InspectWorkspace::onVerified);
    connect(m_verifyPanel, &VerifyPanel::highlightRequested, this, [this](Span characters) {
        m_panes.tokenView->setLinkedSpan(characters);
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

InspectWorkspace::~InspectWorkspace() = default;

// ---- actions and settings ----

void InspectWorkspace::connectActions()
{
    const auto on = [this](QAction *action, auto slot) {
        connect(action, &QAction::triggered, this, slot);
    };
    on(m_actions.open, [this] { m_loader->chooseFile(); });
    on(m_actions.paste, [this] { m_loader->pasteFromClipboard(); });
    on(m_actions.clear, [this] { m_loader->clear(); });
    on(m_actions.copyToken, &InspectWorkspace::copyToken);
    on(m_actions.copyHeader, &InspectWorkspace::copyHeader);
    on(m_actions.copyPayload, &InspectWorkspace::copyPayload);
    on(m_actions.focusInput, [this] {
        m_panes.input->setFocus(Qt::ShortcutFocusReason);
        m_panes.input->selectAll();
    });
    on(m_actions.nextToken, [this] { pickNextToken(1); });
    on(m_actions.previousToken, [this] { pickNextToken(-1); });
    on(m_actions.claimsTable, [this](bool checked) { setClaimsTableShown(checked); });
    on(m_actions.timeTravel, [this](bool checked) { m_panes.timeTravelCheckBox->setChecked(checked); });
    on(m_actions.focusFindings, [this] { m_panes.findingsView->setFocus(Qt::ShortcutFocusReason); });
}

void InspectWorkspace::restoreSettings()
{
    if (!m_settings)
        return;
    m_panes.restoreSizes(*m_settings);
    m_leewaySeconds = m_settings->leewaySeconds();
    const QSignalBlocker blocker(m_panes.leewaySpinBox);
    m_panes.leewaySpinBox->setValue(m_leewaySeconds);
    setClaimsTableShown(m_settings->claimsTableShown());
}

void InspectWorkspace::saveSettings()
{
    if (!m_settings)
        return;
    m_panes.saveSizes(*m_settings);
    m_settings->setLeewaySeconds(m_leewaySeconds);
    m_settings->setClaimsTableShown(isClaimsTableShown());
}

void InspectWorkspace::updateIcons()
{
    m_actions.updateIcons(palette());
    m_shareActions->updateIcons(palette());
}

void InspectWorkspace::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        updateIcons();
        refreshTimes(Rejudge::Now);
        updateSummary();
    }
}

void InspectWorkspace::dragEnterEvent(QDragEnterEvent *event)
{
    if (InspectInputLoader::canDrop(event->mimeData()))
        event->acceptProposedAction();
}

void InspectWorkspace::dropEvent(QDropEvent *event)
{
    m_loader->drop(event->mimeData());
    event->acceptProposedAction();
}

QList<QAction *> InspectWorkspace::fileActions() const
{
    return {m_actions.open, m_actions.paste, m_actions.clear, m_shareActions->exportAction()};
}

QList<QAction *> InspectWorkspace::editActions() const
{
    return {m_actions.copyToken, m_actions.copyHeader, m_actions.copyPayload, m_shareActions->copyMarkdownAction(),
            m_shareActions->compareAction()};
}

QList<QAction *> InspectWorkspace::viewActions() const
{
    return QList<QAction *> {m_actions.focusInput, m_actions.focusFindings, m_actions.previousToken,
                             m_actions.nextToken,  m_actions.claimsTable,   m_actions.timeTravel}
    + m_panes.foundTokensPanel->panelActions();
}

QList<QAction *> InspectWorkspace::verifyActions() const
{
    return m_verifyPanel->actions();
}

// ---- input ----

void InspectWorkspace::setInputText(const QString &text)
{
    m_loader->setText(text);
}

QString InspectWorkspace::inputText() const
{
    return m_loader->text();
}

bool InspectWorkspace::openFile(const QString &path)
{
    return m_loader->openFile(path);
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
    return m_runner->isBusy();
}

void InspectWorkspace::startAnalysis(const QString &text, int index)
{
    if (std::optional<TokenAnalysis> analysis
        = m_runner->analyse(text, index, nowSeconds(), m_panes.bundleView->options()))
        showAnalysis(std::move(*analysis), Pacing::AllAtOnce);
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
        const QSignalBlocker blocker(m_panes.tokenPicker);
        m_panes.tokenPicker->clear();
        for (int i = 0; i < m_analysis.candidates.size(); ++i) {
            const ExtractedToken &candidate = m_analysis.candidates[i];
            QString label = tr("%1. %2").arg(i + 1).arg(elidedToken(candidate.token));
            if (!candidate.context.isEmpty())
                label += QStringLiteral(" (%1)").arg(candidate.context);
            m_panes.tokenPicker->addItem(label);
        }
        m_panes.tokenPicker->setCurrentIndex(m_analysis.index);
    }
    const bool several = m_analysis.candidates.size() > 1;
    m_panes.pickerLabel->setText(tr("%n tokens in the input:", "", int(m_analysis.candidates.size())));
    m_panes.pickerLabel->setVisible(several);
    m_panes.tokenPicker->setVisible(several);
    m_actions.nextToken->setEnabled(several);
    m_actions.previousToken->setEnabled(several);

    // The token text, coloured, with a decode error marked in place.
    if (m_analysis.index >= 0) {
        m_panes.tokenView->setToken(m_analysis.candidates[m_analysis.index].token);
        if (!token && m_analysis.decoded)
            m_panes.tokenView->setErrorOffset(m_analysis.decoded->error.offset);
    } else {
        m_panes.tokenView->clearToken();
    }

    // What went wrong, in words, pointing at the part and the character.
    if (m_analysis.index < 0) {
        if (inputText().trimmed().isEmpty())
            m_panes.messageBanner->clearMessage();
        else
            m_panes.messageBanner->showMessage(
                tr("No token found. Tokenscope looks for three (JWS) or five (JWE) base64url parts "
                   "separated by dots, e.g. eyJhbGciOi…"),
                MessageKind::Warning);
    } else if (!token && m_analysis.decoded) {
        const DecodeError &error = m_analysis.decoded->error;
        m_panes.messageBanner->showMessage(tr("Cannot decode this token: %1").arg(error.message), MessageKind::Error);
    } else if (m_panes.tokenView->isTruncated()) {
        m_panes.messageBanner->showMessage(
            tr("This token has %1 characters; the first %2 are shown. Header, payload and findings cover all of it.")
                .arg(QLocale().toString(m_analysis.candidates[m_analysis.index].token.size()),
                     QLocale().toString(TokenView::maxDisplayCharacters)),
            MessageKind::Info);
    } else {
        m_panes.messageBanner->clearMessage();
    }

    const bool hasToken = token != nullptr;
    m_actions.copyToken->setEnabled(m_analysis.index >= 0);
    m_actions.copyHeader->setEnabled(hasToken);
    m_shareActions->setToken(token,
                             m_analysis.index >= 0 ? m_analysis.candidates[m_analysis.index].token : QByteArray());
    m_actions.copyPayload->setEnabled(hasToken && token->hasSegment(SegmentRole::Payload)
                                      && token->kind != TokenKind::Jwe);
    updateSummary();
}

void InspectWorkspace::showDecodedPart()
{
    const DecodedToken *token = m_analysis.token();
    const qint64 now = nowSeconds();
    if (token) {
        m_panes.headerView->setJson(m_analysis.header);
        if (token->payload)
            m_panes.payloadView->setJson(m_analysis.payload);
        else
            m_panes.payloadView->setMessage(m_analysis.payloadMessage);
        m_panes.claimsModel->setPayload(m_analysis.payload);
        m_panes.validityBar->setTimes(numericClaim(token, u"iat"), numericClaim(token, u"nbf"),
                                      numericClaim(token, u"exp"));
        m_panes.payloadView->setNowSeconds(now);
        m_panes.claimsModel->setNowSeconds(now);
    } else {
        m_panes.headerView->setMessage(
            m_analysis.index >= 0 ? tr("Not decoded: the Encoded pane marks where the token is broken.") : QString());
        m_panes.payloadView->setMessage(QString());
        m_panes.claimsModel->setPayload(PrettyJson {});
        m_panes.validityBar->clearTimes();
    }
    m_panes.validityBar->setEnabled(token != nullptr);
    m_panes.disclosuresView->setAnalysis(token ? m_analysis.sdJwt : std::nullopt);
    m_panes.setDisclosuresShown(token && m_analysis.sdJwt);
    m_panes.setBundleShown(m_analysis.bundle.has_value());
    m_lastTimeState = timeState(m_analysis, now, m_leewaySeconds);
    refreshFindings();
    refreshTimes(Rejudge::AtBoundary);
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
        m_panes.summaryLabel->setText(m_analysis.index >= 0 ? tr("Not decodable") : tr("No token"));
        m_panes.verdictLabel->clear();
        return;
    }
    QStringList parts {m_analysis.sdJwt ? SdJwtAnalyzer::kindName(*m_analysis.sdJwt) : tokenKindName(token->kind)};
    const QString alg = token->algorithm();
    if (!alg.isEmpty())
        parts << alg;
    const QString kid = token->keyId();
    if (!kid.isEmpty())
        parts << tr("kid %1").arg(kid);
    m_panes.summaryLabel->setText(parts.join(u"  ·  "_s));

    const Theme::Colors colors = Theme::colors(palette());
    if (!m_verification) {
        m_panes.verdictLabel->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                                          .arg(colors.annotation.name(), tr("signature not checked").toHtmlEscaped()));
        m_panes.verdictLabel->setToolTip(tr("Choose a key source in the Signature pane to verify the token"));
        return;
    }
    const VerificationResult &result = *m_verification;
    QString text;
    if (result.reason == VerificationReason::KeyNotFound && result.attempts.isEmpty() && !result.verifiedBy) {
        // No key source yet: not a failure of the token, so not shown as one.
        m_panes.verdictLabel->setText(
            QStringLiteral("<span style=\"color:%1\">%2</span>")
                .arg(colors.annotation.name(), tr("signature not checked: choose a key source").toHtmlEscaped()));
        m_panes.verdictLabel->setToolTip(result.message);
        return;
    }
    if (result.isValid()) {
        QString key;
        if (result.verifiedBy) {
            key = result.verifiedBy->kid().isEmpty() ? result.verifiedBy->source() : result.verifiedBy->kid();
        }
        text = key.isEmpty() ? tr("✔ signature valid") : tr("✔ signature valid (key %1)").arg(key);
        m_panes.verdictLabel->setText(
            QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>").arg(colors.valid.name(), text.toHtmlEscaped()));
    } else {
        text = tr("✖ %1: %2").arg(reasonName(result.reason), result.message);
        m_panes.verdictLabel->setText(
            QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>").arg(colors.high.name(), text.toHtmlEscaped()));
    }
    m_panes.verdictLabel->setToolTip(result.message);
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
    m_selectionLinker->withoutLinking([&] { m_panes.findingsModel->setFindings(findings); });
    m_panes.bundleView->setAnalysis(
        m_analysis); // a bundle's failed checks are among the findings: both show one judgement
    m_panes.findingsTitle->setText(findings.isEmpty() ? tr("Findings") : tr("Findings (%1)").arg(findings.size()));
    m_shareActions->setFindings(findings); // a shared report lists what the Findings pane lists
}

// ---- time ----

qint64 InspectWorkspace::nowSeconds() const
{
    return m_nowOverride.value_or(m_clock->nowSeconds());
}

void InspectWorkspace::tick()
{
    refreshTimes(Rejudge::AtBoundary);
}

void InspectWorkspace::refreshTimes(Rejudge rejudge)
{
    const qint64 now = nowSeconds();
    if (!m_nowOverride) {
        // The moment to travel from: the editor follows the clock until time travel is switched on.
        const QSignalBlocker blocker(m_panes.nowEdit);
        m_panes.nowEdit->setDateTime(QDateTime::fromSecsSinceEpoch(now, Qt::UTC));
    }
    m_panes.validityBar->setNowSeconds(now);
    m_panes.validityBar->setLeewaySeconds(m_leewaySeconds);
    m_panes.headerView->setNowSeconds(now);
    m_panes.payloadView->setNowSeconds(now);
    m_panes.claimsModel->setNowSeconds(now);
    m_panes.foundTokensPanel->setNowSeconds(now);
    m_shareActions->setNowSeconds(now);

    const Theme::Colors colors = Theme::colors(palette());
    QColor color = palette().color(QPalette::WindowText);
    switch (m_panes.validityBar->state()) {
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
    QString status = m_panes.validityBar->statusText();
    if (m_nowOverride && !status.isEmpty())
        status = tr("%1 (time travel)").arg(status);
    m_panes.countdownLabel->setText(status);
    QPalette countdownPalette = m_panes.countdownLabel->palette();
    countdownPalette.setColor(QPalette::WindowText, color);
    m_panes.countdownLabel->setPalette(countdownPalette);

    // Findings (expired, not yet valid, issued in the future) and the verdict only change at a boundary.
    const DecodedToken *token = m_analysis.token();
    const int state = timeState(m_analysis, now, m_leewaySeconds);
    if (rejudge == Rejudge::Now || state != m_lastTimeState) {
        if (state != m_lastTimeState && token) {
            TokenAnalyzer::updateFindings(m_analysis, now);
            m_panes.disclosuresView->setAnalysis(m_analysis.sdJwt);
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
        const QSignalBlocker checkBlocker(m_panes.timeTravelCheckBox);
        const QSignalBlocker editBlocker(m_panes.nowEdit);
        m_panes.timeTravelCheckBox->setChecked(seconds.has_value());
        m_actions.timeTravel->setChecked(seconds.has_value());
        m_panes.nowEdit->setEnabled(seconds.has_value());
        if (seconds)
            m_panes.nowEdit->setDateTime(QDateTime::fromSecsSinceEpoch(*seconds, Qt::UTC));
    }
    const qint64 now = nowSeconds();
    if (m_analysis.token()) {
        TokenAnalyzer::updateFindings(m_analysis, now);
        refreshFindings();
    }
    m_lastTimeState = timeState(m_analysis, now, m_leewaySeconds);
    refreshTimes(Rejudge::Now);
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
    if (seconds == m_leewaySeconds && m_panes.leewaySpinBox->value() == seconds)
        return;
    m_leewaySeconds = seconds;
    {
        const QSignalBlocker blocker(m_panes.leewaySpinBox);
        m_panes.leewaySpinBox->setValue(seconds);
    }
    m_verifyPanel->setLeewaySeconds(seconds);
    refreshTimes(Rejudge::Now);
}

// ---- views ----

void InspectWorkspace::setClaimsTableShown(bool shown)
{
    m_panes.setClaimsTableShown(shown);
    const QSignalBlocker blocker(m_actions.claimsTable);
    m_actions.claimsTable->setChecked(shown);
}

bool InspectWorkspace::isClaimsTableShown() const
{
    return m_panes.isClaimsTableShown();
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
