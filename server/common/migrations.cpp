#include "common/migrations.h"

namespace bcf::server {
namespace {

// Arbitrary constant: the advisory lock key shared by every BotCriptoFy2 migrator.
constexpr long long kMigrationLockKey = 0x6263663276316d67; // "bcf2v1mg"

void ensureVersionTable(pqxx::transaction_base &tx)
{
    tx.exec0("CREATE TABLE IF NOT EXISTS schema_migrations ("
             " version integer PRIMARY KEY,"
             " name text NOT NULL,"
             " applied_at timestamptz NOT NULL DEFAULT now())");
}

int latestVersion(const std::vector<Migration> &migrations)
{
    return migrations.empty() ? 0 : migrations.back().version;
}

Error newerSchemaError(int databaseVersion, int known)
{
    return {ErrorCode::FailedPrecondition,
            "the database schema is at version " + std::to_string(databaseVersion)
                + ", newer than this build knows (" + std::to_string(known)
                + "); run a newer release or restore a matching backup"};
}

} // namespace

int schemaVersion(pqxx::connection &connection)
{
    pqxx::work tx(connection);
    const auto exists = tx.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL")[0]
                            .as<bool>();
    if (!exists)
        return 0;
    return tx.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].as<int>();
}

Result<MigrationReport> migrate(pqxx::connection &connection,
                                const std::vector<Migration> &migrations)
{
    MigrationReport report;
    const int known = latestVersion(migrations);
    {
        pqxx::work tx(connection);
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
        ensureVersionTable(tx);
        tx.commit();
    }
    report.previousVersion = schemaVersion(connection);
    if (report.previousVersion > known)
        return std::unexpected(newerSchemaError(report.previousVersion, known));

    for (const auto &migration : migrations) {
        pqxx::work tx(connection);
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
        // Re-read under the lock: another node may have applied it meanwhile.
        const bool applied = tx.exec_params1("SELECT count(*) FROM schema_migrations"
                                             " WHERE version = $1",
                                             migration.version)[0]
                                 .as<int>()
                             > 0;
        if (applied)
            continue;
        tx.exec0(migration.sql);
        tx.exec_params0("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                        migration.version, migration.name);
        tx.commit();
        report.applied.push_back(migration.version);
    }
    report.currentVersion = schemaVersion(connection);
    return report;
}

Status checkSchema(pqxx::connection &connection, const std::vector<Migration> &migrations)
{
    const int version = schemaVersion(connection);
    const int known = latestVersion(migrations);
    if (version > known)
        return std::unexpected(newerSchemaError(version, known));
    if (version < known)
        return makeError(ErrorCode::FailedPrecondition,
                         "the database schema is at version " + std::to_string(version)
                             + " and this build needs " + std::to_string(known)
                             + "; run `bcfctl migrate` or set database.migrate_on_start");
    return {};
}

} // namespace bcf::server
