#pragma once

#include <QString>

namespace tokenscope {

// Human forms of JWT NumericDates, shared by the CLI and the inspector.
namespace TimeFormat {

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
