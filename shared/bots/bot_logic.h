#pragma once

#include "core/clock.h"
#include "core/decimal.h"
#include "core/result.h"
#include "model/market_data.h"
#include "trading/order.h"

#include <set>
#include <string>
#include <vector>

// The decision logic of a bot (docs/bots.md): a strategy in the language, a grid or a DCA bot.
// The runtime of bcf-core (and the parity test) drives it with closed bars, fills and order
// outcomes, and carries out the orders it asks for. Pure domain code: no clock, no I/O,
// deterministic.
//
// Every order a bot asks for carries a `key`, unique within the bot for that decision
// ("entry@1732600800000", "grid-buy-3#7"). The runtime turns it into the order's idempotency
// key, so a decision replayed after a crash never places a second order.
namespace bcf::bots {

struct BotOrder {
    std::string key;
    trading::OrderType type = trading::OrderType::Market;
    trading::Side side = trading::Side::Buy;
    Quantity quantity;
    Price price;                      // Limit, StopLimit
    Price stopPrice;                  // StopMarket, StopLimit
    std::int32_t trailingBasisPoints = 0;
    bool reduceOnly = false;
    std::string group;                // orders with the same non-empty group cancel each other on a fill (OCO)
};

// Carried out in this order: cancels first (they free what the new orders need), then the new
// orders in list order.
struct BotActions {
    std::vector<BotOrder> place;
    std::vector<std::string> cancel;  // keys of working orders to cancel
    std::vector<std::string> log;     // sentences for the bot's log ("Grid level 3 bought 0.01 at 95.00")
};

// What the runtime knows when it calls the logic. In onFill the view already includes the fill.
struct BotView {
    Quantity position;        // the bot's holding in the base asset, signed, fees in the base asset deducted
    Money equity;             // budget + realized + unrealized − fees, in the quote asset
    Money cash;               // budget − what the bot's open position and buys cost, + sales; in the quote asset
    Price lastPrice;          // the newest trade price (zero when none yet)
    Price averageEntry;       // of the open position, from the bot's fills (zero when flat)
    std::set<std::string> working; // keys of the bot's orders still working at the venue
};

// A fill of one of the bot's orders.
struct BotFill {
    std::string key;
    trading::Side side = trading::Side::Buy;
    Price price;
    Quantity quantity;
    bool orderDone = false;   // the order has nothing left (filled)
};

// An order of the bot left the venue without filling completely: cancelled, expired or rejected.
struct BotOrderClosed {
    std::string key;
    trading::OrderState state = trading::OrderState::Cancelled;
    Quantity filled;
    std::string reason;
};

struct InstrumentRules {
    Price tickSize;
    Quantity lotSize;
    Money minNotional;
};

class BotLogic {
public:
    virtual ~BotLogic() = default;

    // The bot starts (first start, or a resume): place what it needs now.
    virtual void onStart(const BotView &view, BotActions &out) = 0;
    // A bar of the bot's timeframe closed (`closeTime` is its end).
    virtual void onBar(const model::Candle &bar, TimePoint closeTime, const BotView &view, BotActions &out) = 0;
    virtual void onFill(const BotFill &fill, const BotView &view, BotActions &out) = 0;
    virtual void onOrderClosed(const BotOrderClosed &closed, const BotView &view, BotActions &out) = 0;

    // The logic's own state as text, stored with the bot after every change and given back to
    // restore() after a restart (the runtime also gives it the bot's working orders in the view).
    virtual std::string snapshot() const = 0;
    // InvalidArgument when the text is not a snapshot of this kind of bot.
    virtual Status restore(const std::string &snapshot) = 0;
};

} // namespace bcf::bots
