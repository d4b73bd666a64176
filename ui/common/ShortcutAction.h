#pragma once

#include <QAction>
#include <QKeySequence>
#include <QString>

class QWidget;

namespace tokenscope {

// An action of `owner` for the main window's menus: its shortcut works anywhere in the window, and its tooltip
// names the shortcut ("Compare With (Ctrl+D)": the mnemonic '&' and a trailing '…' are menu conventions, not
// words), so a mouse user learns the keyboard way.
[[nodiscard]] QAction *makeShortcutAction(QWidget *owner, const QString &text, const QKeySequence &shortcut);

// The same, triggering `slot` of `owner` (a member function or a functor).
template<typename Owner, typename Slot>
QAction *makeShortcutAction(Owner *owner, const QString &text, const QKeySequence &shortcut, Slot slot)
{
    QAction *action = makeShortcutAction(static_cast<QWidget *>(owner), text, shortcut);
    QObject::connect(action, &QAction::triggered, owner, slot);
    return action;
}

} // namespace tokenscope
