#pragma once

#include "core/decimal.h"
#include "model/market_data.h"
#include "strategy/program.h"

#include <memory>
#include <vector>

// The strategy kernel: turns a compiled strategy's signals on each closed bar into orders. The
// backtester and the live bot runtime both drive this class, so a bot's trades and a backtest's
// agree by construction (ARCHITECTURE.md, "One kernel"). Rules (docs/strategy-language.md):
// - decisions happen at a bar's close; orders are market orders for the next bar's open;
// - one position per symbol, no pyramiding: an entry while flat opens it, an opposite entry
//   closes it and opens the other side in one order (its size plus the new one), an exit
//   closes it;
// - an exit rule true on the same bar as the entry rule of that side blocks the entry;
// - time filters (hours, days) block entries only, never exits;
// - stop-loss, take-profit and trailing stop are placed when the entry fills, as one OCO group,
//   priced from the fill; their distances are evaluated on the bar the entry was decided.
namespace bcf::strategy {

enum class IntentKind { Market, Stop, Limit, TrailingStop, CancelAll };
enum class OrderRole : std::uint32_t { Entry = 1, Exit = 2, StopLoss = 3, TakeProfit = 4, TrailingStop = 5 };

struct OrderIntent {
    IntentKind kind = IntentKind::Market;
    OrderRole role = OrderRole::Entry;
    model::Side side = model::Side::Buy;
    Quantity quantity;
    Price price;                        // Stop: stop price; Limit: limit price; TrailingStop: initial stop
    Price trailDistance;                // TrailingStop with an absolute distance
    std::int64_t trailBasisPoints = 0;  // TrailingStop with a percentage (1 % = 100)
    bool reduceOnly = false;
    bool protective = false;            // part of the position's OCO group
};

// What the kernel needs to know about the account and the symbol.
struct PositionView {
    Money equity;
    Quantity position;          // signed
    bool hasWorkingOrders = false; // an entry or exit still waiting to fill (protective orders excluded)
};

struct SymbolRules {
    Price tickSize = Price::fromRaw(1);
    Quantity lotSize = Quantity::fromRaw(1);
};

class StrategyKernel final {
public:
    StrategyKernel(std::shared_ptr<const Program> program, SymbolRules rules);

    // A closed bar: evaluates the strategy and appends the orders it wants now.
    void onBar(const model::Candle &bar, const PositionView &view, std::vector<OrderIntent> &out);
    // The same, with the bar's close time (its end) already known to the caller.
    // `externals`: the values of Program::externals at this bar (predictions), null when none.
    void onBar(const model::Candle &bar, TimePoint closeTime, const PositionView &view, std::vector<OrderIntent> &out,
               const double *externals = nullptr);
    // An entry filled and the position is now `position` at `averagePrice`: appends its
    // protective orders (none when the strategy declares none).
    void onEntryFilled(Price averagePrice, Quantity position, std::vector<OrderIntent> &out);

    const StrategyState &state() const { return m_state; }
    const Program &program() const { return m_state.program(); }

private:
    Quantity entryQuantity(Money equity, Price close) const;
    Price distanceOf(const Protection &protection) const;
    bool entryAllowed(TimePoint openTime) const;

    StrategyState m_state;
    SymbolRules m_rules;
    Quantity m_fixedUnits;
    Money m_fixedCash;
    std::int64_t m_percentMicros = 0; // sizing percentage × 10^6
    // Distances captured on the bar the entry was decided (raw price units; -1 = not set).
    Price m_pendingStop, m_pendingTake, m_pendingTrail;
};

} // namespace bcf::strategy
