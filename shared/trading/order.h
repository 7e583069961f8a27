#pragma once

#include "core/clock.h"
#include "core/decimal.h"
#include "core/result.h"
#include "model/market_data.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Orders as the order management system (OMS) of bcf-core keeps them: the request a trader or a
// bot makes, the state machine every order follows, and the events a venue reports back
// (docs/trading.md). Pure domain code: standard library only, no clock, no I/O.
namespace bcf::trading {

using model::Side;

enum class OrderType : std::uint8_t {
    Market,
    Limit,
    StopMarket,   // a market order once the last trade reaches stopPrice
    StopLimit,    // a limit order at `price` once the last trade reaches stopPrice
    TrailingStop, // a stop that follows the best price seen since placement at trailingBasisPoints
};

enum class TimeInForce : std::uint8_t { GoodTillCancel, ImmediateOrCancel, FillOrKill };

// new → submitted → accepted → partially filled → filled / cancelled / rejected / expired.
// New: minted and journaled, not sent yet. Submitted: the request has left for the venue.
enum class OrderState : std::uint8_t {
    New,
    Submitted,
    Accepted,
    PartiallyFilled,
    Filled,
    Cancelled,
    Rejected,
    Expired,
};

bool isTerminal(OrderState state);
// "NEW", "SUBMITTED", "ACCEPTED", "PARTIALLY_FILLED", "FILLED", "CANCELLED", "REJECTED", "EXPIRED".
std::string_view stateName(OrderState state);
std::optional<OrderState> parseState(std::string_view name);
// "MARKET", "LIMIT", "STOP_MARKET", "STOP_LIMIT", "TRAILING_STOP".
std::string_view typeName(OrderType type);
std::optional<OrderType> parseType(std::string_view name);
// "GTC", "IOC", "FOK".
std::string_view timeInForceName(TimeInForce tif);
std::optional<TimeInForce> parseTimeInForce(std::string_view name);

// What is sent to a venue. The OMS validates it (validate()) before minting an id.
struct OrderRequest {
    std::string clientOrderId; // minted by the OMS, unique per venue account
    std::string symbol;        // "BTCUSDT"
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    TimeInForce timeInForce = TimeInForce::GoodTillCancel;
    Quantity quantity;
    Price price;     // Limit, StopLimit
    Price stopPrice; // StopMarket, StopLimit
    // TrailingStop: the stop trails the best price since placement by this many basis points
    // (1..2000, Binance's trailingDelta range); it triggers a market order.
    std::int32_t trailingBasisPoints = 0;
    bool postOnly = false; // Limit + GTC only: rejected rather than taking liquidity
};

// InvalidArgument naming the field (in the words of the order ticket) when the request is not
// an order: quantity not positive, a price missing for its type or present where it makes no
// sense, a trailing distance out of range, post-only with a type or time in force that cannot
// rest, IOC/FOK on a stop.
Status validate(const OrderRequest &request);

// What a venue reports about one order.
struct VenueEvent {
    enum class Kind : std::uint8_t {
        Accepted,  // the venue holds the order (venueOrderId set)
        Rejected,  // refused; nothing happened (reason says why)
        Triggered, // a stop or trailing stop reached its trigger and now works as a market/limit order
        Fill,      // a trade: price, quantity, fee, feeAsset, tradeId, maker
        Cancelled, // the rest was cancelled (by request, or by the venue: reason says why)
        Expired,   // the rest expired (IOC/FOK remainder, market order without liquidity)
    };
    Kind kind = Kind::Accepted;
    std::string clientOrderId;
    std::string venueOrderId;
    TimePoint time{};
    Price price;
    Quantity quantity;
    Money fee;
    std::string feeAsset;
    std::string tradeId; // unique per venue and symbol; the OMS ignores a fill it has seen
    bool maker = false;
    std::string reason;
};

std::string_view kindName(VenueEvent::Kind kind);

// An order as the OMS journals it.
struct Order {
    OrderRequest request;
    std::string venue;          // "paper", "binance"
    std::uint64_t account = 0;  // the user
    std::uint64_t bot = 0;      // 0: a manual order
    std::string ocoGroup;       // both legs of an OCO share it; empty otherwise
    bool reduceOnly = false;    // risk: only accepted while it shrinks the ledger's position
    bool triggered = false;     // a stop whose trigger was reached (it now works as market/limit)
    Price trailingReference;    // TrailingStop on the paper venue: best price since placement
    std::string idempotencyKey; // the caller's key for retries; a bot's orders carry "bot<id>:<decision key>"
    OrderState state = OrderState::New;
    std::string venueOrderId;
    Quantity filledQuantity;
    Money filledNotional;       // Σ price × quantity of the fills
    Money fees;                 // in the quote asset; added by the OMS, which knows the instrument's assets
    std::string reason;         // why it was rejected, cancelled or expired
    TimePoint created{};
    TimePoint updated{};

    Quantity remaining() const { return request.quantity - filledQuantity; }
    // filledNotional / filledQuantity rounded to `tick`, or zero without fills.
    Price averagePrice(Price tick) const;
};

// Applies a venue event to the order: the state machine. FailedPrecondition when the event
// is not possible in the order's state (for example a fill of a cancelled order, or more fill
// than the order's quantity); the order is then unchanged. A Fill moves the order to
// PartiallyFilled or Filled; Cancelled/Expired of a partly filled order keep its fills.
Status apply(Order &order, const VenueEvent &event);
// New → Submitted (the request left). FailedPrecondition from any other state.
Status markSubmitted(Order &order, TimePoint now);

} // namespace bcf::trading
