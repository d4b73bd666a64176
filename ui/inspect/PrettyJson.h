#pragma once

#include "common/Span.h"
#include "jose/Json.h"

#include <QList>
#include <QString>

namespace tokenscope {

// One member or array element of a pretty-printed JSON document, with where it sits in the decoded bytes it was
// parsed from (`source`) and in the pretty text (`text`). The pair is what links a pane to the token: a selection
// in one is mapped through the entry to the other (the decoded bytes then map to base64url characters through
// DecodedToken::tokenSpan).
struct PrettyJsonEntry
{
    QString path; // "address.street", "aud[1]"
    QString name; // the member name; empty for array elements
    int depth = 0; // 0: a member of the top-level object
    int parent = -1; // index of the enclosing entry, -1 at top level
    Span source; // decoded bytes: from the name's opening quote (elements: the value) to the value's end
    Span text; // the same extent in the pretty text
    Span valueText; // the value alone in the pretty text
    JsonValue::Type type = JsonValue::Type::Null;
    bool timestamp = false; // a top-level NumericDate claim the catalogue knows (exp, iat, nbf, auth_time, …)
    qint64 seconds = 0; // its value when timestamp
    bool shortened = false; // a string value too long to lay out, shown by its beginning (see PrettyJsonPrinter)
    QString note; // painted after the entry's first line, e.g. which SD-JWT Disclosure filled it
};

// Pretty JSON (two-space indentation, members in source order, number lexemes as written) plus the entries.
struct PrettyJson
{
    QString text;
    QList<PrettyJsonEntry> entries;
    bool shortened = false; // the document was cut at PrettyJsonPrinter::maxTextCharacters

    // The innermost entry whose pretty-text extent contains `position`, or -1.
    [[nodiscard]] int entryAtText(qsizetype position) const;
    // The innermost entry whose source extent contains the decoded byte `offset`, or -1.
    [[nodiscard]] int entryAtSource(qsizetype offset) const;
    // The top-level entry with this name, or -1.
    [[nodiscard]] int topLevelEntry(QStringView name) const;
};

namespace PrettyJsonPrinter {

enum class Section { Header, Payload };

// Display limits. Laying out a megabyte of text (or one line of 100 000 characters) takes the UI thread far longer
// than a frame, so a huge payload is shown by its beginning: strings past maxStringCharacters end in "…", and the
// document stops after about maxTextCharacters with a note. Copy actions copy the decoded bytes, never this text.
constexpr qsizetype maxStringCharacters = 2048;
constexpr qsizetype maxTextCharacters = 48 * 1024;

// `section` decides which catalogue marks timestamps (payload claims only).
[[nodiscard]] PrettyJson print(const JsonValue &root, Section section);

} // namespace PrettyJsonPrinter
} // namespace tokenscope
