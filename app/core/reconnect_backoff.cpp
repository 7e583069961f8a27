#include "core/reconnect_backoff.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace bcf::app {

ReconnectBackoff::ReconnectBackoff()
    : ReconnectBackoff(Schedule{}, [] { return QRandomGenerator::global()->generateDouble(); })
{
}

ReconnectBackoff::ReconnectBackoff(Schedule schedule, RandomSource random)
    : m_schedule(schedule)
    , m_random(std::move(random))
    , m_current(schedule.initial)
{
}

ReconnectBackoff::Milliseconds ReconnectBackoff::next()
{
    const double random = std::clamp(m_random(), 0.0, 1.0);
    const double factor = 1.0 - m_schedule.jitter + 2.0 * m_schedule.jitter * random;
    const auto jittered = Milliseconds(std::llround(double(m_current.count()) * factor));
    const auto delay = std::clamp(jittered, Milliseconds(1), m_schedule.maximum);

    const auto grown = Milliseconds(
        std::llround(double(m_current.count()) * m_schedule.multiplier));
    m_current = std::min(grown, m_schedule.maximum);
    ++m_attempts;
    return delay;
}

void ReconnectBackoff::reset()
{
    m_current = m_schedule.initial;
    m_attempts = 0;
}

} // namespace bcf::app
