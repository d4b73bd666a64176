#pragma once

#include <QString>

namespace tokenscope {

// Human forms of JWT NumericDates, shared by the CLI and the inspector.
namespace TimeFormat {

// The dates Tokenscope reasons about: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, what ISO-8601 can show. A
// NumericDate (RFC 7519 §2) outside is refused as malformed, and so is a "now" outside, so that differences of two
// dates always fit in 64 bits.
inline constexpr qint64 minSeconds = -62135596800;
inline constexpr qint64 maxSeconds = 253402300799;
[[nodiscard]] constexpr bool inRange(qint64 epochSeconds)
{
    return epochSeconds >= minSeconds && epochSeconds <= maxSeconds;
}

// "2026-11-22T18:41:50Z"; an out-of-range value gives an empty string.
[[nodiscard]] QString isoUtc(qint64 epochSeconds);
// A duration as its two largest units: "14m 3s", "2h", "3d 4h", "0s".
[[nodiscard]] QString duration(qint64 seconds);
// Relative to now for a claim: for exp "expires in 14m 3s" / "expired 2h ago"; for other claims
// "in 5m" / "3d 4h ago" / "now".
enum class Phrase { Expiry, Generic };
[[nodiscard]] QString relative(qint64 epochSeconds, qint64 nowSeconds, Phrase phrase = Phrase::Generic);

} // namespace TimeFormat
} // namespace tokenscope
