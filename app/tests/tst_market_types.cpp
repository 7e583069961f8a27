// Market values: decimal strings, the 24-hour change, cumulative depth and the spread.
#include "core/market_types.h"

#include <QTest>

using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

BookLevel level(const QString& price, const QString& quantity)
{
    return *bookLevelFromDecimals(price, quantity);
}

} // namespace

class TestMarketTypes final : public QObject
{
    Q_OBJECT

private slots:
    void parsesDecimals()
    {
        const auto price = parseProtocolDecimal(u"27123.45000000");
        QVERIFY(price.has_value());
        QCOMPARE(price->raw(), 2712345000000LL);
        QCOMPARE(bcf::Price::kScaleDigits, 8);
        QCOMPARE(price->toString(8), std::string("27123.45000000"));
        QCOMPARE(parseProtocolDecimal(u"-0.5")->toString(), std::string("-0.5"));
        QCOMPARE(parseProtocolDecimal(u" 42 ")->toString(), std::string("42"));
        QCOMPARE(parseProtocolDecimal(u".5")->toString(), std::string("0.5"));
    }

    void rejectsWhatIsNotADecimal_data()
    {
        QTest::addColumn<QString>("text");
        for (const char* text : {"", "abc", "1e5", "nan", "inf", "0x10", "1.2.3", "-", ".",
                                 "12 34", "1234567890123456789012"})
            QTest::newRow(text) << QString::fromLatin1(text);
    }

    void rejectsWhatIsNotADecimal()
    {
        QFETCH(QString, text);
        QVERIFY(!parseProtocolDecimal(text).has_value());
        QVERIFY(!decimalToDouble(text).has_value());
    }

    void convertsToDoubleForDisplay()
    {
        QCOMPARE(*decimalToDouble(u"27123.45"), 27123.45);
        QCOMPARE(*decimalToDouble(u"0.00001234"), 0.00001234);
    }

    void roundsToAPrecision()
    {
        QCOMPARE(parseProtocolDecimal(u"1.005")->toString(2), std::string("1.01"));
        QCOMPARE(parseProtocolDecimal(u"1.004")->toString(2), std::string("1.00"));
        QCOMPARE(parseProtocolDecimal(u"-1.005")->toString(2), std::string("-1.01"));
        QCOMPARE(parseProtocolDecimal(u"7")->toString(3), std::string("7.000"));
        QCOMPARE(parseProtocolDecimal(u"0.0000001")->toString(8), std::string("0.00000010"));
        const QLocale portuguese(QLocale::Portuguese, QLocale::Brazil);
        QCOMPARE(formatDecimal(u"27123.45000000", 2, portuguese), u"27123,45"_s);
        QCOMPARE(formatDecimal(u"0.1", 4, QLocale::c()), u"0.1000"_s);
        QCOMPARE(formatDecimal(u"n/a", 2, QLocale::c()), u"n/a"_s);
    }

    void subtractsExactly()
    {
        // 0.3 − 0.1 is not 0.2 in doubles; it is here.
        const auto difference = *parseProtocolDecimal(u"0.3") - *parseProtocolDecimal(u"0.1");
        QCOMPARE(difference.toString(), std::string("0.2"));
        const auto mixed = *parseProtocolDecimal(u"100.01") - *parseProtocolDecimal(u"99.9999");
        QCOMPARE(mixed.toString(), std::string("0.0101"));
        // More than 8 places is not a protocol decimal (the servers never send one).
        QVERIFY(!parseProtocolDecimal(u"0.000000001").has_value());
    }

    void computesTheDailyChange()
    {
        Ticker ticker;
        ticker.openPrice = u"100"_s;
        ticker.lastPrice = u"105.5"_s;
        QCOMPARE(*changePercent(ticker), 5.5);
        ticker.lastPrice = u"90"_s;
        QCOMPARE(*changePercent(ticker), -10.0);
        ticker.openPrice = u"0"_s;
        QVERIFY(!changePercent(ticker).has_value());
        ticker.openPrice = u""_s;
        QVERIFY(!changePercent(ticker).has_value());
    }

    void accumulatesDepth()
    {
        const std::vector<BookLevel> bids = {level(u"100"_s, u"1.5"_s), level(u"99"_s, u"2"_s),
                                             level(u"98"_s, u"0.25"_s)};
        const std::vector<double> expected = {1.5, 3.5, 3.75};
        QCOMPARE(cumulativeQuantities(bids), expected);
        QVERIFY(cumulativeQuantities({}).empty());
    }

    void measuresTheSpread()
    {
        BookSnapshot book;
        QVERIFY(!bookSpread(book).has_value());
        QVERIFY(!bookMidPrice(book).has_value());
        book.bids = {level(u"27123.40"_s, u"1"_s)};
        QVERIFY(!bookSpread(book).has_value());
        book.asks = {level(u"27123.45"_s, u"2"_s)};
        QCOMPARE(bookSpread(book)->toString(), std::string("0.05"));
        QCOMPARE(*bookMidPrice(book), 27123.425);
    }

    void refusesNegativeOrUnreadableLevelsAndTrades()
    {
        QVERIFY(!bookLevelFromDecimals(u"-1", u"1").has_value());
        QVERIFY(!bookLevelFromDecimals(u"1", u"x").has_value());
        QVERIFY(!tradeFromDecimals(1, 0, u"1", u"-2", Side::Buy).has_value());
        const auto trade = tradeFromDecimals(7, 1000, u"27000.10", u"0.002", Side::Sell);
        QVERIFY(trade.has_value());
        QCOMPARE(trade->price, u"27000.10"_s);
        QCOMPARE(trade->quantityValue, 0.002);
        QCOMPARE(trade->aggressor, Side::Sell);
    }

    void listsTheSymbolsOfAnExchange()
    {
        std::vector<Instrument> instruments(3);
        instruments[0].exchange = u"binance"_s;
        instruments[0].symbol = u"BTCUSDT"_s;
        instruments[1].exchange = u"other"_s;
        instruments[1].symbol = u"XYZ"_s;
        instruments[2].exchange = u"binance"_s;
        instruments[2].symbol = u"ETHUSDT"_s;
        QCOMPARE(symbolsOf(instruments, u"binance"_s), QStringList({u"BTCUSDT"_s, u"ETHUSDT"_s}));
    }
};

QTEST_APPLESS_MAIN(TestMarketTypes)
#include "tst_market_types.moc"
