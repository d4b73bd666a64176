// TokenBundleReader and BundleChecks: what travels together is found in a token response, a redirect URL, an HTTP
// request or curl command, and free text; then the tokens are listed and their relations checked.

#include "BindingTestSupport.h"
#include "binding/BundleChecks.h"
#include "binding/DpopVerifier.h"
#include "binding/OidcHashes.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;

class TestBundleChecks : public QObject
{
    Q_OBJECT

    Key m_issuer;

    QByteArray jwt(const QByteArray &claims, const QByteArray &typ = "JWT") const
    {
        return signedToken("{\"alg\":\"ES256\",\"typ\":\"" + typ + "\",\"kid\":\"as\"}", claims, m_issuer,
                           Algorithm::ES256);
    }
    QByteArray accessToken(const QByteArray &iss = "https://as.example.com", const QByteArray &sub = "alice",
                           const QByteArray &clientId = "app") const
    {
        return jwt("{\"iss\":\"" + iss + "\",\"sub\":\"" + sub
                       + "\",\"aud\":\"https://api.example.com\",\"client_id\":\"" + clientId
                       + "\",\"exp\":1700000600,\"iat\":1700000000,\"jti\":\"a1\"}",
                   "at+jwt");
    }
    QByteArray idToken(const QByteArray &forAccessToken, const QByteArray &iss = "https://as.example.com") const
    {
        const QByteArray atHash = OidcHashes::leftHalfHashes(Algorithm::ES256, forAccessToken).first().value.toLatin1();
        return jwt("{\"iss\":\"" + iss
                   + "\",\"sub\":\"alice\",\"aud\":\"app\",\"azp\":\"app\",\"exp\":1700000600,"
                     "\"iat\":1700000000,\"nonce\":\"n-1\",\"at_hash\":\""
                   + atHash + "\"}");
    }
    static QByteArray response(const QByteArray &access, const QByteArray &id, const QByteArray &refresh,
                               const QByteArray &type = "Bearer")
    {
        return "{\"access_token\":\"" + access + "\",\"token_type\":\"" + type
            + "\",\"expires_in\":600,\"refresh_token\":\"" + refresh + "\",\"id_token\":\"" + id + "\"}";
    }
    static QString outcomeOf(const BundleReport &report, QStringView check)
    {
        const BindingCheck *line = findCheck(report.checks, check);
        return line ? Binding::outcomeName(line->outcome) + (line->reason.isEmpty() ? QString() : u' ' + line->reason)
                    : QStringLiteral("absent");
    }

private slots:
    void initTestCase() { m_issuer = generatedKey(Algorithm::ES256, QStringLiteral("as")); }

    void readsATokenResponse()
    {
        const QByteArray access = accessToken();
        const TokenBundle bundle
            = TokenBundleReader::read(QString::fromLatin1(response(access, idToken(access), "8xLOxBtZp8")));
        QCOMPARE(bundle.source, TokenBundle::Source::TokenResponse);
        QCOMPARE(bundle.accessToken, access);
        QCOMPARE(bundle.refreshToken, QByteArray("8xLOxBtZp8"));
        QCOMPARE(bundle.tokenType, QStringLiteral("Bearer"));
        QVERIFY(bundle.isCompound());
    }

    void checksHowTheTokensOfAResponseRelate_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("check");
        QTest::addColumn<QString>("expected");
        const QByteArray access = accessToken();
        const QByteArray good = response(access, idToken(access), "8xLOxBtZp8");
        QTest::newRow("at_hash") << good << "at_hash"
                                 << "pass";
        QTest::newRow("same iss") << good << "response_iss"
                                  << "pass";
        QTest::newRow("same sub") << good << "response_sub"
                                  << "pass";
        QTest::newRow("client_id is the ID token's audience") << good << "response_client"
                                                              << "pass";
        QTest::newRow("swapped access token") << response(accessToken(), idToken("another"), "r") << "at_hash"
                                              << "fail at_hash_mismatch";
        const QByteArray otherIssuer = accessToken("https://evil.example.com");
        QTest::newRow("another issuer's access token")
            << response(otherIssuer, idToken(otherIssuer), "r") << "response_iss"
            << "fail token_response_iss_mismatch";
        const QByteArray otherUser = accessToken("https://as.example.com", "mallory");
        QTest::newRow("another user's access token") << response(otherUser, idToken(otherUser), "r") << "response_sub"
                                                     << "fail token_response_sub_mismatch";
        const QByteArray otherClient = accessToken("https://as.example.com", "alice", "other-app");
        QTest::newRow("another client's access token")
            << response(otherClient, idToken(otherClient), "r") << "response_client"
            << "fail token_response_client_mismatch";
        const QByteArray refreshJwt
            = jwt("{\"iss\":\"https://other.example.com\",\"sub\":\"alice\",\"typ\":\"Refresh\"}");
        QTest::newRow("a JWT refresh token from another issuer")
            << response(access, idToken(access), refreshJwt) << "response_refresh_iss"
            << "fail token_response_iss_mismatch";
        QTest::newRow("opaque access token: only at_hash relates")
            << response("SlAV32hkKG", idToken("SlAV32hkKG"), "r") << "response_iss"
            << "not_checked";
        QTest::newRow("opaque access token at_hash") << response("SlAV32hkKG", idToken("SlAV32hkKG"), "r") << "at_hash"
                                                     << "pass";
    }
    void checksHowTheTokensOfAResponseRelate()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, check);
        QFETCH(QString, expected);
        const BundleReport report = BundleChecks::check(TokenBundleReader::read(QString::fromLatin1(text)), {});
        QCOMPARE(outcomeOf(report, check), expected);
    }

    void listsAnOpaqueRefreshTokenAsOpaque()
    {
        const QByteArray access = accessToken();
        const BundleReport report = BundleChecks::check(
            TokenBundleReader::read(QString::fromLatin1(response(access, idToken(access), "8xLOxBtZp8"))), {});
        QStringList roles;
        for (const BundleToken &token : report.tokens)
            roles << token.role;
        QCOMPARE(roles,
                 (QStringList {QStringLiteral("access_token"), QStringLiteral("id_token"),
                               QStringLiteral("refresh_token")}));
        QVERIFY(report.token(u"access_token")->decoded);
        QVERIFY(!report.token(u"refresh_token")->decoded);
        QVERIFY(report.isValid());
    }

    void readsTheRfc9449ResourceRequest_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<TokenBundle::Source>("source");
        const QString proof = QString::fromLatin1(kRfc9449ResourceProof);
        const QString token = QString::fromLatin1(kRfc9449AccessToken);
        // RFC 9449 §7.1 Figure 12, the proof unwrapped.
        QTest::newRow("HTTP request") << QStringLiteral(
                                             "GET /protectedresource HTTP/1.1\r\nHost: resource.example.org\r\n"
                                             "Authorization: DPoP %1\r\nDPoP: %2\r\n\r\n")
                                             .arg(token, proof)
                                      << TokenBundle::Source::HttpRequest;
        QTest::newRow("curl") << QStringLiteral("curl -H 'Authorization: DPoP %1' \\\n  -H \"DPoP: %2\" "
                                                "https://resource.example.org/protectedresource")
                                     .arg(token, proof)
                              << TokenBundle::Source::HttpRequest;
    }
    void readsTheRfc9449ResourceRequest()
    {
        QFETCH(QString, text);
        QFETCH(TokenBundle::Source, source);
        const TokenBundle bundle = TokenBundleReader::read(text);
        QCOMPARE(bundle.source, source);
        QCOMPARE(bundle.method, QStringLiteral("GET"));
        QCOMPARE(bundle.url, QStringLiteral("https://resource.example.org/protectedresource"));
        QCOMPARE(bundle.tokenType, QStringLiteral("DPoP"));
        QCOMPARE(bundle.accessToken, kRfc9449AccessToken);
        QCOMPARE(bundle.dpopProof, kRfc9449ResourceProof);

        const FixedClock clock(kRfc9449ResourceIat + 5);
        BundleOptions options;
        options.dpop.clock = &clock;
        const BundleReport report = BundleChecks::check(bundle, options);
        for (const char *check : {"dpop_scheme", "dpop_typ", "dpop_jwk", "dpop_signature", "dpop_htm", "dpop_htu",
                                  "dpop_iat", "dpop_jti", "dpop_ath"})
            QVERIFY2(outcomeOf(report, QString::fromLatin1(check)) == u"pass", check);
        QVERIFY2(report.isValid(), qPrintable(describe(report.checks)));
        QCOMPARE(report.dpop->thumbprint, kRfc9449Jkt);
    }

    void flagsABoundTokenSentAsBearerAndSeveralProofs()
    {
        const QString proof = QString::fromLatin1(kRfc9449ResourceProof);
        const QString bearer = QStringLiteral("curl -X GET -H 'Authorization: Bearer %1' -H 'DPoP: %2' -H 'dpop: %2' "
                                              "https://resource.example.org/protectedresource")
                                   .arg(QString::fromLatin1(kRfc9449AccessToken), proof);
        const FixedClock clock(kRfc9449ResourceIat);
        BundleOptions options;
        options.dpop.clock = &clock;
        const BundleReport report = BundleChecks::check(TokenBundleReader::read(bearer), options);
        QCOMPARE(outcomeOf(report, u"dpop_scheme"), QStringLiteral("fail dpop_bearer_scheme"));
        QCOMPARE(outcomeOf(report, u"dpop_header"), QStringLiteral("fail dpop_malformed"));
        QCOMPARE(report.bundle.dpopHeaderCount, 2);
    }

    void readsACurlMethodFromItsOptions_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("method");
        const QString proof = QString::fromLatin1(kRfc9449TokenRequestProof);
        QTest::newRow("-d means POST")
            << QStringLiteral("curl -H 'DPoP: %1' -d grant_type=refresh_token https://server.example.com/token")
                   .arg(proof)
            << "POST";
        QTest::newRow("--request")
            << QStringLiteral("curl --request PUT -H 'DPoP: %1' https://server.example.com/token").arg(proof) << "PUT";
        QTest::newRow("no body means GET")
            << QStringLiteral("curl -H 'DPoP: %1' https://server.example.com/token").arg(proof) << "GET";
    }
    void readsACurlMethodFromItsOptions()
    {
        QFETCH(QString, command);
        QFETCH(QString, method);
        const TokenBundle bundle = TokenBundleReader::read(command);
        QCOMPARE(bundle.method, method);
        QCOMPARE(bundle.url, QStringLiteral("https://server.example.com/token"));
        QCOMPARE(bundle.dpopProof, kRfc9449TokenRequestProof);
    }

    void readsARedirectUrl()
    {
        // OIDC Core §3.3.2.5 hybrid response (code id_token), with the Appendix A.4 code.
        const QByteArray code = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";
        const QByteArray cHash = OidcHashes::leftHalfHashes(Algorithm::ES256, code).first().value.toLatin1();
        const QByteArray id
            = jwt("{\"iss\":\"https://as.example.com\",\"sub\":\"alice\",\"aud\":\"app\",\"nonce\":\"n-1\","
                  "\"c_hash\":\""
                  + cHash + "\"}");
        const QString url = QStringLiteral("https://client.example.org/cb#code=%1&id_token=%2&state=af0ifjsldkj")
                                .arg(QString::fromLatin1(code), QString::fromLatin1(id));
        const TokenBundle bundle = TokenBundleReader::read(url);
        QCOMPARE(bundle.source, TokenBundle::Source::RedirectUrl);
        QCOMPARE(bundle.code, code);
        QCOMPARE(bundle.state, QByteArray("af0ifjsldkj"));
        QCOMPARE(bundle.idToken, id);
        BundleOptions options;
        options.oidcNonce = QStringLiteral("n-1");
        const BundleReport report = BundleChecks::check(bundle, options);
        QCOMPARE(outcomeOf(report, u"c_hash"), QStringLiteral("pass"));
        QCOMPARE(outcomeOf(report, u"id_token_nonce"), QStringLiteral("pass"));
        QCOMPARE(outcomeOf(report, u"s_hash"), QStringLiteral("not_checked"));
        QVERIFY(report.isValid());
    }

    void tellsPastedTokensApartByTypAndClaims()
    {
        const QByteArray access = accessToken();
        const QByteArray id = idToken(access);
        // An ID token first, then its access token, then a proof, with noise between them.
        const QString text = QStringLiteral("id: %1\naccess: %2\nproof: %3\n")
                                 .arg(QString::fromLatin1(id), QString::fromLatin1(access),
                                      QString::fromLatin1(kRfc9449TokenRequestProof));
        const TokenBundle bundle = TokenBundleReader::read(text);
        QCOMPARE(bundle.source, TokenBundle::Source::Tokens);
        QCOMPARE(bundle.idToken, id);
        QCOMPARE(bundle.accessToken, access);
        QCOMPARE(bundle.dpopProof, kRfc9449TokenRequestProof);
    }

    void aSingleTokenIsNotABundle()
    {
        QVERIFY(!TokenBundleReader::read(QString::fromLatin1(accessToken())).isCompound());
        QVERIFY(!TokenBundleReader::read(
                     QStringLiteral("https://app.example.com/cb#id_token=%1").arg(QString::fromLatin1(idToken("x"))))
                     .isCompound());
        QVERIFY(!TokenBundleReader::read(QStringLiteral("{\"not\":\"a response\"}")).isCompound());
        // A state beside an ID token relates only through s_hash: still one token to show.
        QVERIFY(!TokenBundleReader::read(QStringLiteral("https://app.example.com/cb#id_token=%1&state=af0ifjsldkj")
                                             .arg(QString::fromLatin1(idToken("x"))))
                     .isCompound());
    }
};

QTEST_GUILESS_MAIN(TestBundleChecks)
#include "tst_bundlechecks.moc"
