#include "probe/ProbeReport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tokenscope::probe {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct ProbeReportText
{
    Q_DECLARE_TR_FUNCTIONS(ProbeReport)
};

QString severityName(ProbeFinding::Severity severity)
{
    switch (severity) {
    case ProbeFinding::Severity::Info:
        return u"info"_s;
    case ProbeFinding::Severity::Warning:
        return u"warning"_s;
    case ProbeFinding::Severity::Problem:
        return u"problem"_s;
    }
    return {};
}

// What a preset does on a refresh right after the token was issued: AfterPercent does not rotate a young token.
bool presetRotatesAtOnce(const policy::IssuerPolicy &policy)
{
    return policy.refreshTokensEnabled && policy.rotation == policy::RotationMode::Always;
}

QString markdownCell(QString text)
{
    return text.replace(u'|', u"\\|"_s).replace(u'\n', u' ');
}

} // namespace

const ProbeFinding *ProbeReport::finding(QStringView id) const
{
    for (const ProbeFinding &candidate : findings) {
        if (candidate.id == id)
            return &candidate;
    }
    return nullptr;
}

QList<PresetMatch> ProbeClassifier::matchPresets(const ProbeObservations &observed)
{
    // Weights: the refresh-token behaviour (rotation, reuse, grace) is what the presets exist to tell apart; the
    // access-token lifetime is a tie-breaker, because tenants change it more often than the refresh policy.
    constexpr int policyWeight = 3;
    constexpr int lifetimeWeight = 1;

    QList<PresetMatch> matches;
    for (const QString &name : policy::IssuerPresets::names()) {
        const std::optional<policy::IssuerPolicy> preset = policy::IssuerPresets::byName(name);
        if (!preset)
            continue;
        PresetMatch match;
        match.name = name;
        auto judge = [&match](bool agrees, int weight, const QString &agreement, const QString &difference) {
            match.maximum += weight;
            if (agrees) {
                match.score += weight;
                match.agreements.append(agreement);
            } else {
                match.differences.append(difference);
            }
        };

        if (observed.rotatesAtOnce) {
            const bool expected = presetRotatesAtOnce(*preset);
            judge(expected == *observed.rotatesAtOnce, policyWeight,
                  expected ? ProbeReportText::tr("rotates on every refresh")
                           : ProbeReportText::tr("keeps the refresh token right after issue"),
                  expected
                      ? ProbeReportText::tr("preset rotates on every refresh, the issuer did not")
                      : ProbeReportText::tr("preset keeps the refresh token right after issue, the issuer rotated it"));
        }
        const bool presetHasGrace = preset->grace != policy::GraceMode::None && preset->graceSeconds > 0;
        if (observed.grace) {
            bool agrees
                = presetHasGrace ? preset->grace == *observed.grace : *observed.grace == policy::GraceMode::None;
            // A grace window the probe saw close within its pause must be shorter than the pause.
            if (agrees && presetHasGrace && observed.lateReplayAccepted == false && observed.pauseSeconds > 0)
                agrees = preset->graceSeconds < observed.pauseSeconds;
            const QString presetGrace = presetHasGrace ? ProbeReportText::tr("%1 (%2 s)")
                                                             .arg(policy::PolicyNames::grace(preset->grace))
                                                             .arg(preset->graceSeconds)
                                                       : policy::PolicyNames::grace(policy::GraceMode::None);
            judge(agrees, policyWeight, ProbeReportText::tr("grace window: %1").arg(presetGrace),
                  ProbeReportText::tr("grace window: issuer %1, preset %2")
                      .arg(policy::PolicyNames::grace(*observed.grace), presetGrace));
        }
        if (observed.reuse) {
            judge(preset->reuse == *observed.reuse, policyWeight,
                  ProbeReportText::tr("reuse handling: %1").arg(policy::PolicyNames::reuse(preset->reuse)),
                  ProbeReportText::tr("reuse handling: issuer %1, preset %2")
                      .arg(policy::PolicyNames::reuse(*observed.reuse), policy::PolicyNames::reuse(preset->reuse)));
        }
        if (observed.accessTokenLifetime) {
            judge(preset->accessTokenTtl == *observed.accessTokenLifetime, lifetimeWeight,
                  ProbeReportText::tr("access token lifetime %1 s").arg(preset->accessTokenTtl),
                  ProbeReportText::tr("access token lifetime: issuer %1 s, preset %2 s")
                      .arg(*observed.accessTokenLifetime)
                      .arg(preset->accessTokenTtl));
        }
        matches.append(match);
    }
    std::stable_sort(matches.begin(), matches.end(),
                     [](const PresetMatch &a, const PresetMatch &b) { return a.score > b.score; });
    return matches;
}

QByteArray ProbeReportWriter::toJson(const ProbeReport &report)
{
    QJsonObject root;
    root.insert(u"issuer_url"_s, report.issuerUrl.toString());
    root.insert(u"discovery_url"_s, report.discoveryUrl.toString());
    root.insert(u"issuer"_s, report.issuer);
    root.insert(u"client_id"_s, report.clientId);
    root.insert(u"flow"_s, report.flow);
    root.insert(u"ok"_s, !report.error);
    if (report.error) {
        root.insert(u"error"_s, QJsonObject {{u"code"_s, report.error.code}, {u"message"_s, report.error.message}});
    }

    QJsonArray requests;
    for (const ProbeRequest &request : report.requests) {
        QJsonObject object {{u"step"_s, request.step},
                            {u"method"_s, request.method},
                            {u"url"_s, request.url.toString()},
                            {u"status"_s, request.status}};
        if (!request.grantType.isEmpty())
            object.insert(u"grant_type"_s, request.grantType);
        if (!request.error.isEmpty())
            object.insert(u"error"_s, request.error);
        if (!request.note.isEmpty())
            object.insert(u"note"_s, request.note);
        requests.append(object);
    }
    root.insert(u"requests"_s, requests);

    QJsonArray findings;
    for (const ProbeFinding &finding : report.findings) {
        QJsonArray evidence;
        for (int index : finding.evidence)
            evidence.append(index);
        findings.append(QJsonObject {{u"id"_s, finding.id},
                                     {u"value"_s, finding.value},
                                     {u"severity"_s, severityName(finding.severity)},
                                     {u"title"_s, finding.title},
                                     {u"summary"_s, finding.summary},
                                     {u"evidence"_s, evidence}});
    }
    root.insert(u"findings"_s, findings);

    QJsonArray presets;
    for (const PresetMatch &match : report.presets) {
        presets.append(QJsonObject {{u"name"_s, match.name},
                                    {u"score"_s, match.score},
                                    {u"maximum"_s, match.maximum},
                                    {u"agreements"_s, QJsonArray::fromStringList(match.agreements)},
                                    {u"differences"_s, QJsonArray::fromStringList(match.differences)}});
    }
    root.insert(u"presets"_s, presets);
    root.insert(u"closest_preset"_s, report.closestPreset());
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString ProbeReportWriter::toMarkdown(const ProbeReport &report)
{
    QString out;
    out += ProbeReportText::tr("# Issuer probe: %1\n\n")
               .arg(report.issuer.isEmpty() ? report.issuerUrl.toString() : report.issuer);
    out += ProbeReportText::tr("- Discovery: %1\n").arg(report.discoveryUrl.toString());
    out += ProbeReportText::tr("- Client: `%1`, flow `%2`\n").arg(report.clientId, report.flow);
    if (report.error)
        out += ProbeReportText::tr("- **Stopped**: %1 (`%2`)\n").arg(report.error.message, report.error.code);
    if (!report.presets.isEmpty()) {
        const PresetMatch &best = report.presets.first();
        out += ProbeReportText::tr("- Closest preset: **%1** (%2 of %3)")
                   .arg(best.name)
                   .arg(best.score)
                   .arg(best.maximum);
        if (!best.agreements.isEmpty())
            out += ProbeReportText::tr("; agrees: %1").arg(best.agreements.join(u"; "_s));
        if (!best.differences.isEmpty())
            out += ProbeReportText::tr("; differs: %1").arg(best.differences.join(u"; "_s));
        out += u'\n';
    }
    out += ProbeReportText::tr("\n## Findings\n\n| Finding | Result | Summary | Evidence |\n|---|---|---|---|\n");
    for (const ProbeFinding &finding : report.findings) {
        QStringList evidence;
        for (int index : finding.evidence)
            evidence.append(u"#%1"_s.arg(index + 1));
        out += u"| %1 | `%2` | %3 | %4 |\n"_s.arg(markdownCell(finding.title), markdownCell(finding.value),
                                                  markdownCell(finding.summary), evidence.join(u", "_s));
    }
    out += ProbeReportText::tr(
        "\n## Requests\n\n| # | Step | Request | Grant | Status | Error | Note |\n|---|---|---|---|---|---|---|\n");
    for (qsizetype i = 0; i < report.requests.size(); ++i) {
        const ProbeRequest &request = report.requests.at(i);
        out += u"| %1 | %2 | %3 %4 | %5 | %6 | %7 | %8 |\n"_s.arg(i + 1)
                   .arg(request.step, request.method, markdownCell(request.url.toString()), request.grantType)
                   .arg(request.status)
                   .arg(request.error.isEmpty() ? QString() : u"`%1`"_s.arg(request.error), markdownCell(request.note));
    }
    out += ProbeReportText::tr("\nTokens, secrets and error descriptions are never included in this report.\n");
    return out;
}

QString ProbeReportWriter::redact(QString text, const QList<QByteArray> &secrets)
{
    for (const QByteArray &secret : secrets) {
        // Short values ("a") would redact ordinary words; a secret that short is not worth hiding from a report.
        if (secret.size() >= 4)
            text.replace(QString::fromUtf8(secret), u"[redacted]"_s);
    }
    return text;
}

} // namespace tokenscope::probe
