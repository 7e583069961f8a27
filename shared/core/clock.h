#pragma once

#include <chrono>

namespace bcf {

using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

// Where domain code gets the time from. Servers pass a SystemClock; tests pass a manual clock.
// Implementations must be safe to call from any thread.
class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

inline long long toUnixMillis(TimePoint time)
{
    return time.time_since_epoch().count();
}

inline TimePoint fromUnixMillis(long long millis)
{
    return TimePoint(std::chrono::milliseconds(millis));
}

} // namespace bcf
