#pragma once

#include "net/UrlPolicy.h"

#include <QString>

namespace tokenscope {

// What a failed key fetch means for the user and what to try next, in words (the core's message says what failed
// and where; this adds why it may have happened).
namespace FetchErrorText {
[[nodiscard]] QString hint(const FetchError &error);
} // namespace FetchErrorText

} // namespace tokenscope
