// The JSON parser: strict RFC 8259 with byte spans, number lexemes and duplicate member names kept for the panes.

#include "jose/AsciiScan.h"
#include "jose/Json.h"
#include "jose/JsonInterning.h"

#include <QCoreApplication>
#include <QHash>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstring>

namespace tokenscope {
namespace {

using JsonInterning::findInterned;
using JsonInterning::InternedString;

// Recursion is bounded by the depth limit; this ceiling keeps a caller-supplied limit from ever exhausting the
// stack (a secondary thread may have far less than the main thread's 8 MiB).
constexpr int kHardDepthCeiling = 1000;

// Bytes a string scan may need past its last byte as code units: the widening copy below stores 16 at a time.
constexpr qsizetype kTextSlack = 17;

// Widens ASCII bytes to UTF-16. May store up to 15 units past `length` (callers reserve kTextSlack), and reads
// past `length` only while at least 16 bytes remain before `inputEnd`.
inline void widenAscii(char16_t *out, const unsigned char *in, qsizetype length, const unsigned char *inputEnd)
{
    qsizetype index = 0;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    for (; index < length && inputEnd - (in + index) >= 16; index += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(in + index));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + index), _mm_unpacklo_epi8(bytes, zero));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + index + 8), _mm_unpackhi_epi8(bytes, zero));
    }
#else
    Q_UNUSED(inputEnd);
#endif
    for (; index < length; ++index)
        out[index] = in[index];
}

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct JsonText
{
    Q_DECLARE_TR_FUNCTIONS(Json)
};

QString describeByte(unsigned char byte)
{
    if (byte >= 0x21 && byte < 0x7F)
        return QStringLiteral("'%1'").arg(QLatin1Char(static_cast<char>(byte)));
    if (byte == ' ')
        return JsonText::tr("a space");
    return QStringLiteral("byte 0x%1").arg(byte, 2, 16, QLatin1Char('0'));
}

using AsciiScan::isDigit;

inline int hexValue(unsigned char byte)
{
    if (byte >= '0' && byte <= '9')
        return byte - '0';
    if (byte >= 'a' && byte <= 'f')
        return byte - 'a' + 10;
    if (byte >= 'A' && byte <= 'F')
        return byte - 'A' + 10;
    return -1;
}

class Parser
{
public:
    Parser(QByteArrayView bytes, int maxDepth, std::vector<JsonDuplicate> &duplicates, JsonStorage &storage)
        : m_begin(reinterpret_cast<const unsigned char *>(bytes.data())), m_position(m_begin),
          m_end(m_begin + bytes.size()), m_maxDepth(std::clamp(maxDepth, 0, kHardDepthCeiling)),
          m_duplicates(duplicates), m_storage(storage)
    { }

    using Code = JsonParseError::Code;

    bool parseDocument(JsonValue &value)
    {
        if (m_end - m_begin >= 3 && m_begin[0] == 0xEF && m_begin[1] == 0xBB && m_begin[2] == 0xBF)
            return fail(Code::ByteOrderMark, 0, JsonText::tr("a byte order mark is not allowed (RFC 8259 §8.1)"));
        skipWhitespace();
        if (m_position == m_end)
            return fail(Code::NoValue, offset(),
                        m_begin == m_end ? JsonText::tr("empty input, expected a JSON value")
                                         : JsonText::tr("only whitespace, expected a JSON value"));
        if (!parseValue(value, 0))
            return false;
        skipWhitespace();
        if (m_position != m_end)
            return fail(Code::TrailingData, offset(),
                        JsonText::tr("unexpected %1 after the end of the JSON value").arg(describeByte(*m_position)));
        return true;
    }

    JsonParseError error;

private:
    qsizetype offset() const { return m_position - m_begin; }

    bool fail(Code code, qsizetype at, const QString &message)
    {
        error.code = code;
        error.offset = at;
        error.message = message;
        return false;
    }

    void skipWhitespace()
    {
        // RFC 8259 §2: exactly these four are insignificant whitespace. Token JSON is usually compact, so the
        // common case is one compare.
        while (m_position != m_end && *m_position <= ' '
               && (*m_position == ' ' || *m_position == '\n' || *m_position == '\r' || *m_position == '\t'))
            ++m_position;
    }

    bool parseValue(JsonValue &value, int depth)
    {
        if (m_position == m_end)
            return fail(Code::UnexpectedEnd, offset(), JsonText::tr("unexpected end of input, expected a value"));
        switch (*m_position) {
        case '{':
            return parseObject(value, depth);
        case '[':
            return parseArray(value, depth);
        case '"': {
            const qsizetype start = offset();
            value.type = JsonValue::Type::String;
            if (!parseString(value.string))
                return false;
            value.span = {start, offset() - start};
            return true;
        }
        case 't':
            return parseLiteral(value, "true", 4, JsonValue::Type::Bool, true);
        case 'f':
            return parseLiteral(value, "false", 5, JsonValue::Type::Bool, false);
        case 'n':
            return parseLiteral(value, "null", 4, JsonValue::Type::Null, false);
        default:
            if (*m_position == '-' || isDigit(*m_position))
                return parseNumber(value);
            return fail(Code::UnexpectedCharacter, offset(),
                        JsonText::tr("unexpected %1, expected a value").arg(describeByte(*m_position)));
        }
    }

    bool parseLiteral(JsonValue &value, const char *literal, qsizetype length, JsonValue::Type type, bool boolean)
    {
        if (m_end - m_position < length || std::memcmp(m_position, literal, static_cast<size_t>(length)) != 0)
            return fail(Code::UnexpectedCharacter, offset(),
                        JsonText::tr("unexpected %1, expected a value").arg(describeByte(*m_position)));
        value.type = type;
        value.boolean = boolean;
        value.span = {offset(), length};
        m_position += length;
        return true;
    }

    // RFC 8259 §6 (AsciiScan::scanNumber).
    bool parseNumber(JsonValue &value)
    {
        const unsigned char *start = m_position;
        const AsciiScan::NumberLexeme lexeme = AsciiScan::scanNumber(start, m_end);
        const unsigned char *cursor = lexeme.end;
        switch (lexeme.problem) {
        case AsciiScan::NumberProblem::None:
            break;
        case AsciiScan::NumberProblem::DigitAfterMinus:
            return fail(Code::BadNumber, cursor - m_begin, JsonText::tr("expected a digit after '-'"));
        case AsciiScan::NumberProblem::LeadingZero:
            return fail(Code::BadNumber, cursor - m_begin, JsonText::tr("leading zeros are not allowed in numbers"));
        case AsciiScan::NumberProblem::DigitAfterPoint:
            return fail(Code::BadNumber, cursor - m_begin, JsonText::tr("expected a digit after '.'"));
        case AsciiScan::NumberProblem::DigitInExponent:
            return fail(Code::BadNumber, cursor - m_begin, JsonText::tr("expected a digit in the exponent"));
        }
        value.type = JsonValue::Type::Number;
        // Every lexeme is followed by at least one byte or the end, so lexeme plus terminator never need more
        // than what is left of the input plus one: one reservation serves the rest of the document.
        if (m_storage.bytesAvailable() < m_end - start + 1)
            m_storage.reserveBytes(m_end - start + 1);
        value.lexeme = m_storage.takeBytes(reinterpret_cast<const char *>(start), cursor - start);
        value.span = {start - m_begin, cursor - start};
        m_position = cursor;
        return true;
    }

    bool enterContainer(int depth)
    {
        if (depth >= m_maxDepth)
            return fail(Code::DepthLimit, offset(), JsonText::tr("nesting deeper than %1 levels").arg(m_maxDepth));
        return true;
    }

    bool parseArray(JsonValue &value, int depth)
    {
        if (!enterContainer(depth))
            return false;
        const qsizetype start = offset();
        value.type = JsonValue::Type::Array;
        ++m_position;
        skipWhitespace();
        if (m_position != m_end && *m_position == ']') {
            ++m_position;
            value.span = {start, offset() - start};
            return true;
        }
        value.elements.reserve(4);
        for (;;) {
            value.elements.emplace_back();
            skipWhitespace();
            if (!parseValue(value.elements.back(), depth + 1))
                return false;
            skipWhitespace();
            if (m_position == m_end)
                return fail(Code::UnexpectedEnd, offset(),
                            JsonText::tr("unexpected end of input, expected ',' or ']' in an array"));
            if (*m_position == ',') {
                ++m_position;
                continue;
            }
            if (*m_position == ']') {
                ++m_position;
                break;
            }
            return fail(Code::UnexpectedCharacter, offset(),
                        JsonText::tr("unexpected %1, expected ',' or ']' in an array").arg(describeByte(*m_position)));
        }
        value.span = {start, offset() - start};
        return true;
    }

    bool parseObject(JsonValue &value, int depth)
    {
        if (!enterContainer(depth))
            return false;
        const qsizetype start = offset();
        value.type = JsonValue::Type::Object;
        ++m_position;
        skipWhitespace();
        if (m_position != m_end && *m_position == '}') {
            ++m_position;
            value.span = {start, offset() - start};
            return true;
        }
        value.members.reserve(depth == 0 ? 16 : 8);
        for (;;) {
            skipWhitespace();
            if (m_position == m_end)
                return fail(Code::UnexpectedEnd, offset(),
                            JsonText::tr("unexpected end of input, expected a member name"));
            if (*m_position != '"')
                return fail(Code::UnexpectedCharacter, offset(),
                            JsonText::tr("unexpected %1, expected a member name in double quotes")
                                .arg(describeByte(*m_position)));
            // Brace-initialised and moved in: emplace_back() would value-initialise, zero-filling the whole member
            // first (clang 14 lacks parenthesised aggregate initialisation).
            value.members.push_back(JsonMember {QString(), Span(), JsonValue()});
            JsonMember &member = value.members.back();
            const qsizetype nameStart = offset();
            if (!parseString(member.name))
                return false;
            member.nameSpan = {nameStart, offset() - nameStart};
            skipWhitespace();
            if (m_position == m_end || *m_position != ':')
                return fail(m_position == m_end ? Code::UnexpectedEnd : Code::UnexpectedCharacter, offset(),
                            JsonText::tr("expected ':' after member name"));
            ++m_position;
            skipWhitespace();
            if (!parseValue(member.value, depth + 1))
                return false;
            skipWhitespace();
            if (m_position == m_end)
                return fail(Code::UnexpectedEnd, offset(),
                            JsonText::tr("unexpected end of input, expected ',' or '}' in an object"));
            if (*m_position == ',') {
                ++m_position;
                continue;
            }
            if (*m_position == '}') {
                ++m_position;
                break;
            }
            return fail(Code::UnexpectedCharacter, offset(),
                        JsonText::tr("unexpected %1, expected ',' or '}' in an object").arg(describeByte(*m_position)));
        }
        value.span = {start, offset() - start};
        findDuplicates(value.members);
        return true;
    }

    static bool sameName(const QString &first, const QString &second)
    {
        const qsizetype size = first.size();
        if (size != second.size())
            return false;
        const QChar *left = first.constData();
        const QChar *right = second.constData();
        if (left == right)
            return true;
        // Names from the intern table are the only ones without a data block here (the rest are views into the
        // storage block), and the table holds each text once: two distinct interned names differ.
        if (!first.data_ptr().isMutable() && !second.data_ptr().isMutable())
            return false;
        for (qsizetype index = 0; index < size; ++index) {
            if (left[index] != right[index])
                return false;
        }
        return true;
    }

    void findDuplicates(const std::vector<JsonMember> &members)
    {
        const size_t count = members.size();
        if (count < 2)
            return;
        if (count <= 32) {
            for (size_t later = 1; later < count; ++later) {
                for (size_t earlier = 0; earlier < later; ++earlier) {
                    if (sameName(members[earlier].name, members[later].name)) {
                        m_duplicates.push_back(
                            {members[later].name, members[earlier].nameSpan, members[later].nameSpan});
                        break;
                    }
                }
            }
            return;
        }
        QHash<QStringView, size_t> first;
        first.reserve(static_cast<qsizetype>(count));
        for (size_t index = 0; index < count; ++index) {
            const auto found = first.constFind(members[index].name);
            if (found == first.constEnd())
                first.insert(members[index].name, index);
            else
                m_duplicates.push_back({members[index].name, members[found.value()].nameSpan, members[index].nameSpan});
        }
    }

    // Called with m_position on the opening quote; leaves it after the closing quote.
    bool parseString(QString &out)
    {
        const qsizetype start = offset();
        const unsigned char *contentStart = m_position + 1;
        // Fast path: plain ASCII without escapes, which is what nearly every JOSE name and value is.
        const unsigned char *cursor = AsciiScan::findStringStop(contentStart, m_end);
        if (cursor == m_end)
            return fail(Code::UnterminatedString, start, JsonText::tr("unterminated string"));
        const qsizetype asciiLength = cursor - contentStart;
        if (*cursor == '"') {
            if (const InternedString *interned = findInterned(contentStart, asciiLength, m_end - contentStart)) {
                out = QString(interned->string); // a move, not QString::operator=(const QString &)
            } else {
                reserveText(contentStart);
                widenAscii(m_storage.textCursor(), contentStart, asciiLength, m_end);
                out = m_storage.takeText(asciiLength);
            }
            m_position = cursor + 1;
            return true;
        }
        // Escapes and UTF-8 never make a string longer in code units than it is in bytes, so the reservation
        // holds all of it.
        reserveText(contentStart);
        char16_t *const textStart = m_storage.textCursor();
        widenAscii(textStart, contentStart, asciiLength, m_end);
        m_out = textStart + asciiLength;
        while (cursor != m_end) {
            const unsigned char byte = *cursor;
            if (byte == '"') {
                out = m_storage.takeText(m_out - textStart);
                m_position = cursor + 1;
                return true;
            }
            if (byte == '\\') {
                if (!parseEscape(cursor))
                    return false;
                continue;
            }
            if (byte < 0x20)
                return fail(Code::ControlCharacter, cursor - m_begin,
                            JsonText::tr("control character U+%1 must be escaped inside a string "
                                         "(RFC 8259 §7)")
                                .arg(byte, 4, 16, QLatin1Char('0')));
            if (byte < 0x80) {
                *m_out++ = byte;
                ++cursor;
                continue;
            }
            if (!decodeUtf8(cursor))
                return false;
        }
        return fail(Code::UnterminatedString, start, JsonText::tr("unterminated string"));
    }

    // Room for the rest of the input as code units plus a terminator and the widening slack: a string of n
    // content bytes takes at most n + 1 units and consumes n + 2 bytes, so one reservation serves every later
    // string of the document.
    void reserveText(const unsigned char *contentStart)
    {
        const qsizetype needed = m_end - contentStart + kTextSlack;
        if (m_storage.textAvailable() < needed)
            m_storage.reserveText(needed);
    }

    bool readHex4(const unsigned char *at, char16_t &unit)
    {
        if (m_end - at < 4)
            return fail(Code::BadEscape, at - m_begin, JsonText::tr("\\u escape needs four hexadecimal digits"));
        unsigned value = 0;
        for (int index = 0; index < 4; ++index) {
            const int digit = hexValue(at[index]);
            if (digit < 0)
                return fail(Code::BadEscape, at + index - m_begin,
                            JsonText::tr("\\u escape needs four hexadecimal digits"));
            value = value * 16 + static_cast<unsigned>(digit);
        }
        unit = static_cast<char16_t>(value);
        return true;
    }

    // RFC 8259 §7. Lone surrogate escapes are syntactically allowed by the RFC but denote no character (§8.2),
    // and a claim that cannot be shown as text must not be compared as one, so they are rejected.
    bool parseEscape(const unsigned char *&cursor)
    {
        const unsigned char *escapeStart = cursor;
        if (m_end - cursor < 2)
            return fail(Code::UnterminatedString, cursor - m_begin, JsonText::tr("unterminated escape sequence"));
        const unsigned char kind = cursor[1];
        switch (kind) {
        case '"':
        case '\\':
        case '/':
            put(kind);
            break;
        case 'b':
            put(u'\b');
            break;
        case 'f':
            put(u'\f');
            break;
        case 'n':
            put(u'\n');
            break;
        case 'r':
            put(u'\r');
            break;
        case 't':
            put(u'\t');
            break;
        case 'u': {
            char16_t unit = 0;
            if (!readHex4(cursor + 2, unit))
                return false;
            if (unit >= 0xDC00 && unit <= 0xDFFF)
                return fail(
                    Code::LoneSurrogate, escapeStart - m_begin,
                    JsonText::tr("lone low surrogate escape \\u%1 (RFC 8259 §8.2)").arg(unit, 4, 16, QLatin1Char('0')));
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                const unsigned char *second = cursor + 6;
                char16_t low = 0;
                if (m_end - second < 6 || second[0] != '\\' || second[1] != 'u' || !readHex4(second + 2, low)
                    || low < 0xDC00 || low > 0xDFFF) {
                    return fail(Code::LoneSurrogate, escapeStart - m_begin,
                                JsonText::tr("high surrogate escape \\u%1 is not followed by a low surrogate escape "
                                             "(RFC 8259 §8.2)")
                                    .arg(unit, 4, 16, QLatin1Char('0')));
                }
                put(unit);
                put(low);
                cursor += 12;
                return true;
            }
            put(unit);
            cursor += 6;
            return true;
        }
        default:
            return fail(Code::BadEscape, escapeStart - m_begin,
                        JsonText::tr("invalid escape sequence \\%1").arg(describeByte(kind)));
        }
        cursor += 2;
        return true;
    }

    void put(char16_t unit) { *m_out++ = unit; }

    // RFC 3629 §4 (the table of well-formed byte sequences): rejects overlongs, encoded surrogates, code points
    // above U+10FFFF and truncated sequences.
    bool decodeUtf8(const unsigned char *&cursor)
    {
        const qsizetype at = cursor - m_begin;
        const unsigned char lead = *cursor;
        int continuationCount = 0;
        unsigned char secondMin = 0x80;
        unsigned char secondMax = 0xBF;
        char32_t codePoint = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            continuationCount = 1;
            codePoint = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            continuationCount = 2;
            codePoint = lead & 0x0F;
            if (lead == 0xE0)
                secondMin = 0xA0;
            else if (lead == 0xED)
                secondMax = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            continuationCount = 3;
            codePoint = lead & 0x07;
            if (lead == 0xF0)
                secondMin = 0x90;
            else if (lead == 0xF4)
                secondMax = 0x8F;
        } else if (lead == 0xC0 || lead == 0xC1) {
            return fail(
                Code::InvalidUtf8, at,
                JsonText::tr("invalid UTF-8: overlong encoding (byte 0x%1)").arg(lead, 2, 16, QLatin1Char('0')));
        } else if (lead >= 0xF5 && lead <= 0xF7) {
            return fail(Code::InvalidUtf8, at, JsonText::tr("invalid UTF-8: code point above U+10FFFF"));
        } else {
            return fail(
                Code::InvalidUtf8, at,
                JsonText::tr("invalid UTF-8: byte 0x%1 cannot start a character").arg(lead, 2, 16, QLatin1Char('0')));
        }
        if (m_end - cursor <= continuationCount) {
            for (const unsigned char *check = cursor + 1; check != m_end; ++check) {
                if ((*check & 0xC0) != 0x80)
                    return fail(Code::InvalidUtf8, at, JsonText::tr("invalid UTF-8: truncated sequence"));
            }
            return fail(Code::InvalidUtf8, at,
                        JsonText::tr("invalid UTF-8: truncated sequence at the end of the input"));
        }
        const unsigned char second = cursor[1];
        if ((second & 0xC0) != 0x80)
            return fail(Code::InvalidUtf8, at, JsonText::tr("invalid UTF-8: truncated sequence"));
        if (second < secondMin) {
            return fail(Code::InvalidUtf8, at,
                        continuationCount == 2 || continuationCount == 3
                            ? JsonText::tr("invalid UTF-8: overlong encoding")
                            : JsonText::tr("invalid UTF-8: truncated sequence"));
        }
        if (second > secondMax) {
            return fail(Code::InvalidUtf8, at,
                        lead == 0xED ? JsonText::tr("invalid UTF-8: encoded surrogate (U+D800..U+DFFF)")
                                     : JsonText::tr("invalid UTF-8: code point above U+10FFFF"));
        }
        codePoint = (codePoint << 6) | (second & 0x3F);
        for (int index = 2; index <= continuationCount; ++index) {
            const unsigned char next = cursor[index];
            if ((next & 0xC0) != 0x80)
                return fail(Code::InvalidUtf8, at, JsonText::tr("invalid UTF-8: truncated sequence"));
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        if (codePoint >= 0x10000) {
            put(static_cast<char16_t>(0xD800 + ((codePoint - 0x10000) >> 10)));
            put(static_cast<char16_t>(0xDC00 + ((codePoint - 0x10000) & 0x3FF)));
        } else {
            put(static_cast<char16_t>(codePoint));
        }
        cursor += continuationCount + 1;
        return true;
    }

    const unsigned char *m_begin;
    const unsigned char *m_position;
    const unsigned char *m_end;
    int m_maxDepth;
    std::vector<JsonDuplicate> &m_duplicates;
    JsonStorage &m_storage;
    char16_t *m_out = nullptr; // the slow path of parseString writes its code units here
};

} // namespace

namespace Json {

JsonParseResult parse(QByteArrayView bytes, const JsonLimits &limits)
{
    JsonStorage storage;
    return parse(bytes, limits, storage);
}

JsonParseResult parse(QByteArrayView bytes, const JsonLimits &limits, JsonStorage &storage)
{
    JsonParseResult result;
    if (bytes.size() > limits.maxBytes) {
        result.error.code = JsonParseError::Code::SizeLimit;
        result.error.offset = limits.maxBytes;
        result.error.message = JsonText::tr("the JSON text is %1 bytes, more than the limit of %2")
                                   .arg(bytes.size())
                                   .arg(limits.maxBytes);
        return result;
    }
    Parser parser(bytes, limits.maxDepth, result.duplicates, storage);
    JsonValue value;
    if (!parser.parseDocument(value)) {
        result.error = parser.error;
        result.duplicates.clear();
        return result;
    }
    result.value.emplace(std::move(value));
    return result;
}

} // namespace Json
} // namespace tokenscope
