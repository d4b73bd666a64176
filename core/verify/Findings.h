#pragma once

#include "common/Clock.h"
#include "crypto/Key.h"
#include "jose/CompactToken.h"
#include "jose/TokenExtractor.h"
#include "verify/Finding.h"

#include <optional>

namespace tokenscope {

// The findings catalogue: what is risky or odd about a token, a key or a secret (RFC 8725 is the main source).
// Stable ids (each has a catalogue entry with its severity and an explanation):
//   alg_none, no_exp, long_lifetime (> 24 h), iat_in_future, hmac_secret_short, hmac_secret_weak, rsa_key_small,
//   header_jku, header_x5u, header_jwk, header_x5c, kid_suspicious, duplicate_member, personal_data, odd_typ,
//   odd_cty, non_canonical_base64url, payload_not_json, unknown_crit, jwe_opaque, alg_unknown, signature_missing,
//   never_valid, expired, not_yet_valid, numeric_date_malformed, aud_malformed, crit_malformed,
//   at_jwt_missing_claim, the DPoP, OIDC hash and token response reasons of BindingCheck (dpop_*, at_hash_mismatch,
//   c_hash_mismatch, s_hash_mismatch, id_token_nonce_mismatch, token_response_*), dropped_characters (from extraction),
//   claims_not_checked (added by TokenVerifier).
// What attackers try (verify/AttackFindings.h): ecdsa_signature_out_of_range, hmac_empty_secret, hmac_secret_guessed,
//   hmac_secret_search_capped, hmac_key_confusion, key_url_foreign_host.
// SD-JWT (verify/SdJwtFindings.h): sd_disclosure_unreferenced, sd_digest_repeated, sd_reserved_claim_name,
//   sd_claim_clash, sd_structure_invalid, sd_alg_unknown, sd_alg_weak, sd_key_binding_missing, sd_key_binding_invalid.
// entries() lists them all.
namespace FindingsCatalogue {

// One kind of finding: its stable id, its severity, and the translated title and explanation the panes show.
struct Entry
{
    QString id;
    Finding::Severity severity;
    QString title; // translated short title
    QString explanation; // translated: why it matters and what to do
};

[[nodiscard]] const QList<Entry> &entries();
[[nodiscard]] const Entry *entry(QStringView id);
// A finding of catalogue entry `id`, with its severity, and a specific message (an id not in the catalogue is Info).
[[nodiscard]] Finding make(QStringView id, QString message, Span span = {});

// Findings about the token alone (header, claims, encoding), judged at `nowSeconds`.
[[nodiscard]] Findings analyzeToken(const DecodedToken &token, qint64 nowSeconds);
// Findings about how the token was found in pasted text: characters stuck to it that were left out.
[[nodiscard]] Findings analyzeExtraction(const ExtractedToken &extracted);
// Findings about a key or secret used with the token (short or well-known HMAC secret, small RSA key). With
// `algorithm` (an HS*), a secret is short when under that hash size (RFC 7518 §3.2); without, under 32 bytes.
[[nodiscard]] Findings analyzeKey(const Key &key, std::optional<Algorithm> algorithm = std::nullopt);

} // namespace FindingsCatalogue
} // namespace tokenscope
