// Raw DEFLATE for JWE "zip":"DEF" (RFC 7516 §4.1.3, RFC 1951): round trips, the size cap, and broken streams.
#include "DeflateTestSupport.h"
#include "jose/Inflate.h"

#include <QTest>

using namespace tokenscope;
using tokenscope::test::deflateRaw;

class TestInflate : public QObject
{
    Q_OBJECT

private slots:
    void roundTrips_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("You can trust us to stick with you through thick and thin");
        QTest::newRow("one MiB of zeros") << QByteArray(1024 * 1024, '\0');
        QByteArray mixed;
        for (int index = 0; index < 70000; ++index)
            mixed.append(char((index * 7919) % 251));
        QTest::newRow("incompressible") << mixed;
    }
    void roundTrips()
    {
        QFETCH(QByteArray, content);
        const Inflate::InflateResult result = Inflate::inflateRaw(deflateRaw(content), 2 * 1024 * 1024);
        QVERIFY2(result, qPrintable(result.error));
        QCOMPARE(result.bytes, content);
    }

    // A bomb: 16 MiB of zeros compress to about 16 KiB; the cap stops the inflation, not the end of the stream.
    void stopsAtTheCap()
    {
        const QByteArray bomb = deflateRaw(QByteArray(16 * 1024 * 1024, '\0'));
        QVERIFY(bomb.size() < 64 * 1024);
        const Inflate::InflateResult capped = Inflate::inflateRaw(bomb, 1024 * 1024);
        QCOMPARE(capped.status, Inflate::InflateResult::Status::TooLarge);
        QVERIFY(capped.bytes.isEmpty());
        QVERIFY2(capped.error.contains(u"1048576"), qPrintable(capped.error));
        QVERIFY(Inflate::inflateRaw(deflateRaw(QByteArray(1024, 'x')), 1024)); // exactly the cap is fine
    }

    void refusesBrokenStreams_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QString>("errorPart");
        const QByteArray good = deflateRaw(QByteArray("a perfectly ordinary payload, repeated; repeated; repeated"));
        QTest::newRow("truncated") << good.left(good.size() / 2) << "valid and complete";
        QTest::newRow("trailing data") << good + "junk"
                                       << "follows the end";
        QTest::newRow("zlib wrapper") << qCompress(QByteArray("zlib, not raw")).mid(4) << "valid and complete";
        QTest::newRow("garbage") << QByteArray("\xff\xff\xff\xff", 4) << "valid and complete";
    }
    void refusesBrokenStreams()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QString, errorPart);
        const Inflate::InflateResult result = Inflate::inflateRaw(stream, 1024 * 1024);
        QCOMPARE(result.status, Inflate::InflateResult::Status::Corrupt);
        QVERIFY(result.bytes.isEmpty());
        QVERIFY2(result.error.contains(errorPart), qPrintable(result.error));
    }
};

QTEST_GUILESS_MAIN(TestInflate)
#include "tst_inflate.moc"
