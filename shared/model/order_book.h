#pragma once

#include "core/decimal.h"
#include "core/result.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace bcf::model {

struct BookLevel {
    Price price;
    Quantity quantity;

    friend bool operator==(const BookLevel &, const BookLevel &) = default;
};

// What applyDiff did with an update.
enum class BookUpdate {
    Applied,
    Stale,  // entirely older than the book (buffered before the snapshot): dropped, harmless
};

// An L2 order book kept in sync from a snapshot plus diff updates with sequence numbers, following
// Binance's documented procedure: after a snapshot with lastUpdateId L, the first diff applied must
// span L+1 (U <= L+1 <= u); every later diff must start at the previous u + 1. A diff that does not
// is a gap: the book marks itself out of sync and the caller fetches a new snapshot. A zero
// quantity removes a level. A crossed book (best bid ≥ best ask) after an update is corrupt data:
// out of sync as well. Not thread-safe; one owner.
class OrderBook final {
public:
    void applySnapshot(std::int64_t lastUpdateId, const std::vector<BookLevel> &bids,
                       const std::vector<BookLevel> &asks);

    // FailedPrecondition when out of sync (no snapshot yet, or after a gap); InvalidArgument for
    // a gap or a crossed book (the book is then out of sync).
    Result<BookUpdate> applyDiff(std::int64_t firstUpdateId, std::int64_t finalUpdateId,
                                 const std::vector<BookLevel> &bids,
                                 const std::vector<BookLevel> &asks);

    bool synced() const { return m_synced; }
    std::int64_t lastUpdateId() const { return m_lastUpdateId; }
    std::optional<BookLevel> bestBid() const;
    std::optional<BookLevel> bestAsk() const;
    // Best `depth` levels of each side, best first.
    std::vector<BookLevel> bids(std::size_t depth) const;
    std::vector<BookLevel> asks(std::size_t depth) const;
    std::size_t bidLevels() const { return m_bids.size(); }
    std::size_t askLevels() const { return m_asks.size(); }
    void clear();

private:
    using Bids = std::map<std::int64_t, std::int64_t, std::greater<>>;
    using Asks = std::map<std::int64_t, std::int64_t, std::less<>>;
    template <typename Side>
    static void apply(Side &side, const std::vector<BookLevel> &levels);
    bool crossed() const;

    Bids m_bids;
    Asks m_asks;
    std::int64_t m_lastUpdateId = 0;
    bool m_synced = false;
    bool m_firstDiffAfterSnapshot = true;
};

} // namespace bcf::model
