// The trades tape: newest first, bounded, duplicates of the first page dropped.
#include "gui/trades_tape_model.h"

#include <QSignalSpy>
#include <QTest>

using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

Trade trade(qint64 id, const QString& price = u"100.5"_s, Side side = Side::Buy)
{
    return *tradeFromDecimals(id, 1'700'000'000'000 + id, price, u"0.25"_s, side);
}

std::vector<qint64> ids(const TradesTapeModel& model)
{
    std::vector<qint64> result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.push_back(model.trade(row).id);
    return result;
}

} // namespace

class TestTradesTapeModel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void showsTheNewestFirst()
    {
        TradesTapeModel model(10);
        model.addTrades({trade(1), trade(2), trade(3)});
        model.addTrade(trade(4));
        QCOMPARE(ids(model), (std::vector<qint64>{4, 3, 2, 1}));
        QCOMPARE(model.data(model.index(0, TradesTapeModel::TimeColumn)).toString(),
                 TradesTapeModel::timeText(1'700'000'000'004));
    }

    void dropsTheOldestBeyondTheCapacity()
    {
        TradesTapeModel model(3);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        for (qint64 id = 1; id <= 7; ++id)
            model.addTrade(trade(id));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(ids(model), (std::vector<qint64>{7, 6, 5}));
        QCOMPARE(removed.count(), 4);
        // Rows removed at the bottom, the last one.
        QCOMPARE(removed.first().at(1).toInt(), 2);
    }

    void ignoresTradesAlreadyShown()
    {
        TradesTapeModel model(10);
        model.addTrades({trade(10), trade(11), trade(12)});
        // The stream repeats the end of the page.
        model.addTrades({trade(11), trade(12), trade(13)});
        QCOMPARE(ids(model), (std::vector<qint64>{13, 12, 11, 10}));
    }

    void formatsAndColoursTheColumns()
    {
        TradesTapeModel model(10);
        model.setColors(Qt::green, Qt::red);
        model.setPrecision(2, 3);
        model.addTrade(trade(1, u"27000.1"_s, Side::Buy));
        model.addTrade(trade(2, u"26999.987"_s, Side::Sell));
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.data(model.index(0, TradesTapeModel::PriceColumn)).toString(),
                 u"26999.99"_s);
        QCOMPARE(model.data(model.index(1, TradesTapeModel::PriceColumn)).toString(),
                 u"27000.10"_s);
        QCOMPARE(model.data(model.index(0, TradesTapeModel::PriceColumn), Qt::ForegroundRole)
                     .value<QColor>(),
                 QColor(Qt::red));
        QCOMPARE(model.data(model.index(1, TradesTapeModel::PriceColumn), Qt::ForegroundRole)
                     .value<QColor>(),
                 QColor(Qt::green));
        QCOMPARE(model.data(model.index(1, TradesTapeModel::SizeColumn)).toString(),
                 u"0.250"_s);
    }

    void clearsEverything()
    {
        TradesTapeModel model(3);
        model.addTrades({trade(5), trade(6)});
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        // After a clear (another symbol) lower ids are welcome again.
        model.addTrade(trade(1));
        QCOMPARE(ids(model), (std::vector<qint64>{1}));
    }
};

QTEST_MAIN(TestTradesTapeModel)
#include "tst_trades_tape_model.moc"
