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
};

// "USDT=10000,BTC=0.5" → balances; InvalidArgument naming the entry.
Result<std::map<std::string, Money>> parseBalances(const std::string &text);

} // namespace bcf::core
