#include "common/candle_store.h"

#include "model/candle_builder.h"
#include "model/timeframe.h"

#include "common/storage_mode.h"

#include <libpq-fe.h>
#include <pqxx/stream_to>

#include <charconv>
#include <memory>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>
#include <tuple>

namespace bcf::server {
namespace {

using namespace std::chrono;

// Arbitrary constant shared by every process creating candle partitions.
constexpr long long kPartitionLockKey = 0x6263663263616e64; // "bcf2cand"

std::string monthText(year_month month)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-01", static_cast<int>(month.year()),
                  static_cast<unsigned>(month.month()));
    return buffer;
}

void ensurePartitions(pqxx::work &tx, const std::set<year_month> &needed)
{
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kPartitionLockKey);
    for (const year_month month : needed) {
        char name[32];
        std::snprintf(name, sizeof name, "candles_y%04dm%02u", static_cast<int>(month.year()),
                      static_cast<unsigned>(month.month()));
        // Names and bounds come from integers formatted here, never from input text.
        tx.exec0(std::string("CREATE TABLE IF NOT EXISTS ") + name
                 + " PARTITION OF candles FOR VALUES FROM ('" + monthText(month)
                 + " 00:00:00+00') TO ('" + monthText(month + months(1)) + " 00:00:00+00')");
    }
}

std::string isoTimestamp(TimePoint time)
{
    const long long millis = toUnixMillis(time);
    const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char buffer[40];
    const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &parts);
    std::snprintf(buffer + length, sizeof buffer - length, ".%03lld+00", millis % 1000);
    return buffer;
}


enum class DirectCopy { Copied, KeysExist };

void appendInteger(std::string &buffer, std::int64_t value)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    buffer.append(digits, end);
}

// COPY of new candles over a libpq connection of its own, formatting rows straight into the
// COPY text buffer (libpqxx's stream_to formats field by field and was the bottleneck). One
// transaction: all rows or none. KeysExist when any key is already stored (SQLSTATE 23505).
Result<DirectCopy> copyNewCandles(const std::string &connectionString, const std::string &exchange,
                                  const std::string &symbol,
                                  const std::vector<model::Candle> &candles)
{
    std::unique_ptr<PGconn, decltype(&PQfinish)> connection(
        PQconnectdb(connectionString.c_str()), &PQfinish);
    auto failure = [&](const std::string &what) {
        std::string message = PQerrorMessage(connection.get());
        while (!message.empty() && message.back() == '\n')
            message.pop_back();
        return makeError(ErrorCode::Unavailable, what + ": " + message);
    };
    if (PQstatus(connection.get()) != CONNECTION_OK)
        return failure("PostgreSQL is unreachable");
    auto run = [&](const char *sql) {
        std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(connection.get(), sql),
                                                             &PQclear);
        return PQresultStatus(result.get());
    };
    if (run("BEGIN") != PGRES_COMMAND_OK)
        return failure("BEGIN failed");
    if (run("COPY candles (exchange, symbol, timeframe, open_time, open, high, low, close,"
            " volume, quote_volume, trade_count) FROM STDIN")
        != PGRES_COPY_IN)
        return failure("COPY failed to start");

    // Exchange and symbol are written with COPY text escaping of backslash, tab and newlines.
    auto escaped = [](const std::string &text) {
        std::string out;
        for (char c : text) {
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r')
                out += '\\';
            out += c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : c;
        }
        return out;
    };
    const std::string prefix = escaped(exchange) + '\t' + escaped(symbol) + '\t';
    std::string buffer;
    buffer.reserve(1 << 20);
    for (const auto &candle : candles) {
        buffer += prefix;
        buffer += model::timeframeName(candle.timeframe);
        buffer += '\t';
        buffer += isoTimestamp(candle.openTime);
        for (const std::int64_t value :
             {candle.open.raw(), candle.high.raw(), candle.low.raw(), candle.close.raw(),
              candle.volume.raw(), candle.quoteVolume.raw(), candle.tradeCount}) {
            buffer += '\t';
            appendInteger(buffer, value);
        }
        buffer += '\n';
        if (buffer.size() > (1 << 20) - 256) {
            if (PQputCopyData(connection.get(), buffer.data(), static_cast<int>(buffer.size()))
                != 1)
                return failure("COPY failed");
            buffer.clear();
        }
    }
    if (!buffer.empty()
        && PQputCopyData(connection.get(), buffer.data(), static_cast<int>(buffer.size())) != 1)
        return failure("COPY failed");
    if (PQputCopyEnd(connection.get(), nullptr) != 1)
        return failure("COPY failed to end");
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQgetResult(connection.get()), &PQclear);
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
        const char *state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
        const bool duplicate = state && std::string_view(state) == "23505";
        if (duplicate)
            return DirectCopy::KeysExist; // the connection closes; the transaction rolls back
        return failure("COPY into candles failed");
    }
    while (PGresult *rest = PQgetResult(connection.get()))
        PQclear(rest);
    if (run("COMMIT") != PGRES_COMMAND_OK)
        return failure("COMMIT failed");
    return DirectCopy::Copied;
}

} // namespace

Result<std::size_t> CandleStore::ingest(const std::string &exchange, const std::string &symbol,
                                        const std::vector<model::Candle> &input)
{
    if (input.empty())
        return std::size_t(0);
    // One row per key, the last one given winning (a corrected candle follows the original).
    std::vector<model::Candle> candles = input;
    std::stable_sort(candles.begin(), candles.end(), [](const auto &a, const auto &b) {
        return std::tie(a.timeframe, a.openTime) < std::tie(b.timeframe, b.openTime);
    });
    std::vector<model::Candle> unique;
    unique.reserve(candles.size());
    for (const auto &candle : candles) {
        if (!unique.empty() && unique.back().timeframe == candle.timeframe
            && unique.back().openTime == candle.openTime)
            unique.back() = candle;
        else
            unique.push_back(candle);
    }
    std::set<year_month> monthsNeeded;
    for (const auto &candle : unique) {
        const year_month_day day(floor<days>(sys_time<milliseconds>(
            milliseconds(toUnixMillis(candle.openTime)))));
        monthsNeeded.insert(day.year() / day.month());
    }
    // Partitions first, in their own transaction (creating one that ends up empty is harmless).
    // A hypertable makes its chunks itself.
    if (m_nativePartitions.load() != 0) {
        auto prepared = m_database.run([&](pqxx::connection &connection) {
            pqxx::work tx(connection);
            if (m_nativePartitions.load() < 0)
                m_nativePartitions = detail::nativelyPartitioned(tx, "candles") ? 1 : 0;
            if (m_nativePartitions.load() == 1)
                ensurePartitions(tx, monthsNeeded);
            tx.commit();
        });
        if (!prepared)
            return std::unexpected(prepared.error());
    }
    // Fast path, the common case of new candles: COPY straight into the table. If any key is
    // already stored the COPY fails as a whole and the upsert below replaces stored candles.
    auto copied = copyNewCandles(m_database.connectionString(), exchange, symbol, unique);
    if (!copied)
        return std::unexpected(copied.error());
    if (*copied == DirectCopy::Copied)
        return unique.size();

    return m_database.run([&](pqxx::connection &connection) -> std::size_t {
        pqxx::work tx(connection);
        tx.exec0("CREATE TEMPORARY TABLE candles_in (timeframe text, open_time_ms bigint,"
                 " open bigint, high bigint, low bigint, close bigint, volume bigint,"
                 " quote_volume bigint, trade_count bigint) ON COMMIT DROP");
        {
            pqxx::stream_to stream(tx, "candles_in");
            for (const auto &candle : unique) {
                stream << std::make_tuple(std::string(model::timeframeName(candle.timeframe)),
                                          toUnixMillis(candle.openTime), candle.open.raw(),
                                          candle.high.raw(), candle.low.raw(), candle.close.raw(),
                                          candle.volume.raw(), candle.quoteVolume.raw(),
                                          candle.tradeCount);
            }
            stream.complete();
        }
        const auto written = tx.exec_params(
            "INSERT INTO candles (exchange, symbol, timeframe, open_time, open, high, low, close,"
            " volume, quote_volume, trade_count)"
            " SELECT $1, $2, timeframe, to_timestamp(open_time_ms / 1000.0), open, high, low,"
            " close, volume, quote_volume, trade_count FROM candles_in"
            " ON CONFLICT (exchange, symbol, timeframe, open_time) DO UPDATE SET"
            " open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low,"
            " close = EXCLUDED.close, volume = EXCLUDED.volume,"
            " quote_volume = EXCLUDED.quote_volume, trade_count = EXCLUDED.trade_count",
            exchange, symbol);
        tx.commit();
        return static_cast<std::size_t>(written.affected_rows());
    });
}

namespace {

std::vector<model::Candle> readCandles(const pqxx::result &rows, model::Timeframe timeframe)
{
    std::vector<model::Candle> candles;
    candles.reserve(rows.size());
    for (const auto &row : rows) {
        model::Candle candle;
        candle.timeframe = timeframe;
        candle.openTime = fromUnixMillis(row[0].as<long long>());
        candle.open = Price::fromRaw(row[1].as<std::int64_t>());
        candle.high = Price::fromRaw(row[2].as<std::int64_t>());
        candle.low = Price::fromRaw(row[3].as<std::int64_t>());
        candle.close = Price::fromRaw(row[4].as<std::int64_t>());
        candle.volume = Quantity::fromRaw(row[5].as<std::int64_t>());
        candle.quoteVolume = Money::fromRaw(row[6].as<std::int64_t>());
        candle.tradeCount = row[7].as<std::int64_t>();
        candle.closed = true;
        candles.push_back(candle);
    }
    return candles;
}

constexpr const char *kCandleColumns =
    "SELECT floor(extract(epoch FROM open_time) * 1000)::bigint, open, high, low, close,"
    " volume, quote_volume, trade_count FROM candles"
    " WHERE exchange = $1 AND symbol = $2 AND timeframe = $3"
    " AND open_time >= to_timestamp($4 / 1000.0) AND open_time < to_timestamp($5 / 1000.0)";

} // namespace

Result<std::vector<model::Candle>> CandleStore::range(const std::string &exchange,
                                                      const std::string &symbol,
                                                      model::Timeframe timeframe, TimePoint from,
                                                      TimePoint to, std::size_t limit)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection); // one SELECT: no BEGIN/COMMIT round trips
        return readCandles(tx.exec_params(std::string(kCandleColumns)
                                              + " ORDER BY open_time LIMIT $6",
                                          exchange, symbol,
                                          std::string(model::timeframeName(timeframe)),
                                          toUnixMillis(from), toUnixMillis(to),
                                          static_cast<long long>(limit)),
                           timeframe);
    });
}

Result<std::vector<model::Candle>> CandleStore::latest(const std::string &exchange,
                                                       const std::string &symbol,
                                                       model::Timeframe timeframe, TimePoint from,
                                                       TimePoint to, std::size_t limit)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection); // one SELECT: no BEGIN/COMMIT round trips
        auto candles = readCandles(tx.exec_params(std::string(kCandleColumns)
                                                      + " ORDER BY open_time DESC LIMIT $6",
                                                  exchange, symbol,
                                                  std::string(model::timeframeName(timeframe)),
                                                  toUnixMillis(from), toUnixMillis(to),
                                                  static_cast<long long>(limit)),
                                   timeframe);
        std::reverse(candles.begin(), candles.end());
        return candles;
    });
}

Result<bool> CandleStore::knows(const std::string &exchange, const std::string &symbol)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection); // one SELECT: no BEGIN/COMMIT round trips
        return tx.exec_params1("SELECT EXISTS (SELECT 1 FROM instruments WHERE exchange = $1"
                               " AND symbol = $2) OR EXISTS (SELECT 1 FROM candles"
                               " WHERE exchange = $1 AND symbol = $2)",
                               exchange, symbol)[0]
            .as<bool>();
    });
}

Result<std::int64_t> CandleStore::count(const std::string &exchange, const std::string &symbol,
                                        model::Timeframe timeframe)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection); // one SELECT: no BEGIN/COMMIT round trips
        return tx.exec_params1("SELECT count(*) FROM candles WHERE exchange = $1 AND symbol = $2"
                               " AND timeframe = $3",
                               exchange, symbol, std::string(model::timeframeName(timeframe)))[0]
            .as<std::int64_t>();
    });
}

namespace {

// 1m candles aggregated to `timeframe`, the bucket still open at `to` left out.
Result<std::vector<model::Candle>> completeBars(const std::vector<model::Candle> &minutes, model::Timeframe timeframe,
                                                TimePoint to)
{
    auto bars = model::aggregate(minutes, timeframe, to);
    if (!bars)
        return std::unexpected(bars.error());
    std::erase_if(*bars, [&](const model::Candle &bar) {
        return !bar.closed || model::nextBucketStart(timeframe, bar.openTime) > to;
    });
    return bars;
}

} // namespace

Result<std::vector<model::Candle>> CandleStore::bars(const std::string &exchange, const std::string &symbol,
                                                     model::Timeframe timeframe, TimePoint from, TimePoint to,
                                                     std::size_t limit)
{
    auto stored = range(exchange, symbol, timeframe, from, to, limit);
    if (!stored || !stored->empty() || timeframe == model::Timeframe::M1)
        return stored;
    // A bar of the range needs the minutes from its bucket's start.
    const TimePoint start = model::bucketStart(timeframe, from);
    const std::size_t minutesPerBar =
        std::size_t(std::chrono::duration_cast<std::chrono::minutes>(
                         model::nextBucketStart(timeframe, start) - start)
                         .count());
    auto minutes = range(exchange, symbol, model::Timeframe::M1, start, to,
                         std::min<std::size_t>(limit * std::max<std::size_t>(minutesPerBar, 1), 50'000'000));
    if (!minutes)
        return std::unexpected(minutes.error());
    auto built = completeBars(*minutes, timeframe, to);
    if (!built)
        return built;
    std::erase_if(*built, [&](const model::Candle &bar) { return bar.openTime < from; });
    if (built->size() > limit)
        built->resize(limit);
    return built;
}

Result<std::vector<model::Candle>> CandleStore::latestBars(const std::string &exchange, const std::string &symbol,
                                                           model::Timeframe timeframe, TimePoint to, std::size_t count)
{
    auto stored = latest(exchange, symbol, timeframe, TimePoint{}, to, count);
    if (!stored || !stored->empty() || timeframe == model::Timeframe::M1)
        return stored;
    const TimePoint end = model::bucketStart(timeframe, to);
    const TimePoint probe = model::bucketStart(timeframe, end - std::chrono::milliseconds(1));
    const std::size_t minutesPerBar =
        std::size_t(std::chrono::duration_cast<std::chrono::minutes>(end - probe).count());
    auto minutes = latest(exchange, symbol, model::Timeframe::M1, TimePoint{}, end,
                          (count + 1) * std::max<std::size_t>(minutesPerBar, 1));
    if (!minutes)
        return std::unexpected(minutes.error());
    auto built = completeBars(*minutes, timeframe, end);
    if (!built)
        return built;
    // The oldest bucket may have been cut by the minute limit: keep the newest `count` whole ones.
    if (!built->empty() && !minutes->empty() && built->front().openTime < minutes->front().openTime)
        built->erase(built->begin());
    if (built->size() > count)
        built->erase(built->begin(), built->end() - std::ptrdiff_t(count));
    return built;
}

} // namespace bcf::server
