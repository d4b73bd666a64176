#pragma once

#include "crypto/Algorithm.h"
#include "crypto/Key.h"

#include <QByteArray>
#include <QString>

namespace tokenscope {

// Signing and verification per JWS algorithm with OpenSSL 3 EVP (RFC 7518 §3, RFC 8037 §3.1).
namespace Signature {

enum class Outcome {
    Valid,
    KeyMismatch, // the key cannot be used with this algorithm (type, curve, size, JWK alg/use/key_ops)
    Invalid, // the signature does not verify (includes wrong length, e.g. ES256 not exactly 64 bytes)
};

// One signature check's verdict from verify(): valid, or why not, with a detail for people.
struct VerifyResult
{
    Outcome outcome = Outcome::Invalid;
    QString detail; // why, for KeyMismatch or Invalid
    explicit operator bool() const { return outcome == Outcome::Valid; }
};

// ECDSA signatures are the fixed-size R||S form (RFC 7518 §3.4), MACs are compared in constant time.
[[nodiscard]] VerifyResult verify(Algorithm algorithm, const Key &key, QByteArrayView signingInput,
                                  QByteArrayView signature);

// What sign() produced: the signature bytes (R||S for ECDSA), or the OpenSSL error as text.
struct SignResult
{
    QByteArray signature;
    QString error;
    explicit operator bool() const { return error.isEmpty(); }
};

// Needs a private key (or an oct secret) that fits the algorithm.
[[nodiscard]] SignResult sign(Algorithm algorithm, const Key &key, QByteArrayView signingInput);

} // namespace Signature
} // namespace tokenscope
