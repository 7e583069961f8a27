#pragma once

#include "backtest/sim_venue.h"
#include "core/clock.h"
#include "core/decimal.h"

#include <cstdint>
#include <span>
#include <vector>

// Performance metrics of a backtest from its equity curve and its closed trades
// (docs/backtesting.md, "Metrics"). Pure functions: no clock, no I/O.
namespace bcf::bt {

// The account's equity (cash + positions marked at the close) after one bar.
struct EquityPoint {
    TimePoint time{};
    Money equity;
};

struct Metrics {
    // From the equity curve. Returns are per bar; annualised with 365 days of bars per year
    // (crypto trades every day) and a risk-free rate of 0. Undefined ratios are 0, never NaN.
    double totalReturn = 0;          // last / first − 1
    double cagr = 0;                 // (last / first)^(1 / years) − 1, years from the curve's span
    double volatility = 0;           // sample standard deviation of bar returns × √(bars per year)
    double sharpe = 0;               // mean bar return / its standard deviation × √(bars per year)
    double sortino = 0;              // mean bar return / downside deviation × √(bars per year)
    double calmar = 0;               // cagr / maxDrawdown
    double maxDrawdown = 0;          // largest fall from a running peak, as a fraction of the peak
    std::int64_t maxDrawdownDurationMs = 0; // longest time from a peak back to it (or to the end)
    Money netProfit;                 // last equity − first equity (open positions included)

    // From the closed trades (TradeRecord::netPnl: after fees).
    std::int64_t tradeCount = 0;
    std::int64_t winningTrades = 0;  // netPnl > 0
    std::int64_t losingTrades = 0;   // netPnl < 0; break-even trades count as neither
    double winRate = 0;              // winningTrades / tradeCount
    double profitFactor = 0;         // grossProfit / grossLoss; +infinity with wins and no losses
    double expectancy = 0;           // mean netPnl per trade, in quote units
    double averageWin = 0;           // mean netPnl of the winning trades, quote units
    double averageLoss = 0;          // mean netPnl of the losing trades (negative), quote units
    double averageHoldingMs = 0;     // mean exitTime − entryTime
    Money grossProfit;               // Σ netPnl of the winning trades
    Money grossLoss;                 // Σ −netPnl of the losing trades (≥ 0)
    Money feesPaid;                  // Σ fees of the closed trades

    // From the bar counts.
    double exposure = 0;             // barsInPosition / barCount
};

// `equity`: one point per bar, oldest first (the first point is the starting equity).
// `barsInPosition` / `barCount`: exposure (SimulatedVenue::barsInPosition / barCount).
// `barIntervalMs`: the bar length, for annualisation (> 0; ≤ 0 gives no annualised figures).
// Bars whose previous equity is ≤ 0 have no defined return and are left out of the return series.
Metrics computeMetrics(std::span<const EquityPoint> equity, std::span<const TradeRecord> trades,
                       std::int64_t barsInPosition, std::int64_t barCount,
                       std::int64_t barIntervalMs);

// The drawdown after each point: (running peak − equity) / running peak, ≥ 0 (0 at a new peak,
// and while the running peak is ≤ 0).
std::vector<double> drawdownCurve(std::span<const EquityPoint> equity);

} // namespace bcf::bt
