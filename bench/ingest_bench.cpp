// Candle ingestion throughput: the product's path (CandleStore::ingest — COPY into a temporary
// table, then INSERT … ON CONFLICT into the partitioned table) against psql's raw COPY of the
// same rows into an identical empty table, in one run on a private PostgreSQL. Prints a table.
//
// Usage: bench_ingest [--rows N] (default 1,000,000)
#include "common/candle_store.h"
#include "common/migrations.h"
#include "local_services.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>

using namespace bcf;

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    long long rows = 1'000'000;
    const QStringList arguments = application.arguments();
    if (const auto index = arguments.indexOf(QStringLiteral("--rows")); index >= 0
        && index + 1 < arguments.size())
        rows = arguments[index + 1].toLongLong();

    test::PostgresServer postgres;
    if (!postgres.start() || !postgres.createDatabase(QStringLiteral("bench"))) {
        std::fprintf(stderr, "cannot start PostgreSQL: %s\n", qPrintable(postgres.error()));
        return 1;
    }
    server::DatabaseSettings settings;
    settings.host = "127.0.0.1";
    settings.port = postgres.port();
    settings.name = "bench";
    settings.user = postgres.user().toStdString();
    server::Database database(settings, "", "bench_ingest");
    if (!database.run([](pqxx::connection &connection) {
            return server::migrate(connection, server::builtInMigrations());
        })) {
        std::fprintf(stderr, "migration failed\n");
        return 1;
    }

    // The same rows for both paths: 1m candles from 2024-01-01 with a deterministic walk.
    std::vector<model::Candle> candles;
    candles.reserve(static_cast<std::size_t>(rows));
    const long long start = 1'704'067'200'000LL;
    long long price = 4'000'000'000'000LL;
    for (long long i = 0; i < rows; ++i) {
        price += ((i * 7919) % 2001 - 1000) * 1'000'000LL;
        model::Candle candle;
        candle.timeframe = model::Timeframe::M1;
        candle.openTime = fromUnixMillis(start + i * 60'000LL);
        candle.open = Price::fromRaw(price);
        candle.high = Price::fromRaw(price + 500'000'000);
        candle.low = Price::fromRaw(price - 500'000'000);
        candle.close = Price::fromRaw(price + 100'000'000);
        candle.volume = Quantity::fromRaw(123'456'789);
        candle.quoteVolume = notional(candle.close, candle.volume);
        candle.tradeCount = 42;
        candles.push_back(candle);
    }

    server::CandleStore store(database);
    constexpr std::size_t kBatch = 250'000;
    // Ingests every candle in import-sized batches; returns the seconds it took, or -1.
    auto ingestAll = [&]() -> double {
        const auto started = std::chrono::steady_clock::now();
        for (std::size_t offset = 0; offset < candles.size(); offset += kBatch) {
            const std::vector<model::Candle> batch(
                candles.begin() + static_cast<long>(offset),
                candles.begin() + static_cast<long>(std::min(candles.size(), offset + kBatch)));
            if (!store.ingest("binance", "BTCUSDT", batch))
                return -1;
        }
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    const double productSeconds = ingestAll();
    // The same rows again: every key exists, so this measures the idempotent upsert path.
    const double replaySeconds = ingestAll();
    if (productSeconds < 0 || replaySeconds < 0) {
        std::fprintf(stderr, "ingest failed\n");
        return 1;
    }

    // Raw COPY by psql straight into an identical table (same month partitions, same primary
    // key) of the same rows, written as CSV with ISO timestamps.
    QTemporaryDir directory;
    const QString csvPath = directory.filePath(QStringLiteral("candles.csv"));
    {
        std::ofstream csv(csvPath.toStdString());
        char timestamp[32];
        for (const auto &candle : candles) {
            const std::time_t seconds = toUnixMillis(candle.openTime) / 1000;
            std::tm parts{};
            gmtime_r(&seconds, &parts);
            std::strftime(timestamp, sizeof timestamp, "%Y-%m-%d %H:%M:%S+00", &parts);
            csv << "binance,BTCUSDT,1m," << timestamp << ',' << candle.open.raw() << ','
                << candle.high.raw() << ',' << candle.low.raw() << ',' << candle.close.raw() << ','
                << candle.volume.raw() << ',' << candle.quoteVolume.raw() << ','
                << candle.tradeCount << '\n';
        }
    }
    bool ok = false;
    postgres.psql(QStringLiteral("bench"),
                  QStringLiteral("CREATE TABLE raw_candles (LIKE candles INCLUDING ALL)"
                                 " PARTITION BY RANGE (open_time)"),
                  &ok);
    const QString partitions = postgres.psql(
        QStringLiteral("bench"),
        QStringLiteral("SELECT string_agg(format('CREATE TABLE raw_%s PARTITION OF raw_candles %s;',"
                       " c.relname, pg_get_expr(c.relpartbound, c.oid)), ' ') FROM pg_inherits i"
                       " JOIN pg_class c ON c.oid = i.inhrelid"
                       " WHERE i.inhparent = 'candles'::regclass"));
    postgres.psql(QStringLiteral("bench"), partitions, &ok);
    if (!ok) {
        std::fprintf(stderr, "cannot create the comparison table: %s\n", qPrintable(postgres.error()));
        return 1;
    }
    const auto copyStart = std::chrono::steady_clock::now();
    QProcess psql;
    psql.start(QStringLiteral("psql"),
               {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-h"),
                QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(postgres.port()),
                QStringLiteral("-U"), postgres.user(), QStringLiteral("-d"), QStringLiteral("bench"),
                QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-c"),
                QStringLiteral("\\copy raw_candles FROM '%1' WITH (FORMAT csv)").arg(csvPath)});
    psql.waitForFinished(-1);
    const double copySeconds = std::chrono::duration<double>(std::chrono::steady_clock::now()
                                                             - copyStart)
                                   .count();
    if (psql.exitCode() != 0) {
        std::fprintf(stderr, "psql COPY failed: %s\n", psql.readAllStandardError().constData());
        return 1;
    }
    const QString copied = postgres.psql(QStringLiteral("bench"),
                                         QStringLiteral("SELECT count(*) FROM raw_candles"));

    std::printf("| path | rows | seconds | rows/s |\n| --- | --- | --- | --- |\n");
    std::printf("| CandleStore::ingest, new candles (COPY) | %lld | %.2f | %.0f |\n", rows,
                productSeconds, rows / productSeconds);
    std::printf("| CandleStore::ingest, same candles again (upsert) | %lld | %.2f | %.0f |\n",
                rows, replaySeconds, rows / replaySeconds);
    std::printf("| psql \\copy into an identical table | %s | %.2f | %.0f |\n",
                qPrintable(copied), copySeconds, rows / copySeconds);
    std::printf("\nratio (product / psql): %.2f\n", copySeconds / productSeconds);
    return 0;
}
