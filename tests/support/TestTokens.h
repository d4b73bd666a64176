#pragma once

#include "jose/CompactToken.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>

namespace tokenscope::test {

// A token the test made itself, decoded; ends the run if it does not decode (a broken test, not a finding).
[[nodiscard]] DecodedToken decoded(QByteArrayView token);
// `object` as compact JSON: a token's header or payload, or a JWK, as the tests build them.
[[nodiscard]] QByteArray compactJson(const QJsonObject &object);

} // namespace tokenscope::test
