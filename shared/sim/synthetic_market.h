#pragma once

#include "model/candle_builder.h"
#include "model/instrument.h"
#include "model/market_data.h"
#include "model/order_book.h"

#include <cstdint>
#include <deque>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace bcf::sim {

// One simulated symbol: its exchange definition and the character of its price process.
struct SymbolSpec {
    model::Instrument instrument;
    Price startPrice;
    double volatilityPerSqrtDay = 0.03;  // typical daily return standard deviation
    double tradesPerSecond = 5.0;
    int bookLevels = 50;                 // price levels on each side
};

// A depth change as Binance publishes it: levels with new quantities (0 = removed) and the
// update-id span it covers.
struct DepthDiff {
    std::string symbol;
    TimePoint time{};
    std::int64_t firstUpdateId = 0;
    std::int64_t finalUpdateId = 0;
    std::vector<model::BookLevel> bids;
    std::vector<model::BookLevel> asks;
};

struct MarketEvents {
    std::vector<std::pair<std::string, model::Trade>> trades;
    std::vector<DepthDiff> diffs;
    std::vector<std::pair<std::string, model::Candle>> candles; // every 1m candle update
};

// A synthetic, deterministic market: log-price with GARCH(1,1) volatility clustering and rare
// jumps, Poisson trade arrivals at the touch with log-normal sizes, an order book around the
// price that changes every step, and 1m candles built from the trades. The same seed gives the
// same market. History before `start` is generated at 1m resolution so charts have a past.
// Not thread-safe; the simulator drives it from one thread.
class SyntheticMarket final {
public:
    static constexpr std::chrono::milliseconds kStep{100};

    SyntheticMarket(std::vector<SymbolSpec> symbols, std::uint64_t seed, TimePoint start,
                    int historyMinutes);

    // Advances every symbol to `time` in 100 ms steps, appending what happened to `events`.
    void advanceTo(TimePoint time, MarketEvents &events);

    std::vector<model::Instrument> instruments() const;
    bool has(const std::string &symbol) const { return m_symbols.contains(symbol); }
    const model::OrderBook &book(const std::string &symbol) const;
    // Candles of any timeframe (aggregated from 1m), newest `limit` with open_time in [from, to).
    std::vector<model::Candle> klines(const std::string &symbol, model::Timeframe timeframe,
                                      TimePoint from, TimePoint to, std::size_t limit) const;
    // The most recent trades, oldest first (at most 1000 kept).
    std::vector<model::Trade> recentTrades(const std::string &symbol, std::size_t limit) const;
    TimePoint now() const { return m_now; }

private:
    struct State {
        SymbolSpec spec;
        double logPrice = 0;
        double variance = 0;        // per step
        double longRunVariance = 0; // per step
        model::OrderBook book;
        std::int64_t updateId = 1;
        std::int64_t tradeId = 1;
        std::vector<model::Candle> minutes;  // closed 1m candles
        model::CandleBuilder builder{model::Timeframe::M1};
        std::deque<model::Trade> recent;
    };

    void step(State &state, TimePoint time, MarketEvents &events);
    std::vector<model::BookLevel> side(const State &state, bool bids);
    Price tickRound(const State &state, double price) const;
    Quantity lotRound(const State &state, double quantity) const;

    std::map<std::string, State> m_symbols;
    std::mt19937_64 m_random;
    TimePoint m_now;
};

} // namespace bcf::sim
