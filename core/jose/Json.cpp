// Over 700 lines: the parser and writer share the arena and interning they build on, and the parser's hot loop
// must inline them. The ASCII scanning lives apart in jose/AsciiScan.h; parser, writer and arena are due to be
// separated once a benchmark shows the split costs nothing.

#include "jose/Json.h"

#include "jose/AsciiScan.h"

#include <QCoreApplication>
#include <QHash>
#include <QtEndian>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string>

namespace tokenscope {
namespace {

// Recursion is bounded by the depth limit; this ceiling keeps a caller-supplied limit from ever exhausting the
// stack (a secondary thread may have far less than the main thread's 8 MiB).
constexpr int kHardDepthCeiling = 1000;

// Member names and short values that occur in nearly every JOSE header and JWT payload. Handing out a shared
// static QString instead of allocating a new one keeps parsing a typical token to a handful of allocations.
struct InternedString
{
    const char *text;
    qsizetype length;
    QString string;
};

// An open-addressing table keyed on the (up to eight) bytes of the string packed into one integer: a multiply,
// a shift and usually a single compare per lookup.
class InternTable
{
public:
    static constexpr qsizetype kMaxLength = 8;

    InternTable()
    {
        static const InternedString entries[] = {
            {"alg", 3, QStringLiteral("alg")},       {"typ", 3, QStringLiteral("typ")},
            {"kid", 3, QStringLiteral("kid")},       {"iss", 3, QStringLiteral("iss")},
            {"sub", 3, QStringLiteral("sub")},       {"aud", 3, QStringLiteral("aud")},
            {"exp", 3, QStringLiteral("exp")},       {"iat", 3, QStringLiteral("iat")},
            {"nbf", 3, QStringLiteral("nbf")},       {"jti", 3, QStringLiteral("jti")},
            {"cty", 3, QStringLiteral("cty")},       {"jwk", 3, QStringLiteral("jwk")},
            {"jku", 3, QStringLiteral("jku")},       {"x5u", 3, QStringLiteral("x5u")},
            {"x5c", 3, QStringLiteral("x5c")},       {"x5t", 3, QStringLiteral("x5t")},
            {"enc", 3, QStringLiteral("enc")},       {"zip", 3, QStringLiteral("zip")},
            {"kty", 3, QStringLiteral("kty")},       {"crv", 3, QStringLiteral("crv")},
            {"use", 3, QStringLiteral("use")},       {"azp", 3, QStringLiteral("azp")},
            {"sid", 3, QStringLiteral("sid")},       {"JWT", 3, QStringLiteral("JWT")},
            {"crit", 4, QStringLiteral("crit")},     {"none", 4, QStringLiteral("none")},
            {"name", 4, QStringLiteral("name")},     {"role", 4, QStringLiteral("role")},
            {"keys", 4, QStringLiteral("keys")},     {"x5t#S256", 8, QStringLiteral("x5t#S256")},
            {"scope", 5, QStringLiteral("scope")},   {"nonce", 5, QStringLiteral("nonce")},
            {"roles", 5, QStringLiteral("roles")},   {"email", 5, QStringLiteral("email")},
            {"HS256", 5, QStringLiteral("HS256")},   {"HS384", 5, QStringLiteral("HS384")},
            {"HS512", 5, QStringLiteral("HS512")},   {"RS256", 5, QStringLiteral("RS256")},
            {"RS384", 5, QStringLiteral("RS384")},   {"RS512", 5, QStringLiteral("RS512")},
            {"PS256", 5, QStringLiteral("PS256")},   {"PS384", 5, QStringLiteral("PS384")},
            {"PS512", 5, QStringLiteral("PS512")},   {"ES256", 5, QStringLiteral("ES256")},
            {"ES384", 5, QStringLiteral("ES384")},   {"ES512", 5, QStringLiteral("ES512")},
            {"EdDSA", 5, QStringLiteral("EdDSA")},   {"at+jwt", 6, QStringLiteral("at+jwt")},
            {"groups", 6, QStringLiteral("groups")}, {"tenant", 6, QStringLiteral("tenant")},
        };
        m_slots.fill(nullptr);
        for (const InternedString &entry : entries) {
            const quint64 key = pack(reinterpret_cast<const unsigned char *>(entry.text), entry.length);
            size_t slot = hash(key);
            while (m_slots[slot])
                slot = (slot + 1) % m_slots.size();
            m_slots[slot] = &entry;
            m_keys[slot] = key;
        }
    }

    // `available` is how many bytes may be read from `text` (at least `length`).
    const InternedString *find(const unsigned char *text, qsizetype length, qsizetype available) const
    {
        if (length < 3 || length > kMaxLength)
            return nullptr;
        quint64 key = 0;
        if (available >= 8) {
            key = qFromLittleEndian<quint64>(text);
            if (length < 8)
                key &= (quint64(1) << (8 * length)) - 1;
        } else {
            key = pack(text, length);
        }
        for (size_t slot = hash(key); m_slots[slot]; slot = (slot + 1) % m_slots.size()) {
            if (m_keys[slot] == key)
                return m_slots[slot];
        }
        return nullptr;
    }

private:
    static quint64 pack(const unsigned char *text, qsizetype length)
    {
        quint64 key = 0;
        for (qsizetype index = 0; index < length; ++index)
            key |= quint64(text[index]) << (8 * index);
        return key;
    }

    static size_t hash(quint64 key) { return size_t((key * 0x9E3779B97F4A7C15ull) >> 56); }

    std::array<const InternedString *, 256> m_slots;
    std::array<quint64, 256> m_keys {};
};

const InternedString *findInterned(const unsigned char *text, qsizetype length, qsizetype available)
{
    static const InternTable table;
    return table.find(text, length, available);
}

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

QString tr(const char *text)
{
    return QCoreApplication::translate("Json", text);
}

QString describeByte(unsigned char byte)
{
    if (byte >= 0x21 && byte < 0x7F)
        return QStringLiteral("'%1'").arg(QLatin1Char(static_cast<char>(byte)));
    if (byte == ' ')
        return tr("a space");
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

    bool parseDocument(JsonValue &value)
    {
        if (m_end - m_begin >= 3 && m_begin[0] == 0xEF && m_begin[1] == 0xBB && m_begin[2] == 0xBF)
            return fail(0, tr("a byte order mark is not allowed (RFC 8259 §8.1)"));
        skipWhitespace();
        if (m_position == m_end)
            return fail(offset(),
                        m_begin == m_end ? tr("empty input, expected a JSON value")
                                         : tr("only whitespace, expected a JSON value"));
        if (!parseValue(value, 0))
            return false;
        skipWhitespace();
        if (m_position != m_end)
            return fail(offset(), tr("unexpected %1 after the end of the JSON value").arg(describeByte(*m_position)));
        return true;
    }

    JsonParseError error;

private:
    qsizetype offset() const { return m_position - m_begin; }

    bool fail(qsizetype at, const QString &message)
    {
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
            return fail(offset(), tr("unexpected end of input, expected a value"));
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
            return fail(offset(), tr("unexpected %1, expected a value").arg(describeByte(*m_position)));
        }
    }

    bool parseLiteral(JsonValue &value, const char *literal, qsizetype length, JsonValue::Type type, bool boolean)
    {
        if (m_end - m_position < length || std::memcmp(m_position, literal, static_cast<size_t>(length)) != 0)
            return fail(offset(), tr("unexpected %1, expected a value").arg(describeByte(*m_position)));
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
            return fail(cursor - m_begin, tr("expected a digit after '-'"));
        case AsciiScan::NumberProblem::LeadingZero:
            return fail(cursor - m_begin, tr("leading zeros are not allowed in numbers"));
        case AsciiScan::NumberProblem::DigitAfterPoint:
            return fail(cursor - m_begin, tr("expected a digit after '.'"));
        case AsciiScan::NumberProblem::DigitInExponent:
            return fail(cursor - m_begin, tr("expected a digit in the exponent"));
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
            return fail(offset(), tr("nesting deeper than %1 levels").arg(m_maxDepth));
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
                return fail(offset(), tr("unexpected end of input, expected ',' or ']' in an array"));
            if (*m_position == ',') {
                ++m_position;
                continue;
            }
            if (*m_position == ']') {
                ++m_position;
                break;
            }
            return fail(offset(), tr("unexpected %1, expected ',' or ']' in an array").arg(describeByte(*m_position)));
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
                return fail(offset(), tr("unexpected end of input, expected a member name"));
            if (*m_position != '"')
                return fail(
                    offset(),
                    tr("unexpected %1, expected a member name in double quotes").arg(describeByte(*m_position)));
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
                return fail(offset(), tr("expected ':' after member name"));
            ++m_position;
            skipWhitespace();
            if (!parseValue(member.value, depth + 1))
                return false;
            skipWhitespace();
            if (m_position == m_end)
                return fail(offset(), tr("unexpected end of input, expected ',' or '}' in an object"));
            if (*m_position == ',') {
                ++m_position;
                continue;
            }
            if (*m_position == '}') {
                ++m_position;
                break;
            }
            return fail(offset(), tr("unexpected %1, expected ',' or '}' in an object").arg(describeByte(*m_position)));
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
            return fail(start, tr("unterminated string"));
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
                return fail(cursor - m_begin,
                            tr("control character U+%1 must be escaped inside a string "
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
        return fail(start, tr("unterminated string"));
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
            return fail(at - m_begin, tr("\\u escape needs four hexadecimal digits"));
        unsigned value = 0;
        for (int index = 0; index < 4; ++index) {
            const int digit = hexValue(at[index]);
            if (digit < 0)
                return fail(at + index - m_begin, tr("\\u escape needs four hexadecimal digits"));
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
            return fail(cursor - m_begin, tr("unterminated escape sequence"));
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
                return fail(escapeStart - m_begin,
                            tr("lone low surrogate escape \\u%1 (RFC 8259 §8.2)").arg(unit, 4, 16, QLatin1Char('0')));
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                const unsigned char *second = cursor + 6;
                char16_t low = 0;
                if (m_end - second < 6 || second[0] != '\\' || second[1] != 'u' || !readHex4(second + 2, low)
                    || low < 0xDC00 || low > 0xDFFF) {
                    return fail(escapeStart - m_begin,
                                tr("high surrogate escape \\u%1 is not followed by a low surrogate escape "
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
            return fail(escapeStart - m_begin, tr("invalid escape sequence \\%1").arg(describeByte(kind)));
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
            return fail(at, tr("invalid UTF-8: overlong encoding (byte 0x%1)").arg(lead, 2, 16, QLatin1Char('0')));
        } else if (lead >= 0xF5 && lead <= 0xF7) {
            return fail(at, tr("invalid UTF-8: code point above U+10FFFF"));
        } else {
            return fail(at, tr("invalid UTF-8: byte 0x%1 cannot start a character").arg(lead, 2, 16, QLatin1Char('0')));
        }
        if (m_end - cursor <= continuationCount) {
            for (const unsigned char *check = cursor + 1; check != m_end; ++check) {
                if ((*check & 0xC0) != 0x80)
                    return fail(at, tr("invalid UTF-8: truncated sequence"));
            }
            return fail(at, tr("invalid UTF-8: truncated sequence at the end of the input"));
        }
        const unsigned char second = cursor[1];
        if ((second & 0xC0) != 0x80)
            return fail(at, tr("invalid UTF-8: truncated sequence"));
        if (second < secondMin) {
            return fail(at,
                        continuationCount == 2 || continuationCount == 3 ? tr("invalid UTF-8: overlong encoding")
                                                                         : tr("invalid UTF-8: truncated sequence"));
        }
        if (second > secondMax) {
            return fail(at,
                        lead == 0xED ? tr("invalid UTF-8: encoded surrogate (U+D800..U+DFFF)")
                                     : tr("invalid UTF-8: code point above U+10FFFF"));
        }
        codePoint = (codePoint << 6) | (second & 0x3F);
        for (int index = 2; index <= continuationCount; ++index) {
            const unsigned char next = cursor[index];
            if ((next & 0xC0) != 0x80)
                return fail(at, tr("invalid UTF-8: truncated sequence"));
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

bool isValidNumberLexeme(const QByteArray &lexeme)
{
    std::vector<JsonDuplicate> ignored;
    JsonStorage storage;
    Parser parser(lexeme, 1, ignored, storage);
    JsonValue value;
    return !lexeme.isEmpty() && (lexeme.front() == '-' || isDigit(static_cast<unsigned char>(lexeme.front())))
        && isDigit(static_cast<unsigned char>(lexeme.back())) && parser.parseDocument(value) && value.isNumber();
}

void appendUtf8(QByteArray &out, char32_t codePoint)
{
    if (codePoint < 0x80) {
        out.append(static_cast<char>(codePoint));
    } else if (codePoint < 0x800) {
        out.append(static_cast<char>(0xC0 | (codePoint >> 6)));
        out.append(static_cast<char>(0x80 | (codePoint & 0x3F)));
    } else if (codePoint < 0x10000) {
        out.append(static_cast<char>(0xE0 | (codePoint >> 12)));
        out.append(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.append(static_cast<char>(0x80 | (codePoint & 0x3F)));
    } else {
        out.append(static_cast<char>(0xF0 | (codePoint >> 18)));
        out.append(static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F)));
        out.append(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.append(static_cast<char>(0x80 | (codePoint & 0x3F)));
    }
}

void appendQuoted(QByteArray &out, QStringView text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.append('"');
    const qsizetype size = text.size();
    for (qsizetype index = 0; index < size; ++index) {
        const char16_t unit = text[index].unicode();
        if (unit < 0x80) {
            switch (unit) {
            case u'"':
                out.append("\\\"", 2);
                break;
            case u'\\':
                out.append("\\\\", 2);
                break;
            case u'\b':
                out.append("\\b", 2);
                break;
            case u'\f':
                out.append("\\f", 2);
                break;
            case u'\n':
                out.append("\\n", 2);
                break;
            case u'\r':
                out.append("\\r", 2);
                break;
            case u'\t':
                out.append("\\t", 2);
                break;
            default:
                if (unit < 0x20) {
                    const char escape[6] = {'\\', 'u', '0', '0', kHex[unit >> 4], kHex[unit & 0xF]};
                    out.append(escape, 6);
                } else {
                    out.append(static_cast<char>(unit));
                }
            }
            continue;
        }
        if (QChar::isHighSurrogate(unit) && index + 1 < size && QChar::isLowSurrogate(text[index + 1].unicode())) {
            appendUtf8(out, QChar::surrogateToUcs4(unit, text[index + 1].unicode()));
            ++index;
            continue;
        }
        // A lone surrogate in a QString has no UTF-8 form; U+FFFD keeps the output valid JSON.
        appendUtf8(out, QChar::isSurrogate(unit) ? char32_t(0xFFFD) : char32_t(unit));
    }
    out.append('"');
}

void appendIndent(QByteArray &out, int indent)
{
    out.append('\n');
    out.append(QByteArray(indent, ' '));
}

void writeValue(QByteArray &out, const JsonValue &value, Json::Style style, int indent)
{
    const bool pretty = style == Json::Style::Pretty;
    switch (value.type) {
    case JsonValue::Type::Null:
        out.append("null", 4);
        return;
    case JsonValue::Type::Bool:
        if (value.boolean)
            out.append("true", 4);
        else
            out.append("false", 5);
        return;
    case JsonValue::Type::Number:
        // A lexeme that did not come from the parser might not be a JSON number; never emit invalid JSON.
        if (isValidNumberLexeme(value.lexeme))
            out.append(value.lexeme);
        else
            out.append("null", 4);
        return;
    case JsonValue::Type::String:
        appendQuoted(out, value.string);
        return;
    case JsonValue::Type::Array:
        if (value.elements.empty()) {
            out.append("[]", 2);
            return;
        }
        out.append('[');
        for (size_t index = 0; index < value.elements.size(); ++index) {
            if (index > 0)
                out.append(',');
            if (pretty)
                appendIndent(out, indent + 2);
            writeValue(out, value.elements[index], style, indent + 2);
        }
        if (pretty)
            appendIndent(out, indent);
        out.append(']');
        return;
    case JsonValue::Type::Object:
        if (value.members.empty()) {
            out.append("{}", 2);
            return;
        }
        out.append('{');
        for (size_t index = 0; index < value.members.size(); ++index) {
            if (index > 0)
                out.append(',');
            if (pretty)
                appendIndent(out, indent + 2);
            appendQuoted(out, value.members[index].name);
            if (pretty)
                out.append(": ", 2);
            else
                out.append(':');
            writeValue(out, value.members[index].value, style, indent + 2);
        }
        if (pretty)
            appendIndent(out, indent);
        out.append('}');
        return;
    }
}

} // namespace

const JsonMember *JsonValue::member(QStringView name) const
{
    // Inline compare: most names differ in length or in their first character, and this runs several times per
    // verified token.
    const qsizetype size = name.size();
    const char16_t *wanted = name.utf16();
    for (const JsonMember &candidate : members) {
        if (candidate.name.size() != size)
            continue;
        const char16_t *have = reinterpret_cast<const char16_t *>(candidate.name.constData());
        qsizetype index = 0;
        while (index < size && have[index] == wanted[index])
            ++index;
        if (index == size)
            return &candidate;
    }
    return nullptr;
}

const JsonValue *JsonValue::value(QStringView name) const
{
    const JsonMember *found = member(name);
    return found ? &found->value : nullptr;
}

// Exact decimal arithmetic on the lexeme rather than going through double, so 9007199254740993 (2^53 + 1) and
// 1.5e3 both come out right.
std::optional<qint64> JsonValue::toInteger() const
{
    if (type != Type::Number || lexeme.isEmpty())
        return std::nullopt;
    const char *cursor = lexeme.constData();
    const char *end = cursor + lexeme.size();
    const bool negative = *cursor == '-';
    if (negative)
        ++cursor;
    // Fast path: a plain integer of up to 18 digits (every NumericDate) cannot overflow.
    if (end - cursor > 0 && end - cursor <= 18) {
        qint64 plain = 0;
        const char *digit = cursor;
        while (digit != end && *digit >= '0' && *digit <= '9')
            plain = plain * 10 + (*digit++ - '0');
        if (digit == end)
            return negative ? -plain : plain;
    }
    std::string digits;
    qint64 fractionLength = 0;
    bool inFraction = false;
    for (; cursor != end && *cursor != 'e' && *cursor != 'E'; ++cursor) {
        if (*cursor == '.') {
            inFraction = true;
            continue;
        }
        if (*cursor < '0' || *cursor > '9')
            return std::nullopt;
        digits.push_back(*cursor);
        if (inFraction)
            ++fractionLength;
    }
    if (digits.empty())
        return std::nullopt;
    qint64 exponent = 0;
    if (cursor != end) {
        ++cursor;
        bool exponentNegative = false;
        if (cursor != end && (*cursor == '+' || *cursor == '-')) {
            exponentNegative = *cursor == '-';
            ++cursor;
        }
        if (cursor == end)
            return std::nullopt;
        for (; cursor != end; ++cursor) {
            if (*cursor < '0' || *cursor > '9')
                return std::nullopt;
            // Saturate: anything beyond a billion is far outside 64 bits either way.
            if (exponent < 1000000000)
                exponent = exponent * 10 + (*cursor - '0');
        }
        if (exponentNegative)
            exponent = -exponent;
    }
    exponent -= fractionLength;

    const size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos)
        return 0;
    size_t last = digits.find_last_not_of('0');
    exponent += static_cast<qint64>(digits.size() - 1 - last);
    const qint64 significant = static_cast<qint64>(last - first + 1);
    if (exponent < 0)
        return std::nullopt; // a non-zero fractional part
    if (significant + exponent > 19)
        return std::nullopt;
    quint64 magnitude = 0;
    for (size_t index = first; index <= last; ++index)
        magnitude = magnitude * 10 + static_cast<quint64>(digits[index] - '0');
    for (qint64 step = 0; step < exponent; ++step) {
        if (magnitude > std::numeric_limits<quint64>::max() / 10)
            return std::nullopt;
        magnitude *= 10;
    }
    const quint64 limit
        = negative ? quint64(std::numeric_limits<qint64>::max()) + 1 : quint64(std::numeric_limits<qint64>::max());
    if (magnitude > limit)
        return std::nullopt;
    if (negative)
        return magnitude == limit ? std::numeric_limits<qint64>::min() : -static_cast<qint64>(magnitude);
    return static_cast<qint64>(magnitude);
}

std::optional<double> JsonValue::toDouble() const
{
    if (type != Type::Number)
        return std::nullopt;
    bool ok = false;
    const double number = lexeme.toDouble(&ok);
    if (!ok)
        return std::nullopt;
    return number;
}

JsonStorage::~JsonStorage() = default;

void JsonStorage::reserveText(qsizetype units)
{
    if (textAvailable() >= units)
        return;
    auto [header, data] = QTypedArrayData<char16_t>::allocate(units);
    Q_CHECK_PTR(data);
    m_text = QString::DataPointer(header, data, 0);
    m_textCursor = data;
    m_textEnd = data + units;
}

QString JsonStorage::takeText(qsizetype units)
{
    Q_ASSERT(units + 1 <= textAvailable());
    char16_t *begin = m_textCursor;
    begin[units] = u'\0';
    m_textCursor += units + 1;
    m_text.d_ptr()->ref();
    return QString(QString::DataPointer(m_text.d_ptr(), begin, units));
}

void JsonStorage::adoptBytes(const QByteArray::DataPointer &block, char *from, char *to)
{
    m_bytes = block;
    m_bytesCursor = from;
    m_bytesEnd = to;
}

void JsonStorage::reserveBytes(qsizetype bytes)
{
    if (bytesAvailable() >= bytes)
        return;
    auto [header, data] = QTypedArrayData<char>::allocate(bytes);
    Q_CHECK_PTR(data);
    m_bytes = QByteArray::DataPointer(header, data, 0);
    m_bytesCursor = data;
    m_bytesEnd = data + bytes;
}

QByteArray JsonStorage::takeBytes(const char *bytes, qsizetype size)
{
    Q_ASSERT(size + 1 <= bytesAvailable());
    char *begin = m_bytesCursor;
    std::memcpy(begin, bytes, static_cast<size_t>(size));
    begin[size] = '\0';
    m_bytesCursor += size + 1;
    m_bytes.d_ptr()->ref();
    return QByteArray(QByteArray::DataPointer(m_bytes.d_ptr(), begin, size));
}

JsonValue JsonValue::makeString(const QString &text)
{
    JsonValue value;
    value.type = Type::String;
    value.string = text;
    return value;
}

JsonValue JsonValue::makeNumber(qint64 number)
{
    JsonValue value;
    value.type = Type::Number;
    value.lexeme = QByteArray::number(number);
    return value;
}

JsonValue JsonValue::makeNumberLexeme(const QByteArray &lexeme)
{
    JsonValue value;
    value.type = Type::Number;
    value.lexeme = lexeme;
    return value;
}

JsonValue JsonValue::makeBool(bool boolean)
{
    JsonValue value;
    value.type = Type::Bool;
    value.boolean = boolean;
    return value;
}

JsonValue JsonValue::makeObject()
{
    JsonValue value;
    value.type = Type::Object;
    return value;
}

JsonValue JsonValue::makeArray()
{
    JsonValue value;
    value.type = Type::Array;
    return value;
}

JsonValue &JsonValue::append(const QString &name, JsonValue value)
{
    members.push_back(JsonMember {name, Span {}, std::move(value)});
    return members.back().value;
}

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
        result.error.offset = limits.maxBytes;
        result.error.message
            = QCoreApplication::translate("Json", "the JSON text is %1 bytes, more than the limit of %2")
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

QByteArray write(const JsonValue &value, Style style)
{
    QByteArray out;
    out.reserve(256);
    writeValue(out, value, style, 0);
    return out;
}

QByteArray quote(QStringView text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    appendQuoted(out, text);
    return out;
}

} // namespace Json
} // namespace tokenscope
