#include "trading/portfolio.h"

#include <algorithm>
#include <cstdlib>

namespace bcf::trading {

namespace {

// value × part / whole, rounded half away from zero; whole > 0, 0 ≤ part ≤ whole.
Money proportion(Money value, std::int64_t part, std::int64_t whole)
{
    const Int128 product = Int128(value.raw()) * part;
    const bool negative = product < 0;
    const std::int64_t magnitude = roundedDivide(negative ? -product : product, whole);
    return Money::fromRaw(negative ? -magnitude : magnitude);
}

Money signedNotional(Price price, Quantity quantity)
{
    return quantity < Quantity() ? -notional(price, -quantity) : notional(price, quantity);
}

} // namespace

Price Position::averageEntry() const
{
    if (quantity == Quantity())
        return Price();
    const Int128 numerator = Int128(cost.raw()) * Money::kScale;
    const bool negative = (numerator < 0) != (quantity.raw() < 0);
    const Int128 absNumerator = numerator < 0 ? -numerator : numerator;
    const std::int64_t absQuantity = std::abs(quantity.raw());
    const std::int64_t magnitude = roundedDivide(absNumerator, absQuantity);
    return Price::fromRaw(negative ? -magnitude : magnitude);
}

Money Position::unrealizedPnl() const
{
    if (quantity == Quantity() || lastPrice <= Price())
        return Money();
    return signedNotional(lastPrice, quantity) - cost;
}

void PositionBook::applyFill(std::string_view symbol, model::Side side, Price price,
                             Quantity quantity, Money fee)
{
    auto found = m_positions.find(symbol);
    if (found == m_positions.end())
        found = m_positions.emplace(std::string(symbol), Position{}).first;
    Position &position = found->second;
    position.fees += fee;
    position.lastPrice = price;
    const Quantity delta = side == model::Side::Buy ? quantity : -quantity;
    const bool reducing = (position.quantity > Quantity() && delta < Quantity()) ||
                          (position.quantity < Quantity() && delta > Quantity());
    if (!reducing) {
        position.quantity += delta;
        position.cost += signedNotional(price, delta);
        return;
    }
    const std::int64_t held = std::abs(position.quantity.raw());
    const std::int64_t closing = std::min(held, std::abs(delta.raw()));
    const Money closedCost = proportion(position.cost, closing, held);
    const Quantity closed = Quantity::fromRaw(position.quantity > Quantity() ? closing : -closing);
    // Long: proceeds − cost; short: cost − buy-back; both are signedNotional(exit) − cost.
    position.realizedPnl += signedNotional(price, closed) - closedCost;
    position.quantity -= closed;
    position.cost -= closedCost;
    const Quantity opened = delta + closed; // what is left after closing, on the other side
    if (opened != Quantity()) {
        position.quantity += opened;
        position.cost += signedNotional(price, opened);
    }
    if (position.quantity == Quantity())
        position.cost = Money(); // rounding leftovers of a closed position are realized already
}

void PositionBook::mark(std::string_view symbol, Price price)
{
    if (price <= Price())
        return;
    if (auto found = m_positions.find(symbol); found != m_positions.end())
        found->second.lastPrice = price;
}

Money PositionBook::realizedPnl() const
{
    Money total;
    for (const auto &[symbol, position] : m_positions)
        total += position.realizedPnl;
    return total;
}

Money PositionBook::unrealizedPnl() const
{
    Money total;
    for (const auto &[symbol, position] : m_positions)
        total += position.unrealizedPnl();
    return total;
}

Money PositionBook::fees() const
{
    Money total;
    for (const auto &[symbol, position] : m_positions)
        total += position.fees;
    return total;
}

} // namespace bcf::trading
