#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace tokenscope {

// The stable name of a failure, such as "redis.start_timeout": the part of an Error that code, tests, logs and JSON
// output rely on, while the message is for people and changes with the language.
//
// A string rather than an enum class per domain: one Error type serves every layer, so a lab start can pass on the
// code of the Redis or haproxy failure beneath it without a templated Error or a table that maps one enum onto
// another; the code prints as it is in a log line or a JSON report; and a new failure site needs no shared header
// edit. What an enum would give, a switch the compiler checks for completeness, matters only where a caller branches
// on the cause, and those callers compare against the named constants their domain declares (see
// issuer/MockIssuerStartError.h). The constructor is consteval, so a code is always a literal: it costs a pointer,
// never allocates, and cannot be assembled from run-time text. Codes are compared by their text, not their address.
class ErrorCode
{
public:
    template<std::size_t Size>
    consteval ErrorCode(const char (&text)[Size]) // NOLINT(google-explicit-constructor): codes are written as literals
        : m_text(text, Size - 1)
    { }

    [[nodiscard]] constexpr std::string_view view() const { return m_text; }
    [[nodiscard]] QString toString() const { return QString::fromLatin1(m_text.data(), qsizetype(m_text.size())); }
    [[nodiscard]] friend constexpr bool operator==(ErrorCode left, ErrorCode right) = default;

private:
    std::string_view m_text;
};

// Why an operation failed: a stable code and a translated message for people, which names the thing that failed (a
// path, a port, a program) and is shown as it is.
class Error
{
public:
    Error(ErrorCode code, QString message) : m_code(code), m_message(std::move(message)) { }

    [[nodiscard]] ErrorCode code() const { return m_code; }
    [[nodiscard]] const QString &message() const { return m_message; }

private:
    ErrorCode m_code;
    QString m_message;
};

namespace detail {
// Reading the value of a failed Result (or the error of a successful one) is a bug in the caller. It stops the program
// in every build, so a release build never goes on with a value that is not there.
[[noreturn]] inline void resultMisused(const char *what)
{
    qFatal("tokenscope::Result: %s", what);
}
} // namespace detail

// The outcome of an operation that yields a T: either the value or an Error. Converts from either, so a function
// returns `value` or `Error {code, message}`; tested with `if (result)` or `if (!result)`.
template<typename T> class [[nodiscard]] Result
{
    static_assert(!std::is_same_v<std::remove_cv_t<T>, Error>, "a Result holds a value or an Error, not an Error");
    static_assert(!std::is_reference_v<T>, "a Result owns its value");

public:
    Result(const T &value) : m_state(std::in_place_index<0>, value) { } // NOLINT(google-explicit-constructor)
    Result(T &&value) : m_state(std::in_place_index<0>, std::move(value)) { } // NOLINT(google-explicit-constructor)
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) { } // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool hasValue() const { return m_state.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    [[nodiscard]] const T &value() const &
    {
        if (!hasValue())
            detail::resultMisused("value() of a failed result");
        return *std::get_if<0>(&m_state);
    }
    [[nodiscard]] T &value() &
    {
        if (!hasValue())
            detail::resultMisused("value() of a failed result");
        return *std::get_if<0>(&m_state);
    }
    [[nodiscard]] T &&value() &&
    {
        if (!hasValue())
            detail::resultMisused("value() of a failed result");
        return std::move(*std::get_if<0>(&m_state));
    }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    T &&operator*() && { return std::move(*this).value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    // The value, or `fallback` when the operation failed (for callers to whom the cause does not matter).
    [[nodiscard]] T valueOr(T fallback) const & { return hasValue() ? *std::get_if<0>(&m_state) : std::move(fallback); }
    [[nodiscard]] T valueOr(T fallback) &&
    {
        return hasValue() ? std::move(*std::get_if<0>(&m_state)) : std::move(fallback);
    }

    [[nodiscard]] const Error &error() const
    {
        if (hasValue())
            detail::resultMisused("error() of a successful result");
        return *std::get_if<1>(&m_state);
    }
    // The error's message, or empty on success: for callers that only show or log the cause.
    [[nodiscard]] QString errorMessage() const { return hasValue() ? QString() : std::get_if<1>(&m_state)->message(); }

private:
    std::variant<T, Error> m_state;
};

// The outcome of an operation without a value: success, or an Error. `return {};` reports success. Deliberately
// without a short alias such as Status: the HTTP code reads `Status` in the lab's and the issuer's servers.
template<> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) { } // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool hasValue() const { return !m_error.has_value(); }
    explicit operator bool() const { return hasValue(); }

    [[nodiscard]] const Error &error() const
    {
        if (!m_error)
            detail::resultMisused("error() of a successful result");
        return *m_error;
    }
    // The error's message, or empty on success: for callers that only show or log the cause.
    [[nodiscard]] QString errorMessage() const { return m_error ? m_error->message() : QString(); }

private:
    std::optional<Error> m_error;
};

} // namespace tokenscope
