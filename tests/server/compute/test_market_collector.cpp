// The market collector with the Binance connector against bcf-exchange-sim, a real PostgreSQL
// and a real Redis: it lists the instruments, backfills candle history over REST, follows the
// kline, aggTrade and depth streams, stores candles and trades, publishes candles, trades and
// books on Redis, and a restart fills the candles and trades it missed without duplicating any.
#include "binance_connector.h"
#include "collector/market_collector.h"
#include "common/redis_subscriber.h"
#include "common/migrations.h"
#include "exchange_simulator.h"
#include "support/local_services.h"

#include <QSignalSpy>
#include <QTest>

using namespace bcf;

class TestMarketCollector final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    std::unique_ptr<server::Database> m_database;
    std::unique_ptr<server::CandleStore> m_store;
    std::unique_ptr<server::TradeStore> m_trades;
    std::unique_ptr<server::InstrumentStore> m_instruments;
    std::unique_ptr<server::RedisClient> m_redisClient;
    std::unique_ptr<exchange_sim::ExchangeSimulator> m_simulator;

    connectors::ConnectorEndpoints endpoints() const
    {
        return {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_simulator->restPort())),
                QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_simulator->webSocketPort()))};
    }

    compute::CollectorSettings settings(int backfillMinutes) const
    {
        compute::CollectorSettings result;
        result.symbols = {"BTCUSDT", "ETHUSDT"};
        result.backfillMinutes = backfillMinutes;
        return result;
    }

    std::unique_ptr<compute::MarketCollector> collector(connectors::BinanceConnector &connector,
                                                        int backfillMinutes)
    {
        return std::make_unique<compute::MarketCollector>(connector, settings(backfillMinutes),
                                                          *m_store, *m_trades, *m_instruments,
                                                          *m_redisClient);
    }

    // Trade ids of a symbol from the first to the last stored: none missing, none twice.
    bool tradesContiguous(const char *symbol)
    {
        return m_postgres.psql(QStringLiteral("market"),
                               QStringLiteral("SELECT count(*) = max(trade_id) - min(trade_id) + 1"
                                              " AND count(*) = count(DISTINCT trade_id)"
                                              " FROM trades WHERE symbol = '%1'")
                                   .arg(QString::fromLatin1(symbol)))
               == QStringLiteral("t");
    }

    qint64 tradeCount(const char *symbol)
    {
        return m_postgres
            .psql(QStringLiteral("market"),
                  QStringLiteral("SELECT count(*) FROM trades WHERE symbol = '%1'")
                      .arg(QString::fromLatin1(symbol)))
            .toLongLong();
    }

    // One candle per minute from the first to the last stored: no gap, no duplicate.
    bool contiguous(const char *symbol)
    {
        return m_postgres.psql(QStringLiteral("market"),
                               QStringLiteral("SELECT count(*) = extract(epoch FROM max(open_time)"
                                              " - min(open_time)) / 60 + 1 FROM candles"
                                              " WHERE symbol = '%1'")
                                   .arg(QString::fromLatin1(symbol)))
               == QStringLiteral("t");
    }

    qint64 stored(const char *symbol)
    {
        return m_store->count("binance", symbol, model::Timeframe::M1).value_or(-1);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("market")), qPrintable(m_postgres.error()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        server::DatabaseSettings database;
        database.host = "127.0.0.1";
        database.port = m_postgres.port();
        database.name = "market";
        database.user = m_postgres.user().toStdString();
        m_database = std::make_unique<server::Database>(database, "", "test_market_collector");
        QVERIFY(m_database->run([](pqxx::connection &connection) {
            return server::migrate(connection, server::builtInMigrations());
        }));
        m_store = std::make_unique<server::CandleStore>(*m_database);
        m_trades = std::make_unique<server::TradeStore>(*m_database);
        m_instruments = std::make_unique<server::InstrumentStore>(*m_database);
        server::RedisSettings redis;
        redis.host = "127.0.0.1";
        redis.port = m_redis.port();
        m_redisClient = std::make_unique<server::RedisClient>(redis, "");
        exchange_sim::ExchangeSimulator::Options options;
        options.historyMinutes = 300;
        m_simulator = std::make_unique<exchange_sim::ExchangeSimulator>(options);
        QString error;
        QVERIFY2(m_simulator->start(&error), qPrintable(error));
    }

    void backfillsThenStreams()
    {
        std::mutex mutex;
        QStringList published;
        server::RedisSettings redis;
        redis.host = "127.0.0.1";
        redis.port = m_redis.port();
        server::RedisSubscriber subscriber(redis, "", "market_data",
                                           [&](const std::string &message) {
                                               std::lock_guard lock(mutex);
                                               published << QString::fromStdString(message);
                                           });
        subscriber.start();
        QTRY_VERIFY_WITH_TIMEOUT(subscriber.subscribed(), 10000);
        auto seen = [&](const QString &needle) {
            std::lock_guard lock(mutex);
            return std::any_of(published.begin(), published.end(),
                               [&](const QString &m) { return m.contains(needle); });
        };

        connectors::BinanceConnector connector(endpoints());
        auto collecting = collector(connector, 120);
        QSignalSpy caughtUp(collecting.get(), &compute::MarketCollector::caughtUp);
        collecting->start();
        QVERIFY(caughtUp.wait(30000));
        // 120 minutes back from now: 119 or 120 closed candles per symbol, plus any minute that
        // closed while the test ran (the stream stores it live).
        QVERIFY2(stored("BTCUSDT") >= 119 && stored("BTCUSDT") <= 122,
                 qPrintable(QString::number(stored("BTCUSDT"))));
        QVERIFY(stored("ETHUSDT") >= 119);
        QVERIFY(contiguous("BTCUSDT"));
        // The followed instruments are listed, with the exchange's filters.
        auto instruments = m_instruments->list("binance");
        QVERIFY(instruments);
        QCOMPARE(instruments->size(), std::size_t(2));
        QCOMPARE(instruments->front().symbol, std::string("BTCUSDT"));
        QCOMPARE(instruments->front().tickSize, *Price::parse("0.01"));
        // Trades are stored and the book is in sync; all three reach Redis.
        QTRY_VERIFY_WITH_TIMEOUT(tradeCount("BTCUSDT") > 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(connector.book("BTCUSDT") != nullptr, 20000);
        QVERIFY(connector.book("BTCUSDT")->bestBid()->price
                < connector.book("BTCUSDT")->bestAsk()->price);
        QTRY_VERIFY_WITH_TIMEOUT(seen(QStringLiteral(R"("type":"trade")")), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(seen(QStringLiteral(R"("type":"book")")), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(seen(QStringLiteral(R"("type":"candle")")), 20000);
        QCOMPARE(connector.counters().malformed, 0);
        collecting->stop();
        QVERIFY(tradesContiguous("BTCUSDT"));
        subscriber.stop();
    }

    // A collector started later continues from the newest stored candle and trade: the minutes
    // and trades it missed are fetched, nothing is stored twice.
    void restartBackfillsTheGapOnly()
    {
        const qint64 before = stored("BTCUSDT");
        QVERIFY(before > 0);
        // Remove the newest 30 minutes, as if the collector had been down for half an hour.
        bool ok = false;
        m_postgres.psql(QStringLiteral("market"),
                        QStringLiteral("DELETE FROM candles WHERE symbol = 'BTCUSDT' AND open_time >"
                                       " (SELECT max(open_time) FROM candles WHERE symbol = "
                                       "'BTCUSDT') - interval '30 minutes'"),
                        &ok);
        QVERIFY2(ok, qPrintable(m_postgres.error()));
        QCOMPARE(stored("BTCUSDT"), before - 30);
        const qint64 tradesBefore = tradeCount("BTCUSDT");
        QVERIFY(tradesBefore > 0);
        // Trades keep printing while no collector runs: those are the gap to fill.
        QTest::qWait(3000);

        connectors::BinanceConnector connector(endpoints());
        auto collecting = collector(connector, 600);
        QSignalSpy caughtUp(collecting.get(), &compute::MarketCollector::caughtUp);
        collecting->start();
        QVERIFY(caughtUp.wait(30000));
        // Back to the full history without a hole, not 600 minutes: the collector resumed from
        // what is stored (a minute or two may have closed meanwhile).
        QVERIFY2(stored("BTCUSDT") >= before && stored("BTCUSDT") <= before + 2,
                 qPrintable(QString::number(stored("BTCUSDT"))));
        QVERIFY(contiguous("BTCUSDT"));
        QTRY_VERIFY_WITH_TIMEOUT(tradeCount("BTCUSDT") > tradesBefore, 20000);
        collecting->stop();
        QVERIFY(tradesContiguous("BTCUSDT"));
    }
};
QTEST_GUILESS_MAIN(TestMarketCollector)
#include "test_market_collector.moc"
