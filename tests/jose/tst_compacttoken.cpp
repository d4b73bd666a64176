#include "jose/CompactToken.h"
#include "support/ConformanceVectors.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tokenscope;

namespace {

QByteArray b64(const QByteArray &bytes)
{
    return Base64Url::encode(bytes);
}

QByteArray token(const QByteArray &header, const QByteArray &payload, const QByteArray &signature = "sig")
{
    return b64(header) + '.' + b64(payload) + '.' + b64(signature);
}

// Our header as a QJsonObject, to compare with a vector's decoded header independent of member order.
QJsonObject asQJson(const JsonValue &value)
{
    return QJsonDocument::fromJson(Json::write(value, Json::Style::Compact)).object();
}

} // namespace

class TestCompactToken : public QObject
{
    Q_OBJECT

private slots:
    void decodesRfc7515AppendixA_data();
    void decodesRfc7515AppendixA();
    void keepsCrLfOfRfc7515A1Header();
    void decodesRfc7520Examples_data();
    void decodesRfc7520Examples();
    void handlesWycheproofBase64Cases_data();
    void handlesWycheproofBase64Cases();
    void decodesJweHeaderAndOpaqueParts();
    void decodesRfc7520JweExample();
    void reportsErrorsWithPartAndOffset_data();
    void reportsErrorsWithPartAndOffset();
    void mapsHeaderErrorsIntoTheToken();
    void marksNonCanonicalSegments_data();
    void marksNonCanonicalSegments();
    void treatsOnlyExactNoneAsUnsecured_data();
    void treatsOnlyExactNoneAsUnsecured();
    void keepsNonJsonPayloadAsBytes_data();
    void keepsNonJsonPayloadAsBytes();
    void reportsHeaderDuplicates();
    void mapsSpansBetweenTokenAndDecodedBytes();
    void namesSegments();
};

void TestCompactToken::decodesRfc7515AppendixA_data()
{
    QTest::addColumn<QByteArray>("compact");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("alg");
    const QJsonObject file = test::readVectorObject(QStringLiteral("rfc7515/appendix_a.json"));
    if (file.isEmpty())
        TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS(
            "RFC 7515 vectors not found under TOKENSCOPE_VECTORS_DIR (rfc7515/appendix_a.json)");
    for (const QJsonValue &example : file.value(u"examples").toArray()) {
        const QJsonObject object = example.toObject();
        if (!object.contains(u"compact"))
            continue;
        QTest::newRow(qPrintable(object.value(u"id").toString()))
            << object.value(u"compact").toString().toLatin1() << object.value(u"protected_header").toString().toUtf8()
            << object.value(u"payload").toString().toUtf8() << object.value(u"alg").toString();
    }
}

void TestCompactToken::decodesRfc7515AppendixA()
{
    QFETCH(QByteArray, compact);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, payload);
    QFETCH(QString, alg);
    const DecodeResult result = CompactToken::decode(compact);
    QVERIFY2(result, qPrintable(result.error.message));
    const DecodedToken &decoded = *result.token;
    QCOMPARE(decoded.segments.size(), size_t(3));
    QCOMPARE(decoded.segment(SegmentRole::Header).bytes, header);
    QCOMPARE(decoded.segment(SegmentRole::Payload).bytes, payload);
    QCOMPARE(decoded.algorithm(), alg);
    QCOMPARE(decoded.kind, alg == u"none" ? TokenKind::Unsecured : TokenKind::Jws);
    QVERIFY(decoded.isCanonical());
    QCOMPARE(decoded.signingInput(), QByteArrayView(compact).first(compact.lastIndexOf('.')));
    QCOMPARE(decoded.text, compact);
    QCOMPARE(decoded.header.value(u"alg")->string, alg);
    // A.4's payload is the text "Payload", not JSON: still decoded, with the reason kept.
    const bool payloadIsJson = payload.startsWith('{');
    QCOMPARE(decoded.payload.has_value(), payloadIsJson);
    QCOMPARE(decoded.payloadError.message.isEmpty(), payloadIsJson);
    if (payloadIsJson)
        QCOMPARE(decoded.payload->value(u"exp")->toInteger(), std::optional<qint64>(1300819380));
    if (alg == u"none")
        QVERIFY(decoded.signature().isEmpty());
    else
        QVERIFY(!decoded.signature().isEmpty());
}

void TestCompactToken::keepsCrLfOfRfc7515A1Header()
{
    const QByteArray compact
        = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
          "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
          "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const DecodeResult result = CompactToken::decode(compact);
    QVERIFY(result);
    const DecodedToken &decoded = *result.token;
    QCOMPARE(decoded.segment(SegmentRole::Header).bytes, QByteArray("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"));
    QCOMPARE(decoded.header.members.size(), size_t(2));
    QCOMPARE(decoded.header.members.at(0).name, u"typ"_qs);
    QCOMPARE(decoded.header.members.at(1).nameSpan, (Span {16, 5}));
    QCOMPARE(decoded.payload->value(u"http://example.com/is_root")->boolean, true);
    QCOMPARE(decoded.signingInput().size(), compact.lastIndexOf('.'));
}

void TestCompactToken::decodesRfc7520Examples_data()
{
    QTest::addColumn<QString>("file");
    const QDir directory(test::vectorPath(u"rfc7520/jws"_qs));
    const QStringList files = directory.entryList({u"*.json"_qs}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS(
            "RFC 7520 vectors not found under TOKENSCOPE_VECTORS_DIR (rfc7520/jws/*.json)");
    for (const QString &file : files) {
        if (test::readVectorObject(u"rfc7520/jws/"_qs + file).value(u"output").toObject().contains(u"compact"))
            QTest::newRow(qPrintable(file)) << file;
    }
}

void TestCompactToken::decodesRfc7520Examples()
{
    QFETCH(QString, file);
    const QJsonObject vector = test::readVectorObject(u"rfc7520/jws/"_qs + file);
    const QByteArray compact = vector.value(u"output").toObject().value(u"compact").toString().toLatin1();
    const QJsonObject signing = vector.value(u"signing").toObject();
    const QByteArray payload = vector.value(u"input").toObject().value(u"payload").toString().toUtf8();

    const DecodeResult result = CompactToken::decode(compact);
    QVERIFY2(result, qPrintable(result.error.message));
    const DecodedToken &decoded = *result.token;
    QVERIFY(decoded.isCanonical());
    QCOMPARE(
        decoded.segment(SegmentRole::Header).bytes,
        QByteArray::fromBase64(signing.value(u"protected_b64u").toString().toLatin1(), QByteArray::Base64UrlEncoding));
    QCOMPARE(asQJson(decoded.header), signing.value(u"protected").toObject());
    QCOMPARE(decoded.algorithm(), signing.value(u"protected").toObject().value(u"alg").toString());
    QCOMPARE(decoded.keyId(), signing.value(u"protected").toObject().value(u"kid").toString());
    const QByteArray &payloadBytes = decoded.segment(SegmentRole::Payload).bytes;
    if (compact.contains("..")) {
        // RFC 7520 §4.5 / RFC 7515 Appendix F: detached content, the payload part is empty.
        QVERIFY(payloadBytes.isEmpty());
        QVERIFY(!decoded.payload);
        QVERIFY(decoded.payloadError.message.contains(u"empty"));
    } else {
        QCOMPARE(payloadBytes, payload);
        // The cookbook payload is prose with U+2019, not JSON.
        QVERIFY(!decoded.payload);
        QVERIFY(!decoded.payloadError.message.isEmpty());
    }
    QCOMPARE(Base64Url::encode(decoded.signature()), signing.value(u"sig").toString().toLatin1());
}

void TestCompactToken::handlesWycheproofBase64Cases_data()
{
    QTest::addColumn<QByteArray>("jws");
    QTest::addColumn<QString>("expectation"); // "canonical", "non-canonical", "error"
    const QJsonObject file
        = test::readVectorObject(QStringLiteral("wycheproof/testvectors_v1/json_web_signature_test.json"));
    if (file.isEmpty())
        TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS("Wycheproof vectors not found under TOKENSCOPE_VECTORS_DIR "
                                                "(wycheproof/testvectors_v1/json_web_signature_test.json)");
    int rows = 0;
    for (const QJsonValue &group : file.value(u"testGroups").toArray()) {
        if (group.toObject().value(u"comment").toString() != u"base64")
            continue;
        for (const QJsonValue &testValue : group.toObject().value(u"tests").toArray()) {
            const QJsonObject test = testValue.toObject();
            const int id = test.value(u"tcId").toInt();
            const QString comment = test.value(u"comment").toString();
            // 367 and 370 are byte-identical to the valid 357 (upstream C2SP/wycheproof#236): nothing to decode.
            if (id == 367 || id == 370)
                continue;
            QString expectation;
            if (comment.contains(u"UnusedBits") || comment == u"MacOfIncorrectlyEncodedMessage")
                expectation = u"non-canonical"_qs;
            else if (test.value(u"result").toString() == u"valid" && id != 372 && id != 373)
                expectation = u"canonical"_qs;
            else // 372/373 insert '?', which RFC 7515 §5.2 rejects although upstream labels them valid.
                expectation = u"error"_qs;
            QTest::addRow("tcId %d %s", id, qPrintable(comment))
                << test.value(u"jws").toString().toLatin1() << expectation;
            ++rows;
        }
    }
    if (rows == 0)
        QSKIP("the Wycheproof base64 group was not found");
}

void TestCompactToken::handlesWycheproofBase64Cases()
{
    QFETCH(QByteArray, jws);
    QFETCH(QString, expectation);
    const DecodeResult result = CompactToken::decode(jws);
    if (expectation == u"error") {
        QVERIFY(!result);
        QCOMPARE(result.error.code, DecodeErrorCode::BadBase64Url);
        QVERIFY(result.error.segment >= 0);
        QVERIFY(result.error.offset >= 0 && result.error.offset < jws.size());
        const char offending = jws.at(result.error.offset);
        QVERIFY2(offending == ' ' || offending == '#' || offending == '?', qPrintable(result.error.message));
        return;
    }
    QVERIFY2(result, qPrintable(result.error.message));
    QCOMPARE(result.token->isCanonical(), expectation == u"canonical");
    if (expectation == u"non-canonical") {
        const TokenSegment &payload = result.token->segment(SegmentRole::Payload);
        QVERIFY(!payload.canonical);
        QCOMPARE(payload.nonCanonicalOffset, payload.span.end() - 1);
    }
}

void TestCompactToken::decodesJweHeaderAndOpaqueParts()
{
    const QByteArray header = R"({"alg":"dir","enc":"A128GCM","kid":"k1"})";
    const QByteArray iv = "0123456789ab";
    const QByteArray ciphertext = "\x01\x02\x03 opaque \xff";
    const QByteArray tag = "tag-tag-tag-tag!";
    const QByteArray compact = b64(header) + ".." + b64(iv) + '.' + b64(ciphertext) + '.' + b64(tag);
    const DecodeResult result = CompactToken::decode(compact);
    QVERIFY2(result, qPrintable(result.error.message));
    const DecodedToken &decoded = *result.token;
    QCOMPARE(decoded.kind, TokenKind::Jwe);
    QCOMPARE(decoded.segments.size(), size_t(5));
    QCOMPARE(decoded.algorithm(), u"dir"_qs);
    QCOMPARE(decoded.keyId(), u"k1"_qs);
    QCOMPARE(decoded.header.value(u"enc")->string, u"A128GCM"_qs);
    QVERIFY(decoded.hasSegment(SegmentRole::EncryptedKey));
    QVERIFY(decoded.segment(SegmentRole::EncryptedKey).bytes.isEmpty());
    QCOMPARE(decoded.segment(SegmentRole::InitializationVector).bytes, iv);
    QCOMPARE(decoded.segment(SegmentRole::Ciphertext).bytes, ciphertext);
    QCOMPARE(decoded.segment(SegmentRole::AuthenticationTag).bytes, tag);
    QVERIFY(!decoded.hasSegment(SegmentRole::Payload));
    QVERIFY(!decoded.hasSegment(SegmentRole::Signature));
    QVERIFY(!decoded.payload);
    // RFC 7516 §5.1 step 14: the AAD is the encoded protected header.
    QCOMPARE(decoded.signingInput(), QByteArrayView(b64(header)));
}

void TestCompactToken::decodesRfc7520JweExample()
{
    const QJsonObject vector
        = test::readVectorObject(QStringLiteral("jwe/rfc7520/5_6.direct_encryption_using_aes-gcm.json"));
    if (vector.isEmpty())
        TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS(
            "RFC 7520 JWE vectors not found under TOKENSCOPE_VECTORS_DIR (jwe/rfc7520/5_6...json)");
    const QByteArray compact = vector.value(u"output").toObject().value(u"compact").toString().toLatin1();
    const QJsonObject content = vector.value(u"encrypting_content").toObject();
    const DecodeResult result = CompactToken::decode(compact);
    QVERIFY2(result, qPrintable(result.error.message));
    QCOMPARE(result.token->kind, TokenKind::Jwe);
    QCOMPARE(asQJson(result.token->header), content.value(u"protected").toObject());
    QCOMPARE(Base64Url::encode(result.token->segment(SegmentRole::Ciphertext).bytes),
             content.value(u"ciphertext").toString().toLatin1());
    QCOMPARE(Base64Url::encode(result.token->segment(SegmentRole::AuthenticationTag).bytes),
             content.value(u"tag").toString().toLatin1());
}

void TestCompactToken::reportsErrorsWithPartAndOffset_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<DecodeErrorCode>("code");
    QTest::addColumn<int>("segment");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<QString>("message");

    const QByteArray header = b64(R"({"alg":"HS256"})"); // 20 characters
    const QByteArray payload = b64(R"({"sub":"1234567890","name":"John Doe","iat":1516239022})");
    QTest::newRow("empty") << QByteArray() << DecodeErrorCode::Empty << -1 << qsizetype(-1) << u"empty"_qs;
    QTest::newRow("one part") << QByteArray("abc") << DecodeErrorCode::WrongPartCount << -1 << qsizetype(-1)
                              << u"found 1 "_qs;
    QTest::newRow("two parts") << header + '.' + payload << DecodeErrorCode::WrongPartCount << -1 << qsizetype(-1)
                               << u"found 2 "_qs;
    QTest::newRow("four parts") << QByteArray("a.b.c.d") << DecodeErrorCode::WrongPartCount << -1 << qsizetype(-1)
                                << u"found 4 "_qs;
    QTest::newRow("seven parts") << QByteArray("a.b.c.d.e.f.g") << DecodeErrorCode::WrongPartCount << -1
                                 << qsizetype(-1) << u"found 7 "_qs;
    QByteArray plusInPayload = header + '.' + payload + ".c2ln";
    plusInPayload[21 + 36] = '+';
    QTest::newRow("plus in payload") << plusInPayload << DecodeErrorCode::BadBase64Url << 1 << qsizetype(57)
                                     << u"payload (part 2), character 57: '+' is not a base64url character"_qs;
    QByteArray slashInHeader = header + '.' + payload + ".c2ln";
    slashInHeader[17] = '/';
    QTest::newRow("slash in header") << slashInHeader << DecodeErrorCode::BadBase64Url << 0 << qsizetype(17)
                                     << u"header (part 1), character 17: '/'"_qs;
    QTest::newRow("space in signature") << header + '.' + payload + ".c2l n" << DecodeErrorCode::BadBase64Url << 2
                                        << qsizetype(header.size() + payload.size() + 5) << u"signature (part 3)"_qs;
    QTest::newRow("impossible signature length") << header + '.' + payload + ".c2lnX" << DecodeErrorCode::BadBase64Url
                                                 << 2 << qsizetype(header.size() + payload.size() + 6) << u"4n+1"_qs;
    QTest::newRow("bad character in JWE tag") << header + ".." + "aXY.Y3Q.d*Fn" << DecodeErrorCode::BadBase64Url << 4
                                              << qsizetype(header.size() + 11) << u"authentication tag (part 5)"_qs;
    QTest::newRow("empty header") << QByteArray(".e30.") << DecodeErrorCode::HeaderNotJson << 0 << qsizetype(0)
                                  << u"header (part 1)"_qs;
    QTest::newRow("header not JSON") << token("not json", "{}") << DecodeErrorCode::HeaderNotJson << 0 << qsizetype(0)
                                     << u"not JSON"_qs;
    QTest::newRow("header not UTF-8") << token("{\"alg\":\"\xc0\xaf\"}", "{}") << DecodeErrorCode::HeaderNotJson << 0
                                      << qsizetype(8 * 8 / 6) << u"overlong"_qs;
    QTest::newRow("header array") << token("[\"alg\"]", "{}") << DecodeErrorCode::HeaderNotObject << 0 << qsizetype(0)
                                  << u"not an object"_qs;
    QTest::newRow("missing alg") << token(R"({"typ":"JWT"})", "{}") << DecodeErrorCode::MissingAlg << 0 << qsizetype(0)
                                 << u"no \"alg\""_qs;
    QTest::newRow("alg not a string") << token(R"({"alg":256})", "{}") << DecodeErrorCode::MissingAlg << 0
                                      << qsizetype(7 * 8 / 6) << u"must be a string"_qs;
}

void TestCompactToken::reportsErrorsWithPartAndOffset()
{
    QFETCH(QByteArray, text);
    QFETCH(DecodeErrorCode, code);
    QFETCH(int, segment);
    QFETCH(qsizetype, offset);
    QFETCH(QString, message);
    const DecodeResult result = CompactToken::decode(text);
    QVERIFY(!result);
    QCOMPARE(result.error.code, code);
    QCOMPARE(result.error.segment, segment);
    QCOMPARE(result.error.offset, offset);
    QVERIFY2(result.error.message.contains(message), qPrintable(result.error.message));
}

void TestCompactToken::mapsHeaderErrorsIntoTheToken()
{
    // The JSON error sits at byte 7 of the header ('x'); the token character reported must carry that byte.
    const QByteArray header = R"({"alg":x})";
    const DecodeResult result = CompactToken::decode(token(header, "{}"));
    QVERIFY(!result);
    QCOMPARE(result.error.code, DecodeErrorCode::HeaderNotJson);
    QCOMPARE(result.error.offset, Base64Url::encodedSpan({7, 1}).start);
    QVERIFY2(result.error.message.contains(u"byte 7"), qPrintable(result.error.message));

    DecodeLimits limits;
    limits.maxTokenBytes = 10;
    const DecodeResult tooLarge = CompactToken::decode("aaaa.bbbb.cccc", limits);
    QVERIFY(!tooLarge);
    QCOMPARE(tooLarge.error.code, DecodeErrorCode::TooLarge);

    DecodeLimits shallow;
    shallow.json.maxDepth = 2;
    const DecodeResult deep = CompactToken::decode(token(R"({"alg":"HS256","x":[[1]]})", "{}"), shallow);
    QVERIFY(!deep);
    QCOMPARE(deep.error.code, DecodeErrorCode::HeaderNotJson);
    QVERIFY2(deep.error.message.contains(u"nesting"), qPrintable(deep.error.message));
}

void TestCompactToken::marksNonCanonicalSegments_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("segment");
    QTest::addColumn<qsizetype>("offset");
    const QByteArray header = b64(R"({"alg":"HS256"})"); // 20 characters, canonical
    const QByteArray payload = b64(R"({"a":1})"); // 10 characters: 7 bytes, last char has unused bits
    QTest::newRow("padded payload") << header + '.' + payload + "==.c2ln" << 1 << qsizetype(21 + 10);
    QByteArray strayBits = header + '.' + payload + ".c2ln";
    strayBits[21 + 9] = strayBits[21 + 9] + 1;
    QTest::newRow("stray bits in payload") << strayBits << 1 << qsizetype(21 + 9);
    QTest::newRow("padded signature") << header + '.' + payload + ".c2lnbg==" << 2 << qsizetype(21 + 10 + 1 + 6);
}

void TestCompactToken::marksNonCanonicalSegments()
{
    QFETCH(QByteArray, text);
    QFETCH(int, segment);
    QFETCH(qsizetype, offset);
    const DecodeResult result = CompactToken::decode(text);
    QVERIFY2(result, qPrintable(result.error.message));
    QVERIFY(!result.token->isCanonical());
    for (int index = 0; index < 3; ++index) {
        const TokenSegment &part = result.token->segments.at(size_t(index));
        QCOMPARE(part.canonical, index != segment);
        QCOMPARE(part.nonCanonicalOffset, index == segment ? offset : qsizetype(-1));
    }
    QCOMPARE(result.token->payload->value(u"a")->lexeme, QByteArray("1"));
}

void TestCompactToken::treatsOnlyExactNoneAsUnsecured_data()
{
    QTest::addColumn<QByteArray>("alg");
    QTest::addColumn<TokenKind>("kind");
    QTest::newRow("none") << QByteArray("none") << TokenKind::Unsecured;
    QTest::newRow("None") << QByteArray("None") << TokenKind::Jws;
    QTest::newRow("NONE") << QByteArray("NONE") << TokenKind::Jws;
    QTest::newRow("none with space") << QByteArray("none ") << TokenKind::Jws;
    QTest::newRow("HS256") << QByteArray("HS256") << TokenKind::Jws;
}

void TestCompactToken::treatsOnlyExactNoneAsUnsecured()
{
    QFETCH(QByteArray, alg);
    QFETCH(TokenKind, kind);
    const DecodeResult result = CompactToken::decode(token("{\"alg\":\"" + alg + "\"}", "{}", ""));
    QVERIFY(result);
    QCOMPARE(result.token->kind, kind);
    QCOMPARE(result.token->algorithm(), QString::fromLatin1(alg));
}

void TestCompactToken::keepsNonJsonPayloadAsBytes_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("reason");
    QTest::newRow("text") << QByteArray("hello world") << u"unexpected"_qs;
    QTest::newRow("binary") << QByteArray("\x00\xff\x10", 3) << u"unexpected"_qs;
    QTest::newRow("invalid UTF-8 in a string") << QByteArray("{\"a\":\"\xed\xa0\x80\"}") << u"surrogate"_qs;
    QTest::newRow("truncated JSON") << QByteArray("{\"a\":1") << u"end of input"_qs;
    QTest::newRow("empty (detached)") << QByteArray() << u"detached"_qs;
}

void TestCompactToken::keepsNonJsonPayloadAsBytes()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, reason);
    const DecodeResult result = CompactToken::decode(token(R"({"alg":"HS256"})", payload));
    QVERIFY2(result, qPrintable(result.error.message));
    QCOMPARE(result.token->segment(SegmentRole::Payload).bytes, payload);
    QVERIFY(!result.token->payload);
    QVERIFY2(result.token->payloadError.message.contains(reason), qPrintable(result.token->payloadError.message));
}

void TestCompactToken::reportsHeaderDuplicates()
{
    const DecodeResult result
        = CompactToken::decode(token(R"({"alg":"HS256","alg":"none"})", R"({"sub":"a","sub":"b"})"));
    QVERIFY(result);
    QCOMPARE(result.token->kind, TokenKind::Jws);
    QCOMPARE(result.token->algorithm(), u"HS256"_qs);
    QCOMPARE(result.token->headerDuplicates.size(), size_t(1));
    QCOMPARE(result.token->payloadDuplicates.size(), size_t(1));
    QCOMPARE(result.token->payloadDuplicates.front().name, u"sub"_qs);
}

void TestCompactToken::mapsSpansBetweenTokenAndDecodedBytes()
{
    const QByteArray compact
        = token(R"({"alg":"HS256","kid":"key-1"})", R"({"iss":"https://issuer.example","sub":"42","exp":1795000000})");
    const DecodeResult result = CompactToken::decode(compact);
    QVERIFY(result);
    const DecodedToken &decoded = *result.token;
    for (const SegmentRole role : {SegmentRole::Header, SegmentRole::Payload}) {
        const JsonValue &object = role == SegmentRole::Header ? decoded.header : *decoded.payload;
        const TokenSegment &part = decoded.segment(role);
        for (const JsonMember &member : object.members) {
            for (const Span bytes : {member.nameSpan, member.value.span}) {
                const Span characters = decoded.tokenSpan(role, bytes);
                QVERIFY(characters.start >= part.span.start && characters.end() <= part.span.end());
                // The characters carry at least the bytes asked for, and at most one extra byte on each side.
                const Span back = decoded.decodedSpan(role, characters);
                QVERIFY(back.start <= bytes.start && back.end() >= bytes.end());
                QVERIFY(bytes.start - back.start <= 1 && back.end() - bytes.end() <= 1);
                // Decoding the characters from a group boundary shows the member's text.
                const qsizetype groupStart = part.span.start + (characters.start - part.span.start) / 4 * 4;
                const QByteArray fragment = compact.mid(groupStart, characters.end() - groupStart);
                const Base64Url::DecodeResult text = Base64Url::decode(
                    fragment.left(fragment.size() / 4 * 4 + (fragment.size() % 4 == 1 ? 0 : fragment.size() % 4)));
                QVERIFY(text.ok);
                const QByteArray expected = part.bytes.mid(bytes.start, bytes.length);
                QVERIFY2(text.bytes.contains(expected.left(expected.size() - 1)), text.bytes.constData());
            }
        }
    }
    // Spans outside a segment are clamped; roles that are absent give empty spans.
    QCOMPARE(decoded.tokenSpan(SegmentRole::Ciphertext, {0, 3}), Span {});
    QCOMPARE(decoded.decodedSpan(SegmentRole::Header, {0, 100000}).length,
             decoded.segment(SegmentRole::Header).bytes.size());
    const Span signatureCharacters = decoded.segment(SegmentRole::Signature).span;
    QCOMPARE(decoded.decodedSpan(SegmentRole::Signature, signatureCharacters), (Span {0, decoded.signature().size()}));
    QCOMPARE(decoded.tokenSpan(SegmentRole::Payload, {0, decoded.segment(SegmentRole::Payload).bytes.size()}),
             decoded.segment(SegmentRole::Payload).span);
}

void TestCompactToken::namesSegments()
{
    QCOMPARE(CompactToken::segmentName(SegmentRole::Header), u"header"_qs);
    QCOMPARE(CompactToken::segmentName(SegmentRole::Payload), u"payload"_qs);
    QCOMPARE(CompactToken::segmentName(SegmentRole::Signature), u"signature"_qs);
    QCOMPARE(CompactToken::segmentName(SegmentRole::EncryptedKey), u"encrypted key"_qs);
    QCOMPARE(CompactToken::segmentName(SegmentRole::InitializationVector), u"initialization vector"_qs);
    QCOMPARE(CompactToken::segmentName(SegmentRole::Ciphertext), u"ciphertext"_qs);
    QCOMPARE(CompactToken::segmentName(SegmentRole::AuthenticationTag), u"authentication tag"_qs);
}

QTEST_GUILESS_MAIN(TestCompactToken)
#include "tst_compacttoken.moc"
