#pragma once

#include "crypto/Key.h"
#include "jose/CompactToken.h"
#include "verify/Finding.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace tokenscope {

// Stable machine codes for a decryption verdict (tokenscope-cli decrypt --json → reason).
enum class DecryptionReason {
    Valid,
    Malformed, // not a compact JWE, a segment of the wrong size, a header member missing or mistyped
    Unsupported, // an alg, enc or zip Tokenscope does not implement, or the JSON serialization (named)
    DuplicateMember, // duplicate member names in the protected header (RFC 7515 §5.2 via RFC 7516 §5.2)
    CritUnsupported, // RFC 7516 §4.1.13: no critical extension is understood
    KeyNotFound, // no key given has the header's kid
    KeyMismatch, // keys were found but none may decrypt with this alg/enc (type, size, curve, JWK alg/use)
    DecryptFailed, // anything that depends on the secret: wrong key, bad tag, bad padding, invalid point
    LimitExceeded, // p2c over the iteration cap, or content that inflates past the size cap
};

[[nodiscard]] QString decryptionReasonName(DecryptionReason reason); // "valid", "decrypt_failed", …

// Work and size caps, checked before the work they bound.
struct DecryptionLimits
{
    // PBES2 "p2c" (RFC 7518 §4.8.1.2). RFC 8725 §3.7 warns an attacker may pick a huge count; 1,000,000 covers
    // every count a real issuer uses (OWASP suggests 600,000 for PBKDF2-HMAC-SHA256) and costs about a second.
    quint64 maxPbes2Iterations = 1'000'000;
    // The plaintext after "zip":"DEF" inflation (RFC 7516 §4.1.3); a decompression bomb stops here.
    qsizetype maxPlaintextBytes = 16 * 1024 * 1024;
};

// What decrypting a JWE gave: the plaintext and the key that opened it, or a stable reason and a message.
struct DecryptionResult
{
    DecryptionReason reason = DecryptionReason::Malformed;
    QString message; // translated, one line; the same text for every DecryptFailed
    QString algorithm; // header "alg" as written, when it is a string
    QString contentEncryption; // header "enc"
    QString kid; // header "kid"
    QByteArray plaintext; // the content (inflated when "zip":"DEF"), only when valid
    std::optional<Key> decryptedBy;
    bool nestedJwt = false; // "cty":"JWT" (RFC 7519 §5.2): the plaintext is itself a token
    Findings findings; // e.g. jwe_rsa1_5 (RSAES-PKCS1-v1_5 is deprecated)

    [[nodiscard]] bool isValid() const { return reason == DecryptionReason::Valid; }
    explicit operator bool() const { return isValid(); }
};

namespace JweDecryptor {

// Decrypts a compact JWE (RFC 7516 §5.2) with one of `keys`. Order: structure (kind, canonical base64url,
// duplicates, crit, alg/enc/zip known, every segment and header member of the size the algorithms need, p2c under
// the cap) → key selection (kid, then fit) → key management → content decryption → inflation. Nothing secret is
// touched before the first three steps pass, and every failure after them is DecryptFailed with one message.
[[nodiscard]] DecryptionResult decrypt(const DecodedToken &token, const KeySet &keys,
                                       const DecryptionLimits &limits = {});
// For text: the JSON serializations (RFC 7516 §7.2) are refused as unsupported, naming the feature; anything else
// is decoded as a compact token first (Malformed when it is not one).
[[nodiscard]] DecryptionResult decrypt(QByteArrayView text, const KeySet &keys, const DecryptionLimits &limits = {});

} // namespace JweDecryptor
} // namespace tokenscope
