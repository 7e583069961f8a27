// Timeframes, instruments and candle building/aggregation.
#include "model/candle_builder.h"
#include "model/instrument.h"
#include "model/timeframe.h"

#include <QTest>

using namespace bcf;
using namespace bcf::model;
using namespace std::chrono_literals;

namespace {

TimePoint at(long long unixMillis)
{
    return fromUnixMillis(unixMillis);
}

// 2024-03-13T10:17:42.500Z, a Wednesday.
constexpr long long kWednesday = 1'710'325'062'500LL;

Trade trade(long long time, const char *price, const char *quantity, std::int64_t id = 0)
{
    return Trade{id, at(time), *Price::parse(price), *Quantity::parse(quantity), Side::Buy};
}

Candle minuteCandle(long long openTime, const char *o, const char *h, const char *l,
                    const char *c, const char *volume)
{
    Candle candle;
    candle.timeframe = Timeframe::M1;
    candle.openTime = at(openTime);
    candle.open = *Price::parse(o);
    candle.high = *Price::parse(h);
    candle.low = *Price::parse(l);
    candle.close = *Price::parse(c);
    candle.volume = *Quantity::parse(volume);
    candle.quoteVolume = notional(candle.close, candle.volume);
    candle.tradeCount = 1;
    candle.closed = true;
    return candle;
}

} // namespace

class TestCandles final : public QObject {
    Q_OBJECT

private slots:
    void timeframeNamesRoundTrip()
    {
        for (Timeframe timeframe : kAllTimeframes)
            QCOMPARE(parseTimeframe(timeframeName(timeframe)).value(), timeframe);
        QVERIFY(!parseTimeframe("2m"));
        QVERIFY(!parseTimeframe("1H"));
        QCOMPARE(parseTimeframe("1M").value(), Timeframe::Mo1);
    }

    void bucketsAlignLikeBinance_data()
    {
        QTest::addColumn<QString>("timeframe");
        QTest::addColumn<qlonglong>("expected");
        QTest::newRow("1m") << QStringLiteral("1m") << qlonglong(1'710'325'020'000LL);
        QTest::newRow("15m") << QStringLiteral("15m") << qlonglong(1'710'324'900'000LL);   // 10:15
        QTest::newRow("4h") << QStringLiteral("4h") << qlonglong(1'710'316'800'000LL);     // 08:00
        QTest::newRow("1d") << QStringLiteral("1d") << qlonglong(1'710'288'000'000LL);     // 00:00
        QTest::newRow("3d") << QStringLiteral("3d") << qlonglong(1'710'201'600'000LL);     // 03-12
        QTest::newRow("1w") << QStringLiteral("1w") << qlonglong(1'710'115'200'000LL);     // Mon 03-11
        QTest::newRow("1M") << QStringLiteral("1M") << qlonglong(1'709'251'200'000LL);     // 03-01
    }

    void bucketsAlignLikeBinance()
    {
        QFETCH(QString, timeframe);
        QFETCH(qlonglong, expected);
        const Timeframe frame = *parseTimeframe(timeframe.toStdString());
        QCOMPARE(toUnixMillis(bucketStart(frame, at(kWednesday))), expected);
        // The start of a bucket is its own bucket.
        QCOMPARE(toUnixMillis(bucketStart(frame, at(expected))), expected);
    }

    void calendarMonthsHaveTheirLength()
    {
        const TimePoint february = bucketStart(Timeframe::Mo1, at(1'709'000'000'000LL)); // 2024-02
        QCOMPARE(nextBucketStart(Timeframe::Mo1, february) - february,
                 std::chrono::milliseconds(29LL * 86'400'000));
        const TimePoint december = bucketStart(Timeframe::Mo1, at(1'703'980'800'000LL)); // 2023-12-31
        QCOMPARE(toUnixMillis(nextBucketStart(Timeframe::Mo1, december)), 1'704'067'200'000LL);
    }

    void dividesRules()
    {
        QVERIFY(divides(Timeframe::M1, Timeframe::H1));
        QVERIFY(divides(Timeframe::H8, Timeframe::D3));
        QVERIFY(divides(Timeframe::D1, Timeframe::W1));
        QVERIFY(divides(Timeframe::H4, Timeframe::Mo1));
        QVERIFY(!divides(Timeframe::D3, Timeframe::W1));
        QVERIFY(!divides(Timeframe::W1, Timeframe::Mo1));
        QVERIFY(!divides(Timeframe::H1, Timeframe::M15));
    }

    void tradesBuildCandles()
    {
        CandleBuilder builder(Timeframe::M1);
        const long long minute = 1'710'325'020'000LL;
        QVERIFY(builder.addTrade(trade(minute + 1000, "100.00", "1"))->empty());
        QVERIFY(builder.addTrade(trade(minute + 2000, "101.50", "0.5"))->empty());
        QVERIFY(builder.addTrade(trade(minute + 3000, "99.25", "2"))->empty());
        QCOMPARE(builder.current()->high, *Price::parse("101.5"));
        QVERIFY(!builder.current()->closed);

        const auto closed = builder.addTrade(trade(minute + 61'000, "99.50", "1"));
        QVERIFY(closed.has_value());
        QCOMPARE(closed->size(), std::size_t(1));
        const Candle &candle = closed->front();
        QCOMPARE(toUnixMillis(candle.openTime), minute);
        QCOMPARE(candle.open, *Price::parse("100"));
        QCOMPARE(candle.high, *Price::parse("101.5"));
        QCOMPARE(candle.low, *Price::parse("99.25"));
        QCOMPARE(candle.close, *Price::parse("99.25"));
        QCOMPARE(candle.volume, *Quantity::parse("3.5"));
        QCOMPARE(candle.quoteVolume, *Money::parse("349.25")); // 100 + 50.75 + 198.5
        QCOMPARE(candle.tradeCount, std::int64_t(3));
        QVERIFY(candle.closed);

        // Out-of-order data is refused, and the builder is unchanged.
        const auto stale = builder.addTrade(trade(minute + 5000, "1", "1"));
        QVERIFY(!stale.has_value());
        QCOMPARE(builder.current()->close, *Price::parse("99.5"));

        QVERIFY(!builder.closeIfDue(at(minute + 119'999)));
        const auto due = builder.closeIfDue(at(minute + 120'000));
        QVERIFY(due.has_value());
        QVERIFY(due->closed);
        QVERIFY(!builder.current());
    }

    void minutesAggregateToHours()
    {
        const long long hour = 1'710'324'000'000LL; // 10:00
        std::vector<Candle> minutes;
        for (int i = 0; i < 90; ++i) {
            const std::string price = std::to_string(100 + i);
            minutes.push_back(minuteCandle(hour + i * 60'000LL, price.c_str(),
                                           std::to_string(100 + i + 5).c_str(),
                                           std::to_string(100 + i - 5).c_str(), price.c_str(),
                                           "1"));
        }
        const auto hours = aggregate(minutes, Timeframe::H1, at(hour + 90 * 60'000LL));
        QVERIFY(hours.has_value());
        QCOMPARE(hours->size(), std::size_t(2));
        const Candle &first = (*hours)[0];
        QCOMPARE(first.timeframe, Timeframe::H1);
        QCOMPARE(first.open, *Price::parse("100"));
        QCOMPARE(first.high, *Price::parse("164"));
        QCOMPARE(first.low, *Price::parse("95"));
        QCOMPARE(first.close, *Price::parse("159"));
        QCOMPARE(first.volume, *Quantity::parse("60"));
        QVERIFY(first.closed);
        QVERIFY(!(*hours)[1].closed); // 11:00–11:30 is still open at 11:30
        QCOMPARE((*hours)[1].volume, *Quantity::parse("30"));

        const auto wrong = aggregate(minutes, Timeframe::M1, at(hour));
        QVERIFY(wrong.has_value()); // 1m → 1m is the identity
        QCOMPARE(wrong->size(), minutes.size());
        std::vector<Candle> weeks = {minuteCandle(hour, "1", "1", "1", "1", "1")};
        weeks[0].timeframe = Timeframe::W1;
        QVERIFY(!aggregate(weeks, Timeframe::Mo1, at(hour)).has_value());
    }

    void instrumentRules()
    {
        Instrument btc{"binance", "BTCUSDT", "BTC", "USDT", *Price::parse("0.01"),
                       *Quantity::parse("0.00001"), *Money::parse("5"), 2, 5};
        QVERIFY(btc.validate().has_value());
        QVERIFY(btc.checkPrice(*Price::parse("27000.01")).has_value());
        QVERIFY2(btc.checkPrice(*Price::parse("27000.015")).error().message.find("tick size 0.01")
                     != std::string::npos,
                 btc.checkPrice(*Price::parse("27000.015")).error().message.c_str());
        QVERIFY(!btc.checkQuantity(*Quantity::parse("0.000015")).has_value());
        QVERIFY(!btc.checkQuantity(Quantity()).has_value());
        QVERIFY(!btc.checkNotional(*Price::parse("27000"), *Quantity::parse("0.0001")).has_value());
        QVERIFY(btc.checkNotional(*Price::parse("27000"), *Quantity::parse("0.001")).has_value());
        QCOMPARE(precisionOf(btc.tickSize), 2);
        QCOMPARE(precisionOf(btc.lotSize), 5);
        Instrument broken = btc;
        broken.tickSize = Price();
        QVERIFY(!broken.validate().has_value());
    }
};

QTEST_APPLESS_MAIN(TestCandles)
#include "test_candles.moc"
