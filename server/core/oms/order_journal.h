#pragma once

#include "common/database.h"
#include "core/clock.h"
#include "core/result.h"
#include "trading/order.h"
#include "trading/paper_exchange.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bcf::core {

// One fill as the journal keeps it.
struct FillRecord {
    std::string clientOrderId;
    std::string tradeId;
    std::uint64_t account = 0;
    std::uint64_t bot = 0;
    std::string venue;
    std::string symbol;
    trading::Side side = trading::Side::Buy;
    Price price;
    Quantity quantity;
    Money fee;
    std::string feeAsset;
    Money feeQuote; // the fee valued in the quote asset
    bool maker = false;
    TimePoint time{};
};

struct OrderFilter {
    std::string venue;  // "" = every venue
    std::string symbol; // "" = every symbol
    bool openOnly = false;
    std::int64_t bot = -1; // -1 = every order; 0 = manual orders; > 0 = that bot's
    int limit = 200;
};

struct EquityPoint {
    TimePoint time{};
    Money equity;
};

// The change one event makes: the order's new row, the journal entry and the fill (if any).
struct JournalEntry {
    const trading::Order *order = nullptr; // the order after the event
    std::string kind;                      // CREATED, SUBMITTED, ACCEPTED, FILL, …
    std::string detail;                    // human-readable (reason, fill) for the audit view
    std::optional<FillRecord> fill;
};

// The OMS journal in PostgreSQL (migration 0005_trading.sql): orders with their current state,
// every state change as an event, fills, paper balances, equity samples and risk events.
// Thread-safe (Database is); the OMS serialises writes per order itself.
class OrderJournal final {
public:
    explicit OrderJournal(server::Database &database) : m_database(database) {}

    // Inserts a NEW order and its CREATED event. AlreadyExists when the account already used
    // `idempotencyKey` (then look the order up with findByIdempotencyKey).
    Status create(const trading::Order &order, const std::string &idempotencyKey);
    Result<std::optional<trading::Order>> findByIdempotencyKey(std::uint64_t account,
                                                               const std::string &key);
    // Writes one event (recordBatch of one, without balances).
    Status record(const JournalEntry &entry);
    // Several events in one transaction, with the balances they leave per paper account. A
    // fill already journaled is skipped.
    Status recordBatch(const std::vector<JournalEntry> &entries,
                       const std::map<std::uint64_t, std::map<std::string, trading::AssetBalance>> &balances);

    // A paper trailing stop's reference moved (no journal event: it moves with every trade).
    Status saveTrailingReference(const std::string &clientOrderId, Price reference);

    Result<std::optional<trading::Order>> get(std::uint64_t account,
                                             const std::string &clientOrderId);
    // Newest first.
    Result<std::vector<trading::Order>> list(std::uint64_t account, const OrderFilter &filter);
    // Every open order (NEW, SUBMITTED, ACCEPTED, PARTIALLY_FILLED) of a venue, oldest first:
    // what a restarted core reconciles.
    Result<std::vector<trading::Order>> openOrders(const std::string &venue);
    // Newest first, at most `limit`.
    Result<std::vector<FillRecord>> fills(std::uint64_t account, const OrderFilter &filter);
    // Every fill of one bot, oldest first (its ledger after a restart).
    Result<std::vector<FillRecord>> fillsOfBot(std::uint64_t bot);
    // Every fill of a venue, oldest first (portfolio replay at start).
    Result<std::vector<FillRecord>> allFills(const std::string &venue);
    // The journal entries of one order, oldest first: (time, kind, state, detail).
    struct EventRow {
        TimePoint time{};
        std::string kind;
        std::string state;
        std::string detail;
    };
    Result<std::vector<EventRow>> events(const std::string &clientOrderId);

    Result<std::map<std::uint64_t, std::map<std::string, trading::AssetBalance>>> paperBalances();
    Status savePaperBalances(std::uint64_t account,
                             const std::map<std::string, trading::AssetBalance> &balances);

    Status sampleEquity(std::uint64_t account, const std::string &venue, TimePoint time,
                        Money equity);
    Result<std::vector<EquityPoint>> equityHistory(std::uint64_t account, const std::string &venue,
                                                   TimePoint from, TimePoint to);

    struct RiskRow {
        std::uint64_t account = 0;
        std::uint64_t bot = 0;
        TimePoint time{};
        std::string subject, from, to, cause, actor, message;
    };
    Status recordRisk(const RiskRow &row);
    // The newest account state each account's risk events leave it in ("HALTED", …): what a
    // restarted core puts back.
    Result<std::map<std::uint64_t, std::string>> accountRiskStates();

private:
    server::Database &m_database;
};

} // namespace bcf::core
