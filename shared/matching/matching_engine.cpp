#include "matching/matching_engine.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace bcf::matching {

namespace {

Side opposite(Side side)
{
    return side == Side::Buy ? Side::Sell : Side::Buy;
}

} // namespace

std::string_view describe(RejectReason reason)
{
    switch (reason) {
    case RejectReason::DuplicateOrderId: return "an order with this id is already open";
    case RejectReason::UnknownOrder: return "unknown order (never seen, filled or cancelled)";
    case RejectReason::NonPositiveQuantity: return "quantity must be positive";
    case RejectReason::NonPositivePrice: return "price must be positive";
    case RejectReason::PriceNotTickMultiple: return "price is not a multiple of the tick size";
    case RejectReason::QuantityNotLotMultiple: return "quantity is not a multiple of the lot size";
    case RejectReason::QuantityBelowMinimum: return "quantity is below the minimum quantity";
    case RejectReason::NotionalBelowMinimum: return "price x quantity is below the minimum notional";
    case RejectReason::PostOnlyNotLimitGtc: return "post-only orders must be GTC limit orders";
    case RejectReason::PostOnlyWouldTake: return "post-only order would immediately match and take";
    }
    return "unknown reject reason";
}

std::string_view describe(CancelReason reason)
{
    switch (reason) {
    case CancelReason::User: return "cancelled by the owner";
    case CancelReason::ImmediateOrCancel: return "immediate-or-cancel remainder";
    case CancelReason::MarketNoLiquidity: return "market order remainder: no more liquidity";
    case CancelReason::FillOrKillNotFillable: return "fill-or-kill order could not fill completely";
    case CancelReason::SelfTradePrevention: return "expired by self-trade prevention";
    }
    return "unknown cancel reason";
}

MatchingEngine::MatchingEngine(const SymbolRules &rules, std::size_t expectedOrders)
    : m_rules(rules), m_ids(expectedOrders)
{
    if (rules.tickSize.raw() <= 0 || rules.lotSize.raw() <= 0 || rules.minQuantity.isNegative()
        || rules.minNotional.isNegative())
        std::abort(); // a configuration bug: no request could be validated against these rules
    m_nodes.reserve(expectedOrders);
    m_bids.reserve(256);
    m_asks.reserve(256);
}

std::optional<RejectReason> MatchingEngine::validateLimit(Price price, Quantity quantity) const
{
    if (quantity.raw() <= 0)
        return RejectReason::NonPositiveQuantity;
    if (price.raw() <= 0)
        return RejectReason::NonPositivePrice;
    if (!price.isMultipleOf(m_rules.tickSize))
        return RejectReason::PriceNotTickMultiple;
    if (!quantity.isMultipleOf(m_rules.lotSize))
        return RejectReason::QuantityNotLotMultiple;
    if (quantity < m_rules.minQuantity)
        return RejectReason::QuantityBelowMinimum;
    // notional(price, quantity) < minNotional without notional()'s 128-bit division: for a
    // positive product x, round-half-up(x / scale) >= m exactly when x >= m * scale - scale / 2.
    const Int128 product = static_cast<Int128>(price.raw()) * quantity.raw();
    const Int128 threshold = static_cast<Int128>(m_rules.minNotional.raw()) * Money::kScale - Money::kScale / 2;
    if (m_rules.minNotional.raw() > 0 && product < threshold)
        return RejectReason::NotionalBelowMinimum;
    return std::nullopt;
}

bool MatchingEngine::wouldCross(Side side, std::int64_t price) const
{
    const Side other = opposite(side);
    const Book &levels = book(other);
    return !levels.empty() && levels.back().key >= keyOf(other, price);
}

void MatchingEngine::submit(const NewOrder &order, std::vector<Event> &events)
{
    const auto reject = [&](RejectReason reason) {
        events.emplace_back(event::Rejected{order.id, Request::Submit, reason, describe(reason)});
    };
    if (m_ids.find(order.id) != OrderIdMap::kAbsent)
        return reject(RejectReason::DuplicateOrderId);
    if (order.postOnly
        && (order.type != OrderType::Limit || order.timeInForce != TimeInForce::GoodTillCancel))
        return reject(RejectReason::PostOnlyNotLimitGtc);
    if (order.type == OrderType::Limit) {
        if (const auto reason = validateLimit(order.price, order.quantity))
            return reject(*reason);
        if (order.postOnly && wouldCross(order.side, order.price.raw()))
            return reject(RejectReason::PostOnlyWouldTake);
    } else {
        if (order.quantity.raw() <= 0)
            return reject(RejectReason::NonPositiveQuantity);
        if (!order.quantity.isMultipleOf(m_rules.lotSize))
            return reject(RejectReason::QuantityNotLotMultiple);
        if (order.quantity < m_rules.minQuantity)
            return reject(RejectReason::QuantityBelowMinimum);
    }

    events.emplace_back(event::Accepted{order.id});
    Taker taker{order.id,
                order.owner,
                order.side,
                order.selfTradePrevention,
                order.type == OrderType::Limit,
                order.price.raw(),
                order.quantity.raw()};
    if (order.timeInForce == TimeInForce::FillOrKill && !fillOrKillFillable(taker)) {
        events.emplace_back(event::Cancelled{order.id, CancelReason::FillOrKillNotFillable,
                                             order.quantity});
        return;
    }
    if (!match(taker, events) || taker.remaining == 0)
        return;
    if (order.type == OrderType::Market) {
        events.emplace_back(event::Cancelled{order.id, CancelReason::MarketNoLiquidity,
                                             Quantity::fromRaw(taker.remaining)});
    } else if (order.timeInForce == TimeInForce::ImmediateOrCancel) {
        events.emplace_back(event::Cancelled{order.id, CancelReason::ImmediateOrCancel,
                                             Quantity::fromRaw(taker.remaining)});
    } else if (order.timeInForce == TimeInForce::FillOrKill) {
        std::abort(); // fillOrKillFillable said it would fill: the two walks disagree
    } else {
        rest(taker, order.postOnly);
    }
}

bool MatchingEngine::fillOrKillFillable(const Taker &taker) const
{
    const Side other = opposite(taker.side);
    const Book &levels = book(other);
    const std::int64_t bound = taker.hasLimit ? keyOf(other, taker.limitPrice)
                                              : std::numeric_limits<std::int64_t>::min();
    std::int64_t needed = taker.remaining;
    for (auto level = levels.rbegin(); level != levels.rend() && level->key >= bound; ++level) {
        if (taker.stp == SelfTradePrevention::None) {
            needed -= level->total;
            if (needed <= 0)
                return true;
            continue;
        }
        // With self-trade prevention the taker's own orders either end the match (newest, both)
        // or vanish from it (oldest): walk the queue.
        for (std::uint32_t slot = level->head; slot != kNil; slot = m_nodes[slot].next) {
            const Node &maker = m_nodes[slot];
            if (maker.owner == taker.owner) {
                if (taker.stp == SelfTradePrevention::CancelOldest)
                    continue;
                return false;
            }
            needed -= maker.remaining;
            if (needed <= 0)
                return true;
        }
    }
    return false;
}

bool MatchingEngine::match(Taker &taker, std::vector<Event> &events)
{
    const Side other = opposite(taker.side);
    Book &levels = book(other);
    const std::int64_t bound = taker.hasLimit ? keyOf(other, taker.limitPrice)
                                              : std::numeric_limits<std::int64_t>::min();
    bool takerAlive = true;
    while (taker.remaining > 0 && takerAlive && !levels.empty()) {
        Level &level = levels.back();
        if (level.key < bound)
            break;
        const Price price = Price::fromRaw(priceOf(other, level.key));
        // Makers are always consumed from the head, so removing one is a pop of the queue.
        while (level.head != kNil) {
            const std::uint32_t slot = level.head;
            Node &maker = m_nodes[slot];
            bool removeMaker = false;
            if (taker.stp != SelfTradePrevention::None && maker.owner == taker.owner) {
                if (taker.stp != SelfTradePrevention::CancelNewest) {
                    events.emplace_back(event::Cancelled{maker.id, CancelReason::SelfTradePrevention,
                                                         Quantity::fromRaw(maker.remaining)});
                    level.total -= maker.remaining;
                    removeMaker = true;
                }
                if (taker.stp != SelfTradePrevention::CancelOldest) {
                    events.emplace_back(event::Cancelled{taker.id, CancelReason::SelfTradePrevention,
                                                         Quantity::fromRaw(taker.remaining)});
                    takerAlive = false;
                }
            } else {
                const std::int64_t fill = std::min(taker.remaining, maker.remaining);
                taker.remaining -= fill;
                maker.remaining -= fill;
                level.total -= fill;
                removeMaker = maker.remaining == 0;
                events.emplace_back(event::Trade{taker.id, maker.id, price, Quantity::fromRaw(fill),
                                                 taker.side, removeMaker});
            }
            if (removeMaker) {
                level.head = maker.next;
                if (level.head != kNil)
                    m_nodes[level.head].prev = kNil;
                else
                    level.tail = kNil;
                --level.count;
                m_ids.erase(maker.id);
                maker.next = m_freeHead;
                m_freeHead = slot;
            }
            if (!takerAlive || taker.remaining == 0)
                break;
        }
        if (level.count == 0)
            levels.pop_back();
    }
    return takerAlive;
}

std::uint32_t MatchingEngine::allocateNode()
{
    if (m_freeHead != kNil) {
        const std::uint32_t slot = m_freeHead;
        m_freeHead = m_nodes[slot].next;
        return slot;
    }
    if (m_nodes.size() >= kNil)
        std::abort(); // 4 billion resting orders: the pool's index type is exhausted
    m_nodes.emplace_back();
    return static_cast<std::uint32_t>(m_nodes.size() - 1);
}

std::size_t MatchingEngine::findLevel(const Book &levels, std::int64_t key) const
{
    // Most orders rest, and most cancels happen, within a few levels of the touch (the back):
    // a short scan from there beats a binary search's unpredictable branches (measured:
    // docs/matching-engine.md). Deeper keys fall back to the binary search.
    constexpr std::size_t kScan = 8;
    const std::size_t size = levels.size();
    const std::size_t stop = size > kScan ? size - kScan : 0;
    for (std::size_t i = size; i > stop; --i)
        if (levels[i - 1].key <= key)
            return levels[i - 1].key == key ? i - 1 : i;
    const auto found = std::lower_bound(levels.begin(), levels.begin() + static_cast<std::ptrdiff_t>(stop), key,
                                        [](const Level &level, std::int64_t k) { return level.key < k; });
    return static_cast<std::size_t>(found - levels.begin());
}

void MatchingEngine::rest(const Taker &taker, bool postOnly)
{
    const std::uint32_t slot = allocateNode();
    Node &node = m_nodes[slot];
    node.id = taker.id;
    node.owner = taker.owner;
    node.price = taker.limitPrice;
    node.remaining = taker.remaining;
    node.prev = kNil;
    node.next = kNil;
    node.side = taker.side;
    node.stp = taker.stp;
    node.postOnly = postOnly;
    m_ids.insert(taker.id, slot);

    Book &levels = book(taker.side);
    const std::int64_t key = keyOf(taker.side, taker.limitPrice);
    std::size_t index = 0;
    if (levels.empty() || levels.back().key < key) {
        index = levels.size(); // a new best level: the common case near the touch
        levels.push_back(Level{key, 0, kNil, kNil, 0});
    } else {
        index = findLevel(levels, key);
        if (levels[index].key != key)
            levels.insert(levels.begin() + static_cast<std::ptrdiff_t>(index), Level{key, 0, kNil, kNil, 0});
    }
    Level &level = levels[index];
    node.prev = level.tail;
    if (level.tail != kNil)
        m_nodes[level.tail].next = slot;
    else
        level.head = slot;
    level.tail = slot;
    ++level.count;
    level.total = Quantity::checkedAdd(level.total, taker.remaining);
}

void MatchingEngine::removeResting(std::uint32_t slot)
{
    Node &node = m_nodes[slot];
    Book &levels = book(node.side);
    const std::size_t index = findLevel(levels, keyOf(node.side, node.price));
    Level &level = levels[index];
    if (node.prev != kNil)
        m_nodes[node.prev].next = node.next;
    else
        level.head = node.next;
    if (node.next != kNil)
        m_nodes[node.next].prev = node.prev;
    else
        level.tail = node.prev;
    level.total -= node.remaining;
    if (--level.count == 0)
        levels.erase(levels.begin() + static_cast<std::ptrdiff_t>(index));
    m_ids.erase(node.id);
    node.next = m_freeHead;
    m_freeHead = slot;
}

bool MatchingEngine::cancel(OrderId id, std::vector<Event> &events)
{
    const std::uint32_t slot = m_ids.find(id);
    if (slot == OrderIdMap::kAbsent) {
        events.emplace_back(event::Rejected{id, Request::Cancel, RejectReason::UnknownOrder,
                                            describe(RejectReason::UnknownOrder)});
        return false;
    }
    events.emplace_back(event::Cancelled{id, CancelReason::User,
                                         Quantity::fromRaw(m_nodes[slot].remaining)});
    removeResting(slot);
    return true;
}

void MatchingEngine::replace(OrderId id, Price newPrice, Quantity newQuantity,
                             std::vector<Event> &events)
{
    const auto reject = [&](RejectReason reason) {
        events.emplace_back(event::Rejected{id, Request::Replace, reason, describe(reason)});
    };
    const std::uint32_t slot = m_ids.find(id);
    if (slot == OrderIdMap::kAbsent)
        return reject(RejectReason::UnknownOrder);
    if (const auto reason = validateLimit(newPrice, newQuantity))
        return reject(*reason);
    Node &node = m_nodes[slot];
    if (newPrice.raw() == node.price && newQuantity.raw() <= node.remaining) {
        Book &levels = book(node.side);
        levels[findLevel(levels, keyOf(node.side, node.price))].total -= node.remaining - newQuantity.raw();
        node.remaining = newQuantity.raw();
        events.emplace_back(event::Replaced{id, newPrice, newQuantity, true});
        return;
    }
    if (node.postOnly && wouldCross(node.side, newPrice.raw()))
        return reject(RejectReason::PostOnlyWouldTake);
    Taker taker{id, node.owner, node.side, node.stp, true, newPrice.raw(), newQuantity.raw()};
    const bool postOnly = node.postOnly;
    removeResting(slot);
    events.emplace_back(event::Replaced{id, newPrice, newQuantity, false});
    if (match(taker, events) && taker.remaining > 0)
        rest(taker, postOnly);
}

std::optional<Price> MatchingEngine::bestBid() const
{
    if (m_bids.empty())
        return std::nullopt;
    return Price::fromRaw(priceOf(Side::Buy, m_bids.back().key));
}

std::optional<Price> MatchingEngine::bestAsk() const
{
    if (m_asks.empty())
        return std::nullopt;
    return Price::fromRaw(priceOf(Side::Sell, m_asks.back().key));
}

std::optional<OrderInfo> MatchingEngine::order(OrderId id) const
{
    const std::uint32_t slot = m_ids.find(id);
    if (slot == OrderIdMap::kAbsent)
        return std::nullopt;
    const Node &node = m_nodes[slot];
    return OrderInfo{node.id,
                     node.owner,
                     node.side,
                     Price::fromRaw(node.price),
                     Quantity::fromRaw(node.remaining),
                     node.postOnly,
                     node.stp};
}

void MatchingEngine::depth(std::size_t levels, DepthSnapshot &snapshot) const
{
    const auto fill = [levels](const Book &side, Side which, std::vector<DepthLevel> &out) {
        out.clear();
        for (auto level = side.rbegin(); level != side.rend() && out.size() < levels; ++level)
            out.push_back(DepthLevel{Price::fromRaw(priceOf(which, level->key)),
                                     Quantity::fromRaw(level->total), level->count});
    };
    fill(m_bids, Side::Buy, snapshot.bids);
    fill(m_asks, Side::Sell, snapshot.asks);
}

DepthSnapshot MatchingEngine::depth(std::size_t levels) const
{
    DepthSnapshot snapshot;
    depth(levels, snapshot);
    return snapshot;
}

} // namespace bcf::matching
