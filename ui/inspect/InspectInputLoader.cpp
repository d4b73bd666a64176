#include "inspect/InspectInputLoader.h"

#include "common/BoundedRead.h"
#include "inspect/FoundTokensPanel.h"
#include "inspect/TokenInput.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMimeData>
#include <QUrl>

namespace tokenscope {

namespace {

QString defaultPlaceholder()
{
    return InspectInputLoader::tr(
        "Paste a token, an Authorization header, a cookie, a curl command or a log line, or drop a file here");
}

} // namespace

InspectInputLoader::InspectInputLoader(TokenInput *input, FoundTokensPanel *foundTokens, std::function<qint64()> now,
                                       QWidget *dialogParent)
    : QObject(dialogParent), m_input(input), m_foundTokens(foundTokens), m_now(std::move(now)),
      m_dialogParent(dialogParent)
{
    m_input->setPlaceholderText(defaultPlaceholder());
    connect(m_input, &QPlainTextEdit::textChanged, this, &InspectInputLoader::onEdited);
    connect(m_input, &TokenInput::fileDropped, this, &InspectInputLoader::openFile);
    connect(m_input, &TokenInput::largeTextInserted, this,
            [this](const QString &text) { showLargeText(text, tr("the clipboard")); });
    connect(m_foundTokens, &FoundTokensPanel::tokenSelected, this,
            [this](const QByteArray &token) { setText(QString::fromLatin1(token)); });
    connect(m_foundTokens, &FoundTokensPanel::readAsPaste, this, &InspectInputLoader::readFileIntoInput);
}

void InspectInputLoader::setText(const QString &text)
{
    if (text.size() > TokenInput::largeTextThreshold) {
        showLargeText(text, tr("the clipboard"));
        return;
    }
    m_largeText.clear();
    m_settingText = true;
    m_input->setPlainText(text);
    m_settingText = false;
    emit inputChanged(text);
}

QString InspectInputLoader::text() const
{
    return m_largeText.isNull() ? m_input->toPlainText() : m_largeText;
}

void InspectInputLoader::showLargeText(const QString &text, const QString &origin)
{
    // A megabyte in one line would take the editor seconds to lay out: keep it aside, say so, analyse it.
    m_largeText = text;
    m_settingText = true;
    m_input->clear();
    m_input->setPlaceholderText(tr("%1 characters from %2 are being inspected; they are not shown here. Type or "
                                   "paste to replace them.")
                                    .arg(QLocale().toString(text.size()), origin));
    m_settingText = false;
    emit inputChanged(text);
}

void InspectInputLoader::onEdited()
{
    if (m_settingText)
        return;
    if (!m_largeText.isNull()) {
        m_largeText = QString();
        m_input->setPlaceholderText(defaultPlaceholder());
    }
    emit inputChanged(m_input->toPlainText());
}

bool InspectInputLoader::openFile(const QString &path)
{
    // A small file holding one token is a paste; a capture, a log or anything large is scanned for tokens.
    if (const std::optional<QString> text = FoundTokensPanel::pasteText(path, pasteFileLimit)) {
        m_foundTokens->closeList();
        setText(*text);
        return true;
    }
    const Result<void> scanning = m_foundTokens->scanFile(path, m_now());
    if (scanning)
        return true;
    emit message(tr("Cannot open %1: %2").arg(QFileInfo(path).fileName(), scanning.error().message()),
                 MessageKind::Error);
    return false;
}

bool InspectInputLoader::readFileIntoInput(const QString &path)
{
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (!file.open(QIODevice::ReadOnly)) {
        emit message(tr("Cannot open %1: %2").arg(name, file.errorString()), MessageKind::Error);
        return false;
    }
    // Bounded whatever the path names: a FIFO or a device reports no size before it is read.
    const BoundedReadResult read = BoundedRead::readAll(file, maxFileBytes);
    if (read.status == BoundedReadResult::Status::TooLarge) {
        emit message(tr("%1 is larger than %2 bytes, the most Tokenscope reads into the input.")
                         .arg(name, QLocale().toString(maxFileBytes)),
                     MessageKind::Error);
        return false;
    }
    if (!read) {
        emit message(tr("Cannot read %1: %2").arg(name, read.error), MessageKind::Error);
        return false;
    }
    const QString text = QString::fromUtf8(read.bytes);
    if (text.size() > TokenInput::largeTextThreshold)
        showLargeText(text, name);
    else
        setText(text);
    return true;
}

void InspectInputLoader::clear()
{
    setText(QString());
    m_input->setFocus(Qt::OtherFocusReason);
}

void InspectInputLoader::pasteFromClipboard()
{
    setText(QApplication::clipboard()->text());
}

void InspectInputLoader::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(m_dialogParent, tr("Open a file holding a token"), QString(),
                                                      tr("Tokens and text (*.jwt *.jws *.jwe *.txt *.log *.har "
                                                         "*.json);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

bool InspectInputLoader::canDrop(const QMimeData *mime)
{
    const bool localFile = mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().constFirst().isLocalFile();
    return localFile || mime->hasText();
}

void InspectInputLoader::drop(const QMimeData *mime)
{
    if (mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().constFirst().isLocalFile())
        openFile(mime->urls().constFirst().toLocalFile());
    else if (mime->hasText())
        setText(mime->text());
}

} // namespace tokenscope
