// PlaybackController: playing a run on the Simulate timeline (scenario f): the playhead moves by wall time times the
// speed and keeps the sub-second remainder, stops and pauses at the end, and steps between notable events (not
// plain requests); nothing plays without a run.

#include "sim/Scenario.h"
#include "simulate/PlaybackController.h"
#include "simulate/SimulationRun.h"
#include "simulate/TimelineView.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::sim;

namespace {

using MarkKind = TimelineData::MarkKind;

// The first notable mark after `seconds` (or before it, `forward` false), as the timeline lists them.
qint64 notableMark(const TimelineData &timeline, qint64 seconds, bool forward)
{
    qint64 found = forward ? timeline.duration : 0;
    for (const TimelineData::Mark &mark : timeline.marks) {
        if (mark.kind == MarkKind::Request)
            continue;
        if (forward && mark.time > seconds)
            return mark.time;
        if (!forward && mark.time < seconds)
            found = mark.time;
    }
    return found;
}

} // namespace

class TestPlaybackController : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void nothingPlaysWithoutARun();
    void advanceKeepsTheSubSecondRemainder_data();
    void advanceKeepsTheSubSecondRemainder();
    void playingStopsAtTheEnd();
    void playFromTheEndStartsOver();
    void stepsGoToNotableEvents();
    void speedIsClampedToTheOfferedOnes_data();
    void speedIsClampedToTheOfferedOnes();

private:
    std::shared_ptr<SimulationRun> m_run;
};

void TestPlaybackController::initTestCase()
{
    const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltIn(u"f-rotation-reuse-detection"_s);
    QVERIFY(loaded);
    m_run = SimulationRun::execute(loaded.variants.first());
    QVERIFY(m_run);
}

void TestPlaybackController::nothingPlaysWithoutARun()
{
    TimelineView view;
    PlaybackController playback(&view);
    QSignalSpy playing(&playback, &PlaybackController::playingChanged);
    playback.play();
    QVERIFY(!playback.isPlaying());
    QCOMPARE(playing.count(), 0);
    playback.advance(1000);
    QCOMPARE(view.playhead(), 0);
}

void TestPlaybackController::advanceKeepsTheSubSecondRemainder_data()
{
    QTest::addColumn<double>("speed");
    QTest::addColumn<qint64>("wallMilliseconds");
    QTest::addColumn<int>("ticks");
    QTest::addColumn<qint64>("moved");
    QTest::newRow("1×, 16 ms ticks: a second after 63 of them") << 1.0 << qint64(16) << 63 << qint64(1);
    QTest::newRow("1×, 16 ms ticks: not yet after 62") << 1.0 << qint64(16) << 62 << qint64(0);
    QTest::newRow("60×, a quarter second: 15 s") << 60.0 << qint64(250) << 1 << qint64(15);
    QTest::newRow("500×, ten ticks of 16 ms: 80 s") << 500.0 << qint64(16) << 10 << qint64(80);
}

void TestPlaybackController::advanceKeepsTheSubSecondRemainder()
{
    QFETCH(double, speed);
    QFETCH(qint64, wallMilliseconds);
    QFETCH(int, ticks);
    QFETCH(qint64, moved);
    TimelineView view;
    view.setRun(m_run);
    view.setPlayhead(1000);
    PlaybackController playback(&view);
    playback.setSpeed(speed);
    for (int i = 0; i < ticks; ++i)
        playback.advance(wallMilliseconds);
    QCOMPARE(view.playhead(), 1000 + moved);
}

void TestPlaybackController::playingStopsAtTheEnd()
{
    TimelineView view;
    view.setRun(m_run);
    view.setPlayhead(view.duration() - 5);
    PlaybackController playback(&view);
    QSignalSpy playing(&playback, &PlaybackController::playingChanged);
    playback.play();
    QVERIFY(playback.isPlaying());
    QCOMPARE(playing.count(), 1);
    QCOMPARE(playing.at(0).at(0).toBool(), true);
    playback.setSpeed(600);
    playback.advance(1000);
    QCOMPARE(view.playhead(), view.duration());
    QVERIFY(!playback.isPlaying());
    QCOMPARE(playing.count(), 2);
    QCOMPARE(playing.at(1).at(0).toBool(), false);
}

void TestPlaybackController::playFromTheEndStartsOver()
{
    TimelineView view;
    view.setRun(m_run);
    view.setPlayhead(view.duration());
    PlaybackController playback(&view);
    playback.play();
    QCOMPARE(view.playhead(), 0);
    QVERIFY(playback.isPlaying());
    playback.togglePlayback();
    QVERIFY(!playback.isPlaying());
}

void TestPlaybackController::stepsGoToNotableEvents()
{
    TimelineView view;
    view.setRun(m_run);
    PlaybackController playback(&view);
    const TimelineData &timeline = m_run->timeline;
    view.setPlayhead(0);
    playback.stepForward();
    const qint64 first = notableMark(timeline, 0, true);
    QVERIFY(first > 0 && first < timeline.duration);
    QCOMPARE(view.playhead(), first);
    playback.stepForward();
    QCOMPARE(view.playhead(), notableMark(timeline, first, true));
    const qint64 second = view.playhead();
    playback.stepBackward();
    QCOMPARE(view.playhead(), first);
    playback.stepBackward();
    QCOMPARE(view.playhead(), notableMark(timeline, first, false));
    QVERIFY(second > first);
}

void TestPlaybackController::speedIsClampedToTheOfferedOnes_data()
{
    QTest::addColumn<double>("asked");
    QTest::addColumn<double>("speed");
    QTest::newRow("an offered speed") << 3600.0 << 3600.0;
    QTest::newRow("below the slowest") << 0.1 << PlaybackController::speeds().first();
    QTest::newRow("above the fastest") << 1e9 << PlaybackController::speeds().last();
}

void TestPlaybackController::speedIsClampedToTheOfferedOnes()
{
    QFETCH(double, asked);
    QFETCH(double, speed);
    TimelineView view;
    PlaybackController playback(&view);
    QSignalSpy changed(&playback, &PlaybackController::speedChanged);
    playback.setSpeed(asked);
    QCOMPARE(playback.speed(), speed);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toDouble(), speed);
}

QTEST_MAIN(TestPlaybackController)
#include "tst_playbackcontroller.moc"
