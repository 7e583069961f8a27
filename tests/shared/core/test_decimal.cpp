// Fixed-point Price / Quantity / Money: exact parsing, formatting, rounding to steps, notional.
#include "core/decimal.h"

#include <QTest>

using namespace bcf;

class TestDecimal final : public QObject {
    Q_OBJECT

private slots:
    void parsesExactly_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("raw");
        QTest::newRow("integer") << QStringLiteral("42") << qint64(4'200'000'000);
        QTest::newRow("fraction") << QStringLiteral("0.00012345") << qint64(12'345);
        QTest::newRow("negative") << QStringLiteral("-1.5") << qint64(-150'000'000);
        QTest::newRow("plus") << QStringLiteral("+2.") << qint64(200'000'000);
        QTest::newRow("leading dot") << QStringLiteral(".5") << qint64(50'000'000);
        QTest::newRow("trailing zeros beyond 8") << QStringLiteral("1.1234567800") << qint64(112'345'678);
        QTest::newRow("max") << QStringLiteral("92233720368.54775807") << qint64(INT64_MAX);
    }

    void parsesExactly()
    {
        QFETCH(QString, text);
        QFETCH(qint64, raw);
        const auto parsed = Price::parse(text.toStdString());
        QVERIFY2(parsed.has_value(), parsed ? "" : parsed.error().message.c_str());
        QCOMPARE(parsed->raw(), raw);
    }

    void rejectsBadText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QString() << QStringLiteral("empty");
        QTest::newRow("letters") << QStringLiteral("12a") << QStringLiteral("unexpected character 'a'");
        QTest::newRow("two points") << QStringLiteral("1.2.3") << QStringLiteral("two decimal points");
        QTest::newRow("nine places") << QStringLiteral("0.123456789") << QStringLiteral("more than 8");
        QTest::newRow("exponent") << QStringLiteral("1e-3") << QStringLiteral("unexpected character 'e'");
        QTest::newRow("too large") << QStringLiteral("92233720368.54775808") << QStringLiteral("too large");
        QTest::newRow("sign only") << QStringLiteral("-") << QStringLiteral("no digits");
    }

    void rejectsBadText()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        const auto parsed = Quantity::parse(text.toStdString());
        QVERIFY(!parsed.has_value());
        QCOMPARE(parsed.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(QString::fromStdString(parsed.error().message).contains(reason),
                 parsed.error().message.c_str());
    }

    void formats()
    {
        const Price price = *Price::parse("1234.5");
        QCOMPARE(QString::fromStdString(price.toString()), QStringLiteral("1234.5"));
        QCOMPARE(QString::fromStdString(price.toString(2)), QStringLiteral("1234.50"));
        QCOMPARE(QString::fromStdString(price.toString(0)), QStringLiteral("1235"));
        QCOMPARE(QString::fromStdString((-*Price::parse("0.005")).toString(2)), QStringLiteral("-0.01"));
        QCOMPARE(QString::fromStdString(Price().toString()), QStringLiteral("0"));
        QCOMPARE(QString::fromStdString(Price::fromRaw(1).toString()), QStringLiteral("0.00000001"));
    }

    void arithmeticAndOrder()
    {
        const Quantity a = *Quantity::parse("0.1");
        const Quantity b = *Quantity::parse("0.2");
        QCOMPARE(a + b, *Quantity::parse("0.3")); // exact, unlike 0.1 + 0.2 in double
        QVERIFY(a < b);
        QCOMPARE(b - a - a, Quantity());
        QVERIFY((a - b).isNegative());
    }

    void roundsToSteps()
    {
        const Price tick = *Price::parse("0.01");
        QCOMPARE(Price::parse("10.239")->floorTo(tick), *Price::parse("10.23"));
        QCOMPARE(Price::parse("10.235")->roundTo(tick), *Price::parse("10.24"));
        QCOMPARE(Price::parse("-10.231")->floorTo(tick), *Price::parse("-10.24"));
        QVERIFY(Price::parse("10.23")->isMultipleOf(tick));
        QVERIFY(!Price::parse("10.231")->isMultipleOf(tick));
        QVERIFY(!Price::parse("10")->isMultipleOf(Price()));
    }

    void notionalIsExact()
    {
        QCOMPARE(notional(*Price::parse("27123.45"), *Quantity::parse("0.00123")),
                 *Money::parse("33.3618435"));
        // 128-bit intermediate: large price × large quantity does not overflow before scaling.
        QCOMPARE(notional(*Price::parse("60000"), *Quantity::parse("1000000")),
                 *Money::parse("60000000000"));
        // Rounded half away from zero at the 8th digit.
        QCOMPARE(notional(Price::fromRaw(5), Quantity::fromRaw(10'000'000)), Money::fromRaw(1));
    }
};

QTEST_APPLESS_MAIN(TestDecimal)
#include "test_decimal.moc"
