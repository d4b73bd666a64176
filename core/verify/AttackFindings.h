#pragma once

#include "crypto/Key.h"
#include "jose/CompactToken.h"
#include "verify/Finding.h"

#include <QUrl>

namespace tokenscope {

// Findings for what attackers try against JWT verifiers, computed passively and locally: nothing is sent anywhere.
// Catalogue ids (verify/Findings.h): ecdsa_signature_out_of_range, hmac_empty_secret, hmac_secret_guessed,
// hmac_secret_search_capped, hmac_key_confusion, key_url_foreign_host.
namespace FindingsCatalogue {

// About the token alone: an ECDSA signature whose r or s is 0 or not below the group order (CVE-2022-21449), and an
// HS* token that verifies with the empty secret or with a secret of the built-in weak list (verify/WeakSecrets.h).
// Costs one HMAC per list entry for an HS* token (a few milliseconds), nothing for others; the HMACs are capped
// (crypto/HmacTrial.h) and hmac_secret_search_capped says when a long token got only part of the list.
[[nodiscard]] Findings analyzeAttacks(const DecodedToken &token);

// About the token next to what the verifier holds: an HS* token whose MAC verifies with an RSA or EC public key
// among `keys` used as the HMAC secret (the RS→HS key confusion, RFC 8725 §2.1), and a jku or x5u header whose host
// is not the host of `discoveredJwksUrl`, the issuer's jwks_uri from OIDC discovery (empty: not checked). The HMACs
// over all keys and encodings share one capped trial.
[[nodiscard]] Findings analyzeVerifierAttacks(const DecodedToken &token, const KeySet &keys,
                                              const QUrl &discoveredJwksUrl);

} // namespace FindingsCatalogue
} // namespace tokenscope
