// Bybit v5 spot payload decoding against recorded responses in Bybit's documented format
// (tests/data/bybit, taken from the documentation's examples), and malformed payloads that must
// fail cleanly, never crash.
#include "bybit_messages.h"

#include <QFile>
#include <QTest>

#include <random>

using namespace bcf;
using namespace bcf::connectors;

namespace {

std::string recorded(const char *name)
{
    QFile file(QStringLiteral(BCF_TEST_DATA_DIR "/bybit/") + QString::fromLatin1(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", name);
    return file.readAll().toStdString();
}

std::vector<std::string> lines(const std::string &text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        out.push_back(text.substr(start, end - start));
        start = end == std::string::npos ? text.size() : end + 1;
    }
    return out;
}

} // namespace

class TestBybitMessages final : public QObject {
    Q_OBJECT

private slots:
    void instruments()
    {
        const auto instruments = bybit::parseInstruments(recorded("instruments.json"));
        QVERIFY2(instruments.has_value(), instruments ? "" : instruments.error().message.c_str());
        QCOMPARE(instruments->size(), std::size_t(2)); // OLDUSDT is not Trading
        const auto &btc = instruments->front();
        QCOMPARE(btc.exchange, std::string("bybit"));
        QCOMPARE(btc.symbol, std::string("BTCUSDT"));
        QCOMPARE(btc.base, std::string("BTC"));
        QCOMPARE(btc.quote, std::string("USDT"));
        QCOMPARE(btc.tickSize, *Price::parse("0.01"));
        QCOMPARE(btc.lotSize, *Quantity::parse("0.000001"));   // basePrecision
        QCOMPARE(btc.minNotional, *Money::parse("1"));         // minOrderAmt
        QCOMPARE(btc.pricePrecision, 2);
        QCOMPARE(btc.quantityPrecision, 6);
        QCOMPARE(instruments->back().tickSize, *Price::parse("0.0001"));
        QCOMPARE(instruments->back().quantityPrecision, 2);
    }

    void klinesAreOldestFirstAndClosedByServerTime()
    {
        const auto candles = bybit::parseKlines(recorded("klines.json"), model::Timeframe::M1);
        QVERIFY2(candles.has_value(), candles ? "" : candles.error().message.c_str());
        QCOMPARE(candles->size(), std::size_t(3));
        QCOMPARE(toUnixMillis(candles->front().openTime), 1'670'608'800'000LL);
        QCOMPARE(toUnixMillis(candles->back().openTime), 1'670'608'920'000LL);
        QCOMPARE(candles->front().open, *Price::parse("17071.5"));
        QCOMPARE(candles->front().close, *Price::parse("17071"));
        QCOMPARE(candles->front().volume, *Quantity::parse("0.4177"));
        QCOMPARE(candles->at(1).quoteVolume, *Money::parse("45825.19062233"));
        QCOMPARE(candles->front().tradeCount, std::int64_t(0));
        QVERIFY(candles->front().closed);
        QVERIFY(candles->at(1).closed);
        QVERIFY(!candles->back().closed); // ends at …980000, after the answer's "time"
    }

    void orderbookAndRecentTrades()
    {
        const auto book = bybit::parseOrderbook(recorded("orderbook.json"));
        QVERIFY2(book.has_value(), book ? "" : book.error().message.c_str());
        QCOMPARE(book->symbol, std::string("BTCUSDT"));
        QCOMPARE(book->updateId, std::int64_t(230704));
        QCOMPARE(book->sequence, std::int64_t(1432604333));
        QCOMPARE(toUnixMillis(book->time), 1'716'863'719'031LL);
        QCOMPARE(book->bids.size(), std::size_t(3));
        QCOMPARE(book->asks.size(), std::size_t(2));
        QCOMPARE(book->bids.front().price, *Price::parse("65485.47"));
        QCOMPARE(book->asks.front().quantity, *Quantity::parse("16.606555"));

        const auto trades = bybit::parseRecentTrades(recorded("recent_trades.json"));
        QVERIFY2(trades.has_value(), trades ? "" : trades.error().message.c_str());
        QCOMPARE(trades->size(), std::size_t(2));
        QCOMPARE(trades->front().id, std::int64_t(2100000000007764263)); // oldest first
        QCOMPARE(trades->front().aggressor, model::Side::Buy);
        QCOMPARE(trades->front().quantity, *Quantity::parse("0.00012"));
        QCOMPARE(toUnixMillis(trades->front().time), 1'672'052'955'758LL);
        QCOMPARE(trades->back().aggressor, model::Side::Sell);
        QCOMPARE(trades->back().price, *Price::parse("16618.52"));
    }

    void errorEnvelopes()
    {
        const std::string limited =
            R"({"retCode":10006,"retMsg":"Too many visits!","result":{},"retExtInfo":{},"time":1})";
        const auto rateLimited = bybit::parseKlines(limited, model::Timeframe::M1);
        QVERIFY(!rateLimited.has_value());
        QCOMPARE(rateLimited.error().code, ErrorCode::Unavailable);
        QVERIFY(bybit::isRateLimit(bybit::parseEnvelope(limited)->retCode));

        const std::string badSymbol =
            R"({"retCode":10001,"retMsg":"Not supported symbols","result":{},"retExtInfo":{},"time":1})";
        const auto invalid = bybit::parseRecentTrades(badSymbol);
        QVERIFY(!invalid.has_value());
        QCOMPARE(invalid.error().code, ErrorCode::InvalidArgument);
        QVERIFY(invalid.error().message.find("Not supported symbols") != std::string::npos);
        QVERIFY(!bybit::isRateLimit(bybit::parseEnvelope(badSymbol)->retCode));
        QCOMPARE(bybit::parseInstruments(badSymbol).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(bybit::apiError(10016, "Server error.").code, ErrorCode::Unavailable);
    }

    void intervals()
    {
        QCOMPARE(*bybit::intervalName(model::Timeframe::M1), std::string_view("1"));
        QCOMPARE(*bybit::intervalName(model::Timeframe::H4), std::string_view("240"));
        QCOMPARE(*bybit::intervalName(model::Timeframe::Mo1), std::string_view("M"));
        QVERIFY(!bybit::intervalName(model::Timeframe::H8).has_value());
        QCOMPARE(*bybit::parseInterval("D"), model::Timeframe::D1);
        QVERIFY(!bybit::parseInterval("1m").has_value());
    }

    // The recorded stream, in order: a subscription, a book snapshot and delta, trades, a forming
    // and a confirmed kline, a pong, a failed subscription, a service-restart snapshot (u = 1).
    void streamMessages()
    {
        const auto messages = lines(recorded("ws_messages.txt"));
        QCOMPARE(messages.size(), std::size_t(9));
        std::vector<bybit::StreamMessage> decoded;
        for (const auto &line : messages) {
            auto message = bybit::parseStreamMessage(line);
            QVERIFY2(message.has_value(), message ? "" : message.error().message.c_str());
            decoded.push_back(std::move(*message));
        }

        const auto &subscribed = std::get<bybit::OperationReply>(decoded[0]);
        QCOMPARE(subscribed.op, std::string("subscribe"));
        QVERIFY(subscribed.success);
        QCOMPARE(subscribed.requestId, std::string("10001"));

        const auto &snapshot = std::get<bybit::BookEvent>(decoded[1]);
        QVERIFY(snapshot.snapshot);
        QCOMPARE(snapshot.depth, 50);
        QCOMPARE(snapshot.book.symbol, std::string("BTCUSDT"));
        QCOMPARE(snapshot.book.updateId, std::int64_t(18521288));
        QCOMPARE(snapshot.book.sequence, std::int64_t(7961638724));
        const auto &delta = std::get<bybit::BookEvent>(decoded[2]);
        QVERIFY(!delta.snapshot);
        model::OrderBook book;
        book.applySnapshot(snapshot.book.updateId, snapshot.book.bids, snapshot.book.asks);
        QVERIFY(book.applyDiff(delta.book.updateId, delta.book.updateId, delta.book.bids,
                               delta.book.asks)
                    .has_value());
        QCOMPARE(book.bestBid()->price, *Price::parse("16494"));
        QCOMPARE(book.bestAsk()->price, *Price::parse("16610.5"));
        QCOMPARE(book.bidLevels(), std::size_t(2)); // 16493.50 removed, 16494 added

        const auto &trades = std::get<bybit::TradeEvent>(decoded[3]);
        QCOMPARE(trades.symbol, std::string("BTCUSDT"));
        QCOMPARE(trades.trades.size(), std::size_t(2));
        QCOMPARE(trades.trades.front().id, std::int64_t(2290000000061666327));
        QCOMPARE(trades.trades.back().id, std::int64_t(2290000000061666330)); // not consecutive
        QCOMPARE(trades.trades.back().aggressor, model::Side::Sell);
        QCOMPARE(toUnixMillis(trades.trades.front().time), 1'672'304'486'865LL);

        const auto &forming = std::get<bybit::KlineEvent>(decoded[4]);
        QCOMPARE(forming.symbol, std::string("BTCUSDT"));
        QCOMPARE(forming.candles.size(), std::size_t(1));
        QVERIFY(!forming.candles.front().closed);
        QCOMPARE(forming.candles.front().timeframe, model::Timeframe::M1);
        QCOMPARE(forming.candles.front().quoteVolume, *Money::parse("34666.4005"));
        const auto &confirmed = std::get<bybit::KlineEvent>(decoded[5]);
        QVERIFY(confirmed.candles.front().closed);
        QCOMPARE(confirmed.candles.front().high, *Price::parse("16681"));

        QVERIFY(std::holds_alternative<bybit::Pong>(decoded[6]));
        const auto &failed = std::get<bybit::OperationReply>(decoded[7]);
        QVERIFY(!failed.success);
        QVERIFY(failed.message.find("orderbook.7.BTCUSDT") != std::string::npos);

        const auto &restart = std::get<bybit::BookEvent>(decoded[8]);
        QVERIFY(restart.snapshot);
        QCOMPARE(restart.book.updateId, std::int64_t(1));
    }

    void restartDeltaIsASnapshot()
    {
        // u = 1 means Bybit's book service restarted: whatever "type" says, start over.
        const auto message = bybit::parseStreamMessage(
            R"({"topic":"orderbook.50.ETHUSDT","type":"delta","ts":1,"data":{"s":"ETHUSDT","b":[],"a":[["1","1"]],"u":1,"seq":5}})");
        QVERIFY(message.has_value());
        QVERIFY(std::get<bybit::BookEvent>(*message).snapshot);
    }

    void requests()
    {
        QCOMPARE(bybit::operationRequest("subscribe", {"kline.1.BTCUSDT", "publicTrade.BTCUSDT"}),
                 std::string(R"({"op":"subscribe","args":["kline.1.BTCUSDT","publicTrade.BTCUSDT"]})"));
        QCOMPARE(bybit::operationRequest("unsubscribe", {"orderbook.50.BTCUSDT"}, "7"),
                 std::string(R"({"req_id":"7","op":"unsubscribe","args":["orderbook.50.BTCUSDT"]})"));
        QCOMPARE(bybit::pingRequest(), std::string(R"({"op":"ping"})"));
        QCOMPARE(bybit::orderbookTopic("BTCUSDT", 50), std::string("orderbook.50.BTCUSDT"));
        QCOMPARE(bybit::klineTopic("ETHUSDT"), std::string("kline.1.ETHUSDT"));
        QCOMPARE(bybit::tradeTopic("ETHUSDT"), std::string("publicTrade.ETHUSDT"));
        // A request is itself a valid operation message (the simulator decodes it).
        QVERIFY(!bybit::parseStreamMessage(bybit::operationRequest("subscribe", {"x.y"}))
                     .has_value()); // no "success": a request, not a reply
    }

    void malformedMessagesAreErrors_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::newRow("not json") << QStringLiteral("{\"topic\":");
        QTest::newRow("array") << QStringLiteral("[]");
        QTest::newRow("no topic, no op") << QStringLiteral("{\"type\":\"snapshot\"}");
        QTest::newRow("unknown topic") << QStringLiteral(
            "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{}}");
        QTest::newRow("topic without symbol") << QStringLiteral(
            "{\"topic\":\"orderbook.50.\",\"type\":\"snapshot\",\"data\":{}}");
        QTest::newRow("price as number") << QStringLiteral(
            "{\"topic\":\"publicTrade.X\",\"type\":\"snapshot\",\"data\":[{\"T\":1,\"s\":\"X\","
            "\"S\":\"Buy\",\"v\":\"1\",\"p\":16578.5,\"i\":\"1\",\"BT\":false}]}");
        QTest::newRow("exponent price") << QStringLiteral(
            "{\"topic\":\"publicTrade.X\",\"type\":\"snapshot\",\"data\":[{\"T\":1,\"s\":\"X\","
            "\"S\":\"Buy\",\"v\":\"1\",\"p\":\"1e3\",\"i\":\"1\",\"BT\":false}]}");
        QTest::newRow("unknown side") << QStringLiteral(
            "{\"topic\":\"publicTrade.X\",\"type\":\"snapshot\",\"data\":[{\"T\":1,\"s\":\"X\","
            "\"S\":\"Hold\",\"v\":\"1\",\"p\":\"1\",\"i\":\"1\",\"BT\":false}]}");
        QTest::newRow("non-numeric trade id") << QStringLiteral(
            "{\"topic\":\"publicTrade.X\",\"type\":\"snapshot\",\"data\":[{\"T\":1,\"s\":\"X\","
            "\"S\":\"Buy\",\"v\":\"1\",\"p\":\"1\",\"i\":\"d9cd8295-40dc\",\"BT\":false}]}");
        QTest::newRow("short level") << QStringLiteral(
            "{\"topic\":\"orderbook.50.X\",\"type\":\"delta\",\"data\":{\"s\":\"X\",\"b\":[[\"1\"]],"
            "\"a\":[],\"u\":2,\"seq\":3}}");
        QTest::newRow("unknown book type") << QStringLiteral(
            "{\"topic\":\"orderbook.50.X\",\"type\":\"patch\",\"data\":{\"s\":\"X\",\"b\":[],"
            "\"a\":[],\"u\":2,\"seq\":3}}");
        QTest::newRow("book of another symbol") << QStringLiteral(
            "{\"topic\":\"orderbook.50.X\",\"type\":\"delta\",\"data\":{\"s\":\"Y\",\"b\":[],"
            "\"a\":[],\"u\":2,\"seq\":3}}");
        QTest::newRow("bad depth") << QStringLiteral(
            "{\"topic\":\"orderbook.fifty.X\",\"type\":\"delta\",\"data\":{\"s\":\"X\",\"b\":[],"
            "\"a\":[],\"u\":2,\"seq\":3}}");
        QTest::newRow("bad interval") << QStringLiteral(
            "{\"topic\":\"kline.1m.X\",\"type\":\"snapshot\",\"data\":[{\"start\":0,\"end\":1,"
            "\"interval\":\"1m\",\"open\":\"1\",\"close\":\"1\",\"high\":\"1\",\"low\":\"1\","
            "\"volume\":\"1\",\"turnover\":\"1\",\"confirm\":true,\"timestamp\":1}]}");
        QTest::newRow("kline data not array") << QStringLiteral(
            "{\"topic\":\"kline.1.X\",\"type\":\"snapshot\",\"data\":{}}");
        QTest::newRow("reply without success") << QStringLiteral(
            "{\"op\":\"subscribe\",\"ret_msg\":\"\"}");
    }

    void malformedMessagesAreErrors()
    {
        QFETCH(QString, payload);
        const auto message = bybit::parseStreamMessage(payload.toStdString());
        QVERIFY(!message.has_value());
        QCOMPARE(message.error().code, ErrorCode::InvalidArgument);
        QVERIFY(message.error().message.starts_with("malformed Bybit payload"));
    }

    void malformedRestAnswersAreErrors_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::newRow("empty") << QString();
        QTest::newRow("no envelope") << QStringLiteral("[[\"1\",\"2\"]]");
        QTest::newRow("retCode as string") << QStringLiteral(
            "{\"retCode\":\"0\",\"result\":{\"list\":[]},\"time\":1}");
        QTest::newRow("no result") << QStringLiteral("{\"retCode\":0,\"retMsg\":\"OK\",\"time\":1}");
        QTest::newRow("list not array") << QStringLiteral(
            "{\"retCode\":0,\"result\":{\"list\":{}},\"time\":1}");
        QTest::newRow("short kline") << QStringLiteral(
            "{\"retCode\":0,\"result\":{\"list\":[[\"1\",\"2\",\"3\"]]},\"time\":1}");
        QTest::newRow("kline time not a number") << QStringLiteral(
            "{\"retCode\":0,\"result\":{\"list\":[[\"x\",\"1\",\"1\",\"1\",\"1\",\"1\",\"1\"]]},"
            "\"time\":1}");
        QTest::newRow("kline without server time") << QStringLiteral(
            "{\"retCode\":0,\"result\":{\"list\":[]}}");
    }

    void malformedRestAnswersAreErrors()
    {
        QFETCH(QString, payload);
        const std::string text = payload.toStdString();
        const auto candles = bybit::parseKlines(text, model::Timeframe::M1);
        QVERIFY(!candles.has_value());
        QCOMPARE(candles.error().code, ErrorCode::InvalidArgument);
        const auto book = bybit::parseOrderbook(text);
        QVERIFY(!book.has_value());
        QCOMPARE(book.error().code, ErrorCode::InvalidArgument);
    }

    // A small fuzz pass: every truncation and random byte flips of the recorded payloads must
    // decode or fail with an error — never crash or hang.
    void truncatedAndCorruptedPayloadsNeverCrash()
    {
        std::mt19937 random(17);
        for (const char *name : {"instruments.json", "klines.json", "orderbook.json",
                                 "recent_trades.json", "ws_messages.txt"}) {
            const std::string text = recorded(name);
            for (std::size_t length = 0; length < text.size(); length += 5) {
                const std::string cut = text.substr(0, length);
                (void)bybit::parseInstruments(cut).has_value();
                (void)bybit::parseKlines(cut, model::Timeframe::M1).has_value();
                (void)bybit::parseOrderbook(cut).has_value();
                (void)bybit::parseRecentTrades(cut).has_value();
                (void)bybit::parseStreamMessage(cut).has_value();
            }
            for (int round = 0; round < 300; ++round) {
                std::string corrupted = text;
                for (int flips = 0; flips < 3; ++flips)
                    corrupted[random() % corrupted.size()] = static_cast<char>(random() % 256);
                (void)bybit::parseInstruments(corrupted).has_value();
                (void)bybit::parseKlines(corrupted, model::Timeframe::M1).has_value();
                (void)bybit::parseOrderbook(corrupted).has_value();
                (void)bybit::parseRecentTrades(corrupted).has_value();
                for (const auto &line : lines(corrupted))
                    (void)bybit::parseStreamMessage(line).has_value();
            }
        }
        QVERIFY(bybit::parseOrderbook(recorded("orderbook.json")).has_value());
    }
};

QTEST_APPLESS_MAIN(TestBybitMessages)
#include "test_bybit_messages.moc"
