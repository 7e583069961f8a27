// Backtest throughput (docs/performance.md):
// - BM_SmaCrossBacktest: SMA(10)/SMA(30) crossover written in the strategy language over 1 M
//   one-minute bars on one thread, orders simulated (goal ≥ 14 M bars/s);
// - BM_Optimize1000: 1,000 parameter sets over 1 M bars on every core (goal ≤ 60 s on 2 cores).
//   Slow by design: run it with --benchmark_filter=Optimize.
#include "backtest/optimizer.h"
#include "backtest/runner.h"
#include "strategy/compiler.h"
#include "strategy/parser.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <thread>


namespace {

using namespace bcf;

const std::vector<model::Candle> &oneMillionBars()
{
    static const std::vector<model::Candle> candles = [] {
        std::vector<model::Candle> bars;
        bars.reserve(1'000'000);
        double value = 30'000;
        std::uint64_t state = 99;
        TimePoint time = fromUnixMillis(1704067200000);
        for (int i = 0; i < 1'000'000; ++i) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            const double step = static_cast<double>((state >> 33) % 2001) / 1000.0 - 1.0;
            const double open = value;
            value = std::max(1000.0, value + step * 20);
            const auto toPrice = [](double v) { return Price::fromRaw(std::llround(v * 100) * 1'000'000); };
            model::Candle c;
            c.timeframe = model::Timeframe::M1;
            c.openTime = time;
            c.open = toPrice(open);
            c.close = toPrice(value);
            c.high = toPrice(std::max(open, value) + 5);
            c.low = toPrice(std::min(open, value) - 5);
            c.volume = Quantity::fromUnits(10);
            c.closed = true;
            bars.push_back(c);
            time += std::chrono::minutes(1);
        }
        return bars;
    }();
    return candles;
}

constexpr const char *kSmaCross = R"(strategy "SMA cross"
param fast = 10 range 5..50 step 1
param slow = 30 range 20..200 step 1
long entry when crossover(sma(close, fast), sma(close, slow))
long exit when crossunder(sma(close, fast), sma(close, slow))
size 50% of equity
)";

bt::SymbolSeries series()
{
    bt::SymbolSpec spec;
    spec.name = "BTCUSDT";
    spec.tickSize = *Price::parse("0.01");
    spec.lotSize = *Quantity::parse("0.00001");
    return bt::SymbolSeries{spec, oneMillionBars()};
}

void BM_SmaCrossBacktest(benchmark::State &state)
{
    const auto program = *strategy::compileStrategy(kSmaCross);
    const std::vector<bt::SymbolSeries> symbols{series()};
    bt::BacktestOptions options;
    options.keepOrders = false;
    std::int64_t trades = 0;
    for (auto _ : state) {
        auto result = bt::runBacktest(program, symbols, options);
        trades = result->metrics.tradeCount;
        benchmark::DoNotOptimize(result->metrics.sharpe);
    }
    state.SetItemsProcessed(state.iterations() * 1'000'000);
    state.counters["trades"] = static_cast<double>(trades);
    state.counters["bars/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SmaCrossBacktest)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_Optimize1000(benchmark::State &state)
{
    const auto ast = *strategy::parseStrategy(kSmaCross);
    bt::SearchSettings settings;
    settings.method = bt::SearchMethod::Random;
    settings.maxTrials = 1000;
    settings.threads = static_cast<int>(state.range(0));
    bt::BacktestOptions options;
    for (auto _ : state) {
        auto result = bt::optimize(bt::parameterAxes(ast), {},
                                   bt::backtestEvaluator(ast, {series()}, options, settings.objective, settings.cscvBlocks),
                                   settings);
        benchmark::DoNotOptimize(result->bestIndex);
        state.counters["pbo"] = result->pbo.probability;
    }
    state.counters["threads"] = static_cast<double>(settings.threads);
    state.SetItemsProcessed(state.iterations() * 1000LL * 1'000'000);
}
BENCHMARK(BM_Optimize1000)->Arg(2)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
