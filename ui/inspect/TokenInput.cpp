#include "inspect/TokenInput.h"

#include <QFontDatabase>
#include <QMimeData>
#include <QUrl>

namespace tokenscope {

TokenInput::TokenInput(QWidget *parent) : QPlainTextEdit(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAnywhere);
    setTabChangesFocus(true);
}

bool TokenInput::canInsertFromMimeData(const QMimeData *source) const
{
    return source->hasUrls() || QPlainTextEdit::canInsertFromMimeData(source);
}

void TokenInput::insertFromMimeData(const QMimeData *source)
{
    if (source->hasUrls()) {
        for (const QUrl &url : source->urls()) {
            if (url.isLocalFile()) {
                emit fileDropped(url.toLocalFile());
                return;
            }
        }
    }
    if (source->hasText() && source->text().size() > largeTextThreshold) {
        emit largeTextInserted(source->text());
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}

} // namespace tokenscope
