#pragma once

#include <QString>

namespace tokenscope {

// Copying to the clipboard. Tokens and secrets are bearer credentials: they are marked concealed so that clipboard
// managers (KDE Klipper, GNOME extensions, Windows clipboard history) do not keep them in their history.
namespace Clipboard {

enum class Sensitivity { Public, Concealed };
void copyText(const QString &text, Sensitivity sensitivity);

} // namespace Clipboard
} // namespace tokenscope
