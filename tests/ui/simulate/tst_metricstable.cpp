// MetricsTable: the Simulate workspace's metrics of this run beside the previous one (scenario f: rotation with
// family revocation against no rotation): each row by its stable id, exposure windows first, the direction of the
// change, coloured only for metrics that are better or worse by themselves, and the CSV of what is shown.

#include "common/Theme.h"
#include "sim/Scenario.h"
#include "simulate/MetricsTable.h"
#include "simulate/SimulationRun.h"

#include <QLocale>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::sim;

class TestMetricsTable : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void rowsAreNamedByIdWithExposuresFirst();
    void showsThisRunAndThePrevious_data();
    void showsThisRunAndThePrevious();
    void changeIsColouredOnlyWhenItIsBetterOrWorse();
    void csvHasTheRowsAsShown();

private:
    std::shared_ptr<SimulationRun> m_rotation;
    std::shared_ptr<SimulationRun> m_never;
};

void TestMetricsTable::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltIn(u"f-rotation-reuse-detection"_s);
    QVERIFY(loaded && loaded.variants.size() > 1);
    m_rotation = SimulationRun::execute(loaded.variants.at(0));
    m_never = SimulationRun::execute(loaded.variants.at(1));
    QVERIFY(m_rotation && m_never);
}

void TestMetricsTable::rowsAreNamedByIdWithExposuresFirst()
{
    MetricsTable table;
    QCOMPARE(table.objectName(), u"metricsTable"_s);
    QCOMPARE(table.accessibleName(), u"Metrics"_s);
    table.setRuns(m_rotation, nullptr);
    QVERIFY(!m_rotation->metrics().exposures.isEmpty());
    QCOMPARE(table.item(0, 0)->data(Qt::UserRole).toString(), u"exposure_0"_s);
    QVERIFY(table.item(0, 0)->text().startsWith(u"Exposure: "_s));
    QCOMPARE(table.metricText(u"no_such_metric"_s), QString());
    QCOMPARE(table.metricText(u"attacker_accepted"_s, 2), QString()); // no previous run
}

void TestMetricsTable::showsThisRunAndThePrevious_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("attacker requests accepted") << u"attacker_accepted"_s;
    QTest::newRow("legitimate requests") << u"legit_requests"_s;
    QTest::newRow("reuse detections") << u"reuse_detections"_s;
}

void TestMetricsTable::showsThisRunAndThePrevious()
{
    QFETCH(QString, id);
    const auto value = [&id](const SimulationRun &run) -> quint64 {
        const SimMetrics &metrics = run.metrics();
        return id == u"attacker_accepted" ? metrics.attackerAccepted
            : id == u"legit_requests"     ? metrics.legitRequests
                                          : metrics.reuseDetections;
    };
    MetricsTable table;
    table.setRuns(m_rotation, m_never);
    QCOMPARE(table.metricText(id, 1), QLocale().toString(qlonglong(value(*m_rotation))));
    QCOMPARE(table.metricText(id, 2), QLocale().toString(qlonglong(value(*m_never))));
    const QString change = table.metricText(id, 3);
    QCOMPARE(change,
             value(*m_rotation) > value(*m_never)       ? u"▲"_s
                 : value(*m_rotation) < value(*m_never) ? u"▼"_s
                                                        : u"="_s);
}

void TestMetricsTable::changeIsColouredOnlyWhenItIsBetterOrWorse()
{
    MetricsTable table;
    table.setRuns(m_rotation, m_never);
    const Theme::Colors colors = Theme::colors(table.palette());
    // Rotation lets the thief through far fewer times: down, and better.
    QVERIFY(m_rotation->metrics().attackerAccepted < m_never->metrics().attackerAccepted);
    int accepted = -1;
    int reuse = -1;
    for (int row = 0; row < table.rowCount(); ++row) {
        const QString id = table.item(row, 0)->data(Qt::UserRole).toString();
        if (id == u"attacker_accepted")
            accepted = row;
        if (id == u"reuse_detections")
            reuse = row;
    }
    QVERIFY(accepted >= 0 && reuse >= 0);
    QCOMPARE(table.item(accepted, 3)->foreground().color(), QColor(colors.valid));
    QCOMPARE(table.item(accepted, 3)->toolTip(), u"better than the previous run"_s);
    // More reuse detections are neither good nor bad by themselves: no colour, a neutral tooltip.
    QVERIFY(m_rotation->metrics().reuseDetections > m_never->metrics().reuseDetections);
    QCOMPARE(table.item(reuse, 3)->foreground().style(), Qt::NoBrush);
    QCOMPARE(table.item(reuse, 3)->toolTip(), u"higher than in the previous run"_s);
}

void TestMetricsTable::csvHasTheRowsAsShown()
{
    MetricsTable table;
    table.setRuns(m_rotation, m_never);
    const QList<QByteArray> lines = table.toCsv().trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("metric,label,value,previous"));
    QCOMPARE(lines.size(), table.rowCount() + 1);
    const QByteArray accepted = "attacker_accepted,Attacker requests accepted,"
        + QLocale().toString(qlonglong(m_rotation->metrics().attackerAccepted)).toUtf8() + ','
        + QLocale().toString(qlonglong(m_never->metrics().attackerAccepted)).toUtf8();
    QVERIFY(lines.contains(accepted));
}

QTEST_MAIN(TestMetricsTable)
#include "tst_metricstable.moc"
