// The mock issuer's tokens are not interchangeable: an ID token is never an access token (RFC 9068 §4, OIDC Core
// §2), an access token is never an ID token hint, and refresh tokens and authorization codes are only what they
// are. Every endpoint that takes a token is tried with every kind, over real HTTP on loopback.
#include "IssuerTestSupport.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::issuer;
using namespace tokenscope::issuer::testing;

namespace {

enum class Kind { AccessToken, IdToken, RefreshToken, AuthorizationCode, ClientCredentialsToken };

// One login's tokens, plus an unused authorization code for the same user and a client_credentials token.
struct Tokens
{
    QString accessToken;
    QString idToken;
    QString refreshToken;
    QString authorizationCode;
    QString clientCredentialsToken;

    [[nodiscard]] QString of(Kind kind) const
    {
        switch (kind) {
        case Kind::AccessToken:
            return accessToken;
        case Kind::IdToken:
            return idToken;
        case Kind::RefreshToken:
            return refreshToken;
        case Kind::AuthorizationCode:
            return authorizationCode;
        case Kind::ClientCredentialsToken:
            return clientCredentialsToken;
        }
        return {};
    }
};

const QString redirectUri = QStringLiteral("http://127.0.0.1/callback");

Tokens obtainTokens(IssuerFixture &fixture)
{
    Tokens tokens;
    const HttpResult login = fixture.login();
    tokens.accessToken = login.string("access_token");
    tokens.idToken = login.string("id_token");
    tokens.refreshToken = login.string("refresh_token");
    const HttpResult credentials
        = fixture.token({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}});
    tokens.clientCredentialsToken = credentials.string("access_token");
    const HttpResult authorize = fixture.http.post(fixture.url(QStringLiteral("/authorize")),
                                                   form({{QStringLiteral("response_type"), QStringLiteral("code")},
                                                         {QStringLiteral("client_id"), QStringLiteral("demo")},
                                                         {QStringLiteral("redirect_uri"), redirectUri},
                                                         {QStringLiteral("scope"), QStringLiteral("openid")},
                                                         {QStringLiteral("username"), QStringLiteral("alice")},
                                                         {QStringLiteral("password"), QStringLiteral("alice")}}));
    tokens.authorizationCode
        = QUrlQuery(QUrl(QString::fromLatin1(authorize.header("Location")))).queryItemValue(QStringLiteral("code"));
    return tokens;
}

bool sessionActive(IssuerFixture &fixture, const Tokens &tokens)
{
    return fixture.introspect(tokens.refreshToken).json().value(u"active").toBool()
        && fixture.introspect(tokens.accessToken).json().value(u"active").toBool();
}

} // namespace

Q_DECLARE_METATYPE(Kind)

class TestTokenTypes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_fixture = std::make_unique<IssuerFixture>();
        QVERIFY2(m_fixture->started, qPrintable(m_fixture->error));
    }

    void init()
    {
        m_tokens = obtainTokens(*m_fixture);
        QVERIFY(!m_tokens.accessToken.isEmpty());
        QVERIFY(!m_tokens.idToken.isEmpty());
        QVERIFY(!m_tokens.refreshToken.isEmpty());
        QVERIFY(!m_tokens.authorizationCode.isEmpty());
        QVERIFY(!m_tokens.clientCredentialsToken.isEmpty());
    }

    void userinfoTakesOnlyAUserAccessToken_data()
    {
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<int>("status");
        QTest::newRow("access token") << Kind::AccessToken << 200;
        QTest::newRow("ID token") << Kind::IdToken << 401;
        QTest::newRow("refresh token") << Kind::RefreshToken << 401;
        QTest::newRow("authorization code") << Kind::AuthorizationCode << 401;
        QTest::newRow("client_credentials token (no user)") << Kind::ClientCredentialsToken << 401;
    }
    void userinfoTakesOnlyAUserAccessToken()
    {
        QFETCH(Kind, kind);
        QFETCH(int, status);
        const HttpResult response
            = m_fixture->http.get(m_fixture->url(QStringLiteral("/userinfo")),
                                  {{QByteArrayLiteral("Authorization"), "Bearer " + m_tokens.of(kind).toLatin1()}});
        QCOMPARE(response.status, status);
        if (status == 200) {
            QCOMPARE(response.string("sub"), QStringLiteral("alice"));
        } else {
            QVERIFY(response.header("WWW-Authenticate").contains("error=\"invalid_token\""));
            QVERIFY(!response.json().contains(u"email"));
        }
    }

    void introspectionReportsOnlyAccessAndRefreshTokensActive_data()
    {
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<bool>("active");
        QTest::addColumn<QString>("tokenType");
        QTest::newRow("access token") << Kind::AccessToken << true << QStringLiteral("Bearer");
        QTest::newRow("refresh token") << Kind::RefreshToken << true << QStringLiteral("refresh_token");
        QTest::newRow("client_credentials token") << Kind::ClientCredentialsToken << true << QStringLiteral("Bearer");
        QTest::newRow("ID token") << Kind::IdToken << false << QString();
        QTest::newRow("authorization code") << Kind::AuthorizationCode << false << QString();
    }
    void introspectionReportsOnlyAccessAndRefreshTokensActive()
    {
        QFETCH(Kind, kind);
        QFETCH(bool, active);
        QFETCH(QString, tokenType);
        const HttpResult response = m_fixture->introspect(m_tokens.of(kind));
        QCOMPARE(response.status, 200);
        QCOMPARE(response.json().value(u"active").toBool(), active);
        QCOMPARE(response.string("token_type"), tokenType);
        if (!active)
            QCOMPARE(response.json().size(), 1); // RFC 7662 §2.2: nothing else about an inactive token
    }

    void onlyARefreshTokenRefreshes_data()
    {
        QTest::addColumn<Kind>("kind");
        QTest::newRow("access token") << Kind::AccessToken;
        QTest::newRow("ID token") << Kind::IdToken;
        QTest::newRow("authorization code") << Kind::AuthorizationCode;
    }
    void onlyARefreshTokenRefreshes()
    {
        QFETCH(Kind, kind);
        const HttpResult response = m_fixture->refresh(m_tokens.of(kind));
        QCOMPARE(response.status, 400);
        QCOMPARE(response.error(), QStringLiteral("invalid_grant"));
        QVERIFY(sessionActive(*m_fixture, m_tokens));
    }

    void onlyAnAuthorizationCodeIsExchanged_data()
    {
        QTest::addColumn<Kind>("kind");
        QTest::newRow("access token") << Kind::AccessToken;
        QTest::newRow("ID token") << Kind::IdToken;
        QTest::newRow("refresh token") << Kind::RefreshToken;
    }
    void onlyAnAuthorizationCodeIsExchanged()
    {
        QFETCH(Kind, kind);
        const HttpResult response
            = m_fixture->token({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                                {QStringLiteral("code"), m_tokens.of(kind)},
                                {QStringLiteral("redirect_uri"), redirectUri}});
        QCOMPARE(response.status, 400);
        QCOMPARE(response.error(), QStringLiteral("invalid_grant"));
        QVERIFY(sessionActive(*m_fixture, m_tokens));
    }

    // RFC 7009 §2.1 revokes access and refresh tokens; an ID token or a code is an unknown token: 200, no effect.
    void revocationIgnoresTokensThatAreNotAccessOrRefreshTokens_data()
    {
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("hint");
        QTest::newRow("ID token") << Kind::IdToken << QString();
        QTest::newRow("ID token, access_token hint") << Kind::IdToken << QStringLiteral("access_token");
        QTest::newRow("authorization code") << Kind::AuthorizationCode << QString();
    }
    void revocationIgnoresTokensThatAreNotAccessOrRefreshTokens()
    {
        QFETCH(Kind, kind);
        QFETCH(QString, hint);
        QList<std::pair<QString, QString>> parameters {{QStringLiteral("token"), m_tokens.of(kind)}};
        if (!hint.isEmpty())
            parameters.append({QStringLiteral("token_type_hint"), hint});
        const HttpResult response = m_fixture->http.post(
            m_fixture->url(QStringLiteral("/revoke")), form(parameters),
            {{QByteArrayLiteral("Authorization"), basic(QStringLiteral("demo"), QStringLiteral("demo-secret"))}});
        QCOMPARE(response.status, 200);
        QVERIFY(sessionActive(*m_fixture, m_tokens));
    }

    void adminRevokeFindsOnlyAccessAndRefreshTokens()
    {
        const HttpResult response
            = m_fixture->admin(QStringLiteral("revoke"), {{QStringLiteral("token"), m_tokens.idToken}});
        QCOMPARE(response.status, 404);
        QVERIFY(sessionActive(*m_fixture, m_tokens));
    }

    // OpenID Connect RP-Initiated Logout 1.0 §2: id_token_hint is an ID token the issuer issued.
    void endSessionTakesOnlyAnIdTokenAsHint_data()
    {
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<int>("status");
        QTest::newRow("ID token") << Kind::IdToken << 200;
        QTest::newRow("access token") << Kind::AccessToken << 400;
        QTest::newRow("refresh token") << Kind::RefreshToken << 400;
        QTest::newRow("client_credentials token") << Kind::ClientCredentialsToken << 400;
    }
    void endSessionTakesOnlyAnIdTokenAsHint()
    {
        QFETCH(Kind, kind);
        QFETCH(int, status);
        QUrl url = m_fixture->url(QStringLiteral("/end-session"));
        url.setQuery(QString::fromLatin1(form({{QStringLiteral("id_token_hint"), m_tokens.of(kind)}})));
        const HttpResult response = m_fixture->http.get(url);
        QCOMPARE(response.status, status);
        QCOMPARE(sessionActive(*m_fixture, m_tokens), status != 200);
    }

    // Validate first, then act: an end-session request that is answered with an error changes nothing.
    void endSessionWithAnErrorLeavesTheSessionAlone_data()
    {
        QTest::addColumn<QString>("redirect");
        QTest::newRow("unregistered post_logout_redirect_uri") << QStringLiteral("https://attacker.example/after");
        QTest::newRow("post_logout_redirect_uri with a fragment") << QStringLiteral("http://127.0.0.1/callback#x");
        QTest::newRow("not a URI") << QStringLiteral("http://[::1");
    }
    void endSessionWithAnErrorLeavesTheSessionAlone()
    {
        QFETCH(QString, redirect);
        QUrl url = m_fixture->url(QStringLiteral("/end-session"));
        url.setQuery(QString::fromLatin1(form({{QStringLiteral("id_token_hint"), m_tokens.idToken},
                                               {QStringLiteral("post_logout_redirect_uri"), redirect}})));
        const HttpResult response = m_fixture->http.get(url);
        QCOMPARE(response.status, 400);
        QCOMPARE(response.error(), QStringLiteral("invalid_request"));
        QVERIFY(sessionActive(*m_fixture, m_tokens));
    }

    // RP-Initiated Logout §2: a client_id beside the hint must be the client the ID token was issued to.
    void endSessionRefusesAClientIdThatIsNotTheHintsAudience()
    {
        QUrl url = m_fixture->url(QStringLiteral("/end-session"));
        url.setQuery(QString::fromLatin1(form({{QStringLiteral("id_token_hint"), m_tokens.idToken},
                                               {QStringLiteral("client_id"), QStringLiteral("demo-public")}})));
        const HttpResult response = m_fixture->http.get(url);
        QCOMPARE(response.status, 400);
        QCOMPARE(response.error(), QStringLiteral("invalid_request"));
        QVERIFY(sessionActive(*m_fixture, m_tokens));
    }

    void cleanupTestCase() { m_fixture.reset(); }

private:
    std::unique_ptr<IssuerFixture> m_fixture;
    Tokens m_tokens;
};

QTEST_GUILESS_MAIN(TestTokenTypes)
#include "tst_tokentypes.moc"
