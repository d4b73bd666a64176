// DpopVerifier: each RFC 9449 §4.3 check on the RFC's own example proofs, and on proofs made here that break one
// rule at a time.

#include "BindingTestSupport.h"
#include "binding/DpopVerifier.h"
#include "crypto/KeyGenerator.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;

namespace {

struct Request
{
    QString method;
    QString url;
    QString nonce;
    QByteArray accessToken; // empty: none given
    qint64 now = 0;
};

} // namespace

Q_DECLARE_METATYPE(Request)

class TestDpopVerifier : public QObject
{
    Q_OBJECT

    Key m_key; // ES256, private
    Key m_otherKey; // ES256, private

    QByteArray header(const QByteArray &extra = {}, const Key *embedded = nullptr,
                      Key::Export what = Key::Export::PublicOnly) const
    {
        const Key &key = embedded ? *embedded : m_key;
        QByteArray json = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + key.toJwk(what);
        return json + extra + '}';
    }
    static QByteArray payload(const QByteArray &extra = {})
    {
        return "{\"jti\":\"j-1\",\"htm\":\"POST\",\"htu\":\"https://as.example.com/token\",\"iat\":1700000000" + extra
            + '}';
    }
    QByteArray proof(const QByteArray &headerJson, const QByteArray &payloadJson) const
    {
        return signedToken(headerJson, payloadJson, m_key, Algorithm::ES256);
    }
    static Request madeRequest()
    {
        return {QStringLiteral("POST"), QStringLiteral("https://as.example.com/token"), {}, {}, 1700000000};
    }

private slots:
    void initTestCase()
    {
        m_key = generatedKey(Algorithm::ES256, QString());
        m_otherKey = generatedKey(Algorithm::ES256, QString());
    }

    void judgesEachStep_data()
    {
        QTest::addColumn<QByteArray>("proof");
        QTest::addColumn<Request>("request");
        QTest::addColumn<QString>("check");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<QString>("reason");

        const Request tokenRequest {QStringLiteral("POST"),
                                    QStringLiteral("https://server.example.com/token"),
                                    {},
                                    {},
                                    kRfc9449TokenRequestIat};
        const Request resource {QStringLiteral("GET"),
                                QStringLiteral("https://resource.example.org/protectedresource"),
                                {},
                                kRfc9449AccessToken,
                                kRfc9449ResourceIat};
        const QByteArray rfcProof = kRfc9449TokenRequestProof;
        for (const char *check :
             {"dpop_typ", "dpop_alg", "dpop_jwk", "dpop_signature", "dpop_htm", "dpop_htu", "dpop_iat", "dpop_jti"})
            QTest::addRow("RFC 9449 §4.1 %s", check) << rfcProof << tokenRequest << check << "pass"
                                                     << "";
        QTest::newRow("RFC 9449 §4.1 no nonce expected") << rfcProof << tokenRequest << "dpop_nonce"
                                                         << "not_checked"
                                                         << "";
        QTest::newRow("RFC 9449 §4.1 no access token") << rfcProof << tokenRequest << "dpop_ath"
                                                       << "not_checked"
                                                       << "";
        for (const char *check : {"dpop_signature", "dpop_htm", "dpop_htu", "dpop_ath"})
            QTest::addRow("RFC 9449 §7.1 %s", check) << kRfc9449ResourceProof << resource << check << "pass"
                                                     << "";
        QTest::newRow("RFC 9449 §7.1 opaque access token: jkt unknown")
            << kRfc9449ResourceProof << resource << "dpop_jkt"
            << "not_checked"
            << "";

        // htm and htu against the request (RFC 9449 §4.3 steps 8-9).
        Request get = tokenRequest;
        get.method = QStringLiteral("GET");
        QTest::newRow("htm POST, request GET") << rfcProof << get << "dpop_htm"
                                               << "fail"
                                               << "dpop_htm_mismatch";
        Request lower = tokenRequest;
        lower.method = QStringLiteral("post");
        QTest::newRow("htm is case-sensitive") << rfcProof << lower << "dpop_htm"
                                               << "fail"
                                               << "dpop_htm_mismatch";
        const auto atUrl = [&tokenRequest](const char *url) {
            Request request = tokenRequest;
            request.url = QString::fromLatin1(url);
            return request;
        };
        QTest::newRow("htu: scheme and host case, default port, query, fragment")
            << rfcProof << atUrl("HTTPS://Server.Example.COM:443/token?grant=1#top") << "dpop_htu"
            << "pass"
            << "";
        QTest::newRow("htu: dot segments") << rfcProof << atUrl("https://server.example.com/a/../token") << "dpop_htu"
                                           << "pass"
                                           << "";
        QTest::newRow("htu: other path") << rfcProof << atUrl("https://server.example.com/token2") << "dpop_htu"
                                         << "fail"
                                         << "dpop_htu_mismatch";
        QTest::newRow("htu: path is case-sensitive")
            << rfcProof << atUrl("https://server.example.com/Token") << "dpop_htu"
            << "fail"
            << "dpop_htu_mismatch";
        QTest::newRow("htu: other port") << rfcProof << atUrl("https://server.example.com:8443/token") << "dpop_htu"
                                         << "fail"
                                         << "dpop_htu_mismatch";
        QTest::newRow("htu: other scheme") << rfcProof << atUrl("http://server.example.com/token") << "dpop_htu"
                                           << "fail"
                                           << "dpop_htu_mismatch";

        // The iat window: 300 s back, 60 s ahead by default.
        const auto at = [&tokenRequest](qint64 now) {
            Request request = tokenRequest;
            request.now = now;
            return request;
        };
        QTest::newRow("iat 300 s ago") << rfcProof << at(kRfc9449TokenRequestIat + 300) << "dpop_iat"
                                       << "pass"
                                       << "";
        QTest::newRow("iat 301 s ago") << rfcProof << at(kRfc9449TokenRequestIat + 301) << "dpop_iat"
                                       << "fail"
                                       << "dpop_iat_outside_window";
        QTest::newRow("iat 61 s ahead") << rfcProof << at(kRfc9449TokenRequestIat - 61) << "dpop_iat"
                                        << "fail"
                                        << "dpop_iat_outside_window";

        Request withNonce = tokenRequest;
        withNonce.nonce = QStringLiteral("eyJ7S_zG.eyJH0-Z.HX4w-7v");
        QTest::newRow("server nonce not in proof") << rfcProof << withNonce << "dpop_nonce"
                                                   << "fail"
                                                   << "dpop_nonce_mismatch";
        Request otherToken = resource;
        otherToken.accessToken = "another-token";
        QTest::newRow("ath of another token") << kRfc9449ResourceProof << otherToken << "dpop_ath"
                                              << "fail"
                                              << "dpop_ath_mismatch";
        Request withToken = tokenRequest;
        withToken.accessToken = kRfc9449AccessToken;
        QTest::newRow("access token given, proof has no ath") << rfcProof << withToken << "dpop_ath"
                                                              << "fail"
                                                              << "dpop_ath_mismatch";

        // Proofs made here, each breaking one rule.
        const Request made = madeRequest();
        QTest::newRow("made: valid signature") << proof(header(), payload()) << made << "dpop_signature"
                                               << "pass"
                                               << "";
        QTest::newRow("made: typ JWT") << proof("{\"typ\":\"JWT\",\"alg\":\"ES256\",\"jwk\":" + m_key.toJwk() + '}',
                                                payload())
                                       << made << "dpop_typ"
                                       << "fail"
                                       << "dpop_typ_wrong";
        QTest::newRow("made: no typ") << proof("{\"alg\":\"ES256\",\"jwk\":" + m_key.toJwk() + '}', payload()) << made
                                      << "dpop_typ"
                                      << "fail"
                                      << "dpop_typ_wrong";
        QTest::newRow("made: private jwk")
            << proof(header({}, &m_key, Key::Export::IncludePrivate), payload()) << made << "dpop_jwk"
            << "fail"
            << "dpop_jwk_private";
        QTest::newRow("made: no jwk") << proof("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\"}", payload()) << made
                                      << "dpop_jwk"
                                      << "fail"
                                      << "dpop_jwk_missing";
        QTest::newRow("made: signed by another key")
            << proof(header({}, &m_otherKey), payload()) << made << "dpop_signature"
            << "fail"
            << "dpop_signature_invalid";
        QTest::newRow("made: HS256") << unsignedToken("{\"typ\":\"dpop+jwt\",\"alg\":\"HS256\"}", payload(), "mac")
                                     << made << "dpop_alg"
                                     << "fail"
                                     << "dpop_alg_unusable";
        QTest::newRow("made: no jti") << proof(header(),
                                               "{\"htm\":\"POST\",\"htu\":\"https://as.example.com/token\","
                                               "\"iat\":1700000000}")
                                      << made << "dpop_jti"
                                      << "fail"
                                      << "dpop_jti_missing";
        QTest::newRow("made: no htu") << proof(header(), "{\"jti\":\"j\",\"htm\":\"POST\",\"iat\":1700000000}") << made
                                      << "dpop_htu"
                                      << "fail"
                                      << "dpop_htu_mismatch";
        QTest::newRow("made: no iat") << proof(
            header(), "{\"jti\":\"j\",\"htm\":\"POST\",\"htu\":\"https://as.example.com/token\"}")
                                      << made << "dpop_iat"
                                      << "fail"
                                      << "dpop_iat_outside_window";
        QTest::newRow("made: typ application/DPoP+JWT is the same media type")
            << proof("{\"typ\":\"application/DPoP+JWT\",\"alg\":\"ES256\",\"jwk\":" + m_key.toJwk() + '}', payload())
            << made << "dpop_typ"
            << "pass"
            << "";
        // RFC 9449 §8: the server answers use_dpop_nonce with "DPoP-Nonce: eyJ7S_zG.eyJH0-Z.HX4w-7v" and the client
        // retries with the nonce in the proof. The RFC shows that payload unsigned; it is signed here.
        Request rfcNonce = tokenRequest;
        rfcNonce.nonce = QStringLiteral("eyJ7S_zG.eyJH0-Z.HX4w-7v");
        const QByteArray rfcNoncePayload = "{\"jti\":\"-BwC3ESc6acc2lTc\",\"htm\":\"POST\","
                                           "\"htu\":\"https://server.example.com/token\",\"iat\":1562262616,"
                                           "\"nonce\":\"eyJ7S_zG.eyJH0-Z.HX4w-7v\"}";
        for (const char *check : {"dpop_nonce", "dpop_signature", "dpop_htu", "dpop_iat"})
            QTest::addRow("RFC 9449 §8 retry with the nonce: %s", check)
                << proof(header(), rfcNoncePayload) << rfcNonce << check << "pass"
                << "";
        Request madeNonce = made;
        madeNonce.nonce = QStringLiteral("n-1");
        QTest::newRow("made: nonce matches")
            << proof(header(), payload(",\"nonce\":\"n-1\"")) << madeNonce << "dpop_nonce"
            << "pass"
            << "";
        QTest::newRow("made: nonce differs")
            << proof(header(), payload(",\"nonce\":\"n-0\"")) << madeNonce << "dpop_nonce"
            << "fail"
            << "dpop_nonce_mismatch";
    }

    void judgesEachStep()
    {
        QFETCH(QByteArray, proof);
        QFETCH(Request, request);
        QFETCH(QString, check);
        QFETCH(QString, outcome);
        QFETCH(QString, reason);
        const FixedClock clock(request.now);
        DpopExpectation expectation;
        expectation.method = request.method;
        expectation.url = request.url;
        expectation.nonce = request.nonce;
        if (!request.accessToken.isEmpty())
            expectation.accessToken = request.accessToken;
        expectation.clock = &clock;
        const DpopResult result = DpopVerifier::verify(decoded(proof), expectation);
        const BindingCheck *line = findCheck(result.checks, check);
        QVERIFY2(line, qPrintable(describe(result.checks)));
        QCOMPARE(Binding::outcomeName(line->outcome), outcome);
        QCOMPARE(line->reason, reason);
        QVERIFY(!line->message.isEmpty());
    }

    void reproducesTheRfcThumbprintAndAccessTokenHash()
    {
        const FixedClock clock(kRfc9449ResourceIat);
        DpopExpectation expectation;
        expectation.clock = &clock;
        const DpopResult result = DpopVerifier::verify(decoded(kRfc9449ResourceProof), expectation);
        QCOMPARE(result.thumbprint, kRfc9449Jkt);
        QCOMPARE(DpopVerifier::accessTokenHash(kRfc9449AccessToken),
                 QStringLiteral("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"));
    }

    void bindsAJwtAccessTokenByItsJkt_data()
    {
        QTest::addColumn<bool>("sameKey");
        QTest::addColumn<bool>("withCnf");
        QTest::addColumn<QString>("outcome");
        QTest::newRow("cnf.jkt of the proof key") << true << true << "pass";
        QTest::newRow("cnf.jkt of another key") << false << true << "fail";
        QTest::newRow("no cnf") << true << false << "fail";
    }
    void bindsAJwtAccessTokenByItsJkt()
    {
        QFETCH(bool, sameKey);
        QFETCH(bool, withCnf);
        QFETCH(QString, outcome);
        const Key issuer = generatedKey(Algorithm::ES256, QStringLiteral("as"));
        const QString jkt = (sameKey ? m_key : m_otherKey).thumbprint();
        const QByteArray claims = withCnf ? "{\"sub\":\"alice\",\"cnf\":{\"jkt\":\"" + jkt.toLatin1() + "\"}}"
                                          : QByteArray("{\"sub\":\"alice\"}");
        const QByteArray accessToken
            = signedToken("{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}", claims, issuer, Algorithm::ES256);
        const QByteArray ath = DpopVerifier::accessTokenHash(accessToken).toLatin1();
        const QByteArray made = proof(header(), payload(",\"ath\":\"" + ath + '"'));
        const FixedClock clock(1700000000);
        DpopExpectation expectation;
        expectation.clock = &clock;
        expectation.accessToken = accessToken;
        const DpopResult result = DpopVerifier::verify(decoded(made), expectation);
        const BindingCheck *jktCheck = findCheck(result.checks, u"dpop_jkt");
        QVERIFY(jktCheck);
        QCOMPARE(Binding::outcomeName(jktCheck->outcome), outcome);
        QCOMPARE(jktCheck->reason, outcome == u"fail" ? QStringLiteral("dpop_jkt_mismatch") : QString());
        QCOMPARE(Binding::outcomeName(findCheck(result.checks, u"dpop_ath")->outcome), QStringLiteral("pass"));
        QCOMPARE(result.isValid(), outcome == u"pass");
    }

    void refusesWhatIsNotASignedProof_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::newRow("alg none") << unsignedToken("{\"typ\":\"dpop+jwt\",\"alg\":\"none\"}", payload());
        QTest::newRow("payload not JSON") << unsignedToken("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\"}", "not json", "x");
    }
    void refusesWhatIsNotASignedProof()
    {
        QFETCH(QByteArray, token);
        const DpopResult result = DpopVerifier::verify(decoded(token), {});
        QCOMPARE(result.checks.size(), 1);
        QCOMPARE(result.checks.first().reason, QStringLiteral("dpop_malformed"));
        QVERIFY(!result.isValid());
    }

    void normalizesTargetUris_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("normalized");
        QTest::newRow("as is") << "https://server.example.com/token"
                               << "https://server.example.com/token";
        QTest::newRow("case, port, query") << "HTTPS://SERVER.example.COM:443/token?a=b#c"
                                           << "https://server.example.com/token";
        QTest::newRow("empty path") << "https://server.example.com"
                                    << "https://server.example.com/";
        QTest::newRow("http default port") << "http://server.example.com:80/x"
                                           << "http://server.example.com/x";
        QTest::newRow("other port kept") << "https://server.example.com:8443/x"
                                         << "https://server.example.com:8443/x";
        QTest::newRow("unreserved escape decoded") << "https://server.example.com/%7Ealice"
                                                   << "https://server.example.com/~alice";
        QTest::newRow("escape case") << "https://server.example.com/a%2fb"
                                     << "https://server.example.com/a%2Fb";
        QTest::newRow("IPv6 literal") << "https://[::1]:8443/x?y"
                                      << "https://[::1]:8443/x";
        QTest::newRow("not http") << "ftp://server.example.com/x"
                                  << "";
        QTest::newRow("relative") << "/token"
                                  << "";
    }
    void normalizesTargetUris()
    {
        QFETCH(QString, uri);
        QFETCH(QString, normalized);
        const Result<QString> target = DpopVerifier::normalizedTargetUri(uri);
        QCOMPARE(target.hasValue(), !normalized.isEmpty());
        if (target)
            QCOMPARE(*target, normalized);
        else
            QVERIFY(target.error().code() == ErrorCode("dpop.unusable_uri"));
    }
};

QTEST_GUILESS_MAIN(TestDpopVerifier)
#include "tst_dpopverifier.moc"
