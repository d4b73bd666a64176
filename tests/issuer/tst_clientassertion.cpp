// private_key_jwt client authentication at the mock issuer (RFC 7523 §2.2 and §3, OpenID Connect Core §9): a client
// whose configuration lists its public keys signs a client_assertion; every rule of §3 that can be broken is broken
// once and refused with invalid_client, and the config reader refuses keys it must not hold.
#include "IssuerTestSupport.h"
#include "crypto/KeyGenerator.h"
#include "crypto/KeyParser.h"
#include "jose/Json.h"
#include "verify/TokenSigner.h"

#include <QJsonArray>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::issuer;
using namespace tokenscope::issuer::testing;

namespace {

const QString jwtBearer = QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");

} // namespace

class TestClientAssertion : public QObject
{
    Q_OBJECT

private:
    Key m_clientKey;
    Key m_otherKey;

    IssuerConfig configWithKeyClient() const
    {
        IssuerConfig config = IssuerConfig::demo();
        IssuerClient service;
        service.clientId = QStringLiteral("svc");
        service.scope = QStringLiteral("api");
        service.keys = KeyParser::parseJwk(m_clientKey.toJwk(), QStringLiteral("svc")).keys;
        config.clients << service;
        return config;
    }

    // An assertion as a client library builds it; `change` alters one claim or the key to break one rule.
    QString assertion(IssuerFixture &fixture, const QString &change, const QString &jti = QStringLiteral("a-1")) const
    {
        const qint64 t = fixture.clock.nowSeconds();
        JsonValue payload = JsonValue::makeObject();
        payload.append(QStringLiteral("iss"), JsonValue::makeString(QStringLiteral("svc")));
        payload.append(QStringLiteral("sub"),
                       JsonValue::makeString(change == u"sub" ? QStringLiteral("other") : QStringLiteral("svc")));
        payload.append(QStringLiteral("aud"),
                       JsonValue::makeString(change == u"aud"
                                                 ? QStringLiteral("https://elsewhere.example")
                                                 : fixture.issuer.issuerUrl().toString() + QStringLiteral("/token")));
        payload.append(QStringLiteral("iat"), JsonValue::makeNumber(t));
        payload.append(QStringLiteral("exp"), JsonValue::makeNumber(change == u"expired" ? t - 3600 : t + 60));
        if (change != u"no jti")
            payload.append(QStringLiteral("jti"), JsonValue::makeString(jti));
        JsonValue header = JsonValue::makeObject();
        const Key &key = change == u"other key" ? m_otherKey : m_clientKey;
        const SignedToken signedToken
            = TokenSigner::sign(header, payload, Algorithm::ES256, key, TokenSigner::KeyIdChoice::FromKey);
        return QString::fromLatin1(signedToken.token);
    }

    static HttpResult clientCredentials(IssuerFixture &fixture, const QString &assertion,
                                        const QString &type = jwtBearer, QList<std::pair<QString, QString>> extra = {})
    {
        QList<std::pair<QString, QString>> parameters {
            {QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
            {QStringLiteral("client_assertion_type"), type},
            {QStringLiteral("client_assertion"), assertion}};
        parameters << extra;
        return fixture.http.post(fixture.url(QStringLiteral("/token")), form(parameters));
    }

private slots:
    void initTestCase()
    {
        m_clientKey = KeyGenerator::generate(Algorithm::ES256, QStringLiteral("svc-key")).key;
        m_otherKey = KeyGenerator::generate(Algorithm::ES256, QStringLiteral("svc-key")).key;
        QVERIFY(!m_clientKey.isNull() && !m_otherKey.isNull());
    }

    void signedAssertionAuthenticatesOnce()
    {
        IssuerFixture fixture(configWithKeyClient());
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QJsonObject discovery
            = fixture.http.get(fixture.url(QStringLiteral("/.well-known/openid-configuration"))).json();
        QVERIFY(discovery.value(u"token_endpoint_auth_methods_supported")
                    .toArray()
                    .contains(QStringLiteral("private_key_jwt")));
        const QString signedAssertion = assertion(fixture, QString());
        const HttpResult answer = clientCredentials(fixture, signedAssertion);
        QCOMPARE(answer.status, 200);
        QVERIFY(!answer.string("access_token").isEmpty());
        // RFC 7523 §3 item 7: the same jti again is a replay.
        QCOMPARE(clientCredentials(fixture, signedAssertion).error(), QStringLiteral("invalid_client"));
        QCOMPARE(clientCredentials(fixture, assertion(fixture, QString(), QStringLiteral("a-2"))).status, 200);
        // A key-only client has no secret to fall back on, and no public-client path.
        QCOMPARE(fixture
                     .token({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}},
                            QStringLiteral("svc"), QString())
                     .error(),
                 QStringLiteral("invalid_client"));
    }

    void brokenRulesAreRefused_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("signed with another key")
            << QStringLiteral("other key") << 401 << QStringLiteral("invalid_client");
        QTest::newRow("aud names another server") << QStringLiteral("aud") << 401 << QStringLiteral("invalid_client");
        QTest::newRow("expired") << QStringLiteral("expired") << 401 << QStringLiteral("invalid_client");
        QTest::newRow("no jti") << QStringLiteral("no jti") << 401 << QStringLiteral("invalid_client");
        QTest::newRow("sub is not the client") << QStringLiteral("sub") << 401 << QStringLiteral("invalid_client");
        QTest::newRow("wrong assertion type") << QStringLiteral("type") << 401 << QStringLiteral("invalid_client");
        QTest::newRow("not a JWT") << QStringLiteral("garbage") << 401 << QStringLiteral("invalid_client");
        QTest::newRow("also a client_secret")
            << QStringLiteral("secret too") << 400 << QStringLiteral("invalid_request");
        QTest::newRow("client_id of another client")
            << QStringLiteral("client_id") << 401 << QStringLiteral("invalid_client");
    }

    void brokenRulesAreRefused()
    {
        QFETCH(QString, change);
        QFETCH(int, status);
        QFETCH(QString, error);
        IssuerFixture fixture(configWithKeyClient());
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        QString signedAssertion = assertion(fixture, change);
        QString type = jwtBearer;
        QList<std::pair<QString, QString>> extra;
        if (change == u"type")
            type = QStringLiteral("urn:ietf:params:oauth:client-assertion-type:saml2-bearer");
        else if (change == u"garbage")
            signedAssertion = QStringLiteral("not.a.jwt");
        else if (change == u"secret too")
            extra << std::pair {QStringLiteral("client_secret"), QStringLiteral("anything")};
        else if (change == u"client_id")
            extra << std::pair {QStringLiteral("client_id"), QStringLiteral("demo")};
        const HttpResult answer = clientCredentials(fixture, signedAssertion, type, extra);
        QCOMPARE(answer.status, status);
        QCOMPARE(answer.error(), error);
    }

    void configRefusesKeysItMustNotHold_data()
    {
        QTest::addColumn<QByteArray>("jwks");
        QTest::addColumn<QString>("words");
        QTest::newRow("a private key") << m_clientKey.toJwk(Key::Export::IncludePrivate) << QStringLiteral("private");
        QTest::newRow("a shared secret") << QByteArray(R"({"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"})")
                                         << QStringLiteral("private");
        QTest::newRow("no keys") << QByteArray() << QStringLiteral("at least one public key");
    }

    void configRefusesKeysItMustNotHold()
    {
        QFETCH(QByteArray, jwks);
        QFETCH(QString, words);
        const QByteArray json = R"({"clients": [{"client_id": "svc", "jwks": {"keys": [)" + jwks + "]}}]}";
        const IssuerConfigResult parsed = IssuerConfigReader::parse(json, QStringLiteral("issuer.json"));
        QVERIFY(!parsed);
        QVERIFY2(parsed.error.contains(QStringLiteral("clients[0].jwks")) && parsed.error.contains(words),
                 qPrintable(parsed.error));
        // The public key alone is taken.
        const QByteArray good
            = R"({"clients": [{"client_id": "svc", "jwks": {"keys": [)" + m_clientKey.toJwk() + "]}}]}";
        const IssuerConfigResult accepted = IssuerConfigReader::parse(good, QStringLiteral("issuer.json"));
        QVERIFY2(accepted, qPrintable(accepted.error));
        QCOMPARE(accepted.config->clients.constFirst().keys.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestClientAssertion)
#include "tst_clientassertion.moc"
