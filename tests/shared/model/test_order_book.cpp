// The L2 order book: Binance's snapshot + diff procedure, gaps, stale updates, crossed books.
#include "model/order_book.h"

#include <QTest>

#include <random>

using namespace bcf;
using namespace bcf::model;

namespace {

BookLevel level(const char *price, const char *quantity)
{
    return {*Price::parse(price), *Quantity::parse(quantity)};
}

} // namespace

class TestOrderBook final : public QObject {
    Q_OBJECT

private:
    OrderBook snapshotBook()
    {
        OrderBook book;
        book.applySnapshot(100, {level("99", "1"), level("98", "2"), level("97", "3")},
                           {level("101", "1"), level("102", "2")});
        return book;
    }

private slots:
    void snapshotOrdersBothSides()
    {
        const OrderBook book = snapshotBook();
        QVERIFY(book.synced());
        QCOMPARE(book.bestBid()->price, *Price::parse("99"));
        QCOMPARE(book.bestAsk()->price, *Price::parse("101"));
        QCOMPARE(book.bids(2), (std::vector<BookLevel>{level("99", "1"), level("98", "2")}));
        QCOMPARE(book.asks(10).size(), std::size_t(2));
    }

    void diffsBeforeTheSnapshotAreStaleAndTheFirstMaySpanIt()
    {
        OrderBook book = snapshotBook();
        QCOMPARE(book.applyDiff(90, 100, {level("99", "5")}, {}).value(), BookUpdate::Stale);
        QCOMPARE(book.bestBid()->quantity, *Quantity::parse("1"));
        // U <= lastUpdateId + 1 <= u: applied.
        QCOMPARE(book.applyDiff(95, 105, {level("99", "0"), level("99.5", "4")}, {}).value(),
                 BookUpdate::Applied);
        QCOMPARE(book.bestBid()->price, *Price::parse("99.5"));
        QCOMPARE(book.bidLevels(), std::size_t(3));
        QCOMPARE(book.lastUpdateId(), std::int64_t(105));
        // Then strictly u + 1.
        QCOMPARE(book.applyDiff(106, 110, {}, {level("101", "0")}).value(), BookUpdate::Applied);
        QCOMPARE(book.bestAsk()->price, *Price::parse("102"));
    }

    void aGapNeedsANewSnapshot()
    {
        OrderBook book = snapshotBook();
        QVERIFY(book.applyDiff(101, 103, {}, {}).has_value());
        const auto gap = book.applyDiff(105, 107, {level("96", "1")}, {});
        QVERIFY(!gap.has_value());
        QVERIFY2(gap.error().message.find("expected update 104") != std::string::npos,
                 gap.error().message.c_str());
        QVERIFY(!book.synced());
        QCOMPARE(book.applyDiff(104, 104, {}, {}).error().code, ErrorCode::FailedPrecondition);
        book.applySnapshot(200, {level("99", "1")}, {level("100", "1")});
        QVERIFY(book.synced());
        QCOMPARE(book.applyDiff(201, 201, {}, {}).value(), BookUpdate::Applied);
    }

    void firstDiffMustReachTheSnapshot()
    {
        OrderBook book = snapshotBook();
        QVERIFY(!book.applyDiff(102, 110, {}, {}).has_value()); // misses 101
        QVERIFY(!book.synced());
    }

    void crossedBookIsRejected()
    {
        OrderBook book = snapshotBook();
        QVERIFY(!book.applyDiff(101, 101, {level("101.5", "1")}, {}).has_value());
        QVERIFY(!book.synced());
    }

    // Property: applying random diffs to a book gives the same result as applying them to a
    // plain map, and the book stays sorted and uncrossed while in sync.
    void randomDiffsMatchAReferenceModel()
    {
        std::mt19937 random(7);
        std::map<std::int64_t, std::int64_t> bids, asks;
        OrderBook book;
        book.applySnapshot(0, {}, {});
        std::int64_t update = 0;
        for (int round = 0; round < 2000; ++round) {
            std::vector<BookLevel> bidChanges, askChanges;
            for (int i = 0; i < 3; ++i) {
                const std::int64_t bidPrice = 9000 + std::int64_t(random() % 100);
                const std::int64_t askPrice = 9100 + std::int64_t(random() % 100);
                const std::int64_t quantity = std::int64_t(random() % 4);
                bidChanges.push_back({Price::fromUnits(bidPrice), Quantity::fromUnits(quantity)});
                askChanges.push_back({Price::fromUnits(askPrice), Quantity::fromUnits(quantity)});
                if (quantity == 0) {
                    bids.erase(bidPrice);
                    asks.erase(askPrice);
                } else {
                    bids[bidPrice] = quantity;
                    asks[askPrice] = quantity;
                }
            }
            ++update;
            QCOMPARE(book.applyDiff(update, update, bidChanges, askChanges).value(),
                     BookUpdate::Applied);
        }
        QCOMPARE(book.bidLevels(), bids.size());
        QCOMPARE(book.askLevels(), asks.size());
        const auto top = book.bids(bids.size());
        auto expected = bids.rbegin();
        for (const BookLevel &bookLevel : top) {
            QCOMPARE(bookLevel.price, Price::fromUnits(expected->first));
            QCOMPARE(bookLevel.quantity, Quantity::fromUnits(expected->second));
            ++expected;
        }
    }
};

QTEST_APPLESS_MAIN(TestOrderBook)
#include "test_order_book.moc"
