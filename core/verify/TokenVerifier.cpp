// Over 700 lines: the full verification path plus the fast path (fast::Scanner), which is due to move to its own
// file. The two must give the same verdicts; bench_verifier checks that they do on its rows.

#include "verify/TokenVerifier.h"

#include "common/TimeFormat.h"
#include "crypto/KeyData.h"
#include "crypto/Signature.h"
#include "jose/AsciiScan.h"
#include "jose/MediaTypes.h"
#include "verify/Findings.h"

#include <QCoreApplication>
#include <QEvent>
#include <QThread>
#include <QVarLengthArray>

#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace tokenscope {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TokenVerifier", text);
}

VerificationResult failure(VerificationReason reason, QString message)
{
    VerificationResult result;
    result.reason = reason;
    result.message = std::move(message);
    return result;
}

qint64 saturatedAdd(qint64 left, qint64 right)
{
    qint64 sum = 0;
    if (qAddOverflow(left, right, &sum))
        return right > 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
    return sum;
}

qint64 saturatedDistance(qint64 later, qint64 earlier)
{
    qint64 difference = 0;
    if (qSubOverflow(later, earlier, &difference))
        return std::numeric_limits<qint64>::max();
    return difference == std::numeric_limits<qint64>::min() ? std::numeric_limits<qint64>::max() : difference;
}

QString dateText(qint64 seconds)
{
    const QString iso = TimeFormat::isoUtc(seconds);
    return iso.isEmpty() ? QString::number(seconds) : iso;
}

// RFC 7519 §2 NumericDate: a JSON number of seconds, fractions allowed (rounded down here).
enum class DateStatus { Absent, Present, Malformed };
DateStatus numericDate(const JsonValue *value, qint64 &seconds)
{
    if (!value)
        return DateStatus::Absent;
    if (!value->isNumber())
        return DateStatus::Malformed;
    if (const std::optional<qint64> integer = value->toInteger()) {
        seconds = *integer;
    } else {
        const std::optional<double> real = value->toDouble();
        if (!real || !std::isfinite(*real) || std::fabs(*real) > 9.0e18)
            return DateStatus::Malformed;
        seconds = static_cast<qint64>(std::floor(*real));
    }
    return TimeFormat::inRange(seconds) ? DateStatus::Present : DateStatus::Malformed;
}

// exp, nbf and iat in one pass over the claims; like JsonValue::value, the first member of each name counts.
struct TimeClaims
{
    const JsonValue *exp = nullptr;
    const JsonValue *nbf = nullptr;
    const JsonValue *iat = nullptr;
};

TimeClaims findTimeClaims(const JsonValue &claims)
{
    TimeClaims found;
    for (const JsonMember &member : claims.members) {
        if (member.name.size() != 3)
            continue;
        const char16_t *name = reinterpret_cast<const char16_t *>(member.name.constData());
        const JsonValue **slot = nullptr;
        if (name[0] == u'e' && name[1] == u'x' && name[2] == u'p')
            slot = &found.exp;
        else if (name[0] == u'n' && name[1] == u'b' && name[2] == u'f')
            slot = &found.nbf;
        else if (name[0] == u'i' && name[1] == u'a' && name[2] == u't')
            slot = &found.iat;
        if (slot && !*slot)
            *slot = &member.value;
    }
    return found;
}

// RFC 7515 §4.1, RFC 7516 §4.1, RFC 7518 §4: names crit must not list (RFC 7515 §4.1.11).
bool isRegisteredHeaderName(QStringView name)
{
    static const char16_t *const registered[]
        = {u"alg",  u"jku", u"jwk", u"kid", u"x5u", u"x5c", u"x5t", u"x5t#S256", u"typ", u"cty",
           u"crit", u"enc", u"zip", u"epk", u"apu", u"apv", u"iv",  u"tag",      u"p2s", u"p2c"};
    for (const char16_t *candidate : registered) {
        if (name == QStringView(candidate))
            return true;
    }
    return false;
}

// RFC 8725 §3.11 explicit typing: why the header's typ is not the one the policy requires, or empty. Media types
// compare case-insensitively and "application/" may be left out (RFC 7515 §4.1.9).
QString typProblem(const JsonValue &header, const QString &required)
{
    const JsonValue *typ = header.value(u"typ");
    if (!typ)
        return tr("the header has no \"typ\"; the policy requires %1 (RFC 8725 §3.11)").arg(required);
    if (!typ->isString() || !MediaTypes::same(typ->string, required))
        return tr("\"typ\" is %1; the policy requires %2 (RFC 8725 §3.11)")
            .arg(QString::fromUtf8(Json::write(*typ, Json::Style::Compact)), required);
    return {};
}

// RFC 7515 §4.1.11: returns an empty string when crit is absent or acceptable, else why it is not.
QString critProblem(const JsonValue &header, const QStringList &understood)
{
    const JsonValue *crit = header.value(u"crit");
    if (!crit)
        return {};
    if (!crit->isArray() || crit->elements.empty())
        return tr("\"crit\" must be a non-empty array of header names (RFC 7515 §4.1.11)");
    for (const JsonValue &element : crit->elements) {
        if (!element.isString())
            return tr("\"crit\" holds a value that is not a string (RFC 7515 §4.1.11)");
        const QString &name = element.string;
        if (isRegisteredHeaderName(name))
            return tr("\"crit\" lists \"%1\", a registered header parameter it must not name (RFC 7515 §4.1.11)")
                .arg(name);
        if (!header.member(name))
            return tr("\"crit\" lists \"%1\", which is not in the header (RFC 7515 §4.1.11)").arg(name);
        // RFC 7797: Tokenscope always base64url-decodes the payload, so it cannot honour b64:false.
        if (name == u"b64")
            return tr("\"crit\" requires \"b64\" (RFC 7797 unencoded payload), which Tokenscope does not support");
        if (!understood.contains(name))
            return tr("\"crit\" requires \"%1\", which this verifier does not understand (RFC 7515 §4.1.11)").arg(name);
    }
    return {};
}

// Verification may run on several threads at once over the same keys. Every translation takes the application's
// translator read lock and every copy of a key's QString writes its shared reference count, so on the success path
// the verifier uses per-thread copies of both instead: a verification writes only memory of its own thread.

// Bumped on QEvent::LanguageChange (QCoreApplication::installTranslator/removeTranslator send it to the
// application) and when the watched application goes away, so per-thread copies of translated text know when to
// translate again.
std::atomic<quint64> translationGeneration {0};
std::atomic<QCoreApplication *> watchedApplication {nullptr};

class LanguageChangeWatcher final : public QObject
{
public:
    explicit LanguageChangeWatcher(QObject *parent) : QObject(parent) { }
    ~LanguageChangeWatcher() override
    {
        watchedApplication.store(nullptr, std::memory_order_release);
        translationGeneration.fetch_add(1, std::memory_order_acq_rel);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::LanguageChange)
            translationGeneration.fetch_add(1, std::memory_order_acq_rel);
        return QObject::eventFilter(watched, event);
    }
};

// The current translation generation, or nullopt when translations are not watched (no application, or the
// application's thread has not verified yet: only that thread may install the event filter). Without a
// generation nothing is cached and every verification translates afresh.
std::optional<quint64> watchedTranslationGeneration()
{
    QCoreApplication *application = QCoreApplication::instance();
    if (!application)
        return std::nullopt;
    if (watchedApplication.load(std::memory_order_acquire) != application) {
        if (QThread::currentThread() != application->thread())
            return std::nullopt;
        // Owned by the application, so it goes (and invalidates the caches) when the application does.
        application->installEventFilter(new LanguageChangeWatcher(application));
        translationGeneration.fetch_add(1, std::memory_order_acq_rel);
        watchedApplication.store(application, std::memory_order_release);
    }
    return translationGeneration.load(std::memory_order_acquire);
}

QString deepCopy(const QString &text)
{
    return text.isNull() ? QString() : QString(text.constData(), text.size());
}

constexpr size_t kAlgorithmCount = size_t(Algorithms::count);

// One thread's copies of key metadata (for KeyAttempt) and of translated success texts. Entries are matched by
// KeyData address and id, then checked against the key's current metadata strings by buffer (setters may change an
// unshared KeyData in place); only building an entry writes the key's reference counts. Entries hold public
// metadata only, never key material.
struct ThreadCache
{
    struct KeyEntry
    {
        const KeyData *data = nullptr;
        quint64 id = 0;
        KeyAttempt metadata; // deep copies (public metadata only, no key material); outcome empty
        // The key's own strings at the time, held so their buffers cannot be reused: a string that still has the
        // same buffer still has the same text (shared QString data is never changed in place).
        std::array<QString, 5> held;

        static bool same(const QString &kept, const QString &current)
        {
            return kept.constData() == current.constData() && kept.size() == current.size();
        }
        bool matches(const KeyData &current) const
        {
            return same(held[0], current.kid) && same(held[1], current.algorithm) && same(held[2], current.use)
                && same(held[3], current.source) && same(held[4], current.thumbprint);
        }
    };

    std::optional<quint64> generation;
    QString signatureVerifies;
    std::array<QString, kAlgorithmCount> validMessages;
    std::vector<KeyEntry> keys;

    void refreshTranslations()
    {
        const std::optional<quint64> current = watchedTranslationGeneration();
        if (current && current == generation)
            return;
        generation = current;
        signatureVerifies.clear();
        for (QString &message : validMessages)
            message.clear();
    }

    const QString &validMessage(Algorithm algorithm)
    {
        QString &valid = validMessages[size_t(algorithm)];
        if (valid.isNull())
            valid = tr("the %1 signature verifies and the claims pass").arg(Algorithms::name(algorithm));
        return valid;
    }

    // Metadata of `key`, (re)built when the key is new to this thread or its metadata changed in place.
    KeyEntry &entry(const Key &key)
    {
        static const KeyData noData;
        const KeyData &data = key.data() ? *key.data() : noData;
        for (KeyEntry &candidate : keys) {
            if (candidate.data == &data && candidate.id == data.id) {
                if (candidate.matches(data))
                    return candidate;
                candidate = makeEntry(key, data);
                return candidate;
            }
        }
        // A bounded cache: a JWKS rarely has more keys than this.
        if (keys.size() >= 64)
            keys.clear();
        keys.push_back(makeEntry(key, data));
        return keys.back();
    }

    static KeyEntry makeEntry(const Key &key, const KeyData &data)
    {
        KeyEntry made;
        made.data = &data;
        made.id = data.id;
        made.metadata.kid = deepCopy(data.kid);
        made.metadata.kty = key.kty();
        made.metadata.alg = deepCopy(data.algorithm);
        made.metadata.use = deepCopy(data.use);
        made.metadata.source = deepCopy(data.source);
        made.metadata.thumbprint = deepCopy(data.thumbprint);
        made.held = {data.kid, data.algorithm, data.use, data.source, data.thumbprint};
        return made;
    }
};

ThreadCache &threadCache()
{
    thread_local ThreadCache cache;
    return cache;
}

// What happened to one key; turned into KeyAttempt text only after the loop, so the loop itself stays cheap.
enum class AttemptOutcome { KidDiffers, DoesNotFit, SignatureInvalid, Verified };
struct AttemptRecord
{
    qsizetype keyIndex;
    AttemptOutcome outcome;
    QString detail;
};

KeyAttempt describe(const Key &key, const AttemptRecord &record, const QString &tokenKid)
{
    ThreadCache &cache = threadCache();
    KeyAttempt attempt = cache.entry(key).metadata;
    switch (record.outcome) {
    case AttemptOutcome::KidDiffers:
        attempt.outcome = tr("kid differs (the token asks for \"%1\")").arg(tokenKid);
        break;
    case AttemptOutcome::DoesNotFit:
        attempt.outcome = record.detail;
        break;
    case AttemptOutcome::SignatureInvalid:
        attempt.outcome = record.detail.isEmpty() ? tr("signature does not verify")
                                                  : tr("signature does not verify: %1").arg(record.detail);
        break;
    case AttemptOutcome::Verified:
        if (cache.signatureVerifies.isNull())
            cache.signatureVerifies = tr("signature verifies");
        attempt.outcome = cache.signatureVerifies;
        break;
    }
    return attempt;
}

// Claim checks (RFC 7519 §4.1). `claims` is the payload object, or an empty object when the payload is not one.
VerificationResult checkClaims(const JsonValue &claims, bool timeChecks, const VerificationPolicy &policy)
{
    const qint64 leeway = std::max<qint64>(0, policy.leewaySeconds);
    if (timeChecks) {
        qint64 exp = 0, nbf = 0, iat = 0;
        const TimeClaims times = findTimeClaims(claims);
        const DateStatus expStatus = numericDate(times.exp, exp);
        const DateStatus nbfStatus = numericDate(times.nbf, nbf);
        const DateStatus iatStatus = numericDate(times.iat, iat);
        for (const auto &[status, name] : {std::pair {expStatus, "exp"}, {nbfStatus, "nbf"}, {iatStatus, "iat"}}) {
            if (status == DateStatus::Malformed) {
                return failure(
                    VerificationReason::Malformed,
                    tr("\"%1\" is not a NumericDate (a number of seconds within years 1 to 9999, RFC 7519 §2)")
                        .arg(QLatin1String(name)));
            }
        }
        if (expStatus == DateStatus::Present || nbfStatus == DateStatus::Present || iatStatus == DateStatus::Present) {
            const Clock &clock = policy.clock ? *policy.clock : SystemClock::instance();
            const qint64 now = clock.nowSeconds();
            // RFC 7519 §4.1.4: refuse "on or after" exp; the leeway allows for clock skew.
            if (expStatus == DateStatus::Present && now >= saturatedAdd(exp, leeway)) {
                const qint64 ago = saturatedDistance(now, exp);
                return failure(VerificationReason::Expired,
                               tr("expired %1 ago (exp %2, leeway %3)")
                                   .arg(TimeFormat::duration(ago), dateText(exp), TimeFormat::duration(leeway)));
            }
            // RFC 7519 §4.1.5: refuse before nbf.
            if (nbfStatus == DateStatus::Present && saturatedAdd(now, leeway) < nbf) {
                return failure(VerificationReason::NotYetValid,
                               tr("not valid for another %1 (nbf %2, leeway %3)")
                                   .arg(TimeFormat::duration(saturatedDistance(nbf, now)), dateText(nbf),
                                        TimeFormat::duration(leeway)));
            }
            // RFC 7519 §4.1.6 sets no rule; a token from the future means a skewed or forging issuer.
            if (iatStatus == DateStatus::Present && iat > saturatedAdd(now, leeway)) {
                return failure(VerificationReason::IatInFuture,
                               tr("issued %1 in the future (iat %2, leeway %3)")
                                   .arg(TimeFormat::duration(saturatedDistance(iat, now)), dateText(iat),
                                        TimeFormat::duration(leeway)));
            }
        }
    }

    // RFC 7519 §4.1.1: iss is a case-sensitive string, compared exactly.
    if (!policy.expectedIssuer.isEmpty()) {
        const JsonValue *iss = claims.value(u"iss");
        if (!iss)
            return failure(VerificationReason::IssMismatch,
                           tr("the token has no \"iss\"; expected \"%1\"").arg(policy.expectedIssuer));
        if (!iss->isString())
            return failure(VerificationReason::IssMismatch,
                           tr("\"iss\" is not a string; expected \"%1\"").arg(policy.expectedIssuer));
        if (iss->string != policy.expectedIssuer)
            return failure(VerificationReason::IssMismatch,
                           tr("\"iss\" is \"%1\", expected \"%2\"").arg(iss->string, policy.expectedIssuer));
    }

    // RFC 7519 §4.1.3: aud is one string or an array of strings; one of them must be ours.
    if (!policy.expectedAudience.isEmpty()) {
        const JsonValue *aud = claims.value(u"aud");
        if (!aud)
            return failure(VerificationReason::AudMismatch,
                           tr("the token has no \"aud\"; expected \"%1\"").arg(policy.expectedAudience));
        bool found = aud->isString() && aud->string == policy.expectedAudience;
        if (aud->isArray()) {
            for (const JsonValue &element : aud->elements)
                found = found || (element.isString() && element.string == policy.expectedAudience);
        }
        if (!found) {
            const QString actual = aud->isString() ? QStringLiteral("\"%1\"").arg(aud->string)
                                                   : QString::fromUtf8(Json::write(*aud, Json::Style::Compact));
            return failure(VerificationReason::AudMismatch,
                           tr("\"aud\" is %1, which does not include \"%2\"").arg(actual, policy.expectedAudience));
        }
    }

    for (const QString &name : policy.requiredClaims) {
        if (!claims.member(name))
            return failure(VerificationReason::MissingClaim, tr("the required claim \"%1\" is missing").arg(name));
    }

    VerificationResult valid;
    valid.reason = VerificationReason::Valid;
    return valid;
}

// ---- Fast path for verify(QByteArrayView) --------------------------------------------------------------------------
// Most tokens a server sees are the simple kind: three canonical base64url parts, a header and a payload that are
// flat JSON objects of printable ASCII without escapes, a key that verifies and claims that pass. For those the
// verdict does not need the DecodedToken tree (which verify(QByteArrayView) throws away), so this path scans the
// decoded JSON in place, strictly (RFC 8259 grammar, no duplicate names), and checks the same conditions as the
// full path. Whenever anything is not that simple, or any check fails, it returns nullopt and the full path decides
// and explains: the fast path can only ever say "valid", and only when the full path would.
namespace fast {

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

    static bool isDigit(char byte) { return byte >= '0' && byte <= '9'; }

    // RFC 8259 §6, as Json's parser checks it.
    bool number(Value &value)
    {
        const char *start = m_cursor;
        const char *cursor = m_cursor;
        if (*cursor == '-')
            ++cursor;
        if (cursor == m_end || !isDigit(*cursor))
            return false;
        if (*cursor == '0') {
            ++cursor;
            if (cursor != m_end && isDigit(*cursor))
                return false;
        } else {
            while (cursor != m_end && isDigit(*cursor))
                ++cursor;
        }
        if (cursor != m_end && *cursor == '.') {
            ++cursor;
            if (cursor == m_end || !isDigit(*cursor))
                return false;
            while (cursor != m_end && isDigit(*cursor))
                ++cursor;
        }
        if (cursor != m_end && (*cursor == 'e' || *cursor == 'E')) {
            ++cursor;
            if (cursor != m_end && (*cursor == '+' || *cursor == '-'))
                ++cursor;
            if (cursor == m_end || !isDigit(*cursor))
                return false;
            while (cursor != m_end && isDigit(*cursor))
                ++cursor;
        }
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
    QVarLengthArray<AttemptRecord, 4> records;
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
        if ((expValue && now >= saturatedAdd(exp, leeway)) || (nbfValue && saturatedAdd(now, leeway) < nbf)
            || (iatValue && iat > saturatedAdd(now, leeway)))
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

    ThreadCache &cache = threadCache();
    cache.refreshTranslations();
    const QString tokenKid = header.hasKid && records.size() > 1 ? QString(header.kidText()) : QString();
    std::optional<VerificationResult> result(std::in_place);
    result->attempts.reserve(records.size());
    for (const AttemptRecord &record : records)
        result->attempts.append(describe(keys.at(record.keyIndex), record, tokenKid));
    result->verifiedBy = keys.at(verifiedIndex);
    result->reason = VerificationReason::Valid;
    result->message = QString(cache.validMessage(*algorithm)); // copy and move: no out-of-line operator=
    return result;
}

} // namespace fast

} // namespace

QString reasonName(VerificationReason reason)
{
    // Stable machine codes: never translated.
    switch (reason) {
    case VerificationReason::Valid:
        return QStringLiteral("valid");
    case VerificationReason::Malformed:
        return QStringLiteral("malformed");
    case VerificationReason::Unsecured:
        return QStringLiteral("unsecured");
    case VerificationReason::AlgNotAllowed:
        return QStringLiteral("alg_not_allowed");
    case VerificationReason::KeyNotFound:
        return QStringLiteral("key_not_found");
    case VerificationReason::KeyMismatch:
        return QStringLiteral("key_mismatch");
    case VerificationReason::BadSignature:
        return QStringLiteral("bad_signature");
    case VerificationReason::CritUnsupported:
        return QStringLiteral("crit_unsupported");
    case VerificationReason::DuplicateMember:
        return QStringLiteral("duplicate_member");
    case VerificationReason::Expired:
        return QStringLiteral("expired");
    case VerificationReason::NotYetValid:
        return QStringLiteral("not_yet_valid");
    case VerificationReason::IatInFuture:
        return QStringLiteral("iat_in_future");
    case VerificationReason::IssMismatch:
        return QStringLiteral("iss_mismatch");
    case VerificationReason::AudMismatch:
        return QStringLiteral("aud_mismatch");
    case VerificationReason::MissingClaim:
        return QStringLiteral("missing_claim");
    case VerificationReason::Encrypted:
        return QStringLiteral("encrypted");
    case VerificationReason::ClaimsUnreadable:
        return QStringLiteral("claims_unreadable");
    case VerificationReason::TypMismatch:
        return QStringLiteral("typ_mismatch");
    case VerificationReason::DisclosureInvalid:
        return QStringLiteral("disclosure_invalid");
    case VerificationReason::KeyBindingInvalid:
        return QStringLiteral("key_binding_invalid");
    }
    return QStringLiteral("malformed");
}

namespace TokenVerifier {

VerificationResult verify(const DecodedToken &token, const KeySet &keys, const VerificationPolicy &policy)
{
    // 1. Structure.
    if (token.kind == TokenKind::Jwe) {
        const JsonValue *enc = token.header.value(u"enc");
        return failure(
            VerificationReason::Encrypted,
            tr("an encrypted token (JWE, alg %1, enc %2): give a decryption key to verify the token inside it")
                .arg(token.algorithm(), enc && enc->isString() ? enc->string : tr("missing")));
    }
    if (token.segments.size() != 3)
        return failure(VerificationReason::Malformed, tr("a signed token (JWS) has three parts"));
    for (const TokenSegment &segment : token.segments) {
        // RFC 7515 §2: base64url without padding, one spelling per value; the spelling is what is signed.
        if (!segment.canonical) {
            return failure(VerificationReason::Malformed,
                           tr("the %1 is not canonical base64url (padding or non-zero unused bits) at character %2")
                               .arg(CompactToken::segmentName(segment.role))
                               .arg(segment.nonCanonicalOffset));
        }
    }
    // RFC 7515 §5.2: duplicate names may be read differently by different parsers.
    if (!token.headerDuplicates.empty() || !token.payloadDuplicates.empty()) {
        const bool inHeader = !token.headerDuplicates.empty();
        const JsonDuplicate &duplicate = inHeader ? token.headerDuplicates.front() : token.payloadDuplicates.front();
        const SegmentRole role = inHeader ? SegmentRole::Header : SegmentRole::Payload;
        return failure(VerificationReason::DuplicateMember,
                       tr("the %1 has the member \"%2\" twice (character %3)")
                           .arg(CompactToken::segmentName(role), duplicate.name)
                           .arg(token.tokenSpan(role, duplicate.duplicateNameSpan).start));
    }
    const JsonMember *kidMember = token.header.member(u"kid");
    if (kidMember && !kidMember->value.isString())
        return failure(VerificationReason::Malformed, tr("\"kid\" must be a string (RFC 7515 §4.1.4)"));
    if (const QString problem = critProblem(token.header, policy.understoodCriticalHeaders); !problem.isEmpty())
        return failure(VerificationReason::CritUnsupported, problem);
    if (!policy.requiredType.isEmpty()) {
        if (const QString problem = typProblem(token.header, policy.requiredType); !problem.isEmpty())
            return failure(VerificationReason::TypMismatch, problem);
    }

    // 2. Algorithm: RFC 8725 §3.1, never "none"; the allow-list pins what the caller expects.
    if (token.kind == TokenKind::Unsecured) {
        return failure(
            VerificationReason::Unsecured,
            tr("\"alg\" is \"none\": the token is unsigned, and unsigned tokens never verify (RFC 8725 §3.1)"));
    }
    const JsonValue *algValue = token.header.value(u"alg");
    const QString &algName = algValue ? algValue->string : QString();
    const std::optional<Algorithm> algorithm = Algorithms::fromName(algName);
    if (!algorithm)
        return failure(VerificationReason::AlgNotAllowed,
                       tr("\"alg\" is \"%1\", which is not a supported JWS algorithm").arg(algName));
    if (!policy.allowedAlgorithms.isEmpty() && !policy.allowedAlgorithms.contains(*algorithm)) {
        QStringList allowed;
        for (const Algorithm candidate : policy.allowedAlgorithms)
            allowed.append(Algorithms::name(candidate));
        return failure(VerificationReason::AlgNotAllowed,
                       tr("\"alg\" %1 is not allowed (allowed: %2)").arg(algName, allowed.join(QLatin1String(", "))));
    }

    // 3. Key selection and 4. signature. Only keys the caller gave are used: a jwk/jku/x5u/x5c in the header is
    // never a trust anchor (RFC 8725 §3.10). A kid narrows the keys to those with that kid; keys without any kid
    // (a PEM file, a typed secret) stay candidates because nothing rules them out.
    const bool hasKid = kidMember != nullptr;
    const QString &tokenKid = hasKid ? kidMember->value.string : QString();
    const QByteArrayView signingInput = token.signingInput();
    const QByteArray &signature = token.signature();
    QVarLengthArray<AttemptRecord, 4> records;
    qsizetype candidates = 0;
    qsizetype fitting = 0;
    qsizetype verifiedIndex = -1;
    for (qsizetype index = 0; index < keys.size(); ++index) {
        const Key &key = keys.at(index);
        if (hasKid && key.data()) {
            // Compared in place: Key::kid() returns a copy, which writes the key's shared reference count.
            const QString &keyKid = key.data()->kid;
            if (!keyKid.isEmpty() && keyKid != tokenKid) {
                records.append({index, AttemptOutcome::KidDiffers, {}});
                continue;
            }
        }
        ++candidates;
        ++fitting;
        // Signature::verify checks Key::fits itself and reports a key that does not fit as KeyMismatch.
        Signature::VerifyResult checked = Signature::verify(*algorithm, key, signingInput, signature);
        if (checked.outcome == Signature::Outcome::Valid) {
            records.append({index, AttemptOutcome::Verified, {}});
            verifiedIndex = index;
            break;
        }
        if (checked.outcome == Signature::Outcome::KeyMismatch) {
            --fitting;
            records.append({index, AttemptOutcome::DoesNotFit, std::move(checked.detail)});
        } else {
            records.append({index, AttemptOutcome::SignatureInvalid, std::move(checked.detail)});
        }
    }

    ThreadCache &cache = threadCache();
    cache.refreshTranslations();
    VerificationResult result;
    result.attempts.reserve(records.size());
    for (const AttemptRecord &record : records)
        result.attempts.append(describe(keys.at(record.keyIndex), record, tokenKid));

    if (verifiedIndex < 0) {
        if (candidates == 0) {
            result.reason = VerificationReason::KeyNotFound;
            result.message = keys.isEmpty() ? tr("no keys were given to verify with")
                                            : tr("no key with kid \"%1\" among %2 keys").arg(tokenKid).arg(keys.size());
        } else if (fitting == 0) {
            QStringList reasons;
            for (qsizetype index = 0; index < records.size(); ++index) {
                if (records.at(index).outcome == AttemptOutcome::DoesNotFit)
                    reasons.append(result.attempts.at(index).outcome);
            }
            result.reason = VerificationReason::KeyMismatch;
            result.message = tr("no candidate key can verify %1: %2").arg(algName, reasons.join(QLatin1String("; ")));
        } else {
            result.reason = VerificationReason::BadSignature;
            result.message = fitting == 1
                ? tr("the %1 signature does not verify with the key").arg(algName)
                : tr("the %1 signature does not verify with any of the %2 keys that fit").arg(algName).arg(fitting);
        }
        return result;
    }
    // Shares the caller's key (one reference-count write). A per-thread private copy would avoid that write but
    // would keep key material, secrets included, alive after the caller dropped it.
    result.verifiedBy = keys.at(verifiedIndex);

    // 5. Claims. RFC 7519 §7.2 steps 9-10: the payload of a JWT is a JSON object; one that cannot be read as such
    // fails closed, since its exp, nbf and iat cannot be checked. Only a caller expecting a plain JWS, which may
    // sign any bytes (RFC 7515 §3), goes on without claims.
    const bool claimsObject = token.payload && token.payload->isObject();
    if (!claimsObject && policy.payloadKind == VerificationPolicy::PayloadKind::JwtClaims) {
        result.reason = VerificationReason::ClaimsUnreadable;
        const QString why = token.payload ? tr("it is JSON but not an object") : token.payloadError.message;
        result.message = tr("the payload cannot be read as JWT claims (RFC 7519 §7.2): %1").arg(why);
        return result;
    }
    static const JsonValue emptyClaims = JsonValue::makeObject();
    VerificationResult claims = checkClaims(claimsObject ? *token.payload : emptyClaims, claimsObject, policy);
    if (!claimsObject) {
        const FindingsCatalogue::Entry *entry = FindingsCatalogue::entry(u"claims_not_checked");
        result.findings.append(
            Finding {QStringLiteral("claims_not_checked"), entry ? entry->severity : Finding::Severity::Info,
                     tr("the payload is not a JSON object, so exp, nbf and iat were not checked"),
                     token.hasSegment(SegmentRole::Payload) ? token.segment(SegmentRole::Payload).span : Span {}});
    }
    result.reason = claims.reason;
    if (claims.reason == VerificationReason::Valid) {
        result.message = cache.validMessage(*algorithm);
    } else {
        result.message = std::move(claims.message);
    }
    return result;
}

VerificationResult verify(QByteArrayView compactToken, const KeySet &keys, const VerificationPolicy &policy)
{
    if (std::optional<VerificationResult> valid = fast::verify(compactToken, keys, policy))
        return std::move(*valid);
    const DecodeResult decoded = CompactToken::decode(compactToken);
    if (!decoded)
        return failure(VerificationReason::Malformed, decoded.error.message);
    return verify(*decoded.token, keys, policy);
}

VerificationResult refuseDroppedCharacters(const QString &dropped)
{
    return failure(VerificationReason::Malformed,
                   tr("characters are stuck to the token with no separator: %1").arg(dropped));
}

} // namespace TokenVerifier
} // namespace tokenscope
