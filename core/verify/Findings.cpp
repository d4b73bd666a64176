// Over 700 lines: most of it is the findings catalogue (one table entry per finding, with its title and
// explanation for translators) and the header, claim and key checks that produce them. The attack findings
// already live in verify/AttackFindings.cpp.

#include "verify/Findings.h"

#include "common/TimeFormat.h"
#include "crypto/KeyData.h"
#include "jose/MediaTypes.h"
#include "verify/WeakSecrets.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace tokenscope::FindingsCatalogue {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct FindingsText
{
    Q_DECLARE_TR_FUNCTIONS(Findings)
};

constexpr qint64 kDay = 24 * 3600;

struct Source
{
    const char *id;
    Finding::Severity severity;
    const char *title;
    const char *explanation;
};

// The catalogue in source form; titles and explanations are translated when entries() is first built.
// clang-format off
constexpr Source kSources[] = {
    {"alg_none", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Unsecured token (alg none)"),
     QT_TRANSLATE_NOOP("Findings", "The header says \"alg\": \"none\", so nothing protects the token: anyone can write one. "
                                   "A verifier must never accept it (RFC 8725 §3.1).")},
    {"alg_unknown", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Unknown algorithm"),
     QT_TRANSLATE_NOOP("Findings", "The header names an algorithm that is not a JWS algorithm of RFC 7518 or RFC 8037. "
                                   "Names are case-sensitive: \"None\" or \"hs256\" are probes for lax verifiers.")},
    {"signature_missing", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Empty signature"),
     QT_TRANSLATE_NOOP("Findings", "The header names a signing algorithm but the signature part is empty; such a token "
                                   "can only pass a verifier that skips the signature check.")},
    {"no_exp", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "No expiry"),
     QT_TRANSLATE_NOOP("Findings", "Without \"exp\" the token is valid forever once stolen. Issue short-lived tokens "
                                   "(RFC 7519 §4.1.4, RFC 8725 §3.10).")},
    {"long_lifetime", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Long lifetime"),
     QT_TRANSLATE_NOOP("Findings", "The token stays valid for more than 24 hours. A stolen bearer token works until it "
                                   "expires, so keep access tokens short and refresh them.")},
    {"iat_in_future", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Issued in the future"),
     QT_TRANSLATE_NOOP("Findings", "\"iat\" is later than now: the issuer's clock is ahead, or the token was forged or "
                                   "pre-minted (RFC 7519 §4.1.6).")},
    {"never_valid", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Never valid"),
     QT_TRANSLATE_NOOP("Findings", "\"exp\" is not after \"iat\" or \"nbf\", so there is no moment at which the token "
                                   "is valid.")},
    {"expired", Finding::Severity::Info, QT_TRANSLATE_NOOP("Findings", "Expired"),
     QT_TRANSLATE_NOOP("Findings", "The expiry time has passed; a verifier must refuse the token (RFC 7519 §4.1.4).")},
    {"not_yet_valid", Finding::Severity::Info, QT_TRANSLATE_NOOP("Findings", "Not yet valid"),
     QT_TRANSLATE_NOOP("Findings", "\"nbf\" lies in the future; a verifier must refuse the token until then "
                                   "(RFC 7519 §4.1.5).")},
    {"numeric_date_malformed", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Malformed date claim"),
     QT_TRANSLATE_NOOP("Findings", "A date claim (exp, nbf, iat, auth_time, …) must be a JSON number of seconds since "
                                   "1970 (RFC 7519 §2 NumericDate). Verifiers differ on strings like \"1700000000\".")},
    {"aud_malformed", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Malformed audience"),
     QT_TRANSLATE_NOOP("Findings", "\"aud\" must be a string or an array of strings (RFC 7519 §4.1.3).")},
    {"header_jku", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Key URL in the header (jku)"),
     QT_TRANSLATE_NOOP("Findings", "The token points at where to fetch its own key. Tokenscope never uses it for "
                                   "verification: following it lets an attacker choose the key (RFC 8725 §3.10).")},
    {"header_x5u", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Certificate URL in the header (x5u)"),
     QT_TRANSLATE_NOOP("Findings", "The token points at where to fetch its own certificate. Tokenscope never uses it "
                                   "for verification: following it lets an attacker choose the key.")},
    {"header_jwk", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Embedded key (jwk)"),
     QT_TRANSLATE_NOOP("Findings", "The token carries its own public key. Tokenscope never uses it for verification: "
                                   "trusting it means trusting whoever made the token (CVE-2018-0114).")},
    {"header_x5c", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Embedded certificate chain (x5c)"),
     QT_TRANSLATE_NOOP("Findings", "The token carries its own certificate chain. Tokenscope never uses it for "
                                   "verification; a verifier that does must validate the chain to a trusted root.")},
    // ---- What attackers try (verify/AttackFindings.h): passive and local checks, nothing is sent anywhere ----
    {"ecdsa_signature_out_of_range", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Psychic signature (ECDSA r or s out of range)"),
     QT_TRANSLATE_NOOP("Findings", "An ECDSA signature needs 0 < r < n and 0 < s < n for the group order n. A signature "
                                   "with r or s zero, or not below n, never verifies; it is the shape of CVE-2022-21449, "
                                   "which made Java 15-18 accept r = s = 0 for any message and key.")},
    {"hmac_empty_secret", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Signed with an empty HMAC secret"),
     QT_TRANSLATE_NOOP("Findings", "The HMAC verifies with a zero-length secret, which some libraries accept when the "
                                   "secret is missing from the configuration. Anyone can forge such tokens; refuse empty "
                                   "secrets (RFC 8725 §3.5).")},
    {"hmac_secret_guessed", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "HMAC secret found in the weak-secret list"),
     QT_TRANSLATE_NOOP("Findings", "Tokenscope tried its built-in list of default, tutorial and common secrets offline "
                                   "and one of them verifies this token. Attackers run the same lists: rotate to a "
                                   "random secret of at least the hash size (RFC 7518 §3.2, RFC 8725 §3.5).")},
    {"hmac_key_confusion", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "RSA/EC public key used as HMAC secret"),
     QT_TRANSLATE_NOOP("Findings", "The HS* signature verifies when your RSA or EC public key, as text or bytes, is the "
                                   "HMAC secret: the key-confusion attack on verifiers that let the token choose the "
                                   "algorithm. Tokenscope never accepts such a token; pin the algorithm to the key type "
                                   "(RFC 8725 §2.1, §3.1).")},
    {"key_url_foreign_host", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Key URL off the issuer's host"),
     QT_TRANSLATE_NOOP("Findings", "\"jku\" or \"x5u\" points somewhere other than the host of the issuer's discovered "
                                   "jwks_uri. A verifier that follows it fetches a key the attacker chose (RFC 8725 "
                                   "§3.10); only keys the issuer publishes may verify its tokens.")},
    {"hmac_secret_search_capped", Finding::Severity::Info, QT_TRANSLATE_NOOP("Findings", "Weak-secret search cut short"),
     QT_TRANSLATE_NOOP("Findings", "The token is so long that Tokenscope tried only part of its weak-secret list, to "
                                   "keep the work per token bounded. No finding about a guessed secret does not mean "
                                   "the secret is strong.")},
    // ---- end of the attack findings ----
    {"kid_suspicious", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Suspicious key id"),
     QT_TRANSLATE_NOOP("Findings", "The \"kid\" holds path, quote, SQL or control characters. Verifiers that use kid to "
                                   "open a file or query a database can be tricked into using a key the attacker "
                                   "knows (RFC 8725 §3.10).")},
    {"duplicate_member", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Duplicate member"),
     QT_TRANSLATE_NOOP("Findings", "A name occurs twice in one JSON object. Parsers disagree on which value wins, which "
                                   "lets two systems read different claims from the same token (RFC 7515 §5.2).")},
    {"personal_data", Finding::Severity::Info, QT_TRANSLATE_NOOP("Findings", "Personal data"),
     QT_TRANSLATE_NOOP("Findings", "The payload is only encoded, not encrypted: anyone who sees the token reads this "
                                   "personal data. Prefer an opaque identifier and fetch profile data separately.")},
    {"odd_typ", Finding::Severity::Info, QT_TRANSLATE_NOOP("Findings", "Unusual typ"),
     QT_TRANSLATE_NOOP("Findings", "\"typ\" is not a media type commonly used for JWTs (JWT, at+jwt, secevent+jwt, "
                                   "logout+jwt, dpop+jwt, …). Explicit types stop one kind of token being accepted as "
                                   "another (RFC 8725 §3.11).")},
    {"odd_cty", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Unusual cty"),
     QT_TRANSLATE_NOOP("Findings", "\"cty\" is only meant for nested tokens, where it is \"JWT\" (RFC 7519 §5.2). "
                                   "Elsewhere it confuses verifiers about what the payload is.")},
    {"non_canonical_base64url", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Non-canonical base64url"),
     QT_TRANSLATE_NOOP("Findings", "A part uses '=' padding or non-zero unused bits, so several spellings decode to the "
                                   "same bytes. Verification refuses it: the spelling is what is signed (RFC 7515 §2).")},
    {"payload_not_json", Finding::Severity::Info, QT_TRANSLATE_NOOP("Findings", "Payload is not a claims set"),
     QT_TRANSLATE_NOOP("Findings", "A JWS may sign any bytes, but a JWT's payload is a JSON object of claims "
                                   "(RFC 7519 §7.2); claim checks do not apply.")},
    {"unknown_crit", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Critical header extensions"),
     QT_TRANSLATE_NOOP("Findings", "\"crit\" lists header parameters a recipient must understand or else reject the "
                                   "token (RFC 7515 §4.1.11). Tokenscope implements none (not even b64), so "
                                   "verification fails unless the policy names them as understood.")},
    {"crit_malformed", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Malformed crit"),
     QT_TRANSLATE_NOOP("Findings", "\"crit\" must be a non-empty array of names of extension parameters that are "
                                   "present in the header, never registered names (RFC 7515 §4.1.11).")},
    {"jwe_opaque", Finding::Severity::Info, QT_TRANSLATE_NOOP("Findings", "Encrypted token"),
     QT_TRANSLATE_NOOP("Findings", "This is a JWE (RFC 7516): without the recipient's key only its header is "
                                   "readable. Give the key in the Signature / Decryption pane (or to tokenscope-cli "
                                   "decrypt) to read the claims and check any inner signature.")},
    {"at_jwt_missing_claim", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Access token lacks required claims"),
     QT_TRANSLATE_NOOP("Findings", "A JWT access token (typ at+jwt) must carry iss, exp, aud, sub, client_id, iat and "
                                   "jti (RFC 9068 §2.2).")},

    // ---- Proof of possession and token binding: DPoP proofs (RFC 9449), OpenID Connect hashes (OIDC Core §3.1.3.6,
    // §3.3.2.11) and the tokens of one token response. Each is the reason code of a failed binding check
    // (binding/BindingCheck.h), so a failed check and its finding share one id.
    {"dpop_malformed", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "DPoP proof unreadable"),
     QT_TRANSLATE_NOOP("Findings", "A DPoP proof is a signed JWT with a JSON object of claims (RFC 9449 §4.2); this one "
                                   "is not, so a server must refuse the request.")},
    {"dpop_typ_wrong", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "DPoP proof without typ dpop+jwt"),
     QT_TRANSLATE_NOOP("Findings", "A DPoP proof must say \"typ\": \"dpop+jwt\" (RFC 9449 §4.2, §4.3 step 4), so that no "
                                   "other signed JWT can be replayed as a proof (RFC 8725 §3.11).")},
    {"dpop_alg_unusable", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "DPoP proof algorithm not asymmetric"),
     QT_TRANSLATE_NOOP("Findings", "A DPoP proof is signed with an asymmetric algorithm (RFC 9449 §4.2): never none, never "
                                   "an HMAC, whose secret the server would have to share.")},
    {"dpop_jwk_missing", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "DPoP proof key missing or unusable"),
     QT_TRANSLATE_NOOP("Findings", "The proof must carry its public key in the \"jwk\" header (RFC 9449 §4.2), of a type "
                                   "its alg can use. This is the one place a header key is trusted, and only to check "
                                   "the proof itself.")},
    {"dpop_jwk_private", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "DPoP proof carries a private key"),
     QT_TRANSLATE_NOOP("Findings", "The \"jwk\" header holds private key members: the key is leaked to every server that "
                                   "sees the request, and the proof must be refused (RFC 9449 §4.3 step 7). Make a new "
                                   "key pair.")},
    {"dpop_signature_invalid", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "DPoP proof signature invalid"),
     QT_TRANSLATE_NOOP("Findings", "The proof's signature does not verify with the key in its own \"jwk\" header "
                                   "(RFC 9449 §4.3 step 6).")},
    {"dpop_htm_mismatch", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "DPoP proof for another method"),
     QT_TRANSLATE_NOOP("Findings", "\"htm\" must be the request's HTTP method, compared exactly (RFC 9449 §4.3 step 8): a "
                                   "proof made for one method must not authorise another.")},
    {"dpop_htu_mismatch", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "DPoP proof for another URL"),
     QT_TRANSLATE_NOOP("Findings", "\"htu\" must be the request's URL without query and fragment, compared after "
                                   "RFC 3986 §6.2.2-6.2.3 normalisation: scheme and host case-insensitive, default port "
                                   "left out (RFC 9449 §4.3 step 9).")},
    {"dpop_iat_outside_window", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "DPoP proof too old or from the future"),
     QT_TRANSLATE_NOOP("Findings", "A server accepts proofs only within a short window around \"iat\" (RFC 9449 §4.3 step "
                                   "11, §11.1): an old proof may be a replay; a proof from the future a pre-made one.")},
    {"dpop_jti_missing", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "DPoP proof without jti"),
     QT_TRANSLATE_NOOP("Findings", "\"jti\" is what a server remembers to refuse a replayed proof (RFC 9449 §4.2, §11.1); "
                                   "without it, a proof is required to be refused.")},
    {"dpop_nonce_mismatch", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "DPoP nonce differs"),
     QT_TRANSLATE_NOOP("Findings", "The server asked for a nonce (DPoP-Nonce) and the proof does not carry it; it answers "
                                   "use_dpop_nonce and the client must retry (RFC 9449 §8, §9).")},
    {"dpop_ath_mismatch", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "DPoP proof not for this access token"),
     QT_TRANSLATE_NOOP("Findings", "With an access token, the proof's \"ath\" must be base64url(SHA-256(access token)) "
                                   "(RFC 9449 §4.2, §7): otherwise the proof was made for another token.")},
    {"dpop_jkt_mismatch", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Access token bound to another key"),
     QT_TRANSLATE_NOOP("Findings", "A DPoP-bound access token names its key in \"cnf\": {\"jkt\": …}, the RFC 7638 "
                                   "thumbprint of the proof's key (RFC 9449 §6.1). A different or missing jkt means the "
                                   "token is not bound to the key that signed this proof.")},
    {"dpop_bearer_scheme", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "DPoP token sent as Bearer"),
     QT_TRANSLATE_NOOP("Findings", "A DPoP-bound access token travels with the DPoP authorization scheme (RFC 9449 §7.1); "
                                   "sent as Bearer, a server that does not check the binding accepts it as a bearer "
                                   "token, which is the downgrade DPoP is meant to prevent.")},
    {"at_hash_mismatch", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "at_hash does not match"),
     QT_TRANSLATE_NOOP("Findings", "\"at_hash\" is the base64url left half of the hash of the access token, the hash "
                                   "the ID token's alg uses (OIDC Core §3.1.3.6, §3.2.2.9). A mismatch means the access "
                                   "token was swapped.")},
    {"c_hash_mismatch", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "c_hash does not match"),
     QT_TRANSLATE_NOOP("Findings", "\"c_hash\" is the base64url left half of the hash of the authorization code (OIDC "
                                   "Core §3.3.2.11). A mismatch means the code was swapped (code injection).")},
    {"s_hash_mismatch", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "s_hash does not match"),
     QT_TRANSLATE_NOOP("Findings", "\"s_hash\" is the base64url left half of the hash of the state value (FAPI 1.0 "
                                   "Advanced §5.1, computed as at_hash is). A mismatch means the state was swapped.")},
    {"id_token_nonce_mismatch", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "ID token nonce differs"),
     QT_TRANSLATE_NOOP("Findings", "The ID token's \"nonce\" must be the value the client sent in its authentication "
                                   "request (OIDC Core §3.1.3.7 step 11); otherwise the ID token is a replay.")},
    {"token_response_iss_mismatch", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Tokens from different issuers"),
     QT_TRANSLATE_NOOP("Findings", "The tokens of one token response come from one authorization server, so a JWT access "
                                   "token's \"iss\" (RFC 9068 §2.2) is the ID token's \"iss\" (OIDC Core §2).")},
    {"token_response_sub_mismatch", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Tokens about different subjects"),
     QT_TRANSLATE_NOOP("Findings", "The access token and the ID token of one response name different \"sub\" values. "
                                   "That is legitimate only with pairwise or per-audience identifiers (RFC 9068 §6); "
                                   "otherwise the tokens belong to different users.")},
    {"token_response_client_mismatch", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Tokens for different clients"),
     QT_TRANSLATE_NOOP("Findings", "A JWT access token's \"client_id\" (RFC 9068 §2.2) is the client the ID token was "
                                   "issued to: one of its \"aud\" values and its \"azp\" when present (OIDC Core §2).")},
    // ---- end of the proof-of-possession and token-binding block
    {"dropped_characters", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "Characters dropped around the token"),
     QT_TRANSLATE_NOOP("Findings", "Something was stuck to the token with no separator (a dot, or a character outside "
                                   "base64url) and was left out to show what remains. Where the token really ends is "
                                   "a guess, so verification refuses it as malformed (RFC 7515 §7.1).")},
    {"claims_not_checked", Finding::Severity::Info, QT_TRANSLATE_NOOP("Findings", "Claims not checked"),
     QT_TRANSLATE_NOOP("Findings", "The payload is not a JSON object, so exp, nbf, iat, iss, aud and required claims "
                                   "could not be checked.")},
    {"sd_disclosure_unreferenced", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Disclosure nothing refers to"),
     QT_TRANSLATE_NOOP("Findings", "No digest in the issuer-signed JWT or in another Disclosure matches this Disclosure, "
                                   "so the issuer never vouched for it: it was added or altered. A verifier must "
                                   "reject the SD-JWT (RFC 9901 §7.1 step 5).")},
    {"sd_digest_repeated", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Digest referred to twice"),
     QT_TRANSLATE_NOOP("Findings", "The same digest appears more than once in the payload or through Disclosures, so "
                                   "one Disclosure could fill two places. A verifier must reject the SD-JWT "
                                   "(RFC 9901 §7.1 step 4).")},
    {"sd_reserved_claim_name", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Reserved claim name in a Disclosure"),
     QT_TRANSLATE_NOOP("Findings", "A Disclosure names the claim \"_sd\" or \"...\", which would smuggle digests past the "
                                   "issuer. A verifier must reject the SD-JWT (RFC 9901 §7.1 step 3).")},
    {"sd_claim_clash", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Disclosed claim already present"),
     QT_TRANSLATE_NOOP("Findings", "A Disclosure discloses a claim that the object already holds in the clear. A "
                                   "verifier must reject the SD-JWT rather than pick one (RFC 9901 §7.1 step 3).")},
    {"sd_structure_invalid", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Malformed selective-disclosure structure"),
     QT_TRANSLATE_NOOP("Findings", "An \"_sd\" member that is not an array of digest strings, an array-element Disclosure "
                                   "behind \"_sd\" or a claim Disclosure behind \"...\", or nesting past the limit "
                                   "(RFC 9901 §4.2.4).")},
    {"sd_alg_unknown", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Unknown digest algorithm"),
     QT_TRANSLATE_NOOP("Findings", "\"_sd_alg\" names a hash that is not in the IANA Named Information Hash Algorithm "
                                   "registry or that Tokenscope cannot compute, so no Disclosure can be checked "
                                   "(RFC 9901 §4.1.1).")},
    {"sd_alg_weak", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Weak digest algorithm"),
     QT_TRANSLATE_NOOP("Findings", "\"_sd_alg\" names a truncated or broken hash (sha-256-128, sha-1, md5, …). Digests "
                                   "must be collision resistant, or a holder can swap in another Disclosure with the "
                                   "same digest (RFC 9901 §4.1.1, §9.5).")},
    {"sd_key_binding_missing", Finding::Severity::Warning, QT_TRANSLATE_NOOP("Findings", "No key binding"),
     QT_TRANSLATE_NOOP("Findings", "The verifier asks for key binding but the SD-JWT has no Key Binding JWT: whoever "
                                   "holds a copy can present it (RFC 9901 §7.3).")},
    {"sd_key_binding_invalid", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Key binding does not verify"),
     QT_TRANSLATE_NOOP("Findings", "The Key Binding JWT is not signed by the key in the issuer's cnf, or its sd_hash, "
                                   "nonce, aud or iat do not fit this presentation (RFC 9901 §4.3, §7.3).")},
    {"hmac_secret_short", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Short HMAC secret"),
     QT_TRANSLATE_NOOP("Findings", "An HMAC key shorter than the hash output (32 bytes for HS256) can be brute-forced "
                                   "offline from any one token (RFC 7518 §3.2, RFC 8725 §3.5).")},
    {"hmac_secret_weak", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Well-known HMAC secret"),
     QT_TRANSLATE_NOOP("Findings", "The secret is one of the values found in tutorials and default configurations; "
                                   "anyone can forge tokens with it. Generate a random secret.")},
    {"rsa_key_small", Finding::Severity::High, QT_TRANSLATE_NOOP("Findings", "Small RSA key"),
     QT_TRANSLATE_NOOP("Findings", "RSA keys under 2048 bits are too weak for JWS (RFC 7518 §3.3).")},
};
// clang-format on

Finding makeFinding(const char *id, QString message, Span span = {})
{
    return FindingsCatalogue::make(QString::fromLatin1(id), std::move(message), span);
}

// Where a whole member (name through value) of the header or payload sits in the token text.
Span memberSpan(const DecodedToken &token, SegmentRole role, const JsonMember &member)
{
    return token.tokenSpan(role, {member.nameSpan.start, member.value.span.end() - member.nameSpan.start});
}

Span segmentSpan(const DecodedToken &token, SegmentRole role)
{
    return token.hasSegment(role) ? token.segment(role).span : Span {};
}

// RFC 7519 §2 NumericDate: seconds as a JSON number, possibly with a fraction (rounded down here).
std::optional<qint64> numericDate(const JsonValue &value)
{
    if (!value.isNumber())
        return std::nullopt;
    std::optional<qint64> seconds = value.toInteger();
    if (!seconds) {
        const std::optional<double> real = value.toDouble();
        if (!real || !std::isfinite(*real) || std::fabs(*real) > 9.0e18)
            return std::nullopt;
        seconds = static_cast<qint64>(std::floor(*real));
    }
    return TimeFormat::inRange(*seconds) ? seconds : std::nullopt;
}

// Differences of attacker-chosen 64-bit dates must not overflow.
qint64 saturatedDifference(qint64 later, qint64 earlier)
{
    qint64 result = 0;
    if (qSubOverflow(later, earlier, &result))
        return later > earlier ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min() + 1;
    return result;
}

QString dateText(qint64 seconds)
{
    const QString iso = TimeFormat::isoUtc(seconds);
    return iso.isEmpty() ? QString::number(seconds) : iso;
}

// Why a kid looks like an injection probe, or empty when it does not (RFC 8725 §3.10: kid is attacker-chosen).
QString kidProblem(const QString &kid)
{
    for (const QChar character : kid) {
        if (character.unicode() < 0x20 || character.unicode() == 0x7f)
            return FindingsText::tr("a control character (U+%1)").arg(character.unicode(), 4, 16, QLatin1Char('0'));
    }
    static const char *const fragments[]
        = {"..", "/", "\\", "\"", "'", "`", ";", "--", "|", "$(", "%2e", "%2f", "%00", "/*"};
    for (const char *fragment : fragments) {
        if (kid.contains(QLatin1String(fragment), Qt::CaseInsensitive))
            return FindingsText::tr("\"%1\"").arg(QLatin1String(fragment));
    }
    static const QRegularExpression sqlWords(
        QStringLiteral("\\b(union|select|insert|drop|delete|sleep|waitfor|benchmark|exec)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = sqlWords.match(kid);
    if (match.hasMatch())
        return FindingsText::tr("the SQL word \"%1\"").arg(match.captured(1));
    return {};
}

bool isKnownTyp(const QString &type)
{
    static const char *const known[] = {
        "jwt", "jose", "jose+json", "jwt-bearer", "sd-jwt", "jwt+sd",
    };
    const QString lower = MediaTypes::canonical(type);
    // Explicit typing names the kind of token with a structured syntax suffix ("example+jwt", RFC 8725 §3.11; and
    // the "+sd-jwt" suffix RFC 9901 registers), so any such type is a usual one.
    for (const QLatin1String suffix : {QLatin1String("+jwt"), QLatin1String("+sd-jwt")}) {
        if (lower.size() > suffix.size() && lower.endsWith(suffix))
            return true;
    }
    return std::any_of(std::begin(known), std::end(known),
                       [&lower](const char *name) { return lower == QLatin1String(name); });
}

// RFC 7515 §4.1, RFC 7516 §4.1, RFC 7518 §4.6-4.8: registered names crit must not list.
bool isRegisteredHeaderName(QStringView name)
{
    static const char16_t *const registered[]
        = {u"alg",  u"jku", u"jwk", u"kid", u"x5u", u"x5c", u"x5t", u"x5t#S256", u"typ", u"cty",
           u"crit", u"enc", u"zip", u"epk", u"apu", u"apv", u"iv",  u"tag",      u"p2s", u"p2c"};
    return std::any_of(std::begin(registered), std::end(registered),
                       [name](const char16_t *candidate) { return name == QStringView(candidate); });
}

void checkEncoding(const DecodedToken &token, Findings &findings)
{
    for (const TokenSegment &segment : token.segments) {
        if (segment.canonical)
            continue;
        const Span span = segment.nonCanonicalOffset >= 0 ? Span {segment.nonCanonicalOffset, 1} : segment.span;
        const char character = span.start < token.text.size() ? token.text.at(span.start) : '?';
        const QString what = character == '='
            ? FindingsText::tr("'=' padding")
            : FindingsText::tr("non-zero unused bits in its last character '%1'").arg(QLatin1Char(character));
        findings.append(makeFinding("non_canonical_base64url",
                                    FindingsText::tr("the %1 is not canonical base64url: %2 (character %3)")
                                        .arg(CompactToken::segmentName(segment.role), what)
                                        .arg(span.start),
                                    span));
    }
}

void checkDuplicates(const DecodedToken &token, Findings &findings)
{
    const auto report = [&](SegmentRole role, const std::vector<JsonDuplicate> &duplicates) {
        for (const JsonDuplicate &duplicate : duplicates) {
            findings.append(
                makeFinding("duplicate_member",
                            FindingsText::tr("the %1 has \"%2\" twice; parsers disagree on which one counts")
                                .arg(CompactToken::segmentName(role), duplicate.name),
                            token.tokenSpan(role, duplicate.duplicateNameSpan)));
        }
    };
    report(SegmentRole::Header, token.headerDuplicates);
    report(SegmentRole::Payload, token.payloadDuplicates);
}

void checkHeader(const DecodedToken &token, Findings &findings)
{
    const JsonValue &header = token.header;
    const SegmentRole role = SegmentRole::Header;

    if (token.kind != TokenKind::Jwe) {
        const JsonMember *alg = header.member(u"alg");
        if (alg && alg->value.isString()) {
            const QString &name = alg->value.string;
            const Span span = memberSpan(token, role, *alg);
            if (token.kind == TokenKind::Unsecured) {
                findings.append(makeFinding(
                    "alg_none", FindingsText::tr("\"alg\" is \"none\": the token is not signed at all"), span));
            } else if (!Algorithms::fromName(name)) {
                const QString message = name.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0
                    ? FindingsText::tr(
                          "\"alg\" is \"%1\", a different spelling of \"none\" that lax verifiers may accept")
                          .arg(name)
                    : FindingsText::tr("\"alg\" is \"%1\", which is not a JWS algorithm Tokenscope knows").arg(name);
                findings.append(makeFinding("alg_unknown", message, span));
            }
            if (token.kind == TokenKind::Jws && token.signature().isEmpty() && Algorithms::fromName(name)) {
                findings.append(makeFinding("signature_missing",
                                            FindingsText::tr("\"alg\" is %1 but the signature part is empty").arg(name),
                                            span));
            }
        }
    }

    static const struct
    {
        const char16_t *name;
        const char *id;
    } embedded[] = {{u"jku", "header_jku"}, {u"x5u", "header_x5u"}, {u"jwk", "header_jwk"}, {u"x5c", "header_x5c"}};
    for (const auto &parameter : embedded) {
        const QStringView name(parameter.name);
        if (const JsonMember *member = header.member(name)) {
            QString detail = member->value.isString()
                ? FindingsText::tr("\"%1\" points to %2").arg(name, member->value.string)
                : FindingsText::tr("the header carries \"%1\"").arg(name);
            findings.append(makeFinding(
                parameter.id, FindingsText::tr("%1; never used for verification, keys come only from you").arg(detail),
                memberSpan(token, role, *member)));
        }
    }

    if (const JsonMember *kid = header.member(u"kid")) {
        if (kid->value.isString()) {
            const QString problem = kidProblem(kid->value.string);
            if (!problem.isEmpty()) {
                findings.append(makeFinding(
                    "kid_suspicious",
                    FindingsText::tr("\"kid\" contains %1, a sign of path traversal or injection").arg(problem),
                    memberSpan(token, role, *kid)));
            }
        }
    }

    if (const JsonMember *typ = header.member(u"typ")) {
        if (!typ->value.isString()) {
            findings.append(
                makeFinding("odd_typ", FindingsText::tr("\"typ\" is not a string"), memberSpan(token, role, *typ)));
        } else if (!isKnownTyp(typ->value.string)) {
            findings.append(makeFinding(
                "odd_typ", FindingsText::tr("\"typ\" is \"%1\", not a usual JWT media type").arg(typ->value.string),
                memberSpan(token, role, *typ)));
        }
    }

    if (const JsonMember *cty = header.member(u"cty")) {
        const Span span = memberSpan(token, role, *cty);
        if (!cty->value.isString()) {
            findings.append(makeFinding("odd_cty", FindingsText::tr("\"cty\" is not a string"), span));
        } else if (MediaTypes::canonical(cty->value.string) != QLatin1String("jwt")) {
            findings.append(makeFinding(
                "odd_cty",
                FindingsText::tr("\"cty\" is \"%1\"; only \"JWT\" (a nested token) is expected").arg(cty->value.string),
                span));
        } else if (token.kind != TokenKind::Jwe && token.payload) {
            // RFC 7519 §5.2: cty "JWT" announces a nested JWS/JWE, which is never a JSON object.
            findings.append(makeFinding(
                "odd_cty", FindingsText::tr("\"cty\" says the payload is a nested JWT, but the payload is JSON"),
                span));
        }
    }

    if (const JsonMember *crit = header.member(u"crit")) {
        const Span span = memberSpan(token, role, *crit);
        QStringList names;
        QString problem;
        if (!crit->value.isArray() || crit->value.elements.empty()) {
            problem = FindingsText::tr("it is not a non-empty array");
        } else {
            for (const JsonValue &element : crit->value.elements) {
                if (!element.isString()) {
                    problem = FindingsText::tr("it holds a value that is not a string");
                    break;
                }
                if (isRegisteredHeaderName(element.string)) {
                    problem = FindingsText::tr("it lists the registered name \"%1\"").arg(element.string);
                    break;
                }
                if (!header.member(element.string)) {
                    problem = FindingsText::tr("it lists \"%1\", which is not in the header").arg(element.string);
                    break;
                }
                names.append(element.string);
            }
        }
        if (!problem.isEmpty()) {
            findings.append(
                makeFinding("crit_malformed", FindingsText::tr("\"crit\" is malformed: %1").arg(problem), span));
        } else {
            findings.append(
                makeFinding("unknown_crit",
                            FindingsText::tr("\"crit\" requires understanding %1; verification fails unless the policy "
                                             "accepts them")
                                .arg(names.join(QLatin1String(", "))),
                            span));
        }
    }
}

void checkClaims(const DecodedToken &token, qint64 nowSeconds, Findings &findings)
{
    const SegmentRole role = SegmentRole::Payload;
    if (!token.payload) {
        const QString detail
            = token.payloadError.message.isEmpty() ? FindingsText::tr("not JSON") : token.payloadError.message;
        findings.append(makeFinding("payload_not_json", FindingsText::tr("the payload is not JSON (%1)").arg(detail),
                                    segmentSpan(token, role)));
        return;
    }
    const JsonValue &payload = *token.payload;
    if (!payload.isObject()) {
        findings.append(makeFinding("payload_not_json",
                                    FindingsText::tr("the payload is JSON but not an object of claims"),
                                    segmentSpan(token, role)));
        return;
    }

    // Date claims: parse what is there, flag what is not a NumericDate.
    std::optional<qint64> exp, nbf, iat;
    static const char16_t *const dateClaims[] = {u"exp", u"nbf", u"iat", u"auth_time", u"updated_at"};
    for (const char16_t *name : dateClaims) {
        const JsonMember *member = payload.member(QStringView(name));
        if (!member)
            continue;
        const std::optional<qint64> date = numericDate(member->value);
        if (!date) {
            findings.append(
                makeFinding("numeric_date_malformed",
                            FindingsText::tr("\"%1\" is not a NumericDate (a number of seconds within years 1 to 9999)")
                                .arg(QStringView(name)),
                            memberSpan(token, role, *member)));
            continue;
        }
        const QStringView view(name);
        if (view == u"exp")
            exp = date;
        else if (view == u"nbf")
            nbf = date;
        else if (view == u"iat")
            iat = date;
    }

    const JsonMember *expMember = payload.member(u"exp");
    const JsonMember *iatMember = payload.member(u"iat");
    const JsonMember *nbfMember = payload.member(u"nbf");
    if (!expMember && token.kind == TokenKind::Jws) {
        findings.append(makeFinding("no_exp", FindingsText::tr("the token has no \"exp\": it never expires"),
                                    segmentSpan(token, role)));
    }
    if (exp) {
        const Span span = memberSpan(token, role, *expMember);
        const qint64 lifetime = iat ? saturatedDifference(*exp, *iat) : saturatedDifference(*exp, nowSeconds);
        if (lifetime > kDay) {
            findings.append(makeFinding("long_lifetime",
                                        iat ? FindingsText::tr("the token lives %1 (from iat to exp), more than 24h")
                                                  .arg(TimeFormat::duration(lifetime))
                                            : FindingsText::tr("the token is valid for another %1, more than 24h")
                                                  .arg(TimeFormat::duration(lifetime)),
                                        span));
        }
        if (nowSeconds >= *exp) {
            findings.append(makeFinding(
                "expired",
                FindingsText::tr("%1 (exp %2)")
                    .arg(TimeFormat::relative(*exp, nowSeconds, TimeFormat::Phrase::Expiry), dateText(*exp)),
                span));
        }
        if ((iat && *exp <= *iat) || (nbf && *exp <= *nbf)) {
            findings.append(makeFinding(
                "never_valid",
                iat && *exp <= *iat
                    ? FindingsText::tr("\"exp\" (%1) is not after \"iat\" (%2)").arg(dateText(*exp), dateText(*iat))
                    : FindingsText::tr("\"exp\" (%1) is not after \"nbf\" (%2)").arg(dateText(*exp), dateText(*nbf)),
                span));
        }
    }
    if (iat && *iat > nowSeconds) {
        findings.append(
            makeFinding("iat_in_future",
                        FindingsText::tr("issued %1 in the future (iat %2)")
                            .arg(TimeFormat::duration(saturatedDifference(*iat, nowSeconds)), dateText(*iat)),
                        memberSpan(token, role, *iatMember)));
    }
    if (nbf && nowSeconds < *nbf) {
        findings.append(makeFinding(
            "not_yet_valid",
            FindingsText::tr("valid only from %1 (nbf %2)").arg(TimeFormat::relative(*nbf, nowSeconds), dateText(*nbf)),
            memberSpan(token, role, *nbfMember)));
    }

    if (const JsonMember *aud = payload.member(u"aud")) {
        bool wellFormed = aud->value.isString();
        if (aud->value.isArray()) {
            wellFormed = std::all_of(aud->value.elements.begin(), aud->value.elements.end(),
                                     [](const JsonValue &element) { return element.isString(); });
        }
        if (!wellFormed) {
            findings.append(makeFinding("aud_malformed",
                                        FindingsText::tr("\"aud\" is neither a string nor an array of strings"),
                                        memberSpan(token, role, *aud)));
        }
    }

    // One finding per claim so that each can be highlighted where it sits.
    static const char16_t *const personal[]
        = {u"name",         u"given_name", u"family_name", u"middle_name", u"nickname", u"email",
           u"phone_number", u"address",    u"birthdate",   u"gender",      u"ipaddr",   u"upn"};
    for (const JsonMember &member : payload.members) {
        const bool isPersonal = std::any_of(std::begin(personal), std::end(personal), [&member](const char16_t *name) {
            return member.name == QStringView(name);
        });
        if (isPersonal) {
            findings.append(makeFinding(
                "personal_data",
                FindingsText::tr("\"%1\" is personal data readable by anyone holding the token").arg(member.name),
                memberSpan(token, role, member)));
        }
    }

    // RFC 9068 §2.2: JWT access tokens carry a fixed set of claims.
    const JsonValue *typ = token.header.value(u"typ");
    if (typ && typ->isString() && MediaTypes::canonical(typ->string) == QLatin1String("at+jwt")) {
        QStringList missing;
        for (const char *name : {"iss", "exp", "aud", "sub", "client_id", "iat", "jti"}) {
            if (!payload.member(QString::fromLatin1(name)))
                missing.append(QString::fromLatin1(name));
        }
        if (!missing.isEmpty()) {
            findings.append(
                makeFinding("at_jwt_missing_claim",
                            FindingsText::tr("typ is at+jwt but %1 missing").arg(missing.join(QLatin1String(", "))),
                            segmentSpan(token, role)));
        }
    }
}

} // namespace

const QList<Entry> &entries()
{
    static const QList<Entry> list = [] {
        QList<Entry> result;
        result.reserve(std::size(kSources));
        for (const Source &item : kSources)
            result.append({QString::fromLatin1(item.id), item.severity, FindingsText::tr(item.title),
                           FindingsText::tr(item.explanation)});
        return result;
    }();
    return list;
}

const Entry *entry(QStringView id)
{
    for (const Entry &candidate : entries()) {
        if (candidate.id == id)
            return &candidate;
    }
    return nullptr;
}

Findings analyzeToken(const DecodedToken &token, qint64 nowSeconds)
{
    Findings findings;
    checkEncoding(token, findings);
    checkDuplicates(token, findings);
    checkHeader(token, findings);
    if (token.kind == TokenKind::Jwe) {
        const JsonValue *enc = token.header.value(u"enc");
        findings.append(makeFinding(
            "jwe_opaque",
            FindingsText::tr("encrypted with %1 / %2: the claims need the recipient's key")
                .arg(token.algorithm(), enc && enc->isString() ? enc->string : FindingsText::tr("unknown enc")),
            segmentSpan(token, SegmentRole::Header)));
        return findings;
    }
    checkClaims(token, nowSeconds, findings);
    return findings;
}

Finding make(QStringView id, QString message, Span span)
{
    const auto known = std::find_if(std::begin(kSources), std::end(kSources),
                                    [id](const Source &candidate) { return QLatin1StringView(candidate.id) == id; });
    const Finding::Severity severity = known != std::end(kSources) ? known->severity : Finding::Severity::Info;
    return Finding {id.toString(), severity, std::move(message), span};
}

Findings analyzeExtraction(const ExtractedToken &extracted)
{
    Findings findings;
    if (!extracted.dropped.isEmpty())
        findings.append(
            makeFinding("dropped_characters", FindingsText::tr("left out of the token: %1").arg(extracted.dropped)));
    return findings;
}

Findings analyzeKey(const Key &key, std::optional<Algorithm> algorithm)
{
    Findings findings;
    if (key.isNull())
        return findings;
    if (key.type() == Key::Type::Oct) {
        const KeyData *data = key.data();
        const QByteArrayView secret = data ? data->secret.view() : QByteArrayView();
        // A blank secret is as guessable as any entry of the built-in list.
        if (WeakSecrets::contains(secret) || secret.trimmed().isEmpty()) {
            findings.append(
                makeFinding("hmac_secret_weak",
                            FindingsText::tr("the HMAC secret is a well-known value from the built-in weak-secret list "
                                             "(samples, defaults, common passwords)")));
        }
        // RFC 7518 §3.2: at least the hash size of the HS algorithm; without one, HS256's 32 bytes.
        const int minimum
            = algorithm && Algorithms::family(*algorithm) == KeyFamily::Hmac ? Algorithms::hashSize(*algorithm) : 32;
        if (secret.size() < minimum) {
            findings.append(makeFinding("hmac_secret_short",
                                        algorithm
                                            ? FindingsText::tr("the HMAC secret is %1 bytes; %2 needs at least %3")
                                                  .arg(secret.size())
                                                  .arg(Algorithms::name(*algorithm))
                                                  .arg(minimum)
                                            : FindingsText::tr("the HMAC secret is %1 bytes; HMAC needs at least %2")
                                                  .arg(secret.size())
                                                  .arg(minimum)));
        }
    } else if (key.type() == Key::Type::Rsa && key.bits() < 2048) {
        findings.append(
            makeFinding("rsa_key_small",
                        FindingsText::tr("the RSA key has %1 bits, fewer than the 2048 required").arg(key.bits())));
    }
    return findings;
}

} // namespace tokenscope::FindingsCatalogue
