// What a simulation run reports, on its own: ratios that never divide by zero, JSON with a fixed member order and
// fixed decimals (the same bytes on every platform), and the Full and Brief rows the report and `--table` print.

#include "jose/Json.h"
#include "sim/SimMetrics.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::sim;

namespace {

SimMetrics sampleMetrics()
{
    SimMetrics metrics;
    metrics.simulatedSeconds = 7200;
    metrics.legitRequests = 300;
    metrics.legitAccepted = 290;
    metrics.legitRejected = 10;
    metrics.attackerRequests = 100;
    metrics.attackerAccepted = 7;
    metrics.storeLookups = 400;
    metrics.blocklistLookups = 1;
    metrics.refreshes = 9;
    metrics.credentialBytes = quint64(300) * 812;
    metrics.exposures.append({u"theft"_s, u"steal access_token client 0"_s, u"at:12"_s, 600, 1500, false});
    metrics.exposures.append({u"revocation"_s, u"revoke_refresh_token client 3"_s, u"rt:4.2"_s, 3600, 7200, true});
    return metrics;
}

QString rowValue(const QList<SimMetrics::Row> &rows, const QString &name)
{
    for (const SimMetrics::Row &row : rows) {
        if (row.name == name)
            return row.value;
    }
    return u"<no row %1>"_s.arg(name);
}

} // namespace

class TestSimMetrics : public QObject
{
    Q_OBJECT

private slots:
    void ratiosOfAnEmptyRunAreZero();
    void ratiosCountEveryRequest();
    void jsonHasAFixedShape();
    void rowsForTheReportAndTheTable();
};

void TestSimMetrics::ratiosOfAnEmptyRunAreZero()
{
    const SimMetrics empty;
    QCOMPARE(empty.perRequest(5), 0.0);
    QCOMPARE(empty.refreshesPerHour(), 0.0);
    QCOMPARE(empty.credentialBytesPerRequest(), 0.0);
    const JsonParseResult parsed = Json::parse(empty.toJson());
    QVERIFY(parsed);
    QCOMPARE(parsed.value->value(u"lookups"_s)->value(u"storePerRequest"_s)->lexeme, QByteArray("0.0000"));
}

void TestSimMetrics::ratiosCountEveryRequest()
{
    const SimMetrics metrics = sampleMetrics();
    // Lookups are per request of any kind: an attacker's request costs a lookup too.
    QCOMPARE(metrics.perRequest(metrics.storeLookups), 1.0);
    QCOMPARE(metrics.refreshesPerHour(), 4.5);
    // Credential bytes are what legitimate clients send.
    QCOMPARE(metrics.credentialBytesPerRequest(), 812.0);
    QCOMPARE(metrics.exposures.first().seconds(), qint64(900));
}

void TestSimMetrics::jsonHasAFixedShape()
{
    const QByteArray json = sampleMetrics().toJson();
    QVERIFY(!json.contains('\n')); // compact: one line per run
    const JsonParseResult parsed = Json::parse(json);
    QVERIFY(parsed);
    QStringList names;
    for (const JsonMember &member : parsed.value->members)
        names << member.name;
    QCOMPARE(names,
             (QStringList {u"simulatedSeconds"_s, u"eventsProcessed"_s, u"requests"_s, u"lookups"_s, u"users"_s,
                           u"refresh"_s, u"tokens"_s, u"blocklist"_s, u"exposures"_s}));
    const JsonValue *lookups = parsed.value->value(u"lookups"_s);
    QCOMPARE(lookups->value(u"storePerRequest"_s)->lexeme, QByteArray("1.0000"));
    QCOMPARE(lookups->value(u"blocklistPerRequest"_s)->lexeme, QByteArray("0.0025"));
    QCOMPARE(parsed.value->value(u"refresh"_s)->value(u"perHour"_s)->lexeme, QByteArray("4.5000"));

    const JsonValue *exposures = parsed.value->value(u"exposures"_s);
    QCOMPARE(exposures->elements.size(), size_t(2));
    const JsonValue &open = exposures->elements.at(1);
    QCOMPARE(open.value(u"kind"_s)->string, u"revocation"_s);
    QCOMPARE(open.value(u"seconds"_s)->toInteger(), std::optional<qint64>(3600));
    QVERIFY(open.value(u"open"_s)->boolean);
}

void TestSimMetrics::rowsForTheReportAndTheTable()
{
    const SimMetrics metrics = sampleMetrics();
    const QList<SimMetrics::Row> full = metrics.rows(SimMetrics::Detail::Full);
    const QList<SimMetrics::Row> brief = metrics.rows(SimMetrics::Detail::Brief);

    QCOMPARE(rowValue(full, u"attacker requests accepted"_s), u"7 of 100"_s);
    QCOMPARE(rowValue(full, u"store lookups per request"_s), u"1.000"_s);
    QVERIFY(rowValue(full, u"legitimate requests"_s).startsWith(u"300 (290 accepted, 10 rejected"_s));
    // The table's column holds a short value: accepted of total.
    QCOMPARE(rowValue(brief, u"legitimate requests accepted"_s), u"290 of 300"_s);

    // Every exposure gets a row; the table numbers them so the variants line up.
    QCOMPARE(std::count_if(full.cbegin(), full.cend(), [](const auto &row) { return row.name == u"exposure"_s; }), 2);
    QVERIFY(rowValue(brief, u"exposure 2 (revocation)"_s).endsWith(u"(open)"_s));
    QVERIFY(metrics.toText().contains(u"still open at the end"_s));

    // Brief rows are one line each, short enough for a column of `simulate --table`.
    for (const SimMetrics::Row &row : brief)
        QVERIFY2(!row.value.contains(u'\n') && row.value.size() <= 40, qPrintable(row.name + u": "_s + row.value));
}

QTEST_GUILESS_MAIN(TestSimMetrics)
#include "tst_simmetrics.moc"
