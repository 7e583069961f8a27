#pragma once

// Test data: the chart's synthetic candles as the backtester's fixed-point candles. The prices
// of the synthetic series have at most two decimals, so their 8-place text is exact.
#include "core/candles.h"
#include "model/market_data.h"

#include <QByteArray>

#include <string_view>
#include <vector>

namespace bcf::app::testing {

template <typename D>
D exactly(double value)
{
    const QByteArray text = QByteArray::number(value, 'f', 8);
    return *D::parse(std::string_view(text.constData(), std::size_t(text.size())));
}

inline std::vector<model::Candle> modelCandles(const CandleSeries& candles, model::Timeframe timeframe)
{
    std::vector<model::Candle> result;
    for (const Candle& candle : candles) {
        model::Candle bar;
        bar.timeframe = timeframe;
        bar.openTime = fromUnixMillis(candle.openTimeMs);
        bar.open = exactly<Price>(candle.open);
        bar.high = exactly<Price>(candle.high);
        bar.low = exactly<Price>(candle.low);
        bar.close = exactly<Price>(candle.close);
        bar.volume = exactly<Quantity>(candle.volume);
        bar.closed = candle.closed;
        result.push_back(bar);
    }
    return result;
}

} // namespace bcf::app::testing
