// libFuzzer target for TokenExtractor::extract and CompactToken::decode: every extracted candidate and the raw
// input are decoded, and the span mappings between token characters and decoded bytes must stay in bounds.

#include "jose/CompactToken.h"
#include "jose/TokenExtractor.h"

#include <QByteArrayView>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

using namespace tokenscope;

void checkMapping(const DecodedToken &token, SegmentRole role, Span bytes)
{
    const TokenSegment &segment = token.segment(role);
    const Span characters = token.tokenSpan(role, bytes);
    if (characters.start < segment.span.start || characters.end() > segment.span.end() || characters.length < 0)
        std::abort();
    const Span back = token.decodedSpan(role, characters);
    if (back.start < 0 || back.end() > segment.bytes.size() || back.length < 0)
        std::abort();
    // Bytes inside the segment map to characters that carry them back.
    if (bytes.length > 0 && bytes.start >= 0 && bytes.end() <= segment.bytes.size()
        && (back.start > bytes.start || back.end() < bytes.end()))
        std::abort();
}

void checkMembers(const DecodedToken &token, SegmentRole role, const JsonValue &value)
{
    checkMapping(token, role, value.span);
    for (const JsonMember &member : value.members) {
        checkMapping(token, role, member.nameSpan);
        checkMembers(token, role, member.value);
    }
    for (const JsonValue &element : value.elements)
        checkMembers(token, role, element);
}

void decodeAndCheck(QByteArrayView text)
{
    const DecodeResult result = CompactToken::decode(text);
    if (!result) {
        if (result.error.message.isEmpty() || result.error.offset > text.size())
            std::abort();
        return;
    }
    const DecodedToken &token = *result.token;
    if (token.segments.size() != 3 && token.segments.size() != 5)
        std::abort();
    if (!token.header.isObject())
        std::abort();
    (void)token.algorithm();
    (void)token.keyId();
    (void)token.isCanonical();
    if (token.signingInput().size() > token.text.size())
        std::abort();
    checkMembers(token, SegmentRole::Header, token.header);
    if (token.payload)
        checkMembers(token, SegmentRole::Payload, *token.payload);
    for (const TokenSegment &segment : token.segments) {
        if (segment.span.start < 0 || segment.span.end() > token.text.size())
            std::abort();
        if (!segment.canonical && !segment.span.contains(segment.nonCanonicalOffset))
            std::abort();
        checkMapping(token, segment.role, {0, segment.bytes.size()});
        checkMapping(token, segment.role, {-3, 1000000});
        (void)token.decodedSpan(segment.role, {segment.span.start - 2, 5});
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString text = QString::fromUtf8(input);
    const QList<ExtractedToken> tokens = TokenExtractor::extract(text);
    for (const ExtractedToken &token : tokens) {
        if (token.span.start < 0 || token.span.end() > text.size() || token.token.isEmpty())
            std::abort();
        decodeAndCheck(token.token);
    }
    decodeAndCheck(input);
    return 0;
}
