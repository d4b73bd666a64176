#pragma once

#include "crypto/Key.h"
#include "verify/TokenVerifier.h"
#include "verify/VerificationPolicy.h"

#include <QByteArrayView>

#include <optional>

namespace tokenscope {

// The fast path of TokenVerifier::verify(QByteArrayView).
// Most tokens a server sees are the simple kind: three canonical base64url parts, a header and a payload that are
// flat JSON objects of printable ASCII without escapes, a key that verifies and claims that pass. For those the
// verdict does not need the DecodedToken tree (which verify(QByteArrayView) throws away), so this path scans the
// decoded JSON in place, strictly (RFC 8259 grammar, no duplicate names), and checks the same conditions as the
// full path. Whenever anything is not that simple, or any check fails, it returns nullopt and the full path decides
// and explains: the fast path can only ever say "valid", and only when the full path would.
namespace FastVerifier {

// The verdict on a compact JWS when it is the simple kind and valid: always Valid, with the message, key attempts and
// key the full path would give. nullopt otherwise, and then only the full path can say why.
[[nodiscard]] std::optional<VerificationResult> verify(QByteArrayView token, const KeySet &keys,
                                                       const VerificationPolicy &policy);

} // namespace FastVerifier
} // namespace tokenscope
