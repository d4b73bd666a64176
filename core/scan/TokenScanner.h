#pragma once

#include "jose/CompactToken.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <vector>

namespace tokenscope {

// How long a run of base64url TokenScanner still takes for a token.
struct ScanLimits
{
    // A run of base64url longer than this is not a token (and never held whole in memory while streaming). Real
    // tokens are a few kilobytes; SD-JWTs with many disclosures stay well below a megabyte.
    qsizetype maxTokenBytes = 256 * 1024;
};

// One token found in a piece of text.
struct TokenHit
{
    QByteArray token; // compact JWS or JWE, or an SD-JWT with its disclosures (and key-binding JWT)
    QByteArray digest; // SHA-256 of `token`: computed once per distinct token the scanner remembers, not per repeat
    qsizetype offset = 0; // from where the scan started
    qint64 lineFeedsBefore = 0; // line feeds between where the scan started and the token
    // Where the text around it says it came from ("Authorization header", "cookie session", "id_token"), as
    // TokenExtractor reads it; filled the first time this scanner meets a token, empty for its repeats.
    QString context;
};

// What scan() found in one text: the tokens, and the line feeds counted on the way.
struct TextScan
{
    std::vector<TokenHit> hits;
    qint64 lineFeeds = 0; // in the whole text
};

// Finds every JWS, JWE and SD-JWT in arbitrary bytes (logs, captures, binary files): CandidateSearch proposes
// where a token may start, and a candidate counts only when it is a whole run of token characters whose header
// decodes as a JOSE header (CompactToken), so text that merely looks like base64url is not reported. Invalid UTF-8
// and binary bytes are just delimiters. Linear in the input: each byte is looked at a bounded number of times, and
// a run longer than ScanLimits::maxTokenBytes is skipped without being decoded.
//
// Keeps a bounded cache of runs it has judged, so a token repeated a million times is decoded once. One scanner
// per thread.
class TokenScanner
{
public:
    explicit TokenScanner(const ScanLimits &limits = {});

    // How far back on its line the context of a token is looked for (TokenExtractor looks 256 characters back).
    static constexpr qsizetype contextBytes = 256;

    // Bytes that make up a token's run: base64url, the dots of the compact serialisation, and SD-JWT's '~'.
    [[nodiscard]] static bool isRunByte(char byte);

    // Scans `text` from byte `from`; the bytes before it were scanned already and only serve as the context of a
    // token (and tell whether a run starts at `from`). A run that touches the end of `text` is taken as ending
    // there: ChunkReader cuts its chunks between runs. Offsets and line feeds count from `from`.
    [[nodiscard]] TextScan scan(QByteArrayView text, qsizetype from = 0);

    // The length of the token at the start of `run` (a whole run of isRunByte() bytes), or 0 when it holds none:
    // a compact JWS or JWE whose header is a JOSE header, followed for an SD-JWT (RFC 9901 §4) by '~'-separated
    // disclosures and an optional key-binding JWT.
    [[nodiscard]] qsizetype tokenLength(QByteArrayView run) const;

private:
    [[nodiscard]] QString contextOf(QByteArrayView text, qsizetype start, qsizetype length) const;
    [[nodiscard]] qsizetype compactLength(QByteArrayView run, TokenKind *kind) const;
    [[nodiscard]] qsizetype sdJwtLength(QByteArrayView run, qsizetype compact) const;

    ScanLimits m_limits;
    DecodeLimits m_decodeLimits;
    // What a run was judged to hold, cached so a repeated token is decoded once.
    struct Judgement
    {
        qsizetype length = 0; // of the token at the start of the run; 0: not a token
        QByteArray digest; // of that token
    };
    QHash<QByteArray, Judgement> m_judged; // run → what it holds
};

} // namespace tokenscope
