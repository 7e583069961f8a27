#pragma once

#include "core/result.h"
#include "model/instrument.h"
#include "model/market_data.h"
#include "model/order_book.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace bcf::connectors::binance {

// Decoders of Binance spot's documented public REST and WebSocket payloads into domain types.
// Pure functions over text (simdjson on the hot path); no I/O. A malformed payload is an
// InvalidArgument error naming the field, so the caller can count it, log it once and resync.

// GET /api/v3/exchangeInfo → the TRADING symbols with their PRICE_FILTER, LOT_SIZE and
// NOTIONAL (or legacy MIN_NOTIONAL) filters.
Result<std::vector<model::Instrument>> parseExchangeInfo(std::string_view json);

// GET /api/v3/klines → candles; the last one is open when its close time is after `now`.
Result<std::vector<model::Candle>> parseKlines(std::string_view json, model::Timeframe timeframe,
                                               TimePoint now);

struct DepthSnapshot {
    std::int64_t lastUpdateId = 0;
    std::vector<model::BookLevel> bids;
    std::vector<model::BookLevel> asks;
};
// GET /api/v3/depth
Result<DepthSnapshot> parseDepthSnapshot(std::string_view json);

// GET /api/v3/trades (and historicalTrades) → trades, oldest first.
Result<std::vector<model::Trade>> parseTrades(std::string_view json);

// GET /api/v3/aggTrades → trades, oldest first; the aggregate id ("a") is the trade id.
Result<std::vector<model::Trade>> parseAggTrades(std::string_view json);

// The REQUEST_WEIGHT limit per minute from exchangeInfo's rateLimits.
Result<int> parseRequestWeightLimit(std::string_view json);

// WebSocket events (raw or wrapped in a combined stream's {"stream":…,"data":…}).
struct KlineEvent {
    std::string symbol;
    model::Candle candle;     // closed = the event's "x"
};
struct TradeEvent {
    std::string symbol;
    model::Trade trade;       // aggTrade events carry the aggregate id as the trade id
};
struct DepthEvent {
    std::string symbol;
    std::int64_t firstUpdateId = 0;   // "U"
    std::int64_t finalUpdateId = 0;   // "u"
    std::vector<model::BookLevel> bids;
    std::vector<model::BookLevel> asks;
};
using StreamEvent = std::variant<KlineEvent, TradeEvent, DepthEvent>;

Result<StreamEvent> parseStreamEvent(std::string_view json);

} // namespace bcf::connectors::binance
