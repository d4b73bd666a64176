#include "common/ShortcutAction.h"

#include <QAction>
#include <QWidget>

namespace tokenscope {

QAction *makeShortcutAction(QWidget *owner, const QString &text, const QKeySequence &shortcut)
{
    auto *action = new QAction(text, owner);
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WindowShortcut);
    QString words = QString(text).remove(u'&');
    if (words.endsWith(u'…'))
        words.chop(1);
    action->setToolTip(QStringLiteral("%1 (%2)").arg(words, shortcut.toString(QKeySequence::NativeText)));
    owner->addAction(action);
    return action;
}

} // namespace tokenscope
