#pragma once

#include "crypto/Algorithm.h"

#include <QByteArrayView>

namespace tokenscope {

// Checks the two scalars of a fixed-size R||S ECDSA signature (RFC 7518 §3.4) against the curve's group order.
// A valid signature has 0 < r < n and 0 < s < n (SEC 1 v2 §4.1.4 step 1); a verifier that skips this check
// accepts r = s = 0 for every message and key, the "psychic signature" of CVE-2022-21449 (Java 15–18).
namespace EcdsaScalars {

enum class Problem {
    None, // both scalars are in range (the signature may still not verify)
    NotApplicable, // not an ES* algorithm, or the signature is not exactly twice the scalar size
    RZero,
    SZero,
    RNotBelowOrder,
    SNotBelowOrder,
};

[[nodiscard]] Problem check(Algorithm algorithm, QByteArrayView signature);

} // namespace EcdsaScalars
} // namespace tokenscope
