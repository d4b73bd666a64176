#pragma once

#include "crypto/Key.h"
#include "jose/SdJwt.h"
#include "verify/Finding.h"
#include "verify/KeyBindingVerifier.h"
#include "verify/SdJwtClaims.h"
#include "verify/TokenVerifier.h"
#include "verify/VerificationPolicy.h"

namespace tokenscope {

// An SD-JWT looked at as a whole: its processed claims, its key binding and what is wrong with them.
struct SdJwtInspection
{
    SdJwtClaims claims;
    KeyBindingResult keyBinding;
    Findings findings; // the sd_* findings (verify/SdJwtFindings.h)
};

// What verifying an SD-JWT (RFC 9901 §7) gave: the verdict, and the inspection behind it.
struct SdJwtVerification
{
    // The verdict: the issuer-signed JWT's own (signature and claims), then disclosure_invalid when RFC 9901 §7.1
    // rejects the Disclosures, then key_binding_invalid when §7.3 rejects the key binding.
    VerificationResult result;
    SdJwtInspection inspection;
};

namespace SdJwtVerifier {

// What can be said without the issuer's key: digests, processed claims, key binding (the holder's key is in cnf).
[[nodiscard]] SdJwtInspection inspect(const SdJwt &sdJwt, const KeyBindingPolicy &keyBindingPolicy);
// RFC 9901 §7.1 and §7.3: the issuer-signed JWT verified with `keys` under `policy`, then the Disclosures, then
// the key binding.
[[nodiscard]] SdJwtVerification verify(const SdJwt &sdJwt, const KeySet &keys, const VerificationPolicy &policy,
                                       const KeyBindingPolicy &keyBindingPolicy);

} // namespace SdJwtVerifier
} // namespace tokenscope
