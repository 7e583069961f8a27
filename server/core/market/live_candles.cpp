#include "market/live_candles.h"

#include "common/logging.h"

#include <simdjson.h>

namespace bcf::core {

std::vector<model::Candle> LiveCandles::Subscription::wait(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    m_ready.wait_for(lock, timeout, [this] { return !m_pending.empty(); });
    std::vector<model::Candle> updates(m_pending.begin(), m_pending.end());
    m_pending.clear();
    return updates;
}

std::shared_ptr<LiveCandles::Subscription> LiveCandles::subscribe(const std::string &exchange,
                                                                  const std::string &symbol)
{
    auto subscription = std::make_shared<Subscription>();
    std::lock_guard lock(m_mutex);
    m_subscriptions.emplace(exchange + "/" + symbol, subscription);
    return subscription;
}

void LiveCandles::unsubscribe(const std::shared_ptr<Subscription> &subscription)
{
    std::lock_guard lock(m_mutex);
    std::erase_if(m_subscriptions, [&](const auto &entry) {
        const auto held = entry.second.lock();
        return !held || held == subscription;
    });
}

long long LiveCandles::malformed() const
{
    std::lock_guard lock(m_mutex);
    return m_malformed;
}

void LiveCandles::publish(const std::string &message)
{
    simdjson::dom::parser parser;
    simdjson::dom::element document;
    std::string_view type, exchange, symbol, timeframeName, open, high, low, close, volume;
    std::string_view quoteVolume = "0";
    std::int64_t openTime = 0, tradeCount = 0;
    bool closed = false;
    const bool parsed
        = !parser.parse(message).get(document) && !document["type"].get_string().get(type)
          && type == "candle" && !document["exchange"].get_string().get(exchange)
          && !document["symbol"].get_string().get(symbol)
          && !document["timeframe"].get_string().get(timeframeName)
          && !document["open_time"].get_int64().get(openTime)
          && !document["open"].get_string().get(open) && !document["high"].get_string().get(high)
          && !document["low"].get_string().get(low) && !document["close"].get_string().get(close)
          && !document["volume"].get_string().get(volume)
          && !document["closed"].get_bool().get(closed);
    const auto timeframe = model::parseTimeframe(timeframeName);
    const auto o = Price::parse(open), h = Price::parse(high), l = Price::parse(low),
               c = Price::parse(close);
    const auto v = Quantity::parse(volume);
    // Optional fields: older collectors did not send them.
    if (parsed && document["quote_volume"].get_string().get(quoteVolume))
        quoteVolume = "0";
    if (parsed && document["trade_count"].get_int64().get(tradeCount))
        tradeCount = 0;
    const auto q = Money::parse(quoteVolume);
    if (!parsed || !timeframe || !o || !h || !l || !c || !v || !q) {
        std::lock_guard lock(m_mutex);
        if (m_malformed++ == 0)
            server::logger("market")->warn("msg=\"malformed market_data message\" message={}",
                                           server::quoted(message.substr(0, 200)));
        return;
    }
    const model::Candle candle{*timeframe, fromUnixMillis(openTime), *o, *h, *l, *c, *v, *q,
                               tradeCount, closed};
    std::lock_guard lock(m_mutex);
    const auto [begin, end] = m_subscriptions.equal_range(std::string(exchange) + "/"
                                                          + std::string(symbol));
    for (auto it = begin; it != end; ++it) {
        if (auto subscription = it->second.lock()) {
            {
                std::lock_guard queued(subscription->m_mutex);
                if (subscription->m_pending.size() < 1000) // a stalled client drops, never grows
                    subscription->m_pending.push_back(candle);
            }
            subscription->m_ready.notify_one();
        }
    }
}

} // namespace bcf::core
