#pragma once

#include "core/result.h"

#include <pqxx/pqxx>

#include <string>
#include <vector>

namespace bcf::server {

// One numbered schema change. Versions are the NNNN prefix of the file name.
struct Migration {
    int version = 0;
    std::string name;
    std::string sql;
};

// The migrations compiled into this binary, in version order (server/common/migrations/*.sql).
const std::vector<Migration> &builtInMigrations();

struct MigrationReport {
    int previousVersion = 0;
    int currentVersion = 0;
    std::vector<int> applied;
};

// Applies pending migrations in order, each inside its own transaction, recording it in
// schema_migrations. A cluster-wide advisory lock serialises concurrent migrators. Refuses (an
// error, FailedPrecondition) when the database already has a version this build does not know.
// Throws libpqxx exceptions; call it inside Database::run, which maps them.
Result<MigrationReport> migrate(pqxx::connection &connection,
                                const std::vector<Migration> &migrations);

// Highest recorded version, 0 on a fresh database. Throws libpqxx exceptions.
int schemaVersion(pqxx::connection &connection);

// FailedPrecondition when the database is newer than `migrations` knows, or older (pending
// migrations and migration is off).
Status checkSchema(pqxx::connection &connection, const std::vector<Migration> &migrations);

} // namespace bcf::server
