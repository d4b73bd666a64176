// libFuzzer target for Json::parse and Json::write: whatever parses must write out as JSON that parses again to
// the same value (members in order, lexemes as written, strings unchanged), in both styles.

#include "jose/Json.h"

#include <QByteArrayView>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

using namespace tokenscope;

bool sameValue(const JsonValue &left, const JsonValue &right)
{
    if (left.type != right.type)
        return false;
    switch (left.type) {
    case JsonValue::Type::Null:
        return true;
    case JsonValue::Type::Bool:
        return left.boolean == right.boolean;
    case JsonValue::Type::Number:
        return left.lexeme == right.lexeme;
    case JsonValue::Type::String:
        return left.string == right.string;
    case JsonValue::Type::Array:
        if (left.elements.size() != right.elements.size())
            return false;
        for (size_t index = 0; index < left.elements.size(); ++index) {
            if (!sameValue(left.elements[index], right.elements[index]))
                return false;
        }
        return true;
    case JsonValue::Type::Object:
        if (left.members.size() != right.members.size())
            return false;
        for (size_t index = 0; index < left.members.size(); ++index) {
            if (left.members[index].name != right.members[index].name
                || !sameValue(left.members[index].value, right.members[index].value))
                return false;
        }
        return true;
    }
    return false;
}

void checkSpans(const JsonValue &value, qsizetype size)
{
    if (value.span.start < 0 || value.span.end() > size || value.span.length <= 0)
        std::abort();
    if (value.isNumber()) {
        (void)value.toInteger();
        (void)value.toDouble();
    }
    for (const JsonValue &element : value.elements)
        checkSpans(element, size);
    for (const JsonMember &member : value.members) {
        if (member.nameSpan.start < value.span.start || member.nameSpan.end() > value.span.end())
            std::abort();
        if (value.member(member.name) == nullptr)
            std::abort();
        checkSpans(member.value, size);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const JsonParseResult first = Json::parse(input);
    if (!first) {
        if (first.error.code == JsonParseError::Code::None || first.error.offset < 0
            || first.error.offset > input.size() || first.error.message.isEmpty())
            std::abort();
        return 0;
    }
    checkSpans(*first.value, input.size());
    for (const Json::Style style : {Json::Style::Pretty, Json::Style::Compact}) {
        const QByteArray written = Json::write(*first.value, style);
        const JsonParseResult again = Json::parse(written);
        if (!again || !sameValue(*first.value, *again.value) || again.duplicates.size() != first.duplicates.size())
            std::abort();
        // Writing is deterministic: the re-parsed value writes out identically.
        if (Json::write(*again.value, style) != written)
            std::abort();
    }
    return 0;
}
