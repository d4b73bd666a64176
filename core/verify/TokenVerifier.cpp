#include "verify/TokenVerifier.h"

#include "common/TimeFormat.h"
#include "crypto/KeyData.h"
#include "crypto/Signature.h"
#include "verify/Findings.h"

#include <QCoreApplication>
#include <QEvent>
#include <QThread>
#include <QVarLengthArray>

#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
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
DateStatus numericDate(const JsonValue &claims, QStringView name, qint64 &seconds)
{
    const JsonValue *value = claims.value(name);
    if (!value)
        return DateStatus::Absent;
    if (!value->isNumber())
        return DateStatus::Malformed;
    if (const std::optional<qint64> integer = value->toInteger()) {
        seconds = *integer;
        return DateStatus::Present;
    }
    const std::optional<double> real = value->toDouble();
    if (!real || !std::isfinite(*real) || std::fabs(*real) > 9.0e18)
        return DateStatus::Malformed;
    seconds = static_cast<qint64>(std::floor(*real));
    return DateStatus::Present;
}

// RFC 7515 §4.1, RFC 7516 §4.1, RFC 7518 §4: names crit must not list (RFC 7515 §4.1.11).
bool isRegisteredHeaderName(QStringView name)
{
    static const char16_t *const registered[] = {u"alg", u"jku", u"jwk",  u"kid", u"x5u", u"x5c", u"x5t", u"x5t#S256",
                                                 u"typ", u"cty", u"crit", u"enc", u"zip", u"epk", u"apu", u"apv",
                                                 u"iv",  u"tag", u"p2s",  u"p2c"};
    for (const char16_t *candidate : registered) {
        if (name == QStringView(candidate))
            return true;
    }
    return false;
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
// application), so per-thread copies of translated text know when to translate again.
std::atomic<quint64> translationGeneration {0};

class LanguageChangeWatcher final : public QObject
{
public:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::LanguageChange)
            translationGeneration.fetch_add(1, std::memory_order_acq_rel);
        return QObject::eventFilter(watched, event);
    }
};

// The current translation generation, or nullopt when there is no application to watch (then nothing is cached).
std::optional<quint64> watchedTranslationGeneration()
{
    static std::atomic<QCoreApplication *> watched {nullptr};
    QCoreApplication *application = QCoreApplication::instance();
    if (!application)
        return std::nullopt;
    if (watched.load(std::memory_order_acquire) != application) {
        static std::mutex mutex;
        const std::lock_guard<std::mutex> lock(mutex);
        if (watched.load(std::memory_order_relaxed) != application) {
            auto *watcher = new LanguageChangeWatcher;
            watcher->moveToThread(application->thread());
            // The application's event filter list belongs to its thread; from another thread, install from there.
            const auto install = [application, watcher] {
                watcher->setParent(application);
                application->installEventFilter(watcher);
            };
            if (QThread::currentThread() == application->thread())
                install();
            else
                QMetaObject::invokeMethod(application, install, Qt::QueuedConnection);
            // A new application (tests create several) starts a new generation.
            translationGeneration.fetch_add(1, std::memory_order_acq_rel);
            watched.store(application, std::memory_order_release);
        }
    }
    return translationGeneration.load(std::memory_order_acquire);
}

QString deepCopy(const QString &text)
{
    return text.isNull() ? QString() : QString(text.constData(), text.size());
}

constexpr size_t kAlgorithmCount = size_t(Algorithm::EdDSA) + 1;

// One thread's copies of key metadata (for KeyAttempt) and of translated success texts. Entries are matched by
// KeyData address and id and checked against the key's current metadata (setters may change an unshared KeyData
// in place), reading the key's strings without copying them.
struct ThreadCache
{
    struct KeyEntry
    {
        const KeyData *data = nullptr;
        quint64 id = 0;
        KeyAttempt metadata; // deep copies (public metadata only, no key material); outcome empty
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

    // Metadata of `key`, (re)built when the key is new to this thread or its metadata changed in place.
    KeyEntry &entry(const Key &key)
    {
        static const KeyData noData;
        const KeyData &data = key.data() ? *key.data() : noData;
        for (KeyEntry &candidate : keys) {
            if (candidate.data == &data && candidate.id == data.id) {
                const KeyAttempt &known = candidate.metadata;
                if (known.kid == data.kid && known.alg == data.algorithm && known.use == data.use
                    && known.source == data.source && known.thumbprint == data.thumbprint)
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
        const DateStatus expStatus = numericDate(claims, u"exp", exp);
        const DateStatus nbfStatus = numericDate(claims, u"nbf", nbf);
        const DateStatus iatStatus = numericDate(claims, u"iat", iat);
        for (const auto &[status, name] : {std::pair {expStatus, "exp"}, {nbfStatus, "nbf"}, {iatStatus, "iat"}}) {
            if (status == DateStatus::Malformed) {
                return failure(VerificationReason::Malformed,
                               tr("\"%1\" is not a NumericDate (a number of seconds, RFC 7519 §2)")
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
    }
    return QStringLiteral("malformed");
}

namespace TokenVerifier {

VerificationResult verify(const DecodedToken &token, const KeySet &keys, const VerificationPolicy &policy)
{
    // 1. Structure.
    if (token.kind == TokenKind::Jwe) {
        const JsonValue *enc = token.header.value(u"enc");
        return failure(VerificationReason::Encrypted,
                       tr("an encrypted token (JWE, alg %1, enc %2): Tokenscope does not decrypt, so it cannot verify it")
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

    // 2. Algorithm: RFC 8725 §3.1, never "none"; the allow-list pins what the caller expects.
    if (token.kind == TokenKind::Unsecured) {
        return failure(VerificationReason::Unsecured,
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
            result.message = fitting == 1 ? tr("the %1 signature does not verify with the key").arg(algName)
                                          : tr("the %1 signature does not verify with any of the %2 keys that fit")
                                                .arg(algName)
                                                .arg(fitting);
        }
        return result;
    }
    // Shares the caller's key (one reference-count write). A per-thread private copy would avoid that write but
    // would keep key material, secrets included, alive after the caller dropped it.
    result.verifiedBy = keys.at(verifiedIndex);

    // 5. Claims, when there are claims: a JWS may sign any bytes (RFC 7515 §3).
    const bool claimsObject = token.payload && token.payload->isObject();
    static const JsonValue emptyClaims = JsonValue::makeObject();
    VerificationResult claims = checkClaims(claimsObject ? *token.payload : emptyClaims, claimsObject, policy);
    if (!claimsObject) {
        const FindingsCatalogue::Entry *entry = FindingsCatalogue::entry(u"claims_not_checked");
        result.findings.append(Finding {QStringLiteral("claims_not_checked"),
                                        entry ? entry->severity : Finding::Severity::Info,
                                        tr("the payload is not a JSON object, so exp, nbf and iat were not checked"),
                                        token.hasSegment(SegmentRole::Payload)
                                            ? token.segment(SegmentRole::Payload).span
                                            : Span {}});
    }
    result.reason = claims.reason;
    if (claims.reason == VerificationReason::Valid) {
        QString &valid = cache.validMessages[size_t(*algorithm)];
        if (valid.isNull())
            valid = tr("the %1 signature verifies and the claims pass").arg(algName);
        result.message = valid;
    } else {
        result.message = std::move(claims.message);
    }
    return result;
}

VerificationResult verify(QByteArrayView compactToken, const KeySet &keys, const VerificationPolicy &policy)
{
    const DecodeResult decoded = CompactToken::decode(compactToken);
    if (!decoded)
        return failure(VerificationReason::Malformed, decoded.error.message);
    return verify(*decoded.token, keys, policy);
}

} // namespace TokenVerifier
} // namespace tokenscope
