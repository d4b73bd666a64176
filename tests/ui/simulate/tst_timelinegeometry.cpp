// TimelineGeometry: the Simulate timeline's lane layout, the mapping between simulated seconds and x, and what lies
// under a point (the bar a click opens, the mark whose tooltip shows), on a small hand-made timeline so every
// expected pixel can be worked out by hand: a 1150 px wide picture leaves 1000 px of plot right of the 150 px lane
// labels, and a view of 0–1000 s makes one second one pixel.

#include "simulate/TimelineGeometry.h"

#include <QTest>

using namespace tokenscope;

namespace {

using LaneKind = TimelineData::LaneKind;
using BarKind = TimelineData::BarKind;
using MarkKind = TimelineData::MarkKind;

constexpr int plotLeft = TimelineGeometry::labelWidth;
constexpr int axis = TimelineGeometry::axisHeight;

// Lanes: issuer (top 0), store (26), client 0 (52), client 1 (86); client lanes are 34 px, the others 26.
TimelineData sampleTimeline()
{
    TimelineData timeline;
    timeline.duration = 1000;
    timeline.lanes = {{LaneKind::Issuer, -1, QStringLiteral("Issuer")},
                      {LaneKind::Store, -1, QStringLiteral("Servers")},
                      {LaneKind::Client, 0, QStringLiteral("Client 0")},
                      {LaneKind::Client, 1, QStringLiteral("Client 1")}};
    // Sorted by lane, then iat: client 0's access token and refresh token, client 1's access token.
    timeline.bars = {{2, BarKind::AccessToken, 100, 400, 400, 1, -1, 0},
                     {2, BarKind::RefreshToken, 100, 900, 900, 2, 0, 0},
                     {3, BarKind::AccessToken, 200, 300, 300, 3, -1, 0}};
    // Sorted by time: a request, a theft two seconds later on the same row, a request on client 1.
    timeline.marks = {
        {300, 2, 0, MarkKind::Request, true}, {302, 2, 1, MarkKind::Theft, true}, {600, 3, 2, MarkKind::Request, true}};
    timeline.shades = {{400, 500, true, QStringLiteral("stolen refresh token")}};
    return timeline;
}

TimelineGeometry::View viewOf(int height, qint64 playhead, int scrollY = 0)
{
    return {QRect(0, 0, 1150, height), 0, 1000, scrollY, playhead};
}

// The middle of a client lane's row (0: access, 1: refresh) at simulated second `t`, in the unscrolled picture.
QPoint pointOnRow(int lane, int row, double t)
{
    const int laneTop = lane == 2 ? 52 : 86;
    return QPoint(plotLeft + int(t), axis + laneTop + 2 + row * 15 + 7);
}

} // namespace

class TestTimelineGeometry : public QObject
{
    Q_OBJECT

private slots:
    void xForTimeMapsTheViewOntoThePlot_data();
    void xForTimeMapsTheViewOntoThePlot();
    void clientLanesAreTallerWithTwoRows();
    void visibleLanesFollowHeightAndScroll_data();
    void visibleLanesFollowHeightAndScroll();
    void laneRectMovesWithTheScroll();
    void barAtFindsTheTokenUnderThePoint_data();
    void barAtFindsTheTokenUnderThePoint();
    void markAtPrefersRareMarksOverRequests_data();
    void markAtPrefersRareMarksOverRequests();
    void notableMarkNeedsToBeWithinThreePixels_data();
    void notableMarkNeedsToBeWithinThreePixels();
    void shadeAtFindsTheExposureWindowUpToThePlayhead_data();
    void shadeAtFindsTheExposureWindowUpToThePlayhead();
    void emptyGeometryHitsNothing();
};

void TestTimelineGeometry::xForTimeMapsTheViewOntoThePlot_data()
{
    QTest::addColumn<QRect>("area");
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::addColumn<double>("seconds");
    QTest::addColumn<double>("x");
    QTest::newRow("the view's start is the plot's left edge")
        << QRect(0, 0, 1150, 300) << 0.0 << 1000.0 << 0.0 << 150.0;
    QTest::newRow("one second per pixel") << QRect(0, 0, 1150, 300) << 0.0 << 1000.0 << 250.0 << 400.0;
    QTest::newRow("the view's end is the plot's right edge")
        << QRect(0, 0, 1150, 300) << 0.0 << 1000.0 << 1000.0 << 1150.0;
    QTest::newRow("panned: the view's start") << QRect(0, 0, 1150, 300) << 500.0 << 1500.0 << 500.0 << 150.0;
    QTest::newRow("zoomed in: four pixels per second") << QRect(0, 0, 1150, 300) << 100.0 << 350.0 << 200.0 << 550.0;
    QTest::newRow("before the view: under the lane labels") << QRect(0, 0, 1150, 300) << 100.0 << 1100.0 << 0.0 << 50.0;
    QTest::newRow("a picture that starts further right (export)")
        << QRect(20, 0, 1150, 300) << 0.0 << 1000.0 << 250.0 << 420.0;
    QTest::newRow("narrower than the labels: one pixel of plot")
        << QRect(0, 0, 100, 300) << 0.0 << 10.0 << 5.0 << 150.5;
}

void TestTimelineGeometry::xForTimeMapsTheViewOntoThePlot()
{
    QFETCH(QRect, area);
    QFETCH(double, from);
    QFETCH(double, to);
    QFETCH(double, seconds);
    QFETCH(double, x);
    TimelineGeometry geometry;
    geometry.setView({area, from, to, 0, 0});
    QCOMPARE(geometry.xForTime(seconds), x);
    // The painter's mapping agrees, and timeForX inverts it.
    QCOMPARE(geometry.plotX(seconds), x);
    QCOMPARE(geometry.timeForX(x), seconds);
}

void TestTimelineGeometry::clientLanesAreTallerWithTwoRows()
{
    const TimelineData timeline = sampleTimeline();
    TimelineGeometry geometry;
    geometry.setTimeline(&timeline);
    QCOMPARE(geometry.laneCount(), 4);
    const int tops[] = {0, 26, 52, 86};
    const int heights[] = {26, 26, 34, 34};
    for (int lane = 0; lane < 4; ++lane) {
        QCOMPARE(geometry.laneTop(lane), tops[lane]);
        QCOMPARE(geometry.heightOfLane(lane), heights[lane]);
        QCOMPARE(geometry.rowsOfLane(lane), lane >= 2 ? 2 : 1);
    }
    QCOMPARE(geometry.contentHeight(), 120);
    QCOMPARE(geometry.rowHeight(2), 15.0);
    QCOMPARE(geometry.rowHeight(0), 22.0);
    QCOMPARE(TimelineGeometry::rowOfBar(BarKind::RefreshToken), 1);
    QCOMPARE(TimelineGeometry::rowOfBar(BarKind::AccessToken), 0);
    QCOMPARE(TimelineGeometry::rowOfMark(MarkKind::Rotation), 1);
    QCOMPARE(TimelineGeometry::rowOfMark(MarkKind::Theft), 0);

    geometry.setTimeline(nullptr);
    QCOMPARE(geometry.laneCount(), 0);
    QCOMPARE(geometry.contentHeight(), 0);
}

void TestTimelineGeometry::visibleLanesFollowHeightAndScroll_data()
{
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("scrollY");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::newRow("tall picture: every lane") << 400 << 0 << 0 << 3;
    QTest::newRow("short picture: the last lane starts below it") << 100 << 0 << 0 << 2;
    QTest::newRow("scrolled past the first two lanes") << 400 << 60 << 2 << 3;
    QTest::newRow("only the axis: no lane") << 30 << 0 << 0 << -1;
}

void TestTimelineGeometry::visibleLanesFollowHeightAndScroll()
{
    QFETCH(int, height);
    QFETCH(int, scrollY);
    QFETCH(int, first);
    QFETCH(int, last);
    const TimelineData timeline = sampleTimeline();
    TimelineGeometry geometry;
    geometry.setTimeline(&timeline);
    geometry.setView(viewOf(height, 1000, scrollY));
    const TimelineGeometry::LaneRange lanes = geometry.visibleLanes();
    QCOMPARE(lanes.first, first);
    QCOMPARE(lanes.last, last);
}

void TestTimelineGeometry::laneRectMovesWithTheScroll()
{
    const TimelineData timeline = sampleTimeline();
    TimelineGeometry geometry;
    geometry.setTimeline(&timeline);
    geometry.setView(viewOf(400, 1000));
    QCOMPARE(geometry.laneRect(2), QRect(0, axis + 52, 1150, 34));
    geometry.setView(viewOf(400, 1000, 40));
    QCOMPARE(geometry.laneRect(2), QRect(0, axis + 52 - 40, 1150, 34));
    QCOMPARE(geometry.laneY(2), axis + 52 - 40);
    QCOMPARE(geometry.laneRect(4), QRect());
    QCOMPARE(geometry.laneRect(-1), QRect());
}

void TestTimelineGeometry::barAtFindsTheTokenUnderThePoint_data()
{
    QTest::addColumn<QPoint>("pos");
    QTest::addColumn<qint64>("playhead");
    QTest::addColumn<int>("bar");
    QTest::newRow("client 0's access token") << pointOnRow(2, 0, 250) << qint64(1000) << 0;
    QTest::newRow("client 0's refresh token, the row below") << pointOnRow(2, 1, 700) << qint64(1000) << 1;
    QTest::newRow("client 1's access token") << pointOnRow(3, 0, 250) << qint64(1000) << 2;
    QTest::newRow("after the access token's exp") << pointOnRow(2, 0, 500) << qint64(1000) << -1;
    QTest::newRow("before its iat") << pointOnRow(2, 0, 50) << qint64(1000) << -1;
    QTest::newRow("after the playhead: not yet issued") << pointOnRow(3, 0, 250) << qint64(150) << -1;
    QTest::newRow("past the playhead on a bar that has begun") << pointOnRow(2, 0, 350) << qint64(200) << -1;
    QTest::newRow("in the lane labels") << QPoint(100, pointOnRow(2, 0, 0).y()) << qint64(1000) << -1;
    QTest::newRow("on the time axis") << QPoint(plotLeft + 250, 10) << qint64(1000) << -1;
    QTest::newRow("in the issuer lane") << QPoint(plotLeft + 250, axis + 10) << qint64(1000) << -1;
}

void TestTimelineGeometry::barAtFindsTheTokenUnderThePoint()
{
    QFETCH(QPoint, pos);
    QFETCH(qint64, playhead);
    QFETCH(int, bar);
    const TimelineData timeline = sampleTimeline();
    TimelineGeometry geometry;
    geometry.setTimeline(&timeline);
    geometry.setView(viewOf(400, playhead));
    QCOMPARE(geometry.barAt(pos), bar);
    if (bar >= 0)
        QVERIFY(geometry.barRect(bar).contains(pos));
}

void TestTimelineGeometry::markAtPrefersRareMarksOverRequests_data()
{
    QTest::addColumn<int>("x");
    QTest::addColumn<int>("lane");
    QTest::addColumn<qint64>("playhead");
    QTest::addColumn<int>("mark");
    QTest::newRow("on the request") << plotLeft + 300 << 2 << qint64(1000) << 0;
    QTest::newRow("a pixel from each: the theft weighs more") << plotLeft + 301 << 2 << qint64(1000) << 1;
    QTest::newRow("on the theft") << plotLeft + 302 << 2 << qint64(1000) << 1;
    QTest::newRow("more than four pixels away") << plotLeft + 310 << 2 << qint64(1000) << -1;
    QTest::newRow("another lane at the same time") << plotLeft + 300 << 3 << qint64(1000) << -1;
    QTest::newRow("the theft is after the playhead") << plotLeft + 301 << 2 << qint64(301) << 0;
    QTest::newRow("client 1's request") << plotLeft + 598 << 3 << qint64(1000) << 2;
}

void TestTimelineGeometry::markAtPrefersRareMarksOverRequests()
{
    QFETCH(int, x);
    QFETCH(int, lane);
    QFETCH(qint64, playhead);
    QFETCH(int, mark);
    const TimelineData timeline = sampleTimeline();
    TimelineGeometry geometry;
    geometry.setTimeline(&timeline);
    geometry.setView(viewOf(400, playhead));
    QCOMPARE(geometry.markAt(QPoint(x, pointOnRow(lane, 0, 0).y())), mark);
}

void TestTimelineGeometry::notableMarkNeedsToBeWithinThreePixels_data()
{
    QTest::addColumn<int>("mark");
    QTest::addColumn<int>("x");
    QTest::addColumn<bool>("notable");
    QTest::newRow("on the theft") << 1 << plotLeft + 302 << true;
    QTest::newRow("three pixels from the theft") << 1 << plotLeft + 305 << true;
    QTest::newRow("four pixels from the theft") << 1 << plotLeft + 306 << false;
    QTest::newRow("a request is never notable") << 0 << plotLeft + 300 << false;
    QTest::newRow("no mark") << -1 << plotLeft + 300 << false;
}

void TestTimelineGeometry::notableMarkNeedsToBeWithinThreePixels()
{
    QFETCH(int, mark);
    QFETCH(int, x);
    QFETCH(bool, notable);
    const TimelineData timeline = sampleTimeline();
    TimelineGeometry geometry;
    geometry.setTimeline(&timeline);
    geometry.setView(viewOf(400, 1000));
    QCOMPARE(geometry.isOnNotableMark(mark, QPoint(x, pointOnRow(2, 0, 0).y())), notable);
}

void TestTimelineGeometry::shadeAtFindsTheExposureWindowUpToThePlayhead_data()
{
    QTest::addColumn<QPoint>("pos");
    QTest::addColumn<qint64>("playhead");
    QTest::addColumn<int>("shade");
    QTest::newRow("inside the window, in any lane") << QPoint(plotLeft + 450, axis + 5) << qint64(1000) << 0;
    QTest::newRow("after the window") << QPoint(plotLeft + 550, axis + 5) << qint64(1000) << -1;
    QTest::newRow("inside it but after the playhead") << QPoint(plotLeft + 450, axis + 5) << qint64(420) << -1;
    QTest::newRow("on the time axis") << QPoint(plotLeft + 450, 5) << qint64(1000) << -1;
    QTest::newRow("in the lane labels") << QPoint(100, axis + 5) << qint64(1000) << -1;
}

void TestTimelineGeometry::shadeAtFindsTheExposureWindowUpToThePlayhead()
{
    QFETCH(QPoint, pos);
    QFETCH(qint64, playhead);
    QFETCH(int, shade);
    const TimelineData timeline = sampleTimeline();
    TimelineGeometry geometry;
    geometry.setTimeline(&timeline);
    geometry.setView(viewOf(400, playhead));
    QCOMPARE(geometry.shadeAt(pos), shade);
}

void TestTimelineGeometry::emptyGeometryHitsNothing()
{
    TimelineGeometry geometry;
    geometry.setView(viewOf(400, 1000));
    const QPoint pos(plotLeft + 250, axis + 60);
    QCOMPARE(geometry.barAt(pos), -1);
    QCOMPARE(geometry.markAt(pos), -1);
    QCOMPARE(geometry.shadeAt(pos), -1);
    QCOMPARE(geometry.laneAt(pos), -1);
    QCOMPARE(geometry.barRect(0), QRect());
    QVERIFY(geometry.linkSegments(geometry.visibleLanes()).empty());
}

QTEST_GUILESS_MAIN(TestTimelineGeometry)
#include "tst_timelinegeometry.moc"
