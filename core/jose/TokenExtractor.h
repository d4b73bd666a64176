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
    QByteArray token; // ASCII
    Span span; // in the input text (QString units)
    QString context; // where it was found, when known: "Authorization header", "id_token", "access_token", …
    // What touched the token with no separator and was left out of it, described for people ("'?' right after the
    // token"); empty when the token stands clear of its neighbours. Paste tolerance strips only what is plainly not
    // part of a token (whitespace, quotes, "Bearer", "Authorization:", URL and form delimiters), so a token with
    // dropped characters is a guess: verification refuses it as malformed, decoding shows it with a finding.
    QString dropped;
};

namespace TokenExtractor {

// Every candidate in order of appearance. A candidate is a run of base64url characters (plus '=' so padded
// tokens are found and then reported) split by dots into 3 or 5 parts whose first part decodes to text starting
// with '{', or an SD-JWT (RFC 9901 §4): such a JWS followed by '~' and whatever the run holds after it. A dot or a
// character outside the alphabet stuck to a candidate is noted in `dropped`. When nothing qualifies but the trimmed
// text (quotes, "Bearer", "Authorization:" removed) is a single word, that word is returned so the decoder can say
// exactly what is wrong with it.
[[nodiscard]] QList<ExtractedToken> extract(QStringView text, qsizetype maxTextLength = 16 * 1024 * 1024);
// The same over raw bytes (standard input, a file): decoded as UTF-8 where each byte that is not part of a
// well-formed sequence stands for itself as one U+FFFD, and tokens and spans taken from the bytes (spans in bytes),
// so a decoding error names the byte and offset the user gave, not a replacement character.
[[nodiscard]] QList<ExtractedToken> extract(QByteArrayView bytes, qsizetype maxLength = 16 * 1024 * 1024);

} // namespace TokenExtractor
} // namespace tokenscope
