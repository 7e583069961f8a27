#include "binance_writer.h"

namespace bcf::exchange_sim {
namespace {

template <typename Tag>
std::string quoted(Decimal<Tag> value)
{
    return "\"" + value.toString(8) + "\"";
}

std::string levelsJson(const std::vector<model::BookLevel> &levels)
{
    std::string out = "[";
    for (std::size_t i = 0; i < levels.size(); ++i) {
        if (i > 0)
            out += ',';
        out += "[" + quoted(levels[i].price) + "," + quoted(levels[i].quantity) + "]";
    }
    return out + "]";
}

long long closeTimeOf(const model::Candle &candle)
{
    return toUnixMillis(model::nextBucketStart(candle.timeframe, candle.openTime)) - 1;
}

std::string escaped(const std::string &text)
{
    std::string out;
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

} // namespace

std::string exchangeInfoJson(const std::vector<model::Instrument> &instruments,
                             long long serverTimeMs)
{
    std::string out = R"({"timezone":"UTC","serverTime":)" + std::to_string(serverTimeMs)
                      + R"(,"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000}],"exchangeFilters":[],"symbols":[)";
    for (std::size_t i = 0; i < instruments.size(); ++i) {
        const auto &instrument = instruments[i];
        if (i > 0)
            out += ',';
        out += R"({"symbol":")" + instrument.symbol + R"(","status":"TRADING","baseAsset":")"
               + instrument.base + R"(","baseAssetPrecision":8,"quoteAsset":")" + instrument.quote
               + R"(","quotePrecision":8,"quoteAssetPrecision":8,"orderTypes":["LIMIT","LIMIT_MAKER","MARKET","STOP_LOSS","STOP_LOSS_LIMIT","TAKE_PROFIT","TAKE_PROFIT_LIMIT"],"isSpotTradingAllowed":true,"filters":[)"
               + R"({"filterType":"PRICE_FILTER","minPrice":)" + quoted(instrument.tickSize)
               + R"(,"maxPrice":"1000000.00000000","tickSize":)" + quoted(instrument.tickSize)
               + R"(},{"filterType":"LOT_SIZE","minQty":)" + quoted(instrument.lotSize)
               + R"(,"maxQty":"9000.00000000","stepSize":)" + quoted(instrument.lotSize)
               + R"(},{"filterType":"NOTIONAL","minNotional":)" + quoted(instrument.minNotional)
               + R"(,"applyMinToMarket":true,"maxNotional":"9000000.00000000","applyMaxToMarket":false,"avgPriceMins":5}]})";
    }
    return out + "]}";
}

std::string klinesJson(const std::vector<model::Candle> &candles)
{
    std::string out = "[";
    for (std::size_t i = 0; i < candles.size(); ++i) {
        const auto &c = candles[i];
        if (i > 0)
            out += ',';
        out += "[" + std::to_string(toUnixMillis(c.openTime)) + "," + quoted(c.open) + ","
               + quoted(c.high) + "," + quoted(c.low) + "," + quoted(c.close) + ","
               + quoted(c.volume) + "," + std::to_string(closeTimeOf(c)) + ","
               + quoted(c.quoteVolume) + "," + std::to_string(c.tradeCount)
               + R"(,"0.00000000","0.00000000","0"])";
    }
    return out + "]";
}

std::string depthJson(const model::OrderBook &book, std::size_t limit)
{
    return R"({"lastUpdateId":)" + std::to_string(book.lastUpdateId()) + R"(,"bids":)"
           + levelsJson(book.bids(limit)) + R"(,"asks":)" + levelsJson(book.asks(limit)) + "}";
}

std::string tradesJson(const std::vector<model::Trade> &trades)
{
    std::string out = "[";
    for (std::size_t i = 0; i < trades.size(); ++i) {
        const auto &t = trades[i];
        if (i > 0)
            out += ',';
        out += R"({"id":)" + std::to_string(t.id) + R"(,"price":)" + quoted(t.price)
               + R"(,"qty":)" + quoted(t.quantity) + R"(,"quoteQty":)"
               + quoted(notional(t.price, t.quantity)) + R"(,"time":)"
               + std::to_string(toUnixMillis(t.time)) + R"(,"isBuyerMaker":)"
               + (t.aggressor == model::Side::Sell ? "true" : "false") + R"(,"isBestMatch":true})";
    }
    return out + "]";
}

std::string aggTradesJson(const std::vector<model::Trade> &trades)
{
    std::string out = "[";
    for (std::size_t i = 0; i < trades.size(); ++i) {
        const auto &t = trades[i];
        const std::string id = std::to_string(t.id);
        if (i > 0)
            out += ',';
        out += R"({"a":)" + id + R"(,"p":)" + quoted(t.price) + R"(,"q":)" + quoted(t.quantity)
               + R"(,"f":)" + id + R"(,"l":)" + id + R"(,"T":)"
               + std::to_string(toUnixMillis(t.time)) + R"(,"m":)"
               + (t.aggressor == model::Side::Sell ? "true" : "false") + R"(,"M":true})";
    }
    return out + "]";
}

std::string errorJson(int code, const std::string &message)
{
    return R"({"code":)" + std::to_string(code) + R"(,"msg":")" + escaped(message) + "\"}";
}

std::string tradeEventJson(const std::string &symbol, const model::Trade &trade,
                           long long eventTimeMs)
{
    return R"({"e":"trade","E":)" + std::to_string(eventTimeMs) + R"(,"s":")" + symbol
           + R"(","t":)" + std::to_string(trade.id) + R"(,"p":)" + quoted(trade.price)
           + R"(,"q":)" + quoted(trade.quantity) + R"(,"T":)"
           + std::to_string(toUnixMillis(trade.time)) + R"(,"m":)"
           + (trade.aggressor == model::Side::Sell ? "true" : "false") + R"(,"M":true})";
}

std::string aggTradeEventJson(const std::string &symbol, const model::Trade &trade,
                              long long eventTimeMs)
{
    const std::string id = std::to_string(trade.id);
    return R"({"e":"aggTrade","E":)" + std::to_string(eventTimeMs) + R"(,"s":")" + symbol
           + R"(","a":)" + id + R"(,"p":)" + quoted(trade.price) + R"(,"q":)"
           + quoted(trade.quantity) + R"(,"f":)" + id + R"(,"l":)" + id + R"(,"T":)"
           + std::to_string(toUnixMillis(trade.time)) + R"(,"m":)"
           + (trade.aggressor == model::Side::Sell ? "true" : "false") + R"(,"M":true})";
}

std::string depthEventJson(const sim::DepthDiff &diff)
{
    return R"({"e":"depthUpdate","E":)" + std::to_string(toUnixMillis(diff.time)) + R"(,"s":")"
           + diff.symbol + R"(","U":)" + std::to_string(diff.firstUpdateId) + R"(,"u":)"
           + std::to_string(diff.finalUpdateId) + R"(,"b":)" + levelsJson(diff.bids)
           + R"(,"a":)" + levelsJson(diff.asks) + "}";
}

std::string klineEventJson(const std::string &symbol, const model::Candle &candle,
                           long long eventTimeMs)
{
    return R"({"e":"kline","E":)" + std::to_string(eventTimeMs) + R"(,"s":")" + symbol
           + R"(","k":{"t":)" + std::to_string(toUnixMillis(candle.openTime)) + R"(,"T":)"
           + std::to_string(closeTimeOf(candle)) + R"(,"s":")" + symbol + R"(","i":")"
           + std::string(model::timeframeName(candle.timeframe))
           + R"(","f":0,"L":0,"o":)" + quoted(candle.open) + R"(,"c":)" + quoted(candle.close)
           + R"(,"h":)" + quoted(candle.high) + R"(,"l":)" + quoted(candle.low) + R"(,"v":)"
           + quoted(candle.volume) + R"(,"n":)" + std::to_string(candle.tradeCount) + R"(,"x":)"
           + (candle.closed ? "true" : "false") + R"(,"q":)" + quoted(candle.quoteVolume)
           + R"(,"V":"0.00000000","Q":"0.00000000","B":"0"}})";
}

} // namespace bcf::exchange_sim
