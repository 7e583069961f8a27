// SimulatedVenue: fills along the intrabar path, fees, slippage, partial fills, positions and
// round trips, with every expected amount computed by hand (docs/backtesting.md, "Fill rules").
#include "backtest/sim_venue.h"

#include <QTest>

#include <algorithm>
#include <string>
#include <vector>

using namespace bcf;
using namespace bcf::bt;
using bcf::model::Candle;
using bcf::model::Side;

namespace {

constexpr long long kMinute = 60'000;
constexpr long long kBase = 1'710'325'020'000LL; // 2024-03-13T10:17:00Z

TimePoint minuteAt(long long index)
{
    return fromUnixMillis(kBase + index * kMinute);
}

Price price(const char *text)
{
    return *Price::parse(text);
}

Quantity qty(const char *text)
{
    return *Quantity::parse(text);
}

// The 1m bar `index` minutes after kBase. Bullish (close ≥ open) walks open → low → high →
// close, bearish open → high → low → close.
Candle bar(long long index, const char *o, const char *h, const char *l, const char *c,
           const char *volume = "1000")
{
    Candle candle;
    candle.timeframe = model::Timeframe::M1;
    candle.openTime = minuteAt(index);
    candle.open = price(o);
    candle.high = price(h);
    candle.low = price(l);
    candle.close = price(c);
    candle.volume = qty(volume);
    candle.closed = true;
    return candle;
}

Candle flat(long long index, const char *p, const char *volume = "1000")
{
    return bar(index, p, p, p, p, volume);
}

SymbolSpec btc()
{
    // tick 0.01, lot 0.001
    return {"BTCUSDT", Price::fromRaw(1'000'000), Quantity::fromRaw(100'000)};
}

SymbolSpec eth()
{
    // tick 0.01, lot 0.01
    return {"ETHUSDT", Price::fromRaw(1'000'000), Quantity::fromRaw(1'000'000)};
}

VenueConfig config(std::int64_t maker, std::int64_t taker, std::int64_t slippageMicros = 0,
                   std::int64_t slippageTicks = 0, std::int64_t volumeShare = 0)
{
    VenueConfig result;
    result.makerFeeMicros = maker;
    result.takerFeeMicros = taker;
    result.slippageMicros = slippageMicros;
    result.slippageTicks = slippageTicks;
    result.maxVolumeShareMicros = volumeShare;
    result.initialCash = Money::fromUnits(10'000);
    return result;
}

OrderRequest market(Side side, const char *quantity, SymbolId symbol = 0)
{
    OrderRequest request;
    request.symbol = symbol;
    request.side = side;
    request.type = OrderType::Market;
    request.quantity = qty(quantity);
    return request;
}

OrderRequest limit(Side side, const char *quantity, const char *limitPrice)
{
    OrderRequest request = market(side, quantity);
    request.type = OrderType::Limit;
    request.limitPrice = price(limitPrice);
    return request;
}

OrderRequest stop(Side side, const char *quantity, const char *stopPrice)
{
    OrderRequest request = market(side, quantity);
    request.type = OrderType::Stop;
    request.stopPrice = price(stopPrice);
    return request;
}

OrderRequest stopLimit(Side side, const char *quantity, const char *stopPrice,
                       const char *limitPrice)
{
    OrderRequest request = stop(side, quantity, stopPrice);
    request.type = OrderType::StopLimit;
    request.limitPrice = price(limitPrice);
    return request;
}

std::string text(Price value)
{
    return value.toString();
}
std::string text(Quantity value)
{
    return value.toString();
}
std::string text(Money value)
{
    return value.toString();
}

// Opens a long of `quantity` at 100 with a market order: bar 0 closes at 100, bar 1 opens at 100.
std::vector<Fill> openLongAt100(SimulatedVenue &venue, const char *quantity)
{
    std::vector<Fill> fills;
    venue.processBar(0, flat(0, "100"), fills);
    venue.submit(market(Side::Buy, quantity), minuteAt(1));
    venue.processBar(0, flat(1, "100"), fills);
    return fills;
}

bool sameFills(const std::vector<Fill> &a, const std::vector<Fill> &b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].order != b[i].order || a[i].symbol != b[i].symbol || a[i].side != b[i].side
            || a[i].time != b[i].time || a[i].price != b[i].price || a[i].quantity != b[i].quantity
            || a[i].fee != b[i].fee || a[i].liquidity != b[i].liquidity || a[i].tag != b[i].tag)
            return false;
    }
    return true;
}

bool sameTrades(const std::vector<TradeRecord> &a, const std::vector<TradeRecord> &b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].symbol != b[i].symbol || a[i].side != b[i].side || a[i].entryTime != b[i].entryTime
            || a[i].exitTime != b[i].exitTime || a[i].entryPrice != b[i].entryPrice
            || a[i].exitPrice != b[i].exitPrice || a[i].quantity != b[i].quantity
            || a[i].grossPnl != b[i].grossPnl || a[i].fees != b[i].fees
            || a[i].netPnl != b[i].netPnl
            || a[i].bars != b[i].bars)
            return false;
    }
    return true;
}

} // namespace

class TestSimVenue final : public QObject {
    Q_OBJECT

private slots:
    void marketFillsAtNextOpenWithSlippageAndTakerFee()
    {
        // 0.1 % maker, 0.2 % taker, slippage 0.05 % + 1 tick.
        SimulatedVenue venue({btc()}, config(1000, 2000, 500, 1));
        std::vector<Fill> fills;
        venue.processBar(0, flat(0, "100"), fills);
        const OrderId id = venue.submit(market(Side::Buy, "1.5"), minuteAt(1));
        QVERIFY(fills.empty());
        QCOMPARE(venue.order(id)->status, OrderStatus::Working);
        QVERIFY(venue.hasWorkingOrders(0));

        // 100.37 × 1.0005 = 100.420185 → up to the tick 100.43, + 1 tick = 100.44.
        venue.processBar(0, bar(1, "100.37", "101", "100", "100.5"), fills);
        QCOMPARE(fills.size(), std::size_t(1));
        QCOMPARE(text(fills[0].price), std::string("100.44"));
        QCOMPARE(text(fills[0].quantity), std::string("1.5"));
        QCOMPARE(text(fills[0].fee), std::string("0.30132")); // 150.66 × 0.002
        QCOMPARE(fills[0].liquidity, Liquidity::Taker);
        QVERIFY(fills[0].time == minuteAt(1));
        QCOMPARE(venue.order(id)->status, OrderStatus::Filled);
        QVERIFY(!venue.hasWorkingOrders(0));
        QCOMPARE(text(venue.cash()), std::string("9849.03868"));
        QCOMPARE(text(venue.position(0).quantity), std::string("1.5"));
        QCOMPARE(text(venue.position(0).averagePrice), std::string("100.44"));
        QCOMPARE(text(venue.equity()), std::string("9999.78868")); // + 1.5 × 100.5

        // Sell: 102 × 0.9995 = 101.949 → down to 101.94, − 1 tick = 101.93.
        venue.submit(market(Side::Sell, "1.5"), minuteAt(2));
        venue.processBar(0, bar(2, "102", "102.5", "101", "102"), fills);
        QCOMPARE(fills.size(), std::size_t(2));
        QCOMPARE(text(fills[1].price), std::string("101.93"));
        QCOMPARE(text(fills[1].fee), std::string("0.30579")); // 152.895 × 0.002
        QCOMPARE(venue.trades().size(), std::size_t(1));
        const TradeRecord &trade = venue.trades()[0];
        QCOMPARE(trade.side, Side::Buy);
        QCOMPARE(text(trade.entryPrice), std::string("100.44"));
        QCOMPARE(text(trade.exitPrice), std::string("101.93"));
        QCOMPARE(text(trade.quantity), std::string("1.5"));
        QCOMPARE(text(trade.grossPnl), std::string("2.235"));
        QCOMPARE(text(trade.fees), std::string("0.60711"));
        QCOMPARE(text(trade.netPnl), std::string("1.62789"));
        QCOMPARE(trade.bars, std::int64_t(1));
        QVERIFY(trade.entryTime == minuteAt(1));
        QVERIFY(trade.exitTime == minuteAt(2));
        QCOMPARE(text(venue.cash()), std::string("10001.62789"));
        QCOMPARE(text(venue.equity()), std::string("10001.62789"));
        QCOMPARE(text(venue.feesPaid()), std::string("0.60711"));
        QCOMPARE(text(venue.position(0).realizedPnl), std::string("2.235"));
        QCOMPARE(venue.fills().size(), std::size_t(2));
    }

    void limitFillsAtItsPriceOrAtAGappedOpen()
    {
        SimulatedVenue venue({btc()}, config(1000, 2000));
        std::vector<Fill> fills;
        venue.processBar(0, flat(0, "100"), fills);
        const OrderId touched = venue.submit(limit(Side::Buy, "1", "98"), minuteAt(1));
        // Low 98.01: not reached.
        venue.processBar(0, bar(1, "100", "100.5", "98.01", "99"), fills);
        QVERIFY(fills.empty());
        // Bearish: 100 → 100.5 → 97.5 → 99 reaches 98 on the way down.
        venue.processBar(0, bar(2, "100", "100.5", "97.5", "99"), fills);
        QCOMPARE(fills.size(), std::size_t(1));
        QCOMPARE(fills[0].order, touched);
        QCOMPARE(text(fills[0].price), std::string("98"));
        QCOMPARE(text(fills[0].fee), std::string("0.098"));
        QCOMPARE(fills[0].liquidity, Liquidity::Maker);

        // Opens at 96, through the 98 limit: fills at the better open.
        const OrderId gapped = venue.submit(limit(Side::Buy, "1", "98"), minuteAt(3));
        venue.processBar(0, bar(3, "96", "97", "95", "96.5"), fills);
        QCOMPARE(fills.size(), std::size_t(2));
        QCOMPARE(fills[1].order, gapped);
        QCOMPARE(text(fills[1].price), std::string("96"));
        QCOMPARE(text(fills[1].fee), std::string("0.096"));
        QCOMPARE(text(venue.position(0).quantity), std::string("2"));
        QCOMPARE(text(venue.position(0).averagePrice), std::string("97"));

        // A sell limit above: reached on a rising segment.
        venue.submit(limit(Side::Sell, "2", "99.5"), minuteAt(4));
        venue.processBar(0, bar(4, "97", "100", "96.5", "99"), fills);
        QCOMPARE(fills.size(), std::size_t(3));
        QCOMPARE(text(fills[2].price), std::string("99.5"));
        QCOMPARE(venue.trades().size(), std::size_t(1));
        QCOMPARE(text(venue.trades()[0].grossPnl), std::string("5")); // 199 − 194
    }

    void stopFillsAtItsPriceOrAtAGappedOpenWithSlippage()
    {
        SimulatedVenue venue({btc()}, config(1000, 2000, 500, 1));
        std::vector<Fill> fills;
        venue.processBar(0, flat(0, "100"), fills);
        // Buy stop 105, bullish 100 → 99 → 106 → 104: reached on the way up.
        venue.submit(stop(Side::Buy, "2", "105"), minuteAt(1));
        venue.processBar(0, bar(1, "100", "106", "99", "104"), fills);
        QCOMPARE(fills.size(), std::size_t(1));
        // 105 × 1.0005 = 105.0525 → 105.06, + 1 tick.
        QCOMPARE(text(fills[0].price), std::string("105.07"));
        QCOMPARE(text(fills[0].fee), std::string("0.42028")); // 210.14 × 0.002
        QCOMPARE(fills[0].liquidity, Liquidity::Taker);
        QVERIFY(venue.order(fills[0].order)->triggered);
        QCOMPARE(text(venue.order(fills[0].order)->triggerPrice), std::string("105"));

        // Sell stop 100 with the bar opening at 95: fills at the open, less slippage:
        // 95 × 0.9995 = 94.9525 → 94.95, − 1 tick.
        venue.submit(stop(Side::Sell, "2", "100"), minuteAt(2));
        venue.processBar(0, bar(2, "95", "96", "94", "95.5"), fills);
        QCOMPARE(fills.size(), std::size_t(2));
        QCOMPARE(text(fills[1].price), std::string("94.94"));
        QVERIFY(venue.position(0).quantity.isZero());
    }

    void stopLimitFillsOnlyAfterItsTrigger()
    {
        SimulatedVenue venue({btc()}, config(1000, 2000));
        std::vector<Fill> fills;
        venue.processBar(0, flat(0, "104"), fills);
        const OrderId id = venue.submit(stopLimit(Side::Buy, "1", "105", "103"), minuteAt(1));
        // Bullish 104 → 102 → 106 → 105: 102 is below the limit before the trigger (no fill),
        // the trigger comes at 105, and the path never falls back to 103 after it.
        venue.processBar(0, bar(1, "104", "106", "102", "105"), fills);
        QVERIFY(fills.empty());
        QVERIFY(venue.order(id)->triggered);
        QCOMPARE(text(venue.order(id)->triggerPrice), std::string("105"));
        QCOMPARE(venue.order(id)->status, OrderStatus::Working);
        // Next bar, bearish 104 → 104.5 → 102.5 → 103: the live limit fills at 103.
        venue.processBar(0, bar(2, "104", "104.5", "102.5", "103"), fills);
        QCOMPARE(fills.size(), std::size_t(1));
        QCOMPARE(text(fills[0].price), std::string("103"));
        QCOMPARE(fills[0].liquidity, Liquidity::Maker);
        QCOMPARE(text(fills[0].fee), std::string("0.103"));

        // Trigger and fill on one path: bearish 100 → 106 → 98 → 99 triggers at 105 on the way up
        // and reaches 103 on the way down.
        const OrderId same = venue.submit(stopLimit(Side::Buy, "1", "105", "103"), minuteAt(3));
        venue.processBar(0, bar(3, "100", "106", "98", "99"), fills);
        QCOMPARE(fills.size(), std::size_t(2));
        QCOMPARE(fills[1].order, same);
        QCOMPARE(text(fills[1].price), std::string("103"));
    }

    void trailingStopRatchetsThenTriggers()
    {
        SimulatedVenue venue({btc()}, config(1000, 2000));
        openLongAt100(venue, "1");
        OrderRequest request = market(Side::Sell, "1");
        request.type = OrderType::TrailingStop;
        request.trailDistance = price("2");
        request.reduceOnly = true;
        const OrderId id = venue.submit(request, minuteAt(2));
        QCOMPARE(text(venue.order(id)->triggerPrice), std::string("98")); // last close 100 − 2

        std::vector<Fill> fills;
        venue.processBar(0, bar(2, "100", "101", "99.5", "101"), fills);
        QCOMPARE(text(venue.order(id)->triggerPrice), std::string("99"));
        venue.processBar(0, bar(3, "101", "103", "100.5", "102.5"), fills);
        QCOMPARE(text(venue.order(id)->triggerPrice), std::string("101"));
        venue.processBar(0, bar(4, "102.5", "104", "102", "103.5"), fills);
        QCOMPARE(text(venue.order(id)->triggerPrice), std::string("102"));
        QVERIFY(fills.empty());
        // Bearish 103.5 → 105 → 101 → 101.5: the stop moves to 103 at the high, then the fall
        // reaches it.
        venue.processBar(0, bar(5, "103.5", "105", "101", "101.5"), fills);
        QCOMPARE(fills.size(), std::size_t(1));
        QCOMPARE(text(fills[0].price), std::string("103"));
        QCOMPARE(fills[0].liquidity, Liquidity::Taker);
        QCOMPARE(text(fills[0].fee), std::string("0.206"));
        QCOMPARE(venue.order(id)->status, OrderStatus::Filled);
        QCOMPARE(venue.trades().size(), std::size_t(1));
        QCOMPARE(text(venue.trades()[0].grossPnl), std::string("3"));
        QCOMPARE(venue.trades()[0].bars, std::int64_t(4));
    }

    void trailingStopInBasisPoints()
    {
        SimulatedVenue venue({btc()}, config(1000, 2000));
        std::vector<Fill> fills;
        venue.processBar(0, flat(0, "100"), fills);
        OrderRequest request = market(Side::Sell, "1");
        request.type = OrderType::TrailingStop;
        request.trailBasisPoints = 100; // 1 %
        const OrderId id = venue.submit(request, minuteAt(1));
        QCOMPARE(text(venue.order(id)->triggerPrice), std::string("99"));
        // High 102.37: 1 % = 1.0237 → 1.02; stop 101.35.
        venue.processBar(0, bar(1, "100", "102.37", "99.5", "102"), fills);
        QVERIFY(fills.empty());
        QCOMPARE(text(venue.order(id)->triggerPrice), std::string("101.35"));

        // A buy trailing stop from a given initial stop: ratchets down as the price falls.
        OrderRequest buy = market(Side::Buy, "1");
        buy.type = OrderType::TrailingStop;
        buy.trailDistance = price("1.5");
        buy.stopPrice = price("104");
        const OrderId buyId = venue.submit(buy, minuteAt(2));
        QCOMPARE(text(venue.order(buyId)->triggerPrice), std::string("104"));
        // Bearish 102 → 102.2 → 101.4 → 101.5: the sell trail stays at 101.35 (102.2 − 1.02 is
        // below it) and the fall stops above it; the buy trail moves to 102 + 1.5 at the open,
        // then to 101.4 + 1.5 = 102.9.
        venue.processBar(0, bar(2, "102", "102.2", "101.4", "101.5"), fills);
        QVERIFY(fills.empty());
        QCOMPARE(text(venue.order(buyId)->triggerPrice), std::string("102.9"));
    }

    void ocoFillCancelsTheSibling()
    {
        SimulatedVenue venue({btc()}, config(1000, 2000));
        openLongAt100(venue, "1");
        OrderRequest takeProfit = limit(Side::Sell, "1", "110");
        takeProfit.ocoGroup = 7;
        takeProfit.reduceOnly = true;
        takeProfit.tag = 2;
        OrderRequest stopLoss = stop(Side::Sell, "1", "95");
        stopLoss.ocoGroup = 7;
        stopLoss.reduceOnly = true;
        stopLoss.tag = 1;
        const OrderId tp = venue.submit(takeProfit, minuteAt(2));
        const OrderId sl = venue.submit(stopLoss, minuteAt(2));
        std::vector<Fill> fills;
        venue.processBar(0, bar(2, "100", "111", "99", "108"), fills);
        QCOMPARE(fills.size(), std::size_t(1));
        QCOMPARE(fills[0].order, tp);
        QCOMPARE(fills[0].tag, std::uint32_t(2));
        QCOMPARE(venue.order(tp)->status, OrderStatus::Filled);
        QCOMPARE(venue.order(sl)->status, OrderStatus::Cancelled);
        QVERIFY(venue.order(sl)->doneAt == minuteAt(2));
        QVERIFY(!venue.hasWorkingOrders(0));
        QVERIFY(venue.position(0).quantity.isZero());
    }

    void intrabarPathOrderDecidesStopOrTarget_data()
    {
        QTest::addColumn<bool>("bullish");
        QTest::addColumn<QString>("expectedPrice");
        QTest::addColumn<int>("expectedTag");
        // Bullish 100 → 94 → 111 → 105: the low comes first, the stop-loss fills.
        QTest::newRow("bullish hits the low first") << true << QStringLiteral("95") << 1;
        // Bearish 100 → 111 → 94 → 98: the high comes first, the take-profit fills.
        QTest::newRow("bearish hits the high first") << false << QStringLiteral("110") << 2;
    }

    void intrabarPathOrderDecidesStopOrTarget()
    {
        QFETCH(bool, bullish);
        QFETCH(QString, expectedPrice);
        QFETCH(int, expectedTag);
        SimulatedVenue venue({btc()}, config(1000, 2000));
        openLongAt100(venue, "1");
        OrderRequest stopLoss = stop(Side::Sell, "1", "95");
        stopLoss.ocoGroup = 1;
        stopLoss.tag = 1;
        OrderRequest takeProfit = limit(Side::Sell, "1", "110");
        takeProfit.ocoGroup = 1;
        takeProfit.tag = 2;
        venue.submit(stopLoss, minuteAt(2));
        venue.submit(takeProfit, minuteAt(2));
        std::vector<Fill> fills;
        venue.processBar(0, bar(2, "100", "111", "94", bullish ? "105" : "98"), fills);
        QCOMPARE(fills.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(text(fills[0].price)), expectedPrice);
        QCOMPARE(fills[0].tag, std::uint32_t(expectedTag));
        QVERIFY(!venue.hasWorkingOrders(0));
        QVERIFY(venue.position(0).quantity.isZero());
    }

    void partialFillsFollowTheVolumeShare()
    {
        // At most 10 % of a bar's volume per order per bar.
        SimulatedVenue venue({btc()}, config(1000, 2000, 0, 0, 100'000));
        std::vector<Fill> fills;
        venue.processBar(0, flat(0, "100"), fills);
        const OrderId id = venue.submit(market(Side::Buy, "2.5"), minuteAt(1));
        // 12.34567 × 0.1 = 1.234567 → 1.234 (lot 0.001).
        venue.processBar(0, bar(1, "100", "101", "99", "100", "12.34567"), fills);
        QCOMPARE(fills.size(), std::size_t(1));
        QCOMPARE(text(fills[0].quantity), std::string("1.234"));
        QCOMPARE(venue.order(id)->status, OrderStatus::PartiallyFilled);
        QCOMPARE(text(venue.order(id)->filled), std::string("1.234"));
        // The rest is still a market order: the next open.
        venue.processBar(0, bar(2, "101", "102", "100", "101", "8"), fills);
        QCOMPARE(fills.size(), std::size_t(2));
        QCOMPARE(text(fills[1].price), std::string("101"));
        QCOMPARE(text(fills[1].quantity), std::string("0.8"));
        venue.processBar(0, bar(3, "102", "103", "101", "102", "20"), fills);
        QCOMPARE(fills.size(), std::size_t(3));
        QCOMPARE(text(fills[2].quantity), std::string("0.466"));
        QCOMPARE(venue.order(id)->status, OrderStatus::Filled);
        QCOMPARE(text(venue.position(0).quantity), std::string("2.5"));

        // A sell stop triggered with 1 of 2.5 filled (volume 10): the rest fills as a market at
        // the next opens.
        const OrderId stopId = venue.submit(stop(Side::Sell, "2.5", "95"), minuteAt(4));
        venue.processBar(0, bar(4, "100", "101", "94", "96", "10"), fills);
        QCOMPARE(fills.size(), std::size_t(4));
        QCOMPARE(text(fills[3].price), std::string("95"));
        QCOMPARE(text(fills[3].quantity), std::string("1"));
        venue.processBar(0, bar(5, "93", "99", "92", "98", "10"), fills);
        QCOMPARE(fills.size(), std::size_t(5));
        QCOMPARE(text(fills[4].price), std::string("93"));
        QCOMPARE(text(fills[4].quantity), std::string("1"));
        venue.processBar(0, bar(6, "97", "99", "92", "98", "10"), fills);
        QCOMPARE(fills.size(), std::size_t(6));
        QCOMPARE(text(fills[5].price), std::string("97"));
        QCOMPARE(text(fills[5].quantity), std::string("0.5"));
        QCOMPARE(venue.order(stopId)->status, OrderStatus::Filled);
        QVERIFY(venue.position(0).quantity.isZero());
        QCOMPARE(venue.trades().size(), std::size_t(1));
        QCOMPARE(text(venue.trades()[0].quantity), std::string("2.5"));
    }

    void reduceOnlyIsClippedToThePosition()
    {
        SimulatedVenue venue({btc()}, config(1000, 1000));
        openLongAt100(venue, "1");
        OrderRequest grow = market(Side::Buy, "1");
        grow.reduceOnly = true;
        const OrderId rejected = venue.submit(grow, minuteAt(2));
        QCOMPARE(venue.order(rejected)->status, OrderStatus::Rejected);
        QCOMPARE(venue.order(rejected)->rejectReason,
                 std::string("a reduce-only order would grow the position"));

        OrderRequest exit = market(Side::Sell, "3");
        exit.reduceOnly = true;
        const OrderId id = venue.submit(exit, minuteAt(2));
        std::vector<Fill> fills;
        venue.processBar(0, flat(2, "100"), fills);
        QCOMPARE(fills.size(), std::size_t(1));
        QCOMPARE(text(fills[0].quantity), std::string("1"));
        QVERIFY(venue.position(0).quantity.isZero());
        QCOMPARE(venue.order(id)->status, OrderStatus::Cancelled);
        QCOMPARE(text(venue.order(id)->filled), std::string("1"));

        // Reduce-only on a flat position: accepted (it may protect an entry not yet filled), and
        // cancelled without a fill when it would execute.
        const OrderId stale = venue.submit(exit, minuteAt(3));
        QCOMPARE(venue.order(stale)->status, OrderStatus::Working);
        venue.processBar(0, flat(3, "100"), fills);
        QCOMPARE(fills.size(), std::size_t(1));
        QCOMPARE(venue.order(stale)->status, OrderStatus::Cancelled);
        QVERIFY(!venue.order(stale)->rejectReason.empty());
    }

    void shortRoundTrip()
    {
        SimulatedVenue venue({btc()}, config(1000, 1000));
        std::vector<Fill> fills;
        venue.processBar(0, flat(0, "100"), fills);
        venue.submit(market(Side::Sell, "2"), minuteAt(1));
        venue.processBar(0, bar(1, "100", "100", "97", "98"), fills);
        QCOMPARE(text(venue.position(0).quantity), std::string("-2"));
        QCOMPARE(text(venue.position(0).averagePrice), std::string("100"));
        QCOMPARE(text(venue.cash()), std::string("10199.8")); // + 200 − 0.2
        QCOMPARE(text(venue.equity()), std::string("10003.8")); // − 2 × 98
        venue.submit(market(Side::Buy, "2"), minuteAt(2));
        venue.processBar(0, bar(2, "95", "96", "94", "95"), fills);
        QCOMPARE(venue.trades().size(), std::size_t(1));
        const TradeRecord &trade = venue.trades()[0];
        QCOMPARE(trade.side, Side::Sell);
        QCOMPARE(text(trade.entryPrice), std::string("100"));
        QCOMPARE(text(trade.exitPrice), std::string("95"));
        QCOMPARE(text(trade.grossPnl), std::string("10"));
        QCOMPARE(text(trade.fees), std::string("0.39"));
        QCOMPARE(text(trade.netPnl), std::string("9.61"));
        QCOMPARE(text(venue.position(0).realizedPnl), std::string("10"));
        QCOMPARE(text(venue.equity()), std::string("10009.61"));
        QCOMPARE(venue.barCount(0), std::int64_t(3));
        QCOMPARE(venue.barsInPosition(0), std::int64_t(2));
    }

    void reversalClosesOneTradeAndOpensAnother()
    {
        SimulatedVenue venue({btc()}, config(1000, 1000));
        openLongAt100(venue, "1");
        venue.submit(market(Side::Sell, "3"), minuteAt(2));
        std::vector<Fill> fills;
        venue.processBar(0, flat(2, "110"), fills);
        QCOMPARE(fills.size(), std::size_t(1));
        QCOMPARE(text(fills[0].fee), std::string("0.33"));
        QCOMPARE(venue.trades().size(), std::size_t(1));
        QCOMPARE(text(venue.trades()[0].grossPnl), std::string("10"));
        QCOMPARE(text(venue.trades()[0].fees), std::string("0.21")); // 0.1 + ⅓ of 0.33
        QCOMPARE(text(venue.trades()[0].netPnl), std::string("9.79"));
        QCOMPARE(text(venue.position(0).quantity), std::string("-2"));
        QCOMPARE(text(venue.position(0).averagePrice), std::string("110"));

        venue.submit(market(Side::Buy, "2"), minuteAt(3));
        venue.processBar(0, flat(3, "105"), fills);
        QCOMPARE(venue.trades().size(), std::size_t(2));
        const TradeRecord &second = venue.trades()[1];
        QCOMPARE(second.side, Side::Sell);
        QVERIFY(second.entryTime == minuteAt(2));
        QVERIFY(second.exitTime == minuteAt(3));
        QCOMPARE(text(second.quantity), std::string("2"));
        QCOMPARE(text(second.grossPnl), std::string("10"));
        QCOMPARE(text(second.fees), std::string("0.43")); // ⅔ of 0.33 + 0.21
        QCOMPARE(text(second.netPnl), std::string("9.57"));
        QCOMPARE(text(venue.cash()), std::string("10019.36"));
        QCOMPARE(text(venue.feesPaid()), std::string("0.64"));
    }

    void rejectionsSayWhy_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("reason");
        QTest::newRow("zero quantity") << 0 << QStringLiteral("quantity must be positive");
        QTest::newRow("below the lot") << 1 << QStringLiteral("quantity is below the lot size");
        QTest::newRow("limit without price")
            << 2 << QStringLiteral("a limit order needs a limit price");
        QTest::newRow("stop without price")
            << 3 << QStringLiteral("a stop order needs a stop price");
        QTest::newRow("stop-limit without limit")
            << 4 << QStringLiteral("a stop-limit order needs a limit price");
        QTest::newRow("unknown symbol") << 5 << QStringLiteral("unknown symbol");
        QTest::newRow("trailing without distance")
            << 6
            << QStringLiteral(
                   "a trailing stop needs exactly one of trailDistance and trailBasisPoints");
        QTest::newRow("trailing before the first bar")
            << 7
            << QStringLiteral("a trailing stop needs a stop price before the symbol's first bar");
    }

    void rejectionsSayWhy()
    {
        QFETCH(int, which);
        QFETCH(QString, reason);
        SimulatedVenue venue({btc()}, config(1000, 1000));
        OrderRequest request = market(Side::Buy, "1");
        switch (which) {
        case 0: request.quantity = Quantity(); break;
        case 1: request.quantity = qty("0.0005"); break;
        case 2: request.type = OrderType::Limit; break;
        case 3: request.type = OrderType::Stop; break;
        case 4: request = stopLimit(Side::Buy, "1", "105", "0"); break;
        case 5: request.symbol = 3; break;
        case 6: request.type = OrderType::TrailingStop; request.stopPrice = price("90"); break;
        case 7: request.type = OrderType::TrailingStop; request.trailDistance = price("1"); break;
        }
        const OrderId id = venue.submit(request, minuteAt(0));
        QCOMPARE(id, OrderId(1));
        QCOMPARE(venue.order(id)->status, OrderStatus::Rejected);
        QCOMPARE(QString::fromStdString(venue.order(id)->rejectReason), reason);
        QVERIFY(venue.order(id)->doneAt == minuteAt(0));
        QVERIFY(!venue.hasWorkingOrders(0));
        QVERIFY(!venue.cancel(id, minuteAt(0)));
    }

    void cancelStopsAWorkingOrder()
    {
        SimulatedVenue venue({btc()}, config(1000, 1000));
        std::vector<Fill> fills;
        venue.processBar(0, flat(0, "100"), fills);
        const OrderId first = venue.submit(limit(Side::Buy, "1", "90"), minuteAt(1));
        const OrderId second = venue.submit(limit(Side::Buy, "1", "91"), minuteAt(1));
        QVERIFY(venue.cancel(first, minuteAt(1)));
        QVERIFY(!venue.cancel(first, minuteAt(1)));
        QVERIFY(!venue.cancel(99, minuteAt(1)));
        QCOMPARE(venue.order(first)->status, OrderStatus::Cancelled);
        QVERIFY(venue.hasWorkingOrders(0));
        venue.processBar(0, bar(1, "95", "96", "89", "92"), fills);
        QCOMPARE(fills.size(), std::size_t(1));
        QCOMPARE(fills[0].order, second);
        venue.submit(limit(Side::Buy, "1", "80"), minuteAt(2));
        venue.cancelAll(0, minuteAt(2));
        QVERIFY(!venue.hasWorkingOrders(0));
        QVERIFY(venue.order(OrderId(100)) == nullptr);
    }

    void twoSymbolsAreIndependent()
    {
        SimulatedVenue venue({btc(), eth()}, config(1000, 1000));
        std::vector<Fill> fills;
        venue.processBar(0, flat(0, "100"), fills);
        venue.processBar(1, flat(0, "10"), fills);
        venue.submit(market(Side::Buy, "1", 0), minuteAt(1));
        venue.submit(market(Side::Sell, "2", 1), minuteAt(1));
        venue.processBar(0, flat(1, "101"), fills);
        QCOMPARE(fills.size(), std::size_t(1));
        QCOMPARE(fills[0].symbol, SymbolId(0));
        QVERIFY(venue.hasWorkingOrders(1));
        QVERIFY(!venue.hasWorkingOrders(0));
        venue.processBar(1, flat(1, "11"), fills);
        QCOMPARE(fills.size(), std::size_t(2));
        QCOMPARE(fills[1].symbol, SymbolId(1));
        QCOMPARE(text(fills[1].price), std::string("11"));
        QCOMPARE(text(venue.position(0).quantity), std::string("1"));
        QCOMPARE(text(venue.position(1).quantity), std::string("-2"));
        // 10000 − 101 − 0.101 + 22 − 0.022
        QCOMPARE(text(venue.cash()), std::string("9920.877"));
        QCOMPARE(text(venue.equity()), std::string("9999.877")); // + 101 − 22
        venue.processBar(1, flat(2, "12"), fills);
        QCOMPARE(text(venue.equity()), std::string("9997.877"));
        QCOMPARE(text(venue.lastClose(0)), std::string("101"));
        QCOMPARE(text(venue.lastClose(1)), std::string("12"));
        QCOMPARE(venue.barCount(0), std::int64_t(2));
        QCOMPARE(venue.barCount(1), std::int64_t(3));
    }

    void sameInputsGiveTheSameOutput()
    {
        const auto run = [](std::vector<Fill> &fills, std::vector<Money> &equity) {
            VenueConfig settings = config(1000, 2000, 300, 1, 200'000);
            SimulatedVenue venue({btc(), eth()}, settings);
            std::uint64_t seed = 42;
            const auto next = [&seed]() {
                seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                return static_cast<std::int64_t>(seed >> 33);
            };
            std::int64_t last[2] = {10'000'000'000, 1'000'000'000};
            for (long long i = 0; i < 400; ++i) {
                for (SymbolId symbol = 0; symbol < 2; ++symbol) {
                    const std::int64_t open = last[symbol];
                    const std::int64_t step = (next() % 2'000'001 - 1'000'000) * (symbol + 1);
                    const std::int64_t close = open + step;
                    const std::int64_t high = std::max(open, close) + next() % 500'000;
                    const std::int64_t low = std::min(open, close) - next() % 500'000;
                    Candle candle;
                    candle.openTime = minuteAt(i);
                    candle.open = Price::fromRaw(open);
                    candle.high = Price::fromRaw(high);
                    candle.low = Price::fromRaw(low);
                    candle.close = Price::fromRaw(close);
                    candle.volume = Quantity::fromRaw(100'000'000 + next() % 1'000'000'000);
                    venue.processBar(symbol, candle, fills);
                    last[symbol] = close;
                    const Price reference = Price::fromRaw(close);
                    switch (next() % 6) {
                    case 0:
                        venue.submit(market(next() % 2 ? Side::Buy : Side::Sell, "1", symbol),
                                     minuteAt(i + 1));
                        break;
                    case 1: {
                        OrderRequest request = market(Side::Buy, "0.5", symbol);
                        request.type = OrderType::Limit;
                        request.limitPrice = reference - Price::fromRaw(next() % 100'000'000);
                        request.ocoGroup = static_cast<std::uint64_t>(i);
                        venue.submit(request, minuteAt(i + 1));
                        request.side = Side::Sell;
                        request.type = OrderType::Stop;
                        request.stopPrice = reference - Price::fromRaw(next() % 100'000'000);
                        venue.submit(request, minuteAt(i + 1));
                        break;
                    }
                    case 2: {
                        OrderRequest request = market(Side::Sell, "0.7", symbol);
                        request.type = OrderType::TrailingStop;
                        request.trailBasisPoints = 50;
                        request.reduceOnly = next() % 2 == 0;
                        venue.submit(request, minuteAt(i + 1));
                        break;
                    }
                    case 3: {
                        OrderRequest request = market(Side::Buy, "0.3", symbol);
                        request.type = OrderType::StopLimit;
                        request.stopPrice = reference + Price::fromRaw(next() % 50'000'000);
                        request.limitPrice = reference;
                        venue.submit(request, minuteAt(i + 1));
                        break;
                    }
                    case 4:
                        if (next() % 4 == 0)
                            venue.cancelAll(symbol, minuteAt(i + 1));
                        break;
                    default:
                        break;
                    }
                }
                equity.push_back(venue.equity());
            }
            // Flatten both symbols: then every cash movement belongs to a closed trade.
            for (long long i = 400; i < 410; ++i) {
                for (SymbolId symbol = 0; symbol < 2; ++symbol) {
                    venue.cancelAll(symbol, minuteAt(i));
                    const Quantity position = venue.position(symbol).quantity;
                    if (!position.isZero()) {
                        const Side side = position.isNegative() ? Side::Buy : Side::Sell;
                        OrderRequest request = market(side, "1", symbol);
                        request.quantity = position.isNegative() ? -position : position;
                        venue.submit(request, minuteAt(i));
                    }
                    Candle candle;
                    candle.openTime = minuteAt(i);
                    candle.open = candle.high = candle.low = candle.close =
                        Price::fromRaw(last[symbol]);
                    candle.volume = Quantity::fromUnits(100);
                    venue.processBar(symbol, candle, fills);
                }
            }
            Money net;
            Money fees;
            for (const TradeRecord &trade : venue.trades()) {
                net += trade.netPnl;
                fees += trade.fees;
                if (trade.netPnl != trade.grossPnl - trade.fees || trade.bars < 0)
                    qWarning("inconsistent trade record");
            }
            if (!venue.position(0).quantity.isZero() || !venue.position(1).quantity.isZero()
                || venue.cash() != settings.initialCash + net || venue.feesPaid() != fees
                || venue.equity() != venue.cash())
                qWarning("accounting does not balance");
            else
                equity.push_back(net); // a marker that the books balanced
            return venue.trades();
        };
        std::vector<Fill> fillsA;
        std::vector<Fill> fillsB;
        std::vector<Money> equityA;
        std::vector<Money> equityB;
        const std::vector<TradeRecord> tradesA = run(fillsA, equityA);
        const std::vector<TradeRecord> tradesB = run(fillsB, equityB);
        QVERIFY(fillsA.size() > 50);
        QVERIFY(tradesA.size() > 5);
        QVERIFY(sameFills(fillsA, fillsB));
        QVERIFY(sameTrades(tradesA, tradesB));
        QVERIFY(equityA == equityB);
        QCOMPARE(equityA.size(), std::size_t(401)); // 400 bars and the balanced-books marker
    }

    void barsWithoutOrdersOnlyMarkTheClose()
    {
        SimulatedVenue venue({btc()}, config(1000, 1000));
        openLongAt100(venue, "2");
        std::vector<Fill> fills;
        for (long long i = 2; i < 1002; ++i)
            venue.processBar(0, flat(i, i % 2 ? "101" : "102"), fills);
        QVERIFY(fills.empty());
        QCOMPARE(venue.barCount(0), std::int64_t(1002));
        QCOMPARE(venue.barsInPosition(0), std::int64_t(1001));
        // 10000 − 200 − 0.2 + 2 × 102 (bar 1001 is odd → 101)
        QCOMPARE(text(venue.equity()), std::string("10001.8"));
    }
};

QTEST_APPLESS_MAIN(TestSimVenue)
#include "test_sim_venue.moc"
