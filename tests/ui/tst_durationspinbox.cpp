// DurationSpinBox: the durations of the Simulate knobs, the Inspect leeway, the probe's pause and the mock issuer's
// clock skew, read and written in the scenario files' spelling ("15m", "1h 30m", "7d", "-5m"), with steps of a
// size that suits the value and never below the panel's own step.

#include "common/DurationSpinBox.h"

#include <QLineEdit>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

class TestDurationSpinBox : public QObject
{
    Q_OBJECT

private slots:
    void compactDurationSpellsLikeTheScenarioFiles_data();
    void compactDurationSpellsLikeTheScenarioFiles();
    void typedDurationsAreRead_data();
    void typedDurationsAreRead();
    void stepsSuitTheValue_data();
    void stepsSuitTheValue();
    void stepsAreNeverBelowTheSingleStep();
    void negativeDurationsWhenTheRangeAllowsThem_data();
    void negativeDurationsWhenTheRangeAllowsThem();
    void aNegativeDurationIsRefusedWhenTheRangeStartsAtZero();
    void theRangeHoldsTypedValues();
    void isWideEnoughForALongDuration();
};

void TestDurationSpinBox::compactDurationSpellsLikeTheScenarioFiles_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << u"0"_s;
    QTest::newRow("seconds") << qint64(45) << u"45s"_s;
    QTest::newRow("a quarter hour") << qint64(900) << u"15m"_s;
    QTest::newRow("hours and minutes") << qint64(5400) << u"1h 30m"_s;
    QTest::newRow("a week is seven days") << qint64(7 * 86400) << u"7d"_s;
    QTest::newRow("every unit") << qint64(86400 + 3600 + 60 + 1) << u"1d 1h 1m 1s"_s;
    QTest::newRow("behind") << qint64(-5400) << u"-1h 30m"_s;
}

void TestDurationSpinBox::compactDurationSpellsLikeTheScenarioFiles()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(compactDuration(seconds), text);
    DurationSpinBox box;
    box.setMinimum(-86400);
    box.setValue(int(seconds));
    QCOMPARE(box.text(), text);
}

void TestDurationSpinBox::typedDurationsAreRead_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<int>("seconds");
    QTest::newRow("plain seconds") << u"90"_s << 90;
    QTest::newRow("minutes") << u"15m"_s << 900;
    QTest::newRow("with a space") << u"1h 30m"_s << 5400;
    QTest::newRow("run together") << u"1h30m"_s << 5400;
    QTest::newRow("days") << u"2d"_s << 2 * 86400;
}

void TestDurationSpinBox::typedDurationsAreRead()
{
    QFETCH(QString, typed);
    QFETCH(int, seconds);
    DurationSpinBox box;
    box.setValue(7);
    box.findChild<QLineEdit *>()->selectAll();
    QTest::keyClicks(&box, typed);
    QTest::keyClick(&box, Qt::Key_Enter);
    QCOMPARE(box.value(), seconds);
}

void TestDurationSpinBox::stepsSuitTheValue_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::newRow("under a minute: a second") << 30 << 31;
    QTest::newRow("under an hour: a minute") << 600 << 660;
    QTest::newRow("under a day: a quarter hour") << 3600 << 4500;
    QTest::newRow("from a day: an hour") << 86400 << 90000;
}

void TestDurationSpinBox::stepsSuitTheValue()
{
    QFETCH(int, from);
    QFETCH(int, to);
    DurationSpinBox box;
    box.setValue(from);
    box.stepUp();
    QCOMPARE(box.value(), to);
}

void TestDurationSpinBox::stepsAreNeverBelowTheSingleStep()
{
    // The Inspect leeway: half-minute steps from zero, then the value's own unit once it is larger.
    DurationSpinBox box;
    box.setRange(0, 86400);
    box.setSingleStep(30);
    box.stepUp();
    QCOMPARE(box.value(), 30);
    QCOMPARE(box.text(), u"30s"_s);
    box.stepUp();
    QCOMPARE(box.value(), 60);
    box.stepUp();
    QCOMPARE(box.value(), 120);
    QCOMPARE(box.text(), u"2m"_s);
    box.stepDown();
    box.stepDown();
    box.stepDown();
    QCOMPARE(box.value(), 0);
}

void TestDurationSpinBox::negativeDurationsWhenTheRangeAllowsThem_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<int>("seconds");
    QTest::newRow("minutes behind") << u"-5m"_s << -300;
    QTest::newRow("hours and minutes behind") << u"-1h 30m"_s << -5400;
    QTest::newRow("ahead") << u"2h"_s << 7200;
}

void TestDurationSpinBox::negativeDurationsWhenTheRangeAllowsThem()
{
    // The mock issuer's clock skew: a day either way.
    QFETCH(QString, typed);
    QFETCH(int, seconds);
    DurationSpinBox box;
    box.setRange(-86400, 86400);
    box.findChild<QLineEdit *>()->selectAll();
    QTest::keyClicks(&box, typed);
    QTest::keyClick(&box, Qt::Key_Enter);
    QCOMPARE(box.value(), seconds);
    QCOMPARE(box.text(), compactDuration(seconds));
}

void TestDurationSpinBox::aNegativeDurationIsRefusedWhenTheRangeStartsAtZero()
{
    DurationSpinBox box;
    box.setRange(0, 3600);
    box.setValue(65);
    QCOMPARE(box.text(), u"1m 5s"_s);
    box.findChild<QLineEdit *>()->selectAll();
    QTest::keyClicks(&box, u"-5m"_s); // the minus is refused as typed, leaving "5m"
    QTest::keyClick(&box, Qt::Key_Enter);
    QCOMPARE(box.value(), 300);
}

void TestDurationSpinBox::theRangeHoldsTypedValues()
{
    DurationSpinBox box;
    box.setRange(0, 3600);
    box.setValue(10);
    box.findChild<QLineEdit *>()->selectAll();
    QTest::keyClicks(&box, u"2h"_s); // past the maximum: not taken
    QTest::keyClick(&box, Qt::Key_Enter);
    QCOMPARE(box.value(), 10);
}

void TestDurationSpinBox::isWideEnoughForALongDuration()
{
    // A range of a day either way would otherwise be measured as "-1d" and "1d".
    DurationSpinBox box;
    box.setRange(-86400, 86400);
    const int text = box.fontMetrics().horizontalAdvance(u"-23h 59m 59s"_s);
    QVERIFY2(box.sizeHint().width() > text, qPrintable(QString::number(box.sizeHint().width())));
}

QTEST_MAIN(TestDurationSpinBox)
#include "tst_durationspinbox.moc"
