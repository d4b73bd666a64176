// Frame time of the timeline for a large run (target: under 16 ms a frame, i.e. 60 frames/s, with tens of
// thousands of marks in the visible range). Run: build/simui/tests/ui/simulate/bench_timeline
// (add -median 5 for steadier figures).

#include "simulate/SimulationRun.h"
#include "simulate/TimelineView.h"

#include <QImage>
#include <QPainter>
#include <QTest>

#include <ctime>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::sim;

class BenchTimeline : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void paintFrame_data();
    void paintFrame();

private:
    std::shared_ptr<SimulationRun> m_run;
};

void BenchTimeline::initTestCase()
{
    Scenario scenario;
    scenario.title = u"bench"_s;
    scenario.duration = 7 * 86400;
    scenario.seed = 42;
    scenario.issuer.accessTokenTtl = 5 * 60;
    scenario.issuer.rotation = RotationMode::Always;
    scenario.clients.count = SimulationRun::maxClientLanes;
    scenario.clients.requestInterval = 60;
    scenario.clients.concurrentRefreshProbability = 0.01;
    AttackerConfig attacker;
    attacker.at = 86400;
    attacker.steals = StolenCredential::RefreshToken;
    scenario.attackers.push_back(attacker);
    m_run = SimulationRun::execute(scenario);
    qInfo("run: %zu marks, %zu bars over %lld s", m_run->timeline.marks.size(), m_run->timeline.bars.size(),
          m_run->timeline.duration);
}

void BenchTimeline::paintFrame_data()
{
    QTest::addColumn<double>("span");
    QTest::newRow("whole week (level of detail)") << double(7 * 86400);
    QTest::newRow("one day") << double(86400);
    QTest::newRow("six hours") << double(6 * 3600);
}

void BenchTimeline::paintFrame()
{
    QFETCH(double, span);
    TimelineView view;
    view.resize(1400, 800);
    view.setRun(m_run);
    view.setPlayhead(m_run->timeline.duration);
    view.setVisibleRange(86400, 86400 + span);
    qsizetype inView = 0;
    for (const auto &mark : m_run->timeline.marks)
        inView += double(mark.time) >= view.visibleFrom() && double(mark.time) <= view.visibleTo();
    qInfo("%lld marks in view", qlonglong(inView));
    QImage image(QSize(1400, 800), QImage::Format_ARGB32_Premultiplied);
    QBENCHMARK
    {
        QPainter painter(&image);
        view.renderTimeline(&painter, image.size());
    }
    // Also CPU time per frame: on a shared, loaded machine wall time says more about the neighbours.
    const std::clock_t start = std::clock();
    constexpr int frames = 20;
    for (int i = 0; i < frames; ++i) {
        QPainter painter(&image);
        view.renderTimeline(&painter, image.size());
    }
    qInfo("CPU time per frame: %.1f ms", 1000.0 * double(std::clock() - start) / CLOCKS_PER_SEC / frames);
}

QTEST_MAIN(BenchTimeline)
#include "bench_timeline.moc"
