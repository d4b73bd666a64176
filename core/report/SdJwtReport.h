#pragma once

#include "jose/Json.h"
#include "jose/SdJwt.h"
#include "verify/SdJwtVerifier.h"

namespace tokenscope::SdJwtReport {

// [{position, digest, salt, claim_name, value, referenced, path}]: claim_name is null for an array element, path
// the JSON Pointer of the value in the processed claims (null when nothing refers to the Disclosure).
[[nodiscard]] JsonValue disclosuresArray(const SdJwt &sdJwt, const SdJwtClaims &claims);
// {typ, hash_alg, claims, undisclosed_digests, key_binding: {present, valid, reason, message, header, payload,
// expected_sd_hash}}: the processed claims (RFC 9901 §7.1) and the key binding's verdict.
[[nodiscard]] JsonValue sdJwtObject(const SdJwt &sdJwt, const SdJwtInspection &inspection);
// Adds "disclosures" and "sd_jwt" to a decode or verification report of the issuer-signed JWT, and sets its
// "kind" (when present) to "SD-JWT".
void extend(JsonValue &report, const SdJwt &sdJwt, const SdJwtInspection &inspection);

} // namespace tokenscope::SdJwtReport
