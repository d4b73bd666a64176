// Key::fits and Signature::verify's KeyMismatch: the algorithm/key confusion matrix (RFC 8725 §2.1, §3.1),
// key sizes (RFC 7518 §3.2, §3.3), curves (§3.4) and JWK use/key_ops/alg (RFC 7517 §4.2–4.4).

#include "CryptoTestSupport.h"
#include "crypto/KeyGenerator.h"
#include "crypto/Signature.h"

#include <QMessageAuthenticationCode>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;

namespace {

QByteArray testKey(const char *name)
{
    return readFile(QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/keys/") + QLatin1String(name));
}

Key pemKey(const char *name)
{
    const KeyParseResult result = KeyParser::parse(testKey(name), QString::fromLatin1(name));
    return result ? result.keys.first() : Key();
}

Key withMetadata(Key key, const QString &alg, const QString &use, const QStringList &operations)
{
    if (!alg.isEmpty())
        key.setJwkAlgorithm(alg);
    if (!use.isEmpty())
        key.setUse(use);
    if (!operations.isEmpty())
        key.setKeyOperations(operations);
    return key;
}

} // namespace

class TestKeyFit : public QObject
{
    Q_OBJECT

private slots:
    void decidesWhichKeyFitsWhichAlgorithm_data()
    {
        QTest::addColumn<Key>("key");
        QTest::addColumn<Algorithm>("algorithm");
        QTest::addColumn<bool>("fits");
        QTest::addColumn<QString>("reasonPart");

        const Key rsa = pemKey("rsa2048-public.pem");
        const Key rsa1024 = pemKey("rsa1024-public.pem");
        const Key p256 = pemKey("ec-p256-public.pem");
        const Key p384 = pemKey("ec-p384-public.pem");
        const Key ed25519 = pemKey("ed25519-public.pem");
        const Key secret32
            = KeyParser::parseJwk("{\"kty\":\"oct\",\"k\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\"}",
                                  QStringLiteral("jwk"))
                  .keys.value(0);
        const Key secret31
            = KeyParser::parseJwk("{\"kty\":\"oct\",\"k\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg\"}",
                                  QStringLiteral("jwk"))
                  .keys.value(0);
        const Key userSecret = KeyParser::secretKey("secret", QStringLiteral("--secret"));

        QTest::newRow("HS256 with an RSA public key") << rsa << Algorithm::HS256 << false << "never a public key";
        QTest::newRow("HS256 with an EC public key") << p256 << Algorithm::HS256 << false << "never a public key";
        QTest::newRow("HS512 with an Ed25519 key") << ed25519 << Algorithm::HS512 << false << "never a public key";
        QTest::newRow("RS256 with RSA 2048") << rsa << Algorithm::RS256 << true << "";
        QTest::newRow("PS512 with RSA 2048") << rsa << Algorithm::PS512 << true << "";
        QTest::newRow("RS256 with RSA 1024") << rsa1024 << Algorithm::RS256 << false
                                             << "RSA key of 1024 bits is below the 2048-bit minimum (RFC 7518 §3.3)";
        QTest::newRow("PS256 with RSA 1024") << rsa1024 << Algorithm::PS256 << false << "2048-bit minimum";
        QTest::newRow("RS256 with an EC key") << p256 << Algorithm::RS256 << false << "RSA key";
        QTest::newRow("ES256 with P-256") << p256 << Algorithm::ES256 << true << "";
        QTest::newRow("ES256 with P-384") << p384 << Algorithm::ES256 << false << "P-256";
        QTest::newRow("ES384 with P-256") << p256 << Algorithm::ES384 << false << "P-384";
        QTest::newRow("ES384 with P-384") << p384 << Algorithm::ES384 << true << "";
        QTest::newRow("ES256 with RSA") << rsa << Algorithm::ES256 << false << "EC";
        QTest::newRow("EdDSA with an EC key") << p256 << Algorithm::EdDSA << false << "OKP";
        QTest::newRow("EdDSA with Ed25519") << ed25519 << Algorithm::EdDSA << true << "";
        QTest::newRow("ES256 with Ed25519") << ed25519 << Algorithm::ES256 << false << "EC";
        QTest::newRow("HS256 with a 32-byte JWK") << secret32 << Algorithm::HS256 << true << "";
        QTest::newRow("HS256 with a 31-byte JWK") << secret31 << Algorithm::HS256 << false << "RFC 7518 §3.2";
        QTest::newRow("HS384 with a 32-byte JWK") << secret32 << Algorithm::HS384 << false << "48 bytes";
        QTest::newRow("HS256 with a weak user secret") << userSecret << Algorithm::HS256 << true << "";
        QTest::newRow("RS256 with a secret") << userSecret << Algorithm::RS256 << false << "RSA key";
        QTest::newRow("JWK use enc") << withMetadata(p256, {}, QStringLiteral("enc"), {}) << Algorithm::ES256 << false
                                     << "use is enc";
        QTest::newRow("JWK use sig") << withMetadata(p256, {}, QStringLiteral("sig"), {}) << Algorithm::ES256 << true
                                     << "";
        QTest::newRow("JWK key_ops without verify")
            << withMetadata(rsa, {}, {}, {QStringLiteral("encrypt")}) << Algorithm::RS256 << false << "key_ops";
        QTest::newRow("JWK key_ops with verify")
            << withMetadata(rsa, {}, {}, {QStringLiteral("verify")}) << Algorithm::RS256 << true << "";
        QTest::newRow("JWK alg RS384 used for RS256")
            << withMetadata(rsa, QStringLiteral("RS384"), {}, {}) << Algorithm::RS256 << false << "RS384";
        QTest::newRow("JWK alg PS256 used for RS256")
            << withMetadata(rsa, QStringLiteral("PS256"), {}, {}) << Algorithm::RS256 << false << "PS256";
        QTest::newRow("JWK alg HS256 oct used for HS256")
            << withMetadata(secret32, QStringLiteral("HS256"), {}, {}) << Algorithm::HS256 << true << "";
        QTest::newRow("JWK alg A256GCM oct used for HS256")
            << withMetadata(secret32, QStringLiteral("A256GCM"), {}, {}) << Algorithm::HS256 << false << "A256GCM";
        QTest::newRow("null key") << Key() << Algorithm::HS256 << false << "no key";
    }
    void decidesWhichKeyFitsWhichAlgorithm()
    {
        QFETCH(Key, key);
        QFETCH(Algorithm, algorithm);
        QFETCH(bool, fits);
        QFETCH(QString, reasonPart);
        QString why;
        QCOMPARE(key.fits(algorithm, &why), fits);
        QVERIFY2(why.contains(reasonPart), qPrintable(why));
        // verify() reports the same decision as KeyMismatch, before looking at the signature.
        const Signature::VerifyResult result = Signature::verify(algorithm, key, "a.b", QByteArray(64, 'x'));
        if (!fits) {
            QCOMPARE(result.outcome, Signature::Outcome::KeyMismatch);
            QCOMPARE(result.detail, why);
        } else {
            QCOMPARE(result.outcome, Signature::Outcome::Invalid);
        }
    }

    void rejectsHs256KeyedWithThePublicKeyBytes()
    {
        // The classic confusion: an attacker MACs with the PEM text of the public key. Given the public key as
        // the key, HS256 must be a KeyMismatch whatever the signature.
        const Key rsa = pemKey("rsa2048-public.pem");
        const QByteArray pem = testKey("rsa2048-public.pem");
        const QByteArray input = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9";
        const QByteArray forged = QMessageAuthenticationCode::hash(input, pem, QCryptographicHash::Sha256);
        QCOMPARE(Signature::verify(Algorithm::HS256, rsa, input, forged).outcome, Signature::Outcome::KeyMismatch);
        // Nor does the public key's text key an HMAC when given as a secret, to verify or to sign.
        const Key pemAsSecret = KeyParser::secretKey(pem, QStringLiteral("attacker"));
        QCOMPARE(Signature::verify(Algorithm::HS256, pemAsSecret, input, forged).outcome,
                 Signature::Outcome::KeyMismatch);
        QVERIFY(!Signature::sign(Algorithm::HS256, pemAsSecret, input));
    }

    void signingNeedsSignInKeyOperations()
    {
        KeyGenerationResult generated = KeyGenerator::generate(Algorithm::ES256);
        QVERIFY(generated);
        Key key = generated.key;
        key.setKeyOperations({QStringLiteral("verify")});
        QString why;
        QVERIFY(!key.fits(Algorithm::ES256, &why, Key::Operation::Sign));
        QVERIFY(why.contains(u"sign"));
        QVERIFY(key.fits(Algorithm::ES256, &why, Key::Operation::Verify));
        QVERIFY(!Signature::sign(Algorithm::ES256, key, "abc"));
    }
};

QTEST_GUILESS_MAIN(TestKeyFit)
#include "tst_keyfit.moc"
