// The backtest runner: the strategy kernel driving the simulated venue. Fill timing, protective
// orders, sizing, shorts and reversals, several symbols, input errors and determinism.
#include "backtest/runner.h"
#include "backtest_fixtures.h"
#include "strategy/compiler.h"
#include "strategy/templates.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace bcf;
using namespace bcf::bt;
using bcf::testing::candlesFromCloses;
using bcf::testing::price;

namespace {

std::shared_ptr<const strategy::Program> compile(const std::string &source)
{
    auto program = strategy::compileStrategy(source);
    if (!program)
        qFatal("%s", program.error().toString().c_str());
    return *program;
}

BacktestOptions noCosts()
{
    BacktestOptions options;
    options.venue.makerFeeMicros = 0;
    options.venue.takerFeeMicros = 0;
    options.venue.initialCash = Money::fromUnits(10'000);
    return options;
}

SymbolSeries series(const std::vector<model::Candle> &candles, const std::string &name = "BTCUSDT")
{
    SymbolSpec spec;
    spec.name = name;
    spec.tickSize = price("0.01");
    spec.lotSize = *Quantity::parse("0.0001");
    return SymbolSeries{spec, candles};
}

// A random walk with trends, deterministic.
std::vector<double> walk(std::size_t count, std::uint64_t seed)
{
    std::vector<double> closes;
    double value = 100;
    std::uint64_t state = seed;
    for (std::size_t i = 0; i < count; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double step = static_cast<double>((state >> 33) % 2001) / 1000.0 - 1.0; // −1 … 1
        value = std::max(10.0, value + step + std::sin(static_cast<double>(i) / 50.0) * 0.3);
        closes.push_back(std::round(value * 100) / 100);
    }
    return closes;
}

} // namespace

class TestBacktestRunner : public QObject {
    Q_OBJECT

private slots:
    void predictReadsTheGivenSeriesBarByBar()
    {
        // predict("m") is the series the caller gives: NaN (no entry) until bar 3, then a rise
        // predicted at bars 3-4 and a fall at bar 5.
        const auto candles = candlesFromCloses({100, 101, 102, 103, 104, 105, 106, 107},
                                               {100, 100.5, 101.5, 102.5, 103.5, 104.5, 105.5, 106.5});
        const auto program = compile("long entry when predict(\"m\") > 0\nlong exit when predict(\"m\") < 0\nsize 1 units");
        QCOMPARE(program->externals, std::vector<std::string>{"predict:m"});
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const std::vector<double> predictions{nan, nan, nan, 0.01, 0.02, -0.01, -0.02, 0.0};
        SymbolSeries withPredictions = series(candles);
        withPredictions.externals.push_back(predictions);
        auto result = runBacktest(program, std::span(&withPredictions, 1), noCosts());
        QVERIFY(result.has_value());
        QCOMPARE(result->fills.size(), std::size_t(2));
        QCOMPARE(result->fills[0].time, candles[4].openTime); // decided at bar 3's close
        QCOMPARE(result->fills[1].time, candles[6].openTime); // exit decided at bar 5's close

        // Without the series the run is refused, saying where predictions are.
        const std::vector<SymbolSeries> bare{series(candles)};
        auto refused = runBacktest(program, bare, noCosts());
        QVERIFY(!refused);
        QVERIFY(refused.error().message.find("backtest it on the servers") != std::string::npos);
        withPredictions.externals.front() = std::span(predictions).first(4);
        QVERIFY(!runBacktest(program, std::span(&withPredictions, 1), noCosts()));
    }

    void predictIsCheckedByTheCompiler()
    {
        for (const auto &[source, message] : std::vector<std::pair<std::string, std::string>>{
                 {"long entry when predict(btc) > 0", "a model name in quotes"},
                 {"long entry when predict(\"BTC LSTM\") > 0", "is not a model name"},
                 {"long entry when tf(\"4h\", predict(\"m\")) > 0", "cannot be used inside tf()"},
                 {"long entry when sentiment(\"btc\") > 0", "is not an asset ticker"},
                 {"long entry when sentiment(BTC) > 0", "an asset in quotes"}}) {
            auto program = strategy::compileStrategy(source);
            QVERIFY2(!program, source.c_str());
            QVERIFY2(program.error().message.find(message) != std::string::npos, program.error().message.c_str());
        }
        auto pinned = strategy::compileStrategy(
            "let p = predict(\"m@2\")\nlong entry when p > 0 and predict(\"m@2\") > 0.5 and predict(\"n\") > 0");
        QVERIFY(pinned.has_value());
        QCOMPARE((*pinned)->externals, (std::vector<std::string>{"predict:m@2", "predict:n"}));
        auto news = strategy::compileStrategy("long entry when sentiment(\"BTC\") > 0.2 and predict(\"m\") > 0");
        QVERIFY(news.has_value());
        QCOMPARE((*news)->externals, (std::vector<std::string>{"sentiment:BTC", "predict:m"}));
    }

    void marketOrdersFillAtTheNextOpen()
    {
        // Decided on bar 2's close, filled at bar 3's open; exit decided on bar 5, filled at bar 6.
        const auto candles = candlesFromCloses({100, 101, 102, 103, 104, 105, 106, 107},
                                               {100, 100.5, 101.5, 102.5, 103.5, 104.5, 105.5, 106.5});
        const auto program = compile("long entry when bar_index == 2\nlong exit when bar_index == 5\nsize 2 units");
        const std::vector<SymbolSeries> symbols{series(candles)};
        auto result = runBacktest(program, symbols, noCosts());
        QVERIFY(result.has_value());
        QCOMPARE(result->fills.size(), std::size_t(2));
        QCOMPARE(result->fills[0].time, candles[3].openTime);
        QCOMPARE(result->fills[0].price, price("102.5"));
        QCOMPARE(result->fills[0].quantity, *Quantity::parse("2"));
        QCOMPARE(result->fills[1].time, candles[6].openTime);
        QCOMPARE(result->fills[1].price, price("105.5"));
        QCOMPARE(result->trades.size(), std::size_t(1));
        QCOMPARE(result->trades[0].netPnl, Money::fromUnits(6)); // (105.5 − 102.5) × 2
        QCOMPARE(result->equity.back().equity, Money::fromUnits(10'006));
        QCOMPARE(result->metrics.tradeCount, std::int64_t(1));
        QCOMPARE(result->bars, std::int64_t(8));
    }

    void stopLossIsPlacedFromTheFillAndTriggersInsideABar()
    {
        // Entry fills at 100 (bar 2's open); a 5% stop sits at 95. Bar 4 trades down to 93.
        const auto candles = candlesFromCloses({100, 100, 101, 99, 94, 90, 91}, {100, 100, 100, 101, 99, 94, 90});
        const auto program = compile("long entry when bar_index == 1\nstop_loss 5%\nsize 1 units");
        const std::vector<SymbolSeries> symbols{series(candles)};
        auto result = runBacktest(program, symbols, noCosts());
        QVERIFY(result.has_value());
        QCOMPARE(result->fills.size(), std::size_t(2));
        QCOMPARE(result->fills[0].price, price("100"));
        QCOMPARE(result->fills[1].price, price("95"));
        QCOMPARE(result->fills[1].time, candles[4].openTime);
        QCOMPARE(result->trades.size(), std::size_t(1));
        QCOMPARE(result->trades[0].netPnl, Money::fromUnits(-5));
    }

    void takeProfitCancelsTheStop()
    {
        const auto candles = candlesFromCloses({100, 100, 103, 106, 104, 100, 90}, {100, 100, 100, 103, 106, 104, 100});
        const auto program = compile("long entry when bar_index == 1\nstop_loss 5%\ntake_profit 5%\nsize 1 units");
        const std::vector<SymbolSeries> symbols{series(candles)};
        auto result = runBacktest(program, symbols, noCosts());
        QVERIFY(result.has_value());
        QCOMPARE(result->trades.size(), std::size_t(1));
        QCOMPARE(result->trades[0].exitPrice, price("105"));
        int cancelled = 0;
        for (const Order &order : result->orders)
            cancelled += order.status == OrderStatus::Cancelled ? 1 : 0;
        QCOMPARE(cancelled, 1); // the stop-loss, by OCO
    }

    void shortsAndReversals()
    {
        // Short at bar 2's open (100), reversed to long at bar 5's open (90), closed at the end.
        const auto candles = candlesFromCloses({100, 100, 100, 95, 90, 90, 95, 100}, {100, 100, 100, 100, 95, 90, 90, 95});
        const auto program = compile(R"(
short entry when bar_index == 1
long entry when bar_index == 4
long exit when bar_index == 6
size 1 units)");
        const std::vector<SymbolSeries> symbols{series(candles)};
        auto result = runBacktest(program, symbols, noCosts());
        QVERIFY(result.has_value());
        QCOMPARE(result->trades.size(), std::size_t(2));
        QCOMPARE(result->trades[0].side, model::Side::Sell);
        QCOMPARE(result->trades[0].netPnl, Money::fromUnits(10)); // 100 − 90
        QCOMPARE(result->trades[1].side, model::Side::Buy);
        QCOMPARE(result->trades[1].entryPrice, price("90"));
        QCOMPARE(result->trades[1].exitPrice, price("95"));
        QCOMPARE(result->trades[1].netPnl, Money::fromUnits(5));
    }

    void sizingByEquityCashAndRisk()
    {
        const auto candles = candlesFromCloses({100, 100, 100, 100}, {100, 100, 100, 100});
        const std::vector<SymbolSeries> symbols{series(candles)};
        const auto quantityFor = [&](const std::string &size) {
            auto result = runBacktest(compile("long entry when bar_index == 0\nstop_loss 2%\n" + size), symbols, noCosts());
            return result->fills.at(0).quantity;
        };
        QCOMPARE(quantityFor("size 25% of equity"), *Quantity::parse("25"));   // 2,500 / 100
        QCOMPARE(quantityFor("size 1000 cash"), *Quantity::parse("10"));
        QCOMPARE(quantityFor("size risk 1%"), *Quantity::parse("50"));          // 100 risked / 2 per unit
        QCOMPARE(quantityFor("size 0.12345 units"), *Quantity::parse("0.1234")); // floored to the lot
    }

    void riskSizingWithAStopFormula()
    {
        // The stop distance comes from an expression: 100 risked / distance 4 = 25 units.
        const auto candles = candlesFromCloses({100, 100, 100, 100}, {100, 100, 100, 100});
        const std::vector<SymbolSeries> symbols{series(candles)};
        auto result = runBacktest(compile("long entry when bar_index == 0\nstop_loss (high - low) * 2\nsize risk 1%"),
                                  symbols, noCosts());
        QVERIFY(result.has_value());
        QCOMPARE(result->fills.at(0).quantity, *Quantity::parse("25"));
        QCOMPARE(result->orders.at(1).request.stopPrice, price("96")); // from the fill at 100
    }

    void reversalIsOneOrderEvenWithPartialFills()
    {
        // At most 40 % of 10 units of volume per bar: a reversal from long 4 to short 4 needs one
        // order of 8 that fills 4 a bar, crossing zero on the way.
        const auto candles = candlesFromCloses(std::vector<double>(12, 100), std::vector<double>(12, 100), 10);
        BacktestOptions options = noCosts();
        options.venue.maxVolumeShareMicros = 400'000;
        const std::vector<SymbolSeries> symbols{series(candles)};
        auto result = runBacktest(compile("long entry when bar_index == 0\nshort entry when bar_index == 3\nsize 4 units"),
                                  symbols, options);
        QVERIFY(result.has_value());
        QCOMPARE(result->trades.size(), std::size_t(1)); // the long; the short is still open
        QCOMPARE(result->trades[0].quantity, *Quantity::parse("4"));
        const Order &reversal = result->orders.back();
        QCOMPARE(reversal.request.quantity, *Quantity::parse("8"));
        QCOMPARE(reversal.status, OrderStatus::Filled);
        Quantity net;
        for (const Fill &fill : result->fills)
            net += fill.side == model::Side::Buy ? fill.quantity : -fill.quantity;
        QCOMPARE(net, -*Quantity::parse("4"));
    }

    void trailingStopStartsFromTheFill()
    {
        // Filled at 100 on a bar that closes at 95: a 3 % trailing stop starts at 97, not 92.15.
        const auto candles = candlesFromCloses({100, 100, 95, 95}, {100, 100, 100, 95});
        const std::vector<SymbolSeries> symbols{series(candles)};
        auto result = runBacktest(compile("long entry when bar_index == 0\ntrailing_stop 3%\nsize 1 units"), symbols,
                                  noCosts());
        QVERIFY(result.has_value());
        QVERIFY(result->orders.size() >= 2);
        QCOMPARE(result->orders[1].request.type, OrderType::TrailingStop);
        QCOMPARE(result->orders[1].request.stopPrice, price("97"));
    }

    void oversizedOrdersAndCashAreRefused()
    {
        const auto candles = candlesFromCloses({100, 100, 100}, {100, 100, 100});
        const std::vector<SymbolSeries> symbols{series(candles)};
        auto huge = runBacktest(compile("long entry when true\nsize 10000000000 units"), symbols, noCosts());
        QVERIFY(!huge);
        QVERIFY2(huge.error().message.find("use a smaller size") != std::string::npos, huge.error().message.c_str());
        BacktestOptions rich = noCosts();
        rich.venue.initialCash = Money::fromUnits(10'000'000'000);
        auto cash = runBacktest(compile("long entry when true"), symbols, rich);
        QVERIFY(!cash);
        QVERIFY(cash.error().message.find("initial cash") != std::string::npos);
    }

    void feesAndSlippageReachTheTrades()
    {
        const auto candles = candlesFromCloses({100, 100, 100, 100, 100}, {100, 100, 100, 100, 100});
        BacktestOptions options = noCosts();
        options.venue.takerFeeMicros = 1000;   // 0.1 %
        options.venue.slippageMicros = 500;    // 0.05 %
        const std::vector<SymbolSeries> symbols{series(candles)};
        auto result = runBacktest(compile("long entry when bar_index == 0\nlong exit when bar_index == 2\nsize 1 units"),
                                  symbols, options);
        QVERIFY(result.has_value());
        QCOMPARE(result->fills[0].price, price("100.05"));
        QCOMPARE(result->fills[1].price, price("99.95"));
        QCOMPARE(result->trades[0].fees, *Money::parse("0.2"));
        QCOMPARE(result->trades[0].netPnl, *Money::parse("-0.3"));
    }

    void severalSymbolsShareOneAccount()
    {
        const auto a = candlesFromCloses({100, 100, 110, 120}, {100, 100, 100, 110});
        const auto b = candlesFromCloses({50, 50, 45, 40}, {50, 50, 50, 45});
        const auto program = compile("long entry when bar_index == 0\nsize 10 units");
        const std::vector<SymbolSeries> symbols{series(a, "AAA"), series(b, "BBB")};
        auto result = runBacktest(program, symbols, noCosts());
        QVERIFY(result.has_value());
        QCOMPARE(result->bars, std::int64_t(8));
        QCOMPARE(result->equity.size(), std::size_t(5)); // start + one point per time step
        // AAA: 10 × (120 − 100) = +200; BBB: 10 × (40 − 50) = −100.
        QCOMPARE(result->equity.back().equity, Money::fromUnits(10'100));
        QCOMPARE(result->symbols.size(), std::size_t(2));
    }

    void badInputIsRefused()
    {
        auto candles = candlesFromCloses({1, 2, 3});
        std::swap(candles[1], candles[2]);
        const std::vector<SymbolSeries> unordered{series(candles)};
        auto result = runBacktest(compile("long entry when true"), unordered, noCosts());
        QVERIFY(!result);
        QVERIFY(result.error().message.find("out of order") != std::string::npos);

        const auto ordered = candlesFromCloses({1, 2, 3});
        const std::vector<SymbolSeries> minutes{series(ordered)};
        auto higher = runBacktest(compile("long entry when tf(\"1h\", close) > 0"), minutes, noCosts());
        QVERIFY(higher.has_value());
        auto weekly = runBacktest(compile("long entry when tf(\"1M\", close) > 0"), minutes, noCosts());
        QVERIFY(weekly.has_value());

        auto none = runBacktest(compile("long entry when true"), {}, noCosts());
        QVERIFY(!none);
    }

    void runawayCompoundingStopsWithAnError()
    {
        // Doubling every bar at 100 % of equity outgrows the fixed-point range within ~30 bars.
        std::vector<double> closes, opens;
        double price = 1;
        for (int i = 0; i < 60; ++i) {
            opens.push_back(price);
            price *= 2;
            closes.push_back(price);
        }
        const std::vector<SymbolSeries> symbols{series(candlesFromCloses(closes, opens))};
        auto result = runBacktest(compile("long entry when true\nsize 100% of equity"), symbols, noCosts());
        QVERIFY(!result);
        QVERIFY2(result.error().message.find("beyond what a backtest can account for") != std::string::npos,
                 result.error().message.c_str());
    }

    void templatesRunAndAreDeterministic()
    {
        const auto candles = candlesFromCloses(walk(3000, 7));
        const std::vector<SymbolSeries> symbols{series(candles)};
        BacktestOptions options;
        options.venue.slippageTicks = 1;
        for (const auto &strategyTemplate : strategy::strategyTemplates()) {
            const auto program = compile(std::string(strategyTemplate.source));
            auto first = runBacktest(program, symbols, options);
            auto second = runBacktest(program, symbols, options);
            QVERIFY2(first.has_value(), strategyTemplate.id.data());
            QCOMPARE(first->fills.size(), second->fills.size());
            for (std::size_t i = 0; i < first->fills.size(); ++i) {
                QCOMPARE(first->fills[i].price, second->fills[i].price);
                QCOMPARE(first->fills[i].quantity, second->fills[i].quantity);
                QCOMPARE(first->fills[i].time, second->fills[i].time);
            }
            QCOMPARE(first->equity.size(), second->equity.size());
            for (std::size_t i = 0; i < first->equity.size(); ++i)
                QCOMPARE(first->equity[i].equity, second->equity[i].equity);
            QCOMPARE(std::memcmp(&first->metrics.sharpe, &second->metrics.sharpe, sizeof(double)), 0);
        }
        // The SMA cross trades on this walk.
        auto sma = runBacktest(compile(std::string(strategy::strategyTemplates()[0].source)), symbols, options);
        QVERIFY(sma->metrics.tradeCount > 5);
    }
};

QTEST_APPLESS_MAIN(TestBacktestRunner)
#include "test_backtest_runner.moc"
