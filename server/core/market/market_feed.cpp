#include "market/market_feed.h"

#include "common/logging.h"

#include <simdjson.h>

#include <algorithm>

namespace bcf::core {
namespace {

constexpr std::size_t kMaxPending = 10'000;

using simdjson::dom::array;
using simdjson::dom::element;

std::optional<model::Candle> decodeCandle(const element &document)
{
    std::string_view timeframeName, open, high, low, close, volume;
    std::string_view quoteVolume = "0";
    std::int64_t openTime = 0, tradeCount = 0;
    bool closed = false;
    if (document["timeframe"].get_string().get(timeframeName)
        || document["open_time"].get_int64().get(openTime)
        || document["open"].get_string().get(open) || document["high"].get_string().get(high)
        || document["low"].get_string().get(low) || document["close"].get_string().get(close)
        || document["volume"].get_string().get(volume)
        || document["closed"].get_bool().get(closed))
        return std::nullopt;
    // Optional fields: older collectors did not send them.
    if (document["quote_volume"].get_string().get(quoteVolume))
        quoteVolume = "0";
    if (document["trade_count"].get_int64().get(tradeCount))
        tradeCount = 0;
    const auto timeframe = model::parseTimeframe(timeframeName);
    const auto o = Price::parse(open), h = Price::parse(high), l = Price::parse(low),
               c = Price::parse(close);
    const auto v = Quantity::parse(volume);
    const auto q = Money::parse(quoteVolume);
    if (!timeframe || !o || !h || !l || !c || !v || !q)
        return std::nullopt;
    return model::Candle{*timeframe, fromUnixMillis(openTime), *o, *h, *l, *c, *v, *q,
                         tradeCount, closed};
}

std::optional<model::Trade> decodeTrade(const element &document)
{
    std::int64_t id = 0, time = 0;
    std::string_view price, quantity, side;
    if (document["id"].get_int64().get(id) || document["time"].get_int64().get(time)
        || document["price"].get_string().get(price)
        || document["quantity"].get_string().get(quantity)
        || document["side"].get_string().get(side) || (side != "buy" && side != "sell"))
        return std::nullopt;
    const auto p = Price::parse(price);
    const auto q = Quantity::parse(quantity);
    if (!p || !q)
        return std::nullopt;
    return model::Trade{id, fromUnixMillis(time), *p, *q,
                        side == "buy" ? model::Side::Buy : model::Side::Sell};
}

bool decodeLevels(const element &document, const char *name, std::vector<model::BookLevel> &out)
{
    array levels;
    if (document[name].get_array().get(levels))
        return false;
    for (element level : levels) {
        array pair;
        std::string_view price, quantity;
        if (level.get_array().get(pair) || pair.size() != 2 || pair.at(0).get_string().get(price)
            || pair.at(1).get_string().get(quantity))
            return false;
        const auto p = Price::parse(price);
        const auto q = Quantity::parse(quantity);
        if (!p || !q)
            return false;
        out.push_back({*p, *q});
    }
    return true;
}

std::optional<BookTop> decodeBook(const element &document)
{
    BookTop book;
    std::int64_t time = 0;
    if (document["update_id"].get_int64().get(book.updateId)
        || document["time"].get_int64().get(time) || !decodeLevels(document, "bids", book.bids)
        || !decodeLevels(document, "asks", book.asks))
        return std::nullopt;
    book.time = fromUnixMillis(time);
    return book;
}

} // namespace

void MarketFeed::Subscription::push(const FeedEvent &event, Kind kind)
{
    {
        std::lock_guard lock(m_mutex);
        // Only the newest state of a book matters. A subscription to several symbols holds at
        // most one pending book per symbol, so the search is short.
        const auto held = kind == Kind::Book
                              ? std::find_if(m_pending.begin(), m_pending.end(),
                                             [&](const FeedEvent &pending) {
                                                 return pending.symbol == event.symbol;
                                             })
                              : m_pending.end();
        if (held != m_pending.end()) {
            *held = event;
        } else {
            if (m_pending.size() >= kMaxPending) { // a stalled client drops, never grows
                m_pending.pop_front();
                ++m_dropped;
            }
            m_pending.push_back(event);
        }
    }
    m_ready.notify_one();
}

std::vector<FeedEvent> MarketFeed::Subscription::wait(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    m_ready.wait_for(lock, timeout, [this] { return !m_pending.empty(); });
    std::vector<FeedEvent> events(std::make_move_iterator(m_pending.begin()),
                                    std::make_move_iterator(m_pending.end()));
    m_pending.clear();
    return events;
}

long long MarketFeed::Subscription::dropped() const
{
    std::lock_guard lock(m_mutex);
    return m_dropped;
}

std::shared_ptr<MarketFeed::Subscription>
MarketFeed::subscribe(Kind kind, const std::string &exchange, const std::string &symbol)
{
    return subscribe(kind, exchange, std::vector<std::string>{symbol});
}

std::shared_ptr<MarketFeed::Subscription>
MarketFeed::subscribe(Kind kind, const std::string &exchange,
                      const std::vector<std::string> &symbols)
{
    auto subscription = std::make_shared<Subscription>();
    std::lock_guard lock(m_mutex);
    for (const auto &symbol : symbols)
        m_subscriptions.emplace(Key{kind, exchange + "/" + symbol}, subscription);
    return subscription;
}

void MarketFeed::unsubscribe(const std::shared_ptr<Subscription> &subscription)
{
    std::lock_guard lock(m_mutex);
    std::erase_if(m_subscriptions, [&](const auto &entry) {
        const auto held = entry.second.lock();
        return !held || held == subscription;
    });
}

long long MarketFeed::malformed() const
{
    std::lock_guard lock(m_mutex);
    return m_malformed;
}

std::optional<BookTop> MarketFeed::latestBook(const std::string &exchange,
                                              const std::string &symbol) const
{
    std::lock_guard lock(m_mutex);
    const auto found = m_books.find(exchange + "/" + symbol);
    if (found == m_books.end())
        return std::nullopt;
    return found->second;
}

void MarketFeed::publish(const std::string &message)
{
    simdjson::dom::parser parser;
    element document;
    std::string_view type, exchange, symbol;
    if (parser.parse(message).get(document) || document["type"].get_string().get(type)
        || document["exchange"].get_string().get(exchange)
        || document["symbol"].get_string().get(symbol))
        return reportMalformed(message);
    const std::string instrument = std::string(exchange) + "/" + std::string(symbol);
    if (type == "candle") {
        const auto candle = decodeCandle(document);
        if (!candle)
            return reportMalformed(message);
        deliver(Kind::Candle, instrument, {std::string(symbol), *candle});
    } else if (type == "trade") {
        const auto trade = decodeTrade(document);
        if (!trade)
            return reportMalformed(message);
        deliver(Kind::Trade, instrument, {std::string(symbol), *trade});
    } else if (type == "book") {
        auto book = decodeBook(document);
        if (!book)
            return reportMalformed(message);
        {
            std::lock_guard lock(m_mutex);
            m_books[instrument] = *book;
        }
        deliver(Kind::Book, instrument, {std::string(symbol), *book});
    } else {
        reportMalformed(message);
    }
}

void MarketFeed::deliver(Kind kind, const std::string &instrument, const FeedEvent &event)
{
    std::lock_guard lock(m_mutex);
    const auto [begin, end] = m_subscriptions.equal_range(Key{kind, instrument});
    for (auto it = begin; it != end; ++it) {
        if (auto subscription = it->second.lock())
            subscription->push(event, kind);
    }
}

void MarketFeed::reportMalformed(const std::string &message)
{
    std::lock_guard lock(m_mutex);
    if (m_malformed++ == 0)
        server::logger("market")->warn("msg=\"malformed market_data message\" message={}",
                                       server::quoted(message.substr(0, 200)));
}

} // namespace bcf::core
