#pragma once

#include <Qt>

class QAbstractItemView;
class QAction;
class QToolButton;
class QWidget;

namespace tokenscope::IssuerViews {

// The one look the Issuer workspace's panes share: borderless read-only row tables, flat header buttons.
void setUpTable(QAbstractItemView *view);
[[nodiscard]] QToolButton *makeButton(QAction *action, QWidget *parent,
                                      Qt::ToolButtonStyle style = Qt::ToolButtonIconOnly);

} // namespace tokenscope::IssuerViews
