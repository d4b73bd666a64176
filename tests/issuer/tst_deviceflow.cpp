// RFC 8628 device authorization at the mock issuer: the device's request, the user's /device page (codes typed
// loosely, wrong passwords, refusals), and the device's polling answers (authorization_pending, slow_down,
// access_denied, expired_token, then tokens once and only once).
#include "IssuerTestSupport.h"

#include <QJsonArray>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::issuer;
using namespace tokenscope::issuer::testing;

namespace {

const QString deviceGrant = QStringLiteral("urn:ietf:params:oauth:grant-type:device_code");

} // namespace

class TestDeviceFlow : public QObject
{
    Q_OBJECT

private:
    // The device: a public client, as a TV or a CLI would be.
    static HttpResult start(IssuerFixture &fixture)
    {
        return fixture.http.post(fixture.url(QStringLiteral("/device_authorization")),
                                 form({{QStringLiteral("client_id"), QStringLiteral("demo-public")},
                                       {QStringLiteral("scope"), QStringLiteral("openid offline_access")}}));
    }
    static HttpResult poll(IssuerFixture &fixture, const QString &deviceCode,
                           const QString &clientId = QStringLiteral("demo-public"))
    {
        return fixture.token({{QStringLiteral("grant_type"), deviceGrant}, {QStringLiteral("device_code"), deviceCode}},
                             clientId, QString());
    }
    // The user, on the issuer's page.
    static HttpResult signIn(IssuerFixture &fixture, const QString &userCode, const QString &password,
                             const QString &action = QStringLiteral("approve"))
    {
        return fixture.http.post(fixture.url(QStringLiteral("/device")),
                                 form({{QStringLiteral("user_code"), userCode},
                                       {QStringLiteral("username"), QStringLiteral("alice")},
                                       {QStringLiteral("password"), password},
                                       {QStringLiteral("action"), action}}));
    }

private slots:
    void deviceIsSignedInThroughThePage()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QJsonObject discovery
            = fixture.http.get(fixture.url(QStringLiteral("/.well-known/openid-configuration"))).json();
        QCOMPARE(discovery.value(u"device_authorization_endpoint").toString(),
                 fixture.issuer.issuerUrl().toString() + QStringLiteral("/device_authorization"));
        QVERIFY(discovery.value(u"grant_types_supported").toArray().contains(deviceGrant));

        const HttpResult started = start(fixture);
        QCOMPARE(started.status, 200);
        const QString deviceCode = started.string("device_code");
        const QString userCode = started.string("user_code");
        QVERIFY(QRegularExpression(QStringLiteral("^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$"))
                    .match(userCode)
                    .hasMatch());
        QCOMPARE(started.json().value(u"interval").toInt(), 5);
        QCOMPARE(started.json().value(u"expires_in").toInt(), 600);
        QVERIFY(started.string("verification_uri_complete").endsWith(QStringLiteral("?user_code=") + userCode));

        QCOMPARE(poll(fixture, deviceCode).error(), QStringLiteral("authorization_pending"));
        // Polled again within the interval (the clock has not moved): slow down, by 5 s more (RFC 8628 §3.5).
        const HttpResult tooSoon = poll(fixture, deviceCode);
        QCOMPARE(tooSoon.error(), QStringLiteral("slow_down"));
        fixture.clock.advance(10);
        QCOMPARE(poll(fixture, deviceCode).error(), QStringLiteral("authorization_pending"));

        QUrl pageUrl = fixture.url(QStringLiteral("/device"));
        pageUrl.setQuery(QStringLiteral("user_code=") + userCode);
        const HttpResult page = fixture.http.get(pageUrl);
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains(userCode.toUtf8()));
        QCOMPARE(signIn(fixture, userCode, QStringLiteral("wrong")).status, 401);
        fixture.clock.advance(10);
        QCOMPARE(poll(fixture, deviceCode).error(), QStringLiteral("authorization_pending"));
        // Typed loosely: lower case, no dash.
        const HttpResult approved = signIn(fixture, userCode.toLower().remove(u'-'), QStringLiteral("alice"));
        QCOMPARE(approved.status, 200);

        fixture.clock.advance(10);
        const HttpResult tokens = poll(fixture, deviceCode);
        QCOMPARE(tokens.status, 200);
        QVERIFY(!tokens.string("access_token").isEmpty());
        QVERIFY(!tokens.string("refresh_token").isEmpty());
        QVERIFY(!tokens.string("id_token").isEmpty());
        QCOMPARE(fixture.refresh(tokens.string("refresh_token"), QStringLiteral("demo-public"), QString()).status, 200);
        // Once only.
        fixture.clock.advance(10);
        QCOMPARE(poll(fixture, deviceCode).error(), QStringLiteral("invalid_grant"));
    }

    void endsWithoutTokens_data()
    {
        QTest::addColumn<QString>("ending");
        QTest::addColumn<QString>("error");
        QTest::newRow("the user refuses") << QStringLiteral("deny") << QStringLiteral("access_denied");
        QTest::newRow("the code expires") << QStringLiteral("expire") << QStringLiteral("expired_token");
        QTest::newRow("another client polls") << QStringLiteral("other client") << QStringLiteral("invalid_grant");
        QTest::newRow("a made-up device code") << QStringLiteral("made up") << QStringLiteral("invalid_grant");
    }

    void endsWithoutTokens()
    {
        QFETCH(QString, ending);
        QFETCH(QString, error);
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult started = start(fixture);
        QCOMPARE(started.status, 200);
        QString deviceCode = started.string("device_code");
        QString clientId = QStringLiteral("demo-public");
        if (ending == u"deny") {
            QCOMPARE(
                signIn(fixture, started.string("user_code"), QStringLiteral("alice"), QStringLiteral("deny")).status,
                200);
        } else if (ending == u"expire") {
            fixture.clock.advance(601);
        } else if (ending == u"other client") {
            QCOMPARE(signIn(fixture, started.string("user_code"), QStringLiteral("alice")).status, 200);
            const HttpResult other = fixture.token(
                {{QStringLiteral("grant_type"), deviceGrant}, {QStringLiteral("device_code"), deviceCode}});
            QCOMPARE(other.error(), error);
            return;
        } else {
            deviceCode = QStringLiteral("not-a-device-code");
        }
        QCOMPARE(poll(fixture, deviceCode, clientId).error(), error);
    }

    void pageRefusesUnknownCodesAndOtherOrigins()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        QCOMPARE(signIn(fixture, QStringLiteral("BCDF-GHJK"), QStringLiteral("alice")).status, 400);
        const HttpResult started = start(fixture);
        const HttpResult crossSite
            = fixture.http.post(fixture.url(QStringLiteral("/device")),
                                form({{QStringLiteral("user_code"), started.string("user_code")},
                                      {QStringLiteral("username"), QStringLiteral("alice")},
                                      {QStringLiteral("password"), QStringLiteral("alice")}}),
                                {{QByteArrayLiteral("Origin"), QByteArrayLiteral("https://attacker.example")}});
        QCOMPARE(crossSite.status, 403);
        QCOMPARE(poll(fixture, started.string("device_code")).error(), QStringLiteral("authorization_pending"));
    }
};

QTEST_GUILESS_MAIN(TestDeviceFlow)
#include "tst_deviceflow.moc"
