#pragma once

#include <Qt>

class QAction;
class QLabel;
class QString;
class QToolButton;
class QWidget;

namespace tokenscope {

// A flat tool button showing `action` (its icon, text, tooltip and enabled state), with the 18-pixel icons every
// workspace's pane headers and transport rows use.
[[nodiscard]] QToolButton *actionButton(QAction *action, QWidget *parent,
                                        Qt::ToolButtonStyle style = Qt::ToolButtonIconOnly);
// A label whose mnemonic ("&Speed:") moves the focus to `buddy`.
[[nodiscard]] QLabel *buddyLabel(const QString &text, QWidget *buddy, QWidget *parent);

} // namespace tokenscope
