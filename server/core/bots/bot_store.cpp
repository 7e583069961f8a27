#include "bots/bot_store.h"

#include <sstream>

namespace bcf::core {
namespace {

#define BCF_UNIX_MS(column) "floor(extract(epoch FROM " column ") * 1000)::bigint"

constexpr const char *kColumns =
    "id, owner_id, name, kind, exchange, symbol, timeframe, venue, strategy_name, strategy_source, "
    "parameters, budget::text, max_position::text, max_daily_loss::text, max_drawdown_basis_points, "
    "max_open_orders, state, state_reason, snapshot, warmup_from_ms, last_bar_ms, node, " BCF_UNIX_MS(
        "created_at") ", " BCF_UNIX_MS("updated_at");

template <typename Tag>
Decimal<Tag> decimalOf(const pqxx::field &field)
{
    auto parsed = Decimal<Tag>::parse(field.as<std::string>());
    return parsed ? *parsed : Decimal<Tag>();
}

std::string joinParameters(const std::vector<std::pair<std::string, std::string>> &parameters)
{
    std::string out;
    for (const auto &[name, value] : parameters)
        out += name + "=" + value + "\n";
    return out;
}

std::vector<std::pair<std::string, std::string>> splitParameters(const std::string &text)
{
    std::vector<std::pair<std::string, std::string>> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const std::size_t equals = line.find('=');
        if (equals != std::string::npos)
            out.emplace_back(line.substr(0, equals), line.substr(equals + 1));
    }
    return out;
}

BotRecord readBot(const pqxx::row &row)
{
    BotRecord bot;
    bot.id = row[0].as<std::int64_t>();
    bot.owner = row[1].as<std::int64_t>();
    bot.name = row[2].as<std::string>();
    bot.kind = row[3].as<std::string>();
    bot.exchange = row[4].as<std::string>();
    bot.symbol = row[5].as<std::string>();
    bot.timeframe = row[6].as<std::string>();
    bot.venue = row[7].as<std::string>();
    bot.strategyName = row[8].as<std::string>();
    bot.strategySource = row[9].as<std::string>();
    bot.parameters = splitParameters(row[10].as<std::string>());
    bot.budget = decimalOf<MoneyTag>(row[11]);
    bot.maxPosition = decimalOf<QuantityTag>(row[12]);
    bot.maxDailyLoss = decimalOf<MoneyTag>(row[13]);
    bot.maxDrawdownBasisPoints = row[14].as<std::int32_t>();
    bot.maxOpenOrders = row[15].as<std::int32_t>();
    bot.state = row[16].as<std::string>();
    bot.stateReason = row[17].as<std::string>();
    bot.snapshot = row[18].as<std::string>();
    bot.warmupFromMs = row[19].as<std::int64_t>();
    bot.lastBarMs = row[20].as<std::int64_t>();
    bot.node = row[21].as<std::string>();
    bot.created = fromUnixMillis(row[22].as<long long>());
    bot.updated = fromUnixMillis(row[23].as<long long>());
    return bot;
}

} // namespace

Result<BotRecord> BotStore::create(const BotRecord &bot)
{
    const long long now = toUnixMillis(m_clock.now());
    return m_database.run([&](pqxx::connection &connection) -> Result<BotRecord> {
        try {
            pqxx::work tx(connection);
            const auto row = tx.exec_params1(
                "INSERT INTO bots (owner_id, name, kind, exchange, symbol, timeframe, venue,"
                " strategy_name, strategy_source, parameters, budget, max_position, max_daily_loss,"
                " max_drawdown_basis_points, max_open_orders, state, created_at, updated_at)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::numeric, $12::numeric,"
                " $13::numeric, $14, $15, 'STOPPED', to_timestamp($16::float8 / 1000),"
                " to_timestamp($16::float8 / 1000)) RETURNING " + std::string(kColumns),
                bot.owner, bot.name, bot.kind, bot.exchange, bot.symbol, bot.timeframe, bot.venue,
                bot.strategyName, bot.strategySource, joinParameters(bot.parameters),
                bot.budget.toString(8), bot.maxPosition.toString(8), bot.maxDailyLoss.toString(8),
                bot.maxDrawdownBasisPoints, bot.maxOpenOrders, now);
            tx.commit();
            return readBot(row);
        } catch (const pqxx::unique_violation &) {
            return makeError(ErrorCode::AlreadyExists, "name: you already have a bot named \"" + bot.name + "\".");
        }
    });
}

Result<std::optional<BotRecord>> BotStore::get(std::int64_t id)
{
    return m_database.run([&](pqxx::connection &connection) -> std::optional<BotRecord> {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params(std::string("SELECT ") + kColumns + " FROM bots WHERE id = $1", id);
        if (rows.empty())
            return std::nullopt;
        return readBot(rows[0]);
    });
}

Result<std::vector<BotRecord>> BotStore::list(std::int64_t owner)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params(
            std::string("SELECT ") + kColumns + " FROM bots WHERE owner_id = $1 ORDER BY lower(name), id", owner);
        std::vector<BotRecord> out;
        for (const auto &row : rows)
            out.push_back(readBot(row));
        return out;
    });
}

Result<std::vector<BotRecord>> BotStore::active()
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec(std::string("SELECT ") + kColumns +
                                  " FROM bots WHERE state IN ('RUNNING', 'PAUSED') ORDER BY id");
        std::vector<BotRecord> out;
        for (const auto &row : rows)
            out.push_back(readBot(row));
        return out;
    });
}

Status BotStore::setState(std::int64_t id, const std::string &state, const std::string &reason,
                          const std::string &node)
{
    const long long now = toUnixMillis(m_clock.now());
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        tx.exec_params0("UPDATE bots SET state = $2, state_reason = $3, node = CASE WHEN $4 = '' THEN node"
                        " ELSE $4 END, updated_at = to_timestamp($5::float8 / 1000) WHERE id = $1",
                        id, state, reason, node, now);
        tx.commit();
    });
}

Status BotStore::saveProgress(std::int64_t id, const std::string &snapshot, std::int64_t lastBarMs)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        tx.exec_params0("UPDATE bots SET snapshot = $2, last_bar_ms = $3 WHERE id = $1", id, snapshot, lastBarMs);
        tx.commit();
    });
}

Status BotStore::beginRun(std::int64_t id, std::int64_t warmupFromMs, std::int64_t lastBarMs)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        tx.exec_params0("UPDATE bots SET snapshot = '', warmup_from_ms = $2, last_bar_ms = $3 WHERE id = $1", id,
                        warmupFromMs, lastBarMs);
        tx.commit();
    });
}

Status BotStore::remove(std::int64_t id)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        tx.exec_params0("DELETE FROM bots WHERE id = $1", id);
        tx.commit();
    });
}

Status BotStore::addEvent(const BotEventRow &event)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        tx.exec_params0("INSERT INTO bot_events (bot_id, time, level, message)"
                        " VALUES ($1, to_timestamp($2::float8 / 1000), $3, $4)",
                        event.bot, toUnixMillis(event.time), event.level, event.message);
        tx.commit();
    });
}

Result<std::vector<BotEventRow>> BotStore::events(std::int64_t id, int limit)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params("SELECT " BCF_UNIX_MS("time") ", level, message FROM bot_events"
                                         " WHERE bot_id = $1 ORDER BY id DESC LIMIT $2",
                                         id, limit);
        std::vector<BotEventRow> out;
        for (const auto &row : rows)
            out.push_back({id, fromUnixMillis(row[0].as<long long>()), row[1].as<std::string>(),
                           row[2].as<std::string>()});
        return out;
    });
}

Status BotStore::sampleEquity(std::int64_t id, TimePoint time, Money equity)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        tx.exec_params0("INSERT INTO bot_equity (bot_id, time, equity) VALUES ($1, to_timestamp($2::float8 / 1000),"
                        " $3::numeric) ON CONFLICT (bot_id, time) DO UPDATE SET equity = EXCLUDED.equity",
                        id, toUnixMillis(time), equity.toString(8));
        tx.commit();
    });
}

Result<std::vector<std::pair<TimePoint, Money>>> BotStore::equity(std::int64_t id)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params("SELECT " BCF_UNIX_MS("time") ", equity::text FROM bot_equity"
                                         " WHERE bot_id = $1 ORDER BY time LIMIT 100000",
                                         id);
        std::vector<std::pair<TimePoint, Money>> out;
        for (const auto &row : rows)
            out.emplace_back(fromUnixMillis(row[0].as<long long>()), decimalOf<MoneyTag>(row[1]));
        return out;
    });
}

#undef BCF_UNIX_MS

} // namespace bcf::core
