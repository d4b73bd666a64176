#include "jose/CompactToken.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>
#include <cstring>

namespace tokenscope {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CompactTokenText
{
    Q_DECLARE_TR_FUNCTIONS(CompactToken)
};

constexpr std::array<SegmentRole, 3> kJwsRoles = {SegmentRole::Header, SegmentRole::Payload, SegmentRole::Signature};
// RFC 7516 §7.1: header . encrypted key . initialization vector . ciphertext . authentication tag
constexpr std::array<SegmentRole, 5> kJweRoles
    = {SegmentRole::Header, SegmentRole::EncryptedKey, SegmentRole::InitializationVector, SegmentRole::Ciphertext,
       SegmentRole::AuthenticationTag};

DecodeResult failure(DecodeErrorCode code, int segment, qsizetype offset, QString message)
{
    DecodeResult result;
    result.error.code = code;
    result.error.segment = segment;
    result.error.offset = offset;
    result.error.message = std::move(message);
    return result;
}

// "header (part 1), character 17: …": the part is counted from 1 for people, the character is the 0-based
// offset into the whole token (the same number as DecodeError::offset).
QString located(SegmentRole role, int segment, qsizetype offset, const QString &detail)
{
    return CompactTokenText::tr("%1 (part %2), character %3: %4")
        .arg(CompactToken::segmentName(role))
        .arg(segment + 1)
        .arg(offset)
        .arg(detail);
}

Span clampSpan(Span span, qsizetype size)
{
    const qsizetype start = std::clamp<qsizetype>(span.start, 0, size);
    const qsizetype end = std::clamp<qsizetype>(span.end(), start, size);
    return {start, end - start};
}

} // namespace

const TokenSegment &DecodedToken::segment(SegmentRole role) const
{
    for (const TokenSegment &candidate : segments) {
        if (candidate.role == role)
            return candidate;
    }
    static const TokenSegment empty;
    return empty;
}

bool DecodedToken::hasSegment(SegmentRole role) const
{
    return std::any_of(segments.begin(), segments.end(),
                       [role](const TokenSegment &candidate) { return candidate.role == role; });
}

// For a JWE this is the protected header text, which RFC 7516 §5.1 step 14 uses as the additional authenticated
// data; for a JWS it is RFC 7515 §5.1's signing input.
QByteArrayView DecodedToken::signingInput() const
{
    if (segments.empty())
        return {};
    const Span &last = kind == TokenKind::Jwe ? segments[0].span : segments[1].span;
    return QByteArrayView(text).first(last.end());
}

QString DecodedToken::algorithm() const
{
    const JsonValue *alg = header.value(u"alg");
    return alg && alg->isString() ? alg->string : QString();
}

QString DecodedToken::keyId() const
{
    const JsonValue *kid = header.value(u"kid");
    return kid && kid->isString() ? kid->string : QString();
}

bool DecodedToken::isCanonical() const
{
    return std::all_of(segments.begin(), segments.end(),
                       [](const TokenSegment &candidate) { return candidate.canonical; });
}

Span DecodedToken::tokenSpan(SegmentRole role, Span decodedBytes) const
{
    if (!hasSegment(role))
        return {};
    const TokenSegment &part = segment(role);
    const Span bytes = clampSpan(decodedBytes, part.bytes.size());
    const Span characters = clampSpan(Base64Url::encodedSpan(bytes), part.span.length);
    return characters.shifted(part.span.start);
}

Span DecodedToken::decodedSpan(SegmentRole role, Span characters) const
{
    if (!hasSegment(role))
        return {};
    const TokenSegment &part = segment(role);
    const Span local = clampSpan(characters.shifted(-part.span.start), part.span.length);
    return clampSpan(Base64Url::decodedSpan(local), part.bytes.size());
}

namespace CompactToken {

QString segmentName(SegmentRole role)
{
    switch (role) {
    case SegmentRole::Header:
        return CompactTokenText::tr("header");
    case SegmentRole::Payload:
        return CompactTokenText::tr("payload");
    case SegmentRole::Signature:
        return CompactTokenText::tr("signature");
    case SegmentRole::EncryptedKey:
        return CompactTokenText::tr("encrypted key");
    case SegmentRole::InitializationVector:
        return CompactTokenText::tr("initialization vector");
    case SegmentRole::Ciphertext:
        return CompactTokenText::tr("ciphertext");
    case SegmentRole::AuthenticationTag:
        return CompactTokenText::tr("authentication tag");
    }
    return {};
}

DecodeResult decode(QByteArrayView token, const DecodeLimits &limits)
{
    if (token.isEmpty())
        return failure(DecodeErrorCode::Empty, -1, -1, CompactTokenText::tr("the token is empty"));
    if (token.size() > limits.maxTokenBytes)
        return failure(DecodeErrorCode::TooLarge, -1, limits.maxTokenBytes,
                       CompactTokenText::tr("the token is %1 bytes, more than the limit of %2")
                           .arg(token.size())
                           .arg(limits.maxTokenBytes));

    // RFC 7515 §7.1 / RFC 7516 §7.1: the parts are separated by exactly these dots.
    std::array<qsizetype, 6> boundaries {};
    qsizetype partCount = 1;
    boundaries[0] = 0;
    {
        const char *data = token.data();
        const char *end = data + token.size();
        const char *cursor = data;
        while (const void *found = std::memchr(cursor, '.', static_cast<size_t>(end - cursor))) {
            const char *dot = static_cast<const char *>(found);
            if (partCount < 6)
                boundaries[partCount] = dot - data + 1;
            ++partCount;
            cursor = dot + 1;
        }
    }
    if (partCount != 3 && partCount != 5) {
        return failure(DecodeErrorCode::WrongPartCount, -1, -1,
                       CompactTokenText::tr(
                           "found %1 dot-separated parts; a signed token (JWS) has 3 and an encrypted token (JWE) 5")
                           .arg(partCount));
    }

    const auto partEnd = [&](int index) {
        return index + 1 < partCount ? boundaries[static_cast<size_t>(index) + 1] - 1 : token.size();
    };

    // One block holds the token text, every decoded part (each nul-terminated, as QByteArray promises) and room
    // for the number lexemes of the header and payload; the QByteArrays handed out are shared views into it.
    // A token then costs a handful of allocations rather than one per part and per number.
    qsizetype blockSize = token.size() + 1;
    for (int index = 0; index < partCount; ++index)
        blockSize += Base64Url::maxDecodedSize(partEnd(index) - boundaries[static_cast<size_t>(index)]) + 1;
    const qsizetype jsonTextSize = partEnd(partCount == 5 ? 0 : 1); // header (and payload) characters
    blockSize += jsonTextSize + 2;
    QByteArray::DataPointer block(QTypedArrayData<char>::allocate(blockSize));
    Q_CHECK_PTR(block.data());
    char *const blockStart = block.data();
    char *const blockEnd = blockStart + blockSize;
    char *cursor = blockStart;
    const auto share = [&block](char *begin, qsizetype size) {
        block.d_ptr()->ref();
        return QByteArray(QByteArray::DataPointer(block.d_ptr(), begin, size));
    };

    DecodedToken decoded;
    decoded.kind = partCount == 5 ? TokenKind::Jwe : TokenKind::Jws;
    std::memcpy(cursor, token.data(), static_cast<size_t>(token.size()));
    cursor[token.size()] = '\0';
    decoded.text = share(cursor, token.size());
    cursor += token.size() + 1;
    decoded.segments.resize(static_cast<size_t>(partCount));

    Base64Url::DecodeResult bytes;
    for (int index = 0; index < partCount; ++index) {
        const qsizetype start = boundaries[static_cast<size_t>(index)];
        const qsizetype end = partEnd(index);
        TokenSegment &part = decoded.segments[static_cast<size_t>(index)];
        part.role = partCount == 5 ? kJweRoles[static_cast<size_t>(index)] : kJwsRoles[static_cast<size_t>(index)];
        part.span = {start, end - start};
        // The wide stores of one part may spill into the next part's room, which is written after it.
        const qsizetype written = Base64Url::decodeInto(token.sliced(start, end - start), cursor, bytes);
        if (!bytes.ok) {
            const qsizetype offset = start + bytes.errorOffset;
            return failure(DecodeErrorCode::BadBase64Url, index, offset,
                           located(part.role, index, offset, bytes.error));
        }
        cursor[written] = '\0';
        part.bytes = share(cursor, written);
        cursor += written + 1;
        part.canonical = bytes.canonical;
        if (!bytes.canonical)
            part.nonCanonicalOffset = start + bytes.errorOffset;
    }

    // Lexemes of the header and payload; each document's text needs at most one code unit per decoded byte.
    JsonStorage storage;
    storage.adoptBytes(block, cursor, blockEnd);
    storage.reserveText(jsonTextSize + 34);

    // RFC 7515 §5.2 step 3: the header must be a completely valid JSON object.
    const TokenSegment &headerPart = decoded.segments[0];
    JsonParseResult header = Json::parse(headerPart.bytes, limits.json, storage);
    if (!header) {
        const qsizetype offset = headerPart.bytes.isEmpty()
            ? headerPart.span.start
            : decoded.tokenSpan(SegmentRole::Header, {std::min(header.error.offset, headerPart.bytes.size() - 1), 1})
                  .start;
        return failure(DecodeErrorCode::HeaderNotJson, 0, offset,
                       located(SegmentRole::Header, 0, offset,
                               CompactTokenText::tr("not JSON: %1 (byte %2 of the decoded header)")
                                   .arg(header.error.message)
                                   .arg(header.error.offset)));
    }
    if (!header.value->isObject()) {
        return failure(DecodeErrorCode::HeaderNotObject, 0, headerPart.span.start,
                       located(SegmentRole::Header, 0, headerPart.span.start,
                               CompactTokenText::tr("the header is JSON but not an object (RFC 7515 §4)")));
    }
    decoded.header = std::move(*header.value);
    decoded.headerDuplicates = std::move(header.duplicates);

    // RFC 7515 §4.1.1 / RFC 7516 §4.1.1: "alg" is required and is a case-sensitive string.
    const JsonMember *alg = decoded.header.member(u"alg");
    if (!alg || !alg->value.isString()) {
        const qsizetype offset
            = alg ? decoded.tokenSpan(SegmentRole::Header, alg->value.span).start : headerPart.span.start;
        return failure(DecodeErrorCode::MissingAlg, 0, offset,
                       located(SegmentRole::Header, 0, offset,
                               alg ? CompactTokenText::tr("\"alg\" must be a string (RFC 7515 §4.1.1)")
                                   : CompactTokenText::tr("the header has no \"alg\" (RFC 7515 §4.1.1)")));
    }

    if (decoded.kind == TokenKind::Jws) {
        // RFC 7519 §6.1: only the exact, case-sensitive "none" makes an Unsecured JWS; "None" is some unknown
        // algorithm, which verification rejects as such.
        if (alg->value.string == u"none")
            decoded.kind = TokenKind::Unsecured;
        const QByteArray &payloadBytes = decoded.segments[1].bytes;
        if (payloadBytes.isEmpty()) {
            decoded.payloadError.offset = 0;
            decoded.payloadError.message
                = CompactTokenText::tr("the payload part is empty (detached content, RFC 7515 Appendix F)");
        } else {
            JsonParseResult payload = Json::parse(payloadBytes, limits.json, storage);
            if (payload) {
                decoded.payload = std::move(payload.value);
                decoded.payloadDuplicates = std::move(payload.duplicates);
            } else {
                decoded.payloadError = std::move(payload.error);
            }
        }
    }

    DecodeResult result;
    result.token.emplace(std::move(decoded));
    return result;
}

} // namespace CompactToken
} // namespace tokenscope
