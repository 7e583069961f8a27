// The synthetic market: deterministic, sane (ticks, lots, uncrossed book), and its depth diffs
// keep a consumer's book identical to the market's through Binance's sync procedure.
#include "sim/replay.h"
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
    return sim::SyntheticMarket({{btc, *Price::parse("72000"), 0.03, 8.0, 20, {}},
                                 {eth, *Price::parse("3900"), 0.04, 5.0, 20, {}}},
                                seed, kStart, 600);
}

model::Candle bar(long long openMs, const char *open, const char *high, const char *low,
                  const char *close, const char *volume)
{
    return {model::Timeframe::M1, fromUnixMillis(openMs), *Price::parse(open), *Price::parse(high),
            *Price::parse(low), *Price::parse(close), *Quantity::parse(volume), Money(), 0, true};
}

// The same bars as tests/data/sim/replay_1m.csv.
std::vector<model::Candle> replayBars()
{
    const long long t = 1'710'325'020'000LL;
    return {bar(t, "100.00", "101.50", "99.50", "101.00", "12.500"),
            bar(t + 60'000, "101.00", "101.20", "100.10", "100.40", "8.000"),
            bar(t + 120'000, "100.40", "100.90", "100.40", "100.90", "3.250"),
            bar(t + 180'000, "100.90", "102.00", "100.50", "101.75", "20.000"),
            bar(t + 240'000, "101.75", "101.80", "100.00", "100.20", "15.125"),
            bar(t + 300'000, "100.20", "100.20", "100.20", "100.20", "0"),
            bar(t + 360'000, "100.20", "100.60", "99.80", "100.00", "0.004"),
            bar(t + 420'000, "100.00", "100.75", "99.90", "100.70", "9.999")};
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

    void keepsTenThousandTradesForPaging()
    {
        auto market = makeMarket(11);
        sim::MarketEvents events;
        market.advanceTo(kStart + 1800s, events);
        std::int64_t lastId = 0;
        for (const auto &[symbol, trade] : events.trades) {
            if (symbol == "BTCUSDT")
                lastId = trade.id;
        }
        QVERIFY(lastId > 10'000);
        QCOMPARE(market.recentTrades("BTCUSDT", 20'000).size(), sim::SyntheticMarket::kRecentTrades);
        // An id older than the window pages from what is left; ids are consecutive.
        const auto page = market.trades("BTCUSDT", 1, std::nullopt, std::nullopt, 1000);
        QCOMPARE(page.size(), std::size_t(1000));
        QCOMPARE(page.front().id, lastId - 9'999);
        for (std::size_t i = 1; i < page.size(); ++i)
            QCOMPARE(page[i].id, page[i - 1].id + 1);
        const auto next = market.trades("BTCUSDT", page.back().id + 1, std::nullopt, std::nullopt, 3);
        QCOMPARE(next.front().id, page.back().id + 1);
        const auto newest = market.trades("BTCUSDT", std::nullopt, std::nullopt, std::nullopt, 5);
        QCOMPARE(newest.back().id, lastId);
        QVERIFY(market.trades("BTCUSDT", lastId + 1, std::nullopt, std::nullopt, 5).empty());
        // A time window is inclusive at both ends.
        const TimePoint at = page[500].time;
        for (const auto &trade : market.trades("BTCUSDT", std::nullopt, at, at, 1000))
            QCOMPARE(trade.time, at);
    }

    void replayPlaysTheFileExactly()
    {
        const auto file = replayBars();
        const TimePoint start = kStart + 30s; // history: 2 bars; bar 2 is played from 30 s in
        sim::SyntheticMarket market({sim::replaySymbol("TESTUSDT", file, nullptr)}, 1, start, 2);
        sim::MarketEvents events;
        market.advanceTo(kStart + 10min, events);

        const TimePoint first = kStart - 2min;
        const auto klines = market.klines("TESTUSDT", model::Timeframe::M1, fromUnixMillis(0),
                                          kStart + 1h, 1000);
        QCOMPARE(klines.size(), file.size());
        for (std::size_t i = 0; i < file.size(); ++i) {
            QCOMPARE(klines[i].openTime, first + (file[i].openTime - file.front().openTime));
            QCOMPARE(klines[i].open, file[i].open);
            QCOMPARE(klines[i].high, file[i].high);
            QCOMPARE(klines[i].low, file[i].low);
            QCOMPARE(klines[i].close, file[i].close);
            QCOMPARE(klines[i].volume, file[i].volume);
        }
        // Played bars: the trades alone rebuild each bar's OHLCV (the zero-volume bar has none).
        std::int64_t expectedId = 1;
        for (std::size_t i = 2; i < file.size(); ++i) {
            const TimePoint open = klines[i].openTime;
            std::vector<model::Trade> trades;
            for (const auto &[symbol, trade] : events.trades) {
                if (trade.time >= open && trade.time < open + 1min)
                    trades.push_back(trade);
            }
            if (file[i].volume.raw() == 0) {
                QVERIFY(trades.empty());
                continue;
            }
            QVERIFY(trades.size() >= 4);
            Quantity volume;
            Price high = trades.front().price, low = trades.front().price;
            std::size_t highAt = 0, lowAt = 0;
            for (std::size_t k = 0; k < trades.size(); ++k) {
                QCOMPARE(trades[k].id, expectedId++);
                QVERIFY(trades[k].quantity.raw() > 0);
                volume += trades[k].quantity;
                if (trades[k].price > high) { high = trades[k].price; highAt = k; }
                if (trades[k].price < low) { low = trades[k].price; lowAt = k; }
            }
            QCOMPARE(trades.front().price, file[i].open);
            QCOMPARE(trades.back().price, file[i].close);
            QCOMPARE(high, file[i].high);
            QCOMPARE(low, file[i].low);
            QCOMPARE(volume, file[i].volume);
            // open → low → high → close when bullish, open → high → low → close when bearish.
            if (file[i].close >= file[i].open)
                QVERIFY(lowAt <= highAt);
            else
                QVERIFY(highAt <= lowAt);
        }
        int closedBars = 0;
        for (const auto &[symbol, candle] : events.candles) {
            if (!candle.closed)
                continue;
            ++closedBars;
            const auto &source = file[static_cast<std::size_t>((candle.openTime - first) / 1min)];
            QCOMPARE(candle.high, source.high);
            QCOMPARE(candle.low, source.low);
            QCOMPARE(candle.volume, source.volume);
        }
        QCOMPARE(closedBars, 6);
        // After the file the price holds still: no more trades.
        sim::MarketEvents later;
        market.advanceTo(kStart + 20min, later);
        QVERIFY(later.trades.empty());
        QVERIFY(market.book("TESTUSDT").bestBid()->price < market.book("TESTUSDT").bestAsk()->price);
    }
};

QTEST_APPLESS_MAIN(TestSyntheticMarket)
#include "test_synthetic_market.moc"
