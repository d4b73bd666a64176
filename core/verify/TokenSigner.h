#pragma once

#include "crypto/Algorithm.h"
#include "crypto/Key.h"
#include "jose/Json.h"

#include <QByteArray>
#include <QString>

namespace tokenscope {

// What sign() built: the compact JWS, or why signing failed.
struct SignedToken
{
    QByteArray token; // compact JWS
    QString error; // translated, set when signing failed
    explicit operator bool() const { return error.isEmpty(); }
};

// Builds a compact JWS from a header and a payload: what the CLI's `sign` and the GUI's re-sign do.
namespace TokenSigner {

enum class KeyIdChoice {
    KeepHeader, // the header's kid as given (none when absent)
    FromKey, // the key's kid; for a public-key algorithm without one, its RFC 7638 thumbprint
};

// Sets "alg" (replacing a member of that name in place, so the header reads like the one it came from) and, with
// KeyIdChoice::FromKey, "kid"; then signs BASE64URL(header) '.' BASE64URL(payload) (RFC 7515 §5.1) with `key`,
// which must be a private key or a secret that fits `algorithm`.
[[nodiscard]] SignedToken sign(JsonValue header, const JsonValue &payload, Algorithm algorithm, const Key &key,
                               KeyIdChoice kid = KeyIdChoice::FromKey);

// Replaces the member `name` of an object or appends it, keeping the order of the others.
void setMember(JsonValue &object, const QString &name, JsonValue value);
void removeMember(JsonValue &object, const QString &name);

} // namespace TokenSigner
} // namespace tokenscope
