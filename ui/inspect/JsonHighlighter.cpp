#include "inspect/JsonHighlighter.h"

#include <QPalette>

namespace tokenscope {

JsonHighlighter::JsonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document), m_colors(Theme::colors(QPalette()))
{ }

void JsonHighlighter::setColors(const Theme::Colors &colors)
{
    m_colors = colors;
    rehighlight();
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    QTextCharFormat key;
    key.setForeground(m_colors.jsonKey);
    QTextCharFormat string;
    string.setForeground(m_colors.jsonString);
    QTextCharFormat number;
    number.setForeground(m_colors.jsonNumber);
    QTextCharFormat keyword;
    keyword.setForeground(m_colors.jsonKeyword);
    QTextCharFormat punctuation;
    punctuation.setForeground(m_colors.jsonPunctuation);

    const qsizetype length = text.size();
    qsizetype i = 0;
    while (i < length) {
        const QChar c = text.at(i);
        if (c == u'"') {
            qsizetype end = i + 1;
            while (end < length && text.at(end) != u'"') {
                end += text.at(end) == u'\\' ? 2 : 1;
            }
            end = std::min(end + 1, length);
            qsizetype next = end;
            while (next < length && text.at(next) == u' ')
                ++next;
            const bool isKey = next < length && text.at(next) == u':';
            setFormat(int(i), int(end - i), isKey ? key : string);
            i = end;
        } else if (c == u'-' || c.isDigit()) {
            qsizetype end = i + 1;
            while (end < length
                   && (text.at(end).isDigit() || text.at(end) == u'.' || text.at(end) == u'e' || text.at(end) == u'E'
                       || text.at(end) == u'+' || text.at(end) == u'-'))
                ++end;
            setFormat(int(i), int(end - i), number);
            i = end;
        } else if (c.isLetter()) {
            qsizetype end = i + 1;
            while (end < length && text.at(end).isLetter())
                ++end;
            setFormat(int(i), int(end - i), keyword);
            i = end;
        } else {
            if (!c.isSpace())
                setFormat(int(i), 1, punctuation);
            ++i;
        }
    }
}

} // namespace tokenscope
