#include "inspect/TokenView.h"

#include "common/Theme.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QSyntaxHighlighter>
#include <QTextBlock>
#include <QToolTip>

namespace tokenscope {

// Colours each part; works on undecodable tokens too, so an error is shown in its coloured part. An SD-JWT
// (RFC 9901 §4) is split at its '~' first: the issuer-signed JWT's parts keep the JWS colours, the Disclosures
// alternate between two others so that neighbours stay apart, and the key-binding JWT's parts are in italics.
class TokenHighlighter : public QSyntaxHighlighter
{
public:
    explicit TokenHighlighter(QTextDocument *document) : QSyntaxHighlighter(document) { }
    void setColors(const Theme::Colors &colors)
    {
        m_colors = colors;
        rehighlight();
    }

protected:
    void highlightBlock(const QString &text) override
    {
        if (currentBlock().blockNumber() != 0)
            return; // the "first N characters shown" note
        const QList<TokenView::Part> parts = TokenView::parts(text);
        const bool jwe = parts.size() == 5 && parts.back().kind == TokenView::Part::Kind::Jose;
        for (const TokenView::Part &part : parts) {
            QTextCharFormat format;
            switch (part.kind) {
            case TokenView::Part::Kind::Jose:
                format.setForeground(jwe ? m_colors.segment[part.index] : m_colors.segment[std::min(part.index, 2)]);
                break;
            case TokenView::Part::Kind::Disclosure:
                format.setForeground(m_colors.segment[part.index % 2 ? 3 : 4]);
                break;
            case TokenView::Part::Kind::KeyBinding:
                format.setForeground(m_colors.segment[std::min(part.index, 2)]);
                format.setFontItalic(true);
                break;
            }
            setFormat(int(part.span.start), int(part.span.length), format);
            if (part.span.end() < text.size()) {
                QTextCharFormat separator;
                separator.setForeground(m_colors.jsonPunctuation);
                separator.setFontWeight(QFont::Bold);
                setFormat(int(part.span.end()), 1, separator);
            }
        }
    }

private:
    Theme::Colors m_colors;
};

QList<TokenView::Part> TokenView::parts(QStringView text)
{
    QList<Part> parts;
    auto addDotted = [&parts](QStringView jws, qsizetype offset, Part::Kind kind) {
        qsizetype start = 0;
        int index = 0;
        for (qsizetype i = 0; i <= jws.size(); ++i) {
            if (i == jws.size() || jws.at(i) == u'.') {
                parts.append({{offset + start, i - start}, kind, index++});
                start = i + 1;
            }
        }
    };
    const qsizetype firstTilde = text.indexOf(u'~');
    if (firstTilde < 0) {
        addDotted(text, 0, Part::Kind::Jose);
        return parts;
    }
    addDotted(text.first(firstTilde), 0, Part::Kind::Jose);
    const qsizetype lastTilde = text.lastIndexOf(u'~');
    int disclosure = 1;
    for (qsizetype start = firstTilde + 1; start <= lastTilde;) {
        const qsizetype end = text.indexOf(u'~', start);
        parts.append({{start, end - start}, Part::Kind::Disclosure, disclosure++});
        start = end + 1;
    }
    // After the last '~': the key-binding JWT of an SD-JWT+KB (nothing for a plain SD-JWT).
    if (lastTilde + 1 < text.size())
        addDotted(text.sliced(lastTilde + 1), lastTilde + 1, Part::Kind::KeyBinding);
    return parts;
}

TokenView::TokenView(QWidget *parent) : QPlainTextEdit(parent), m_highlighter(new TokenHighlighter(document()))
{
    setReadOnly(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAnywhere);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFrameShape(QFrame::NoFrame);
    document()->setDocumentMargin(8);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &TokenView::onCursorPositionChanged);
    m_highlighter->setColors(Theme::colors(palette()));
}

TokenView::~TokenView() = default;

void TokenView::setToken(const QByteArray &token)
{
    m_truncated = token.size() > maxDisplayCharacters;
    m_linked = {};
    m_errorOffset = -1;
    m_settingCursor = true;
    setPlainText(QString::fromLatin1(m_truncated ? token.first(maxDisplayCharacters) : token));
    if (m_truncated) {
        QTextCursor cursor(document());
        cursor.movePosition(QTextCursor::End);
        QTextCharFormat note;
        note.setForeground(Theme::colors(palette()).annotation);
        note.setFontItalic(true);
        cursor.insertText(QStringLiteral("\n")
                              + tr("… the token has %Ln characters; the first %1 are shown", "",
                                   int(std::min<qsizetype>(token.size(), INT_MAX)))
                                    .arg(maxDisplayCharacters),
                          note);
    }
    m_settingCursor = false;
    updateMarks();
}

void TokenView::clearToken()
{
    m_settingCursor = true;
    clear();
    m_settingCursor = false;
    m_linked = {};
    m_errorOffset = -1;
    m_truncated = false;
    updateMarks();
}

void TokenView::setLinkedSpan(Span span)
{
    m_linked = span;
    updateMarks();
    if (!span.isEmpty() && span.start < document()->firstBlock().length()) {
        // Scroll the run into view without moving the user's cursor (which would report a new selection).
        QTextCursor cursor(document());
        cursor.setPosition(int(span.start));
        const QRect rect = cursorRect(cursor);
        if (rect.top() < 0 || rect.bottom() > viewport()->height()) {
            m_settingCursor = true;
            const QTextCursor saved = textCursor();
            setTextCursor(cursor);
            ensureCursorVisible();
            setTextCursor(saved);
            m_settingCursor = false;
        }
    }
}

void TokenView::setErrorOffset(qsizetype offset)
{
    m_errorOffset = offset;
    updateMarks();
}

QList<Span> TokenView::partSpans() const
{
    QList<Span> spans;
    for (const Part &part : parts(document()->firstBlock().text()))
        spans.append(part.span);
    return spans;
}

QString TokenView::describeCharacter(qsizetype offset) const
{
    const QString text = document()->firstBlock().text();
    const QList<Part> parts = TokenView::parts(text);
    static const char *const jwsNames[] = {QT_TR_NOOP("header"), QT_TR_NOOP("payload"), QT_TR_NOOP("signature")};
    static const char *const jweNames[]
        = {QT_TR_NOOP("protected header"), QT_TR_NOOP("encrypted key"), QT_TR_NOOP("initialization vector"),
           QT_TR_NOOP("ciphertext"), QT_TR_NOOP("authentication tag")};
    const bool jwe = parts.size() == 5 && parts.back().kind == Part::Kind::Jose;
    for (int i = 0; i < parts.size(); ++i) {
        const Part &part = parts[i];
        if (offset < part.span.start || offset > part.span.end())
            continue;
        QString name;
        switch (part.kind) {
        case Part::Kind::Jose:
            if (jwe || part.index < 3)
                name = tr(jwe ? jweNames[part.index] : jwsNames[part.index]);
            break;
        case Part::Kind::Disclosure:
            name = tr("disclosure %1").arg(part.index);
            break;
        case Part::Kind::KeyBinding:
            if (part.index < 3)
                name = tr("key-binding JWT %1").arg(tr(jwsNames[part.index]));
            break;
        }
        if (name.isEmpty())
            return tr("part %1, character %2").arg(i + 1).arg(offset);
        if (offset == part.span.end() && offset < text.size()) {
            if (part.kind == Part::Kind::Disclosure)
                return tr("the tilde after disclosure %1").arg(part.index);
            return text.at(offset) == u'~' ? tr("the tilde after the %1").arg(name)
                                           : tr("the dot after the %1").arg(name);
        }
        if (part.kind == Part::Kind::Jose)
            return tr("%1 (part %2), character %3").arg(name).arg(i + 1).arg(offset);
        return tr("%1, character %2").arg(name).arg(offset);
    }
    return {};
}

bool TokenView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QPoint position = viewport()->mapFromGlobal(help->globalPos());
        const QTextCursor cursor = cursorForPosition(position);
        const QString tip = cursor.block().blockNumber() == 0 ? describeCharacter(cursor.position()) : QString();
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QPlainTextEdit::event(event);
}

void TokenView::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setColors(Theme::colors(palette()));
        updateMarks();
    }
}

void TokenView::onCursorPositionChanged()
{
    if (m_settingCursor)
        return;
    const QTextCursor cursor = textCursor();
    const qsizetype tokenLength = document()->firstBlock().length() - 1;
    const qsizetype start = cursor.selectionStart();
    if (start >= tokenLength)
        return;
    const qsizetype length = std::max<qsizetype>(1, std::min<qsizetype>(cursor.selectionEnd(), tokenLength) - start);
    emit characterSelected({start, length});
}

void TokenView::updateMarks()
{
    const Theme::Colors colors = Theme::colors(palette());
    const qsizetype shown = document()->firstBlock().length() - 1;
    QList<QTextEdit::ExtraSelection> selections;
    auto mark = [&](Span span, const QTextCharFormat &format) {
        const qsizetype start = std::min(span.start, shown);
        const qsizetype end = std::min(span.end(), shown);
        if (end <= start)
            return;
        QTextEdit::ExtraSelection selection;
        selection.cursor = QTextCursor(document());
        selection.cursor.setPosition(int(start));
        selection.cursor.setPosition(int(end), QTextCursor::KeepAnchor);
        selection.format = format;
        selections.append(selection);
    };
    if (!m_linked.isEmpty()) {
        QTextCharFormat linked;
        linked.setBackground(colors.linkedBackground);
        mark(m_linked, linked);
    }
    if (m_errorOffset >= 0) {
        // The rest of the broken part gets a wavy underline, the offending character a solid mark.
        const QList<Span> parts = partSpans();
        for (const Span &part : parts) {
            if (m_errorOffset >= part.start && m_errorOffset <= part.end()) {
                QTextCharFormat rest;
                rest.setUnderlineStyle(QTextCharFormat::WaveUnderline);
                rest.setUnderlineColor(colors.errorForeground);
                mark({m_errorOffset, std::max<qsizetype>(1, part.end() - m_errorOffset)}, rest);
            }
        }
        QTextCharFormat error;
        error.setBackground(colors.errorBackground);
        error.setForeground(colors.errorForeground);
        error.setFontWeight(QFont::Bold);
        mark({m_errorOffset, 1}, error);
    }
    setExtraSelections(selections);
}

} // namespace tokenscope
