// Kline CSV lines: both layouts, and errors that name the column.
#include "model/kline_csv.h"

#include <QTest>

using namespace bcf;
using namespace bcf::model;

namespace {

constexpr const char *kBinanceLine =
    "1710325020000,72001.10,72050.00,71990.01,72010.55,12.34567,1710325079999,888888.12345678,"
    "1234,6.1,444444.1,0";

} // namespace

class TestKlineCsv final : public QObject {
    Q_OBJECT

private slots:
    void binanceLine()
    {
        CsvError error;
        const auto candle = parseKlineLine(kBinanceLine, KlineCsvFormat::Binance, Timeframe::M1,
                                           false, error);
        QVERIFY2(candle.has_value(), candle ? "" : candle.error().message.c_str());
        QVERIFY(candle->has_value());
        const Candle &c = **candle;
        QCOMPARE(toUnixMillis(c.openTime), 1'710'325'020'000LL);
        QCOMPARE(c.open, *Price::parse("72001.10"));
        QCOMPARE(c.high, *Price::parse("72050"));
        QCOMPARE(c.low, *Price::parse("71990.01"));
        QCOMPARE(c.close, *Price::parse("72010.55"));
        QCOMPARE(c.volume, *Quantity::parse("12.34567"));
        QCOMPARE(c.quoteVolume, *Money::parse("888888.12345678"));
        QCOMPARE(c.tradeCount, std::int64_t(1234));
        QVERIFY(c.closed);
    }

    void microsecondTimestampsAreAccepted()
    {
        CsvError error;
        const auto candle = parseKlineLine(
            "1710325020000000,1,1,1,1,0,1710325079999999,0,0,0,0,0", KlineCsvFormat::Binance,
            Timeframe::M1, false, error);
        QVERIFY(candle.has_value());
        QCOMPARE(toUnixMillis((*candle)->openTime), 1'710'325'020'000LL);
    }

    void genericWithHeader()
    {
        CsvError error;
        const auto header = parseKlineLine("timestamp_ms,open,high,low,close,volume",
                                           KlineCsvFormat::Generic, Timeframe::H1, true, error);
        QVERIFY(header.has_value());
        QVERIFY(!header->has_value());
        const auto candle = parseKlineLine("1710324000000,10,12,9,11,100\r",
                                           KlineCsvFormat::Generic, Timeframe::H1, false, error);
        QVERIFY(candle.has_value());
        QCOMPARE((*candle)->quoteVolume, *Money::parse("1100"));
        // A header is only tolerated on the first line.
        QVERIFY(!parseKlineLine("timestamp_ms,open,high,low,close,volume", KlineCsvFormat::Generic,
                                Timeframe::H1, false, error));
    }

    void errorsNameTheColumn_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad time") << QStringLiteral("17x,1,1,1,1,1") << 1
                                  << QStringLiteral("open_time");
        QTest::newRow("field count") << QStringLiteral("1710324000000,1,1,1,1") << 6
                                     << QStringLiteral("expected 6 fields, found 5");
        QTest::newRow("bad high") << QStringLiteral("1710324000000,1,abc,1,1,1") << 3
                                  << QStringLiteral("high:");
        QTest::newRow("zero price") << QStringLiteral("1710324000000,0,1,1,1,1") << 2
                                    << QStringLiteral("open must be positive");
        QTest::newRow("negative volume") << QStringLiteral("1710324000000,1,1,1,1,-2") << 6
                                         << QStringLiteral("volume must not be negative");
        QTest::newRow("high below close") << QStringLiteral("1710324000000,1,1.5,1,2,1") << 3
                                          << QStringLiteral("below open or close");
        QTest::newRow("low above open") << QStringLiteral("1710324000000,1,2,1.5,2,1") << 4
                                        << QStringLiteral("above open or close");
        QTest::newRow("not on the hour") << QStringLiteral("1710324060000,1,1,1,1,1") << 1
                                         << QStringLiteral("not the start of a 1h candle");
    }

    void errorsNameTheColumn()
    {
        QFETCH(QString, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        CsvError error;
        const auto candle = parseKlineLine(line.toStdString(), KlineCsvFormat::Generic,
                                           Timeframe::H1, false, error);
        QVERIFY(!candle.has_value());
        QCOMPARE(error.column, column);
        QVERIFY2(QString::fromStdString(error.message).contains(message), error.message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestKlineCsv)
#include "test_kline_csv.moc"
