// Backtest metrics on hand-computed equity curves and trades (docs/backtesting.md, "Metrics").
#include "backtest/metrics.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace bcf;
using namespace bcf::bt;

namespace {

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t kHour = 3'600'000;
constexpr long long kBase = 1'704'067'200'000LL; // 2024-01-01T00:00:00Z

Money money(const char *text)
{
    return *Money::parse(text);
}

std::vector<EquityPoint> curve(std::initializer_list<const char *> values)
{
    std::vector<EquityPoint> points;
    long long day = 0;
    for (const char *value : values)
        points.push_back({fromUnixMillis(kBase + day++ * kDay), money(value)});
    return points;
}

TradeRecord trade(const char *netPnl, std::int64_t holdingMs)
{
    TradeRecord record;
    record.entryTime = fromUnixMillis(kBase);
    record.exitTime = fromUnixMillis(kBase + holdingMs);
    record.netPnl = money(netPnl);
    record.fees = money("1");
    record.grossPnl = record.netPnl + record.fees;
    return record;
}

bool near(double actual, double expected, double relative = 1e-9)
{
    if (std::isinf(expected) || std::isinf(actual))
        return actual == expected;
    return std::fabs(actual - expected) <= relative * std::max(1.0, std::fabs(expected));
}

#define QVERIFY_NEAR(actual, expected)                                                             \
    QVERIFY2(near((actual), (expected)),                                                           \
             (std::to_string(actual) + " != " + std::to_string(expected)).c_str())

bool finite(const Metrics &m)
{
    for (const double value : {m.totalReturn, m.cagr, m.volatility, m.sharpe, m.sortino, m.calmar,
                               m.maxDrawdown, m.winRate, m.expectancy, m.averageWin, m.averageLoss,
                               m.averageHoldingMs, m.exposure}) {
        if (!std::isfinite(value))
            return false;
    }
    return true;
}

} // namespace

class TestMetrics final : public QObject {
    Q_OBJECT

private slots:
    void handComputedCurve()
    {
        // Daily returns +10 %, −10 %, +10 %, +10 %: mean 0.05, sample deviation 0.1, downside
        // deviation √(0.01 / 4) = 0.05.
        const auto equity = curve({"100", "110", "99", "108.9", "119.79"});
        const std::vector<TradeRecord> trades = {trade("30", kHour), trade("-10", 2 * kHour),
                                                 trade("20", 3 * kHour), trade("0", 6 * kHour)};
        const Metrics m = computeMetrics(equity, trades, 3, 4, kDay);
        const double yearRoot = std::sqrt(365.0);
        QVERIFY_NEAR(m.totalReturn, 0.1979);
        QVERIFY_NEAR(m.cagr, std::pow(1.1979, 365.0 / 4.0) - 1.0);
        QVERIFY_NEAR(m.volatility, 0.1 * yearRoot);
        QVERIFY_NEAR(m.sharpe, 0.5 * yearRoot);
        QVERIFY_NEAR(m.sortino, 1.0 * yearRoot);
        QVERIFY_NEAR(m.maxDrawdown, 0.1); // 110 → 99
        QVERIFY_NEAR(m.calmar, m.cagr / 0.1);
        // Peak 110 on day 1, back above it on day 4.
        QCOMPARE(m.maxDrawdownDurationMs, 3 * kDay);
        QCOMPARE(m.netProfit.toString(), std::string("19.79"));

        QCOMPARE(m.tradeCount, std::int64_t(4));
        QCOMPARE(m.winningTrades, std::int64_t(2));
        QCOMPARE(m.losingTrades, std::int64_t(1));
        QVERIFY_NEAR(m.winRate, 0.5);
        QVERIFY_NEAR(m.profitFactor, 5.0); // 50 / 10
        QVERIFY_NEAR(m.expectancy, 10.0);  // 40 / 4
        QVERIFY_NEAR(m.averageWin, 25.0);
        QVERIFY_NEAR(m.averageLoss, -10.0);
        QVERIFY_NEAR(m.averageHoldingMs, 3.0 * kHour);
        QCOMPARE(m.grossProfit.toString(), std::string("50"));
        QCOMPARE(m.grossLoss.toString(), std::string("10"));
        QCOMPARE(m.feesPaid.toString(), std::string("4"));
        QVERIFY_NEAR(m.exposure, 0.75);
    }

    void drawdownCurveFollowsTheRunningPeak()
    {
        const auto equity = curve({"100", "110", "99", "108.9", "119.79"});
        const std::vector<double> drawdown = drawdownCurve(equity);
        QCOMPARE(drawdown.size(), std::size_t(5));
        QVERIFY_NEAR(drawdown[0], 0.0);
        QVERIFY_NEAR(drawdown[1], 0.0);
        QVERIFY_NEAR(drawdown[2], 0.1);
        QVERIFY_NEAR(drawdown[3], 0.01);
        QVERIFY_NEAR(drawdown[4], 0.0);
        QVERIFY(drawdownCurve({}).empty());
    }

    void unrecoveredDrawdownLastsToTheEnd()
    {
        // Peak 120 on day 1; 90 on day 2 is −25 %; still below on day 4.
        const auto equity = curve({"100", "120", "90", "100", "110"});
        const Metrics m = computeMetrics(equity, {}, 0, 0, kDay);
        QVERIFY_NEAR(m.maxDrawdown, 0.25);
        QCOMPARE(m.maxDrawdownDurationMs, 3 * kDay);
        QVERIFY(finite(m));
    }

    void emptyInputsGiveZeros()
    {
        const Metrics m = computeMetrics({}, {}, 0, 0, kDay);
        QVERIFY(finite(m));
        QCOMPARE(m.totalReturn, 0.0);
        QCOMPARE(m.sharpe, 0.0);
        QCOMPARE(m.profitFactor, 0.0);
        QCOMPARE(m.tradeCount, std::int64_t(0));
        QCOMPARE(m.maxDrawdownDurationMs, std::int64_t(0));
        QVERIFY(m.netProfit.isZero());

        const auto single = curve({"100"});
        QVERIFY(finite(computeMetrics(single, {}, 0, 1, kDay)));
    }

    void flatCurveHasNoRatios()
    {
        const auto equity = curve({"100", "100", "100", "100"});
        const Metrics m = computeMetrics(equity, {}, 0, 3, kDay);
        QVERIFY(finite(m));
        QCOMPARE(m.volatility, 0.0);
        QCOMPARE(m.sharpe, 0.0);
        QCOMPARE(m.sortino, 0.0);
        QCOMPARE(m.calmar, 0.0);
        QCOMPARE(m.maxDrawdown, 0.0);
        QCOMPARE(m.cagr, 0.0);
    }

    void onlyGainsMeanNoDownside()
    {
        const auto equity = curve({"100", "101", "103"});
        const std::vector<TradeRecord> trades = {trade("1", kHour), trade("2", kHour)};
        const Metrics m = computeMetrics(equity, trades, 2, 2, kDay);
        QCOMPARE(m.sortino, 0.0);       // no downside deviation: undefined, reported as 0
        QVERIFY(m.sharpe > 0);
        QCOMPARE(m.calmar, 0.0);        // no drawdown
        QVERIFY(std::isinf(m.profitFactor) && m.profitFactor > 0); // wins, no losses
        QVERIFY_NEAR(m.winRate, 1.0);

        const std::vector<TradeRecord> losers = {trade("-1", kHour)};
        QCOMPARE(computeMetrics(equity, losers, 0, 2, kDay).profitFactor, 0.0);
    }

    void hourlyBarsAnnualiseBy8760()
    {
        std::vector<EquityPoint> equity;
        const char *values[] = {"100", "110", "99", "108.9", "119.79"};
        for (int i = 0; i < 5; ++i)
            equity.push_back({fromUnixMillis(kBase + i * kHour), money(values[i])});
        const Metrics m = computeMetrics(equity, {}, 0, 4, kHour);
        QVERIFY_NEAR(m.sharpe, 0.5 * std::sqrt(8760.0));
        QCOMPARE(m.maxDrawdownDurationMs, 3 * kHour);
    }
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "test_metrics.moc"
