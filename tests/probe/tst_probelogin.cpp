// The probe's interactive logins against the project's own mock issuer: the browser login (authorization code + PKCE
// over a loopback redirect, RFC 8252) with a scripted "browser" that fetches the real login page, posts its form and
// follows the redirect to the probe's listener; the device login (RFC 8628) approved through the issuer's real
// /device page while the probe polls. Then their failures, and full probe runs that find what the password run finds.
#include "../issuer/IssuerTestSupport.h"
#include "LoginTestSupport.h"
#include "ProbeTestSupport.h"
#include "probe/StagingProbe.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::probe;
using tokenscope::issuer::testing::IssuerFixture;
using namespace tokenscope::probe::testing;

namespace {

// What the scripted browser did, for the assertions.
struct BrowserTrace
{
    int loginPageStatus = 0;
    int callbackStatus = 0;
    QByteArray callbackPage;
};

enum class BrowserScript { SignIn, TamperState, TamperIssuer, Deny, DoNothing };

// The "system browser": the real login page over HTTP, the form posted with alice's password, the redirect followed
// to the probe's loopback listener — each step deferred to the event loop, as a browser runs beside the app.
BrowserLogin::UrlOpener scriptedBrowser(QNetworkAccessManager &network, BrowserTrace &trace, BrowserScript script)
{
    return [&network, &trace, script](const QUrl &url) {
        if (script == BrowserScript::DoNothing)
            return;
        QTimer::singleShot(0, &network, [&network, &trace, script, url] {
            QUrl callback;
            if (script == BrowserScript::Deny) {
                // RFC 6749 §4.1.2.1: the issuer sends the user back with error=access_denied and the same state.
                const QUrlQuery asked(url);
                callback = QUrl(asked.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded));
                callback.setQuery(u"error=access_denied&state="_s + asked.queryItemValue(u"state"_s));
            } else {
                callback = signInOnLoginPage(network, url, &trace.loginPageStatus);
                // A forged state (CSRF, RFC 6749 §10.12), or another issuer's answer (mix-up, RFC 9207).
                const QString replaced = script == BrowserScript::TamperState ? u"state"_s
                    : script == BrowserScript::TamperIssuer                   ? u"iss"_s
                                                                              : QString();
                if (!replaced.isEmpty()) {
                    QUrlQuery query(callback);
                    query.removeAllQueryItems(replaced);
                    query.addQueryItem(replaced, u"https%3A%2F%2Fforged.example"_s);
                    callback.setQuery(query);
                }
            }
            const Exchange answered = exchange(network, callback);
            trace.callbackStatus = answered.status;
            trace.callbackPage = answered.body;
        });
    };
}

ProbeOptions loginOptions(const QUrl &issuerUrl, LoginMethod login)
{
    ProbeOptions options;
    options.issuerUrl = issuerUrl;
    options.clientId = u"demo"_s;
    options.clientSecret = "demo-secret";
    options.login = login;
    if (login == LoginMethod::Password) {
        options.username = u"alice"_s;
        options.password = "alice";
    }
    options.pauseSeconds = 120;
    options.timeoutMs = 5000;
    return options;
}

// Every wait (the probe's pause, the device poll interval) becomes a move of the mock issuer's clock; `before`
// runs before each poll wait ends (the user acting while the device waits).
void moveIssuerClock(StagingProbe &probe, IssuerFixture &fixture, const std::function<void(qint64)> &beforePoll = {})
{
    auto advance = [&probe, &fixture](qint64 seconds, std::function<void()> resume) {
        if (const Result<void> moved = fixture.issuer.advanceClock(seconds); !moved)
            qWarning("the mock issuer's clock did not move: %s", qPrintable(moved.error().message()));
        QTimer::singleShot(0, &probe, std::move(resume));
    };
    probe.setPauseHandler(advance);
    probe.setPollDelay([advance, beforePoll](qint64 seconds, std::function<void()> resume) {
        if (beforePoll)
            beforePoll(seconds);
        advance(seconds, std::move(resume));
    });
}

QString value(const ProbeReport &report, const char16_t *id)
{
    const ProbeFinding *finding = report.finding(QStringView(id));
    return finding ? finding->value : u"(missing)"_s;
}

} // namespace

class TestProbeLogin : public QObject
{
    Q_OBJECT

private slots:
    void pkceChallengeMatchesRfc7636Example();
    void browserLoginFindsWhatThePasswordGrantFinds();
    void browserLoginFailures_data();
    void browserLoginFailures();
    void deviceLoginFindsWhatThePasswordGrantFinds();
    void deviceLoginFailures_data();
    void deviceLoginFailures();
    void interactiveLoginsRefuseGivenCredentials();
    void deviceLoginSlowsDownWhenAsked();
    void listenerAnswersOnlyItsOwnCallback_data();
    void listenerAnswersOnlyItsOwnCallback();
};

void TestProbeLogin::pkceChallengeMatchesRfc7636Example()
{
    // RFC 7636 Appendix B.
    QCOMPARE(BrowserLogin::codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"_ba),
             "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"_ba);
    const QByteArray verifier = BrowserLogin::newCodeVerifier();
    QCOMPARE(verifier.size(), 43);
    QVERIFY(verifier != BrowserLogin::newCodeVerifier());
}

void TestProbeLogin::browserLoginFindsWhatThePasswordGrantFinds()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    QNetworkAccessManager network;
    StagingProbe probe(&network);
    moveIssuerClock(probe, fixture);
    const ProbeReport password = runProbe(probe, loginOptions(fixture.issuer.issuerUrl(), LoginMethod::Password));
    QVERIFY2(!password.error, qPrintable(password.error.message));

    QNetworkAccessManager browserNetwork;
    BrowserTrace trace;
    probe.setUrlOpener(scriptedBrowser(browserNetwork, trace, BrowserScript::SignIn));
    QUrl announced;
    connect(&probe, &StagingProbe::browserLoginStarted, this, [&](const QUrl &url) { announced = url; });
    const ProbeReport browser = runProbe(probe, loginOptions(fixture.issuer.issuerUrl(), LoginMethod::Browser));
    QVERIFY2(!browser.error, qPrintable(browser.error.message));
    QCOMPARE(browser.flow, u"authorization_code"_s);
    QCOMPARE(trace.loginPageStatus, 200);
    QCOMPARE(trace.callbackStatus, 200);
    QVERIFY(trace.callbackPage.contains("You can close this page"));
    const QUrlQuery asked(announced);
    QCOMPARE(asked.queryItemValue(u"code_challenge_method"_s), u"S256"_s);
    QVERIFY(asked.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded).startsWith(u"http://127.0.0.1:"_s));
    QVERIFY(!asked.queryItemValue(u"state"_s).isEmpty());
    QVERIFY(!asked.queryItemValue(u"nonce"_s).isEmpty());
    QCOMPARE(value(browser, u"tokens"), u"issued"_s);
    for (const char16_t *id : {u"rotation", u"reuse", u"grace"})
        QCOMPARE(value(browser, id), value(password, id));
    QCOMPARE(browser.closestPreset(), password.closestPreset());
}

void TestProbeLogin::browserLoginFailures_data()
{
    QTest::addColumn<int>("script");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("callbackStatus");
    QTest::newRow("forged state") << int(BrowserScript::TamperState) << u"state_mismatch"_s << 400;
    QTest::newRow("another issuer") << int(BrowserScript::TamperIssuer) << u"issuer_mismatch"_s << 400;
    QTest::newRow("user denies") << int(BrowserScript::Deny) << u"access_denied"_s << 200;
    QTest::newRow("nobody signs in") << int(BrowserScript::DoNothing) << u"timeout"_s << 0;
}

void TestProbeLogin::browserLoginFailures()
{
    QFETCH(int, script);
    QFETCH(QString, code);
    QFETCH(int, callbackStatus);
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    QNetworkAccessManager network;
    QNetworkAccessManager browserNetwork;
    BrowserTrace trace;
    StagingProbe probe(&network);
    probe.setUrlOpener(scriptedBrowser(browserNetwork, trace, BrowserScript(script)));
    ProbeOptions options = loginOptions(fixture.issuer.issuerUrl(), LoginMethod::Browser);
    options.loginTimeoutMs = 300;
    const ProbeReport report = runProbe(probe, options);
    QCOMPARE(report.error.code, code);
    QCOMPARE(report.error.kind, ProbeError::Kind::TokensRefused);
    QCOMPARE(value(report, u"tokens"), u"(missing)"_s);
    QTRY_COMPARE(trace.callbackStatus, callbackStatus);
}

void TestProbeLogin::deviceLoginFindsWhatThePasswordGrantFinds()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    QNetworkAccessManager network;
    StagingProbe probe(&network);
    moveIssuerClock(probe, fixture);
    const ProbeReport password = runProbe(probe, loginOptions(fixture.issuer.issuerUrl(), LoginMethod::Password));
    QVERIFY2(!password.error, qPrintable(password.error.message));

    // The user approves after the device has been told to wait twice.
    QNetworkAccessManager userNetwork;
    DeviceLoginPrompt prompt;
    int waits = 0;
    connect(&probe, &StagingProbe::deviceLoginPrompted, this, [&](const DeviceLoginPrompt &given) { prompt = given; });
    moveIssuerClock(probe, fixture, [&](qint64) {
        if (++waits == 3)
            approveOnDevicePage(userNetwork, prompt, u"approve"_s);
    });
    const ProbeReport device = runProbe(probe, loginOptions(fixture.issuer.issuerUrl(), LoginMethod::Device));
    QVERIFY2(!device.error, qPrintable(device.error.message));
    QCOMPARE(device.flow, u"device_code"_s);
    QVERIFY(!prompt.userCode.isEmpty());
    QCOMPARE(prompt.verificationUri.path(), u"/device"_s);
    QCOMPARE(waits, 3);
    int pending = 0;
    for (const ProbeRequest &request : device.requests)
        pending += request.error == u"authorization_pending" ? 1 : 0;
    QCOMPARE(pending, 2);
    QCOMPARE(value(device, u"tokens"), u"issued"_s);
    for (const char16_t *id : {u"rotation", u"reuse", u"grace"})
        QCOMPARE(value(device, id), value(password, id));
    QCOMPARE(device.closestPreset(), password.closestPreset());
}

void TestProbeLogin::deviceLoginFailures_data()
{
    QTest::addColumn<QString>("userAction"); // "deny", "expire" (the clock passes the code's life), "none"
    QTest::addColumn<QString>("code");
    QTest::newRow("user denies") << u"deny"_s << u"access_denied"_s;
    QTest::newRow("code expires") << u"expire"_s << u"expired_token"_s;
    QTest::newRow("nobody enters the code") << u"none"_s << u"timeout"_s;
}

void TestProbeLogin::deviceLoginFailures()
{
    QFETCH(QString, userAction);
    QFETCH(QString, code);
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    QNetworkAccessManager network;
    QNetworkAccessManager userNetwork;
    StagingProbe probe(&network);
    DeviceLoginPrompt prompt;
    connect(&probe, &StagingProbe::deviceLoginPrompted, this, [&](const DeviceLoginPrompt &given) { prompt = given; });
    moveIssuerClock(probe, fixture, [&](qint64) {
        if (userAction == u"deny")
            approveOnDevicePage(userNetwork, prompt, u"deny"_s);
        else if (userAction == u"expire") {
            QVERIFY(fixture.issuer.advanceClock(700));
        }
    });
    ProbeOptions options = loginOptions(fixture.issuer.issuerUrl(), LoginMethod::Device);
    options.loginTimeoutMs = 60 * 1000; // twelve polls of the issuer's 5 s, on the issuer's clock
    const ProbeReport report = runProbe(probe, options);
    QCOMPARE(report.error.code, code);
    QCOMPARE(report.error.kind, ProbeError::Kind::TokensRefused);
    QCOMPARE(value(report, u"tokens"), u"(missing)"_s);
}

void TestProbeLogin::interactiveLoginsRefuseGivenCredentials()
{
    QNetworkAccessManager network;
    StagingProbe probe(&network);
    ProbeOptions options = loginOptions(QUrl(u"http://127.0.0.1:1"_s), LoginMethod::Browser);
    options.username = u"alice"_s;
    QCOMPARE(runProbe(probe, options).error.kind, ProbeError::Kind::InvalidInput);
    options = loginOptions(QUrl(u"http://127.0.0.1:1"_s), LoginMethod::Device);
    options.refreshToken = "given";
    QCOMPARE(runProbe(probe, options).error.kind, ProbeError::Kind::InvalidInput);
}

void TestProbeLogin::deviceLoginSlowsDownWhenAsked()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    QNetworkAccessManager network;
    QNetworkAccessManager userNetwork;
    StagingProbe probe(&network);
    DeviceLoginPrompt prompt;
    connect(&probe, &StagingProbe::deviceLoginPrompted, this, [&](const DeviceLoginPrompt &given) { prompt = given; });
    // The second wait is cut to 1 s on the issuer's clock: the poll comes too soon and the issuer answers slow_down
    // (RFC 8628 §3.5), after which the device must wait 5 s longer. The user approves before the third poll.
    QList<qint64> waits;
    probe.setPauseHandler([&](qint64 seconds, std::function<void()> resume) {
        QVERIFY(fixture.issuer.advanceClock(seconds));
        QTimer::singleShot(0, &probe, std::move(resume));
    });
    probe.setPollDelay([&](qint64 seconds, std::function<void()> resume) {
        waits.append(seconds);
        if (waits.size() == 3)
            approveOnDevicePage(userNetwork, prompt, u"approve"_s);
        QVERIFY(fixture.issuer.advanceClock(waits.size() == 2 ? 1 : seconds));
        QTimer::singleShot(0, &probe, std::move(resume));
    });
    const ProbeReport report = runProbe(probe, loginOptions(fixture.issuer.issuerUrl(), LoginMethod::Device));
    QVERIFY2(!report.error, qPrintable(report.error.message));
    QCOMPARE(waits, (QList<qint64> {5, 5, 10}));
    QStringList polls;
    for (const ProbeRequest &request : report.requests) {
        if (request.grantType == u"urn:ietf:params:oauth:grant-type:device_code")
            polls.append(request.error.isEmpty() ? QString::number(request.status) : request.error);
    }
    QCOMPARE(polls, (QStringList {u"authorization_pending"_s, u"slow_down"_s, u"200"_s}));
}

void TestProbeLogin::listenerAnswersOnlyItsOwnCallback_data()
{
    QTest::addColumn<QByteArray>("host"); // empty: the listener's own 127.0.0.1:PORT
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("another host name (DNS rebinding)") << "attacker.example"_ba << u"/callback"_s << 400;
    QTest::newRow("localhost instead of the IP literal") << "localhost"_ba << u"/callback"_s << 400;
    QTest::newRow("another path") << QByteArray() << u"/favicon.ico"_s << 404;
}

void TestProbeLogin::listenerAnswersOnlyItsOwnCallback()
{
    QFETCH(QByteArray, host);
    QFETCH(QString, path);
    QFETCH(int, status);
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    // A stray request first, then the real sign-in: the stray one is refused and the login still succeeds.
    QNetworkAccessManager browser;
    int strayStatus = 0;
    BrowserLogin login;
    login.setUrlOpener([&](const QUrl &url) {
        QTimer::singleShot(0, &browser, [&, url] {
            QUrl stray(QUrlQuery(url).queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded));
            stray.setPath(path);
            stray.setQuery(u"code=stolen&state=guess"_s);
            QNetworkRequest request(stray);
            if (!host.isEmpty())
                request.setRawHeader("Host", host + ':' + QByteArray::number(stray.port()));
            QNetworkReply *reply = browser.get(request);
            QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 5000));
            strayStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
            exchange(browser, signInOnLoginPage(browser, url, nullptr));
        });
    });
    QSignalSpy succeeded(&login, &BrowserLogin::succeeded);
    QSignalSpy failed(&login, &BrowserLogin::failed);
    BrowserLogin::Options options;
    options.authorizationEndpoint = fixture.url(u"/authorize"_s);
    options.issuer = fixture.issuer.issuerUrl().toString();
    options.clientId = u"demo-public"_s;
    options.scope = u"openid offline_access"_s;
    login.start(options);
    QVERIFY(succeeded.wait(10000) || !succeeded.isEmpty());
    QCOMPARE(failed.size(), 0);
    QCOMPARE(strayStatus, status);
    const auto result = succeeded.first().first().value<BrowserLoginResult>();
    QVERIFY(!result.code.isEmpty());
    QVERIFY(result.code != "stolen");
    QCOMPARE(result.codeVerifier.size(), 43);
    QVERIFY(!login.isRunning());
}

QTEST_GUILESS_MAIN(TestProbeLogin)
#include "tst_probelogin.moc"
