#pragma once

#include "common/Span.h"
#include "jose/CompactToken.h"
#include "jose/Json.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace tokenscope {

// One Disclosure of an SD-JWT (RFC 9901 §4.2): base64url of the JSON array [salt, claim name, value] for an object
// property (§4.2.1) or [salt, value] for an array element (§4.2.2).
struct Disclosure
{
    int position = 0; // 1-based, in the order the SD-JWT lists them
    Span span; // the base64url text in the SD-JWT
    QByteArray encoded; // as given: its digest is taken over exactly these characters (§4.2.3)
    QString salt;
    std::optional<QString> claimName; // absent for an array element
    JsonValue value;

    [[nodiscard]] bool isArrayElement() const { return !claimName.has_value(); }
};

// An SD-JWT or SD-JWT+KB in compact form (RFC 9901 §4):
//   <Issuer-signed JWT>~<Disclosure 1>~…~<Disclosure N>~[<Key Binding JWT>]
// SD-JWT VC (typ "dc+sd-jwt", formerly "vc+sd-jwt") has the same shape.
class SdJwt
{
public:
    QByteArray text; // the whole SD-JWT as given
    DecodedToken issuerSigned; // the issuer-signed JWT (its spans are within `text`, which it starts)
    std::vector<Disclosure> disclosures;
    // The KB-JWT, when present. Its own spans count from its first character; keyBindingSpan.start moves them
    // into `text`.
    std::optional<DecodedToken> keyBinding;
    Span keyBindingSpan;

    // RFC 9901 §4.3.1: sd_hash covers the presentation up to and including the '~' before the KB-JWT.
    [[nodiscard]] QByteArrayView hashedPresentation() const;
    // The "typ" of the issuer-signed JWT's header ("dc+sd-jwt", "vc+sd-jwt", "example+sd-jwt", …) or empty.
    [[nodiscard]] QString type() const;
};

// How large an SD-JWT parse() takes: how many Disclosures, and the decode limits of its JWTs.
struct SdJwtLimits
{
    int maxDisclosures = 4096;
    DecodeLimits decode;
};

// What parse() made of an SD-JWT (RFC 9901 §4): the SD-JWT, or the error naming the part.
struct SdJwtParseResult
{
    std::optional<SdJwt> sdJwt;
    // Errors reuse the compact token's codes; a Disclosure that is not base64url or not a well-formed JSON array
    // has code BadDisclosure, `segment` set to its 1-based position and `offset` to its place in the SD-JWT text.
    DecodeError error;
    explicit operator bool() const { return sdJwt.has_value(); }
};

namespace SdJwtParser {

// Whether text holds the '~' that separates an SD-JWT's parts (a compact JWS or JWE never does).
[[nodiscard]] bool isSdJwt(QByteArrayView text);
// A cheap look at the start of a candidate Disclosure: base64url whose bytes begin with '[' (for the bulk scanner,
// which must not take every "~word" after a token for a Disclosure).
[[nodiscard]] bool looksLikeDisclosure(QByteArrayView encoded);
[[nodiscard]] SdJwtParseResult parse(QByteArrayView text, const SdJwtLimits &limits = {});

} // namespace SdJwtParser
} // namespace tokenscope
