// IssuerClockBar: what the clock row says about the issuer's clock and keys, and the amount its Advance button
// asks for.

#include "issuer/IssuerClockBar.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSpinBox>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

namespace {

constexpr qint64 start = 1'900'000'000; // 2030-03-17 17:46:40 UTC

struct Bar
{
    QAction minute {u"+1 min"_s};
    QAction hour {u"+1 h"_s};
    QAction custom {u"Advance"_s};
    QAction rotate {u"Rotate Keys"_s};
    IssuerClockBar bar {&minute, &hour, &custom, &rotate};
};

} // namespace

class TestIssuerClockBar : public QObject
{
    Q_OBJECT

private slots:
    void saysTheClockAndHowFarAhead_data();
    void saysTheClockAndHowFarAhead();
    void customAdvanceIsInTheChosenUnit_data();
    void customAdvanceIsInTheChosenUnit();
    void keysAreJudgedAtTheGivenTime();
    void stoppedSaysSo();
};

void TestIssuerClockBar::saysTheClockAndHowFarAhead_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<bool>("ahead");
    QTest::newRow("on time") << qint64(0) << false;
    QTest::newRow("an hour ahead") << qint64(3600) << true;
}

void TestIssuerClockBar::saysTheClockAndHowFarAhead()
{
    QFETCH(qint64, offset);
    QFETCH(bool, ahead);
    Bar w;
    w.bar.showClock(start + offset, offset);
    const QString text = w.bar.clockLabel()->text();
    QVERIFY2(text.contains(IssuerClockBar::issuerTime(start + offset)), qPrintable(text));
    QCOMPARE(text.contains(u"ahead"_s), ahead);
    QCOMPARE(IssuerClockBar::issuerTime(start), u"2030-03-17 17:46:40 UTC"_s);
}

void TestIssuerClockBar::customAdvanceIsInTheChosenUnit_data()
{
    QTest::addColumn<int>("amount");
    QTest::addColumn<int>("unit");
    QTest::addColumn<qint64>("seconds");
    QTest::newRow("seconds") << 90 << 0 << qint64(90);
    QTest::newRow("minutes") << 15 << 1 << qint64(900);
    QTest::newRow("hours") << 2 << 2 << qint64(7200);
    QTest::newRow("days") << 3 << 3 << qint64(3 * 86400);
}

void TestIssuerClockBar::customAdvanceIsInTheChosenUnit()
{
    QFETCH(int, amount);
    QFETCH(int, unit);
    QFETCH(qint64, seconds);
    Bar w;
    w.bar.advanceSpinBox()->setValue(amount);
    w.bar.advanceUnitComboBox()->setCurrentIndex(unit);
    QCOMPARE(w.bar.customAdvanceSeconds(), seconds);
    w.bar.setInputsEnabled(false);
    QVERIFY(!w.bar.advanceSpinBox()->isEnabled());
    QVERIFY(!w.bar.advanceUnitComboBox()->isEnabled());
}

void TestIssuerClockBar::keysAreJudgedAtTheGivenTime()
{
    Bar w;
    // A rotation: "old" signs until "new" takes over at start + 600; "old" retires at start + 1200.
    const QList<IssuerAdminState::Key> keys {
        {u"old-key-0123456789"_s, u"ES256"_s, start - 100, start - 100, start + 1200, true, true},
        {u"new-key-9876543210"_s, u"ES256"_s, start, start + 600, 0, true, false},
    };
    w.bar.showKeys(keys, start);
    QVERIFY2(w.bar.keysLabel()->text().contains(u"old-key-0123"_s), qPrintable(w.bar.keysLabel()->text()));
    QVERIFY(w.bar.keysLabel()->text().contains(u"2 published"_s));
    QVERIFY(w.bar.keysLabel()->toolTip().contains(u"retires"_s));
    w.bar.showKeys(keys, start + 600);
    QVERIFY2(w.bar.keysLabel()->text().contains(u"new-key-9876"_s), qPrintable(w.bar.keysLabel()->text()));
    w.bar.showKeys(keys, start + 1200);
    QVERIFY(w.bar.keysLabel()->text().contains(u"1 published"_s));
}

void TestIssuerClockBar::stoppedSaysSo()
{
    Bar w;
    w.bar.showClock(start, 0);
    w.bar.showKeys({{u"k"_s, u"ES256"_s, start, start, 0, true, true}}, start);
    w.bar.showStopped();
    QVERIFY(w.bar.clockLabel()->text().contains(u"not running"_s));
    QVERIFY(w.bar.keysLabel()->text().isEmpty());
    QVERIFY(!w.bar.clockLabel()->accessibleName().isEmpty());
    QVERIFY(!w.bar.advanceSpinBox()->accessibleName().isEmpty());
}

QTEST_MAIN(TestIssuerClockBar)
#include "tst_issuerclockbar.moc"
