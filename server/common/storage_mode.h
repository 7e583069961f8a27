#pragma once

#include "common/database.h"

#include <string>
#include <string_view>

namespace bcf::server {

// How the market data tables `candles` and `trades` are stored. The stores run the same queries
// on both; only partition management and retention differ.
enum class StorageMode {
    NativePartitions, // PostgreSQL RANGE partitioning by month (candles) and day (trades)
    Timescale,        // TimescaleDB hypertables with compression (see convertToTimescale)
};

std::string_view storageModeName(StorageMode mode);

// Timescale when `candles` is a TimescaleDB hypertable, else NativePartitions. The TimescaleDB
// catalog is only read when the extension is installed in the database. Errors are Database's.
Result<StorageMode> storageMode(Database &database);

// Whether TimescaleDB can be used: its package is installed on the server
// (pg_available_extensions) and the library is preloaded (shared_preload_libraries), which
// CREATE EXTENSION requires. On false, `missing` (when given) says what is missing.
Result<bool> timescaleAvailable(Database &database, std::string *missing = nullptr);

// Converts `candles` and `trades` from native partitions to TimescaleDB hypertables: chunks of
// 7 days (candles) and 1 day (trades), compression segmented by instrument and ordered by time,
// compression policies after 30 days (candles) and 7 days (trades). The rows are copied; the
// conversion runs in one transaction (the extension itself is created just before it).
// Idempotent: a table that already is a hypertable is left as it is. FailedPrecondition, naming
// what is missing, when TimescaleDB is not available. Takes locks that block ingestion while it
// copies, so run it during maintenance.
Status convertToTimescale(Database &database);

namespace detail {
// How one table is laid out; reads the catalog inside the caller's transaction and throws
// libpqxx exceptions (call it inside Database::run).
enum class TableLayout { Missing, Plain, NativePartitions, Hypertable };
TableLayout tableLayout(pqxx::transaction_base &tx, const std::string &table);
// Only whether the table is natively partitioned (pg_class.relkind = 'p'): one cheap query.
bool nativelyPartitioned(pqxx::transaction_base &tx, const std::string &table);
} // namespace detail

} // namespace bcf::server
