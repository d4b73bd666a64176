// How much full verification (decode + HS256 + claim checks) costs next to a bare HMAC over the same signing input.
// Registered as a test so it stays compiling and quick; the ratio is printed, not asserted, because Debug and
// sanitizer builds distort it (the release-mode target is >= 0.7x a bare HMAC, see tests/bench/README.md).
// TokenVerifier::verify(text) takes a fast path for simple valid tokens; textAndDecodedPathsAgree checks that it
// gives exactly the verdict of decoding and verifying the DecodedToken, for simple and not-so-simple tokens.

#include "VerifyTestSupport.h"
#include "common/Clock.h"
#include "verify/TokenVerifier.h"

#include <QElapsedTimer>
#include <QStringList>
#include <QTest>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>

using namespace tokenscope;
using namespace tokenscope::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kSecret = "a-32-byte-secret-for-hs256-bench";

struct MacFree
{
    void operator()(EVP_MAC *mac) const { EVP_MAC_free(mac); }
};
struct MacContextFree
{
    void operator()(EVP_MAC_CTX *context) const { EVP_MAC_CTX_free(context); }
};

// What tests/bench/floor.cpp does per HS256 token: MAC init with the key, update, final, constant-time compare.
class BareHmac
{
public:
    BareHmac() : m_mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr)), m_context(EVP_MAC_CTX_new(m_mac.get())) { }
    bool verify(QByteArrayView input, QByteArrayView tag)
    {
        char digest[] = "SHA256";
        const OSSL_PARAM parameters[]
            = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
        unsigned char out[EVP_MAX_MD_SIZE];
        size_t length = 0;
        if (EVP_MAC_init(m_context.get(), reinterpret_cast<const unsigned char *>(kSecret.constData()),
                         size_t(kSecret.size()), parameters)
                != 1
            || EVP_MAC_update(m_context.get(), reinterpret_cast<const unsigned char *>(input.data()),
                              size_t(input.size()))
                != 1
            || EVP_MAC_final(m_context.get(), out, &length, sizeof out) != 1)
            return false;
        return qsizetype(length) == tag.size() && CRYPTO_memcmp(out, tag.data(), length) == 0;
    }

private:
    std::unique_ptr<EVP_MAC, MacFree> m_mac;
    std::unique_ptr<EVP_MAC_CTX, MacContextFree> m_context;
};

// JSON written with single quotes, which are easier to read in C++ strings.
QByteArray json(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

} // namespace

class BenchVerifier : public QObject
{
    Q_OBJECT

private:
    QByteArray m_token;
    KeySet m_keys;
    VerificationPolicy m_policy;
    FixedClock m_clock {SystemClock::instance().nowSeconds()};

private slots:
    void initTestCase()
    {
        // A typical access token of about 400 bytes, like the CLI bench corpus.
        const qint64 now = m_clock.nowSeconds();
        const QByteArray payload
            = "{\"iss\":\"https://issuer.example\",\"sub\":\"user-481516\",\"aud\":[\"api://orders\","
              "\"api://billing\"],\"exp\":"
            + QByteArray::number(now + 3600) + ",\"iat\":" + QByteArray::number(now - 60)
            + ",\"jti\":\"2f1e7c1a-5b0e-4d7e-9a6a-1c2d3e4f5a6b\",\"scope\":\"orders:read orders:write billing:read\","
              "\"client_id\":\"web-app\"}";
        const Key key = KeyParser::secretKey(kSecret, QStringLiteral("bench"));
        m_keys = {key};
        m_token = signedToken("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"hs-1\"}", payload, key, Algorithm::HS256);
        m_policy.allowedAlgorithms = {Algorithm::HS256};
        m_policy.clock = &m_clock;
        const VerificationResult result = TokenVerifier::verify(m_token, m_keys, m_policy);
        QVERIFY2(result.isValid(), qPrintable(result.message));
    }

    void bareHmac()
    {
        BareHmac hmac;
        const qsizetype dot = m_token.lastIndexOf('.');
        const QByteArray tag = QByteArray::fromBase64(m_token.mid(dot + 1), QByteArray::Base64UrlEncoding);
        QBENCHMARK
        {
            QVERIFY(hmac.verify(QByteArrayView(m_token).first(dot), tag));
        }
    }

    void decodeOnly()
    {
        QBENCHMARK
        {
            QVERIFY(CompactToken::decode(m_token));
        }
    }

    void fullVerification()
    {
        QBENCHMARK
        {
            QVERIFY(TokenVerifier::verify(m_token, m_keys, m_policy).isValid());
        }
    }

    // What the GUI does: decode once (the tree feeds its panes), then verify the DecodedToken.
    void decodedTokenVerification()
    {
        QBENCHMARK
        {
            const DecodeResult decoded = CompactToken::decode(m_token);
            QVERIFY(TokenVerifier::verify(*decoded.token, m_keys, m_policy).isValid());
        }
    }

    void textAndDecodedPathsAgree_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("tweak");
        QTest::addColumn<QString>("reason");

        const qint64 now = m_clock.nowSeconds();
        const QByteArray exp = QByteArray::number(now + 3600);
        const QByteArray past = QByteArray::number(now - 10);
        const QByteArray soon = QByteArray::number(now + 120);
        const QByteArray plain = json("{'alg':'HS256','typ':'JWT'}");
        const QByteArray claims = json("{'iss':'https://issuer.example','aud':'api','exp':") + exp + "}";
        QTest::newRow("simple") << plain << claims << QString() << u"valid"_s;
        QTest::newRow("spaced JSON") << QByteArray(" {\n \"alg\" : \"HS256\" }\t")
                                     << QByteArray("{ \"exp\" :\r\n" + exp + " , \"aud\" : [ \"x\" , \"api\" ] }")
                                     << u"aud api"_s << u"valid"_s;
        QTest::newRow("issuer and audience") << plain << claims << u"iss aud"_s << u"valid"_s;
        QTest::newRow("audience in array")
            << plain << QByteArray(json("{'aud':['a',1,'api'],'exp':") + exp + "}") << u"aud api"_s << u"valid"_s;
        QTest::newRow("required claim") << plain << claims << u"require iss"_s << u"valid"_s;
        QTest::newRow("kid picks the second key")
            << QByteArray(json("{'alg':'HS256','kid':'b'}")) << claims << u"two keys"_s << u"valid"_s;
        QTest::newRow("no kid, second key verifies") << plain << claims << u"wrong key first"_s << u"valid"_s;
        QTest::newRow("escaped string") << plain << QByteArray(json("{'sub':'a\\'b','exp':") + exp + "}") << QString()
                                        << u"valid"_s;
        QTest::newRow("UTF-8 string") << plain << QByteArray("{\"name\":\"Jos\xc3\xa9\",\"exp\":" + exp + "}")
                                      << QString() << u"valid"_s;
        QTest::newRow("nested object") << plain << QByteArray(json("{'a':{'b':[1,{'c':null}]},'exp':") + exp + "}")
                                       << QString() << u"valid"_s;
        QTest::newRow("fractional exp") << plain << QByteArray(json("{'exp':") + exp + ".5}") << QString()
                                        << u"valid"_s;
        QTest::newRow("no claims") << plain << QByteArray("{}") << QString() << u"valid"_s;
        QTest::newRow("expired") << plain << QByteArray(json("{'exp':") + past + "}") << QString() << u"expired"_s;
        QTest::newRow("expired within leeway")
            << plain << QByteArray(json("{'exp':") + past + "}") << u"leeway"_s << u"valid"_s;
        QTest::newRow("not yet valid") << plain << QByteArray(json("{'nbf':") + soon + "}") << QString()
                                       << u"not_yet_valid"_s;
        QTest::newRow("issued in the future")
            << plain << QByteArray(json("{'iat':") + soon + "}") << QString() << u"iat_in_future"_s;
        QTest::newRow("exp is a string") << plain << QByteArray(json("{'exp':'") + exp + "\"}") << QString()
                                         << u"malformed"_s;
        QTest::newRow("issuer differs") << plain << QByteArray(json("{'iss':'https://other'}")) << u"iss"_s
                                        << u"iss_mismatch"_s;
        QTest::newRow("audience differs")
            << plain << QByteArray(json("{'aud':['a','b']}")) << u"aud api"_s << u"aud_mismatch"_s;
        QTest::newRow("required claim missing") << plain << claims << u"require jti"_s << u"missing_claim"_s;
        QTest::newRow("duplicate claim") << plain << QByteArray(json("{'exp':1,'exp':") + exp + "}") << QString()
                                         << u"duplicate_member"_s;
        QTest::newRow("duplicate header member")
            << QByteArray(json("{'alg':'HS256','alg':'HS256'}")) << claims << QString() << u"duplicate_member"_s;
        QTest::newRow("bad signature") << plain << claims << u"wrong key"_s << u"bad_signature"_s;
        QTest::newRow("kid not found") << QByteArray(json("{'alg':'HS256','kid':'zz'}")) << claims << u"two keys"_s
                                       << u"key_not_found"_s;
        QTest::newRow("kid not a string")
            << QByteArray(json("{'alg':'HS256','kid':7}")) << claims << QString() << u"malformed"_s;
        QTest::newRow("alg none") << QByteArray(json("{'alg':'none'}")) << claims << QString() << u"unsecured"_s;
        QTest::newRow("alg not allowed") << QByteArray(json("{'alg':'HS384'}")) << claims << QString()
                                         << u"alg_not_allowed"_s;
        QTest::newRow("crit") << QByteArray(json("{'alg':'HS256','crit':['exp'],'exp':1}")) << claims << QString()
                              << u"crit_unsupported"_s;
        // RFC 7519 §7.2: a JWT verifier that cannot read the claims fails closed; a plain JWS may opt out.
        QTest::newRow("payload not an object") << plain << QByteArray("[1,2]") << QString() << u"claims_unreadable"_s;
        QTest::newRow("payload not JSON") << plain << QByteArray("{\"a\":") << QString() << u"claims_unreadable"_s;
        QTest::newRow("payload not JSON, any payload")
            << plain << QByteArray("{\"a\":") << u"payload any"_s << u"valid"_s;
        QTest::newRow("padded part") << plain << claims << u"pad"_s << u"malformed"_s;
        QTest::newRow("number with leading zero")
            << plain << QByteArray(json("{'n':01}")) << QString() << u"claims_unreadable"_s;
    }

    void textAndDecodedPathsAgree()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, payload);
        QFETCH(QString, tweak);
        QFETCH(QString, reason);

        const Key right = KeyParser::secretKey(kSecret, QStringLiteral("bench"));
        const Key wrong = KeyParser::secretKey("another-32-byte-secret-for-bench", QStringLiteral("other"));
        KeySet keys = {right};
        if (tweak.contains(u"wrong key first"))
            keys = {wrong, right};
        else if (tweak.contains(u"wrong key"))
            keys = {wrong};
        if (tweak.contains(u"two keys")) {
            Key first = wrong;
            first.setKid(u"a"_s);
            Key second = right;
            second.setKid(u"b"_s);
            keys = {first, second};
        }
        VerificationPolicy policy = m_policy;
        if (tweak.contains(u"iss"))
            policy.expectedIssuer = u"https://issuer.example"_s;
        if (tweak.contains(u"aud"))
            policy.expectedAudience = u"api"_s;
        if (tweak.contains(u"require iss"))
            policy.requiredClaims = {u"iss"_s};
        if (tweak.contains(u"require jti"))
            policy.requiredClaims = {u"jti"_s};
        if (tweak.contains(u"leeway"))
            policy.leewaySeconds = 60;
        if (tweak.contains(u"payload any"))
            policy.payloadKind = VerificationPolicy::PayloadKind::Any;
        QByteArray token = signedToken(header, payload, right, Algorithm::HS256);
        if (tweak.contains(u"pad"))
            token.insert(token.indexOf('.'), "==");

        const VerificationResult fromText = TokenVerifier::verify(token, keys, policy);
        const DecodeResult decoded = CompactToken::decode(token);
        const VerificationResult fromDecoded
            = decoded ? TokenVerifier::verify(*decoded.token, keys, policy) : VerificationResult {};
        QCOMPARE(reasonName(fromText.reason), reason);
        QCOMPARE(fromText.reason, fromDecoded.reason);
        if (decoded)
            QCOMPARE(fromText.message, fromDecoded.message);
        QCOMPARE(fromText.attempts.size(), fromDecoded.attempts.size());
        for (qsizetype index = 0; index < fromText.attempts.size(); ++index) {
            const KeyAttempt &textAttempt = fromText.attempts.at(index);
            const KeyAttempt &decodedAttempt = fromDecoded.attempts.at(index);
            QCOMPARE(QStringList({textAttempt.kid, textAttempt.kty, textAttempt.alg, textAttempt.use,
                                  textAttempt.source, textAttempt.thumbprint, textAttempt.outcome}),
                     QStringList({decodedAttempt.kid, decodedAttempt.kty, decodedAttempt.alg, decodedAttempt.use,
                                  decodedAttempt.source, decodedAttempt.thumbprint, decodedAttempt.outcome}));
        }
        QCOMPARE(fromText.verifiedBy.has_value(), fromDecoded.verifiedBy.has_value());
        if (fromText.verifiedBy)
            QCOMPARE(fromText.verifiedBy->thumbprint(), fromDecoded.verifiedBy->thumbprint());
        QCOMPARE(fromText.findings.size(), fromDecoded.findings.size());
    }

    // The figure the CLI bench checks: full verifications per second over bare HMACs per second.
    void ratioAgainstBareHmac()
    {
        BareHmac hmac;
        const qsizetype dot = m_token.lastIndexOf('.');
        const QByteArray tag = QByteArray::fromBase64(m_token.mid(dot + 1), QByteArray::Base64UrlEncoding);
        const int rounds
            = qEnvironmentVariableIntValue("BENCH_ROUNDS") > 0 ? qEnvironmentVariableIntValue("BENCH_ROUNDS") : 20000;
        int failures = 0;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < rounds; ++i)
            failures += hmac.verify(QByteArrayView(m_token).first(dot), tag) ? 0 : 1;
        const qint64 bareNanoseconds = timer.nsecsElapsed();
        timer.restart();
        for (int i = 0; i < rounds; ++i)
            failures += TokenVerifier::verify(m_token, m_keys, m_policy).isValid() ? 0 : 1;
        const qint64 fullNanoseconds = timer.nsecsElapsed();
        QCOMPARE(failures, 0);
        qInfo("bare HMAC %.0f ns/token, full verification %.0f ns/token, ratio %.2fx (target >= 0.7x in release)",
              double(bareNanoseconds) / rounds, double(fullNanoseconds) / rounds,
              double(bareNanoseconds) / double(fullNanoseconds));
    }
};

QTEST_GUILESS_MAIN(BenchVerifier)
#include "bench_verifier.moc"
