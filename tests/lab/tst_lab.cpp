// The live lab end to end on a real redis-server and HAProxy: the RFC 6750 answers, revocation reaching the
// blocklist, a store outage answering 503 within the timeout, per-server sessions under round robin and sticky
// routing, and the control endpoint's Host check. Every lab is stopped and its processes are checked gone by PID.
#include "../issuer/IssuerTestSupport.h"
#include "LabTestSupport.h"
#include "issuer/MockIssuer.h"
#include "lab/Lab.h"
#include "lab/LabOutages.h"
#include "lab/RevocationFeed.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::lab;
using tokenscope::issuer::testing::basic;
using tokenscope::issuer::testing::form;
using tokenscope::issuer::testing::HttpClient;
using tokenscope::issuer::testing::HttpResult;

namespace {

QUrl at(const QUrl &base, const QString &path)
{
    QUrl url = base;
    url.setPath(path);
    return url;
}

// A running lab that checks, when it goes, that every process it started is gone.
class LabFixture
{
public:
    explicit LabFixture(const LabOptions &options)
    {
        const Result<void> result = lab.start(options);
        started = bool(result);
        error = result.errorMessage();
    }
    ~LabFixture() { stopAndCheck(); }

    bool stopAndCheck()
    {
        const qint64 redisPid = lab.redisPid();
        const qint64 balancerPid = lab.balancerPid();
        lab.stop();
        return (redisPid == 0 || testing::processGone(redisPid))
            && (balancerPid == 0 || testing::processGone(balancerPid));
    }

    // The demo user's tokens from the lab's mock issuer.
    QJsonObject login()
    {
        const HttpResult reply = http.post(
            at(lab.issuerUrl(), QStringLiteral("/token")),
            form({{QStringLiteral("grant_type"), QStringLiteral("password")},
                  {QStringLiteral("username"), QStringLiteral("alice")},
                  {QStringLiteral("password"), QStringLiteral("alice")},
                  {QStringLiteral("scope"), QStringLiteral("openid offline_access")}}),
            {{QByteArrayLiteral("Authorization"), basic(QStringLiteral("demo"), QStringLiteral("demo-secret"))}});
        return reply.json();
    }

    // Session mode: POST /login through the balancer; the cookie jar keeps the sid (and the balancer's cookie).
    HttpResult sessionLogin()
    {
        return http.post(at(lab.balancerUrl(), QStringLiteral("/login")),
                         form({{QStringLiteral("username"), QStringLiteral("alice")},
                               {QStringLiteral("password"), QStringLiteral("alice")}}));
    }

    HttpResult whoami(const QString &accessToken = {})
    {
        QList<std::pair<QByteArray, QByteArray>> headers;
        if (!accessToken.isEmpty())
            headers.append({QByteArrayLiteral("Authorization"), "Bearer " + accessToken.toLatin1()});
        return http.get(at(lab.balancerUrl(), QStringLiteral("/api/whoami")), headers);
    }

    HttpResult control(const QString &action, const QList<std::pair<QString, QString>> &parameters)
    {
        return http.post(at(lab.controlUrl(), QStringLiteral("/lab/") + action), form(parameters));
    }

    Lab lab;
    HttpClient http; // its cookie jar keeps the session and the balancer's cookies
    bool started = false;
    QString error;
};

LabOptions optionsFor(CheckMode mode)
{
    LabOptions options;
    options.mode = mode;
    options.servers = 2;
    options.revocationPollMs = 50;
    return options;
}

} // namespace

class TestLab : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const QString missing = testing::missingPrograms();
        QVERIFY2(missing.isEmpty(), qPrintable(missing));
    }

    void whoamiAnswersSubjectOrRfc6750Challenge_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("stateless") << int(CheckMode::Stateless);
        QTest::newRow("blocklist") << int(CheckMode::Blocklist);
        QTest::newRow("introspection") << int(CheckMode::Introspection);
    }

    void whoamiAnswersSubjectOrRfc6750Challenge()
    {
        QFETCH(int, mode);
        LabFixture fixture(optionsFor(CheckMode(mode)));
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QString accessToken = fixture.login().value(QStringLiteral("access_token")).toString();
        QVERIFY(!accessToken.isEmpty());

        QSet<int> servers;
        for (int i = 0; i < 4; ++i) {
            const HttpResult ok = fixture.whoami(accessToken);
            QCOMPARE(ok.status, 200);
            QCOMPARE(ok.string("sub"), QStringLiteral("alice"));
            servers.insert(ok.json().value(QStringLiteral("server")).toInt());
        }
        QCOMPARE(servers, (QSet<int> {1, 2})); // round robin reaches both

        // RFC 6750 §3.1: no credentials, no error code; a bad token, invalid_token with a description.
        const HttpResult none = fixture.whoami();
        QCOMPARE(none.status, 401);
        QCOMPARE(none.header("WWW-Authenticate"), QByteArray("Bearer realm=\"tokenscope-lab\""));
        const HttpResult bad = fixture.whoami(accessToken.left(accessToken.size() - 4) + QStringLiteral("AAAA"));
        QCOMPARE(bad.status, 401);
        QVERIFY(bad.header("WWW-Authenticate")
                    .startsWith("Bearer realm=\"tokenscope-lab\", error=\"invalid_token\", "
                                "error_description=\""));
        QCOMPARE(bad.error(), QStringLiteral("invalid_token"));

        // Header size limit.
        const HttpResult huge = fixture.http.get(at(fixture.lab.balancerUrl(), QStringLiteral("/api/whoami")),
                                                 {{QByteArrayLiteral("X-Padding"), QByteArray(9000, 'a')}});
        QCOMPARE(huge.status, 431);
        QVERIFY(fixture.stopAndCheck());
    }

    void revocationAtIssuerReachesBlocklist_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("RFC 7009 revocation of the access token (jti)") << "access_token";
        QTest::newRow("RFC 7009 revocation of the refresh token (sid)") << "refresh_token";
        QTest::newRow("admin ban of the user (sid)") << "ban";
    }

    void revocationAtIssuerReachesBlocklist()
    {
        QFETCH(QString, how);
        LabFixture fixture(optionsFor(CheckMode::Blocklist));
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QJsonObject tokens = fixture.login();
        const QString accessToken = tokens.value(QStringLiteral("access_token")).toString();
        QCOMPARE(fixture.whoami(accessToken).status, 200);

        const QByteArray authorization = basic(QStringLiteral("demo"), QStringLiteral("demo-secret"));
        HttpResult revoked;
        if (how == u"ban") {
            revoked = fixture.http.post(at(fixture.lab.issuerUrl(), QStringLiteral("/admin/ban")),
                                        form({{QStringLiteral("username"), QStringLiteral("alice")}}));
        } else {
            revoked = fixture.http.post(at(fixture.lab.issuerUrl(), QStringLiteral("/revoke")),
                                        form({{QStringLiteral("token"), tokens.value(how).toString()}}),
                                        {{QByteArrayLiteral("Authorization"), authorization}});
        }
        QCOMPARE(revoked.status, 200);

        // The feed polls every 50 ms; two completed polls after the revocation are enough.
        QSignalSpy polled(fixture.lab.revocationFeed(), &RevocationFeed::polled);
        QTRY_VERIFY_WITH_TIMEOUT(polled.size() >= 2, 5000);
        for (int i = 0; i < 2; ++i) { // both servers refuse it
            const HttpResult refused = fixture.whoami(accessToken);
            QCOMPARE(refused.status, 401);
            QVERIFY2(refused.string("error_description").contains(QStringLiteral("blocklist")),
                     qPrintable(refused.string("error_description")));
        }
        QVERIFY(fixture.lab.revocationFeed()->entriesWritten() >= 1);
        QVERIFY(fixture.stopAndCheck());
    }

    // A live simulation runs the servers' clock far ahead of Redis's real seconds: a shared session must end when
    // that clock says so, not when the real-second TTL runs out.
    void sharedSessionExpiresByTheServersClock()
    {
        FixedClock clock(QDateTime::currentSecsSinceEpoch());
        LabOptions options = optionsFor(CheckMode::Session);
        options.sessionTtlSeconds = 600;
        options.clock = &clock;
        LabFixture fixture(options);
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        QCOMPARE(fixture.sessionLogin().status, 200);
        clock.advance(599);
        QCOMPARE(fixture.whoami().status, 200);
        clock.advance(1);
        const HttpResult expired = fixture.whoami();
        QCOMPARE(expired.status, 401);
        QVERIFY2(expired.string("error_description").contains(QStringLiteral("the session expired")),
                 qPrintable(expired.string("error_description")));
        // The rulebook's reason, which a live simulation on the lab logs (docs/lab.md).
        QCOMPARE(expired.string("reason"), QStringLiteral("session_expired"));
        QVERIFY(fixture.stopAndCheck());
    }

    void storeOutageAnswers503WithinTimeout_data()
    {
        QTest::addColumn<QString>("losesData");
        QTest::addColumn<int>("statusAfter");
        QTest::newRow("paused (SIGSTOP): the session survives") << "false" << 200;
        QTest::newRow("stopped, restarted empty: everyone is logged out") << "true" << 401;
    }

    void storeOutageAnswers503WithinTimeout()
    {
        QFETCH(QString, losesData);
        QFETCH(int, statusAfter);
        LabOptions options = optionsFor(CheckMode::Session);
        options.storeTimeoutMs = 100;
        LabFixture fixture(options);
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult login = fixture.sessionLogin();
        QCOMPARE(login.status, 200);
        QCOMPARE(fixture.whoami().status, 200);

        const HttpResult outage = fixture.control(QStringLiteral("outage"),
                                                  {{QStringLiteral("store"), QStringLiteral("1")},
                                                   {QStringLiteral("seconds"), QStringLiteral("60")},
                                                   {QStringLiteral("losesData"), losesData}});
        QCOMPARE(outage.status, 200);
        for (int i = 0; i < 4; ++i) {
            QElapsedTimer timer;
            timer.start();
            const HttpResult down = fixture.whoami();
            // 100 ms of store budget, plus the balancer, the lab and a loaded CI machine; a hang would take the
            // balancer's 10 s server timeout.
            QCOMPARE(down.status, 503);
            QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
            QCOMPARE(down.error(), QStringLiteral("temporarily_unavailable"));
        }
        QCOMPARE(fixture.control(QStringLiteral("restore"), {}).status, 200);
        QTest::qWait(150); // past the servers' fail-fast window
        QCOMPARE(fixture.whoami().status, statusAfter);
        QVERIFY(fixture.stopAndCheck());
    }

    void perServerSessionsFollowRouting_data()
    {
        QTest::addColumn<int>("routing");
        QTest::addColumn<bool>("loggedOutOnHop");
        QTest::newRow("round robin: logged out on the hop") << int(Routing::RoundRobin) << true;
        QTest::newRow("sticky: stays logged in") << int(Routing::Sticky) << false;
    }

    void perServerSessionsFollowRouting()
    {
        QFETCH(int, routing);
        QFETCH(bool, loggedOutOnHop);
        LabOptions options = optionsFor(CheckMode::Session);
        options.sessionStore = SessionStoreKind::PerServer;
        options.routing = Routing(routing);
        LabFixture fixture(options);
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        QVERIFY(fixture.lab.redisPid() == 0); // per-server memory: no Redis at all
        const HttpResult login = fixture.sessionLogin();
        QCOMPARE(login.status, 200);
        const int loginServer = login.json().value(QStringLiteral("server")).toInt();
        int loggedOut = 0;
        for (int i = 0; i < 4; ++i) {
            const HttpResult reply = fixture.whoami();
            if (reply.status == 401) {
                ++loggedOut;
                QCOMPARE(reply.error(), QStringLiteral("invalid_token"));
            } else {
                QCOMPARE(reply.status, 200);
                QCOMPARE(reply.json().value(QStringLiteral("server")).toInt(), loginServer);
            }
        }
        if (loggedOutOnHop)
            QCOMPARE(loggedOut, 2); // every other request lands on the server that never saw the login
        else
            QCOMPARE(loggedOut, 0);
        QVERIFY(fixture.stopAndCheck());
    }

    void controlEndpointRefusesOtherHostsAndBadInput_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("DNS rebinding: another Host") << QByteArray("evil.example") << "server=1" << 403;
        QTest::newRow("neither store nor server") << QByteArray() << "seconds=5" << 400;
        QTest::newRow("both store and server") << QByteArray() << "store=1&server=1" << 400;
        QTest::newRow("server out of range") << QByteArray() << "server=9" << 409;
        QTest::newRow("seconds not a number") << QByteArray() << "server=1&seconds=soon" << 400;
        QTest::newRow("losesData not a boolean") << QByteArray() << "server=1&losesData=maybe" << 400;
        QTest::newRow("store outage of a lab without Redis") << QByteArray() << "store=1" << 409;
    }

    void controlEndpointRefusesOtherHostsAndBadInput()
    {
        QFETCH(QByteArray, host);
        QFETCH(QString, body);
        QFETCH(int, status);
        LabOptions options = optionsFor(CheckMode::Stateless);
        options.servers = 1;
        LabFixture fixture(options);
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        QList<std::pair<QByteArray, QByteArray>> headers;
        if (!host.isEmpty())
            headers.append({QByteArrayLiteral("Host"), host});
        const HttpResult reply
            = fixture.http.post(at(fixture.lab.controlUrl(), QStringLiteral("/lab/outage")), body.toUtf8(), headers);
        QCOMPARE(reply.status, status);
        QCOMPARE(fixture.lab.outages()->active().size(), 0);
        QVERIFY(fixture.stopAndCheck());
    }

    void serverOutageSendsTrafficToTheNextServer()
    {
        LabFixture fixture(optionsFor(CheckMode::Stateless));
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QString accessToken = fixture.login().value(QStringLiteral("access_token")).toString();
        QCOMPARE(fixture
                     .control(QStringLiteral("outage"),
                              {{QStringLiteral("server"), QStringLiteral("1")},
                               {QStringLiteral("seconds"), QStringLiteral("60")}})
                     .status,
                 200);
        for (int i = 0; i < 4; ++i) {
            const HttpResult reply = fixture.whoami(accessToken);
            QCOMPARE(reply.status, 200);
            QCOMPARE(reply.json().value(QStringLiteral("server")).toInt(), 2);
        }
        QVERIFY(fixture.stopAndCheck());
    }
};

QTEST_GUILESS_MAIN(TestLab)
#include "tst_lab.moc"
