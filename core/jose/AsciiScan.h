#pragma once

#include <QtGlobal>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <array>
#include <cstring>

// ASCII scanning shared by the JSON parser (jose/JsonParser.cpp), its number check in the writer
// (jose/JsonWriter.cpp) and the verifier's fast path (verify/FastVerifier.cpp): they read JSON strings in runs of
// bytes that need no decoding, and stop where one does, and they read number lexemes by the same grammar.
namespace tokenscope::AsciiScan {

// Bytes that end a run of plain string content (RFC 8259 §7): the closing quote, an escape, a control character (an
// error inside a string) and any byte >= 0x80 (the first byte of a multi-byte UTF-8 sequence, validated elsewhere).
constexpr bool isStringStop(unsigned char byte)
{
    return byte == '"' || byte == '\\' || byte < 0x20 || byte >= 0x80;
}

namespace detail {
constexpr std::array<bool, 256> makeStringStopTable()
{
    std::array<bool, 256> table {};
    for (int byte = 0; byte < 256; ++byte)
        table[static_cast<size_t>(byte)] = isStringStop(static_cast<unsigned char>(byte));
    return table;
}
inline constexpr std::array<bool, 256> kStringStop = makeStringStopTable();
} // namespace detail

// The first string stop (isStringStop) in [cursor, end), or end. Sixteen bytes at a time with SSE2 (every x86-64
// CPU has it), else eight at a time (SWAR), then byte by byte.
inline const unsigned char *findStringStop(const unsigned char *cursor, const unsigned char *end)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (end - cursor >= 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(cursor));
        // A signed compare puts both the control characters and every byte >= 0x80 below 0x20.
        const __m128i stops = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                           _mm_cmplt_epi8(bytes, space));
        if (const int mask = _mm_movemask_epi8(stops))
            return cursor + __builtin_ctz(static_cast<unsigned>(mask));
        cursor += 16;
    }
#else
    // Stop at the first word holding a quote, a backslash, a control character or a non-ASCII byte; the table below
    // then finds the exact byte.
    while (end - cursor >= 8) {
        quint64 word;
        std::memcpy(&word, cursor, 8);
        constexpr quint64 ones = 0x0101010101010101ull;
        constexpr quint64 highs = 0x8080808080808080ull;
        const quint64 quote = word ^ (ones * '"');
        const quint64 backslash = word ^ (ones * '\\');
        const quint64 special
            = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | (word - ones * 0x20) | word;
        if (special & highs)
            break;
        cursor += 8;
    }
#endif
    while (cursor != end && !detail::kStringStop[*cursor])
        ++cursor;
    return cursor;
}

inline const char *findStringStop(const char *cursor, const char *end)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(cursor);
    return reinterpret_cast<const char *>(findStringStop(bytes, bytes + (end - cursor)));
}

inline constexpr bool isDigit(unsigned char byte)
{
    return byte >= '0' && byte <= '9';
}

// What is wrong with a number lexeme (RFC 8259 §6), if anything.
enum class NumberProblem { None, DigitAfterMinus, LeadingZero, DigitAfterPoint, DigitInExponent };
// What scanNumber() found: where the number lexeme ends, and what is wrong with it.
struct NumberLexeme
{
    const unsigned char *end; // one past the lexeme; with a problem, where it is
    NumberProblem problem;
};

// RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?, the lexeme starting at `cursor` (before `end`).
inline NumberLexeme scanNumber(const unsigned char *cursor, const unsigned char *end)
{
    if (*cursor == '-')
        ++cursor;
    if (cursor == end || !isDigit(*cursor))
        return {cursor, NumberProblem::DigitAfterMinus};
    if (*cursor == '0') {
        ++cursor;
        if (cursor != end && isDigit(*cursor))
            return {cursor, NumberProblem::LeadingZero};
    } else {
        while (cursor != end && isDigit(*cursor))
            ++cursor;
    }
    if (cursor != end && *cursor == '.') {
        ++cursor;
        if (cursor == end || !isDigit(*cursor))
            return {cursor, NumberProblem::DigitAfterPoint};
        while (cursor != end && isDigit(*cursor))
            ++cursor;
    }
    if (cursor != end && (*cursor == 'e' || *cursor == 'E')) {
        ++cursor;
        if (cursor != end && (*cursor == '+' || *cursor == '-'))
            ++cursor;
        if (cursor == end || !isDigit(*cursor))
            return {cursor, NumberProblem::DigitInExponent};
        while (cursor != end && isDigit(*cursor))
            ++cursor;
    }
    return {cursor, NumberProblem::None};
}

} // namespace tokenscope::AsciiScan
