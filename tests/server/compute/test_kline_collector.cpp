// The 1m candle collector against bcf-exchange-sim, a real PostgreSQL and a real Redis: it
// backfills history over REST, follows the kline stream, and a restart fills the gap it missed
// without duplicating a candle.
#include "collector/kline_collector.h"
#include "common/migrations.h"
#include "exchange_simulator.h"
#include "support/local_services.h"

#include <QSignalSpy>
#include <QTest>

using namespace bcf;

class TestKlineCollector final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    std::unique_ptr<server::Database> m_database;
    std::unique_ptr<server::CandleStore> m_store;
    std::unique_ptr<server::RedisClient> m_redisClient;
    std::unique_ptr<exchange_sim::ExchangeSimulator> m_simulator;

    compute::CollectorSettings settings(int backfillMinutes) const
    {
        compute::CollectorSettings result;
        result.restUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_simulator->restPort()));
        result.webSocketUrl = QUrl(QStringLiteral("ws://127.0.0.1:%1")
                                       .arg(m_simulator->webSocketPort()));
        result.symbols = {QStringLiteral("BTCUSDT"), QStringLiteral("ETHUSDT")};
        result.backfillMinutes = backfillMinutes;
        return result;
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
        m_database = std::make_unique<server::Database>(database, "", "test_kline_collector");
        QVERIFY(m_database->run([](pqxx::connection &connection) {
            return server::migrate(connection, server::builtInMigrations());
        }));
        m_store = std::make_unique<server::CandleStore>(*m_database);
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
        compute::KlineCollector collector(settings(120), *m_store, *m_redisClient);
        QSignalSpy backfilled(&collector, &compute::KlineCollector::backfillFinished);
        QSignalSpy connected(&collector, &compute::KlineCollector::streamConnected);
        collector.start();
        QTRY_COMPARE_WITH_TIMEOUT(backfilled.count(), 2, 20000);
        QVERIFY(connected.wait(10000) || collector.streaming());
        // 120 minutes back from now: 119 or 120 closed candles per symbol, plus any minute that
        // closed while the test ran (the stream stores it live).
        QVERIFY2(stored("BTCUSDT") >= 119 && stored("BTCUSDT") <= 122,
                 qPrintable(QString::number(stored("BTCUSDT"))));
        QVERIFY(stored("ETHUSDT") >= 119);
        QVERIFY(contiguous("BTCUSDT"));
        QCOMPARE(collector.malformedMessages(), 0);
    }

    // A collector started later continues from the newest stored candle: the minutes it missed
    // are fetched, nothing is stored twice (the primary key would refuse it anyway).
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
        compute::KlineCollector collector(settings(600), *m_store, *m_redisClient);
        QSignalSpy backfilled(&collector, &compute::KlineCollector::backfillFinished);
        collector.start();
        QTRY_COMPARE_WITH_TIMEOUT(backfilled.count(), 2, 20000);
        // Back to the full history without a hole, not 600 minutes: the collector resumed from
        // what is stored (a minute or two may have closed meanwhile).
        QVERIFY2(stored("BTCUSDT") >= before && stored("BTCUSDT") <= before + 2,
                 qPrintable(QString::number(stored("BTCUSDT"))));
        QVERIFY(contiguous("BTCUSDT"));
        QVERIFY(backfilled.first().at(1).toInt() <= 33);
    }
};

QTEST_GUILESS_MAIN(TestKlineCollector)
#include "test_kline_collector.moc"
