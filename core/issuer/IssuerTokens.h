#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace tokenscope::issuer::IssuerTokens {

// Random bytes from OpenSSL's CSPRNG (RAND_bytes); empty if it fails.
[[nodiscard]] QByteArray randomBytes(int count);
// An opaque bearer value: 32 random bytes, base64url (43 characters). Refresh tokens, codes, family ids.
[[nodiscard]] QByteArray newOpaqueValue();
[[nodiscard]] QByteArray sha256(QByteArrayView bytes);
// CRYPTO_memcmp over equal lengths: client secrets and password hashes are compared in constant time.
[[nodiscard]] bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
// XOR with a pad derived from `holder` (SHA-512 of a domain label and the holder value): seals the next
// refresh-token generation so that only the holder of the previous one can open it. `value` ≤ 64 bytes.
[[nodiscard]] QByteArray seal(QByteArrayView value, QByteArrayView holder);
[[nodiscard]] QByteArray open(QByteArrayView sealed, QByteArrayView holder);
// RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))).
[[nodiscard]] QByteArray pkceS256(QByteArrayView verifier);

} // namespace tokenscope::issuer::IssuerTokens
