#pragma once

#include "common/Theme.h"

#include <QSyntaxHighlighter>

namespace tokenscope {

// Colours pretty-printed JSON: member names, strings, numbers, keywords and punctuation. The pretty printer puts
// every string on one line, so each line is lexed on its own.
class JsonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit JsonHighlighter(QTextDocument *document);
    void setColors(const Theme::Colors &colors);

protected:
    void highlightBlock(const QString &text) override;

private:
    Theme::Colors m_colors;
};

} // namespace tokenscope
