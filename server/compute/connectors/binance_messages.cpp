#include "binance_messages.h"

#include <simdjson.h>

namespace bcf::connectors::binance {
namespace {

// The DOM API validates the whole document before anything reads it (corrupt input fails at
// parse, not half-way through) and dispatches at run time to the CPU's fastest kernel.
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

Error malformed(const std::string &what)
{
    return {ErrorCode::InvalidArgument, "malformed Binance payload: " + what};
}

Result<element> parseDocument(std::string_view json, simdjson::dom::parser &parser)
{
    element document;
    if (parser.parse(json.data(), json.size()).get(document))
        return std::unexpected(malformed("not valid JSON"));
    return document;
}

simdjson::dom::parser &threadParser()
{
    thread_local simdjson::dom::parser parser;
    return parser;
}

template <typename T>
Result<T> decimal(std::string_view text, const std::string &field)
{
    auto parsed = T::parse(text);
    if (!parsed)
        return std::unexpected(malformed(field + ": " + parsed.error().message));
    return parsed;
}

Result<std::string_view> stringField(const object &source, const char *name)
{
    std::string_view value;
    if (source[name].get_string().get(value))
        return std::unexpected(malformed(std::string("field \"") + name + "\" missing or not a string"));
    return value;
}

Result<std::int64_t> integerField(const object &source, const char *name)
{
    std::int64_t value = 0;
    if (source[name].get_int64().get(value))
        return std::unexpected(malformed(std::string("field \"") + name + "\" missing or not an integer"));
    return value;
}

Result<bool> boolField(const object &source, const char *name)
{
    bool value = false;
    if (source[name].get_bool().get(value))
        return std::unexpected(malformed(std::string("field \"") + name + "\" missing or not a boolean"));
    return value;
}

template <typename T>
Result<T> decimalField(const object &source, const char *name)
{
    auto text = stringField(source, name);
    if (!text)
        return std::unexpected(text.error());
    return decimal<T>(*text, name);
}

// Binance sends levels as string pairs: [["0.0024", "10"], …].
Result<std::vector<model::BookLevel>> levels(const object &source, const char *name)
{
    array side;
    if (source[name].get_array().get(side))
        return std::unexpected(malformed(std::string("field \"") + name + "\" missing or not an array"));
    std::vector<model::BookLevel> out;
    out.reserve(side.size());
    for (element entry : side) {
        array pair;
        std::string_view price, quantity;
        if (entry.get_array().get(pair) || pair.size() != 2 || pair.at(0).get_string().get(price)
            || pair.at(1).get_string().get(quantity))
            return std::unexpected(malformed(std::string(name) + ": a level is not [price, quantity]"));
        auto parsedPrice = decimal<Price>(price, name);
        if (!parsedPrice)
            return std::unexpected(parsedPrice.error());
        auto parsedQuantity = decimal<Quantity>(quantity, name);
        if (!parsedQuantity)
            return std::unexpected(parsedQuantity.error());
        out.push_back({*parsedPrice, *parsedQuantity});
    }
    return out;
}

#define BCF_TRY(variable, expression)                                                             \
    auto variable##Result = (expression);                                                         \
    if (!variable##Result)                                                                        \
        return std::unexpected(variable##Result.error());                                         \
    auto variable = *variable##Result

} // namespace

Result<std::vector<model::Instrument>> parseExchangeInfo(std::string_view json)
{
    BCF_TRY(document, parseDocument(json, threadParser()));
    array symbols;
    if (document["symbols"].get_array().get(symbols))
        return std::unexpected(malformed("exchangeInfo has no \"symbols\" array"));
    std::vector<model::Instrument> instruments;
    for (element entry : symbols) {
        object symbol;
        if (entry.get_object().get(symbol))
            return std::unexpected(malformed("a symbol is not an object"));
        BCF_TRY(status, stringField(symbol, "status"));
        if (status != "TRADING")
            continue;
        model::Instrument instrument;
        instrument.exchange = "binance";
        BCF_TRY(name, stringField(symbol, "symbol"));
        BCF_TRY(base, stringField(symbol, "baseAsset"));
        BCF_TRY(quote, stringField(symbol, "quoteAsset"));
        instrument.symbol = std::string(name);
        instrument.base = std::string(base);
        instrument.quote = std::string(quote);
        array filters;
        if (symbol["filters"].get_array().get(filters))
            return std::unexpected(malformed(instrument.symbol + ": no \"filters\" array"));
        for (element filterValue : filters) {
            object filter;
            if (filterValue.get_object().get(filter))
                return std::unexpected(malformed(instrument.symbol + ": a filter is not an object"));
            BCF_TRY(type, stringField(filter, "filterType"));
            if (type == "PRICE_FILTER") {
                BCF_TRY(tick, decimalField<Price>(filter, "tickSize"));
                instrument.tickSize = tick;
            } else if (type == "LOT_SIZE") {
                BCF_TRY(step, decimalField<Quantity>(filter, "stepSize"));
                instrument.lotSize = step;
            } else if (type == "NOTIONAL" || type == "MIN_NOTIONAL") {
                BCF_TRY(notional, decimalField<Money>(filter, "minNotional"));
                instrument.minNotional = notional;
            }
        }
        instrument.pricePrecision = model::precisionOf(instrument.tickSize);
        instrument.quantityPrecision = model::precisionOf(instrument.lotSize);
        if (auto valid = instrument.validate(); !valid)
            return std::unexpected(malformed(valid.error().message));
        instruments.push_back(std::move(instrument));
    }
    return instruments;
}

Result<std::vector<model::Candle>> parseKlines(std::string_view json, model::Timeframe timeframe,
                                               TimePoint now)
{
    BCF_TRY(document, parseDocument(json, threadParser()));
    array rows;
    if (document.get_array().get(rows))
        return std::unexpected(malformed("klines is not an array"));
    std::vector<model::Candle> candles;
    candles.reserve(rows.size());
    for (element rowValue : rows) {
        array row;
        if (rowValue.get_array().get(row) || row.size() < 9)
            return std::unexpected(malformed("a kline is not an array of at least 9 fields"));
        model::Candle candle;
        candle.timeframe = timeframe;
        std::int64_t openTime = 0, closeTime = 0;
        std::string_view texts[6];
        if (row.at(0).get_int64().get(openTime) || row.at(6).get_int64().get(closeTime)
            || row.at(8).get_int64().get(candle.tradeCount))
            return std::unexpected(malformed("kline times and count must be integers"));
        const std::size_t textIndexes[6] = {1, 2, 3, 4, 5, 7};
        for (int i = 0; i < 6; ++i) {
            if (row.at(textIndexes[i]).get_string().get(texts[i]))
                return std::unexpected(malformed("kline prices and volumes must be strings"));
        }
        BCF_TRY(open, decimal<Price>(texts[0], "kline open"));
        BCF_TRY(high, decimal<Price>(texts[1], "kline high"));
        BCF_TRY(low, decimal<Price>(texts[2], "kline low"));
        BCF_TRY(close, decimal<Price>(texts[3], "kline close"));
        BCF_TRY(volume, decimal<Quantity>(texts[4], "kline volume"));
        BCF_TRY(quoteVolume, decimal<Money>(texts[5], "kline quote volume"));
        candle.openTime = fromUnixMillis(openTime);
        candle.open = open;
        candle.high = high;
        candle.low = low;
        candle.close = close;
        candle.volume = volume;
        candle.quoteVolume = quoteVolume;
        candle.closed = fromUnixMillis(closeTime) < now;
        candles.push_back(candle);
    }
    return candles;
}

Result<DepthSnapshot> parseDepthSnapshot(std::string_view json)
{
    BCF_TRY(document, parseDocument(json, threadParser()));
    object root;
    if (document.get_object().get(root))
        return std::unexpected(malformed("depth is not an object"));
    BCF_TRY(lastUpdateId, integerField(root, "lastUpdateId"));
    BCF_TRY(bids, levels(root, "bids"));
    BCF_TRY(asks, levels(root, "asks"));
    return DepthSnapshot{lastUpdateId, std::move(bids), std::move(asks)};
}

Result<std::vector<model::Trade>> parseAggTrades(std::string_view json)
{
    BCF_TRY(document, parseDocument(json, threadParser()));
    array list;
    if (document.get_array().get(list))
        return std::unexpected(malformed("aggTrades is not an array"));
    std::vector<model::Trade> trades;
    trades.reserve(list.size());
    for (element value : list) {
        object trade;
        if (value.get_object().get(trade))
            return std::unexpected(malformed("an aggregate trade is not an object"));
        BCF_TRY(id, integerField(trade, "a"));
        BCF_TRY(price, decimalField<Price>(trade, "p"));
        BCF_TRY(quantity, decimalField<Quantity>(trade, "q"));
        BCF_TRY(time, integerField(trade, "T"));
        BCF_TRY(buyerMaker, boolField(trade, "m"));
        trades.push_back({id, fromUnixMillis(time), price, quantity,
                          buyerMaker ? model::Side::Sell : model::Side::Buy});
    }
    return trades;
}

Result<int> parseRequestWeightLimit(std::string_view json)
{
    BCF_TRY(document, parseDocument(json, threadParser()));
    array limits;
    if (document["rateLimits"].get_array().get(limits))
        return std::unexpected(malformed("rateLimits is missing"));
    for (element value : limits) {
        object limit;
        if (value.get_object().get(limit))
            return std::unexpected(malformed("a rate limit is not an object"));
        BCF_TRY(type, stringField(limit, "rateLimitType"));
        BCF_TRY(interval, stringField(limit, "interval"));
        BCF_TRY(number, integerField(limit, "intervalNum"));
        BCF_TRY(maximum, integerField(limit, "limit"));
        if (type == "REQUEST_WEIGHT" && interval == "MINUTE" && number == 1 && maximum > 0)
            return static_cast<int>(maximum);
    }
    return std::unexpected(malformed("no REQUEST_WEIGHT per 1 MINUTE limit"));
}

Result<std::vector<model::Trade>> parseTrades(std::string_view json)
{
    BCF_TRY(document, parseDocument(json, threadParser()));
    array list;
    if (document.get_array().get(list))
        return std::unexpected(malformed("trades is not an array"));
    std::vector<model::Trade> trades;
    trades.reserve(list.size());
    for (element value : list) {
        object trade;
        if (value.get_object().get(trade))
            return std::unexpected(malformed("a trade is not an object"));
        BCF_TRY(id, integerField(trade, "id"));
        BCF_TRY(price, decimalField<Price>(trade, "price"));
        BCF_TRY(quantity, decimalField<Quantity>(trade, "qty"));
        BCF_TRY(time, integerField(trade, "time"));
        BCF_TRY(buyerMaker, boolField(trade, "isBuyerMaker"));
        trades.push_back({id, fromUnixMillis(time), price, quantity,
                          buyerMaker ? model::Side::Sell : model::Side::Buy});
    }
    return trades;
}

Result<StreamEvent> parseStreamEvent(std::string_view json)
{
    BCF_TRY(document, parseDocument(json, threadParser()));
    object event;
    if (document.get_object().get(event))
        return std::unexpected(malformed("event is not an object"));
    // Combined streams wrap the event: {"stream":"btcusdt@trade","data":{…}}.
    object data;
    if (!event["data"].get_object().get(data))
        event = data;

    BCF_TRY(type, stringField(event, "e"));
    BCF_TRY(symbolText, stringField(event, "s"));
    const std::string symbol(symbolText);

    if (type == "trade" || type == "aggTrade") {
        BCF_TRY(id, integerField(event, type == "trade" ? "t" : "a"));
        BCF_TRY(price, decimalField<Price>(event, "p"));
        BCF_TRY(quantity, decimalField<Quantity>(event, "q"));
        BCF_TRY(time, integerField(event, "T"));
        BCF_TRY(buyerMaker, boolField(event, "m"));
        return StreamEvent(TradeEvent{symbol,
                                      {id, fromUnixMillis(time), price, quantity,
                                       buyerMaker ? model::Side::Sell : model::Side::Buy}});
    }
    if (type == "depthUpdate") {
        BCF_TRY(first, integerField(event, "U"));
        BCF_TRY(final, integerField(event, "u"));
        BCF_TRY(bids, levels(event, "b"));
        BCF_TRY(asks, levels(event, "a"));
        return StreamEvent(DepthEvent{symbol, first, final, std::move(bids), std::move(asks)});
    }
    if (type == "kline") {
        object k;
        if (event["k"].get_object().get(k))
            return std::unexpected(malformed("kline event has no \"k\" object"));
        BCF_TRY(interval, stringField(k, "i"));
        const auto timeframe = model::parseTimeframe(interval);
        if (!timeframe)
            return std::unexpected(malformed("unknown kline interval \"" + std::string(interval) + "\""));
        BCF_TRY(openTime, integerField(k, "t"));
        BCF_TRY(open, decimalField<Price>(k, "o"));
        BCF_TRY(high, decimalField<Price>(k, "h"));
        BCF_TRY(low, decimalField<Price>(k, "l"));
        BCF_TRY(close, decimalField<Price>(k, "c"));
        BCF_TRY(volume, decimalField<Quantity>(k, "v"));
        BCF_TRY(quoteVolume, decimalField<Money>(k, "q"));
        BCF_TRY(count, integerField(k, "n"));
        BCF_TRY(closed, boolField(k, "x"));
        return StreamEvent(KlineEvent{symbol,
                                      {*timeframe, fromUnixMillis(openTime), open, high, low,
                                       close, volume, quoteVolume, count, closed}});
    }
    return std::unexpected(malformed("unsupported event type \"" + std::string(type) + "\""));
}

} // namespace bcf::connectors::binance
