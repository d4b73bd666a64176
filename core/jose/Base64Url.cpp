#include "jose/Base64Url.h"

#include <QCoreApplication>
#include <QtEndian>

#include <array>
#include <climits>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TOKENSCOPE_BASE64_SSSE3 1
#include <immintrin.h>
#endif

namespace tokenscope {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct Base64UrlText
{
    Q_DECLARE_TR_FUNCTIONS(Base64Url)
};

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::uint8_t kInvalid = 0xFF;

// One lookup per character keeps decoding branch-light: a token is decoded on every keystroke and on every
// verification, so this sits on the hot path.
constexpr std::array<std::uint8_t, 256> makeDecodeTable()
{
    std::array<std::uint8_t, 256> table {};
    for (auto &entry : table)
        entry = kInvalid;
    for (int index = 0; index < 64; ++index)
        table[static_cast<unsigned char>(kAlphabet[index])] = static_cast<std::uint8_t>(index);
    return table;
}

constexpr std::array<std::uint8_t, 256> kDecodeTable = makeDecodeTable();

// The same lookup with each character's six bits already shifted into place for its position in a group of
// four, and bit 31 set for characters outside the alphabet, so a whole group costs four loads, three ORs and
// one test.
constexpr std::array<std::uint32_t, 256> makeShiftedTable(int shift)
{
    std::array<std::uint32_t, 256> table {};
    for (int byte = 0; byte < 256; ++byte) {
        const std::uint8_t value = kDecodeTable[static_cast<size_t>(byte)];
        table[static_cast<size_t>(byte)] = value == kInvalid ? 0x80000000u : std::uint32_t(value) << shift;
    }
    return table;
}

constexpr std::array<std::uint32_t, 256> kShifted18 = makeShiftedTable(18);
constexpr std::array<std::uint32_t, 256> kShifted12 = makeShiftedTable(12);
constexpr std::array<std::uint32_t, 256> kShifted6 = makeShiftedTable(6);
constexpr std::array<std::uint32_t, 256> kShifted0 = makeShiftedTable(0);

// The SSSE3 blocks are kept because they pay (callgrind, release build, 2026-12-05, `tokenscope-cli bench`): HS256
// verification costs 20.8k instructions per token with them and 21.2k with the scalar loops alone (+2.2 %, about a
// tenth of what Tokenscope adds to the HMAC); for ES256 the signature hides the difference (+0.06 %).
#if defined(TOKENSCOPE_BASE64_SSSE3)
// Decodes whole blocks of sixteen characters into twelve bytes each with SSSE3 (x86-64 guarantees only SSE2, so
// the caller checks the CPU first), stopping before the first block holding a character outside the alphabet,
// which the scalar loops then find and report. Returns the number of blocks decoded. Each block stores sixteen
// bytes, four past its twelve.
__attribute__((target("ssse3"))) qsizetype decodeBlocks(const unsigned char *in, qsizetype blocks, unsigned char *out)
{
    // Validation by nibbles (after Muła and Lemire, "Faster Base64 Encoding and Decoding Using AVX2
    // Instructions"): a character is outside the base64url alphabet exactly when the bit sets chosen by its
    // high and low nibble intersect. Bits: 0 '-' row (0x2_: only 0x2D), 1 digits row (0x3_: 0-9), 2 rows 0x4_ and
    // 0x6_ (not 0x_0), 3 row 0x5_ (0-A and F), 4 row 0x7_ (0-A), 5 every other row.
    const __m128i lowBits
        = _mm_setr_epi8(0x25, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x23, 0x3B, 0x3B, 0x3A, 0x3B, 0x33);
    const __m128i highBits
        = _mm_setr_epi8(0x20, 0x20, 0x01, 0x02, 0x04, 0x08, 0x04, 0x10, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20);
    // Character to six bits by row: '-' +17, digits +4, A-Z −65, a-z −71; '_' (row 0x5_) is corrected below.
    const __m128i rowOffsets = _mm_setr_epi8(0, 0, 17, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i underscore = _mm_set1_epi8('_');
    const __m128i underscoreCorrection = _mm_set1_epi8(33); // 63 − '_' = −32 = −65 + 33
    const __m128i zero = _mm_setzero_si128();
    const __m128i pairWeights = _mm_set1_epi32(0x01400140);
    const __m128i groupWeights = _mm_set1_epi32(0x00011000);
    const __m128i order = _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    qsizetype block = 0;
    for (; block < blocks; ++block) {
        const __m128i text = _mm_loadu_si128(reinterpret_cast<const __m128i *>(in + block * 16));
        const __m128i low = _mm_and_si128(text, nibble);
        const __m128i high = _mm_and_si128(_mm_srli_epi32(text, 4), nibble);
        const __m128i clash = _mm_and_si128(_mm_shuffle_epi8(lowBits, low), _mm_shuffle_epi8(highBits, high));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(clash, zero)) != 0xFFFF)
            break;
        const __m128i offsets = _mm_add_epi8(_mm_shuffle_epi8(rowOffsets, high),
                                             _mm_and_si128(_mm_cmpeq_epi8(text, underscore), underscoreCorrection));
        const __m128i sextets = _mm_add_epi8(text, offsets);
        // Pairs of sextets to 12 bits (a * 64 + b), pairs of those to 24 bits, then each group's three bytes in
        // big-endian order.
        const __m128i pairs = _mm_maddubs_epi16(sextets, pairWeights);
        const __m128i groups = _mm_madd_epi16(pairs, groupWeights);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + block * 12), _mm_shuffle_epi8(groups, order));
    }
    return block;
}

bool hasSsse3()
{
    static const bool supported = __builtin_cpu_supports("ssse3");
    return supported;
}
#endif

QString describeCharacter(char character)
{
    const auto byte = static_cast<unsigned char>(character);
    if (byte >= 0x21 && byte < 0x7F)
        return QStringLiteral("'%1'").arg(QLatin1Char(character));
    if (byte == ' ')
        return QStringLiteral("a space");
    return QStringLiteral("byte 0x%1").arg(byte, 2, 16, QLatin1Char('0'));
}

} // namespace

namespace Base64Url {

DecodeResult decode(QByteArrayView text)
{
    DecodeResult result;
    QByteArray bytes(maxDecodedSize(text.size()), Qt::Uninitialized);
    const qsizetype written = decodeInto(text, bytes.data(), result);
    if (!result.ok)
        return result;
    bytes.truncate(written);
    result.bytes = std::move(bytes);
    return result;
}

qsizetype decodeInto(QByteArrayView text, char *output, DecodeResult &result)
{
    // Field by field: assigning a fresh DecodeResult costs more than the fields it resets.
    result.ok = false;
    result.canonical = true;
    result.padded = false;
    result.errorOffset = -1;
    if (!result.error.isNull())
        result.error = QString();
    const auto *data = reinterpret_cast<const unsigned char *>(text.data());
    const qsizetype size = text.size();

    // RFC 7515 §2 forbids padding, but a pasted token sometimes has it; find where the data characters end so
    // padding can be reported (non-canonical) rather than treated as a bad character.
    qsizetype dataLength = size;
    while (dataLength > 0 && data[dataLength - 1] == '=')
        --dataLength;
    if (dataLength < size) {
        result.padded = true;
        result.canonical = false;
    }

    // The caller leaves eight bytes of slack (maxDecodedSize) for the wide stores below.
    auto *out = reinterpret_cast<unsigned char *>(output);
    qsizetype written = 0;

    const auto fail = [&](qsizetype offset, const QString &message) -> qsizetype {
        result = DecodeResult {};
        result.ok = false;
        result.errorOffset = offset;
        result.error = message;
        return 0;
    };
    const auto badCharacter = [&](qsizetype from, qsizetype to) {
        for (qsizetype offset = from; offset < to; ++offset) {
            if (kDecodeTable[data[offset]] == kInvalid) {
                const char character = static_cast<char>(data[offset]);
                return fail(
                    offset,
                    character == '='
                        ? Base64UrlText::tr("'=' padding is followed by more characters")
                        : Base64UrlText::tr("%1 is not a base64url character").arg(describeCharacter(character)));
            }
        }
        return fail(from, QString());
    };

    qsizetype index = 0;
    const qsizetype fullQuads = dataLength / 4 * 4;
#if defined(TOKENSCOPE_BASE64_SSSE3)
    // Sixteen characters at a time where the CPU has SSSE3; each block stores four bytes past its twelve, which
    // the output's eight bytes of slack cover.
    if (hasSsse3()) {
        const qsizetype blocks = decodeBlocks(data, fullQuads / 16, out);
        index = blocks * 16;
        written = blocks * 12;
    }
#endif
    // Two groups (eight characters, six bytes) per step, stored with one eight-byte big-endian write; a bad
    // character drops to the group loop below, which reports it.
    for (; index + 8 <= fullQuads; index += 8) {
        const std::uint32_t first = kShifted18[data[index]] | kShifted12[data[index + 1]] | kShifted6[data[index + 2]]
            | kShifted0[data[index + 3]];
        const std::uint32_t second = kShifted18[data[index + 4]] | kShifted12[data[index + 5]]
            | kShifted6[data[index + 6]] | kShifted0[data[index + 7]];
        if ((first | second) & 0x80000000u)
            break;
        const std::uint64_t bigEndian = qToBigEndian((std::uint64_t(first) << 40) | (std::uint64_t(second) << 16));
        std::memcpy(out + written, &bigEndian, 8);
        written += 6;
    }
    for (; index < fullQuads; index += 4) {
        const std::uint32_t word = kShifted18[data[index]] | kShifted12[data[index + 1]] | kShifted6[data[index + 2]]
            | kShifted0[data[index + 3]];
        if (word & 0x80000000u)
            return badCharacter(index, index + 4);
        // The output has three bytes of slack, so a four-byte big-endian store is safe; the fourth byte is
        // overwritten by the next group or cut off by truncate().
        const std::uint32_t bigEndian = qToBigEndian(word << 8);
        std::memcpy(out + written, &bigEndian, 4);
        written += 3;
    }

    const qsizetype remainder = dataLength - fullQuads;
    if (remainder > 0) {
        std::uint32_t values[3] = {0, 0, 0};
        for (qsizetype offset = 0; offset < remainder; ++offset) {
            values[offset] = kDecodeTable[data[index + offset]];
            if (values[offset] & 0x80)
                return badCharacter(index + offset, index + offset + 1);
        }
        // RFC 4648 §4: a final quantum holds 8 or 16 bits, so one lone character can never be complete.
        if (remainder == 1)
            return fail(dataLength - 1,
                        QCoreApplication::translate(
                            "Base64Url", "%n characters cannot be base64url (a length of 4n+1 is impossible)", nullptr,
                            static_cast<int>(qMin<qsizetype>(dataLength, INT_MAX))));
        const std::uint32_t word = (values[0] << 18) | (values[1] << 12) | (values[2] << 6);
        out[written++] = static_cast<unsigned char>(word >> 16);
        if (remainder == 3)
            out[written++] = static_cast<unsigned char>(word >> 8);
        // RFC 4648 §3.5: the unused low bits of the last character must be zero in the canonical spelling.
        const std::uint32_t unusedMask = remainder == 2 ? 0x0F : 0x03;
        if (values[remainder - 1] & unusedMask) {
            result.canonical = false;
            result.errorOffset = dataLength - 1;
            result.error = Base64UrlText::tr("the last character %1 has non-zero unused bits "
                                             "(not the canonical encoding)")
                               .arg(describeCharacter(static_cast<char>(data[dataLength - 1])));
        }
    }

    if (result.padded && result.errorOffset < 0) {
        result.errorOffset = dataLength;
        result.error = Base64UrlText::tr("'=' padding is not allowed in base64url (RFC 7515 §2)");
    }

    result.ok = true;
    return written;
}

bool decodeStrict(QByteArrayView text, QByteArray &out)
{
    DecodeResult result = decode(text);
    if (!result.ok || !result.canonical)
        return false;
    out = std::move(result.bytes);
    return true;
}

QByteArray encode(QByteArrayView bytes)
{
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype size = bytes.size();
    QByteArray text;
    text.resize(size / 3 * 4 + (size % 3 == 0 ? 0 : size % 3 + 1));
    char *out = text.data();
    qsizetype index = 0;
    for (; index + 3 <= size; index += 3) {
        const std::uint32_t word = (std::uint32_t(data[index]) << 16) | (std::uint32_t(data[index + 1]) << 8)
            | std::uint32_t(data[index + 2]);
        *out++ = kAlphabet[(word >> 18) & 0x3F];
        *out++ = kAlphabet[(word >> 12) & 0x3F];
        *out++ = kAlphabet[(word >> 6) & 0x3F];
        *out++ = kAlphabet[word & 0x3F];
    }
    const qsizetype remainder = size - index;
    if (remainder == 1) {
        const std::uint32_t word = std::uint32_t(data[index]) << 16;
        *out++ = kAlphabet[(word >> 18) & 0x3F];
        *out++ = kAlphabet[(word >> 12) & 0x3F];
    } else if (remainder == 2) {
        const std::uint32_t word = (std::uint32_t(data[index]) << 16) | (std::uint32_t(data[index + 1]) << 8);
        *out++ = kAlphabet[(word >> 18) & 0x3F];
        *out++ = kAlphabet[(word >> 12) & 0x3F];
        *out++ = kAlphabet[(word >> 6) & 0x3F];
    }
    return text;
}

// Byte i holds bits [8i, 8i + 8) of the bit stream and character j holds bits [6j, 6j + 6).
Span encodedSpan(Span bytes)
{
    if (bytes.length <= 0) {
        const qsizetype at = (bytes.start * 8 + 5) / 6;
        return {at, 0};
    }
    const qsizetype first = bytes.start * 8 / 6;
    const qsizetype last = (bytes.end() * 8 - 1) / 6;
    return {first, last - first + 1};
}

// May reach one byte past the decoded length for a final character that carries only unused bits; callers that
// know the decoded length clamp.
Span decodedSpan(Span characters)
{
    if (characters.length <= 0) {
        const qsizetype at = (characters.start * 6 + 7) / 8;
        return {at, 0};
    }
    const qsizetype first = characters.start * 6 / 8;
    const qsizetype last = (characters.end() * 6 - 1) / 8;
    return {first, last - first + 1};
}

} // namespace Base64Url
} // namespace tokenscope
