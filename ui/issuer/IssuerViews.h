#pragma once

#include <Qt>

class QAbstractItemView;
class QAction;
class QToolButton;
class QWidget;

namespace tokenscope::IssuerViews {

// The Issuer workspace's panes share one look: borderless, row-selecting, read-only tables without a grid, and
// flat tool buttons in the pane headers.
void setUpTable(QAbstractItemView *view);
[[nodiscard]] QToolButton *makeButton(QAction *action, QWidget *parent,
                                      Qt::ToolButtonStyle style = Qt::ToolButtonIconOnly);

} // namespace tokenscope::IssuerViews
