#pragma once

#include <QByteArrayView>
#include <QHash>
#include <QString>

namespace tokenscope::issuer {

// OAuth request parameters from an application/x-www-form-urlencoded body or a query string (RFC 6749 §3.1,
// Appendix B), read strictly: a parameter may appear only once, a parameter without a value counts as omitted,
// bad percent escapes and invalid UTF-8 are errors.
struct FormParameters
{
    QHash<QString, QString> values;
    QString error; // untranslated detail for error_description; empty when the form was well-formed
    QString repeatedName; // set when the error is a repeated parameter

    explicit operator bool() const { return error.isEmpty(); }
    [[nodiscard]] QString value(const QString &name) const { return values.value(name); }
    [[nodiscard]] bool has(const QString &name) const { return values.contains(name); }

    [[nodiscard]] static FormParameters parse(QByteArrayView encoded);
    // One application/x-www-form-urlencoded component ('+' is a space), or nullopt-like false on bad escapes or UTF-8.
    [[nodiscard]] static bool decodeComponent(QByteArrayView encoded, QString &decoded);
};

} // namespace tokenscope::issuer
