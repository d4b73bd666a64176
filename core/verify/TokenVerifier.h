#pragma once

#include "crypto/Key.h"
#include "jose/CompactToken.h"
#include "verify/Finding.h"
#include "verify/VerificationPolicy.h"

#include <QString>

#include <optional>

namespace tokenscope {

// Stable machine codes for a verdict. Scripts and tests match on the names (reasonName()).
enum class VerificationReason {
    Valid,
    Malformed, // not a well-formed compact JWS, or non-canonical base64url (RFC 7515 §2, §7.1)
    Unsecured, // alg "none" never verifies (RFC 8725 §3.1)
    AlgNotAllowed, // the header's alg is not in the policy's allow-list, or unknown
    KeyNotFound, // no key with the token's kid, or no key of a compatible type
    KeyMismatch, // keys were found but none may be used with this alg (type, curve, size, use, key_ops)
    BadSignature,
    CritUnsupported, // RFC 7515 §4.1.11
    DuplicateMember, // duplicate member names in header or payload (RFC 7515 §5.2)
    Expired, // RFC 7519 §4.1.4
    NotYetValid, // RFC 7519 §4.1.5
    IatInFuture, // RFC 7519 §4.1.6 (issued after now + leeway)
    IssMismatch,
    AudMismatch,
    MissingClaim,
    Encrypted, // a JWE: Tokenscope shows its header but does not decrypt
    ClaimsUnreadable, // the payload is not a JSON object of claims (RFC 7519 §7.2), and the policy expects claims
    TypMismatch, // the policy requires a typ (RFC 8725 §3.11 explicit typing) and the header has another or none
    DisclosureInvalid, // an SD-JWT whose Disclosures and digests RFC 9901 §7.1 rejects
    KeyBindingInvalid, // an SD-JWT whose key binding is missing when required or does not verify (RFC 9901 §7.3)
};

[[nodiscard]] QString reasonName(VerificationReason reason); // "valid", "bad_signature", …

// Why one candidate key was not used, for JWKS diagnostics.
struct KeyAttempt
{
    QString kid;
    QString kty;
    QString alg;
    QString use;
    QString source;
    QString thumbprint;
    QString outcome; // translated: "kid differs", "key type RSA cannot verify ES256", "signature does not verify"
};

// A verdict on a token: a stable reason, a message, the key that verified it, every key tried, and findings.
struct VerificationResult
{
    VerificationReason reason = VerificationReason::Malformed;
    QString message; // translated, one line, says what and where
    std::optional<Key> verifiedBy; // the key whose signature check passed (its kid, thumbprint, source)
    QList<KeyAttempt> attempts; // every key considered, in order
    Findings findings; // verification-related findings (e.g. claims not checked in a plain JWS)

    [[nodiscard]] bool isValid() const { return reason == VerificationReason::Valid; }
    explicit operator bool() const { return isValid(); }
};

namespace TokenVerifier {

// Verifies a decoded token against candidate keys and a policy. Keys the token names for itself (jwk, jku, x5u,
// x5c header parameters) are never used (RFC 8725 §3.10 / §2.8 of the BCP's threats). With a kid, only keys with
// that kid are candidates; without one, every key that fits the alg is tried.
// Order: structure (malformed, duplicates, crit, required typ) → alg (unsecured, allow-list) → key selection →
// signature → claims (unreadable, exp, nbf, iat, iss, aud, required).
[[nodiscard]] VerificationResult verify(const DecodedToken &token, const KeySet &keys,
                                        const VerificationPolicy &policy);

// Convenience for raw text: decode (malformed on failure) then verify.
[[nodiscard]] VerificationResult verify(QByteArrayView compactToken, const KeySet &keys,
                                        const VerificationPolicy &policy);

// Paste tolerance never guesses where a token ends: characters stuck to it with no separator (a dot, a '?' at the
// end; TokenExtractor's `dropped`) make the verdict malformed, in the CLI and the GUI alike.
[[nodiscard]] VerificationResult refuseDroppedCharacters(const QString &dropped);

} // namespace TokenVerifier
} // namespace tokenscope
