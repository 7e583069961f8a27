// The order-book ladder: asks above the spread row (best ask last), bids below (best first),
// cumulative sizes and depth fractions.
#include "gui/order_book_model.h"

#include <QSignalSpy>
#include <QTest>

using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

BookLevel level(const QString& price, const QString& quantity)
{
    return *bookLevelFromDecimals(price, quantity);
}

BookSnapshot sampleBook()
{
    BookSnapshot book;
    book.bids = {level(u"100.00"_s, u"1"_s), level(u"99.50"_s, u"2"_s),
                 level(u"99.00"_s, u"3"_s)};
    book.asks = {level(u"100.10"_s, u"0.5"_s), level(u"100.20"_s, u"1.5"_s)};
    return book;
}

QString text(const OrderBookModel& model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

} // namespace

class TestOrderBookModel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void laysOutTheLadder()
    {
        OrderBookModel model;
        model.setPrecision(2, 2);
        model.setBook(sampleBook());
        QCOMPARE(model.rowCount(), 2 + 1 + 3);
        QCOMPARE(model.spreadRow(), 2);
        // Worst ask on top, best ask just above the spread, best bid just below.
        QCOMPARE(text(model, 0, OrderBookModel::PriceColumn), u"100.20"_s);
        QCOMPARE(text(model, 1, OrderBookModel::PriceColumn), u"100.10"_s);
        QCOMPARE(text(model, 3, OrderBookModel::PriceColumn), u"100.00"_s);
        QCOMPARE(text(model, 5, OrderBookModel::PriceColumn), u"99.00"_s);
        QCOMPARE(model.row(0).kind, OrderBookModel::RowKind::Ask);
        QCOMPARE(model.row(2).kind, OrderBookModel::RowKind::Spread);
        QCOMPARE(model.row(4).kind, OrderBookModel::RowKind::Bid);
        QCOMPARE(text(model, 4, OrderBookModel::SizeColumn), u"2.00"_s);
    }

    void accumulatesFromTheBestLevelOutwards()
    {
        OrderBookModel model;
        model.setPrecision(2, 2);
        model.setBook(sampleBook());
        QCOMPARE(model.row(1).cumulative, 0.5); // best ask
        QCOMPARE(model.row(0).cumulative, 2.0);
        QCOMPARE(model.row(3).cumulative, 1.0); // best bid
        QCOMPARE(model.row(5).cumulative, 6.0);
        QCOMPARE(text(model, 5, OrderBookModel::TotalColumn), u"6.00"_s);
        QCOMPARE(model.maxCumulative(), 6.0);
        QCOMPARE(model.data(model.index(5, 0), OrderBookModel::DepthRole).toDouble(), 1.0);
        QCOMPARE(model.data(model.index(0, 0), OrderBookModel::DepthRole).toDouble(),
                 2.0 / 6.0);
    }

    void showsTheSpread()
    {
        OrderBookModel model;
        model.setPrecision(2, 2);
        model.setBook(sampleBook());
        // 100.10 − 100.00, relative to the mid price 100.05: 9.995 basis points.
        QCOMPARE(model.spreadText(), u"0.10 (10 bp)"_s);
        QCOMPARE(text(model, model.spreadRow(), OrderBookModel::PriceColumn),
                 u"Spread 0.10 (10 bp)"_s);
        BookSnapshot oneSided = sampleBook();
        oneSided.asks.clear();
        model.setBook(oneSided);
        QCOMPARE(model.spreadRow(), 0);
        QVERIFY(model.spreadText().isEmpty());
    }

    void keepsTheRowsWhenTheShapeStays()
    {
        OrderBookModel model;
        model.setBook(sampleBook());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        BookSnapshot next = sampleBook();
        next.bids[0] = level(u"100.05"_s, u"4"_s);
        model.setBook(next);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.row(3).cumulative, 4.0);
        next.bids.pop_back();
        model.setBook(next);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 2 + 1 + 2);
    }
};

QTEST_MAIN(TestOrderBookModel)
#include "tst_order_book_model.moc"
