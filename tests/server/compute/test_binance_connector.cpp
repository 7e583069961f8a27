// The Binance connector against a scripted peer on loopback that answers in Binance's
// documented formats (REST over real HTTP, events over a real WebSocket): the documented
// snapshot-and-buffer book sync, resync after a sequence gap, candle and trade gaps filled over
// REST, reconnect with a backfill, malformed messages counted, request weight tracked, and
// 429 answers retried after Retry-After. (Against bcf-exchange-sim: test_market_collector.)
#include "binance_connector.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace bcf;
using namespace bcf::connectors;

namespace {

constexpr qint64 kBase = 1'700'000'040'000 / 60'000 * 60'000; // a minute boundary

QString kline(qint64 openMs, bool closed, const char *close = "100.5")
{
    return QStringLiteral(R"({"stream":"btcusdt@kline_1m","data":{"e":"kline","E":%1,"s":"BTCUSDT","k":{"t":%2,"T":%3,"s":"BTCUSDT","i":"1m","f":1,"L":2,"o":"100.0","c":"%4","h":"101.0","l":"99.0","v":"2.5","n":2,"x":%5,"q":"250.0","V":"1.0","Q":"100.0","B":"0"}}})")
        .arg(openMs + 59'999)
        .arg(openMs)
        .arg(openMs + 59'999)
        .arg(QLatin1String(close))
        .arg(closed ? QStringLiteral("true") : QStringLiteral("false"));
}

QString klineRow(qint64 openMs)
{
    return QStringLiteral(R"([%1,"100.0","101.0","99.0","100.5","2.5",%2,"250.0",2,"1.0","100.0","0"])")
        .arg(openMs)
        .arg(openMs + 59'999);
}

QString aggTrade(qint64 id)
{
    return QStringLiteral(R"({"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":%1,"s":"BTCUSDT","a":%2,"p":"100.10","q":"0.5","f":%2,"l":%2,"T":%1,"m":false,"M":true}})")
        .arg(kBase + id)
        .arg(id);
}

QString aggTradeRow(qint64 id)
{
    return QStringLiteral(R"({"a":%1,"p":"100.10","q":"0.5","f":%1,"l":%1,"T":%2,"m":true,"M":true})")
        .arg(id)
        .arg(kBase + id);
}

QString depthDiff(qint64 first, qint64 last, const char *bids, const char *asks)
{
    return QStringLiteral(R"({"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":%1,"s":"BTCUSDT","U":%2,"u":%3,"b":%4,"a":%5}})")
        .arg(kBase)
        .arg(first)
        .arg(last)
        .arg(QLatin1String(bids), QLatin1String(asks));
}

// A Binance look-alike whose answers the test scripts.
class ScriptedBinance final : public QObject {
public:
    QHttpServer http;
    QWebSocketServer webSockets{QStringLiteral("scripted"), QWebSocketServer::NonSecureMode};
    QList<QWebSocket *> clients;
    QStringList paths;                      // every REST request, "path?query"
    qint64 snapshotLastUpdateId = 100;
    int weightHeader = 10;
    int tooManyRequests = 0;                // answer this many requests with 429 first
    bool unknownSymbol = false;             // klines answers Binance's -1121
    std::function<QString(const QUrlQuery &)> klines = [](const QUrlQuery &) {
        return QStringLiteral("[]");
    };
    std::function<QString(const QUrlQuery &)> aggTrades = [](const QUrlQuery &) {
        return QStringLiteral("[]");
    };

    quint16 restPort = 0;

    ~ScriptedBinance() override
    {
        // The sockets outlive `clients` (they are the server's children): stop listening first.
        webSockets.disconnect(this);
        for (QWebSocket *client : std::as_const(clients))
            client->disconnect(this);
    }

    bool start()
    {
        auto respond = [this](const QString &body) {
            QHttpServerResponse response(QByteArrayLiteral("application/json"), body.toUtf8());
            response.addHeader(QByteArrayLiteral("X-MBX-USED-WEIGHT-1M"),
                               QByteArray::number(weightHeader));
            return response;
        };
        auto record = [this](const QHttpServerRequest &request) {
            paths << request.url().path() + QLatin1Char('?') + request.url().query();
            if (tooManyRequests > 0) {
                --tooManyRequests;
                return true;
            }
            return false;
        };
        auto limited = [] {
            QHttpServerResponse response(
                QByteArrayLiteral("application/json"),
                QByteArrayLiteral(R"({"code":-1003,"msg":"Too many requests."})"),
                QHttpServerResponse::StatusCode::TooManyRequests);
            response.addHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
            return response;
        };
        http.route(QStringLiteral("/api/v3/exchangeInfo"),
                   [=, this](const QHttpServerRequest &request) {
            if (record(request))
                return limited();
            return respond(QStringLiteral(R"({"timezone":"UTC","serverTime":1,"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":1200}],"exchangeFilters":[],"symbols":[{"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","baseAssetPrecision":8,"quoteAsset":"USDT","quotePrecision":8,"quoteAssetPrecision":8,"filters":[{"filterType":"PRICE_FILTER","minPrice":"0.01","maxPrice":"1000000.00","tickSize":"0.01"},{"filterType":"LOT_SIZE","minQty":"0.00001","maxQty":"9000.0","stepSize":"0.00001"},{"filterType":"NOTIONAL","minNotional":"5.0","applyMinToMarket":true,"maxNotional":"9000000.0","applyMaxToMarket":false,"avgPriceMins":5}]}]})"));
        });
        http.route(QStringLiteral("/api/v3/depth"), [=, this](const QHttpServerRequest &request) {
            if (record(request))
                return limited();
            return respond(QStringLiteral(R"({"lastUpdateId":%1,"bids":[["100.00","1.0"],["99.00","2.0"]],"asks":[["101.00","1.5"],["102.00","3.0"]]})")
                               .arg(snapshotLastUpdateId));
        });
        http.route(QStringLiteral("/api/v3/klines"), [=, this](const QHttpServerRequest &request) {
            if (record(request))
                return limited();
            if (unknownSymbol)
                return QHttpServerResponse(
                    QByteArrayLiteral("application/json"),
                    QByteArrayLiteral(R"({"code":-1121,"msg":"Invalid symbol."})"),
                    QHttpServerResponse::StatusCode::BadRequest);
            return respond(klines(QUrlQuery(request.url())));
        });
        http.route(QStringLiteral("/api/v3/aggTrades"), [=, this](const QHttpServerRequest &request) {
            if (record(request))
                return limited();
            return respond(aggTrades(QUrlQuery(request.url())));
        });
        restPort = http.listen(QHostAddress::LocalHost, 0);
        connect(&webSockets, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *socket = webSockets.nextPendingConnection()) {
                clients << socket;
                connect(socket, &QWebSocket::disconnected, this, [this, socket] {
                    clients.removeAll(socket);
                    socket->deleteLater();
                });
            }
        });
        return restPort != 0 && webSockets.listen(QHostAddress::LocalHost, 0);
    }

    void send(const QString &message)
    {
        for (QWebSocket *client : std::as_const(clients))
            client->sendTextMessage(message);
    }

    int count(const QString &pathPrefix) const
    {
        return static_cast<int>(std::count_if(paths.begin(), paths.end(), [&](const QString &p) {
            return p.startsWith(pathPrefix);
        }));
    }
};

} // namespace

class TestBinanceConnector final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<ScriptedBinance> m_peer;
    std::unique_ptr<BinanceConnector> m_connector;

    void startConnector(SymbolStart start, ExchangeConnector::Channels channels)
    {
        m_connector = std::make_unique<BinanceConnector>(ConnectorEndpoints{
            QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_peer->restPort)),
            QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_peer->webSockets.serverPort()))});
        m_connector->start({start}, channels);
    }

private slots:
    void init()
    {
        m_peer = std::make_unique<ScriptedBinance>();
        QVERIFY(m_peer->start());
    }

    void cleanup()
    {
        m_connector.reset();
        m_peer.reset();
    }

    // The documented procedure: diffs buffered until the snapshot, stale ones dropped, the
    // first applied one spans lastUpdateId + 1, later ones chain; a gap rebuilds the book.
    void bookSyncsAndResyncsAfterAGap()
    {
        startConnector({"BTCUSDT", fromUnixMillis(kBase), 0}, {false, false, true});
        QTRY_COMPARE_WITH_TIMEOUT(m_peer->clients.size(), 1, 10000);
        QSignalSpy updated(m_connector.get(), &ExchangeConnector::bookUpdated);
        QSignalSpy resyncing(m_connector.get(), &ExchangeConnector::bookResyncing);
        // Sent before the snapshot is answered or applied: buffered; 95-99 is stale.
        m_peer->send(depthDiff(95, 99, R"([["98.00","1.0"]])", "[]"));
        m_peer->send(depthDiff(100, 102, R"([["100.00","0"]])", R"([["101.50","0.7"]])"));
        QTRY_VERIFY_WITH_TIMEOUT(m_connector->book("BTCUSDT") != nullptr, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(m_connector->book("BTCUSDT")->lastUpdateId(), 102, 10000);
        const auto *book = m_connector->book("BTCUSDT");
        QCOMPARE(book->bestBid()->price, *Price::parse("99.00"));      // 100.00 removed
        QCOMPARE(book->bestAsk()->price, *Price::parse("101.00"));
        QCOMPARE(book->askLevels(), std::size_t(3));                   // 101.50 added
        QCOMPARE(book->bidLevels(), std::size_t(1));                   // the stale 98 not applied
        m_peer->send(depthDiff(103, 103, R"([["99.50","4.0"]])", "[]"));
        QTRY_COMPARE_WITH_TIMEOUT(m_connector->book("BTCUSDT")->lastUpdateId(), 103, 10000);
        QVERIFY(updated.count() >= 2);
        QCOMPARE(resyncing.count(), 0);
        QCOMPARE(m_peer->count(QStringLiteral("/api/v3/depth")), 1);

        // 104-105 never arrives: a gap. The connector fetches a new snapshot and carries on.
        m_peer->snapshotLastUpdateId = 110;
        m_peer->send(depthDiff(106, 108, "[]", "[]"));
        QTRY_COMPARE_WITH_TIMEOUT(resyncing.count(), 1, 10000);
        QVERIFY(resyncing.first().at(1).toString().contains(QStringLiteral("gap")));
        QTRY_COMPARE_WITH_TIMEOUT(m_peer->count(QStringLiteral("/api/v3/depth")), 2, 10000);
        m_peer->send(depthDiff(109, 111, "[]", R"([["101.00","0"]])"));
        QTRY_VERIFY_WITH_TIMEOUT(m_connector->book("BTCUSDT")
                                     && m_connector->book("BTCUSDT")->lastUpdateId() == 111,
                                 10000);
        QCOMPARE(m_connector->book("BTCUSDT")->bestAsk()->price, *Price::parse("102.00"));
        QCOMPARE(m_connector->counters().bookResyncs, 1);
    }

    // A crossed book after an update is corrupt data: resync, never a crossed book shown.
    void crossedBookResyncs()
    {
        startConnector({"BTCUSDT", fromUnixMillis(kBase), 0}, {false, false, true});
        QTRY_COMPARE_WITH_TIMEOUT(m_peer->clients.size(), 1, 10000);
        QSignalSpy resyncing(m_connector.get(), &ExchangeConnector::bookResyncing);
        m_peer->send(depthDiff(101, 101, "[]", "[]"));
        QTRY_VERIFY_WITH_TIMEOUT(m_connector->book("BTCUSDT") != nullptr, 10000);
        m_peer->send(depthDiff(102, 102, R"([["105.00","1.0"]])", "[]"));
        QTRY_COMPARE_WITH_TIMEOUT(resyncing.count(), 1, 10000);
        QVERIFY(resyncing.first().at(1).toString().contains(QStringLiteral("crossed")));
    }

    // A closed kline that skips minutes: the missing ones come over REST, in order.
    void candleGapIsFilled()
    {
        QList<qint64> asked;
        m_peer->klines = [&](const QUrlQuery &query) {
            const qint64 from = query.queryItemValue(QStringLiteral("startTime")).toLongLong();
            asked << from;
            QStringList rows;
            for (qint64 open = from; open <= kBase + 3 * 60'000; open += 60'000)
                rows << klineRow(open);
            return QLatin1Char('[') + rows.join(QLatin1Char(',')) + QLatin1Char(']');
        };
        startConnector({"BTCUSDT", fromUnixMillis(kBase), 0}, {true, false, false});
        QSignalSpy candles(m_connector.get(), &ExchangeConnector::candleReceived);
        QSignalSpy caughtUp(m_connector.get(), &ExchangeConnector::caughtUp);
        QVERIFY(caughtUp.wait(10000));
        QCOMPARE(asked.value(0), kBase); // the start backfill from candlesFrom
        const int afterStart = candles.count();
        QCOMPARE(afterStart, 4); // kBase … kBase + 3 min
        // Now the stream delivers minute 6 closed: minutes 4 and 5 are missing.
        m_peer->send(kline(kBase + 6 * 60'000, true));
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 2, 10000);
        QCOMPARE(asked.at(1), kBase + 4 * 60'000);
        QTRY_VERIFY_WITH_TIMEOUT(m_connector->counters().gapsFilled >= 2, 10000);
        // A forming kline is passed on, never treated as a gap.
        m_peer->send(kline(kBase + 7 * 60'000, false, "100.7"));
        QTRY_VERIFY_WITH_TIMEOUT(candles.last().at(1).value<model::Candle>().close
                                     == *Price::parse("100.7"),
                                 10000);
        QCOMPARE(asked.size(), 2);
    }

    // Aggregate trade ids are consecutive: a skipped id is fetched by fromId.
    void tradeGapIsFilled()
    {
        QList<qint64> fromIds;
        m_peer->aggTrades = [&](const QUrlQuery &query) {
            const qint64 from = query.queryItemValue(QStringLiteral("fromId")).toLongLong();
            fromIds << from;
            QStringList rows;
            for (qint64 id = from; id < 7; ++id)
                rows << aggTradeRow(id);
            return QLatin1Char('[') + rows.join(QLatin1Char(',')) + QLatin1Char(']');
        };
        startConnector({"BTCUSDT", fromUnixMillis(kBase), 2}, {false, true, false});
        QSignalSpy trades(m_connector.get(), &ExchangeConnector::tradeReceived);
        QSignalSpy caughtUp(m_connector.get(), &ExchangeConnector::caughtUp);
        QVERIFY(caughtUp.wait(10000));
        QCOMPARE(fromIds.value(0), 3); // after the last trade held (2)
        // 3…6 came from the start backfill; the stream now jumps from 6 to 10.
        m_peer->aggTrades = [&](const QUrlQuery &query) {
            const qint64 from = query.queryItemValue(QStringLiteral("fromId")).toLongLong();
            fromIds << from;
            QStringList rows;
            for (qint64 id = from; id <= 10; ++id)
                rows << aggTradeRow(id);
            return QLatin1Char('[') + rows.join(QLatin1Char(',')) + QLatin1Char(']');
        };
        m_peer->send(aggTrade(10));
        QTRY_COMPARE_WITH_TIMEOUT(fromIds.size(), 2, 10000);
        QCOMPARE(fromIds.at(1), 7);
        QSet<qint64> ids;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     ids.clear();
                                     for (const auto &signal : trades)
                                         ids.insert(signal.at(1).value<model::Trade>().id);
                                     return ids.size() == 8;
                                 }()),
                                 10000);
        for (qint64 id = 3; id <= 10; ++id)
            QVERIFY2(ids.contains(id), qPrintable(QString::number(id)));
        // A replayed trade (the stream overlapping the backfill) is not emitted again.
        const auto before = trades.count();
        m_peer->send(aggTrade(9));
        m_peer->send(aggTrade(11));
        QTRY_COMPARE_WITH_TIMEOUT(trades.count(), before + 1, 10000);
        QCOMPARE(trades.last().at(1).value<model::Trade>().id, 11);
    }

    // The peer drops the connection: the connector reconnects and backfills what it missed.
    void reconnectsAndBackfills()
    {
        QList<qint64> asked;
        m_peer->klines = [&](const QUrlQuery &query) {
            asked << query.queryItemValue(QStringLiteral("startTime")).toLongLong();
            return QStringLiteral("[%1]").arg(klineRow(kBase));
        };
        startConnector({"BTCUSDT", fromUnixMillis(kBase), 0}, {true, false, false});
        QSignalSpy connected(m_connector.get(), &ExchangeConnector::streamConnected);
        QSignalSpy lost(m_connector.get(), &ExchangeConnector::streamLost);
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, 10000);
        m_peer->clients.first()->close();
        QTRY_COMPARE_WITH_TIMEOUT(lost.count(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 2, 10000);
        QCOMPARE(asked.at(1), kBase + 60'000); // from the first minute not yet delivered
        QCOMPARE(m_connector->counters().reconnects, 1);
    }

    // Garbage on the stream is counted and skipped; the stream goes on.
    void malformedMessagesAreCounted()
    {
        startConnector({"BTCUSDT", fromUnixMillis(kBase), 0}, {true, false, false});
        QTRY_COMPARE_WITH_TIMEOUT(m_peer->clients.size(), 1, 10000);
        QSignalSpy candles(m_connector.get(), &ExchangeConnector::candleReceived);
        m_peer->send(QStringLiteral("{not json"));
        m_peer->send(QStringLiteral(R"({"stream":"btcusdt@kline_1m","data":{"e":"kline","s":"BTCUSDT","k":{"t":"soon"}}})"));
        m_peer->send(kline(kBase + 10 * 60'000, false));
        QTRY_COMPARE_WITH_TIMEOUT(candles.count(), 1, 10000);
        QCOMPARE(m_connector->counters().malformed, 2);
        QVERIFY(m_connector->streaming());
    }

    // exchangeInfo's REQUEST_WEIGHT limit is adopted; the answers' weight header is tracked;
    // a 429 is retried after Retry-After.
    void requestWeightAndRateLimits()
    {
        m_peer->weightHeader = 321;
        m_peer->tooManyRequests = 1;
        startConnector({"BTCUSDT", fromUnixMillis(kBase), 0}, {false, false, false});
        std::optional<Result<std::vector<model::Instrument>>> listed;
        m_connector->fetchInstruments([&](auto result) { listed = std::move(result); });
        QTRY_VERIFY_WITH_TIMEOUT(listed.has_value(), 15000);
        QVERIFY2(listed->has_value(), listed->has_value() ? "" : listed->error().message.c_str());
        QCOMPARE(listed->value().size(), std::size_t(1));
        QCOMPARE(listed->value().front().minNotional, *Money::parse("5"));
        QCOMPARE(m_peer->count(QStringLiteral("/api/v3/exchangeInfo")), 2); // 429, then OK
        QCOMPARE(m_connector->weightLimit(), 1200);
        QCOMPARE(m_connector->counters().usedWeight, 321);
    }

    // An HTTP error is an error for the caller, not a crash or a hang.
    void unknownSymbolIsAnError()
    {
        startConnector({"BTCUSDT", fromUnixMillis(kBase), 0}, {false, false, false});
        m_peer->unknownSymbol = true;
        std::optional<Result<std::vector<model::Candle>>> answer;
        m_connector->fetchCandles("NOPE", fromUnixMillis(kBase),
                                  [&](auto result) { answer = std::move(result); });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000);
        QVERIFY(!answer->has_value());
        QCOMPARE(answer->error().code, ErrorCode::InvalidArgument);
        QVERIFY(answer->error().message.find("Invalid symbol") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestBinanceConnector)
#include "test_binance_connector.moc"
