// The JSON writer: members in order, number lexemes as written, strings escaped so the output is always valid JSON.

#include "jose/AsciiScan.h"
#include "jose/Json.h"

namespace tokenscope {
namespace {

// A lexeme that did not come from the parser might not be a JSON number (RFC 8259 §6); the writer checks it.
bool isValidNumberLexeme(const QByteArray &lexeme)
{
    if (lexeme.isEmpty())
        return false;
    const auto *begin = reinterpret_cast<const unsigned char *>(lexeme.constData());
    const auto *end = begin + lexeme.size();
    if (*begin != '-' && !AsciiScan::isDigit(*begin))
        return false;
    const AsciiScan::NumberLexeme scanned = AsciiScan::scanNumber(begin, end);
    return scanned.problem == AsciiScan::NumberProblem::None && scanned.end == end;
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

namespace Json {

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
