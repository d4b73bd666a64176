// Signature::verify and Signature::sign against published vectors: Wycheproof (ECDSA P1363, RSA PKCS#1 v1.5,
// RSA-PSS, Ed25519, Ed448, HMAC) with the JWS filters of the vectors' README, and the RFC 7515, RFC 7520 and
// RFC 8037 examples. One row per vector file; each row loops over its vectors and reports the first failures.

#include "CryptoTestSupport.h"
#include "crypto/Signature.h"

#include <QTest>

#include <atomic>
#include <thread>

using namespace tokenscope;
using namespace tokenscope::test;

namespace {

QString wycheproof(const QString &name)
{
    return vectorPath(QStringLiteral("wycheproof/testvectors_v1/") + name);
}

Algorithm algorithmForSha(const QString &sha, Algorithm for256, Algorithm for384, Algorithm for512)
{
    if (sha == u"SHA-384")
        return for384;
    if (sha == u"SHA-512")
        return for512;
    return for256;
}

int hashBytes(const QString &sha)
{
    return sha == u"SHA-256" ? 32 : sha == u"SHA-384" ? 48 : sha == u"SHA-512" ? 64 : 0;
}

// Runs the vectors of one group: `valid` must verify; `invalid` and (pinned, README) `acceptable` must not.
void runGroup(const QJsonObject &group, Algorithm algorithm, const Key &key, FailureLog &log,
              bool expectAllRejected = false)
{
    for (const QJsonValue &testValue : group.value(u"tests").toArray()) {
        const QJsonObject test = testValue.toObject();
        const int id = test.value(u"tcId").toInt();
        const QByteArray message = QByteArray::fromHex(test.value(u"msg").toString().toLatin1());
        const QByteArray signature = QByteArray::fromHex(test.value(u"sig").toString().toLatin1());
        const bool expectValid = !expectAllRejected && test.value(u"result").toString() == u"valid";
        ++log.run;
        if (key.isNull()) {
            if (expectValid)
                log.fail(QStringLiteral("tcId %1: key did not load").arg(id));
            continue;
        }
        const Signature::VerifyResult result = Signature::verify(algorithm, key, message, signature);
        if (bool(result) != expectValid)
            log.fail(QStringLiteral("tcId %1 (%2): expected %3, got %4")
                         .arg(id)
                         .arg(test.value(u"comment").toString())
                         .arg(expectValid ? u"valid" : u"invalid")
                         .arg(result.detail.isEmpty() ? QStringLiteral("valid") : result.detail));
    }
}

} // namespace

class TestSignature : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!haveVectors())
            TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS(
                "conformance vectors not found at TOKENSCOPE_VECTORS_DIR; set it to ../shared/vectors");
    }

    void verifiesWycheproofEcdsaP1363_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<Algorithm>("algorithm");
        QTest::newRow("P-256") << "ecdsa_secp256r1_sha256_p1363_test.json" << Algorithm::ES256;
        QTest::newRow("P-384") << "ecdsa_secp384r1_sha384_p1363_test.json" << Algorithm::ES384;
        QTest::newRow("P-521") << "ecdsa_secp521r1_sha512_p1363_test.json" << Algorithm::ES512;
    }
    void verifiesWycheproofEcdsaP1363()
    {
        QFETCH(QString, file);
        QFETCH(Algorithm, algorithm);
        const QJsonObject vectors = readJsonObject(wycheproof(file));
        FailureLog log;
        for (const QJsonValue &groupValue : vectors.value(u"testGroups").toArray()) {
            const QJsonObject group = groupValue.toObject();
            // 9 groups per file have no JWK (edge-case keys): load them from the SPKI DER.
            const Key key = group.contains(u"publicKeyJwk")
                ? keyFromJwk(group.value(u"publicKeyJwk").toObject())
                : keyFromPem(spkiDerToPem(QByteArray::fromHex(group.value(u"publicKeyDer").toString().toLatin1())));
            runGroup(group, algorithm, key, log);
        }
        qInfo("%s: %d vectors", qPrintable(file), log.run);
        QVERIFY(log.run > 200);
        QVERIFY2(log.failures.isEmpty(), log.summary().constData());
    }

    void verifiesWycheproofRsaPkcs1_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *bits : {"2048", "3072", "4096"}) {
            for (const char *sha : {"256", "384", "512"}) {
                const QString file
                    = QStringLiteral("rsa_signature_%1_sha%2_test.json").arg(QLatin1String(bits), QLatin1String(sha));
                QTest::newRow(qPrintable(file)) << file;
            }
        }
    }
    void verifiesWycheproofRsaPkcs1()
    {
        QFETCH(QString, file);
        const QJsonObject vectors = readJsonObject(wycheproof(file));
        FailureLog log;
        for (const QJsonValue &groupValue : vectors.value(u"testGroups").toArray()) {
            const QJsonObject group = groupValue.toObject();
            const Algorithm algorithm
                = algorithmForSha(group.value(u"sha").toString(), Algorithm::RS256, Algorithm::RS384, Algorithm::RS512);
            const Key key = group.contains(u"keyJwk") ? keyFromJwk(group.value(u"keyJwk").toObject())
                                                      : keyFromPem(group.value(u"publicKeyPem").toString().toLatin1());
            // `acceptable` (MissingNull) is pinned to reject: OpenSSL 3.0 refuses DigestInfo without NULL.
            runGroup(group, algorithm, key, log);
        }
        qInfo("%s: %d vectors", qPrintable(file), log.run);
        QVERIFY(log.run > 200);
        QVERIFY2(log.failures.isEmpty(), log.summary().constData());
    }

    void verifiesWycheproofRsaPss_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *file : {"rsa_pss_2048_sha256_mgf1_32_test.json", "rsa_pss_3072_sha256_mgf1_32_test.json",
                                 "rsa_pss_4096_sha256_mgf1_32_test.json", "rsa_pss_2048_sha384_mgf1_48_test.json",
                                 "rsa_pss_4096_sha384_mgf1_48_test.json", "rsa_pss_4096_sha512_mgf1_64_test.json",
                                 "rsa_pss_misc_test.json"})
            QTest::newRow(file) << QString::fromLatin1(file);
    }
    void verifiesWycheproofRsaPss()
    {
        QFETCH(QString, file);
        const QJsonObject vectors = readJsonObject(wycheproof(file));
        FailureLog log;
        int foreignParameters = 0;
        for (const QJsonValue &groupValue : vectors.value(u"testGroups").toArray()) {
            const QJsonObject group = groupValue.toObject();
            const QString sha = group.value(u"sha").toString();
            if (hashBytes(sha) == 0)
                continue; // SHA-1/SHA-224: no JWS algorithm to try them with
            const Algorithm algorithm = algorithmForSha(sha, Algorithm::PS256, Algorithm::PS384, Algorithm::PS512);
            // RFC 7518 §3.5: MGF1 with the same hash and a salt as long as the hash; other parameters are valid
            // PSS but not JWS, so a JWS verifier must reject them.
            const bool jwsParameters
                = group.value(u"mgfSha").toString() == sha && group.value(u"sLen").toInt() == hashBytes(sha);
            if (!jwsParameters)
                ++foreignParameters;
            const Key key = group.contains(u"publicKeyJwk")
                ? keyFromJwk(group.value(u"publicKeyJwk").toObject())
                : keyFromPem(group.value(u"publicKeyPem").toString().toLatin1());
            runGroup(group, algorithm, key, log, !jwsParameters);
        }
        qInfo("%s: %d vectors (%d groups with non-JWS parameters expected to fail)", qPrintable(file), log.run,
              foreignParameters);
        QVERIFY(log.run > 20);
        QVERIFY2(log.failures.isEmpty(), log.summary().constData());
    }

    void verifiesWycheproofEddsa_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("Ed25519") << "ed25519_test.json";
        QTest::newRow("Ed448") << "ed448_test.json";
    }
    void verifiesWycheproofEddsa()
    {
        QFETCH(QString, file);
        const QJsonObject vectors = readJsonObject(wycheproof(file));
        FailureLog log;
        for (const QJsonValue &groupValue : vectors.value(u"testGroups").toArray()) {
            const QJsonObject group = groupValue.toObject();
            runGroup(group, Algorithm::EdDSA, keyFromJwk(group.value(u"publicKeyJwk").toObject()), log);
        }
        qInfo("%s: %d vectors", qPrintable(file), log.run);
        QVERIFY(log.run > 80);
        QVERIFY2(log.failures.isEmpty(), log.summary().constData());
    }

    void verifiesWycheproofHmac_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<Algorithm>("algorithm");
        QTest::newRow("HS256") << "hmac_sha256_test.json" << Algorithm::HS256;
        QTest::newRow("HS384") << "hmac_sha384_test.json" << Algorithm::HS384;
        QTest::newRow("HS512") << "hmac_sha512_test.json" << Algorithm::HS512;
    }
    void verifiesWycheproofHmac()
    {
        QFETCH(QString, file);
        QFETCH(Algorithm, algorithm);
        const QJsonObject vectors = readJsonObject(wycheproof(file));
        const int hashBits = Algorithms::hashSize(algorithm) * 8;
        FailureLog log;
        int userSecrets = 0;
        for (const QJsonValue &groupValue : vectors.value(u"testGroups").toArray()) {
            const QJsonObject group = groupValue.toObject();
            // JWS never truncates MACs (RFC 7518 §3.2).
            if (group.value(u"tagSize").toInt() != hashBits)
                continue;
            const bool shortKey = group.value(u"keySize").toInt() < hashBits;
            for (const QJsonValue &testValue : group.value(u"tests").toArray()) {
                const QJsonObject test = testValue.toObject();
                const QByteArray secret = QByteArray::fromHex(test.value(u"key").toString().toLatin1());
                Key key;
                if (shortKey || secret.isEmpty()) {
                    // Below RFC 7518 §3.2's minimum: only a user-given secret may still verify.
                    key = KeyParser::secretKey(secret, QStringLiteral("--secret"));
                    ++userSecrets;
                } else {
                    QJsonObject jwk {{QStringLiteral("kty"), QStringLiteral("oct")},
                                     {QStringLiteral("k"),
                                      QString::fromLatin1(secret.toBase64(QByteArray::Base64UrlEncoding
                                                                          | QByteArray::OmitTrailingEquals))}};
                    key = keyFromJwk(jwk);
                }
                const QByteArray message = QByteArray::fromHex(test.value(u"msg").toString().toLatin1());
                const QByteArray tag = QByteArray::fromHex(test.value(u"tag").toString().toLatin1());
                const bool expectValid = test.value(u"result").toString() == u"valid";
                ++log.run;
                const bool valid = bool(Signature::verify(algorithm, key, message, tag));
                if (valid != expectValid)
                    log.fail(QStringLiteral("tcId %1").arg(test.value(u"tcId").toInt()));
            }
        }
        qInfo("%s: %d vectors (%d with user secrets)", qPrintable(file), log.run, userSecrets);
        QVERIFY(log.run > 20);
        QVERIFY2(log.failures.isEmpty(), log.summary().constData());
    }

    void verifiesRfc7515AppendixA_data()
    {
        QTest::addColumn<QString>("id");
        for (const char *id : {"A.1", "A.2", "A.3", "A.4"})
            QTest::newRow(id) << QString::fromLatin1(id);
    }
    void verifiesRfc7515AppendixA()
    {
        QFETCH(QString, id);
        QJsonObject example;
        for (const QJsonValue &value :
             readJsonObject(vectorPath(QStringLiteral("rfc7515/appendix_a.json"))).value(u"examples").toArray()) {
            if (value.toObject().value(u"id").toString() == id)
                example = value.toObject();
        }
        QVERIFY(!example.isEmpty());
        const auto algorithm = Algorithms::fromName(example.value(u"alg").toString());
        QVERIFY(algorithm);
        const bool symmetric = Algorithms::family(*algorithm) == KeyFamily::Hmac;
        QString error;
        const Key key = keyFromJwk(example.value(symmetric ? u"jwk_private" : u"jwk_public").toObject(), &error);
        QVERIFY2(!key.isNull(), qPrintable(error));
        const CompactParts parts = splitCompact(example.value(u"compact").toString().toLatin1());
        QVERIFY(parts.ok);
        QCOMPARE(parts.signingInput, example.value(u"signing_input").toString().toLatin1());
        const Signature::VerifyResult result = Signature::verify(*algorithm, key, parts.signingInput, parts.signature);
        QVERIFY2(result, qPrintable(result.detail));

        // Any change to the signing input or the signature must make it fail.
        QByteArray tampered = parts.signingInput;
        tampered[tampered.size() - 1] = tampered.back() == 'A' ? 'B' : 'A';
        QVERIFY(!Signature::verify(*algorithm, key, tampered, parts.signature));
        QByteArray badSignature = parts.signature;
        badSignature[3] = char(badSignature[3] ^ 0x01);
        QVERIFY(!Signature::verify(*algorithm, key, parts.signingInput, badSignature));

        // The private key signs, and deterministic algorithms reproduce the RFC's bytes.
        const Key privateKey = keyFromJwk(example.value(u"jwk_private").toObject(), &error);
        QVERIFY2(!privateKey.isNull(), qPrintable(error));
        const Signature::SignResult signature = Signature::sign(*algorithm, privateKey, parts.signingInput);
        QVERIFY2(signature, qPrintable(signature.error));
        if (example.value(u"deterministic").toBool())
            QCOMPARE(signature.signature, parts.signature);
        QVERIFY(Signature::verify(*algorithm, key, parts.signingInput, signature.signature));
    }

    void verifiesRfc7520Examples_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("4.1 RS256") << "rfc7520/jws/4_1.rsa_v15_signature.json";
        QTest::newRow("4.2 PS384") << "rfc7520/jws/4_2.rsa-pss_signature.json";
        QTest::newRow("4.3 ES512") << "rfc7520/jws/4_3.ecdsa_signature.json";
        QTest::newRow("4.4 HS256") << "rfc7520/jws/4_4.hmac-sha2_integrity_protection.json";
        QTest::newRow("RFC 8037 A.4 EdDSA") << "rfc8037/jws.json";
    }
    void verifiesRfc7520Examples()
    {
        QFETCH(QString, file);
        const QJsonObject example = readJsonObject(vectorPath(file));
        const QJsonObject input = example.value(u"input").toObject();
        const auto algorithm = Algorithms::fromName(input.value(u"alg").toString());
        QVERIFY(algorithm);
        QString error;
        const Key privateKey = keyFromJwk(input.value(u"key").toObject(), &error);
        QVERIFY2(!privateKey.isNull(), qPrintable(error));
        const Key key = privateKey.publicKey();
        QCOMPARE(key.hasPrivate(), Algorithms::family(*algorithm) == KeyFamily::Hmac);
        const CompactParts parts
            = splitCompact(example.value(u"output").toObject().value(u"compact").toString().toLatin1());
        QVERIFY(parts.ok);
        const Signature::VerifyResult result = Signature::verify(*algorithm, key, parts.signingInput, parts.signature);
        QVERIFY2(result, qPrintable(result.detail));
        QByteArray tampered = parts.signingInput;
        tampered[5] = tampered[5] == 'A' ? 'B' : 'A';
        QVERIFY(!Signature::verify(*algorithm, key, tampered, parts.signature));

        const QJsonObject signing = example.value(u"signing").toObject();
        const Signature::SignResult signature
            = Signature::sign(*algorithm, privateKey, signing.value(u"sig-input").toString().toLatin1());
        QVERIFY2(signature, qPrintable(signature.error));
        if (example.value(u"reproducible").toBool())
            QCOMPARE(signature.signature, base64UrlDecode(signing.value(u"sig").toString().toLatin1()));
    }

    void rejectsSignaturesOfTheWrongLength_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("delta");
        for (const char *id : {"A.1", "A.2", "A.3", "A.4"}) {
            QTest::addRow("%s one byte short", id) << QString::fromLatin1(id) << -1;
            QTest::addRow("%s one byte long", id) << QString::fromLatin1(id) << 1;
        }
    }
    void rejectsSignaturesOfTheWrongLength()
    {
        QFETCH(QString, id);
        QFETCH(int, delta);
        QJsonObject example;
        for (const QJsonValue &value :
             readJsonObject(vectorPath(QStringLiteral("rfc7515/appendix_a.json"))).value(u"examples").toArray()) {
            if (value.toObject().value(u"id").toString() == id)
                example = value.toObject();
        }
        const auto algorithm = Algorithms::fromName(example.value(u"alg").toString());
        const Key key = keyFromJwk(example.value(u"jwk_private").toObject()).publicKey();
        const CompactParts parts = splitCompact(example.value(u"compact").toString().toLatin1());
        // A leading zero byte keeps the value of R (or the RSA integer) but not the length JWS fixes.
        const QByteArray changed = delta < 0 ? parts.signature.chopped(1) : QByteArray(1, '\0') + parts.signature;
        const Signature::VerifyResult result = Signature::verify(*algorithm, key, parts.signingInput, changed);
        QCOMPARE(result.outcome, Signature::Outcome::Invalid);
    }

    void verifiesRepeatedlyAndConcurrentlyWithOneKey_data()
    {
        QTest::addColumn<QString>("id");
        for (const char *id : {"A.1", "A.2", "A.3"})
            QTest::newRow(id) << QString::fromLatin1(id);
    }
    void verifiesRepeatedlyAndConcurrentlyWithOneKey()
    {
        // The per-key prepared contexts are shared by threads; each verification must still be independent.
        QFETCH(QString, id);
        QJsonObject example;
        for (const QJsonValue &value :
             readJsonObject(vectorPath(QStringLiteral("rfc7515/appendix_a.json"))).value(u"examples").toArray()) {
            if (value.toObject().value(u"id").toString() == id)
                example = value.toObject();
        }
        const auto algorithm = *Algorithms::fromName(example.value(u"alg").toString());
        const Key key = keyFromJwk(example.value(u"jwk_private").toObject()).publicKey();
        const CompactParts parts = splitCompact(example.value(u"compact").toString().toLatin1());
        QByteArray wrong = parts.signature;
        wrong[0] = char(wrong[0] ^ 0x80);
        std::atomic<int> mistakes {0};
        {
            std::vector<std::jthread> threads;
            for (int t = 0; t < 3; ++t) {
                threads.emplace_back([&] {
                    for (int i = 0; i < 40; ++i) {
                        if (!Signature::verify(algorithm, key, parts.signingInput, parts.signature))
                            ++mistakes;
                        if (Signature::verify(algorithm, key, parts.signingInput, wrong))
                            ++mistakes;
                    }
                });
            }
        }
        QCOMPARE(mistakes.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSignature)
#include "tst_signature.moc"
