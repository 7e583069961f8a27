#pragma once

#include "common/candle_store.h"
#include "core/clock.h"

#include <string>
#include <vector>

namespace bcf::core {

struct CandleQuery {
    std::string exchange;
    std::string symbol;
    std::string timeframe;       // as the client sent it
    TimePoint from{};
    TimePoint to{};              // exclusive; epoch 0 = now
    std::size_t limit = 0;       // 0 = default
};

struct CandleAnswer {
    std::vector<model::Candle> candles;
    bool aggregated = false;
};

// History requests: validates the query (errors name the offending value), serves stored
// candles of the timeframe, or aggregates stored 1m candles when that timeframe is not stored.
class CandleHistory final {
public:
    static constexpr std::size_t kDefaultLimit = 1000;
    static constexpr std::size_t kMaximumLimit = 5000;
    // Aggregation reads at most this many 1m candles (about a year).
    static constexpr std::size_t kMaximumMinutes = 600'000;

    CandleHistory(server::CandleStore &store, const Clock &clock) : m_store(store), m_clock(clock)
    {
    }

    Result<CandleAnswer> candles(const CandleQuery &query);

    // Validates exchange, symbol and timeframe name as candles() does; the parsed timeframe.
    Result<model::Timeframe> check(const std::string &exchange, const std::string &symbol,
                                   const std::string &timeframe);

    // The bar of `timeframe` that contains the 1m candle `minute`: the stored closed minutes of
    // the bucket, merged with `minute` when it is still forming.
    Result<model::Candle> barContaining(const std::string &exchange, const std::string &symbol,
                                        model::Timeframe timeframe, const model::Candle &minute);

private:
    server::CandleStore &m_store;
    const Clock &m_clock;
};

} // namespace bcf::core
