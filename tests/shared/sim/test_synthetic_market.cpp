// The synthetic market: deterministic, sane (ticks, lots, uncrossed book), and its depth diffs
// keep a consumer's book identical to the market's through Binance's sync procedure.
#include "sim/synthetic_market.h"

#include <QTest>

using namespace bcf;
using namespace std::chrono_literals;

namespace {

const TimePoint kStart = fromUnixMillis(1'710'325'020'000LL);

sim::SyntheticMarket makeMarket(std::uint64_t seed)
{
    model::Instrument btc{"binance", "BTCUSDT", "BTC", "USDT", *Price::parse("0.01"),
                          *Quantity::parse("0.00001"), *Money::parse("5"), 2, 5};
    model::Instrument eth{"binance", "ETHUSDT", "ETH", "USDT", *Price::parse("0.01"),
                          *Quantity::parse("0.0001"), *Money::parse("5"), 2, 4};
    return sim::SyntheticMarket({{btc, *Price::parse("72000"), 0.03, 8.0, 20},
                                 {eth, *Price::parse("3900"), 0.04, 5.0, 20}},
                                seed, kStart, 600);
}

} // namespace

class TestSyntheticMarket final : public QObject {
    Q_OBJECT

private slots:
    void sameSeedSameMarket()
    {
        auto first = makeMarket(42);
        auto second = makeMarket(42);
        sim::MarketEvents a, b;
        first.advanceTo(kStart + 30s, a);
        second.advanceTo(kStart + 30s, b);
        QCOMPARE(a.trades.size(), b.trades.size());
        QVERIFY(!a.trades.empty());
        for (std::size_t i = 0; i < a.trades.size(); ++i) {
            QCOMPARE(a.trades[i].second.price, b.trades[i].second.price);
            QCOMPARE(a.trades[i].second.quantity, b.trades[i].second.quantity);
        }
        auto other = makeMarket(43);
        sim::MarketEvents c;
        other.advanceTo(kStart + 30s, c);
        QVERIFY(c.trades.size() != a.trades.size()
                || c.trades.front().second.price != a.trades.front().second.price);
    }

    void tradesAndBookRespectTheInstrument()
    {
        auto market = makeMarket(7);
        sim::MarketEvents events;
        market.advanceTo(kStart + 120s, events);
        const Price tick = *Price::parse("0.01");
        for (const auto &[symbol, trade] : events.trades) {
            QVERIFY(trade.price.isMultipleOf(tick));
            QVERIFY(trade.quantity.raw() > 0);
        }
        for (const char *symbol : {"BTCUSDT", "ETHUSDT"}) {
            const auto &book = market.book(symbol);
            QVERIFY(book.synced());
            QVERIFY(book.bestBid()->price < book.bestAsk()->price);
            QCOMPARE(book.bids(100).size(), std::size_t(20));
        }
        // Two minutes of trades closed at least one live 1m candle.
        QVERIFY(std::any_of(events.candles.begin(), events.candles.end(),
                            [](const auto &entry) { return entry.second.closed; }));
    }

    void diffsKeepAConsumerBookInSync()
    {
        auto market = makeMarket(9);
        sim::MarketEvents warmUp;
        market.advanceTo(kStart + 5s, warmUp);
        // A consumer takes a snapshot, then applies the following diffs in order.
        model::OrderBook consumer;
        const auto &source = market.book("BTCUSDT");
        consumer.applySnapshot(source.lastUpdateId(), source.bids(1000), source.asks(1000));
        sim::MarketEvents events;
        market.advanceTo(kStart + 65s, events);
        int applied = 0;
        for (const auto &diff : events.diffs) {
            if (diff.symbol != "BTCUSDT")
                continue;
            auto result = consumer.applyDiff(diff.firstUpdateId, diff.finalUpdateId, diff.bids,
                                             diff.asks);
            QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
            ++applied;
        }
        QCOMPARE(applied, 600);
        QCOMPARE(consumer.bids(1000), market.book("BTCUSDT").bids(1000));
        QCOMPARE(consumer.asks(1000), market.book("BTCUSDT").asks(1000));
    }

    void historyServesCandlesOfAnyTimeframe()
    {
        auto market = makeMarket(3);
        const auto minutes = market.klines("BTCUSDT", model::Timeframe::M1, fromUnixMillis(0),
                                           kStart, 1000);
        QCOMPARE(minutes.size(), std::size_t(600));
        for (const auto &candle : minutes) {
            QVERIFY(candle.high >= std::max(candle.open, candle.close));
            QVERIFY(candle.low <= std::min(candle.open, candle.close));
        }
        const auto hours = market.klines("BTCUSDT", model::Timeframe::H1, fromUnixMillis(0),
                                         kStart, 1000);
        QVERIFY(hours.size() >= 10 && hours.size() <= 11);
        QVERIFY(market.has("ETHUSDT"));
        QVERIFY(!market.has("DOGEUSDT"));
    }
};

QTEST_APPLESS_MAIN(TestSyntheticMarket)
#include "test_synthetic_market.moc"
