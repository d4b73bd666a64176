#include "verify/DecryptionBox.h"

#include "common/SecretLineEdit.h"
#include "common/Theme.h"
#include "crypto/KeyParser.h"
#include "jose/Json.h"
#include "verify/MessageLabel.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

// The content as a person reads it: a nested token's header and claims, or the plaintext (UTF-8), or its size.
QString contentText(const DecryptionBox::Outcome &outcome)
{
    if (outcome.inner) {
        QString text = DecryptionBox::tr("// header\n") + QString::fromUtf8(Json::write(outcome.inner->header));
        text += DecryptionBox::tr("\n// claims\n");
        text += outcome.inner->payload ? QString::fromUtf8(Json::write(*outcome.inner->payload))
                                       : DecryptionBox::tr("(not JSON: %1)").arg(outcome.inner->payloadError.message);
        return text;
    }
    const QByteArray &plaintext = outcome.result.plaintext;
    QString text = QString::fromUtf8(plaintext);
    if (text.toUtf8() != plaintext)
        return DecryptionBox::tr("(%1 bytes, not UTF-8 text)").arg(plaintext.size());
    constexpr qsizetype shown = 64 * 1024;
    return text.size() > shown ? text.first(shown) + u"…"_s : text;
}

} // namespace

DecryptionBox::DecryptionBox(QWidget *parent) : QGroupBox(tr("Decryption key"), parent)
{
    setAccessibleName(tr("Decryption"));
    auto *layout = new QVBoxLayout(this);

    m_kindComboBox = new QComboBox(this);
    m_kindComboBox->setAccessibleName(tr("Decryption key kind"));
    m_kindComboBox->addItems(
        {tr("Private JWK or JWK Set"), tr("PEM private key"), tr("Symmetric key (base64url)"), tr("Password (PBES2)")});
    auto *kindLabel = new QLabel(tr("K&ey:"), this);
    kindLabel->setBuddy(m_kindComboBox);
    auto *kindRow = new QHBoxLayout;
    kindRow->addWidget(kindLabel);
    kindRow->addWidget(m_kindComboBox, 1);
    layout->addLayout(kindRow);

    // The editor (JWK, PEM) or the masked field (key, password), whichever the kind takes; only the one shown
    // takes room, so the status lines sit right below it.
    m_keyEdit = new QPlainTextEdit(this);
    m_keyEdit->setAccessibleName(tr("Decryption key (JWK or PEM)"));
    m_keyEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_keyEdit->setTabChangesFocus(true);
    m_keyEdit->setFixedHeight(m_keyEdit->fontMetrics().lineSpacing() * 5 + 12);
    layout->addWidget(m_keyEdit);
    m_secretPage = new QWidget(this);
    auto *secretRow = new QHBoxLayout(m_secretPage);
    secretRow->setContentsMargins(0, 0, 0, 0);
    m_secretEdit = new SecretLineEdit(m_secretPage);
    m_secretEdit->setAccessibleName(tr("Decryption secret"));
    secretRow->addWidget(m_secretEdit, 1);
    layout->addWidget(m_secretPage);

    m_keyStatusLabel = makeMessageLabel(this);
    m_keyStatusLabel->setAccessibleName(tr("Decryption key status"));
    layout->addWidget(m_keyStatusLabel);
    m_resultLabel = makeMessageLabel(this);
    m_resultLabel->setAccessibleName(tr("Decryption result"));
    layout->addWidget(m_resultLabel);
    m_contentTitle = new QLabel(this);
    m_contentView = new QPlainTextEdit(this);
    m_contentView->setAccessibleName(tr("Decrypted content"));
    m_contentView->setReadOnly(true);
    m_contentView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_contentView->setMinimumHeight(m_contentView->fontMetrics().lineSpacing() * 8);
    m_contentTitle->setBuddy(m_contentView);
    layout->addWidget(m_contentTitle);
    layout->addWidget(m_contentView);

    connect(m_kindComboBox, &QComboBox::currentIndexChanged, this, [this] {
        const bool text = keyKind() == KeyKind::PrivateJwk || keyKind() == KeyKind::PrivatePem;
        m_keyEdit->setVisible(text);
        m_secretPage->setVisible(!text);
        m_keyEdit->setPlaceholderText(keyKind() == KeyKind::PrivateJwk
                                          ? tr("Paste a private JWK {\"kty\":…,\"d\":…} or a JWK Set")
                                          : tr("Paste a PEM private key (-----BEGIN PRIVATE KEY-----…)"));
        m_secretEdit->setPlaceholderText(keyKind() == KeyKind::Password
                                             ? tr("The password (PBES2, RFC 7518 §4.8)")
                                             : tr("The key, base64url (A*KW, A*GCMKW or dir)"));
        reloadKey();
        emit keyChanged();
    });
    connect(m_keyEdit, &QPlainTextEdit::textChanged, this, [this] {
        reloadKey();
        emit keyChanged();
    });
    connect(m_secretEdit, &QLineEdit::textChanged, this, [this] {
        reloadKey();
        emit keyChanged();
    });
    m_kindComboBox->setCurrentIndex(0);
    m_secretPage->hide();
    m_keyEdit->setPlaceholderText(tr("Paste a private JWK {\"kty\":…,\"d\":…} or a JWK Set"));
    clearResult();
    reloadKey();
}

void DecryptionBox::setKeyKind(KeyKind kind)
{
    m_kindComboBox->setCurrentIndex(int(kind));
}

DecryptionBox::KeyKind DecryptionBox::keyKind() const
{
    return KeyKind(std::clamp(m_kindComboBox->currentIndex(), 0, int(KeyKind::Password)));
}

void DecryptionBox::setKeyText(const QString &text)
{
    if (keyKind() == KeyKind::PrivateJwk || keyKind() == KeyKind::PrivatePem)
        m_keyEdit->setPlainText(text);
    else
        m_secretEdit->setText(text);
}

void DecryptionBox::reloadKey()
{
    m_keys.clear();
    QString status;
    bool error = false;
    switch (keyKind()) {
    case KeyKind::PrivateJwk:
    case KeyKind::PrivatePem: {
        const QByteArray text = m_keyEdit->toPlainText().toUtf8();
        if (text.trimmed().isEmpty()) {
            status = tr("Give the key the token was encrypted to.");
            break;
        }
        const KeyParseResult parsed = keyKind() == KeyKind::PrivatePem ? KeyParser::parsePem(text, tr("pasted PEM"))
                                                                       : KeyParser::parse(text, tr("pasted JWK"));
        m_keys = parsed.keys;
        error = !parsed;
        status = !parsed         ? parsed.error
            : m_keys.size() == 1 ? tr("1 key loaded.")
                                 : tr("%1 keys loaded.").arg(m_keys.size());
        break;
    }
    case KeyKind::SymmetricKey: {
        QByteArray encoded = m_secretEdit->text().toLatin1();
        if (encoded.isEmpty()) {
            status = tr("Give the shared key, base64url.");
            break;
        }
        const std::optional<SecureBytes> key = KeyParser::decodeBase64Secret(encoded);
        encoded.fill('\0');
        if (!key || key->isEmpty()) {
            status = tr("The key is not valid base64url.");
            error = true;
            break;
        }
        m_keys << KeyParser::secretKey(key->view(), tr("symmetric key"));
        status = tr("%1-bit key.").arg(m_keys.first().bits());
        break;
    }
    case KeyKind::Password: {
        QByteArray password = m_secretEdit->text().toUtf8();
        if (password.isEmpty()) {
            status = tr("Give the password.");
            break;
        }
        m_keys << KeyParser::secretKey(password, tr("password"));
        password.fill('\0');
        status = tr("Password given.");
        break;
    }
    }
    m_keyStatusLabel->setText(status);
    QPalette labelPalette = m_keyStatusLabel->palette();
    labelPalette.setColor(QPalette::WindowText,
                          error ? Theme::colors(palette()).errorForeground : palette().color(QPalette::WindowText));
    m_keyStatusLabel->setPalette(labelPalette);
}

DecryptionBox::Outcome DecryptionBox::decrypt(const DecodedToken &jwe)
{
    Outcome outcome;
    outcome.result = JweDecryptor::decrypt(jwe, m_keys);
    const DecryptionResult &result = outcome.result;
    const QString algorithms = tr("%1 / %2").arg(result.algorithm, result.contentEncryption);
    if (!result) {
        m_resultLabel->setText(
            tr("Not decrypted (%1, %2): %3").arg(decryptionReasonName(result.reason), algorithms, result.message));
        m_contentTitle->hide();
        m_contentView->hide();
        m_contentView->clear();
        return outcome;
    }
    // RFC 7519 §5.2: "cty": "JWT" says the content is a token; a compact JWS without it is decoded too.
    const DecodeResult inner = CompactToken::decode(result.plaintext.trimmed());
    if (inner && (result.nestedJwt || inner.token->kind != TokenKind::Jwe))
        outcome.inner = *inner.token;
    const QString key = result.decryptedBy && !result.decryptedBy->kid().isEmpty()
        ? tr(", key %1").arg(result.decryptedBy->kid())
        : QString();
    m_resultLabel->setText(outcome.inner ? tr("Decrypted (%1%2): a nested %3 token, verified below with the key "
                                              "source.")
                                               .arg(algorithms, key, outcome.inner->algorithm())
                                         : tr("Decrypted (%1%2).").arg(algorithms, key));
    m_contentTitle->setText(outcome.inner ? tr("Nested token") : tr("Content"));
    m_contentView->setPlainText(contentText(outcome));
    m_contentTitle->show();
    m_contentView->show();
    return outcome;
}

void DecryptionBox::clearResult()
{
    m_resultLabel->clear();
    m_contentTitle->hide();
    m_contentView->hide();
    m_contentView->clear();
}

} // namespace tokenscope
