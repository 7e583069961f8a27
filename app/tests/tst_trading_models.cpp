// The trading dock's models and the trading types without a server: orders move from the open
// orders to the history as they end, stale reports change nothing, fills are newest first and
// unique, positions and balances are formatted exactly, and the ticket's decimal arithmetic.
#include "core/trading_types.h"
#include "gui/balances_model.h"
#include "gui/fills_model.h"
#include "gui/orders_model.h"
#include "gui/positions_model.h"

#include <QFont>
#include <QSignalSpy>
#include <QTest>

using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

Order order(const QString& id, OrderState state, qint64 createdMs, qint64 updatedMs)
{
    Order result;
    result.clientOrderId = id;
    result.venue = u"paper"_s;
    result.symbol = u"BTCUSDT"_s;
    result.side = Side::Buy;
    result.type = OrderType::Limit;
    result.quantity = u"0.5"_s;
    result.price = u"101"_s;
    result.state = state;
    result.filledQuantity = u"0"_s;
    result.createdMs = createdMs;
    result.updatedMs = updatedMs;
    return result;
}

QStringList ids(const OrdersModel& model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result << model.order(row).clientOrderId;
    return result;
}

QString cell(const QAbstractItemModel& model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

} // namespace

class TestTradingModels final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void openOrdersAreNewestFirst()
    {
        OrdersModel open(OrdersModel::Mode::Open);
        open.applyOrders({order(u"a"_s, OrderState::Accepted, 100, 100),
                          order(u"b"_s, OrderState::Accepted, 300, 300),
                          order(u"c"_s, OrderState::New, 200, 200)});
        QCOMPARE(ids(open), (QStringList{u"b"_s, u"c"_s, u"a"_s}));
        QCOMPARE(cell(open, 0, OrdersModel::PriceColumn), u"101"_s);
        QCOMPARE(cell(open, 0, OrdersModel::SideColumn), u"Buy"_s);
        QCOMPARE(cell(open, 0, OrdersModel::StateColumn), u"Open"_s);
        QCOMPARE(cell(open, 0, OrdersModel::ActionColumn), u"Cancel"_s);
        QCOMPARE(open.data(open.index(0, OrdersModel::ActionColumn), OrdersModel::ClientOrderIdRole)
                     .toString(),
                 u"b"_s);
        QCOMPARE(open.data(open.index(0, OrdersModel::QuantityColumn), Qt::TextAlignmentRole)
                     .toInt(),
                 int(Qt::AlignRight | Qt::AlignVCenter));
    }

    void anOrderThatEndsMovesToTheHistory()
    {
        OrdersModel open(OrdersModel::Mode::Open);
        OrdersModel history(OrdersModel::Mode::History);
        const auto apply = [&](const Order& o) {
            open.applyOrder(o);
            history.applyOrder(o);
        };
        apply(order(u"a"_s, OrderState::Accepted, 100, 100));
        apply(order(u"b"_s, OrderState::Accepted, 200, 200));
        QCOMPARE(open.rowCount(), 2);
        QCOMPARE(history.rowCount(), 0);

        Order partial = order(u"a"_s, OrderState::PartiallyFilled, 100, 150);
        partial.filledQuantity = u"0.2"_s;
        QSignalSpy changed(&open, &QAbstractItemModel::dataChanged);
        apply(partial);
        QCOMPARE(changed.count(), 1); // updated in place
        QCOMPARE(cell(open, open.rowOf(u"a"_s), OrdersModel::FilledColumn), u"0.2"_s);
        QCOMPARE(history.rowCount(), 0);

        Order filled = order(u"a"_s, OrderState::Filled, 100, 400);
        filled.filledQuantity = u"0.5"_s;
        filled.averagePrice = u"100.99"_s;
        apply(filled);
        QCOMPARE(ids(open), QStringList{u"b"_s});
        QCOMPARE(ids(history), QStringList{u"a"_s});
        QCOMPARE(cell(history, 0, OrdersModel::StateColumn), u"Filled"_s);
        QCOMPARE(cell(history, 0, OrdersModel::AverageColumn), u"100.99"_s);

        Order rejected = order(u"c"_s, OrderState::Rejected, 500, 500);
        rejected.reason = u"Risk: outside the price band"_s;
        apply(rejected);
        QCOMPARE(ids(open), QStringList{u"b"_s});
        QCOMPARE(ids(history), (QStringList{u"c"_s, u"a"_s})); // newest change first
        QCOMPARE(cell(history, 0, OrdersModel::ActionColumn), u"Risk: outside the price band"_s);
        QCOMPARE(history.data(history.index(0, OrdersModel::ActionColumn), Qt::ToolTipRole)
                     .toString(),
                 u"Risk: outside the price band"_s);
    }

    void staleReportsChangeNothing()
    {
        OrdersModel open(OrdersModel::Mode::Open);
        OrdersModel history(OrdersModel::Mode::History);
        // The stream saw the cancel; the page fetched before it arrives afterwards.
        const Order cancelled = order(u"a"_s, OrderState::Cancelled, 100, 300);
        const Order page = order(u"a"_s, OrderState::Accepted, 100, 100);
        for (OrdersModel* model : {&open, &history}) {
            model->applyOrder(cancelled);
            QVERIFY(!model->applyOrder(page));
        }
        QCOMPARE(open.rowCount(), 0);
        QCOMPARE(ids(history), QStringList{u"a"_s});
        QCOMPARE(history.order(0).state, OrderState::Cancelled);
        // At the same millisecond an ended order stays ended.
        QVERIFY(!open.applyOrder(order(u"a"_s, OrderState::Accepted, 100, 300)));
        QCOMPARE(open.rowCount(), 0);
    }

    void historyIsBounded()
    {
        OrdersModel history(OrdersModel::Mode::History, 3);
        for (int i = 1; i <= 5; ++i)
            history.applyOrder(order(QString::number(i), OrderState::Filled, i, i * 10));
        QCOMPARE(ids(history), (QStringList{u"5"_s, u"4"_s, u"3"_s}));
        // Older than everything shown: not added.
        QVERIFY(!history.applyOrder(order(u"0"_s, OrderState::Filled, 0, 1)));
    }

    void typeColumnNamesTheOptions()
    {
        OrdersModel open(OrdersModel::Mode::Open);
        Order o = order(u"a"_s, OrderState::Accepted, 1, 1);
        o.timeInForce = TimeInForce::ImmediateOrCancel;
        o.reduceOnly = true;
        open.applyOrder(o);
        QCOMPARE(cell(open, 0, OrdersModel::TypeColumn), u"Limit IOC · reduce-only"_s);
        Order trailing = order(u"t"_s, OrderState::Accepted, 2, 2);
        trailing.type = OrderType::TrailingStop;
        trailing.price.clear();
        trailing.trailingBasisPoints = 150;
        open.applyOrder(trailing);
        QCOMPARE(cell(open, 0, OrdersModel::PriceColumn), u"Market"_s);
        QCOMPARE(cell(open, 0, OrdersModel::StopColumn), u"1.50 %"_s);
    }

    void precisionFormatsPrices()
    {
        OrdersModel open(OrdersModel::Mode::Open);
        open.setPrecision([](const QString&) { return std::pair{2, 3}; });
        open.applyOrder(order(u"a"_s, OrderState::Accepted, 1, 1));
        QCOMPARE(cell(open, 0, OrdersModel::PriceColumn), u"101.00"_s);
        QCOMPARE(cell(open, 0, OrdersModel::QuantityColumn), u"0.500"_s);
    }

    void fillsAreNewestFirstAndUnique()
    {
        FillsModel fills;
        Fill first{.tradeId = u"1"_s, .clientOrderId = u"a"_s, .venue = u"paper"_s,
                   .symbol = u"BTCUSDT"_s, .side = Side::Buy, .price = u"100.01"_s,
                   .quantity = u"1"_s, .fee = u"0.001"_s, .feeAsset = u"BTC"_s, .maker = false,
                   .timeMs = 1000, .botId = 0};
        Fill second = first;
        second.tradeId = u"2"_s;
        second.price = u"100.02"_s;
        second.quantity = u"0.5"_s;
        second.timeMs = 2000;
        second.maker = true;
        QVERIFY(fills.addFill(first));
        QVERIFY(fills.addFill(second));
        QVERIFY(!fills.addFill(first)); // the page and the stream overlap
        QCOMPARE(fills.rowCount(), 2);
        QCOMPARE(cell(fills, 0, FillsModel::PriceColumn), u"100.02"_s);
        QCOMPARE(cell(fills, 0, FillsModel::ValueColumn), u"50.01"_s); // exact product
        QCOMPARE(cell(fills, 0, FillsModel::LiquidityColumn), u"Maker"_s);
        QCOMPARE(cell(fills, 1, FillsModel::FeeColumn), u"0.001 BTC"_s);
    }

    void positionsAreColouredBySign()
    {
        PositionsModel positions;
        const QColor profit(Qt::green), loss(Qt::red), muted(Qt::gray);
        positions.setColors(profit, loss, muted);
        positions.setPositions({{.symbol = u"BTCUSDT"_s, .quantity = u"1.5"_s,
                                 .averageEntry = u"100.01333333"_s, .lastPrice = u"101"_s,
                                 .realizedPnl = u"-0.5"_s, .unrealizedPnl = u"1.48"_s,
                                 .fees = u"0.15"_s},
                                {.symbol = u"ETHUSDT"_s, .quantity = u"0"_s,
                                 .averageEntry = u"0"_s, .lastPrice = u"2300"_s,
                                 .realizedPnl = u"0"_s, .unrealizedPnl = u"0"_s,
                                 .fees = u"0"_s}},
                               u"USDT"_s);
        QCOMPARE(positions.rowCount(), 2);
        QCOMPARE(cell(positions, 0, PositionsModel::SideColumn), u"Long"_s);
        QCOMPARE(cell(positions, 0, PositionsModel::UnrealizedColumn), u"+1.48"_s);
        QCOMPARE(cell(positions, 0, PositionsModel::RealizedColumn), u"-0.50"_s);
        QCOMPARE(cell(positions, 0, PositionsModel::EntryColumn), u"100.01333333"_s);
        QCOMPARE(positions.data(positions.index(0, PositionsModel::UnrealizedColumn),
                                Qt::ForegroundRole)
                     .value<QColor>(),
                 profit);
        QCOMPARE(positions.data(positions.index(0, PositionsModel::RealizedColumn),
                                Qt::ForegroundRole)
                     .value<QColor>(),
                 loss);
        QCOMPARE(cell(positions, 1, PositionsModel::SideColumn), u"Flat"_s);
        QCOMPARE(cell(positions, 1, PositionsModel::EntryColumn), QString());
        QCOMPARE(positions.headerData(PositionsModel::UnrealizedColumn, Qt::Horizontal).toString(),
                 u"Unrealized PnL (USDT)"_s);

        // The same symbols again: updated in place, no reset.
        QSignalSpy reset(&positions, &QAbstractItemModel::modelReset);
        auto moved = positions.position(0);
        moved.unrealizedPnl = u"-2"_s;
        positions.setPositions({moved, positions.position(1)}, u"USDT"_s);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(cell(positions, 0, PositionsModel::UnrealizedColumn), u"-2.00"_s);
    }

    void balancesShowExactAmounts()
    {
        BalancesModel balances;
        balances.setBalances({{.asset = u"USDT"_s, .free = u"9849.98"_s, .locked = u"99"_s,
                               .value = u"9948.98"_s},
                              {.asset = u"BTC"_s, .free = u"1.4985"_s, .locked = u"0"_s,
                               .value = u""_s}},
                             u"USDT"_s);
        QCOMPARE(cell(balances, 0, BalancesModel::FreeColumn), u"9849.98"_s);
        QCOMPARE(cell(balances, 0, BalancesModel::LockedColumn), u"99.00"_s);
        QCOMPARE(cell(balances, 0, BalancesModel::TotalColumn), u"9948.98"_s);
        QCOMPARE(cell(balances, 1, BalancesModel::FreeColumn), u"1.4985"_s);
        QCOMPARE(cell(balances, 1, BalancesModel::ValueColumn), u"—"_s);
        QCOMPARE(balances.headerData(BalancesModel::ValueColumn, Qt::Horizontal).toString(),
                 u"Value (USDT)"_s);
    }

    void decimalArithmeticIsExact()
    {
        QCOMPARE(multiplyDecimals(u"100.01", u"1.5"), std::optional<QString>(u"150.015"_s));
        QCOMPARE(multiplyDecimals(u"0.1", u"0.2"), std::optional<QString>(u"0.02"_s));
        QVERIFY(!multiplyDecimals(u"abc", u"1"));
        QVERIFY(!multiplyDecimals(u"90000000000", u"90000000000")); // would overflow
        // 25 % of 10000 USDT at 101: 24.75247524… rounded down to the lot of 0.001.
        QCOMPARE(quantityForShare(u"10000", 25, Side::Buy, u"101", u"0.001"),
                 std::optional<QString>(u"24.752"_s));
        QCOMPARE(quantityForShare(u"1.4985", 50, Side::Sell, u"", u"0.001"),
                 std::optional<QString>(u"0.749"_s));
        QCOMPARE(quantityForShare(u"1.4985", 100, Side::Sell, u"", u""),
                 std::optional<QString>(u"1.4985"_s));
        QVERIFY(!quantityForShare(u"10000", 25, Side::Buy, u"", u"0.001")); // no price
        QVERIFY(!quantityForShare(u"0.0001", 25, Side::Sell, u"", u"0.001")); // below a lot
        QCOMPARE(percentToBasisPoints(u"1.5"), std::optional<int>(150));
        QCOMPARE(percentToBasisPoints(u"20"), std::optional<int>(2000));
        QVERIFY(!percentToBasisPoints(u"20.01"));
        QVERIFY(!percentToBasisPoints(u"0.001"));
        QVERIFY(!percentToBasisPoints(u"0"));
    }

    void serverFieldErrorsAreSplit()
    {
        const auto split = splitFieldError(u"stop price: a STOP_LIMIT order needs a stop price."_s);
        QVERIFY(split);
        QCOMPARE(split->first, u"stop price"_s);
        QCOMPARE(split->second, u"a STOP_LIMIT order needs a stop price."_s);
        QCOMPARE(splitFieldError(u"post-only: only a GTC LIMIT order can be post-only."_s)->first,
                 u"post-only"_s);
        QVERIFY(!splitFieldError(u"Trading is starting; try again in a moment."_s));
    }

    void amountsAreFormatted()
    {
        QCOMPARE(formatAmount(u"9849.98", -1, 2), u"9849.98"_s);
        QCOMPARE(formatAmount(u"100", -1, 2), u"100.00"_s);
        QCOMPARE(formatAmount(u"1.23456789", 2), u"1.23"_s);
        QCOMPARE(formatSignedAmount(u"0.49333333", 2), u"+0.49"_s);
        QCOMPARE(formatSignedAmount(u"-3.1", 2), u"-3.10"_s);
        QCOMPARE(formatAmount(u"", 2), QString());
        QCOMPARE(formatAmount(u"1234.5", -1, 2, QLocale(QLocale::Portuguese, QLocale::Brazil)),
                 u"1234,50"_s);
        QVERIFY(isOpenState(OrderState::PartiallyFilled));
        QVERIFY(!isOpenState(OrderState::Expired));
        QVERIFY(allowsTimeInForce(OrderType::Limit, TimeInForce::FillOrKill));
        QVERIFY(!allowsTimeInForce(OrderType::StopLimit, TimeInForce::ImmediateOrCancel));
    }

    void venuesAreCleanedForTheChoosers()
    {
        // Paper first, always, each venue once, in the server's order.
        QCOMPARE(tradableVenues({}), QStringList{u"paper"_s});
        QCOMPARE(tradableVenues({u"binance"_s}), (QStringList{u"paper"_s, u"binance"_s}));
        QCOMPARE(tradableVenues({u"binance"_s, u"paper"_s, u""_s, u" binance "_s}),
                 (QStringList{u"paper"_s, u"binance"_s}));
        QCOMPARE(normalizedVenue({}), u"paper"_s);
        QCOMPARE(normalizedVenue(u"binance"_s), u"binance"_s);
        QVERIFY(!isLiveVenue({}));
        QVERIFY(!isLiveVenue(u"paper"_s));
        QVERIFY(isLiveVenue(u"binance"_s));
        QCOMPARE(venueDisplayName(u"paper"_s), u"Paper"_s);
        QCOMPARE(venueDisplayName({}), u"Paper"_s);
        QCOMPARE(venueDisplayName(u"binance"_s), u"Binance (live)"_s);
        QCOMPARE(venueDisplayName(u"kraken"_s), u"kraken"_s);
        QCOMPARE(exchangeDisplayName(u"binance"_s), u"Binance"_s);
    }

    void apiKeysShowOnlyTheirEnd()
    {
        QCOMPARE(apiKeyHintText(u"abcd"_s), u"…abcd"_s);
        QCOMPARE(apiKeyHintText({}), QString());
        // The exchange key fields the server names are split like the order's.
        const auto split = splitFieldError(u"secret key: the exchange refused the key."_s);
        QVERIFY(split);
        QCOMPARE(split->first, u"secret key"_s);
        QCOMPARE(splitFieldError(u"api key: too short."_s)->first, u"api key"_s);
    }

    void tablesNameTheVenue()
    {
        OrdersModel open(OrdersModel::Mode::Open);
        Order live = order(u"a"_s, OrderState::Accepted, 1000, 1000);
        live.venue = u"binance"_s;
        open.applyOrder(live);
        open.applyOrder(order(u"b"_s, OrderState::Accepted, 2000, 2000));
        QCOMPARE(cell(open, 0, OrdersModel::VenueColumn), u"Paper"_s);
        QCOMPARE(cell(open, 1, OrdersModel::VenueColumn), u"Binance (live)"_s);
        QVERIFY(open.data(open.index(1, OrdersModel::VenueColumn), Qt::FontRole)
                    .value<QFont>()
                    .bold());
        QCOMPARE(open.headerData(OrdersModel::VenueColumn, Qt::Horizontal).toString(),
                 u"Venue"_s);

        FillsModel fills;
        fills.addFill(Fill{.tradeId = u"1"_s, .clientOrderId = u"a"_s, .venue = u"binance"_s,
                           .symbol = u"BTCUSDT"_s, .side = Side::Buy, .price = u"100"_s,
                           .quantity = u"1"_s, .fee = u"0.1"_s, .feeAsset = u"USDT"_s,
                           .maker = false, .timeMs = 1000, .botId = 0});
        QCOMPARE(cell(fills, 0, FillsModel::VenueColumn), u"Binance (live)"_s);
        QCOMPARE(fills.headerData(FillsModel::VenueColumn, Qt::Horizontal).toString(),
                 u"Venue"_s);
    }
};

QTEST_MAIN(TestTradingModels)
#include "tst_trading_models.moc"
