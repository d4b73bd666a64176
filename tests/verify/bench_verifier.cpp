// How much full verification (decode + HS256 + claim checks) costs next to a bare HMAC over the same signing input.
// Registered as a test so it stays compiling and quick; the ratio is printed, not asserted, because Debug and
// sanitizer builds distort it (the release-mode target is >= 0.7x a bare HMAC, see tests/bench/README.md).

#include "VerifyTestSupport.h"

#include "common/Clock.h"
#include "verify/TokenVerifier.h"

#include <QElapsedTimer>
#include <QTest>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>

using namespace tokenscope;
using namespace tokenscope::test;

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
        const OSSL_PARAM parameters[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                         OSSL_PARAM_construct_end()};
        unsigned char out[EVP_MAX_MD_SIZE];
        size_t length = 0;
        if (EVP_MAC_init(m_context.get(), reinterpret_cast<const unsigned char *>(kSecret.constData()),
                         size_t(kSecret.size()), parameters)
                != 1
            || EVP_MAC_update(m_context.get(), reinterpret_cast<const unsigned char *>(input.data()), size_t(input.size()))
                != 1
            || EVP_MAC_final(m_context.get(), out, &length, sizeof out) != 1)
            return false;
        return qsizetype(length) == tag.size() && CRYPTO_memcmp(out, tag.data(), length) == 0;
    }

private:
    std::unique_ptr<EVP_MAC, MacFree> m_mac;
    std::unique_ptr<EVP_MAC_CTX, MacContextFree> m_context;
};

} // namespace

class VerifierBenchmark : public QObject
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
        const QByteArray payload = "{\"iss\":\"https://issuer.example\",\"sub\":\"user-481516\",\"aud\":[\"api://orders\","
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
        QBENCHMARK {
            QVERIFY(hmac.verify(QByteArrayView(m_token).first(dot), tag));
        }
    }

    void decodeOnly()
    {
        QBENCHMARK {
            QVERIFY(CompactToken::decode(m_token));
        }
    }

    void fullVerification()
    {
        QBENCHMARK {
            QVERIFY(TokenVerifier::verify(m_token, m_keys, m_policy).isValid());
        }
    }

    // The figure the CLI bench checks: full verifications per second over bare HMACs per second.
    void ratioAgainstBareHmac()
    {
        BareHmac hmac;
        const qsizetype dot = m_token.lastIndexOf('.');
        const QByteArray tag = QByteArray::fromBase64(m_token.mid(dot + 1), QByteArray::Base64UrlEncoding);
        const int rounds = qEnvironmentVariableIntValue("BENCH_ROUNDS") > 0 ? qEnvironmentVariableIntValue("BENCH_ROUNDS")
                                                                          : 20000;
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

QTEST_GUILESS_MAIN(VerifierBenchmark)
#include "bench_verifier.moc"
