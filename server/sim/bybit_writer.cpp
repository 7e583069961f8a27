#include "bybit_writer.h"

namespace bcf::exchange_sim::bybit {
namespace {

template <typename Tag>
std::string quoted(Decimal<Tag> value)
{
    return "\"" + value.toString() + "\"";
}

std::string quoted(long long value)
{
    return "\"" + std::to_string(value) + "\"";
}

std::string escaped(const std::string &text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (static_cast<unsigned char>(c) >= 0x20)
            out += c;
    }
    return out + "\"";
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

std::string envelope(const std::string &result, long long timeMs)
{
    return R"({"retCode":0,"retMsg":"OK","result":)" + result + R"(,"retExtInfo":{},"time":)"
           + std::to_string(timeMs) + "}";
}

const char *sideName(model::Side side)
{
    return side == model::Side::Buy ? "Buy" : "Sell";
}

} // namespace

std::int64_t execIdOf(std::int64_t tradeId)
{
    return 2'100'000'000'000'000'000LL + 3 * tradeId;
}

std::string errorJson(int retCode, const std::string &retMsg, long long timeMs)
{
    return R"({"retCode":)" + std::to_string(retCode) + R"(,"retMsg":)" + escaped(retMsg)
           + R"(,"result":{},"retExtInfo":{},"time":)" + std::to_string(timeMs) + "}";
}

std::string instrumentsJson(const std::vector<model::Instrument> &instruments, long long timeMs)
{
    std::string list;
    for (const auto &instrument : instruments) {
        if (!list.empty())
            list += ',';
        list += R"({"symbol":")" + instrument.symbol + R"(","baseCoin":")" + instrument.base
                + R"(","quoteCoin":")" + instrument.quote
                + R"(","innovation":"0","status":"Trading","marginTrading":"utaOnly","stTag":"0",)"
                + R"("lotSizeFilter":{"basePrecision":)" + quoted(instrument.lotSize)
                + R"(,"quotePrecision":"0.00000001","minOrderQty":)" + quoted(instrument.lotSize)
                + R"(,"maxOrderQty":"9000","minOrderAmt":)" + quoted(instrument.minNotional)
                + R"(,"maxOrderAmt":"2000000"},"priceFilter":{"tickSize":)"
                + quoted(instrument.tickSize)
                + R"(},"riskParameters":{"priceLimitRatioX":"0.01","priceLimitRatioY":"0.02"}})";
    }
    return envelope(R"({"category":"spot","list":[)" + list + "]}", timeMs);
}

std::string klinesJson(const std::string &symbol, const std::vector<model::Candle> &candles,
                       long long timeMs)
{
    std::string list;
    for (auto it = candles.rbegin(); it != candles.rend(); ++it) {
        if (!list.empty())
            list += ',';
        list += "[" + quoted(toUnixMillis(it->openTime)) + "," + quoted(it->open) + ","
                + quoted(it->high) + "," + quoted(it->low) + "," + quoted(it->close) + ","
                + quoted(it->volume) + "," + quoted(it->quoteVolume) + "]";
    }
    return envelope(R"({"symbol":")" + symbol + R"(","category":"spot","list":[)" + list + "]}",
                    timeMs);
}

std::string orderbookJson(const std::string &symbol, const model::OrderBook &book,
                          std::size_t limit, BookState state, long long timeMs)
{
    return envelope(R"({"s":")" + symbol + R"(","a":)" + levelsJson(book.asks(limit))
                        + R"(,"b":)" + levelsJson(book.bids(limit)) + R"(,"ts":)"
                        + std::to_string(timeMs) + R"(,"u":)" + std::to_string(state.updateId)
                        + R"(,"seq":)" + std::to_string(state.sequence) + R"(,"cts":)"
                        + std::to_string(timeMs) + "}",
                    timeMs);
}

std::string recentTradesJson(const std::string &symbol, const std::vector<model::Trade> &trades,
                             long long timeMs)
{
    std::string list;
    for (auto it = trades.rbegin(); it != trades.rend(); ++it) {
        if (!list.empty())
            list += ',';
        list += R"({"execId":)" + quoted(execIdOf(it->id)) + R"(,"symbol":")" + symbol
                + R"(","price":)" + quoted(it->price) + R"(,"size":)" + quoted(it->quantity)
                + R"(,"side":")" + sideName(it->aggressor) + R"(","time":)"
                + quoted(toUnixMillis(it->time))
                + R"(,"isBlockTrade":false,"isRPITrade":false,"seq":)" + quoted(it->id) + "}";
    }
    return envelope(R"({"category":"spot","list":[)" + list + "]}", timeMs);
}

std::string operationReplyJson(bool success, const std::string &retMsg,
                               const std::string &connectionId, const std::string &requestId,
                               const std::string &op)
{
    return std::string(R"({"success":)") + (success ? "true" : "false") + R"(,"ret_msg":)"
           + escaped(retMsg) + R"(,"conn_id":)" + escaped(connectionId) + R"(,"req_id":)"
           + escaped(requestId) + R"(,"op":)" + escaped(op) + "}";
}

std::string pongJson(const std::string &connectionId, const std::string &requestId)
{
    // Spot's documented pong; it echoes req_id when the ping had one.
    std::string out = R"({"success":true,"ret_msg":"pong","conn_id":)" + escaped(connectionId);
    if (!requestId.empty())
        out += R"(,"req_id":)" + escaped(requestId);
    return out + R"(,"op":"ping"})";
}

std::string tradeMessageJson(const std::string &symbol, const std::vector<model::Trade> &trades,
                             long long timeMs)
{
    std::string data;
    for (const auto &trade : trades) {
        if (!data.empty())
            data += ',';
        data += R"({"T":)" + std::to_string(toUnixMillis(trade.time)) + R"(,"s":")" + symbol
                + R"(","S":")" + sideName(trade.aggressor) + R"(","v":)" + quoted(trade.quantity)
                + R"(,"p":)" + quoted(trade.price) + R"(,"L":"ZeroPlusTick","i":)"
                + quoted(execIdOf(trade.id)) + R"(,"BT":false,"RPI":false,"seq":)"
                + std::to_string(trade.id) + "}";
    }
    return R"({"topic":"publicTrade.)" + symbol + R"(","type":"snapshot","ts":)"
           + std::to_string(timeMs) + R"(,"data":[)" + data + "]}";
}

std::string klineMessageJson(const std::string &topic, const model::Candle &candle,
                             const std::string &interval, long long timeMs)
{
    const long long start = toUnixMillis(candle.openTime);
    const long long end =
        toUnixMillis(model::nextBucketStart(candle.timeframe, candle.openTime)) - 1;
    return R"({"topic":)" + escaped(topic) + R"(,"data":[{"start":)" + std::to_string(start)
           + R"(,"end":)" + std::to_string(end) + R"(,"interval":")" + interval
           + R"(","open":)" + quoted(candle.open) + R"(,"close":)" + quoted(candle.close)
           + R"(,"high":)" + quoted(candle.high) + R"(,"low":)" + quoted(candle.low)
           + R"(,"volume":)" + quoted(candle.volume) + R"(,"turnover":)"
           + quoted(candle.quoteVolume) + R"(,"confirm":)" + (candle.closed ? "true" : "false")
           + R"(,"timestamp":)" + std::to_string(timeMs) + R"(}],"ts":)" + std::to_string(timeMs)
           + R"(,"type":"snapshot"})";
}

std::string bookMessageJson(const std::string &topic, const std::string &symbol, bool snapshot,
                            const std::vector<model::BookLevel> &bids,
                            const std::vector<model::BookLevel> &asks, BookState state,
                            long long timeMs)
{
    return R"({"topic":)" + escaped(topic) + R"(,"type":")" + (snapshot ? "snapshot" : "delta")
           + R"(","ts":)" + std::to_string(timeMs) + R"(,"data":{"s":")" + symbol + R"(","b":)"
           + levelsJson(bids) + R"(,"a":)" + levelsJson(asks) + R"(,"u":)"
           + std::to_string(state.updateId) + R"(,"seq":)" + std::to_string(state.sequence)
           + R"(},"cts":)" + std::to_string(timeMs) + "}";
}

} // namespace bcf::exchange_sim::bybit
