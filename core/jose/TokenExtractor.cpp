#include "jose/TokenExtractor.h"

#include "jose/Base64Url.h"

#include <QCoreApplication>
#include <QSet>

namespace tokenscope {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct ExtractorText
{
    Q_DECLARE_TR_FUNCTIONS(TokenExtractor)
};

// How far back from a candidate the context heuristics look ("Authorization: Bearer", a JSON member name, a
// cookie line). Bounded so that many tokens on one long line stay linear.
constexpr qsizetype kContextWindow = 256;

// Characters that end a token in pasted text. Everything else that is printable ASCII stays inside the run, so a
// stray '+' or '/' in a token makes the decoder report it instead of silently cutting the token short. Non-ASCII
// (typographic quotes, full-width colons) always separates.
bool isDelimiter(QChar character)
{
    const char16_t unit = character.unicode();
    if (unit >= 0x80 || unit <= 0x20 || unit == 0x7F)
        return true;
    switch (unit) {
    case u'"':
    case u'\'':
    case u'`':
    case u',':
    case u';':
    case u'&':
    case u'?':
    case u'#':
    case u':':
    case u'(':
    case u')':
    case u'[':
    case u']':
    case u'{':
    case u'}':
    case u'<':
    case u'>':
    case u'|':
    case u'\\':
        return true;
    default:
        return false;
    }
}

bool isQuote(QChar character)
{
    return character == u'"' || character == u'\'' || character == u'`';
}

// Typographic quotes arrive with text copied from documents and chat.
bool isAnyQuote(QChar character)
{
    switch (character.unicode()) {
    case u'"':
    case u'\'':
    case u'`':
    case u'\u00AB': // « »
    case u'\u00BB':
    case u'\u2018': // ‘ ’ ‚
    case u'\u2019':
    case u'\u201A':
    case u'\u201C': // “ ” „
    case u'\u201D':
    case u'\u201E':
        return true;
    default:
        return false;
    }
}

// Whether the character next to a token plainly separates it from its neighbour. Whitespace, quotes and brackets
// always do. URL, form, cookie and header delimiters ('?', '#', '&', ';', ':', …) do when more text follows them:
// "…#id_token=<t>&state=x" separates, while "<t>?" at the end of the input is a stray character stuck to the
// signature. Anything else (a control character, a letter outside ASCII) touches the token.
bool separatesToken(QStringView text, qsizetype index, bool after)
{
    const QChar character = text[index];
    if (character.isSpace() || isAnyQuote(character))
        return true;
    const char16_t unit = character.unicode();
    if (unit >= 0x80 || unit < 0x20 || unit == 0x7F)
        return false;
    switch (unit) {
    case u',':
    case u')':
    case u']':
    case u'}':
    case u'>':
    case u'|':
        return true;
    default:
        break;
    }
    if (!after)
        return true; // "key=", "Bearer:", "(" or "#" before a token all introduce it
    for (qsizetype next = index + 1; next < text.size(); ++next) {
        if (!text[next].isSpace())
            return true;
    }
    return false;
}

QString quoted(QStringView characters)
{
    return QStringLiteral("\u201C%1\u201D").arg(characters.toString());
}

// What a candidate lost to the trimming of dots and what touches it; empty when it stands clear.
QString droppedAround(QStringView text, qsizetype runStart, qsizetype runEnd, qsizetype start, qsizetype end)
{
    QStringList dropped;
    if (start > runStart)
        dropped << ExtractorText::tr("%1 before the token").arg(quoted(text.sliced(runStart, start - runStart)));
    else if (start == runStart && start > 0 && !separatesToken(text, start - 1, false))
        dropped << ExtractorText::tr("%1 right before the token").arg(quoted(text.sliced(start - 1, 1)));
    if (end < runEnd)
        dropped << ExtractorText::tr("%1 after the token").arg(quoted(text.sliced(end, runEnd - end)));
    else if (end < text.size() && !separatesToken(text, end, true))
        dropped << ExtractorText::tr("%1 right after the token").arg(quoted(text.sliced(end, 1)));
    return dropped.join(QStringLiteral("; "));
}

bool isNameCharacter(QChar character)
{
    const char16_t unit = character.unicode();
    return (unit >= u'a' && unit <= u'z') || (unit >= u'A' && unit <= u'Z') || (unit >= u'0' && unit <= u'9')
        || unit == u'_' || unit == u'-' || unit == u'.';
}

qsizetype countParts(QStringView candidate)
{
    return candidate.count(u'.') + 1;
}

// The JOSE header is a JSON object (RFC 7515 §4), so a real token's first part decodes to '{' after optional
// whitespace. Lenient: padding and stray bits are fine here, the decoder reports them later.
bool firstPartLooksLikeHeader(QStringView candidate)
{
    QStringView first = candidate.left(candidate.indexOf(u'.'));
    while (first.endsWith(u'='))
        first.chop(1);
    if (first.isEmpty())
        return false;
    // The opening brace sits in the first few bytes unless the header starts with lots of whitespace, so decode a
    // short prefix first and only fall back to the whole part in that odd case.
    const qsizetype prefixLength = qMin<qsizetype>(first.size(), 64);
    for (const qsizetype length : {prefixLength, first.size()}) {
        const QByteArray encoded = first.left(length / 4 * 4 == 0 ? length : length / 4 * 4).toLatin1();
        const Base64Url::DecodeResult decoded = Base64Url::decode(encoded);
        if (!decoded.ok)
            return false;
        for (const char byte : decoded.bytes) {
            if (byte == '{')
                return true;
            if (byte != ' ' && byte != '\t' && byte != '\r' && byte != '\n')
                return false;
        }
        if (length == first.size())
            break;
    }
    return false;
}

bool endsWithCaseInsensitive(QStringView text, QStringView suffix)
{
    return text.endsWith(suffix, Qt::CaseInsensitive);
}

QStringView skipBackWhitespace(QStringView before)
{
    while (!before.isEmpty() && before.back().isSpace())
        before.chop(1);
    return before;
}

// What precedes the token tells where it came from.
QString contextBefore(QStringView text, qsizetype start, QStringView key)
{
    const qsizetype windowStart = qMax<qsizetype>(0, start - kContextWindow);
    QStringView before = text.sliced(windowStart, start - windowStart);
    const qsizetype lineStart = before.lastIndexOf(u'\n') + 1;
    QStringView line = before.sliced(lineStart);
    while (!line.isEmpty() && line.front().isSpace())
        line = line.sliced(1);

    if (!key.isEmpty()) {
        // "Cookie: session=abc; jwt=<t>": the cookie's name says more than the header does.
        if (line.startsWith(u"cookie:", Qt::CaseInsensitive) || line.startsWith(u"set-cookie:", Qt::CaseInsensitive))
            return ExtractorText::tr("cookie %1").arg(key);
        return key.toString();
    }

    before = skipBackWhitespace(before);
    while (!before.isEmpty() && isQuote(before.back()))
        before.chop(1);
    before = skipBackWhitespace(before);

    // {"access_token": "<t>"}
    if (before.endsWith(u':')) {
        QStringView name = skipBackWhitespace(before.chopped(1));
        if (name.endsWith(u'"')) {
            name.chop(1);
            const qsizetype open = name.lastIndexOf(u'"');
            if (open >= 0 && open + 1 < name.size())
                return name.sliced(open + 1).toString();
        }
        if (endsWithCaseInsensitive(name, u"authorization"))
            return ExtractorText::tr("Authorization header");
    }
    // "Bearer <t>", "Authorization: Bearer <t>" (RFC 6750 §2.1), also inside a curl -H argument.
    if (endsWithCaseInsensitive(before, u"bearer")) {
        const QStringView beforeScheme = before.chopped(6);
        if (beforeScheme.isEmpty() || !isNameCharacter(beforeScheme.back())) {
            const QStringView header = skipBackWhitespace(beforeScheme);
            if (endsWithCaseInsensitive(header, u"authorization:"))
                return ExtractorText::tr("Authorization header");
            return ExtractorText::tr("Bearer token");
        }
    }
    return {};
}

struct Candidate
{
    qsizetype start = 0;
    qsizetype length = 0;
    QStringView key;
};

// Splits "id_token=<t>" into the name and the token; '=' directly before '.', another '=' or the end is padding.
Candidate splitKey(QStringView text, qsizetype start, qsizetype end)
{
    Candidate candidate {start, end - start, {}};
    qsizetype keyStart = start;
    for (qsizetype index = start; index < end; ++index) {
        if (text[index] != u'=')
            continue;
        const bool padding = index + 1 == end || text[index + 1] == u'=' || text[index + 1] == u'.';
        if (padding)
            continue;
        if (index > keyStart)
            candidate.key = text.sliced(keyStart, index - keyStart);
        keyStart = index + 1;
        candidate.start = index + 1;
        candidate.length = end - candidate.start;
    }
    return candidate;
}

std::optional<Candidate> qualify(QStringView text, Candidate candidate)
{
    QStringView view = text.sliced(candidate.start, candidate.length);
    while (view.startsWith(u'.')) {
        view = view.sliced(1);
        ++candidate.start;
    }
    // RFC 9901 §4: an SD-JWT is a compact JWS, then '~'-separated Disclosures and an optional key-binding JWT. The
    // JWS before the first '~' decides; the Disclosures are checked by the SD-JWT parser, which names a bad one.
    if (const qsizetype tilde = view.indexOf(u'~'); tilde >= 0) {
        const QStringView issuerSigned = view.first(tilde);
        if (countParts(issuerSigned) != 3 || !firstPartLooksLikeHeader(issuerSigned))
            return std::nullopt;
        candidate.length = view.size();
        return candidate;
    }
    // A sentence may end right after the token; an Unsecured JWS legitimately ends in '.', so only drop dots
    // when the part count is otherwise wrong.
    // Counted once and kept up to date, so a run of many trailing dots stays linear.
    qsizetype parts = countParts(view);
    for (;;) {
        if ((parts == 3 || parts == 5) && firstPartLooksLikeHeader(view))
            break;
        if (!view.endsWith(u'.'))
            return std::nullopt;
        view.chop(1);
        --parts;
    }
    candidate.length = view.size();
    return candidate;
}

QStringView stripQuotes(QStringView text)
{
    for (;;) {
        text = text.trimmed();
        if (!text.isEmpty() && isQuote(text.front()))
            text = text.sliced(1);
        else if (!text.isEmpty() && isQuote(text.back()))
            text.chop(1);
        else
            return text;
    }
}

// UTF-8 to UTF-16 with one U+FFFD per byte outside a well-formed sequence (Unicode §3.9, Table 3-7), so that every
// UTF-16 unit maps back to a known number of bytes (Utf8Walker).
QString decodeUtf8PerByte(QByteArrayView bytes)
{
    QString text;
    text.reserve(bytes.size());
    const auto byteAt = [&bytes](qsizetype index) {
        return static_cast<unsigned char>(bytes[index]);
    };
    qsizetype index = 0;
    while (index < bytes.size()) {
        const unsigned char lead = byteAt(index);
        if (lead < 0x80) {
            text.append(QChar(char16_t(lead)));
            ++index;
            continue;
        }
        qsizetype length = 0;
        unsigned char low = 0x80, high = 0xBF; // the second byte's range
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            low = lead == 0xE0 ? 0xA0 : 0x80; // no overlongs
            high = lead == 0xED ? 0x9F : 0xBF; // no surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            low = lead == 0xF0 ? 0x90 : 0x80;
            high = lead == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
        }
        bool wellFormed = length > 0 && index + length <= bytes.size();
        for (qsizetype next = 1; wellFormed && next < length; ++next) {
            const unsigned char continuation = byteAt(index + next);
            wellFormed = continuation >= (next == 1 ? low : 0x80) && continuation <= (next == 1 ? high : 0xBF);
        }
        if (!wellFormed) {
            text.append(QChar::ReplacementCharacter);
            ++index;
            continue;
        }
        char32_t codePoint = lead & (0x7F >> length);
        for (qsizetype next = 1; next < length; ++next)
            codePoint = (codePoint << 6) | (byteAt(index + next) & 0x3F);
        if (QChar::requiresSurrogates(codePoint)) {
            text.append(QChar(QChar::highSurrogate(codePoint)));
            text.append(QChar(QChar::lowSurrogate(codePoint)));
        } else {
            text.append(QChar(char16_t(codePoint)));
        }
        index += length;
    }
    return text;
}

// Maps positions in decodeUtf8PerByte's text back to byte offsets, moving forward only.
class Utf8Walker
{
public:
    Utf8Walker(QByteArrayView bytes, QStringView text) : m_bytes(bytes), m_text(text) { }

    qsizetype byteOffset(qsizetype unit)
    {
        while (m_unit < unit && m_unit < m_text.size()) {
            const char16_t current = m_text[m_unit].unicode();
            qsizetype units = 1;
            qsizetype length = 3;
            if (current < 0x80) {
                length = 1;
            } else if (current < 0x800) {
                length = 2;
            } else if (QChar::isHighSurrogate(current)) {
                length = 4;
                units = 2;
            } else if (current == QChar::ReplacementCharacter) {
                length = m_bytes.sliced(m_byte).startsWith("\xEF\xBF\xBD") ? 3 : 1;
            }
            m_unit += units;
            m_byte += length;
        }
        return m_byte;
    }

private:
    QByteArrayView m_bytes;
    QStringView m_text;
    qsizetype m_unit = 0;
    qsizetype m_byte = 0;
};

} // namespace

namespace TokenExtractor {

QList<ExtractedToken> extract(QByteArrayView bytes, qsizetype maxLength)
{
    if (bytes.size() > maxLength)
        return {};
    const QString text = decodeUtf8PerByte(bytes);
    QList<ExtractedToken> tokens = extract(QStringView(text), maxLength);
    Utf8Walker walker(bytes, text);
    for (ExtractedToken &token : tokens) {
        const qsizetype start = walker.byteOffset(token.span.start);
        const qsizetype end = walker.byteOffset(token.span.end());
        token.span = {start, end - start};
        token.token = bytes.sliced(start, end - start).toByteArray();
    }
    return tokens;
}

QList<ExtractedToken> extract(QStringView text, qsizetype maxTextLength)
{
    QList<ExtractedToken> tokens;
    if (text.size() > maxTextLength)
        return tokens;
    QSet<QByteArray> seen;

    const qsizetype size = text.size();
    qsizetype index = 0;
    while (index < size) {
        if (isDelimiter(text[index])) {
            ++index;
            continue;
        }
        const qsizetype runStart = index;
        while (index < size && !isDelimiter(text[index]))
            ++index;
        if (index - runStart < 5) // "a.b.c" is the shortest thing with three parts
            continue;
        const Candidate split = splitKey(text, runStart, index);
        const std::optional<Candidate> candidate = qualify(text, split);
        if (!candidate)
            continue;
        ExtractedToken token;
        token.span = {candidate->start, candidate->length};
        token.token = text.sliced(candidate->start, candidate->length).toLatin1();
        if (seen.contains(token.token))
            continue;
        seen.insert(token.token);
        token.context = contextBefore(text, candidate->start, candidate->key);
        token.dropped = droppedAround(text, split.start, index, candidate->start, candidate->start + candidate->length);
        tokens.append(std::move(token));
    }
    if (!tokens.isEmpty())
        return tokens;

    // Nothing looks like a token: if what remains after the usual wrapping is one word, hand it to the decoder
    // anyway so that it can say exactly which character is wrong.
    QStringView word = stripQuotes(text);
    QString context;
    if (word.startsWith(u"authorization:", Qt::CaseInsensitive)) {
        word = stripQuotes(word.sliced(14));
        context = ExtractorText::tr("Authorization header");
    }
    if (word.startsWith(u"bearer", Qt::CaseInsensitive) && word.size() > 6 && word[6].isSpace()) {
        word = stripQuotes(word.sliced(6));
        if (context.isEmpty())
            context = ExtractorText::tr("Bearer token");
    }
    if (word.isEmpty())
        return tokens;
    for (const QChar character : word) {
        if (character.isSpace())
            return tokens;
    }
    ExtractedToken token;
    token.span = {word.data() - text.data(), word.size()};
    token.token = word.toUtf8();
    token.context = context;
    tokens.append(std::move(token));
    return tokens;
}

} // namespace TokenExtractor
} // namespace tokenscope
