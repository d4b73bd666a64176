#pragma once

#include <QtGlobal>

#include <algorithm>
#include <array>
#include <vector>

namespace tokenscope::sim {

// What a queued event does when its time comes; the coordinator (SimEngine) hands it to the actor it names.
enum class QueuedType : quint8 {
    ClientLogin,
    ClientRequest,
    ClientRefreshTimer,
    ClientConcurrentRefresh,
    AttackerSteal,
    AttackerRequest,
    AttackerRefresh,
    Operator,
    OutageEnd,
    ServerBack,
    KeyPublish,
    Sample,
    WatchCheck,
};

struct QueuedEvent
{
    quint64 second; // when, in run seconds
    QueuedType type;
    qint32 actor;
    qint32 argument;
    qint64 argument2;
    [[nodiscard]] qint64 time() const { return qint64(second); }
};

// A radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, 1990) on the event's second: a monotone priority queue, which is
// all a discrete-event engine needs (nothing is scheduled before the event being processed) and several times
// faster than a binary heap for the 10,000-client runs. Events of one second come out in the order they were
// pushed: an event sits in the bucket of the highest bit where its second differs from the last second taken out,
// so all events of one second share a bucket, and moving a bucket down keeps its order. Only the current second's
// bucket is read from the front. Keying by the second alone, not by (second, sequence), keeps an event from being
// moved again for every bit of a sequence number: on the 30-day benchmark the queue was a third of the run.
// Header only: every event of a run goes through push, top and pop, which must inline into the engine's loop.
class EventQueue
{
public:
    void push(const QueuedEvent &event)
    {
        Q_ASSERT(event.second >= m_last);
        m_buckets[size_t(bucketOf(event.second))].push_back(event);
        ++m_size;
    }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    [[nodiscard]] const QueuedEvent &top()
    {
        refill();
        return m_buckets[0][m_head];
    }
    void pop()
    {
        refill();
        ++m_head;
        --m_size;
    }

private:
    [[nodiscard]] int bucketOf(quint64 second) const
    {
        return second == m_last ? 0 : 64 - __builtin_clzll(second ^ m_last);
    }
    void refill()
    {
        std::vector<QueuedEvent> &current = m_buckets[0];
        if (m_head < current.size())
            return;
        current.clear();
        m_head = 0;
        size_t i = 1;
        while (m_buckets[i].empty())
            ++i;
        std::vector<QueuedEvent> &bucket = m_buckets[i];
        quint64 earliest = bucket.front().second;
        for (const QueuedEvent &event : bucket)
            earliest = std::min(earliest, event.second);
        m_last = earliest;
        for (const QueuedEvent &event : bucket)
            m_buckets[size_t(bucketOf(event.second))].push_back(event);
        bucket.clear();
    }

    quint64 m_last = 0;
    size_t m_size = 0;
    size_t m_head = 0; // the next event of the current second in m_buckets[0]
    std::array<std::vector<QueuedEvent>, 65> m_buckets;
};

} // namespace tokenscope::sim
