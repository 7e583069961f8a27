#pragma once

#include "model/candle_builder.h"
#include "model/instrument.h"
#include "model/market_data.h"
#include "model/order_book.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
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
    // Replay: when not empty, these 1m candles (oldest first, from a file) drive the symbol
    // instead of the synthetic process; see SyntheticMarket.
    std::vector<model::Candle> replay;
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
//
// A symbol whose spec carries `replay` candles is played from them instead: the first candle is
// mapped to `start` minus the history (gaps between candles are kept; the history is cut short
// so that at least the last candle is played live), the candles before `start`'s minute are the
// history, and each later candle is played when the clock reaches it. Within a played bar the
// trades walk open → low → high → close for a bullish bar (close ≥ open) and open → high → low →
// close for a bearish one, linearly between those points, spread evenly over the bar's time; the
// bar's volume is split among them exactly (whole lots, each at least one), so the bar built from
// the trades has the file's OHLCV. The trade count is the file's (Binance layout) or one a
// second, capped to 600 a bar and to the volume in lots; a bar with fewer than four lots cannot
// visit all four prices and a bar with no volume has no trades: such bars still close with the
// file's values. After the last candle the price stays at its close with no trades. The book is
// built around the last replayed price as for a synthetic symbol.
// Not thread-safe; the simulator drives it from one thread.
class SyntheticMarket final {
public:
    static constexpr std::chrono::milliseconds kStep{100};
    // Trades kept per symbol for /trades and /aggTrades.
    static constexpr std::size_t kRecentTrades = 10'000;

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
    // The most recent trades, oldest first (at most kRecentTrades kept).
    std::vector<model::Trade> recentTrades(const std::string &symbol, std::size_t limit) const;
    // Kept trades, oldest first, that have id ≥ `fromId` (from the oldest kept when it is older)
    // and time in [`from`, `to`] where given; the oldest `limit` of them when `fromId` or `from`
    // is given, otherwise the newest `limit`. Trade ids are consecutive per symbol.
    std::vector<model::Trade> trades(const std::string &symbol, std::optional<std::int64_t> fromId,
                                     std::optional<TimePoint> from, std::optional<TimePoint> to,
                                     std::size_t limit) const;
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
        // Replay only: candles still to play (mapped onto the market clock), the file's bar
        // being played, the bar built from its trades so far, and its trades not yet due.
        bool replayed = false;
        std::vector<model::Candle> script;
        std::size_t next = 0;
        std::optional<model::Candle> bar;
        std::optional<model::Candle> forming;
        std::deque<std::pair<TimePoint, model::Trade>> planned;
    };

    void step(State &state, TimePoint time, MarketEvents &events);
    void replayStep(State &state, TimePoint time, MarketEvents &events);
    void planBar(State &state, TimePoint entry);
    void updateBook(State &state, TimePoint time, MarketEvents &events);
    void keep(State &state, const model::Trade &trade);
    std::vector<model::BookLevel> side(const State &state, bool bids);
    Price tickRound(const State &state, double price) const;
    Quantity lotRound(const State &state, double quantity) const;

    std::map<std::string, State> m_symbols;
    std::mt19937_64 m_random;
    TimePoint m_now;
};

} // namespace bcf::sim
