#pragma once

#include "core/decimal.h"
#include "matching/order_id_map.h"
#include "model/market_data.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

// The price-time-priority limit order book of one symbol: the matching engine behind the paper
// venue of bcf-core and the order endpoints of bcf-exchange-sim (docs/matching-engine.md).
//
// Pure domain code: no clock, no I/O, no floating point, deterministic (the same requests give
// the same events, bit for bit). Not thread-safe: one engine belongs to one thread (a venue
// shards by symbol). Every request appends what happened to a caller-provided event vector; once
// the vector, the order pool and the id table have grown to the working size, no request
// allocates.
namespace bcf::matching {

using model::Side;
using OrderId = std::uint64_t;   // assigned by the caller, unique among orders the engine knows
using AccountId = std::uint64_t; // the owner; self-trade prevention compares it

// The symbol's trading rules (Binance's PRICE_FILTER tickSize, LOT_SIZE stepSize/minQty and
// MIN_NOTIONAL/NOTIONAL minNotional). tickSize and lotSize must be positive; minQuantity and
// minNotional may be zero (no minimum).
struct SymbolRules {
    Price tickSize;
    Quantity lotSize;
    Quantity minQuantity;
    Money minNotional;
};

enum class OrderType : std::uint8_t { Limit, Market };

// GoodTillCancel rests what is left; ImmediateOrCancel cancels what is left after matching;
// FillOrKill fills the whole quantity now or nothing (the book is checked before it is touched).
// Market orders never rest: GoodTillCancel and ImmediateOrCancel behave alike for them.
enum class TimeInForce : std::uint8_t { GoodTillCancel, ImmediateOrCancel, FillOrKill };

// What happens when the incoming order (the taker) would trade with a resting order of the same
// owner. The taker's mode decides. Binance: NONE, EXPIRE_TAKER, EXPIRE_MAKER, EXPIRE_BOTH.
enum class SelfTradePrevention : std::uint8_t {
    None,         // the self-trade happens
    CancelNewest, // EXPIRE_TAKER: the taker's remainder is cancelled, the maker stays
    CancelOldest, // EXPIRE_MAKER: the maker is cancelled, the taker goes on matching
    CancelBoth,   // EXPIRE_BOTH: both are cancelled
};

struct NewOrder {
    OrderId id = 0;
    AccountId owner = 0;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    TimeInForce timeInForce = TimeInForce::GoodTillCancel;
    Price price;        // Limit: the limit price; Market: ignored
    Quantity quantity;
    bool postOnly = false; // Binance LIMIT_MAKER: rejected if it would take (Limit + GTC only)
    SelfTradePrevention selfTradePrevention = SelfTradePrevention::None;
};

// Why a request was refused. Nothing in the book changed. Each maps to one Binance error
// (docs/matching-engine.md has the table).
enum class RejectReason : std::uint8_t {
    DuplicateOrderId,       // submit: the id is already resting
    UnknownOrder,           // cancel/replace: no resting order has this id (filled, cancelled, never seen)
    NonPositiveQuantity,    // quantity ≤ 0
    NonPositivePrice,       // limit price ≤ 0
    PriceNotTickMultiple,   // price is not a multiple of SymbolRules::tickSize
    QuantityNotLotMultiple, // quantity is not a multiple of SymbolRules::lotSize
    QuantityBelowMinimum,   // quantity < SymbolRules::minQuantity
    NotionalBelowMinimum,   // limit orders: price × quantity < SymbolRules::minNotional
    PostOnlyNotLimitGtc,    // postOnly on a market order or with IOC/FOK
    PostOnlyWouldTake,      // a post-only order (or its replacement) would cross the book
};

// Why an order (or what was left of it) left the book or was never placed there.
enum class CancelReason : std::uint8_t {
    User,                  // cancel()
    ImmediateOrCancel,     // the unfilled remainder of an IOC limit order
    MarketNoLiquidity,     // the unfilled remainder of a market order (the book ran out)
    FillOrKillNotFillable, // a FOK order that could not fill completely; nothing traded
    SelfTradePrevention,   // expired by self-trade prevention (taker or maker: see the id)
};

enum class Request : std::uint8_t { Submit, Cancel, Replace };

// Static English text for a reason (never allocated).
std::string_view describe(RejectReason reason);
std::string_view describe(CancelReason reason);

namespace event {

// The order passed validation and has an identity at the venue (Binance status NEW). Trades,
// and at most one Cancelled for its remainder, follow in the same call.
struct Accepted {
    OrderId order = 0;
    friend bool operator==(const Accepted &, const Accepted &) = default;
};

struct Rejected {
    OrderId order = 0;
    Request request = Request::Submit;
    RejectReason reason = RejectReason::UnknownOrder;
    std::string_view text; // describe(reason)
    friend bool operator==(const Rejected &, const Rejected &) = default;
};

// One match. `price` is the maker's; `takerSide` is the aggressor's side.
struct Trade {
    OrderId taker = 0;
    OrderId maker = 0;
    Price price;
    Quantity quantity;
    Side takerSide = Side::Buy;
    bool makerFilled = false; // the maker has nothing left and is gone from the book
    friend bool operator==(const Trade &, const Trade &) = default;
};

// `remaining` is the quantity that was cancelled (the order's open quantity at that moment).
struct Cancelled {
    OrderId order = 0;
    CancelReason reason = CancelReason::User;
    Quantity remaining;
    friend bool operator==(const Cancelled &, const Cancelled &) = default;
};

// The order now rests (or matches, then rests) at `price` with open quantity `quantity`.
// priorityKept: same price and no larger quantity, so it kept its place in the queue.
struct Replaced {
    OrderId order = 0;
    Price price;
    Quantity quantity;
    bool priorityKept = false;
    friend bool operator==(const Replaced &, const Replaced &) = default;
};

} // namespace event

using Event = std::variant<event::Accepted, event::Rejected, event::Trade, event::Cancelled,
                           event::Replaced>;

// A resting order as the book holds it.
struct OrderInfo {
    OrderId id = 0;
    AccountId owner = 0;
    Side side = Side::Buy;
    Price price;
    Quantity remaining; // open quantity
    bool postOnly = false;
    SelfTradePrevention selfTradePrevention = SelfTradePrevention::None;
};

// One aggregated price level.
struct DepthLevel {
    Price price;
    Quantity quantity;
    std::uint32_t orderCount = 0;
    friend bool operator==(const DepthLevel &, const DepthLevel &) = default;
};

// Best first on both sides.
struct DepthSnapshot {
    std::vector<DepthLevel> bids;
    std::vector<DepthLevel> asks;
};

class MatchingEngine final {
public:
    // `expectedOrders` sizes the order pool and the id table up front (they grow past it).
    // Aborts if tickSize or lotSize is not positive (a configuration bug, not a request error).
    explicit MatchingEngine(const SymbolRules &rules, std::size_t expectedOrders = 1024);

    const SymbolRules &rules() const { return m_rules; }

    // Validates, matches and rests per the order's type and time in force. Appends Rejected, or
    // Accepted followed by the Trades and Cancelled events it caused.
    void submit(const NewOrder &order, std::vector<Event> &events);

    // Cancels a resting order: Cancelled{User}, or Rejected{UnknownOrder}. Returns whether it did.
    bool cancel(OrderId id, std::vector<Event> &events);

    // Changes a resting order's price and open quantity (not the total: a partly filled order's
    // filled part is not counted). Same price and quantity ≤ the open quantity keeps the queue
    // position; anything else cancels and re-enters it at the back of its (new) level, matching
    // first if the new price crosses (as a GTC order with its own self-trade mode). Validated like
    // a new limit order; a post-only order that would cross is rejected. A rejected replace
    // leaves the order as it was. Appends Replaced (then any Trades/Cancelled) or Rejected.
    void replace(OrderId id, Price newPrice, Quantity newQuantity, std::vector<Event> &events);

    std::optional<Price> bestBid() const;
    std::optional<Price> bestAsk() const;
    std::optional<OrderInfo> order(OrderId id) const;
    std::size_t restingOrders() const { return m_ids.size(); }
    std::size_t levelCount(Side side) const { return book(side).size(); }

    // The best `levels` levels of each side, aggregated; reuses the snapshot's vectors.
    void depth(std::size_t levels, DepthSnapshot &snapshot) const;
    DepthSnapshot depth(std::size_t levels) const;

private:
    static constexpr std::uint32_t kNil = 0xFFFF'FFFFu;

    struct Node {
        OrderId id = 0;
        AccountId owner = 0;
        std::int64_t price = 0;    // raw
        std::int64_t remaining = 0; // raw
        std::uint32_t prev = kNil;
        std::uint32_t next = kNil;
        Side side = Side::Buy;
        SelfTradePrevention stp = SelfTradePrevention::None;
        bool postOnly = false;
    };

    // `key` orders levels so that the best is the largest on both sides: price for bids,
    // −price for asks. A side is a vector sorted by ascending key, best at the back.
    struct Level {
        std::int64_t key = 0;
        std::int64_t total = 0; // raw quantity
        std::uint32_t head = kNil;
        std::uint32_t tail = kNil;
        std::uint32_t count = 0;
    };
    using Book = std::vector<Level>;

    struct Taker {
        OrderId id;
        AccountId owner;
        Side side;
        SelfTradePrevention stp;
        bool hasLimit;
        std::int64_t limitPrice; // raw, when hasLimit
        std::int64_t remaining;  // raw
    };

    Book &book(Side side) { return side == Side::Buy ? m_bids : m_asks; }
    const Book &book(Side side) const { return side == Side::Buy ? m_bids : m_asks; }
    static std::int64_t keyOf(Side side, std::int64_t price) { return side == Side::Buy ? price : -price; }
    static std::int64_t priceOf(Side side, std::int64_t key) { return side == Side::Buy ? key : -key; }

    std::optional<RejectReason> validateLimit(Price price, Quantity quantity) const;
    bool wouldCross(Side side, std::int64_t price) const;
    bool fillOrKillFillable(const Taker &taker) const;
    // Matches against the opposite side; returns false if self-trade prevention cancelled the
    // taker (its Cancelled event is already appended).
    bool match(Taker &taker, std::vector<Event> &events);
    void rest(const Taker &taker, bool postOnly);
    std::uint32_t allocateNode();
    void unlink(std::uint32_t slot, Book &side, std::size_t levelIndex);
    std::size_t findLevel(const Book &side, std::int64_t key) const;
    void removeResting(std::uint32_t slot);

    SymbolRules m_rules;
    Book m_bids;
    Book m_asks;
    std::vector<Node> m_nodes;
    std::uint32_t m_freeHead = kNil; // free slots of m_nodes, linked through Node::next
    OrderIdMap m_ids;
};

} // namespace bcf::matching
