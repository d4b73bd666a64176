// DurationSpinBox: the Simulate parameter panel's durations, read and written in the scenario files' spelling
// ("15m", "1h 30m", "7d"), with steps of a size that suits the value.

#include "simulate/DurationSpinBox.h"

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
}

void TestDurationSpinBox::compactDurationSpellsLikeTheScenarioFiles()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(compactDuration(seconds), text);
    DurationSpinBox box;
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

QTEST_MAIN(TestDurationSpinBox)
#include "tst_durationspinbox.moc"
