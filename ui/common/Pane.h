#pragma once

#include <QString>

class QHBoxLayout;
class QLabel;
class QWidget;

namespace tokenscope {

// A titled pane: a bold header row (title, then any buttons the caller adds after the stretch) over a framed
// content widget, so the workspaces' panes read as one family in light and dark.
struct Pane
{
    QWidget *widget = nullptr;
    QHBoxLayout *headerLayout = nullptr;
    QLabel *title = nullptr;
};

// Reparents `content` into the pane's frame.
[[nodiscard]] Pane makePane(const QString &title, QWidget *content, QWidget *parent);

} // namespace tokenscope
