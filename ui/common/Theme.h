#pragma once

#include "common/Settings.h"

#include <QColor>
#include <QPalette>

class QApplication;

namespace tokenscope {

// Light and dark palettes over the Fusion style, following the system by default. Qt 6.4 has no colour-scheme
// API, so "system" is decided from the platform palette's window lightness, captured before the first apply().
namespace Theme {

// Captures the platform palette (call once, before apply()); apply() calls it when it was not called.
void captureSystemPalette();
[[nodiscard]] bool systemIsDark();

[[nodiscard]] QPalette lightPalette();
[[nodiscard]] QPalette darkPalette();
// Sets the Fusion style and the palette for the choice on the running application.
void apply(Settings::ThemeChoice choice);
[[nodiscard]] bool isDark(const QPalette &palette);

// Colours the panes share, picked for the palette's lightness so they stay readable in light and dark.
struct Colors
{
    QColor segment[5]; // header, payload, signature (JWS); header, key, iv, ciphertext, tag (JWE)
    QColor jwsSignature;
    QColor linkedBackground; // the run linked to the selection in another pane
    QColor errorBackground;
    QColor errorForeground;
    QColor jsonKey;
    QColor jsonString;
    QColor jsonNumber;
    QColor jsonKeyword; // true, false, null
    QColor jsonPunctuation;
    QColor annotation; // "// 2026-11-22 18:41 local · …"
    QColor info;
    QColor warning;
    QColor high;
    QColor valid;
};
[[nodiscard]] Colors colors(const QPalette &palette);

} // namespace Theme
} // namespace tokenscope
