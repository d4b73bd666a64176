// The probe's report on its own, without an issuer: presets are ranked by what the probe observed, the JSON keeps
// its stable keys, the Markdown names the closest preset and every finding, and redaction removes secrets that an
// issuer might echo back.

#include "probe/ProbeReport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::probe;

namespace {

// What a probe would observe from an issuer that follows `preset` exactly.
ProbeObservations observationsOf(const policy::IssuerPolicy &preset)
{
    ProbeObservations observed;
    observed.rotatesAtOnce = preset.refreshTokensEnabled && preset.rotation == policy::RotationMode::Always;
    observed.reuse = preset.reuse;
    observed.grace = preset.graceSeconds > 0 ? preset.grace : policy::GraceMode::None;
    observed.accessTokenLifetime = preset.accessTokenTtl;
    return observed;
}

ProbeReport sampleReport()
{
    ProbeReport report;
    report.issuerUrl = QUrl(u"https://staging.example/realms/app"_s);
    report.discoveryUrl = QUrl(u"https://staging.example/realms/app/.well-known/openid-configuration"_s);
    report.issuer = u"https://staging.example/realms/app"_s;
    report.clientId = u"probe-client"_s;
    report.flow = u"password"_s;
    report.requests.append({u"discovery"_s, u"GET"_s, report.discoveryUrl, {}, 200, {}, {}});
    report.requests.append({u"refresh_1"_s, u"POST"_s, QUrl(u"https://staging.example/token"_s), u"refresh_token"_s,
                            400, u"invalid_grant"_s, u"a | pipe in a note"_s});
    ProbeFinding rotation;
    rotation.id = u"rotation"_s;
    rotation.value = u"always"_s;
    rotation.title = u"Refresh token rotation"_s;
    rotation.summary = u"Every refresh returned a new refresh token."_s;
    rotation.severity = ProbeFinding::Severity::Warning;
    rotation.evidence = {1};
    report.findings.append(rotation);
    report.presets = ProbeClassifier::matchPresets(observationsOf(*policy::IssuerPresets::byName(u"okta")));
    return report;
}

} // namespace

class TestProbeReport : public QObject
{
    Q_OBJECT

private slots:
    void eachPresetMatchesItself_data();
    void eachPresetMatchesItself();
    void nothingObservedScoresNothing();
    void jsonKeepsItsStableKeys();
    void markdownNamesPresetFindingsAndRequests();
    void redactRemovesEverySecret();
};

void TestProbeReport::eachPresetMatchesItself_data()
{
    QTest::addColumn<QString>("preset");
    for (const QString &name : policy::IssuerPresets::names())
        QTest::newRow(qPrintable(name)) << name;
}

void TestProbeReport::eachPresetMatchesItself()
{
    QFETCH(QString, preset);
    const QList<PresetMatch> matches
        = ProbeClassifier::matchPresets(observationsOf(*policy::IssuerPresets::byName(preset)));
    QCOMPARE(matches.size(), policy::IssuerPresets::names().size());
    // Best first; presets that behave the same may tie, but none may score above the one observed.
    const auto self = std::find_if(matches.cbegin(), matches.cend(),
                                   [&preset](const PresetMatch &match) { return match.name == preset; });
    QVERIFY(self != matches.cend());
    QCOMPARE(self->score, self->maximum);
    QVERIFY(self->differences.isEmpty());
    QCOMPARE(matches.first().score, self->score);
    for (qsizetype i = 1; i < matches.size(); ++i)
        QVERIFY(matches.at(i - 1).score >= matches.at(i).score);
}

void TestProbeReport::nothingObservedScoresNothing()
{
    const QList<PresetMatch> matches = ProbeClassifier::matchPresets({});
    for (const PresetMatch &match : matches) {
        QCOMPARE(match.maximum, 0);
        QVERIFY(match.agreements.isEmpty());
    }
    // Ties keep the presets' own order.
    QCOMPARE(matches.first().name, policy::IssuerPresets::names().first());
}

void TestProbeReport::jsonKeepsItsStableKeys()
{
    ProbeReport report = sampleReport();
    report.error = {ProbeError::Kind::TokensRefused, u"tokens_refused"_s, u"the issuer refused the login"_s};
    QJsonParseError parseError;
    const QJsonObject root = QJsonDocument::fromJson(ProbeReportWriter::toJson(report), &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(root.value(u"issuer"_s).toString(), report.issuer);
    QCOMPARE(root.value(u"ok"_s).toBool(), false);
    QCOMPARE(root.value(u"error"_s).toObject().value(u"code"_s).toString(), u"tokens_refused"_s);
    QCOMPARE(root.value(u"closest_preset"_s).toString(), report.closestPreset());

    const QJsonArray requests = root.value(u"requests"_s).toArray();
    QCOMPARE(requests.size(), 2);
    QVERIFY(!requests.at(0).toObject().contains(u"grant_type"_s)); // absent, not empty, when there was none
    QCOMPARE(requests.at(1).toObject().value(u"error"_s).toString(), u"invalid_grant"_s);
    QCOMPARE(requests.at(1).toObject().value(u"status"_s).toInt(), 400);

    const QJsonObject finding = root.value(u"findings"_s).toArray().at(0).toObject();
    QCOMPARE(finding.value(u"id"_s).toString(), u"rotation"_s);
    QCOMPARE(finding.value(u"severity"_s).toString(), u"warning"_s);
    QCOMPARE(finding.value(u"evidence"_s).toArray(), QJsonArray {1});
    QCOMPARE(root.value(u"presets"_s).toArray().size(), policy::IssuerPresets::names().size());
}

void TestProbeReport::markdownNamesPresetFindingsAndRequests()
{
    const ProbeReport report = sampleReport();
    const QString markdown = ProbeReportWriter::toMarkdown(report);
    QVERIFY(markdown.startsWith(u"# Issuer probe: https://staging.example/realms/app\n"_s));
    QVERIFY2(markdown.contains(u"Closest preset: **%1**"_s.arg(report.closestPreset())), qPrintable(markdown));
    QVERIFY(markdown.contains(
        u"| Refresh token rotation | `always` | Every refresh returned a new refresh token. | #2 |"_s));
    // A pipe inside a cell would end it early and shift the table.
    QVERIFY2(markdown.contains(u"a \\| pipe in a note"_s), qPrintable(markdown));
    QVERIFY(markdown.contains(
        u"| 2 | refresh_1 | POST https://staging.example/token | refresh_token | 400 | `invalid_grant` |"_s));
}

void TestProbeReport::redactRemovesEverySecret()
{
    const QString echoed = u"error_description: token eyJhbGciOi.abc.def for password hunter2! and hunter2 again, a"_s;
    const QString redacted
        = ProbeReportWriter::redact(echoed, {QByteArray("eyJhbGciOi.abc.def"), QByteArray("hunter2"), QByteArray("a")});
    QVERIFY(!redacted.contains(u"eyJhbGciOi"_s));
    QVERIFY(!redacted.contains(u"hunter2"_s));
    QCOMPARE(redacted.count(u"[redacted]"_s), 3);
    // A one-letter "secret" would eat ordinary words; it is not worth hiding.
    QVERIFY(redacted.endsWith(u", a"_s));
    QCOMPARE(ProbeReportWriter::redact(echoed, {}), echoed);
}

QTEST_GUILESS_MAIN(TestProbeReport)
#include "tst_probereport.moc"
