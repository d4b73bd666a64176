// Key::thumbprint per RFC 7638: required members in lexicographic order, no whitespace, SHA-256, base64url.

#include "CryptoTestSupport.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;

class TestThumbprint : public QObject
{
    Q_OBJECT

private slots:
    void matchesPublishedThumbprints_data()
    {
        QTest::addColumn<QByteArray>("jwk");
        QTest::addColumn<QString>("expected");
        // RFC 7638 §3.1 (the RFC 7517 A.1 RSA key), with kid/alg/use that must not count.
        QTest::newRow("RFC 7638 §3.1 RSA") << QByteArray(
            "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7"
            "aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-"
            "65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhA"
            "I4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\",\"e\":\"AQAB\","
            "\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}")
                                           << "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";
        // RFC 8037 A.3 (the A.2 Ed25519 public key).
        QTest::newRow("RFC 8037 A.3 Ed25519")
            << QByteArray("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}")
            << "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
        // The RFC 8037 A.1 private key has the same thumbprint: only the public members count.
        QTest::newRow("RFC 8037 A.1 private")
            << QByteArray("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
                          "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}")
            << "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
    }
    void matchesPublishedThumbprints()
    {
        QFETCH(QByteArray, jwk);
        QFETCH(QString, expected);
        const KeyParseResult result = KeyParser::parseJwk(jwk, QStringLiteral("rfc"));
        QVERIFY2(result, qPrintable(result.error));
        QCOMPARE(result.keys.first().thumbprint(), expected);
    }

    void matchesTheVectorFile()
    {
        if (!haveVectors())
            TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS("conformance vectors not found at TOKENSCOPE_VECTORS_DIR");
        const QJsonObject file = readJsonObject(vectorPath(QStringLiteral("rfc7517/appendix_a_b.json")));
        const QJsonObject thumbprints = file.value(u"thumbprints_rfc7638").toObject();
        // The A.1 RSA key (kid 2011-04-29) from the file's own JWKS.
        Key rsa;
        for (const QJsonValue &example : file.value(u"examples").toArray()) {
            if (example.toObject().value(u"id").toString() != u"A.1")
                continue;
            const KeyParseResult keys
                = KeyParser::parse(compactJson(example.toObject().value(u"jwks").toObject()), QStringLiteral("A.1"));
            for (const Key &key : keys.keys) {
                if (key.kid() == u"2011-04-29")
                    rsa = key;
            }
        }
        QVERIFY(!rsa.isNull());
        QCOMPARE(rsa.thumbprint(), thumbprints.value(u"A.1 RSA key kid=2011-04-29").toString());
        const Key ed25519 = keyFromJwk(
            QJsonObject {{QStringLiteral("kty"), QStringLiteral("OKP")},
                         {QStringLiteral("crv"), QStringLiteral("Ed25519")},
                         {QStringLiteral("x"), QStringLiteral("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")}});
        QCOMPARE(ed25519.thumbprint(),
                 thumbprints.value(u"RFC 8037 A.2 Ed25519 public key (x=11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo)")
                     .toString());
    }

    void ignoresMetadataAndPrivateMembers()
    {
        const Key secret = KeyParser::secretKey("0123456789abcdef0123456789abcdef", QStringLiteral("s"));
        Key renamed = secret;
        renamed.setKid(QStringLiteral("other"));
        renamed.setJwkAlgorithm(QStringLiteral("HS256"));
        QCOMPARE(renamed.thumbprint(), secret.thumbprint());
        QCOMPARE(secret.kid(), QString()); // copy-on-write: the original is unchanged
        // {"k":"...","kty":"oct"} hashed by hand.
        const QByteArray canonical = "{\"k\":\"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY\",\"kty\":\"oct\"}";
        QCOMPARE(secret.thumbprint(),
                 QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256)
                                         .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
    }
};

QTEST_GUILESS_MAIN(TestThumbprint)
#include "tst_thumbprint.moc"
