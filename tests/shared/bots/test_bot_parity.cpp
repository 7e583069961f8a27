// Parity (issue 5, "Reliability"): a strategy bot on the paper venue over a replayed candle series
// makes the same trades as the backtester over the same bars — same times, sides, quantities and
// prices. The replay drives the paper venue the way the live market does: at each bar's open the
// book stands at the open price, so the orders the bot decided at the previous close fill there,
// exactly where the backtester fills them; a trade at the close marks the position for equity.
// Fees are zero on both sides: the backtester charges fees in the quote asset and the paper venue
// charges buys in the base asset (as Binance does), so their quantities would differ by the fee
// by design (docs/bots.md).
#include "../backtest/backtest_fixtures.h"
#include "backtest/runner.h"
#include "bots/strategy_bot.h"
#include "strategy/compiler.h"
#include "trading/paper_exchange.h"
#include "trading/portfolio.h"

#include <QtTest>

#include <cmath>
#include <map>

using namespace bcf;
using bcf::testing::price;

namespace {

struct Trade {
    long long timeMs = 0;
    bool buy = false;
    std::string quantity, price;
    bool operator==(const Trade &) const = default;
};

QString describe(const std::vector<Trade> &trades, std::size_t i)
{
    if (i >= trades.size())
        return QStringLiteral("(none)");
    const Trade &t = trades[i];
    return QStringLiteral("%1 %2 %3 @ %4")
        .arg(t.timeMs)
        .arg(t.buy ? QStringLiteral("buy") : QStringLiteral("sell"))
        .arg(QString::fromStdString(t.quantity), QString::fromStdString(t.price));
}

std::vector<double> walk(std::size_t count, std::uint64_t seed)
{
    std::vector<double> closes;
    double value = 100;
    std::uint64_t state = seed;
    for (std::size_t i = 0; i < count; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double step = static_cast<double>((state >> 33) % 2001) / 1000.0 - 1.0;
        value = std::max(10.0, value + step + std::sin(static_cast<double>(i) / 40.0) * 0.4);
        closes.push_back(std::round(value * 100) / 100);
    }
    return closes;
}

model::Instrument instrument()
{
    model::Instrument btc;
    btc.exchange = "binance";
    btc.symbol = "BTCUSDT";
    btc.base = "BTC";
    btc.quote = "USDT";
    btc.tickSize = price("0.01");
    btc.lotSize = *Quantity::parse("0.0001");
    btc.minNotional = Money();
    return btc;
}

// The bot's ledger the way bcf-core's runtime keeps it: its fills give position, average entry
// and equity.
struct Ledger {
    trading::PositionBook book;
    Money cash = Money::fromUnits(10'000);

    bots::BotView view(Price last, const std::set<std::string> &working)
    {
        book.mark("BTCUSDT", last);
        bots::BotView v;
        const auto found = book.positions().find(std::string_view("BTCUSDT"));
        if (found != book.positions().end()) {
            v.position = found->second.quantity;
            v.averageEntry = found->second.averageEntry();
            v.equity = cash + (v.position.isNegative() ? -notional(last, -v.position) : notional(last, v.position));
        } else {
            v.equity = cash;
        }
        v.cash = cash;
        v.lastPrice = last;
        v.working = working;
        return v;
    }
};

std::vector<Trade> runBot(const std::string &source, const std::vector<model::Candle> &bars)
{
    auto program = strategy::compileStrategy(source);
    if (!program)
        qFatal("%s", program.error().toString().c_str());
    trading::PaperExchange paper(trading::PaperFees{0, 0});
    // The account also holds BTC, so a spot account can sell what a short-side reversal sells.
    if (!paper.addInstrument(instrument()) ||
        !paper.openAccount(1, {{"USDT", Money::fromUnits(10'000)}, {"BTC", Money::fromUnits(1'000)}}))
        qFatal("paper venue setup failed");
    bots::StrategyBot bot(*program, bots::InstrumentRules{price("0.01"), *Quantity::parse("0.0001"), Money()});
    Ledger ledger;
    std::vector<Trade> trades;
    std::map<std::string, std::string> keyOf; // client order id → bot key
    std::set<std::string> working;
    std::vector<bots::BotOrder> pending;
    int sequence = 0;
    const Quantity deep = Quantity::fromUnits(1'000'000);

    for (std::size_t i = 0; i < bars.size(); ++i) {
        const model::Candle &bar = bars[i];
        paper.onBook("BTCUSDT", {{bar.open, deep}}, {{bar.open, deep}});
        // The orders decided at the previous close go out now and fill at this open.
        for (const bots::BotOrder &order : pending) {
            trading::OrderRequest request;
            request.clientOrderId = "o" + std::to_string(++sequence);
            request.symbol = "BTCUSDT";
            request.side = order.side;
            request.type = order.type;
            request.quantity = order.quantity;
            request.price = order.price;
            request.stopPrice = order.stopPrice;
            request.trailingBasisPoints = order.trailingBasisPoints;
            keyOf[request.clientOrderId] = order.key;
            working.insert(order.key);
            Quantity filled;
            for (const auto &event : paper.submit(1, request, bar.openTime)) {
                if (event.kind == trading::VenueEvent::Kind::Fill) {
                    ledger.book.applyFill("BTCUSDT", order.side, event.price, event.quantity, Money());
                    ledger.cash += order.side == trading::Side::Buy ? -notional(event.price, event.quantity)
                                                                    : notional(event.price, event.quantity);
                    filled += event.quantity;
                    trades.push_back({toUnixMillis(bar.openTime), order.side == trading::Side::Buy,
                                      event.quantity.toString(), event.price.toString()});
                    const bool done = filled == order.quantity;
                    if (done)
                        working.erase(order.key);
                    bots::BotActions ignored;
                    bot.onFill(bots::BotFill{order.key, order.side, event.price, event.quantity, done},
                               ledger.view(bar.open, working), ignored);
                } else if (event.kind == trading::VenueEvent::Kind::Rejected ||
                           event.kind == trading::VenueEvent::Kind::Expired) {
                    working.erase(order.key);
                    qWarning("order %s ended: %s", order.key.c_str(), event.reason.c_str());
                }
            }
        }
        pending.clear();
        const TimePoint closeTime = model::nextBucketStart(bar.timeframe, bar.openTime);
        model::Trade closeTrade;
        closeTrade.id = static_cast<std::int64_t>(i + 1);
        closeTrade.time = closeTime;
        closeTrade.price = bar.close;
        closeTrade.quantity = *Quantity::parse("0.0001");
        (void)paper.onTrade("BTCUSDT", closeTrade, closeTime);
        bots::BotActions actions;
        bot.onBar(bar, closeTime, ledger.view(bar.close, working), actions);
        pending = actions.place;
    }
    return trades;
}

std::vector<Trade> runBacktest(const std::string &source, const std::vector<model::Candle> &bars)
{
    auto program = strategy::compileStrategy(source);
    if (!program)
        qFatal("%s", program.error().toString().c_str());
    bt::BacktestOptions options;
    options.venue.makerFeeMicros = 0;
    options.venue.takerFeeMicros = 0;
    options.venue.initialCash = Money::fromUnits(10'000);
    bt::SymbolSpec spec;
    spec.name = "BTCUSDT";
    spec.tickSize = price("0.01");
    spec.lotSize = *Quantity::parse("0.0001");
    const std::vector<bt::SymbolSeries> series{bt::SymbolSeries{spec, bars}};
    auto result = bt::runBacktest(*program, series, options);
    if (!result)
        qFatal("%s", result.error().message.c_str());
    std::vector<Trade> trades;
    for (const auto &fill : result->fills)
        trades.push_back({toUnixMillis(fill.time), fill.side == model::Side::Buy, fill.quantity.toString(),
                          fill.price.toString()});
    return trades;
}

} // namespace

class TestBotParity final : public QObject {
    Q_OBJECT

private slots:
    void predictionsReachTheKernelBarByBar()
    {
        // The runtime sets predict()'s values before each bar; a bar without them sees none.
        auto program = strategy::compileStrategy("long entry when predict(\"m\") > 0\nsize 1 units\n");
        QVERIFY(program.has_value());
        bots::StrategyBot bot(*program, bots::InstrumentRules{price("0.01"), *Quantity::parse("0.0001"), Money()});
        model::Candle bar;
        bar.timeframe = model::Timeframe::H1;
        bar.open = bar.high = bar.low = bar.close = price("100");
        Ledger ledger;
        bots::BotActions none;
        bot.onBar(bar, model::nextBucketStart(bar.timeframe, bar.openTime), ledger.view(bar.close, {}), none);
        QVERIFY(none.place.empty());
        bar.openTime += std::chrono::hours(1);
        bot.setExternals({-0.01});
        bot.onBar(bar, model::nextBucketStart(bar.timeframe, bar.openTime), ledger.view(bar.close, {}), none);
        QVERIFY(none.place.empty());
        bar.openTime += std::chrono::hours(1);
        bot.setExternals({0.02});
        bots::BotActions entry;
        bot.onBar(bar, model::nextBucketStart(bar.timeframe, bar.openTime), ledger.view(bar.close, {}), entry);
        QCOMPARE(entry.place.size(), std::size_t(1));
        QVERIFY(entry.place.front().side == trading::Side::Buy);
    }

    void parity_data()
    {
        QTest::addColumn<QString>("source");
        QTest::newRow("sma cross, % of equity, long only")
            << QStringLiteral("strategy \"SMA cross\"\n"
                              "long entry when crossover(sma(close, 10), sma(close, 30))\n"
                              "long exit when crossunder(sma(close, 10), sma(close, 30))\n"
                              "size 50% of equity\n");
        QTest::newRow("ema cross with rsi filter, fixed size, reversals")
            << QStringLiteral("strategy \"EMA reversal\"\n"
                              "long entry when crossover(ema(close, 8), ema(close, 21)) and rsi(close, 14) < 70\n"
                              "short entry when crossunder(ema(close, 8), ema(close, 21))\n"
                              "size 2 units\n");
    }

    void parity()
    {
        QFETCH(QString, source);
        const std::vector<model::Candle> bars = bcf::testing::candlesFromCloses(walk(3000, 42));
        const std::vector<Trade> bot = runBot(source.toStdString(), bars);
        const std::vector<Trade> backtest = runBacktest(source.toStdString(), bars);
        QVERIFY2(backtest.size() >= 20, "the series must make the strategy trade");
        for (std::size_t i = 0; i < std::max(bot.size(), backtest.size()); ++i) {
            if (i >= bot.size() || i >= backtest.size() || !(bot[i] == backtest[i]))
                QFAIL(qPrintable(QStringLiteral("trade %1 differs: bot %2, backtest %3")
                                     .arg(i)
                                     .arg(describe(bot, i), describe(backtest, i))));
        }
        QCOMPARE(bot.size(), backtest.size());
        qInfo("%zu fills, identical; first %s, last %s", bot.size(), qPrintable(describe(bot, 0)),
              qPrintable(describe(bot, bot.size() - 1)));
    }
};

QTEST_APPLESS_MAIN(TestBotParity)
#include "test_bot_parity.moc"
