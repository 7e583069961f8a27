#include "model/order_book.h"

namespace bcf::model {
namespace {

template <typename Side>
std::vector<BookLevel> topOf(const Side &side, std::size_t depth)
{
    std::vector<BookLevel> levels;
    levels.reserve(std::min(depth, side.size()));
    for (auto it = side.begin(); it != side.end() && levels.size() < depth; ++it)
        levels.push_back({Price::fromRaw(it->first), Quantity::fromRaw(it->second)});
    return levels;
}

} // namespace

template <typename Side>
void OrderBook::apply(Side &side, const std::vector<BookLevel> &levels)
{
    for (const BookLevel &level : levels) {
        if (level.quantity.isZero())
            side.erase(level.price.raw());
        else
            side[level.price.raw()] = level.quantity.raw();
    }
}

void OrderBook::applySnapshot(std::int64_t lastUpdateId, const std::vector<BookLevel> &bids,
                              const std::vector<BookLevel> &asks)
{
    clear();
    apply(m_bids, bids);
    apply(m_asks, asks);
    m_lastUpdateId = lastUpdateId;
    m_synced = !crossed();
    m_firstDiffAfterSnapshot = true;
}

Result<BookUpdate> OrderBook::applyDiff(std::int64_t firstUpdateId, std::int64_t finalUpdateId,
                                        const std::vector<BookLevel> &bids,
                                        const std::vector<BookLevel> &asks)
{
    if (!m_synced)
        return makeError(ErrorCode::FailedPrecondition, "the book needs a snapshot first");
    if (firstUpdateId > finalUpdateId)
        return makeError(ErrorCode::InvalidArgument, "update ids out of order: U > u");
    if (finalUpdateId <= m_lastUpdateId)
        return BookUpdate::Stale;
    const std::int64_t expected = m_lastUpdateId + 1;
    const bool inSequence = m_firstDiffAfterSnapshot ? firstUpdateId <= expected
                                                     : firstUpdateId == expected;
    if (!inSequence) {
        m_synced = false;
        return makeError(ErrorCode::InvalidArgument,
                         "sequence gap: expected update " + std::to_string(expected) + ", got "
                             + std::to_string(firstUpdateId) + "–" + std::to_string(finalUpdateId));
    }
    apply(m_bids, bids);
    apply(m_asks, asks);
    m_lastUpdateId = finalUpdateId;
    m_firstDiffAfterSnapshot = false;
    if (crossed()) {
        m_synced = false;
        return makeError(ErrorCode::InvalidArgument,
                         "crossed book after update " + std::to_string(finalUpdateId));
    }
    return BookUpdate::Applied;
}

std::optional<BookLevel> OrderBook::bestBid() const
{
    if (m_bids.empty())
        return std::nullopt;
    return BookLevel{Price::fromRaw(m_bids.begin()->first),
                     Quantity::fromRaw(m_bids.begin()->second)};
}

std::optional<BookLevel> OrderBook::bestAsk() const
{
    if (m_asks.empty())
        return std::nullopt;
    return BookLevel{Price::fromRaw(m_asks.begin()->first),
                     Quantity::fromRaw(m_asks.begin()->second)};
}

std::vector<BookLevel> OrderBook::bids(std::size_t depth) const
{
    return topOf(m_bids, depth);
}

std::vector<BookLevel> OrderBook::asks(std::size_t depth) const
{
    return topOf(m_asks, depth);
}

void OrderBook::clear()
{
    m_bids.clear();
    m_asks.clear();
    m_lastUpdateId = 0;
    m_synced = false;
    m_firstDiffAfterSnapshot = true;
}

bool OrderBook::crossed() const
{
    return !m_bids.empty() && !m_asks.empty() && m_bids.begin()->first >= m_asks.begin()->first;
}

} // namespace bcf::model
