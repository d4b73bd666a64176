// The simulator's schedule: events come out by second and, within a second, in the order they were scheduled,
// whether they were queued into the wheel, beyond it, or into the second being processed. Each row drives the
// queue with a seeded schedule that pushes while it pops (the engine's pattern) and checks every popped event
// against a plain ordered reference.

#include "sim/EventQueue.h"
#include "sim/SimRandom.h"

#include <QTest>

#include <map>
#include <utility>

using namespace tokenscope::sim;

class TestEventQueue : public QObject
{
    Q_OBJECT

private slots:
    void ordersLikeTheReference_data()
    {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<qint64>("maxDelay");
        QTest::addColumn<int>("initial");
        QTest::addColumn<int>("steps");
        // Delays within the wheel, many per second.
        QTest::newRow("near, crowded") << quint64(1) << qint64(300) << 2000 << 50000;
        // Delays that straddle the wheel's span, so events wait beyond it and move in as it turns.
        QTest::newRow("straddling the wheel") << quint64(2) << qint64(3 * EventQueue::slotCount) << 500 << 40000;
        // Sparse, far events: the wheel runs empty and jumps ahead.
        QTest::newRow("far and sparse") << quint64(3) << qint64(400 * EventQueue::slotCount) << 3 << 5000;
        // Mostly the same second as the event being processed.
        QTest::newRow("same second") << quint64(4) << qint64(1) << 50 << 20000;
    }

    void ordersLikeTheReference()
    {
        QFETCH(quint64, seed);
        QFETCH(qint64, maxDelay);
        QFETCH(int, initial);
        QFETCH(int, steps);

        SimRandom random(seed);
        EventQueue queue;
        // (second, push number) -> event id: the order the queue promises.
        std::map<std::pair<quint64, int>, int> reference;
        int pushed = 0;
        const auto push = [&](quint64 second) {
            queue.push({second, QueuedType::ClientRequest, pushed, 0, 0});
            reference.emplace(std::pair(second, pushed), pushed);
            ++pushed;
        };
        for (int i = 0; i < initial; ++i)
            push(random.below(quint64(maxDelay) + 1));

        int popped = 0;
        while (!queue.empty()) {
            QVERIFY(!reference.empty());
            const auto expected = reference.begin();
            const QueuedEvent event = queue.top();
            QCOMPARE(event.second, expected->first.first);
            QCOMPARE(event.actor, expected->second);
            queue.pop();
            reference.erase(expected);
            ++popped;
            // Each processed event schedules up to two more, never before its own second.
            if (pushed < initial + steps) {
                const int more = int(random.below(3));
                for (int i = 0; i < more; ++i)
                    push(event.second + random.below(quint64(maxDelay) + 1));
            }
        }
        QVERIFY(reference.empty());
        QCOMPARE(popped, pushed);
        QVERIFY(pushed > initial);
    }

    void emptiesAndRefills()
    {
        EventQueue queue;
        QVERIFY(queue.empty());
        queue.push({5, QueuedType::Sample, 1, 0, 0});
        QCOMPARE(queue.top().time(), qint64(5));
        queue.pop();
        QVERIFY(queue.empty());
        // After running empty, a later event (far beyond the wheel) still comes out.
        const quint64 far = 5 + 10 * EventQueue::slotCount;
        queue.push({far, QueuedType::Sample, 2, 0, 0});
        queue.push({5, QueuedType::Sample, 3, 0, 0});
        QCOMPARE(queue.top().actor, 3);
        queue.pop();
        QCOMPARE(queue.top().actor, 2);
        QCOMPARE(queue.top().second, far);
        queue.pop();
        QVERIFY(queue.empty());
    }
};

QTEST_APPLESS_MAIN(TestEventQueue)
#include "tst_eventqueue.moc"
