// JsonValue: finding members, reading numbers exactly, and building values to write.

#include "jose/Json.h"

#include <limits>
#include <string>

namespace tokenscope {

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

} // namespace tokenscope
