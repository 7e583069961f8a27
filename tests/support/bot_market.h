#pragma once

// What the bot tests share: a market published on Redis as the collectors publish it (a fixed
// BTCUSDT book around 100 every 100 ms, trades on demand), minute bars, and waits on a bot's
// orders through TradingService.
#include "common/redis_client.h"
#include "core/decimal.h"
#include "model/market_data.h"
#include "grpc_sessions.h"

#include <bcf/v1/trading.grpc.pb.h>

#include <QtGlobal>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bcf::test {

class BotMarket final {
public:
    explicit BotMarket(quint16 redisPort);
    ~BotMarket();
    BotMarket(const BotMarket &) = delete;
    BotMarket &operator=(const BotMarket &) = delete;

    void trade(const std::string &price, const std::string &quantity);

    // Trades until bcf-core knows a last price: an IOC buy far below the book placed by `user`
    // expires (orders are checked against the last price). False after 30 s.
    bool waitKnown(v1::TradingService::Stub &trading, Sessions &sessions, const std::string &user);

private:
    std::mutex m_mutex;
    std::unique_ptr<server::RedisClient> m_redis;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    long long m_tradeId = 5000;
    long long m_updateId = 0;
};

// A closed 1m BTCUSDT-style candle from open to close, volume 10.
model::Candle minuteBar(long long openMs, const char *open, const char *close);

// The orders of a bot, newest first.
std::vector<v1::Order> botOrders(v1::TradingService::Stub &trading, Sessions &sessions, const std::string &user,
                                 std::int64_t botId);

// Waits until the bot has `filled` filled orders.
bool waitBotFills(v1::TradingService::Stub &trading, Sessions &sessions, const std::string &user,
                  std::int64_t botId, int filled, int timeoutMs);

} // namespace bcf::test
