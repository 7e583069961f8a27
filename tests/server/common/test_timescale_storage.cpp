// The TimescaleDB storage mode against a real PostgreSQL: conversion, the stores' usual queries on
// hypertables, and retention by chunks. Skipped, with the reason, where the PostgreSQL the tests
// start has no TimescaleDB (ctest then reports the test as skipped).
#include "common/candle_store.h"
#include "common/market_store.h"
#include "common/migrations.h"
#include "common/storage_mode.h"
#include "support/local_services.h"

#include <QTest>

using namespace bcf;

namespace {

constexpr long long kDay = 86'400'000LL;
constexpr long long kJune15 = 1'718'409'600'000LL; // 2024-06-15T00:00:00Z

model::Trade trade(std::int64_t id, long long time)
{
    return {id, fromUnixMillis(time), Price::fromUnits(100 + id), *Quantity::parse("0.25"),
            model::Side::Buy};
}

model::Candle candle(long long openTime, long long close)
{
    model::Candle c;
    c.timeframe = model::Timeframe::M1;
    c.openTime = fromUnixMillis(openTime);
    c.open = c.high = c.low = c.close = Price::fromUnits(close);
    c.volume = *Quantity::parse("1");
    c.quoteVolume = notional(c.close, c.volume);
    c.tradeCount = 1;
    c.closed = true;
    return c;
}

} // namespace

class TestTimescaleStorage final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    std::unique_ptr<server::Database> m_database;

private slots:
    void initTestCase()
    {
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("market")),
                 qPrintable(m_postgres.error()));
        server::DatabaseSettings settings;
        settings.host = "127.0.0.1";
        settings.port = m_postgres.port();
        settings.name = "market";
        settings.user = m_postgres.user().toStdString();
        m_database = std::make_unique<server::Database>(settings, "", "test_timescale_storage");
        QVERIFY(m_database->run([](pqxx::connection &connection) {
            return server::migrate(connection, server::builtInMigrations());
        }));
        std::string missing;
        const auto available = server::timescaleAvailable(*m_database, &missing);
        QVERIFY(available.has_value());
        if (!*available)
            QSKIP(missing.c_str());
    }

    void convertsAndServesTheSameQueries()
    {
        server::CandleStore candles(*m_database);
        server::TradeStore trades(*m_database);
        // Rows written before the conversion are carried over.
        QVERIFY(candles.ingest("binance", "BTCUSDT", {candle(kJune15 - 60 * kDay, 90)}));
        QVERIFY(trades.ingest("binance", "BTCUSDT", {trade(1, kJune15 - 60 * kDay)}));

        const auto converted = server::convertToTimescale(*m_database);
        QVERIFY2(converted, converted ? "" : converted.error().message.c_str());
        QVERIFY(server::convertToTimescale(*m_database)); // idempotent
        QCOMPARE(server::storageMode(*m_database).value(), server::StorageMode::Timescale);
        QCOMPARE(m_postgres.psql(QStringLiteral("market"),
                                 QStringLiteral("SELECT count(*) FROM"
                                                " timescaledb_information.hypertables WHERE"
                                                " hypertable_name IN ('candles', 'trades')"
                                                " AND compression_enabled")),
                 QStringLiteral("2"));

        // New stores, as after a restart: they see no native partitions and create none.
        server::CandleStore hyperCandles(*m_database);
        server::TradeStore hyperTrades(*m_database);
        std::vector<model::Candle> written;
        for (int i = 0; i < 3; ++i)
            written.push_back(candle(kJune15 + i * 60'000LL, 100 + i));
        QCOMPARE(hyperCandles.ingest("binance", "BTCUSDT", written).value(), std::size_t(3));
        QCOMPARE(hyperCandles.ingest("binance", "BTCUSDT", written).value(), std::size_t(3));
        QCOMPARE(hyperCandles.count("binance", "BTCUSDT", model::Timeframe::M1).value(), 4);
        const auto range = hyperCandles.range("binance", "BTCUSDT", model::Timeframe::M1,
                                              fromUnixMillis(kJune15),
                                              fromUnixMillis(kJune15 + kDay), 10);
        QCOMPARE(range->size(), std::size_t(3));
        QCOMPARE(range->front(), written.front());
        const auto latest = hyperCandles.latest("binance", "BTCUSDT", model::Timeframe::M1,
                                                fromUnixMillis(0),
                                                fromUnixMillis(kJune15 + kDay), 2);
        QCOMPARE(latest->size(), std::size_t(2));
        QCOMPARE(latest->back(), written.back());

        const std::vector<model::Trade> newTrades{trade(2, kJune15 + 1000),
                                                  trade(3, kJune15 + 2000)};
        QCOMPARE(hyperTrades.ingest("binance", "BTCUSDT", newTrades).value(), std::size_t(2));
        QCOMPARE(hyperTrades.ingest("binance", "BTCUSDT", newTrades).value(), std::size_t(0));
        QCOMPARE(hyperTrades.newestId("binance", "BTCUSDT").value(), 3);
        const auto recent = hyperTrades.recent("binance", "BTCUSDT", 10);
        QCOMPARE(recent->size(), std::size_t(3));
        QCOMPARE(recent->front().id, 1);

        // Retention drops the chunks of the rows from 60 days ago and keeps today's.
        const auto report = server::applyRetention(*m_database, {30, 30},
                                                   fromUnixMillis(kJune15 + kDay / 2));
        QVERIFY(report.has_value());
        QVERIFY(report->dropped.size() >= 2);
        QCOMPARE(hyperTrades.recent("binance", "BTCUSDT", 10)->size(), std::size_t(2));
        QCOMPARE(hyperCandles.count("binance", "BTCUSDT", model::Timeframe::M1).value(), 3);
    }
};

QTEST_GUILESS_MAIN(TestTimescaleStorage)
#include "test_timescale_storage.moc"
