// The staging probe against the project's own mock issuer in each policy (rotation, reuse handling, grace), naming
// the right provider preset, and its errors on bad issuers (bad URLs, refused connections, non-JSON discovery, HTTP
// errors, oversized answers, refused credentials, cancel).
#include "../issuer/IssuerTestSupport.h"
#include "ProbeTestSupport.h"
#include "probe/StagingProbe.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::probe;
using namespace tokenscope::probe::testing;
using tokenscope::issuer::IssuerConfig;
using tokenscope::issuer::testing::IssuerFixture;

namespace {

// The probe's pause before the late replay becomes a move of the mock issuer's clock, so no test sleeps.
void advanceIssuerClockOnPause(StagingProbe &probe, IssuerFixture &fixture)
{
    probe.setPauseHandler([&probe, &fixture](qint64 seconds, std::function<void()> resume) {
        if (const Result<void> moved = fixture.issuer.advanceClock(seconds); !moved)
            qWarning("the mock issuer's clock did not move: %s", qPrintable(moved.error().message()));
        QTimer::singleShot(0, &probe, resume);
    });
}

QString value(const ProbeReport &report, const char16_t *id)
{
    const ProbeFinding *finding = report.finding(QStringView(id));
    return finding ? finding->value : u"(missing)"_s;
}

policy::IssuerPolicy presetPolicy(const QString &name)
{
    return *policy::IssuerPresets::byName(name);
}

ProbeOptions demoOptions(const QUrl &issuerUrl)
{
    ProbeOptions options;
    options.issuerUrl = issuerUrl;
    options.clientId = u"demo"_s;
    options.clientSecret = "demo-secret";
    options.username = u"alice"_s;
    options.password = "alice";
    options.pauseSeconds = 120;
    options.timeoutMs = 5000;
    return options;
}

// A loopback server that answers every request with `status`, `contentType` and `body`.
class CannedServer
{
public:
    CannedServer(QHttpServerResponder::StatusCode status, const QByteArray &contentType, const QByteArray &body)
    {
        m_server.route(u"/.well-known/openid-configuration"_s,
                       [=] { return QHttpServerResponse(contentType, body, status); });
        port = m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(port)); }
    quint16 port = 0;

private:
    QHttpServer m_server;
};

} // namespace

Q_DECLARE_METATYPE(tokenscope::policy::IssuerPolicy)

class TestStagingProbe : public QObject
{
    Q_OBJECT

private slots:
    void classifiesIssuerPolicy_data();
    void classifiesIssuerPolicy();
    void reportNeverHoldsTokensOrSecrets();
    void startsFromAGivenRefreshToken();
    void clientCredentialsProbesOnlyKeysAndRevocation();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void reportsConnectionRefused();
    void reportsBadDiscovery_data();
    void reportsBadDiscovery();
    void reportsRefusedCredentials();
    void refusesARedirectToAnotherScheme();
    void cancelStopsTheRun();
    void reportsEachIssuerFault_data();
    void reportsEachIssuerFault();
};

void TestStagingProbe::classifiesIssuerPolicy_data()
{
    QTest::addColumn<policy::IssuerPolicy>("policy");
    QTest::addColumn<QString>("rotation");
    QTest::addColumn<QString>("reuse");
    QTest::addColumn<QString>("grace");
    QTest::addColumn<QString>("preset"); // empty: not checked

    auto custom
        = [](policy::RotationMode rotation, policy::ReuseHandling reuse, policy::GraceMode grace, qint64 graceSeconds) {
              policy::IssuerPolicy policy = presetPolicy(u"auth0"_s);
              policy.presetName.clear();
              policy.rotation = rotation;
              policy.reuse = reuse;
              policy.grace = grace;
              policy.graceSeconds = graceSeconds;
              return policy;
          };
    using policy::GraceMode;
    using policy::ReuseHandling;
    using policy::RotationMode;
    QTest::newRow("rotation never") << custom(RotationMode::Never, ReuseHandling::RevokeFamily, GraceMode::None, 0)
                                    << u"never"_s << u"not_applicable"_s << u"(missing)"_s << QString();
    QTest::newRow("rotation always, reuse revokes family")
        << custom(RotationMode::Always, ReuseHandling::RevokeFamily, GraceMode::None, 0) << u"always"_s
        << u"revoke_family"_s << u"none"_s << u"auth0"_s;
    QTest::newRow("reuse rejected") << custom(RotationMode::Always, ReuseHandling::RejectReplay, GraceMode::None, 0)
                                    << u"always"_s << u"reject_replay"_s << u"none"_s << QString();
    QTest::newRow("reuse accepted") << custom(RotationMode::Always, ReuseHandling::Accept, GraceMode::None, 0)
                                    << u"always"_s << u"accept"_s << u"none"_s << QString();
    QTest::newRow("grace new token") << custom(RotationMode::Always, ReuseHandling::RevokeFamily, GraceMode::NewToken,
                                               30)
                                     << u"always"_s << u"revoke_family"_s << u"new_token"_s << QString();
    QTest::newRow("grace same token") << custom(RotationMode::Always, ReuseHandling::RejectReplay, GraceMode::SameToken,
                                                10)
                                      << u"always"_s << u"reject_replay"_s << u"same_token"_s << QString();
    for (const char16_t *name : {u"auth0", u"okta", u"cognito", u"keycloak", u"dex", u"15m-7d", u"node-oidc-provider",
                                 u"node-oidc-provider-public"}) {
        const policy::IssuerPolicy policy = presetPolicy(QString::fromUtf16(name));
        const bool rotates = policy.rotation == RotationMode::Always;
        const bool accept = policy.reuse == ReuseHandling::Accept;
        QTest::addRow("preset %s", qPrintable(QString::fromUtf16(name)))
            << policy << (rotates ? u"always"_s : u"never"_s)
            << (rotates ? policy::PolicyNames::reuse(policy.reuse) : u"not_applicable"_s)
            << (rotates ? (accept ? u"none"_s : policy::PolicyNames::grace(policy.grace)) : u"(missing)"_s)
            << QString::fromUtf16(name);
    }
}

void TestStagingProbe::classifiesIssuerPolicy()
{
    QFETCH(policy::IssuerPolicy, policy);
    QFETCH(QString, rotation);
    QFETCH(QString, reuse);
    QFETCH(QString, grace);
    QFETCH(QString, preset);

    IssuerConfig config = IssuerConfig::demo();
    config.policy = policy;
    IssuerFixture fixture(config);
    QVERIFY2(fixture.started, qPrintable(fixture.error));

    StagingProbe probe(fixture.http.network());
    qint64 paused = 0;
    probe.setPauseHandler([&](qint64 seconds, std::function<void()> resume) {
        paused = seconds;
        QVERIFY(fixture.issuer.advanceClock(seconds));
        QTimer::singleShot(0, &probe, resume);
    });
    const ProbeReport report = runProbe(probe, demoOptions(fixture.issuer.issuerUrl()));

    QVERIFY2(!report.error, qPrintable(report.error.message));
    QCOMPARE(value(report, u"discovery"), u"ok"_s);
    QCOMPARE(value(report, u"jwks"), u"ok"_s);
    QCOMPARE(value(report, u"tokens"), u"issued"_s);
    QCOMPARE(value(report, u"rotation"), rotation);
    QCOMPARE(value(report, u"reuse"), reuse);
    QCOMPARE(value(report, u"grace"), grace);
    QCOMPARE(value(report, u"revocation"), u"revokes"_s);
    QVERIFY(report.finding(u"introspection"));
    QCOMPARE(value(report, u"expires_in"), u"matches"_s);
    QCOMPARE(value(report, u"signature"), u"ok"_s);
    QVERIFY(!report.finding(u"clock")); // the mock issuer's Date header is its own clock
    QCOMPARE(*report.observed.accessTokenLifetime, policy.accessTokenTtl);
    if (grace == u"new_token" || grace == u"same_token" || reuse == u"accept")
        QCOMPARE(paused, qint64(120));
    if (!preset.isEmpty())
        QCOMPARE(report.closestPreset(), preset);

    // Every finding's evidence points at a request that was sent and answered.
    for (const ProbeFinding &finding : report.findings) {
        for (int index : finding.evidence) {
            QVERIFY(index >= 0 && index < report.requests.size());
            QVERIFY(report.requests.at(index).status > 0);
        }
    }
}

void TestStagingProbe::reportNeverHoldsTokensOrSecrets()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    QList<QByteArray> secrets = {"demo-secret"};
    QObject::connect(&fixture.issuer, &issuer::MockIssuer::tokensIssued, [&](const issuer::IssuedTokens &tokens) {
        for (const QByteArray &token : {tokens.accessToken, tokens.refreshToken, tokens.idToken}) {
            if (!token.isEmpty())
                secrets.append(token);
        }
    });
    StagingProbe probe(fixture.http.network());
    advanceIssuerClockOnPause(probe, fixture);
    const ProbeReport report = runProbe(probe, demoOptions(fixture.issuer.issuerUrl()));
    QVERIFY2(!report.error, qPrintable(report.error.message));
    QVERIFY(secrets.size() > 4);
    const QByteArray json = ProbeReportWriter::toJson(report);
    const QByteArray markdown = ProbeReportWriter::toMarkdown(report).toUtf8();
    QVERIFY(QJsonDocument::fromJson(json).isObject());
    QCOMPARE(QJsonDocument::fromJson(json).object().value(u"closest_preset"_s).toString(), report.closestPreset());
    for (const QByteArray &secret : std::as_const(secrets)) {
        QVERIFY(!json.contains(secret));
        QVERIFY(!markdown.contains(secret));
    }
    QVERIFY(markdown.contains("| Finding |"));
    QVERIFY(!probe.lastAccessToken().isEmpty()); // kept for "open in Inspect", outside the report
    probe.clearTokens();
    QVERIFY(probe.lastAccessToken().isEmpty());
}

void TestStagingProbe::startsFromAGivenRefreshToken()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    const QString refreshToken = fixture.login().string("refresh_token");
    QVERIFY(!refreshToken.isEmpty());

    StagingProbe probe(fixture.http.network());
    ProbeOptions options = demoOptions(fixture.issuer.issuerUrl());
    options.username.clear();
    options.password.clear();
    options.refreshToken = refreshToken.toUtf8();
    const ProbeReport report = runProbe(probe, options);
    QVERIFY2(!report.error, qPrintable(report.error.message));
    QCOMPARE(report.flow, u"refresh_token"_s);
    QCOMPARE(value(report, u"tokens"), u"given_refresh_token"_s);
    QCOMPARE(value(report, u"rotation"), u"always"_s); // the demo set-up rotates and revokes the family on reuse
    QCOMPARE(value(report, u"reuse"), u"revoke_family"_s);
}

void TestStagingProbe::clientCredentialsProbesOnlyKeysAndRevocation()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    StagingProbe probe(fixture.http.network());
    ProbeOptions options = demoOptions(fixture.issuer.issuerUrl());
    options.username.clear();
    options.password.clear();
    options.scope.clear();
    const ProbeReport report = runProbe(probe, options);
    QVERIFY2(!report.error, qPrintable(report.error.message));
    QCOMPARE(value(report, u"tokens"), u"no_refresh_token"_s);
    QCOMPARE(value(report, u"rotation"), u"(missing)"_s);
    QCOMPARE(value(report, u"revocation"), u"accepted"_s);
}

void TestStagingProbe::rejectsBadInput_data()
{
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QString>("clientId");
    QTest::newRow("not a URL") << u"not a url"_s << u"demo"_s;
    QTest::newRow("relative") << u"/issuer"_s << u"demo"_s;
    QTest::newRow("ftp") << u"ftp://127.0.0.1/"_s << u"demo"_s;
    QTest::newRow("plain http to a remote host") << u"http://issuer.example/"_s << u"demo"_s;
    QTest::newRow("no client id") << u"http://127.0.0.1:1/"_s << QString();
}

void TestStagingProbe::rejectsBadInput()
{
    QFETCH(QString, issuer);
    QFETCH(QString, clientId);
    QNetworkAccessManager network;
    StagingProbe probe(&network);
    ProbeOptions options;
    options.issuerUrl = QUrl(issuer);
    options.clientId = clientId;
    const ProbeReport report = runProbe(probe, options);
    QCOMPARE(report.error.kind, ProbeError::Kind::InvalidInput);
    QCOMPARE(report.error.code, u"invalid_input"_s);
    QVERIFY(!report.error.message.isEmpty());
    QVERIFY(report.requests.isEmpty());
}

void TestStagingProbe::reportsConnectionRefused()
{
    quint16 port = 0;
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        port = server.serverPort();
    }
    QNetworkAccessManager network;
    StagingProbe probe(&network);
    const ProbeReport report = runProbe(probe, demoOptions(QUrl(u"http://127.0.0.1:%1/"_s.arg(port))));
    QCOMPARE(report.error.kind, ProbeError::Kind::Network);
    QCOMPARE(report.requests.size(), 1);
    QCOMPARE(report.requests.first().error, u"connection_refused"_s);
    QVERIFY(report.error.message.contains(u"127.0.0.1"_s));
}

void TestStagingProbe::reportsBadDiscovery_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("code");
    QTest::newRow("HTML instead of JSON")
        << 200 << QByteArray("<html>login</html>") << int(ProbeError::Kind::BadDiscovery) << u"bad_discovery"_s;
    QTest::newRow("JSON array") << 200 << QByteArray("[1,2]") << int(ProbeError::Kind::BadDiscovery)
                                << u"bad_discovery"_s;
    QTest::newRow("no token endpoint") << 200 << QByteArray(R"({"issuer":"x","jwks_uri":"http://127.0.0.1:1/k"})")
                                       << int(ProbeError::Kind::BadDiscovery) << u"bad_discovery"_s;
    QTest::newRow("HTTP 500") << 500 << QByteArray(R"({"error":"server_error"})") << int(ProbeError::Kind::HttpStatus)
                              << u"http_status"_s;
    QTest::newRow("HTTP 404") << 404 << QByteArray("not found") << int(ProbeError::Kind::HttpStatus)
                              << u"http_status"_s;
    QTest::newRow("larger than the cap") << 200 << QByteArray(2 * 1024 * 1024, ' ') << int(ProbeError::Kind::Network)
                                         << u"network"_s;
}

void TestStagingProbe::reportsBadDiscovery()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, kind);
    QFETCH(QString, code);
    CannedServer server(QHttpServerResponder::StatusCode(status), "application/json", body);
    QVERIFY(server.port != 0);
    QNetworkAccessManager network;
    StagingProbe probe(&network);
    const ProbeReport report = runProbe(probe, demoOptions(server.url()));
    QCOMPARE(int(report.error.kind), kind);
    QCOMPARE(report.error.code, code);
    QVERIFY(report.error.message.contains(u"/.well-known/openid-configuration"_s));
    QCOMPARE(report.requests.size(), 1);
    QCOMPARE(report.requests.first().step, u"discovery"_s);
}

void TestStagingProbe::refusesARedirectToAnotherScheme()
{
    // README "Fetching keys": no redirects to a different scheme.
    QHttpServer server;
    server.route(u"/.well-known/openid-configuration"_s, [] {
        QHttpServerResponse response(QHttpServerResponder::StatusCode::Found);
        response.setHeader("Location", "https://127.0.0.1:1/.well-known/openid-configuration");
        return response;
    });
    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);
    QNetworkAccessManager network;
    StagingProbe probe(&network);
    const ProbeReport report = runProbe(probe, demoOptions(QUrl(u"http://127.0.0.1:%1"_s.arg(port))));
    QCOMPARE(report.error.kind, ProbeError::Kind::Network);
    QCOMPARE(report.requests.size(), 1);
    QCOMPARE(report.requests.first().error, u"redirect_refused"_s);
    QVERIFY(report.error.message.contains(u"https://127.0.0.1:1"_s));
}

void TestStagingProbe::reportsRefusedCredentials()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    StagingProbe probe(fixture.http.network());
    ProbeOptions options = demoOptions(fixture.issuer.issuerUrl());
    options.clientSecret = "wrong-secret";
    const ProbeReport report = runProbe(probe, options);
    QCOMPARE(report.error.kind, ProbeError::Kind::TokensRefused);
    QCOMPARE(report.requests.last().error, u"invalid_client"_s);
    QCOMPARE(report.requests.last().grantType, u"password"_s);
    QVERIFY(!ProbeReportWriter::toJson(report).contains("wrong-secret"));
}

void TestStagingProbe::cancelStopsTheRun()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    StagingProbe probe(fixture.http.network());
    // Never resumes: the run waits in the pause until cancelled.
    bool paused = false;
    probe.setPauseHandler([&](qint64, std::function<void()>) { paused = true; });
    bool done = false;
    ProbeReport report;
    QObject::connect(&probe, &StagingProbe::finished, &probe, [&](const ProbeReport &finished) {
        report = finished;
        done = true;
    });
    probe.start(demoOptions(fixture.issuer.issuerUrl()));
    // The demo set-up has no grace, so it would not pause: cancel as soon as the first finding arrives instead.
    QVERIFY(QTest::qWaitFor([&] { return !report.findings.isEmpty() || !probe.report().findings.isEmpty(); }, 10000));
    probe.cancel();
    QVERIFY(done);
    QCOMPARE(report.error.kind, ProbeError::Kind::Cancelled);
    QVERIFY(!probe.isRunning());
    QTest::qWait(50); // a late reply must not restart anything
    QVERIFY(!probe.isRunning());
}

// The mock issuer's runtime faults (docs/issuer.md "Faults"), switched on through its admin API: the probe names
// each one in a finding, in words.
void TestStagingProbe::reportsEachIssuerFault_data()
{
    QTest::addColumn<QByteArray>("faults");
    QTest::addColumn<QString>("findingId");
    QTest::addColumn<QString>("findingValue");
    QTest::addColumn<QString>("words");
    QTest::newRow("jwks server_error") << QByteArray(R"({"jwks":"server_error"})") << u"jwks"_s << u"unavailable"_s
                                       << u"HTTP 500"_s;
    QTest::newRow("jwks stale") << QByteArray(R"({"jwks":"stale"})") << u"signature"_s << u"unknown_kid"_s
                                << u"which the JWKS does not publish"_s;
    QTest::newRow("unpublished kid") << QByteArray(R"({"token_unknown_kid":true})") << u"signature"_s
                                     << u"unknown_kid"_s << u"unpublished-"_s;
    QTest::newRow("iat ahead") << QByteArray(R"({"token_clock_skew":600})") << u"clock"_s << u"iat_ahead"_s
                               << u"600 s ahead of the issuer's clock"_s;
    QTest::newRow("iat behind") << QByteArray(R"({"token_clock_skew":-3600})") << u"clock"_s << u"iat_behind"_s
                                << u"3600 s behind"_s;
    QTest::newRow("issuer trailing slash") << QByteArray(R"({"issuer_trailing_slash":true})") << u"issuer"_s
                                           << u"iss_mismatch"_s << u"differs from discovery's issuer"_s;
}

void TestStagingProbe::reportsEachIssuerFault()
{
    QFETCH(QByteArray, faults);
    QFETCH(QString, findingId);
    QFETCH(QString, findingValue);
    QFETCH(QString, words);
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    QCOMPARE(fixture.admin(u"faults"_s, {{u"faults"_s, QString::fromUtf8(faults)}}).status, 200);

    StagingProbe probe(fixture.http.network());
    advanceIssuerClockOnPause(probe, fixture);
    const ProbeReport report = runProbe(probe, demoOptions(fixture.issuer.issuerUrl()));
    const ProbeFinding *finding = report.finding(findingId);
    QVERIFY2(finding, qPrintable(findingId));
    QCOMPARE(finding->value, findingValue);
    QVERIFY2(finding->summary.contains(words), qPrintable(finding->summary));
}

QTEST_GUILESS_MAIN(TestStagingProbe)
#include "tst_stagingprobe.moc"
