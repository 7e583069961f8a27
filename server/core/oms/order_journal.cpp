#include "oms/order_journal.h"

namespace bcf::core {
namespace {

using trading::Order;

#define BCF_UNIX_MS(column) "floor(extract(epoch FROM " column ") * 1000)::bigint"

constexpr const char *kOrderColumns =
    "client_order_id, account_id, bot_id, venue, symbol, side, type, time_in_force, "
    "quantity::text, price::text, stop_price::text, trailing_basis_points, post_only, reduce_only, "
    "oco_group, state, venue_order_id, filled_quantity::text, filled_notional::text, fees::text, "
    "reason, " BCF_UNIX_MS("created_at") ", " BCF_UNIX_MS("updated_at") ", triggered, trailing_reference::text, "
    "coalesce(idempotency_key, '')";

constexpr const char *kOpenStates = "('NEW', 'SUBMITTED', 'ACCEPTED', 'PARTIALLY_FILLED')";

template <typename Tag>
Decimal<Tag> decimalOf(const pqxx::field &field)
{
    // numeric(30, 8) always fits the fixed point (the columns are written from it).
    auto parsed = Decimal<Tag>::parse(field.as<std::string>());
    return parsed ? *parsed : Decimal<Tag>();
}

std::string_view sideName(trading::Side side) { return side == trading::Side::Buy ? "BUY" : "SELL"; }
trading::Side sideOf(const std::string &name)
{
    return name == "SELL" ? trading::Side::Sell : trading::Side::Buy;
}

Order readOrder(const pqxx::row &row)
{
    Order order;
    order.request.clientOrderId = row[0].as<std::string>();
    order.account = row[1].as<std::uint64_t>();
    order.bot = row[2].as<std::uint64_t>();
    order.venue = row[3].as<std::string>();
    order.request.symbol = row[4].as<std::string>();
    order.request.side = sideOf(row[5].as<std::string>());
    order.request.type = trading::parseType(row[6].as<std::string>()).value_or(trading::OrderType::Limit);
    order.request.timeInForce = trading::parseTimeInForce(row[7].as<std::string>())
                                    .value_or(trading::TimeInForce::GoodTillCancel);
    order.request.quantity = decimalOf<QuantityTag>(row[8]);
    order.request.price = decimalOf<PriceTag>(row[9]);
    order.request.stopPrice = decimalOf<PriceTag>(row[10]);
    order.request.trailingBasisPoints = row[11].as<std::int32_t>();
    order.request.postOnly = row[12].as<bool>();
    order.reduceOnly = row[13].as<bool>();
    order.ocoGroup = row[14].as<std::string>();
    order.state = trading::parseState(row[15].as<std::string>()).value_or(trading::OrderState::New);
    order.venueOrderId = row[16].as<std::string>();
    order.filledQuantity = decimalOf<QuantityTag>(row[17]);
    order.filledNotional = decimalOf<MoneyTag>(row[18]);
    order.fees = decimalOf<MoneyTag>(row[19]);
    order.reason = row[20].as<std::string>();
    order.created = fromUnixMillis(row[21].as<long long>());
    order.updated = fromUnixMillis(row[22].as<long long>());
    order.triggered = row[23].as<bool>();
    order.trailingReference = decimalOf<PriceTag>(row[24]);
    order.idempotencyKey = row[25].as<std::string>();
    return order;
}

constexpr const char *kFillColumns =
    "client_order_id, trade_id, account_id, bot_id, venue, symbol, side, price::text, "
    "quantity::text, fee::text, fee_asset, fee_quote::text, maker, " BCF_UNIX_MS("time");

FillRecord readFill(const pqxx::row &row)
{
    FillRecord fill;
    fill.clientOrderId = row[0].as<std::string>();
    fill.tradeId = row[1].as<std::string>();
    fill.account = row[2].as<std::uint64_t>();
    fill.bot = row[3].as<std::uint64_t>();
    fill.venue = row[4].as<std::string>();
    fill.symbol = row[5].as<std::string>();
    fill.side = sideOf(row[6].as<std::string>());
    fill.price = decimalOf<PriceTag>(row[7]);
    fill.quantity = decimalOf<QuantityTag>(row[8]);
    fill.fee = decimalOf<MoneyTag>(row[9]);
    fill.feeAsset = row[10].as<std::string>();
    fill.feeQuote = decimalOf<MoneyTag>(row[11]);
    fill.maker = row[12].as<bool>();
    fill.time = fromUnixMillis(row[13].as<long long>());
    return fill;
}

// Filters shared by list() and fills(): $1 = account, then venue, symbol, bot.
std::string filterClause(const OrderFilter &filter, bool orders)
{
    std::string where = " WHERE account_id = $1 AND ($2 = '' OR venue = $2) AND ($3 = '' OR symbol = $3)"
                        " AND ($4::bigint < 0 OR bot_id = $4::bigint)";
    if (orders && filter.openOnly)
        where += std::string(" AND state IN ") + kOpenStates;
    return where;
}

void writeBalances(pqxx::work &tx, std::uint64_t account,
                   const std::map<std::string, trading::AssetBalance> &balances)
{
    for (const auto &[asset, balance] : balances) {
        tx.exec_params0("INSERT INTO paper_balances (account_id, asset, free, locked)"
                        " VALUES ($1, $2, $3::numeric, $4::numeric)"
                        " ON CONFLICT (account_id, asset) DO UPDATE"
                        " SET free = EXCLUDED.free, locked = EXCLUDED.locked",
                        account, asset, balance.free.toString(8), balance.locked.toString(8));
    }
}

} // namespace

Status OrderJournal::create(const Order &order, const std::string &idempotencyKey)
{
    return m_database.run([&](pqxx::connection &connection) -> Status {
        try {
            pqxx::work tx(connection);
            const long long created = toUnixMillis(order.created);
            tx.exec_params0(
                "INSERT INTO orders (client_order_id, account_id, bot_id, venue, symbol, side, type,"
                " time_in_force, quantity, price, stop_price, trailing_basis_points, post_only,"
                " reduce_only, oco_group, idempotency_key, state, created_at, updated_at)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::numeric, $10::numeric, $11::numeric,"
                " $12, $13, $14, $15, NULLIF($16, ''), $17, to_timestamp($18::float8 / 1000),"
                " to_timestamp($18::float8 / 1000))",
                order.request.clientOrderId, order.account, order.bot, order.venue,
                order.request.symbol, std::string(sideName(order.request.side)),
                std::string(trading::typeName(order.request.type)),
                std::string(trading::timeInForceName(order.request.timeInForce)),
                order.request.quantity.toString(8), order.request.price.toString(8),
                order.request.stopPrice.toString(8), order.request.trailingBasisPoints,
                order.request.postOnly, order.reduceOnly, order.ocoGroup, idempotencyKey,
                std::string(trading::stateName(order.state)), created);
            tx.exec_params0("INSERT INTO order_events (client_order_id, time, kind, state, detail)"
                            " VALUES ($1, to_timestamp($2::float8 / 1000), 'CREATED', $3, '')",
                            order.request.clientOrderId, created,
                            std::string(trading::stateName(order.state)));
            tx.commit();
            return {};
        } catch (const pqxx::unique_violation &) {
            return makeError(ErrorCode::AlreadyExists,
                             "An order with idempotency key \"" + idempotencyKey +
                                 "\" already exists.");
        }
    });
}

Result<std::optional<Order>> OrderJournal::findByIdempotencyKey(std::uint64_t account,
                                                               const std::string &key)
{
    return m_database.run([&](pqxx::connection &connection) -> std::optional<Order> {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params(std::string("SELECT ") + kOrderColumns +
                                             " FROM orders WHERE account_id = $1 AND idempotency_key = $2",
                                         account, key);
        if (rows.empty())
            return std::nullopt;
        return readOrder(rows[0]);
    });
}

namespace {

// Writes one entry inside `tx`; false when its fill is already journaled (nothing written).
bool writeEntry(pqxx::work &tx, const JournalEntry &entry)
{
    const Order &order = *entry.order;
    const long long time = toUnixMillis(order.updated);
    if (entry.fill) {
        const FillRecord &fill = *entry.fill;
        const auto inserted = tx.exec_params(
            "INSERT INTO fills (client_order_id, trade_id, account_id, bot_id, venue, symbol,"
            " side, price, quantity, fee, fee_asset, fee_quote, maker, time)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::numeric, $9::numeric, $10::numeric, $11,"
            " $12::numeric, $13, to_timestamp($14::float8 / 1000))"
            " ON CONFLICT (client_order_id, trade_id) DO NOTHING",
            fill.clientOrderId, fill.tradeId, fill.account, fill.bot, fill.venue, fill.symbol,
            std::string(sideName(fill.side)), fill.price.toString(8), fill.quantity.toString(8),
            fill.fee.toString(8), fill.feeAsset, fill.feeQuote.toString(8), fill.maker, toUnixMillis(fill.time));
        if (inserted.affected_rows() == 0)
            return false;
    }
    tx.exec_params0(
        "UPDATE orders SET state = $2, venue_order_id = $3, filled_quantity = $4::numeric,"
        " filled_notional = $5::numeric, fees = $6::numeric, reason = $7,"
        " updated_at = to_timestamp($8::float8 / 1000), triggered = $9, trailing_reference = $10::numeric"
        " WHERE client_order_id = $1",
        order.request.clientOrderId, std::string(trading::stateName(order.state)), order.venueOrderId,
        order.filledQuantity.toString(8), order.filledNotional.toString(8), order.fees.toString(8), order.reason,
        time, order.triggered, order.trailingReference.toString(8));
    tx.exec_params0("INSERT INTO order_events (client_order_id, time, kind, state, detail)"
                    " VALUES ($1, to_timestamp($2::float8 / 1000), $3, $4, $5)",
                    order.request.clientOrderId, time, entry.kind, std::string(trading::stateName(order.state)),
                    entry.detail);
    return true;
}

} // namespace

Status OrderJournal::record(const JournalEntry &entry)
{
    return recordBatch({entry}, {});
}

Status OrderJournal::recordBatch(const std::vector<JournalEntry> &entries,
                                 const std::map<std::uint64_t, std::map<std::string, trading::AssetBalance>> &balances)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        for (const JournalEntry &entry : entries)
            (void)writeEntry(tx, entry);
        for (const auto &[account, assets] : balances)
            writeBalances(tx, account, assets);
        tx.commit();
    });
}

Status OrderJournal::saveTrailingReference(const std::string &clientOrderId, Price reference)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        tx.exec_params0("UPDATE orders SET trailing_reference = $2::numeric WHERE client_order_id = $1",
                        clientOrderId, reference.toString(8));
        tx.commit();
    });
}

Result<std::optional<Order>> OrderJournal::get(std::uint64_t account, const std::string &clientOrderId)
{
    return m_database.run([&](pqxx::connection &connection) -> std::optional<Order> {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params(std::string("SELECT ") + kOrderColumns +
                                             " FROM orders WHERE account_id = $1 AND client_order_id = $2",
                                         account, clientOrderId);
        if (rows.empty())
            return std::nullopt;
        return readOrder(rows[0]);
    });
}

Result<std::vector<Order>> OrderJournal::list(std::uint64_t account, const OrderFilter &filter)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params(std::string("SELECT ") + kOrderColumns + " FROM orders" +
                                             filterClause(filter, true) +
                                             " ORDER BY created_at DESC, client_order_id DESC LIMIT $5",
                                         account, filter.venue, filter.symbol, filter.bot,
                                         filter.limit);
        std::vector<Order> out;
        out.reserve(rows.size());
        for (const auto &row : rows)
            out.push_back(readOrder(row));
        return out;
    });
}

Result<std::vector<Order>> OrderJournal::openOrders(const std::string &venue)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params(std::string("SELECT ") + kOrderColumns +
                                             " FROM orders WHERE venue = $1 AND state IN " +
                                             kOpenStates + " ORDER BY created_at, client_order_id",
                                         venue);
        std::vector<Order> out;
        out.reserve(rows.size());
        for (const auto &row : rows)
            out.push_back(readOrder(row));
        return out;
    });
}

Result<std::vector<FillRecord>> OrderJournal::fills(std::uint64_t account, const OrderFilter &filter)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params(std::string("SELECT ") + kFillColumns + " FROM fills" +
                                             filterClause(filter, false) +
                                             " ORDER BY seq DESC LIMIT $5",
                                         account, filter.venue, filter.symbol, filter.bot,
                                         filter.limit);
        std::vector<FillRecord> out;
        out.reserve(rows.size());
        for (const auto &row : rows)
            out.push_back(readFill(row));
        return out;
    });
}

Result<std::vector<FillRecord>> OrderJournal::fillsOfBot(std::uint64_t bot)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params(
            std::string("SELECT ") + kFillColumns + " FROM fills WHERE bot_id = $1 ORDER BY seq", bot);
        std::vector<FillRecord> out;
        out.reserve(rows.size());
        for (const auto &row : rows)
            out.push_back(readFill(row));
        return out;
    });
}

Result<std::vector<FillRecord>> OrderJournal::allFills(const std::string &venue)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params(
            std::string("SELECT ") + kFillColumns + " FROM fills WHERE venue = $1 ORDER BY seq", venue);
        std::vector<FillRecord> out;
        out.reserve(rows.size());
        for (const auto &row : rows)
            out.push_back(readFill(row));
        return out;
    });
}

Result<std::vector<OrderJournal::EventRow>> OrderJournal::events(const std::string &clientOrderId)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params("SELECT " BCF_UNIX_MS("time") ", kind, state, detail"
                                         " FROM order_events WHERE client_order_id = $1 ORDER BY id",
                                         clientOrderId);
        std::vector<EventRow> out;
        out.reserve(rows.size());
        for (const auto &row : rows)
            out.push_back({fromUnixMillis(row[0].as<long long>()), row[1].as<std::string>(),
                           row[2].as<std::string>(), row[3].as<std::string>()});
        return out;
    });
}

Result<std::map<std::uint64_t, std::map<std::string, trading::AssetBalance>>>
OrderJournal::paperBalances()
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec("SELECT account_id, asset, free::text, locked::text FROM paper_balances");
        std::map<std::uint64_t, std::map<std::string, trading::AssetBalance>> out;
        for (const auto &row : rows)
            out[row[0].as<std::uint64_t>()][row[1].as<std::string>()] =
                trading::AssetBalance{decimalOf<MoneyTag>(row[2]), decimalOf<MoneyTag>(row[3])};
        return out;
    });
}

Status OrderJournal::savePaperBalances(std::uint64_t account,
                                       const std::map<std::string, trading::AssetBalance> &balances)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        writeBalances(tx, account, balances);
        tx.commit();
    });
}

Status OrderJournal::sampleEquity(std::uint64_t account, const std::string &venue, TimePoint time,
                                  Money equity)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        tx.exec_params0("INSERT INTO equity_samples (account_id, venue, time, equity)"
                        " VALUES ($1, $2, to_timestamp($3::float8 / 1000), $4::numeric)"
                        " ON CONFLICT (account_id, venue, time) DO UPDATE SET equity = EXCLUDED.equity",
                        account, venue, toUnixMillis(time), equity.toString(8));
        tx.commit();
    });
}

Result<std::vector<EquityPoint>> OrderJournal::equityHistory(std::uint64_t account,
                                                            const std::string &venue,
                                                            TimePoint from, TimePoint to)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params(
            "SELECT " BCF_UNIX_MS("time") ", equity::text FROM equity_samples"
            " WHERE account_id = $1 AND venue = $2 AND time >= to_timestamp($3::float8 / 1000)"
            " AND time < to_timestamp($4::float8 / 1000) ORDER BY time LIMIT 100000",
            account, venue, toUnixMillis(from), toUnixMillis(to));
        std::vector<EquityPoint> out;
        out.reserve(rows.size());
        for (const auto &row : rows)
            out.push_back({fromUnixMillis(row[0].as<long long>()), decimalOf<MoneyTag>(row[1])});
        return out;
    });
}

Status OrderJournal::recordRisk(const RiskRow &row)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        tx.exec_params0("INSERT INTO risk_events (account_id, bot_id, time, subject, from_state,"
                        " to_state, cause, actor, message)"
                        " VALUES ($1, $2, to_timestamp($3::float8 / 1000), $4, $5, $6, $7, $8, $9)",
                        row.account, row.bot, toUnixMillis(row.time), row.subject, row.from, row.to,
                        row.cause, row.actor, row.message);
        tx.commit();
    });
}

Result<std::map<std::uint64_t, std::string>> OrderJournal::accountRiskStates()
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec("SELECT DISTINCT ON (account_id) account_id, to_state"
                                  " FROM risk_events WHERE subject = 'ACCOUNT'"
                                  " ORDER BY account_id, id DESC");
        std::map<std::uint64_t, std::string> out;
        for (const auto &row : rows)
            out[row[0].as<std::uint64_t>()] = row[1].as<std::string>();
        return out;
    });
}

#undef BCF_UNIX_MS

} // namespace bcf::core
