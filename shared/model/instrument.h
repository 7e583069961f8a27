#pragma once

#include "core/decimal.h"
#include "core/result.h"

#include <string>

namespace bcf::model {

// A tradable spot pair as the exchange defines it. Prices are multiples of tickSize, quantities
// multiples of lotSize, and an order's notional must reach minNotional.
struct Instrument {
    std::string exchange;        // "binance"
    std::string symbol;          // exchange symbol, "BTCUSDT"
    std::string base;            // "BTC"
    std::string quote;           // "USDT"
    Price tickSize;
    Quantity lotSize;
    Money minNotional;
    int pricePrecision = 2;      // digits shown for prices
    int quantityPrecision = 5;   // digits shown for quantities

    // InvalidArgument naming the field when the definition itself is unusable.
    Status validate() const;
    // Why `price` / `quantity` cannot be used in an order on this instrument, if they cannot.
    Status checkPrice(Price price) const;
    Status checkQuantity(Quantity quantity) const;
    Status checkNotional(Price price, Quantity quantity) const;
};

// Number of fractional digits of a step (0.01 → 2, 1 → 0, 0.00001 → 5).
int precisionOf(Price step);
int precisionOf(Quantity step);

} // namespace bcf::model
