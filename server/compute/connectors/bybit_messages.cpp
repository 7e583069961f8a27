#include "bybit_messages.h"

#include "payload_reader.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace bcf::connectors::bybit {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr PayloadReader payload{"Bybit"};

// Bybit writes times and ids as decimal strings in REST answers ("1670608800000").
Result<std::int64_t> integerText(std::string_view text, const std::string &field)
{
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::unexpected(payload.malformed(field + ": \"" + std::string(text)
                                         + "\" is not a decimal integer"));
    return value;
}

Result<std::int64_t> integerTextField(const object &source, const char *name)
{
    BCF_TRY(text, payload.stringField(source, name));
    return integerText(text, name);
}

Result<model::Side> sideField(const object &source, const char *name)
{
    BCF_TRY(side, payload.stringField(source, name));
    if (side == "Buy")
        return model::Side::Buy;
    if (side == "Sell")
        return model::Side::Sell;
    return std::unexpected(payload.malformed(std::string(name) + ": unknown side \"" + std::string(side)
                                     + "\""));
}

// The "result" object of a successful REST envelope, and the envelope's server time.
struct Success {
    object result;
    TimePoint time{};
};

Result<Success> successResult(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    object root;
    if (document.get_object().get(root))
        return std::unexpected(payload.malformed("the answer is not an object"));
    BCF_TRY(retCode, payload.integerField(root, "retCode"));
    if (retCode != kRetOk) {
        std::string_view message;
        if (root["retMsg"].get_string().get(message))
            message = "(no retMsg)";
        return std::unexpected(apiError(retCode, message));
    }
    BCF_TRY(result, payload.objectField(root, "result"));
    std::int64_t time = 0;
    if (root["time"].get_int64().get(time))
        time = 0; // only klines need it; they check below
    return Success{result, fromUnixMillis(time)};
}

Result<BookSnapshot> bookFrom(const object &data)
{
    BookSnapshot book;
    BCF_TRY(symbol, payload.stringField(data, "s"));
    BCF_TRY(updateId, payload.integerField(data, "u"));
    BCF_TRY(bids, payload.levels(data, "b"));
    BCF_TRY(asks, payload.levels(data, "a"));
    std::int64_t sequence = 0;
    if (data["seq"].get_int64().get(sequence))
        sequence = 0; // documented as absent for options; spot has it but it is not needed
    std::int64_t time = 0;
    if (data["ts"].get_int64().get(time))
        time = 0; // the stream carries "ts" on the message, not in the data
    book.symbol = std::string(symbol);
    book.updateId = updateId;
    book.sequence = sequence;
    book.time = fromUnixMillis(time);
    book.bids = std::move(bids);
    book.asks = std::move(asks);
    return book;
}

Result<model::Trade> streamTrade(const object &trade)
{
    BCF_TRY(time, payload.integerField(trade, "T"));
    BCF_TRY(idText, payload.stringField(trade, "i"));
    BCF_TRY(id, integerText(idText, "i"));
    BCF_TRY(price, payload.decimalField<Price>(trade, "p"));
    BCF_TRY(quantity, payload.decimalField<Quantity>(trade, "v"));
    BCF_TRY(side, sideField(trade, "S"));
    return model::Trade{id, fromUnixMillis(time), price, quantity, side};
}

// "kline.1.BTCUSDT" → {"kline", "1", "BTCUSDT"}; the symbol is everything after the last dot.
struct Topic {
    std::string_view channel;
    std::string_view parameter;   // interval or depth; empty for publicTrade
    std::string_view symbol;
};

std::optional<Topic> splitTopic(std::string_view topic)
{
    const auto first = topic.find('.');
    if (first == std::string_view::npos || first == 0)
        return std::nullopt;
    Topic out;
    out.channel = topic.substr(0, first);
    const auto rest = topic.substr(first + 1);
    const auto second = rest.find('.');
    if (second == std::string_view::npos) {
        out.symbol = rest;
    } else {
        out.parameter = rest.substr(0, second);
        out.symbol = rest.substr(second + 1);
    }
    if (out.symbol.empty())
        return std::nullopt;
    return out;
}

Result<StreamMessage> klineMessage(const object &message, const Topic &topic)
{
    BCF_TRY(data, payload.arrayField(message, "data"));
    KlineEvent event;
    event.symbol = std::string(topic.symbol);
    for (element value : data) {
        object kline;
        if (value.get_object().get(kline))
            return std::unexpected(payload.malformed("a kline is not an object"));
        BCF_TRY(intervalText, payload.stringField(kline, "interval"));
        const auto timeframe = parseInterval(intervalText);
        if (!timeframe)
            return std::unexpected(payload.malformed("unknown kline interval \"" + std::string(intervalText)
                                             + "\""));
        BCF_TRY(start, payload.integerField(kline, "start"));
        BCF_TRY(open, payload.decimalField<Price>(kline, "open"));
        BCF_TRY(high, payload.decimalField<Price>(kline, "high"));
        BCF_TRY(low, payload.decimalField<Price>(kline, "low"));
        BCF_TRY(close, payload.decimalField<Price>(kline, "close"));
        BCF_TRY(volume, payload.decimalField<Quantity>(kline, "volume"));
        BCF_TRY(turnover, payload.decimalField<Money>(kline, "turnover"));
        BCF_TRY(confirm, payload.boolField(kline, "confirm"));
        event.candles.push_back({*timeframe, fromUnixMillis(start), open, high, low, close, volume,
                                 turnover, 0, confirm});
    }
    return StreamMessage(std::move(event));
}

Result<StreamMessage> tradeMessage(const object &message, const Topic &topic)
{
    BCF_TRY(data, payload.arrayField(message, "data"));
    TradeEvent event;
    event.symbol = std::string(topic.symbol);
    event.trades.reserve(data.size());
    for (element value : data) {
        object trade;
        if (value.get_object().get(trade))
            return std::unexpected(payload.malformed("a trade is not an object"));
        BCF_TRY(parsed, streamTrade(trade));
        event.trades.push_back(parsed);
    }
    return StreamMessage(std::move(event));
}

Result<StreamMessage> bookMessage(const object &message, const Topic &topic)
{
    BCF_TRY(type, payload.stringField(message, "type"));
    if (type != "snapshot" && type != "delta")
        return std::unexpected(payload.malformed("unknown orderbook type \"" + std::string(type) + "\""));
    BCF_TRY(depth, integerText(topic.parameter, "orderbook depth"));
    BCF_TRY(data, payload.objectField(message, "data"));
    BCF_TRY(book, bookFrom(data));
    if (book.symbol != topic.symbol)
        return std::unexpected(payload.malformed("orderbook data for " + book.symbol + " on topic of "
                                         + std::string(topic.symbol)));
    std::int64_t time = 0;
    if (!message["ts"].get_int64().get(time))
        book.time = fromUnixMillis(time);
    BookEvent event;
    event.depth = static_cast<int>(depth);
    event.snapshot = type == "snapshot" || book.updateId == 1;
    event.book = std::move(book);
    return StreamMessage(std::move(event));
}

void appendJsonString(std::string &out, std::string_view text)
{
    out += '"';
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            constexpr char kHex[] = "0123456789abcdef";
            out += "\\u00";
            out += kHex[(c >> 4) & 0xf];
            out += kHex[c & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

constexpr std::array<std::pair<model::Timeframe, std::string_view>, 13> kIntervals = {{
    {model::Timeframe::M1, "1"},    {model::Timeframe::M3, "3"},    {model::Timeframe::M5, "5"},
    {model::Timeframe::M15, "15"},  {model::Timeframe::M30, "30"},  {model::Timeframe::H1, "60"},
    {model::Timeframe::H2, "120"},  {model::Timeframe::H4, "240"},  {model::Timeframe::H6, "360"},
    {model::Timeframe::H12, "720"}, {model::Timeframe::D1, "D"},    {model::Timeframe::W1, "W"},
    {model::Timeframe::Mo1, "M"},
}};

} // namespace

Error apiError(std::int64_t retCode, std::string_view retMsg)
{
    const std::string message = "Bybit retCode " + std::to_string(retCode) + ": "
                                + std::string(retMsg);
    switch (retCode) {
    case kRetServerTimeout:
    case kRetRateLimited:
    case kRetServerError:
    case kRetIpRateLimited:
        return {ErrorCode::Unavailable, message};
    default:
        return {ErrorCode::InvalidArgument, message};
    }
}

bool isRateLimit(std::int64_t retCode)
{
    return retCode == kRetRateLimited || retCode == kRetIpRateLimited;
}

std::optional<std::string_view> intervalName(model::Timeframe timeframe)
{
    for (const auto &[candidate, name] : kIntervals) {
        if (candidate == timeframe)
            return name;
    }
    return std::nullopt;
}

std::optional<model::Timeframe> parseInterval(std::string_view name)
{
    for (const auto &[timeframe, candidate] : kIntervals) {
        if (candidate == name)
            return timeframe;
    }
    return std::nullopt;
}

Result<Envelope> parseEnvelope(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    object root;
    if (document.get_object().get(root))
        return std::unexpected(payload.malformed("the answer is not an object"));
    BCF_TRY(retCode, payload.integerField(root, "retCode"));
    std::string_view message;
    if (root["retMsg"].get_string().get(message))
        message = {};
    return Envelope{retCode, std::string(message)};
}

Result<std::vector<model::Instrument>> parseInstruments(std::string_view json)
{
    BCF_TRY(answer, successResult(json));
    BCF_TRY(list, payload.arrayField(answer.result, "list"));
    std::vector<model::Instrument> instruments;
    instruments.reserve(list.size());
    for (element entry : list) {
        object symbol;
        if (entry.get_object().get(symbol))
            return std::unexpected(payload.malformed("an instrument is not an object"));
        BCF_TRY(status, payload.stringField(symbol, "status"));
        if (status != "Trading")
            continue;
        BCF_TRY(name, payload.stringField(symbol, "symbol"));
        BCF_TRY(base, payload.stringField(symbol, "baseCoin"));
        BCF_TRY(quote, payload.stringField(symbol, "quoteCoin"));
        BCF_TRY(priceFilter, payload.objectField(symbol, "priceFilter"));
        BCF_TRY(lotSizeFilter, payload.objectField(symbol, "lotSizeFilter"));
        BCF_TRY(tickSize, payload.decimalField<Price>(priceFilter, "tickSize"));
        BCF_TRY(lotSize, payload.decimalField<Quantity>(lotSizeFilter, "basePrecision"));
        BCF_TRY(minNotional, payload.decimalField<Money>(lotSizeFilter, "minOrderAmt"));
        model::Instrument instrument;
        instrument.exchange = "bybit";
        instrument.symbol = std::string(name);
        instrument.base = std::string(base);
        instrument.quote = std::string(quote);
        instrument.tickSize = tickSize;
        instrument.lotSize = lotSize;
        instrument.minNotional = minNotional;
        instrument.pricePrecision = model::precisionOf(tickSize);
        instrument.quantityPrecision = model::precisionOf(lotSize);
        if (auto valid = instrument.validate(); !valid)
            return std::unexpected(payload.malformed(instrument.symbol + ": " + valid.error().message));
        instruments.push_back(std::move(instrument));
    }
    return instruments;
}

Result<std::vector<model::Candle>> parseKlines(std::string_view json, model::Timeframe timeframe)
{
    BCF_TRY(answer, successResult(json));
    if (answer.time == TimePoint{})
        return std::unexpected(payload.malformed("field \"time\" missing or not an integer"));
    BCF_TRY(list, payload.arrayField(answer.result, "list"));
    std::vector<model::Candle> candles;
    candles.reserve(list.size());
    for (element rowValue : list) {
        array row;
        if (rowValue.get_array().get(row) || row.size() < 7)
            return std::unexpected(payload.malformed("a kline is not an array of 7 strings"));
        std::array<std::string_view, 7> texts;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            if (row.at(i).get_string().get(texts[i]))
                return std::unexpected(payload.malformed("a kline field is not a string"));
        }
        BCF_TRY(start, integerText(texts[0], "kline startTime"));
        BCF_TRY(open, payload.decimal<Price>(texts[1], "kline openPrice"));
        BCF_TRY(high, payload.decimal<Price>(texts[2], "kline highPrice"));
        BCF_TRY(low, payload.decimal<Price>(texts[3], "kline lowPrice"));
        BCF_TRY(close, payload.decimal<Price>(texts[4], "kline closePrice"));
        BCF_TRY(volume, payload.decimal<Quantity>(texts[5], "kline volume"));
        BCF_TRY(turnover, payload.decimal<Money>(texts[6], "kline turnover"));
        const TimePoint openTime = fromUnixMillis(start);
        const bool closed = model::nextBucketStart(timeframe, openTime) <= answer.time;
        candles.push_back(
            {timeframe, openTime, open, high, low, close, volume, turnover, 0, closed});
    }
    // Newest first on the wire; oldest first for everyone here.
    std::sort(candles.begin(), candles.end(),
              [](const model::Candle &a, const model::Candle &b) {
                  return a.openTime < b.openTime;
              });
    return candles;
}

Result<BookSnapshot> parseOrderbook(std::string_view json)
{
    BCF_TRY(answer, successResult(json));
    return bookFrom(answer.result);
}

Result<std::vector<model::Trade>> parseRecentTrades(std::string_view json)
{
    BCF_TRY(answer, successResult(json));
    BCF_TRY(list, payload.arrayField(answer.result, "list"));
    std::vector<model::Trade> trades;
    trades.reserve(list.size());
    for (element value : list) {
        object trade;
        if (value.get_object().get(trade))
            return std::unexpected(payload.malformed("a trade is not an object"));
        BCF_TRY(id, integerTextField(trade, "execId"));
        BCF_TRY(time, integerTextField(trade, "time"));
        BCF_TRY(price, payload.decimalField<Price>(trade, "price"));
        BCF_TRY(quantity, payload.decimalField<Quantity>(trade, "size"));
        BCF_TRY(side, sideField(trade, "side"));
        trades.push_back({id, fromUnixMillis(time), price, quantity, side});
    }
    std::sort(trades.begin(), trades.end(), [](const model::Trade &a, const model::Trade &b) {
        return a.time != b.time ? a.time < b.time : a.id < b.id;
    });
    return trades;
}

Result<StreamMessage> parseStreamMessage(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    object message;
    if (document.get_object().get(message))
        return std::unexpected(payload.malformed("message is not an object"));

    std::string_view topicText;
    if (!message["topic"].get_string().get(topicText)) {
        const auto topic = splitTopic(topicText);
        if (!topic)
            return std::unexpected(payload.malformed("topic \"" + std::string(topicText) + "\""));
        if (topic->channel == "kline")
            return klineMessage(message, *topic);
        if (topic->channel == "publicTrade")
            return tradeMessage(message, *topic);
        if (topic->channel == "orderbook")
            return bookMessage(message, *topic);
        return std::unexpected(payload.malformed("unsupported topic \"" + std::string(topicText) + "\""));
    }

    // Operation replies. Spot answers a ping with
    // {"success":true,"ret_msg":"pong",…,"op":"ping"}; the private channels answer
    // {"op":"pong","args":[…]}: both are a pong.
    BCF_TRY(op, payload.stringField(message, "op"));
    std::string_view retMsg;
    if (message["ret_msg"].get_string().get(retMsg))
        retMsg = {};
    if (op == "pong" || (op == "ping" && retMsg == "pong"))
        return StreamMessage(Pong{});
    BCF_TRY(succeeded, payload.boolField(message, "success"));
    std::string_view requestId;
    if (message["req_id"].get_string().get(requestId))
        requestId = {};
    return StreamMessage(
        OperationReply{std::string(op), succeeded, std::string(retMsg), std::string(requestId)});
}

std::string operationRequest(std::string_view op, const std::vector<std::string> &topics,
                             std::string_view requestId)
{
    std::string out = "{";
    if (!requestId.empty()) {
        out += "\"req_id\":";
        appendJsonString(out, requestId);
        out += ',';
    }
    out += "\"op\":";
    appendJsonString(out, op);
    out += ",\"args\":[";
    for (std::size_t i = 0; i < topics.size(); ++i) {
        if (i != 0)
            out += ',';
        appendJsonString(out, topics[i]);
    }
    out += "]}";
    return out;
}

std::string pingRequest(std::string_view requestId)
{
    std::string out = "{";
    if (!requestId.empty()) {
        out += "\"req_id\":";
        appendJsonString(out, requestId);
        out += ',';
    }
    out += "\"op\":\"ping\"}";
    return out;
}

std::string klineTopic(const std::string &symbol)
{
    return "kline.1." + symbol;
}

std::string tradeTopic(const std::string &symbol)
{
    return "publicTrade." + symbol;
}

std::string orderbookTopic(const std::string &symbol, int depth)
{
    return "orderbook." + std::to_string(depth) + "." + symbol;
}

} // namespace bcf::connectors::bybit
