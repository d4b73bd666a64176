#include "verify/ResignDialog.h"

#include "common/Clipboard.h"
#include "common/Icons.h"
#include "common/SecretLineEdit.h"
#include "common/Theme.h"
#include "crypto/KeyGenerator.h"
#include "crypto/KeyParser.h"
#include "verify/TokenSigner.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

struct ParsedEdit
{
    std::optional<JsonValue> value;
    QString error; // translated, with line and column
    int characterPosition = -1; // where the error is, in the editor's characters
};

// The line and column (1-based, in characters) of a byte offset into UTF-8 text.
std::pair<int, int> lineAndColumn(const QString &prefix)
{
    const int line = int(prefix.count(u'\n')) + 1;
    const qsizetype lastNewline = prefix.lastIndexOf(u'\n');
    const int column = int(prefix.size() - (lastNewline + 1)) + 1;
    return {line, column};
}

QPlainTextEdit *makeJsonEditor(const QString &accessibleName, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setAccessibleName(accessibleName);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setTabChangesFocus(true);
    return edit;
}

} // namespace

static ParsedEdit parseEdit(const QString &text, const QString &what, bool requireObject)
{
    ParsedEdit result;
    const QByteArray bytes = text.toUtf8();
    const JsonParseResult parsed = Json::parse(bytes);
    if (!parsed) {
        const qsizetype offset = std::clamp<qsizetype>(parsed.error.offset, 0, bytes.size());
        const QString prefix = QString::fromUtf8(bytes.left(offset));
        const auto [line, column] = lineAndColumn(prefix);
        result.error = QCoreApplication::translate("tokenscope::ResignDialog", "%1, line %2, column %3: %4")
                           .arg(what)
                           .arg(line)
                           .arg(column)
                           .arg(parsed.error.message);
        result.characterPosition = int(prefix.size());
        return result;
    }
    if (requireObject && !parsed.value->isObject()) {
        result.error
            = QCoreApplication::translate("tokenscope::ResignDialog", "%1: must be a JSON object {…}").arg(what);
        result.characterPosition = 0;
        return result;
    }
    if (!parsed.duplicates.empty()) {
        const JsonDuplicate &duplicate = parsed.duplicates.front();
        const QString prefix = QString::fromUtf8(bytes.left(duplicate.duplicateNameSpan.start));
        const auto [line, column] = lineAndColumn(prefix);
        result.error = QCoreApplication::translate("tokenscope::ResignDialog",
                                                   "%1, line %2, column %3: member \"%4\" appears twice")
                           .arg(what)
                           .arg(line)
                           .arg(column)
                           .arg(duplicate.name);
        result.characterPosition = int(prefix.size());
        return result;
    }
    result.value = *parsed.value;
    return result;
}

ResignDialog::ResignDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Edit and Re-sign"));
    setAccessibleName(tr("Edit and re-sign the token"));
    buildLayout();
    setHeaderText(u"{\n  \"alg\": \"ES256\",\n  \"typ\": \"JWT\"\n}"_s);
    setPayloadText(u"{\n}"_s);
    m_headerEdit->document()->clearUndoRedoStacks();
    m_payloadEdit->document()->clearUndoRedoStacks();
    setAlgorithm(Algorithm::ES256);
    validate();
    reloadKey();
}

ResignDialog::~ResignDialog() = default;

void ResignDialog::buildLayout()
{
    auto *root = new QVBoxLayout(this);

    // Editors, with undo and redo for the one last edited (each also has its own Ctrl+Z / Ctrl+Shift+Z).
    m_undoAction = new QAction(Icons::icon(u"reset"_s, palette()), tr("&Undo Edit"), this);
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_redoAction = new QAction(tr("&Redo Edit"), this);
    m_redoAction->setShortcut(QKeySequence::Redo);
    connect(m_undoAction, &QAction::triggered, this, &ResignDialog::undo);
    connect(m_redoAction, &QAction::triggered, this, &ResignDialog::redo);
    addAction(m_undoAction);
    addAction(m_redoAction);
    auto *toolbar = new QHBoxLayout;
    auto *undoButton = new QToolButton(this);
    undoButton->setDefaultAction(m_undoAction);
    undoButton->setObjectName(u"undoButton"_s);
    undoButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *redoButton = new QToolButton(this);
    redoButton->setDefaultAction(m_redoAction);
    redoButton->setObjectName(u"redoButton"_s);
    redoButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *resetButton = new QPushButton(tr("Reset to Token"), this);
    resetButton->setObjectName(u"resetButton"_s);
    connect(resetButton, &QPushButton::clicked, this, &ResignDialog::resetToToken);
    toolbar->addWidget(undoButton);
    toolbar->addWidget(redoButton);
    toolbar->addStretch();
    toolbar->addWidget(resetButton);
    root->addLayout(toolbar);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    auto *headerPane = new QWidget(splitter);
    auto *headerLayout = new QVBoxLayout(headerPane);
    headerLayout->setContentsMargins(0, 0, 0, 0);
    m_headerEdit = makeJsonEditor(tr("Header JSON"), headerPane);
    m_headerEdit->setObjectName(u"headerEdit"_s);
    auto *headerLabel = new QLabel(tr("&Header (alg is set from the algorithm below):"), headerPane);
    headerLabel->setBuddy(m_headerEdit);
    headerLayout->addWidget(headerLabel);
    headerLayout->addWidget(m_headerEdit);
    auto *payloadPane = new QWidget(splitter);
    auto *payloadLayout = new QVBoxLayout(payloadPane);
    payloadLayout->setContentsMargins(0, 0, 0, 0);
    m_payloadEdit = makeJsonEditor(tr("Payload JSON"), payloadPane);
    m_payloadEdit->setObjectName(u"payloadEdit"_s);
    auto *payloadLabel = new QLabel(tr("&Payload:"), payloadPane);
    payloadLabel->setBuddy(m_payloadEdit);
    payloadLayout->addWidget(payloadLabel);
    payloadLayout->addWidget(m_payloadEdit);
    splitter->addWidget(headerPane);
    splitter->addWidget(payloadPane);
    splitter->setStretchFactor(1, 2);
    root->addWidget(splitter, 1);

    m_jsonStatusLabel = new QLabel(this);
    m_jsonStatusLabel->setObjectName(u"jsonStatusLabel"_s);
    m_jsonStatusLabel->setAccessibleName(tr("JSON check"));
    m_jsonStatusLabel->setWordWrap(true);
    m_jsonStatusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    root->addWidget(m_jsonStatusLabel);

    // Algorithm and key.
    auto *form = new QFormLayout;
    m_algorithmComboBox = new QComboBox(this);
    m_algorithmComboBox->setObjectName(u"algorithmComboBox"_s);
    m_algorithmComboBox->setAccessibleName(tr("Signing algorithm"));
    for (const Algorithm algorithm : Algorithms::all())
        m_algorithmComboBox->addItem(Algorithms::name(algorithm), int(algorithm));
    auto *algorithmLabel = new QLabel(tr("&Algorithm:"), this);
    algorithmLabel->setBuddy(m_algorithmComboBox);
    form->addRow(algorithmLabel, m_algorithmComboBox);

    m_keyChoiceComboBox = new QComboBox(this);
    m_keyChoiceComboBox->setObjectName(u"keyChoiceComboBox"_s);
    m_keyChoiceComboBox->setAccessibleName(tr("Signing key"));
    m_keyChoiceComboBox->addItems({tr("Generate a new key"), tr("Private key (PEM or JWK)"), tr("HMAC secret (text)"),
                                   tr("HMAC secret (base64)")});
    auto *keyLabel = new QLabel(tr("&Key:"), this);
    keyLabel->setBuddy(m_keyChoiceComboBox);
    form->addRow(keyLabel, m_keyChoiceComboBox);

    m_keyStack = new QStackedWidget(this);
    auto *generatePage = new QWidget(m_keyStack);
    auto *generateLayout = new QHBoxLayout(generatePage);
    generateLayout->setContentsMargins(0, 0, 0, 0);
    m_generateButton = new QPushButton(Icons::icon(u"key"_s, palette()), tr("&Generate"), generatePage);
    m_generateButton->setObjectName(u"generateButton"_s);
    m_generateButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    m_generateButton->setToolTip(tr("Generate a fresh key for the algorithm (%1)")
                                     .arg(m_generateButton->shortcut().toString(QKeySequence::NativeText)));
    connect(m_generateButton, &QPushButton::clicked, this, &ResignDialog::generateKey);
    generateLayout->addWidget(m_generateButton);
    generateLayout->addStretch();
    m_keyStack->addWidget(generatePage);
    m_privateKeyEdit = new QPlainTextEdit(m_keyStack);
    m_privateKeyEdit->setObjectName(u"privateKeyEdit"_s);
    m_privateKeyEdit->setAccessibleName(tr("Private key"));
    m_privateKeyEdit->setPlaceholderText(tr("-----BEGIN PRIVATE KEY----- … or a private JWK {\"kty\":…,\"d\":…}"));
    m_privateKeyEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_privateKeyEdit->setMaximumHeight(120);
    m_privateKeyEdit->setTabChangesFocus(true);
    m_keyStack->addWidget(m_privateKeyEdit);
    auto *secretPage = new QWidget(m_keyStack);
    auto *secretLayout = new QHBoxLayout(secretPage);
    secretLayout->setContentsMargins(0, 0, 0, 0);
    m_secretEdit = new SecretLineEdit(secretPage);
    m_secretEdit->setObjectName(u"secretEdit"_s);
    m_secretEdit->setAccessibleName(tr("HMAC secret"));
    m_secretEdit->setPlaceholderText(tr("The shared secret"));
    // The dialog is a window of its own: the main window's Show Secret (the same keys) does not reach into it.
    m_secretEdit->setShowSecretShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    secretLayout->addWidget(m_secretEdit, 1);
    m_keyStack->addWidget(secretPage);
    // The stack is as tall as its current page (a button, or a short key editor); the JSON editors take the rest.
    m_keyStack->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    connect(m_keyStack, &QStackedWidget::currentChanged, this, [this](int current) {
        for (int index = 0; index < m_keyStack->count(); ++index) {
            m_keyStack->widget(index)->setSizePolicy(QSizePolicy::Preferred,
                                                     index == current ? QSizePolicy::Maximum : QSizePolicy::Ignored);
        }
        m_keyStack->updateGeometry();
    });
    for (int index = 1; index < m_keyStack->count(); ++index)
        m_keyStack->widget(index)->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    form->addRow(QString(), m_keyStack);

    m_keyStatusLabel = new QLabel(this);
    m_keyStatusLabel->setObjectName(u"keyStatusLabel"_s);
    m_keyStatusLabel->setAccessibleName(tr("Signing key status"));
    m_keyStatusLabel->setWordWrap(true);
    m_keyStatusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(QString(), m_keyStatusLabel);

    m_keyIdCheckBox = new QCheckBox(tr("Set the header's &kid from the key (its kid, else its thumbprint)"), this);
    m_keyIdCheckBox->setObjectName(u"keyIdCheckBox"_s);
    m_keyIdCheckBox->setChecked(true);
    form->addRow(QString(), m_keyIdCheckBox);
    m_verifyWithKeyCheckBox = new QCheckBox(tr("&Verify the new token with this key"), this);
    m_verifyWithKeyCheckBox->setObjectName(u"verifyWithKeyCheckBox"_s);
    m_verifyWithKeyCheckBox->setChecked(true);
    form->addRow(QString(), m_verifyWithKeyCheckBox);
    root->addLayout(form);

    // The result.
    auto *outputRow = new QHBoxLayout;
    m_signButton = new QPushButton(Icons::icon(u"verify"_s, palette()), tr("&Sign"), this);
    m_signButton->setObjectName(u"signButton"_s);
    m_signButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_signButton->setToolTip(
        tr("Sign and load the new token (%1)").arg(m_signButton->shortcut().toString(QKeySequence::NativeText)));
    m_signButton->setAutoDefault(false);
    connect(m_signButton, &QPushButton::clicked, this, [this] { (void)sign(); });
    m_tokenEdit = new QLineEdit(this);
    m_tokenEdit->setObjectName(u"producedTokenEdit"_s);
    m_tokenEdit->setAccessibleName(tr("New token"));
    m_tokenEdit->setReadOnly(true);
    m_tokenEdit->setPlaceholderText(tr("The new token appears here"));
    outputRow->addWidget(m_signButton);
    outputRow->addWidget(m_tokenEdit, 1);
    root->addLayout(outputRow);

    auto *copyRow = new QHBoxLayout;
    const QIcon copyIcon = Icons::icon(u"copy"_s, palette());
    m_copyTokenButton = new QPushButton(copyIcon, tr("Copy &Token"), this);
    m_copyTokenButton->setObjectName(u"copyTokenButton"_s);
    m_copyTokenButton->setToolTip(tr("Copied marked concealed, so clipboard managers do not keep it"));
    m_copyPublicKeyButton = new QPushButton(copyIcon, tr("Copy Public &JWK"), this);
    m_copyPublicKeyButton->setObjectName(u"copyPublicKeyButton"_s);
    m_copyPrivateKeyButton = new QPushButton(copyIcon, tr("Copy Private Key / Secret"), this);
    m_copyPrivateKeyButton->setObjectName(u"copyPrivateKeyButton"_s);
    m_copyPrivateKeyButton->setToolTip(tr("Copied marked concealed, so clipboard managers do not keep it"));
    connect(m_copyTokenButton, &QPushButton::clicked, this, &ResignDialog::copyToken);
    connect(m_copyPublicKeyButton, &QPushButton::clicked, this, &ResignDialog::copyPublicKey);
    connect(m_copyPrivateKeyButton, &QPushButton::clicked, this, &ResignDialog::copyPrivateKey);
    copyRow->addWidget(m_copyTokenButton);
    copyRow->addWidget(m_copyPublicKeyButton);
    copyRow->addWidget(m_copyPrivateKeyButton);
    copyRow->addStretch();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    copyRow->addWidget(buttons);
    root->addLayout(copyRow);

    connect(m_headerEdit, &QPlainTextEdit::textChanged, this, [this] {
        m_lastEditor = m_headerEdit;
        validate();
    });
    connect(m_payloadEdit, &QPlainTextEdit::textChanged, this, [this] {
        m_lastEditor = m_payloadEdit;
        validate();
    });
    for (QPlainTextEdit *editor : {m_headerEdit, m_payloadEdit}) {
        connect(editor, &QPlainTextEdit::undoAvailable, this, &ResignDialog::updateSignButton);
        connect(editor, &QPlainTextEdit::redoAvailable, this, &ResignDialog::updateSignButton);
    }
    connect(m_algorithmComboBox, &QComboBox::currentIndexChanged, this, &ResignDialog::reloadKey);
    connect(m_keyChoiceComboBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_keyStack->setCurrentIndex(std::min(index, 2));
        reloadKey();
    });
    connect(m_privateKeyEdit, &QPlainTextEdit::textChanged, this, &ResignDialog::reloadKey);
    connect(m_secretEdit, &QLineEdit::textChanged, this, &ResignDialog::reloadKey);
    resize(900, 640);
}

// ---- content ----

void ResignDialog::setToken(const DecodedToken &token)
{
    m_token = token;
    resetToToken();
    if (const std::optional<Algorithm> algorithm = Algorithms::fromName(token.algorithm()))
        setAlgorithm(*algorithm);
    m_produced.clear();
    m_tokenEdit->clear();
    updateSignButton();
}

void ResignDialog::resetToToken()
{
    if (!m_token)
        return;
    m_headerEdit->setPlainText(QString::fromUtf8(Json::write(m_token->header)));
    if (m_token->payload)
        m_payloadEdit->setPlainText(QString::fromUtf8(Json::write(*m_token->payload)));
    else if (m_token->hasSegment(SegmentRole::Payload))
        m_payloadEdit->setPlainText(QString::fromUtf8(m_token->segment(SegmentRole::Payload).bytes));
    m_lastEditor = m_payloadEdit;
    validate();
}

// As if the user replaced the text: an edit that undo can take back.
static void replaceText(QPlainTextEdit *editor, const QString &text)
{
    QTextCursor cursor(editor->document());
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(text);
    cursor.endEditBlock();
}

void ResignDialog::setHeaderText(const QString &json)
{
    replaceText(m_headerEdit, json);
}

void ResignDialog::setPayloadText(const QString &json)
{
    replaceText(m_payloadEdit, json);
}

QString ResignDialog::headerText() const
{
    return m_headerEdit->toPlainText();
}

QString ResignDialog::payloadText() const
{
    return m_payloadEdit->toPlainText();
}

QString ResignDialog::jsonError() const
{
    return m_jsonError;
}

void ResignDialog::validate()
{
    if (!m_headerEdit || !m_payloadEdit || !m_jsonStatusLabel)
        return;
    const ParsedEdit header = parseEdit(m_headerEdit->toPlainText(), tr("Header"), true);
    const ParsedEdit payload = parseEdit(m_payloadEdit->toPlainText(), tr("Payload"), true);
    m_header = header.value;
    m_payload = payload.value;
    m_jsonError = !header.error.isEmpty() ? header.error : payload.error;

    // Mark the error position in place; the text itself is never touched, so nothing typed is lost.
    const Theme::Colors colors = Theme::colors(palette());
    auto mark = [&colors](QPlainTextEdit *editor, int position) {
        QList<QTextEdit::ExtraSelection> selections;
        if (position >= 0) {
            QTextEdit::ExtraSelection selection;
            selection.cursor = QTextCursor(editor->document());
            const int end = editor->document()->characterCount() - 1;
            const int start = std::clamp(position, 0, std::max(0, end - 1));
            selection.cursor.setPosition(start);
            selection.cursor.setPosition(std::min(start + 1, end), QTextCursor::KeepAnchor);
            selection.format.setBackground(colors.errorBackground);
            selection.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
            selection.format.setUnderlineColor(colors.errorForeground);
            selections << selection;
        }
        editor->setExtraSelections(selections);
    };
    mark(m_headerEdit, header.value ? -1 : header.characterPosition);
    mark(m_payloadEdit, payload.value ? -1 : payload.characterPosition);

    QPalette labelPalette = m_jsonStatusLabel->palette();
    if (m_jsonError.isEmpty()) {
        m_jsonStatusLabel->setText(tr("Header and payload are valid JSON."));
        labelPalette.setColor(QPalette::WindowText, palette().color(QPalette::WindowText));
    } else {
        m_jsonStatusLabel->setText(m_jsonError);
        labelPalette.setColor(QPalette::WindowText, colors.errorForeground);
    }
    m_jsonStatusLabel->setPalette(labelPalette);
    updateSignButton();
}

void ResignDialog::undo()
{
    if (m_lastEditor)
        m_lastEditor->undo();
}

void ResignDialog::redo()
{
    if (m_lastEditor)
        m_lastEditor->redo();
}

// ---- key ----

void ResignDialog::setAlgorithm(Algorithm algorithm)
{
    m_algorithmComboBox->setCurrentIndex(m_algorithmComboBox->findData(int(algorithm)));
}

Algorithm ResignDialog::algorithm() const
{
    return Algorithm(m_algorithmComboBox->currentData().toInt());
}

void ResignDialog::setKeyChoice(KeyChoice choice)
{
    m_keyChoiceComboBox->setCurrentIndex(int(choice));
}

ResignDialog::KeyChoice ResignDialog::keyChoice() const
{
    return KeyChoice(m_keyChoiceComboBox->currentIndex());
}

void ResignDialog::setKeyText(const QString &text)
{
    if (keyChoice() == KeyChoice::PrivateKey)
        m_privateKeyEdit->setPlainText(text);
    else
        m_secretEdit->setText(text);
}

void ResignDialog::generateKey()
{
    setKeyChoice(KeyChoice::Generate);
    const KeyGenerationResult generated = KeyGenerator::generate(algorithm());
    if (!generated) {
        m_generatedKey.reset();
        m_keyStatus = tr("Could not generate a key: %1").arg(generated.error);
    } else {
        m_generatedKey = generated.key;
    }
    reloadKey();
}

std::optional<Key> ResignDialog::signingKey() const
{
    return m_key;
}

QString ResignDialog::keyStatus() const
{
    return m_keyStatus;
}

bool ResignDialog::verifiesWithThisKey() const
{
    return m_verifyWithKeyCheckBox->isChecked();
}

static QString describeKey(const Key &key)
{
    const QString kind = key.curve().isEmpty()
        ? QCoreApplication::translate("tokenscope::ResignDialog", "%1 %2-bit").arg(key.kty()).arg(key.bits())
        : QCoreApplication::translate("tokenscope::ResignDialog", "%1 %2").arg(key.kty(), key.curve());
    return key.type() == Key::Type::Oct
        ? kind
        : QCoreApplication::translate("tokenscope::ResignDialog", "%1, thumbprint %2").arg(kind, key.thumbprint());
}

void ResignDialog::reloadKey()
{
    if (!m_keyStatusLabel)
        return;
    m_key.reset();
    const Algorithm alg = algorithm();
    bool error = false;
    switch (keyChoice()) {
    case KeyChoice::Generate: {
        QString why;
        if (m_generatedKey && m_generatedKey->fits(alg, &why, Key::Operation::Sign)) {
            m_key = m_generatedKey;
            m_keyStatus = tr("Generated %1 (in memory only).").arg(describeKey(*m_key));
        } else {
            m_keyStatus = tr("Press Generate, or sign: a new %1 key is generated.").arg(Algorithms::name(alg));
        }
        break;
    }
    case KeyChoice::PrivateKey: {
        const QString text = m_privateKeyEdit->toPlainText();
        if (text.trimmed().isEmpty()) {
            m_keyStatus = tr("Paste a private key (PEM or JWK).");
            break;
        }
        const KeyParseResult parsed = KeyParser::parse(text.toUtf8(), tr("pasted private key"));
        if (!parsed) {
            m_keyStatus = parsed.error;
            error = true;
            break;
        }
        QStringList reasons;
        for (const Key &key : parsed.keys) {
            QString why;
            if (!key.hasPrivate())
                why = tr("a public key cannot sign");
            else if (key.fits(alg, &why, Key::Operation::Sign)) {
                m_key = key;
                break;
            }
            reasons << why;
        }
        if (m_key) {
            m_keyStatus = tr("Private key: %1.").arg(describeKey(*m_key));
        } else {
            m_keyStatus = tr("This key cannot sign %1: %2").arg(Algorithms::name(alg), reasons.join(u"; "));
            error = true;
        }
        break;
    }
    case KeyChoice::SecretText:
    case KeyChoice::SecretBase64: {
        const QString text = m_secretEdit->text();
        if (text.isEmpty()) {
            m_keyStatus = tr("Enter the HMAC secret.");
            break;
        }
        Key key;
        if (keyChoice() == KeyChoice::SecretBase64) {
            const std::optional<SecureBytes> secret = KeyParser::decodeBase64Secret(text.toLatin1());
            if (!secret || secret->isEmpty()) {
                m_keyStatus = tr("The secret is not valid base64 or base64url.");
                error = true;
                break;
            }
            key = KeyParser::secretKey(secret->view(), tr("HMAC secret (base64)"));
        } else {
            QByteArray bytes = text.toUtf8();
            key = KeyParser::secretKey(bytes, tr("HMAC secret (text)"));
            bytes.fill('\0');
        }
        QString why;
        if (key.fits(alg, &why, Key::Operation::Sign)) {
            m_key = key;
            m_keyStatus = tr("%1-bit secret.").arg(key.bits());
        } else {
            m_keyStatus = tr("This secret cannot sign %1: %2").arg(Algorithms::name(alg), why);
            error = true;
        }
        break;
    }
    }
    m_keyStatusLabel->setText(m_keyStatus);
    QPalette labelPalette = m_keyStatusLabel->palette();
    labelPalette.setColor(QPalette::WindowText,
                          error ? Theme::colors(palette()).errorForeground : palette().color(QPalette::WindowText));
    m_keyStatusLabel->setPalette(labelPalette);
    updateSignButton();
}

void ResignDialog::updateSignButton()
{
    if (!m_signButton)
        return;
    const bool keyReady = m_key.has_value() || keyChoice() == KeyChoice::Generate;
    m_signButton->setEnabled(m_jsonError.isEmpty() && keyReady);
    m_copyTokenButton->setEnabled(!m_produced.isEmpty());
    m_copyPublicKeyButton->setEnabled(m_key && m_key->type() != Key::Type::Oct);
    m_copyPrivateKeyButton->setEnabled(m_key.has_value());
    m_undoAction->setEnabled(m_lastEditor && m_lastEditor->document()->isUndoAvailable());
    m_redoAction->setEnabled(m_lastEditor && m_lastEditor->document()->isRedoAvailable());
}

// ---- signing ----

QString ResignDialog::sign()
{
    validate();
    if (!m_jsonError.isEmpty())
        return {};
    if (!m_key && keyChoice() == KeyChoice::Generate)
        generateKey();
    if (!m_key)
        return {};
    const SignedToken signedToken = TokenSigner::sign(
        *m_header, *m_payload, algorithm(), *m_key,
        m_keyIdCheckBox->isChecked() ? TokenSigner::KeyIdChoice::FromKey : TokenSigner::KeyIdChoice::KeepHeader);
    if (!signedToken) {
        m_keyStatusLabel->setText(signedToken.error);
        return {};
    }
    m_produced = QString::fromLatin1(signedToken.token);
    m_tokenEdit->setText(m_produced);
    m_tokenEdit->setCursorPosition(0);
    updateSignButton();
    emit tokenProduced(m_produced);
    return m_produced;
}

QString ResignDialog::producedToken() const
{
    return m_produced;
}

void ResignDialog::copyToken()
{
    if (!m_produced.isEmpty())
        Clipboard::copyText(m_produced, Clipboard::Sensitivity::Concealed); // a bearer credential
}

void ResignDialog::copyPublicKey()
{
    if (m_key && m_key->type() != Key::Type::Oct)
        Clipboard::copyText(QString::fromUtf8(m_key->toJwk(Key::Export::PublicOnly)), Clipboard::Sensitivity::Public);
}

void ResignDialog::copyPrivateKey()
{
    if (!m_key)
        return;
    QByteArray secret = m_key->type() == Key::Type::Oct ? m_key->toJwk(Key::Export::IncludePrivate)
                                                        : m_key->toPem(Key::Export::IncludePrivate);
    Clipboard::copyText(QString::fromUtf8(secret), Clipboard::Sensitivity::Concealed);
    secret.fill('\0');
}

} // namespace tokenscope
