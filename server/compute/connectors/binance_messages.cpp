#include "binance_messages.h"

#include "payload_reader.h"

namespace bcf::connectors::binance {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr PayloadReader payload{"Binance"};

} // namespace

Result<std::vector<model::Instrument>> parseExchangeInfo(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    array symbols;
    if (document["symbols"].get_array().get(symbols))
        return std::unexpected(payload.malformed("exchangeInfo has no \"symbols\" array"));
    std::vector<model::Instrument> instruments;
    for (element entry : symbols) {
        object symbol;
        if (entry.get_object().get(symbol))
            return std::unexpected(payload.malformed("a symbol is not an object"));
        BCF_TRY(status, payload.stringField(symbol, "status"));
        if (status != "TRADING")
            continue;
        model::Instrument instrument;
        instrument.exchange = "binance";
        BCF_TRY(name, payload.stringField(symbol, "symbol"));
        BCF_TRY(base, payload.stringField(symbol, "baseAsset"));
        BCF_TRY(quote, payload.stringField(symbol, "quoteAsset"));
        instrument.symbol = std::string(name);
        instrument.base = std::string(base);
        instrument.quote = std::string(quote);
        array filters;
        if (symbol["filters"].get_array().get(filters))
            return std::unexpected(payload.malformed(instrument.symbol + ": no \"filters\" array"));
        for (element filterValue : filters) {
            object filter;
            if (filterValue.get_object().get(filter))
                return std::unexpected(payload.malformed(instrument.symbol + ": a filter is not an object"));
            BCF_TRY(type, payload.stringField(filter, "filterType"));
            if (type == "PRICE_FILTER") {
                BCF_TRY(tick, payload.decimalField<Price>(filter, "tickSize"));
                instrument.tickSize = tick;
            } else if (type == "LOT_SIZE") {
                BCF_TRY(step, payload.decimalField<Quantity>(filter, "stepSize"));
                instrument.lotSize = step;
            } else if (type == "NOTIONAL" || type == "MIN_NOTIONAL") {
                BCF_TRY(notional, payload.decimalField<Money>(filter, "minNotional"));
                instrument.minNotional = notional;
            }
        }
        instrument.pricePrecision = model::precisionOf(instrument.tickSize);
        instrument.quantityPrecision = model::precisionOf(instrument.lotSize);
        if (auto valid = instrument.validate(); !valid)
            return std::unexpected(payload.malformed(valid.error().message));
        instruments.push_back(std::move(instrument));
    }
    return instruments;
}

Result<std::vector<model::Candle>> parseKlines(std::string_view json, model::Timeframe timeframe,
                                               TimePoint now)
{
    BCF_TRY(document, payload.parse(json));
    array rows;
    if (document.get_array().get(rows))
        return std::unexpected(payload.malformed("klines is not an array"));
    std::vector<model::Candle> candles;
    candles.reserve(rows.size());
    for (element rowValue : rows) {
        array row;
        if (rowValue.get_array().get(row) || row.size() < 9)
            return std::unexpected(payload.malformed("a kline is not an array of at least 9 fields"));
        model::Candle candle;
        candle.timeframe = timeframe;
        std::int64_t openTime = 0, closeTime = 0;
        std::string_view texts[6];
        if (row.at(0).get_int64().get(openTime) || row.at(6).get_int64().get(closeTime)
            || row.at(8).get_int64().get(candle.tradeCount))
            return std::unexpected(payload.malformed("kline times and count must be integers"));
        const std::size_t textIndexes[6] = {1, 2, 3, 4, 5, 7};
        for (int i = 0; i < 6; ++i) {
            if (row.at(textIndexes[i]).get_string().get(texts[i]))
                return std::unexpected(payload.malformed("kline prices and volumes must be strings"));
        }
        BCF_TRY(open, payload.decimal<Price>(texts[0], "kline open"));
        BCF_TRY(high, payload.decimal<Price>(texts[1], "kline high"));
        BCF_TRY(low, payload.decimal<Price>(texts[2], "kline low"));
        BCF_TRY(close, payload.decimal<Price>(texts[3], "kline close"));
        BCF_TRY(volume, payload.decimal<Quantity>(texts[4], "kline volume"));
        BCF_TRY(quoteVolume, payload.decimal<Money>(texts[5], "kline quote volume"));
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
    BCF_TRY(document, payload.parse(json));
    object root;
    if (document.get_object().get(root))
        return std::unexpected(payload.malformed("depth is not an object"));
    BCF_TRY(lastUpdateId, payload.integerField(root, "lastUpdateId"));
    BCF_TRY(bids, payload.levels(root, "bids"));
    BCF_TRY(asks, payload.levels(root, "asks"));
    return DepthSnapshot{lastUpdateId, std::move(bids), std::move(asks)};
}

Result<std::vector<model::Trade>> parseAggTrades(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    array list;
    if (document.get_array().get(list))
        return std::unexpected(payload.malformed("aggTrades is not an array"));
    std::vector<model::Trade> trades;
    trades.reserve(list.size());
    for (element value : list) {
        object trade;
        if (value.get_object().get(trade))
            return std::unexpected(payload.malformed("an aggregate trade is not an object"));
        BCF_TRY(id, payload.integerField(trade, "a"));
        BCF_TRY(price, payload.decimalField<Price>(trade, "p"));
        BCF_TRY(quantity, payload.decimalField<Quantity>(trade, "q"));
        BCF_TRY(time, payload.integerField(trade, "T"));
        BCF_TRY(buyerMaker, payload.boolField(trade, "m"));
        trades.push_back({id, fromUnixMillis(time), price, quantity,
                          buyerMaker ? model::Side::Sell : model::Side::Buy});
    }
    return trades;
}

Result<int> parseRequestWeightLimit(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    array limits;
    if (document["rateLimits"].get_array().get(limits))
        return std::unexpected(payload.malformed("rateLimits is missing"));
    for (element value : limits) {
        object limit;
        if (value.get_object().get(limit))
            return std::unexpected(payload.malformed("a rate limit is not an object"));
        BCF_TRY(type, payload.stringField(limit, "rateLimitType"));
        BCF_TRY(interval, payload.stringField(limit, "interval"));
        BCF_TRY(number, payload.integerField(limit, "intervalNum"));
        BCF_TRY(maximum, payload.integerField(limit, "limit"));
        if (type == "REQUEST_WEIGHT" && interval == "MINUTE" && number == 1 && maximum > 0)
            return static_cast<int>(maximum);
    }
    return std::unexpected(payload.malformed("no REQUEST_WEIGHT per 1 MINUTE limit"));
}

Result<std::vector<model::Trade>> parseTrades(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    array list;
    if (document.get_array().get(list))
        return std::unexpected(payload.malformed("trades is not an array"));
    std::vector<model::Trade> trades;
    trades.reserve(list.size());
    for (element value : list) {
        object trade;
        if (value.get_object().get(trade))
            return std::unexpected(payload.malformed("a trade is not an object"));
        BCF_TRY(id, payload.integerField(trade, "id"));
        BCF_TRY(price, payload.decimalField<Price>(trade, "price"));
        BCF_TRY(quantity, payload.decimalField<Quantity>(trade, "qty"));
        BCF_TRY(time, payload.integerField(trade, "time"));
        BCF_TRY(buyerMaker, payload.boolField(trade, "isBuyerMaker"));
        trades.push_back({id, fromUnixMillis(time), price, quantity,
                          buyerMaker ? model::Side::Sell : model::Side::Buy});
    }
    return trades;
}

Result<StreamEvent> parseStreamEvent(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    object event;
    if (document.get_object().get(event))
        return std::unexpected(payload.malformed("event is not an object"));
    // Combined streams wrap the event: {"stream":"btcusdt@trade","data":{…}}.
    object data;
    if (!event["data"].get_object().get(data))
        event = data;

    BCF_TRY(type, payload.stringField(event, "e"));
    BCF_TRY(symbolText, payload.stringField(event, "s"));
    const std::string symbol(symbolText);

    if (type == "trade" || type == "aggTrade") {
        BCF_TRY(id, payload.integerField(event, type == "trade" ? "t" : "a"));
        BCF_TRY(price, payload.decimalField<Price>(event, "p"));
        BCF_TRY(quantity, payload.decimalField<Quantity>(event, "q"));
        BCF_TRY(time, payload.integerField(event, "T"));
        BCF_TRY(buyerMaker, payload.boolField(event, "m"));
        return StreamEvent(TradeEvent{symbol,
                                      {id, fromUnixMillis(time), price, quantity,
                                       buyerMaker ? model::Side::Sell : model::Side::Buy}});
    }
    if (type == "depthUpdate") {
        BCF_TRY(first, payload.integerField(event, "U"));
        BCF_TRY(final, payload.integerField(event, "u"));
        BCF_TRY(bids, payload.levels(event, "b"));
        BCF_TRY(asks, payload.levels(event, "a"));
        return StreamEvent(DepthEvent{symbol, first, final, std::move(bids), std::move(asks)});
    }
    if (type == "kline") {
        object k;
        if (event["k"].get_object().get(k))
            return std::unexpected(payload.malformed("kline event has no \"k\" object"));
        BCF_TRY(interval, payload.stringField(k, "i"));
        const auto timeframe = model::parseTimeframe(interval);
        if (!timeframe)
            return std::unexpected(payload.malformed("unknown kline interval \"" + std::string(interval) + "\""));
        BCF_TRY(openTime, payload.integerField(k, "t"));
        BCF_TRY(open, payload.decimalField<Price>(k, "o"));
        BCF_TRY(high, payload.decimalField<Price>(k, "h"));
        BCF_TRY(low, payload.decimalField<Price>(k, "l"));
        BCF_TRY(close, payload.decimalField<Price>(k, "c"));
        BCF_TRY(volume, payload.decimalField<Quantity>(k, "v"));
        BCF_TRY(quoteVolume, payload.decimalField<Money>(k, "q"));
        BCF_TRY(count, payload.integerField(k, "n"));
        BCF_TRY(closed, payload.boolField(k, "x"));
        return StreamEvent(KlineEvent{symbol,
                                      {*timeframe, fromUnixMillis(openTime), open, high, low,
                                       close, volume, quoteVolume, count, closed}});
    }
    return std::unexpected(payload.malformed("unsupported event type \"" + std::string(type) + "\""));
}

} // namespace bcf::connectors::binance
