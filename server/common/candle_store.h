#pragma once

#include "common/database.h"
#include "model/market_data.h"

#include <atomic>
#include <string>
#include <vector>

namespace bcf::server {

// Candles in PostgreSQL (table `candles`: natively partitioned by month, or a TimescaleDB
// hypertable; see storage_mode.h). Thread-safe through Database.
class CandleStore final {
public:
    explicit CandleStore(Database &database) : m_database(database) {}

    // Writes candles of one instrument, idempotently: a candle already stored for the same
    // (exchange, symbol, timeframe, open_time) is replaced, so a reconnect or a backfill never
    // duplicates one. Rows go through COPY into a temporary table and one INSERT … ON CONFLICT,
    // in one transaction; the month partitions they need are created first when the table is
    // natively partitioned (checked once per store: restart after converting the storage).
    // Returns the number of candles written.
    Result<std::size_t> ingest(const std::string &exchange, const std::string &symbol,
                               const std::vector<model::Candle> &candles);

    // Stored candles with from <= open_time < to, oldest first, at most `limit`.
    Result<std::vector<model::Candle>> range(const std::string &exchange,
                                             const std::string &symbol, model::Timeframe timeframe,
                                             TimePoint from, TimePoint to, std::size_t limit);

    // The newest `limit` stored candles with from <= open_time < to, returned oldest first.
    Result<std::vector<model::Candle>> latest(const std::string &exchange,
                                              const std::string &symbol,
                                              model::Timeframe timeframe, TimePoint from,
                                              TimePoint to, std::size_t limit);

    // Whether the instrument is listed or has any stored candle.
    Result<bool> knows(const std::string &exchange, const std::string &symbol);

    Result<std::int64_t> count(const std::string &exchange, const std::string &symbol,
                               model::Timeframe timeframe);

    // Bars of `timeframe` with from <= open_time < to, oldest first, at most `limit`: the stored
    // ones, or — where none of that timeframe is stored in the range (collectors store 1m only)
    // — the stored 1m candles aggregated to it, complete buckets only. What jobs and inference
    // read.
    Result<std::vector<model::Candle>> bars(const std::string &exchange, const std::string &symbol,
                                            model::Timeframe timeframe, TimePoint from, TimePoint to,
                                            std::size_t limit);

    // The newest `count` bars of `timeframe` opening before `to`, oldest first, likewise.
    Result<std::vector<model::Candle>> latestBars(const std::string &exchange, const std::string &symbol,
                                                  model::Timeframe timeframe, TimePoint to, std::size_t count);

private:
    Database &m_database;
    std::atomic<int> m_nativePartitions{-1}; // -1 not checked yet, else 0 or 1
};

} // namespace bcf::server
