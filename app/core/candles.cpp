#include "core/candles.h"

#include <algorithm>
#include <cmath>

namespace bcf::app {

std::optional<Candle> candleFromDecimals(qint64 openTimeMs, QStringView open, QStringView high,
                                         QStringView low, QStringView close, QStringView volume,
                                         bool closed)
{
    Candle candle;
    candle.openTimeMs = openTimeMs;
    candle.closed = closed;
    const struct {
        QStringView text;
        double* value;
    } fields[] = {{open, &candle.open},   {high, &candle.high},   {low, &candle.low},
                  {close, &candle.close}, {volume, &candle.volume}};
    for (const auto& field : fields) {
        bool ok = false;
        *field.value = field.text.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(*field.value))
            return std::nullopt;
    }
    if (candle.low > candle.high)
        return std::nullopt;
    return candle;
}

qint64 timeframeMs(QStringView timeframe)
{
    if (timeframe.size() < 2)
        return 0;
    bool ok = false;
    const qint64 count = timeframe.first(timeframe.size() - 1).toLongLong(&ok);
    if (!ok || count <= 0)
        return 0;
    constexpr qint64 minute = 60 * 1000;
    switch (timeframe.back().unicode()) {
    case 'm':
        return count * minute;
    case 'h':
        return count * 60 * minute;
    case 'd':
        return count * 24 * 60 * minute;
    case 'w':
        return count * 7 * 24 * 60 * minute;
    case 'M':
        return count * 30 * 24 * 60 * minute;
    default:
        return 0;
    }
}

bool mergeNewest(CandleSeries& series, const CandleSeries& newest)
{
    bool changed = false;
    for (const Candle& candle : newest) {
        if (series.empty() || candle.openTimeMs > series.back().openTimeMs) {
            series.push_back(candle);
            changed = true;
            continue;
        }
        const auto it = std::lower_bound(
            series.begin(), series.end(), candle.openTimeMs,
            [](const Candle& loaded, qint64 time) { return loaded.openTimeMs < time; });
        if (it != series.end() && it->openTimeMs == candle.openTimeMs && !(*it == candle)) {
            *it = candle;
            changed = true;
        }
    }
    return changed;
}

int prependOlder(CandleSeries& series, const CandleSeries& older)
{
    if (series.empty()) {
        series = older;
        return int(older.size());
    }
    const qint64 first = series.front().openTimeMs;
    const auto end = std::lower_bound(
        older.begin(), older.end(), first,
        [](const Candle& candle, qint64 time) { return candle.openTimeMs < time; });
    series.insert(series.begin(), older.begin(), end);
    return int(end - older.begin());
}

int candleIndexAt(const CandleSeries& series, qint64 timeMs)
{
    if (series.empty())
        return -1;
    // The last candle that opened at or before timeMs.
    const auto it = std::upper_bound(
        series.begin(), series.end(), timeMs,
        [](qint64 time, const Candle& candle) { return time < candle.openTimeMs; });
    if (it == series.begin())
        return 0;
    return int(it - series.begin()) - 1;
}

qint64 bucketStartMs(qint64 timeMs, qint64 bucketMs)
{
    if (bucketMs <= 0)
        return timeMs;
    // Rounded towards minus infinity, also before 1970.
    qint64 quotient = timeMs / bucketMs;
    if (timeMs % bucketMs < 0)
        --quotient;
    return quotient * bucketMs;
}

CandleSeries aggregateCandles(const CandleSeries& series, int first, int last, qint64 bucketMs)
{
    CandleSeries merged;
    if (series.empty())
        return merged;
    first = std::max(first, 0);
    last = std::min(last, int(series.size()) - 1);
    if (first > last)
        return merged;
    if (bucketMs <= 0)
        return CandleSeries(series.begin() + first, series.begin() + last + 1);
    qint64 bucket = 0;
    for (int i = first; i <= last; ++i) {
        const Candle& candle = series[std::size_t(i)];
        const qint64 start = bucketStartMs(candle.openTimeMs, bucketMs);
        if (merged.empty() || start != bucket) {
            bucket = start;
            merged.push_back(candle);
            continue;
        }
        Candle& bar = merged.back();
        bar.high = std::max(bar.high, candle.high);
        bar.low = std::min(bar.low, candle.low);
        bar.close = candle.close;
        bar.volume += candle.volume;
        bar.closed = bar.closed && candle.closed;
    }
    return merged;
}

int priceDecimals(double price)
{
    const double magnitude = std::abs(price);
    if (magnitude >= 1 || magnitude == 0)
        return 2;
    if (magnitude >= 0.01)
        return 4;
    return 8;
}

} // namespace bcf::app
