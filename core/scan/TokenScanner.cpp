#include "scan/TokenScanner.h"

#include "jose/SdJwt.h"
#include "jose/TokenExtractor.h"
#include "scan/CandidateSearch.h"

#include <QCryptographicHash>

#include <array>

namespace tokenscope {
namespace {

// Judged runs remembered per scanner; the cache starts over when full, so memory stays bounded.
constexpr qsizetype kJudgedCapacity = 16384;

// Cheap checks before a run is looked up or decoded: a compact JWS has two dots, a JWE four, and "eyJ" alone in
// prose or a run too long to be a token is common enough to be worth skipping early.
bool mayHoldToken(QByteArrayView run, const ScanLimits &limits)
{
    if (run.size() < 5 || run.size() > limits.maxTokenBytes)
        return false;
    const qsizetype firstDot = run.indexOf('.');
    return firstDot > 0 && run.indexOf('.', firstDot + 1) > 0;
}

} // namespace

TokenScanner::TokenScanner(const ScanLimits &limits) : m_limits(limits)
{
    m_decodeLimits.maxTokenBytes = limits.maxTokenBytes;
    m_decodeLimits.json.maxBytes = limits.maxTokenBytes;
}

bool TokenScanner::isRunByte(char byte)
{
    return CandidateSearch::isRunByte(byte);
}

qsizetype TokenScanner::compactLength(QByteArrayView run, TokenKind *kind) const
{
    const qsizetype tilde = run.indexOf('~');
    QByteArrayView compact = tilde < 0 ? run : run.first(tilde);
    // A sentence may end right after a token, but an Unsecured JWS legitimately ends in '.': drop trailing dots
    // only while the part count is wrong (as TokenExtractor does).
    qsizetype parts = compact.count('.') + 1;
    while (parts != 3 && parts != 5 && compact.endsWith('.')) {
        compact.chop(1);
        --parts;
    }
    if (parts != 3 && parts != 5)
        return 0;
    const DecodeResult decoded = CompactToken::decode(compact, m_decodeLimits);
    if (!decoded)
        return 0;
    *kind = decoded.token->kind;
    return compact.size();
}

// RFC 9901 §4: <issuer-signed JWT>~<disclosure>~…~<disclosure>~[<key-binding JWT>]. Returns the length of the
// whole SD-JWT, or `compact` when what follows the JWS is not one.
qsizetype TokenScanner::sdJwtLength(QByteArrayView run, qsizetype compact) const
{
    if (compact >= run.size() || run[compact] != '~')
        return compact;
    const QByteArrayView rest = run.sliced(compact + 1);
    qsizetype position = 0;
    for (;;) {
        const qsizetype tilde = rest.indexOf('~', position);
        if (tilde < 0)
            break;
        if (!SdJwtParser::looksLikeDisclosure(rest.sliced(position, tilde - position)))
            return compact;
        position = tilde + 1;
    }
    const QByteArrayView last = rest.sliced(position);
    if (!last.isEmpty()) {
        TokenKind kind = TokenKind::Jws;
        if (compactLength(last, &kind) != last.size() || kind != TokenKind::Jws)
            return compact;
    }
    return run.size();
}

qsizetype TokenScanner::tokenLength(QByteArrayView run) const
{
    if (run.size() > m_limits.maxTokenBytes || run.size() < 5 || !run.startsWith('e'))
        return 0;
    TokenKind kind = TokenKind::Jws;
    const qsizetype compact = compactLength(run, &kind);
    if (compact == 0 || kind == TokenKind::Jwe)
        return compact;
    return sdJwtLength(run, compact);
}

QString TokenScanner::contextOf(QByteArrayView text, qsizetype start, qsizetype length) const
{
    qsizetype windowStart = qMax<qsizetype>(0, start - contextBytes);
    const qsizetype lineFeed = text.sliced(windowStart, start - windowStart).lastIndexOf('\n');
    if (lineFeed >= 0)
        windowStart += lineFeed + 1;
    // Only the compact part: the context is what precedes the token.
    qsizetype end = start + length;
    const qsizetype tilde = text.sliced(start, length).indexOf('~');
    if (tilde >= 0)
        end = start + tilde;
    const QList<ExtractedToken> found = TokenExtractor::extract(text.sliced(windowStart, end - windowStart));
    for (const ExtractedToken &token : found) {
        if (token.span.start == start - windowStart)
            return token.context;
    }
    return {};
}

TextScan TokenScanner::scan(QByteArrayView text, qsizetype from)
{
    TextScan result;
    CandidateSearch::Cursor cursor;
    cursor.position = from;
    while (CandidateSearch::next(text, cursor)) {
        // CandidateSearch stops only where a run starts; runs hold no line feed, so the whole run is skipped.
        const qsizetype start = cursor.position;
        const qsizetype end = CandidateSearch::runEnd(text, start);
        cursor.position = end;
        const QByteArrayView run = text.sliced(start, end - start);
        if (!mayHoldToken(run, m_limits))
            continue;
        // Looked up without a copy; copied only when remembered.
        const QByteArray lookup = QByteArray::fromRawData(run.data(), run.size());
        auto judged = m_judged.constFind(lookup);
        const bool firstSighting = judged == m_judged.constEnd();
        if (firstSighting) {
            if (m_judged.size() >= kJudgedCapacity)
                m_judged.clear();
            Judgement judgement;
            judgement.length = tokenLength(run);
            if (judgement.length > 0)
                judgement.digest = QCryptographicHash::hash(run.first(judgement.length), QCryptographicHash::Sha256);
            judged = m_judged.insert(run.toByteArray(), std::move(judgement));
        }
        const qsizetype length = judged->length;
        if (length == 0)
            continue;
        TokenHit hit;
        hit.token = judged.key().first(length);
        hit.digest = judged->digest;
        hit.offset = start - from;
        hit.lineFeedsBefore = cursor.lineFeeds;
        if (firstSighting)
            hit.context = contextOf(text, start, length);
        result.hits.push_back(std::move(hit));
    }
    result.lineFeeds = cursor.lineFeeds;
    return result;
}

} // namespace tokenscope
