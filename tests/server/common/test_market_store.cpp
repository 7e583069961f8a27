// Trades, instruments, retention and the storage mode against a real PostgreSQL, in the mode that
// runs here: native partitioning (the TimescaleDB mode is test_timescale_storage).
#include "common/candle_store.h"
#include "common/market_store.h"
#include "common/migrations.h"
#include "common/storage_mode.h"
#include "support/local_services.h"

#include <QTest>

#include <algorithm>

using namespace bcf;

namespace {

constexpr long long kDay = 86'400'000LL;
constexpr long long kJune15 = 1'718'409'600'000LL; // 2024-06-15T00:00:00Z

long long dayStart(int year, unsigned month, unsigned day)
{
    using namespace std::chrono;
    const sys_days date = std::chrono::year(year) / std::chrono::month(month)
                          / std::chrono::day(day);
    return duration_cast<milliseconds>(date.time_since_epoch()).count();
}

model::Trade trade(std::int64_t id, long long time)
{
    return {id, fromUnixMillis(time), Price::fromUnits(100 + id), *Quantity::parse("0.25"),
            id % 2 ? model::Side::Buy : model::Side::Sell};
}

model::Candle candle(long long openTime)
{
    model::Candle c;
    c.timeframe = model::Timeframe::M1;
    c.openTime = fromUnixMillis(openTime);
    c.open = c.high = c.low = c.close = Price::fromUnits(100);
    c.volume = *Quantity::parse("1");
    c.quoteVolume = notional(c.close, c.volume);
    c.tradeCount = 1;
    c.closed = true;
    return c;
}

model::Instrument instrument(const std::string &exchange, const std::string &symbol,
                             const std::string &tickSize)
{
    model::Instrument i;
    i.exchange = exchange;
    i.symbol = symbol;
    i.base = symbol.substr(0, 3);
    i.quote = "USDT";
    i.tickSize = *Price::parse(tickSize);
    i.lotSize = *Quantity::parse("0.001");
    i.minNotional = *Money::parse("5");
    return i;
}

} // namespace

class TestMarketStore final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    std::unique_ptr<server::Database> m_database;

    // A migrated database of its own, so each case sees only its own partitions.
    std::unique_ptr<server::Database> openDatabase(const QString &name)
    {
        if (!m_postgres.createDatabase(name))
            return nullptr;
        server::DatabaseSettings settings;
        settings.host = "127.0.0.1";
        settings.port = m_postgres.port();
        settings.name = name.toStdString();
        settings.user = m_postgres.user().toStdString();
        auto database = std::make_unique<server::Database>(settings, "", "test_market_store");
        if (!database->run([](pqxx::connection &connection) {
                return server::migrate(connection, server::builtInMigrations());
            }))
            return nullptr;
        return database;
    }

    QString partitions(const QString &database, const QString &table)
    {
        return m_postgres.psql(database,
                               QStringLiteral("SELECT string_agg(c.relname, ',' ORDER BY c.relname)"
                                              " FROM pg_inherits i JOIN pg_class c ON c.oid ="
                                              " i.inhrelid WHERE i.inhparent = '%1'::regclass")
                                   .arg(table));
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        m_database = openDatabase(QStringLiteral("market"));
        QVERIFY(m_database);
    }

    void tradeIngestIsIdempotent()
    {
        server::TradeStore store(*m_database);
        // 23:59:58 … 00:00:02 across 2024-06-14 and 2024-06-15.
        std::vector<model::Trade> trades;
        for (int i = 1; i <= 5; ++i)
            trades.push_back(trade(i, kJune15 - 3000 + i * 1000LL));
        QCOMPARE(store.ingest("binance", "BTCUSDT", trades).value(), std::size_t(5));
        QCOMPARE(store.ingest("binance", "BTCUSDT", trades).value(), std::size_t(0));
        QCOMPARE(m_postgres.psql(QStringLiteral("market"),
                                 QStringLiteral("SELECT count(*) FROM trades")),
                 QStringLiteral("5"));
        QCOMPARE(partitions(QStringLiteral("market"), QStringLiteral("trades")),
                 QStringLiteral("trades_y2024m06d14,trades_y2024m06d15"));

        QCOMPARE(store.newestId("binance", "BTCUSDT").value(), 5);
        QCOMPARE(store.newestId("binance", "ETHUSDT").value(), 0);

        // The newest three, returned oldest first, with every field as written.
        const auto recent = store.recent("binance", "BTCUSDT", 3);
        QVERIFY(recent.has_value());
        QCOMPARE(recent->size(), std::size_t(3));
        for (std::size_t i = 0; i < 3; ++i) {
            const auto &expected = trades[i + 2];
            const auto &stored = (*recent)[i];
            QCOMPARE(stored.id, expected.id);
            QCOMPARE(toUnixMillis(stored.time), toUnixMillis(expected.time));
            QCOMPARE(stored.price, expected.price);
            QCOMPARE(stored.quantity, expected.quantity);
            QVERIFY(stored.aggressor == expected.aggressor);
        }
        QCOMPARE(store.recent("binance", "BTCUSDT", 100)->size(), std::size_t(5));
    }

    void instrumentsUpsertAndList()
    {
        server::InstrumentStore store(*m_database);
        QCOMPARE(store.upsert({instrument("bybit", "BTCUSDT", "0.1"),
                               instrument("binance", "ETHUSDT", "0.01"),
                               instrument("binance", "BTCUSDT", "0.01")})
                     .value(),
                 std::size_t(3));
        auto changed = instrument("binance", "BTCUSDT", "0.1");
        changed.pricePrecision = 1;
        changed.quantityPrecision = 3;
        QCOMPARE(store.upsert({changed}).value(), std::size_t(1));

        const auto binance = store.list("binance");
        QVERIFY(binance.has_value());
        QCOMPARE(binance->size(), std::size_t(2));
        QCOMPARE((*binance)[0].symbol, std::string("BTCUSDT"));
        QCOMPARE((*binance)[0].tickSize, *Price::parse("0.1"));
        QCOMPARE((*binance)[0].pricePrecision, 1);
        QCOMPARE((*binance)[0].quantityPrecision, 3);
        QCOMPARE((*binance)[0].lotSize, *Quantity::parse("0.001"));
        QCOMPARE((*binance)[0].minNotional, *Money::parse("5"));
        QCOMPARE((*binance)[1].symbol, std::string("ETHUSDT"));

        const auto all = store.list("");
        QVERIFY(all.has_value());
        QCOMPARE(all->size(), std::size_t(3));
        QCOMPARE((*all)[2].exchange, std::string("bybit"));
        QCOMPARE(store.list("kraken")->size(), std::size_t(0));
    }

    void retentionDropsOnlyOldPartitions()
    {
        auto database = openDatabase(QStringLiteral("retention"));
        QVERIFY(database);
        const QString name = QStringLiteral("retention");
        server::TradeStore trades(*database);
        server::CandleStore candles(*database);
        // Now is 2024-06-15 12:00: trades keep 30 days (horizon 2024-05-16 00:00), candles 90
        // (horizon 2024-03-17 00:00). A partition goes when it ends at or before its horizon.
        const TimePoint now = fromUnixMillis(kJune15 + kDay / 2);
        int id = 0;
        for (const long long day : {dayStart(2024, 5, 1), dayStart(2024, 5, 15),
                                    dayStart(2024, 5, 16), dayStart(2024, 6, 15)})
            QVERIFY(trades.ingest("binance", "BTCUSDT", {trade(++id, day + 1000)}).has_value());
        for (const long long month : {dayStart(2024, 1, 31), dayStart(2024, 2, 1),
                                      dayStart(2024, 3, 1), dayStart(2024, 6, 1)})
            QVERIFY(candles.ingest("binance", "BTCUSDT", {candle(month)}).has_value());
        const QString allTrades = QStringLiteral("trades_y2024m05d01,trades_y2024m05d15,"
                                                 "trades_y2024m05d16,trades_y2024m06d15");
        const QString allCandles = QStringLiteral("candles_y2024m01,candles_y2024m02,"
                                                  "candles_y2024m03,candles_y2024m06");
        QCOMPARE(partitions(name, QStringLiteral("trades")), allTrades);
        QCOMPARE(partitions(name, QStringLiteral("candles")), allCandles);

        // 0 keeps everything.
        auto kept = server::applyRetention(*database, {0, 0}, now);
        QVERIFY(kept.has_value());
        QVERIFY(kept->dropped.empty());
        QCOMPARE(partitions(name, QStringLiteral("trades")), allTrades);
        QCOMPARE(partitions(name, QStringLiteral("candles")), allCandles);

        auto report = server::applyRetention(*database, {30, 90}, now);
        QVERIFY(report.has_value());
        auto dropped = report->dropped;
        std::sort(dropped.begin(), dropped.end());
        QCOMPARE(dropped, (std::vector<std::string>{"candles_y2024m01", "candles_y2024m02",
                                                    "trades_y2024m05d01",
                                                    "trades_y2024m05d15"}));
        QCOMPARE(partitions(name, QStringLiteral("trades")),
                 QStringLiteral("trades_y2024m05d16,trades_y2024m06d15"));
        QCOMPARE(partitions(name, QStringLiteral("candles")),
                 QStringLiteral("candles_y2024m03,candles_y2024m06"));
        // The data of the kept partitions is still there.
        const auto recent = trades.recent("binance", "BTCUSDT", 100);
        QCOMPARE(recent->size(), std::size_t(2));
        QCOMPARE(recent->front().id, 3);
        QCOMPARE(candles.count("binance", "BTCUSDT", model::Timeframe::M1).value(), 2);

        // Running it again finds nothing more to drop.
        QVERIFY(server::applyRetention(*database, {30, 90}, now)->dropped.empty());
    }

    void storageModeIsNativeHere()
    {
        QCOMPARE(server::storageMode(*m_database).value(), server::StorageMode::NativePartitions);
        QCOMPARE(server::storageModeName(server::StorageMode::NativePartitions),
                 std::string_view("native-partitions"));
        std::string missing;
        const auto available = server::timescaleAvailable(*m_database, &missing);
        QVERIFY(available.has_value());
        if (*available)
            return; // the conversion itself is test_timescale_storage
        QVERIFY(!missing.empty());
        // Without TimescaleDB the conversion refuses, names what is missing and changes nothing.
        const auto converted = server::convertToTimescale(*m_database);
        QVERIFY(!converted);
        QCOMPARE(converted.error().code, ErrorCode::FailedPrecondition);
        QVERIFY2(converted.error().message.find(missing) != std::string::npos,
                 converted.error().message.c_str());
        QCOMPARE(server::storageMode(*m_database).value(), server::StorageMode::NativePartitions);
        QCOMPARE(m_postgres.psql(QStringLiteral("market"),
                                 QStringLiteral("SELECT string_agg(relkind::text, ',' ORDER BY"
                                                " relname) FROM pg_class WHERE relname IN"
                                                " ('candles', 'trades')")),
                 QStringLiteral("p,p"));
    }
};

QTEST_GUILESS_MAIN(TestMarketStore)
#include "test_market_store.moc"
