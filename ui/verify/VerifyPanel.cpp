#include "verify/VerifyPanel.h"

#include "common/Icons.h"
#include "common/Settings.h"
#include "common/ShortcutAction.h"
#include "verify/AttackFindings.h"
#include "verify/DecryptionBox.h"
#include "verify/PolicyBox.h"
#include "verify/ResignDialog.h"
#include "verify/SdJwtVerifier.h"
#include "verify/VerdictView.h"

#include <QAction>
#include <QHBoxLayout>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tokenscope {

VerifyPanel::VerifyPanel(QNetworkAccessManager *network, Settings *settings, QWidget *parent)
    : QWidget(parent), m_settings(settings), m_verifyClock(SystemClock::instance().nowSeconds())
{
    buildActions();
    buildLayout(network);
    restoreSettings();
    verify();
}

VerifyPanel::~VerifyPanel()
{
    // A running fetch ends with the key source; its report must not reach a half-destroyed panel (or the workspace).
    disconnect(m_keySource, nullptr, this, nullptr);
}

// ---- actions and layout ----

void VerifyPanel::buildActions()
{
    m_verifyAction = makeShortcutAction(this, tr("&Verify Again"), QKeySequence(Qt::Key_F5), [this] {
        m_keySource->reloadKeys();
        verify();
    });
    m_resignAction = makeShortcutAction(this, tr("&Edit and Re-sign…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                                        [this] { (void)openResignDialog(); });
    m_resignAction->setStatusTip(tr("Edit the header and payload and sign them with a key of your own"));
    const QPalette palette = this->palette();
    m_verifyAction->setIcon(Icons::icon(u"verify"_s, palette));
    m_resignAction->setIcon(Icons::icon(u"json"_s, palette));
}

QList<QAction *> VerifyPanel::actions() const
{
    QList<QAction *> actions {m_verifyAction};
    actions += m_keySource->menuActions();
    actions << m_verdictView->copyThumbprintAction() << m_resignAction;
    return actions;
}

void VerifyPanel::buildLayout(QNetworkAccessManager *network)
{
    setAccessibleName(tr("Signature verification"));
    auto *root = new QVBoxLayout(this);
    root->setContentsMargins(0, 0, 0, 0);
    m_verdictView = new VerdictView(this);
    root->addWidget(m_verdictView);
    // Above the key source: for a JWE the decryption key comes first, the signature key then checks the inside.
    m_decryptionBox = new DecryptionBox(this);
    m_decryptionBox->hide();
    root->addWidget(m_decryptionBox);
    m_keySource = new KeySourceBox(network, this);
    root->addWidget(m_keySource);
    m_policyBox = new PolicyBox(this);
    root->addWidget(m_policyBox);
    auto *resignButton = new QPushButton(m_resignAction->icon(), tr("Edit and Re-sign…"), this);
    resignButton->setObjectName(u"resignButton"_s);
    resignButton->setToolTip(m_resignAction->toolTip());
    connect(resignButton, &QPushButton::clicked, m_resignAction, &QAction::trigger);
    auto *resignRow = new QHBoxLayout;
    resignRow->addStretch();
    resignRow->addWidget(resignButton);
    root->addLayout(resignRow);
    root->addStretch();

    connect(m_verdictView, &VerdictView::highlightRequested, this, &VerifyPanel::highlightRequested);
    connect(m_decryptionBox, &DecryptionBox::keyChanged, this, &VerifyPanel::verify);
    connect(m_keySource, &KeySourceBox::keysChanged, this, &VerifyPanel::verify);
    connect(m_policyBox, &PolicyBox::policyChanged, this, &VerifyPanel::verify);
}

void VerifyPanel::restoreSettings()
{
    if (!m_settings)
        return;
    m_restoring = true;
    m_policyBox->restoreSettings(*m_settings);
    m_keySource->restoreSettings(*m_settings);
    m_restoring = false;
}

void VerifyPanel::saveSettings()
{
    if (!m_settings)
        return;
    m_policyBox->saveSettings(*m_settings);
    m_keySource->saveSettings(*m_settings);
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
    m_policyBox->setKeyBindingFieldsShown(m_sdJwt && m_sdJwt->keyBinding.has_value());
    m_droppedCharacters = droppedCharacters;
    // Prefill the issuer field from `iss` (fetching waits for the user), unless the user typed their own.
    QString iss;
    if (m_token && m_token->payload && m_token->payload->isObject()) {
        if (const JsonValue *value = m_token->payload->value(u"iss"); value && value->isString())
            iss = value->string;
    }
    m_keySource->setTokenIssuer(iss);
    m_decryptionBox->setVisible(m_token && m_token->kind == TokenKind::Jwe);
    m_verdictView->setToken(m_token ? &*m_token : nullptr);
    if (m_resignDialog && m_token && !m_resignDialog->isVisible())
        m_resignDialog->setToken(*m_token);
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
    m_keySource->setCacheClock(clock);
}

JwksCache *VerifyPanel::jwksCache() const
{
    return m_keySource->jwksCache();
}

// ---- programmatic equivalents ----

void VerifyPanel::setKeySourceKind(KeySourceKind kind)
{
    m_keySource->setKind(kind);
}

VerifyPanel::KeySourceKind VerifyPanel::keySourceKind() const
{
    return m_keySource->kind();
}

void VerifyPanel::setJwksUrl(const QString &url)
{
    m_keySource->setJwksUrl(url);
}

void VerifyPanel::setIssuerUrl(const QString &url)
{
    m_keySource->setIssuerUrl(url);
}

void VerifyPanel::setKeyText(const QString &jwkOrPem)
{
    m_keySource->setKeyText(jwkOrPem);
}

void VerifyPanel::setSecret(const QString &secret, SecretEncoding encoding)
{
    m_keySource->setSecret(secret, encoding);
}

void VerifyPanel::setAllowedAlgorithms(const QList<Algorithm> &algorithms)
{
    m_policyBox->setAllowedAlgorithms(algorithms);
}

void VerifyPanel::setExpectedIssuer(const QString &issuer)
{
    m_policyBox->setExpectedIssuer(issuer);
}

void VerifyPanel::setExpectedAudience(const QString &audience)
{
    m_policyBox->setExpectedAudience(audience);
}

void VerifyPanel::setCaBundlePath(const QString &path)
{
    m_keySource->setCaBundlePath(path);
}

void VerifyPanel::fetchKeys()
{
    m_keySource->fetchKeys();
}

void VerifyPanel::cancelFetch()
{
    m_keySource->cancelFetch();
}

bool VerifyPanel::isFetching() const
{
    return m_keySource->isFetching();
}

bool VerifyPanel::loadKeyFile(const QString &path)
{
    return m_keySource->loadKeyFile(path);
}

// ---- verification ----

void VerifyPanel::verify()
{
    if (m_restoring || !m_policyBox)
        return; // still building
    VerdictView::Verdict verdict;
    if (!m_token) {
        m_result.reset();
        m_verdictView->showVerdict(std::move(verdict));
        return;
    }
    // A JWE with a decryption key: decrypted first; a nested token inside (RFC 7519 §5.2) is what gets verified.
    std::optional<DecodedToken> inner;
    if (m_token->kind == TokenKind::Jwe && m_decryptionBox->hasKey()) {
        DecryptionBox::Outcome outcome = m_decryptionBox->decrypt(*m_token);
        verdict.decryption = std::move(outcome.result);
        inner = std::move(outcome.inner);
    } else {
        m_decryptionBox->clearResult();
    }
    const KeySet &keys = m_keySource->keys();
    if (!m_droppedCharacters.isEmpty()) {
        m_result = TokenVerifier::refuseDroppedCharacters(m_droppedCharacters);
    } else {
        const DecodedToken &verified = inner ? *inner : *m_token;
        VerificationPolicy policy = m_policyBox->policy();
        policy.leewaySeconds = m_leewaySeconds;
        policy.clock = &m_verifyClock;
        if (m_sdJwt && !inner) {
            // The key binding is judged at the workspace's 'now' too, with the nonce and audience the user expects.
            KeyBindingPolicy keyBinding = m_policyBox->keyBindingPolicy();
            keyBinding.clock = &m_verifyClock;
            keyBinding.leewaySeconds = m_leewaySeconds;
            m_result = SdJwtVerifier::verify(*m_sdJwt, keys, policy, keyBinding).result;
        } else {
            m_result = TokenVerifier::verify(verified, keys, policy);
        }
        verdict.verifiedNested = inner.has_value();
        // Findings only the keys can reveal (key confusion, a jku off the issuer's host) join the verdict's findings,
        // which the Inspect workspace lists beside the token's own.
        m_result->findings
            += FindingsCatalogue::analyzeVerifierAttacks(verified, keys, m_keySource->discoveredJwksUrl());
    }
    verdict.result = m_result;
    verdict.hasKeys = !keys.isEmpty();
    verdict.skippedKeys = m_keySource->skippedKeys();
    m_verdictView->showVerdict(std::move(verdict));
    emit verified(*m_result);

    // A stale copy or a kid the copy does not know: the key source fetches again in the background, and verifying
    // follows when the keys arrive.
    if (m_token)
        m_keySource->refreshIfNeeded(m_token->keyId());
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
                setKeyText(QString::fromUtf8(key->toJwk(Key::Export::PublicOnly)));
            }
        }
    }
    emit resignedTokenProduced(token);
}

} // namespace tokenscope
