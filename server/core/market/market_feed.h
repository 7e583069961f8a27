#pragma once

#include "model/market_data.h"
#include "model/order_book.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace bcf::core {

// The best levels of a book as a collector published them.
struct BookTop {
    std::int64_t updateId = 0;
    TimePoint time{};
    std::vector<model::BookLevel> bids;
    std::vector<model::BookLevel> asks;
};

using MarketEvent = std::variant<model::Candle, model::Trade, BookTop>;

struct FeedEvent {
    std::string symbol;
    MarketEvent event;
};

// Fans the collectors' Redis messages (channel `market_data`: candles, trades, books; see
// server/compute/collector/market_collector.h) out to the streaming RPCs of this node.
// Thread-safe: the Redis subscriber thread publishes, gRPC threads subscribe and wait.
class MarketFeed final {
public:
    enum class Kind { Candle, Trade, Book };

    class Subscription final {
    public:
        // Events received since the last call, oldest first, waiting up to `timeout` for the
        // first one. Books are conflated: only the newest pending one is kept.
        std::vector<FeedEvent> wait(std::chrono::milliseconds timeout);
        // Events dropped because the client did not keep up (the queue holds 10 000).
        long long dropped() const;

    private:
        friend class MarketFeed;
        void push(const FeedEvent &event, Kind kind);

        mutable std::mutex m_mutex;
        std::condition_variable m_ready;
        std::deque<FeedEvent> m_pending;
        long long m_dropped = 0;
    };

    std::shared_ptr<Subscription> subscribe(Kind kind, const std::string &exchange,
                                            const std::string &symbol);
    // One subscription to the events of several symbols.
    std::shared_ptr<Subscription> subscribe(Kind kind, const std::string &exchange,
                                            const std::vector<std::string> &symbols);
    void unsubscribe(const std::shared_ptr<Subscription> &subscription);

    // One `market_data` message (JSON). Malformed ones are counted, logged once and ignored.
    void publish(const std::string &message);
    long long malformed() const;

    // The newest book published for the instrument since this node started.
    std::optional<BookTop> latestBook(const std::string &exchange,
                                      const std::string &symbol) const;

private:
    struct Key {
        Kind kind;
        std::string instrument;    // "exchange/SYMBOL"
        friend bool operator<(const Key &a, const Key &b)
        {
            return std::tie(a.kind, a.instrument) < std::tie(b.kind, b.instrument);
        }
    };
    void deliver(Kind kind, const std::string &instrument, const FeedEvent &event);
    void reportMalformed(const std::string &message);

    mutable std::mutex m_mutex;
    std::multimap<Key, std::weak_ptr<Subscription>> m_subscriptions;
    std::map<std::string, BookTop> m_books;
    long long m_malformed = 0;
};

} // namespace bcf::core
