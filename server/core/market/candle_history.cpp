#include "market/candle_history.h"

#include "model/candle_builder.h"

#include <algorithm>

namespace bcf::core {
namespace {

bool validSymbol(const std::string &symbol)
{
    return symbol.size() >= 2 && symbol.size() <= 30
           && std::ranges::all_of(symbol, [](unsigned char c) {
                  return std::isupper(c) || std::isdigit(c) || c == '-' || c == '_' || c == '/';
              });
}

} // namespace

Result<model::Timeframe> CandleHistory::check(const std::string &exchange,
                                              const std::string &symbol,
                                              const std::string &timeframeName)
{
    const auto timeframe = model::parseTimeframe(timeframeName);
    if (!timeframe)
        return makeError(ErrorCode::InvalidArgument,
                         "Unknown timeframe \"" + timeframeName
                             + "\"; use one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M.");
    if (exchange.empty())
        return makeError(ErrorCode::InvalidArgument, "Name the exchange (e.g. \"binance\").");
    if (!validSymbol(symbol))
        return makeError(ErrorCode::InvalidArgument,
                         "\"" + symbol + "\" is not a symbol (upper-case letters and digits, "
                                         "e.g. BTCUSDT).");
    auto known = m_store.knows(exchange, symbol);
    if (!known)
        return std::unexpected(known.error());
    if (!*known)
        return makeError(ErrorCode::InvalidArgument,
                         "Unknown symbol " + symbol + " on " + exchange + ".");
    return *timeframe;
}

Result<model::Candle> CandleHistory::barContaining(const std::string &exchange,
                                                   const std::string &symbol,
                                                   model::Timeframe timeframe,
                                                   const model::Candle &minute)
{
    if (timeframe == model::Timeframe::M1)
        return minute;
    const TimePoint start = model::bucketStart(timeframe, minute.openTime);
    auto stored = m_store.range(exchange, symbol, model::Timeframe::M1, start,
                                minute.openTime + std::chrono::minutes(1), 50'000);
    if (!stored)
        return std::unexpected(stored.error());
    std::vector<model::Candle> minutes = std::move(*stored);
    if (minutes.empty() || minutes.back().openTime != minute.openTime)
        minutes.push_back(minute);
    else
        minutes.back() = minute;
    auto bars = model::aggregate(minutes, timeframe, m_clock.now());
    if (!bars)
        return std::unexpected(bars.error());
    if (bars->empty())
        return makeError(ErrorCode::Internal, "no bar could be built");
    return bars->back();
}

Result<CandleAnswer> CandleHistory::candles(const CandleQuery &query)
{
    auto checked = check(query.exchange, query.symbol, query.timeframe);
    if (!checked)
        return std::unexpected(checked.error());
    const auto timeframe = checked;
    const std::size_t limit = query.limit == 0 ? kDefaultLimit : query.limit;
    if (limit > kMaximumLimit)
        return makeError(ErrorCode::InvalidArgument,
                         "At most " + std::to_string(kMaximumLimit) + " candles per request, asked "
                             + std::to_string(limit) + ".");
    const TimePoint now = m_clock.now();
    const TimePoint to = toUnixMillis(query.to) == 0 ? now : query.to;
    if (query.from >= to)
        return makeError(ErrorCode::InvalidArgument, "The range is empty: from must be before to.");

    auto stored = m_store.latest(query.exchange, query.symbol, *timeframe, query.from, to, limit);
    if (!stored)
        return std::unexpected(stored.error());
    if (!stored->empty() || *timeframe == model::Timeframe::M1)
        return CandleAnswer{std::move(*stored), false};

    // Not stored at this timeframe: aggregate the newest 1m candles of the range, starting on a
    // bucket boundary so the first aggregated candle is complete.
    const TimePoint lastBucket = model::bucketStart(*timeframe, to);
    const auto bucketMinutes = static_cast<std::size_t>(
        (model::nextBucketStart(*timeframe, lastBucket) - lastBucket) / std::chrono::minutes(1));
    const std::size_t minutesNeeded = std::min(kMaximumMinutes, (limit + 1) * bucketMinutes);
    auto minutes = m_store.latest(query.exchange, query.symbol, model::Timeframe::M1, query.from,
                                  to, minutesNeeded);
    if (!minutes)
        return std::unexpected(minutes.error());
    if (!minutes->empty()) {
        const TimePoint firstBucket = model::bucketStart(*timeframe, minutes->front().openTime);
        if (firstBucket < minutes->front().openTime) {
            const TimePoint next = model::nextBucketStart(*timeframe, firstBucket);
            std::erase_if(*minutes, [&](const model::Candle &c) { return c.openTime < next; });
        }
    }
    auto aggregated = model::aggregate(*minutes, *timeframe, now);
    if (!aggregated)
        return std::unexpected(aggregated.error());
    if (aggregated->size() > limit)
        aggregated->erase(aggregated->begin(),
                          aggregated->begin() + static_cast<long>(aggregated->size() - limit));
    return CandleAnswer{std::move(*aggregated), true};
}

} // namespace bcf::core
