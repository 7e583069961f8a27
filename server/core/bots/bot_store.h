#pragma once

#include "common/database.h"
#include "core/clock.h"
#include "core/decimal.h"
#include "core/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bcf::core {

// A bot as stored (migration 0006_bots.sql).
struct BotRecord {
    std::int64_t id = 0;
    std::int64_t owner = 0;
    std::string name;
    std::string kind; // STRATEGY, GRID, DCA
    std::string exchange, symbol, timeframe, venue;
    std::string strategyName, strategySource;
    std::vector<std::pair<std::string, std::string>> parameters;
    Money budget;
    Quantity maxPosition;
    Money maxDailyLoss;
    std::int32_t maxDrawdownBasisPoints = 0;
    std::int32_t maxOpenOrders = 0;
    std::string state = "STOPPED"; // STOPPED, RUNNING, PAUSED, FAILED
    std::string stateReason;
    std::string snapshot;
    std::int64_t warmupFromMs = 0;
    std::int64_t lastBarMs = 0;
    std::string node;
    TimePoint created{};
    TimePoint updated{};
};

struct BotEventRow {
    std::int64_t bot = 0;
    TimePoint time{};
    std::string level; // INFO, WARN, ERROR
    std::string message;
};

// Bots, their logs and equity in PostgreSQL. Thread-safe through Database.
class BotStore final {
public:
    BotStore(server::Database &database, const Clock &clock) : m_database(database), m_clock(clock) {}

    // AlreadyExists when the owner already has a bot of that name.
    Result<BotRecord> create(const BotRecord &bot);
    Result<std::optional<BotRecord>> get(std::int64_t id);
    Result<std::vector<BotRecord>> list(std::int64_t owner);
    // Bots that should be running somewhere: RUNNING or PAUSED, of every owner.
    Result<std::vector<BotRecord>> active();
    Status setState(std::int64_t id, const std::string &state, const std::string &reason,
                    const std::string &node);
    // The logic's snapshot and the last bar acted on, after every change.
    Status saveProgress(std::int64_t id, const std::string &snapshot, std::int64_t lastBarMs);
    // A fresh start: where warm-up bars begin, the bar to act after, an empty snapshot.
    Status beginRun(std::int64_t id, std::int64_t warmupFromMs, std::int64_t lastBarMs);
    Status remove(std::int64_t id);

    Status addEvent(const BotEventRow &event);
    // Newest first.
    Result<std::vector<BotEventRow>> events(std::int64_t id, int limit);
    Status sampleEquity(std::int64_t id, TimePoint time, Money equity);
    Result<std::vector<std::pair<TimePoint, Money>>> equity(std::int64_t id);

private:
    server::Database &m_database;
    const Clock &m_clock;
};

} // namespace bcf::core
