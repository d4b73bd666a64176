#include "verify/KeySourceBox.h"

#include "common/BoundedRead.h"
#include "common/Icons.h"
#include "common/SecretLineEdit.h"
#include "common/Settings.h"
#include "common/ShortcutAction.h"
#include "common/Theme.h"
#include "crypto/KeyParser.h"
#include "verify/JwksFetchBox.h"
#include "verify/MessageLabel.h"

#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QStringListModel>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

constexpr qint64 maxKeyFileBytes = 1024 * 1024;

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

} // namespace

KeySourceBox::KeySourceBox(QNetworkAccessManager *network, QWidget *parent) : QGroupBox(tr("Key"), parent)
{
    buildActions();
    auto *layout = new QVBoxLayout(this);

    m_sourceComboBox = new QComboBox(this);
    m_sourceComboBox->setObjectName(u"keySourceComboBox"_s);
    m_sourceComboBox->setAccessibleName(tr("Key source"));
    m_sourceComboBox->addItems({tr("JWKS URL"), tr("Issuer (OpenID Connect discovery)"), tr("Pasted JWK or JWK Set"),
                                tr("PEM key or certificate"), tr("HMAC secret")});
    auto *sourceLabel = new QLabel(tr("&Source:"), this);
    sourceLabel->setBuddy(m_sourceComboBox);
    auto *sourceRow = new QHBoxLayout;
    sourceRow->addWidget(sourceLabel);
    sourceRow->addWidget(m_sourceComboBox, 1);
    layout->addLayout(sourceRow);

    m_sourceStack = new QStackedWidget(this);
    layout->addWidget(m_sourceStack);
    // A one-line source (URL) sits at the top of its page instead of being stretched to the height of the key
    // editors; onKeySourceChanged() lets the stack shrink to the page shown.
    const auto topAligned = [this](QWidget *widget) {
        auto *page = new QWidget(this);
        auto *pageLayout = new QVBoxLayout(page);
        pageLayout->setContentsMargins(0, 0, 0, 0);
        pageLayout->addWidget(widget);
        pageLayout->addStretch();
        return page;
    };

    // JWKS URL
    m_jwksUrlEdit = new QLineEdit(this);
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
    m_issuerEdit = new QLineEdit(this);
    m_issuerEdit->setObjectName(u"issuerEdit"_s);
    m_issuerEdit->setAccessibleName(tr("Issuer URL"));
    m_issuerEdit->setPlaceholderText(tr("https://issuer.example (prefilled from the token's iss)"));
    m_issuerEdit->setClearButtonEnabled(true);
    m_issuerEdit->setToolTip(tr("Keys are fetched only when you press Fetch Keys."));
    m_sourceStack->addWidget(topAligned(m_issuerEdit));

    // Pasted JWK / JWKS
    m_jwkEdit = makeKeyEditor(tr("Paste a JWK {\"kty\":…} or a JWK Set {\"keys\":[…]}"), this);
    m_jwkEdit->setObjectName(u"jwkEdit"_s);
    m_jwkEdit->setAccessibleName(tr("JWK or JWK Set"));
    // In a page of its own: the editor's explicit minimum height would otherwise count for the stack even while
    // another page is shown (an Ignored size policy does not cancel an explicit minimum).
    m_sourceStack->addWidget(topAligned(m_jwkEdit));

    // PEM
    auto *pemPage = new QWidget(this);
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
    auto *secretPage = new QWidget(this);
    auto *secretLayout = new QHBoxLayout(secretPage);
    secretLayout->setContentsMargins(0, 0, 0, 0);
    m_secretEdit = new SecretLineEdit(secretPage);
    m_secretEdit->setObjectName(u"secretEdit"_s);
    m_secretEdit->setAccessibleName(tr("HMAC secret"));
    m_secretEdit->setPlaceholderText(tr("The shared secret"));
    // The edit's eye and the main window's Show Secret (Ctrl+Shift+H) are one switch.
    connect(m_secretEdit, &SecretLineEdit::secretShownChanged, m_showSecretAction, &QAction::setChecked);
    m_secretEncodingComboBox = new QComboBox(secretPage);
    m_secretEncodingComboBox->setObjectName(u"secretEncodingComboBox"_s);
    m_secretEncodingComboBox->setAccessibleName(tr("Secret encoding"));
    m_secretEncodingComboBox->addItems({tr("Text (UTF-8)"), tr("Base64 / base64url")});
    secretLayout->addWidget(m_secretEdit, 1);
    secretLayout->addWidget(m_secretEncodingComboBox);
    m_sourceStack->addWidget(secretPage);

    m_keyStatusLabel = makeMessageLabel(this);
    m_keyStatusLabel->setObjectName(u"keyStatusLabel"_s);
    m_keyStatusLabel->setAccessibleName(tr("Key status"));
    layout->addWidget(m_keyStatusLabel);

    // Fetching, for the two URL sources.
    m_fetchBox = new JwksFetchBox(network, m_fetchAction, m_cancelFetchAction, this);
    layout->addWidget(m_fetchBox);
    connect(m_fetchBox, &JwksFetchBox::fetchFinished, this, &KeySourceBox::onFetchFinished);

    connect(m_sourceComboBox, &QComboBox::currentIndexChanged, this, &KeySourceBox::onKeySourceChanged);
    connect(m_jwksUrlEdit, &QLineEdit::textChanged, this, &KeySourceBox::onUrlEdited);
    connect(m_issuerEdit, &QLineEdit::textEdited, this, [this] { m_issuerEditedByUser = true; });
    connect(m_issuerEdit, &QLineEdit::textChanged, this, &KeySourceBox::onUrlEdited);
    connect(m_jwkEdit, &QPlainTextEdit::textChanged, this, &KeySourceBox::reloadAndNotify);
    connect(m_pemEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_restoring)
            m_pemSource.clear(); // edited: no longer the file's text
        reloadAndNotify();
    });
    connect(m_secretEdit, &QLineEdit::textChanged, this, &KeySourceBox::reloadAndNotify);
    connect(m_secretEncodingComboBox, &QComboBox::currentIndexChanged, this, &KeySourceBox::reloadAndNotify);

    m_restoring = true; // shows the first source without telling anyone: nothing listens yet
    onKeySourceChanged();
    m_restoring = false;
    reloadKeys();
}

void KeySourceBox::buildActions()
{
    const auto make = [this](const QString &text, const QKeySequence &shortcut, auto slot) {
        return makeShortcutAction(this, text, shortcut, slot);
    };
    m_fetchAction = make(tr("&Fetch Keys"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), &KeySourceBox::fetchKeys);
    m_cancelFetchAction
        = make(tr("&Cancel Fetching Keys"), QKeySequence(Qt::CTRL | Qt::Key_Period), &KeySourceBox::cancelFetch);
    m_focusKeySourceAction = make(tr("Go to &Key Source"), QKeySequence(Qt::CTRL | Qt::Key_K),
                                  [this] { m_sourceComboBox->setFocus(Qt::ShortcutFocusReason); });
    m_openKeyFileAction = make(tr("Open &Key or Certificate File…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                               &KeySourceBox::chooseKeyFile);
    m_showSecretAction = make(tr("&Show Secret"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H),
                              [this](bool shown) { m_secretEdit->setSecretShown(shown); });
    m_showSecretAction->setCheckable(true);
    m_fetchAction->setStatusTip(tr("Fetch the keys from the JWKS URL or through the issuer's discovery document"));
    const QPalette palette = this->palette();
    m_fetchAction->setIcon(Icons::icon(u"key"_s, palette));
    m_openKeyFileAction->setIcon(Icons::icon(u"open"_s, palette));
}

QList<QAction *> KeySourceBox::menuActions() const
{
    return {m_fetchAction, m_cancelFetchAction, m_focusKeySourceAction, m_openKeyFileAction, m_showSecretAction};
}

void KeySourceBox::changeEvent(QEvent *event)
{
    QGroupBox::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_keyStatusLabel)
        setKeyStatus(m_keyStatusLabel->text(), m_keyStatusKind); // the label's palette only: no recursion
}

// ---- programmatic equivalents ----

void KeySourceBox::setKind(Kind kind)
{
    m_sourceComboBox->setCurrentIndex(int(kind));
}

KeySourceBox::Kind KeySourceBox::kind() const
{
    return Kind(std::clamp(m_sourceComboBox->currentIndex(), 0, int(Kind::Secret)));
}

void KeySourceBox::setJwksUrl(const QString &url)
{
    m_jwksUrlEdit->setText(url);
}

void KeySourceBox::setIssuerUrl(const QString &url)
{
    m_issuerEditedByUser = !url.isEmpty();
    m_issuerEdit->setText(url);
}

void KeySourceBox::setTokenIssuer(const QString &issuer)
{
    if (!m_issuerEditedByUser || m_issuerEdit->text().isEmpty()) {
        m_issuerEditedByUser = false;
        if (m_issuerEdit->text() != issuer) {
            const QSignalBlocker blocker(m_issuerEdit); // no keysChanged: the caller verifies the new token anyway
            m_issuerEdit->setText(issuer);
        }
    }
    reloadKeys();
}

void KeySourceBox::setKeyText(const QString &jwkOrPem)
{
    if (kind() == Kind::Pem)
        m_pemEdit->setPlainText(jwkOrPem);
    else
        m_jwkEdit->setPlainText(jwkOrPem);
}

void KeySourceBox::setSecret(const QString &secret, SecretEncoding encoding)
{
    const bool sameText = m_secretEdit->text() == secret;
    {
        const QSignalBlocker blocker(m_secretEncodingComboBox);
        m_secretEncodingComboBox->setCurrentIndex(int(encoding));
    }
    m_secretEdit->setText(secret); // re-verifies when the text changed
    if (sameText) // the encoding may still have changed
        reloadAndNotify();
}

void KeySourceBox::setCaBundlePath(const QString &path)
{
    m_fetchBox->setCaBundlePath(path);
}

// ---- the source ----

bool KeySourceBox::isUrlSource() const
{
    return kind() == Kind::JwksUrl || kind() == Kind::Issuer;
}

JwksCache::SourceKind KeySourceBox::cacheKind() const
{
    return kind() == Kind::Issuer ? JwksCache::SourceKind::Issuer : JwksCache::SourceKind::JwksUrl;
}

QUrl KeySourceBox::currentUrl() const
{
    const QString text = (kind() == Kind::Issuer ? m_issuerEdit : m_jwksUrlEdit)->text().trimmed();
    if (text.isEmpty())
        return {};
    // Keys come over https: a URL typed without a scheme means https (QUrl::fromUserInput would pick http).
    if (!text.contains(u"://"))
        return QUrl(u"https://"_s + text, QUrl::TolerantMode);
    return QUrl(text, QUrl::TolerantMode);
}

void KeySourceBox::showFetchSource()
{
    m_fetchBox->setSource(isUrlSource() ? std::optional(cacheKind()) : std::nullopt, currentUrl());
}

void KeySourceBox::onKeySourceChanged()
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
    showFetchSource();
    m_openKeyFileAction->setEnabled(true);
    m_showSecretAction->setEnabled(kind() == Kind::Secret);
    if (!m_restoring)
        reloadAndNotify();
}

void KeySourceBox::onUrlEdited()
{
    showFetchSource();
    m_fetchBox->recallHttpOptIn();
    reloadAndNotify();
}

void KeySourceBox::setKeyStatus(const QString &text, MessageKind kind)
{
    m_keyStatusLabel->setText(text);
    m_keyStatusKind = kind;
    const Theme::Colors colors = Theme::colors(this->palette());
    QPalette palette = m_keyStatusLabel->palette();
    palette.setColor(QPalette::WindowText,
                     kind == MessageKind::Error         ? colors.errorForeground
                         : kind == MessageKind::Warning ? colors.warning
                                                        : this->palette().color(QPalette::WindowText));
    m_keyStatusLabel->setPalette(palette);
}

void KeySourceBox::reloadAndNotify()
{
    reloadKeys();
    emit keysChanged();
}

void KeySourceBox::reloadKeys()
{
    m_keys.clear();
    m_skipped.clear();
    m_discoveredJwksUrl.clear();
    const Kind kind = this->kind();
    auto fromParse = [this](const KeyParseResult &parsed, const QString &emptyHint) {
        m_keys = parsed.keys;
        m_skipped = parsed.skipped;
        if (parsed) {
            QString text = m_keys.size() == 1 ? tr("1 key loaded.") : tr("%1 keys loaded.").arg(m_keys.size());
            if (!m_skipped.isEmpty())
                text += u' ' + tr("Skipped: %1").arg(m_skipped.join(u"; "));
            setKeyStatus(text, MessageKind::Info);
        } else {
            setKeyStatus(parsed.error.isEmpty() ? emptyHint : parsed.error, MessageKind::Error);
        }
    };
    switch (kind) {
    case Kind::Jwk: {
        const QString text = m_jwkEdit->toPlainText();
        if (text.trimmed().isEmpty()) {
            setKeyStatus(tr("Paste a JWK or a JWK Set."), MessageKind::Info);
            break;
        }
        fromParse(KeyParser::parse(text.toUtf8(), tr("pasted JWK")), tr("No usable key in the pasted text."));
        break;
    }
    case Kind::Pem: {
        const QString text = m_pemEdit->toPlainText();
        if (text.trimmed().isEmpty()) {
            setKeyStatus(tr("Paste a PEM key or certificate, or open a file."), MessageKind::Info);
            break;
        }
        const QString source = m_pemSource.isEmpty() ? tr("pasted PEM") : m_pemSource;
        fromParse(KeyParser::parsePem(text.toUtf8(), source), tr("No PEM key or certificate in the pasted text."));
        break;
    }
    case Kind::Secret: {
        const QString text = m_secretEdit->text();
        if (text.isEmpty()) {
            setKeyStatus(tr("Enter the HMAC secret."), MessageKind::Info);
            break;
        }
        if (m_secretEncodingComboBox->currentIndex() == int(SecretEncoding::Base64)) {
            QByteArray encoded = text.toLatin1();
            const std::optional<SecureBytes> secret = KeyParser::decodeBase64Secret(encoded);
            encoded.fill('\0');
            if (!secret || secret->isEmpty()) {
                setKeyStatus(tr("The secret is not valid base64 or base64url: check for stray characters, or "
                                "choose Text."),
                             MessageKind::Error);
                break;
            }
            m_keys << KeyParser::secretKey(secret->view(), tr("HMAC secret (base64)"));
        } else {
            QByteArray bytes = text.toUtf8();
            m_keys << KeyParser::secretKey(bytes, tr("HMAC secret (text)"));
            bytes.fill('\0');
        }
        setKeyStatus(tr("%1-bit secret.").arg(m_keys.first().bits()), MessageKind::Info);
        break;
    }
    case Kind::JwksUrl:
    case Kind::Issuer: {
        const QUrl url = currentUrl();
        if (url.isEmpty()) {
            setKeyStatus(kind == Kind::Issuer ? tr("Enter the issuer URL, then fetch its keys.")
                                              : tr("Enter the JWKS URL, then fetch its keys."),
                         MessageKind::Info);
            break;
        }
        if (const std::optional<JwksCache::Entry> entry = jwksCache()->entry(cacheKind(), url)) {
            m_keys = entry->fetched.keys;
            m_skipped = entry->fetched.skipped;
            if (!entry->fetched.discoveryUrl.isEmpty())
                m_discoveredJwksUrl = entry->fetched.jwksUrl;
            const QString where = entry->fetched.jwksUrl.toDisplayString();
            QString text = m_keys.size() == 1 ? tr("1 key from %1.").arg(where)
                                              : tr("%1 keys from %2.").arg(m_keys.size()).arg(where);
            if (!m_skipped.isEmpty())
                text += u' ' + tr("Skipped: %1").arg(m_skipped.join(u"; "));
            setKeyStatus(text, MessageKind::Info);
        } else {
            setKeyStatus(tr("Not fetched yet: press Fetch Keys (%1).")
                             .arg(m_fetchAction->shortcut().toString(QKeySequence::NativeText)),
                         MessageKind::Info);
        }
        break;
    }
    }
    showFetchSource();
}

// ---- fetching ----

void KeySourceBox::fetchKeys()
{
    if (m_fetchBox->fetch() && kind() == Kind::JwksUrl)
        rememberJwksUrl(currentUrl().toString());
}

void KeySourceBox::cancelFetch()
{
    m_fetchBox->cancel();
}

bool KeySourceBox::isFetching() const
{
    return jwksCache()->isFetching();
}

void KeySourceBox::refreshIfNeeded(const QString &keyId)
{
    m_fetchBox->refreshIfNeeded(keyId);
}

void KeySourceBox::setCacheClock(const Clock *clock)
{
    m_fetchBox->setCacheClock(clock);
}

JwksCache *KeySourceBox::jwksCache() const
{
    return m_fetchBox->cache();
}

void KeySourceBox::onFetchFinished(JwksCache::SourceKind kind, const QUrl &url, const FetchError &error)
{
    if (!error && kind == JwksCache::SourceKind::Issuer) {
        // Discovery found the issuer; the JWKS URL it named is worth remembering too.
        if (const std::optional<JwksCache::Entry> entry = jwksCache()->entry(kind, url))
            rememberJwksUrl(entry->fetched.jwksUrl.toString());
    }
    reloadAndNotify();
}

void KeySourceBox::rememberJwksUrl(const QString &url)
{
    QStringList urls = m_recentUrlsModel->stringList();
    urls.removeAll(url);
    urls.prepend(url);
    while (urls.size() > 10)
        urls.removeLast();
    m_recentUrlsModel->setStringList(urls);
}

// ---- key files ----

void KeySourceBox::chooseKeyFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Key or Certificate"), {},
        tr("Keys and certificates (*.pem *.crt *.cer *.key *.pub *.json *.jwk *.jwks);;All files (*)"));
    if (!path.isEmpty())
        (void)loadKeyFile(path);
}

bool KeySourceBox::loadKeyFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setKeyStatus(tr("%1: %2").arg(path, file.errorString()), MessageKind::Error);
        return false;
    }
    // Bounded whatever the path names: a FIFO or a device reports no size before it is read.
    const BoundedReadResult read = BoundedRead::readAll(file, maxKeyFileBytes);
    if (!read) {
        setKeyStatus(read.status == BoundedReadResult::Status::TooLarge
                         ? tr("%1: larger than a key file should be").arg(path)
                         : tr("%1: %2").arg(path, read.error),
                     MessageKind::Error);
        return false;
    }
    const QByteArray &bytes = read.bytes;
    const QString name = QFileInfo(path).fileName();
    if (bytes.trimmed().startsWith('{')) {
        setKind(Kind::Jwk);
        m_jwkEdit->setPlainText(QString::fromUtf8(bytes));
    } else {
        setKind(Kind::Pem);
        m_pemEdit->setPlainText(QString::fromUtf8(bytes));
        m_pemSource = tr("file %1").arg(name); // after setPlainText, which forgets the file name of edited text
        reloadAndNotify();
    }
    return !m_keys.isEmpty();
}

// ---- settings ----

void KeySourceBox::restoreSettings(const Settings &settings)
{
    m_restoring = true;
    const int kind = settings.verifyKeySourceKind();
    if (kind >= 0 && kind < m_sourceComboBox->count())
        m_sourceComboBox->setCurrentIndex(kind);
    m_recentUrlsModel->setStringList(settings.recentJwksUrls());
    m_fetchBox->setCaBundlePath(settings.verifyCaBundlePath());
    m_restoring = false;
    reloadKeys();
}

void KeySourceBox::saveSettings(Settings &settings) const
{
    settings.setVerifyKeySourceKind(m_sourceComboBox->currentIndex());
    settings.setRecentJwksUrls(m_recentUrlsModel->stringList());
    settings.setVerifyCaBundlePath(m_fetchBox->caBundlePath());
}

} // namespace tokenscope
