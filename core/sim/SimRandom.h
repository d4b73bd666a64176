#pragma once

#include <QtGlobal>

#include <cmath>
#include <random>

namespace tokenscope::sim {

// Seeded randomness that gives the same numbers on every platform: std::mt19937_64 is specified bit for bit by
// the C++ standard, but std::uniform_real_distribution and friends are not, so the distributions are written here
// from the raw 64-bit output. Draws are rounded to whole seconds, so a last-bit difference in log cannot move
// an event.
class SimRandom
{
public:
    explicit SimRandom(quint64 seed = 1) : m_engine(seed) { }

    quint64 nextBits() { return m_engine(); }

    // Uniform in [0, 1) with 53 random bits.
    double uniform01() { return double(nextBits() >> 11) * 0x1.0p-53; }

    // Uniform integer in [0, bound) without modulo bias (rejection sampling on the top of the range).
    quint64 below(quint64 bound)
    {
        if (bound <= 1)
            return 0;
        const quint64 limit = ~quint64(0) - (~quint64(0) % bound);
        quint64 bits = nextBits();
        while (bits >= limit)
            bits = nextBits();
        return bits % bound;
    }

    bool chance(double probability)
    {
        if (probability <= 0.0)
            return false;
        if (probability >= 1.0)
            return true;
        return uniform01() < probability;
    }

    // Exponentially distributed whole seconds with the given mean, at least 1 (Poisson arrivals).
    qint64 exponentialSeconds(qint64 mean)
    {
        // 1 - uniform01() is in (0, 1]: log never sees 0.
        const double draw = -double(mean) * std::log(1.0 - uniform01());
        const qint64 seconds = qint64(std::llround(draw));
        return seconds < 1 ? 1 : seconds;
    }

private:
    std::mt19937_64 m_engine;
};

} // namespace tokenscope::sim
