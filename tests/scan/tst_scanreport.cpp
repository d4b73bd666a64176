#include "ScanTestSupport.h"
#include "crypto/KeyParser.h"
#include "scan/ScanReport.h"

#include <QTest>

using namespace tokenscope;
using namespace ScanTestSupport;

namespace {

constexpr qint64 kNow = 1800000000;

ScanReport::Options optionsAtNow()
{
    ScanReport::Options options;
    options.nowSeconds = kNow;
    return options;
}

ScanPlace placeAt(qint64 line)
{
    ScanPlace place;
    place.source = u"app.log"_qs;
    place.line = line;
    place.offset = line * 100;
    return place;
}

QString jsonText(const JsonValue &value)
{
    return QString::fromUtf8(Json::write(value, Json::Style::Compact));
}

} // namespace

class TestScanReport : public QObject
{
    Q_OBJECT

private slots:
    void countsEachTokenOnceWhereFirstSeen();
    void judgesExpiryAtNow_data();
    void judgesExpiryAtNow();
    void verifiesWithTheKeysGiven_data();
    void verifiesWithTheKeysGiven();
    void summarisesTheDistinctTokens();
    void countsButDoesNotDescribeTokensPastTheCap();
    void keepsTheTokenTextOnlyWhenAsked();
    void writesCsvWithQuotedFields();
};

void TestScanReport::countsEachTokenOnceWhereFirstSeen()
{
    ScanReport report(optionsAtNow());
    const QByteArray alice = tokenFor("alice");
    const QByteArray bob = tokenFor("bob");
    report.add(alice, placeAt(3));
    report.add(bob, placeAt(5));
    report.add(alice, placeAt(9));
    report.add(alice, placeAt(12));
    QCOMPARE(report.occurrences(), 4);
    QCOMPARE(report.tokens().size(), size_t(2));
    QCOMPARE(report.tokens()[0].sub, u"alice"_qs);
    QCOMPARE(report.tokens()[0].count, 3);
    QCOMPARE(report.tokens()[0].firstSeen.line, 3);
    QCOMPARE(report.tokens()[1].count, 1);
    QCOMPARE(report.tokens()[1].firstSeen.line, 5);
    QCOMPARE(report.tokens()[0].fingerprint,
             u"sha256:"_qs + QString::fromLatin1(QCryptographicHash::hash(alice, QCryptographicHash::Sha256).toHex()));
}

void TestScanReport::judgesExpiryAtNow_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("status");
    QTest::newRow("expires later") << tokenFor("a", kNow + 1) << u"JWS"_qs << u"still_valid"_qs;
    // RFC 7519 §4.1.4: not accepted on or after exp.
    QTest::newRow("expires now") << tokenFor("a", kNow) << u"JWS"_qs << u"expired"_qs;
    QTest::newRow("expired") << tokenFor("a", kNow - 3600) << u"JWS"_qs << u"expired"_qs;
    QTest::newRow("not yet valid") << hs256(R"({"nbf":1800000060,"exp":1800003600})") << u"JWS"_qs
                                   << u"not_yet_valid"_qs;
    QTest::newRow("no exp") << hs256(R"({"sub":"a"})") << u"JWS"_qs << u"still_valid"_qs;
    QTest::newRow("payload not claims") << hs256("plain bytes") << u"JWS"_qs << u"unknown"_qs;
    QTest::newRow("JWE") << jwe() << u"JWE"_qs << u"unknown"_qs;
    QTest::newRow("SD-JWT") << sdJwt() << u"SD-JWT"_qs << u"still_valid"_qs;
}

void TestScanReport::judgesExpiryAtNow()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, kind);
    QFETCH(QString, status);
    ScanReport report(optionsAtNow());
    report.add(token, placeAt(1));
    QCOMPARE(report.tokens().size(), size_t(1));
    QCOMPARE(report.tokens()[0].kind, kind);
    QCOMPARE(expiryStatusName(report.tokens()[0].status), status);
    if (kind == u"SD-JWT")
        QCOMPARE(report.tokens()[0].disclosures, 2);
}

void TestScanReport::verifiesWithTheKeysGiven_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("verification");
    QTest::newRow("the right secret") << QByteArray(kSecret) << tokenFor("a", kNow + 60) << u"valid"_qs;
    QTest::newRow("another secret") << QByteArray("another-32-byte-secret-for-tests") << tokenFor("a", kNow + 60)
                                    << u"bad_signature"_qs;
    QTest::newRow("expired at now") << QByteArray(kSecret) << tokenFor("a", kNow - 60) << u"expired"_qs;
    QTest::newRow("JWE") << QByteArray(kSecret) << jwe() << u"encrypted"_qs;
}

void TestScanReport::verifiesWithTheKeysGiven()
{
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, token);
    QFETCH(QString, verification);
    ScanReport::Options options = optionsAtNow();
    options.keys = KeySet {KeyParser::secretKey(secret, u"--secret"_qs)};
    ScanReport report(options);
    report.add(token, placeAt(1));
    QCOMPARE(report.tokens()[0].verification, verification);
    QVERIFY(jsonText(report.tokenJson(report.tokens()[0], 1)).contains(u"\"verification\":\""_qs + verification));
}

void TestScanReport::summarisesTheDistinctTokens()
{
    ScanReport report(optionsAtNow());
    report.add(tokenFor("alice", kNow + 60), placeAt(1));
    report.add(tokenFor("alice", kNow + 120), placeAt(2));
    report.add(tokenFor("bob", kNow - 60, "https://other.example"), placeAt(3));
    report.add(tokenFor("bob", kNow - 60, "https://other.example"), placeAt(4)); // a repeat: counted once below
    report.add(hs256(R"({"sub":"carol"})", R"({"alg":"HS256","kid":"k9"})"), placeAt(5));
    QCOMPARE(report.distinctSubjects(), 3);
    QCOMPARE(report.statusCounts(), (ScanReport::Counts {{u"still_valid"_qs, 3}, {u"expired"_qs, 1}}));
    QCOMPARE(
        report.countBy(&ScannedToken::iss),
        (ScanReport::Counts {{u"https://issuer.example"_qs, 2}, {u"(none)"_qs, 1}, {u"https://other.example"_qs, 1}}));
    QCOMPARE(report.countBy(&ScannedToken::kid), (ScanReport::Counts {{u"(none)"_qs, 3}, {u"k9"_qs, 1}}));
    QCOMPARE(report.countBy(&ScannedToken::alg), (ScanReport::Counts {{u"HS256"_qs, 4}}));
    const ScanReport::Counts findings = report.findingCounts();
    const auto noExp
        = std::find_if(findings.begin(), findings.end(), [](const auto &count) { return count.first == u"no_exp"; });
    QVERIFY(noExp != findings.end());
    QCOMPARE(noExp->second, 1);
    const QString summary = jsonText(report.summaryJson());
    QVERIFY2(summary.startsWith(u"{\"type\":\"summary\",\"sources\":[],\"bytes\":0,\"occurrences\":5,"
                                "\"distinct_tokens\":4,\"untracked_occurrences\":0,\"distinct_subjects\":3,"
                                "\"by_status\":{\"still_valid\":3,\"expired\":1},\"by_kind\":{\"JWS\":4},"_qs),
             qPrintable(summary));
}

void TestScanReport::countsButDoesNotDescribeTokensPastTheCap()
{
    ScanReport::Options options = optionsAtNow();
    options.maxDistinctTokens = 2;
    ScanReport report(options);
    for (const QByteArray subject : {"a", "b", "c", "a", "d"})
        report.add(tokenFor(subject), placeAt(1));
    QCOMPARE(report.tokens().size(), size_t(2));
    QCOMPARE(report.occurrences(), 5);
    QCOMPARE(report.untracked(), 2);
    QCOMPARE(report.tokens()[0].count, 2);
}

void TestScanReport::keepsTheTokenTextOnlyWhenAsked()
{
    const QByteArray token = tokenFor("alice");
    ScanReport withheld(optionsAtNow());
    withheld.add(token, placeAt(1));
    QVERIFY(!jsonText(withheld.tokenJson(withheld.tokens()[0], 1)).contains(QString::fromLatin1(token)));
    QVERIFY(!withheld.csvRow(withheld.tokens()[0], 1).contains(token));
    ScanReport::Options options = optionsAtNow();
    options.tokenText = ScanReport::TokenText::Keep;
    ScanReport shown(options);
    shown.add(token, placeAt(1));
    QVERIFY(jsonText(shown.tokenJson(shown.tokens()[0], 1))
                .endsWith(u"\"token\":\""_qs + QString::fromLatin1(token) + u"\"}"_qs));
}

void TestScanReport::writesCsvWithQuotedFields()
{
    ScanReport report(optionsAtNow());
    ScanPlace place = placeAt(7);
    place.context = u"cookie \"sid\", the second"_qs;
    report.add(hs256(R"({"sub":"Doe, \"Jane\"","exp":1900000000})"), place);
    const QByteArray row = report.csvRow(report.tokens()[0], 1);
    QVERIFY2(
        row.startsWith(
            R"(1,1,JWS,HS256,,,"Doe, ""Jane""",,,1900000000,still_valid,,app.log,7,700,,"cookie ""sid"", the second",,,,)"),
        row.constData());
    QVERIFY(row.endsWith("\r\n"));
    QCOMPARE(ScanReport::csvHeader().count(','), row.count(',') - 2); // the two quoted commas
}

QTEST_GUILESS_MAIN(TestScanReport)
#include "tst_scanreport.moc"
