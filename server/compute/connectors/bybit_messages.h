#pragma once

#include "core/result.h"
#include "model/instrument.h"
#include "model/market_data.h"
#include "model/order_book.h"
#include "model/timeframe.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace bcf::connectors::bybit {

// Decoders of Bybit's documented v5 public spot payloads into domain types, and the few requests
// the connector writes. Pure functions over text (simdjson DOM); no I/O; safe on any thread.
//
// Every REST answer is an envelope {"retCode":0,"retMsg":"OK","result":{…},"retExtInfo":{},
// "time":…}. A non-zero retCode is an error: rate limits and server-side failures (10006,
// 10018, 10000, 10016) are Unavailable, anything else (10001 bad parameter, …) InvalidArgument.
// An undecodable payload is InvalidArgument naming the field. No decoder throws or crashes on
// corrupt input.

// Bybit's v5 error codes that matter to public market data.
inline constexpr std::int64_t kRetOk = 0;
inline constexpr std::int64_t kRetServerTimeout = 10000;
inline constexpr std::int64_t kRetParameterError = 10001;
inline constexpr std::int64_t kRetRateLimited = 10006;   // "Too many visits"
inline constexpr std::int64_t kRetServerError = 10016;
inline constexpr std::int64_t kRetIpRateLimited = 10018;

// The error a non-zero retCode stands for.
Error apiError(std::int64_t retCode, std::string_view retMsg);
// Whether the error is Bybit saying "slow down" (retCode 10006 or 10018).
bool isRateLimit(std::int64_t retCode);

// Kline interval names: "1" "3" "5" "15" "30" "60" "120" "240" "360" "720" "D" "W" "M".
// nullopt for timeframes Bybit does not offer (8h, 3d).
std::optional<std::string_view> intervalName(model::Timeframe timeframe);
std::optional<model::Timeframe> parseInterval(std::string_view name);

// The retCode and retMsg of a REST envelope, so the caller can tell rate limiting apart before
// decoding the result (InvalidArgument when the payload is no envelope at all).
struct Envelope {
    std::int64_t retCode = 0;
    std::string retMsg;
};
Result<Envelope> parseEnvelope(std::string_view json);

// GET /v5/market/instruments-info?category=spot → the Trading symbols. tickSize is
// priceFilter.tickSize, lotSize is lotSizeFilter.basePrecision (the step of a spot order's
// base quantity), minNotional is lotSizeFilter.minOrderAmt.
Result<std::vector<model::Instrument>> parseInstruments(std::string_view json);

// GET /v5/market/kline → candles, oldest first (Bybit lists them newest first). A candle is
// closed when its interval has ended by the envelope's server "time"; REST candles carry no
// trade count (0).
Result<std::vector<model::Candle>> parseKlines(std::string_view json, model::Timeframe timeframe);

// GET /v5/market/orderbook (and the payload of an orderbook stream message).
struct BookSnapshot {
    std::string symbol;
    std::int64_t updateId = 0;   // "u"
    std::int64_t sequence = 0;   // "seq", the cross sequence
    TimePoint time{};            // "ts"
    std::vector<model::BookLevel> bids;
    std::vector<model::BookLevel> asks;
};
Result<BookSnapshot> parseOrderbook(std::string_view json);

// GET /v5/market/recent-trade → trades, oldest first. Trade ids are Bybit's execId, which for
// spot is a decimal number that grows with time but is not consecutive.
Result<std::vector<model::Trade>> parseRecentTrades(std::string_view json);

// WebSocket /v5/public/spot messages.
struct KlineEvent {               // kline.<interval>.<SYMBOL>
    std::string symbol;
    std::vector<model::Candle> candles;   // closed = "confirm"
};
struct TradeEvent {               // publicTrade.<SYMBOL>
    std::string symbol;
    std::vector<model::Trade> trades;     // oldest first, as Bybit sends them
};
struct BookEvent {                // orderbook.<depth>.<SYMBOL>
    int depth = 0;
    // A snapshot replaces the book. Bybit also sends one with u = 1 when its order book service
    // restarted; such a message is reported as a snapshot whatever its "type" says.
    bool snapshot = false;
    BookSnapshot book;
};
struct OperationReply {           // the answer to subscribe / unsubscribe
    std::string op;
    bool success = false;
    std::string message;          // "ret_msg": why a subscription failed
    std::string requestId;        // "req_id", "" when none was sent
};
struct Pong {};                   // the answer to {"op":"ping"}
using StreamMessage = std::variant<KlineEvent, TradeEvent, BookEvent, OperationReply, Pong>;

Result<StreamMessage> parseStreamMessage(std::string_view json);

// Requests. Topics go into "args"; Bybit spot accepts at most kMaxArgsPerRequest per request.
inline constexpr std::size_t kMaxArgsPerRequest = 10;
std::string operationRequest(std::string_view op, const std::vector<std::string> &topics,
                             std::string_view requestId = {});
std::string pingRequest(std::string_view requestId = {});

std::string klineTopic(const std::string &symbol);                   // kline.1.<SYMBOL>
std::string tradeTopic(const std::string &symbol);                   // publicTrade.<SYMBOL>
std::string orderbookTopic(const std::string &symbol, int depth);    // orderbook.<depth>.<SYMBOL>

} // namespace bcf::connectors::bybit
