// SimRunner: a run on a worker thread reports progress and the same metrics as a run on the calling thread, and
// can be cancelled.

#include "SimTestSupport.h"
#include "sim/SimRunner.h"

#include <QSignalSpy>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::sim;
using namespace tokenscope::test;

class SimRunnerTest : public QObject
{
    Q_OBJECT

private slots:
    void reportsProgressAndTheSameMetricsAsAnInlineRun();
    void cancelStopsTheRun();
};

void SimRunnerTest::reportsProgressAndTheSameMetricsAsAnInlineRun()
{
    Scenario scenario = ScenarioLoader::loadBuiltIn(QStringLiteral("i-concurrent-refresh-race")).variants.first();
    scenario.clients.count = 20;
    SimOptions options;
    options.recordEvents = true;
    SimRunner runner;
    QSignalSpy progress(&runner, &SimRunner::progressed);
    QSignalSpy finished(&runner, &SimRunner::finished);
    runner.start(scenario, options, 1800);
    QVERIFY(finished.wait(30000));
    QCOMPARE(progress.size(), 8); // 4 h in half-hour slices
    QCOMPARE(progress.last().at(0).toLongLong(), scenario.duration);

    SimEngine inline_(scenario, options);
    inline_.run();
    const auto metrics = finished.first().at(0).value<SimMetrics>();
    QCOMPARE(metrics.toJson(), inline_.metrics().toJson());
    QCOMPARE(finished.first().at(1).toByteArray(), inline_.eventLog());
}

void SimRunnerTest::cancelStopsTheRun()
{
    Scenario scenario = simpleScenario(1);
    scenario.clients.count = 2000;
    scenario.duration = 30 * 86400;
    SimRunner runner;
    QSignalSpy cancelled(&runner, &SimRunner::cancelled);
    QSignalSpy finished(&runner, &SimRunner::finished);
    runner.start(scenario, {}, 60);
    runner.cancel();
    QVERIFY(cancelled.wait(30000));
    QCOMPARE(finished.size(), 0);
    QVERIFY(!runner.isRunning() || cancelled.size() == 1);
}

QTEST_GUILESS_MAIN(SimRunnerTest)
#include "tst_simrunner.moc"
