#pragma once

class QLabel;
class QWidget;

namespace tokenscope {

// A status or message line of the verify panels: wraps, and can be selected and copied (a reason code, a URL).
[[nodiscard]] QLabel *makeMessageLabel(QWidget *parent);

} // namespace tokenscope
