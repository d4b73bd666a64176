// SimulationRunner: a scenario runs on a worker thread and comes back finished; a cancelled run still comes back,
// as cancelled; closing waits for the run in flight and reports nothing.

#include "sim/Scenario.h"
#include "simulate/SimulationRunner.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::sim;

namespace {

Scenario scenarioF()
{
    const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltIn(u"f-rotation-reuse-detection"_s);
    return loaded ? loaded.variants.first() : Scenario();
}

} // namespace

class TestSimulationRunner : public QObject
{
    Q_OBJECT

private slots:
    void aRunComesBackFinished();
    void aCancelledRunComesBackCancelled();
    void stopAndWaitReportsNothing();
};

void TestSimulationRunner::aRunComesBackFinished()
{
    SimulationRunner runner;
    QSignalSpy finished(&runner, &SimulationRunner::finished);
    QVERIFY(!runner.isRunning());
    runner.start(scenarioF(), RunTarget {});
    QVERIFY(runner.isRunning());
    QVERIFY(finished.wait(60000));
    QVERIFY(!runner.isRunning());
    const auto run = finished.at(0).at(0).value<std::shared_ptr<SimulationRun>>();
    QVERIFY(run);
    QCOMPARE(run->outcome, RunOutcome::Finished);
    QCOMPARE(run->scenario.name, scenarioF().name);
    QVERIFY(!run->timeline.marks.empty());
}

void TestSimulationRunner::aCancelledRunComesBackCancelled()
{
    Scenario large = scenarioF();
    large.clients.count = 20000;
    large.duration = 86400;
    SimulationRunner runner;
    QSignalSpy finished(&runner, &SimulationRunner::finished);
    runner.start(large, RunTarget {});
    runner.cancel();
    QVERIFY(finished.wait(60000));
    const auto run = finished.at(0).at(0).value<std::shared_ptr<SimulationRun>>();
    QVERIFY(run);
    QCOMPARE(run->outcome, RunOutcome::Cancelled);
    QVERIFY(run->stoppedAt < run->endTime);
}

void TestSimulationRunner::stopAndWaitReportsNothing()
{
    Scenario large = scenarioF();
    large.clients.count = 20000;
    large.duration = 86400;
    SimulationRunner runner;
    QSignalSpy finished(&runner, &SimulationRunner::finished);
    runner.start(large, RunTarget {});
    runner.stopAndWait();
    QVERIFY(!runner.isRunning());
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
}

QTEST_GUILESS_MAIN(TestSimulationRunner)
#include "tst_simulationrunner.moc"
