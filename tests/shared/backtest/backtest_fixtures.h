#pragma once

// Candle series for backtest tests, built from plain numbers.
#include "model/market_data.h"

#include <string>
#include <vector>

namespace bcf::testing {

inline Price price(const std::string &text) { return *Price::parse(text); }

inline Price priceOf(double value)
{
    return Price::fromRaw(static_cast<std::int64_t>(value * 100 + (value >= 0 ? 0.5 : -0.5)) * 1'000'000);
}

// One-minute candles from 2024-01-01 00:00 UTC: bar i opens at opens[i] (or the previous close
// when opens is empty), closes at closes[i], with high/low one unit beyond the body.
inline std::vector<model::Candle> candlesFromCloses(const std::vector<double> &closes, std::vector<double> opens = {},
                                                     double volume = 1000)
{
    std::vector<model::Candle> candles;
    const TimePoint start = fromUnixMillis(1704067200000);
    for (std::size_t i = 0; i < closes.size(); ++i) {
        const double open = !opens.empty() ? opens[i] : (i == 0 ? closes[0] : closes[i - 1]);
        model::Candle c;
        c.timeframe = model::Timeframe::M1;
        c.openTime = start + std::chrono::minutes(static_cast<long>(i));
        c.open = priceOf(open);
        c.close = priceOf(closes[i]);
        c.high = priceOf(std::max(open, closes[i]) + 1);
        c.low = priceOf(std::min(open, closes[i]) - 1);
        c.volume = Quantity::fromRaw(static_cast<std::int64_t>(volume * 1e8));
        c.closed = true;
        candles.push_back(c);
    }
    return candles;
}

} // namespace bcf::testing
