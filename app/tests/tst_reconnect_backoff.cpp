// ReconnectBackoff: the 1 s → 30 s doubling schedule and its jitter, with a fixed random source.
#include "core/reconnect_backoff.h"

#include <QTest>

#include <vector>

using namespace bcf::app;
using std::chrono::milliseconds;

class TestReconnectBackoff final : public QObject
{
    Q_OBJECT

private:
    static std::vector<long long> delays(ReconnectBackoff& backoff, int count)
    {
        std::vector<long long> result;
        for (int i = 0; i < count; ++i)
            result.push_back(backoff.next().count());
        return result;
    }

private slots:
    void doublesUpToTheMaximumWithoutJitterAtTheMidpoint()
    {
        ReconnectBackoff backoff({}, [] { return 0.5; });
        const std::vector<long long> expected{1000, 2000, 4000, 8000, 16000, 30000, 30000};
        QCOMPARE(delays(backoff, 7), expected);
        QCOMPARE(backoff.attempts(), 7);
    }

    void jitterStaysWithinTwentyPercentAndUnderTheMaximum()
    {
        ReconnectBackoff low({}, [] { return 0.0; });
        const std::vector<long long> lowExpected{800, 1600, 3200, 6400, 12800, 24000, 24000};
        QCOMPARE(delays(low, 7), lowExpected);

        ReconnectBackoff high({}, [] { return 0.999999; });
        const std::vector<long long> highExpected{1200, 2400, 4800, 9600, 19200, 30000};
        QCOMPARE(delays(high, 6), highExpected);
    }

    void resetStartsOverAfterAConnection()
    {
        ReconnectBackoff backoff({}, [] { return 0.5; });
        delays(backoff, 4);
        QCOMPARE(backoff.nominal(), milliseconds(16000));
        backoff.reset();
        QCOMPARE(backoff.attempts(), 0);
        QCOMPARE(backoff.next(), milliseconds(1000));
    }

    void customScheduleAndOutOfRangeRandomness()
    {
        ReconnectBackoff::Schedule schedule;
        schedule.initial = milliseconds(250);
        schedule.maximum = milliseconds(1000);
        schedule.multiplier = 3.0;
        schedule.jitter = 0.0;
        ReconnectBackoff backoff(schedule, [] { return 7.0; }); // clamped, and jitter is off
        const std::vector<long long> expected{250, 750, 1000, 1000};
        QCOMPARE(delays(backoff, 4), expected);
    }

    void defaultRandomSourceStaysInRange()
    {
        ReconnectBackoff backoff;
        for (int i = 0; i < 50; ++i) {
            const auto nominal = backoff.nominal();
            const auto delay = backoff.next();
            QVERIFY(delay >= milliseconds(llround(double(nominal.count()) * 0.8)));
            QVERIFY(delay <= std::min(milliseconds(llround(double(nominal.count()) * 1.2)),
                                      milliseconds(30000)));
        }
    }
};

QTEST_APPLESS_MAIN(TestReconnectBackoff)
#include "tst_reconnect_backoff.moc"
