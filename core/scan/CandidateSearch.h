#pragma once

#include <QByteArrayView>

namespace tokenscope {

// The hot loop of a scan: where a compact JOSE object may start, and how many lines were passed on the way.
//
// A JOSE header is a JSON object (RFC 7515 §4, RFC 7516 §4), so its base64url (RFC 7515 §2) starts with the
// sextets of '{': "e", then "y" when a space or '"' follows the brace, "w" when a tab, CR or LF does. Every token
// therefore starts with "ey" or "ew", where a run of token bytes starts. Finding those is all the scan does on most of
// its input, so it is vectorised (AVX-512BW or AVX2 when the processor has them, SSE2 on any other x86-64, the C
// library's memchr elsewhere) and counts line feeds in the same pass, so that no byte of a large log is read twice.
namespace CandidateSearch {

// Where next() goes on, and the line feeds it has passed (line numbers without a second read).
struct Cursor
{
    qsizetype position = 0; // where the search goes on
    qint64 lineFeeds = 0; // line feeds in [the first position searched, position)
};

enum class Implementation {
    Fastest, // the widest this processor has
    Avx512, // AVX-512BW, 64 bytes a step
    Avx2, // two 32-byte steps a block
    Sse2, // any x86-64 processor: four 16-byte steps a block
    Portable, // memchr only: the fallback off x86-64, and the reference tests compare the others with
};

// Whether `implementation` runs here; next() falls back to Portable for one that does not.
[[nodiscard]] bool available(Implementation implementation);

// Bytes that make up a token's run: base64url, the dots of the compact serialisation, and SD-JWT's '~'.
[[nodiscard]] bool isRunByte(char byte);
// Where the run of isRunByte() bytes at `from` ends (`from` itself when none is there).
[[nodiscard]] qsizetype runEnd(QByteArrayView data, qsizetype from);

// Moves `cursor` to the next "ey" or "ew" (with a third character a JOSE header can have there) at or after
// cursor.position that starts a run (the byte before it, if any,
// is not a run byte), counting the line feeds it passes. Returns
// false (cursor at data.size(), every line feed counted) when there is none.
[[nodiscard]] bool next(QByteArrayView data, Cursor &cursor, Implementation implementation = Implementation::Fastest);

// Which implementation Fastest is on this processor: "avx512bw", "avx2", "sse2" or "memchr" (for benchmarks and logs).
[[nodiscard]] const char *implementation();

} // namespace CandidateSearch
} // namespace tokenscope
