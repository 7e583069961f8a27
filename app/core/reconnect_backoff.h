#pragma once

#include <chrono>
#include <functional>

namespace bcf::app {

// The delays between reconnection attempts: 1 s doubling up to 30 s, each multiplied by a
// random factor in [1 - jitter, 1 + jitter] (and never above the maximum), so that many
// workstations that lost the same server do not retry in lockstep. Pure: no timers, and the
// random source is injected so tests can fix it.
class ReconnectBackoff final
{
public:
    using Milliseconds = std::chrono::milliseconds;
    // Returns a number in [0, 1).
    using RandomSource = std::function<double()>;

    struct Schedule {
        Milliseconds initial{1000};
        Milliseconds maximum{30000};
        double multiplier = 2.0;
        double jitter = 0.2;
    };

    // Uses QRandomGenerator::global() as the random source.
    ReconnectBackoff();
    ReconnectBackoff(Schedule schedule, RandomSource random);

    // The delay before the next attempt; each call counts one attempt.
    Milliseconds next();
    // The nominal delay (without jitter) that the next call to next() is based on.
    Milliseconds nominal() const { return m_current; }
    int attempts() const { return m_attempts; }
    // After a successful connection: the next delay is the initial one again.
    void reset();

private:
    Schedule m_schedule;
    RandomSource m_random;
    Milliseconds m_current;
    int m_attempts = 0;
};

} // namespace bcf::app
