#include "verify/TokenVerifier.h"

#include "common/TimeFormat.h"
#include "crypto/KeyData.h"
#include "crypto/Signature.h"
#include "jose/MediaTypes.h"
#include "verify/ClaimTimes.h"
#include "verify/FastVerifier.h"
#include "verify/Findings.h"
#include "verify/VerdictTexts.h"

#include <QCoreApplication>

#include <cmath>
#include <limits>

namespace tokenscope {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct VerifierText
{
    Q_DECLARE_TR_FUNCTIONS(TokenVerifier)
};

VerificationResult failure(VerificationReason reason, QString message)
{
    VerificationResult result;
    result.reason = reason;
    result.message = std::move(message);
    return result;
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
        return VerifierText::tr("the header has no \"typ\"; the policy requires %1 (RFC 8725 §3.11)").arg(required);
    if (!typ->isString() || !MediaTypes::same(typ->string, required))
        return VerifierText::tr("\"typ\" is %1; the policy requires %2 (RFC 8725 §3.11)")
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
        return VerifierText::tr("\"crit\" must be a non-empty array of header names (RFC 7515 §4.1.11)");
    for (const JsonValue &element : crit->elements) {
        if (!element.isString())
            return VerifierText::tr("\"crit\" holds a value that is not a string (RFC 7515 §4.1.11)");
        const QString &name = element.string;
        if (isRegisteredHeaderName(name))
            return VerifierText::tr(
                       "\"crit\" lists \"%1\", a registered header parameter it must not name (RFC 7515 §4.1.11)")
                .arg(name);
        if (!header.member(name))
            return VerifierText::tr("\"crit\" lists \"%1\", which is not in the header (RFC 7515 §4.1.11)").arg(name);
        // RFC 7797: Tokenscope always base64url-decodes the payload, so it cannot honour b64:false.
        if (name == u"b64")
            return VerifierText::tr(
                "\"crit\" requires \"b64\" (RFC 7797 unencoded payload), which Tokenscope does not support");
        if (!understood.contains(name))
            return VerifierText::tr(
                       "\"crit\" requires \"%1\", which this verifier does not understand (RFC 7515 §4.1.11)")
                .arg(name);
    }
    return {};
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
                    VerifierText::tr(
                        "\"%1\" is not a NumericDate (a number of seconds within years 1 to 9999, RFC 7519 §2)")
                        .arg(QLatin1String(name)));
            }
        }
        if (expStatus == DateStatus::Present || nbfStatus == DateStatus::Present || iatStatus == DateStatus::Present) {
            const Clock &clock = policy.clock ? *policy.clock : SystemClock::instance();
            const qint64 now = clock.nowSeconds();
            if (expStatus == DateStatus::Present && ClaimTimes::expired(exp, now, leeway)) {
                const qint64 ago = saturatedDistance(now, exp);
                return failure(VerificationReason::Expired,
                               VerifierText::tr("expired %1 ago (exp %2, leeway %3)")
                                   .arg(TimeFormat::duration(ago), dateText(exp), TimeFormat::duration(leeway)));
            }
            if (nbfStatus == DateStatus::Present && ClaimTimes::notYetValid(nbf, now, leeway)) {
                return failure(VerificationReason::NotYetValid,
                               VerifierText::tr("not valid for another %1 (nbf %2, leeway %3)")
                                   .arg(TimeFormat::duration(saturatedDistance(nbf, now)), dateText(nbf),
                                        TimeFormat::duration(leeway)));
            }
            if (iatStatus == DateStatus::Present && ClaimTimes::issuedInFuture(iat, now, leeway)) {
                return failure(VerificationReason::IatInFuture,
                               VerifierText::tr("issued %1 in the future (iat %2, leeway %3)")
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
                           VerifierText::tr("the token has no \"iss\"; expected \"%1\"").arg(policy.expectedIssuer));
        if (!iss->isString())
            return failure(VerificationReason::IssMismatch,
                           VerifierText::tr("\"iss\" is not a string; expected \"%1\"").arg(policy.expectedIssuer));
        if (iss->string != policy.expectedIssuer)
            return failure(
                VerificationReason::IssMismatch,
                VerifierText::tr("\"iss\" is \"%1\", expected \"%2\"").arg(iss->string, policy.expectedIssuer));
    }

    // RFC 7519 §4.1.3: aud is one string or an array of strings; one of them must be ours.
    if (!policy.expectedAudience.isEmpty()) {
        const JsonValue *aud = claims.value(u"aud");
        if (!aud)
            return failure(VerificationReason::AudMismatch,
                           VerifierText::tr("the token has no \"aud\"; expected \"%1\"").arg(policy.expectedAudience));
        bool found = aud->isString() && aud->string == policy.expectedAudience;
        if (aud->isArray()) {
            for (const JsonValue &element : aud->elements)
                found = found || (element.isString() && element.string == policy.expectedAudience);
        }
        if (!found) {
            const QString actual = aud->isString() ? QStringLiteral("\"%1\"").arg(aud->string)
                                                   : QString::fromUtf8(Json::write(*aud, Json::Style::Compact));
            return failure(
                VerificationReason::AudMismatch,
                VerifierText::tr("\"aud\" is %1, which does not include \"%2\"").arg(actual, policy.expectedAudience));
        }
    }

    for (const QString &name : policy.requiredClaims) {
        if (!claims.member(name))
            return failure(VerificationReason::MissingClaim,
                           VerifierText::tr("the required claim \"%1\" is missing").arg(name));
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
            VerifierText::tr(
                "an encrypted token (JWE, alg %1, enc %2): give a decryption key to verify the token inside it")
                .arg(token.algorithm(), enc && enc->isString() ? enc->string : VerifierText::tr("missing")));
    }
    if (token.segments.size() != 3)
        return failure(VerificationReason::Malformed, VerifierText::tr("a signed token (JWS) has three parts"));
    for (const TokenSegment &segment : token.segments) {
        // RFC 7515 §2: base64url without padding, one spelling per value; the spelling is what is signed.
        if (!segment.canonical) {
            return failure(
                VerificationReason::Malformed,
                VerifierText::tr("the %1 is not canonical base64url (padding or non-zero unused bits) at character %2")
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
                       VerifierText::tr("the %1 has the member \"%2\" twice (character %3)")
                           .arg(CompactToken::segmentName(role), duplicate.name)
                           .arg(token.tokenSpan(role, duplicate.duplicateNameSpan).start));
    }
    const JsonMember *kidMember = token.header.member(u"kid");
    if (kidMember && !kidMember->value.isString())
        return failure(VerificationReason::Malformed, VerifierText::tr("\"kid\" must be a string (RFC 7515 §4.1.4)"));
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
            VerifierText::tr(
                "\"alg\" is \"none\": the token is unsigned, and unsigned tokens never verify (RFC 8725 §3.1)"));
    }
    const JsonValue *algValue = token.header.value(u"alg");
    const QString &algName = algValue ? algValue->string : QString();
    const std::optional<Algorithm> algorithm = Algorithms::fromName(algName);
    if (!algorithm)
        return failure(VerificationReason::AlgNotAllowed,
                       VerifierText::tr("\"alg\" is \"%1\", which is not a supported JWS algorithm").arg(algName));
    if (!policy.allowedAlgorithms.isEmpty() && !policy.allowedAlgorithms.contains(*algorithm)) {
        QStringList allowed;
        for (const Algorithm candidate : policy.allowedAlgorithms)
            allowed.append(Algorithms::name(candidate));
        return failure(VerificationReason::AlgNotAllowed,
                       VerifierText::tr("\"alg\" %1 is not allowed (allowed: %2)")
                           .arg(algName, allowed.join(QLatin1String(", "))));
    }

    // 3. Key selection and 4. signature. Only keys the caller gave are used: a jwk/jku/x5u/x5c in the header is
    // never a trust anchor (RFC 8725 §3.10). A kid narrows the keys to those with that kid; keys without any kid
    // (a PEM file, a typed secret) stay candidates because nothing rules them out.
    const bool hasKid = kidMember != nullptr;
    const QString &tokenKid = hasKid ? kidMember->value.string : QString();
    const QByteArrayView signingInput = token.signingInput();
    const QByteArray &signature = token.signature();
    VerdictTexts::AttemptRecords records;
    qsizetype candidates = 0;
    qsizetype fitting = 0;
    qsizetype verifiedIndex = -1;
    for (qsizetype index = 0; index < keys.size(); ++index) {
        const Key &key = keys.at(index);
        if (hasKid && key.data()) {
            // Compared in place: Key::kid() returns a copy, which writes the key's shared reference count.
            const QString &keyKid = key.data()->kid;
            if (!keyKid.isEmpty() && keyKid != tokenKid) {
                records.append({index, VerdictTexts::AttemptOutcome::KidDiffers, {}});
                continue;
            }
        }
        ++candidates;
        ++fitting;
        // Signature::verify checks Key::fits itself and reports a key that does not fit as KeyMismatch.
        Signature::VerifyResult checked = Signature::verify(*algorithm, key, signingInput, signature);
        if (checked.outcome == Signature::Outcome::Valid) {
            records.append({index, VerdictTexts::AttemptOutcome::Verified, {}});
            verifiedIndex = index;
            break;
        }
        if (checked.outcome == Signature::Outcome::KeyMismatch) {
            --fitting;
            records.append({index, VerdictTexts::AttemptOutcome::DoesNotFit, std::move(checked.detail)});
        } else {
            records.append({index, VerdictTexts::AttemptOutcome::SignatureInvalid, std::move(checked.detail)});
        }
    }

    VerificationResult result;
    VerdictTexts::describeAttempts(keys, records, tokenKid, result.attempts);

    if (verifiedIndex < 0) {
        if (candidates == 0) {
            result.reason = VerificationReason::KeyNotFound;
            result.message = keys.isEmpty()
                ? VerifierText::tr("no keys were given to verify with")
                : VerifierText::tr("no key with kid \"%1\" among %2 keys").arg(tokenKid).arg(keys.size());
        } else if (fitting == 0) {
            QStringList reasons;
            for (qsizetype index = 0; index < records.size(); ++index) {
                if (records.at(index).outcome == VerdictTexts::AttemptOutcome::DoesNotFit)
                    reasons.append(result.attempts.at(index).outcome);
            }
            result.reason = VerificationReason::KeyMismatch;
            result.message = VerifierText::tr("no candidate key can verify %1: %2")
                                 .arg(algName, reasons.join(QLatin1String("; ")));
        } else {
            result.reason = VerificationReason::BadSignature;
            result.message = fitting == 1
                ? VerifierText::tr("the %1 signature does not verify with the key").arg(algName)
                : VerifierText::tr("the %1 signature does not verify with any of the %2 keys that fit")
                      .arg(algName)
                      .arg(fitting);
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
        const QString why
            = token.payload ? VerifierText::tr("it is JSON but not an object") : token.payloadError.message;
        result.message = VerifierText::tr("the payload cannot be read as JWT claims (RFC 7519 §7.2): %1").arg(why);
        return result;
    }
    static const JsonValue emptyClaims = JsonValue::makeObject();
    VerificationResult claims = checkClaims(claimsObject ? *token.payload : emptyClaims, claimsObject, policy);
    if (!claimsObject) {
        const FindingsCatalogue::Entry *entry = FindingsCatalogue::entry(u"claims_not_checked");
        result.findings.append(
            Finding {QStringLiteral("claims_not_checked"), entry ? entry->severity : Finding::Severity::Info,
                     VerifierText::tr("the payload is not a JSON object, so exp, nbf and iat were not checked"),
                     token.hasSegment(SegmentRole::Payload) ? token.segment(SegmentRole::Payload).span : Span {}});
    }
    result.reason = claims.reason;
    if (claims.reason == VerificationReason::Valid) {
        result.message = VerdictTexts::validMessage(*algorithm);
    } else {
        result.message = std::move(claims.message);
    }
    return result;
}

VerificationResult verify(QByteArrayView compactToken, const KeySet &keys, const VerificationPolicy &policy)
{
    if (std::optional<VerificationResult> valid = FastVerifier::verify(compactToken, keys, policy))
        return std::move(*valid);
    const DecodeResult decoded = CompactToken::decode(compactToken);
    if (!decoded)
        return failure(VerificationReason::Malformed, decoded.error.message);
    return verify(*decoded.token, keys, policy);
}

VerificationResult refuseDroppedCharacters(const QString &dropped)
{
    return failure(VerificationReason::Malformed,
                   VerifierText::tr("characters are stuck to the token with no separator: %1").arg(dropped));
}

} // namespace TokenVerifier
} // namespace tokenscope
