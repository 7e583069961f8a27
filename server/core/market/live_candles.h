#pragma once

#include "model/market_data.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace bcf::core {

// Fans 1m candle updates from Redis (`market_data`, published by the collectors) out to the
// streaming RPCs of this node. Thread-safe: the Redis subscriber thread publishes, gRPC threads
// subscribe and wait.
class LiveCandles final {
public:
    class Subscription final {
    public:
        // Updates received since the last call, waiting up to `timeout` for the first one.
        std::vector<model::Candle> wait(std::chrono::milliseconds timeout);

    private:
        friend class LiveCandles;
        std::mutex m_mutex;
        std::condition_variable m_ready;
        std::deque<model::Candle> m_pending;
    };

    std::shared_ptr<Subscription> subscribe(const std::string &exchange, const std::string &symbol);
    void unsubscribe(const std::shared_ptr<Subscription> &subscription);

    // One `market_data` message (JSON). Malformed ones are counted and ignored.
    void publish(const std::string &message);
    long long malformed() const;

private:
    mutable std::mutex m_mutex;
    std::multimap<std::string, std::weak_ptr<Subscription>> m_subscriptions; // "exchange/SYMBOL"
    long long m_malformed = 0;
};

} // namespace bcf::core
