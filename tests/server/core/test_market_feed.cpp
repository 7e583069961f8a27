// MarketFeed: decoding of the collectors' `market_data` messages and their fan-out to the
// subscriptions of the streaming RPCs. No network, no Redis: messages are published directly.
#include "market/market_feed.h"

#include <QTest>

#include <thread>

using namespace bcf;
using namespace bcf::core;
using namespace std::chrono_literals;

namespace {

// Messages in the collector's format (server/compute/collector/market_collector.cpp).
std::string tradeMessage(const std::string &exchange, const std::string &symbol, long long id,
                         const std::string &price = "101.5", const std::string &side = "buy")
{
    return R"({"type":"trade","exchange":")" + exchange + R"(","symbol":")" + symbol
           + R"(","id":)" + std::to_string(id) + R"(,"time":1710325062500,"price":")" + price
           + R"(","quantity":"0.25","side":")" + side + "\"}";
}

std::string candleMessage(const std::string &exchange, const std::string &symbol,
                          const std::string &close = "2310.5", long long openTime = 1710325020000)
{
    return R"({"type":"candle","exchange":")" + exchange + R"(","symbol":")" + symbol
           + R"(","timeframe":"1m","open_time":)" + std::to_string(openTime)
           + R"(,"open":"2300","high":"2320","low":"2290.25","close":")" + close
           + R"(","volume":"4","quote_volume":"9240","trade_count":3,"closed":false})";
}

std::string bookMessage(const std::string &exchange, const std::string &symbol, long long updateId)
{
    return R"({"type":"book","exchange":")" + exchange + R"(","symbol":")" + symbol
           + R"(","update_id":)" + std::to_string(updateId)
           + R"(,"time":1710325062600,"bids":[["2310.4","1.5"],["2310.3","2"]],)"
             R"("asks":[["2310.6","0.7"]]})";
}

// Everything pending now, without waiting.
std::vector<FeedEvent> pending(MarketFeed::Subscription &subscription)
{
    return subscription.wait(0ms);
}

long long tradeId(const FeedEvent &event)
{
    return std::get<model::Trade>(event.event).id;
}

long long updateId(const FeedEvent &event)
{
    return std::get<BookTop>(event.event).updateId;
}

} // namespace

class TestMarketFeed final : public QObject {
    Q_OBJECT

private slots:
    void decodesTrades()
    {
        MarketFeed feed;
        auto subscription = feed.subscribe(MarketFeed::Kind::Trade, "binance", "BTCUSDT");
        feed.publish(tradeMessage("binance", "BTCUSDT", 42, "67000.12345678", "sell"));
        feed.publish(tradeMessage("binance", "BTCUSDT", 43, "67000", "buy"));
        const auto events = pending(*subscription);
        QCOMPARE(events.size(), std::size_t(2));
        QCOMPARE(events[0].symbol, std::string("BTCUSDT"));
        const auto &trade = std::get<model::Trade>(events[0].event);
        QCOMPARE(trade.id, std::int64_t(42));
        QCOMPARE(toUnixMillis(trade.time), 1710325062500LL);
        QCOMPARE(trade.price.toString(), std::string("67000.12345678"));
        QCOMPARE(trade.quantity.toString(), std::string("0.25"));
        QVERIFY(trade.aggressor == model::Side::Sell);
        QVERIFY(std::get<model::Trade>(events[1].event).aggressor == model::Side::Buy);
        QCOMPARE(feed.malformed(), 0LL);
    }

    void decodesCandles()
    {
        MarketFeed feed;
        auto subscription = feed.subscribe(MarketFeed::Kind::Candle, "binance", "ETHUSDT");
        feed.publish(candleMessage("binance", "ETHUSDT"));
        // Older collectors sent neither quote_volume nor trade_count.
        feed.publish(R"({"type":"candle","exchange":"binance","symbol":"ETHUSDT","timeframe":"5m",)"
                     R"("open_time":1710325200000,"open":"1","high":"2","low":"0.5","close":"1.5",)"
                     R"("volume":"10","closed":true})");
        const auto events = pending(*subscription);
        QCOMPARE(events.size(), std::size_t(2));
        const auto &candle = std::get<model::Candle>(events[0].event);
        QVERIFY(candle.timeframe == model::Timeframe::M1);
        QCOMPARE(toUnixMillis(candle.openTime), 1710325020000LL);
        QCOMPARE(candle.open.toString(), std::string("2300"));
        QCOMPARE(candle.high.toString(), std::string("2320"));
        QCOMPARE(candle.low.toString(), std::string("2290.25"));
        QCOMPARE(candle.close.toString(), std::string("2310.5"));
        QCOMPARE(candle.volume.toString(), std::string("4"));
        QCOMPARE(candle.quoteVolume.toString(), std::string("9240"));
        QCOMPARE(candle.tradeCount, std::int64_t(3));
        QVERIFY(!candle.closed);
        const auto &older = std::get<model::Candle>(events[1].event);
        QVERIFY(older.timeframe == model::Timeframe::M5);
        QVERIFY(older.quoteVolume.isZero());
        QCOMPARE(older.tradeCount, std::int64_t(0));
        QVERIFY(older.closed);
        QCOMPARE(feed.malformed(), 0LL);
    }

    void decodesBooks()
    {
        MarketFeed feed;
        auto subscription = feed.subscribe(MarketFeed::Kind::Book, "binance", "ETHUSDT");
        feed.publish(bookMessage("binance", "ETHUSDT", 55));
        const auto events = pending(*subscription);
        QCOMPARE(events.size(), std::size_t(1));
        const auto &book = std::get<BookTop>(events[0].event);
        QCOMPARE(book.updateId, std::int64_t(55));
        QCOMPARE(toUnixMillis(book.time), 1710325062600LL);
        QCOMPARE(book.bids.size(), std::size_t(2));
        QCOMPARE(book.bids[0].price.toString(), std::string("2310.4"));
        QCOMPARE(book.bids[0].quantity.toString(), std::string("1.5"));
        QCOMPARE(book.bids[1].price.toString(), std::string("2310.3"));
        QCOMPARE(book.asks.size(), std::size_t(1));
        QCOMPARE(book.asks[0].quantity.toString(), std::string("0.7"));

        // An empty side is a valid book.
        feed.publish(R"({"type":"book","exchange":"binance","symbol":"ETHUSDT","update_id":56,)"
                     R"("time":1,"bids":[],"asks":[["1","2"]]})");
        const auto next = pending(*subscription);
        QCOMPARE(next.size(), std::size_t(1));
        QVERIFY(std::get<BookTop>(next[0].event).bids.empty());
        QCOMPARE(feed.malformed(), 0LL);
    }

    void routesByKindExchangeAndSymbol()
    {
        MarketFeed feed;
        auto trades = feed.subscribe(MarketFeed::Kind::Trade, "binance", "BTCUSDT");
        auto candles = feed.subscribe(MarketFeed::Kind::Candle, "binance", "BTCUSDT");
        auto books = feed.subscribe(MarketFeed::Kind::Book, "binance", "BTCUSDT");
        auto bybitTrades = feed.subscribe(MarketFeed::Kind::Trade, "bybit", "BTCUSDT");
        auto secondTrades = feed.subscribe(MarketFeed::Kind::Trade, "binance", "BTCUSDT");

        feed.publish(tradeMessage("binance", "BTCUSDT", 1));
        feed.publish(tradeMessage("binance", "ETHUSDT", 2));
        feed.publish(tradeMessage("bybit", "BTCUSDT", 3));
        feed.publish(candleMessage("binance", "BTCUSDT"));
        feed.publish(candleMessage("bybit", "BTCUSDT"));
        feed.publish(bookMessage("binance", "BTCUSDT", 9));
        feed.publish(bookMessage("binance", "ETHUSDT", 10));

        auto events = pending(*trades);
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(tradeId(events[0]), 1LL);
        events = pending(*secondTrades); // every subscriber of an instrument gets the event
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(tradeId(events[0]), 1LL);
        events = pending(*bybitTrades);
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(tradeId(events[0]), 3LL);
        events = pending(*candles);
        QCOMPARE(events.size(), std::size_t(1));
        QVERIFY(std::holds_alternative<model::Candle>(events[0].event));
        events = pending(*books);
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(updateId(events[0]), 9LL);
    }

    void severalSymbolsInOneSubscription()
    {
        MarketFeed feed;
        auto subscription = feed.subscribe(MarketFeed::Kind::Candle, "binance",
                                           std::vector<std::string>{"BTCUSDT", "ETHUSDT"});
        feed.publish(candleMessage("binance", "ETHUSDT", "1"));
        feed.publish(candleMessage("binance", "SOLUSDT", "2"));
        feed.publish(candleMessage("binance", "BTCUSDT", "3"));
        feed.publish(candleMessage("bybit", "ETHUSDT", "4"));
        feed.publish(candleMessage("binance", "ETHUSDT", "5"));
        const auto events = pending(*subscription);
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[0].symbol, std::string("ETHUSDT"));
        QCOMPARE(std::get<model::Candle>(events[0].event).close.toString(), std::string("1"));
        QCOMPARE(events[1].symbol, std::string("BTCUSDT"));
        QCOMPARE(std::get<model::Candle>(events[1].event).close.toString(), std::string("3"));
        QCOMPARE(events[2].symbol, std::string("ETHUSDT"));
        QCOMPARE(std::get<model::Candle>(events[2].event).close.toString(), std::string("5"));
    }

    void booksAreConflatedForASlowSubscriber()
    {
        MarketFeed feed;
        auto single = feed.subscribe(MarketFeed::Kind::Book, "binance", "BTCUSDT");
        auto several = feed.subscribe(MarketFeed::Kind::Book, "binance",
                                      std::vector<std::string>{"BTCUSDT", "ETHUSDT"});
        for (long long id = 1; id <= 50; ++id) {
            feed.publish(bookMessage("binance", "BTCUSDT", id));
            feed.publish(bookMessage("binance", "ETHUSDT", 1000 + id));
        }
        auto events = pending(*single);
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(updateId(events[0]), 50LL);
        // Only the newest book of each symbol, however the updates interleave.
        events = pending(*several);
        QCOMPARE(events.size(), std::size_t(2));
        std::map<std::string, long long> newest;
        for (const auto &event : events)
            newest[event.symbol] = updateId(event);
        QCOMPARE(newest["BTCUSDT"], 50LL);
        QCOMPARE(newest["ETHUSDT"], 1050LL);
        QCOMPARE(single->dropped(), 0LL);
        QCOMPARE(several->dropped(), 0LL);

        // Trades are never conflated.
        auto trades = feed.subscribe(MarketFeed::Kind::Trade, "binance", "BTCUSDT");
        for (long long id = 1; id <= 5; ++id)
            feed.publish(tradeMessage("binance", "BTCUSDT", id));
        QCOMPARE(pending(*trades).size(), std::size_t(5));
    }

    void latestBookPerInstrument()
    {
        MarketFeed feed;
        QVERIFY(!feed.latestBook("binance", "BTCUSDT").has_value());
        // Kept without any subscriber, per exchange and symbol.
        feed.publish(bookMessage("binance", "BTCUSDT", 1));
        feed.publish(bookMessage("binance", "BTCUSDT", 2));
        feed.publish(bookMessage("bybit", "BTCUSDT", 7));
        QCOMPARE(feed.latestBook("binance", "BTCUSDT")->updateId, std::int64_t(2));
        QCOMPARE(feed.latestBook("binance", "BTCUSDT")->bids.size(), std::size_t(2));
        QCOMPARE(feed.latestBook("bybit", "BTCUSDT")->updateId, std::int64_t(7));
        QVERIFY(!feed.latestBook("binance", "ETHUSDT").has_value());
        QVERIFY(!feed.latestBook("bybit", "ETHUSDT").has_value());
        // A malformed book does not replace it.
        feed.publish(R"({"type":"book","exchange":"binance","symbol":"BTCUSDT","update_id":3,)"
                     R"("time":1,"bids":[["x","1"]],"asks":[]})");
        QCOMPARE(feed.latestBook("binance", "BTCUSDT")->updateId, std::int64_t(2));
        QCOMPARE(feed.malformed(), 1LL);
    }

    void malformedMessagesAreCountedAndIgnored_data()
    {
        QTest::addColumn<QString>("message");
        const auto row = [](const char *name, const std::string &message) {
            QTest::newRow(name) << QString::fromStdString(message);
        };
        row("not JSON", "{\"type\":\"trade\",");
        row("empty", "");
        row("not an object", "[1,2,3]");
        row("unknown type",
            R"({"type":"ticker","exchange":"binance","symbol":"BTCUSDT","price":"1"})");
        row("no type", R"({"exchange":"binance","symbol":"BTCUSDT","id":1})");
        row("no exchange", R"({"type":"trade","symbol":"BTCUSDT","id":1,"time":1,"price":"1",)"
                           R"("quantity":"1","side":"buy"})");
        row("no symbol", R"({"type":"trade","exchange":"binance","id":1,"time":1,"price":"1",)"
                         R"("quantity":"1","side":"buy"})");
        row("trade id as text", R"({"type":"trade","exchange":"binance","symbol":"BTCUSDT",)"
                                R"("id":"x","time":1,"price":"1","quantity":"1","side":"buy"})");
        row("trade without price", R"({"type":"trade","exchange":"binance","symbol":"BTCUSDT",)"
                                   R"("id":1,"time":1,"quantity":"1","side":"buy"})");
        row("trade price as number", R"({"type":"trade","exchange":"binance","symbol":"BTCUSDT",)"
                                     R"("id":1,"time":1,"price":1.5,"quantity":"1","side":"buy"})");
        row("trade bad decimal", tradeMessage("binance", "BTCUSDT", 1, "1.2.3"));
        row("trade too many digits", tradeMessage("binance", "BTCUSDT", 1, "0.123456789"));
        row("trade exponent", tradeMessage("binance", "BTCUSDT", 1, "1e3"));
        row("trade unknown side", tradeMessage("binance", "BTCUSDT", 1, "1", "hold"));
        row("candle bad timeframe",
            R"({"type":"candle","exchange":"binance","symbol":"BTCUSDT","timeframe":"2m",)"
            R"("open_time":0,"open":"1","high":"1","low":"1","close":"1","volume":"1",)"
            R"("closed":true})");
        row("candle without close",
            R"({"type":"candle","exchange":"binance","symbol":"BTCUSDT","timeframe":"1m",)"
            R"("open_time":0,"open":"1","high":"1","low":"1","volume":"1","closed":true})");
        row("candle without closed",
            R"({"type":"candle","exchange":"binance","symbol":"BTCUSDT","timeframe":"1m",)"
            R"("open_time":0,"open":"1","high":"1","low":"1","close":"1","volume":"1"})");
        row("candle bad volume",
            R"({"type":"candle","exchange":"binance","symbol":"BTCUSDT","timeframe":"1m",)"
            R"("open_time":0,"open":"1","high":"1","low":"1","close":"1","volume":"lots",)"
            R"("closed":true})");
        row("candle bad quote volume",
            R"({"type":"candle","exchange":"binance","symbol":"BTCUSDT","timeframe":"1m",)"
            R"("open_time":0,"open":"1","high":"1","low":"1","close":"1","volume":"1",)"
            R"("quote_volume":"-x","closed":true})");
        row("book without asks", R"({"type":"book","exchange":"binance","symbol":"BTCUSDT",)"
                                 R"("update_id":1,"time":1,"bids":[["1","1"]]})");
        row("book level of three", R"({"type":"book","exchange":"binance","symbol":"BTCUSDT",)"
                                   R"("update_id":1,"time":1,"bids":[["1","1","1"]],"asks":[]})");
        row("book level as numbers", R"({"type":"book","exchange":"binance","symbol":"BTCUSDT",)"
                                     R"("update_id":1,"time":1,"bids":[[1,1]],"asks":[]})");
        row("book bad quantity", R"({"type":"book","exchange":"binance","symbol":"BTCUSDT",)"
                                 R"("update_id":1,"time":1,"bids":[],"asks":[["1","q"]]})");
        row("book without update id", R"({"type":"book","exchange":"binance","symbol":"BTCUSDT",)"
                                      R"("time":1,"bids":[],"asks":[]})");
    }

    void malformedMessagesAreCountedAndIgnored()
    {
        QFETCH(QString, message);
        MarketFeed feed;
        auto trades = feed.subscribe(MarketFeed::Kind::Trade, "binance", "BTCUSDT");
        auto candles = feed.subscribe(MarketFeed::Kind::Candle, "binance", "BTCUSDT");
        auto books = feed.subscribe(MarketFeed::Kind::Book, "binance", "BTCUSDT");
        feed.publish(message.toStdString());
        QCOMPARE(feed.malformed(), 1LL);
        QVERIFY(pending(*trades).empty());
        QVERIFY(pending(*candles).empty());
        QVERIFY(pending(*books).empty());
        QVERIFY(!feed.latestBook("binance", "BTCUSDT").has_value());

        // The feed goes on: the next good message is delivered, and counted malformed ones add up.
        feed.publish(tradeMessage("binance", "BTCUSDT", 7));
        feed.publish(message.toStdString());
        const auto events = pending(*trades);
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(tradeId(events[0]), 7LL);
        QCOMPARE(feed.malformed(), 2LL);
    }

    void unsubscribeStopsDelivery()
    {
        MarketFeed feed;
        auto leaving = feed.subscribe(MarketFeed::Kind::Trade, "binance", "BTCUSDT");
        auto staying = feed.subscribe(MarketFeed::Kind::Trade, "binance", "BTCUSDT");
        auto several = feed.subscribe(MarketFeed::Kind::Candle, "binance",
                                      std::vector<std::string>{"BTCUSDT", "ETHUSDT"});
        feed.publish(tradeMessage("binance", "BTCUSDT", 1));
        QCOMPARE(pending(*leaving).size(), std::size_t(1));

        feed.unsubscribe(leaving);
        feed.unsubscribe(several); // every symbol of it
        feed.publish(tradeMessage("binance", "BTCUSDT", 2));
        feed.publish(candleMessage("binance", "BTCUSDT"));
        feed.publish(candleMessage("binance", "ETHUSDT"));
        QVERIFY(pending(*leaving).empty());
        QVERIFY(pending(*several).empty());
        auto events = pending(*staying);
        QCOMPARE(events.size(), std::size_t(2));
        QCOMPARE(tradeId(events[1]), 2LL);

        // A subscription its owner dropped without unsubscribing is simply skipped.
        auto forgotten = feed.subscribe(MarketFeed::Kind::Trade, "binance", "BTCUSDT");
        forgotten.reset();
        feed.publish(tradeMessage("binance", "BTCUSDT", 3));
        events = pending(*staying);
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(tradeId(events[0]), 3LL);
    }

    void pendingEventsAreCappedDroppingTheOldest()
    {
        MarketFeed feed;
        auto subscription = feed.subscribe(MarketFeed::Kind::Trade, "binance", "BTCUSDT");
        constexpr long long kCap = 10'000, kExtra = 7;
        for (long long id = 1; id <= kCap + kExtra; ++id)
            feed.publish(tradeMessage("binance", "BTCUSDT", id));
        QCOMPARE(subscription->dropped(), kExtra);
        const auto events = pending(*subscription);
        QCOMPARE(events.size(), std::size_t(kCap));
        QCOMPARE(tradeId(events.front()), kExtra + 1); // the oldest ones went
        QCOMPARE(tradeId(events.back()), kCap + kExtra);
        for (std::size_t i = 1; i < events.size(); ++i)
            QCOMPARE(tradeId(events[i]), tradeId(events[i - 1]) + 1);
        // Once drained, it accepts events again; the count of dropped ones stays.
        feed.publish(tradeMessage("binance", "BTCUSDT", 99'999));
        QCOMPARE(pending(*subscription).size(), std::size_t(1));
        QCOMPARE(subscription->dropped(), kExtra);
    }

    void waitWakesUpOnAnEventFromAnotherThread()
    {
        MarketFeed feed;
        auto subscription = feed.subscribe(MarketFeed::Kind::Trade, "binance", "BTCUSDT");
        QVERIFY(pending(*subscription).empty());
        std::thread publisher([&] { feed.publish(tradeMessage("binance", "BTCUSDT", 5)); });
        std::vector<FeedEvent> events;
        // Generous: the wait ends as soon as the event is there.
        for (int i = 0; i < 60 && events.empty(); ++i)
            events = subscription->wait(1000ms);
        publisher.join();
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(tradeId(events[0]), 5LL);
    }
};

QTEST_APPLESS_MAIN(TestMarketFeed)
#include "test_market_feed.moc"
