// bcf-exchange-sim over real HTTP and WebSockets on loopback, read with the product's Binance
// decoders: REST payloads, Binance error codes, and the documented order-book sync procedure
// (buffer the diff stream, take a snapshot, drop stale diffs, apply the rest) staying in sync;
// aggregate trades (REST paging and stream), live SUBSCRIBE messages, server pings, and CSV
// replay.
#include "binance_messages.h"
#include "exchange_simulator.h"
#include "sim/replay.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTest>
#include <QWebSocket>

namespace {

const QString kDataDir = QStringLiteral(BCF_TEST_DATA_DIR "/sim/");

// A WebSocket client that keeps subscription replies apart from stream events.
struct StreamClient {
    QWebSocket socket;
    QStringList replies;
    QStringList events;

    bool open(const QUrl &url)
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &message) {
            if (message.startsWith(QLatin1String("{\"result\""))
                || message.startsWith(QLatin1String("{\"error\"")))
                replies.append(message);
            else
                events.append(message);
        });
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(url);
        return connected.wait(10000);
    }

    // Sends `request` and waits for the next reply.
    QString call(const QString &request)
    {
        const qsizetype before = replies.size();
        socket.sendTextMessage(request);
        for (int i = 0; i < 100 && replies.size() == before; ++i)
            QTest::qWait(50);
        return replies.size() > before ? replies.at(before) : QString();
    }
};

} // namespace

using namespace bcf;
using namespace bcf::connectors;

class TestExchangeSim final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<exchange_sim::ExchangeSimulator> m_simulator;
    QNetworkAccessManager m_network;

    QByteArray get(const QString &pathAndQuery, int *status = nullptr,
                   QByteArray *weight = nullptr)
    {
        QNetworkReply *reply = m_network.get(QNetworkRequest(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_simulator->restPort()).arg(pathAndQuery))));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(10000))
            return {};
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (weight)
            *weight = reply->rawHeader(QByteArrayLiteral("X-MBX-USED-WEIGHT-1M"));
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    }

private slots:
    void initTestCase()
    {
        exchange_sim::ExchangeSimulator::Options options;
        options.seed = 5;
        options.historyMinutes = 600;
        options.pingInterval = std::chrono::milliseconds(300);
        m_simulator = std::make_unique<exchange_sim::ExchangeSimulator>(options);
        QString error;
        QVERIFY2(m_simulator->start(&error), qPrintable(error));
    }

    void restPayloadsDecode()
    {
        QByteArray weight;
        const auto info = binance::parseExchangeInfo(
            get(QStringLiteral("/api/v3/exchangeInfo"), nullptr, &weight).toStdString());
        QVERIFY2(info.has_value(), info ? "" : info.error().message.c_str());
        QCOMPARE(info->size(), std::size_t(4));
        QVERIFY(weight.toInt() >= 20);

        const auto klines = binance::parseKlines(
            get(QStringLiteral("/api/v3/klines?symbol=BTCUSDT&interval=15m&limit=20")).toStdString(),
            model::Timeframe::M15, fromUnixMillis(QDateTime::currentMSecsSinceEpoch()));
        QVERIFY(klines.has_value());
        QCOMPARE(klines->size(), std::size_t(20));
        for (std::size_t i = 1; i < klines->size(); ++i)
            QCOMPARE((*klines)[i].openTime - (*klines)[i - 1].openTime, std::chrono::minutes(15));

        const auto depth = binance::parseDepthSnapshot(
            get(QStringLiteral("/api/v3/depth?symbol=ETHUSDT&limit=10")).toStdString());
        QVERIFY(depth.has_value());
        QCOMPARE(depth->bids.size(), std::size_t(10));
        QVERIFY(depth->bids.front().price < depth->asks.front().price);

        QTest::qWait(1500); // let some trades happen
        const auto trades = binance::parseTrades(
            get(QStringLiteral("/api/v3/trades?symbol=BTCUSDT&limit=5")).toStdString());
        QVERIFY(trades.has_value());
        QVERIFY(!trades->empty());
    }

    void binanceErrors()
    {
        int status = 0;
        QCOMPARE(get(QStringLiteral("/api/v3/depth?symbol=NOPEUSDT"), &status),
                 QByteArray(R"({"code":-1121,"msg":"Invalid symbol."})"));
        QCOMPARE(status, 400);
        QVERIFY(get(QStringLiteral("/api/v3/klines?symbol=BTCUSDT&interval=2m"), &status)
                    .contains("-1120"));
        QVERIFY(get(QStringLiteral("/api/v3/trades?symbol=BTCUSDT&limit=5000"), &status)
                    .contains("-1100"));
    }

    void aggTradesPageByIdWithTheDocumentedFields()
    {
        QTRY_VERIFY_WITH_TIMEOUT(
            QJsonDocument::fromJson(get(QStringLiteral("/api/v3/aggTrades?symbol=BTCUSDT&limit=30")))
                    .array()
                    .size()
                >= 30,
            20000);
        QByteArray weight;
        const QJsonArray newest = QJsonDocument::fromJson(
            get(QStringLiteral("/api/v3/aggTrades?symbol=BTCUSDT&limit=30"), nullptr, &weight)).array();
        QCOMPARE(newest.size(), 30);
        QVERIFY(weight.toInt() >= 4);
        for (const QJsonValue &value : newest) {
            const QJsonObject trade = value.toObject();
            QCOMPARE(trade.keys(), (QStringList{QStringLiteral("M"), QStringLiteral("T"),
                                                QStringLiteral("a"), QStringLiteral("f"),
                                                QStringLiteral("l"), QStringLiteral("m"),
                                                QStringLiteral("p"), QStringLiteral("q")}));
            QCOMPARE(trade.value(QLatin1String("f")).toInteger(), trade.value(QLatin1String("a")).toInteger());
            QCOMPARE(trade.value(QLatin1String("l")).toInteger(), trade.value(QLatin1String("a")).toInteger());
            QVERIFY(Price::parse(trade.value(QLatin1String("p")).toString().toStdString()).has_value());
            QVERIFY(Quantity::parse(trade.value(QLatin1String("q")).toString().toStdString())->raw() > 0);
            QVERIFY(trade.value(QLatin1String("m")).isBool());
            QCOMPARE(trade.value(QLatin1String("M")).toBool(), true);
        }
        // Page forward from an older id: consecutive ids, each page starting where the last ended.
        qint64 fromId = newest.at(0).toObject().value(QLatin1String("a")).toInteger();
        qint64 expected = fromId;
        for (int page = 0; page < 3; ++page) {
            const QJsonArray trades = QJsonDocument::fromJson(get(
                QStringLiteral("/api/v3/aggTrades?symbol=BTCUSDT&fromId=%1&limit=10").arg(fromId))).array();
            QCOMPARE(trades.size(), 10);
            for (const QJsonValue &trade : trades)
                QCOMPARE(trade.toObject().value(QLatin1String("a")).toInteger(), expected++);
            fromId = expected;
        }
        // An id older than anything kept answers from the oldest kept trade. Ids start from the
        // simulator's start time (in µs), so they keep growing across restarts.
        const QJsonArray oldest = QJsonDocument::fromJson(
            get(QStringLiteral("/api/v3/aggTrades?symbol=BTCUSDT&fromId=0&limit=2"))).array();
        const qint64 first = oldest.at(0).toObject().value(QLatin1String("a")).toInteger();
        QVERIFY(first > 1'000'000'000'000'000);
        QVERIFY(first <= newest.at(0).toObject().value(QLatin1String("a")).toInteger());
        QCOMPARE(oldest.at(1).toObject().value(QLatin1String("a")).toInteger(), first + 1);
        const QJsonArray older = QJsonDocument::fromJson(get(
            QStringLiteral("/api/v3/aggTrades?symbol=BTCUSDT&fromId=%1&limit=1").arg(first - 5))).array();
        QCOMPARE(older.at(0).toObject().value(QLatin1String("a")).toInteger(), first);
        // startTime/endTime are inclusive.
        const qint64 time = newest.at(5).toObject().value(QLatin1String("T")).toInteger();
        const QJsonArray atTime = QJsonDocument::fromJson(get(
            QStringLiteral("/api/v3/aggTrades?symbol=BTCUSDT&startTime=%1&endTime=%1").arg(time))).array();
        QVERIFY(!atTime.isEmpty());
        for (const QJsonValue &trade : atTime)
            QCOMPARE(trade.toObject().value(QLatin1String("T")).toInteger(), time);

        int status = 0;
        QCOMPARE(get(QStringLiteral("/api/v3/aggTrades?symbol=NOPEUSDT"), &status),
                 QByteArray(R"({"code":-1121,"msg":"Invalid symbol."})"));
        QCOMPARE(status, 400);
        QVERIFY(get(QStringLiteral("/api/v3/aggTrades?symbol=BTCUSDT&limit=1001"), &status).contains("-1100"));
        QVERIFY(get(QStringLiteral("/api/v3/aggTrades?symbol=BTCUSDT&fromId=abc"), &status).contains("-1100"));
        QCOMPARE(status, 400);
    }

    void aggTradeStreamDecodesAndTradesArePublished()
    {
        QSignalSpy published(m_simulator.get(), &exchange_sim::ExchangeSimulator::tradePublished);
        StreamClient client;
        QVERIFY(client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/btcusdt@aggTrade")
                                     .arg(m_simulator->webSocketPort()))));
        QTRY_VERIFY_WITH_TIMEOUT(client.events.size() >= 3, 20000);
        for (const QString &message : std::as_const(client.events)) {
            const QJsonObject raw = QJsonDocument::fromJson(message.toUtf8()).object();
            QCOMPARE(raw.value(QLatin1String("e")).toString(), QStringLiteral("aggTrade"));
            QCOMPARE(raw.value(QLatin1String("s")).toString(), QStringLiteral("BTCUSDT"));
            QCOMPARE(raw.value(QLatin1String("f")).toInteger(), raw.value(QLatin1String("a")).toInteger());
            QCOMPARE(raw.value(QLatin1String("l")).toInteger(), raw.value(QLatin1String("a")).toInteger());
            QVERIFY(raw.contains(QLatin1String("E")) && raw.contains(QLatin1String("T")));
            QCOMPARE(raw.value(QLatin1String("M")).toBool(), true);
            auto event = binance::parseStreamEvent(message.toStdString());
            QVERIFY2(event.has_value(), event ? "" : event.error().message.c_str());
            const auto *trade = std::get_if<binance::TradeEvent>(&*event);
            QVERIFY(trade);
            QCOMPARE(trade->trade.id, raw.value(QLatin1String("a")).toInteger());
        }
        QVERIFY(!published.isEmpty());
        QVERIFY(published.first().at(0).toString().endsWith(QLatin1String("USDT")));
        QVERIFY(published.first().at(1).toLongLong() > 0);
    }

    void liveSubscriptionsAsDocumented()
    {
        StreamClient client;
        QVERIFY(client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_simulator->webSocketPort()))));
        QCOMPARE(client.call(QStringLiteral(
                     R"({"method":"SUBSCRIBE","params":["btcusdt@aggTrade","ETHUSDT@trade"],"id":1})")),
                 QStringLiteral(R"({"result":null,"id":1})"));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(client.events.begin(), client.events.end(),
                        [](const QString &m) { return m.contains(QLatin1String(R"("e":"trade")")); })
                && std::any_of(client.events.begin(), client.events.end(),
                               [](const QString &m) { return m.contains(QLatin1String(R"("e":"aggTrade")")); }),
            20000);
        QCOMPARE(client.call(QStringLiteral(R"({"method":"LIST_SUBSCRIPTIONS","id":3})")),
                 QStringLiteral(R"({"result":["btcusdt@aggTrade","ethusdt@trade"],"id":3})"));
        QCOMPARE(client.call(QStringLiteral(
                     R"({"method":"UNSUBSCRIBE","params":["ethusdt@trade"],"id":312})")),
                 QStringLiteral(R"({"result":null,"id":312})"));
        QCOMPARE(client.call(QStringLiteral(R"({"method":"LIST_SUBSCRIPTIONS","id":"abc4"})")),
                 QStringLiteral(R"({"result":["btcusdt@aggTrade"],"id":"abc4"})"));
        QCOMPARE(client.call(QStringLiteral(R"({"method":"GET_PROPERTY","params":["combined"],"id":5})")),
                 QStringLiteral(R"({"result":false,"id":5})"));

        // Errors: Binance's codes, and the connection stays open.
        const QJsonObject badJson = QJsonDocument::fromJson(client.call(QStringLiteral("{nope")).toUtf8()).object();
        QCOMPARE(badJson.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt(), 3);
        QVERIFY(badJson.value(QLatin1String("error")).toObject().value(QLatin1String("msg")).toString()
                    .startsWith(QLatin1String("Invalid JSON")));
        QVERIFY(badJson.value(QLatin1String("id")).isNull());
        const QJsonObject unknown = QJsonDocument::fromJson(
            client.call(QStringLiteral(R"({"method":"FOO","id":7})")).toUtf8()).object();
        QCOMPARE(unknown.value(QLatin1String("id")).toInt(), 7);
        QCOMPARE(unknown.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt(), 2);
        QVERIFY(unknown.value(QLatin1String("error")).toObject().value(QLatin1String("msg")).toString()
                    .startsWith(QLatin1String("Invalid request: unknown variant `FOO`")));
        QVERIFY(client.call(QStringLiteral(R"({"params":[],"id":8})"))
                    .contains(QLatin1String("missing field `method`")));
        QVERIFY(client.call(QStringLiteral(R"({"method":"LIST_SUBSCRIPTIONS","id":1.5})"))
                    .contains(QLatin1String(R"("code":2)")));
        QVERIFY(client.call(QStringLiteral(R"({"method":"SET_PROPERTY","params":["colour",true],"id":9})"))
                    .contains(QLatin1String(R"({"error":{"code":0,"msg":"Unknown property"},"id":9})")));
        QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
        QCOMPARE(client.call(QStringLiteral(R"({"method":"LIST_SUBSCRIPTIONS","id":10})")),
                 QStringLiteral(R"({"result":["btcusdt@aggTrade"],"id":10})"));

        // /stream with no streams, then SUBSCRIBE: events come wrapped.
        StreamClient combined;
        QVERIFY(combined.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/stream").arg(m_simulator->webSocketPort()))));
        QCOMPARE(combined.call(QStringLiteral(R"({"method":"SUBSCRIBE","params":["btcusdt@aggTrade"],"id":null})")),
                 QStringLiteral(R"({"result":null,"id":null})"));
        QTRY_VERIFY_WITH_TIMEOUT(!combined.events.isEmpty(), 20000);
        QVERIFY(combined.events.first().startsWith(QLatin1String(R"({"stream":"btcusdt@aggTrade","data":{"e":"aggTrade")")));
    }

    void serverSendsPingFrames()
    {
        // A raw client, to see the ping frame itself (QWebSocket answers pings silently).
        // The simulator runs on this thread: wait with the event loop running, never blocking.
        QTcpSocket tcp;
        QSignalSpy connected(&tcp, &QTcpSocket::connected);
        tcp.connectToHost(QHostAddress::LocalHost, m_simulator->webSocketPort());
        QVERIFY(connected.wait(10000));
        tcp.write(QStringLiteral("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%1\r\nUpgrade: websocket\r\n"
                                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                 "Sec-WebSocket-Version: 13\r\n\r\n")
                      .arg(m_simulator->webSocketPort())
                      .toLatin1());
        QByteArray received;
        qsizetype headerEnd = -1;
        bool ping = false;
        for (int i = 0; i < 100 && !ping; ++i) {
            QTest::qWait(100);
            received += tcp.readAll();
            if (headerEnd < 0 && (headerEnd = received.indexOf("\r\n\r\n")) >= 0)
                QVERIFY(received.startsWith("HTTP/1.1 101"));
            ping = headerEnd >= 0 && received.size() > headerEnd + 4
                   && static_cast<unsigned char>(received.at(headerEnd + 4)) == 0x89; // FIN + ping
        }
        QVERIFY(ping);
    }

    void replayServesTheFile()
    {
        model::CsvError where;
        const auto file = sim::loadKlineCsv((kDataDir + QStringLiteral("replay_1m.csv")).toStdString(), where);
        QVERIFY2(file.has_value(), file ? "" : file.error().message.c_str());
        QCOMPARE(file->size(), std::size_t(8));

        exchange_sim::ExchangeSimulator::Options options;
        options.historyMinutes = 3; // bars 0–2 are history, bars 3–7 are played
        options.speed = 60;         // a bar a second
        options.replay["TESTUSDT"] = *file;
        exchange_sim::ExchangeSimulator simulator(options);
        QString error;
        QVERIFY2(simulator.start(&error), qPrintable(error));
        StreamClient client;
        QVERIFY(client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/stream?streams=testusdt@trade/testusdt@kline_1m")
                                     .arg(simulator.webSocketPort()))));

        auto restKlines = [&] {
            QNetworkReply *reply = m_network.get(QNetworkRequest(QUrl(
                QStringLiteral("http://127.0.0.1:%1/api/v3/klines?symbol=TESTUSDT&interval=1m&limit=1000")
                    .arg(simulator.restPort()))));
            QSignalSpy finished(reply, &QNetworkReply::finished);
            finished.wait(10000);
            const QByteArray body = reply->readAll();
            reply->deleteLater();
            return binance::parseKlines(body.toStdString(), model::Timeframe::M1,
                                        fromUnixMillis(QDateTime::currentMSecsSinceEpoch()));
        };
        auto finished = [&] { // the last bar has traded all its volume
            const auto klines = restKlines();
            return klines && klines->size() == file->size() && klines->back().volume == file->back().volume;
        };
        QTRY_VERIFY_WITH_TIMEOUT(finished(), 60000);
        QTest::qWait(1500); // and closed

        const auto klines = restKlines();
        QVERIFY(klines.has_value());
        for (std::size_t i = 0; i < file->size(); ++i) {
            const auto &got = (*klines)[i];
            const auto &want = (*file)[i];
            QCOMPARE(got.openTime - klines->front().openTime, want.openTime - file->front().openTime);
            QCOMPARE(got.open, want.open);
            QCOMPARE(got.high, want.high);
            QCOMPARE(got.low, want.low);
            QCOMPARE(got.close, want.close);
            QCOMPARE(got.volume, want.volume);
        }
        auto barOf = [&](TimePoint time) -> const model::Candle & {
            const auto offset = (time - klines->front().openTime) / std::chrono::minutes(1);
            return (*file)[static_cast<std::size_t>(offset)];
        };
        int trades = 0;
        int closed = 0;
        for (const QString &message : std::as_const(client.events)) {
            auto event = binance::parseStreamEvent(message.toStdString());
            QVERIFY2(event.has_value(), event ? "" : event.error().message.c_str());
            if (const auto *trade = std::get_if<binance::TradeEvent>(&*event)) {
                const auto &bar = barOf(trade->trade.time);
                QVERIFY(trade->trade.price >= bar.low && trade->trade.price <= bar.high);
                ++trades;
            } else if (const auto *kline = std::get_if<binance::KlineEvent>(&*event)) {
                if (!kline->candle.closed)
                    continue;
                const auto &bar = barOf(kline->candle.openTime);
                QCOMPARE(kline->candle.open, bar.open);
                QCOMPARE(kline->candle.high, bar.high);
                QCOMPARE(kline->candle.low, bar.low);
                QCOMPARE(kline->candle.close, bar.close);
                QCOMPARE(kline->candle.volume, bar.volume);
                ++closed;
            }
        }
        QVERIFY(trades > 0);
        QVERIFY(closed > 0);
    }

    void badReplayFileNamesLineAndColumn()
    {
        const QString path = kDataDir + QStringLiteral("replay_bad.csv");
        model::CsvError where;
        const auto file = sim::loadKlineCsv(path.toStdString(), where);
        QVERIFY(!file.has_value());
        QCOMPARE(where.line, std::int64_t(3));
        QCOMPARE(where.column, 3);
        QVERIFY(file.error().message.starts_with(path.toStdString() + ":3:3: high"));

        // data.binance.vision's 12-column layout, no header, is read too.
        QTemporaryFile binance;
        QVERIFY(binance.open());
        binance.write("1710325020000,100.0,101.0,99.0,100.5,3.5,1710325079999,350.0,12,1.0,100.0,0\n"
                      "1710325080000,100.5,100.5,100.0,100.1,1.25,1710325139999,125.0,4,0.5,50.0,0\n");
        binance.close();
        const auto binanceFile = sim::loadKlineCsv(binance.fileName().toStdString(), where);
        QVERIFY2(binanceFile.has_value(), binanceFile ? "" : binanceFile.error().message.c_str());
        QCOMPARE(binanceFile->size(), std::size_t(2));
        QCOMPARE(binanceFile->back().tradeCount, std::int64_t(4));

        // The binary refuses it with exit code 2 and the same message.
        QProcess process;
        process.start(QStringLiteral(BCF_EXCHANGE_SIM_BINARY),
                      {QStringLiteral("--replay"), QStringLiteral("TESTUSDT=") + path});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains(":3:3: high"));
    }

    void depthStreamKeepsABookInSync()
    {
        QWebSocket socket;
        std::vector<binance::DepthEvent> buffered;
        int trades = 0;
        int klines = 0;
        connect(&socket, &QWebSocket::textMessageReceived, this, [&](const QString &message) {
            auto event = binance::parseStreamEvent(message.toStdString());
            if (!event)
                qFatal("undecodable event: %s", event.error().message.c_str());
            if (auto *depth = std::get_if<binance::DepthEvent>(&*event))
                buffered.push_back(*depth);
            else if (std::holds_alternative<binance::TradeEvent>(*event))
                ++trades;
            else
                ++klines;
        });
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/stream?streams=btcusdt@depth@100ms/"
                                        "btcusdt@trade/btcusdt@kline_1m")
                             .arg(m_simulator->webSocketPort())));
        QVERIFY(connected.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(buffered.size() >= 5, 10000);

        // Binance's procedure: snapshot after buffering, drop u <= lastUpdateId, apply the rest.
        const auto snapshot = binance::parseDepthSnapshot(
            get(QStringLiteral("/api/v3/depth?symbol=BTCUSDT&limit=5000")).toStdString());
        QVERIFY(snapshot.has_value());
        model::OrderBook book;
        book.applySnapshot(snapshot->lastUpdateId, snapshot->bids, snapshot->asks);
        QTest::qWait(2000);
        int applied = 0;
        for (const auto &event : buffered) {
            auto result = book.applyDiff(event.firstUpdateId, event.finalUpdateId, event.bids,
                                         event.asks);
            QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
            if (*result == model::BookUpdate::Applied)
                ++applied;
        }
        QVERIFY(applied >= 10);
        QVERIFY(book.synced());
        QVERIFY(book.bestBid()->price < book.bestAsk()->price);
        QVERIFY(trades > 0);
        QVERIFY(klines > 0);
    }
};

QTEST_GUILESS_MAIN(TestExchangeSim)
#include "test_exchange_sim.moc"
