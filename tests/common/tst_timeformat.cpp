#include "common/Clock.h"
#include "common/TimeFormat.h"

#include <QTest>

using namespace tokenscope;

// TimeFormat: the relative and absolute forms of NumericDates shown by the CLI and the inspector.
class TestTimeFormat : public QObject
{
    Q_OBJECT

private slots:
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
