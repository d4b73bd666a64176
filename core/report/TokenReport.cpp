#include "report/TokenReport.h"

#include "common/TimeFormat.h"
#include "jose/Base64Url.h"
#include "verify/ClaimCatalogue.h"

#include <QCoreApplication>

namespace tokenscope::TokenReport {

namespace {

bool isTimestampClaim(const QString &name)
{
    if (const ClaimCatalogue::Entry *entry = ClaimCatalogue::instance().claim(name))
        return entry->timestamp;
    // The registered NumericDates, should the catalogue be unavailable (RFC 7519 §4.1.4–4.1.6).
    return name == u"exp" || name == u"nbf" || name == u"iat";
}

JsonValue str(const QString &text)
{
    return JsonValue::makeString(text);
}

JsonValue nullValue()
{
    return JsonValue {};
}

} // namespace

QList<TimeClaim> timeClaims(const DecodedToken &token, qint64 nowSeconds)
{
    QList<TimeClaim> claims;
    if (!token.payload || !token.payload->isObject())
        return claims;
    for (const JsonMember &member : token.payload->members) {
        if (!member.value.isNumber() || !isTimestampClaim(member.name))
            continue;
        const std::optional<qint64> value = member.value.toInteger();
        if (!value)
            continue;
        TimeClaim claim;
        claim.name = member.name;
        claim.value = *value;
        claim.isoUtc = TimeFormat::isoUtc(*value);
        claim.relative = TimeFormat::relative(
            *value, nowSeconds, member.name == u"exp" ? TimeFormat::Phrase::Expiry : TimeFormat::Phrase::Generic);
        claim.span = token.tokenSpan(SegmentRole::Payload, member.value.span);
        claims.append(claim);
    }
    return claims;
}

QString kindName(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Jws:
        return QStringLiteral("JWS");
    case TokenKind::Unsecured:
        return QStringLiteral("unsecured JWS");
    case TokenKind::Jwe:
        return QStringLiteral("JWE");
    }
    return {};
}

QString decodeErrorCode(DecodeErrorCode code)
{
    switch (code) {
    case DecodeErrorCode::Empty:
        return QStringLiteral("empty");
    case DecodeErrorCode::TooLarge:
        return QStringLiteral("too_large");
    case DecodeErrorCode::WrongPartCount:
        return QStringLiteral("wrong_part_count");
    case DecodeErrorCode::BadBase64Url:
        return QStringLiteral("bad_base64url");
    case DecodeErrorCode::HeaderNotJson:
        return QStringLiteral("header_not_json");
    case DecodeErrorCode::HeaderNotObject:
        return QStringLiteral("header_not_object");
    case DecodeErrorCode::MissingAlg:
        return QStringLiteral("missing_alg");
    case DecodeErrorCode::BadDisclosure:
        return QStringLiteral("bad_disclosure");
    }
    return {};
}

JsonValue findingsArray(const Findings &findings)
{
    JsonValue array = JsonValue::makeArray();
    for (const Finding &finding : findings) {
        JsonValue item = JsonValue::makeObject();
        item.append(QStringLiteral("id"), str(finding.id));
        item.append(QStringLiteral("severity"), str(severityName(finding.severity)));
        item.append(QStringLiteral("message"), str(finding.message));
        if (!finding.span.isEmpty()) {
            JsonValue span = JsonValue::makeObject();
            span.append(QStringLiteral("start"), JsonValue::makeNumber(finding.span.start));
            span.append(QStringLiteral("length"), JsonValue::makeNumber(finding.span.length));
            item.append(QStringLiteral("span"), std::move(span));
        }
        array.elements.push_back(std::move(item));
    }
    return array;
}

namespace {

void appendHeaderAndPayload(JsonValue &report, const DecodedToken &token)
{
    report.append(QStringLiteral("header"), token.header);
    if (token.payload) {
        report.append(QStringLiteral("payload"), *token.payload);
        report.append(QStringLiteral("payload_text"), nullValue());
    } else {
        report.append(QStringLiteral("payload"), nullValue());
        if (token.kind == TokenKind::Jwe) {
            report.append(QStringLiteral("payload_text"), nullValue());
        } else {
            // Not JSON: show it as text when it is UTF-8, else as base64url so nothing is lost.
            const QByteArray &bytes = token.segment(SegmentRole::Payload).bytes;
            const QString text = QString::fromUtf8(bytes);
            report.append(QStringLiteral("payload_text"),
                          str(text.toUtf8() == bytes ? text : QString::fromLatin1(Base64Url::encode(bytes))));
        }
    }
}

} // namespace

JsonValue decodeReport(const DecodedToken &token, const Findings &findings, qint64 nowSeconds)
{
    JsonValue report = JsonValue::makeObject();
    report.append(QStringLiteral("kind"), str(kindName(token.kind)));
    report.append(QStringLiteral("alg"), str(token.algorithm()));
    appendHeaderAndPayload(report, token);
    if (token.kind == TokenKind::Jwe) {
        JsonValue parts = JsonValue::makeObject();
        for (const TokenSegment &segment : token.segments) {
            if (segment.role == SegmentRole::Header)
                continue;
            parts.append(CompactToken::segmentName(segment.role), JsonValue::makeNumber(segment.bytes.size()));
        }
        report.append(QStringLiteral("encrypted_part_bytes"), std::move(parts));
        report.append(QStringLiteral("signature"), nullValue());
    } else {
        const TokenSegment &signature = token.segment(SegmentRole::Signature);
        report.append(QStringLiteral("signature"),
                      str(QString::fromLatin1(token.text.mid(signature.span.start, signature.span.length))));
        report.append(QStringLiteral("signature_bytes"), JsonValue::makeNumber(signature.bytes.size()));
    }
    JsonValue times = JsonValue::makeObject();
    for (const TimeClaim &claim : timeClaims(token, nowSeconds)) {
        JsonValue item = JsonValue::makeObject();
        item.append(QStringLiteral("value"), JsonValue::makeNumber(claim.value));
        item.append(QStringLiteral("utc"), claim.isoUtc.isEmpty() ? nullValue() : str(claim.isoUtc));
        item.append(QStringLiteral("relative"), str(claim.relative));
        times.append(claim.name, std::move(item));
    }
    report.append(QStringLiteral("times"), std::move(times));
    report.append(QStringLiteral("findings"), findingsArray(findings));
    return report;
}

JsonValue decodeErrorReport(const DecodeError &error)
{
    JsonValue details = JsonValue::makeObject();
    details.append(QStringLiteral("code"), str(decodeErrorCode(error.code)));
    details.append(QStringLiteral("segment"), error.segment >= 0 ? JsonValue::makeNumber(error.segment) : nullValue());
    details.append(QStringLiteral("offset"), error.offset >= 0 ? JsonValue::makeNumber(error.offset) : nullValue());
    details.append(QStringLiteral("message"), str(error.message));
    JsonValue report = JsonValue::makeObject();
    report.append(QStringLiteral("kind"), nullValue());
    report.append(QStringLiteral("error"), std::move(details));
    return report;
}

JsonValue keyReport(const Key &key)
{
    JsonValue report = JsonValue::makeObject();
    report.append(QStringLiteral("source"), str(key.source()));
    report.append(QStringLiteral("thumbprint"), str(key.thumbprint()));
    report.append(QStringLiteral("kid"), key.kid().isEmpty() ? nullValue() : str(key.kid()));
    report.append(QStringLiteral("kty"), str(key.kty()));
    return report;
}

JsonValue verificationReport(const DecodedToken *token, const VerificationResult &result, const Findings &findings)
{
    JsonValue report = JsonValue::makeObject();
    report.append(QStringLiteral("valid"), JsonValue::makeBool(result.isValid()));
    report.append(QStringLiteral("reason"), str(reasonName(result.reason)));
    report.append(QStringLiteral("message"), str(result.message));
    report.append(QStringLiteral("alg"), token ? str(token->algorithm()) : nullValue());
    report.append(QStringLiteral("kid"), token && token->header.value(u"kid") ? str(token->keyId()) : nullValue());
    report.append(QStringLiteral("key"), result.verifiedBy ? keyReport(*result.verifiedBy) : nullValue());
    JsonValue attempts = JsonValue::makeArray();
    for (const KeyAttempt &attempt : result.attempts) {
        JsonValue item = JsonValue::makeObject();
        item.append(QStringLiteral("kid"), attempt.kid.isEmpty() ? nullValue() : str(attempt.kid));
        item.append(QStringLiteral("kty"), str(attempt.kty));
        item.append(QStringLiteral("alg"), attempt.alg.isEmpty() ? nullValue() : str(attempt.alg));
        item.append(QStringLiteral("use"), attempt.use.isEmpty() ? nullValue() : str(attempt.use));
        item.append(QStringLiteral("source"), str(attempt.source));
        item.append(QStringLiteral("thumbprint"), str(attempt.thumbprint));
        item.append(QStringLiteral("outcome"), str(attempt.outcome));
        attempts.elements.push_back(std::move(item));
    }
    report.append(QStringLiteral("attempts"), std::move(attempts));
    if (token) {
        appendHeaderAndPayload(report, *token);
    } else {
        report.append(QStringLiteral("header"), nullValue());
        report.append(QStringLiteral("payload"), nullValue());
    }
    report.append(QStringLiteral("findings"), findingsArray(findings));
    return report;
}

} // namespace tokenscope::TokenReport
