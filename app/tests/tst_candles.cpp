// Candles: decimal strings to chart values, timeframe lengths, and how newer and older pages
// join the loaded series.
#include "core/candles.h"

#include <QTest>

using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

Candle bar(qint64 minute, double close, bool closed = true)
{
    return Candle{.openTimeMs = minute * 60000,
                  .open = 100,
                  .high = std::max(100.0, close),
                  .low = std::min(100.0, close),
                  .close = close,
                  .volume = 1,
                  .closed = closed};
}

std::vector<qint64> minutes(const CandleSeries& series)
{
    std::vector<qint64> result;
    for (const Candle& candle : series)
        result.push_back(candle.openTimeMs / 60000);
    return result;
}

} // namespace

class TestCandles final : public QObject
{
    Q_OBJECT

private slots:
    void parsesDecimalStrings()
    {
        const auto candle = candleFromDecimals(1'700'000'000'000, u"27123.45", u"27200.00",
                                               u"27001.5", u"27150.10", u"12.3456789", false);
        QVERIFY(candle);
        QCOMPARE(candle->openTimeMs, 1'700'000'000'000);
        QCOMPARE(candle->open, 27123.45);
        QCOMPARE(candle->high, 27200.0);
        QCOMPARE(candle->low, 27001.5);
        QCOMPARE(candle->close, 27150.10);
        QCOMPARE(candle->volume, 12.3456789);
        QVERIFY(!candle->closed);
    }

    void rejectsUnreadableOrInconsistentCandles()
    {
        QVERIFY(!candleFromDecimals(0, u"", u"2", u"1", u"1", u"1", true));
        QVERIFY(!candleFromDecimals(0, u"1", u"abc", u"1", u"1", u"1", true));
        QVERIFY(!candleFromDecimals(0, u"1", u"2", u"1", u"1", u"nan", true));
        QVERIFY(!candleFromDecimals(0, u"1", u"1", u"2", u"1", u"1", true)); // low > high
        // The C locale's decimal point, whatever the user's locale.
        QVERIFY(!candleFromDecimals(0, u"1,5", u"2", u"1", u"1", u"1", true));
    }

    void knowsTimeframeLengths()
    {
        QCOMPARE(timeframeMs(u"1m"), 60'000);
        QCOMPARE(timeframeMs(u"15m"), 900'000);
        QCOMPARE(timeframeMs(u"4h"), 14'400'000);
        QCOMPARE(timeframeMs(u"1d"), 86'400'000);
        QCOMPARE(timeframeMs(u"1w"), 604'800'000);
        QCOMPARE(timeframeMs(u"1M"), 2'592'000'000);
        QCOMPARE(timeframeMs(u"m"), 0);
        QCOMPARE(timeframeMs(u"0m"), 0);
        QCOMPARE(timeframeMs(u"5x"), 0);
    }

    void mergeReplacesTheFormingBarAndAppendsNewOnes()
    {
        CandleSeries series{bar(1, 100), bar(2, 101), bar(3, 102, false)};
        // The latest two: bar 3 closed with a new price, bar 4 starts.
        QVERIFY(mergeNewest(series, {bar(3, 105), bar(4, 104, false)}));
        QCOMPARE(minutes(series), (std::vector<qint64>{1, 2, 3, 4}));
        QCOMPARE(series[2].close, 105.0);
        QVERIFY(series[2].closed);
        QVERIFY(!series[3].closed);
        // The same answer again changes nothing.
        QVERIFY(!mergeNewest(series, {bar(3, 105), bar(4, 104, false)}));
        // Candles before the loaded range, or unknown gaps inside it, are not invented.
        QVERIFY(!mergeNewest(series, {bar(0, 99)}));
        QCOMPARE(series.size(), std::size_t(4));
    }

    void mergeStreamedBarsOneByOne()
    {
        CandleSeries series{bar(1, 100), bar(2, 101, false)};
        // The forming bar changes: replaced in place.
        QVERIFY(mergeNewest(series, {bar(2, 103, false)}));
        QCOMPARE(minutes(series), (std::vector<qint64>{1, 2}));
        QCOMPARE(series[1].close, 103.0);
        QVERIFY(!series[1].closed);
        // It closes, unchanged otherwise.
        QVERIFY(mergeNewest(series, {bar(2, 103)}));
        QVERIFY(series[1].closed);
        // The same bar again changes nothing.
        QVERIFY(!mergeNewest(series, {bar(2, 103)}));
        // The next bar starts forming: appended.
        QVERIFY(mergeNewest(series, {bar(3, 104, false)}));
        QCOMPARE(minutes(series), (std::vector<qint64>{1, 2, 3}));
        QVERIFY(!series[2].closed);
    }

    void mergeIntoAnEmptySeries()
    {
        CandleSeries series;
        QVERIFY(mergeNewest(series, {bar(7, 1), bar(8, 2)}));
        QCOMPARE(minutes(series), (std::vector<qint64>{7, 8}));
        QVERIFY(!mergeNewest(series, {}));
    }

    void prependSkipsOverlap()
    {
        CandleSeries series{bar(5, 1), bar(6, 1)};
        QCOMPARE(prependOlder(series, {bar(2, 1), bar(3, 1), bar(4, 1), bar(5, 9)}), 3);
        QCOMPARE(minutes(series), (std::vector<qint64>{2, 3, 4, 5, 6}));
        QCOMPARE(series[3].close, 1.0); // the loaded bar 5 is kept
        QCOMPARE(prependOlder(series, {}), 0);
        QCOMPARE(prependOlder(series, {bar(9, 1)}), 0);
    }

    void findsTheCandleAtATime()
    {
        const CandleSeries series{bar(10, 1), bar(11, 1), bar(13, 1)};
        QCOMPARE(candleIndexAt({}, 0), -1);
        QCOMPARE(candleIndexAt(series, 0), 0);
        QCOMPARE(candleIndexAt(series, 10 * 60000), 0);
        QCOMPARE(candleIndexAt(series, 11 * 60000 + 59999), 1);
        QCOMPARE(candleIndexAt(series, 12 * 60000), 1);
        QCOMPARE(candleIndexAt(series, 13 * 60000), 2);
        QCOMPARE(candleIndexAt(series, 99 * 60000), 2);
    }

    void choosesPriceDecimals()
    {
        QCOMPARE(priceDecimals(65000.5), 2);
        QCOMPARE(priceDecimals(1.0), 2);
        QCOMPARE(priceDecimals(0.5), 4);
        QCOMPARE(priceDecimals(0.00001234), 8);
    }

    void aggregatesConsecutiveCandles()
    {
        // Minutes 0..7 merged by 4: buckets [0, 4) and [4, 8).
        CandleSeries series;
        for (qint64 minute = 0; minute < 8; ++minute) {
            series.push_back(Candle{.openTimeMs = minute * 60000,
                                    .open = 10.0 + double(minute),
                                    .high = 20.0 + double(minute % 3),
                                    .low = 5.0 - double(minute % 4),
                                    .close = 11.0 + double(minute),
                                    .volume = 1.0 + double(minute),
                                    .closed = minute != 7});
        }
        const CandleSeries merged = aggregateCandles(series, 0, 7, 4 * 60000);
        QCOMPARE(merged.size(), std::size_t(2));
        const Candle& first = merged[0];
        QCOMPARE(first.openTimeMs, 0);
        QCOMPARE(first.open, 10.0);  // open of the first
        QCOMPARE(first.close, 14.0); // close of the last (minute 3)
        QCOMPARE(first.high, 22.0);  // minute 2
        QCOMPARE(first.low, 2.0);    // minute 3
        QCOMPARE(first.volume, 1.0 + 2 + 3 + 4);
        QVERIFY(first.closed);
        const Candle& second = merged[1];
        QCOMPARE(second.openTimeMs, 4 * 60000);
        QCOMPARE(second.open, 14.0);
        QCOMPARE(second.close, 18.0);
        QCOMPARE(second.high, 22.0); // minute 5
        QCOMPARE(second.low, 2.0);   // minute 7
        QCOMPARE(second.volume, 5.0 + 6 + 7 + 8);
        QVERIFY(!second.closed); // holds the forming bar
    }

    void aggregationBucketsFollowTheClockNotTheRange()
    {
        CandleSeries series;
        for (qint64 minute = 0; minute < 10; ++minute)
            series.push_back(bar(minute, 100 + double(minute)));
        // From minute 3: [3], [4..7], [8..9] — the same buckets as from minute 0.
        const CandleSeries merged = aggregateCandles(series, 3, 9, 4 * 60000);
        QCOMPARE(minutes(merged), (std::vector<qint64>{3, 4, 8}));
        QCOMPARE(merged[1].volume, 4.0);
        QCOMPARE(merged[2].volume, 2.0);
        QCOMPARE(merged[2].close, 109.0);
        // A gap: the missing minutes leave fewer candles in their bucket.
        CandleSeries gapped = {bar(0, 101), bar(1, 102), bar(6, 103), bar(7, 104)};
        QCOMPARE(minutes(aggregateCandles(gapped, 0, 3, 4 * 60000)),
                 (std::vector<qint64>{0, 6}));
        QCOMPARE(bucketStartMs(7 * 60000, 4 * 60000), 4 * 60000);
        QCOMPARE(bucketStartMs(-60000, 4 * 60000), -4 * 60000);
    }

    void aggregationClampsTheRange()
    {
        CandleSeries series = {bar(0, 101), bar(1, 102), bar(2, 103)};
        QCOMPARE(aggregateCandles(series, -5, 10, 0), series);
        QCOMPARE(aggregateCandles(series, 1, 1, 0), (CandleSeries{bar(1, 102)}));
        QVERIFY(aggregateCandles(series, 2, 1, 60000).empty());
        QVERIFY(aggregateCandles({}, 0, 5, 60000).empty());
        QCOMPARE(aggregateCandles(series, 0, 2, 60000), series); // one candle per bucket
    }
};

QTEST_GUILESS_MAIN(TestCandles)
#include "tst_candles.moc"
