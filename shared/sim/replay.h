#pragma once

#include "core/result.h"
#include "model/kline_csv.h"
#include "sim/synthetic_market.h"

#include <string>
#include <vector>

namespace bcf::sim {

// Reads a 1m kline file for replay: the generic layout (an optional header, then
// timestamp_ms,open,high,low,close,volume) or data.binance.vision's 12-column layout, told apart
// by the first data line's field count. Empty lines are skipped; open times must increase.
// On failure the error message reads "<path>:<line>:<column>: <what>" and `where` holds the
// line and column (line 0 when the file cannot be opened).
Result<std::vector<model::Candle>> loadKlineCsv(const std::string &path, model::CsvError &where);

// The exchange definition of a replayed symbol: `known`'s when given (with tick and lot made
// finer where the file's prices or volumes need it), otherwise derived from the file (tick and
// lot are the finest power of ten its values use; the quote asset is a known suffix such as
// USDT). The candles become the spec's replay script.
SymbolSpec replaySymbol(const std::string &symbol, std::vector<model::Candle> candles,
                        const SymbolSpec *known);

} // namespace bcf::sim
