#pragma once

#include "crypto/Algorithm.h"
#include "crypto/Key.h"

#include <QString>

namespace tokenscope {

// What generate() made: the new key (private part included), or why it could not be made.
struct KeyGenerationResult
{
    Key key;
    QString error;
    explicit operator bool() const { return !key.isNull(); }
};

namespace KeyGenerator {
// A fresh key fit for `algorithm`: HS* a random secret of the hash size (RFC 7518 §3.2), RS*/PS* 2048-bit RSA
// (or `rsaBits`), ES* the algorithm's curve, EdDSA Ed25519 (or Ed448 when `curve` says so). The JWK alg is set.
[[nodiscard]] KeyGenerationResult generate(Algorithm algorithm, const QString &kid = {}, int rsaBits = 2048,
                                           const QString &curve = {});
} // namespace KeyGenerator
} // namespace tokenscope
