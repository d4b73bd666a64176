#include "verify/FastVerifier.h"

#include "common/TimeFormat.h"
#include "crypto/KeyData.h"
#include "crypto/Signature.h"
#include "jose/AsciiScan.h"
#include "jose/Base64Url.h"
#include "verify/ClaimTimes.h"
#include "verify/VerdictTexts.h"

#include <QVarLengthArray>

#include <array>
#include <cstring>

namespace tokenscope::FastVerifier {
namespace {

using VerdictTexts::AttemptOutcome;
using VerdictTexts::AttemptRecords;

constexpr qsizetype kMaxTokenSize = 8192;

// Names here are short: an inline loop beats a call to memcmp.
inline bool sameBytes(const char *left, const char *right, qsizetype size)
{
    for (qsizetype index = 0; index < size; ++index) {
        if (left[index] != right[index])
            return false;
    }
    return true;
}

constexpr int kMaxMembers = 32;

// Left uninitialised until scanned (an Object holds many): the scanner sets every field it reports.
struct Value
{
    enum class Kind : quint8 { String, Number, Literal, Array };
    Kind kind;
    const char *text; // String: the content between the quotes; Number: the lexeme; Array: from '[' to ']'
    qsizetype size;

    QLatin1StringView latin1() const { return QLatin1StringView(text, size); }
};

// A name's first eight bytes (zero-padded), so most name comparisons are one integer compare.
constexpr quint64 nameKey(const char *name, qsizetype size)
{
    quint64 key = 0;
    for (qsizetype index = 0; index < size && index < 8; ++index)
        key |= quint64(static_cast<unsigned char>(name[index])) << (8 * index);
    return key;
}

struct Name
{
    const char *text;
    qsizetype size;
    quint64 key;
};

constexpr Name makeName(const char *text, qsizetype size)
{
    return {text, size, nameKey(text, size)};
}

inline bool sameName(const char *text, qsizetype size, quint64 key, const Name &other)
{
    return key == other.key && size == other.size && (size <= 8 || sameBytes(text + 8, other.text + 8, size - 8));
}

struct Member
{
    const char *name;
    qsizetype nameSize;
    quint64 key;
    Value value;
};

struct Object
{
    std::array<Member, kMaxMembers> members;
    int count = 0;

    const Value *find(const Name &wanted) const
    {
        for (int index = 0; index < count; ++index) {
            const Member &member = members[size_t(index)];
            if (sameName(member.name, member.nameSize, member.key, wanted))
                return &member.value;
        }
        return nullptr;
    }
    bool contains(const QString &name) const
    {
        for (int index = 0; index < count; ++index) {
            const Member &member = members[size_t(index)];
            if (QLatin1StringView(member.name, member.nameSize) == name)
                return true;
        }
        return false;
    }
};

class Scanner
{
public:
    Scanner(const char *begin, const char *end) : m_cursor(begin), m_end(end) { }

    // A flat object: scalar values and arrays of scalars only, names unique. Reads up to eight bytes past each
    // name (for its key, masked to the name): the caller's buffer has room after the text.
    bool object(Object &target)
    {
        if (!expect('{'))
            return false;
        if (!expect('}')) {
            for (;;) {
                if (target.count == kMaxMembers)
                    return false;
                Member &member = target.members[size_t(target.count++)];
                if (m_cursor == m_end || *m_cursor != '"')
                    skipWhitespace();
                if (!string(member.name, member.nameSize))
                    return false;
                quint64 key = 0;
                std::memcpy(&key, member.name, sizeof key);
                member.key = member.nameSize >= 8 ? key : key & ((quint64(1) << (8 * member.nameSize)) - 1);
                if (!expect(':'))
                    return false;
                if (m_cursor == m_end || *m_cursor <= ' ')
                    skipWhitespace();
                if (!value(member.value, true))
                    return false;
                if (expect(','))
                    continue;
                if (take('}'))
                    break;
                return false;
            }
        }
        skipWhitespace();
        if (m_cursor != m_end)
            return false;
        // RFC 7515 §5.2: duplicates go to the full path, which reports them. Names without escapes are equal
        // exactly when their bytes are. A 64-bit filter over the name keys leaves the pairwise compare to the
        // rare name whose filter bit is already taken.
        quint64 seen = 0;
        for (int later = 0; later < target.count; ++later) {
            const Member &second = target.members[size_t(later)];
            const quint64 bit = quint64(1) << ((second.key * 0x9E3779B97F4A7C15ull) >> 58);
            const bool maybeSeen = (seen & bit) != 0;
            seen |= bit;
            if (!maybeSeen)
                continue;
            for (int earlier = 0; earlier < later; ++earlier) {
                const Member &first = target.members[size_t(earlier)];
                if (sameName(first.name, first.nameSize, first.key, {second.name, second.nameSize, second.key}))
                    return false;
            }
        }
        return true;
    }

    // The string elements of an array Value, one by one.
    static bool anyStringEquals(const Value &array, const QString &wanted)
    {
        Scanner scanner(array.text + 1, array.text + array.size - 1);
        for (;;) {
            scanner.skipWhitespace();
            if (scanner.m_cursor == scanner.m_end)
                return false;
            Value element;
            if (!scanner.value(element, false))
                return false;
            if (element.kind == Value::Kind::String && element.latin1() == wanted)
                return true;
            scanner.skipWhitespace();
            scanner.take(',');
        }
    }

private:
    // The next non-whitespace byte is `expected` (compact JSON: usually the very next byte).
    bool expect(char expected)
    {
        if (m_cursor != m_end && *m_cursor == expected) {
            ++m_cursor;
            return true;
        }
        skipWhitespace();
        return take(expected);
    }

    bool take(char expected)
    {
        if (m_cursor == m_end || *m_cursor != expected)
            return false;
        ++m_cursor;
        return true;
    }

    void skipWhitespace()
    {
        while (m_cursor != m_end && static_cast<unsigned char>(*m_cursor) <= ' '
               && (*m_cursor == ' ' || *m_cursor == '\n' || *m_cursor == '\r' || *m_cursor == '\t'))
            ++m_cursor;
    }

    // Printable ASCII (and DEL) without escapes; anything else is left to the full parser.
    bool string(const char *&text, qsizetype &size)
    {
        if (!take('"'))
            return false;
        const char *start = m_cursor;
        m_cursor = AsciiScan::findStringStop(m_cursor, m_end);
        if (m_cursor == m_end || *m_cursor != '"')
            return false;
        text = start;
        size = m_cursor - start;
        ++m_cursor;
        return true;
    }

    static bool isDigit(char byte) { return AsciiScan::isDigit(static_cast<unsigned char>(byte)); }

    // RFC 8259 §6, as Json's parser checks it.
    bool number(Value &value)
    {
        const char *start = m_cursor;
        const auto *bytes = reinterpret_cast<const unsigned char *>(start);
        const AsciiScan::NumberLexeme lexeme = AsciiScan::scanNumber(bytes, bytes + (m_end - start));
        if (lexeme.problem != AsciiScan::NumberProblem::None)
            return false;
        const char *cursor = start + (lexeme.end - bytes);
        value.kind = Value::Kind::Number;
        value.text = start;
        value.size = cursor - start;
        m_cursor = cursor;
        return true;
    }

    bool literal(const char *text, qsizetype size, Value &value)
    {
        if (m_end - m_cursor < size || std::memcmp(m_cursor, text, size_t(size)) != 0)
            return false;
        value.kind = Value::Kind::Literal;
        value.text = m_cursor;
        value.size = size;
        m_cursor += size;
        return true;
    }

    // Inlined into the member loop (arrays aside), so the cursor can stay in a register.
    [[gnu::always_inline]] inline bool value(Value &out, bool arrayAllowed)
    {
        if (m_cursor == m_end)
            return false;
        switch (*m_cursor) {
        case '"':
            out.kind = Value::Kind::String;
            return string(out.text, out.size);
        case 't':
            return literal("true", 4, out);
        case 'f':
            return literal("false", 5, out);
        case 'n':
            return literal("null", 4, out);
        case '[':
            return arrayAllowed && array(out);
        default:
            if (*m_cursor == '-' || isDigit(*m_cursor))
                return number(out);
            return false; // objects and anything invalid
        }
    }

    // An array of scalars.
    [[gnu::noinline]] bool array(Value &out)
    {
        const char *start = m_cursor++;
        skipWhitespace();
        if (!take(']')) {
            for (;;) {
                skipWhitespace();
                Value element;
                if (!value(element, false))
                    return false;
                skipWhitespace();
                if (take(','))
                    continue;
                if (take(']'))
                    break;
                return false;
            }
        }
        out.kind = Value::Kind::Array;
        out.text = start;
        out.size = m_cursor - start;
        return true;
    }

    const char *m_cursor;
    const char *m_end;
};

// A NumericDate the fast path takes: a plain integer of up to 18 digits (what JsonValue::toInteger returns for it).
bool plainInteger(const Value &value, qint64 &seconds)
{
    if (value.kind != Value::Kind::Number)
        return false;
    const char *cursor = value.text;
    const char *end = cursor + value.size;
    const bool negative = cursor != end && *cursor == '-';
    if (negative)
        ++cursor;
    if (end - cursor <= 0 || end - cursor > 18)
        return false;
    qint64 magnitude = 0;
    for (; cursor != end; ++cursor) {
        if (*cursor < '0' || *cursor > '9')
            return false;
        magnitude = magnitude * 10 + (*cursor - '0');
    }
    seconds = negative ? -magnitude : magnitude;
    return TimeFormat::inRange(seconds);
}

bool decodePart(QByteArrayView text, char *&cursor, QByteArrayView &bytes)
{
    Base64Url::DecodeResult result;
    const qsizetype written = Base64Url::decodeInto(text, cursor, result);
    if (!result.ok || !result.canonical)
        return false;
    bytes = QByteArrayView(cursor, written);
    cursor += written;
    return true;
}

// What a simple header says.
struct HeaderFacts
{
    Algorithm algorithm;
    bool hasKid;
    qsizetype kidSize;
    std::array<char, 128> kid;

    QLatin1StringView kidText() const { return QLatin1StringView(kid.data(), kidSize); }
};

// Decodes and scans a header into `facts`, using `scratch` (room for the decoded text plus slack) for the bytes.
bool readHeader(QByteArrayView text, char *scratch, HeaderFacts &facts)
{
    QByteArrayView bytes;
    Object header;
    if (!decodePart(text, scratch, bytes) || !Scanner(bytes.begin(), bytes.end()).object(header))
        return false;
    // RFC 7515 §4.1.1 alg, a string naming a supported algorithm ("none" is not one, RFC 8725 §3.1); kid a string;
    // crit (§4.1.11) is left to the full path.
    static constexpr Name algName = makeName("alg", 3), kidName = makeName("kid", 3), critName = makeName("crit", 4);
    const Value *alg = header.find(algName);
    const Value *kid = header.find(kidName);
    if (!alg || alg->kind != Value::Kind::String || alg->size > 16 || header.find(critName)
        || (kid && (kid->kind != Value::Kind::String || kid->size > qsizetype(sizeof facts.kid))))
        return false;
    char16_t algText[16];
    for (qsizetype index = 0; index < alg->size; ++index)
        algText[index] = static_cast<unsigned char>(alg->text[index]);
    const std::optional<Algorithm> algorithm = Algorithms::fromName(QStringView(algText, alg->size));
    if (!algorithm)
        return false;
    facts.algorithm = *algorithm;
    facts.hasKid = kid != nullptr;
    facts.kidSize = kid ? kid->size : 0;
    if (kid)
        std::memcpy(facts.kid.data(), kid->text, size_t(kid->size));
    return true;
}

// The last simple header this thread read: tokens from one issuer usually carry the very same header text, and the
// same text always says the same thing, so it is compared rather than decoded again.
struct HeaderMemo
{
    qsizetype size = -1;
    std::array<char, 256> text;
    HeaderFacts facts;
};

} // namespace

std::optional<VerificationResult> verify(QByteArrayView token, const KeySet &keys, const VerificationPolicy &policy)
{
    // An explicit-typing policy is rare; the full path checks it.
    if (token.isEmpty() || token.size() > kMaxTokenSize || !policy.requiredType.isEmpty())
        return std::nullopt;
    // Exactly two dots: a JWS (RFC 7515 §7.1).
    const char *data = token.data();
    const char *end = data + token.size();
    const auto *firstDot = static_cast<const char *>(std::memchr(data, '.', size_t(token.size())));
    if (!firstDot)
        return std::nullopt;
    const auto *secondDot = static_cast<const char *>(std::memchr(firstDot + 1, '.', size_t(end - firstDot - 1)));
    if (!secondDot || std::memchr(secondDot + 1, '.', size_t(end - secondDot - 1)))
        return std::nullopt;

    // Decoded parts, each with its decodeInto slack; the token size bound keeps this on the stack.
    std::array<char, kMaxTokenSize / 4 * 3 + 3 * 8 + 8> buffer;
    char *cursor = buffer.data();

    thread_local HeaderMemo memo;
    const QByteArrayView headerText(data, firstDot);
    HeaderFacts header;
    if (memo.size == headerText.size() && std::memcmp(memo.text.data(), data, size_t(memo.size)) == 0) {
        header = memo.facts;
    } else {
        if (!readHeader(headerText, cursor, header))
            return std::nullopt;
        if (headerText.size() <= qsizetype(memo.text.size())) {
            std::memcpy(memo.text.data(), data, size_t(headerText.size()));
            memo.size = headerText.size();
            memo.facts = header;
        }
    }
    const std::optional<Algorithm> algorithm = header.algorithm;
    if (!policy.allowedAlgorithms.isEmpty() && !policy.allowedAlgorithms.contains(*algorithm))
        return std::nullopt;

    QByteArrayView payloadBytes, signature;
    Object payload;
    if (!decodePart(QByteArrayView(firstDot + 1, secondDot), cursor, payloadBytes)
        || !decodePart(QByteArrayView(secondDot + 1, end), cursor, signature)
        || !Scanner(payloadBytes.begin(), payloadBytes.end()).object(payload))
        return std::nullopt;

    // Keys, exactly as the full path selects and tries them.
    const QByteArrayView signingInput(data, secondDot);
    AttemptRecords records;
    qsizetype verifiedIndex = -1;
    for (qsizetype index = 0; index < keys.size(); ++index) {
        const Key &key = keys.at(index);
        if (header.hasKid && key.data()) {
            const QString &keyKid = key.data()->kid;
            if (!keyKid.isEmpty() && keyKid != header.kidText()) {
                records.append({index, AttemptOutcome::KidDiffers, {}});
                continue;
            }
        }
        Signature::VerifyResult checked = Signature::verify(*algorithm, key, signingInput, signature);
        if (checked.outcome == Signature::Outcome::Valid) {
            records.append({index, AttemptOutcome::Verified, {}});
            verifiedIndex = index;
            break;
        }
        records.append({index,
                        checked.outcome == Signature::Outcome::KeyMismatch ? AttemptOutcome::DoesNotFit
                                                                           : AttemptOutcome::SignatureInvalid,
                        std::move(checked.detail)});
    }
    if (verifiedIndex < 0)
        return std::nullopt;

    // Claims (RFC 7519 §4.1), as checkClaims does them; anything it would refuse goes to the full path.
    const qint64 leeway = std::max<qint64>(0, policy.leewaySeconds);
    qint64 exp = 0, nbf = 0, iat = 0;
    static constexpr Name expName = makeName("exp", 3), nbfName = makeName("nbf", 3), iatName = makeName("iat", 3),
                          issName = makeName("iss", 3), audName = makeName("aud", 3);
    const Value *expValue = payload.find(expName);
    const Value *nbfValue = payload.find(nbfName);
    const Value *iatValue = payload.find(iatName);
    if ((expValue && !plainInteger(*expValue, exp)) || (nbfValue && !plainInteger(*nbfValue, nbf))
        || (iatValue && !plainInteger(*iatValue, iat)))
        return std::nullopt;
    if (expValue || nbfValue || iatValue) {
        const Clock &clock = policy.clock ? *policy.clock : SystemClock::instance();
        const qint64 now = clock.nowSeconds();
        if ((expValue && ClaimTimes::expired(exp, now, leeway))
            || (nbfValue && ClaimTimes::notYetValid(nbf, now, leeway))
            || (iatValue && ClaimTimes::issuedInFuture(iat, now, leeway)))
            return std::nullopt;
    }
    if (!policy.expectedIssuer.isEmpty()) {
        const Value *iss = payload.find(issName);
        if (!iss || iss->kind != Value::Kind::String || iss->latin1() != policy.expectedIssuer)
            return std::nullopt;
    }
    if (!policy.expectedAudience.isEmpty()) {
        const Value *aud = payload.find(audName);
        if (!aud)
            return std::nullopt;
        bool found = false;
        if (aud->kind == Value::Kind::String)
            found = aud->latin1() == policy.expectedAudience;
        else if (aud->kind == Value::Kind::Array)
            found = Scanner::anyStringEquals(*aud, policy.expectedAudience);
        if (!found)
            return std::nullopt;
    }
    for (const QString &name : policy.requiredClaims) {
        if (!payload.contains(name))
            return std::nullopt;
    }

    const QString tokenKid = header.hasKid && records.size() > 1 ? QString(header.kidText()) : QString();
    std::optional<VerificationResult> result(std::in_place);
    VerdictTexts::describeAttempts(keys, records, tokenKid, result->attempts);
    result->verifiedBy = keys.at(verifiedIndex);
    result->reason = VerificationReason::Valid;
    result->message = QString(VerdictTexts::validMessage(*algorithm)); // copy and move: no out-of-line operator=
    return result;
}

} // namespace tokenscope::FastVerifier
