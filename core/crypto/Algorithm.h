#pragma once

#include <QString>

#include <optional>

namespace tokenscope {

// JWS algorithms Tokenscope signs and verifies (RFC 7518 §3.1, RFC 8037 §3.1).
enum class Algorithm {
    HS256, HS384, HS512,
    RS256, RS384, RS512,
    PS256, PS384, PS512,
    ES256, ES384, ES512,
    EdDSA,
};

enum class KeyFamily { Hmac, Rsa, Ec, Okp };

namespace Algorithms {
// Case-sensitive, as RFC 7515 §4.1.1 requires ("none" and "NONE" are not algorithms here).
[[nodiscard]] std::optional<Algorithm> fromName(QStringView name);
[[nodiscard]] QString name(Algorithm algorithm);
[[nodiscard]] KeyFamily family(Algorithm algorithm);
// Digest output size in bytes (EdDSA: 0, the hash is part of the scheme).
[[nodiscard]] int hashSize(Algorithm algorithm);
// ES*: the curve's JWK name ("P-256", …); others empty.
[[nodiscard]] QString curve(Algorithm algorithm);
// All supported algorithms in a fixed order.
[[nodiscard]] const QList<Algorithm> &all();
} // namespace Algorithms

} // namespace tokenscope
