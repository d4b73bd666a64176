#include "common/BoundedRead.h"

#include <QFile>
#include <QTest>

#include <chrono>
#include <csignal>
#include <thread>
#include <unistd.h>

using namespace tokenscope;

// BoundedRead: a pipe is read to its end however its writer splits the bytes, and never past the cap.
class TestBoundedRead : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // A reader that stops at the cap closes its end while the writer may still write.
        ::signal(SIGPIPE, SIG_IGN);
    }

    void readsAPipeToItsEndOrRefusesIt_data()
    {
        QTest::addColumn<QList<qsizetype>>("chunkSizes");
        QTest::addColumn<qsizetype>("cap");
        QTest::addColumn<bool>("complete");
        QTest::newRow("one small write") << QList<qsizetype> {100} << qsizetype(1000) << true;
        QTest::newRow("two writes with a pause") << QList<qsizetype> {100, 900} << qsizetype(1000) << true;
        QTest::newRow("over 64 KiB in pieces") << QList<qsizetype> {70000, 70000, 10} << qsizetype(1 << 20) << true;
        QTest::newRow("exactly the cap") << QList<qsizetype> {600, 400} << qsizetype(1000) << true;
        QTest::newRow("one byte over the cap") << QList<qsizetype> {600, 401} << qsizetype(1000) << false;
        QTest::newRow("empty") << QList<qsizetype> {} << qsizetype(1000) << true;
    }
    void readsAPipeToItsEndOrRefusesIt()
    {
        QFETCH(QList<qsizetype>, chunkSizes);
        QFETCH(qsizetype, cap);
        QFETCH(bool, complete);
        int fds[2] = {-1, -1};
        QCOMPARE(::pipe(fds), 0);
        QByteArray expected;
        for (qsizetype index = 0; index < chunkSizes.size(); ++index)
            expected += QByteArray(chunkSizes[index], char('a' + index));
        // The writer pauses between writes the way a slow producer in a pipeline does.
        std::thread writer([fd = fds[1], chunkSizes, expected] {
            qsizetype offset = 0;
            for (const qsizetype size : chunkSizes) {
                qsizetype written = 0;
                while (written < size) {
                    const ssize_t result = ::write(fd, expected.constData() + offset + written, size_t(size - written));
                    if (result <= 0)
                        break; // the reader stopped at the cap and closed its end
                    written += result;
                }
                offset += size;
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            ::close(fd);
        });
        BoundedReadResult result;
        {
            QFile reader;
            QVERIFY(reader.open(fds[0], QIODevice::ReadOnly, QFileDevice::AutoCloseHandle));
            result = BoundedRead::readAll(reader, cap);
        }
        writer.join();
        QCOMPARE(bool(result), complete);
        if (complete) {
            QCOMPARE(result.bytes.size(), expected.size());
            QCOMPARE(result.bytes, expected);
        } else {
            QCOMPARE(result.status, BoundedReadResult::Status::TooLarge);
            QVERIFY(result.bytes.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestBoundedRead)
#include "tst_boundedread.moc"
