#include "inspect/JsonView.h"

#include "common/Theme.h"
#include "common/TimeFormat.h"
#include "inspect/JsonHighlighter.h"
#include "verify/ClaimCatalogue.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace tokenscope {

JsonView::JsonView(PrettyJsonPrinter::Section section, QWidget *parent)
    : QPlainTextEdit(parent), m_section(section), m_highlighter(new JsonHighlighter(document()))
{
    setReadOnly(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setMouseTracking(true);
    setFrameShape(QFrame::NoFrame);
    document()->setDocumentMargin(8);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &JsonView::onCursorPositionChanged);
    updateColors();
}

JsonView::~JsonView() = default;

void JsonView::setJson(const PrettyJson &json)
{
    m_json = json;
    m_selectedEntry = -1;
    m_settingCursor = true;
    // A message is prose, not JSON: no syntax colours (attached before the text so it is highlighted once).
    const bool isJson = !json.entries.isEmpty() || json.text.startsWith(u'{') || json.text.startsWith(u'[');
    if (isJson && !m_highlighter->document())
        m_highlighter->setDocument(document());
    else if (!isJson && m_highlighter->document())
        m_highlighter->setDocument(nullptr);
    setPlainText(m_json.text);
    m_settingCursor = false;
    updateSelectionMark();
}

void JsonView::setMessage(const QString &message)
{
    setJson(PrettyJson {message, {}});
}

void JsonView::setNowSeconds(qint64 seconds)
{
    if (m_nowSeconds == seconds)
        return;
    m_nowSeconds = seconds;
    viewport()->update();
}

void JsonView::selectEntry(int index)
{
    if (index >= m_json.entries.size())
        index = -1;
    m_selectedEntry = index;
    if (index >= 0) {
        m_settingCursor = true;
        QTextCursor cursor(document());
        cursor.setPosition(int(m_json.entries[index].text.start));
        setTextCursor(cursor);
        ensureCursorVisible();
        m_settingCursor = false;
    }
    updateSelectionMark();
}

Span JsonView::selectedTextSpan() const
{
    return m_selectedEntry >= 0 ? m_json.entries[m_selectedEntry].text : Span {};
}

QString JsonView::annotation(int index) const
{
    if (index < 0 || index >= m_json.entries.size())
        return {};
    const PrettyJsonEntry &entry = m_json.entries[index];
    if (!entry.timestamp)
        return entry.note;
    const QDateTime local = QDateTime::fromSecsSinceEpoch(entry.seconds, Qt::LocalTime);
    const TimeFormat::Phrase phrase = entry.name == u"exp" ? TimeFormat::Phrase::Expiry : TimeFormat::Phrase::Generic;
    // Relative first: it is what a reader wants at a glance, and the part that stays visible in a narrow pane.
    const QString prefix = entry.note.isEmpty() ? QString() : entry.note + QStringLiteral(" · ");
    return prefix
        + tr("%1 · %2 · %3 local")
              .arg(TimeFormat::relative(entry.seconds, m_nowSeconds, phrase), TimeFormat::isoUtc(entry.seconds),
                   local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
}

QString JsonView::toolTipFor(int index) const
{
    if (index < 0 || index >= m_json.entries.size())
        return {};
    const PrettyJsonEntry &entry = m_json.entries[index];
    QString tip = QStringLiteral("<b>%1</b>").arg(entry.path.toHtmlEscaped());
    if (entry.parent < 0) {
        const ClaimCatalogue &catalogue = ClaimCatalogue::instance();
        const ClaimCatalogue::Entry *known = m_section == PrettyJsonPrinter::Section::Payload
            ? catalogue.claim(entry.name)
            : catalogue.headerParameter(entry.name);
        if (known) {
            tip += QStringLiteral("<br>%1").arg(known->description.toHtmlEscaped());
            if (!known->source.isEmpty())
                tip += QStringLiteral("<br><i>%1</i>").arg(known->source.toHtmlEscaped());
        } else {
            tip += QStringLiteral("<br>")
                + (m_section == PrettyJsonPrinter::Section::Payload
                       ? tr("A claim the catalogue does not know.")
                       : tr("A header parameter the catalogue does not know."));
        }
    }
    if (entry.shortened)
        tip += QStringLiteral("<br><i>%1</i>")
                   .arg(tr("A long value: only its beginning is shown here.").toHtmlEscaped());
    if (!entry.note.isEmpty() && !entry.timestamp)
        tip += QStringLiteral("<br><br>%1").arg(entry.note.toHtmlEscaped());
    if (entry.timestamp)
        tip += QStringLiteral("<br><br>%1").arg(annotation(index).toHtmlEscaped().replace(u" · "_s, u"<br>"_s));
    return tip;
}

bool JsonView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QPoint viewportPosition = viewport()->mapFromGlobal(help->globalPos());
        const int index = m_json.entryAtText(cursorForPosition(viewportPosition).position());
        const QString tip = toolTipFor(index);
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QPlainTextEdit::event(event);
}

void JsonView::paintEvent(QPaintEvent *event)
{
    QPlainTextEdit::paintEvent(event);
    QPainter painter(viewport());
    painter.setPen(Theme::colors(palette()).annotation);
    QFont font = this->font();
    font.setItalic(true);
    painter.setFont(font);
    const QFontMetrics metrics(font);
    for (int i = 0; i < m_json.entries.size(); ++i) {
        if (!m_json.entries[i].timestamp && m_json.entries[i].note.isEmpty())
            continue;
        // On the entry's first line: a disclosed object's note sits by its name, not by its closing brace.
        const QTextBlock block = document()->findBlock(int(m_json.entries[i].text.start));
        if (!block.isValid() || !block.isVisible())
            continue;
        QTextCursor cursor(block);
        cursor.movePosition(QTextCursor::EndOfBlock);
        const QRect end = cursorRect(cursor);
        if (end.bottom() < 0 || end.top() > viewport()->height())
            continue;
        const QString text = QStringLiteral("// ") + annotation(i);
        painter.drawText(QPoint(end.right() + metrics.horizontalAdvance(u' ') * 2,
                                end.top() + metrics.ascent() + (end.height() - metrics.height()) / 2),
                         text);
    }
}

void JsonView::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateColors();
}

void JsonView::onCursorPositionChanged()
{
    if (m_settingCursor)
        return;
    const int index = m_json.entryAtText(textCursor().position());
    if (index == m_selectedEntry)
        return;
    m_selectedEntry = index;
    updateSelectionMark();
    emit entrySelected(index);
}

void JsonView::updateColors()
{
    m_highlighter->setColors(Theme::colors(palette()));
    updateSelectionMark();
}

void JsonView::updateSelectionMark()
{
    QList<QTextEdit::ExtraSelection> selections;
    if (m_selectedEntry >= 0) {
        const Span span = m_json.entries[m_selectedEntry].text;
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(document());
        mark.cursor.setPosition(int(span.start));
        mark.cursor.setPosition(int(span.end()), QTextCursor::KeepAnchor);
        mark.format.setBackground(Theme::colors(palette()).linkedBackground);
        selections.append(mark);
    }
    setExtraSelections(selections);
}

} // namespace tokenscope
