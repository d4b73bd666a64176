// Per-verification cost of Signature::verify for each algorithm, next to the "floor" a minimal OpenSSL program
// pays (EVP_DigestVerifyInit_ex + EVP_DigestVerify on a reused context, or EVP_MAC_init with the key + update +
// final for HMAC), as tests/bench/floor.cpp does. Run: bench_signature (add -iterations N for steadier figures).

#include "crypto/KeyData.h"
#include "crypto/KeyGenerator.h"
#include "crypto/Signature.h"

#include <QTest>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/rsa.h>

using namespace tokenscope;

namespace {

const QByteArray signingInput
    = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImJlbmNoIn0.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoi"
      "dXNlci00MiIsImF1ZCI6ImFwaSIsImV4cCI6MjA5OTk5OTk5OSwiaWF0IjoxNzAwMDAwMDAwLCJqdGkiOiJhYmNkZWYwMTIzNDU2Nzg5Iiwic2"
      "NvcGUiOiJyZWFkIHdyaXRlIn0";

struct Fixture
{
    Key key;
    Key verifier;
    QByteArray signature;
};

Fixture fixture(Algorithm algorithm)
{
    Fixture made;
    made.key = KeyGenerator::generate(algorithm).key;
    made.verifier = made.key.publicKey();
    made.signature = Signature::sign(algorithm, made.key, signingInput).signature;
    return made;
}

// ECDSA-Sig-Value from R||S, as floor.cpp builds it (P-256 only here).
QByteArray rawToDer(const QByteArray &raw)
{
    const auto integer = [](QByteArray value) {
        while (value.size() > 1 && value.front() == '\0')
            value.remove(0, 1);
        if (static_cast<unsigned char>(value.front()) & 0x80)
            value.prepend('\0');
        return QByteArray(1, 0x02) + char(value.size()) + value;
    };
    const QByteArray body = integer(raw.left(32)) + integer(raw.mid(32));
    return QByteArray(1, 0x30) + char(body.size()) + body;
}

} // namespace

class BenchSignature : public QObject
{
    Q_OBJECT

private slots:
    void verify_data()
    {
        QTest::addColumn<Algorithm>("algorithm");
        QTest::addColumn<bool>("floor");
        for (const Algorithm algorithm : {Algorithm::HS256, Algorithm::RS256, Algorithm::PS256, Algorithm::ES256,
                                          Algorithm::EdDSA, Algorithm::ES384}) {
            QTest::addRow("tokenscope %s", qPrintable(Algorithms::name(algorithm))) << algorithm << false;
            // ES384's floor would need its own DER conversion; its row shows Tokenscope's cost only.
            if (algorithm != Algorithm::ES384)
                QTest::addRow("floor %s", qPrintable(Algorithms::name(algorithm))) << algorithm << true;
        }
    }
    void verify()
    {
        QFETCH(Algorithm, algorithm);
        QFETCH(bool, floor);
        const Fixture made = fixture(algorithm);
        QVERIFY(Signature::verify(algorithm, made.verifier, signingInput, made.signature));
        const auto *input = reinterpret_cast<const unsigned char *>(signingInput.constData());
        if (!floor) {
            QBENCHMARK
            {
                if (!Signature::verify(algorithm, made.verifier, signingInput, made.signature))
                    QFAIL("verification failed");
            }
            return;
        }
        if (algorithm == Algorithm::HS256) {
            const SecureBytes &secret = made.key.data()->secret;
            OpenSsl::MacContextPointer context(EVP_MAC_CTX_new(Crypto::hmac()));
            char digest[] = "SHA256";
            const OSSL_PARAM parameters[]
                = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
            QVERIFY(EVP_MAC_CTX_set_params(context.get(), parameters) == 1);
            QBENCHMARK
            {
                unsigned char mac[EVP_MAX_MD_SIZE];
                size_t length = 0;
                if (EVP_MAC_init(context.get(), secret.data(), size_t(secret.size()), nullptr) != 1
                    || EVP_MAC_update(context.get(), input, size_t(signingInput.size())) != 1
                    || EVP_MAC_final(context.get(), mac, &length, sizeof mac) != 1
                    || CRYPTO_memcmp(mac, made.signature.constData(), length) != 0)
                    QFAIL("HMAC failed");
            }
            return;
        }
        EVP_PKEY *key = made.verifier.data()->pkey.get();
        OpenSsl::MdContextPointer context(EVP_MD_CTX_new());
        const char *digest = algorithm == Algorithm::EdDSA ? nullptr : "SHA256";
        QBENCHMARK
        {
            const QByteArray signature = algorithm == Algorithm::ES256 ? rawToDer(made.signature) : made.signature;
            EVP_MD_CTX_reset(context.get());
            EVP_PKEY_CTX *keyContext = nullptr;
            if (EVP_DigestVerifyInit_ex(context.get(), &keyContext, digest, nullptr, nullptr, key, nullptr) != 1)
                QFAIL("init failed");
            if (algorithm == Algorithm::PS256
                && (EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) != 1
                    || EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST) != 1))
                QFAIL("PSS set-up failed");
            if (EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                                 size_t(signature.size()), input, size_t(signingInput.size()))
                != 1)
                QFAIL("floor verification failed");
        }
    }
};

QTEST_GUILESS_MAIN(BenchSignature)
#include "bench_signature.moc"
