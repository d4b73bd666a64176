#pragma once

#include <QString>

#include <optional>

namespace tokenscope {

// JWS algorithms Tokenscope signs and verifies (RFC 7518 §3.1, RFC 8037 §3.1, and the fully-specified Ed25519 and
// Ed448 of RFC 9864 §2.2, which name the curve that "EdDSA" leaves to the key).
enum class Algorithm {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    EdDSA,
    Ed25519,
    Ed448,
};

enum class KeyFamily { Hmac, Rsa, Ec, Okp };

namespace Algorithms {
// How many algorithms there are, for tables indexed by int(Algorithm).
inline constexpr int count = int(Algorithm::Ed448) + 1;
// Case-sensitive, as RFC 7515 §4.1.1 requires ("none" and "NONE" are not algorithms here).
[[nodiscard]] std::optional<Algorithm> fromName(QStringView name);
[[nodiscard]] QString name(Algorithm algorithm);
[[nodiscard]] KeyFamily family(Algorithm algorithm);
// Digest output size in bytes (EdDSA: 0, the hash is part of the scheme).
[[nodiscard]] int hashSize(Algorithm algorithm);
// The curve the algorithm fixes, as a JWK "crv" ("P-256" for ES256, "Ed25519" for Ed25519, …); empty for the
// others (EdDSA takes either Edwards curve).
[[nodiscard]] QString curve(Algorithm algorithm);
// All supported algorithms in a fixed order.
[[nodiscard]] const QList<Algorithm> &all();
} // namespace Algorithms

} // namespace tokenscope
