#pragma once

#include <QtGlobal>

#include <limits>

namespace tokenscope {

// The time rules of RFC 7519 §4.1.4-4.1.6 with a leeway for clock skew, as both verification paths (TokenVerifier and
// FastVerifier) apply them to NumericDates already known to be in range. Sums saturate, so a huge leeway can only
// widen the window, never wrap around it.
namespace ClaimTimes {

[[nodiscard]] inline qint64 saturatedAdd(qint64 left, qint64 right)
{
    qint64 sum = 0;
    if (qAddOverflow(left, right, &sum))
        return right > 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
    return sum;
}

// §4.1.4: refused "on or after" exp.
[[nodiscard]] inline bool expired(qint64 exp, qint64 now, qint64 leeway)
{
    return now >= saturatedAdd(exp, leeway);
}

// §4.1.5: refused before nbf.
[[nodiscard]] inline bool notYetValid(qint64 nbf, qint64 now, qint64 leeway)
{
    return saturatedAdd(now, leeway) < nbf;
}

// §4.1.6 sets no rule; a token from the future means a skewed or forging issuer.
[[nodiscard]] inline bool issuedInFuture(qint64 iat, qint64 now, qint64 leeway)
{
    return iat > saturatedAdd(now, leeway);
}

} // namespace ClaimTimes
} // namespace tokenscope
