// Cache-Control max-age as the JWKS cache reads it (RFC 9111 §5.2.2.1): case-insensitive directive names, a quoted
// value accepted, anything malformed treated as absent, and an overflowing value clamped as §1.2.2 asks.

#include "net/CacheControl.h"

#include <QTest>

class TestCacheControl : public QObject
{
    Q_OBJECT

private slots:
    void maxAgeSeconds_data();
    void maxAgeSeconds();
};

void TestCacheControl::maxAgeSeconds_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("seconds");

    QTest::newRow("alone") << QByteArray("max-age=300") << qint64(300);
    QTest::newRow("among others") << QByteArray("public, max-age=60, must-revalidate") << qint64(60);
    QTest::newRow("zero") << QByteArray("max-age=0") << qint64(0);
    QTest::newRow("upper case") << QByteArray("MAX-AGE=5") << qint64(5);
    QTest::newRow("quoted (§5.2)") << QByteArray("max-age=\"30\"") << qint64(30);
    QTest::newRow("spaces around the directive") << QByteArray("no-cache ,  max-age=7 ") << qint64(7);
    QTest::newRow("the first of two") << QByteArray("max-age=10, max-age=20") << qint64(10);
    QTest::newRow("absent") << QByteArray("no-store") << qint64(-1);
    QTest::newRow("empty header") << QByteArray() << qint64(-1);
    QTest::newRow("no value") << QByteArray("max-age=") << qint64(-1);
    QTest::newRow("no equals sign") << QByteArray("max-age") << qint64(-1);
    QTest::newRow("negative") << QByteArray("max-age=-1") << qint64(-1);
    QTest::newRow("fraction") << QByteArray("max-age=1.5") << qint64(-1);
    QTest::newRow("trailing garbage") << QByteArray("max-age=60s") << qint64(-1);
    QTest::newRow("half a quote") << QByteArray("max-age=\"30") << qint64(-1);
    QTest::newRow("s-maxage is another directive") << QByteArray("s-maxage=10") << qint64(-1);
    // RFC 9111 §1.2.2: a delta-seconds too large to represent is taken as 2^31.
    QTest::newRow("just under the clamp") << QByteArray("max-age=2147483647") << qint64(2147483647);
    QTest::newRow("past 2^31") << QByteArray("max-age=2147483649") << qint64(2147483648);
    QTest::newRow("past 64 bits") << QByteArray("max-age=99999999999999999999999999") << qint64(2147483648);
}

void TestCacheControl::maxAgeSeconds()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, seconds);
    QCOMPARE(tokenscope::CacheControl::maxAgeSeconds(header), seconds);
}

QTEST_APPLESS_MAIN(TestCacheControl)
#include "tst_cachecontrol.moc"
