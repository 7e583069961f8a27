#pragma once

#include <QMetaType>
#include <QString>
#include <QStringView>
#include <QtGlobal>

#include <optional>
#include <vector>

// Candles as the chart shows them. Prices and volumes are doubles for drawing only: the GUI
// never does money arithmetic with them (the server's decimal strings stay authoritative).
namespace bcf::app {

struct Candle {
    qint64 openTimeMs = 0;
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    double volume = 0;
    // False for the bar that is still forming.
    bool closed = true;

    friend bool operator==(const Candle&, const Candle&) = default;
};

using CandleSeries = std::vector<Candle>;

// Builds a candle from the protocol's decimal strings; nullopt when a price or the volume is
// not a number, or the prices are inconsistent (low above high).
std::optional<Candle> candleFromDecimals(qint64 openTimeMs, QStringView open, QStringView high,
                                         QStringView low, QStringView close, QStringView volume,
                                         bool closed);

// The length of a timeframe ("1m", "4h", "1d", "1w") in milliseconds; 0 when unknown. "1M" (a
// calendar month) counts as 30 days.
qint64 timeframeMs(QStringView timeframe);

// Merges `newest` (oldest first) into `series` (oldest first): a candle with an open time
// already present replaces it, later ones are appended. Candles older than the loaded range
// are ignored. Returns whether anything changed.
bool mergeNewest(CandleSeries& series, const CandleSeries& newest);

// Puts `older` (oldest first) in front of `series`, skipping candles at or after the first
// loaded open time. Returns the number of candles added.
int prependOlder(CandleSeries& series, const CandleSeries& older);

// The index of the candle whose period contains `timeMs` (nearest one outside the range);
// -1 for an empty series.
int candleIndexAt(const CandleSeries& series, qint64 timeMs);

// Merges the candles series[first..last] (inclusive, clamped to the series) into bars of
// `bucketMs`: consecutive candles whose open times fall in the same bucket (open time divided by
// bucketMs, rounded down; buckets are aligned to the epoch, so they do not move when candles
// are added at either end) become one bar with the open time and open of the first, the close
// of the last, the highest high, the lowest low and the summed volume; closed only when all of
// them are. bucketMs ≤ 0 copies the range unchanged.
CandleSeries aggregateCandles(const CandleSeries& series, int first, int last, qint64 bucketMs);

// The start of the bucket of `bucketMs` holding `timeMs` (as aggregateCandles() aligns them).
qint64 bucketStartMs(qint64 timeMs, qint64 bucketMs);

// Decimals to show for a price of this magnitude: 2 from 1 up, more below.
int priceDecimals(double price);

} // namespace bcf::app

Q_DECLARE_METATYPE(bcf::app::Candle)
