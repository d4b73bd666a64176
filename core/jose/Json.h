#pragma once

#include "common/Span.h"
#include "jose/JsonStorage.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace tokenscope {

// JSON values as Tokenscope needs them (RFC 8259): members in source order, numbers kept as their lexeme so
// 12345678901234567890123 is shown exactly as written, and every member and value carrying the span of bytes it
// came from, so a pane can light up the base64url run a claim was decoded from. No Debian-packaged JSON library
// keeps lexemes and spans, which is why this parser is Tokenscope's own.
struct JsonMember;

// One parsed JSON value with its span in the source bytes; numbers keep their lexeme, objects their member order.
struct JsonValue
{
    enum class Type { Null, Bool, Number, String, Array, Object };

    // User-provided (defaulted below, outside the class) so that `JsonValue()` and `emplace_back()` initialise
    // member by member instead of first zero-filling the whole object, which dominated parsing time.
    JsonValue() noexcept;

    Type type = Type::Null;
    bool boolean = false; // Type::Bool
    Span span; // the whole value in the parsed bytes (for strings, including the quotes)
    QByteArray lexeme; // Type::Number: exactly as written
    QString string; // Type::String: unescaped
    std::vector<JsonValue> elements; // Type::Array
    std::vector<JsonMember> members; // Type::Object, in source order (duplicates kept)

    [[nodiscard]] bool isNull() const { return type == Type::Null; }
    [[nodiscard]] bool isBool() const { return type == Type::Bool; }
    [[nodiscard]] bool isNumber() const { return type == Type::Number; }
    [[nodiscard]] bool isString() const { return type == Type::String; }
    [[nodiscard]] bool isArray() const { return type == Type::Array; }
    [[nodiscard]] bool isObject() const { return type == Type::Object; }

    // Objects: the first member with this name, or nullptr.
    [[nodiscard]] const JsonMember *member(QStringView name) const;
    [[nodiscard]] const JsonValue *value(QStringView name) const;
    // Numbers: the value as an integer when the lexeme is an integer (or a float with integral value, e.g. 1.5e3)
    // that fits in 64 bits.
    [[nodiscard]] std::optional<qint64> toInteger() const;
    [[nodiscard]] std::optional<double> toDouble() const;

    static JsonValue makeString(const QString &text);
    static JsonValue makeNumber(qint64 number);
    static JsonValue makeNumberLexeme(const QByteArray &lexeme);
    static JsonValue makeBool(bool value);
    static JsonValue makeObject();
    static JsonValue makeArray();
    // Objects: appends a member (no check for duplicates).
    JsonValue &append(const QString &name, JsonValue value);
};

// One member of a JSON object: its name, where the name was written, and its value.
struct JsonMember
{
    QString name;
    Span nameSpan; // the name in the parsed bytes, including the quotes
    JsonValue value;
};

inline JsonValue::JsonValue() noexcept = default;

// How much JSON the parser takes before refusing: nesting depth and input size.
struct JsonLimits
{
    int maxDepth = 64; // nesting of arrays and objects
    qsizetype maxBytes = 16 * 1024 * 1024; // input size
};

// Where JSON parsing stopped, and why.
struct JsonParseError
{
    // What went wrong, stable for code and tests; `message` says it in words and names the byte.
    enum class Code {
        None,
        NoValue, // empty input, or only whitespace
        ByteOrderMark, // RFC 8259 §8.1
        UnexpectedEnd, // the input ends inside an array or object, or where a value must follow
        UnexpectedCharacter, // a byte the grammar does not allow where it stands
        TrailingData, // more than whitespace after the value
        BadNumber, // RFC 8259 §6: a digit missing after '-', '.' or the exponent, or a leading zero
        UnterminatedString, // the input ends inside a string
        ControlCharacter, // an unescaped byte below 0x20 inside a string (RFC 8259 §7)
        BadEscape, // an unknown escape, or a Unicode escape without four hexadecimal digits
        LoneSurrogate, // a Unicode escape of half a surrogate pair (RFC 8259 §8.2)
        InvalidUtf8, // RFC 3629 §4
        DepthLimit, // nesting deeper than JsonLimits::maxDepth
        SizeLimit, // input larger than JsonLimits::maxBytes
    };

    Code code = Code::None;
    qsizetype offset = -1; // byte offset into the input
    QString message; // translated, for people: "expected ':' after member name"
};

// A member name given twice in one object, with both places it was written (for the duplicate_member finding).
struct JsonDuplicate
{
    QString name;
    Span firstNameSpan;
    Span duplicateNameSpan;
};

// What the parser made of JSON bytes: the value, or where and why it failed; and any duplicate member names.
struct JsonParseResult
{
    std::optional<JsonValue> value;
    JsonParseError error;
    // Member names that occur twice in one object (RFC 7515 §5.2 and RFC 7519 §4 let a parser reject them;
    // Tokenscope shows the token and fails verification with `duplicate_member`).
    std::vector<JsonDuplicate> duplicates;

    explicit operator bool() const { return value.has_value(); }
};

namespace Json {

// Strict RFC 8259: one value with optional surrounding whitespace; valid UTF-8 (no overlongs, no surrogates);
// escapes checked (lone surrogate escapes rejected); depth and size limited.
[[nodiscard]] JsonParseResult parse(QByteArrayView bytes, const JsonLimits &limits = {});
// The same, carving strings and lexemes from `storage`.
[[nodiscard]] JsonParseResult parse(QByteArrayView bytes, const JsonLimits &limits, JsonStorage &storage);

enum class Style { Compact, Pretty };
// Serialises with members in order and number lexemes as written. Pretty uses two-space indentation.
[[nodiscard]] QByteArray write(const JsonValue &value, Style style = Style::Pretty);
// A JSON string literal for `text`, with quotes.
[[nodiscard]] QByteArray quote(QStringView text);

} // namespace Json
} // namespace tokenscope
