#pragma once

#include "core/decimal.h"
#include "model/market_data.h"

#include <cstdint>
#include <string>
#include <vector>

// The simulated venue of backtests: orders rest here and fill against each new bar along a
// documented intrabar path (docs/backtesting.md). Pure domain code: no clock, no I/O; the same
// input gives the same output, bit for bit.
namespace bcf::bt {

using model::Side;
using SymbolId = std::uint32_t;
using OrderId = std::uint64_t;

enum class OrderType { Market, Limit, Stop, StopLimit, TrailingStop };
enum class OrderStatus { Working, PartiallyFilled, Filled, Cancelled, Rejected };
enum class Liquidity { Maker, Taker };

struct OrderRequest {
    SymbolId symbol = 0;
    Side side = Side::Buy;
    OrderType type = OrderType::Market;
    Quantity quantity;
    Price limitPrice;            // Limit, StopLimit
    Price stopPrice;             // Stop, StopLimit; TrailingStop: initial stop (0 = from the reference price)
    Price trailDistance;         // TrailingStop: absolute distance, or
    std::int64_t trailBasisPoints = 0; // TrailingStop: distance in 1/100 % of the best price
    std::uint64_t ocoGroup = 0;  // non-zero: a fill of one order of the group cancels the others
    bool reduceOnly = false;     // may only shrink the position (exits, stops, targets)
    std::uint32_t tag = 0;       // the caller's label (entry, stop-loss, take-profit, …)
};

struct Order {
    OrderId id = 0;
    OrderRequest request;
    OrderStatus status = OrderStatus::Working;
    Quantity filled;
    Price triggerPrice;          // TrailingStop: current stop level; StopLimit: set once triggered
    bool triggered = false;      // Stop/StopLimit/TrailingStop once its stop was crossed
    TimePoint createdAt{};
    TimePoint doneAt{};
    std::string rejectReason;    // also why the venue cancelled it (reduce-only with no position)
};

struct Fill {
    OrderId order = 0;
    SymbolId symbol = 0;
    Side side = Side::Buy;
    TimePoint time{};
    Price price;
    Quantity quantity;
    Money fee;                   // in quote currency, always ≥ 0
    Liquidity liquidity = Liquidity::Taker;
    std::uint32_t tag = 0;
};

// A position round trip: opened from flat, closed back to flat (a reversal closes one trade and
// opens the next).
struct TradeRecord {
    SymbolId symbol = 0;
    Side side = Side::Buy;       // Buy = long
    TimePoint entryTime{};
    TimePoint exitTime{};
    Price entryPrice;            // volume-weighted average of the entry fills
    Price exitPrice;             // volume-weighted average of the exit fills
    Quantity quantity;           // the largest size the position reached
    Money grossPnl;
    Money fees;
    Money netPnl;
    std::int64_t bars = 0;       // bars held
};

struct Position {
    Quantity quantity;           // signed: > 0 long, < 0 short
    Price averagePrice;          // cost basis / |quantity|, rounded to 8 digits; 0 when flat
    Money realizedPnl;           // closed since the start, before fees (fees are in feesPaid())
};

struct SymbolSpec {
    std::string name;
    Price tickSize = Price::fromRaw(1);
    Quantity lotSize = Quantity::fromRaw(1);
};

struct VenueConfig {
    std::int64_t makerFeeMicros = 1000; // fee as millionths of notional: 1000 = 0.1 %
    std::int64_t takerFeeMicros = 1000;
    std::int64_t slippageMicros = 0;    // market and stop fills move this fraction against the taker
    std::int64_t slippageTicks = 0;     // … plus this many ticks
    std::int64_t maxVolumeShareMicros = 0; // > 0: at most this share of a bar's volume fills per order per bar
    Money initialCash = Money::fromUnits(10'000);
};

class SimulatedVenue {
public:
    // Symbol ids are indices into `symbols`. A non-positive tick or lot size, or a fee, slippage
    // or volume share out of bounds, is a broken invariant: it aborts.
    SimulatedVenue(std::vector<SymbolSpec> symbols, VenueConfig config);

    // Places an order at `now` (the close of the current bar). Returns its id (1, 2, … in submit
    // order); an invalid request (zero quantity, missing price, reduce-only that would grow a
    // non-flat position, unknown symbol; the list is in docs/backtesting.md) is recorded as
    // Rejected with its reason and returned too. The quantity is floored to the lot, prices are
    // rounded to the tick.
    OrderId submit(const OrderRequest &request, TimePoint now);
    // Cancels a working order; false when it is not working.
    bool cancel(OrderId id, TimePoint now);
    void cancelAll(SymbolId symbol, TimePoint now);

    // Runs the working orders of `symbol` through `bar` (market orders at its open, then the
    // intrabar path), appends the fills to `fills` and updates cash, positions and trades. Then
    // marks the symbol's position to the bar's close. An unknown symbol aborts. Cheap (a few
    // stores) when the symbol has no working orders.
    void processBar(SymbolId symbol, const model::Candle &bar, std::vector<Fill> &fills);

    const Order *order(OrderId id) const;
    const std::vector<Order> &orders() const { return m_orders; }
    bool hasWorkingOrders(SymbolId symbol) const;
    // A flat position for an unknown symbol.
    const Position &position(SymbolId symbol) const;
    // processBar calls of `symbol` so far, and how many of them held a position at some point
    // during the bar (non-zero at the bar's start or after one of its fills): exposure.
    std::int64_t barCount(SymbolId symbol) const;
    std::int64_t barsInPosition(SymbolId symbol) const;
    // The close of the symbol's last bar; 0 before the first.
    Price lastClose(SymbolId symbol) const;
    Money cash() const { return m_cash; }
    // Cash plus every position marked at its symbol's last close.
    Money equity() const;
    Money feesPaid() const { return m_feesPaid; }
    const std::vector<Fill> &fills() const { return m_fills; }
    const std::vector<TradeRecord> &trades() const { return m_trades; }

private:
    // The round trip being built while a position is open.
    struct OpenTrade {
        TradeRecord record;
        Int128 entryNotional = 0; // Σ price × quantity of the entry fills (raw × raw)
        Quantity entryQuantity;
        Int128 exitNotional = 0;
        Quantity exitQuantity;
        std::int64_t entryBar = 0;
    };
    struct SymbolState {
        Position position;
        Money costBasis;          // Σ entry notional of the open position, less what was closed
        Price lastClose;
        bool hasClose = false;
        std::int64_t bars = 0;
        std::int64_t barsInPosition = 0;
        bool heldThisBar = false;
        std::uint32_t workingCount = 0;
        std::vector<std::uint32_t> working; // indices into m_orders, ascending; compacted lazily
        bool tradeOpen = false;
        OpenTrade trade;
    };
    // Per order, beside m_orders: the symbol bar it last executed (or tried to) in; an order
    // executes at most once per bar.
    struct OrderState {
        std::int64_t actedBar = -1;
    };
    // One order reaching its price on a path segment: `distance` from the segment's start.
    struct PathEvent {
        std::int64_t distance = 0;
        std::uint32_t index = 0;
        Price level;
    };

    bool isWorking(const Order &order) const;
    void finish(std::uint32_t index, OrderStatus status, TimePoint time);
    std::string validate(const OrderRequest &request) const;
    Price trailDistance(const Order &order, Price best) const;
    void updateTrailing(std::uint32_t index, Price price);
    void actAtOpen(std::uint32_t index, const model::Candle &bar, std::vector<Fill> &fills);
    void walkSegment(SymbolState &state, Price from, Price to, const model::Candle &bar,
                     std::vector<Fill> &fills);
    Price slipped(Side side, Price price, const SymbolSpec &spec) const;
    // Executes up to the order's remaining quantity (capped by the bar's volume share and, for
    // reduce-only orders, by the position) at `price`; false when nothing filled.
    bool execute(std::uint32_t index, Price price, Liquidity liquidity, const model::Candle &bar,
                 std::vector<Fill> &fills);
    void book(SymbolState &state, const Fill &fill);
    void cancelOcoSiblings(const Order &order, TimePoint time);

    std::vector<SymbolSpec> m_symbols;
    VenueConfig m_config;
    std::vector<Order> m_orders;
    std::vector<OrderState> m_orderStates;
    std::vector<SymbolState> m_states;
    std::vector<PathEvent> m_events; // scratch of processBar, reused
    std::vector<Fill> m_fills;
    std::vector<TradeRecord> m_trades;
    Money m_cash;
    Money m_feesPaid;
    Quantity m_barCap;               // the current bar's per-order volume cap (0 = none)
    bool m_capped = false;
};

} // namespace bcf::bt
