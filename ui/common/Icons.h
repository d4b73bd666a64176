#pragma once

#include "verify/Finding.h"

#include <QIcon>
#include <QPalette>
#include <QString>

namespace tokenscope {

// The app's SVG icons (resources/icons, compiled in under :/tokenscope/icons/). Monochrome action icons are drawn
// with `currentColor`, which is replaced by the palette's text colour so they read well in light and dark; they are
// rendered at several sizes so they stay sharp on high-DPI screens.
namespace Icons {

// An action icon ("open", "copy", "clock", …) tinted for `palette`.
[[nodiscard]] QIcon icon(const QString &name, const QPalette &palette);
// The application icon.
[[nodiscard]] QIcon application();
[[nodiscard]] QIcon severity(Finding::Severity severity);
[[nodiscard]] QIcon valid();

} // namespace Icons
} // namespace tokenscope
