#pragma once

#include "common/Span.h"

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

struct JsonMember
{
    QString name;
    Span nameSpan; // the name in the parsed bytes, including the quotes
    JsonValue value;
};

inline JsonValue::JsonValue() noexcept = default;

struct JsonLimits
{
    int maxDepth = 64; // nesting of arrays and objects
    qsizetype maxBytes = 16 * 1024 * 1024; // input size
};

struct JsonParseError
{
    qsizetype offset = -1; // byte offset into the input
    QString message; // human, untranslated: "expected ':' after member name"
};

struct JsonDuplicate
{
    QString name;
    Span firstNameSpan;
    Span duplicateNameSpan;
};

// The blocks the parser carves strings and number lexemes from. Each parsed QString and lexeme is an implicitly
// shared view into one of these blocks (nul-terminated like any QString/QByteArray, copied on write), so a document
// costs a couple of allocations instead of one per value. Parsing several documents with one storage (a token's
// header and payload) shares the blocks between them. Not thread-safe; the values it produced are ordinary Qt values.
class JsonStorage
{
public:
    JsonStorage() = default;
    ~JsonStorage();
    JsonStorage(const JsonStorage &) = delete;
    JsonStorage &operator=(const JsonStorage &) = delete;

    // Makes sure the current text block has room for `units` more UTF-16 code units (allocating a new block
    // when it does not; values already handed out keep the old one alive).
    void reserveText(qsizetype units);
    // Lends the unused part [from, to) of `block` (which the caller will not write again) for number lexemes.
    void adoptBytes(const QByteArray::DataPointer &block, char *from, char *to);
    void reserveBytes(qsizetype bytes);

    // Internal, for the parser: room is reserved first, then handed out front to back.
    char16_t *textCursor() const { return m_textCursor; }
    qsizetype textAvailable() const { return m_textEnd - m_textCursor; }
    QString takeText(qsizetype units); // the `units` at textCursor() plus the terminator written after them
    qsizetype bytesAvailable() const { return m_bytesEnd - m_bytesCursor; }
    QByteArray takeBytes(const char *bytes, qsizetype size);

private:
    QString::DataPointer m_text;
    char16_t *m_textCursor = nullptr;
    char16_t *m_textEnd = nullptr;
    QByteArray::DataPointer m_bytes;
    char *m_bytesCursor = nullptr;
    char *m_bytesEnd = nullptr;
};

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
