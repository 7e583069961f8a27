#include "bot_market.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <chrono>

namespace bcf::test {

BotMarket::BotMarket(quint16 redisPort)
{
    server::RedisSettings settings;
    settings.host = "127.0.0.1";
    settings.port = redisPort;
    m_redis = std::make_unique<server::RedisClient>(settings, "");
    m_thread = std::thread([this] {
        while (!m_stop) {
            {
                std::lock_guard lock(m_mutex);
                const long long now = QDateTime::currentMSecsSinceEpoch();
                (void)m_redis->command(
                    {"PUBLISH", "market_data",
                     R"({"type":"book","exchange":"binance","symbol":"BTCUSDT","update_id":)" +
                         std::to_string(++m_updateId) + R"(,"time":)" + std::to_string(now) +
                         R"(,"bids":[["100.00","5"],["99.99","5"]],"asks":[["100.01","5"],["100.02","5"]]})"});
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
}

BotMarket::~BotMarket()
{
    m_stop = true;
    m_thread.join();
}

void BotMarket::trade(const std::string &price, const std::string &quantity)
{
    std::lock_guard lock(m_mutex);
    const long long now = QDateTime::currentMSecsSinceEpoch();
    (void)m_redis->command({"PUBLISH", "market_data",
                            R"({"type":"trade","exchange":"binance","symbol":"BTCUSDT","id":)" +
                                std::to_string(++m_tradeId) + R"(,"time":)" + std::to_string(now) +
                                R"(,"price":")" + price + R"(","quantity":")" + quantity + R"(","side":"buy"})"});
}

bool BotMarket::waitKnown(v1::TradingService::Stub &trading, Sessions &sessions, const std::string &user)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 30000) {
        trade("100.00", "0.001");
        v1::Portfolio portfolio;
        if (trading.GetPortfolio(sessions.as(user).get(), {}, &portfolio).ok()) {
            v1::PlaceOrderRequest probe;
            probe.set_symbol("BTCUSDT");
            probe.set_side(v1::SIDE_BUY);
            probe.set_type(v1::ORDER_TYPE_LIMIT);
            probe.set_time_in_force(v1::TIME_IN_FORCE_IOC);
            probe.set_quantity("0.1");
            probe.set_price("95.00");
            v1::Order out;
            if (trading.PlaceOrder(sessions.as(user).get(), probe, &out).ok() &&
                out.state() == v1::ORDER_STATE_EXPIRED)
                return true;
        }
        QTest::qWait(200);
    }
    return false;
}

model::Candle minuteBar(long long openMs, const char *open, const char *close)
{
    model::Candle candle;
    candle.timeframe = model::Timeframe::M1;
    candle.openTime = fromUnixMillis(openMs);
    candle.open = *Price::parse(open);
    candle.close = *Price::parse(close);
    candle.high = std::max(candle.open, candle.close);
    candle.low = std::min(candle.open, candle.close);
    candle.volume = *Quantity::parse("10");
    candle.closed = true;
    return candle;
}

std::vector<v1::Order> botOrders(v1::TradingService::Stub &trading, Sessions &sessions, const std::string &user,
                                 std::int64_t botId)
{
    v1::ListOrdersRequest request;
    request.set_bot_id(botId);
    request.set_limit(1000);
    v1::ListOrdersResponse listed;
    (void)trading.ListOrders(sessions.as(user).get(), request, &listed);
    return {listed.orders().begin(), listed.orders().end()};
}

bool waitBotFills(v1::TradingService::Stub &trading, Sessions &sessions, const std::string &user,
                  std::int64_t botId, int filled, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        const auto orders = botOrders(trading, sessions, user, botId);
        const auto count = std::count_if(orders.begin(), orders.end(),
                                         [](const v1::Order &order) { return order.state() == v1::ORDER_STATE_FILLED; });
        if (count >= filled)
            return true;
        QTest::qWait(500);
    }
    return false;
}

} // namespace bcf::test
