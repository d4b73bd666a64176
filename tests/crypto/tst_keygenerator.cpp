// KeyGenerator: every algorithm generates a key that signs and verifies, survives JWK and PEM round trips, and
// fits only its own algorithm family.

#include "CryptoTestSupport.h"
#include "crypto/KeyGenerator.h"
#include "crypto/Signature.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;

class TestKeyGenerator : public QObject
{
    Q_OBJECT

private slots:
    void generatesKeysThatSignAndVerify_data()
    {
        QTest::addColumn<Algorithm>("algorithm");
        QTest::addColumn<QString>("curve");
        QTest::addColumn<QString>("kty");
        QTest::addColumn<int>("bits");
        for (const Algorithm algorithm : Algorithms::all()) {
            const KeyFamily family = Algorithms::family(algorithm);
            const QString kty = family == KeyFamily::Hmac ? QStringLiteral("oct")
                : family == KeyFamily::Rsa                ? QStringLiteral("RSA")
                : family == KeyFamily::Ec                 ? QStringLiteral("EC")
                                                          : QStringLiteral("OKP");
            const int bits = family == KeyFamily::Hmac ? Algorithms::hashSize(algorithm) * 8
                : family == KeyFamily::Rsa             ? 2048
                                                       : 0;
            QTest::newRow(qPrintable(Algorithms::name(algorithm))) << algorithm << QString() << kty << bits;
        }
        QTest::newRow("EdDSA Ed448") << Algorithm::EdDSA << QStringLiteral("Ed448") << QStringLiteral("OKP") << 0;
    }
    void generatesKeysThatSignAndVerify()
    {
        QFETCH(Algorithm, algorithm);
        QFETCH(QString, curve);
        QFETCH(QString, kty);
        QFETCH(int, bits);
        const KeyGenerationResult generated
            = KeyGenerator::generate(algorithm, QStringLiteral("test-kid"), 2048, curve);
        QVERIFY2(generated, qPrintable(generated.error));
        const Key &key = generated.key;
        QCOMPARE(key.kty(), kty);
        if (bits)
            QCOMPARE(key.bits(), bits);
        if (!curve.isEmpty())
            QCOMPARE(key.curve(), curve);
        QCOMPARE(key.kid(), QStringLiteral("test-kid"));
        QCOMPARE(key.jwkAlgorithm(), Algorithms::name(algorithm));
        QVERIFY(key.hasPrivate());

        const QByteArray input = "eyJhbGciOiJ0ZXN0In0.eyJzdWIiOiJrZXlnZW4ifQ";
        const Signature::SignResult signature = Signature::sign(algorithm, key, input);
        QVERIFY2(signature, qPrintable(signature.error));
        const Key verifier = key.publicKey();
        QVERIFY(Algorithms::family(algorithm) == KeyFamily::Hmac || !verifier.hasPrivate());
        QVERIFY(Signature::verify(algorithm, verifier, input, signature.signature));
        QVERIFY(!Signature::verify(algorithm, verifier, input + 'x', signature.signature));

        // Only its own algorithm: the JWK alg pins it, and other families never fit.
        for (const Algorithm other : Algorithms::all()) {
            if (other != algorithm)
                QVERIFY2(!key.fits(other), qPrintable(Algorithms::name(other)));
        }

        // JWK round trip: the public JWK parses to the same thumbprint and verifies; the private JWK signs.
        const KeyParseResult publicJwk = KeyParser::parse(key.toJwk(), QStringLiteral("jwk"));
        QVERIFY2(publicJwk, qPrintable(publicJwk.error + QString::fromUtf8(key.toJwk())));
        QCOMPARE(publicJwk.keys.first().thumbprint(), key.thumbprint());
        QCOMPARE(publicJwk.keys.first().kid(), QStringLiteral("test-kid"));
        QVERIFY(Signature::verify(algorithm, publicJwk.keys.first(), input, signature.signature));
        const KeyParseResult privateJwk
            = KeyParser::parse(key.toJwk(Key::Export::IncludePrivate), QStringLiteral("jwk"));
        QVERIFY2(privateJwk, qPrintable(privateJwk.error));
        QVERIFY(privateJwk.keys.first().hasPrivate());
        const Signature::SignResult again = Signature::sign(algorithm, privateJwk.keys.first(), input);
        QVERIFY2(again, qPrintable(again.error));
        QVERIFY(Signature::verify(algorithm, verifier, input, again.signature));

        // PEM round trip (not for secrets).
        if (kty == u"oct") {
            QVERIFY(key.toPem().isEmpty());
            return;
        }
        const KeyParseResult publicPem = KeyParser::parse(key.toPem(), QStringLiteral("pem"));
        QVERIFY2(publicPem, qPrintable(publicPem.error));
        QVERIFY(!publicPem.keys.first().hasPrivate());
        QCOMPARE(publicPem.keys.first().thumbprint(), key.thumbprint());
        QVERIFY(Signature::verify(algorithm, publicPem.keys.first(), input, signature.signature));
        const QByteArray privatePem = key.toPem(Key::Export::IncludePrivate);
        QVERIFY(privatePem.startsWith("-----BEGIN PRIVATE KEY-----"));
        const KeyParseResult privateFromPem = KeyParser::parse(privatePem, QStringLiteral("pem"));
        QVERIFY2(privateFromPem, qPrintable(privateFromPem.error));
        QVERIFY(privateFromPem.keys.first().hasPrivate());
        QVERIFY(Signature::verify(algorithm, verifier, input,
                                  Signature::sign(algorithm, privateFromPem.keys.first(), input).signature));
    }

    void namesKeysByThumbprintWithoutKid()
    {
        const KeyGenerationResult generated = KeyGenerator::generate(Algorithm::ES256);
        QVERIFY(generated);
        QCOMPARE(generated.key.kid(), generated.key.thumbprint());
    }

    void refusesUnfitParameters_data()
    {
        QTest::addColumn<Algorithm>("algorithm");
        QTest::addColumn<int>("rsaBits");
        QTest::addColumn<QString>("curve");
        QTest::newRow("RSA 1024") << Algorithm::RS256 << 1024 << QString();
        QTest::newRow("ES256 on P-384") << Algorithm::ES256 << 2048 << QStringLiteral("P-384");
        QTest::newRow("EdDSA on X25519") << Algorithm::EdDSA << 2048 << QStringLiteral("X25519");
    }
    void refusesUnfitParameters()
    {
        QFETCH(Algorithm, algorithm);
        QFETCH(int, rsaBits);
        QFETCH(QString, curve);
        const KeyGenerationResult generated = KeyGenerator::generate(algorithm, {}, rsaBits, curve);
        QVERIFY(!generated);
        QVERIFY(!generated.error.isEmpty());
    }

    void publicKeyCannotSign()
    {
        const KeyGenerationResult generated = KeyGenerator::generate(Algorithm::EdDSA);
        QVERIFY(generated);
        const Signature::SignResult result = Signature::sign(Algorithm::EdDSA, generated.key.publicKey(), "abc");
        QVERIFY(!result);
        QVERIFY2(result.error.contains(u"private"), qPrintable(result.error));
    }
};

QTEST_GUILESS_MAIN(TestKeyGenerator)
#include "tst_keygenerator.moc"
