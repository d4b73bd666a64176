// RFC 8693 token exchange at the mock issuer: impersonation with a narrowed scope, delegation with the "act" claim
// (nested for a chain), the refusals RFC 8693 §2.2.2 names, and a revoked session ending the exchanged token too.
#include "IssuerTestSupport.h"

#include <QJsonArray>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::issuer;
using namespace tokenscope::issuer::testing;

namespace {

const QString exchangeGrant = QStringLiteral("urn:ietf:params:oauth:grant-type:token-exchange");
const QString accessType = QStringLiteral("urn:ietf:params:oauth:token-type:access_token");

QJsonObject payloadOf(const QString &token)
{
    const QByteArray segment = token.toLatin1().split('.').value(1);
    return QJsonDocument::fromJson(QByteArray::fromBase64(segment, QByteArray::Base64UrlEncoding)).object();
}

} // namespace

class TestTokenExchange : public QObject
{
    Q_OBJECT

private:
    static HttpResult exchange(IssuerFixture &fixture, QList<std::pair<QString, QString>> parameters,
                               const QString &clientId = QStringLiteral("demo"),
                               const QString &secret = QStringLiteral("demo-secret"))
    {
        parameters.prepend({QStringLiteral("grant_type"), exchangeGrant});
        return fixture.token(parameters, clientId, secret);
    }

private slots:
    void impersonationNarrowsTheScope()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QString subjectToken = fixture
                                         .login(QStringLiteral("demo"), QStringLiteral("demo-secret"),
                                                QStringLiteral("openid profile offline_access"))
                                         .string("access_token");
        const HttpResult answer = exchange(fixture,
                                           {{QStringLiteral("subject_token"), subjectToken},
                                            {QStringLiteral("subject_token_type"), accessType},
                                            {QStringLiteral("scope"), QStringLiteral("profile")}});
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.string("issued_token_type"), accessType);
        QCOMPARE(answer.string("token_type"), QStringLiteral("Bearer"));
        QVERIFY(answer.string("refresh_token").isEmpty());
        const QJsonObject claims = payloadOf(answer.string("access_token"));
        QCOMPARE(claims.value(u"sub").toString(), QStringLiteral("alice"));
        QCOMPARE(claims.value(u"scope").toString(), QStringLiteral("profile"));
        QVERIFY(!claims.contains(u"act"));
        QCOMPARE(fixture.introspect(answer.string("access_token")).json().value(u"active").toBool(), true);
        QVERIFY(discoveryLists(fixture));
    }

    void delegationNamesTheActorAndKeepsTheChain()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QString userToken = fixture.login().string("access_token");
        const QString serviceToken
            = fixture.token({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}})
                  .string("access_token");
        const HttpResult first = exchange(fixture,
                                          {{QStringLiteral("subject_token"), userToken},
                                           {QStringLiteral("subject_token_type"), accessType},
                                           {QStringLiteral("actor_token"), serviceToken},
                                           {QStringLiteral("actor_token_type"), accessType}});
        QCOMPARE(first.status, 200);
        const QJsonObject act = payloadOf(first.string("access_token")).value(u"act").toObject();
        QCOMPARE(act.value(u"sub").toString(), QStringLiteral("demo")); // the client's own token names the client
        // A second hop keeps the first actor as the prior one (RFC 8693 §4.1).
        const HttpResult second = exchange(fixture,
                                           {{QStringLiteral("subject_token"), first.string("access_token")},
                                            {QStringLiteral("subject_token_type"), accessType},
                                            {QStringLiteral("actor_token"), serviceToken},
                                            {QStringLiteral("actor_token_type"), accessType}});
        QCOMPARE(second.status, 200);
        const QJsonObject chain = payloadOf(second.string("access_token")).value(u"act").toObject();
        QCOMPARE(chain.value(u"sub").toString(), QStringLiteral("demo"));
        QCOMPARE(chain.value(u"act").toObject().value(u"sub").toString(), QStringLiteral("demo"));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("situation");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("no subject_token") << QStringLiteral("no subject") << 400 << QStringLiteral("invalid_request");
        QTest::newRow("an ID token as subject")
            << QStringLiteral("id type") << 400 << QStringLiteral("invalid_request");
        QTest::newRow("refresh token type asked for")
            << QStringLiteral("requested refresh") << 400 << QStringLiteral("invalid_request");
        QTest::newRow("another audience") << QStringLiteral("audience") << 400 << QStringLiteral("invalid_target");
        QTest::newRow("a wider scope") << QStringLiteral("wider") << 400 << QStringLiteral("invalid_scope");
        QTest::newRow("a garbage subject") << QStringLiteral("garbage") << 400 << QStringLiteral("invalid_grant");
        QTest::newRow("actor without its type")
            << QStringLiteral("actor type") << 400 << QStringLiteral("invalid_request");
        QTest::newRow("a public client") << QStringLiteral("public") << 400 << QStringLiteral("unauthorized_client");
        QTest::newRow("a revoked session") << QStringLiteral("revoked") << 400 << QStringLiteral("invalid_grant");
        QTest::newRow("an expired subject") << QStringLiteral("expired") << 400 << QStringLiteral("invalid_grant");
    }

    void refusals()
    {
        QFETCH(QString, situation);
        QFETCH(int, status);
        QFETCH(QString, error);
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult login
            = fixture.login(QStringLiteral("demo"), QStringLiteral("demo-secret"), QStringLiteral("openid profile"));
        QList<std::pair<QString, QString>> parameters {{QStringLiteral("subject_token"), login.string("access_token")},
                                                       {QStringLiteral("subject_token_type"), accessType}};
        QString clientId = QStringLiteral("demo");
        QString secret = QStringLiteral("demo-secret");
        if (situation == u"no subject")
            parameters.removeFirst();
        else if (situation == u"id type")
            parameters[1].second = QStringLiteral("urn:ietf:params:oauth:token-type:id_token");
        else if (situation == u"requested refresh")
            parameters.append({QStringLiteral("requested_token_type"),
                               QStringLiteral("urn:ietf:params:oauth:token-type:refresh_token")});
        else if (situation == u"audience")
            parameters.append({QStringLiteral("audience"), QStringLiteral("https://other.example")});
        else if (situation == u"wider")
            parameters.append({QStringLiteral("scope"), QStringLiteral("profile email")});
        else if (situation == u"garbage")
            parameters[0].second = QStringLiteral("not-a-token");
        else if (situation == u"actor type")
            parameters.append({QStringLiteral("actor_token"), login.string("access_token")});
        else if (situation == u"public") {
            clientId = QStringLiteral("demo-public");
            secret.clear();
        } else if (situation == u"revoked") {
            QCOMPARE(
                fixture.admin(QStringLiteral("revoke"), {{QStringLiteral("username"), QStringLiteral("alice")}}).status,
                200);
        } else if (situation == u"expired") {
            QVERIFY(fixture.issuer.advanceClock(IssuerConfig::demo().policy.accessTokenTtl + 1));
        }
        const HttpResult answer = exchange(fixture, parameters, clientId, secret);
        QCOMPARE(answer.status, status);
        QCOMPARE(answer.error(), error);
    }

private:
    static bool discoveryLists(IssuerFixture &fixture)
    {
        const QJsonArray grants = fixture.http.get(fixture.url(QStringLiteral("/.well-known/openid-configuration")))
                                      .json()
                                      .value(u"grant_types_supported")
                                      .toArray();
        return grants.contains(exchangeGrant);
    }
};

QTEST_GUILESS_MAIN(TestTokenExchange)
#include "tst_tokenexchange.moc"
