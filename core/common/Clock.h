#pragma once

#include <QtGlobal>

namespace tokenscope {

// The only way Tokenscope reads the time. Claim checks, the simulator and the mock issuer take a Clock so that
// tests, time travel in the inspector and simulated runs can fix and advance it.
class Clock
{
public:
    virtual ~Clock() = default;
    // Seconds since the Unix epoch (JWT NumericDate, RFC 7519 §2).
    [[nodiscard]] virtual qint64 nowSeconds() const = 0;
};

// The wall clock.
class SystemClock final : public Clock
{
public:
    [[nodiscard]] qint64 nowSeconds() const override;
    // A process-wide instance for callers that were not given a clock.
    static const SystemClock &instance();
};

// A clock that stays where it is put: tests, `--now`, the inspector's time travel.
class FixedClock final : public Clock
{
public:
    explicit FixedClock(qint64 seconds = 0) : m_seconds(seconds) { }
    [[nodiscard]] qint64 nowSeconds() const override { return m_seconds; }
    void setNowSeconds(qint64 seconds) { m_seconds = seconds; }
    void advance(qint64 seconds) { m_seconds += seconds; }

private:
    qint64 m_seconds;
};

} // namespace tokenscope
