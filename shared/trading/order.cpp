#include "trading/order.h"

#include <array>

namespace bcf::trading {

namespace {

constexpr std::array<std::string_view, 8> kStateNames{
    "NEW", "SUBMITTED", "ACCEPTED", "PARTIALLY_FILLED", "FILLED", "CANCELLED", "REJECTED", "EXPIRED"};
constexpr std::array<std::string_view, 5> kTypeNames{"MARKET", "LIMIT", "STOP_MARKET",
                                                     "STOP_LIMIT", "TRAILING_STOP"};
constexpr std::array<std::string_view, 3> kTimeInForceNames{"GTC", "IOC", "FOK"};
constexpr std::array<std::string_view, 6> kKindNames{"ACCEPTED", "REJECTED", "TRIGGERED",
                                                     "FILL",     "CANCELLED", "EXPIRED"};

template <typename Enum, std::size_t N>
std::optional<Enum> parseName(const std::array<std::string_view, N> &names, std::string_view name)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == name)
            return static_cast<Enum>(i);
    }
    return std::nullopt;
}

Status invalid(std::string message)
{
    return makeError(ErrorCode::InvalidArgument, std::move(message));
}

Status impossible(const Order &order, const VenueEvent &event, std::string_view why)
{
    return makeError(ErrorCode::FailedPrecondition,
                     "order " + order.request.clientOrderId + ": a " +
                         std::string(kindName(event.kind)) + " event cannot apply to an order in " +
                         std::string(stateName(order.state)) + std::string(why));
}

bool hasLimitPrice(OrderType type) { return type == OrderType::Limit || type == OrderType::StopLimit; }
bool hasStopPrice(OrderType type)
{
    return type == OrderType::StopMarket || type == OrderType::StopLimit;
}

} // namespace

bool isTerminal(OrderState state)
{
    return state == OrderState::Filled || state == OrderState::Cancelled ||
           state == OrderState::Rejected || state == OrderState::Expired;
}

std::string_view stateName(OrderState state) { return kStateNames[static_cast<std::size_t>(state)]; }
std::optional<OrderState> parseState(std::string_view name)
{
    return parseName<OrderState>(kStateNames, name);
}
std::string_view typeName(OrderType type) { return kTypeNames[static_cast<std::size_t>(type)]; }
std::optional<OrderType> parseType(std::string_view name) { return parseName<OrderType>(kTypeNames, name); }
std::string_view timeInForceName(TimeInForce tif)
{
    return kTimeInForceNames[static_cast<std::size_t>(tif)];
}
std::optional<TimeInForce> parseTimeInForce(std::string_view name)
{
    return parseName<TimeInForce>(kTimeInForceNames, name);
}
std::string_view kindName(VenueEvent::Kind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

Status validate(const OrderRequest &request)
{
    if (request.symbol.empty())
        return invalid("symbol: choose an instrument.");
    if (request.quantity <= Quantity())
        return invalid("quantity: must be greater than zero.");
    if (hasLimitPrice(request.type) && request.price <= Price())
        return invalid("price: a " + std::string(typeName(request.type)) +
                       " order needs a limit price greater than zero.");
    if (!hasLimitPrice(request.type) && request.price != Price())
        return invalid("price: a " + std::string(typeName(request.type)) +
                       " order has no limit price; leave it empty.");
    if (hasStopPrice(request.type) && request.stopPrice <= Price())
        return invalid("stop price: a " + std::string(typeName(request.type)) +
                       " order needs a stop price greater than zero.");
    if (!hasStopPrice(request.type) && request.stopPrice != Price())
        return invalid("stop price: a " + std::string(typeName(request.type)) +
                       " order has no stop price; leave it empty.");
    if (request.type == OrderType::TrailingStop) {
        if (request.trailingBasisPoints < 1 || request.trailingBasisPoints > 2000)
            return invalid("trailing distance: must be between 0.01 % and 20 % (1 to 2000 basis "
                           "points).");
    } else if (request.trailingBasisPoints != 0) {
        return invalid("trailing distance: only a TRAILING_STOP order trails; leave it empty.");
    }
    if (request.timeInForce != TimeInForce::GoodTillCancel &&
        request.type != OrderType::Limit)
        return invalid("time in force: IOC and FOK apply to LIMIT orders only; a " +
                       std::string(typeName(request.type)) +
                       " order is GTC (market orders never rest).");
    if (request.postOnly &&
        (request.type != OrderType::Limit || request.timeInForce != TimeInForce::GoodTillCancel))
        return invalid("post-only: only a GTC LIMIT order can be post-only.");
    return {};
}

Price Order::averagePrice(Price tick) const
{
    if (filledQuantity <= Quantity())
        return Price();
    // notional / quantity with both at 8 digits: raw(notional) × 10^8 / raw(quantity).
    const std::int64_t raw = roundedDivide(Int128(filledNotional.raw()) * Money::kScale,
                                           filledQuantity.raw());
    const Price exact = Price::fromRaw(raw);
    return tick > Price() ? exact.roundTo(tick) : exact;
}

Status markSubmitted(Order &order, TimePoint now)
{
    if (order.state != OrderState::New)
        return makeError(ErrorCode::FailedPrecondition,
                         "order " + order.request.clientOrderId + " was already sent (" +
                             std::string(stateName(order.state)) + ").");
    order.state = OrderState::Submitted;
    order.updated = now;
    return {};
}

Status apply(Order &order, const VenueEvent &event)
{
    using Kind = VenueEvent::Kind;
    if (isTerminal(order.state))
        return impossible(order, event, ", which is final.");
    switch (event.kind) {
    case Kind::Accepted:
        // A venue may report acceptance after a fill (streams race with REST answers): then it
        // only records the venue's id.
        if (order.state != OrderState::New && order.state != OrderState::Submitted &&
            order.state != OrderState::Accepted && order.state != OrderState::PartiallyFilled)
            return impossible(order, event, ".");
        if (!event.venueOrderId.empty())
            order.venueOrderId = event.venueOrderId;
        if (order.state == OrderState::New || order.state == OrderState::Submitted)
            order.state = OrderState::Accepted;
        break;
    case Kind::Rejected:
        if (order.state != OrderState::New && order.state != OrderState::Submitted)
            return impossible(order, event, " (only an order the venue has not accepted can be rejected).");
        order.state = OrderState::Rejected;
        order.reason = event.reason;
        break;
    case Kind::Triggered:
        if (order.state != OrderState::Accepted && order.state != OrderState::Submitted)
            return impossible(order, event, ".");
        order.state = OrderState::Accepted;
        order.triggered = true;
        break;
    case Kind::Fill: {
        if (event.quantity <= Quantity() || event.price <= Price())
            return impossible(order, event, " with a quantity or price that is not positive.");
        if (event.quantity > order.remaining())
            return impossible(order, event, ": the fill of " + event.quantity.toString() +
                                                " is more than the " + order.remaining().toString() +
                                                " left.");
        if (!event.venueOrderId.empty() && order.venueOrderId.empty())
            order.venueOrderId = event.venueOrderId;
        order.filledQuantity += event.quantity;
        order.filledNotional += notional(event.price, event.quantity);
        order.state = order.filledQuantity == order.request.quantity ? OrderState::Filled
                                                                       : OrderState::PartiallyFilled;
        break;
    }
    case Kind::Cancelled:
    case Kind::Expired:
        order.state = event.kind == Kind::Cancelled ? OrderState::Cancelled : OrderState::Expired;
        order.reason = event.reason;
        break;
    }
    order.updated = event.time;
    return {};
}

} // namespace bcf::trading
