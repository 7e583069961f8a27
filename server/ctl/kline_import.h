#pragma once

#include "common/candle_store.h"
#include "model/kline_csv.h"

#include <functional>
#include <string>
#include <vector>

namespace bcf::ctl {

struct ImportRequest {
    std::string exchange;
    std::string symbol;
    model::Timeframe timeframe = model::Timeframe::M1;
    model::KlineCsvFormat format = model::KlineCsvFormat::Binance;
    std::vector<std::string> files;   // .csv, or .zip holding .csv entries
};

struct ImportReport {
    std::size_t files = 0;
    std::size_t rows = 0;
    std::size_t written = 0;
};

// Reads every file completely and validates every line before anything is written, so a bad
// file imports nothing; the error names "path[:entry]:line:column". Valid files are then
// ingested in batches (idempotently — importing a file twice changes nothing). `progress` is
// called after each batch with (rows written so far, rows in total).
Result<ImportReport> importKlines(server::CandleStore &store, const ImportRequest &request,
                                  const std::function<void(std::size_t, std::size_t)> &progress);

} // namespace bcf::ctl
