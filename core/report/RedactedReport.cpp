#include "report/RedactedReport.h"

#include "report/TokenReport.h"

#include <QCoreApplication>

namespace tokenscope::RedactedReport {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct RedactedReportText
{
    Q_DECLARE_TR_FUNCTIONS(RedactedReport)
};

const QString kMasked = QStringLiteral("[masked]");

// Header members that carry keys or certificates (RFC 7515 §4.1.3, §4.1.6): never shown, whatever the options.
bool isKeyMaterial(QStringView name)
{
    return name == u"jwk" || name == u"x5c";
}

// A copy of `object` whose members named in `masked` (or key material) hold "[masked]"; returns how many.
int maskMembers(JsonValue &object, const QStringList &masked)
{
    int count = 0;
    for (JsonMember &member : object.members) {
        if (masked.contains(member.name) || isKeyMaterial(member.name)) {
            member.value = JsonValue::makeString(kMasked);
            ++count;
        }
    }
    return count;
}

struct Redacted
{
    JsonValue header;
    std::optional<JsonValue> payload;
    int maskedCount = 0;
};

Redacted redact(const DecodedToken &token, const QStringList &masked)
{
    Redacted redacted {token.header, std::nullopt, 0};
    redacted.maskedCount += maskMembers(redacted.header, {});
    if (token.kind != TokenKind::Jwe && token.payload && token.payload->isObject()) {
        redacted.payload = *token.payload;
        redacted.maskedCount += maskMembers(*redacted.payload, masked);
    }
    return redacted;
}

QString notice(const DecodedToken &token, int maskedCount)
{
    return RedactedReportText::tr(
               "Redacted report: the signature is removed and %1 value(s) are masked, so this %2 cannot be verified "
               "from it.")
        .arg(maskedCount)
        .arg(TokenReport::kindName(token.kind));
}

QByteArray markdown(const DecodedToken &token, const Redacted &redacted, const Findings &findings, qint64 now)
{
    QString text = RedactedReportText::tr("# Token report (%1, alg %2)\n\n")
                       .arg(TokenReport::kindName(token.kind), token.algorithm());
    text += u"> "_qs + notice(token, redacted.maskedCount) + u"\n\n"_qs;
    text += RedactedReportText::tr("## Header\n\n```json\n") + QString::fromUtf8(Json::write(redacted.header))
        + u"\n```\n\n"_qs;
    text += RedactedReportText::tr("## Claims\n\n");
    text += redacted.payload ? u"```json\n"_qs + QString::fromUtf8(Json::write(*redacted.payload)) + u"\n```\n\n"_qs
                             : RedactedReportText::tr("(not shown: encrypted, or not a JSON object of claims)\n\n");
    const QList<TokenReport::TimeClaim> times = TokenReport::timeClaims(token, now);
    if (!times.isEmpty()) {
        text += RedactedReportText::tr("## Times\n\n| claim | UTC | relative |\n|---|---|---|\n");
        for (const TokenReport::TimeClaim &claim : times)
            text += QStringLiteral("| `%1` | %2 | %3 |\n").arg(claim.name, claim.isoUtc, claim.relative);
        text += u'\n';
    }
    text += RedactedReportText::tr("## Findings\n\n");
    if (findings.isEmpty())
        text += RedactedReportText::tr("None.\n");
    for (const Finding &finding : findings)
        text += QStringLiteral("- **%1** `%2`: %3\n").arg(severityName(finding.severity), finding.id, finding.message);
    return text.toUtf8();
}

QByteArray html(const DecodedToken &token, const Redacted &redacted, const Findings &findings, qint64 now)
{
    const auto escaped = [](const QString &text) {
        return text.toHtmlEscaped();
    };
    QString text = u"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"_qs
        + RedactedReportText::tr("Token report") + u"</title></head><body>\n"_qs;
    text += QStringLiteral("<h1>%1</h1>\n")
                .arg(escaped(RedactedReportText::tr("Token report (%1, alg %2)")
                                 .arg(TokenReport::kindName(token.kind), token.algorithm())));
    text += QStringLiteral("<p><strong>%1</strong></p>\n").arg(escaped(notice(token, redacted.maskedCount)));
    text += QStringLiteral("<h2>%1</h2>\n<pre>%2</pre>\n")
                .arg(escaped(RedactedReportText::tr("Header")),
                     escaped(QString::fromUtf8(Json::write(redacted.header))));
    text += QStringLiteral("<h2>%1</h2>\n<pre>%2</pre>\n")
                .arg(escaped(RedactedReportText::tr("Claims")),
                     escaped(redacted.payload
                                 ? QString::fromUtf8(Json::write(*redacted.payload))
                                 : RedactedReportText::tr("(not shown: encrypted, or not a JSON object of claims)")));
    const QList<TokenReport::TimeClaim> times = TokenReport::timeClaims(token, now);
    if (!times.isEmpty()) {
        text += QStringLiteral("<h2>%1</h2>\n<table>\n").arg(escaped(RedactedReportText::tr("Times")));
        for (const TokenReport::TimeClaim &claim : times)
            text += QStringLiteral("<tr><td><code>%1</code></td><td>%2</td><td>%3</td></tr>\n")
                        .arg(escaped(claim.name), escaped(claim.isoUtc), escaped(claim.relative));
        text += u"</table>\n"_qs;
    }
    text += QStringLiteral("<h2>%1</h2>\n<ul>\n").arg(escaped(RedactedReportText::tr("Findings")));
    for (const Finding &finding : findings)
        text += QStringLiteral("<li><strong>%1</strong> <code>%2</code>: %3</li>\n")
                    .arg(escaped(severityName(finding.severity)), escaped(finding.id), escaped(finding.message));
    text += u"</ul>\n</body></html>\n"_qs;
    return text.toUtf8();
}

QByteArray json(const DecodedToken &token, const Redacted &redacted, const Findings &findings, qint64 now)
{
    JsonValue report = JsonValue::makeObject();
    report.append(QStringLiteral("redacted"), JsonValue::makeBool(true));
    report.append(QStringLiteral("notice"), JsonValue::makeString(notice(token, redacted.maskedCount)));
    report.append(QStringLiteral("kind"), JsonValue::makeString(TokenReport::kindName(token.kind)));
    report.append(QStringLiteral("alg"), JsonValue::makeString(token.algorithm()));
    report.append(QStringLiteral("header"), redacted.header);
    report.append(QStringLiteral("payload"), redacted.payload ? *redacted.payload : JsonValue());
    JsonValue times = JsonValue::makeArray();
    for (const TokenReport::TimeClaim &claim : TokenReport::timeClaims(token, now)) {
        JsonValue time = JsonValue::makeObject();
        time.append(QStringLiteral("claim"), JsonValue::makeString(claim.name));
        time.append(QStringLiteral("utc"), JsonValue::makeString(claim.isoUtc));
        time.append(QStringLiteral("relative"), JsonValue::makeString(claim.relative));
        times.elements.push_back(std::move(time));
    }
    report.append(QStringLiteral("times"), std::move(times));
    report.append(QStringLiteral("findings"), TokenReport::findingsArray(findings));
    return Json::write(report) + '\n';
}

} // namespace

const QStringList &defaultMasked()
{
    static const QStringList claims = {
        QStringLiteral("sub"),          QStringLiteral("email"),
        QStringLiteral("name"),         QStringLiteral("given_name"),
        QStringLiteral("family_name"),  QStringLiteral("middle_name"),
        QStringLiteral("nickname"),     QStringLiteral("preferred_username"),
        QStringLiteral("phone_number"), QStringLiteral("address"),
        QStringLiteral("sid"),          QStringLiteral("cnf"),
    };
    return claims;
}

QStringList maskedClaims(const Options &options)
{
    QStringList claims;
    for (const QString &claim : defaultMasked()) {
        if (!options.unmask.contains(claim))
            claims << claim;
    }
    for (const QString &claim : options.mask) {
        if (!claims.contains(claim))
            claims << claim;
    }
    return claims;
}

QByteArray render(const DecodedToken &token, const Findings &findings, qint64 nowSeconds, const Options &options)
{
    const Redacted redacted = redact(token, maskedClaims(options));
    switch (options.format) {
    case Format::Json:
        return json(token, redacted, findings, nowSeconds);
    case Format::Html:
        return html(token, redacted, findings, nowSeconds);
    case Format::Markdown:
        break;
    }
    return markdown(token, redacted, findings, nowSeconds);
}

} // namespace tokenscope::RedactedReport
