// RunExport: the Simulate workspace's CSV and JSON exports of a run (scenario f, rotation with reuse detection):
// CSV fields quoted as RFC 4180 §2 asks, one CSV line per engine event, JSON that parses with the schema, metrics
// and every event, and a write that fails with a message instead of leaving a half-written file.

#include "sim/Scenario.h"
#include "simulate/RunExport.h"
#include "simulate/SimulationRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::sim;

class TestRunExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void csvFieldQuotesOnlyWhatNeedsIt_data();
    void csvFieldQuotesOnlyWhatNeedsIt();
    void eventsCsvHasALinePerEvent();
    void jsonHasSchemaMetricsAndEveryEvent();
    void writeFileReportsWhereItFailed();

private:
    std::shared_ptr<SimulationRun> m_run;
};

void TestRunExport::initTestCase()
{
    const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltIn(u"f-rotation-reuse-detection"_s);
    QVERIFY(loaded);
    m_run = SimulationRun::execute(loaded.variants.first());
    QVERIFY(m_run);
    QVERIFY(!m_run->events.empty());
}

void TestRunExport::csvFieldQuotesOnlyWhatNeedsIt_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("field");
    QTest::newRow("plain") << QByteArray("at#12") << QByteArray("at#12");
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("a comma") << QByteArray("a,b") << QByteArray("\"a,b\"");
    QTest::newRow("a quote is doubled") << QByteArray("say \"hi\"") << QByteArray("\"say \"\"hi\"\"\"");
    QTest::newRow("a line break") << QByteArray("one\ntwo") << QByteArray("\"one\ntwo\"");
}

void TestRunExport::csvFieldQuotesOnlyWhatNeedsIt()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, field);
    QCOMPARE(RunExport::csvField(text), field);
}

void TestRunExport::eventsCsvHasALinePerEvent()
{
    const QByteArray csv = RunExport::eventsCsv(*m_run);
    QVERIFY(csv.endsWith('\n'));
    const QList<QByteArray> lines = csv.trimmed().split('\n');
    QCOMPARE(
        lines.first(),
        QByteArray("time_s,time_utc,type,actor,index,ok,server,credential,issued_access,issued_refresh,reason,note"));
    QCOMPARE(qsizetype(lines.size()), qsizetype(m_run->events.size()) + 1);
    // The theft of scenario f is there, by the attacker.
    QVERIFY(std::any_of(lines.begin(), lines.end(), [](const QByteArray &line) { return line.contains(",theft,"); }));
    const SimEvent &first = m_run->events.front();
    QVERIFY(lines.at(1).startsWith(QByteArray::number(first.time) + ','));
}

void TestRunExport::jsonHasSchemaMetricsAndEveryEvent()
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(RunExport::json(*m_run), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject root = document.object();
    QCOMPARE(root.value(u"schema"_s).toString(), u"tokenscope-simulation-export/1"_s);
    QCOMPARE(root.value(u"scenario"_s).toString(), m_run->scenario.name);
    QCOMPARE(root.value(u"variant"_s).toString(), m_run->scenario.variant);
    QCOMPARE(root.value(u"seed"_s).toInteger(), qint64(m_run->scenario.seed));
    QVERIFY(root.value(u"metrics"_s).isObject());
    QVERIFY(!root.contains(u"live"_s)); // a model run
    QCOMPARE(qsizetype(root.value(u"events"_s).toArray().size()), qsizetype(m_run->events.size()));
}

void TestRunExport::writeFileReportsWhereItFailed()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"events.csv"_s);
    QVERIFY(RunExport::writeFile(path, "a,b\n"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("a,b\n"));

    const QString missing = dir.filePath(u"no/such/dir/events.csv"_s);
    const Result<void> written = RunExport::writeFile(missing, "a,b\n");
    QVERIFY(!written);
    QVERIFY(written.error().code() == ErrorCode("export.not_written"));
    QVERIFY2(written.error().message().startsWith(u"events.csv: "_s), qPrintable(written.error().message()));
    QVERIFY(!QFile::exists(missing));
}

QTEST_GUILESS_MAIN(TestRunExport)
#include "tst_runexport.moc"
