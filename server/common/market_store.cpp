#include "common/market_store.h"

#include "common/storage_mode.h"

#include <pqxx/stream_to>

#include <chrono>
#include <cstdio>
#include <set>
#include <tuple>

namespace bcf::server {
namespace {

using namespace std::chrono;

// Arbitrary constant shared by every process creating trade partitions.
constexpr long long kTradePartitionLockKey = 0x6263663274726164; // "bcf2trad"

std::string dayText(year_month_day day)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return buffer;
}

std::string tradePartitionName(year_month_day day)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "trades_y%04dm%02ud%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return buffer;
}

year_month_day dayOf(TimePoint time)
{
    return year_month_day(floor<days>(sys_time<milliseconds>(milliseconds(toUnixMillis(time)))));
}

} // namespace

Result<std::size_t> TradeStore::ingest(const std::string &exchange, const std::string &symbol,
                                       const std::vector<model::Trade> &trades)
{
    if (trades.empty())
        return std::size_t(0);
    std::set<sys_days> daysNeeded;
    for (const auto &trade : trades)
        daysNeeded.insert(sys_days(dayOf(trade.time)));
    return m_database.run([&](pqxx::connection &connection) -> std::size_t {
        pqxx::work tx(connection);
        if (m_nativePartitions.load() < 0)
            m_nativePartitions = detail::nativelyPartitioned(tx, "trades") ? 1 : 0;
        // A hypertable makes its chunks itself.
        if (m_nativePartitions.load() == 1) {
            tx.exec_params("SELECT pg_advisory_xact_lock($1)", kTradePartitionLockKey);
            for (const sys_days day : daysNeeded) {
                // Names and bounds come from integers formatted here, never from input text.
                tx.exec0("CREATE TABLE IF NOT EXISTS " + tradePartitionName(day)
                         + " PARTITION OF trades FOR VALUES FROM ('" + dayText(day)
                         + " 00:00:00+00') TO ('" + dayText(day + days(1)) + " 00:00:00+00')");
            }
        }
        tx.exec0("CREATE TEMPORARY TABLE trades_in (trade_id bigint, time_ms bigint,"
                 " price bigint, quantity bigint, buyer_is_taker boolean) ON COMMIT DROP");
        {
            pqxx::stream_to stream(tx, "trades_in");
            for (const auto &trade : trades) {
                stream << std::make_tuple(trade.id, toUnixMillis(trade.time), trade.price.raw(),
                                          trade.quantity.raw(),
                                          trade.aggressor == model::Side::Buy);
            }
            stream.complete();
        }
        const auto written = tx.exec_params(
            "INSERT INTO trades (exchange, symbol, trade_id, time, price, quantity,"
            " buyer_is_taker)"
            " SELECT $1, $2, trade_id, to_timestamp(time_ms / 1000.0), price, quantity,"
            " buyer_is_taker FROM trades_in ON CONFLICT DO NOTHING",
            exchange, symbol);
        tx.commit();
        return static_cast<std::size_t>(written.affected_rows());
    });
}

Result<std::vector<model::Trade>> TradeStore::recent(const std::string &exchange,
                                                     const std::string &symbol,
                                                     std::size_t limit)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params(
            "SELECT trade_id, floor(extract(epoch FROM time) * 1000)::bigint, price, quantity,"
            " buyer_is_taker FROM trades WHERE exchange = $1 AND symbol = $2"
            " ORDER BY time DESC, trade_id DESC LIMIT $3",
            exchange, symbol, static_cast<long long>(limit));
        std::vector<model::Trade> trades;
        trades.reserve(rows.size());
        for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
            trades.push_back({(*row)[0].as<std::int64_t>(),
                              fromUnixMillis((*row)[1].as<long long>()),
                              Price::fromRaw((*row)[2].as<std::int64_t>()),
                              Quantity::fromRaw((*row)[3].as<std::int64_t>()),
                              (*row)[4].as<bool>() ? model::Side::Buy : model::Side::Sell});
        }
        return trades;
    });
}

Result<std::int64_t> TradeStore::newestId(const std::string &exchange, const std::string &symbol)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        // The newest by time first (partition pruning from the top), then the id within it.
        const auto rows = tx.exec_params("SELECT trade_id FROM trades WHERE exchange = $1"
                                         " AND symbol = $2 ORDER BY time DESC, trade_id DESC"
                                         " LIMIT 1",
                                         exchange, symbol);
        return rows.empty() ? std::int64_t(0) : rows[0][0].as<std::int64_t>();
    });
}

Result<std::size_t> InstrumentStore::upsert(const std::vector<model::Instrument> &instruments)
{
    return m_database.run([&](pqxx::connection &connection) -> std::size_t {
        pqxx::work tx(connection);
        for (const auto &instrument : instruments) {
            tx.exec_params0(
                "INSERT INTO instruments (exchange, symbol, base, quote, tick_size, lot_size,"
                " min_notional, price_precision, quantity_precision, updated_at)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())"
                " ON CONFLICT (exchange, symbol) DO UPDATE SET base = EXCLUDED.base,"
                " quote = EXCLUDED.quote, tick_size = EXCLUDED.tick_size,"
                " lot_size = EXCLUDED.lot_size, min_notional = EXCLUDED.min_notional,"
                " price_precision = EXCLUDED.price_precision,"
                " quantity_precision = EXCLUDED.quantity_precision, updated_at = now()",
                instrument.exchange, instrument.symbol, instrument.base, instrument.quote,
                instrument.tickSize.raw(), instrument.lotSize.raw(),
                instrument.minNotional.raw(), instrument.pricePrecision,
                instrument.quantityPrecision);
        }
        tx.commit();
        return instruments.size();
    });
}

Result<std::vector<model::Instrument>> InstrumentStore::list(const std::string &exchange)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params(
            "SELECT exchange, symbol, base, quote, tick_size, lot_size, min_notional,"
            " price_precision, quantity_precision FROM instruments"
            " WHERE $1 = '' OR exchange = $1 ORDER BY exchange, symbol",
            exchange);
        std::vector<model::Instrument> instruments;
        instruments.reserve(rows.size());
        for (const auto &row : rows) {
            model::Instrument instrument;
            instrument.exchange = row[0].as<std::string>();
            instrument.symbol = row[1].as<std::string>();
            instrument.base = row[2].as<std::string>();
            instrument.quote = row[3].as<std::string>();
            instrument.tickSize = Price::fromRaw(row[4].as<std::int64_t>());
            instrument.lotSize = Quantity::fromRaw(row[5].as<std::int64_t>());
            instrument.minNotional = Money::fromRaw(row[6].as<std::int64_t>());
            instrument.pricePrecision = row[7].as<int>();
            instrument.quantityPrecision = row[8].as<int>();
            instruments.push_back(std::move(instrument));
        }
        return instruments;
    });
}

Result<RetentionReport> applyRetention(Database &database, const RetentionPolicy &policy,
                                       TimePoint now)
{
    return database.run([&](pqxx::connection &connection) -> RetentionReport {
        pqxx::work tx(connection);
        RetentionReport report;
        const sys_days today = floor<days>(sys_time<milliseconds>(milliseconds(toUnixMillis(now))));
        // Hypertables: TimescaleDB drops the chunks that end before the same horizon.
        const bool tradeChunks = policy.tradeDays > 0
                                 && detail::tableLayout(tx, "trades")
                                        == detail::TableLayout::Hypertable;
        const bool candleChunks = policy.candleDays > 0
                                  && detail::tableLayout(tx, "candles")
                                         == detail::TableLayout::Hypertable;
        auto dropChunks = [&](const char *table, std::int64_t keepDays) {
            const sys_days horizon = today - days(keepDays);
            const auto dropped = tx.exec_params(
                std::string("SELECT chunk::text FROM drop_chunks('") + table
                    + "', older_than => to_timestamp($1 / 1000.0)) AS chunk",
                static_cast<long long>(
                    duration_cast<milliseconds>(horizon.time_since_epoch()).count()));
            for (const auto &row : dropped)
                report.dropped.push_back(row[0].as<std::string>());
        };
        if (tradeChunks)
            dropChunks("trades", policy.tradeDays);
        if (candleChunks)
            dropChunks("candles", policy.candleDays);

        // Native partitions, recognised by the names the stores give them.
        const auto partitions = tx.exec("SELECT c.relname, p.relname FROM pg_inherits i"
                                        " JOIN pg_class c ON c.oid = i.inhrelid"
                                        " JOIN pg_class p ON p.oid = i.inhparent"
                                        " WHERE p.relname IN ('trades', 'candles')"
                                        " AND p.relkind = 'p'");
        for (const auto &row : partitions) {
            const auto name = row[0].as<std::string>();
            const auto parent = row[1].as<std::string>();
            int year = 0;
            unsigned month = 0, day = 0;
            sys_days end{};
            if (parent == "trades" && policy.tradeDays > 0
                && std::sscanf(name.c_str(), "trades_y%4dm%2ud%2u", &year, &month, &day) == 3) {
                end = sys_days(std::chrono::year(year) / std::chrono::month(month)
                               / std::chrono::day(day))
                      + days(1);
                if (end > today - days(policy.tradeDays))
                    continue;
            } else if (parent == "candles" && policy.candleDays > 0
                       && std::sscanf(name.c_str(), "candles_y%4dm%2u", &year, &month) == 2) {
                end = sys_days((std::chrono::year(year) / std::chrono::month(month)
                                + months(1))
                               / std::chrono::day(1));
                if (end > today - days(policy.candleDays))
                    continue;
            } else {
                continue;
            }
            tx.exec0("DROP TABLE " + tx.quote_name(name));
            report.dropped.push_back(name);
        }
        tx.commit();
        return report;
    });
}

} // namespace bcf::server
