#pragma once

#include "core/clock.h"

#include <atomic>

namespace bcf::test {

// A Clock that only moves when the test says so.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start) : m_now(toUnixMillis(start)) {}

    TimePoint now() const override { return fromUnixMillis(m_now.load()); }
    void advance(std::chrono::milliseconds delta) { m_now += delta.count(); }
    void set(TimePoint time) { m_now = toUnixMillis(time); }

private:
    std::atomic<long long> m_now;
};

} // namespace bcf::test
