// The machine-readable report of a decoded token (`decode --json`, the inspector's export): member order and number
// lexemes kept as written, payloads that are not JSON kept without loss, JWE parts sized, times given at the
// injected now, and a stable error code for each way a token fails to decode.

#include "jose/Base64Url.h"
#include "jose/CompactToken.h"
#include "report/TokenReport.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

namespace {

constexpr qint64 now = 1795000600;

QByteArray b64(QByteArrayView bytes)
{
    return Base64Url::encode(bytes);
}

QByteArray compact(QByteArrayView header, QByteArrayView payload, QByteArrayView signature = "sig")
{
    return b64(header) + '.' + b64(payload) + '.' + b64(signature);
}

JsonValue reportOf(const QByteArray &token)
{
    const DecodeResult decoded = CompactToken::decode(token);
    Q_ASSERT(decoded);
    return TokenReport::decodeReport(*decoded.token, {}, now);
}

QString written(const JsonValue *value)
{
    return value ? QString::fromUtf8(Json::write(*value, Json::Style::Compact)) : u"<absent>"_s;
}

} // namespace

class TestTokenReport : public QObject
{
    Q_OBJECT

private slots:
    void jwsKeepsOrderAndLexemes();
    void timesAreJudgedAtNow();
    void payloadThatIsNotJson_data();
    void payloadThatIsNotJson();
    void jweSizesItsParts();
    void errorCodes_data();
    void errorCodes();
};

void TestTokenReport::jwsKeepsOrderAndLexemes()
{
    const QByteArray token = compact(R"({"typ":"JWT","alg":"ES256","kid":"k1"})",
                                     R"({"sub":"alice","amount":1.50,"big":12345678901234567890})", "0123456789");
    const JsonValue report = reportOf(token);
    QCOMPARE(report.value(u"kind"_s)->string, u"JWS"_s);
    QCOMPARE(report.value(u"alg"_s)->string, u"ES256"_s);
    QCOMPARE(written(report.value(u"header"_s)), uR"({"typ":"JWT","alg":"ES256","kid":"k1"})"_s);
    // Numbers keep their lexemes: 1.50 is not 1.5, and a 20-digit integer is not rounded to a double.
    QCOMPARE(written(report.value(u"payload"_s)), uR"({"sub":"alice","amount":1.50,"big":12345678901234567890})"_s);
    QVERIFY(report.value(u"payload_text"_s)->isNull());
    QCOMPARE(report.value(u"signature"_s)->string, QString::fromLatin1(token.mid(token.lastIndexOf('.') + 1)));
    QCOMPARE(report.value(u"signature_bytes"_s)->toInteger(), std::optional<qint64>(10));
    QVERIFY(report.value(u"findings"_s)->isArray());
}

void TestTokenReport::timesAreJudgedAtNow()
{
    const JsonValue report
        = reportOf(compact(R"({"alg":"HS256"})", R"({"iat":1795000000,"exp":1795000900,"nbf":"soon"})"));
    const JsonValue *times = report.value(u"times"_s);
    QVERIFY(times && times->isObject());
    QCOMPARE(times->members.size(), size_t(2)); // a string "nbf" is not a NumericDate
    QCOMPARE(times->members.at(0).name, u"iat"_s);
    QCOMPARE(times->value(u"exp"_s)->value(u"utc"_s)->string, u"2026-11-18T11:21:40Z"_s);
    QCOMPARE(times->value(u"exp"_s)->value(u"value"_s)->toInteger(), std::optional<qint64>(1795000900));
    QVERIFY2(times->value(u"exp"_s)->value(u"relative"_s)->string.contains(u"expires in 5m"_s),
             qPrintable(times->value(u"exp"_s)->value(u"relative"_s)->string));
    QVERIFY2(times->value(u"iat"_s)->value(u"relative"_s)->string.contains(u"10m ago"_s),
             qPrintable(times->value(u"iat"_s)->value(u"relative"_s)->string));
}

void TestTokenReport::payloadThatIsNotJson_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("payloadText");
    QTest::newRow("text") << QByteArray("It’s a dangerous business, Frodo") << u"It’s a dangerous business, Frodo"_s;
    // Bytes that are not UTF-8 are shown as base64url, so nothing is lost or replaced.
    QTest::newRow("binary") << QByteArray("\xff\xfe\x00\x01", 4) << u"__4AAQ"_s;
}

void TestTokenReport::payloadThatIsNotJson()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, payloadText);
    const JsonValue report = reportOf(compact(R"({"alg":"HS256"})", payload));
    QVERIFY(report.value(u"payload"_s)->isNull());
    QCOMPARE(report.value(u"payload_text"_s)->string, payloadText);
}

void TestTokenReport::jweSizesItsParts()
{
    const QByteArray token = b64(R"({"alg":"dir","enc":"A128GCM"})") + '.' + '.' + b64("twelve bytes") + '.'
        + b64("ciphertext!") + '.' + b64("sixteen byte tag");
    const JsonValue report = reportOf(token);
    QCOMPARE(report.value(u"kind"_s)->string, u"JWE"_s);
    QVERIFY(report.value(u"payload"_s)->isNull());
    QVERIFY(report.value(u"signature"_s)->isNull());
    const JsonValue *parts = report.value(u"encrypted_part_bytes"_s);
    QVERIFY(parts);
    QStringList sizes;
    for (const JsonMember &member : parts->members)
        sizes << u"%1=%2"_s.arg(member.name).arg(*member.value.toInteger());
    QCOMPARE(sizes.size(), 4);
    QVERIFY2(sizes.last().endsWith(u"=16"_s), qPrintable(sizes.join(u", "_s)));
    QVERIFY2(sizes.first().endsWith(u"=0"_s), qPrintable(sizes.join(u", "_s))); // `dir`: no encrypted key
}

void TestTokenReport::errorCodes_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("segment");
    QTest::newRow("empty") << QByteArray() << u"empty"_s << -1;
    QTest::newRow("two parts") << QByteArray("abc.def") << u"wrong_part_count"_s << -1;
    QTest::newRow("not base64url") << QByteArray("eyJhbGciOiJIUzI1NiJ9.a+b.c") << u"bad_base64url"_s << 1;
    QTest::newRow("header not JSON") << compact("{alg:HS256}", "{}") << u"header_not_json"_s << 0;
    QTest::newRow("header not an object") << compact("[1]", "{}") << u"header_not_object"_s << 0;
    QTest::newRow("no alg (RFC 7515 §4.1.1)") << compact(R"({"typ":"JWT"})", "{}") << u"missing_alg"_s << 0;
}

void TestTokenReport::errorCodes()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, code);
    QFETCH(int, segment);
    const DecodeResult decoded = CompactToken::decode(token);
    QVERIFY(!decoded);
    const JsonValue report = TokenReport::decodeErrorReport(decoded.error);
    QVERIFY(report.value(u"kind"_s)->isNull());
    const JsonValue *error = report.value(u"error"_s);
    QCOMPARE(error->value(u"code"_s)->string, code);
    if (segment < 0)
        QVERIFY(error->value(u"segment"_s)->isNull());
    else
        QCOMPARE(error->value(u"segment"_s)->toInteger(), std::optional<qint64>(segment));
    QVERIFY(!error->value(u"message"_s)->string.isEmpty());
}

QTEST_GUILESS_MAIN(TestTokenReport)
#include "tst_tokenreport.moc"
