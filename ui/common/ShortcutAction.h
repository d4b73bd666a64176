#pragma once

#include <QKeySequence>
#include <QString>

class QAction;
class QWidget;

namespace tokenscope {

// An action of `owner` for the main window's menus: its shortcut works anywhere in the window, and its tooltip
// names the shortcut ("Compare With… (Ctrl+D)"), so a mouse user learns the keyboard way.
[[nodiscard]] QAction *makeShortcutAction(QWidget *owner, const QString &text, const QKeySequence &shortcut);

} // namespace tokenscope
