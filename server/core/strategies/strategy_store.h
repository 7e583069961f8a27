#pragma once

#include "common/database.h"
#include "core/clock.h"
#include "core/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bcf::core {

// Limits of a saved strategy (docs/strategies.md).
inline constexpr std::size_t kMaxStrategyNameCharacters = 80;
inline constexpr std::size_t kMaxStrategySourceBytes = 64 * 1024;
inline constexpr std::size_t kMaxStrategyCommentCharacters = 500;

// 1 to 80 characters of valid UTF-8, no control characters, no leading or trailing space.
// InvalidArgument with a sentence for the user otherwise.
Status checkStrategyName(std::string_view name);
// At most 64 KiB, and it compiles with bcf::strategy::compileStrategy; otherwise
// InvalidArgument whose message is the compiler's "line:column: message".
Status checkStrategySource(std::string_view source);
// At most 500 characters, no control characters other than line breaks and tabs.
Status checkStrategyComment(std::string_view comment);

// One version of a strategy with its source.
struct StrategyVersion {
    std::int64_t strategyId = 0;
    std::string name;
    int version = 0;
    std::string source;
    std::string comment;
    TimePoint createdAt{};
    std::string author; // the user name of whoever saved it; "" if that user is gone
};

struct StrategySummary {
    std::int64_t id = 0;
    std::string name;
    int latestVersion = 0;
    TimePoint updatedAt{};
};

struct StrategyVersionInfo {
    int version = 0;
    TimePoint createdAt{};
    std::string comment;
    std::string author;
    std::int64_t sourceBytes = 0;
};

// Users' strategies in PostgreSQL (tables `strategies` and `strategy_versions`, migration
// 0004). Every operation is scoped to one owner: a strategy of another user is never found,
// listed or changed. Inputs are assumed checked with the functions above (the tables' CHECKs
// back them up). SQL only through parameters; libpqxx exceptions end in Database::run or here,
// as Errors. Thread-safe through Database.
class StrategyStore final {
public:
    StrategyStore(server::Database &database, const Clock &clock)
        : m_database(database), m_clock(clock)
    {
    }

    // expectedVersion 0 creates the strategy with version 1 (AlreadyExists when the owner has
    // one of that name). Otherwise it appends expectedVersion + 1 if expectedVersion is the
    // latest version (FailedPrecondition naming the latest when it is not; NotFound when there
    // is no such strategy). `authorId` is who saves it (the owner today).
    Result<StrategyVersion> save(std::int64_t ownerId, std::int64_t authorId,
                                 const std::string &name, const std::string &source,
                                 const std::string &comment, int expectedVersion);
    // `version` 0 = the latest. NotFound names the strategy or the version.
    Result<StrategyVersion> get(std::int64_t ownerId, const std::string &name, int version);
    // Ordered by name.
    Result<std::vector<StrategySummary>> list(std::int64_t ownerId);
    // Newest first. NotFound names the strategy.
    Result<std::vector<StrategyVersionInfo>> versions(std::int64_t ownerId,
                                                      const std::string &name);
    // Deletes the strategy and all its versions. NotFound names the strategy.
    Status remove(std::int64_t ownerId, const std::string &name);
    // NotFound, or AlreadyExists when the owner has a strategy named newName.
    Result<StrategySummary> rename(std::int64_t ownerId, const std::string &name,
                                   const std::string &newName);

private:
    server::Database &m_database;
    const Clock &m_clock;
};

} // namespace bcf::core
