#include "verify/VerdictView.h"

#include "common/Clipboard.h"
#include "common/Icons.h"
#include "common/ShortcutAction.h"
#include "common/Theme.h"
#include "verify/KeyAttemptsModel.h"
#include "verify/MessageLabel.h"
#include "verify/UntrustedHeaderKeys.h"

#include <QAction>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tokenscope {

VerdictView::VerdictView(QWidget *parent) : QWidget(parent)
{
    m_copyThumbprintAction = makeShortcutAction(
        this, tr("Copy Key &Thumbprint"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_K), &VerdictView::copyThumbprint);
    m_copyThumbprintAction->setIcon(Icons::icon(u"copy"_s, palette()));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    // The verdict: a tinted band (semantic valid/invalid colours from the theme) with an icon and the message.
    m_verdictFrame = new QFrame(this);
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
    m_keyBox = new QWidget(this);
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
    m_diagnosticsBox = new QWidget(this);
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
    // A candidate key was rejected against what the token asks for: picking it lights up the token's kid (or alg).
    connect(m_diagnosticsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        if (m_keySelectorSpan)
            emit highlightRequested(*m_keySelectorSpan);
    });
    m_skippedLabel = makeMessageLabel(m_diagnosticsBox);
    m_skippedLabel->setObjectName(u"skippedKeysLabel"_s);
    diagnosticsLayout->addWidget(diagnosticsTitle);
    diagnosticsLayout->addWidget(m_diagnosticsView);
    diagnosticsLayout->addWidget(m_skippedLabel);
    layout->addWidget(m_diagnosticsBox);

    // Keys the token names for itself.
    m_untrustedBox = new QWidget(this);
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
    connect(m_untrustedList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_untrustedSpans.size())
            emit highlightRequested(m_untrustedSpans.at(row));
    });
    untrustedLayout->addWidget(untrustedTitle);
    untrustedLayout->addWidget(m_untrustedList);
    layout->addWidget(m_untrustedBox);
}

void VerdictView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange || !m_verdictFrame || m_inPaletteChange)
        return;
    m_inPaletteChange = true; // the update below sets child palettes, which must not recurse into here
    refresh();
    m_inPaletteChange = false;
}

void VerdictView::setToken(const DecodedToken *token)
{
    m_keySelectorSpan.reset();
    if (token && token->header.isObject()) {
        const JsonMember *member = token->header.member(u"kid");
        if (!member)
            member = token->header.member(u"alg");
        if (member) {
            const Span decoded {member->nameSpan.start, member->value.span.end() - member->nameSpan.start};
            m_keySelectorSpan = token->tokenSpan(SegmentRole::Header, decoded);
        }
    }
    showUntrustedKeys(token);
}

void VerdictView::showVerdict(Verdict verdict)
{
    m_verdict = std::move(verdict);
    refresh();
}

void VerdictView::refresh()
{
    const Theme::Colors colors = Theme::colors(palette());
    QPalette framePalette = palette();
    if (!m_verdict.result) {
        m_verdictLabel->setText(tr("No token to verify."));
        m_reasonLabel->clear();
        m_verdictIconLabel->clear();
        m_verdictFrame->setPalette(framePalette);
        m_keyBox->hide();
        m_diagnosticsBox->hide();
        m_copyThumbprintAction->setEnabled(false);
        return;
    }
    const VerificationResult &result = *m_verdict.result;
    const std::optional<DecryptionResult> &decryption = m_verdict.decryption;
    const bool valid = result.isValid();
    // With no key at all nothing was judged yet: a neutral prompt, not a red verdict (a structural failure such as
    // alg none or a malformed token is still shown as the failure it is).
    // Decrypted content that is not a token has no signature: neutral too.
    const bool plainContent = decryption && decryption->isValid() && !m_verdict.verifiedNested;
    if (plainContent
        || (!valid && !m_verdict.hasKeys && m_verdict.skippedKeys.isEmpty()
            && (result.reason == VerificationReason::KeyNotFound
                || result.reason == VerificationReason::KeyMismatch))) {
        m_verdictLabel->setText(
            plainContent ? tr("Decrypted: the content is not a signed token, so there is no "
                              "signature to check.")
                : m_verdict.verifiedNested
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
    if (decryption && !decryption->isValid()) {
        // The same words for every failure that depends on the key (RFC 7516 §11.5: no padding oracle).
        text = tr("Not decrypted: %1").arg(decryption->message);
        reason = decryptionReasonName(decryption->reason);
    } else if (m_verdict.verifiedNested) {
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

    const QStringList &skipped = m_verdict.skippedKeys;
    m_attemptsModel->setAttempts(valid ? QList<KeyAttempt> {} : result.attempts);
    const bool showDiagnostics = !valid && (!result.attempts.isEmpty() || !skipped.isEmpty());
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
        skipped.isEmpty() ? QString() : tr("Keys of the source that cannot be used: %1").arg(skipped.join(u"; ")));
    m_skippedLabel->setVisible(!skipped.isEmpty());
}

void VerdictView::showUntrustedKeys(const DecodedToken *token)
{
    m_untrustedList->clear();
    m_untrustedSpans.clear();
    const QList<UntrustedHeaderKey> keys = token ? UntrustedHeaderKeys::find(*token) : QList<UntrustedHeaderKey> {};
    const QIcon warning = Icons::severity(Finding::Severity::Warning);
    for (const UntrustedHeaderKey &key : keys) {
        auto *item = new QListWidgetItem(
            warning, tr("%1 (untrusted, not used): %2").arg(key.parameter, key.description), m_untrustedList);
        item->setToolTip(tr("Select to highlight the \"%1\" header member in the token").arg(key.parameter));
        m_untrustedSpans << key.characters;
    }
    m_untrustedBox->setVisible(!keys.isEmpty());
}

void VerdictView::copyThumbprint()
{
    if (m_verdict.result && m_verdict.result->verifiedBy)
        Clipboard::copyText(m_verdict.result->verifiedBy->thumbprint(), Clipboard::Sensitivity::Public);
}

} // namespace tokenscope
