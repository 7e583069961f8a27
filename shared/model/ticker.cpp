#include "model/ticker.h"

#include <algorithm>

namespace bcf::model {

void RollingTicker::add(const Candle &minute)
{
    if (minute.timeframe != Timeframe::M1)
        return;
    // Usually the newest or the one after it; an older minute (a backfill) is placed in order.
    auto position = std::lower_bound(m_minutes.begin(), m_minutes.end(), minute.openTime,
                                     [](const Candle &held, TimePoint time) {
                                         return held.openTime < time;
                                     });
    if (position != m_minutes.end() && position->openTime == minute.openTime)
        *position = minute;
    else
        m_minutes.insert(position, minute);
    const TimePoint horizon = m_minutes.back().openTime - std::chrono::minutes(kWindowMinutes);
    while (!m_minutes.empty() && m_minutes.front().openTime <= horizon)
        m_minutes.pop_front();
}

std::optional<Ticker> RollingTicker::ticker() const
{
    if (m_minutes.empty())
        return std::nullopt;
    Ticker ticker;
    ticker.open = m_minutes.front().open;
    ticker.last = m_minutes.back().close;
    ticker.time = m_minutes.back().openTime;
    ticker.high = m_minutes.front().high;
    ticker.low = m_minutes.front().low;
    for (const auto &minute : m_minutes) {
        ticker.high = std::max(ticker.high, minute.high);
        ticker.low = std::min(ticker.low, minute.low);
        ticker.volume = ticker.volume + minute.volume;
        ticker.quoteVolume = ticker.quoteVolume + minute.quoteVolume;
    }
    return ticker;
}

} // namespace bcf::model
