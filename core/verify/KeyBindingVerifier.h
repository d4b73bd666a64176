#pragma once

#include "common/Clock.h"
#include "jose/SdJwt.h"
#include "verify/TokenVerifier.h"

#include <QString>

namespace tokenscope {

// What a verifier expects of an SD-JWT's Key Binding JWT (RFC 9901 §7.3).
struct KeyBindingPolicy
{
    enum class Requirement { Optional, Required };

    Requirement requirement = Requirement::Optional;
    QString expectedNonce; // empty: not checked (shown only)
    QString expectedAudience; // empty: not checked
    qint64 maxAgeSeconds = 300; // §7.3 step 5: iat must be recent; older KB-JWTs may be replays
    qint64 leewaySeconds = 0; // clock skew for iat in the future
    const Clock *clock = nullptr; // nullptr: SystemClock::instance()
};

// The verdict on an SD-JWT's Key Binding JWT (RFC 9901 §7.3): a reason, and the KB-JWT's own verification.
struct KeyBindingResult
{
    enum class Reason {
        Valid,
        Absent, // no KB-JWT, and none was required
        Missing, // no KB-JWT, but the policy requires one
        NoConfirmationKey, // the issuer-signed JWT has no usable cnf.jwk (RFC 7800 §3.2)
        WrongType, // typ is not "kb+jwt" (§4.3)
        Signature, // the KB-JWT's own verification failed: see `signature.reason`
        SdHashMismatch, // sd_hash is not the digest of this presentation (§4.3.1)
        NonceMismatch,
        IatTooOld,
    };
    Reason reason = Reason::Absent;
    QString message; // translated, one line
    VerificationResult signature; // the KB-JWT verified against cnf.jwk (its key, attempts, claim checks)
    QString expectedSdHash; // what sd_hash should be, when it could be computed

    [[nodiscard]] bool isValid() const { return reason == Reason::Valid; }
    // Acceptable under the policy: valid, or absent when not required.
    [[nodiscard]] bool isAcceptable() const { return reason == Reason::Valid || reason == Reason::Absent; }
    // Stable code: "valid", "absent", "missing", "no_confirmation_key", "wrong_typ", "sd_hash_mismatch",
    // "nonce_mismatch", "iat_too_old", or for Signature the verifier's reason ("bad_signature", "aud_mismatch", …).
    [[nodiscard]] QString reasonName() const;
};

namespace KeyBindingVerifier {

// Verifies the KB-JWT of `sdJwt` against the cnf.jwk of its issuer-signed JWT with the sd_hash computed under
// `hashAlgorithm` (the SD-JWT's "_sd_alg").
[[nodiscard]] KeyBindingResult verify(const SdJwt &sdJwt, const QString &hashAlgorithm, const KeyBindingPolicy &policy);

} // namespace KeyBindingVerifier
} // namespace tokenscope
