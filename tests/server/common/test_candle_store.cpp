// Candle storage and `bcfctl import` against a real PostgreSQL: idempotent ingestion, monthly
// partitions, range queries, zipped Binance files, and a bad file that imports nothing.
#include "common/candle_store.h"
#include "common/migrations.h"
#include "kline_import.h"
#include "support/local_services.h"

#include <QTemporaryDir>
#include <QTest>

#include <zip.h>

using namespace bcf;

namespace {

model::Candle candle(long long openTime, long long close)
{
    model::Candle c;
    c.timeframe = model::Timeframe::M1;
    c.openTime = fromUnixMillis(openTime);
    c.open = Price::fromUnits(close);
    c.high = Price::fromUnits(close + 1);
    c.low = Price::fromUnits(close - 1);
    c.close = Price::fromUnits(close);
    c.volume = *Quantity::parse("1.5");
    c.quoteVolume = notional(c.close, c.volume);
    c.tradeCount = 3;
    c.closed = true;
    return c;
}

constexpr long long kMarch31 = 1'711'929'600'000LL - 120'000; // 2024-03-31T23:58:00Z

std::string binanceLine(long long openTime, int price)
{
    const std::string p = std::to_string(price);
    return std::to_string(openTime) + "," + p + "," + std::to_string(price + 1) + ","
           + std::to_string(price - 1) + "," + p + ",2," + std::to_string(openTime + 59'999)
           + ",200,5,1,100,0\n";
}

} // namespace

class TestCandleStore final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    std::unique_ptr<server::Database> m_database;
    std::unique_ptr<server::CandleStore> m_store;
    QTemporaryDir m_files;

    QString writeFile(const QString &name, const std::string &text)
    {
        QFile file(m_files.filePath(name));
        file.open(QIODevice::WriteOnly);
        file.write(text.data(), static_cast<qint64>(text.size()));
        return file.fileName();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("market")), qPrintable(m_postgres.error()));
        server::DatabaseSettings settings;
        settings.host = "127.0.0.1";
        settings.port = m_postgres.port();
        settings.name = "market";
        settings.user = m_postgres.user().toStdString();
        m_database = std::make_unique<server::Database>(settings, "", "test_candle_store");
        QVERIFY(m_database->run([](pqxx::connection &connection) {
            return server::migrate(connection, server::builtInMigrations());
        }));
        m_store = std::make_unique<server::CandleStore>(*m_database);
    }

    void ingestIsIdempotentAcrossPartitions()
    {
        std::vector<model::Candle> candles;
        for (int i = 0; i < 5; ++i) // 23:58, 23:59 in March, 00:00–00:02 in April
            candles.push_back(candle(kMarch31 + i * 60'000LL, 100 + i));
        QCOMPARE(m_store->ingest("binance", "BTCUSDT", candles).value(), std::size_t(5));
        QCOMPARE(m_store->ingest("binance", "BTCUSDT", candles).value(), std::size_t(5));
        QCOMPARE(m_store->count("binance", "BTCUSDT", model::Timeframe::M1).value(), 5);
        QCOMPARE(m_postgres.psql(QStringLiteral("market"),
                                 QStringLiteral("SELECT string_agg(c.relname, ',' ORDER BY c.relname)"
                                                " FROM pg_inherits i JOIN pg_class c ON c.oid = "
                                                "i.inhrelid WHERE i.inhparent = 'candles'::regclass")),
                 QStringLiteral("candles_y2024m03,candles_y2024m04"));

        // A corrected candle replaces the stored one (a backfill after a reconnect).
        candles[2].close = Price::fromUnits(999);
        candles[2].high = Price::fromUnits(1000);
        QVERIFY(m_store->ingest("binance", "BTCUSDT", {candles[2]}).has_value());
        const auto stored = m_store->range("binance", "BTCUSDT", model::Timeframe::M1,
                                           fromUnixMillis(kMarch31),
                                           fromUnixMillis(kMarch31 + 10 * 60'000LL), 100);
        QVERIFY(stored.has_value());
        QCOMPARE(stored->size(), std::size_t(5));
        QCOMPARE((*stored)[2].close, Price::fromUnits(999));
        QCOMPARE((*stored)[0], candles[0]);
        QCOMPARE((*stored)[4].quoteVolume, candles[4].quoteVolume);

        const auto limited = m_store->range("binance", "BTCUSDT", model::Timeframe::M1,
                                            fromUnixMillis(kMarch31 + 60'000),
                                            fromUnixMillis(kMarch31 + 10 * 60'000LL), 2);
        QCOMPARE(limited->size(), std::size_t(2));
        QCOMPARE(toUnixMillis(limited->front().openTime), kMarch31 + 60'000);
    }

    void importsAZippedBinanceFileTwiceWithoutDuplicates()
    {
        std::string text;
        const long long start = 1'704'067'200'000LL; // 2024-01-01
        for (int i = 0; i < 1440; ++i)
            text += binanceLine(start + i * 60'000LL, 40000 + i % 50);
        const QString zipPath = m_files.filePath(QStringLiteral("ETHUSDT-1m-2024-01-01.zip"));
        int errorCode = 0;
        zip_t *archive = zip_open(zipPath.toUtf8().constData(), ZIP_CREATE | ZIP_TRUNCATE,
                                  &errorCode);
        QVERIFY(archive);
        zip_source_t *source = zip_source_buffer(archive, text.data(), text.size(), 0);
        QVERIFY(zip_file_add(archive, "ETHUSDT-1m-2024-01-01.csv", source, ZIP_FL_OVERWRITE) >= 0);
        QCOMPARE(zip_close(archive), 0);

        ctl::ImportRequest request{"binance", "ETHUSDT", model::Timeframe::M1,
                                   model::KlineCsvFormat::Binance, {zipPath.toStdString()}};
        std::size_t lastProgress = 0;
        auto report = ctl::importKlines(*m_store, request,
                                        [&](std::size_t done, std::size_t) { lastProgress = done; });
        QVERIFY2(report.has_value(), report ? "" : report.error().message.c_str());
        QCOMPARE(report->rows, std::size_t(1440));
        QCOMPARE(lastProgress, std::size_t(1440));
        QVERIFY(ctl::importKlines(*m_store, request, {}).has_value());
        QCOMPARE(m_store->count("binance", "ETHUSDT", model::Timeframe::M1).value(), 1440);
    }

    void aBadLineImportsNothingAndIsNamed()
    {
        std::string text = "timestamp_ms,open,high,low,close,volume\n";
        text += "1704067200000,10,11,9,10,1\n";
        text += "1704067260000,10,11,9,10,1\n";
        text += "1704067320000,10,11,9,1O,1\n"; // letter O in close
        const QString path = writeFile(QStringLiteral("bad.csv"), text);
        ctl::ImportRequest request{"generic", "XYZUSD", model::Timeframe::M1,
                                   model::KlineCsvFormat::Generic, {path.toStdString()}};
        auto report = ctl::importKlines(*m_store, request, {});
        QVERIFY(!report.has_value());
        const QString message = QString::fromStdString(report.error().message);
        QVERIFY2(message.startsWith(path + QStringLiteral(":4:5: close:")), qPrintable(message));
        QCOMPARE(m_store->count("generic", "XYZUSD", model::Timeframe::M1).value(), 0);

        ctl::ImportRequest missing = request;
        missing.files = {m_files.filePath(QStringLiteral("nope.csv")).toStdString()};
        QVERIFY(ctl::importKlines(*m_store, missing, {}).error().message.find("cannot open")
                != std::string::npos);
    }

    // Last: it adds a January partition the partition checks above do not expect.
    void largerTimeframesAreBuiltFromMinutesWhenNotStored()
    {
        // Five hours of 1m candles (what a collector stores), closes 100, 101, … per minute.
        const long long start = 1'704'067'200'000LL; // 2024-01-01T00:00:00Z
        std::vector<model::Candle> minutes;
        for (int i = 0; i < 300; ++i)
            minutes.push_back(candle(start + i * 60'000LL, 100 + i));
        QVERIFY(m_store->ingest("binance", "ETHUSDT", minutes));
        const auto hourMs = 3'600'000LL;
        auto hours = m_store->bars("binance", "ETHUSDT", model::Timeframe::H1, fromUnixMillis(start),
                                   fromUnixMillis(start + 5 * hourMs), 100);
        QVERIFY2(hours, hours ? "" : hours.error().message.c_str());
        QCOMPARE(hours->size(), std::size_t(5));
        QCOMPARE(toUnixMillis((*hours)[1].openTime), start + hourMs);
        QCOMPARE((*hours)[1].open, Price::fromUnits(160));
        QCOMPARE((*hours)[1].close, Price::fromUnits(219));
        QCOMPARE((*hours)[1].high, Price::fromUnits(220));
        QCOMPARE((*hours)[1].low, Price::fromUnits(159));
        QCOMPARE((*hours)[1].timeframe, model::Timeframe::H1);
        // A range ending inside an hour leaves that hour out (it is not complete).
        auto partial = m_store->bars("binance", "ETHUSDT", model::Timeframe::H1, fromUnixMillis(start + hourMs),
                                     fromUnixMillis(start + 3 * hourMs + 60'000), 100);
        QVERIFY(partial && partial->size() == 2);
        // The newest complete bars before a time, oldest first.
        auto latest = m_store->latestBars("binance", "ETHUSDT", model::Timeframe::H1,
                                          fromUnixMillis(start + 4 * hourMs + 30 * 60'000), 3);
        QVERIFY(latest && latest->size() == 3);
        QCOMPARE(toUnixMillis(latest->front().openTime), start + hourMs);
        QCOMPARE(toUnixMillis(latest->back().openTime), start + 3 * hourMs);
        QCOMPARE(latest->back().close, Price::fromUnits(339));
        // Stored minutes are returned as they are.
        auto same = m_store->bars("binance", "ETHUSDT", model::Timeframe::M1, fromUnixMillis(start),
                                  fromUnixMillis(start + 10 * 60'000), 100);
        QVERIFY(same && same->size() == 10);
    }
};

QTEST_GUILESS_MAIN(TestCandleStore)
#include "test_candle_store.moc"
