#pragma once

#include <QString>
#include <QStringView>

namespace tokenscope {

// The "typ" and "cty" header values of a JOSE object are media types (RFC 7515 §4.1.9, §4.1.10).
namespace MediaTypes {

// The form in which two typ or cty values compare: lower case (media types are case-insensitive, RFC 2045 §5.1) and
// without a leading "application/", which RFC 7515 §4.1.9 lets a producer leave out ("at+jwt" for
// "application/at+jwt").
[[nodiscard]] QString canonical(QStringView type);

// True when `type` names the same media type as `expected` (e.g. "dpop+jwt", "application/AT+JWT").
[[nodiscard]] bool same(QStringView type, QStringView expected);

} // namespace MediaTypes
} // namespace tokenscope
