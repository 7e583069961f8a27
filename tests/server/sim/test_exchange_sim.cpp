// bcf-exchange-sim over real HTTP and WebSockets on loopback, read with the product's Binance
// decoders: REST payloads, Binance error codes, and the documented order-book sync procedure
// (buffer the diff stream, take a snapshot, drop stale diffs, apply the rest) staying in sync.
#include "binance_messages.h"
#include "exchange_simulator.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

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
