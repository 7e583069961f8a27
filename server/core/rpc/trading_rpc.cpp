#include "rpc/trading_rpc.h"

#include "common/grpc_status.h"
#include "rpc/authorization.h"

#include <chrono>

namespace bcf::core {
namespace {

constexpr auto kPoll = std::chrono::milliseconds(250);

template <typename Tag>
std::string text(Decimal<Tag> value)
{
    return value.toString();
}

// A decimal field: "" is zero when `optional`, otherwise an error naming the field.
template <typename Tag>
grpc::Status parseField(const std::string &value, const char *field, bool optional,
                        Decimal<Tag> *out)
{
    if (value.empty()) {
        if (optional) {
            *out = Decimal<Tag>();
            return grpc::Status::OK;
        }
        return {grpc::INVALID_ARGUMENT, std::string(field) + ": enter a value."};
    }
    auto parsed = Decimal<Tag>::parse(value);
    if (!parsed)
        return {grpc::INVALID_ARGUMENT, std::string(field) + ": \"" + value +
                                            "\" is not a decimal number (use a dot, at most 8 "
                                            "decimals)."};
    *out = *parsed;
    return grpc::Status::OK;
}

grpc::Status sideOf(v1::Side side, trading::Side *out)
{
    switch (side) {
    case v1::SIDE_BUY: *out = trading::Side::Buy; return grpc::Status::OK;
    case v1::SIDE_SELL: *out = trading::Side::Sell; return grpc::Status::OK;
    default: return {grpc::INVALID_ARGUMENT, "side: choose BUY or SELL."};
    }
}

grpc::Status typeOf(v1::OrderType type, trading::OrderType *out)
{
    switch (type) {
    case v1::ORDER_TYPE_MARKET: *out = trading::OrderType::Market; break;
    case v1::ORDER_TYPE_LIMIT: *out = trading::OrderType::Limit; break;
    case v1::ORDER_TYPE_STOP_MARKET: *out = trading::OrderType::StopMarket; break;
    case v1::ORDER_TYPE_STOP_LIMIT: *out = trading::OrderType::StopLimit; break;
    case v1::ORDER_TYPE_TRAILING_STOP: *out = trading::OrderType::TrailingStop; break;
    default: return {grpc::INVALID_ARGUMENT, "type: choose MARKET, LIMIT, STOP_MARKET, STOP_LIMIT or TRAILING_STOP."};
    }
    return grpc::Status::OK;
}

grpc::Status timeInForceOf(v1::TimeInForce tif, trading::TimeInForce *out)
{
    switch (tif) {
    case v1::TIME_IN_FORCE_UNSPECIFIED:
    case v1::TIME_IN_FORCE_GTC: *out = trading::TimeInForce::GoodTillCancel; break;
    case v1::TIME_IN_FORCE_IOC: *out = trading::TimeInForce::ImmediateOrCancel; break;
    case v1::TIME_IN_FORCE_FOK: *out = trading::TimeInForce::FillOrKill; break;
    default: return {grpc::INVALID_ARGUMENT, "time in force: choose GTC, IOC or FOK."};
    }
    return grpc::Status::OK;
}

v1::OrderState stateOf(trading::OrderState state)
{
    return static_cast<v1::OrderState>(static_cast<int>(state) + 1);
}

v1::OrderType protoType(trading::OrderType type)
{
    return static_cast<v1::OrderType>(static_cast<int>(type) + 1);
}

v1::TimeInForce protoTimeInForce(trading::TimeInForce tif)
{
    return static_cast<v1::TimeInForce>(static_cast<int>(tif) + 1);
}

v1::Side protoSide(trading::Side side) { return side == trading::Side::Buy ? v1::SIDE_BUY : v1::SIDE_SELL; }

grpc::Status checkKey(const std::string &key)
{
    if (key.size() > 64)
        return {grpc::INVALID_ARGUMENT, "idempotency key: at most 64 characters."};
    for (char c : key) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '_' || c == ':' || c == '-';
        if (!ok)
            return {grpc::INVALID_ARGUMENT, "idempotency key: use letters, digits and . _ : - only."};
    }
    return grpc::Status::OK;
}

// The filter fields ListOrders and ListFills share: venue, symbol, bot (0 = every) and limit.
template <typename Request>
grpc::Status filterOf(const Request &request, OrderFilter *out)
{
    if (request.limit() < 0 || request.limit() > 1000)
        return {grpc::INVALID_ARGUMENT,
                "limit: between 0 (200) and 1000, got " + std::to_string(request.limit()) + "."};
    if (request.bot_id() < 0)
        return {grpc::INVALID_ARGUMENT, "bot id: 0 (every one) or a bot's id."};
    out->limit = request.limit() == 0 ? 200 : request.limit();
    out->venue = request.venue();
    out->symbol = request.symbol();
    out->bot = request.bot_id() == 0 ? -1 : request.bot_id();
    return grpc::Status::OK;
}

// A kill switch's or a reset's reason, which goes to the journal.
grpc::Status checkReason(const std::string &reason)
{
    if (reason.size() > 500)
        return {grpc::INVALID_ARGUMENT, "reason: at most 500 characters."};
    return grpc::Status::OK;
}

} // namespace

void toProto(const trading::Order &order, v1::Order *out)
{
    const auto &r = order.request;
    out->set_client_order_id(r.clientOrderId);
    out->set_venue(order.venue);
    out->set_symbol(r.symbol);
    out->set_side(protoSide(r.side));
    out->set_type(protoType(r.type));
    out->set_time_in_force(protoTimeInForce(r.timeInForce));
    out->set_quantity(text(r.quantity));
    out->set_price(r.price > Price() ? text(r.price) : std::string());
    out->set_stop_price(r.stopPrice > Price() ? text(r.stopPrice) : std::string());
    out->set_trailing_basis_points(r.trailingBasisPoints);
    out->set_post_only(r.postOnly);
    out->set_state(stateOf(order.state));
    out->set_venue_order_id(order.venueOrderId);
    out->set_filled_quantity(text(order.filledQuantity));
    // The exact average (8 decimals): a client rounds it for display.
    out->set_average_price(order.filledQuantity > Quantity() ? text(order.averagePrice(Price())) : std::string());
    out->set_fees(text(order.fees));
    out->set_reason(order.reason);
    out->set_oco_group(order.ocoGroup);
    out->set_bot_id(static_cast<std::int64_t>(order.bot));
    out->set_created_unix_ms(toUnixMillis(order.created));
    out->set_updated_unix_ms(toUnixMillis(order.updated));
    out->set_reduce_only(order.reduceOnly);
}

void toProto(const FillRecord &fill, v1::Fill *out)
{
    out->set_trade_id(fill.tradeId);
    out->set_client_order_id(fill.clientOrderId);
    out->set_venue(fill.venue);
    out->set_symbol(fill.symbol);
    out->set_side(protoSide(fill.side));
    out->set_price(text(fill.price));
    out->set_quantity(text(fill.quantity));
    out->set_fee(text(fill.fee));
    out->set_fee_asset(fill.feeAsset);
    out->set_maker(fill.maker);
    out->set_time_unix_ms(toUnixMillis(fill.time));
    out->set_bot_id(static_cast<std::int64_t>(fill.bot));
}

void toProto(const PortfolioView &view, v1::Portfolio *out)
{
    out->set_venue(view.venue);
    out->set_currency(view.currency);
    for (const auto &line : view.balances) {
        auto *balance = out->add_balances();
        balance->set_asset(line.asset);
        balance->set_free(text(line.free));
        balance->set_locked(text(line.locked));
        balance->set_value(line.value ? text(*line.value) : std::string());
    }
    for (const auto &[symbol, position] : view.positions) {
        auto *p = out->add_positions();
        p->set_symbol(symbol);
        p->set_quantity(text(position.quantity));
        p->set_average_entry(text(position.averageEntry()));
        p->set_last_price(text(position.lastPrice));
        p->set_realized_pnl(text(position.realizedPnl));
        p->set_unrealized_pnl(text(position.unrealizedPnl()));
        p->set_fees(text(position.fees));
    }
    out->set_equity(text(view.equity));
    out->set_realized_pnl(text(view.realizedPnl));
    out->set_unrealized_pnl(text(view.unrealizedPnl));
    out->set_fees(text(view.fees));
    out->set_account_state(view.accountState);
    out->set_time_unix_ms(toUnixMillis(view.time));
}

grpc::Status TradingRpc::PlaceOrder(grpc::ServerContext *context, const v1::PlaceOrderRequest *request,
                                    v1::Order *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    OrderManager::PlaceRequest place;
    place.venue = request->venue();
    place.order.symbol = request->symbol();
    place.reduceOnly = request->reduce_only();
    place.idempotencyKey = request->idempotency_key();
    place.order.trailingBasisPoints = request->trailing_basis_points();
    place.order.postOnly = request->post_only();
    for (const grpc::Status &status :
         {sideOf(request->side(), &place.order.side), typeOf(request->type(), &place.order.type),
          timeInForceOf(request->time_in_force(), &place.order.timeInForce),
          parseField(request->quantity(), "quantity", false, &place.order.quantity),
          parseField(request->price(), "price", true, &place.order.price),
          parseField(request->stop_price(), "stop price", true, &place.order.stopPrice),
          checkKey(request->idempotency_key())}) {
        if (!status.ok())
            return status;
    }
    auto placed = m_orders.place(static_cast<std::uint64_t>(principal->userId), principal->username,
                                 std::move(place));
    if (!placed)
        return server::toGrpcStatus(placed.error());
    toProto(*placed, response);
    return grpc::Status::OK;
}

grpc::Status TradingRpc::PlaceOco(grpc::ServerContext *context, const v1::PlaceOcoRequest *request,
                                  v1::PlaceOcoResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    OrderManager::OcoRequest oco;
    oco.venue = request->venue();
    oco.symbol = request->symbol();
    oco.reduceOnly = request->reduce_only();
    oco.idempotencyKey = request->idempotency_key();
    for (const grpc::Status &status :
         {sideOf(request->side(), &oco.side),
          parseField(request->quantity(), "quantity", false, &oco.quantity),
          parseField(request->limit_price(), "limit price", false, &oco.limitPrice),
          parseField(request->stop_price(), "stop price", false, &oco.stopPrice),
          parseField(request->stop_limit_price(), "stop limit price", true, &oco.stopLimitPrice),
          checkKey(request->idempotency_key())}) {
        if (!status.ok())
            return status;
    }
    if (oco.symbol.empty())
        return {grpc::INVALID_ARGUMENT, "symbol: choose an instrument."};
    auto placed = m_orders.placeOco(static_cast<std::uint64_t>(principal->userId), principal->username,
                                    std::move(oco));
    if (!placed)
        return server::toGrpcStatus(placed.error());
    toProto(placed->first, response->mutable_limit_leg());
    if (placed->second.request.clientOrderId != placed->first.request.clientOrderId)
        toProto(placed->second, response->mutable_stop_leg());
    return grpc::Status::OK;
}

grpc::Status TradingRpc::CancelOrder(grpc::ServerContext *context, const v1::CancelOrderRequest *request,
                                     v1::Order *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (request->client_order_id().empty())
        return {grpc::INVALID_ARGUMENT, "client order id: name the order to cancel."};
    auto cancelled = m_orders.cancel(static_cast<std::uint64_t>(principal->userId), request->client_order_id());
    if (!cancelled)
        return server::toGrpcStatus(cancelled.error());
    toProto(*cancelled, response);
    return grpc::Status::OK;
}

grpc::Status TradingRpc::CancelAllOrders(grpc::ServerContext *context,
                                         const v1::CancelAllOrdersRequest *request,
                                         v1::CancelAllOrdersResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto sent = m_orders.cancelAll(static_cast<std::uint64_t>(principal->userId), request->venue(),
                                   request->symbol());
    if (!sent)
        return server::toGrpcStatus(sent.error());
    response->set_cancelled(*sent);
    return grpc::Status::OK;
}

grpc::Status TradingRpc::ListOrders(grpc::ServerContext *context, const v1::ListOrdersRequest *request,
                                    v1::ListOrdersResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    OrderFilter filter;
    if (auto status = filterOf(*request, &filter); !status.ok())
        return status;
    filter.openOnly = request->open_only();
    auto listed = m_orders.orders(static_cast<std::uint64_t>(principal->userId), filter);
    if (!listed)
        return server::toGrpcStatus(listed.error());
    for (const auto &order : *listed)
        toProto(order, response->add_orders());
    return grpc::Status::OK;
}

grpc::Status TradingRpc::ListFills(grpc::ServerContext *context, const v1::ListFillsRequest *request,
                                   v1::ListFillsResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    OrderFilter filter;
    if (auto status = filterOf(*request, &filter); !status.ok())
        return status;
    auto listed = m_orders.fills(static_cast<std::uint64_t>(principal->userId), filter);
    if (!listed)
        return server::toGrpcStatus(listed.error());
    for (const auto &fill : *listed)
        toProto(fill, response->add_fills());
    return grpc::Status::OK;
}

grpc::Status TradingRpc::GetPortfolio(grpc::ServerContext *context, const v1::GetPortfolioRequest *request,
                                      v1::Portfolio *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto view = m_orders.portfolio(static_cast<std::uint64_t>(principal->userId), request->venue());
    if (!view)
        return server::toGrpcStatus(view.error());
    toProto(*view, response);
    return grpc::Status::OK;
}

grpc::Status TradingRpc::GetEquityHistory(grpc::ServerContext *context,
                                          const v1::GetEquityHistoryRequest *request,
                                          v1::GetEquityHistoryResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    const long long to = request->to_unix_ms() == 0 ? std::numeric_limits<long long>::max() / 2
                                                    : request->to_unix_ms();
    if (request->from_unix_ms() < 0 || to <= request->from_unix_ms())
        return {grpc::INVALID_ARGUMENT, "from/to: from must be ≥ 0 and before to."};
    auto points = m_orders.equityHistory(static_cast<std::uint64_t>(principal->userId), request->venue(),
                                         fromUnixMillis(request->from_unix_ms()),
                                         fromUnixMillis(std::min(to, 253402300799000LL)));
    if (!points)
        return server::toGrpcStatus(points.error());
    for (const auto &point : *points) {
        auto *out = response->add_points();
        out->set_time_unix_ms(toUnixMillis(point.time));
        out->set_equity(text(point.equity));
    }
    return grpc::Status::OK;
}

grpc::Status TradingRpc::KillSwitch(grpc::ServerContext *context, const v1::KillSwitchRequest *request,
                                    v1::KillSwitchResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (auto status = checkReason(request->reason()); !status.ok())
        return status;
    auto result = m_orders.killSwitch(static_cast<std::uint64_t>(principal->userId), principal->username,
                                      request->flatten(), request->halt(), request->reason());
    if (!result)
        return server::toGrpcStatus(result.error());
    response->set_account_state(result->accountState);
    response->set_orders_cancelled(result->ordersCancelled);
    response->set_positions_closed(result->positionsClosed);
    return grpc::Status::OK;
}

grpc::Status TradingRpc::ResetRisk(grpc::ServerContext *context, const v1::ResetRiskRequest *request,
                                   v1::ResetRiskResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (auto status = checkReason(request->reason()); !status.ok())
        return status;
    auto state = m_orders.resetRisk(static_cast<std::uint64_t>(principal->userId), principal->username,
                                    request->reason());
    if (!state)
        return server::toGrpcStatus(state.error());
    response->set_account_state(*state);
    return grpc::Status::OK;
}

grpc::Status TradingRpc::StreamTrading(grpc::ServerContext *context,
                                       const v1::StreamTradingRequest * /*request*/,
                                       grpc::ServerWriter<v1::TradingEvent> *writer)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    const auto account = static_cast<std::uint64_t>(principal->userId);
    auto subscription = m_orders.subscribe(account);
    // The current portfolios first, so a client has a complete picture before the changes.
    for (const std::string &venue : m_orders.venues(account)) {
        auto view = m_orders.portfolio(account, venue);
        if (!view)
            continue;
        v1::TradingEvent event;
        toProto(*view, event.mutable_portfolio());
        if (!writer->Write(event)) {
            m_orders.unsubscribe(account, subscription);
            return grpc::Status::OK;
        }
    }
    // Then what reconciliation found before this client connected.
    for (const ReconciliationNotice &notice : m_orders.recentNotices(account)) {
        v1::TradingEvent event;
        auto *out = event.mutable_reconciliation();
        out->set_time_unix_ms(toUnixMillis(notice.time));
        out->set_venue(notice.venue);
        out->set_message(notice.message);
        if (!writer->Write(event)) {
            m_orders.unsubscribe(account, subscription);
            return grpc::Status::OK;
        }
    }
    bool open = true;
    while (open && !context->IsCancelled()) {
        for (const auto &update : subscription->wait(kPoll)) {
            v1::TradingEvent event;
            if (const auto *order = std::get_if<trading::Order>(&update)) {
                toProto(*order, event.mutable_order());
            } else if (const auto *fill = std::get_if<FillRecord>(&update)) {
                toProto(*fill, event.mutable_fill());
            } else if (const auto *view = std::get_if<PortfolioView>(&update)) {
                toProto(*view, event.mutable_portfolio());
            } else if (const auto *risk = std::get_if<RiskNotice>(&update)) {
                auto *out = event.mutable_risk();
                out->set_time_unix_ms(toUnixMillis(risk->time));
                out->set_from(risk->from);
                out->set_to(risk->to);
                out->set_message(risk->message);
            } else if (const auto *notice = std::get_if<ReconciliationNotice>(&update)) {
                auto *out = event.mutable_reconciliation();
                out->set_time_unix_ms(toUnixMillis(notice->time));
                out->set_venue(notice->venue);
                out->set_message(notice->message);
            }
            if (!writer->Write(event)) {
                open = false;
                break;
            }
        }
    }
    m_orders.unsubscribe(account, subscription);
    return grpc::Status::OK;
}

namespace {

void toProto(const ExchangeKeyInfo &key, v1::ExchangeKey *out)
{
    out->set_id(static_cast<std::int64_t>(key.id));
    out->set_exchange(key.exchange);
    out->set_label(key.label);
    out->set_api_key_hint(key.apiKeyHint);
    out->set_can_trade(key.canTrade);
    out->set_created_unix_ms(toUnixMillis(key.created));
}

} // namespace

grpc::Status TradingRpc::AddExchangeKey(grpc::ServerContext *context, const v1::AddExchangeKeyRequest *request,
                                        v1::ExchangeKey *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto added = m_orders.addExchangeKey(static_cast<std::uint64_t>(principal->userId), request->exchange(),
                                         request->label(), ExchangeCredentials{request->api_key(), request->secret_key()});
    if (!added && added.error().code == ErrorCode::Unavailable && added.error().message.starts_with("Binance"))
        return {grpc::UNAVAILABLE, added.error().message}; // the exchange, not the database: say so
    if (!added)
        return server::toGrpcStatus(added.error());
    toProto(*added, response);
    return grpc::Status::OK;
}

grpc::Status TradingRpc::ListExchangeKeys(grpc::ServerContext *context, const v1::ListExchangeKeysRequest * /*request*/,
                                          v1::ListExchangeKeysResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    const auto account = static_cast<std::uint64_t>(principal->userId);
    auto keys = m_orders.exchangeKeys(account);
    if (!keys)
        return server::toGrpcStatus(keys.error());
    for (const auto &key : *keys)
        toProto(key, response->add_keys());
    for (const auto &venue : m_orders.venues(account))
        response->add_venues(venue);
    response->set_live_trading_enabled(m_orders.liveVenueEnabled());
    return grpc::Status::OK;
}

grpc::Status TradingRpc::DeleteExchangeKey(grpc::ServerContext *context, const v1::DeleteExchangeKeyRequest *request,
                                           v1::ExchangeKey *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (request->id() <= 0)
        return {grpc::INVALID_ARGUMENT, "id: the key's id from ListExchangeKeys."};
    auto removed = m_orders.deleteExchangeKey(static_cast<std::uint64_t>(principal->userId),
                                              static_cast<std::uint64_t>(request->id()));
    if (!removed)
        return server::toGrpcStatus(removed.error());
    toProto(*removed, response);
    return grpc::Status::OK;
}

} // namespace bcf::core
