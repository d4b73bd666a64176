// The mock issuer's runtime faults (docs/issuer.md "Faults"): each one switched on through POST /admin/faults and
// seen from a client over HTTP, named in the request log, and cleared again; bad fault settings name the field.
#include "IssuerTestSupport.h"
#include "crypto/KeyParser.h"
#include "jose/CompactToken.h"
#include "verify/TokenVerifier.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::issuer;
using namespace tokenscope::issuer::testing;

namespace {

QJsonObject decodedPart(const QString &token, int part)
{
    const QByteArray segment = token.toLatin1().split('.').value(part);
    return QJsonDocument::fromJson(QByteArray::fromBase64(segment, QByteArray::Base64UrlEncoding)).object();
}

QStringList publishedKids(IssuerFixture &fixture)
{
    QStringList kids;
    for (const QJsonValue &key : fixture.http.get(fixture.url(QStringLiteral("/jwks"))).json().value(u"keys").toArray())
        kids << key.toObject().value(u"kid").toString();
    return kids;
}

} // namespace

class TestIssuerFaults : public QObject
{
    Q_OBJECT

private:
    // Switches faults through the admin API, as `tokenscope-cli issuer faults --set` does.
    static HttpResult setFaults(IssuerFixture &fixture, const QByteArray &json)
    {
        return fixture.admin(QStringLiteral("faults"), {{QStringLiteral("faults"), QString::fromUtf8(json)}});
    }

private slots:
    void badSettingsNameTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::newRow("unknown jwks mode") << QByteArray(R"({"jwks":"slow"})") << QStringLiteral("jwks:");
        QTest::newRow("percent above 100")
            << QByteArray(R"({"token_error_percent":101})") << QStringLiteral("token_error_percent:");
        QTest::newRow("negative delay") << QByteArray(R"({"jwks_delay_ms":-1})") << QStringLiteral("jwks_delay_ms:");
        QTest::newRow("delay past the bound")
            << QByteArray(R"({"token_delay_ms":10001})") << QStringLiteral("token_delay_ms:");
        QTest::newRow("skew past a day") << QByteArray(R"({"token_clock_skew":86401})")
                                         << QStringLiteral("token_clock_skew:");
        QTest::newRow("not a bool") << QByteArray(R"({"token_unknown_kid":"yes"})")
                                    << QStringLiteral("token_unknown_kid:");
        QTest::newRow("typo") << QByteArray(R"({"drop_refresh_responses":true})")
                              << QStringLiteral("drop_refresh_responses");
        QTest::newRow("not an object") << QByteArray("[]") << QStringLiteral("faults:1:1");
        QTest::newRow("not JSON") << QByteArray("{") << QStringLiteral("not valid JSON");
    }

    void badSettingsNameTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        const IssuerFaultsResult parsed = IssuerConfigReader::parseFaults(json, QStringLiteral("faults"));
        QVERIFY(!parsed);
        QVERIFY2(parsed.error.contains(field), qPrintable(parsed.error));

        // The same member inside a config file is refused with its path.
        const IssuerConfigResult config
            = IssuerConfigReader::parse("{\"faults\": " + json + "}", QStringLiteral("issuer.json"));
        QVERIFY(!config);
        QVERIFY2(config.error.startsWith(u"issuer.json:1:"), qPrintable(config.error));

        // And over HTTP: 400, nothing switched on.
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult answer = setFaults(fixture, json);
        QCOMPARE(answer.status, 400);
        QVERIFY2(answer.string("error_description").contains(field), answer.body.constData());
        QVERIFY(!fixture.issuer.faults().any());
    }

    void configFileSwitchesFaultsOnAtStart()
    {
        const IssuerConfigResult parsed = IssuerConfigReader::parse(
            R"({"faults": {"jwks": "stale", "token_error_percent": 10, "issuer_trailing_slash": true}})",
            QStringLiteral("issuer.json"));
        QVERIFY2(parsed, qPrintable(parsed.error));
        QCOMPARE(parsed.config->faults.jwks, IssuerFaults::Jwks::Stale);
        QCOMPARE(parsed.config->faults.tokenErrorPercent, 10);
        QVERIFY(parsed.config->faults.issuerTrailingSlash);
        IssuerFixture fixture(*parsed.config);
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QJsonObject shown = fixture.http.get(fixture.url(QStringLiteral("/admin/faults"))).json();
        QCOMPARE(shown.value(u"faults").toObject().value(u"jwks").toString(), QStringLiteral("stale"));
        QCOMPARE(shown.value(u"on").toArray().size(), 3);
    }

    void jwksServerErrorAndStaleSet()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QString signingKid = decodedPart(fixture.login().string("access_token"), 0).value(u"kid").toString();
        QVERIFY(publishedKids(fixture).contains(signingKid));

        QCOMPARE(setFaults(fixture, R"({"jwks":"server_error"})").status, 200);
        QSignalSpy log(&fixture.issuer, &MockIssuer::requestHandled);
        const HttpResult failed = fixture.http.get(fixture.url(QStringLiteral("/jwks")));
        QCOMPARE(failed.status, 500);
        QCOMPARE(failed.error(), QStringLiteral("server_error"));
        // The client learns that the issuer failed; why is for the request log.
        QCOMPARE(failed.string("error_description"), QStringLiteral("the issuer failed; its request log says why"));
        QCOMPARE(log.at(0).at(0).value<IssuerLogEntry>().detail, QStringLiteral("injected fault: jwks=server_error"));
        QCOMPARE(log.size(), 1);
        QCOMPARE(log.at(0).at(0).value<IssuerLogEntry>().fault, QStringLiteral("jwks=server_error"));

        QCOMPARE(setFaults(fixture, R"({"jwks":"stale"})").status, 200);
        QVERIFY(!publishedKids(fixture).contains(signingKid));

        // A verifier holding that set cannot find the key (RFC 7515 §4.1.4 kid).
        QCOMPARE(setFaults(fixture, "{}").status, 200);
        QVERIFY(publishedKids(fixture).contains(signingKid));
        QVERIFY(!fixture.issuer.faults().any());
    }

    void delaysHoldTheAnswer_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("path");
        QTest::newRow("jwks") << QByteArray(R"({"jwks_delay_ms":300})") << QStringLiteral("/jwks");
        QTest::newRow("token") << QByteArray(R"({"token_delay_ms":300})") << QStringLiteral("/token");
    }

    void delaysHoldTheAnswer()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, path);
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        QCOMPARE(setFaults(fixture, json).status, 200);
        QElapsedTimer timer;
        timer.start();
        const HttpResult answer = path == u"/jwks" ? fixture.http.get(fixture.url(path)) : fixture.login();
        // A lower bound only: the delay is at least what was asked for, however busy the machine is.
        QVERIFY2(timer.elapsed() >= 300, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(answer.status, 200);
    }

    void tokenErrorRateIsExactAndEven()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        QCOMPARE(setFaults(fixture, R"({"token_error_percent":25})").status, 200);
        QList<int> statuses;
        for (int i = 0; i < 8; ++i) {
            const HttpResult answer = fixture.login();
            statuses << answer.status;
            if (answer.status == 503) {
                QCOMPARE(answer.error(), QStringLiteral("temporarily_unavailable"));
                QCOMPARE(answer.header("Retry-After"), QByteArray("1"));
            }
        }
        // Request n fails when floor(n * 25 / 100) steps up: the 4th and the 8th.
        QCOMPARE(statuses, (QList<int> {200, 200, 200, 503, 200, 200, 200, 503}));
    }

    void issuedTokensCarrySkewAndUnknownKid()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        QCOMPARE(setFaults(fixture, R"({"token_clock_skew":-600,"token_unknown_kid":true})").status, 200);
        QSignalSpy log(&fixture.issuer, &MockIssuer::requestHandled);
        const HttpResult login = fixture.login();
        QCOMPARE(login.status, 200);
        for (const char *name : {"access_token", "id_token"}) {
            const QString token = login.string(name);
            const QJsonObject payload = decodedPart(token, 1);
            QCOMPARE(payload.value(u"iat").toInteger(), fixture.clock.nowSeconds() - 600);
            QCOMPARE(payload.value(u"nbf").toInteger(), fixture.clock.nowSeconds() - 600);
            const QString kid = decodedPart(token, 0).value(u"kid").toString();
            QVERIFY2(!publishedKids(fixture).contains(kid), qPrintable(kid));
        }
        QCOMPARE(log.at(0).at(0).value<IssuerLogEntry>().fault,
                 QStringLiteral("token_unknown_kid, token_clock_skew=-600"));

        // A verifier with the published keys refuses the token for its kid, fail closed.
        const HttpResult jwks = fixture.http.get(fixture.url(QStringLiteral("/jwks")));
        const KeyParseResult keys = KeyParser::parseJwks(jwks.body, QStringLiteral("JWKS"));
        QVERIFY(!keys.keys.isEmpty());
        VerificationPolicy policy;
        policy.clock = &fixture.clock;
        const VerificationResult verdict
            = TokenVerifier::verify(login.string("access_token").toLatin1(), keys.keys, policy);
        QCOMPARE(verdict.reason, VerificationReason::KeyNotFound);
    }

    void discoveryIssuerGainsATrailingSlash()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QString issuer = fixture.issuer.issuerUrl().toString();
        QCOMPARE(setFaults(fixture, R"({"issuer_trailing_slash":true})").status, 200);
        const HttpResult discovery = fixture.http.get(fixture.url(QStringLiteral("/.well-known/openid-configuration")));
        QCOMPARE(discovery.string("issuer"), issuer + u'/');
        QCOMPARE(decodedPart(fixture.login().string("access_token"), 1).value(u"iss").toString(), issuer);
    }

    // The lost-response case: the rotation is committed, the client never hears of it, and its retry with the token
    // it still holds is reuse under the demo policy (rotation, revoke the family, no grace).
    void droppedRefreshAnswerTurnsTheRetryIntoReuse()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult login = fixture.login();
        QCOMPARE(login.status, 200);
        QCOMPARE(setFaults(fixture, R"({"drop_refresh_response":true})").status, 200);
        QSignalSpy log(&fixture.issuer, &MockIssuer::requestHandled);
        // A raw connection: an HTTP library may resend a request whose connection closed unanswered, which would
        // present the rotated token a second time by itself.
        RawHttpConnection connection(fixture.issuer.issuerUrl().port());
        QVERIFY(connection.waitConnected());
        const QByteArray body = form({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                      {QStringLiteral("refresh_token"), login.string("refresh_token")}});
        connection.write("POST /token HTTP/1.1\r\nHost: " + fixture.issuer.issuerUrl().authority().toLatin1()
                         + "\r\nAuthorization: " + basic(QStringLiteral("demo"), QStringLiteral("demo-secret"))
                         + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                         + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        const RawResponse lost = connection.readResponse(0, 3000);
        QCOMPARE(lost.status, 0); // no HTTP answer at all
        QVERIFY(lost.closedByServer || !connection.isConnected());
        QCOMPARE(log.size(), 1);
        QCOMPARE(log.at(0).at(0).value<IssuerLogEntry>().status, 200);
        QCOMPARE(log.at(0).at(0).value<IssuerLogEntry>().fault, QStringLiteral("drop_refresh_response"));

        QCOMPARE(setFaults(fixture, "{}").status, 200);
        const HttpResult retry = fixture.refresh(login.string("refresh_token"));
        QCOMPARE(retry.error(), QStringLiteral("invalid_grant"));
        QVERIFY2(retry.string("error_description").endsWith(u"reuse_detected"), retry.body.constData());
        // Other requests on the issuer were never dropped.
        QCOMPARE(fixture.login().status, 200);
    }
};

QTEST_GUILESS_MAIN(TestIssuerFaults)
#include "tst_issuerfaults.moc"
