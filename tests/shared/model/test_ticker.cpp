// RollingTicker: the 24-hour statistics of a stream of 1m candles.
#include "model/ticker.h"

#include <QTest>

using namespace bcf;
using namespace bcf::model;

namespace {

// 2024-03-13T10:17:00Z, a minute boundary.
constexpr long long kMinute = 60'000;
constexpr long long kBase = 1'710'325'020'000LL;

// The open time of the minute `index` minutes after kBase.
TimePoint minuteAt(long long index)
{
    return fromUnixMillis(kBase + index * kMinute);
}

Candle minute(long long index, const char *o, const char *h, const char *l, const char *c,
              const char *volume, const char *quoteVolume, bool closed = true)
{
    Candle candle;
    candle.timeframe = Timeframe::M1;
    candle.openTime = minuteAt(index);
    candle.open = *Price::parse(o);
    candle.high = *Price::parse(h);
    candle.low = *Price::parse(l);
    candle.close = *Price::parse(c);
    candle.volume = *Quantity::parse(volume);
    candle.quoteVolume = *Money::parse(quoteVolume);
    candle.tradeCount = 1;
    candle.closed = closed;
    return candle;
}

// A flat minute at `price` with volume 1.
Candle flat(long long index, const char *price)
{
    return minute(index, price, price, price, price, "1", price);
}

std::string text(Price value)
{
    return value.toString();
}

} // namespace

class TestTicker final : public QObject {
    Q_OBJECT

private slots:
    void emptyHasNoTicker()
    {
        RollingTicker window;
        QVERIFY(!window.ticker().has_value());
        QCOMPARE(window.minutes(), std::size_t(0));
    }

    void statisticsOverTheWindow()
    {
        RollingTicker window;
        window.add(minute(0, "100", "105", "99", "104", "2", "204.5"));
        window.add(minute(1, "104", "110", "103", "108", "1.5", "160"));
        window.add(minute(2, "108", "109", "95.25", "97", "0.25", "24.5"));
        QCOMPARE(window.minutes(), std::size_t(3));
        const auto ticker = window.ticker();
        QVERIFY(ticker.has_value());
        QCOMPARE(text(ticker->open), std::string("100"));
        QCOMPARE(text(ticker->last), std::string("97"));
        QCOMPARE(text(ticker->high), std::string("110"));
        QCOMPARE(text(ticker->low), std::string("95.25"));
        QCOMPARE(ticker->volume.toString(), std::string("3.75"));
        QCOMPARE(ticker->quoteVolume.toString(), std::string("389"));
        QVERIFY(ticker->time == minuteAt(2));
    }

    void formingMinuteIsReplacedByItsUpdate()
    {
        RollingTicker window;
        window.add(minute(0, "100", "101", "99", "100", "1", "100"));
        window.add(minute(1, "100", "102", "100", "102", "1", "102", false));
        window.add(minute(1, "100", "103", "98", "98.5", "3", "300", false));
        QCOMPARE(window.minutes(), std::size_t(2));
        auto ticker = window.ticker();
        QCOMPARE(text(ticker->last), std::string("98.5"));
        QCOMPARE(text(ticker->high), std::string("103"));
        QCOMPARE(text(ticker->low), std::string("98"));
        QCOMPARE(ticker->volume.toString(), std::string("4")); // not 1 + 1 + 3
        QCOMPARE(ticker->quoteVolume.toString(), std::string("400"));

        // The closed version replaces the forming one too.
        window.add(minute(1, "100", "103", "98", "99", "3.5", "350", true));
        QCOMPARE(window.minutes(), std::size_t(2));
        ticker = window.ticker();
        QCOMPARE(text(ticker->last), std::string("99"));
        QCOMPARE(ticker->volume.toString(), std::string("4.5"));
    }

    void olderMinuteIsInsertedInOrder()
    {
        RollingTicker window;
        window.add(flat(5, "105"));
        window.add(flat(7, "107"));
        window.add(flat(6, "106"));   // a backfilled gap
        window.add(flat(3, "103"));   // older than everything held
        QCOMPARE(window.minutes(), std::size_t(4));
        const auto ticker = window.ticker();
        QCOMPARE(text(ticker->open), std::string("103")); // the oldest minute's open
        QCOMPARE(text(ticker->last), std::string("107")); // the newest minute's close
        QVERIFY(ticker->time == minuteAt(7));
        QCOMPARE(text(ticker->low), std::string("103"));
        QCOMPARE(text(ticker->high), std::string("107"));
        QCOMPARE(ticker->volume.toString(), std::string("4"));
    }

    void windowIsTheLast1440Minutes()
    {
        const long long window = RollingTicker::kWindowMinutes;
        QCOMPARE(window, 1440LL);
        RollingTicker ticker;
        ticker.add(flat(0, "50"));          // exactly 1440 minutes before the newest: out
        ticker.add(flat(1, "60"));          // 1439 minutes before: the first of the window
        ticker.add(flat(window, "70"));     // the newest
        QCOMPARE(ticker.minutes(), std::size_t(2));
        auto stats = ticker.ticker();
        QCOMPARE(text(stats->open), std::string("60"));
        QCOMPARE(text(stats->low), std::string("60"));
        QCOMPARE(stats->volume.toString(), std::string("2"));

        // One minute on, the minute at 1 falls out as well.
        ticker.add(flat(window + 1, "80"));
        QCOMPARE(ticker.minutes(), std::size_t(2));
        stats = ticker.ticker();
        QCOMPARE(text(stats->open), std::string("70"));
        QCOMPARE(text(stats->last), std::string("80"));
        QCOMPARE(text(stats->low), std::string("70"));

        // A backfilled minute already outside the window is not kept; one just inside is.
        ticker.add(flat(1, "10"));
        QCOMPARE(ticker.minutes(), std::size_t(2));
        QCOMPARE(text(ticker.ticker()->low), std::string("70"));
        ticker.add(flat(2, "20"));
        QCOMPARE(ticker.minutes(), std::size_t(3));
        QCOMPARE(text(ticker.ticker()->open), std::string("20"));
        QCOMPARE(text(ticker.ticker()->low), std::string("20"));
    }

    void aJumpEmptiesTheOldWindow()
    {
        RollingTicker ticker;
        for (long long i = 0; i < 10; ++i)
            ticker.add(flat(i, "100"));
        ticker.add(flat(10 + 2 * RollingTicker::kWindowMinutes, "200"));
        QCOMPARE(ticker.minutes(), std::size_t(1));
        QCOMPARE(text(ticker.ticker()->open), std::string("200"));
        QCOMPARE(ticker.ticker()->volume.toString(), std::string("1"));
    }

    void otherTimeframesAreIgnored()
    {
        RollingTicker ticker;
        Candle hour = flat(0, "100");
        hour.timeframe = Timeframe::H1;
        ticker.add(hour);
        QVERIFY(!ticker.ticker().has_value());
        QCOMPARE(ticker.minutes(), std::size_t(0));

        ticker.add(flat(0, "100"));
        Candle fiveMinutes = minute(1, "100", "500", "1", "300", "9", "900");
        fiveMinutes.timeframe = Timeframe::M5;
        ticker.add(fiveMinutes);
        QCOMPARE(ticker.minutes(), std::size_t(1));
        QCOMPARE(text(ticker.ticker()->last), std::string("100"));
        QCOMPARE(text(ticker.ticker()->high), std::string("100"));
    }
};

QTEST_APPLESS_MAIN(TestTicker)
#include "test_ticker.moc"
