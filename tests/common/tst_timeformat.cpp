#include "common/Clock.h"
#include "common/TimeFormat.h"

#include <QTest>

#include <limits>

using namespace tokenscope;

// TimeFormat: the relative and absolute forms of NumericDates shown by the CLI and the inspector.
class TestTimeFormat : public QObject
{
    Q_OBJECT

private slots:
    void extremeDatesKeepTheirDirection_data()
    {
        QTest::addColumn<qint64>("date");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<QString>("startsWith");
        constexpr qint64 lowest = std::numeric_limits<qint64>::min();
        constexpr qint64 highest = std::numeric_limits<qint64>::max();
        QTest::newRow("far future from the lowest now") << highest << lowest << QStringLiteral("in ");
        QTest::newRow("far past from the highest now") << lowest << highest << QString();
        QTest::newRow("lowest date from the range's end") << lowest << TimeFormat::maxSeconds << QString();
        QTest::newRow("highest date from the range's start")
            << highest << TimeFormat::minSeconds << QStringLiteral("in ");
    }
    void extremeDatesKeepTheirDirection()
    {
        QFETCH(qint64, date);
        QFETCH(qint64, now);
        QFETCH(QString, startsWith);
        const QString text = TimeFormat::relative(date, now);
        if (startsWith.isEmpty())
            QVERIFY2(text.endsWith(QStringLiteral(" ago")), qPrintable(text));
        else
            QVERIFY2(text.startsWith(startsWith), qPrintable(text));
        QVERIFY(!TimeFormat::duration(date).isEmpty());
    }

    void rangeIsYearsOneToNineThousandNineHundredNinetyNine()
    {
        QVERIFY(TimeFormat::inRange(0));
        QVERIFY(TimeFormat::inRange(TimeFormat::minSeconds));
        QVERIFY(TimeFormat::inRange(TimeFormat::maxSeconds));
        QVERIFY(!TimeFormat::inRange(TimeFormat::maxSeconds + 1));
        QVERIFY(!TimeFormat::inRange(TimeFormat::minSeconds - 1));
        QCOMPARE(TimeFormat::isoUtc(TimeFormat::maxSeconds), QStringLiteral("9999-12-31T23:59:59Z"));
        QCOMPARE(TimeFormat::isoUtc(TimeFormat::minSeconds), QStringLiteral("0001-01-01T00:00:00Z"));
    }

    void durationUsesTwoLargestUnits_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0s");
        QTest::newRow("seconds") << qint64(59) << QStringLiteral("59s");
        QTest::newRow("minutes and seconds") << qint64(14 * 60 + 3) << QStringLiteral("14m 3s");
        QTest::newRow("whole hours") << qint64(7200) << QStringLiteral("2h");
        QTest::newRow("days and hours") << qint64(3 * 86400 + 4 * 3600 + 59) << QStringLiteral("3d 4h");
        QTest::newRow("negative is absolute") << qint64(-90) << QStringLiteral("1m 30s");
    }
    void durationUsesTwoLargestUnits()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, expected);
        QCOMPARE(TimeFormat::duration(seconds), expected);
    }

    void expiryPhrases_data()
    {
        QTest::addColumn<qint64>("exp");
        QTest::addColumn<QString>("expected");
        QTest::newRow("future") << qint64(1000 + 14 * 60 + 3) << QStringLiteral("expires in 14m 3s");
        QTest::newRow("past") << qint64(1000 - 7200) << QStringLiteral("expired 2h ago");
        QTest::newRow("now") << qint64(1000) << QStringLiteral("expires now");
    }
    void expiryPhrases()
    {
        QFETCH(qint64, exp);
        QFETCH(QString, expected);
        const FixedClock clock(1000);
        QCOMPARE(TimeFormat::relative(exp, clock.nowSeconds(), TimeFormat::Phrase::Expiry), expected);
    }

    void isoUtcFormatsAndRejectsOutOfRange()
    {
        QCOMPARE(TimeFormat::isoUtc(1516239022), QStringLiteral("2018-01-18T01:30:22Z"));
        QVERIFY(TimeFormat::isoUtc(Q_INT64_C(99999999999999)).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTimeFormat)
#include "tst_timeformat.moc"
