#pragma once

#include "jose/CompactToken.h"
#include "jose/Json.h"
#include "verify/Finding.h"
#include "verify/TokenVerifier.h"

namespace tokenscope {

// Machine-readable reports of a decoded or verified token: the `--json` output of tokenscope-cli, and what the
// inspector exports. Header and payload are embedded as parsed, so members keep their order and numbers their
// lexemes.
namespace TokenReport {

// Timestamps of the payload (claims the catalogue marks as NumericDates), with ISO-8601 UTC and relative forms.
struct TimeClaim
{
    QString name;
    qint64 value = 0;
    QString isoUtc;
    QString relative; // "expires in 14m 3s" for exp, "3d 4h ago" otherwise
    Span span; // of the value, in the token text
};
[[nodiscard]] QList<TimeClaim> timeClaims(const DecodedToken &token, qint64 nowSeconds);

[[nodiscard]] QString kindName(TokenKind kind); // "JWS", "unsecured JWS", "JWE"
[[nodiscard]] QString decodeErrorCode(DecodeErrorCode code); // "empty", "bad_base64url", …

// {kind, alg, header, payload, payload_text, signature, signature_bytes, times, findings}
[[nodiscard]] JsonValue decodeReport(const DecodedToken &token, const Findings &findings, qint64 nowSeconds);
// {kind: null, error: {code, segment, offset, message}}
[[nodiscard]] JsonValue decodeErrorReport(const DecodeError &error);
// {valid, reason, message, alg, kid, key: {source, thumbprint, kid}, attempts, header, payload, findings}
[[nodiscard]] JsonValue verificationReport(const DecodedToken *token, const VerificationResult &result,
                                           const Findings &findings);
[[nodiscard]] JsonValue findingsArray(const Findings &findings);
// {source, thumbprint, kid, kty} of the key that verified or decrypted a token.
[[nodiscard]] JsonValue keyReport(const Key &key);

} // namespace TokenReport
} // namespace tokenscope
