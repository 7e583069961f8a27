#pragma once

#include "backtest/metrics.h"
#include "backtest/sim_venue.h"
#include "core/result.h"
#include "strategy/program.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

// Runs a compiled strategy over historical candles of one or more symbols through the
// simulated venue, with the same StrategyKernel that live bots use.
namespace bcf::bt {

struct SymbolSeries {
    SymbolSpec spec;
    std::span<const model::Candle> candles; // one timeframe, oldest first, no duplicates
    // The strategy's external series (Program::externals, e.g. predict("m")): one vector per
    // entry, each one value per candle (NaN where there is none). Empty when it uses none.
    std::vector<std::span<const double>> externals{};

    // The bars [first, first + count) with their external values.
    SymbolSeries slice(std::size_t first, std::size_t count) const;
};

struct BacktestOptions {
    VenueConfig venue;
    bool keepOrders = true;   // false: only metrics, trades and equity (optimizers)
    bool keepEquity = true;   // false: metrics still computed, curve not returned
};

struct BacktestResult {
    std::string strategyName;
    std::vector<std::string> symbols;
    std::vector<Order> orders;
    std::vector<Fill> fills;
    std::vector<TradeRecord> trades;
    std::vector<EquityPoint> equity;    // one point per time step, after the step's bars
    Metrics metrics;
    std::int64_t bars = 0;              // bars processed, all symbols together
};

// Fails with InvalidArgument when the input cannot be backtested: no symbols, candles out of
// order or of mixed timeframes, or a tf() timeframe the data's timeframe does not divide.
Result<BacktestResult> runBacktest(std::shared_ptr<const strategy::Program> program,
                                   std::span<const SymbolSeries> symbols, const BacktestOptions &options);

} // namespace bcf::bt
