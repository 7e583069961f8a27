// The Bybit v5 spot connector against bcf-exchange-sim's Bybit venue on loopback (real HTTP, a
// real WebSocket): instruments, candles backfilled from a start time over two pages and then
// streamed, trades with non-consecutive ids, books kept in sync over the stream alone (and close
// to the REST book), resync after a skipped update id, Bybit's u = 1 restart snapshot, a dropped
// connection reconnected with no candle missing, rate-limit answers retried, garbage counted.
// No timing assertions: every wait is a generous QTRY_* or QSignalSpy timeout.
#include "bybit_connector.h"
#include "bybit_messages.h"
#include "bybit_simulator.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <set>

using namespace bcf;
using namespace bcf::connectors;

namespace {

constexpr qint64 kMinuteMs = 60'000;

qint64 currentMinute()
{
    return QDateTime::currentMSecsSinceEpoch() / kMinuteMs * kMinuteMs;
}

// Closed candle open times seen on candleReceived.
std::set<qint64> closedMinutes(const QSignalSpy &candles)
{
    std::set<qint64> out;
    for (const auto &signal : candles) {
        const auto candle = signal.at(1).value<model::Candle>();
        if (candle.closed)
            out.insert(toUnixMillis(candle.openTime));
    }
    return out;
}

// The first minute in [from, to] missing from `minutes`, or 0.
qint64 firstMissing(const std::set<qint64> &minutes, qint64 from, qint64 to)
{
    for (qint64 minute = from; minute <= to; minute += kMinuteMs) {
        if (!minutes.contains(minute))
            return minute;
    }
    return 0;
}

} // namespace

class TestBybitConnector final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<exchange_sim::BybitSimulator> m_simulator;
    std::unique_ptr<BybitConnector> m_connector;
    QNetworkAccessManager m_network;

    void startConnector(std::vector<SymbolStart> starts, ExchangeConnector::Channels channels)
    {
        m_connector = std::make_unique<BybitConnector>(ConnectorEndpoints{
            QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_simulator->restPort())),
            QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_simulator->webSocketPort()))});
        m_connector->start(std::move(starts), channels);
    }

    QByteArray get(const QString &pathAndQuery)
    {
        QNetworkReply *reply = m_network.get(QNetworkRequest(QUrl(
            QStringLiteral("http://127.0.0.1:%1%2").arg(m_simulator->restPort()).arg(pathAndQuery))));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(10000);
        reply->deleteLater();
        return reply->readAll();
    }

private slots:
    void init()
    {
        exchange_sim::BybitSimulator::Options options;
        options.historyMinutes = 1500;
        m_simulator = std::make_unique<exchange_sim::BybitSimulator>(options);
        QString error;
        QVERIFY2(m_simulator->start(&error), qPrintable(error));
    }

    void cleanup()
    {
        m_connector.reset();
        m_simulator.reset();
    }

    void instrumentsAndRestErrors()
    {
        startConnector({}, {false, false, false});
        QCOMPARE(m_connector->exchange(), std::string("bybit"));
        QVERIFY(!m_connector->tradeIdsConsecutive());
        std::optional<Result<std::vector<model::Instrument>>> listed;
        m_connector->fetchInstruments([&](auto result) { listed = std::move(result); });
        QTRY_VERIFY_WITH_TIMEOUT(listed.has_value(), 10000);
        QVERIFY2(listed->has_value(), listed->has_value() ? "" : listed->error().message.c_str());
        QCOMPARE(listed->value().size(), std::size_t(4));
        const auto found = std::find_if(listed->value().begin(), listed->value().end(),
                                        [](const auto &one) { return one.symbol == "BTCUSDT"; });
        QVERIFY(found != listed->value().end());
        const auto &btc = *found;
        QCOMPARE(btc.exchange, std::string("bybit"));
        QCOMPARE(btc.symbol, std::string("BTCUSDT"));
        QCOMPARE(btc.tickSize, *Price::parse("0.01"));
        QCOMPARE(btc.lotSize, *Quantity::parse("0.00001"));

        std::optional<Result<std::vector<model::Candle>>> candles;
        m_connector->fetchCandles("NOPEUSDT", fromUnixMillis(currentMinute()),
                                  [&](auto result) { candles = std::move(result); });
        QTRY_VERIFY_WITH_TIMEOUT(candles.has_value(), 10000);
        QVERIFY(!candles->has_value());
        QCOMPARE(candles->error().code, ErrorCode::InvalidArgument);
        QVERIFY(candles->error().message.find("Not supported symbols") != std::string::npos);
    }

    // Two pages of backfill (1000 + the rest, asked for as start/end windows because Bybit
    // lists newest first), then the stream; the simulator drops the connection and the
    // reconnect's backfill leaves no minute missing up to the next candle the stream closes.
    void candlesBackfillStreamAndSurviveAReconnect()
    {
        const qint64 from = currentMinute() - 1100 * kMinuteMs;
        startConnector({{"BTCUSDT", fromUnixMillis(from), 0}}, {true, false, false});
        QSignalSpy candles(m_connector.get(), &ExchangeConnector::candleReceived);
        QSignalSpy caughtUp(m_connector.get(), &ExchangeConnector::caughtUp);
        QSignalSpy connected(m_connector.get(), &ExchangeConnector::streamConnected);
        QVERIFY(caughtUp.wait(30000));
        auto minutes = closedMinutes(candles);
        QVERIFY(!minutes.empty());
        QCOMPARE(*minutes.begin(), from);
        const qint64 newestAtStart = *minutes.rbegin();
        QVERIFY(newestAtStart >= currentMinute() - 3 * kMinuteMs);
        QCOMPARE(firstMissing(minutes, from, newestAtStart), qint64(0));
        QVERIFY(m_connector->counters().gapsFilled >= 1);
        // Forming candles stream in as trades happen.
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     for (const auto &signal : candles) {
                                         if (!signal.at(1).value<model::Candle>().closed)
                                             return true;
                                     }
                                     return false;
                                 }()),
                                 20000);

        m_simulator->dropConnections();
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(caughtUp.count(), 2, 30000);
        QCOMPARE(m_connector->counters().reconnects, std::int64_t(1));
        // Wait for the stream to close a minute that had not ended when the test started.
        QTRY_VERIFY_WITH_TIMEOUT(*closedMinutes(candles).rbegin() > newestAtStart + kMinuteMs,
                                 150000);
        minutes = closedMinutes(candles);
        QCOMPARE(firstMissing(minutes, from, *minutes.rbegin()), qint64(0));
    }

    // Trades stream with Bybit's execIds (growing, not consecutive); a start after a held id
    // backfills the recent window after it.
    void tradesWithNonConsecutiveIds()
    {
        // The simulated market has traded a little since it started.
        Result<std::vector<model::Trade>> recent;
        QTRY_VERIFY_WITH_TIMEOUT(
            ((recent = bybit::parseRecentTrades(
                  get(QStringLiteral("/v5/market/recent-trade?category=spot&symbol=BTCUSDT"))
                      .toStdString()))
                 .has_value()
             && recent->size() >= 10),
            20000);
        const std::int64_t held = recent->at(recent->size() - 5).id;
        startConnector({{"BTCUSDT", fromUnixMillis(currentMinute()), held}}, {false, true, false});
        QSignalSpy trades(m_connector.get(), &ExchangeConnector::tradeReceived);
        QSignalSpy caughtUp(m_connector.get(), &ExchangeConnector::caughtUp);
        QVERIFY(caughtUp.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(trades.count() >= 20, 30000);
        std::set<std::int64_t> ids;
        for (const auto &signal : trades) {
            const auto trade = signal.at(1).value<model::Trade>();
            QVERIFY(trade.id > held);
            QVERIFY(trade.price.raw() > 0);
            ids.insert(trade.id);
        }
        QVERIFY(ids.contains(recent->back().id)); // from the backfill
        bool consecutive = true;
        for (auto it = std::next(ids.begin()); it != ids.end(); ++it)
            consecutive = consecutive && *it == *std::prev(it) + 1;
        QVERIFY(!consecutive);
        QCOMPARE(m_connector->counters().malformed, std::int64_t(0));
    }

    // Four symbols, 12 topics: subscribed in requests of at most 10 (the simulator refuses
    // more, as Bybit does). Every book comes from the stream alone and stays close to REST's.
    void booksInSyncOverTheStream()
    {
        std::vector<SymbolStart> starts;
        for (const char *symbol : {"BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT"})
            starts.push_back({symbol, fromUnixMillis(currentMinute()), 0});
        startConnector(starts, {true, true, true});
        QSignalSpy updated(m_connector.get(), &ExchangeConnector::bookUpdated);
        for (const auto &start : starts)
            QTRY_VERIFY_WITH_TIMEOUT(m_connector->book(start.symbol) != nullptr, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() > 20, 20000);
        for (const auto &start : starts) {
            const model::OrderBook *book = m_connector->book(start.symbol);
            QVERIFY(book);
            QVERIFY(book->bestBid()->price < book->bestAsk()->price);
            QVERIFY(book->bidLevels() >= 10);
        }
        const auto rest = bybit::parseOrderbook(
            get(QStringLiteral("/v5/market/orderbook?category=spot&symbol=BTCUSDT&limit=50"))
                .toStdString());
        QVERIFY(rest.has_value());
        const model::OrderBook *book = m_connector->book("BTCUSDT");
        QVERIFY(book);
        const double streamed = book->bestBid()->price.toDouble();
        const double answered = rest->bids.front().price.toDouble();
        QVERIFY2(std::abs(streamed - answered) / answered < 0.01,
                 qPrintable(QStringLiteral("%1 vs %2").arg(streamed).arg(answered)));
        QVERIFY(std::abs(book->lastUpdateId() - rest->updateId) < 100);
        QCOMPARE(m_connector->counters().bookResyncs, std::int64_t(0));
        QCOMPARE(m_connector->counters().malformed, std::int64_t(0));
    }

    // A lost delta (u skips one): the book resyncs by resubscribing, and is in sync again.
    void skippedUpdateResyncs()
    {
        startConnector({{"BTCUSDT", fromUnixMillis(currentMinute()), 0}}, {false, false, true});
        QSignalSpy resyncing(m_connector.get(), &ExchangeConnector::bookResyncing);
        QTRY_VERIFY_WITH_TIMEOUT(m_connector->book("BTCUSDT") != nullptr, 20000);
        m_simulator->skipBookUpdate("BTCUSDT");
        QTRY_COMPARE_WITH_TIMEOUT(resyncing.count(), 1, 20000);
        QCOMPARE(resyncing.first().at(0).toString(), QStringLiteral("BTCUSDT"));
        QVERIFY(resyncing.first().at(1).toString().contains(QStringLiteral("gap")));
        QTRY_VERIFY_WITH_TIMEOUT(m_connector->book("BTCUSDT") != nullptr, 20000);
        const std::int64_t synced = m_connector->book("BTCUSDT")->lastUpdateId();
        QTRY_VERIFY_WITH_TIMEOUT(m_connector->book("BTCUSDT")
                                     && m_connector->book("BTCUSDT")->lastUpdateId() > synced + 5,
                                 20000);
        QCOMPARE(m_connector->counters().bookResyncs, std::int64_t(1));
        QVERIFY(m_connector->streaming());

        // An undecodable book message resyncs too.
        m_simulator->broadcast(QStringLiteral(
            R"({"topic":"orderbook.50.BTCUSDT","type":"delta","data":{"s":"BTCUSDT","b":[["x","1"]],"a":[],"u":2,"seq":1}})"));
        QTRY_COMPARE_WITH_TIMEOUT(resyncing.count(), 2, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(m_connector->book("BTCUSDT") != nullptr, 20000);
        QCOMPARE(m_connector->counters().malformed, std::int64_t(1));
    }

    // Bybit's book service restarts: a snapshot with u = 1 replaces the book; no resync.
    void restartSnapshotReplacesTheBook()
    {
        startConnector({{"ETHUSDT", fromUnixMillis(currentMinute()), 0}}, {false, false, true});
        QSignalSpy resyncing(m_connector.get(), &ExchangeConnector::bookResyncing);
        QTRY_VERIFY_WITH_TIMEOUT(m_connector->book("ETHUSDT") != nullptr, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(m_connector->book("ETHUSDT")->lastUpdateId() > 5, 20000);
        m_simulator->restartBookService();
        QTRY_VERIFY_WITH_TIMEOUT(m_connector->book("ETHUSDT")
                                     && m_connector->book("ETHUSDT")->lastUpdateId() < 5,
                                 20000);
        QTRY_VERIFY_WITH_TIMEOUT(m_connector->book("ETHUSDT")
                                     && m_connector->book("ETHUSDT")->lastUpdateId() > 5,
                                 20000);
        QCOMPARE(resyncing.count(), 0);
    }

    // retCode 10006 (and HTTP 403) pause the requests and retry them; past five attempts the
    // request fails Unavailable.
    void rateLimitsAreRetried()
    {
        startConnector({}, {false, false, false});
        m_simulator->rejectRequests(2, false);
        std::optional<Result<std::vector<model::Instrument>>> listed;
        m_connector->fetchInstruments([&](auto result) { listed = std::move(result); });
        QTRY_VERIFY_WITH_TIMEOUT(listed.has_value(), 30000);
        QVERIFY2(listed->has_value(), listed->has_value() ? "" : listed->error().message.c_str());
        QCOMPARE(m_simulator->requestCount(), 3);
        QCOMPARE(m_connector->counters().usedWeight, 20); // from X-Bapi-Limit(-Status)

        m_simulator->rejectRequests(1, true);
        std::optional<Result<std::vector<model::Trade>>> trades;
        m_connector->fetchTrades("BTCUSDT", 0, [&](auto result) { trades = std::move(result); });
        QTRY_VERIFY_WITH_TIMEOUT(trades.has_value(), 30000);
        QVERIFY(trades->has_value());
        QCOMPARE(m_simulator->requestCount(), 5);

        m_simulator->rejectRequests(100, false);
        listed.reset();
        m_connector->fetchInstruments([&](auto result) { listed = std::move(result); });
        QTRY_VERIFY_WITH_TIMEOUT(listed.has_value(), 60000);
        QVERIFY(!listed->has_value());
        QCOMPARE(listed->error().code, ErrorCode::Unavailable);
        QCOMPARE(m_simulator->requestCount(), 10);
    }

    // Garbage on the stream is counted and skipped; the stream goes on.
    void garbageIsCounted()
    {
        startConnector({{"BTCUSDT", fromUnixMillis(currentMinute()), 0}}, {false, true, false});
        QTRY_COMPARE_WITH_TIMEOUT(m_simulator->connectionCount(), 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(m_connector->streaming(), 20000);
        m_simulator->broadcast(QStringLiteral("{not json"));
        m_simulator->broadcast(QStringLiteral(R"({"topic":"tickers.BTCUSDT","data":{}})"));
        QTRY_COMPARE_WITH_TIMEOUT(m_connector->counters().malformed, std::int64_t(2), 20000);
        QSignalSpy trades(m_connector.get(), &ExchangeConnector::tradeReceived);
        QVERIFY(trades.wait(20000));
        QVERIFY(m_connector->streaming());
    }
};

QTEST_GUILESS_MAIN(TestBybitConnector)
#include "test_bybit_connector.moc"
