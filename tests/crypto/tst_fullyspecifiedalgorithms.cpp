// RFC 9864 fully-specified algorithms: "Ed25519" and "Ed448" as JWS alg values, each fixing the curve that "EdDSA"
// leaves to the key. Checked with the RFC 8037 Appendix A key and signature, re-labelled.

#include "CryptoTestSupport.h"
#include "crypto/KeyGenerator.h"
#include "crypto/KeyParser.h"
#include "crypto/Signature.h"
#include "jose/CompactToken.h"
#include "verify/TokenSigner.h"
#include "verify/TokenVerifier.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;

namespace {
// RFC 8037 A.1 (private) and A.2 (public) Ed25519 key; A.4 signing input and signature.
const QByteArray kPrivateJwk
    = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
      "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
const QByteArray kPublicJwk
    = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
const QByteArray kA4Input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
const QByteArray kA4Signature
    = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
// The A.4 payload under {"alg":"Ed25519"}, signed with the A.1 key by Python's cryptography (Ed25519 is
// deterministic, RFC 8032 §5.1.6, so the token is fixed).
const QByteArray kRelabelledToken
    = "eyJhbGciOiJFZDI1NTE5In0.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
      "UxhIYLHGg39NVCLpQAVD_UcfOmnGSCzLFZoXYkLiIbFccmOb_qObsgjzLKsfJw-4NlccUgvYrEHrRbNV0HcZAQ";

Key parsed(const QByteArray &jwk)
{
    const KeyParseResult result = KeyParser::parseJwk(jwk, QStringLiteral("RFC 8037"));
    if (!result)
        qFatal("%s", qPrintable(result.error));
    return result.keys.first();
}
} // namespace

class TestFullySpecifiedAlgorithms : public QObject
{
    Q_OBJECT

private slots:
    void namesAreCaseSensitive()
    {
        QCOMPARE(Algorithms::fromName(u"Ed25519"), std::optional<Algorithm>(Algorithm::Ed25519));
        QCOMPARE(Algorithms::fromName(u"Ed448"), std::optional<Algorithm>(Algorithm::Ed448));
        QVERIFY(!Algorithms::fromName(u"ed25519"));
        QCOMPARE(Algorithms::name(Algorithm::Ed448), QStringLiteral("Ed448"));
        QCOMPARE(Algorithms::curve(Algorithm::Ed25519), QStringLiteral("Ed25519"));
        QVERIFY(Algorithms::curve(Algorithm::EdDSA).isEmpty());
        QCOMPARE(Algorithms::all().size(), Algorithms::count);
    }

    void theRfc8037SignatureVerifiesUnderTheCurvesOwnName_data()
    {
        QTest::addColumn<Algorithm>("algorithm");
        QTest::addColumn<Signature::Outcome>("outcome");
        QTest::newRow("EdDSA (as published)") << Algorithm::EdDSA << Signature::Outcome::Valid;
        QTest::newRow("Ed25519 (re-labelled)") << Algorithm::Ed25519 << Signature::Outcome::Valid;
        QTest::newRow("Ed448 refuses an Ed25519 key") << Algorithm::Ed448 << Signature::Outcome::KeyMismatch;
    }
    void theRfc8037SignatureVerifiesUnderTheCurvesOwnName()
    {
        QFETCH(Algorithm, algorithm);
        QFETCH(Signature::Outcome, outcome);
        QByteArray signature;
        QVERIFY(Base64Url::decodeStrict(kA4Signature, signature));
        const Signature::VerifyResult result = Signature::verify(algorithm, parsed(kPublicJwk), kA4Input, signature);
        QCOMPARE(result.outcome, outcome);
    }

    void signsAndVerifiesAnEd25519Token()
    {
        const JsonParseResult header = Json::parse("{}");
        const JsonParseResult payload = Json::parse("{}");
        QVERIFY(header && payload);
        // The signer writes the alg: the header becomes {"alg":"Ed25519"}, and the token verifies.
        const SignedToken token = TokenSigner::sign(*header.value, *payload.value, Algorithm::Ed25519,
                                                    parsed(kPrivateJwk), TokenSigner::KeyIdChoice::KeepHeader);
        QVERIFY2(token, qPrintable(token.error));
        QVERIFY(token.token.startsWith("eyJhbGciOiJFZDI1NTE5In0."));
        QCOMPARE(TokenVerifier::verify(token.token, {parsed(kPublicJwk)}, {}).reason, VerificationReason::Valid);
        // Over the re-labelled A.4 input, the signature is the one computed independently.
        const Signature::SignResult signature
            = Signature::sign(Algorithm::Ed25519, parsed(kPrivateJwk),
                              QByteArrayView(kRelabelledToken).first(kRelabelledToken.lastIndexOf('.')));
        QVERIFY2(signature, qPrintable(signature.error));
        QCOMPARE(Base64Url::encode(signature.signature), kRelabelledToken.mid(kRelabelledToken.lastIndexOf('.') + 1));

        VerificationPolicy policy;
        policy.payloadKind = VerificationPolicy::PayloadKind::Any;
        QCOMPARE(TokenVerifier::verify(kRelabelledToken, {parsed(kPublicJwk)}, policy).reason,
                 VerificationReason::Valid);
        // An allow-list of EdDSA does not admit Ed25519: they are different alg values.
        policy.allowedAlgorithms = {Algorithm::EdDSA};
        QCOMPARE(TokenVerifier::verify(kRelabelledToken, {parsed(kPublicJwk)}, policy).reason,
                 VerificationReason::AlgNotAllowed);
    }

    void keysAreGeneratedOnTheNamedCurve_data()
    {
        QTest::addColumn<Algorithm>("algorithm");
        QTest::addColumn<QString>("curve");
        QTest::addColumn<QString>("expectedCurve"); // empty: refused
        QTest::newRow("Ed25519") << Algorithm::Ed25519 << QString() << QStringLiteral("Ed25519");
        QTest::newRow("Ed448") << Algorithm::Ed448 << QString() << QStringLiteral("Ed448");
        QTest::newRow("Ed448 with its own curve")
            << Algorithm::Ed448 << QStringLiteral("Ed448") << QStringLiteral("Ed448");
        QTest::newRow("Ed25519 on Ed448 refused") << Algorithm::Ed25519 << QStringLiteral("Ed448") << QString();
    }
    void keysAreGeneratedOnTheNamedCurve()
    {
        QFETCH(Algorithm, algorithm);
        QFETCH(QString, curve);
        QFETCH(QString, expectedCurve);
        const KeyGenerationResult generated = KeyGenerator::generate(algorithm, QString(), 2048, curve);
        if (expectedCurve.isEmpty()) {
            QVERIFY(!generated);
            QVERIFY(generated.error.contains(curve));
            return;
        }
        QVERIFY2(generated, qPrintable(generated.error));
        QCOMPARE(generated.key.curve(), expectedCurve);
        QCOMPARE(generated.key.jwkAlgorithm(), Algorithms::name(algorithm));
        const Signature::SignResult signature = Signature::sign(algorithm, generated.key, "abc");
        QVERIFY2(signature, qPrintable(signature.error));
        QCOMPARE(Signature::verify(algorithm, generated.key.publicKey(), "abc", signature.signature).outcome,
                 Signature::Outcome::Valid);
        // The other fully-specified name refuses the key.
        const Algorithm other = algorithm == Algorithm::Ed25519 ? Algorithm::Ed448 : Algorithm::Ed25519;
        QString why;
        QVERIFY(!generated.key.fits(other, &why));
        QVERIFY(why.contains(QStringLiteral("RFC 9864")));
    }
};

QTEST_GUILESS_MAIN(TestFullySpecifiedAlgorithms)
#include "tst_fullyspecifiedalgorithms.moc"
