#pragma once

#include "common/database.h"
#include "model/instrument.h"
#include "model/market_data.h"

#include <atomic>
#include <string>
#include <vector>

namespace bcf::server {

// Trades in PostgreSQL (table `trades`: natively partitioned by day, or a TimescaleDB hypertable;
// see storage_mode.h). Thread-safe through Database.
class TradeStore final {
public:
    explicit TradeStore(Database &database) : m_database(database) {}

    // Writes trades of one instrument; a trade already stored (same exchange, symbol, time and
    // id) is left as it is, so replays and backfills never duplicate one. The day partitions
    // needed are created first when the table is natively partitioned (checked once per store:
    // restart after converting the storage). Returns the number of new trades.
    Result<std::size_t> ingest(const std::string &exchange, const std::string &symbol,
                               const std::vector<model::Trade> &trades);

    // The newest `limit` trades, oldest first.
    Result<std::vector<model::Trade>> recent(const std::string &exchange,
                                             const std::string &symbol, std::size_t limit);

    // The newest stored trade id of the instrument; 0 when none.
    Result<std::int64_t> newestId(const std::string &exchange, const std::string &symbol);

private:
    Database &m_database;
    std::atomic<int> m_nativePartitions{-1}; // -1 not checked yet, else 0 or 1
};

// The instruments the collectors list (table `instruments`).
class InstrumentStore final {
public:
    explicit InstrumentStore(Database &database) : m_database(database) {}

    // Inserts or updates the definitions (keyed by exchange and symbol).
    Result<std::size_t> upsert(const std::vector<model::Instrument> &instruments);
    // Ordered by exchange, then symbol; "" = every exchange.
    Result<std::vector<model::Instrument>> list(const std::string &exchange);

private:
    Database &m_database;
};

// How long market data is kept; 0 = for ever. Whole partitions are dropped: trades by day,
// candles by month (a candle partition goes when its whole month is older than the horizon).
// On TimescaleDB hypertables whole chunks go the same way (drop_chunks with the same horizon).
struct RetentionPolicy {
    std::int64_t tradeDays = 30;
    std::int64_t candleDays = 0;
};

struct RetentionReport {
    std::vector<std::string> dropped;   // partition or chunk names
};

// Drops the partitions (or hypertable chunks) older than the policy's horizons, measured back
// from the start of `now`'s day (UTC).
Result<RetentionReport> applyRetention(Database &database, const RetentionPolicy &policy,
                                       TimePoint now);

} // namespace bcf::server
