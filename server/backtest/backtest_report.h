#pragma once

#include "backtest/optimizer.h"
#include "backtest/runner.h"

#include <ostream>
#include <string>

// Text, CSV and JSON renderings of backtest and optimization results, shared by bcf-backtest
// and its tests. Money is printed from its fixed-point value, never through a double.
namespace bcf::backtest_cli {

// "Total return   12.34 %" … one metric per line, aligned.
void printMetrics(std::ostream &out, const bt::BacktestResult &result, const std::string &quote);

// trade,symbol,side,entry_time,entry_price,exit_time,exit_price,quantity,gross_pnl,fees,net_pnl,bars
void writeTradesCsv(std::ostream &out, const bt::BacktestResult &result);
void writeTradesJson(std::ostream &out, const bt::BacktestResult &result);
// time_ms,equity,drawdown
void writeEquityCsv(std::ostream &out, const bt::BacktestResult &result);
void writeEquityJson(std::ostream &out, const bt::BacktestResult &result);
// {"strategy":…, "metrics":{…}}
void writeMetricsJson(std::ostream &out, const bt::BacktestResult &result);

// One row per trial: the parameters, the objective and the main metrics; best first.
void writeTrialsCsv(std::ostream &out, const bt::OptimizationResult &result);
void printOptimizationSummary(std::ostream &out, const bt::OptimizationResult &result, bt::Objective objective,
                              std::size_t top);

std::string isoTime(TimePoint time);

} // namespace bcf::backtest_cli
