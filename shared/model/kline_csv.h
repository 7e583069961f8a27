#pragma once

#include "core/result.h"
#include "model/market_data.h"

#include <cstdint>
#include <string>
#include <optional>
#include <string_view>

namespace bcf::model {

// The two candle file layouts that `bcfctl import` reads.
enum class KlineCsvFormat {
    // data.binance.vision kline files: no header; open_time, open, high, low, close, volume,
    // close_time, quote_volume, count, taker_buy_base, taker_buy_quote, ignore. Times are Unix
    // milliseconds (files from 2025 on use microseconds; both are accepted).
    Binance,
    // Generic: an optional header line, then timestamp_ms,open,high,low,close,volume.
    Generic,
};

// A parse error that names where it happened, for messages like "file.csv:12:3: …".
struct CsvError {
    std::int64_t line = 0;
    int column = 0;
    std::string message;
};

// Parses one line (without its newline) of a kline file into a closed candle of `timeframe`.
// Line numbers are the caller's (1-based); the column is 1-based, counting fields. A header line
// of the generic format is reported as std::nullopt (skip it) when `mayBeHeader` is set.
// Checks: field count, numbers (exact decimals), high ≥ max(open, close), low ≤ min(open, close),
// non-negative volume, and open_time on the timeframe's bucket boundary.
Result<std::optional<Candle>> parseKlineLine(std::string_view line, KlineCsvFormat format,
                                             Timeframe timeframe, bool mayBeHeader,
                                             CsvError &error);

} // namespace bcf::model
