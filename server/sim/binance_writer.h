#pragma once

#include "model/instrument.h"
#include "model/market_data.h"
#include "model/order_book.h"
#include "sim/synthetic_market.h"

#include <string>
#include <vector>

namespace bcf::exchange_sim {

// Binance spot's documented JSON payloads, written from domain types (the inverse of
// connectors/binance_messages). Decimals are written with 8 places, as Binance does.
std::string exchangeInfoJson(const std::vector<model::Instrument> &instruments,
                             long long serverTimeMs);
std::string klinesJson(const std::vector<model::Candle> &candles);
std::string depthJson(const model::OrderBook &book, std::size_t limit);
std::string tradesJson(const std::vector<model::Trade> &trades);
// /api/v3/aggTrades: every simulated trade is its own aggregate (a = f = l = the trade id).
std::string aggTradesJson(const std::vector<model::Trade> &trades);
std::string errorJson(int code, const std::string &message);

// WebSocket events. `symbol` is upper case as in the payloads.
std::string tradeEventJson(const std::string &symbol, const model::Trade &trade, long long eventTimeMs);
std::string aggTradeEventJson(const std::string &symbol, const model::Trade &trade,
                              long long eventTimeMs);
std::string depthEventJson(const sim::DepthDiff &diff);
std::string klineEventJson(const std::string &symbol, const model::Candle &candle,
                           long long eventTimeMs);

} // namespace bcf::exchange_sim
