#include "scan/ScanReport.h"

#include "report/TokenReport.h"
#include "verify/Findings.h"
#include "verify/TokenVerifier.h"

#include <QCryptographicHash>
#include <QUrl>

#include <algorithm>

namespace tokenscope {
namespace {

JsonValue stringOrNull(const QString &text)
{
    return text.isEmpty() ? JsonValue() : JsonValue::makeString(text);
}

JsonValue numberOrNull(const std::optional<qint64> &number)
{
    return number ? JsonValue::makeNumber(*number) : JsonValue();
}

std::optional<qint64> integerClaim(const JsonValue &payload, QStringView name)
{
    const JsonValue *value = payload.value(name);
    return value && value->isNumber() ? value->toInteger() : std::nullopt;
}

QString stringClaim(const JsonValue &object, QStringView name)
{
    const JsonValue *value = object.value(name);
    return value && value->isString() ? value->string : QString();
}

ScanReport::Counts sorted(const QHash<QString, qint64> &counts)
{
    ScanReport::Counts result(counts.constKeyValueBegin(), counts.constKeyValueEnd());
    std::sort(result.begin(), result.end(), [](const auto &left, const auto &right) {
        return left.second != right.second ? left.second > right.second : left.first < right.first;
    });
    return result;
}

JsonValue countsObject(const ScanReport::Counts &counts)
{
    JsonValue object = JsonValue::makeObject();
    for (const auto &[name, count] : counts)
        object.append(name, JsonValue::makeNumber(count));
    return object;
}

QByteArray csvField(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r')) {
        bytes.replace('"', "\"\"");
        bytes = '"' + bytes + '"';
    }
    return bytes;
}

const QString kNone = QStringLiteral("(none)");

} // namespace

QString expiryStatusName(ExpiryStatus status)
{
    switch (status) {
    case ExpiryStatus::StillValid:
        return QStringLiteral("still_valid");
    case ExpiryStatus::Expired:
        return QStringLiteral("expired");
    case ExpiryStatus::NotYetValid:
        return QStringLiteral("not_yet_valid");
    case ExpiryStatus::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

ExpiryStatus expiryStatusAt(std::optional<qint64> nbf, std::optional<qint64> exp, qint64 nowSeconds)
{
    if (exp && nowSeconds >= *exp)
        return ExpiryStatus::Expired;
    if (nbf && nowSeconds < *nbf)
        return ExpiryStatus::NotYetValid;
    return ExpiryStatus::StillValid;
}

ScanReport::ScanReport(Options options) : m_options(std::move(options))
{ }

ScannedToken ScanReport::describe(QByteArrayView text) const
{
    ScannedToken token;
    // RFC 9901 §4: the issuer-signed JWT comes first; what follows its '~' are disclosures and a key-binding JWT.
    const qsizetype tilde = text.indexOf('~');
    const QByteArrayView compact = tilde < 0 ? text : text.first(tilde);
    if (tilde >= 0)
        token.disclosures = int(text.count('~')) - 1;
    const DecodeResult decoded = CompactToken::decode(compact);
    if (!decoded)
        return token;
    const DecodedToken &jose = *decoded.token;
    token.kind = tilde >= 0 ? QStringLiteral("SD-JWT") : TokenReport::kindName(jose.kind);
    token.alg = jose.algorithm();
    token.kid = jose.keyId();
    token.typ = stringClaim(jose.header, u"typ");
    const bool hasClaims = jose.kind != TokenKind::Jwe && jose.payload && jose.payload->isObject();
    if (hasClaims) {
        token.iss = stringClaim(*jose.payload, u"iss");
        token.sub = stringClaim(*jose.payload, u"sub");
        token.iat = integerClaim(*jose.payload, u"iat");
        token.nbf = integerClaim(*jose.payload, u"nbf");
        token.exp = integerClaim(*jose.payload, u"exp");
    }
    token.status = hasClaims ? expiryStatusAt(token.nbf, token.exp, m_options.nowSeconds) : ExpiryStatus::Unknown;
    if (m_options.keys) {
        const FixedClock clock(m_options.nowSeconds);
        VerificationPolicy policy;
        policy.clock = &clock;
        token.verification = reasonName(TokenVerifier::verify(jose, *m_options.keys, policy).reason);
    }
    for (const Finding &finding : FindingsCatalogue::analyzeToken(jose, m_options.nowSeconds)) {
        if (!token.findings.contains(finding.id))
            token.findings << finding.id;
    }
    return token;
}

void ScanReport::add(QByteArrayView text, const ScanPlace &place, const QByteArray &knownDigest)
{
    ++m_occurrences;
    const QByteArray digest
        = knownDigest.isEmpty() ? QCryptographicHash::hash(text, QCryptographicHash::Sha256) : knownDigest;
    const auto found = m_index.constFind(digest);
    if (found != m_index.constEnd()) {
        ++m_tokens[size_t(found.value())].count;
        return;
    }
    if (qsizetype(m_tokens.size()) >= m_options.maxDistinctTokens) {
        ++m_untracked;
        return;
    }
    ScannedToken token = describe(text);
    token.fingerprint = QStringLiteral("sha256:") + QString::fromLatin1(digest.toHex());
    if (m_options.tokenText == TokenText::Keep)
        token.text = text.toByteArray();
    token.count = 1;
    token.firstSeen = place;
    // The URL names the entry; its query and fragment may hold the very token (or other secrets), so they go.
    if (!place.url.isEmpty()) {
        const QUrl url(place.url);
        token.firstSeen.url = url.isValid()
            ? url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo).toString()
            : QString();
    }
    m_index.insert(digest, qsizetype(m_tokens.size()));
    m_tokens.push_back(std::move(token));
}

ScanReport::Counts ScanReport::countBy(QString ScannedToken::*field) const
{
    QHash<QString, qint64> counts;
    for (const ScannedToken &token : m_tokens) {
        const QString &value = token.*field;
        ++counts[value.isEmpty() ? kNone : value];
    }
    return sorted(counts);
}

ScanReport::Counts ScanReport::statusCounts() const
{
    QHash<QString, qint64> counts;
    for (const ScannedToken &token : m_tokens)
        ++counts[expiryStatusName(token.status)];
    return sorted(counts);
}

ScanReport::Counts ScanReport::findingCounts() const
{
    QHash<QString, qint64> counts;
    for (const ScannedToken &token : m_tokens) {
        for (const QString &id : token.findings)
            ++counts[id];
    }
    return sorted(counts);
}

qsizetype ScanReport::distinctSubjects() const
{
    QSet<QString> subjects;
    for (const ScannedToken &token : m_tokens) {
        if (!token.sub.isEmpty())
            subjects.insert(token.sub);
    }
    return subjects.size();
}

JsonValue ScanReport::tokenJson(const ScannedToken &token, qsizetype index) const
{
    JsonValue object = JsonValue::makeObject();
    object.append(QStringLiteral("type"), JsonValue::makeString(QStringLiteral("token")));
    object.append(QStringLiteral("index"), JsonValue::makeNumber(index));
    object.append(QStringLiteral("fingerprint"), JsonValue::makeString(token.fingerprint));
    object.append(QStringLiteral("kind"), JsonValue::makeString(token.kind));
    if (token.kind == u"SD-JWT")
        object.append(QStringLiteral("disclosures"), JsonValue::makeNumber(token.disclosures));
    object.append(QStringLiteral("alg"), stringOrNull(token.alg));
    object.append(QStringLiteral("kid"), stringOrNull(token.kid));
    object.append(QStringLiteral("typ"), stringOrNull(token.typ));
    object.append(QStringLiteral("iss"), stringOrNull(token.iss));
    object.append(QStringLiteral("sub"), stringOrNull(token.sub));
    object.append(QStringLiteral("iat"), numberOrNull(token.iat));
    object.append(QStringLiteral("nbf"), numberOrNull(token.nbf));
    object.append(QStringLiteral("exp"), numberOrNull(token.exp));
    object.append(QStringLiteral("status"), JsonValue::makeString(expiryStatusName(token.status)));
    if (verifies())
        object.append(QStringLiteral("verification"), JsonValue::makeString(token.verification));
    object.append(QStringLiteral("count"), JsonValue::makeNumber(token.count));
    JsonValue place = JsonValue::makeObject();
    const ScanPlace &seen = token.firstSeen;
    place.append(QStringLiteral("source"), JsonValue::makeString(seen.source));
    if (seen.harPath.isEmpty()) {
        place.append(QStringLiteral("line"), JsonValue::makeNumber(seen.line));
        place.append(QStringLiteral("offset"), JsonValue::makeNumber(seen.offset));
        place.append(QStringLiteral("context"), stringOrNull(seen.context));
    } else {
        place.append(QStringLiteral("path"), JsonValue::makeString(seen.harPath));
        place.append(QStringLiteral("context"), stringOrNull(seen.context));
        JsonValue entry = JsonValue::makeObject();
        entry.append(QStringLiteral("method"), stringOrNull(seen.method));
        entry.append(QStringLiteral("url"), stringOrNull(seen.url));
        entry.append(QStringLiteral("time"), stringOrNull(seen.time));
        place.append(QStringLiteral("entry"), std::move(entry));
    }
    object.append(QStringLiteral("first_seen"), std::move(place));
    JsonValue findings = JsonValue::makeArray();
    for (const QString &id : token.findings)
        findings.elements.push_back(JsonValue::makeString(id));
    object.append(QStringLiteral("findings"), std::move(findings));
    if (!token.text.isEmpty())
        object.append(QStringLiteral("token"), JsonValue::makeString(QString::fromLatin1(token.text)));
    return object;
}

JsonValue ScanReport::summaryJson() const
{
    JsonValue object = JsonValue::makeObject();
    object.append(QStringLiteral("type"), JsonValue::makeString(QStringLiteral("summary")));
    JsonValue sources = JsonValue::makeArray();
    for (const QString &source : m_sources)
        sources.elements.push_back(JsonValue::makeString(source));
    object.append(QStringLiteral("sources"), std::move(sources));
    object.append(QStringLiteral("bytes"), JsonValue::makeNumber(m_bytes));
    object.append(QStringLiteral("occurrences"), JsonValue::makeNumber(m_occurrences));
    object.append(QStringLiteral("distinct_tokens"), JsonValue::makeNumber(qint64(m_tokens.size())));
    object.append(QStringLiteral("untracked_occurrences"), JsonValue::makeNumber(m_untracked));
    object.append(QStringLiteral("distinct_subjects"), JsonValue::makeNumber(distinctSubjects()));
    object.append(QStringLiteral("by_status"), countsObject(statusCounts()));
    object.append(QStringLiteral("by_kind"), countsObject(countBy(&ScannedToken::kind)));
    object.append(QStringLiteral("by_issuer"), countsObject(countBy(&ScannedToken::iss)));
    object.append(QStringLiteral("by_alg"), countsObject(countBy(&ScannedToken::alg)));
    object.append(QStringLiteral("by_kid"), countsObject(countBy(&ScannedToken::kid)));
    if (verifies())
        object.append(QStringLiteral("by_verification"), countsObject(countBy(&ScannedToken::verification)));
    object.append(QStringLiteral("findings"), countsObject(findingCounts()));
    return object;
}

QByteArray ScanReport::csvHeader()
{
    return "index,count,kind,alg,kid,iss,sub,iat,nbf,exp,status,verification,source,line,offset,path,context,"
           "method,url,time,findings,fingerprint\r\n";
}

QByteArray ScanReport::csvRow(const ScannedToken &token, qsizetype index) const
{
    const auto number = [](const std::optional<qint64> &value) {
        return value ? QString::number(*value) : QString();
    };
    const ScanPlace &seen = token.firstSeen;
    const bool inText = seen.harPath.isEmpty();
    const QStringList fields = {QString::number(index),
                                QString::number(token.count),
                                token.kind,
                                token.alg,
                                token.kid,
                                token.iss,
                                token.sub,
                                number(token.iat),
                                number(token.nbf),
                                number(token.exp),
                                expiryStatusName(token.status),
                                token.verification,
                                seen.source,
                                inText ? QString::number(seen.line) : QString(),
                                inText ? QString::number(seen.offset) : QString(),
                                seen.harPath,
                                seen.context,
                                seen.method,
                                seen.url,
                                seen.time,
                                token.findings.join(u';'),
                                token.fingerprint};
    QByteArrayList row;
    for (const QString &field : fields)
        row << csvField(field);
    return row.join(',') + "\r\n";
}

} // namespace tokenscope
