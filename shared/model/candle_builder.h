#pragma once

#include "model/market_data.h"

#include <optional>
#include <vector>

namespace bcf::model {

// Builds candles of one timeframe from trades or from candles of a smaller timeframe, in time
// order. Each add returns the candles that closed because of it (usually none or one; a gap
// closes the open candle without inventing empty ones). current() is the open candle.
//
// Out-of-order input (older than the open candle) is refused with InvalidArgument, so a caller
// can count it and resynchronise; it never corrupts the candles.
class CandleBuilder final {
public:
    explicit CandleBuilder(Timeframe timeframe) : m_timeframe(timeframe) {}

    Result<std::vector<Candle>> addTrade(const Trade &trade);
    // `candle` must be of a timeframe that divides this one (see divides()).
    Result<std::vector<Candle>> addCandle(const Candle &candle);
    // Closes the open candle if `now` is past its end (a quiet market still closes bars).
    std::optional<Candle> closeIfDue(TimePoint now);

    const std::optional<Candle> &current() const { return m_current; }
    Timeframe timeframe() const { return m_timeframe; }

private:
    Result<std::vector<Candle>> roll(TimePoint time);

    Timeframe m_timeframe;
    std::optional<Candle> m_current;
};

// Aggregates a time-ordered series of candles to a larger timeframe in one pass (history
// requests served from 1m). The last output candle is open unless its bucket is complete
// according to `now`.
Result<std::vector<Candle>> aggregate(const std::vector<Candle> &candles, Timeframe target,
                                      TimePoint now);

} // namespace bcf::model
