#include "backtest/optimizer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <random>
#include <thread>

namespace bcf::bt {

namespace {

constexpr double kFailed = -std::numeric_limits<double>::infinity();

std::vector<double> returnsOf(std::span<const EquityPoint> equity)
{
    std::vector<double> returns;
    returns.reserve(equity.size());
    for (std::size_t i = 1; i < equity.size(); ++i) {
        const double previous = equity[i - 1].equity.toDouble();
        if (previous > 0)
            returns.push_back(equity[i].equity.toDouble() / previous - 1);
    }
    return returns;
}

strategy::ParamValues valuesAt(const std::vector<ParamAxis> &axes, const std::vector<int> &genome,
                               const strategy::ParamValues &fixed)
{
    strategy::ParamValues values = fixed;
    for (std::size_t i = 0; i < axes.size(); ++i)
        values[axes[i].name] = axes[i].values[static_cast<std::size_t>(genome[i])];
    return values;
}

// Runs the evaluator over `batch` on `threads` threads; results keep the batch's order.
std::vector<Trial> evaluateBatch(const std::vector<strategy::ParamValues> &batch, const TrialEvaluator &evaluate,
                                 int threads, const ProgressCallback &progress, std::int64_t doneBefore,
                                 std::int64_t total, const std::atomic<bool> *cancel)
{
    std::vector<Trial> trials(batch.size());
    std::vector<char> ran(batch.size(), 0);
    std::atomic<std::size_t> next{0};
    std::atomic<std::int64_t> done{doneBefore};
    std::mutex progressMutex;
    const auto worker = [&] {
        for (;;) {
            if (cancel && cancel->load())
                return;
            const std::size_t index = next.fetch_add(1);
            if (index >= batch.size())
                return;
            trials[index] = evaluate(batch[index]);
            trials[index].params = batch[index];
            ran[index] = 1;
            const std::int64_t finished = done.fetch_add(1) + 1;
            if (progress) {
                std::lock_guard lock(progressMutex);
                progress(finished, total);
            }
        }
    };
    const int count = std::max(1, std::min<int>(threads, static_cast<int>(batch.size())));
    std::vector<std::thread> pool;
    for (int i = 1; i < count; ++i)
        pool.emplace_back(worker);
    worker();
    for (auto &thread : pool)
        thread.join();
    // A cancelled batch keeps only the trials that ran (in order); the others never started.
    std::vector<Trial> completed;
    completed.reserve(trials.size());
    for (std::size_t i = 0; i < trials.size(); ++i)
        if (ran[i])
            completed.push_back(std::move(trials[i]));
    return completed;
}

double score(const Trial &trial) { return trial.ok ? trial.objective : kFailed; }

} // namespace

std::string_view objectiveName(Objective objective)
{
    switch (objective) {
    case Objective::Sharpe: return "sharpe";
    case Objective::Sortino: return "sortino";
    case Objective::TotalReturn: return "return";
    case Objective::NetProfit: return "profit";
    case Objective::ProfitFactor: return "profit_factor";
    case Objective::Calmar: return "calmar";
    }
    return "sharpe";
}

std::optional<Objective> parseObjective(std::string_view name)
{
    for (const Objective o : {Objective::Sharpe, Objective::Sortino, Objective::TotalReturn, Objective::NetProfit,
                              Objective::ProfitFactor, Objective::Calmar})
        if (objectiveName(o) == name)
            return o;
    return std::nullopt;
}

std::string_view methodName(SearchMethod method)
{
    switch (method) {
    case SearchMethod::Grid: return "grid";
    case SearchMethod::Random: return "random";
    case SearchMethod::Genetic: return "genetic";
    }
    return "grid";
}

std::optional<SearchMethod> parseMethod(std::string_view name)
{
    for (const SearchMethod m : {SearchMethod::Grid, SearchMethod::Random, SearchMethod::Genetic})
        if (methodName(m) == name)
            return m;
    return std::nullopt;
}

double objectiveValue(const Metrics &metrics, Objective objective)
{
    switch (objective) {
    case Objective::Sharpe: return metrics.sharpe;
    case Objective::Sortino: return metrics.sortino;
    case Objective::TotalReturn: return metrics.totalReturn;
    case Objective::NetProfit: return metrics.netProfit.toDouble();
    case Objective::ProfitFactor: return std::min(metrics.profitFactor, 1e9);
    case Objective::Calmar: return metrics.calmar;
    }
    return 0;
}

std::vector<ParamAxis> parameterAxes(const strategy::StrategyAst &ast)
{
    std::vector<ParamAxis> axes;
    for (const strategy::ParamDecl &param : ast.params) {
        if (!param.hasRange)
            continue;
        ParamAxis axis;
        axis.name = param.name;
        // Count steps in integers so 0.1 steps do not drift past max.
        // The parser refuses ranges of more than 100,000 values; clamp anyway before converting.
        const double span = std::floor((param.max - param.min) / param.step + 1e-9);
        const auto steps = static_cast<std::int64_t>(std::clamp(span, 0.0, 100'000.0));
        for (std::int64_t i = 0; i <= steps; ++i) {
            double value = param.min + static_cast<double>(i) * param.step;
            if (!param.integer)
                value = std::round(value * 1e9) / 1e9;
            axis.values.push_back(value);
        }
        axes.push_back(std::move(axis));
    }
    return axes;
}

TrialEvaluator backtestEvaluator(const strategy::StrategyAst &ast, std::vector<SymbolSeries> symbols,
                                 BacktestOptions options, Objective objective, int cscvBlocks)
{
    options.keepOrders = false;
    options.keepEquity = true;
    return [&ast, symbols = std::move(symbols), options, objective, cscvBlocks](const strategy::ParamValues &values) {
        Trial trial;
        auto program = strategy::compileAst(ast, values);
        if (!program) {
            trial.error = program.error().toString();
            return trial;
        }
        auto result = runBacktest(*program, symbols, options);
        if (!result) {
            trial.error = result.error().message;
            return trial;
        }
        trial.ok = true;
        trial.metrics = result->metrics;
        trial.objective = objectiveValue(result->metrics, objective);
        trial.returns = summariseReturns(returnsOf(result->equity), cscvBlocks);
        return trial;
    };
}

Result<OptimizationResult> optimize(const std::vector<ParamAxis> &axes, const strategy::ParamValues &fixed,
                                    const TrialEvaluator &evaluate, const SearchSettings &settings,
                                    const ProgressCallback &progress, const std::atomic<bool> *cancel)
{
    if (axes.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "the strategy declares no parameter with a range; add 'range min..max' to a param");
    if (settings.maxTrials < 1)
        return makeError(ErrorCode::InvalidArgument, "the number of trials must be at least 1");
    if (settings.cscvBlocks < 2 || settings.cscvBlocks > 16 || settings.cscvBlocks % 2 != 0)
        return makeError(ErrorCode::InvalidArgument, "the CSCV block count must be even, from 2 to 16");
    const GeneticSettings &genetic = settings.genetic;
    if (settings.method == SearchMethod::Genetic &&
        (genetic.population < 2 || genetic.generations < 1 || genetic.tournament < 1 || genetic.elite < 0 ||
         genetic.elite >= genetic.population || genetic.crossoverRate < 0 || genetic.crossoverRate > 1 ||
         genetic.mutationRate < 0 || genetic.mutationRate > 1))
        return makeError(ErrorCode::InvalidArgument,
                         "genetic settings out of bounds: population ≥ 2, generations ≥ 1, tournament ≥ 1, "
                         "0 ≤ elite < population, rates between 0 and 1");
    const int threads = settings.threads > 0 ? settings.threads
                                             : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));

    double gridSize = 1;
    for (const ParamAxis &axis : axes)
        gridSize *= static_cast<double>(axis.values.size());

    OptimizationResult result;
    std::mt19937_64 random(settings.seed);
    const auto randomGenome = [&] {
        std::vector<int> genome(axes.size());
        for (std::size_t i = 0; i < axes.size(); ++i)
            genome[i] = static_cast<int>(random() % axes[i].values.size());
        return genome;
    };
    const auto gridGenome = [&](std::int64_t index) {
        std::vector<int> genome(axes.size());
        for (std::size_t i = axes.size(); i-- > 0;) {
            const auto size = static_cast<std::int64_t>(axes[i].values.size());
            genome[i] = static_cast<int>(index % size);
            index /= size;
        }
        return genome;
    };

    switch (settings.method) {
    case SearchMethod::Grid:
    case SearchMethod::Random: {
        std::vector<std::vector<int>> genomes;
        if (settings.method == SearchMethod::Grid || gridSize <= static_cast<double>(settings.maxTrials)) {
            if (gridSize > static_cast<double>(settings.maxTrials))
                return makeError(ErrorCode::InvalidArgument,
                                 "the grid has " + std::to_string(static_cast<long long>(gridSize)) +
                                     " combinations, more than the limit of " + std::to_string(settings.maxTrials) +
                                     "; narrow the ranges, raise the trial limit, or use random or genetic search");
            for (std::int64_t i = 0; i < static_cast<std::int64_t>(gridSize); ++i)
                genomes.push_back(gridGenome(i));
        } else {
            std::map<std::vector<int>, bool> seen;
            while (static_cast<std::int64_t>(genomes.size()) < settings.maxTrials) {
                auto genome = randomGenome();
                if (seen.emplace(genome, true).second)
                    genomes.push_back(std::move(genome));
            }
        }
        std::vector<strategy::ParamValues> batch;
        for (const auto &genome : genomes)
            batch.push_back(valuesAt(axes, genome, fixed));
        result.trials = evaluateBatch(batch, evaluate, threads, progress, 0, static_cast<std::int64_t>(batch.size()), cancel);
        break;
    }
    case SearchMethod::Genetic: {
        const std::int64_t budget = std::min<std::int64_t>(
            settings.maxTrials, static_cast<std::int64_t>(genetic.population) * (genetic.generations + 1));
        std::map<std::vector<int>, std::size_t> evaluated; // genome → trial index
        const auto evaluateGenomes = [&](const std::vector<std::vector<int>> &genomes) {
            std::vector<std::vector<int>> fresh;
            std::vector<strategy::ParamValues> batch;
            for (const auto &genome : genomes) {
                if (evaluated.contains(genome) ||
                    std::find(fresh.begin(), fresh.end(), genome) != fresh.end())
                    continue;
                if (static_cast<std::int64_t>(result.trials.size() + fresh.size()) >= budget)
                    break;
                fresh.push_back(genome);
                batch.push_back(valuesAt(axes, genome, fixed));
            }
            auto trials = evaluateBatch(batch, evaluate, threads, progress,
                                        static_cast<std::int64_t>(result.trials.size()), budget, cancel);
            // After a cancel only some ran; match them to their genomes by their values.
            std::size_t next = 0;
            for (std::size_t i = 0; i < fresh.size() && next < trials.size(); ++i) {
                if (trials[next].params != batch[i])
                    continue;
                evaluated[fresh[i]] = result.trials.size();
                result.trials.push_back(std::move(trials[next++]));
            }
        };
        const auto fitness = [&](const std::vector<int> &genome) {
            const auto it = evaluated.find(genome);
            return it == evaluated.end() ? kFailed : score(result.trials[it->second]);
        };

        std::vector<std::vector<int>> population;
        for (int i = 0; i < genetic.population; ++i)
            population.push_back(randomGenome());
        evaluateGenomes(population);
        for (int generation = 0; generation < genetic.generations; ++generation) {
            if ((cancel && cancel->load()) || static_cast<std::int64_t>(result.trials.size()) >= budget)
                break;
            std::stable_sort(population.begin(), population.end(),
                             [&](const auto &a, const auto &b) { return fitness(a) > fitness(b); });
            std::vector<std::vector<int>> next(population.begin(), population.begin() + genetic.elite);
            const auto tournament = [&]() -> const std::vector<int> & {
                std::size_t best = random() % population.size();
                for (int k = 1; k < genetic.tournament; ++k) {
                    const std::size_t candidate = random() % population.size();
                    if (fitness(population[candidate]) > fitness(population[best]))
                        best = candidate;
                }
                return population[best];
            };
            const auto uniform = [&] { return static_cast<double>(random() >> 11) * 0x1.0p-53; };
            while (static_cast<int>(next.size()) < genetic.population) {
                std::vector<int> child = tournament();
                if (uniform() < genetic.crossoverRate) {
                    const std::vector<int> &other = tournament();
                    for (std::size_t g = 0; g < child.size(); ++g)
                        if (random() & 1)
                            child[g] = other[g];
                }
                for (std::size_t g = 0; g < child.size(); ++g) {
                    if (uniform() >= genetic.mutationRate)
                        continue;
                    // Half the mutations step to a neighbour, half jump anywhere.
                    const int size = static_cast<int>(axes[g].values.size());
                    if (random() & 1)
                        child[g] = std::clamp(child[g] + ((random() & 1) ? 1 : -1), 0, size - 1);
                    else
                        child[g] = static_cast<int>(random() % static_cast<std::uint64_t>(size));
                }
                next.push_back(std::move(child));
            }
            population = std::move(next);
            evaluateGenomes(population);
        }
        break;
    }
    }

    result.cancelled = cancel && cancel->load();
    summariseTrials(result);
    return result;
}

void summariseTrials(OptimizationResult &result)
{
    result.bestIndex = -1;
    result.pbo = {};
    result.deflatedSharpe = 0;
    std::vector<ReturnSummary> summaries;
    double sharpeSum = 0, sharpeSquares = 0;
    for (std::size_t i = 0; i < result.trials.size(); ++i) {
        const Trial &trial = result.trials[i];
        if (!trial.ok)
            continue;
        if (result.bestIndex < 0 || trial.objective > result.trials[static_cast<std::size_t>(result.bestIndex)].objective)
            result.bestIndex = static_cast<std::int64_t>(i);
        if (!trial.returns.blocks.empty()) {
            summaries.push_back(trial.returns);
            sharpeSum += trial.returns.sharpe;
            sharpeSquares += trial.returns.sharpe * trial.returns.sharpe;
        }
    }
    if (summaries.size() >= 2) {
        result.pbo = probabilityOfBacktestOverfitting(summaries);
        const double n = static_cast<double>(summaries.size());
        const double mean = sharpeSum / n;
        const double variance = std::max(0.0, (sharpeSquares - n * mean * mean) / (n - 1));
        if (result.bestIndex >= 0)
            result.deflatedSharpe = deflatedSharpeRatio(result.trials[static_cast<std::size_t>(result.bestIndex)].returns,
                                                        static_cast<std::int64_t>(summaries.size()), variance);
    }
}

Result<WalkForwardResult> walkForward(const strategy::StrategyAst &ast, const SymbolSeries &series,
                                      const BacktestOptions &options, const SearchSettings &settings,
                                      std::size_t inSampleBars, std::size_t outOfSampleBars,
                                      const strategy::ParamValues &fixed, const ProgressCallback &progress,
                                      const std::atomic<bool> *cancel)
{
    if (inSampleBars < 2 || outOfSampleBars < 1 || inSampleBars > series.candles.size() ||
        outOfSampleBars > series.candles.size() - inSampleBars)
        return makeError(ErrorCode::InvalidArgument,
                         "walk-forward needs at least 2 in-sample bars, 1 out-of-sample bar and at least " +
                             std::to_string(inSampleBars) + " + " + std::to_string(outOfSampleBars) +
                             " bars of data; the data has " + std::to_string(series.candles.size()));
    std::vector<ParamAxis> axes = parameterAxes(ast);
    std::erase_if(axes, [&](const ParamAxis &axis) { return fixed.contains(axis.name); });
    WalkForwardResult result;
    const std::size_t windows = (series.candles.size() - inSampleBars) / outOfSampleBars;
    std::int64_t windowIndex = 0;
    Money chained = options.venue.initialCash;
    for (std::size_t start = 0; series.candles.size() - start >= inSampleBars + outOfSampleBars;
         start += outOfSampleBars, ++windowIndex) {
        SymbolSeries inSample = series.slice(start, inSampleBars);
        const auto windowProgress = [&](std::int64_t done, std::int64_t total) {
            if (progress)
                progress(windowIndex * total + done, static_cast<std::int64_t>(windows) * total);
        };
        auto search = optimize(axes, fixed, backtestEvaluator(ast, {inSample}, options, settings.objective, settings.cscvBlocks),
                               settings, windowProgress, cancel);
        if (!search)
            return std::unexpected(search.error());
        if (search->cancelled)
            return makeError(ErrorCode::FailedPrecondition, "the walk-forward analysis was cancelled");
        if (search->bestIndex < 0)
            return makeError(ErrorCode::InvalidArgument, "no parameter set could be backtested in the window starting at bar " +
                                                             std::to_string(start + 1));
        const Trial &best = search->trials[static_cast<std::size_t>(search->bestIndex)];

        // Out of sample: run the winner over in-sample + out-of-sample so its indicators are warm,
        // and measure only the out-of-sample part.
        WalkForwardWindow window;
        window.best = best.params;
        window.inSampleObjective = best.objective;
        window.inSampleStart = series.candles[start].openTime;
        window.outOfSampleStart = series.candles[start + inSampleBars].openTime;
        const model::Candle &last = series.candles[start + inSampleBars + outOfSampleBars - 1];
        window.outOfSampleEnd = model::nextBucketStart(last.timeframe, last.openTime);
        auto program = strategy::compileAst(ast, best.params);
        if (!program)
            return makeError(ErrorCode::InvalidArgument, program.error().toString());
        BacktestOptions runOptions = options;
        runOptions.keepOrders = false;
        SymbolSeries whole = series.slice(start, inSampleBars + outOfSampleBars);
        auto run = runBacktest(*program, std::span<const SymbolSeries>(&whole, 1), runOptions);
        if (!run)
            return std::unexpected(run.error());
        const auto split = std::find_if(run->equity.begin(), run->equity.end(),
                                        [&](const EquityPoint &p) { return p.time >= window.outOfSampleStart; });
        std::vector<EquityPoint> outEquity(split, run->equity.end());
        std::vector<TradeRecord> outTrades;
        std::int64_t barsInTrades = 0;
        for (const TradeRecord &trade : run->trades)
            if (trade.entryTime >= window.outOfSampleStart) {
                outTrades.push_back(trade);
                barsInTrades += trade.bars;
            }
        const std::int64_t interval = toUnixMillis(model::nextBucketStart(last.timeframe, last.openTime)) - toUnixMillis(last.openTime);
        window.outOfSample = computeMetrics(outEquity, outTrades, std::min<std::int64_t>(barsInTrades, static_cast<std::int64_t>(outOfSampleBars)),
                                            static_cast<std::int64_t>(outOfSampleBars), interval);
        window.outOfSampleObjective = objectiveValue(window.outOfSample, settings.objective);
        if (!outEquity.empty()) {
            const Money base = outEquity.front().equity;
            for (const EquityPoint &point : outEquity)
                result.outOfSampleEquity.push_back(EquityPoint{point.time, chained + (point.equity - base)});
            chained = result.outOfSampleEquity.back().equity;
        }
        result.windows.push_back(std::move(window));
    }
    double inSum = 0, outSum = 0;
    for (const auto &window : result.windows) {
        inSum += window.inSampleObjective;
        outSum += window.outOfSampleObjective;
    }
    const double count = static_cast<double>(result.windows.size());
    result.meanInSample = inSum / count;
    result.meanOutOfSample = outSum / count;
    result.efficiency = result.meanInSample > 0 ? result.meanOutOfSample / result.meanInSample : 0;
    return result;
}

} // namespace bcf::bt
