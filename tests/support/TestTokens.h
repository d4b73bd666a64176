#pragma once

#include "jose/CompactToken.h"

#include <QByteArrayView>

namespace tokenscope::test {

// A token the test made itself, decoded; ends the run if it does not decode (a broken test, not a finding).
[[nodiscard]] DecodedToken decoded(QByteArrayView token);

} // namespace tokenscope::test
