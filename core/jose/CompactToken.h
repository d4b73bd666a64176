#pragma once

#include "common/Span.h"
#include "jose/Base64Url.h"
#include "jose/Json.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace tokenscope {

// A compact-serialised JOSE object (RFC 7515 §7.1, RFC 7516 §7.1) taken apart for display and verification.
enum class TokenKind {
    Jws, // three parts, signed or MACed
    Unsecured, // three parts, "alg":"none" (RFC 7519 §6), empty signature
    Jwe, // five parts: header decoded, the rest opaque
};

enum class SegmentRole {
    Header,
    Payload,
    Signature,
    EncryptedKey,
    InitializationVector,
    Ciphertext,
    AuthenticationTag
};

// One dot-separated part of a compact token: its role, where it sits in the text, and its decoded bytes.
struct TokenSegment
{
    SegmentRole role = SegmentRole::Header;
    Span span; // characters of the token text (without the dots)
    QByteArray bytes; // decoded
    bool canonical = true; // see Base64Url::DecodeResult::canonical
    qsizetype nonCanonicalOffset = -1; // token offset of the offending character when !canonical
};

enum class DecodeErrorCode {
    Empty,
    TooLarge,
    WrongPartCount, // not 3 (JWS) or 5 (JWE) parts
    BadBase64Url, // a character outside the alphabet, or an impossible length
    HeaderNotJson, // the header is not valid JSON (or not UTF-8)
    HeaderNotObject,
    MissingAlg, // RFC 7515 §4.1.1: alg is required
    BadDisclosure, // an SD-JWT Disclosure that is not base64url of a JSON array of 2 or 3 elements (RFC 9901 §4.2)
};

// Why a token could not be decoded: a stable code, the part and character offset, and a message for people.
struct DecodeError
{
    DecodeErrorCode code = DecodeErrorCode::Empty;
    int segment = -1; // 0-based part index, -1 when not about one part
    qsizetype offset = -1; // character offset in the token text
    QString message; // translated, for people: "header (part 1), character 17: '+' is not base64url"
};

// How large a token decode() takes, so a hostile paste cannot exhaust memory: the token's bytes and its JSON.
struct DecodeLimits
{
    qsizetype maxTokenBytes = 16 * 1024 * 1024;
    JsonLimits json;
};

// A compact JWS or JWE taken apart: its segments and parsed header and payload, with spans back into the text.
class DecodedToken
{
public:
    TokenKind kind = TokenKind::Jws;
    QByteArray text; // the token as given (ASCII)
    std::vector<TokenSegment> segments; // 3 or 5

    JsonValue header; // always an object
    std::vector<JsonDuplicate> headerDuplicates;

    // The payload parsed as JSON when it is JSON; a JWS may carry any bytes (RFC 7515 §3), in which case payload
    // is empty and payloadError says why. JWE payloads are opaque: no payload.
    std::optional<JsonValue> payload;
    JsonParseError payloadError;
    std::vector<JsonDuplicate> payloadDuplicates;

    [[nodiscard]] const TokenSegment &segment(SegmentRole role) const;
    [[nodiscard]] bool hasSegment(SegmentRole role) const;
    // The bytes a JWS signature covers: ASCII(BASE64URL(header) || '.' || BASE64URL(payload)) (RFC 7515 §5.1).
    [[nodiscard]] QByteArrayView signingInput() const;
    [[nodiscard]] const QByteArray &signature() const { return segment(SegmentRole::Signature).bytes; }
    // The header's "alg", or empty.
    [[nodiscard]] QString algorithm() const;
    [[nodiscard]] QString keyId() const;
    // True when every segment is canonical base64url.
    [[nodiscard]] bool isCanonical() const;

    // Where decoded bytes of the header or payload sit in the token text, for linked highlighting.
    [[nodiscard]] Span tokenSpan(SegmentRole role, Span decodedBytes) const;
    // The decoded bytes of `role` that token characters [characters] carry.
    [[nodiscard]] Span decodedSpan(SegmentRole role, Span characters) const;
};

// What decode() made of a token: the decoded token, or the error naming the part and offset.
struct DecodeResult
{
    std::optional<DecodedToken> token;
    DecodeError error;
    explicit operator bool() const { return token.has_value(); }
};

namespace CompactToken {
// Takes a bare token (already extracted from pasted text). Never throws; every error names the part and offset.
[[nodiscard]] DecodeResult decode(QByteArrayView token, const DecodeLimits &limits = {});
[[nodiscard]] QString segmentName(SegmentRole role);
} // namespace CompactToken

} // namespace tokenscope
