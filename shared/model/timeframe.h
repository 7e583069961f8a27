#pragma once

#include "core/clock.h"

#include <array>
#include <chrono>
#include <optional>
#include <string_view>

namespace bcf::model {

// Candle intervals, named as Binance names them ("1m" … "1M").
enum class Timeframe {
    M1, M3, M5, M15, M30, H1, H2, H4, H6, H8, H12, D1, D3, W1, Mo1,
};

inline constexpr std::array<Timeframe, 15> kAllTimeframes = {
    Timeframe::M1, Timeframe::M3, Timeframe::M5, Timeframe::M15, Timeframe::M30,
    Timeframe::H1, Timeframe::H2, Timeframe::H4, Timeframe::H6, Timeframe::H8,
    Timeframe::H12, Timeframe::D1, Timeframe::D3, Timeframe::W1, Timeframe::Mo1};

std::string_view timeframeName(Timeframe timeframe);
std::optional<Timeframe> parseTimeframe(std::string_view name);

// Start of the candle containing `time` (UTC): minute and hour frames align to the Unix epoch,
// 1d to midnight, 3d to every third day since 1970-01-01, 1w to Monday 00:00, 1M to the first of
// the month — the alignment Binance uses.
TimePoint bucketStart(Timeframe timeframe, TimePoint time);
// Start of the next candle after the one starting at `start`.
TimePoint nextBucketStart(Timeframe timeframe, TimePoint start);

// Whether candles of `smaller` tile candles of `larger` exactly (1m → 1h yes, 1w → 1M no).
bool divides(Timeframe smaller, Timeframe larger);

} // namespace bcf::model
