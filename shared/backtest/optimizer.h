#pragma once

#include "backtest/overfitting.h"
#include "backtest/runner.h"
#include "strategy/ast.h"
#include "strategy/compiler.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

// Parameter search over a strategy's declared ranges, on all cores: grid, random and genetic;
// walk-forward analysis with an overfitting report. Results are deterministic for a given seed,
// whatever the number of threads (each trial is independent; selection runs on one thread).
namespace bcf::bt {

enum class Objective { Sharpe, Sortino, TotalReturn, NetProfit, ProfitFactor, Calmar };
enum class SearchMethod { Grid, Random, Genetic };

std::string_view objectiveName(Objective objective);
std::optional<Objective> parseObjective(std::string_view name);
std::string_view methodName(SearchMethod method);
std::optional<SearchMethod> parseMethod(std::string_view name);

// One searchable parameter: the values from min to max by step.
struct ParamAxis {
    std::string name;
    std::vector<double> values;
};

// The axes of every parameter that declares a range (others keep their value).
std::vector<ParamAxis> parameterAxes(const strategy::StrategyAst &ast);

struct GeneticSettings {
    int population = 40;
    int generations = 25;
    int tournament = 3;
    double crossoverRate = 0.9;
    double mutationRate = 0.15;  // per gene
    int elite = 2;
};

struct SearchSettings {
    SearchMethod method = SearchMethod::Grid;
    Objective objective = Objective::Sharpe;
    std::int64_t maxTrials = 200;   // Random: samples; Grid: refuses a larger grid; Genetic: budget cap
    std::uint64_t seed = 1;
    int threads = 0;                // 0: every core
    GeneticSettings genetic;
    int cscvBlocks = 10;            // even, 2…16
};

struct Trial {
    strategy::ParamValues params;
    bool ok = false;
    std::string error;              // when !ok: the compile or run error
    double objective = 0;
    Metrics metrics;
    ReturnSummary returns;
};

struct OptimizationResult {
    std::vector<Trial> trials;      // in evaluation order
    std::int64_t bestIndex = -1;
    PboResult pbo;                  // over the successful trials
    double deflatedSharpe = 0;      // of the best trial
    bool cancelled = false;
};

// Progress: trials done and the total planned. May be called from worker threads, serialised.
using ProgressCallback = std::function<void(std::int64_t done, std::int64_t total)>;

// Evaluates parameter sets; the default evaluator compiles and backtests the strategy.
using TrialEvaluator = std::function<Trial(const strategy::ParamValues &)>;

TrialEvaluator backtestEvaluator(const strategy::StrategyAst &ast, std::vector<SymbolSeries> symbols,
                                 BacktestOptions options, Objective objective, int cscvBlocks);

// Fails with InvalidArgument when there is nothing to search, a grid is larger than maxTrials,
// or the settings are out of bounds.
Result<OptimizationResult> optimize(const std::vector<ParamAxis> &axes, const strategy::ParamValues &fixed,
                                    const TrialEvaluator &evaluate, const SearchSettings &settings,
                                    const ProgressCallback &progress = {},
                                    const std::atomic<bool> *cancel = nullptr);

// Walk-forward: rolling windows of `inSampleBars` followed by `outOfSampleBars`, stepping by the
// out-of-sample length; each window optimizes on its in-sample part and runs the winner out of
// sample. Parameters in `fixed` keep their value and are not searched.
struct WalkForwardWindow {
    TimePoint inSampleStart{}, outOfSampleStart{}, outOfSampleEnd{};
    strategy::ParamValues best;
    double inSampleObjective = 0;
    double outOfSampleObjective = 0;
    Metrics outOfSample;
};

struct WalkForwardResult {
    std::vector<WalkForwardWindow> windows;
    double meanInSample = 0;
    double meanOutOfSample = 0;
    double efficiency = 0;          // meanOutOfSample / meanInSample (0 when in-sample ≤ 0)
    std::vector<EquityPoint> outOfSampleEquity; // the windows' out-of-sample runs chained
};

Result<WalkForwardResult> walkForward(const strategy::StrategyAst &ast, const SymbolSeries &series,
                                      const BacktestOptions &options, const SearchSettings &settings,
                                      std::size_t inSampleBars, std::size_t outOfSampleBars,
                                      const strategy::ParamValues &fixed = {},
                                      const ProgressCallback &progress = {},
                                      const std::atomic<bool> *cancel = nullptr);

double objectiveValue(const Metrics &metrics, Objective objective);

// Fills bestIndex, pbo and deflatedSharpe from result.trials (what optimize() does last); for
// searches whose trials were evaluated elsewhere, e.g. in shards on several compute nodes.
void summariseTrials(OptimizationResult &result);

} // namespace bcf::bt
