// Refresh and rotation links on the Simulate timeline: SimulationRun derives parent → child links from the engine's
// refresh events (the presented refresh token, the tokens issued for it), and TimelineView draws them between the
// bars they join, with a level of detail that drops them when they would be under three pixels apart.

#include "sim/Scenario.h"
#include "simulate/SimulationRun.h"
#include "simulate/TimelineView.h"

#include <QImage>
#include <QPainter>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::sim;

namespace {

using LinkKind = TimelineData::LinkKind;
using BarKind = TimelineData::BarKind;

// Scenario (f), one variant: 0 rotates with family revocation, 1 never rotates.
std::shared_ptr<SimulationRun> runScenarioF(int variant)
{
    const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltIn(u"f-rotation-reuse-detection"_s);
    if (!loaded || variant >= loaded.variants.size())
        return {};
    return SimulationRun::execute(loaded.variants[variant]);
}

qsizetype countLinks(const TimelineData &timeline, LinkKind kind)
{
    return std::count_if(timeline.links.begin(), timeline.links.end(),
                         [kind](const TimelineData::Link &link) { return link.kind == kind; });
}

qsizetype countSegments(const std::vector<TimelineView::LinkSegment> &segments, LinkKind kind)
{
    return std::count_if(segments.begin(), segments.end(),
                         [kind](const TimelineView::LinkSegment &segment) { return segment.kind == kind; });
}

} // namespace

class TestTimelineLinks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void linksFollowTheEngineRefreshes_data();
    void linksFollowTheEngineRefreshes();
    void theThiefsRedemptionIsAnAttackerLink();
    void viewDrawsLinksBetweenTheBarsTheyJoin_data();
    void viewDrawsLinksBetweenTheBarsTheyJoin();
    void linksAfterThePlayheadAreHidden();
    void linksUnderThreePixelsApartAreSkipped();

private:
    std::shared_ptr<SimulationRun> m_rotation;
    std::shared_ptr<SimulationRun> m_never;
};

void TestTimelineLinks::initTestCase()
{
    m_rotation = runScenarioF(0);
    m_never = runScenarioF(1);
    QVERIFY(m_rotation && m_never);
    QCOMPARE(m_rotation->scenario.issuer.rotation, RotationMode::Always);
    QCOMPARE(m_never->scenario.issuer.rotation, RotationMode::Never);
}

void TestTimelineLinks::linksFollowTheEngineRefreshes_data()
{
    QTest::addColumn<bool>("rotation");
    QTest::newRow("rotation always: generation N links to N + 1") << true;
    QTest::newRow("rotation never: refresh links only") << false;
}

void TestTimelineLinks::linksFollowTheEngineRefreshes()
{
    QFETCH(bool, rotation);
    const SimulationRun &run = rotation ? *m_rotation : *m_never;
    const TimelineData &timeline = run.timeline;

    // One refresh link per successful refresh of a client whose lane is shown.
    const qsizetype refreshes = std::count_if(run.events.begin(), run.events.end(), [](const SimEvent &event) {
        return event.ok
            && (event.type == SimEventType::Refresh || event.type == SimEventType::ConcurrentRefresh
                || event.type == SimEventType::AttackerRefresh);
    });
    QVERIFY(refreshes > 0);
    QCOMPARE(countLinks(timeline, LinkKind::Refresh), refreshes);
    if (rotation)
        QCOMPARE(countLinks(timeline, LinkKind::Rotation), refreshes);
    else
        QCOMPARE(countLinks(timeline, LinkKind::Rotation), 0);
    QVERIFY(timeline.linkSpacing > 0);

    qint64 previousTime = 0;
    for (const TimelineData::Link &link : timeline.links) {
        QVERIFY(link.time >= previousTime); // sorted by time
        previousTime = link.time;
        QVERIFY(link.fromBar >= 0 && size_t(link.fromBar) < timeline.bars.size());
        QVERIFY(link.toBar >= 0 && size_t(link.toBar) < timeline.bars.size());
        const TimelineData::Bar &parent = timeline.bars[size_t(link.fromBar)];
        const TimelineData::Bar &child = timeline.bars[size_t(link.toBar)];
        QCOMPARE(parent.kind, BarKind::RefreshToken);
        QCOMPARE(parent.lane, link.lane);
        QCOMPARE(child.lane, link.lane);
        QVERIFY(parent.from <= link.time);
        QCOMPARE(child.from, link.time); // the child was issued by this refresh
        if (link.kind == LinkKind::Rotation) {
            QCOMPARE(child.kind, BarKind::RefreshToken);
            QCOMPARE(child.family, parent.family);
            QCOMPARE(child.generation, parent.generation + 1);
            // The parent stopped being the current generation where the child starts.
            QCOMPARE(parent.supersededAt, link.time);
        } else {
            QCOMPARE(child.kind, BarKind::AccessToken);
        }
    }
}

void TestTimelineLinks::theThiefsRedemptionIsAnAttackerLink()
{
    // The thief redeems the stolen refresh token a minute after the theft: that rotation is the thief's, and the
    // family it grows is the victim's (client 0).
    const TimelineData &timeline = m_rotation->timeline;
    const auto thief = std::find_if(timeline.links.begin(), timeline.links.end(), [](const TimelineData::Link &link) {
        return link.attacker && link.kind == LinkKind::Rotation;
    });
    QVERIFY(thief != timeline.links.end());
    QCOMPARE(thief->time, qint64(3600 + 60));
    QCOMPARE(timeline.lanes[size_t(thief->lane)].kind, TimelineData::LaneKind::Client);
    QCOMPARE(timeline.lanes[size_t(thief->lane)].index, 0);
    // After reuse detection revoked the family, no link grows from it.
    const qint32 family = timeline.bars[size_t(thief->fromBar)].family;
    QVERIFY(m_rotation->metrics().familiesRevoked > 0);
    const auto revoked = std::find_if(m_rotation->events.begin(), m_rotation->events.end(), [](const SimEvent &event) {
        return event.reason == policy::Reason::ReuseDetected;
    });
    QVERIFY(revoked != m_rotation->events.end());
    for (const TimelineData::Link &link : timeline.links) {
        if (link.time > revoked->time)
            QVERIFY(timeline.bars[size_t(link.fromBar)].family != family);
    }
}

void TestTimelineLinks::viewDrawsLinksBetweenTheBarsTheyJoin_data()
{
    QTest::addColumn<bool>("rotation");
    QTest::newRow("rotation always") << true;
    QTest::newRow("rotation never") << false;
}

void TestTimelineLinks::viewDrawsLinksBetweenTheBarsTheyJoin()
{
    QFETCH(bool, rotation);
    const std::shared_ptr<SimulationRun> run = rotation ? m_rotation : m_never;
    TimelineView view;
    view.resize(1400, 800);
    view.show(); // a hidden view keeps its viewport at the default size
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setRun(run);
    view.setPlayhead(run->timeline.duration);
    view.setVisibleRange(0, 4 * 3600);

    const std::vector<TimelineView::LinkSegment> segments = view.linkSegments();
    QVERIFY(countSegments(segments, LinkKind::Refresh) > 0);
    if (rotation)
        QVERIFY(countSegments(segments, LinkKind::Rotation) > 0);
    else
        QCOMPARE(countSegments(segments, LinkKind::Rotation), 0);

    const TimelineData &timeline = run->timeline;
    for (const TimelineView::LinkSegment &segment : segments) {
        const TimelineData::Link &link = timeline.links[size_t(segment.link)];
        QCOMPARE(segment.kind, link.kind);
        const QRect lane = view.laneRect(link.lane);
        const QRect parent = view.barRect(link.fromBar);
        const QRect child = view.barRect(link.toBar);
        // Inside the lane's height (the ends may reach past the viewport's right edge: it clips them).
        QVERIFY2(segment.from.y() >= lane.top() && segment.from.y() <= lane.bottom() && segment.to.y() >= lane.top()
                     && segment.to.y() <= lane.bottom(),
                 qPrintable(u"link %1 leaves its lane"_s.arg(segment.link)));
        const double x = view.xForTime(double(link.time));
        if (segment.kind == LinkKind::Rotation) {
            // From the end of generation N (on its row, just before the refresh point) to the start of N + 1.
            QVERIFY(segment.from.x() < x && segment.to.x() > x);
            QVERIFY(std::abs(segment.from.y() - parent.bottom()) <= 2);
            QVERIFY(std::abs(segment.to.y() - child.bottom()) <= 2);
        } else {
            // From the refresh token at the refresh point up into the access token issued for it.
            QCOMPARE(segment.from.x(), x);
            QVERIFY(segment.from.y() > parent.top() && segment.from.y() < parent.bottom() + 1);
            QVERIFY(child.contains(segment.to.toPoint()));
            QVERIFY(segment.to.y() < segment.from.y());
        }
    }
    // Painting with links does not disturb the picture's size or crash on any zoom (the export path).
    QImage image(view.exportSize(1400), QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    view.renderTimeline(&painter, image.size());
}

void TestTimelineLinks::linksAfterThePlayheadAreHidden()
{
    TimelineView view;
    view.resize(1400, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setRun(m_rotation);
    view.setVisibleRange(0, 4 * 3600);
    view.setPlayhead(3600 + 30);
    const std::vector<TimelineView::LinkSegment> segments = view.linkSegments();
    QVERIFY(!segments.empty());
    for (const TimelineView::LinkSegment &segment : segments)
        QVERIFY(m_rotation->timeline.links[size_t(segment.link)].time <= 3600 + 30);
    view.setPlayhead(0);
    QVERIFY(view.linkSegments().empty());
}

void TestTimelineLinks::linksUnderThreePixelsApartAreSkipped()
{
    // Refreshes every 15 minutes over one day: about 13 px apart on a 1,400 px view, under 3 px on a 300 px one.
    TimelineView view;
    view.setRun(m_rotation);
    view.setPlayhead(m_rotation->timeline.duration);
    view.resize(1400, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.zoomToFit();
    const double plotWidth = view.xForTime(view.visibleTo()) - view.xForTime(view.visibleFrom());
    const double spacing
        = double(m_rotation->timeline.linkSpacing) * plotWidth / (view.visibleTo() - view.visibleFrom());
    QVERIFY2(spacing >= TimelineView::minLinkSpacing, qPrintable(u"%1 px"_s.arg(spacing)));
    const std::vector<TimelineView::LinkSegment> wide = view.linkSegments();
    QVERIFY(!wide.empty());
    // Never two links of one kind in one lane closer than the minimum.
    for (size_t i = 0; i < wide.size(); ++i) {
        for (size_t j = i + 1; j < wide.size(); ++j) {
            const auto &a = m_rotation->timeline.links[size_t(wide[i].link)];
            const auto &b = m_rotation->timeline.links[size_t(wide[j].link)];
            if (a.lane == b.lane && a.kind == b.kind)
                QVERIFY(std::abs(view.xForTime(double(a.time)) - view.xForTime(double(b.time)))
                        >= TimelineView::minLinkSpacing);
        }
    }

    view.resize(300, 800);
    view.zoomToFit();
    QVERIFY(view.linkSegments().empty());
}

QTEST_MAIN(TestTimelineLinks)
#include "tst_timelinelinks.moc"
