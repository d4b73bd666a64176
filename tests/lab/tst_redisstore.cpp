// RedisStore against a real redis-server started by the test (RedisProcess): replies, the time budget when Redis is
// paused or stopped, a restart that loses the data, and the process gone afterwards.
#include "LabTestSupport.h"
#include "lab/RedisProcess.h"
#include "lab/RedisStore.h"

#include <QElapsedTimer>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::lab;

class TestRedisStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const QString missing = testing::missingPrograms();
        QVERIFY2(missing.isEmpty(), qPrintable(missing));
    }

    void answersSetGetExistsAndDelete()
    {
        RedisProcess redis;
        const Result<void> started = redis.start();
        QVERIFY2(started, qPrintable(started.errorMessage()));
        RedisStore store(redis.endpoint(), 100);
        QVERIFY(store.setWithTtl("k1", "alice", 60));
        const StoreReply got = store.get("k1");
        QVERIFY(got);
        QCOMPARE(got.value.value_or(QByteArray()), QByteArray("alice"));
        QVERIFY(!store.get("absent").value.has_value());
        QCOMPARE(store.exists({"k1", "absent"}).integer, 1);
        QCOMPARE(store.remove("k1").integer, 1);
        QCOMPARE(store.exists({"k1"}).integer, 0);
        QCOMPARE(store.roundTrips(), quint64(6));
    }

    void pausedStoreAnswersUnavailableWithinBudget_data()
    {
        QTest::addColumn<int>("timeoutMs");
        QTest::newRow("50 ms") << 50;
        QTest::newRow("100 ms") << 100;
        QTest::newRow("250 ms") << 250;
    }

    void pausedStoreAnswersUnavailableWithinBudget()
    {
        QFETCH(int, timeoutMs);
        RedisProcess redis;
        const Result<void> started = redis.start();
        QVERIFY2(started, qPrintable(started.errorMessage()));
        RedisStore store(redis.endpoint(), timeoutMs);
        QVERIFY(store.setWithTtl("k", "v", 60));
        QVERIFY(redis.pause());
        QElapsedTimer timer;
        timer.start();
        const StoreReply reply = store.get("k");
        const qint64 elapsed = timer.elapsed();
        QVERIFY(!reply);
        QVERIFY2(reply.error.contains(QStringLiteral("no answer")), qPrintable(reply.error));
        // The socket timeout is the budget; a loaded machine may add a little scheduling delay, never a hang.
        QVERIFY2(elapsed >= timeoutMs - 5 && elapsed < timeoutMs + 100, qPrintable(QString::number(elapsed)));
        // Within the next budget the store is known down: calls fail at once instead of waiting again.
        timer.restart();
        QVERIFY(!store.get("k"));
        QVERIFY(timer.elapsed() < 20);
        QVERIFY(redis.resume());
        QTest::qWait(timeoutMs + 10);
        const StoreReply after = store.get("k");
        QVERIFY2(after, qPrintable(after.error));
        QCOMPARE(after.value.value_or(QByteArray()), QByteArray("v")); // a pause keeps the data
    }

    void stoppedStoreIsUnavailableAndComesBackEmpty()
    {
        RedisProcess redis;
        const Result<void> started = redis.start();
        QVERIFY2(started, qPrintable(started.errorMessage()));
        const quint16 port = redis.port();
        RedisStore store(redis.endpoint(), 100);
        QVERIFY(store.setWithTtl("k", "v", 60));
        const qint64 firstPid = redis.pid();
        redis.halt();
        QVERIFY(testing::processGone(firstPid));
        QElapsedTimer timer;
        timer.start();
        const StoreReply down = store.get("k");
        QVERIFY(!down);
        QVERIFY2(timer.elapsed() < 150, qPrintable(QString::number(timer.elapsed())));
        const Result<void> restarted = redis.restartEmpty();
        QVERIFY2(restarted, qPrintable(restarted.errorMessage()));
        QCOMPARE(redis.port(), port);
        QTest::qWait(110);
        const StoreReply empty = store.get("k");
        QVERIFY2(empty, qPrintable(empty.error));
        QVERIFY(!empty.value.has_value());
    }

    void stopLeavesNoProcessBehind()
    {
        qint64 pid = 0;
        QString directory;
        {
            RedisProcess redis;
            const Result<void> started = redis.start();
            QVERIFY2(started, qPrintable(started.errorMessage()));
            pid = redis.pid();
            QVERIFY(pid > 0);
            QVERIFY(redis.pause()); // even a paused process is stopped
        }
        QVERIFY(testing::processGone(pid));
    }

    void endpointFromUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<int>("port");
        QTest::newRow("host and port") << "redis://127.0.0.1:6380" << true << 6380;
        QTest::newRow("default port") << "redis://localhost" << true << 6379;
        QTest::newRow("database 0") << "redis://127.0.0.1:7000/0" << true << 7000;
        QTest::newRow("other database") << "redis://127.0.0.1:7000/3" << false << 0;
        QTest::newRow("password") << "redis://:secret@127.0.0.1:7000" << false << 0;
        QTest::newRow("http") << "http://127.0.0.1:7000" << false << 0;
        QTest::newRow("garbage") << "not a url" << false << 0;
    }

    void endpointFromUrl()
    {
        QFETCH(QString, url);
        QFETCH(bool, valid);
        QFETCH(int, port);
        const Result<RedisEndpoint> endpoint = RedisEndpoint::fromUrl(url);
        QCOMPARE(endpoint.hasValue(), valid);
        if (valid) {
            QCOMPARE(int(endpoint->port), port);
        } else {
            QVERIFY(endpoint.error().code() == ErrorCode("redis.bad_url"));
            QVERIFY(!endpoint.error().message().isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestRedisStore)
#include "tst_redisstore.moc"
