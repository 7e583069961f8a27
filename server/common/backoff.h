#pragma once

#include <algorithm>
#include <chrono>

namespace bcf::server {

// Exponential backoff between reconnect attempts: initial, doubled after each failure up to
// maximum, back to initial after a success. Pure value type; the caller owns the timing.
class Backoff final {
public:
    using Duration = std::chrono::milliseconds;

    Backoff(Duration initial, Duration maximum) : m_initial(initial), m_maximum(maximum),
                                                  m_next(initial) {}

    // The delay to wait after the failure just observed; the following one doubles.
    Duration nextDelay()
    {
        const Duration delay = m_next;
        m_next = std::min(m_maximum, m_next * 2);
        return delay;
    }

    void reset() { m_next = m_initial; }

private:
    Duration m_initial;
    Duration m_maximum;
    Duration m_next;
};

} // namespace bcf::server
