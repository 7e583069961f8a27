#include "model/candle_builder.h"

#include <algorithm>

namespace bcf::model {

Result<std::vector<Candle>> CandleBuilder::roll(TimePoint time)
{
    std::vector<Candle> closed;
    const TimePoint start = bucketStart(m_timeframe, time);
    if (m_current) {
        if (start < m_current->openTime)
            return makeError(ErrorCode::InvalidArgument,
                             "out-of-order data: " + std::to_string(toUnixMillis(time))
                                 + " is older than the open candle at "
                                 + std::to_string(toUnixMillis(m_current->openTime)));
        if (start > m_current->openTime) {
            m_current->closed = true;
            closed.push_back(*m_current);
            m_current.reset();
        }
    }
    return closed;
}

Result<std::vector<Candle>> CandleBuilder::addTrade(const Trade &trade)
{
    auto closed = roll(trade.time);
    if (!closed)
        return closed;
    const Money value = notional(trade.price, trade.quantity);
    if (!m_current) {
        m_current = Candle{m_timeframe, bucketStart(m_timeframe, trade.time), trade.price,
                           trade.price, trade.price, trade.price, trade.quantity, value, 1, false};
    } else {
        Candle &candle = *m_current;
        candle.high = std::max(candle.high, trade.price);
        candle.low = std::min(candle.low, trade.price);
        candle.close = trade.price;
        candle.volume += trade.quantity;
        candle.quoteVolume += value;
        ++candle.tradeCount;
    }
    return closed;
}

Result<std::vector<Candle>> CandleBuilder::addCandle(const Candle &input)
{
    if (!divides(input.timeframe, m_timeframe))
        return makeError(ErrorCode::InvalidArgument,
                         std::string(timeframeName(input.timeframe)) + " candles cannot build "
                             + std::string(timeframeName(m_timeframe)) + " candles");
    auto closed = roll(input.openTime);
    if (!closed)
        return closed;
    if (!m_current) {
        m_current = input;
        m_current->timeframe = m_timeframe;
        m_current->openTime = bucketStart(m_timeframe, input.openTime);
        m_current->closed = false;
    } else {
        Candle &candle = *m_current;
        candle.high = std::max(candle.high, input.high);
        candle.low = std::min(candle.low, input.low);
        candle.close = input.close;
        candle.volume += input.volume;
        candle.quoteVolume += input.quoteVolume;
        candle.tradeCount += input.tradeCount;
    }
    return closed;
}

std::optional<Candle> CandleBuilder::closeIfDue(TimePoint now)
{
    if (!m_current || now < nextBucketStart(m_timeframe, m_current->openTime))
        return std::nullopt;
    m_current->closed = true;
    Candle candle = *m_current;
    m_current.reset();
    return candle;
}

Result<std::vector<Candle>> aggregate(const std::vector<Candle> &candles, Timeframe target,
                                      TimePoint now)
{
    CandleBuilder builder(target);
    std::vector<Candle> output;
    output.reserve(candles.size() / 2 + 1);
    for (const Candle &candle : candles) {
        auto closed = builder.addCandle(candle);
        if (!closed)
            return std::unexpected(closed.error());
        output.insert(output.end(), closed->begin(), closed->end());
    }
    if (auto last = builder.closeIfDue(now))
        output.push_back(*last);
    else if (builder.current())
        output.push_back(*builder.current());
    return output;
}

} // namespace bcf::model
