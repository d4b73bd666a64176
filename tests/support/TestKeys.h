#pragma once

#include "crypto/Algorithm.h"
#include "crypto/Key.h"

#include <QString>

namespace tokenscope::test {

// A fresh key for `algorithm` named `kid`, made by Tokenscope's own generator; ends the run if it cannot be made.
[[nodiscard]] Key generatedKey(Algorithm algorithm, const QString &kid);

} // namespace tokenscope::test
