// The mock issuer over real HTTP on loopback, with a fixed clock: discovery, JWKS, every grant, PKCE, refresh under
// each policy, revocation, introspection, userinfo, end-session, the admin API, bad input, persistence, and interop
// with PyJWT. Over 700 lines: one fixture and one table of bad requests shared by every endpoint; the newer grants,
// faults and start errors have files of their own (tst_tokenexchange, tst_deviceflow, tst_issuerfaults, ...).
#include "IssuerTestSupport.h"
#include "issuer/IssuerTokens.h"
#include "jose/Base64Url.h"
#include "jose/CompactToken.h"
#include "net/JwksClient.h"
#include "verify/TokenVerifier.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::issuer;
using namespace tokenscope::issuer::testing;

namespace {

QString claim(const QByteArray &token, const char *name)
{
    const DecodeResult decoded = CompactToken::decode(token);
    if (!decoded || !decoded.token->payload)
        return {};
    const JsonValue *value = decoded.token->payload->value(QString::fromLatin1(name));
    if (!value)
        return {};
    return value->isString() ? value->string : QString::fromLatin1(value->lexeme);
}

QJsonObject payloadOf(const QString &token)
{
    const QList<QStringView> parts = QStringView(token).split(u'.');
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(Base64Url::decode(parts[1].toLatin1()).bytes).object();
}

QString headerKid(const QByteArray &token)
{
    const DecodeResult decoded = CompactToken::decode(token);
    return decoded ? decoded.token->keyId() : QString();
}

IssuerConfig configWith(const QString &rotation, const QString &reuse, const QString &grace, int graceSeconds)
{
    IssuerConfig config = IssuerConfig::demo();
    config.policy.rotation = *policy::PolicyNames::rotationFromName(rotation);
    config.policy.reuse = *policy::PolicyNames::reuseFromName(reuse);
    config.policy.grace = *policy::PolicyNames::graceFromName(grace);
    config.policy.graceSeconds = graceSeconds;
    config.policy.refreshTokenLifetime = 1000;
    config.policy.rotateAfterPercent = 70;
    config.policy.lifetimeMode = policy::RefreshLifetimeMode::Absolute;
    return config;
}

const QString verifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"); // RFC 7636 Appendix B

} // namespace

class TestMockIssuer : public QObject
{
    Q_OBJECT

private slots:
    void discoveryAndJwks()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult discovery = fixture.http.get(fixture.url(QStringLiteral("/.well-known/openid-configuration")));
        QCOMPARE(discovery.status, 200);
        const QJsonObject document = discovery.json();
        QCOMPARE(document.value(u"issuer").toString(), fixture.issuer.issuerUrl().toString());
        QCOMPARE(document.value(u"token_endpoint").toString(), fixture.url(QStringLiteral("/token")).toString());
        QCOMPARE(document.value(u"code_challenge_methods_supported").toArray(), QJsonArray {QStringLiteral("S256")});
        QVERIFY(document.value(u"grant_types_supported").toArray().contains(QStringLiteral("refresh_token")));

        const HttpResult jwks = fixture.http.get(QUrl(document.value(u"jwks_uri").toString()));
        QCOMPARE(jwks.status, 200);
        QCOMPARE(jwks.header("Cache-Control"), QByteArrayLiteral("public, max-age=300"));
        const QJsonArray keys = jwks.json().value(u"keys").toArray();
        QCOMPARE(keys.size(), 1);
        const QJsonObject key = keys.first().toObject();
        QCOMPARE(key.value(u"kty").toString(), QStringLiteral("EC"));
        QCOMPARE(key.value(u"alg").toString(), QStringLiteral("ES256"));
        QCOMPARE(key.value(u"use").toString(), QStringLiteral("sig"));
        QVERIFY(!key.contains(u"d")); // never the private part
        QVERIFY(!key.value(u"kid").toString().isEmpty());

        // Through the core's own JWKS client, via discovery: max-age is read back.
        const JwksFetchResult fetched
            = JwksClient::fetchFromIssuerBlocking(fixture.http.network(), fixture.issuer.issuerUrl());
        QVERIFY2(fetched, qPrintable(fetched.error.message));
        QCOMPARE(fetched.keys.size(), 1);
        QCOMPARE(fetched.maxAgeSeconds, qint64(300));
    }

    void clientCredentialsTokenVerifiesAgainstFetchedJwks()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult response
            = fixture.token({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}});
        QCOMPARE(response.status, 200);
        QCOMPARE(response.header("Cache-Control"), QByteArrayLiteral("no-store"));
        QCOMPARE(response.string("token_type"), QStringLiteral("Bearer"));
        QCOMPARE(response.json().value(u"expires_in").toInteger(), qint64(900));
        QVERIFY(!response.json().contains(u"refresh_token")); // RFC 6749 §4.4.3
        const QByteArray accessToken = response.string("access_token").toLatin1();
        QCOMPARE(claim(accessToken, "sub"), QStringLiteral("demo"));

        const JwksFetchResult fetched
            = JwksClient::fetchFromIssuerBlocking(fixture.http.network(), fixture.issuer.issuerUrl());
        QVERIFY(fetched);
        VerificationPolicy policy;
        policy.allowedAlgorithms = {Algorithm::ES256};
        policy.expectedIssuer = fixture.issuer.issuerUrl().toString();
        policy.expectedAudience = QStringLiteral("tokenscope-demo-api");
        policy.clock = &fixture.clock;
        const VerificationResult verdict = TokenVerifier::verify(accessToken, fetched.keys, policy);
        QVERIFY2(verdict.isValid(), qPrintable(verdict.message));
        QCOMPARE(verdict.verifiedBy->kid(), headerKid(accessToken));

        // Secret in the body (client_secret_post) works as well.
        const HttpResult post
            = fixture.http.post(fixture.url(QStringLiteral("/token")),
                                form({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                                      {QStringLiteral("client_id"), QStringLiteral("demo")},
                                      {QStringLiteral("client_secret"), QStringLiteral("demo-secret")}}));
        QCOMPARE(post.status, 200);
    }

    void passwordGrantIssuesAllThreeTokens()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        QSignalSpy issuedSpy(&fixture.issuer, &MockIssuer::tokensIssued);
        QSignalSpy logSpy(&fixture.issuer, &MockIssuer::requestHandled);
        const HttpResult response = fixture.login();
        QCOMPARE(response.status, 200);
        QVERIFY(!response.string("refresh_token").isEmpty());
        // The GUI's views: the issued tokens and the request log (which never holds a token).
        QCOMPARE(issuedSpy.size(), 1);
        const auto issued = issuedSpy.first().first().value<IssuedTokens>();
        QCOMPARE(issued.grantType, QStringLiteral("password"));
        QCOMPARE(issued.subject, QStringLiteral("alice"));
        QCOMPARE(issued.refreshToken, response.string("refresh_token").toLatin1());
        QCOMPARE(logSpy.size(), 1);
        const auto entry = logSpy.first().first().value<IssuerLogEntry>();
        QCOMPARE(entry.method, QStringLiteral("POST"));
        QCOMPARE(entry.path, QStringLiteral("/token"));
        QCOMPARE(entry.status, 200);
        QCOMPARE(entry.clientId, QStringLiteral("demo"));
        const QByteArray idToken = response.string("id_token").toLatin1();
        QCOMPARE(claim(idToken, "aud"), QStringLiteral("demo"));
        QCOMPARE(claim(idToken, "email"), QStringLiteral("alice@example.com")); // per-user claims
        const QByteArray accessToken = response.string("access_token").toLatin1();
        QCOMPARE(claim(accessToken, "sub"), QStringLiteral("alice"));
        QCOMPARE(claim(accessToken, "sid"), claim(idToken, "sid"));
        // OpenID Connect Core §3.1.3.6 at_hash (ES256: SHA-256), computed here independently of the issuer.
        const QByteArray digest = QCryptographicHash::hash(accessToken, QCryptographicHash::Sha256);
        QCOMPARE(claim(idToken, "at_hash"),
                 QString::fromLatin1(
                     digest.first(16).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
        // Public clients log in with their client_id alone.
        QCOMPARE(fixture.login(QStringLiteral("demo-public"), QString()).status, 200);

        const HttpResult userinfo
            = fixture.http.get(fixture.url(QStringLiteral("/userinfo")), {{"Authorization", "Bearer " + accessToken}});
        QCOMPARE(userinfo.status, 200);
        QCOMPARE(userinfo.string("sub"), QStringLiteral("alice"));
        QCOMPARE(userinfo.string("name"), QStringLiteral("Alice Example"));
        // RFC 6750 §3.1: without credentials, the challenges carry no error code; RFC 9449 §7.1: DPoP is offered
        // beside Bearer, with the algorithms a proof may use.
        for (const QByteArray &authorization : {QByteArray(), QByteArray("Basic ZGVtbzpkZW1vLXNlY3JldA==")}) {
            QList<std::pair<QByteArray, QByteArray>> headers;
            if (!authorization.isEmpty())
                headers.append({"Authorization", authorization});
            const HttpResult noToken = fixture.http.get(fixture.url(QStringLiteral("/userinfo")), headers);
            QCOMPARE(noToken.status, 401);
            const QByteArray challenges = noToken.header("WWW-Authenticate");
            QVERIFY2(challenges.contains("Bearer realm="), challenges.constData());
            QVERIFY2(challenges.contains("DPoP realm=") && challenges.contains("algs=\"")
                         && challenges.contains("ES256"),
                     challenges.constData());
            QVERIFY2(!challenges.contains("error="), challenges.constData());
            QVERIFY(!noToken.json().contains(u"error"));
        }
    }

    void authorizationCodeWithPkce_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("presentedVerifier");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("public client, right verifier") << "demo-public"
                                                       << "" << verifier << 200 << "";
        QTest::newRow("confidential client, right verifier") << "demo"
                                                             << "demo-secret" << verifier << 200 << "";
        QTest::newRow("wrong verifier") << "demo-public"
                                        << ""
                                        << "aBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" << 400 << "invalid_grant";
        QTest::newRow("short verifier") << "demo-public"
                                        << ""
                                        << "abc" << 400 << "invalid_grant";
        QTest::newRow("missing verifier") << "demo-public"
                                          << ""
                                          << "" << 400 << "invalid_request";
    }

    void authorizationCodeWithPkce()
    {
        QFETCH(QString, clientId);
        QFETCH(QString, secret);
        QFETCH(QString, presentedVerifier);
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QString redirectUri = QStringLiteral("http://127.0.0.1:8765/callback"); // any loopback port (RFC 8252)
        const QString challenge = QString::fromLatin1(IssuerTokens::pkceS256(verifier.toLatin1()));
        QCOMPARE(challenge, QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")); // RFC 7636 Appendix B
        const QList<std::pair<QString, QString>> authorization = {
            {QStringLiteral("response_type"), QStringLiteral("code")},
            {QStringLiteral("client_id"), clientId},
            {QStringLiteral("redirect_uri"), redirectUri},
            {QStringLiteral("scope"), QStringLiteral("openid offline_access")},
            {QStringLiteral("state"), QStringLiteral("xyz")},
            {QStringLiteral("nonce"), QStringLiteral("n-0S6_WzA2Mj")},
            {QStringLiteral("code_challenge"), challenge},
            {QStringLiteral("code_challenge_method"), QStringLiteral("S256")},
        };
        QUrl page = fixture.url(QStringLiteral("/authorize"));
        page.setQuery(QString::fromLatin1(form(authorization)));
        const HttpResult loginPage = fixture.http.get(page);
        QCOMPARE(loginPage.status, 200);
        QVERIFY(loginPage.body.contains("<form method=\"post\" action=\"/authorize\">"));
        QVERIFY(loginPage.body.contains("name=\"code_challenge\" value=\"" + challenge.toLatin1() + "\""));

        QList<std::pair<QString, QString>> wrongLogin = authorization;
        wrongLogin.append({{QStringLiteral("username"), QStringLiteral("alice")},
                           {QStringLiteral("password"), QStringLiteral("bob")}});
        QCOMPARE(fixture.http.post(fixture.url(QStringLiteral("/authorize")), form(wrongLogin)).status, 401);

        QList<std::pair<QString, QString>> login = authorization;
        login.append({{QStringLiteral("username"), QStringLiteral("alice")},
                      {QStringLiteral("password"), QStringLiteral("alice")}});
        const HttpResult redirect = fixture.http.post(fixture.url(QStringLiteral("/authorize")), form(login));
        QCOMPARE(redirect.status, 302);
        const QUrl location(QString::fromLatin1(redirect.header("Location")));
        QCOMPARE(location.host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(location.port(), 8765);
        const QUrlQuery query(location);
        QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("xyz"));
        QCOMPARE(query.queryItemValue(QStringLiteral("iss"), QUrl::FullyDecoded),
                 fixture.issuer.issuerUrl().toString());
        const QString code = query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
        QVERIFY(!code.isEmpty());

        QList<std::pair<QString, QString>> exchange = {
            {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
            {QStringLiteral("code"), code},
            {QStringLiteral("redirect_uri"), redirectUri},
        };
        if (!presentedVerifier.isEmpty())
            exchange.append({QStringLiteral("code_verifier"), presentedVerifier});
        const HttpResult tokens = fixture.token(exchange, clientId, secret);
        QTEST(tokens.status, "status");
        QTEST(tokens.error(), "error");
        if (tokens.status != 200)
            return;
        QCOMPARE(claim(tokens.string("id_token").toLatin1(), "nonce"), QStringLiteral("n-0S6_WzA2Mj"));
        // RFC 6749 §4.1.2: a code used twice is refused and revokes what it gave.
        const HttpResult again = fixture.token(exchange, clientId, secret);
        QCOMPARE(again.status, 400);
        QCOMPARE(again.error(), QStringLiteral("invalid_grant"));
        QCOMPARE(fixture.introspect(tokens.string("refresh_token")).json().value(u"active").toBool(), false);
    }

    void authorizeRefusesBadRequests()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        auto authorize = [&](const QList<std::pair<QString, QString>> &parameters) {
            QUrl page = fixture.url(QStringLiteral("/authorize"));
            page.setQuery(QString::fromLatin1(form(parameters)));
            return fixture.http.get(page);
        };
        // An unregistered redirect URI is never redirected to (RFC 6749 §4.1.2.1).
        const HttpResult badRedirect
            = authorize({{QStringLiteral("response_type"), QStringLiteral("code")},
                         {QStringLiteral("client_id"), QStringLiteral("demo")},
                         {QStringLiteral("redirect_uri"), QStringLiteral("https://evil.example/cb")}});
        QCOMPARE(badRedirect.status, 400);
        // A public client without PKCE is sent back with invalid_request.
        const HttpResult noPkce
            = authorize({{QStringLiteral("response_type"), QStringLiteral("code")},
                         {QStringLiteral("client_id"), QStringLiteral("demo-public")},
                         {QStringLiteral("redirect_uri"), QStringLiteral("http://127.0.0.1/callback")}});
        QCOMPARE(noPkce.status, 302);
        QCOMPARE(
            QUrlQuery(QUrl(QString::fromLatin1(noPkce.header("Location")))).queryItemValue(QStringLiteral("error")),
            QStringLiteral("invalid_request"));
        const HttpResult plain
            = authorize({{QStringLiteral("response_type"), QStringLiteral("code")},
                         {QStringLiteral("client_id"), QStringLiteral("demo-public")},
                         {QStringLiteral("redirect_uri"), QStringLiteral("http://127.0.0.1/callback")},
                         {QStringLiteral("code_challenge"), verifier},
                         {QStringLiteral("code_challenge_method"), QStringLiteral("plain")}});
        QCOMPARE(plain.status, 302);
        QVERIFY(plain.header("Location").contains("error=invalid_request"));
    }

    void refreshFollowsThePolicy_data()
    {
        QTest::addColumn<QString>("rotation");
        QTest::addColumn<QString>("reuse");
        QTest::addColumn<QString>("grace");
        QTest::addColumn<int>("graceSeconds");
        QTest::addColumn<qint64>("firstRefreshAfter");
        QTest::addColumn<qint64>("replayAfter"); // seconds after the first refresh
        QTest::addColumn<bool>("rotated"); // the first refresh returned a new token
        QTest::addColumn<QString>("replayError"); // "" when the replay of the original token succeeds
        QTest::addColumn<QString>("replayToken"); // on success: "same" (the first refresh's token) or "new"
        QTest::addColumn<QString>("newestError"); // the first refresh's token, used after the replay

        QTest::newRow("never rotates") << "never"
                                       << "revoke_family"
                                       << "none" << 0 << qint64(10) << qint64(1) << false << ""
                                       << "same"
                                       << "";
        QTest::newRow("always, reuse revokes family")
            << "always"
            << "revoke_family"
            << "none" << 0 << qint64(10) << qint64(0) << true << "invalid_grant"
            << ""
            << "invalid_grant";
        QTest::newRow("always, reuse rejected") << "always"
                                                << "reject_replay"
                                                << "none" << 0 << qint64(10) << qint64(1) << true << "invalid_grant"
                                                << ""
                                                << "";
        QTest::newRow("always, reuse accepted") << "always"
                                                << "accept"
                                                << "none" << 0 << qint64(10) << qint64(1) << true << ""
                                                << "new"
                                                << "";
        QTest::newRow("after 70 %, young token kept") << "after_percent"
                                                      << "revoke_family"
                                                      << "none" << 0 << qint64(100) << qint64(1) << false << ""
                                                      << "same"
                                                      << "";
        QTest::newRow("after 70 %, old token rotated")
            << "after_percent"
            << "revoke_family"
            << "none" << 0 << qint64(700) << qint64(1) << true << "invalid_grant"
            << ""
            << "invalid_grant";
        QTest::newRow("grace new_token within window") << "always"
                                                       << "revoke_family"
                                                       << "new_token" << 30 << qint64(10) << qint64(30) << true << ""
                                                       << "new"
                                                       << "";
        QTest::newRow("grace new_token after window")
            << "always"
            << "revoke_family"
            << "new_token" << 30 << qint64(10) << qint64(31) << true << "invalid_grant"
            << ""
            << "invalid_grant";
        QTest::newRow("grace same_token within window") << "always"
                                                        << "reject_replay"
                                                        << "same_token" << 3 << qint64(10) << qint64(2) << true << ""
                                                        << "same"
                                                        << "";
        QTest::newRow("grace same_token after window")
            << "always"
            << "reject_replay"
            << "same_token" << 3 << qint64(10) << qint64(4) << true << "invalid_grant"
            << ""
            << "";
    }

    void refreshFollowsThePolicy()
    {
        QFETCH(QString, rotation);
        QFETCH(QString, reuse);
        QFETCH(QString, grace);
        QFETCH(int, graceSeconds);
        QFETCH(qint64, firstRefreshAfter);
        QFETCH(qint64, replayAfter);
        QFETCH(bool, rotated);
        QFETCH(QString, replayError);
        QFETCH(QString, replayToken);
        QFETCH(QString, newestError);

        IssuerFixture fixture(configWith(rotation, reuse, grace, graceSeconds));
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QString original = fixture.login().string("refresh_token");
        QVERIFY(!original.isEmpty());
        fixture.clock.advance(firstRefreshAfter);
        const HttpResult first = fixture.refresh(original);
        QCOMPARE(first.status, 200);
        QVERIFY(!first.string("access_token").isEmpty());
        const QString newest = first.string("refresh_token");
        QCOMPARE(newest != original, rotated);

        fixture.clock.advance(replayAfter);
        const HttpResult replay = fixture.refresh(original);
        QCOMPARE(replay.error(), replayError);
        QCOMPARE(replay.status, replayError.isEmpty() ? 200 : 400);
        if (replayError.isEmpty()) {
            if (replayToken == u"same")
                QCOMPARE(replay.string("refresh_token"), newest);
            else
                QVERIFY(replay.string("refresh_token") != newest && replay.string("refresh_token") != original);
        }
        const HttpResult afterReplay = fixture.refresh(newest);
        QCOMPARE(afterReplay.error(), newestError);
    }

    void revocationCascadesToTheFamily()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult login = fixture.login();
        const QString firstRefresh = login.string("refresh_token");
        const HttpResult refreshed = fixture.refresh(firstRefresh);
        const QString accessToken = refreshed.string("access_token");
        const QString refreshToken = refreshed.string("refresh_token");
        QCOMPARE(fixture.introspect(accessToken).json().value(u"active").toBool(), true);
        QCOMPARE(fixture.introspect(login.string("access_token")).json().value(u"active").toBool(), true);

        // Another client may not revoke it (RFC 7009 §2.1).
        const HttpResult foreign
            = fixture.http.post(fixture.url(QStringLiteral("/revoke")),
                                form({{QStringLiteral("token"), refreshToken},
                                      {QStringLiteral("client_id"), QStringLiteral("demo-public")}}));
        QCOMPARE(foreign.status, 400);
        QCOMPARE(foreign.error(), QStringLiteral("unauthorized_client"));

        const HttpResult revoke
            = fixture.http.post(fixture.url(QStringLiteral("/revoke")),
                                form({{QStringLiteral("token"), refreshToken},
                                      {QStringLiteral("token_type_hint"), QStringLiteral("refresh_token")}}),
                                {{"Authorization", basic(QStringLiteral("demo"), QStringLiteral("demo-secret"))}});
        QCOMPARE(revoke.status, 200);
        // The whole family: both generations' access tokens and the refresh token.
        QCOMPARE(fixture.introspect(refreshToken).json().value(u"active").toBool(), false);
        QCOMPARE(fixture.introspect(accessToken).json().value(u"active").toBool(), false);
        QCOMPARE(fixture.introspect(login.string("access_token")).json().value(u"active").toBool(), false);
        QCOMPARE(fixture.refresh(refreshToken).error(), QStringLiteral("invalid_grant"));
        const HttpResult userinfo = fixture.http.get(fixture.url(QStringLiteral("/userinfo")),
                                                     {{"Authorization", "Bearer " + accessToken.toLatin1()}});
        QCOMPARE(userinfo.status, 401);

        // Revoking an access token ends only that token.
        const HttpResult other = fixture.login();
        const HttpResult revokeAccess = fixture.http.post(
            fixture.url(QStringLiteral("/revoke")), form({{QStringLiteral("token"), other.string("access_token")}}),
            {{"Authorization", basic(QStringLiteral("demo"), QStringLiteral("demo-secret"))}});
        QCOMPARE(revokeAccess.status, 200);
        QCOMPARE(fixture.introspect(other.string("access_token")).json().value(u"active").toBool(), false);
        QCOMPARE(fixture.introspect(other.string("refresh_token")).json().value(u"active").toBool(), true);

        // RFC 7009 §2.2: unknown tokens get 200 as well.
        const HttpResult unknown = fixture.http.post(
            fixture.url(QStringLiteral("/revoke")), form({{QStringLiteral("token"), QStringLiteral("nonsense")}}),
            {{"Authorization", basic(QStringLiteral("demo"), QStringLiteral("demo-secret"))}});
        QCOMPARE(unknown.status, 200);
    }

    void introspectionReportsActiveAndInactive()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult login = fixture.login();
        const HttpResult active = fixture.introspect(login.string("access_token"));
        QCOMPARE(active.status, 200);
        QCOMPARE(active.json().value(u"active").toBool(), true);
        QCOMPARE(active.string("sub"), QStringLiteral("alice"));
        QCOMPARE(active.string("client_id"), QStringLiteral("demo"));
        QCOMPARE(active.string("username"), QStringLiteral("alice"));
        QCOMPARE(active.json().value(u"exp").toInteger(), fixture.clock.nowSeconds() + 900);
        const HttpResult refresh = fixture.introspect(login.string("refresh_token"));
        QCOMPARE(refresh.json().value(u"active").toBool(), true);
        QCOMPARE(refresh.string("token_type"), QStringLiteral("refresh_token"));
        QCOMPARE(fixture.introspect(QStringLiteral("garbage")).json().value(u"active").toBool(), false);

        // Expired access token: inactive; the refresh token (7 d) still active.
        fixture.clock.advance(901);
        QCOMPARE(fixture.introspect(login.string("access_token")).json().value(u"active").toBool(), false);
        QCOMPARE(fixture.introspect(login.string("refresh_token")).json().value(u"active").toBool(), true);
        fixture.clock.advance(7 * 86400);
        QCOMPARE(fixture.introspect(login.string("refresh_token")).json().value(u"active").toBool(), false);

        // Client authentication is required, and public clients cannot introspect (RFC 7662 §2.1).
        const HttpResult anonymous = fixture.http.post(fixture.url(QStringLiteral("/introspect")),
                                                       form({{QStringLiteral("token"), login.string("access_token")}}));
        QCOMPARE(anonymous.status, 401);
        QCOMPARE(anonymous.error(), QStringLiteral("invalid_client"));
        const HttpResult publicClient
            = fixture.http.post(fixture.url(QStringLiteral("/introspect")),
                                form({{QStringLiteral("token"), login.string("access_token")},
                                      {QStringLiteral("client_id"), QStringLiteral("demo-public")}}));
        QCOMPARE(publicClient.status, 401);
    }

    // Without refresh tokens an access token belongs to no family; the ban must still end it at introspection.
    void banEndsAccessTokensWithoutAFamily()
    {
        IssuerConfig config = IssuerConfig::demo();
        config.policy.refreshTokensEnabled = false;
        IssuerFixture fixture(config);
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult login = fixture.login();
        QCOMPARE(login.status, 200);
        QVERIFY(login.string("refresh_token").isEmpty());
        QCOMPARE(fixture.introspect(login.string("access_token")).json().value(u"active").toBool(), true);
        QCOMPARE(fixture.admin(QStringLiteral("ban"), {{QStringLiteral("username"), QStringLiteral("alice")}}).status,
                 200);
        QCOMPARE(fixture.introspect(login.string("access_token")).json().value(u"active").toBool(), false);
    }

    // A demotion (POST /admin/roles) reaches introspection at once; the access token signed before it keeps the
    // roles it was signed with, which is the stale-role exposure the simulator's scenario (d) measures.
    void rolesChangeAtIntrospectionAndInNewTokens()
    {
        IssuerFixture fixture(IssuerConfig::demo());
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult before = fixture.login();
        QCOMPARE(before.status, 200);
        const auto rolesOf = [](const QJsonObject &object) {
            return object.value(u"roles").toVariant().toStringList();
        };
        const QString user = QStringLiteral("user");
        QCOMPARE(rolesOf(fixture.introspect(before.string("access_token")).json()), QStringList {user});

        const HttpResult demoted = fixture.admin(
            QStringLiteral("roles"),
            {{QStringLiteral("username"), QStringLiteral("alice")}, {QStringLiteral("roles"), QStringLiteral("[]")}});
        QCOMPARE(demoted.status, 200);
        QCOMPARE(rolesOf(demoted.json()), QStringList {});
        QCOMPARE(rolesOf(fixture.introspect(before.string("access_token")).json()), QStringList {});
        QCOMPARE(rolesOf(payloadOf(before.string("access_token"))), QStringList {user});

        const HttpResult promoted
            = fixture.admin(QStringLiteral("roles"),
                            {{QStringLiteral("username"), QStringLiteral("alice")},
                             {QStringLiteral("roles"), QStringLiteral(R"(["admin","auditor"])")}});
        QCOMPARE(promoted.status, 200);
        const HttpResult after = fixture.login();
        const QStringList both {QStringLiteral("admin"), QStringLiteral("auditor")};
        QCOMPARE(rolesOf(payloadOf(after.string("access_token"))), both);
        QCOMPARE(rolesOf(fixture.introspect(before.string("access_token")).json()), both);

        // Bad input names what is wrong and changes nothing.
        QCOMPARE(fixture.admin(QStringLiteral("roles"), {{QStringLiteral("username"), QStringLiteral("alice")}}).status,
                 400);
        QCOMPARE(fixture
                     .admin(QStringLiteral("roles"),
                            {{QStringLiteral("username"), QStringLiteral("nobody")},
                             {QStringLiteral("roles"), QStringLiteral("[]")}})
                     .status,
                 400);
        QCOMPARE(fixture
                     .admin(QStringLiteral("roles"),
                            {{QStringLiteral("username"), QStringLiteral("alice")},
                             {QStringLiteral("roles"), QStringLiteral(R"(["has space"])")}})
                     .status,
                 400);
        QCOMPARE(rolesOf(fixture.introspect(before.string("access_token")).json()), both);
    }

    void adminApi()
    {
        IssuerConfig config = IssuerConfig::demo();
        config.policy.keyOverlap = 600;
        IssuerFixture fixture(config);
        QVERIFY2(fixture.started, qPrintable(fixture.error));

        // Clock.
        const HttpResult advanced
            = fixture.admin(QStringLiteral("advance-clock"), {{QStringLiteral("seconds"), QStringLiteral("60")}});
        QCOMPARE(advanced.status, 200);
        QCOMPARE(advanced.json().value(u"now").toInteger(), fixture.clock.nowSeconds() + 60);
        QCOMPARE(fixture.issuer.now(), fixture.clock.nowSeconds() + 60);
        QCOMPARE(
            fixture.admin(QStringLiteral("advance-clock"), {{QStringLiteral("seconds"), QStringLiteral("-5")}}).status,
            400);

        // Ban: logins, refreshes and existing tokens stop working; unban restores logins.
        const HttpResult login = fixture.login();
        QCOMPARE(fixture.admin(QStringLiteral("ban"), {{QStringLiteral("username"), QStringLiteral("alice")}}).status,
                 200);
        QCOMPARE(fixture.login().error(), QStringLiteral("invalid_grant"));
        QCOMPARE(fixture.refresh(login.string("refresh_token")).error(), QStringLiteral("invalid_grant"));
        QCOMPARE(fixture.introspect(login.string("access_token")).json().value(u"active").toBool(), false);
        QCOMPARE(fixture.admin(QStringLiteral("unban"), {{QStringLiteral("username"), QStringLiteral("alice")}}).status,
                 200);
        QCOMPARE(fixture.login().status, 200);
        QCOMPARE(fixture.admin(QStringLiteral("ban"), {{QStringLiteral("username"), QStringLiteral("nobody")}}).status,
                 400);

        // Revoke by username and by token.
        const HttpResult second = fixture.login();
        QCOMPARE(
            fixture.admin(QStringLiteral("revoke"), {{QStringLiteral("username"), QStringLiteral("alice")}}).status,
            200);
        QCOMPARE(fixture.introspect(second.string("refresh_token")).json().value(u"active").toBool(), false);
        const HttpResult third = fixture.login();
        QCOMPARE(
            fixture.admin(QStringLiteral("revoke"), {{QStringLiteral("token"), third.string("access_token")}}).status,
            200);
        QCOMPARE(fixture.introspect(third.string("access_token")).json().value(u"active").toBool(), false);
        QCOMPARE(fixture.admin(QStringLiteral("revoke"), {{QStringLiteral("token"), QStringLiteral("unknown")}}).status,
                 404);

        // Key rotation with overlap: the new key is published at once, signs after the overlap; the old one stays
        // published one more overlap.
        const QString oldKid = headerKid(fixture.login().string("access_token").toLatin1());
        const HttpResult rotated = fixture.admin(QStringLiteral("rotate-keys"));
        QCOMPARE(rotated.status, 200);
        const QString newKid = rotated.string("kid");
        QVERIFY(newKid != oldKid);
        auto publishedKids = [&] {
            QStringList kids;
            for (const QJsonValue &key :
                 fixture.http.get(fixture.url(QStringLiteral("/jwks"))).json().value(u"keys").toArray())
                kids << key.toObject().value(u"kid").toString();
            kids.sort();
            return kids;
        };
        QStringList both {oldKid, newKid};
        both.sort();
        QCOMPARE(publishedKids(), both);
        QCOMPARE(headerKid(fixture.login().string("access_token").toLatin1()), oldKid);
        fixture.clock.advance(600);
        QCOMPARE(headerKid(fixture.login().string("access_token").toLatin1()), newKid);
        QCOMPARE(publishedKids(), both);
        fixture.clock.advance(600);
        QCOMPARE(publishedKids(), QStringList {newKid});

        const HttpResult state = fixture.http.get(fixture.url(QStringLiteral("/admin/state")));
        QCOMPARE(state.status, 200);
        QCOMPARE(state.json().value(u"keys").toArray().size(), 2);
        QVERIFY(state.json().value(u"families").toArray().size() >= 4);
        QVERIFY(!state.body.contains("demo-secret"));
    }

    void scheduledKeyRotation()
    {
        IssuerConfig config = IssuerConfig::demo();
        config.policy.keyRotationInterval = 86400;
        config.policy.keyOverlap = 3600;
        IssuerFixture fixture(config);
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QString first = headerKid(fixture.login().string("access_token").toLatin1());
        fixture.clock.advance(86400 - 3600);
        QCOMPARE(fixture.http.get(fixture.url(QStringLiteral("/jwks"))).json().value(u"keys").toArray().size(), 2);
        QCOMPARE(headerKid(fixture.login().string("access_token").toLatin1()), first);
        fixture.clock.advance(3600);
        const QString second = headerKid(fixture.login().string("access_token").toLatin1());
        QVERIFY(second != first);
        fixture.clock.advance(3600);
        QCOMPARE(fixture.http.get(fixture.url(QStringLiteral("/jwks"))).json().value(u"keys").toArray().size(), 1);
    }

    void endSessionRevokesTheSession()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult login = fixture.login();
        QUrl url = fixture.url(QStringLiteral("/end-session"));
        url.setQuery(QString::fromLatin1(
            form({{QStringLiteral("id_token_hint"), login.string("id_token")},
                  {QStringLiteral("post_logout_redirect_uri"), QStringLiteral("http://127.0.0.1/callback")},
                  {QStringLiteral("state"), QStringLiteral("bye")}})));
        const HttpResult response = fixture.http.get(url);
        QCOMPARE(response.status, 302);
        QCOMPARE(response.header("Location"), QByteArrayLiteral("http://127.0.0.1/callback?state=bye"));
        QCOMPARE(fixture.introspect(login.string("refresh_token")).json().value(u"active").toBool(), false);
    }

    void browserApplicationsMayCallTheTokenEndpoint()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QByteArray origin = "http://localhost:5173";
        // The CORS preflight, then the request itself.
        const HttpResult preflight = fixture.http.send("OPTIONS", fixture.url(QStringLiteral("/token")), {},
                                                       {{"Origin", origin},
                                                        {"Access-Control-Request-Method", "POST"},
                                                        {"Access-Control-Request-Headers", "content-type"}},
                                                       QByteArray());
        QCOMPARE(preflight.status, 204);
        QCOMPARE(preflight.header("Access-Control-Allow-Origin"), QByteArrayLiteral("*"));
        QVERIFY(preflight.header("Access-Control-Allow-Methods").contains("POST"));
        const HttpResult token = fixture.http.post(fixture.url(QStringLiteral("/token")),
                                                   form({{QStringLiteral("grant_type"), QStringLiteral("password")},
                                                         {QStringLiteral("client_id"), QStringLiteral("demo-public")},
                                                         {QStringLiteral("username"), QStringLiteral("alice")},
                                                         {QStringLiteral("password"), QStringLiteral("alice")}}),
                                                   {{"Origin", origin}});
        QCOMPARE(token.status, 200);
        QCOMPARE(token.header("Access-Control-Allow-Origin"), QByteArrayLiteral("*"));
        // Never on the admin API or the login page.
        const HttpResult admin = fixture.http.get(fixture.url(QStringLiteral("/admin/state")), {{"Origin", origin}});
        QCOMPARE(admin.header("Access-Control-Allow-Origin"), QByteArray());
        const HttpResult adminPreflight = fixture.http.send("OPTIONS", fixture.url(QStringLiteral("/admin/ban")), {},
                                                            {{"Origin", origin}}, QByteArray());
        QVERIFY(adminPreflight.status != 204);
        QCOMPARE(adminPreflight.header("Access-Control-Allow-Origin"), QByteArray());
    }

    void badInputGetsOAuthErrors_data()
    {
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");

        const QByteArray formType = "application/x-www-form-urlencoded";
        const QByteArray good = basic(QStringLiteral("demo"), QStringLiteral("demo-secret"));
        const QString token = QStringLiteral("/token");
        QTest::newRow("unknown grant") << QByteArray("POST") << token << formType << QByteArray("grant_type=magic")
                                       << good << 400 << "unsupported_grant_type";
        QTest::newRow("missing grant") << QByteArray("POST") << token << formType << QByteArray("scope=openid") << good
                                       << 400 << "invalid_request";
        QTest::newRow("repeated parameter") << QByteArray("POST") << token << formType
                                            << QByteArray("grant_type=client_credentials&grant_type=client_credentials")
                                            << good << 400 << "invalid_request";
        QTest::newRow("bad percent escape") << QByteArray("POST") << token << formType << QByteArray("grant_type=%G1")
                                            << good << 400 << "invalid_request";
        QTest::newRow("truncated escape") << QByteArray("POST") << token << formType << QByteArray("grant_type=a%4")
                                          << good << 400 << "invalid_request";
        QTest::newRow("invalid UTF-8") << QByteArray("POST") << token << formType << QByteArray("grant_type=%FF%FE")
                                       << good << 400 << "invalid_request";
        QTest::newRow("JSON body") << QByteArray("POST") << token << QByteArray("application/json")
                                   << QByteArray("{\"grant_type\":\"client_credentials\"}") << good << 400
                                   << "invalid_request";
        QTest::newRow("oversized body") << QByteArray("POST") << token << formType
                                        << ("grant_type=client_credentials&pad=" + QByteArray(70 * 1024, 'a')) << good
                                        << 413 << "invalid_request";
        QTest::newRow("wrong secret (Basic)")
            << QByteArray("POST") << token << formType << QByteArray("grant_type=client_credentials")
            << basic(QStringLiteral("demo"), QStringLiteral("nope")) << 401 << "invalid_client";
        QTest::newRow("malformed Basic") << QByteArray("POST") << token << formType
                                         << QByteArray("grant_type=client_credentials") << QByteArray("Basic !!!")
                                         << 401 << "invalid_client";
        QTest::newRow("Basic without colon")
            << QByteArray("POST") << token << formType << QByteArray("grant_type=client_credentials")
            << ("Basic " + QByteArray("demo").toBase64()) << 401 << "invalid_client";
        QTest::newRow("wrong secret (post)")
            << QByteArray("POST") << token << formType
            << QByteArray("grant_type=client_credentials&client_id=demo&client_secret=x") << QByteArray() << 401
            << "invalid_client";
        QTest::newRow("confidential client without secret")
            << QByteArray("POST") << token << formType << QByteArray("grant_type=client_credentials&client_id=demo")
            << QByteArray() << 401 << "invalid_client";
        QTest::newRow("two authentication methods")
            << QByteArray("POST") << token << formType
            << QByteArray("grant_type=client_credentials&client_secret=demo-secret") << good << 400
            << "invalid_request";
        QTest::newRow("unknown client") << QByteArray("POST") << token << formType
                                        << QByteArray("grant_type=client_credentials")
                                        << basic(QStringLiteral("mallory"), QStringLiteral("x")) << 401
                                        << "invalid_client";
        QTest::newRow("no client at all")
            << QByteArray("POST") << token << formType << QByteArray("grant_type=client_credentials") << QByteArray()
            << 401 << "invalid_client";
        QTest::newRow("public client, client credentials")
            << QByteArray("POST") << token << formType
            << QByteArray("grant_type=client_credentials&client_id=demo-public") << QByteArray() << 400
            << "unauthorized_client";
        QTest::newRow("password missing")
            << QByteArray("POST") << token << formType << QByteArray("grant_type=password&username=alice") << good
            << 400 << "invalid_request";
        QTest::newRow("wrong password") << QByteArray("POST") << token << formType
                                        << QByteArray("grant_type=password&username=alice&password=bob") << good << 400
                                        << "invalid_grant";
        QTest::newRow("unknown refresh token")
            << QByteArray("POST") << token << formType << QByteArray("grant_type=refresh_token&refresh_token=abc")
            << good << 400 << "invalid_grant";
        QTest::newRow("refresh token missing")
            << QByteArray("POST") << token << formType << QByteArray("grant_type=refresh_token") << good << 400
            << "invalid_request";
        QTest::newRow("unknown code")
            << QByteArray("POST") << token << formType
            << QByteArray("grant_type=authorization_code&code=abc&redirect_uri=http://127.0.0.1/callback") << good
            << 400 << "invalid_grant";
        QTest::newRow("scope not allowed")
            << QByteArray("POST") << token << formType << QByteArray("grant_type=client_credentials&scope=admin")
            << good << 400 << "invalid_scope";
        QTest::newRow("GET on the token endpoint")
            << QByteArray("GET") << token << QByteArray() << QByteArray() << good << 405 << "invalid_request";
        QTest::newRow("introspection without client")
            << QByteArray("POST") << QStringLiteral("/introspect") << formType << QByteArray("token=abc")
            << QByteArray() << 401 << "invalid_client";
        QTest::newRow("revocation without token")
            << QByteArray("POST") << QStringLiteral("/revoke") << formType << QByteArray("token_type_hint=access_token")
            << good << 400 << "invalid_request";
        QTest::newRow("unknown path") << QByteArray("GET") << QStringLiteral("/nowhere") << QByteArray() << QByteArray()
                                      << QByteArray() << 404 << "not_found";
        QTest::newRow("admin ban without username")
            << QByteArray("POST") << QStringLiteral("/admin/ban") << formType << QByteArray("user=alice")
            << QByteArray() << 400 << "invalid_request";
    }

    void badInputGetsOAuthErrors()
    {
        QFETCH(QByteArray, verb);
        QFETCH(QString, path);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, authorization);

        // One issuer serves the whole table.
        if (!m_shared)
            m_shared = std::make_unique<IssuerFixture>();
        IssuerFixture *fixture = m_shared.get();
        QVERIFY2(fixture->started, qPrintable(fixture->error));
        QList<std::pair<QByteArray, QByteArray>> headers;
        if (!authorization.isEmpty())
            headers.append({QByteArrayLiteral("Authorization"), authorization});
        const HttpResult response = fixture->http.send(verb, fixture->url(path), body, headers,
                                                       contentType.isEmpty() ? QByteArray() : contentType);
        QTEST(response.status, "status");
        QTEST(response.error(), "error");
        if (response.status == 401 && path == u"/token")
            QVERIFY(response.header("WWW-Authenticate").startsWith("Basic realm="));
        if (response.status != 404)
            QCOMPARE(response.header("Cache-Control"), QByteArrayLiteral("no-store"));
        // The issuer is still serving.
        QCOMPARE(fixture->http.get(fixture->url(QStringLiteral("/jwks"))).status, 200);
    }

    void restartKeepsFamiliesAndRevocations()
    {
        QTemporaryDir directory;
        const QString database = directory.filePath(QStringLiteral("kept.sqlite"));
        QString refreshToken;
        QString revokedRefreshToken;
        QString revokedAccessToken;
        QString kid;
        {
            IssuerFixture fixture(IssuerConfig::demo(), 1'700'000'000, database);
            QVERIFY2(fixture.started, qPrintable(fixture.error));
            refreshToken = fixture.refresh(fixture.login().string("refresh_token")).string("refresh_token");
            const HttpResult doomed = fixture.login();
            revokedRefreshToken = doomed.string("refresh_token");
            revokedAccessToken = doomed.string("access_token");
            kid = headerKid(revokedAccessToken.toLatin1());
            QCOMPARE(fixture.http
                         .post(fixture.url(QStringLiteral("/revoke")),
                               form({{QStringLiteral("token"), revokedRefreshToken}}),
                               {{"Authorization", basic(QStringLiteral("demo"), QStringLiteral("demo-secret"))}})
                         .status,
                     200);
            QCOMPARE(fixture.admin(QStringLiteral("advance-clock"), {{QStringLiteral("seconds"), QStringLiteral("10")}})
                         .status,
                     200);
        }
        QFileInfo info(database);
        QCOMPARE(info.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        {
            IssuerFixture fixture(IssuerConfig::demo(), 1'700'000'000, database);
            QVERIFY2(fixture.started, qPrintable(fixture.error));
            QCOMPARE(fixture.issuer.now(), qint64(1'700'000'010)); // the advanced clock is kept
            QCOMPARE(fixture.introspect(revokedRefreshToken).json().value(u"active").toBool(), false);
            QCOMPARE(fixture.refresh(revokedRefreshToken).error(), QStringLiteral("invalid_grant"));
            const HttpResult again = fixture.refresh(refreshToken);
            QCOMPARE(again.status, 200); // the family survived with its generation
            refreshToken = again.string("refresh_token");
            QCOMPARE(headerKid(again.string("access_token").toLatin1()), kid); // the same signing key
            QCOMPARE(fixture.http.get(fixture.url(QStringLiteral("/admin/state")))
                         .json()
                         .value(u"families")
                         .toArray()
                         .size(),
                     2);
        }
        // A policy with another algorithm: a new key signs at once; the old one stays published for its tokens.
        {
            IssuerConfig config = IssuerConfig::demo();
            config.policy.signingAlgorithm = Algorithm::EdDSA;
            IssuerFixture fixture(config, 1'700'000'000, database);
            QVERIFY2(fixture.started, qPrintable(fixture.error));
            const QByteArray edToken = fixture.login().string("access_token").toLatin1();
            const DecodeResult decoded = CompactToken::decode(edToken);
            QVERIFY(decoded);
            QCOMPARE(decoded.token->algorithm(), QStringLiteral("EdDSA"));
            QCOMPARE(fixture.http.get(fixture.url(QStringLiteral("/jwks"))).json().value(u"keys").toArray().size(), 2);
            QCOMPARE(fixture.introspect(QString::fromLatin1(edToken)).json().value(u"active").toBool(), true);
            QCOMPARE(fixture.refresh(refreshToken).status, 200);
            fixture.clock.advance(3600); // max(key overlap 1 h, access token 15 min)
            QCOMPARE(fixture.http.get(fixture.url(QStringLiteral("/jwks"))).json().value(u"keys").toArray().size(), 1);
        }
        // Nothing secret in the database in the clear: no client secret, no password, no refresh token.
        QFile file(database);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll() + [&] {
            QFile wal(database + QStringLiteral("-wal"));
            return wal.open(QIODevice::ReadOnly) ? wal.readAll() : QByteArray();
        }();
        QVERIFY(!bytes.contains("demo-secret"));
        QVERIFY(!bytes.contains(refreshToken.toLatin1()));
    }

    void pyjwtVerifiesAgainstTheJwksUrl()
    {
        if (!QFile::exists(QStringLiteral("/usr/bin/python3")))
            QSKIP("/usr/bin/python3 is missing; install python3 and python3-jwt");
        QProcess probe;
        probe.start(QStringLiteral("/usr/bin/python3"),
                    {QStringLiteral("-c"), QStringLiteral("import jwt; jwt.PyJWKClient")});
        probe.waitForFinished(30000);
        if (probe.exitCode() != 0)
            QSKIP("PyJWT (python3-jwt) is missing; interop check skipped");
        // PyJWT checks exp against the real clock, so the fixed clock starts at the real time here.
        IssuerFixture fixture(IssuerConfig::demo(), QDateTime::currentSecsSinceEpoch());
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QString accessToken = fixture.login().string("access_token");
        const QString script = QStringLiteral(
            "import sys, jwt\n"
            "token, url, issuer = sys.argv[1], sys.argv[2], sys.argv[3]\n"
            "key = jwt.PyJWKClient(url).get_signing_key_from_jwt(token)\n"
            "claims = jwt.decode(token, key.key, algorithms=['ES256'], audience='tokenscope-demo-api', issuer=issuer)\n"
            "print(claims['sub'])\n");
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral("-c"), script, accessToken, fixture.url(QStringLiteral("/jwks")).toString(),
                      fixture.issuer.issuerUrl().toString()});
        // The issuer runs in this thread: wait in an event loop, not with waitForFinished().
        QEventLoop loop;
        connect(&python, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        QCOMPARE(python.readAllStandardOutput().trimmed(), QByteArrayLiteral("alice"));
    }

    void cleanupTestCase() { m_shared.reset(); }

private:
    std::unique_ptr<IssuerFixture> m_shared;
};

QTEST_GUILESS_MAIN(TestMockIssuer)
#include "tst_mockissuer.moc"
