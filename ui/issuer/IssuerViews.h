#pragma once

#include <Qt>

class QAbstractItemView;
class QAction;
class QToolButton;
class QWidget;

namespace tokenscope::IssuerViews {

// The one look the Issuer workspace's tables share: borderless read-only rows (flat buttons: common/ActionButton).
void setUpTable(QAbstractItemView *view);

} // namespace tokenscope::IssuerViews
