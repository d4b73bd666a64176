#pragma once

#include "common/Span.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace tokenscope {

// base64url without padding (RFC 7515 §2, RFC 4648 §5), strict by default.
namespace Base64Url {

// What decode() made of base64url text: the bytes, and whether (and where) the text was invalid or not canonical.
struct DecodeResult
{
    QByteArray bytes;
    // False when a character outside the alphabet stops decoding (or the length is impossible, 4n+1).
    bool ok = false;
    // False when the text decodes but is not the one canonical spelling of its bytes: '=' padding, or unused
    // trailing bits that are not zero (RFC 4648 §3.5). Decoding still yields the bytes so they can be shown;
    // verification treats the token as malformed.
    bool canonical = true;
    bool padded = false;
    // With !ok: offset of the first offending character in the input; with !canonical: the offending
    // character (the last data character or the first '=').
    qsizetype errorOffset = -1;
    QString error; // translated detail for people ("character '+' is not base64url")

    explicit operator bool() const { return ok; }
};

// Decodes; accepts trailing '=' padding and non-zero unused bits but reports them as non-canonical.
[[nodiscard]] DecodeResult decode(QByteArrayView text);
// Output room decodeInto() needs for `length` characters: the decoded size plus slack for its wide stores.
[[nodiscard]] constexpr qsizetype maxDecodedSize(qsizetype length)
{
    return length / 4 * 3 + 8;
}
// Like decode(), straight into `output` (maxDecodedSize(text.size()) bytes); returns how many bytes it decoded.
// result.bytes stays empty. Lets a caller decode several texts into one block.
[[nodiscard]] qsizetype decodeInto(QByteArrayView text, char *output, DecodeResult &result);
// True only for canonical unpadded base64url.
[[nodiscard]] bool decodeStrict(QByteArrayView text, QByteArray &out);
[[nodiscard]] QByteArray encode(QByteArrayView bytes);

// The characters of the encoded text that carry decoded bytes [bytes.start, bytes.end()): each byte lives in
// the 2 characters that hold its bits, so a run of bytes maps to a slightly wider run of characters.
[[nodiscard]] Span encodedSpan(Span bytes);
// The decoded bytes whose bits are (partly) held by encoded character `offset`.
[[nodiscard]] Span decodedSpan(Span characters);

} // namespace Base64Url
} // namespace tokenscope
