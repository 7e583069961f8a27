#pragma once

#include "model/instrument.h"
#include "model/market_data.h"
#include "model/order_book.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bcf::exchange_sim::bybit {

// Bybit v5 spot's documented JSON payloads, written from domain types (the inverse of
// connectors/bybit_messages). Decimals are written in their shortest exact form, as Bybit does.

// Bybit's spot execIds are large, increasing, non-consecutive numbers; the simulator's trade ids
// are consecutive, so it spreads them out (id → 2100000000000000000 + 3·id).
std::int64_t execIdOf(std::int64_t tradeId);

// REST: the whole envelope {"retCode","retMsg","result","retExtInfo","time"}.
std::string errorJson(int retCode, const std::string &retMsg, long long timeMs);
std::string instrumentsJson(const std::vector<model::Instrument> &instruments, long long timeMs);
// `candles` oldest first; written newest first, as Bybit lists them.
std::string klinesJson(const std::string &symbol, const std::vector<model::Candle> &candles,
                       long long timeMs);
struct BookState {
    std::int64_t updateId = 0;
    std::int64_t sequence = 0;
};
std::string orderbookJson(const std::string &symbol, const model::OrderBook &book,
                          std::size_t limit, BookState state, long long timeMs);
// `trades` oldest first; written newest first.
std::string recentTradesJson(const std::string &symbol, const std::vector<model::Trade> &trades,
                             long long timeMs);

// WebSocket /v5/public/spot.
std::string operationReplyJson(bool success, const std::string &retMsg,
                               const std::string &connectionId, const std::string &requestId,
                               const std::string &op);
std::string pongJson(const std::string &connectionId, const std::string &requestId);
std::string tradeMessageJson(const std::string &symbol, const std::vector<model::Trade> &trades,
                             long long timeMs);
std::string klineMessageJson(const std::string &topic, const model::Candle &candle,
                             const std::string &interval, long long timeMs);
std::string bookMessageJson(const std::string &topic, const std::string &symbol, bool snapshot,
                            const std::vector<model::BookLevel> &bids,
                            const std::vector<model::BookLevel> &asks, BookState state,
                            long long timeMs);

} // namespace bcf::exchange_sim::bybit
