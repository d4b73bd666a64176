// SimEngine's RunControl and event limit: a run reports progress on its own thread, stops at the next checkpoint
// once cancelled, and stops at SimOptions::maxEvents however long the scenario is (the backstop behind the work
// estimate).

#include "SimTestSupport.h"

#include <QTest>

#include <vector>

using namespace tokenscope;
using namespace tokenscope::sim;

class TestRunControl : public QObject
{
    Q_OBJECT

private slots:
    void reportsProgressEveryNEvents();
    void cancellationStopsAtTheNextCheckpoint();
    void eventLimitStopsTheRun();
};

namespace {

Scenario busyScenario()
{
    Scenario scenario = test::simpleScenario(10);
    scenario.clients.count = 50;
    return scenario; // 50 clients calling every 10 s for 4 h: 72,000 requests
}

} // namespace

void TestRunControl::reportsProgressEveryNEvents()
{
    RunControl control;
    control.progressEvery = 1000;
    std::vector<qint64> reported;
    control.progress = [&reported](qint64 simulatedSeconds, qint64 endSeconds) {
        QCOMPARE(endSeconds, 4 * 3600);
        reported.push_back(simulatedSeconds);
    };
    SimEngine engine(busyScenario());
    engine.setRunControl(&control);
    engine.run();
    QCOMPARE(engine.outcome(), RunOutcome::Finished);
    const quint64 events = engine.metrics().eventsProcessed;
    QCOMPARE(quint64(reported.size()), (events + 999) / 1000);
    QVERIFY(std::is_sorted(reported.begin(), reported.end()));
    QVERIFY(reported.back() > 3 * 3600);
    // Following a run does not change it.
    QCOMPARE(test::runScenario(busyScenario()).legitRequests, engine.metrics().legitRequests);
}

void TestRunControl::cancellationStopsAtTheNextCheckpoint()
{
    RunControl control;
    control.progressEvery = 500;
    int calls = 0;
    control.progress = [&](qint64, qint64) {
        if (++calls == 3)
            control.cancelRequested = true;
    };
    SimEngine engine(busyScenario());
    engine.setRunControl(&control);
    engine.run();
    QCOMPARE(engine.outcome(), RunOutcome::Cancelled);
    QVERIFY(engine.finished());
    QCOMPARE(engine.metrics().eventsProcessed, quint64(3 * 500));
    QVERIFY(engine.now() < engine.endTime());
    QCOMPARE(engine.metrics().simulatedSeconds, engine.now());
    QVERIFY(!engine.step()); // stays stopped
}

void TestRunControl::eventLimitStopsTheRun()
{
    SimOptions options;
    options.maxEvents = 2500;
    SimEngine engine(busyScenario(), options);
    engine.run();
    QCOMPARE(engine.outcome(), RunOutcome::EventLimitReached);
    QCOMPARE(engine.metrics().eventsProcessed, quint64(2500));
    QVERIFY(engine.now() < engine.endTime());

    SimEngine stepped(busyScenario(), options);
    while (stepped.step()) { }
    QCOMPARE(stepped.outcome(), RunOutcome::EventLimitReached);
    QCOMPARE(stepped.metrics().eventsProcessed, quint64(2500));
}

QTEST_GUILESS_MAIN(TestRunControl)
#include "tst_runcontrol.moc"
