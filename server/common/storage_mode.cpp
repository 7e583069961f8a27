#include "common/storage_mode.h"

#include <sstream>

namespace bcf::server {
namespace {

constexpr const char *kNotInstalled =
    "TimescaleDB is not installed on this PostgreSQL (pg_available_extensions has no timescaledb)";
constexpr const char *kNotPreloaded =
    "TimescaleDB is installed but not loaded: add timescaledb to shared_preload_libraries in "
    "postgresql.conf and restart PostgreSQL";

// The same keys the stores use for creating partitions, so no partition appears mid-conversion.
constexpr long long kCandlePartitionLockKey = 0x6263663263616e64; // "bcf2cand"
constexpr long long kTradePartitionLockKey = 0x6263663274726164;  // "bcf2trad"

bool extensionInstalled(pqxx::transaction_base &tx)
{
    return tx.exec1("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')")[0]
        .as<bool>();
}

bool preloaded(const std::string &libraries)
{
    std::istringstream list(libraries);
    std::string entry;
    while (std::getline(list, entry, ',')) {
        const auto first = entry.find_first_not_of(" \t\"");
        const auto last = entry.find_last_not_of(" \t\"");
        if (first != std::string::npos && entry.substr(first, last - first + 1) == "timescaledb")
            return true;
    }
    return false;
}

// What a table becomes: its time column, chunk interval, compression segments and age.
struct Hypertable {
    const char *name;
    const char *timeColumn;
    const char *chunkInterval;
    const char *segmentBy;
    const char *compressAfter;
};

constexpr Hypertable kHypertables[] = {
    {"candles", "open_time", "7 days", "exchange, symbol, timeframe", "30 days"},
    {"trades", "time", "1 day", "exchange, symbol", "7 days"},
};

// Names below come from kHypertables, never from input.
void convertTable(pqxx::work &tx, const Hypertable &table)
{
    const std::string name = table.name;
    const std::string old = name + "_partitioned";
    // The old table and its indexes step aside so the new ones get the usual names
    // (candles_pkey, …) and no hypertable is ever renamed.
    tx.exec0("ALTER TABLE " + name + " RENAME TO " + old);
    const auto indexes = tx.exec("SELECT c.relname FROM pg_index i JOIN pg_class c"
                                 " ON c.oid = i.indexrelid WHERE i.indrelid = '"
                                 + old + "'::regclass");
    for (const auto &row : indexes) {
        const auto index = row[0].as<std::string>();
        tx.exec0("ALTER INDEX " + tx.quote_name(index) + " RENAME TO "
                 + tx.quote_name(index.substr(0, 48) + "_partitioned"));
    }
    tx.exec0("CREATE TABLE " + name + " (LIKE " + old
             + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
    tx.exec("SELECT create_hypertable('" + name + "', '" + table.timeColumn
            + "', chunk_time_interval => INTERVAL '" + table.chunkInterval + "')");
    tx.exec0("INSERT INTO " + name + " SELECT * FROM " + old);
    tx.exec0("DROP TABLE " + old); // with its partitions
    tx.exec0("ALTER TABLE " + name
             + " SET (timescaledb.compress, timescaledb.compress_segmentby = '" + table.segmentBy
             + "', timescaledb.compress_orderby = '" + table.timeColumn + " DESC')");
    tx.exec("SELECT add_compression_policy('" + name + "', compress_after => INTERVAL '"
            + table.compressAfter + "', if_not_exists => true)");
}

} // namespace

namespace detail {

bool nativelyPartitioned(pqxx::transaction_base &tx, const std::string &table)
{
    return tx.exec_params1("SELECT coalesce((SELECT relkind = 'p' FROM pg_class"
                           " WHERE oid = to_regclass($1)), false)",
                           table)[0]
        .as<bool>();
}

TableLayout tableLayout(pqxx::transaction_base &tx, const std::string &table)
{
    const auto rows = tx.exec_params("SELECT relkind FROM pg_class WHERE oid = to_regclass($1)",
                                     table);
    if (rows.empty())
        return TableLayout::Missing;
    if (rows[0][0].as<std::string>() == "p")
        return TableLayout::NativePartitions;
    // The TimescaleDB catalog exists only where the extension is installed.
    if (extensionInstalled(tx)
        && tx.exec_params1("SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables h"
                           " WHERE to_regclass(format('%I.%I', h.hypertable_schema,"
                           " h.hypertable_name)) = to_regclass($1))",
                           table)[0]
               .as<bool>())
        return TableLayout::Hypertable;
    return TableLayout::Plain;
}

} // namespace detail

std::string_view storageModeName(StorageMode mode)
{
    switch (mode) {
    case StorageMode::NativePartitions:
        return "native-partitions";
    case StorageMode::Timescale:
        return "timescaledb";
    }
    return "unknown";
}

Result<StorageMode> storageMode(Database &database)
{
    return database.run([](pqxx::connection &connection) {
        pqxx::read_transaction tx(connection);
        return detail::tableLayout(tx, "candles") == detail::TableLayout::Hypertable
                   ? StorageMode::Timescale
                   : StorageMode::NativePartitions;
    });
}

Result<bool> timescaleAvailable(Database &database, std::string *missing)
{
    return database.run([&](pqxx::connection &connection) {
        pqxx::read_transaction tx(connection);
        const auto row = tx.exec1(
            "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'),"
            " (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries')");
        std::string why;
        if (!row[0].as<bool>())
            why = kNotInstalled;
        // pg_settings hides the setting from roles that may not read it: then CREATE EXTENSION
        // says what is wrong, if anything.
        else if (!extensionInstalled(tx) && !row[1].is_null()
                 && !preloaded(row[1].as<std::string>()))
            why = kNotPreloaded;
        if (missing)
            *missing = why;
        return why.empty();
    });
}

Status convertToTimescale(Database &database)
{
    std::string missing;
    auto available = timescaleAvailable(database, &missing);
    if (!available)
        return std::unexpected(available.error());
    if (!*available)
        return makeError(ErrorCode::FailedPrecondition,
                         "cannot convert to TimescaleDB: " + missing);
    // Its own statement first: creating an extension that exists is a no-op.
    auto extension = database.run([](pqxx::connection &connection) {
        pqxx::work tx(connection);
        tx.exec0("CREATE EXTENSION IF NOT EXISTS timescaledb");
        tx.commit();
    });
    if (!extension)
        return std::unexpected(extension.error());
    return database.run([](pqxx::connection &connection) -> Status {
        pqxx::work tx(connection);
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kCandlePartitionLockKey);
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kTradePartitionLockKey);
        for (const auto &table : kHypertables) {
            switch (detail::tableLayout(tx, table.name)) {
            case detail::TableLayout::Hypertable:
                continue; // converted before
            case detail::TableLayout::NativePartitions:
                tx.exec0(std::string("LOCK TABLE ") + table.name + " IN ACCESS EXCLUSIVE MODE");
                convertTable(tx, table);
                continue;
            case detail::TableLayout::Missing:
                return makeError(ErrorCode::FailedPrecondition,
                                 std::string("cannot convert to TimescaleDB: table ") + table.name
                                     + " does not exist (run bcfctl migrate first)");
            case detail::TableLayout::Plain:
                return makeError(ErrorCode::FailedPrecondition,
                                 std::string("cannot convert to TimescaleDB: table ") + table.name
                                     + " is neither natively partitioned nor a hypertable");
            }
        }
        tx.commit();
        return {};
    });
}

} // namespace bcf::server
