#pragma once

#include "model/market_data.h"

#include <deque>
#include <optional>

namespace bcf::model {

// Rolling 24-hour statistics of a symbol.
struct Ticker {
    Price last;
    Price open;            // the open of the window's first minute
    Price high;
    Price low;
    Quantity volume;
    Money quoteVolume;
    TimePoint time{};      // open time of the newest minute
};

// A 24-hour window of 1m candles kept up to date from a stream: add() each minute (closed or
// forming; a minute already held is replaced), ticker() computes the window's statistics. The
// window is the 1440 minutes ending with the newest one added. Not thread-safe.
class RollingTicker final {
public:
    static constexpr int kWindowMinutes = 1440;

    void add(const Candle &minute);
    std::optional<Ticker> ticker() const;
    std::size_t minutes() const { return m_minutes.size(); }

private:
    std::deque<Candle> m_minutes;   // by open time
};

} // namespace bcf::model
