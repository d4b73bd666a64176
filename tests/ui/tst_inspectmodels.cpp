// The Inspect models under QAbstractItemModelTester, and the pure pieces they show: pretty JSON with its entries
// (source order, lexemes, spans, display limits) and the validity bar's words.

#include "inspect/ClaimsTableModel.h"
#include "inspect/FindingsModel.h"
#include "inspect/PrettyJson.h"
#include "inspect/ScanResultsModel.h"
#include "inspect/ValidityBar.h"
#include "jose/Json.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

namespace {

PrettyJson printPayload(const QByteArray &json)
{
    const JsonParseResult parsed = Json::parse(json);
    Q_ASSERT(parsed.value);
    return PrettyJsonPrinter::print(*parsed.value, PrettyJsonPrinter::Section::Payload);
}

} // namespace

class TestInspectModels : public QObject
{
    Q_OBJECT

private slots:
    void prettyJsonKeepsOrderLexemesAndSpans();
    void prettyJsonShortensHugeDocuments();
    void claimsModelPassesTheTester();
    void findingsModelSortsBySeverityAndPassesTheTester();
    void validityBarSays_data();
    void validityBarSays();
    void validityBarLabelsNeverOverlap_data();
    void validityBarLabelsNeverOverlap();
    void scanResultsRejudgeStatusWhenNowMovesAndPassTheTester();
};

void TestInspectModels::prettyJsonKeepsOrderLexemesAndSpans()
{
    const QByteArray source = R"({"z":1.50,"a":{"b":[true,null]},"exp":1795003600})";
    const PrettyJson json = printPayload(source);
    QCOMPARE(json.text,
             u"{\n  \"z\": 1.50,\n  \"a\": {\n    \"b\": [\n      true,\n      null\n    ]\n  },\n"
             u"  \"exp\": 1795003600\n}"_s);
    QCOMPARE(json.entries.size(), 6);
    const int b = json.entryAtText(json.text.indexOf(u"true"_s));
    QCOMPARE(json.entries[b].path, u"a.b[0]"_s);
    QCOMPARE(source.mid(json.entries[b].source.start, json.entries[b].source.length), "true");
    const int a = json.topLevelEntry(u"a");
    QCOMPARE(source.mid(json.entries[a].source.start, json.entries[a].source.length), R"("a":{"b":[true,null]})");
    QCOMPARE(json.entryAtSource(source.indexOf("null")), json.entryAtText(json.text.indexOf(u"null"_s)));
    const int exp = json.topLevelEntry(u"exp");
    QVERIFY(json.entries[exp].timestamp);
    QCOMPARE(json.entries[exp].seconds, 1795003600);
    QVERIFY(!json.entries[json.topLevelEntry(u"z")].timestamp);
}

void TestInspectModels::prettyJsonShortensHugeDocuments()
{
    QByteArray source = R"({"long":")" + QByteArray(10000, 'q') + R"(","list":[)";
    for (int i = 0; i < 50000; ++i)
        source += QByteArray::number(i) + ',';
    source += "0]}";
    const PrettyJson json = printPayload(source);
    QVERIFY(json.shortened);
    QVERIFY(json.text.size() < PrettyJsonPrinter::maxTextCharacters + 4096);
    const int longEntry = json.topLevelEntry(u"long");
    QVERIFY(json.entries[longEntry].shortened);
    QVERIFY(json.text.contains(QString(PrettyJsonPrinter::maxStringCharacters, u'q') + u"…\""_s));
    // Entries still point at the real bytes.
    QCOMPARE(json.entries[longEntry].source.length, 10000 + 9);
}

void TestInspectModels::claimsModelPassesTheTester()
{
    ClaimsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPayload(printPayload(R"({"sub":"alice","exp":1795003600,"nested":{"a":[1,2]}})"));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2, ClaimsTableModel::ValueColumn).data().toString(), u"{ \"a\": [ 1, 2 ] }"_s);
    model.setNowSeconds(1795003600 - 60);
    QVERIFY(model.index(1, ClaimsTableModel::ValueColumn).data().toString().contains(u"expires in 1m"_s));
    QCOMPARE(model.rowForEntry(model.index(2, 0).data(ClaimsTableModel::EntryIndexRole).toInt()), 2);
    QCOMPARE(model.headerData(ClaimsTableModel::MeaningColumn, Qt::Horizontal).toString(), u"Meaning"_s);
    model.setPayload(PrettyJson {});
    QCOMPARE(model.rowCount(), 0);
}

void TestInspectModels::findingsModelSortsBySeverityAndPassesTheTester()
{
    FindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFindings({{u"personal_data"_s, Finding::Severity::Info, u"email"_s, {3, 4}},
                       {u"alg_none"_s, Finding::Severity::High, u"none"_s, {0, 2}},
                       {u"no_exp"_s, Finding::Severity::Warning, u"no exp"_s, {}}});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0).data(FindingsModel::IdRole).toString(), u"alg_none"_s);
    QCOMPARE(model.index(1).data(FindingsModel::IdRole).toString(), u"no_exp"_s);
    QCOMPARE(model.spanAt(2), (Span {3, 4}));
    QVERIFY(model.index(0).data(Qt::ToolTipRole).toString().contains(u"alg_none"_s));
    QVERIFY(!model.index(0).data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(model.index(0).data(Qt::AccessibleTextRole).toString(), u"high: none"_s);
    model.setFindings({});
    QCOMPARE(model.rowCount(), 0);
}

void TestInspectModels::validityBarSays_data()
{
    QTest::addColumn<qint64>("now");
    QTest::addColumn<qint64>("leeway");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("state");
    const qint64 nbf = 1000;
    const qint64 exp = 2000;
    QTest::newRow("before nbf") << nbf - 300 << qint64(0) << u"not valid yet: valid in 5m"_s
                                << int(ValidityBar::State::NotYetValid);
    QTest::newRow("valid") << exp - 252 << qint64(0) << u"expires in 4m 12s"_s << int(ValidityBar::State::Valid);
    QTest::newRow("expired") << exp + 3 << qint64(0) << u"expired 3s ago"_s << int(ValidityBar::State::Expired);
    QTest::newRow("leeway") << exp + 3 << qint64(10) << u"expired 3s ago (still accepted within the 10 s leeway)"_s
                            << int(ValidityBar::State::ValidWithinLeeway);
}

void TestInspectModels::validityBarSays()
{
    QFETCH(qint64, now);
    QFETCH(qint64, leeway);
    QFETCH(QString, text);
    QFETCH(int, state);
    ValidityBar bar;
    QCOMPARE(bar.statusText(), QString());
    bar.setTimes(1000, 1000, 2000);
    bar.setNowSeconds(now);
    bar.setLeewaySeconds(leeway);
    QCOMPARE(bar.statusText(), text);
    QCOMPARE(int(bar.state()), state);
    bar.resize(500, bar.sizeHint().height());
    QVERIFY(!bar.grab().isNull()); // paints every state
}

void TestInspectModels::validityBarLabelsNeverOverlap_data()
{
    QTest::addColumn<double>("startAt");
    QTest::addColumn<double>("endAt");
    QTest::addColumn<bool>("secondLine");
    // A 200 px start label and a 180 px end label on a 600 px row from x = 8, 12 px apart.
    QTest::newRow("a live token: under their times") << 100.0 << 560.0 << false;
    QTest::newRow("expired long ago: both squeezed left") << 20.0 << 24.0 << false;
    QTest::newRow("not valid for years: both squeezed right") << 590.0 << 600.0 << false;
    QTest::newRow("short life in the middle") << 300.0 << 310.0 << true;
}

void TestInspectModels::validityBarLabelsNeverOverlap()
{
    QFETCH(double, startAt);
    QFETCH(double, endAt);
    QFETCH(bool, secondLine);
    const int startWidth = 200;
    const int endWidth = 180;
    const double left = 8;
    const double right = 608;
    const int gap = 12;
    const ValidityBar::LabelPlacement placed
        = ValidityBar::placeLabels(startAt, startWidth, endAt, endWidth, left, right, gap);
    QCOMPARE(placed.endOnSecondLine, secondLine);
    QVERIFY(placed.startX >= left && placed.startX + startWidth <= right);
    QVERIFY(placed.endX >= left && placed.endX + endWidth <= right);
    if (!placed.endOnSecondLine)
        QVERIFY2(placed.endX >= placed.startX + startWidth + gap || placed.endX + endWidth + gap <= placed.startX,
                 qPrintable(u"start at %1, end at %2"_s.arg(placed.startX).arg(placed.endX)));
}

void TestInspectModels::scanResultsRejudgeStatusWhenNowMovesAndPassTheTester()
{
    ScanResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    std::vector<ScannedToken> tokens(3);
    tokens[0].kind = u"JWS"_s;
    tokens[0].alg = u"ES256"_s;
    tokens[0].iss = u"https://a.test"_s;
    tokens[0].nbf = 1000;
    tokens[0].exp = 2000;
    tokens[0].status = ExpiryStatus::StillValid;
    tokens[0].count = 3;
    tokens[0].text = "eyJ.first";
    tokens[0].firstSeen.source = u"app.log"_s;
    tokens[0].firstSeen.line = 7;
    tokens[0].firstSeen.context = u"Authorization header"_s;
    tokens[1].kind = u"JWE"_s; // claims encrypted: unknown whatever now is
    tokens[1].status = ExpiryStatus::Unknown;
    tokens[1].firstSeen.harPath = u"log.entries[2].request.headers[0]"_s;
    tokens[1].firstSeen.method = u"GET"_s;
    tokens[1].firstSeen.url = u"https://api.test/items"_s;
    tokens[1].firstSeen.context = u"request header Authorization"_s;
    tokens[2].kind = u"JWS"_s;
    tokens[2].status = ExpiryStatus::StillValid; // no exp: valid until revoked
    model.setNowSeconds(500);
    model.setTokens(tokens);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(ScanResultsModel::ColumnCount));
    QCOMPARE(model.index(0, ScanResultsModel::StatusColumn).data().toString(), u"not yet valid"_s);
    QCOMPARE(model.index(0, ScanResultsModel::KindColumn).data().toString(), u"JWS ES256"_s);
    QCOMPARE(model.index(0, ScanResultsModel::SeenColumn).data().toString(),
             u"app.log line 7 · Authorization header"_s);
    QCOMPARE(model.index(0, 0).data(ScanResultsModel::TokenTextRole).toByteArray(), QByteArray("eyJ.first"));
    QCOMPARE(model.index(1, ScanResultsModel::SeenColumn).data().toString(),
             u"GET https://api.test/items · request header Authorization"_s);
    QCOMPARE(model.index(1, ScanResultsModel::IssuerColumn).data().toString(), u"(none)"_s);

    const struct
    {
        qint64 now;
        const char16_t *first;
    } moments[] = {{1500, u"still valid"}, {2000, u"expired"}, {999, u"not yet valid"}};
    for (const auto &moment : moments) {
        model.setNowSeconds(moment.now);
        QCOMPARE(model.index(0, ScanResultsModel::StatusColumn).data().toString(), QString::fromUtf16(moment.first));
        QCOMPARE(model.index(1, ScanResultsModel::StatusColumn).data().toString(), u"unknown"_s);
        QCOMPARE(model.index(2, ScanResultsModel::StatusColumn).data().toString(), u"still valid"_s);
    }
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestInspectModels)
#include "tst_inspectmodels.moc"
