#pragma once

#include <QByteArrayView>

namespace tokenscope::CacheControl {

// The max-age directive of a Cache-Control header value (RFC 9111 §5.2.2.1), in seconds; -1 when absent or
// malformed. Directive names are case-insensitive; a quoted value is accepted (§5.2: senders should not quote it,
// recipients should accept it). A value past 2^31 is taken as 2^31 (§1.2.2).
[[nodiscard]] qint64 maxAgeSeconds(QByteArrayView headerValue);

} // namespace tokenscope::CacheControl
