#include "backtest/sim_venue.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace bcf::bt {
namespace {

constexpr std::int64_t kMillion = 1'000'000;
constexpr std::int64_t kBasisPoints = 10'000;

[[noreturn]] void brokenInvariant(const char *what)
{
    std::fprintf(stderr, "bcf::bt::SimulatedVenue: %s\n", what);
    std::abort();
}

Quantity magnitude(Quantity quantity)
{
    return quantity.isNegative() ? -quantity : quantity;
}

// Fee of a fill: |notional| × micros / 10^6, half away from zero.
Money feeOf(Money amount, std::int64_t micros)
{
    const std::int64_t raw = amount.isNegative() ? -amount.raw() : amount.raw();
    return Money::fromRaw(roundedDivide(static_cast<Int128>(raw) * micros, kMillion));
}

// Volume-weighted average price from Σ price.raw × quantity.raw and Σ quantity.
Price averageOf(Int128 notionalRaw, Quantity quantity)
{
    return quantity.isZero() ? Price() : Price::fromRaw(roundedDivide(notionalRaw, quantity.raw()));
}

// Whether a limit order on `side` at `limit` executes at `price` (the price is as good or better).
bool marketable(Side side, Price limit, Price price)
{
    return side == Side::Buy ? price <= limit : price >= limit;
}

// Whether a stop on `side` at `stop` is through at `price`.
bool stopThrough(Side side, Price stop, Price price)
{
    return side == Side::Buy ? price >= stop : price <= stop;
}

} // namespace

SimulatedVenue::SimulatedVenue(std::vector<SymbolSpec> symbols, VenueConfig config)
    : m_symbols(std::move(symbols)), m_config(config), m_cash(config.initialCash)
{
    for (const SymbolSpec &spec : m_symbols) {
        if (spec.tickSize.raw() <= 0 || spec.lotSize.raw() <= 0)
            brokenInvariant("a symbol's tick size and lot size must be positive");
    }
    if (m_config.makerFeeMicros < 0 || m_config.takerFeeMicros < 0 || m_config.slippageMicros < 0
        || m_config.slippageMicros >= kMillion || m_config.slippageTicks < 0
        || m_config.maxVolumeShareMicros < 0 || m_config.maxVolumeShareMicros > kMillion)
        brokenInvariant("fees, slippage and the volume share must be within their bounds");
    m_states.resize(m_symbols.size());
}

bool SimulatedVenue::isWorking(const Order &order) const
{
    return order.status == OrderStatus::Working || order.status == OrderStatus::PartiallyFilled;
}

void SimulatedVenue::finish(std::uint32_t index, OrderStatus status, TimePoint time)
{
    Order &order = m_orders[index];
    order.status = status;
    order.doneAt = time;
    --m_states[order.request.symbol].workingCount;
}

std::string SimulatedVenue::validate(const OrderRequest &request) const
{
    if (request.symbol >= m_symbols.size())
        return "unknown symbol";
    const SymbolState &state = m_states[request.symbol];
    if (request.quantity.raw() <= 0)
        return "quantity must be positive";
    if (request.limitPrice.isNegative() || request.stopPrice.isNegative()
        || request.trailDistance.isNegative() || request.trailBasisPoints < 0)
        return "prices and distances must not be negative";
    switch (request.type) {
    case OrderType::Market:
        break;
    case OrderType::Limit:
        if (request.limitPrice.isZero())
            return "a limit order needs a limit price";
        break;
    case OrderType::Stop:
        if (request.stopPrice.isZero())
            return "a stop order needs a stop price";
        break;
    case OrderType::StopLimit:
        if (request.stopPrice.isZero())
            return "a stop-limit order needs a stop price";
        if (request.limitPrice.isZero())
            return "a stop-limit order needs a limit price";
        break;
    case OrderType::TrailingStop:
        if (request.trailDistance.isZero() == (request.trailBasisPoints == 0))
            return "a trailing stop needs exactly one of trailDistance and trailBasisPoints";
        if (request.trailBasisPoints >= kBasisPoints)
            return "a trailing stop's basis points must be below 10000";
        if (request.stopPrice.isZero() && !state.hasClose)
            return "a trailing stop needs a stop price before the symbol's first bar";
        break;
    }
    if (request.reduceOnly) {
        const Quantity position = state.position.quantity;
        const bool grows = request.side == Side::Buy ? position.raw() > 0 : position.raw() < 0;
        if (grows)
            return "a reduce-only order would grow the position";
    }
    return {};
}

OrderId SimulatedVenue::submit(const OrderRequest &request, TimePoint now)
{
    const auto index = static_cast<std::uint32_t>(m_orders.size());
    Order order;
    order.id = index + 1;
    order.request = request;
    order.createdAt = now;
    std::string reason;
    if (request.symbol >= m_symbols.size()) {
        reason = "unknown symbol";
    } else {
        const SymbolSpec &spec = m_symbols[request.symbol];
        OrderRequest &normalized = order.request;
        if (request.quantity.raw() > 0) {
            normalized.quantity = request.quantity.floorTo(spec.lotSize);
            if (normalized.quantity.isZero())
                reason = "quantity is below the lot size";
        }
        normalized.limitPrice = request.limitPrice.roundTo(spec.tickSize);
        normalized.stopPrice = request.stopPrice.roundTo(spec.tickSize);
        normalized.trailDistance = request.trailDistance.roundTo(spec.tickSize);
        if (reason.empty() && request.type == OrderType::TrailingStop
            && !request.trailDistance.isZero() && normalized.trailDistance.isZero())
            reason = "the trailing distance is below the tick size";
        if (reason.empty())
            reason = validate(normalized);
    }
    m_orders.push_back(std::move(order));
    m_orderStates.push_back({});
    Order &stored = m_orders.back();
    if (!reason.empty()) {
        stored.status = OrderStatus::Rejected;
        stored.doneAt = now;
        stored.rejectReason = std::move(reason);
        return stored.id;
    }
    SymbolState &state = m_states[stored.request.symbol];
    state.working.push_back(index);
    ++state.workingCount;
    if (stored.request.type == OrderType::TrailingStop) {
        if (!stored.request.stopPrice.isZero()) {
            stored.triggerPrice = stored.request.stopPrice;
        } else {
            const Price reference = state.lastClose;
            const Price distance = trailDistance(stored, reference);
            stored.triggerPrice =
                stored.request.side == Side::Sell ? reference - distance : reference + distance;
        }
    }
    return stored.id;
}

bool SimulatedVenue::cancel(OrderId id, TimePoint now)
{
    if (id == 0 || id > m_orders.size() || !isWorking(m_orders[id - 1]))
        return false;
    finish(static_cast<std::uint32_t>(id - 1), OrderStatus::Cancelled, now);
    return true;
}

void SimulatedVenue::cancelAll(SymbolId symbol, TimePoint now)
{
    if (symbol >= m_states.size())
        return;
    for (const std::uint32_t index : m_states[symbol].working) {
        if (isWorking(m_orders[index]))
            finish(index, OrderStatus::Cancelled, now);
    }
}

Price SimulatedVenue::trailDistance(const Order &order, Price best) const
{
    if (!order.request.trailDistance.isZero())
        return order.request.trailDistance;
    const Int128 product = static_cast<Int128>(best.raw()) * order.request.trailBasisPoints;
    const Price distance = Price::fromRaw(roundedDivide(product, kBasisPoints));
    return distance.roundTo(m_symbols[order.request.symbol].tickSize);
}

// The trail follows every price the path reaches: the stop level is the best of (price ∓ distance)
// over those prices, which is (best price ∓ distance) because the distance grows slower than the
// price. It only ever moves toward the price.
void SimulatedVenue::updateTrailing(std::uint32_t index, Price price)
{
    Order &order = m_orders[index];
    if (order.request.type != OrderType::TrailingStop || order.triggered)
        return;
    const Price distance = trailDistance(order, price);
    if (order.request.side == Side::Sell) {
        const Price level = price - distance;
        if (level > order.triggerPrice)
            order.triggerPrice = level;
    } else {
        const Price level = price + distance;
        if (level < order.triggerPrice)
            order.triggerPrice = level;
    }
}

Price SimulatedVenue::slipped(Side side, Price price, const SymbolSpec &spec) const
{
    const std::int64_t tick = spec.tickSize.raw();
    const Int128 divisor = static_cast<Int128>(kMillion) * tick;
    if (side == Side::Buy) {
        const Int128 scaled =
            static_cast<Int128>(price.raw()) * (kMillion + m_config.slippageMicros);
        const Int128 ticks = (scaled + divisor - 1) / divisor + m_config.slippageTicks;
        return Price::fromRaw(static_cast<std::int64_t>(ticks * tick));
    }
    const Int128 scaled = static_cast<Int128>(price.raw()) * (kMillion - m_config.slippageMicros);
    Int128 ticks = scaled / divisor - m_config.slippageTicks;
    if (ticks < 1)
        ticks = 1; // a sell never fills below one tick
    return Price::fromRaw(static_cast<std::int64_t>(ticks * tick));
}

void SimulatedVenue::processBar(SymbolId symbol, const model::Candle &bar, std::vector<Fill> &fills)
{
    if (symbol >= m_states.size())
        brokenInvariant("processBar for an unknown symbol");
    SymbolState &state = m_states[symbol];
    ++state.bars;
    state.heldThisBar = !state.position.quantity.isZero();
    if (state.workingCount == 0) {
        state.working.clear(); // drops cancelled entries; keeps the capacity
    } else {
        m_capped = m_config.maxVolumeShareMicros > 0;
        if (m_capped) {
            const Int128 share =
                static_cast<Int128>(bar.volume.raw()) * m_config.maxVolumeShareMicros / kMillion;
            m_barCap = Quantity::fromRaw(static_cast<std::int64_t>(share))
                           .floorTo(m_symbols[symbol].lotSize);
        }
        // The working list only changes in submit(), never during a bar: indices stay valid.
        for (std::size_t i = 0; i < state.working.size() && state.workingCount > 0; ++i) {
            const std::uint32_t index = state.working[i];
            if (isWorking(m_orders[index]))
                actAtOpen(index, bar, fills);
        }
        const bool bullish = bar.close >= bar.open;
        const Price first = bullish ? bar.low : bar.high;
        const Price second = bullish ? bar.high : bar.low;
        walkSegment(state, bar.open, first, bar, fills);
        walkSegment(state, first, second, bar, fills);
        walkSegment(state, second, bar.close, bar, fills);
        std::erase_if(state.working,
                      [this](std::uint32_t index) { return !isWorking(m_orders[index]); });
    }
    if (state.heldThisBar)
        ++state.barsInPosition;
    state.lastClose = bar.close;
    state.hasClose = true;
}

void SimulatedVenue::actAtOpen(std::uint32_t index, const model::Candle &bar,
                               std::vector<Fill> &fills)
{
    updateTrailing(index, bar.open);
    Order &order = m_orders[index];
    const OrderRequest &request = order.request;
    const Price open = bar.open;
    const SymbolSpec &spec = m_symbols[request.symbol];
    switch (request.type) {
    case OrderType::Market:
        execute(index, slipped(request.side, open, spec), Liquidity::Taker, bar, fills);
        break;
    case OrderType::Stop:
        if (!order.triggered && stopThrough(request.side, request.stopPrice, open)) {
            order.triggered = true;
            order.triggerPrice = request.stopPrice;
        }
        if (order.triggered) // gapped through now, or the rest of an earlier trigger: a market
            execute(index, slipped(request.side, open, spec), Liquidity::Taker, bar, fills);
        break;
    case OrderType::TrailingStop:
        if (!order.triggered && stopThrough(request.side, order.triggerPrice, open))
            order.triggered = true;
        if (order.triggered)
            execute(index, slipped(request.side, open, spec), Liquidity::Taker, bar, fills);
        break;
    case OrderType::StopLimit:
        if (!order.triggered && stopThrough(request.side, request.stopPrice, open)) {
            order.triggered = true;
            order.triggerPrice = request.stopPrice;
        }
        if (order.triggered && marketable(request.side, request.limitPrice, open))
            execute(index, open, Liquidity::Maker, bar, fills);
        break;
    case OrderType::Limit:
        if (marketable(request.side, request.limitPrice, open))
            execute(index, open, Liquidity::Maker, bar, fills);
        break;
    }
}

void SimulatedVenue::walkSegment(SymbolState &state, Price from, Price to, const model::Candle &bar,
                                 std::vector<Fill> &fills)
{
    if (from == to || state.workingCount == 0)
        return;
    const bool rising = to > from;
    // The side whose stops a rising price reaches, and the side whose limits it reaches.
    const Side stopSide = rising ? Side::Buy : Side::Sell;
    const Side limitSide = rising ? Side::Sell : Side::Buy;
    m_events.clear();
    for (const std::uint32_t index : state.working) {
        const Order &order = m_orders[index];
        if (!isWorking(order) || m_orderStates[index].actedBar == state.bars)
            continue;
        const OrderRequest &request = order.request;
        Price level;
        switch (request.type) {
        case OrderType::Market:
            continue; // acted at the open
        case OrderType::Limit:
            if (request.side != limitSide)
                continue;
            level = request.limitPrice;
            break;
        case OrderType::Stop:
            if (order.triggered || request.side != stopSide)
                continue; // a triggered stop's rest fills at the next open
            level = request.stopPrice;
            break;
        case OrderType::TrailingStop:
            if (order.triggered || request.side != stopSide)
                continue;
            level = order.triggerPrice;
            break;
        case OrderType::StopLimit:
            if (order.triggered) {
                if (request.side != limitSide)
                    continue;
                level = request.limitPrice;
            } else {
                if (request.side != stopSide)
                    continue;
                level = request.stopPrice;
            }
            break;
        }
        // The segment reaches the prices in (from, to]; `from` itself was handled at the previous
        // point of the path.
        const bool reached = rising ? (level > from && level <= to) : (level < from && level >= to);
        if (!reached)
            continue;
        const std::int64_t distance = rising ? level.raw() - from.raw() : from.raw() - level.raw();
        m_events.push_back({distance, index, level});
    }
    std::sort(m_events.begin(), m_events.end(), [](const PathEvent &a, const PathEvent &b) {
        return a.distance != b.distance ? a.distance < b.distance : a.index < b.index;
    });
    for (const PathEvent &event : m_events) {
        Order &order = m_orders[event.index];
        if (!isWorking(order) || m_orderStates[event.index].actedBar == state.bars)
            continue; // cancelled by an OCO sibling earlier on this segment
        const OrderRequest &request = order.request;
        const SymbolSpec &spec = m_symbols[request.symbol];
        switch (request.type) {
        case OrderType::Market:
            break;
        case OrderType::Limit:
            execute(event.index, event.level, Liquidity::Maker, bar, fills);
            break;
        case OrderType::Stop:
            order.triggered = true;
            order.triggerPrice = event.level;
            execute(event.index, slipped(request.side, event.level, spec), Liquidity::Taker, bar,
                    fills);
            break;
        case OrderType::TrailingStop:
            order.triggered = true;
            execute(event.index, slipped(request.side, event.level, spec), Liquidity::Taker, bar,
                    fills);
            break;
        case OrderType::StopLimit:
            if (order.triggered) {
                execute(event.index, event.level, Liquidity::Maker, bar, fills);
            } else {
                order.triggered = true;
                order.triggerPrice = event.level;
                // The limit is live from the trigger point on: at once when the trigger price is
                // as good as the limit (it fills there), else later on the path or a later bar.
                if (marketable(request.side, request.limitPrice, event.level))
                    execute(event.index, event.level, Liquidity::Maker, bar, fills);
            }
            break;
        }
    }
    for (const std::uint32_t index : state.working) {
        if (isWorking(m_orders[index]))
            updateTrailing(index, to);
    }
}

bool SimulatedVenue::execute(std::uint32_t index, Price price, Liquidity liquidity,
                             const model::Candle &bar, std::vector<Fill> &fills)
{
    Order &order = m_orders[index];
    const OrderRequest &request = order.request;
    SymbolState &state = m_states[request.symbol];
    m_orderStates[index].actedBar = state.bars;
    Quantity quantity = request.quantity - order.filled;
    if (m_capped && m_barCap < quantity)
        quantity = m_barCap;
    if (request.reduceOnly) {
        const Quantity position = state.position.quantity;
        const bool reduces = request.side == Side::Buy ? position.raw() < 0 : position.raw() > 0;
        if (!reduces) {
            order.rejectReason = "reduce-only order cancelled: no position to reduce";
            finish(index, OrderStatus::Cancelled, bar.openTime);
            return false;
        }
        if (magnitude(position) < quantity)
            quantity = magnitude(position);
    }
    if (quantity.raw() <= 0)
        return false;

    const std::int64_t feeMicros =
        liquidity == Liquidity::Maker ? m_config.makerFeeMicros : m_config.takerFeeMicros;
    Fill fill;
    fill.order = order.id;
    fill.symbol = request.symbol;
    fill.side = request.side;
    fill.time = bar.openTime;
    fill.price = price;
    fill.quantity = quantity;
    fill.fee = feeOf(notional(price, quantity), feeMicros);
    fill.liquidity = liquidity;
    fill.tag = request.tag;

    order.filled += quantity;
    book(state, fill);
    fills.push_back(fill);
    m_fills.push_back(fill);
    if (order.filled == request.quantity) {
        finish(index, OrderStatus::Filled, bar.openTime);
    } else {
        order.status = OrderStatus::PartiallyFilled;
        if (request.reduceOnly && state.position.quantity.isZero()) {
            order.rejectReason = "reduce-only remainder cancelled: the position is flat";
            finish(index, OrderStatus::Cancelled, bar.openTime);
        }
    }
    if (request.ocoGroup != 0)
        cancelOcoSiblings(order, bar.openTime);
    return true;
}

void SimulatedVenue::book(SymbolState &state, const Fill &fill)
{
    const bool buy = fill.side == Side::Buy;
    Position &position = state.position;
    const Quantity before = position.quantity;
    const Money total = notional(fill.price, fill.quantity);
    m_cash = buy ? m_cash - total : m_cash + total;
    m_cash -= fill.fee;
    m_feesPaid += fill.fee;

    // The part of the fill that reduces the position, and the part that opens or adds.
    Quantity closing;
    if (!before.isZero() && before.isNegative() == buy)
        closing = std::min(fill.quantity, magnitude(before));
    const Quantity opening = fill.quantity - closing;
    const Money closingNotional = closing.isZero() ? Money() : notional(fill.price, closing);
    const Money openingNotional = total - closingNotional;
    const Money closingFee =
        closing == fill.quantity
            ? fill.fee
            : Money::fromRaw(roundedDivide(static_cast<Int128>(fill.fee.raw()) * closing.raw(),
                                           fill.quantity.raw()));
    const Money openingFee = fill.fee - closingFee;

    if (!closing.isZero()) {
        OpenTrade &trade = state.trade;
        const Quantity size = magnitude(before);
        const Money removedCost =
            closing == size ? state.costBasis
                            : Money::fromRaw(roundedDivide(
                                  static_cast<Int128>(state.costBasis.raw()) * closing.raw(),
                                  size.raw()));
        const Money pnl = before.isNegative() ? removedCost - closingNotional
                                              : closingNotional - removedCost;
        state.costBasis -= removedCost;
        position.realizedPnl += pnl;
        position.quantity = before.isNegative() ? before + closing : before - closing;
        trade.record.grossPnl += pnl;
        trade.record.fees += closingFee;
        trade.exitNotional += static_cast<Int128>(fill.price.raw()) * closing.raw();
        trade.exitQuantity += closing;
        if (position.quantity.isZero()) {
            TradeRecord &record = trade.record;
            record.exitTime = fill.time;
            record.entryPrice = averageOf(trade.entryNotional, trade.entryQuantity);
            record.exitPrice = averageOf(trade.exitNotional, trade.exitQuantity);
            record.netPnl = record.grossPnl - record.fees;
            record.bars = state.bars - trade.entryBar;
            m_trades.push_back(record);
            state.tradeOpen = false;
        }
    }
    if (!opening.isZero()) {
        OpenTrade &trade = state.trade;
        if (!state.tradeOpen) {
            trade = OpenTrade{};
            trade.record.symbol = fill.symbol;
            trade.record.side = fill.side;
            trade.record.entryTime = fill.time;
            trade.entryBar = state.bars;
            state.tradeOpen = true;
        }
        trade.entryNotional += static_cast<Int128>(fill.price.raw()) * opening.raw();
        trade.entryQuantity += opening;
        trade.record.fees += openingFee;
        state.costBasis += openingNotional;
        position.quantity = buy ? position.quantity + opening : position.quantity - opening;
        trade.record.quantity = std::max(trade.record.quantity, magnitude(position.quantity));
    }
    const Quantity size = magnitude(position.quantity);
    const Int128 basis = static_cast<Int128>(state.costBasis.raw()) * Price::kScale;
    position.averagePrice =
        size.isZero() ? Price() : Price::fromRaw(roundedDivide(basis, size.raw()));
    if (!size.isZero())
        state.heldThisBar = true;
}

void SimulatedVenue::cancelOcoSiblings(const Order &filled, TimePoint time)
{
    const std::uint64_t group = filled.request.ocoGroup;
    for (SymbolState &state : m_states) {
        if (state.workingCount == 0)
            continue;
        for (const std::uint32_t index : state.working) {
            const Order &order = m_orders[index];
            if (order.id != filled.id && order.request.ocoGroup == group && isWorking(order))
                finish(index, OrderStatus::Cancelled, time);
        }
    }
}

const Order *SimulatedVenue::order(OrderId id) const
{
    return id == 0 || id > m_orders.size() ? nullptr : &m_orders[id - 1];
}

bool SimulatedVenue::hasWorkingOrders(SymbolId symbol) const
{
    return symbol < m_states.size() && m_states[symbol].workingCount > 0;
}

const Position &SimulatedVenue::position(SymbolId symbol) const
{
    static const Position flat;
    return symbol < m_states.size() ? m_states[symbol].position : flat;
}

std::int64_t SimulatedVenue::barCount(SymbolId symbol) const
{
    return symbol < m_states.size() ? m_states[symbol].bars : 0;
}

std::int64_t SimulatedVenue::barsInPosition(SymbolId symbol) const
{
    return symbol < m_states.size() ? m_states[symbol].barsInPosition : 0;
}

Price SimulatedVenue::lastClose(SymbolId symbol) const
{
    return symbol < m_states.size() ? m_states[symbol].lastClose : Price();
}

Money SimulatedVenue::equity() const
{
    Money total = m_cash;
    for (const SymbolState &state : m_states) {
        if (!state.position.quantity.isZero())
            total += notional(state.lastClose, state.position.quantity);
    }
    return total;
}

} // namespace bcf::bt
