#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>

namespace tokenscope::issuer {

// A Content-Type field value read per RFC 9110 §8.3.1: type "/" subtype *( OWS ";" OWS parameter ), where type,
// subtype and parameter names are case-insensitive tokens and a parameter value is a token or a quoted-string.
// Compared as a whole, never by prefix: "application/x-www-form-urlencodedXYZ" is another media type.
struct MediaType
{
    QByteArray type; // "type/subtype", lower case; empty when the value is malformed
    QHash<QByteArray, QByteArray> parameters; // lower-case names, unquoted values

    [[nodiscard]] static MediaType parse(QByteArrayView value);

    // This is `essence` (lower case "type/subtype") and, if it names a charset, that one (compared
    // case-insensitively, RFC 9110 §8.3.2). Other parameters are allowed.
    [[nodiscard]] bool is(QByteArrayView essence, QByteArrayView charset) const;
};

} // namespace tokenscope::issuer
