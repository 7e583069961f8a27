#include "rpc/market_data_rpc.h"

#include "common/grpc_status.h"
#include "model/ticker.h"

#include <chrono>
#include <map>
#include <set>

namespace bcf::core {
namespace {

void toProto(const model::Candle &candle, v1::Candle *out)
{
    out->set_open_time_unix_ms(toUnixMillis(candle.openTime));
    out->set_open(candle.open.toString());
    out->set_high(candle.high.toString());
    out->set_low(candle.low.toString());
    out->set_close(candle.close.toString());
    out->set_volume(candle.volume.toString());
    out->set_quote_volume(candle.quoteVolume.toString());
    out->set_trade_count(candle.tradeCount);
    out->set_closed(candle.closed);
}

void toProto(const model::Trade &trade, v1::Trade *out)
{
    out->set_id(trade.id);
    out->set_time_unix_ms(toUnixMillis(trade.time));
    out->set_price(trade.price.toString());
    out->set_quantity(trade.quantity.toString());
    out->set_aggressor(trade.aggressor == model::Side::Buy ? v1::SIDE_BUY : v1::SIDE_SELL);
}

void toProto(const BookTop &book, std::size_t depth, v1::OrderBook *out)
{
    out->set_update_id(book.updateId);
    out->set_time_unix_ms(toUnixMillis(book.time));
    for (std::size_t i = 0; i < std::min(depth, book.bids.size()); ++i) {
        auto *level = out->add_bids();
        level->set_price(book.bids[i].price.toString());
        level->set_quantity(book.bids[i].quantity.toString());
    }
    for (std::size_t i = 0; i < std::min(depth, book.asks.size()); ++i) {
        auto *level = out->add_asks();
        level->set_price(book.asks[i].price.toString());
        level->set_quantity(book.asks[i].quantity.toString());
    }
}

void toProto(const std::string &exchange, const std::string &symbol, const model::Ticker &ticker,
             v1::Ticker *out)
{
    out->set_exchange(exchange);
    out->set_symbol(symbol);
    out->set_last_price(ticker.last.toString());
    out->set_open_price(ticker.open.toString());
    out->set_high_price(ticker.high.toString());
    out->set_low_price(ticker.low.toString());
    out->set_volume(ticker.volume.toString());
    out->set_quote_volume(ticker.quoteVolume.toString());
    out->set_time_unix_ms(toUnixMillis(ticker.time));
}

constexpr auto kPoll = std::chrono::milliseconds(500);

} // namespace

grpc::Status MarketDataRpc::GetCandles(grpc::ServerContext * /*context*/,
                                       const v1::GetCandlesRequest *request,
                                       v1::GetCandlesResponse *response)
{
    if (request->limit() < 0)
        return {grpc::INVALID_ARGUMENT, "The limit must not be negative."};
    CandleQuery query{request->exchange(),
                      request->symbol(),
                      request->timeframe(),
                      fromUnixMillis(request->from_unix_ms()),
                      fromUnixMillis(request->to_unix_ms()),
                      static_cast<std::size_t>(request->limit())};
    auto answer = m_history.candles(query);
    if (!answer)
        return server::toGrpcStatus(answer.error());
    response->set_aggregated(answer->aggregated);
    for (const auto &candle : answer->candles)
        toProto(candle, response->add_candles());
    return grpc::Status::OK;
}

grpc::Status MarketDataRpc::StreamCandles(grpc::ServerContext *context,
                                          const v1::StreamCandlesRequest *request,
                                          grpc::ServerWriter<v1::Candle> *writer)
{
    auto timeframe = m_history.check(request->exchange(), request->symbol(),
                                     request->timeframe());
    if (!timeframe)
        return server::toGrpcStatus(timeframe.error());
    auto subscription = m_feed.subscribe(MarketFeed::Kind::Candle, request->exchange(),
                                         request->symbol());
    bool open = true;
    while (open && !context->IsCancelled()) {
        for (const auto &event : subscription->wait(kPoll)) {
            const auto &minute = std::get<model::Candle>(event.event);
            if (minute.timeframe != model::Timeframe::M1)
                continue;
            auto bar = m_history.barContaining(request->exchange(), request->symbol(), *timeframe,
                                               minute);
            if (!bar)
                continue; // the next update brings the bar again
            v1::Candle out;
            toProto(*bar, &out);
            if (!writer->Write(out)) {
                open = false; // the client went away
                break;
            }
        }
    }
    m_feed.unsubscribe(subscription);
    return grpc::Status::OK;
}

} // namespace bcf::core

namespace bcf::core {

grpc::Status MarketDataRpc::ListInstruments(grpc::ServerContext * /*context*/,
                                            const v1::ListInstrumentsRequest *request,
                                            v1::ListInstrumentsResponse *response)
{
    auto listed = m_instruments.list(request->exchange());
    if (!listed)
        return server::toGrpcStatus(listed.error());
    for (const auto &instrument : *listed) {
        auto *out = response->add_instruments();
        out->set_exchange(instrument.exchange);
        out->set_symbol(instrument.symbol);
        out->set_base(instrument.base);
        out->set_quote(instrument.quote);
        out->set_tick_size(instrument.tickSize.toString());
        out->set_lot_size(instrument.lotSize.toString());
        out->set_min_notional(instrument.minNotional.toString());
        out->set_price_precision(instrument.pricePrecision);
        out->set_quantity_precision(instrument.quantityPrecision);
    }
    return grpc::Status::OK;
}

grpc::Status MarketDataRpc::GetRecentTrades(grpc::ServerContext * /*context*/,
                                            const v1::GetRecentTradesRequest *request,
                                            v1::GetRecentTradesResponse *response)
{
    if (request->limit() < 0 || request->limit() > 1000)
        return {grpc::INVALID_ARGUMENT,
                "The limit must be between 0 (100 trades) and 1000, got "
                    + std::to_string(request->limit()) + "."};
    if (auto known = m_history.check(request->exchange(), request->symbol(), "1m"); !known)
        return server::toGrpcStatus(known.error());
    const std::size_t limit = request->limit() == 0 ? 100 : std::size_t(request->limit());
    auto trades = m_trades.recent(request->exchange(), request->symbol(), limit);
    if (!trades)
        return server::toGrpcStatus(trades.error());
    for (const auto &trade : *trades)
        toProto(trade, response->add_trades());
    return grpc::Status::OK;
}

grpc::Status MarketDataRpc::StreamTrades(grpc::ServerContext *context,
                                         const v1::StreamTradesRequest *request,
                                         grpc::ServerWriter<v1::Trade> *writer)
{
    if (auto known = m_history.check(request->exchange(), request->symbol(), "1m"); !known)
        return server::toGrpcStatus(known.error());
    auto subscription = m_feed.subscribe(MarketFeed::Kind::Trade, request->exchange(),
                                         request->symbol());
    bool open = true;
    while (open && !context->IsCancelled()) {
        for (const auto &event : subscription->wait(kPoll)) {
            v1::Trade out;
            toProto(std::get<model::Trade>(event.event), &out);
            if (!writer->Write(out)) {
                open = false; // the client went away
                break;
            }
        }
    }
    m_feed.unsubscribe(subscription);
    return grpc::Status::OK;
}

grpc::Status MarketDataRpc::StreamOrderBook(grpc::ServerContext *context,
                                            const v1::StreamOrderBookRequest *request,
                                            grpc::ServerWriter<v1::OrderBook> *writer)
{
    if (request->depth() < 0 || request->depth() > 100)
        return {grpc::INVALID_ARGUMENT, "The depth must be between 0 (20 levels) and 100, got "
                                            + std::to_string(request->depth()) + "."};
    if (auto known = m_history.check(request->exchange(), request->symbol(), "1m"); !known)
        return server::toGrpcStatus(known.error());
    const std::size_t depth = request->depth() == 0 ? 20 : std::size_t(request->depth());
    auto subscription = m_feed.subscribe(MarketFeed::Kind::Book, request->exchange(),
                                         request->symbol());
    // The latest state at once (subscribed first, so no update falls in between).
    if (auto latest = m_feed.latestBook(request->exchange(), request->symbol())) {
        v1::OrderBook out;
        toProto(*latest, depth, &out);
        if (!writer->Write(out)) {
            m_feed.unsubscribe(subscription);
            return grpc::Status::OK;
        }
    }
    bool open = true;
    while (open && !context->IsCancelled()) {
        for (const auto &event : subscription->wait(kPoll)) {
            v1::OrderBook out;
            toProto(std::get<BookTop>(event.event), depth, &out);
            if (!writer->Write(out)) {
                open = false;
                break;
            }
        }
    }
    m_feed.unsubscribe(subscription);
    return grpc::Status::OK;
}

grpc::Status MarketDataRpc::StreamTickers(grpc::ServerContext *context,
                                          const v1::StreamTickersRequest *request,
                                          grpc::ServerWriter<v1::Ticker> *writer)
{
    const std::string &exchange = request->exchange();
    std::vector<std::string> symbols(request->symbols().begin(), request->symbols().end());
    if (symbols.empty()) {
        auto listed = m_instruments.list(exchange);
        if (!listed)
            return server::toGrpcStatus(listed.error());
        for (const auto &instrument : *listed)
            symbols.push_back(instrument.symbol);
    }
    if (symbols.size() > 200)
        return {grpc::INVALID_ARGUMENT, "Ask for at most 200 symbols at once, got "
                                            + std::to_string(symbols.size()) + "."};
    for (const auto &symbol : symbols) {
        if (auto known = m_history.check(exchange, symbol, "1m"); !known)
            return server::toGrpcStatus(known.error());
    }
    // Subscribed before the history is read, so no minute falls in between; a minute seen in
    // both is simply replaced.
    auto subscription = m_feed.subscribe(MarketFeed::Kind::Candle, exchange, symbols);
    auto unsubscribeAll = [&] { m_feed.unsubscribe(subscription); };
    std::map<std::string, model::RollingTicker> windows;
    const auto now = std::chrono::time_point_cast<TimePoint::duration>(
        std::chrono::system_clock::now());
    const TimePoint from = now - std::chrono::minutes(model::RollingTicker::kWindowMinutes + 1);
    const TimePoint to = now + std::chrono::minutes(1);
    for (const auto &symbol : symbols) {
        auto minutes = m_candles.range(exchange, symbol, model::Timeframe::M1, from, to,
                                       model::RollingTicker::kWindowMinutes + 2);
        if (!minutes) {
            unsubscribeAll();
            return server::toGrpcStatus(minutes.error());
        }
        auto &window = windows[symbol];
        for (const auto &minute : *minutes)
            window.add(minute);
    }
    auto send = [&](const std::string &symbol) {
        const auto ticker = windows[symbol].ticker();
        if (!ticker)
            return true; // nothing known yet
        v1::Ticker out;
        toProto(exchange, symbol, *ticker, &out);
        return writer->Write(out);
    };
    bool open = true;
    for (const auto &symbol : symbols)
        open = open && send(symbol);
    // Changes are sent at most once a second per symbol.
    std::set<std::string> changed;
    auto lastSent = std::chrono::steady_clock::now();
    while (open && !context->IsCancelled()) {
        for (const auto &event : subscription->wait(kPoll)) {
            windows[event.symbol].add(std::get<model::Candle>(event.event));
            changed.insert(event.symbol);
        }
        if (changed.empty() || std::chrono::steady_clock::now() - lastSent < std::chrono::seconds(1))
            continue;
        lastSent = std::chrono::steady_clock::now();
        for (const auto &symbol : changed) {
            if (!(open = send(symbol)))
                break;
        }
        changed.clear();
    }
    unsubscribeAll();
    return grpc::Status::OK;
}

} // namespace bcf::core
