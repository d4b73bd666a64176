// JWE decryption (RFC 7516/7518, RFC 8037) over every JWE vector in ../shared/vectors/jwe (RFC 7520 §5 and §6, the
// RFC 8037 X25519 example, Project Wycheproof) plus the refusals the vectors do not cover: unsupported algorithms
// named, sizes checked before any work, the p2c cap and the decompression cap.
#include "../crypto/CryptoTestSupport.h"
#include "../jose/DeflateTestSupport.h"
#include "crypto/KeyParser.h"
#include "jose/Base64Url.h"
#include "verify/JweDecryptor.h"
#include "verify/TokenVerifier.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/rand.h>

Q_DECLARE_METATYPE(tokenscope::Key)

using namespace tokenscope;
using namespace tokenscope::test;

namespace {

KeySet keysFromJwk(const QJsonObject &jwk)
{
    const KeyParseResult parsed = KeyParser::parse(compactJson(jwk), QStringLiteral("vector"));
    return parsed.keys;
}

KeySet passwordKey(const QString &password)
{
    return {KeyParser::secretKey(password.toUtf8(), QStringLiteral("password"))};
}

QByteArray jsonText(const QJsonValue &value)
{
    return value.isObject() ? compactJson(value.toObject()) : value.toString().toUtf8();
}

// A compact JWE with `header` as its protected header and the other parts of `token` (whose tag no longer matches;
// the checks under test come before any decryption).
QByteArray withHeader(const QByteArray &token, const QByteArray &header)
{
    QList<QByteArray> parts = token.split('.');
    parts[0] = Base64Url::encode(header);
    return parts.join('.');
}

QByteArray withPart(const QByteArray &token, int index, const QByteArray &bytes)
{
    QList<QByteArray> parts = token.split('.');
    parts[index] = Base64Url::encode(bytes);
    return parts.join('.');
}

// An independent "dir" + A128GCM encryption (RFC 7516 §5.1 with OpenSSL directly), to build tokens the vectors lack.
QByteArray encryptDirectA128Gcm(const QByteArray &key, const QByteArray &header, const QByteArray &content)
{
    const QByteArray encodedHeader = Base64Url::encode(header);
    QByteArray iv(12, '\0');
    RAND_bytes(reinterpret_cast<unsigned char *>(iv.data()), 12);
    EVP_CIPHER_CTX *context = EVP_CIPHER_CTX_new();
    QByteArray ciphertext(content.size() + 16, '\0');
    QByteArray tag(16, '\0');
    int written = 0, finalWritten = 0, aadWritten = 0;
    const auto *keyBytes = reinterpret_cast<const unsigned char *>(key.constData());
    const auto *ivBytes = reinterpret_cast<const unsigned char *>(iv.constData());
    const bool ok = EVP_EncryptInit_ex(context, EVP_aes_128_gcm(), nullptr, keyBytes, ivBytes) == 1
        && EVP_EncryptUpdate(context, nullptr, &aadWritten,
                             reinterpret_cast<const unsigned char *>(encodedHeader.constData()),
                             int(encodedHeader.size()))
            == 1
        && EVP_EncryptUpdate(context, reinterpret_cast<unsigned char *>(ciphertext.data()), &written,
                             reinterpret_cast<const unsigned char *>(content.constData()), int(content.size()))
            == 1
        && EVP_EncryptFinal_ex(context, reinterpret_cast<unsigned char *>(ciphertext.data()) + written, &finalWritten)
            == 1
        && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, 16, tag.data()) == 1;
    EVP_CIPHER_CTX_free(context);
    if (!ok)
        return {};
    ciphertext.resize(written + finalWritten);
    return encodedHeader + ".." + Base64Url::encode(iv) + '.' + Base64Url::encode(ciphertext) + '.'
        + Base64Url::encode(tag);
}

} // namespace

class TestJweDecryptor : public QObject
{
    Q_OBJECT

private:
    QString m_failedMessage;

    static void vectorColumns()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<KeySet>("keys");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QByteArray>("plaintext");
        QTest::addColumn<QString>("reason"); // required reason when not empty
        QTest::addColumn<QString>("mentions"); // text the message must hold, when not empty
    }

    void checkVector()
    {
        QFETCH(QByteArray, token);
        QFETCH(KeySet, keys);
        QFETCH(bool, valid);
        QFETCH(QByteArray, plaintext);
        QFETCH(QString, reason);
        QFETCH(QString, mentions);
        QVERIFY2(!keys.isEmpty(), "the vector's key does not load");
        const DecryptionResult result = JweDecryptor::decrypt(token, keys);
        QVERIFY2(result.isValid() == valid,
                 qPrintable(decryptionReasonName(result.reason) + QStringLiteral(": ") + result.message));
        if (!valid)
            QVERIFY(result.plaintext.isEmpty());
        else if (!plaintext.isNull())
            QCOMPARE(result.plaintext, plaintext);
        if (!reason.isEmpty())
            QCOMPARE(decryptionReasonName(result.reason), reason);
        if (!mentions.isEmpty())
            QVERIFY2(result.message.contains(mentions), qPrintable(result.message));
        // RFC 7516 §11.5: whatever failed inside the decryption, the words are the same.
        if (result.reason == DecryptionReason::DecryptFailed)
            QCOMPARE(result.message, m_failedMessage);
    }

private slots:
    void initTestCase()
    {
        // The message of a plain wrong-key failure: an A128KW vector under a different key of the right size.
        const QByteArray token = "eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4R0NNIn0." + Base64Url::encode(QByteArray(24, 'k'))
            + '.' + Base64Url::encode(QByteArray(12, 'i')) + ".AA." + Base64Url::encode(QByteArray(16, 't'));
        const DecryptionResult result
            = JweDecryptor::decrypt(token, {KeyParser::secretKey(QByteArray(16, 'x'), QStringLiteral("wrong"))});
        QCOMPARE(result.reason, DecryptionReason::DecryptFailed);
        m_failedMessage = result.message;
    }

    // RFC 7520 §5: every example. Those without a compact serialization (AAD, unprotected headers, several
    // recipients) exist only in the JSON serializations, which Tokenscope refuses by name.
    void rfc7520_data()
    {
        vectorColumns();
        if (!haveVectors())
            TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS("conformance vectors not found (TOKENSCOPE_VECTORS_DIR)");
        const QDir folder(vectorPath(QStringLiteral("jwe/rfc7520")));
        const QStringList files = folder.entryList({QStringLiteral("5_*.json")}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 13);
        for (const QString &name : files) {
            const QJsonObject vector = readJsonObject(folder.filePath(name));
            const QJsonObject input = vector.value(QStringLiteral("input")).toObject();
            const QJsonObject output = vector.value(QStringLiteral("output")).toObject();
            KeySet keys;
            if (input.contains(QStringLiteral("pwd")))
                keys = passwordKey(input.value(QStringLiteral("pwd")).toString());
            else if (input.value(QStringLiteral("key")).isArray())
                keys = keysFromJwk(input.value(QStringLiteral("key")).toArray().first().toObject());
            else
                keys = keysFromJwk(input.value(QStringLiteral("key")).toObject());
            const QByteArray plaintext = input.value(QStringLiteral("plaintext")).toString().toUtf8();
            const QByteArray id = name.section(u'.', 0, 0).toUtf8();
            if (output.contains(QStringLiteral("compact"))) {
                QTest::newRow(id + " compact") << output.value(QStringLiteral("compact")).toString().toUtf8() << keys
                                               << true << plaintext << QString() << QString();
            }
            const bool severalRecipients
                = output.value(QStringLiteral("json")).toObject().value(QStringLiteral("recipients")).toArray().size()
                > 1;
            QTest::newRow(id + " json") << jsonText(output.value(QStringLiteral("json"))) << keys << false
                                        << QByteArray() << QStringLiteral("unsupported")
                                        << (severalRecipients ? QStringLiteral("with 3 recipients")
                                                              : QStringLiteral("JSON serialization"));
            if (output.contains(QStringLiteral("json_flat"))) {
                QTest::newRow(id + " json_flat")
                    << jsonText(output.value(QStringLiteral("json_flat"))) << keys << false << QByteArray()
                    << QStringLiteral("unsupported") << QStringLiteral("JSON serialization");
            }
        }
    }
    void rfc7520() { checkVector(); }

    // RFC 8037 A.6 (the cookbook's X25519 ECDH-ES example) and every Wycheproof JWE case: the JWE file, and the JWE
    // groups of the older combined json_web_crypto file.
    void published_data()
    {
        vectorColumns();
        if (!haveVectors())
            TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS("conformance vectors not found (TOKENSCOPE_VECTORS_DIR)");
        const QJsonObject x25519 = readJsonObject(vectorPath(QStringLiteral("jwe/rfc8037/ecdh-es.json")));
        const QJsonObject input = x25519.value(QStringLiteral("input")).toObject();
        QTest::newRow("rfc8037 X25519 ECDH-ES")
            << x25519.value(QStringLiteral("output")).toObject().value(QStringLiteral("compact")).toString().toUtf8()
            << keysFromJwk(input.value(QStringLiteral("key")).toObject()) << true
            << input.value(QStringLiteral("plaintext")).toString().toUtf8() << QString() << QString();

        int count = 0;
        for (const QString &file : {QStringLiteral("jwe/wycheproof/testvectors_v1/json_web_encryption_test.json"),
                                    QStringLiteral("wycheproof/testvectors_v1/json_web_crypto_test.json")}) {
            const QJsonObject suite = readJsonObject(vectorPath(file));
            const QByteArray prefix = file.startsWith(u"jwe/") ? "wycheproof jwe " : "wycheproof crypto ";
            for (const QJsonValue &groupValue : suite.value(QStringLiteral("testGroups")).toArray()) {
                const QJsonObject group = groupValue.toObject();
                const KeySet keys = keysFromJwk(group.value(QStringLiteral("private")).toObject());
                for (const QJsonValue &testValue : group.value(QStringLiteral("tests")).toArray()) {
                    const QJsonObject test = testValue.toObject();
                    if (!test.contains(QStringLiteral("jwe")))
                        continue; // the JWS cases of the combined file
                    const QString comment = test.value(QStringLiteral("comment")).toString();
                    const QJsonArray flags = test.value(QStringLiteral("flags")).toArray();
                    const bool valid = test.value(QStringLiteral("result")).toString() == u"valid";
                    // Padding errors and invalid points must look like any other failure (RFC 7516 §11.5).
                    const bool oracleCase = flags.contains(QStringLiteral("ModifiedPkcs15Padding"))
                        || comment.contains(u"InvalidCurve") || comment.startsWith(u"rejectsModified");
                    const bool jsonCase = flags.contains(QStringLiteral("JsonSerialization"));
                    // Changing the last character of a segment sets unused bits: refused as non-canonical
                    // base64url before any decryption (the spelling is public, so no oracle either way).
                    const bool lastCharacterCase = comment.endsWith(u"AtEnd");
                    QString reason;
                    if (jsonCase)
                        reason = QStringLiteral("unsupported");
                    else if (lastCharacterCase)
                        reason = QStringLiteral("malformed");
                    else if (oracleCase && !comment.contains(u"Header"))
                        reason = QStringLiteral("decrypt_failed");
                    QTest::newRow(prefix + QByteArray::number(test.value(QStringLiteral("tcId")).toInt()) + ' '
                                  + comment.toUtf8())
                        << jsonText(test.value(QStringLiteral("jwe"))) << keys << valid
                        << (test.contains(QStringLiteral("pt"))
                                ? QByteArray::fromHex(test.value(QStringLiteral("pt")).toString().toLatin1())
                                : QByteArray()) // the combined file gives no plaintext
                        << reason
                        << (jsonCase                ? QStringLiteral("JSON serialization")
                                : lastCharacterCase ? QStringLiteral("not canonical")
                                                    : QString());
                    ++count;
                }
            }
        }
        QCOMPARE(count, 139 + 2 * 17);
    }
    void published() { checkVector(); }

    // RFC 7520 §6: a JWS (PS256) inside a JWE (RSA-OAEP, A128GCM, "cty":"JWT"): decrypted, then verified.
    void nestedJwtIsDecryptedThenVerified()
    {
        if (!haveVectors())
            TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS("conformance vectors not found (TOKENSCOPE_VECTORS_DIR)");
        const QJsonObject vector
            = readJsonObject(vectorPath(QStringLiteral("jwe/rfc7520/6.nesting_signatures_and_encryption.json")));
        const QJsonObject sign = vector.value(QStringLiteral("sign")).toObject();
        const QJsonObject encrypt = vector.value(QStringLiteral("encrypt")).toObject();
        const DecryptionResult decrypted = JweDecryptor::decrypt(
            encrypt.value(QStringLiteral("output")).toObject().value(QStringLiteral("compact")).toString().toUtf8(),
            keysFromJwk(encrypt.value(QStringLiteral("input")).toObject().value(QStringLiteral("key")).toObject()));
        QVERIFY2(decrypted, qPrintable(decrypted.message));
        QVERIFY(decrypted.nestedJwt);
        QCOMPARE(decrypted.algorithm, QStringLiteral("RSA-OAEP"));
        QCOMPARE(decrypted.contentEncryption, QStringLiteral("A128GCM"));

        VerificationPolicy policy;
        const FixedClock clock(1300819380 - 60);
        policy.clock = &clock;
        const KeySet signingKeys
            = keysFromJwk(sign.value(QStringLiteral("input")).toObject().value(QStringLiteral("key")).toObject());
        const VerificationResult verified
            = TokenVerifier::verify(decrypted.plaintext, {signingKeys.first().publicKey()}, policy);
        QVERIFY2(verified, qPrintable(verified.message));
        QCOMPARE(verified.verifiedBy->kid(), QStringLiteral("hobbiton.example"));
    }

    void unsupportedAlgorithmsAreNamed_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("named");
        QTest::newRow("alg RSA-OAEP-384")
            << QByteArray(R"({"alg":"RSA-OAEP-384","enc":"A128GCM"})") << "\"RSA-OAEP-384\"";
        QTest::newRow("alg lower case") << QByteArray(R"({"alg":"a128kw","enc":"A128GCM"})") << "\"a128kw\"";
        QTest::newRow("enc A128CBC-HS257")
            << QByteArray(R"({"alg":"dir","enc":"A128CBC-HS257"})") << "\"A128CBC-HS257\"";
        QTest::newRow("zip GZIP") << QByteArray(R"({"alg":"dir","enc":"A128GCM","zip":"GZIP"})") << "\"GZIP\"";
    }
    void unsupportedAlgorithmsAreNamed()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, named);
        const QByteArray token = Base64Url::encode(header) + "..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA";
        const DecryptionResult result
            = JweDecryptor::decrypt(token, {KeyParser::secretKey(QByteArray(16, 'k'), QStringLiteral("k"))});
        QCOMPARE(result.reason, DecryptionReason::Unsupported);
        QVERIFY2(result.message.contains(named), qPrintable(result.message));
    }

    // Refused before any key is touched, with the segment or header member named.
    void wrongSizesAreRefusedBeforeAnyWork_data()
    {
        QTest::addColumn<int>("part");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("named");
        QTest::newRow("IV 11 bytes") << 2 << QByteArray(11, 'i') << "initialization vector (part 3) is 11 bytes";
        QTest::newRow("IV 16 bytes") << 2 << QByteArray(16, 'i') << "initialization vector (part 3) is 16 bytes";
        QTest::newRow("tag 15 bytes") << 4 << QByteArray(15, 't') << "authentication tag (part 5) is 15 bytes";
        QTest::newRow("tag 32 bytes") << 4 << QByteArray(32, 't') << "authentication tag (part 5) is 32 bytes";
        QTest::newRow("encrypted key 23 bytes") << 1 << QByteArray(23, 'e') << "encrypted key (part 2) is 23 bytes";
        QTest::newRow("encrypted key 40 bytes") << 1 << QByteArray(40, 'e') << "encrypted key (part 2) is 40 bytes";
    }
    void wrongSizesAreRefusedBeforeAnyWork()
    {
        QFETCH(int, part);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, named);
        const QByteArray good = "eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4R0NNIn0." + Base64Url::encode(QByteArray(24, 'k'))
            + '.' + Base64Url::encode(QByteArray(12, 'i')) + ".AA." + Base64Url::encode(QByteArray(16, 't'));
        const DecryptionResult result = JweDecryptor::decrypt(
            withPart(good, part, bytes), {KeyParser::secretKey(QByteArray(16, 'k'), QStringLiteral("k"))});
        QCOMPARE(result.reason, DecryptionReason::Malformed);
        QVERIFY2(result.message.contains(named), qPrintable(result.message));
    }

    void cbcCiphertextMustBeWholeBlocks()
    {
        const QByteArray token = Base64Url::encode(R"({"alg":"dir","enc":"A128CBC-HS256"})") + ".."
            + Base64Url::encode(QByteArray(16, 'i')) + '.' + Base64Url::encode(QByteArray(17, 'c')) + '.'
            + Base64Url::encode(QByteArray(16, 't'));
        const DecryptionResult result
            = JweDecryptor::decrypt(token, {KeyParser::secretKey(QByteArray(32, 'k'), QStringLiteral("k"))});
        QCOMPARE(result.reason, DecryptionReason::Malformed);
        QVERIFY2(result.message.contains(u"ciphertext (part 4) is 17 bytes"), qPrintable(result.message));
    }

    // RFC 8725 §3.7 / RFC 7518 §4.8.1.2: a huge p2c is refused at once, not computed.
    void oversizedP2cIsRefusedBeforeAnyWork()
    {
        if (!haveVectors())
            TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS("conformance vectors not found (TOKENSCOPE_VECTORS_DIR)");
        const QJsonObject vector = readJsonObject(
            vectorPath(QStringLiteral("jwe/rfc7520/5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json")));
        const QByteArray token
            = vector.value(QStringLiteral("output")).toObject().value(QStringLiteral("compact")).toString().toUtf8();
        const KeySet keys
            = passwordKey(vector.value(QStringLiteral("input")).toObject().value(QStringLiteral("pwd")).toString());
        QVERIFY(JweDecryptor::decrypt(token, keys));

        const QByteArray header
            = R"({"alg":"PBES2-HS512+A256KW","p2s":"8Q1SzinasR3xchYz6ZZcHA","p2c":9000000000000,"cty":"jwk-set+json","enc":"A128CBC-HS256"})";
        QElapsedTimer timer;
        timer.start();
        const DecryptionResult result = JweDecryptor::decrypt(withHeader(token, header), keys);
        QCOMPARE(result.reason, DecryptionReason::LimitExceeded);
        QVERIFY2(result.message.contains(u"p2c") && result.message.contains(u"9000000000000"),
                 qPrintable(result.message));
        QVERIFY(timer.elapsed() < 1000);

        DecryptionLimits strict;
        strict.maxPbes2Iterations = 8191; // the example uses 8192
        QCOMPARE(JweDecryptor::decrypt(token, keys, strict).reason, DecryptionReason::LimitExceeded);
        const QByteArray zeroCount
            = R"({"alg":"PBES2-HS512+A256KW","p2s":"8Q1SzinasR3xchYz6ZZcHA","p2c":0,"enc":"A128CBC-HS256"})";
        QCOMPARE(JweDecryptor::decrypt(withHeader(token, zeroCount), keys).reason, DecryptionReason::Malformed);
        const QByteArray shortSalt = R"({"alg":"PBES2-HS512+A256KW","p2s":"AAAA","p2c":8192,"enc":"A128CBC-HS256"})";
        const DecryptionResult salted = JweDecryptor::decrypt(withHeader(token, shortSalt), keys);
        QCOMPARE(salted.reason, DecryptionReason::Malformed);
        QVERIFY2(salted.message.contains(u"\"p2s\""), qPrintable(salted.message));
    }

    // RFC 7516 §4.1.3: "zip":"DEF" is inflated, and a bomb stops at the cap.
    void compressedContentInflatesUpToTheCap()
    {
        const QByteArray key = QByteArray::fromHex("000102030405060708090a0b0c0d0e0f");
        const KeySet keys {KeyParser::secretKey(key, QStringLiteral("k"))};
        const QByteArray content(200'000, 'z');
        const QByteArray token
            = encryptDirectA128Gcm(key, R"({"alg":"dir","enc":"A128GCM","zip":"DEF"})", deflateRaw(content));
        QVERIFY(!token.isEmpty());
        QVERIFY(token.size() < 2000); // it really is compressed

        const DecryptionResult inflated = JweDecryptor::decrypt(token, keys);
        QVERIFY2(inflated, qPrintable(inflated.message));
        QCOMPARE(inflated.plaintext, content);

        DecryptionLimits limits;
        limits.maxPlaintextBytes = 100'000;
        const DecryptionResult capped = JweDecryptor::decrypt(token, keys, limits);
        QCOMPARE(capped.reason, DecryptionReason::LimitExceeded);
        QVERIFY(capped.plaintext.isEmpty());
        QVERIFY2(capped.message.contains(u"100000"), qPrintable(capped.message));

        const QByteArray notDeflate
            = encryptDirectA128Gcm(key, R"({"alg":"dir","enc":"A128GCM","zip":"DEF"})", "not deflate at all");
        QCOMPARE(JweDecryptor::decrypt(notDeflate, keys).reason, DecryptionReason::Malformed);
    }

    void keySelectionFollowsKidAndFit()
    {
        const QByteArray key(16, 'k');
        const QByteArray token = encryptDirectA128Gcm(key, R"({"alg":"dir","enc":"A128GCM","kid":"one"})", "content");
        const auto jwk = [](const QByteArray &secret, const QByteArray &extra) {
            return KeyParser::parseJwk("{\"kty\":\"oct\",\"k\":\"" + Base64Url::encode(secret) + "\"" + extra + "}",
                                       QStringLiteral("jwk"))
                .keys.first();
        };
        QCOMPARE(JweDecryptor::decrypt(token, {jwk(key, ",\"kid\":\"two\"")}).reason, DecryptionReason::KeyNotFound);
        const DecryptionResult sig = JweDecryptor::decrypt(token, {jwk(key, ",\"kid\":\"one\",\"use\":\"sig\"")});
        QCOMPARE(sig.reason, DecryptionReason::KeyMismatch);
        QVERIFY2(sig.message.contains(u"use is sig"), qPrintable(sig.message));
        const DecryptionResult size = JweDecryptor::decrypt(token, {jwk(QByteArray(32, 'k'), {})});
        QCOMPARE(size.reason, DecryptionReason::KeyMismatch);
        QVERIFY2(size.message.contains(u"128-bit"), qPrintable(size.message));
        const DecryptionResult chosen = JweDecryptor::decrypt(
            token, {jwk(QByteArray(16, 'x'), ",\"kid\":\"two\""), jwk(key, ",\"kid\":\"one\"")});
        QVERIFY2(chosen, qPrintable(chosen.message));
        QCOMPARE(chosen.decryptedBy->kid(), QStringLiteral("one"));
        QCOMPARE(chosen.plaintext, QByteArray("content"));
    }

    void critAndDuplicatesFailClosed()
    {
        const QByteArray key(16, 'k');
        const KeySet keys {KeyParser::secretKey(key, QStringLiteral("k"))};
        const DecryptionResult crit = JweDecryptor::decrypt(
            encryptDirectA128Gcm(key, R"({"alg":"dir","enc":"A128GCM","crit":["exp"],"exp":1})", "x"), keys);
        QCOMPARE(crit.reason, DecryptionReason::CritUnsupported);
        QVERIFY2(crit.message.contains(u"\"exp\""), qPrintable(crit.message));
        QCOMPARE(JweDecryptor::decrypt(
                     encryptDirectA128Gcm(key, R"({"alg":"dir","enc":"A128GCM","enc":"A256GCM"})", "x"), keys)
                     .reason,
                 DecryptionReason::DuplicateMember);
    }

    void rsa1_5IsFlaggedDeprecated()
    {
        if (!haveVectors())
            TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS("conformance vectors not found (TOKENSCOPE_VECTORS_DIR)");
        const QJsonObject vector = readJsonObject(
            vectorPath(QStringLiteral("jwe/rfc7520/5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2.json")));
        const DecryptionResult result = JweDecryptor::decrypt(
            vector.value(QStringLiteral("output")).toObject().value(QStringLiteral("compact")).toString().toUtf8(),
            keysFromJwk(vector.value(QStringLiteral("input")).toObject().value(QStringLiteral("key")).toObject()));
        QVERIFY2(result, qPrintable(result.message));
        QCOMPARE(result.findings.size(), 1);
        QCOMPARE(result.findings.first().id, QStringLiteral("jwe_rsa1_5"));
    }

    void notAJweIsMalformed()
    {
        const KeySet keys {KeyParser::secretKey(QByteArray(16, 'k'), QStringLiteral("k"))};
        QCOMPARE(JweDecryptor::decrypt(QByteArray("eyJhbGciOiJIUzI1NiJ9.e30.AAAA"), keys).reason,
                 DecryptionReason::Malformed);
        QCOMPARE(JweDecryptor::decrypt(QByteArray("a.b.c.d"), keys).reason, DecryptionReason::Malformed);
    }
};

QTEST_GUILESS_MAIN(TestJweDecryptor)
#include "tst_jwedecryptor.moc"
