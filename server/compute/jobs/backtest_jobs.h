#pragma once

#include "backtest/metrics.h"
#include "common/candle_store.h"
#include "common/job_queue.h"
#include "common/model_registry.h"
#include "common/news_store.h"
#include "core/result.h"

#include <bcf/v1/jobs.pb.h>

#include <atomic>
#include <cstdint>
#include <functional>

// The backtest and optimization jobs of a compute node (docs/backtesting.md): a job's spec
// (v1::BacktestSpec, v1::OptimizationSpec) is checked, its strategy compiled, its candles read from
// PostgreSQL, and the run's result returned as the job's result message. The same input gives the
// same result on every node. Called on a job worker's thread; the functions share no state.
namespace bcf::compute {

// Errors: InvalidArgument naming the field for a spec that cannot run ("timeframe: '7m' is not a
// timeframe", "strategy: 3:14: …", "no stored 1h candles of binance BTCUSDT between … and …");
// FailedPrecondition "cancelled" when `cancel` was set before the run started (a single backtest
// cannot be interrupted); Unavailable when the candles cannot be read.
// A strategy that reads predict("model") gets the stored predictions of the model's live version
// (or its newest when none is live; "model@3" pins a version) at each bar: those made at that
// bar's close by a version whose training ended before it (docs/ml.md, "Point in time").
// InvalidArgument when `models` is null or the version has no predictions in the range.
Result<v1::BacktestSummary> runBacktestJob(const v1::BacktestSpec &spec,
                                           server::CandleStore &candles,
                                           const std::atomic<bool> &cancel,
                                           server::ModelRegistry *models = nullptr,
                                           server::NewsStore *news = nullptr);

// Searches the strategy's ranged parameters (those given in the spec's params keep their value)
// on `threads` threads (≤ 0: every core). `progress` is called with trials done and planned, from
// the search's threads, one call at a time. Setting `cancel` stops the search after the trials
// that are running: the result is then FailedPrecondition "cancelled". Other errors as
// runBacktestJob, plus "method: …", "objective: …" and "max_trials: …". A part of a split search
// (shard_count > 1) evaluates only its share and reports those trials with their index in the
// search's order and their return summaries, for mergeOptimizationParts.
Result<v1::OptimizationReport>
runOptimizationJob(const v1::OptimizationSpec &spec, server::CandleStore &candles, int threads,
                   const std::function<void(std::int64_t done, std::int64_t total)> &progress,
                   const std::atomic<bool> &cancel, server::ModelRegistry *models = nullptr,
                   server::NewsStore *news = nullptr);

// sentiment("BTC") at each candle's close: the mean sentiment of the news items naming the asset
// that were fetched in the 24 hours before it (NaN where none), as runBacktestJob reads it.
Result<std::vector<double>> storedSentiment(server::NewsStore &news, const std::string &key,
                                            const std::vector<model::Candle> &candles);

// The values of predict("model") at each candle (NaN where none was stored), as runBacktestJob
// reads them. `key` is a Program::externals entry ("predict:btc-lstm", "predict:btc-lstm@2").
Result<std::vector<double>> storedPredictions(server::ModelRegistry &models, const std::string &key,
                                              const std::string &exchange, const std::string &symbol,
                                              const std::vector<model::Candle> &candles);

void toProto(const bt::Metrics &metrics, v1::BacktestMetrics *out);

// The largest power-of-ten step (at most 1) that every price of the candles is a multiple of:
// the tick of a backtest over candles whose instrument rules are not known.
Price finestTick(const std::vector<model::Candle> &candles);

// The merger of a split optimization (JobQueue::setMerger): every part's trials in the search's
// evaluation order, the best trial, the probability of backtest overfitting and the deflated
// Sharpe ratio over all of them — what one node computes for the whole search.
Result<std::string> mergeOptimizationParts(const server::Job &parent, const std::vector<server::Job> &parts);

// The error message of an interrupted run: runBacktestJob's and runOptimizationJob's
// FailedPrecondition when `cancel` stopped them.
inline constexpr std::string_view kCancelledMessage = "cancelled";

} // namespace bcf::compute
