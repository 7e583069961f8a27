#pragma once

#include "core/decimal.h"
#include "model/market_data.h"

#include <map>
#include <string>
#include <string_view>

// Position accounting of one ledger (an account's manual orders on a venue, or one bot): per
// symbol the signed quantity, its cost, the average entry, realized PnL and fees, from fills
// (docs/trading.md, "Portfolio"). Average-cost method: adding to a position moves its average
// entry; reducing it realizes (exit − average entry) × closed quantity; a fill that crosses zero
// closes the old position and opens the rest on the other side at the fill price. PnL is in the
// quote asset and gross of fees; fees are counted beside it. Pure domain code, exact fixed point.
namespace bcf::trading {

struct Position {
    Quantity quantity;  // signed: long > 0, short < 0
    Money cost;         // signed: quantity × average entry
    Money realizedPnl;  // gross of fees
    Money fees;         // in the quote asset
    Price lastPrice;    // the newest mark (a fill's price until a mark arrives)

    // cost / quantity, rounded half away from zero to 8 digits; zero when flat.
    Price averageEntry() const;
    // (last − average entry) × quantity; zero when flat or without a mark.
    Money unrealizedPnl() const;
};

class PositionBook final {
public:
    // A fill of `quantity` at `price` with `fee` already valued in the quote asset.
    void applyFill(std::string_view symbol, model::Side side, Price price, Quantity quantity,
                   Money fee);
    // A new last price for a symbol (ignored when ≤ 0 or when the symbol has no position record).
    void mark(std::string_view symbol, Price price);

    const std::map<std::string, Position, std::less<>> &positions() const { return m_positions; }
    Money realizedPnl() const;
    Money unrealizedPnl() const;
    Money fees() const;

private:
    std::map<std::string, Position, std::less<>> m_positions;
};

} // namespace bcf::trading
