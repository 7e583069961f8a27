// Optimizers: grid, random and genetic search find known optima; results do not depend on the
// number of threads; walk-forward windows; CSCV and the deflated Sharpe ratio on constructed cases.
#include "backtest/optimizer.h"
#include "backtest_fixtures.h"
#include "strategy/parser.h"

#include <QtTest>

#include <cmath>

using namespace bcf;
using namespace bcf::bt;

namespace {

strategy::StrategyAst parse(const std::string &source)
{
    auto ast = strategy::parseStrategy(source);
    if (!ast)
        qFatal("%s", ast.error().toString().c_str());
    return std::move(*ast);
}

// A smooth objective with its maximum at x = 7, y = 3.
Trial analytic(const strategy::ParamValues &values)
{
    Trial trial;
    trial.ok = true;
    const double x = values.at("x");
    const double y = values.at("y");
    trial.objective = -(x - 7) * (x - 7) - (y - 3) * (y - 3);
    return trial;
}

SymbolSeries series(const std::vector<model::Candle> &candles)
{
    SymbolSpec spec;
    spec.name = "TEST";
    spec.tickSize = *Price::parse("0.01");
    spec.lotSize = *Quantity::parse("0.0001");
    return SymbolSeries{spec, candles};
}

} // namespace

class TestOptimizer : public QObject {
    Q_OBJECT

private slots:
    void axesFollowTheDeclaredRanges()
    {
        const auto ast = parse("param a = 5 range 5..50 step 5\nparam w = 1 range 0.5..1.5 step 0.1\nparam fixed = 3\n"
                               "long entry when close > a * w * fixed");
        const auto axes = parameterAxes(ast);
        QCOMPARE(axes.size(), std::size_t(2));
        QCOMPARE(axes[0].values.size(), std::size_t(10));
        QCOMPARE(axes[1].values.size(), std::size_t(11));
        QCOMPARE(axes[1].values.back(), 1.5);
    }

    void gridRandomAndGeneticFindTheOptimum()
    {
        const auto ast = parse("param x = 0 range 0..20\nparam y = 0 range 0..10\nlong entry when close > x + y");
        const auto axes = parameterAxes(ast);
        SearchSettings settings;
        settings.maxTrials = 1000;
        settings.threads = 2;

        settings.method = SearchMethod::Grid;
        auto grid = optimize(axes, {}, analytic, settings);
        QVERIFY(grid.has_value());
        QCOMPARE(grid->trials.size(), std::size_t(21 * 11));
        const Trial &gridBest = grid->trials[static_cast<std::size_t>(grid->bestIndex)];
        QCOMPARE(gridBest.params.at("x"), 7.0);
        QCOMPARE(gridBest.params.at("y"), 3.0);

        settings.method = SearchMethod::Random;
        settings.maxTrials = 120;
        auto random = optimize(axes, {}, analytic, settings);
        QCOMPARE(random->trials.size(), std::size_t(120));
        QVERIFY(random->trials[static_cast<std::size_t>(random->bestIndex)].objective >= -2);

        settings.method = SearchMethod::Genetic;
        settings.maxTrials = 400;
        settings.genetic.population = 20;
        settings.genetic.generations = 30;
        auto genetic = optimize(axes, {}, analytic, settings);
        QVERIFY(genetic.has_value());
        QVERIFY(genetic->trials.size() <= 400);
        const Trial &geneticBest = genetic->trials[static_cast<std::size_t>(genetic->bestIndex)];
        QCOMPARE(geneticBest.params.at("x"), 7.0);
        QCOMPARE(geneticBest.params.at("y"), 3.0);
    }

    void resultsDoNotDependOnThreads()
    {
        const auto ast = parse("param x = 0 range 0..20\nparam y = 0 range 0..10\nlong entry when close > x + y");
        SearchSettings settings;
        settings.method = SearchMethod::Genetic;
        settings.maxTrials = 150;
        settings.seed = 42;
        settings.threads = 1;
        auto one = optimize(parameterAxes(ast), {}, analytic, settings);
        settings.threads = 3;
        auto three = optimize(parameterAxes(ast), {}, analytic, settings);
        QCOMPARE(one->trials.size(), three->trials.size());
        for (std::size_t i = 0; i < one->trials.size(); ++i)
            QVERIFY(one->trials[i].params == three->trials[i].params);
    }

    void backtestOptimumOfAConstructedMarket()
    {
        // Prices fall, except for a rally over bars 51–60: the only profitable entry bar is 50
        // (decided at its close, filled at bar 51's open, held for 10 bars).
        std::vector<double> closes;
        for (int i = 0; i < 120; ++i)
            closes.push_back(i <= 50 ? 200 - i : i <= 60 ? 150 + (i - 50) * 3 : 180 - (i - 60));
        const auto candles = bcf::testing::candlesFromCloses(closes);
        const auto ast = parse("param start = 0 range 0..100 step 10\n"
                               "long entry when bar_index == start\nlong exit when bar_index == start + 10\n"
                               "size 1 units");
        SearchSettings settings;
        settings.objective = Objective::NetProfit;
        settings.threads = 2;
        BacktestOptions options;
        auto result = optimize(parameterAxes(ast), {}, backtestEvaluator(ast, {series(candles)}, options,
                                                                          settings.objective, settings.cscvBlocks),
                               settings);
        QVERIFY(result.has_value());
        QCOMPARE(result->trials.size(), std::size_t(11));
        QCOMPARE(result->trials[static_cast<std::size_t>(result->bestIndex)].params.at("start"), 50.0);
        QVERIFY(result->trials[static_cast<std::size_t>(result->bestIndex)].objective > 0);
    }

    void settingsAreChecked()
    {
        const auto ast = parse("param x = 0 range 0..1000\nparam y = 0 range 0..1000\nlong entry when close > x");
        SearchSettings settings;
        settings.maxTrials = 1000;
        auto tooBig = optimize(parameterAxes(ast), {}, analytic, settings);
        QVERIFY(!tooBig);
        QVERIFY(tooBig.error().message.find("1002001 combinations") != std::string::npos);
        auto nothing = optimize({}, {}, analytic, settings);
        QVERIFY(!nothing);
        settings.cscvBlocks = 7;
        settings.method = SearchMethod::Random;
        QVERIFY(!optimize(parameterAxes(ast), {}, analytic, settings));
    }

    void cancelStopsTheSearch()
    {
        const auto ast = parse("param x = 0 range 0..20\nparam y = 0 range 0..10\nlong entry when close > x");
        std::atomic<bool> cancel{false};
        SearchSettings settings;
        settings.threads = 1;
        settings.maxTrials = 1000;
        std::int64_t calls = 0;
        const TrialEvaluator evaluator = [&](const strategy::ParamValues &values) {
            if (++calls == 10)
                cancel = true;
            return analytic(values);
        };
        auto result = optimize(parameterAxes(ast), {}, evaluator, settings, {}, &cancel);
        QVERIFY(result.has_value());
        QVERIFY(result->cancelled);
        QCOMPARE(calls, std::int64_t(10));
    }

    void walkForwardWindows()
    {
        std::vector<double> closes;
        for (int i = 0; i < 600; ++i)
            closes.push_back(100 + 10 * std::sin(i / 15.0) + i * 0.01);
        const auto candles = bcf::testing::candlesFromCloses(closes);
        const auto ast = parse("param fast = 5 range 3..9 step 2\nparam slow = 20 range 15..30 step 5\n"
                               "long entry when crossover(sma(close, fast), sma(close, slow))\n"
                               "long exit when crossunder(sma(close, fast), sma(close, slow))");
        SearchSettings settings;
        settings.threads = 2;
        settings.objective = Objective::NetProfit;
        std::int64_t lastDone = 0, lastTotal = 0;
        auto result = walkForward(ast, series(candles), BacktestOptions{}, settings, 200, 100, {},
                                  [&](std::int64_t done, std::int64_t total) {
                                      lastDone = done;
                                      lastTotal = total;
                                  });
        QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
        QCOMPARE(result->windows.size(), std::size_t(4)); // (600 − 200) / 100
        QCOMPARE(lastDone, lastTotal);
        QCOMPARE(result->windows[1].outOfSampleStart, candles[300].openTime);
        QVERIFY(!result->outOfSampleEquity.empty());
        for (const auto &window : result->windows)
            QVERIFY(window.best.contains("fast"));
    }

    void probabilityOfOverfitting()
    {
        // Trial 0 beats every other in every block: its in-sample win holds out of sample.
        std::vector<ReturnSummary> dominant;
        for (int t = 0; t < 6; ++t) {
            std::vector<double> returns;
            for (int i = 0; i < 400; ++i)
                returns.push_back((t == 0 ? 0.002 : 0.0) + 0.001 * std::sin(i * (t + 1) * 0.7));
            dominant.push_back(summariseReturns(returns, 8));
        }
        const PboResult clear = probabilityOfBacktestOverfitting(dominant);
        QCOMPARE(clear.combinations, std::int64_t(70)); // C(8, 4)
        QCOMPARE(clear.probability, 0.0);

        // Each trial is good in exactly one block and bad elsewhere: whoever wins in sample is
        // below the median out of sample.
        std::vector<ReturnSummary> lucky;
        for (int t = 0; t < 8; ++t) {
            std::vector<double> returns;
            for (int i = 0; i < 800; ++i)
                returns.push_back((i / 100 == t ? 0.01 : -0.001) + 0.0005 * std::sin(i * 1.3 + t));
            lucky.push_back(summariseReturns(returns, 8));
        }
        QVERIFY(probabilityOfBacktestOverfitting(lucky).probability > 0.9);
    }

    void deflatedSharpe()
    {
        QVERIFY(std::fabs(normalCdf(1.959963984540054) - 0.975) < 1e-12);
        QVERIFY(std::fabs(normalQuantile(0.975) - 1.959963984540054) < 1e-9);
        QVERIFY(std::fabs(normalQuantile(0.001) + 3.090232306167813) < 1e-9);

        ReturnSummary strong;
        strong.sharpe = 0.1;
        strong.count = 1000;
        strong.skewness = 0;
        strong.kurtosis = 3;
        // One trial: no deflation, a clearly positive Sharpe over 1,000 bars.
        QVERIFY(deflatedSharpeRatio(strong, 1, 0) > 0.99);
        // The same Sharpe after 1,000 trials with widely spread Sharpe ratios is not convincing.
        QVERIFY(deflatedSharpeRatio(strong, 1000, 0.0025) < 0.5);
    }
};

QTEST_APPLESS_MAIN(TestOptimizer)
#include "test_optimizer.moc"
