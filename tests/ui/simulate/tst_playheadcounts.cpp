// PlayheadCounts: the counts under the Simulate timeline at the playhead (requests accepted and rejected, refreshes,
// attacker requests accepted, wrongful logouts), over the marks at or before it.

#include "simulate/PlayheadCounts.h"

#include <QTest>

using namespace tokenscope;

namespace {

using MarkKind = TimelineData::MarkKind;

// Sorted by time, as TimelineData keeps them; two marks share second 20.
std::vector<TimelineData::Mark> sampleMarks()
{
    return {{10, 3, 0, MarkKind::Request, true},          {20, 3, 1, MarkKind::Request, false},
            {20, 3, 2, MarkKind::Refresh, true},          {30, 3, 3, MarkKind::Rotation, true},
            {35, 3, 4, MarkKind::Refresh, false},         {40, 2, 5, MarkKind::AttackerRequest, true},
            {45, 2, 6, MarkKind::AttackerRequest, false}, {50, 2, 7, MarkKind::AttackerRefresh, true},
            {60, 3, 8, MarkKind::WrongfulLogout, true},   {70, 3, 9, MarkKind::Logout, true}};
}

} // namespace

class TestPlayheadCounts : public QObject
{
    Q_OBJECT

private slots:
    void countsTheMarksUpToThePlayhead_data();
    void countsTheMarksUpToThePlayhead();
    void noMarksCountNothing();
};

void TestPlayheadCounts::countsTheMarksUpToThePlayhead_data()
{
    QTest::addColumn<qint64>("playhead");
    QTest::addColumn<quint32>("requestsOk");
    QTest::addColumn<quint32>("requestsRejected");
    QTest::addColumn<quint32>("refreshes");
    QTest::addColumn<quint32>("attackerAccepted");
    QTest::addColumn<quint32>("wrongfulLogouts");
    QTest::newRow("before the first mark") << qint64(9) << 0u << 0u << 0u << 0u << 0u;
    QTest::newRow("on the first mark: it counts") << qint64(10) << 1u << 0u << 0u << 0u << 0u;
    QTest::newRow("both marks of one second") << qint64(20) << 1u << 1u << 1u << 0u << 0u;
    QTest::newRow("a rotation is a refresh") << qint64(30) << 1u << 1u << 2u << 0u << 0u;
    QTest::newRow("a failed refresh is not") << qint64(35) << 1u << 1u << 2u << 0u << 0u;
    QTest::newRow("only accepted attacker requests, not refreshes") << qint64(55) << 1u << 1u << 2u << 1u << 0u;
    QTest::newRow("a wrongful logout, not an intended one") << qint64(1000) << 1u << 1u << 2u << 1u << 1u;
}

void TestPlayheadCounts::countsTheMarksUpToThePlayhead()
{
    QFETCH(qint64, playhead);
    PlayheadCounts counts;
    counts.setMarks(sampleMarks());
    const PlayheadCounts::Counts at = counts.at(playhead);
    QTEST(at.requestsOk, "requestsOk");
    QTEST(at.requestsRejected, "requestsRejected");
    QTEST(at.refreshes, "refreshes");
    QTEST(at.attackerAccepted, "attackerAccepted");
    QTEST(at.wrongfulLogouts, "wrongfulLogouts");
}

void TestPlayheadCounts::noMarksCountNothing()
{
    PlayheadCounts counts;
    QCOMPARE(counts.at(100).requestsOk, 0u);
    counts.setMarks(sampleMarks());
    QCOMPARE(counts.at(100).requestsOk, 1u);
    counts.setMarks({}); // a new run without marks forgets the old counts
    QCOMPARE(counts.at(100).requestsOk, 0u);
    QCOMPARE(counts.at(100).refreshes, 0u);
}

QTEST_GUILESS_MAIN(TestPlayheadCounts)
#include "tst_playheadcounts.moc"
