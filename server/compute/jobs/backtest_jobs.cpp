#include "jobs/backtest_jobs.h"

#include "backtest/optimizer.h"
#include "backtest/runner.h"
#include "strategy/compiler.h"
#include "strategy/parser.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

namespace bcf::compute {
namespace {

// A range longer than this (3.8 years of 1m candles, ~150 MB) is refused rather than read.
constexpr std::size_t kMaxCandles = 2'000'000;
constexpr int kMaxEquityPoints = 2000;
constexpr std::int64_t kDefaultFeeMicros = 1000;
constexpr std::int64_t kMaxFeeMicros = 100'000; // 10 %
// 50 %, as bcf-backtest allows; the venue needs less than 100 %.
constexpr std::int64_t kMaxSlippageMicros = 500'000;
constexpr std::int64_t kDefaultTrials = 200;
constexpr std::int64_t kMaxTrials = 100'000;

std::unexpected<Error> invalid(const std::string &field, const std::string &message)
{
    return makeError(ErrorCode::InvalidArgument, field + ": " + message);
}

constexpr std::string_view kOtherPart = "evaluated by another part";

// Which part of a split search evaluates a parameter set: FNV-1a over "name=value;" in name
// order, the same on every node.
int partOf(const strategy::ParamValues &params, int parts)
{
    std::uint64_t hash = 14695981039346656037ULL;
    for (const auto &[name, value] : params) {
        const std::string item = name + "=" + fmt::format("{:.17g}", value) + ";";
        for (unsigned char c : item) {
            hash ^= c;
            hash *= 1099511628211ULL;
        }
    }
    return static_cast<int>(hash % static_cast<std::uint64_t>(parts));
}

void toProto(const bt::ReturnSummary &returns, v1::ReturnSummary *out)
{
    for (const bt::BlockMoments &block : returns.blocks) {
        auto *moments = out->add_blocks();
        moments->set_count(block.count);
        moments->set_sum(block.sum);
        moments->set_sum_squares(block.sumSquares);
    }
    out->set_sharpe(returns.sharpe);
    out->set_skewness(returns.skewness);
    out->set_kurtosis(returns.kurtosis);
    out->set_count(returns.count);
}

bt::ReturnSummary fromProto(const v1::ReturnSummary &returns)
{
    bt::ReturnSummary out;
    for (const auto &block : returns.blocks())
        out.blocks.push_back({block.count(), block.sum(), block.sum_squares()});
    out.sharpe = returns.sharpe();
    out.skewness = returns.skewness();
    out.kurtosis = returns.kurtosis();
    out.count = returns.count();
    return out;
}

std::unexpected<Error> cancelled()
{
    return makeError(ErrorCode::FailedPrecondition, std::string(kCancelledMessage));
}

std::string isoTime(TimePoint time)
{
    const auto seconds = static_cast<std::time_t>(toUnixMillis(time) / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02} UTC", utc.tm_year + 1900, utc.tm_mon + 1,
                       utc.tm_mday, utc.tm_hour, utc.tm_min);
}

bool pricedInTicks(const std::vector<model::Candle> &candles, Price tick)
{
    for (const model::Candle &candle : candles)
        for (const Price price : {candle.open, candle.high, candle.low, candle.close})
            if (!price.isMultipleOf(tick))
                return false;
    return true;
}

// A checked spec with its candles: what a run or a search needs. Not movable once `series`
// points into `candles`, hence built in place.
struct PreparedRun {
    strategy::StrategyAst ast;
    strategy::ParamValues params;
    std::shared_ptr<const strategy::Program> program; // compiled with `params`
    std::vector<model::Candle> candles;
    std::vector<std::vector<double>> externals; // the program's predict() series, per candle
    bt::SymbolSeries series;
    bt::BacktestOptions options;
};

// Checks the spec's fields (named with `prefix`, "backtest." inside an optimization), compiles
// the strategy and reads the candles.
Status prepare(const v1::BacktestSpec &spec, const std::string &prefix, server::CandleStore &store,
               server::ModelRegistry *models, server::NewsStore *news, PreparedRun &run)
{
    const auto field = [&](const char *name) { return prefix + name; };
    if (spec.exchange().empty())
        return invalid(field("exchange"), "must name the exchange of the candles");
    if (spec.symbol().empty())
        return invalid(field("symbol"), "must name the instrument");
    const auto timeframe = model::parseTimeframe(spec.timeframe());
    if (!timeframe)
        return invalid(field("timeframe"),
                       "'" + spec.timeframe() + "' is not a timeframe (1m, 5m, 1h, 4h, 1d, …)");
    if (spec.to_unix_ms() <= spec.from_unix_ms())
        return invalid(field("to_unix_ms"), "must be after from_unix_ms");
    const auto tick = Price::parse(spec.tick_size());
    if (!tick || tick->raw() <= 0)
        return invalid(field("tick_size"),
                       "'" + spec.tick_size() + "' must be a positive decimal number");
    const auto lot = Quantity::parse(spec.lot_size());
    if (!lot || lot->raw() <= 0)
        return invalid(field("lot_size"),
                       "'" + spec.lot_size() + "' must be a positive decimal number");
    run.options.venue.initialCash = Money::fromUnits(10'000);
    if (!spec.initial_cash().empty()) {
        const auto cash = Money::parse(spec.initial_cash());
        if (!cash || cash->raw() <= 0)
            return invalid(field("initial_cash"),
                           "'" + spec.initial_cash() + "' must be a positive amount");
        run.options.venue.initialCash = *cash;
    }
    const std::int64_t fee = spec.has_fee_micros() ? spec.fee_micros() : kDefaultFeeMicros;
    if (fee < 0 || fee > kMaxFeeMicros)
        return invalid(field("fee_micros"), "must be from 0 to " + std::to_string(kMaxFeeMicros) +
                                                " (10 %), got " + std::to_string(fee));
    if (spec.slippage_micros() < 0 || spec.slippage_micros() > kMaxSlippageMicros)
        return invalid(field("slippage_micros"),
                       "must be from 0 to " + std::to_string(kMaxSlippageMicros) + " (50 %), got " +
                           std::to_string(spec.slippage_micros()));
    run.options.venue.makerFeeMicros = fee;
    run.options.venue.takerFeeMicros = fee;
    run.options.venue.slippageMicros = spec.slippage_micros();

    for (const auto &[name, value] : spec.params()) {
        if (!std::isfinite(value))
            return invalid(field("params.") + name, "must be a finite number");
        run.params[name] = value;
    }
    auto ast = strategy::parseStrategy(spec.strategy_source());
    if (!ast)
        return invalid(field("strategy"), ast.error().toString());
    run.ast = std::move(*ast);
    auto program = strategy::compileAst(run.ast, run.params);
    if (!program)
        return invalid(field("strategy"), program.error().toString());
    run.program = std::move(*program);

    const TimePoint from = fromUnixMillis(spec.from_unix_ms());
    const TimePoint to = fromUnixMillis(spec.to_unix_ms());
    auto candles =
        store.bars(spec.exchange(), spec.symbol(), *timeframe, from, to, kMaxCandles + 1);
    if (!candles)
        return std::unexpected(candles.error());
    const std::string what = std::string(model::timeframeName(*timeframe)) + " candles of " +
                             spec.exchange() + " " + spec.symbol() + " between " + isoTime(from) +
                             " and " + isoTime(to);
    if (candles->empty())
        return makeError(ErrorCode::InvalidArgument, "no stored " + what);
    if (candles->size() > kMaxCandles)
        return makeError(ErrorCode::InvalidArgument,
                         "more than " + std::to_string(kMaxCandles) + " " + what +
                             "; shorten the range or use a longer timeframe");
    run.candles = std::move(*candles);

    bt::SymbolSpec symbol;
    symbol.name = spec.symbol();
    symbol.lotSize = *lot;
    symbol.tickSize = *tick;
    // Fills are rounded to the tick. An instrument's tick can have changed over the years: where
    // older candles are finer than today's tick, trade at their own step instead.
    if (!pricedInTicks(run.candles, symbol.tickSize))
        symbol.tickSize = std::min(symbol.tickSize, finestTick(run.candles));
    run.series = bt::SymbolSeries{symbol, run.candles};
    for (const std::string &key : run.program->externals) {
        const bool sentiment = key.starts_with("sentiment:");
        if (sentiment ? !news : !models)
            return invalid(field("strategy"), sentiment ? "sentiment() needs the news store, which this run has not"
                                                        : "predict() needs the model registry, which this run has not");
        auto values = sentiment ? storedSentiment(*news, key, run.candles)
                                : storedPredictions(*models, key, spec.exchange(), spec.symbol(), run.candles);
        if (!values)
            return std::unexpected(values.error());
        run.externals.push_back(std::move(*values));
    }
    for (const std::vector<double> &values : run.externals)
        run.series.externals.push_back(values);
    return {};
}

// Evenly spaced points of the curve, the first and the last kept.
void addEquity(const std::vector<bt::EquityPoint> &equity, v1::BacktestSummary *out)
{
    const std::size_t count = equity.size();
    const std::size_t kept = std::min<std::size_t>(count, kMaxEquityPoints);
    for (std::size_t i = 0; i < kept; ++i) {
        const std::size_t index = kept == count ? i : i * (count - 1) / (kept - 1);
        auto *point = out->add_equity();
        point->set_time_unix_ms(toUnixMillis(equity[index].time));
        point->set_equity(equity[index].equity.toString());
    }
}

} // namespace

Price finestTick(const std::vector<model::Candle> &candles)
{
    std::int64_t step = Price::kScale;
    for (const model::Candle &candle : candles)
        for (const Price price : {candle.open, candle.high, candle.low, candle.close})
            while (step > 1 && price.raw() % step != 0)
                step /= 10;
    return Price::fromRaw(step);
}

void toProto(const bt::Metrics &metrics, v1::BacktestMetrics *out)
{
    out->set_total_return(metrics.totalReturn);
    out->set_cagr(metrics.cagr);
    out->set_volatility(metrics.volatility);
    out->set_sharpe(metrics.sharpe);
    out->set_sortino(metrics.sortino);
    out->set_calmar(metrics.calmar);
    out->set_max_drawdown(metrics.maxDrawdown);
    out->set_max_drawdown_duration_ms(metrics.maxDrawdownDurationMs);
    out->set_net_profit(metrics.netProfit.toString());
    out->set_trade_count(metrics.tradeCount);
    out->set_winning_trades(metrics.winningTrades);
    out->set_losing_trades(metrics.losingTrades);
    out->set_win_rate(metrics.winRate);
    out->set_profit_factor(metrics.profitFactor);
    out->set_expectancy(metrics.expectancy);
    out->set_fees_paid(metrics.feesPaid.toString());
    out->set_exposure(metrics.exposure);
}

Result<std::vector<double>> storedPredictions(server::ModelRegistry &models, const std::string &key,
                                              const std::string &exchange, const std::string &symbol,
                                              const std::vector<model::Candle> &candles)
{
    std::string name = key.substr(key.find(':') + 1);
    int pinned = 0;
    if (const auto at = name.find('@'); at != std::string::npos) {
        pinned = std::stoi(name.substr(at + 1));
        name.resize(at);
    }
    auto version = models.get(name, pinned, false);
    if (!version)
        return makeError(ErrorCode::InvalidArgument, "strategy: predict(\"" + key.substr(key.find(':') + 1) +
                                                         "\"): " + version.error().message);
    std::vector<double> values(candles.size(), std::numeric_limits<double>::quiet_NaN());
    if (candles.empty())
        return values;
    const model::Timeframe timeframe = candles.front().timeframe;
    const TimePoint from = candles.front().openTime;
    const TimePoint to = model::nextBucketStart(timeframe, candles.back().openTime);
    auto stored = models.predictions(version->id, exchange, symbol,
                                     std::string(model::timeframeName(timeframe)), from, to);
    if (!stored)
        return std::unexpected(stored.error());
    std::size_t next = 0;
    std::size_t found = 0;
    for (const server::StoredPrediction &prediction : *stored) {
        while (next < candles.size() && candles[next].openTime < prediction.barTime)
            ++next;
        if (next < candles.size() && candles[next].openTime == prediction.barTime) {
            values[next] = prediction.value;
            ++found;
        }
    }
    if (found == 0)
        return makeError(ErrorCode::InvalidArgument,
                         "strategy: predict(\"" + key.substr(key.find(':') + 1) + "\"): version " +
                             std::to_string(version->version) + " of '" + name + "' has no stored predictions for " +
                             std::string(model::timeframeName(timeframe)) + " candles of " + exchange + " " + symbol +
                             " between " + isoTime(from) + " and " + isoTime(to) +
                             " (a version predicts the bars after its training range, on the instrument it was "
                             "trained on)");
    return values;
}

Result<std::vector<double>> storedSentiment(server::NewsStore &news, const std::string &key,
                                            const std::vector<model::Candle> &candles)
{
    const std::string asset = key.substr(key.find(':') + 1);
    std::vector<TimePoint> closes;
    closes.reserve(candles.size());
    for (const model::Candle &candle : candles)
        closes.push_back(model::nextBucketStart(candle.timeframe, candle.openTime));
    // The one computation of the series, shared with live bots and NewsService/GetSentiment.
    auto stored = news.sentimentAt(asset, closes);
    if (!stored)
        return std::unexpected(stored.error());
    std::vector<double> values;
    values.reserve(stored->size());
    for (const server::SentimentValue &value : *stored)
        values.push_back(value.value);
    return values;
}

Result<v1::BacktestSummary> runBacktestJob(const v1::BacktestSpec &spec,
                                           server::CandleStore &candles,
                                           const std::atomic<bool> &cancel,
                                           server::ModelRegistry *models, server::NewsStore *news)
{
    PreparedRun run;
    if (auto prepared = prepare(spec, "", candles, models, news, run); !prepared)
        return std::unexpected(prepared.error());
    if (cancel.load())
        return cancelled();
    run.options.keepOrders = false;
    auto result = bt::runBacktest(run.program, std::span(&run.series, 1), run.options);
    if (!result)
        return std::unexpected(result.error());
    v1::BacktestSummary summary;
    toProto(result->metrics, summary.mutable_metrics());
    summary.set_bars(result->bars);
    addEquity(result->equity, &summary);
    return summary;
}

Result<v1::OptimizationReport>
runOptimizationJob(const v1::OptimizationSpec &spec, server::CandleStore &candles, int threads,
                   const std::function<void(std::int64_t done, std::int64_t total)> &progress,
                   const std::atomic<bool> &cancel, server::ModelRegistry *models, server::NewsStore *news)
{
    bt::SearchSettings settings;
    const std::string methodText = spec.method().empty() ? "grid" : spec.method();
    const auto method = bt::parseMethod(methodText);
    if (!method)
        return invalid("method", "'" + spec.method() + "' is not grid, random or genetic");
    const std::string objectiveText = spec.objective().empty() ? "sharpe" : spec.objective();
    const auto objective = bt::parseObjective(objectiveText);
    if (!objective)
        return invalid("objective",
                       "'" + spec.objective() +
                           "' is not sharpe, sortino, return, profit, profit_factor or calmar");
    if (spec.max_trials() < 0 || spec.max_trials() > kMaxTrials)
        return invalid("max_trials", "must be from 0 to " + std::to_string(kMaxTrials) +
                                         " (0: " + std::to_string(kDefaultTrials) + "), got " +
                                         std::to_string(spec.max_trials()));
    settings.method = *method;
    settings.objective = *objective;
    settings.maxTrials = spec.max_trials() == 0 ? kDefaultTrials : spec.max_trials();
    settings.seed = spec.seed() == 0 ? 1 : spec.seed();
    settings.threads = std::max(0, threads);

    PreparedRun run;
    if (auto prepared = prepare(spec.backtest(), "backtest.", candles, models, news, run); !prepared)
        return std::unexpected(prepared.error());
    if (cancel.load())
        return cancelled();
    // A part of a split search (docs/jobs.md): every part enumerates the same trials and
    // evaluates those that hash to its index; the others cost nothing and are left out.
    const int parts = std::max(1, spec.shard_count());
    const int part = spec.shard_index();
    if (parts > 1 && (part < 0 || part >= parts))
        return invalid("shard_index", "must be from 0 to " + std::to_string(parts - 1));
    // A genetic search in parts runs as islands: each part evolves its own population from its
    // own seed (part 0 keeps the search's) with its share of the trial budget; the merge keeps
    // every island's trials and the best of all.
    const bool islands = parts > 1 && settings.method == bt::SearchMethod::Genetic;
    if (islands) {
        settings.seed += static_cast<std::uint64_t>(part);
        settings.maxTrials = (settings.maxTrials + parts - 1) / parts;
    }
    // Parameters given a value in the spec keep it and are not searched.
    std::vector<bt::ParamAxis> axes = bt::parameterAxes(run.ast);
    std::erase_if(axes, [&](const bt::ParamAxis &axis) { return run.params.contains(axis.name); });
    bt::TrialEvaluator evaluate =
        bt::backtestEvaluator(run.ast, {run.series}, run.options, settings.objective, settings.cscvBlocks);
    if (parts > 1 && !islands) {
        evaluate = [evaluate, parts, part](const strategy::ParamValues &params) {
            if (partOf(params, parts) == part)
                return evaluate(params);
            bt::Trial skipped;
            skipped.params = params;
            skipped.error = std::string(kOtherPart);
            return skipped;
        };
    }
    auto result = bt::optimize(axes, run.params, evaluate, settings, progress, &cancel);
    if (!result)
        return std::unexpected(result.error());
    if (result->cancelled)
        return cancelled();

    v1::OptimizationReport report;
    for (std::size_t i = 0; i < result->trials.size(); ++i) {
        const bt::Trial &trial = result->trials[i];
        if (parts > 1 && !trial.ok && trial.error == kOtherPart)
            continue;
        auto *out = report.add_trials();
        for (const auto &[name, value] : trial.params)
            (*out->mutable_params())[name] = value;
        out->set_ok(trial.ok);
        out->set_error(trial.error);
        out->set_objective(trial.objective);
        out->set_index(static_cast<std::int64_t>(i));
        if (trial.ok)
            toProto(trial.metrics, out->mutable_metrics());
        if (parts > 1)
            toProto(trial.returns, out->mutable_returns());
    }
    report.set_total_trials(static_cast<std::int64_t>(result->trials.size()));
    if (parts > 1) { // the whole search's figures come from the merge
        report.set_best_index(-1);
        return report;
    }
    report.set_best_index(result->bestIndex);
    report.set_probability_of_overfitting(result->pbo.probability);
    report.set_deflated_sharpe(result->deflatedSharpe);
    return report;
}

namespace {

// The islands of a genetic search, in part order: every trial of each, numbered on.
Result<std::vector<v1::OptimizationTrial>> islandTrials(const server::Job &parent, const std::vector<server::Job> &parts)
{
    std::vector<std::pair<int, v1::OptimizationReport>> islands;
    for (const server::Job &part : parts) {
        v1::OptimizationSpec spec;
        v1::OptimizationReport report;
        if (!part.result || !report.ParseFromString(*part.result) || !spec.ParseFromString(part.spec))
            return makeError(ErrorCode::Internal, "part " + std::to_string(part.id) + " has no readable result");
        if (report.trials_size() != report.total_trials())
            return makeError(ErrorCode::Internal, "island " + std::to_string(spec.shard_index()) + " of job " +
                                                      std::to_string(parent.id) + " left trials out");
        islands.emplace_back(spec.shard_index(), std::move(report));
    }
    std::sort(islands.begin(), islands.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<v1::OptimizationTrial> trials;
    for (auto &[index, report] : islands)
        for (auto &trial : *report.mutable_trials()) {
            trial.set_index(static_cast<std::int64_t>(trials.size()));
            trials.push_back(std::move(trial));
        }
    return trials;
}

// The trials of a grid or random search's parts: each evaluated the ones hashing to it, numbered
// in the whole search's order; every one must be there once.
Result<std::vector<v1::OptimizationTrial>> hashedTrials(const server::Job &parent, const std::vector<server::Job> &parts)
{
    std::vector<v1::OptimizationTrial> trials;
    std::int64_t total = -1;
    for (const server::Job &part : parts) {
        v1::OptimizationReport report;
        if (!part.result || !report.ParseFromString(*part.result))
            return makeError(ErrorCode::Internal, "part " + std::to_string(part.id) + " has no readable result");
        // Every part enumerated the same search (the same build's hash and trial order).
        if (total >= 0 && report.total_trials() != total)
            return makeError(ErrorCode::Internal, "the parts of job " + std::to_string(parent.id) +
                                                      " planned different searches (" + std::to_string(total) +
                                                      " and " + std::to_string(report.total_trials()) + " trials)");
        total = report.total_trials();
        for (const auto &trial : report.trials())
            trials.push_back(trial);
    }
    std::sort(trials.begin(), trials.end(),
              [](const v1::OptimizationTrial &a, const v1::OptimizationTrial &b) { return a.index() < b.index(); });
    for (std::size_t i = 0; i < trials.size(); ++i)
        if (trials[i].index() != static_cast<std::int64_t>(i))
            return makeError(ErrorCode::Internal, "trial " + std::to_string(i) + " of job " +
                                                      std::to_string(parent.id) +
                                                      " is missing or was evaluated twice");
    if (static_cast<std::int64_t>(trials.size()) != total)
        return makeError(ErrorCode::Internal, "the parts of job " + std::to_string(parent.id) + " hold " +
                                                  std::to_string(trials.size()) + " of its " + std::to_string(total) +
                                                  " trials");
    return trials;
}

} // namespace

Result<std::string> mergeOptimizationParts(const server::Job &parent, const std::vector<server::Job> &parts)
{
    v1::OptimizationSpec spec;
    if (!spec.ParseFromString(parent.spec))
        return makeError(ErrorCode::Internal, "job " + std::to_string(parent.id) + " has no readable spec");
    auto gathered = spec.method() == "genetic" ? islandTrials(parent, parts) : hashedTrials(parent, parts);
    if (!gathered)
        return std::unexpected(gathered.error());
    std::vector<v1::OptimizationTrial> &trials = *gathered;
    const auto total = static_cast<std::int64_t>(trials.size());
    bt::OptimizationResult merged;
    for (const auto &trial : trials) {
        bt::Trial out;
        out.params = strategy::ParamValues(trial.params().begin(), trial.params().end());
        out.ok = trial.ok();
        out.error = trial.error();
        out.objective = trial.objective();
        out.returns = fromProto(trial.returns());
        merged.trials.push_back(std::move(out));
    }
    bt::summariseTrials(merged);
    v1::OptimizationReport report;
    for (std::size_t i = 0; i < trials.size(); ++i) {
        v1::OptimizationTrial *out = report.add_trials();
        *out = std::move(trials[i]);
        out->set_index(static_cast<std::int64_t>(i));
        out->clear_returns();
    }
    report.set_best_index(merged.bestIndex);
    report.set_total_trials(total);
    report.set_probability_of_overfitting(merged.pbo.probability);
    report.set_deflated_sharpe(merged.deflatedSharpe);
    return report.SerializeAsString();
}

} // namespace bcf::compute
