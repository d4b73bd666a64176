#pragma once

#include "common/Span.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace tokenscope {

// Finds tokens in whatever a user pasted: a bare token, surrounding whitespace or quotes, "Bearer …", an
// "Authorization:" header line, a cookie, a curl command, a log line, a URL fragment "#id_token=…", or several
// tokens at once.
struct ExtractedToken
{
    QByteArray token;   // ASCII
    Span span;          // in the input text (QString units)
    QString context;    // where it was found, when known: "Authorization header", "id_token", "access_token", …
};

namespace TokenExtractor {

// Every candidate in order of appearance. A candidate is a run of base64url characters (plus '=' so padded
// tokens are found and then reported) split by dots into 3 or 5 parts whose first part decodes to text starting
// with '{'. When nothing qualifies but the trimmed text (quotes, "Bearer", "Authorization:" removed) is a single
// word, that word is returned so the decoder can say exactly what is wrong with it.
[[nodiscard]] QList<ExtractedToken> extract(QStringView text, qsizetype maxTextLength = 16 * 1024 * 1024);

} // namespace TokenExtractor
} // namespace tokenscope
