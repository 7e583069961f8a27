#pragma once

#include "core/clock.h"
#include "core/decimal.h"
#include "model/timeframe.h"

#include <cstdint>

namespace bcf::model {

enum class Side { Buy, Sell };

// One trade print. `aggressor` is the taker's side (Binance's "is buyer maker" inverted).
struct Trade {
    std::int64_t id = 0;
    TimePoint time{};
    Price price;
    Quantity quantity;
    Side aggressor = Side::Buy;
};

// OHLCV bar. `openTime` is the bucket start of `timeframe`; `closed` is false while the bar can
// still change (the live bar).
struct Candle {
    Timeframe timeframe = Timeframe::M1;
    TimePoint openTime{};
    Price open;
    Price high;
    Price low;
    Price close;
    Quantity volume;        // base asset
    Money quoteVolume;      // quote asset
    std::int64_t tradeCount = 0;
    bool closed = false;

    friend bool operator==(const Candle &, const Candle &) = default;
};

} // namespace bcf::model
