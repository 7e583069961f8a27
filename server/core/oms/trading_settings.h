#pragma once

#include "core/decimal.h"
#include "core/result.h"

#include <cstdint>
#include <map>
#include <string>

namespace bcf::core {

// [trading] in bcf-core's configuration (docs/configuration.md).
struct TradingSettings {
    std::string paperExchange = "binance";     // whose live market the paper venue trades against
    std::string paperBalances = "USDT=10000";  // a new paper account's balances
    std::int64_t makerFeeBasisPoints = 10;
    std::int64_t takerFeeBasisPoints = 10;
    std::string currency = "USDT";             // what equity and PnL are valued in
    // Account risk limits applied to every account ("" / 0 = none); docs/risk.md.
    std::string maxOrderNotional = "100000";
    std::int64_t priceBandBasisPoints = 1000;
    std::string maxDailyLoss;
    std::string maxGrossExposure;
    std::int64_t maxOrdersPerMinute = 600;
    std::int64_t equitySampleSeconds = 60;
    // The live Binance venue (docs/live-venue.md): off while exchangeKeyFile is empty.
    std::string exchangeKeyFile;               // 64 hex digits that seal API keys at rest
    std::string binanceRestUrl = "https://api.binance.com";
    std::string binanceWebSocketApiUrl = "wss://ws-api.binance.com:443/ws-api/v3";
    std::int64_t binanceRecvWindowMs = 5000;
    std::int64_t reconcileSeconds = 60;
};

// "USDT=10000,BTC=0.5" → balances; InvalidArgument naming the entry.
Result<std::map<std::string, Money>> parseBalances(const std::string &text);

} // namespace bcf::core
