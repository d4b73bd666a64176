#pragma once

#include <QByteArrayView>

namespace tokenscope {

// The hot loop of a scan: where a compact JOSE object may start, and how many lines were passed on the way.
//
// A JOSE header is a JSON object (RFC 7515 §4, RFC 7516 §4), so its base64url (RFC 7515 §2) starts with the
// sextets of '{': "e", then "y" when a space or '"' follows the brace, "w" when a tab, CR or LF does. Every token
// therefore starts with "ey" or "ew", where a run of token bytes starts. Finding those is all the scan does on most of
// its input, so it is vectorised (AVX2 when the processor has it, the C library's memchr otherwise) and counts line
// feeds in the same pass, so that no byte of a large log is read twice.
namespace CandidateSearch {

struct Cursor
{
    qsizetype position = 0; // where the search goes on
    qint64 lineFeeds = 0; // line feeds in [the first position searched, position)
};

enum class Implementation {
    Fastest, // the widest this processor has
    Portable, // memchr only: the fallback, chosen explicitly by tests
};

// Bytes that make up a token's run: base64url, the dots of the compact serialisation, and SD-JWT's '~'.
[[nodiscard]] bool isRunByte(char byte);

// Moves `cursor` to the next "ey" or "ew" (with a third character a JOSE header can have there) at or after
// cursor.position that starts a run (the byte before it, if any,
// is not a run byte), counting the line feeds it passes. Returns
// false (cursor at data.size(), every line feed counted) when there is none.
[[nodiscard]] bool next(QByteArrayView data, Cursor &cursor, Implementation implementation = Implementation::Fastest);

// Which implementation runs on this processor: "avx2" or "memchr" (for benchmarks and logs).
[[nodiscard]] const char *implementation();

} // namespace CandidateSearch
} // namespace tokenscope
