#include "jose/Base64Url.h"

#include <QTest>

using namespace tokenscope;

class TestBase64Url : public QObject
{
    Q_OBJECT

private slots:
    void decodesAndEncodesRfc4648Vectors_data();
    void decodesAndEncodesRfc4648Vectors();
    void rejectsCharactersOutsideTheAlphabet_data();
    void rejectsCharactersOutsideTheAlphabet();
    void rejectsImpossibleLengths_data();
    void rejectsImpossibleLengths();
    void reportsPaddingAsNonCanonical_data();
    void reportsPaddingAsNonCanonical();
    void reportsNonZeroUnusedBitsAsNonCanonical_data();
    void reportsNonZeroUnusedBitsAsNonCanonical();
    void decodeStrictAcceptsOnlyCanonicalText_data();
    void decodeStrictAcceptsOnlyCanonicalText();
    void roundTripsEveryByteValue();
    void mapsByteSpansToCharacterSpans_data();
    void mapsByteSpansToCharacterSpans();
    void mapsCharacterSpansToByteSpans_data();
    void mapsCharacterSpansToByteSpans();
    void spanMappingCoversEveryByteOfLongInput();
};

void TestBase64Url::decodesAndEncodesRfc4648Vectors_data()
{
    QTest::addColumn<QByteArray>("decoded");
    QTest::addColumn<QByteArray>("encoded");
    // RFC 4648 §10 without the padding (RFC 7515 §2), plus bytes that use the two url-safe characters.
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("f") << QByteArray("f") << QByteArray("Zg");
    QTest::newRow("fo") << QByteArray("fo") << QByteArray("Zm8");
    QTest::newRow("foo") << QByteArray("foo") << QByteArray("Zm9v");
    QTest::newRow("foob") << QByteArray("foob") << QByteArray("Zm9vYg");
    QTest::newRow("fooba") << QByteArray("fooba") << QByteArray("Zm9vYmE");
    QTest::newRow("foobar") << QByteArray("foobar") << QByteArray("Zm9vYmFy");
    QTest::newRow("url-safe 62 and 63") << QByteArray("\xfb\xff\xbf", 3) << QByteArray("-_-_");
    QTest::newRow("rfc7515 header") << QByteArray("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}")
                                    << QByteArray("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9");
}

void TestBase64Url::decodesAndEncodesRfc4648Vectors()
{
    QFETCH(QByteArray, decoded);
    QFETCH(QByteArray, encoded);
    QCOMPARE(Base64Url::encode(decoded), encoded);
    const Base64Url::DecodeResult result = Base64Url::decode(encoded);
    QVERIFY(result.ok);
    QVERIFY(result.canonical);
    QVERIFY(!result.padded);
    QCOMPARE(result.errorOffset, -1);
    QCOMPARE(result.bytes, decoded);
}

void TestBase64Url::rejectsCharactersOutsideTheAlphabet_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<QString>("mention");
    QTest::newRow("plus from standard base64") << QByteArray("Zm9v+mFy") << qsizetype(4) << QStringLiteral("'+'");
    QTest::newRow("slash in the tail") << QByteArray("Zm9vYm/") << qsizetype(6) << QStringLiteral("'/'");
    QTest::newRow("space") << QByteArray("Zm 9v") << qsizetype(2) << QStringLiteral("space");
    QTest::newRow("first character") << QByteArray("?m9v") << qsizetype(0) << QStringLiteral("'?'");
    QTest::newRow("padding in the middle") << QByteArray("Zg==Zm9v") << qsizetype(2) << QStringLiteral("'='");
    QTest::newRow("newline") << QByteArray("Zm9v\nYmFy") << qsizetype(4) << QStringLiteral("0x0a");
    QTest::newRow("high byte") << QByteArray("Zm9vYm\xc3\xa9") << qsizetype(6) << QStringLiteral("0xc3");
    QTest::newRow("dot") << QByteArray("Zm9v.mFy") << qsizetype(4) << QStringLiteral("'.'");
}

void TestBase64Url::rejectsCharactersOutsideTheAlphabet()
{
    QFETCH(QByteArray, text);
    QFETCH(qsizetype, offset);
    QFETCH(QString, mention);
    const Base64Url::DecodeResult result = Base64Url::decode(text);
    QVERIFY(!result);
    QCOMPARE(result.errorOffset, offset);
    QVERIFY2(result.error.contains(mention), qPrintable(result.error));
    QByteArray out;
    QVERIFY(!Base64Url::decodeStrict(text, out));
}

void TestBase64Url::rejectsImpossibleLengths_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("1") << QByteArray("Z");
    QTest::newRow("5") << QByteArray("Zm9vY");
    QTest::newRow("9") << QByteArray("Zm9vYmFyY");
    QTest::newRow("5 with padding") << QByteArray("Zm9vY===");
}

void TestBase64Url::rejectsImpossibleLengths()
{
    QFETCH(QByteArray, text);
    const Base64Url::DecodeResult result = Base64Url::decode(text);
    QVERIFY(!result);
    QCOMPARE(result.errorOffset, QByteArray(text).replace('=', "").size() - 1);
    QVERIFY2(result.error.contains(QStringLiteral("4n+1")), qPrintable(result.error));
}

void TestBase64Url::reportsPaddingAsNonCanonical_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qsizetype>("offset");
    QTest::newRow("f==") << QByteArray("Zg==") << QByteArray("f") << qsizetype(2);
    QTest::newRow("fo=") << QByteArray("Zm8=") << QByteArray("fo") << qsizetype(3);
    QTest::newRow("fooba=") << QByteArray("Zm9vYmE=") << QByteArray("fooba") << qsizetype(7);
    QTest::newRow("padding on a full quantum") << QByteArray("Zm9v=") << QByteArray("foo") << qsizetype(4);
}

void TestBase64Url::reportsPaddingAsNonCanonical()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, bytes);
    QFETCH(qsizetype, offset);
    const Base64Url::DecodeResult result = Base64Url::decode(text);
    QVERIFY(result.ok);
    QVERIFY(!result.canonical);
    QVERIFY(result.padded);
    QCOMPARE(result.bytes, bytes);
    QCOMPARE(result.errorOffset, offset);
    QVERIFY(!result.error.isEmpty());
}

void TestBase64Url::reportsNonZeroUnusedBitsAsNonCanonical_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("canonical");
    // 'A' = 0, 'B' = 1: in a two-character tail the low four bits of the second character are unused.
    QTest::newRow("eA canonical") << QByteArray("eA") << QByteArray("x") << true;
    QTest::newRow("eB stray bit") << QByteArray("eB") << QByteArray("x") << false;
    QTest::newRow("eP stray bits") << QByteArray("eP") << QByteArray("x") << false;
    QTest::newRow("eQ next canonical") << QByteArray("eQ") << QByteArray("y") << true;
    QTest::newRow("three chars canonical") << QByteArray("Zm8") << QByteArray("fo") << true;
    QTest::newRow("three chars stray bits") << QByteArray("Zm9") << QByteArray("fo") << false;
    QTest::newRow("wycheproof AB") << QByteArray("AB") << QByteArray("\0", 1) << false;
}

void TestBase64Url::reportsNonZeroUnusedBitsAsNonCanonical()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, bytes);
    QFETCH(bool, canonical);
    const Base64Url::DecodeResult result = Base64Url::decode(text);
    QVERIFY(result.ok);
    QCOMPARE(result.canonical, canonical);
    QVERIFY(!result.padded);
    QCOMPARE(result.bytes, bytes);
    QCOMPARE(result.errorOffset, canonical ? -1 : text.size() - 1);
}

void TestBase64Url::decodeStrictAcceptsOnlyCanonicalText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("canonical") << QByteArray("Zm9vYg") << true;
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("padded") << QByteArray("Zm9vYg==") << false;
    QTest::newRow("stray bits") << QByteArray("Zm9vYh") << false;
    QTest::newRow("bad character") << QByteArray("Zm9v+g") << false;
}

void TestBase64Url::decodeStrictAcceptsOnlyCanonicalText()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, accepted);
    QByteArray out("untouched");
    QCOMPARE(Base64Url::decodeStrict(text, out), accepted);
    if (accepted)
        QCOMPARE(Base64Url::encode(out), text);
    else
        QCOMPARE(out, QByteArray("untouched"));
}

void TestBase64Url::roundTripsEveryByteValue()
{
    QByteArray all;
    for (int value = 0; value < 256; ++value)
        all.append(static_cast<char>(value));
    for (qsizetype length = 0; length <= all.size(); ++length) {
        const QByteArray bytes = all.left(length);
        const QByteArray text = Base64Url::encode(bytes);
        QCOMPARE(text, bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        QByteArray decoded;
        QVERIFY(Base64Url::decodeStrict(text, decoded));
        QCOMPARE(decoded, bytes);
    }
}

void TestBase64Url::mapsByteSpansToCharacterSpans_data()
{
    QTest::addColumn<Span>("bytes");
    QTest::addColumn<Span>("characters");
    // Bytes 0..2 live in characters 0..3; byte 0 in chars 0-1, byte 1 in chars 1-2, byte 2 in chars 2-3.
    QTest::newRow("byte 0") << Span {0, 1} << Span {0, 2};
    QTest::newRow("byte 1") << Span {1, 1} << Span {1, 2};
    QTest::newRow("byte 2") << Span {2, 1} << Span {2, 2};
    QTest::newRow("bytes 0-2") << Span {0, 3} << Span {0, 4};
    QTest::newRow("byte 3") << Span {3, 1} << Span {4, 2};
    QTest::newRow("bytes 4-6") << Span {4, 3} << Span {5, 5};
    QTest::newRow("empty at 3") << Span {3, 0} << Span {4, 0};
}

void TestBase64Url::mapsByteSpansToCharacterSpans()
{
    QFETCH(Span, bytes);
    QFETCH(Span, characters);
    QCOMPARE(Base64Url::encodedSpan(bytes), characters);
}

void TestBase64Url::mapsCharacterSpansToByteSpans_data()
{
    QTest::addColumn<Span>("characters");
    QTest::addColumn<Span>("bytes");
    QTest::newRow("char 0") << Span {0, 1} << Span {0, 1};
    QTest::newRow("char 1") << Span {1, 1} << Span {0, 2};
    QTest::newRow("char 2") << Span {2, 1} << Span {1, 2};
    QTest::newRow("char 3") << Span {3, 1} << Span {2, 1};
    QTest::newRow("chars 0-3") << Span {0, 4} << Span {0, 3};
    QTest::newRow("chars 4-7") << Span {4, 4} << Span {3, 3};
}

void TestBase64Url::mapsCharacterSpansToByteSpans()
{
    QFETCH(Span, characters);
    QFETCH(Span, bytes);
    QCOMPARE(Base64Url::decodedSpan(characters), bytes);
}

void TestBase64Url::spanMappingCoversEveryByteOfLongInput()
{
    // Every byte's characters map back to a byte run that contains it, and the run never exceeds the input.
    const QByteArray bytes("The quick brown fox jumps over the lazy dog");
    const QByteArray text = Base64Url::encode(bytes);
    for (qsizetype index = 0; index < bytes.size(); ++index) {
        const Span characters = Base64Url::encodedSpan({index, 1});
        QVERIFY(characters.end() <= text.size());
        const Span back = Base64Url::decodedSpan(characters);
        QVERIFY(back.contains(index));
        QVERIFY(back.length <= 3);
        // Re-encoding the single byte in its 3-byte group reproduces the characters' text.
        const Base64Url::DecodeResult decoded = Base64Url::decode(text.mid(index / 3 * 4, 4));
        QVERIFY(decoded.ok);
        QCOMPARE(decoded.bytes.at(index % 3), bytes.at(index));
    }
}

QTEST_GUILESS_MAIN(TestBase64Url)
#include "tst_base64url.moc"
