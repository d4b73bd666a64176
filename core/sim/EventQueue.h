#pragma once

#include <QtGlobal>
#include <queue>

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
    JwksRefresh, // a live run only: a resource server's JWKS copy is due (not counted in eventsProcessed)
};

// One scheduled event: its second, what it does, and the actor (client, attacker, …) and arguments it is for.
struct QueuedEvent
{
    quint64 second; // when, in run seconds
    QueuedType type;
    qint32 actor;
    qint32 argument;
    qint64 argument2;
    [[nodiscard]] qint64 time() const { return qint64(second); }
};

// The engine's schedule: a timing wheel of one slot per second for the next slotCount seconds, where almost every
// event of a run lands (requests, refresh timers and retries are minutes apart), and an ordered overflow for the
// rest (operator events, samples, far logins). Events come out by second, and within a second in the order they
// were scheduled: a slot is read from the front, and overflow events move into their slot as soon as their second
// enters the wheel, which is before anything can be scheduled directly into that slot. Nothing is scheduled before
// the event being processed, so the wheel only turns forward. Each event is written once and read once; the radix
// heap this replaced moved an event several times and was a third of the 30-day benchmark. Header only: every event
// of a run goes through push, top and pop, which must inline into the engine's loop.
class EventQueue
{
public:
    static constexpr quint64 slotCount = 4096; // a power of two

    void push(const QueuedEvent &event)
    {
        Q_ASSERT(event.second >= m_base);
        if (event.second - m_base < slotCount) {
            m_slots[event.second & slotMask].push_back(event);
            ++m_inWheel;
        } else {
            m_later.push({event, m_laterSequence++});
        }
        ++m_size;
    }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    [[nodiscard]] const QueuedEvent &top()
    {
        settle();
        return m_slots[m_base & slotMask][m_head];
    }
    void pop()
    {
        settle();
        ++m_head;
        --m_inWheel;
        --m_size;
    }

private:
    static constexpr quint64 slotMask = slotCount - 1;

    // An event beyond the wheel's reach, in the overflow until its second enters the wheel.
    struct LaterEvent
    {
        QueuedEvent event;
        quint64 sequence; // orders events of one second as they were scheduled
        // std::priority_queue keeps the greatest on top: the earliest must compare greatest.
        bool operator<(const LaterEvent &other) const
        {
            return event.second != other.event.second ? event.second > other.event.second : sequence > other.sequence;
        }
    };

    // The fast path of top() and pop(): the current second still has an event.
    void settle()
    {
        if (m_head == m_slots[m_base & slotMask].size())
            turn();
    }
    // Turns the wheel to the next second that has an event. The queue must not be empty.
    Q_NEVER_INLINE void turn()
    {
        Q_ASSERT(m_size > 0);
        while (m_head == m_slots[m_base & slotMask].size()) {
            m_slots[m_base & slotMask].clear();
            m_head = 0;
            m_base = m_inWheel == 0 ? m_later.top().event.second : m_base + 1;
            while (!m_later.empty() && m_later.top().event.second - m_base < slotCount) {
                const QueuedEvent &event = m_later.top().event;
                m_slots[event.second & slotMask].push_back(event);
                ++m_inWheel;
                m_later.pop();
            }
        }
    }

    std::array<std::vector<QueuedEvent>, slotCount> m_slots;
    std::priority_queue<LaterEvent> m_later;
    quint64 m_laterSequence = 0;
    quint64 m_base = 0; // the second the wheel is at
    size_t m_head = 0; // the next event in the slot of m_base
    size_t m_inWheel = 0;
    size_t m_size = 0;
};

} // namespace tokenscope::sim
