// MatchingEngine: hand-computed scenarios for every order type, time in force, self-trade mode,
// cancel/replace rule and rejection (docs/matching-engine.md), then a property test: 200,000
// seeded random requests checked against a deliberately naive reference book written here
// (one vector, linear scans, FOK tried on a copy) — identical event streams and depth — with the
// book never crossed and quantity conserved after every step.
#include "matching/matching_engine.h"

#include <QTest>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace bcf;
using namespace bcf::matching;

namespace {

Price price(const char *text)
{
    return *Price::parse(text);
}

Quantity qty(const char *text)
{
    return *Quantity::parse(text);
}

// tick 0.01, lot 0.001, min quantity 0.002, min notional 1
SymbolRules rules()
{
    return {price("0.01"), qty("0.001"), qty("0.002"), *Money::parse("1")};
}

NewOrder limit(OrderId id, Side side, const char *limitPrice, const char *quantity,
               AccountId owner = 0, TimeInForce tif = TimeInForce::GoodTillCancel)
{
    NewOrder order;
    order.id = id;
    order.owner = owner == 0 ? id + 1000 : owner;
    order.side = side;
    order.type = OrderType::Limit;
    order.timeInForce = tif;
    order.price = price(limitPrice);
    order.quantity = qty(quantity);
    return order;
}

NewOrder market(OrderId id, Side side, const char *quantity, AccountId owner = 0)
{
    NewOrder order = limit(id, side, "1", quantity, owner);
    order.type = OrderType::Market;
    order.price = Price();
    return order;
}

// QT_NO_CAST_FROM_ASCII: expected event lines are written as plain literals through this.
QStringList expect(std::initializer_list<const char *> items)
{
    QStringList result;
    for (const char *item : items)
        result << QString::fromUtf8(item);
    return result;
}

const char *name(Side side)
{
    return side == Side::Buy ? "buy" : "sell";
}

const char *name(Request request)
{
    switch (request) {
    case Request::Submit: return "submit";
    case Request::Cancel: return "cancel";
    case Request::Replace: return "replace";
    }
    return "?";
}

const char *name(RejectReason reason)
{
    switch (reason) {
    case RejectReason::DuplicateOrderId: return "duplicate";
    case RejectReason::UnknownOrder: return "unknown";
    case RejectReason::NonPositiveQuantity: return "non-positive-quantity";
    case RejectReason::NonPositivePrice: return "non-positive-price";
    case RejectReason::PriceNotTickMultiple: return "tick";
    case RejectReason::QuantityNotLotMultiple: return "lot";
    case RejectReason::QuantityBelowMinimum: return "min-quantity";
    case RejectReason::NotionalBelowMinimum: return "min-notional";
    case RejectReason::PostOnlyNotLimitGtc: return "post-only-not-limit-gtc";
    case RejectReason::PostOnlyWouldTake: return "post-only-would-take";
    }
    return "?";
}

const char *name(CancelReason reason)
{
    switch (reason) {
    case CancelReason::User: return "user";
    case CancelReason::ImmediateOrCancel: return "ioc";
    case CancelReason::MarketNoLiquidity: return "market-no-liquidity";
    case CancelReason::FillOrKillNotFillable: return "fok";
    case CancelReason::SelfTradePrevention: return "stp";
    }
    return "?";
}

// One line per event, so that a failing QCOMPARE shows both streams readably.
std::string show(const Event &event)
{
    struct Visitor {
        std::string operator()(const event::Accepted &e) const { return "accepted " + std::to_string(e.order); }
        std::string operator()(const event::Rejected &e) const
        {
            return "rejected " + std::to_string(e.order) + " " + name(e.request) + " " + name(e.reason);
        }
        std::string operator()(const event::Trade &e) const
        {
            return "trade " + std::to_string(e.taker) + "x" + std::to_string(e.maker) + " " +
                   e.price.toString() + " " + e.quantity.toString() + " " + name(e.takerSide) +
                   (e.makerFilled ? " maker-filled" : "");
        }
        std::string operator()(const event::Cancelled &e) const
        {
            return "cancelled " + std::to_string(e.order) + " " + name(e.reason) + " " + e.remaining.toString();
        }
        std::string operator()(const event::Replaced &e) const
        {
            return "replaced " + std::to_string(e.order) + " " + e.price.toString() + " " +
                   e.quantity.toString() + (e.priorityKept ? " kept" : " lost");
        }
    };
    return std::visit(Visitor{}, event);
}

QStringList lines(const std::vector<Event> &events)
{
    QStringList result;
    for (const Event &event : events)
        result << QString::fromStdString(show(event));
    return result;
}

QStringList depthLines(const MatchingEngine &engine)
{
    QStringList result;
    const DepthSnapshot snapshot = engine.depth(1000);
    for (const DepthLevel &level : snapshot.asks)
        result.prepend(QString::fromStdString("ask " + level.price.toString() + " " +
                                              level.quantity.toString() + " " + std::to_string(level.orderCount)));
    for (const DepthLevel &level : snapshot.bids)
        result << QString::fromStdString("bid " + level.price.toString() + " " +
                                         level.quantity.toString() + " " + std::to_string(level.orderCount));
    return result;
}

// Runs one request on a fresh event vector and returns its lines.
struct Book {
    MatchingEngine engine{rules()};
    std::vector<Event> events;

    QStringList submit(const NewOrder &order)
    {
        events.clear();
        engine.submit(order, events);
        return lines(events);
    }
    QStringList cancel(OrderId id)
    {
        events.clear();
        engine.cancel(id, events);
        return lines(events);
    }
    QStringList replace(OrderId id, const char *newPrice, const char *newQuantity)
    {
        events.clear();
        engine.replace(id, price(newPrice), qty(newQuantity), events);
        return lines(events);
    }
};

// ---------------------------------------------------------------------------------------------
// The reference book: every resting order in one vector with an arrival number; the best maker
// is found by scanning all of them. Written for obviousness, not speed.
struct ReferenceBook {
    struct Order {
        OrderId id;
        AccountId owner;
        Side side;
        std::int64_t price;
        std::int64_t remaining;
        std::uint64_t arrival;
        bool postOnly;
        SelfTradePrevention stp;
    };

    SymbolRules rules;
    std::vector<Order> orders;
    std::uint64_t nextArrival = 0;

    Order *find(OrderId id)
    {
        for (Order &order : orders)
            if (order.id == id)
                return &order;
        return nullptr;
    }

    void erase(OrderId id)
    {
        orders.erase(std::find_if(orders.begin(), orders.end(), [id](const Order &o) { return o.id == id; }));
    }

    static bool crosses(Side takerSide, std::int64_t limit, std::int64_t makerPrice)
    {
        return takerSide == Side::Buy ? makerPrice <= limit : makerPrice >= limit;
    }

    // Index of the best maker for a taker of `side` within `limit` (or any price), or -1.
    int bestMaker(Side side, bool hasLimit, std::int64_t limit) const
    {
        int best = -1;
        for (int i = 0; i < static_cast<int>(orders.size()); ++i) {
            const Order &o = orders[static_cast<std::size_t>(i)];
            if (o.side == side || (hasLimit && !crosses(side, limit, o.price)))
                continue;
            if (best < 0) {
                best = i;
                continue;
            }
            const Order &b = orders[static_cast<std::size_t>(best)];
            const bool better = side == Side::Buy ? o.price < b.price : o.price > b.price;
            if (better || (o.price == b.price && o.arrival < b.arrival))
                best = i;
        }
        return best;
    }

    std::optional<RejectReason> validateLimit(Price p, Quantity q) const
    {
        if (q.raw() <= 0) return RejectReason::NonPositiveQuantity;
        if (p.raw() <= 0) return RejectReason::NonPositivePrice;
        if (p.raw() % rules.tickSize.raw() != 0) return RejectReason::PriceNotTickMultiple;
        if (q.raw() % rules.lotSize.raw() != 0) return RejectReason::QuantityNotLotMultiple;
        if (q < rules.minQuantity) return RejectReason::QuantityBelowMinimum;
        if (notional(p, q) < rules.minNotional) return RejectReason::NotionalBelowMinimum;
        return std::nullopt;
    }

    bool wouldCross(Side side, std::int64_t p) const { return bestMaker(side, true, p) >= 0; }

    // Matches a taker; false if self-trade prevention cancelled it.
    bool match(OrderId id, AccountId owner, Side side, SelfTradePrevention stp, bool hasLimit,
               std::int64_t limit, std::int64_t &remaining, std::vector<Event> &events)
    {
        while (remaining > 0) {
            const int index = bestMaker(side, hasLimit, limit);
            if (index < 0)
                break;
            Order &maker = orders[static_cast<std::size_t>(index)];
            if (stp != SelfTradePrevention::None && maker.owner == owner) {
                if (stp == SelfTradePrevention::CancelOldest || stp == SelfTradePrevention::CancelBoth) {
                    events.emplace_back(event::Cancelled{maker.id, CancelReason::SelfTradePrevention,
                                                         Quantity::fromRaw(maker.remaining)});
                    erase(maker.id);
                }
                if (stp == SelfTradePrevention::CancelNewest || stp == SelfTradePrevention::CancelBoth) {
                    events.emplace_back(event::Cancelled{id, CancelReason::SelfTradePrevention,
                                                         Quantity::fromRaw(remaining)});
                    return false;
                }
                continue;
            }
            const std::int64_t fill = std::min(remaining, maker.remaining);
            remaining -= fill;
            maker.remaining -= fill;
            events.emplace_back(event::Trade{id, maker.id, Price::fromRaw(maker.price),
                                             Quantity::fromRaw(fill), side, maker.remaining == 0});
            if (maker.remaining == 0)
                erase(maker.id);
        }
        return true;
    }

    void rest(OrderId id, AccountId owner, Side side, std::int64_t p, std::int64_t remaining,
              bool postOnly, SelfTradePrevention stp)
    {
        orders.push_back(Order{id, owner, side, p, remaining, nextArrival++, postOnly, stp});
    }

    void submit(const NewOrder &o, std::vector<Event> &events)
    {
        const auto reject = [&](RejectReason reason) {
            events.emplace_back(event::Rejected{o.id, Request::Submit, reason, describe(reason)});
        };
        if (find(o.id))
            return reject(RejectReason::DuplicateOrderId);
        if (o.postOnly && (o.type != OrderType::Limit || o.timeInForce != TimeInForce::GoodTillCancel))
            return reject(RejectReason::PostOnlyNotLimitGtc);
        const bool isLimit = o.type == OrderType::Limit;
        if (isLimit) {
            if (auto reason = validateLimit(o.price, o.quantity))
                return reject(*reason);
            if (o.postOnly && wouldCross(o.side, o.price.raw()))
                return reject(RejectReason::PostOnlyWouldTake);
        } else {
            if (o.quantity.raw() <= 0) return reject(RejectReason::NonPositiveQuantity);
            if (o.quantity.raw() % rules.lotSize.raw() != 0) return reject(RejectReason::QuantityNotLotMultiple);
            if (o.quantity < rules.minQuantity) return reject(RejectReason::QuantityBelowMinimum);
        }
        events.emplace_back(event::Accepted{o.id});
        std::int64_t remaining = o.quantity.raw();
        if (o.timeInForce == TimeInForce::FillOrKill) {
            // Try it on a copy: fillable means the copy fills completely without STP ending it.
            ReferenceBook trial = *this;
            std::vector<Event> scratch;
            std::int64_t left = remaining;
            const bool alive = trial.match(o.id, o.owner, o.side, o.selfTradePrevention, isLimit,
                                           o.price.raw(), left, scratch);
            if (!alive || left > 0) {
                events.emplace_back(event::Cancelled{o.id, CancelReason::FillOrKillNotFillable, o.quantity});
                return;
            }
            *this = std::move(trial);
            events.insert(events.end(), scratch.begin(), scratch.end());
            return;
        }
        if (!match(o.id, o.owner, o.side, o.selfTradePrevention, isLimit, o.price.raw(), remaining, events)
            || remaining == 0)
            return;
        if (!isLimit)
            events.emplace_back(event::Cancelled{o.id, CancelReason::MarketNoLiquidity, Quantity::fromRaw(remaining)});
        else if (o.timeInForce == TimeInForce::ImmediateOrCancel)
            events.emplace_back(event::Cancelled{o.id, CancelReason::ImmediateOrCancel, Quantity::fromRaw(remaining)});
        else
            rest(o.id, o.owner, o.side, o.price.raw(), remaining, o.postOnly, o.selfTradePrevention);
    }

    void cancel(OrderId id, std::vector<Event> &events)
    {
        Order *o = find(id);
        if (!o) {
            events.emplace_back(event::Rejected{id, Request::Cancel, RejectReason::UnknownOrder,
                                                describe(RejectReason::UnknownOrder)});
            return;
        }
        events.emplace_back(event::Cancelled{id, CancelReason::User, Quantity::fromRaw(o->remaining)});
        erase(id);
    }

    void replace(OrderId id, Price p, Quantity q, std::vector<Event> &events)
    {
        const auto reject = [&](RejectReason reason) {
            events.emplace_back(event::Rejected{id, Request::Replace, reason, describe(reason)});
        };
        Order *o = find(id);
        if (!o)
            return reject(RejectReason::UnknownOrder);
        if (auto reason = validateLimit(p, q))
            return reject(*reason);
        if (p.raw() == o->price && q.raw() <= o->remaining) {
            o->remaining = q.raw();
            events.emplace_back(event::Replaced{id, p, q, true});
            return;
        }
        if (o->postOnly && wouldCross(o->side, p.raw()))
            return reject(RejectReason::PostOnlyWouldTake);
        const Order old = *o;
        erase(id);
        events.emplace_back(event::Replaced{id, p, q, false});
        std::int64_t remaining = q.raw();
        if (match(id, old.owner, old.side, old.stp, true, p.raw(), remaining, events) && remaining > 0)
            rest(id, old.owner, old.side, p.raw(), remaining, old.postOnly, old.stp);
    }

    // Aggregated levels, best first.
    std::vector<DepthLevel> depth(Side side) const
    {
        std::map<std::int64_t, DepthLevel> levels;
        for (const Order &o : orders) {
            if (o.side != side)
                continue;
            DepthLevel &level = levels[o.price];
            level.price = Price::fromRaw(o.price);
            level.quantity += Quantity::fromRaw(o.remaining);
            ++level.orderCount;
        }
        std::vector<DepthLevel> result;
        for (const auto &[p, level] : levels)
            result.push_back(level);
        if (side == Side::Buy)
            std::reverse(result.begin(), result.end());
        return result;
    }
};

} // namespace

class TestMatchingEngine : public QObject {
    Q_OBJECT

private slots:
    void priceTimePriorityAtOneLevel()
    {
        Book book;
        QCOMPARE(book.submit(limit(1, Side::Sell, "100", "1")), expect({"accepted 1"}));
        book.submit(limit(2, Side::Sell, "100", "1"));
        book.submit(limit(3, Side::Sell, "100", "1"));
        QCOMPARE(book.submit(limit(10, Side::Buy, "100", "2.5")),
                 (expect({"accepted 10", "trade 10x1 100 1 buy maker-filled",
                              "trade 10x2 100 1 buy maker-filled", "trade 10x3 100 0.5 buy"})));
        QCOMPARE(book.engine.order(3)->remaining, qty("0.5"));
        QVERIFY(!book.engine.order(1));
        QVERIFY(!book.engine.order(10)); // fully filled: never rested
        QCOMPARE(depthLines(book.engine), expect({"ask 100 0.5 1"}));
    }

    void priceTimePriorityAcrossLevels()
    {
        Book book;
        book.submit(limit(1, Side::Sell, "101", "1"));
        book.submit(limit(2, Side::Sell, "100", "1"));
        book.submit(limit(3, Side::Sell, "100.5", "1"));
        book.submit(limit(4, Side::Sell, "100", "1"));
        QCOMPARE(*book.engine.bestAsk(), price("100"));
        // Better price first, then arrival; each trade at the maker's price.
        QCOMPARE(book.submit(limit(10, Side::Buy, "101", "3.5")),
                 (expect({"accepted 10", "trade 10x2 100 1 buy maker-filled",
                              "trade 10x4 100 1 buy maker-filled",
                              "trade 10x3 100.5 1 buy maker-filled", "trade 10x1 101 0.5 buy"})));
        // The same on the bid side for a sell taker.
        Book bids;
        bids.submit(limit(1, Side::Buy, "99", "1"));
        bids.submit(limit(2, Side::Buy, "100", "1"));
        bids.submit(limit(3, Side::Buy, "100", "1"));
        QCOMPARE(bids.submit(limit(10, Side::Sell, "99", "2.5")),
                 (expect({"accepted 10", "trade 10x2 100 1 sell maker-filled",
                              "trade 10x3 100 1 sell maker-filled", "trade 10x1 99 0.5 sell"})));
    }

    void partialFillRestsTheRemainder()
    {
        Book book;
        book.submit(limit(1, Side::Sell, "100", "1"));
        QCOMPARE(book.submit(limit(2, Side::Buy, "100.5", "3")),
                 (expect({"accepted 2", "trade 2x1 100 1 buy maker-filled"})));
        QCOMPARE(*book.engine.bestBid(), price("100.5"));
        QVERIFY(!book.engine.bestAsk());
        QCOMPARE(book.engine.order(2)->remaining, qty("2"));
        QCOMPARE(depthLines(book.engine), expect({"bid 100.5 2 1"}));
    }

    void marketOrderSweepsLevelsAndCancelsTheRemainder()
    {
        Book book;
        book.submit(limit(1, Side::Sell, "100", "1"));
        book.submit(limit(2, Side::Sell, "101", "2"));
        book.submit(limit(3, Side::Sell, "102", "1"));
        QCOMPARE(book.submit(market(10, Side::Buy, "5")),
                 (expect({"accepted 10", "trade 10x1 100 1 buy maker-filled",
                              "trade 10x2 101 2 buy maker-filled",
                              "trade 10x3 102 1 buy maker-filled",
                              "cancelled 10 market-no-liquidity 1"})));
        QVERIFY(depthLines(book.engine).isEmpty());
        QCOMPARE(book.submit(market(11, Side::Sell, "1")),
                 (expect({"accepted 11", "cancelled 11 market-no-liquidity 1"})));
        // A market order that fills completely leaves no remainder event.
        book.submit(limit(4, Side::Buy, "90", "2"));
        QCOMPARE(book.submit(market(12, Side::Sell, "0.5")),
                 (expect({"accepted 12", "trade 12x4 90 0.5 sell"})));
    }

    void immediateOrCancel()
    {
        Book book;
        book.submit(limit(1, Side::Sell, "100", "1"));
        book.submit(limit(2, Side::Sell, "101", "1"));
        QCOMPARE(book.submit(limit(10, Side::Buy, "100", "2", 0, TimeInForce::ImmediateOrCancel)),
                 (expect({"accepted 10", "trade 10x1 100 1 buy maker-filled", "cancelled 10 ioc 1"})));
        QCOMPARE(depthLines(book.engine), expect({"ask 101 1 1"}));
        QCOMPARE(book.submit(limit(11, Side::Buy, "99", "1", 0, TimeInForce::ImmediateOrCancel)),
                 (expect({"accepted 11", "cancelled 11 ioc 1"})));
        QCOMPARE(book.submit(limit(12, Side::Buy, "101", "1", 0, TimeInForce::ImmediateOrCancel)),
                 (expect({"accepted 12", "trade 12x2 101 1 buy maker-filled"})));
        QVERIFY(depthLines(book.engine).isEmpty());
    }

    void fillOrKill()
    {
        Book book;
        book.submit(limit(1, Side::Sell, "100", "1"));
        book.submit(limit(2, Side::Sell, "101", "1"));
        book.submit(limit(3, Side::Buy, "99", "1"));
        const QStringList before = depthLines(book.engine);
        // Not fillable within the limit (only 1 at ≤ 100): nothing trades, the book is untouched.
        QCOMPARE(book.submit(limit(10, Side::Buy, "100", "2", 0, TimeInForce::FillOrKill)),
                 (expect({"accepted 10", "cancelled 10 fok 2"})));
        QCOMPARE(depthLines(book.engine), before);
        // Not fillable at all (more than the whole side), market FOK included.
        NewOrder marketFok = market(11, Side::Buy, "2.001");
        marketFok.timeInForce = TimeInForce::FillOrKill;
        QCOMPARE(book.submit(marketFok), (expect({"accepted 11", "cancelled 11 fok 2.001"})));
        QCOMPARE(depthLines(book.engine), before);
        // Fillable exactly.
        QCOMPARE(book.submit(limit(12, Side::Buy, "101", "1.5", 0, TimeInForce::FillOrKill)),
                 (expect({"accepted 12", "trade 12x1 100 1 buy maker-filled", "trade 12x2 101 0.5 buy"})));
        QCOMPARE(depthLines(book.engine), (expect({"ask 101 0.5 1", "bid 99 1 1"})));
    }

    void postOnly()
    {
        Book book;
        book.submit(limit(1, Side::Sell, "100", "1"));
        NewOrder maker = limit(10, Side::Buy, "100", "1");
        maker.postOnly = true;
        QCOMPARE(book.submit(maker), expect({"rejected 10 submit post-only-would-take"}));
        QCOMPARE(depthLines(book.engine), expect({"ask 100 1 1"}));
        maker.price = price("99.99");
        QCOMPARE(book.submit(maker), expect({"accepted 10"}));
        QCOMPARE(*book.engine.bestBid(), price("99.99"));
        QVERIFY(book.engine.order(10)->postOnly);
        // Moving it across the book is refused and leaves it as it was; below the ask is fine.
        QCOMPARE(book.replace(10, "100.5", "1"), expect({"rejected 10 replace post-only-would-take"}));
        QCOMPARE(book.engine.order(10)->price, price("99.99"));
        QCOMPARE(book.replace(10, "99.98", "1"), expect({"replaced 10 99.98 1 lost"}));
        // Only GTC limit orders can be post-only.
        NewOrder ioc = limit(11, Side::Buy, "90", "1", 0, TimeInForce::ImmediateOrCancel);
        ioc.postOnly = true;
        QCOMPARE(book.submit(ioc), expect({"rejected 11 submit post-only-not-limit-gtc"}));
        NewOrder mkt = market(12, Side::Buy, "1");
        mkt.postOnly = true;
        QCOMPARE(book.submit(mkt), expect({"rejected 12 submit post-only-not-limit-gtc"}));
    }

    void selfTradePrevention_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QStringList>("events");
        QTest::addColumn<QStringList>("depth");
        // Book: own ask 1 (owner 7) ahead of ask 2 (owner 8), both 1 @ 100. Taker: owner 7 buys 2 @ 100.
        QTest::newRow("none") << int(SelfTradePrevention::None)
                              << expect({"accepted 10", "trade 10x1 100 1 buy maker-filled",
                                             "trade 10x2 100 1 buy maker-filled"})
                              << QStringList{};
        QTest::newRow("cancel newest (expire taker)")
            << int(SelfTradePrevention::CancelNewest)
            << expect({"accepted 10", "cancelled 10 stp 2"}) << expect({"ask 100 2 2"});
        QTest::newRow("cancel oldest (expire maker)")
            << int(SelfTradePrevention::CancelOldest)
            << expect({"accepted 10", "cancelled 1 stp 1", "trade 10x2 100 1 buy maker-filled"})
            << expect({"bid 100 1 1"});
        QTest::newRow("cancel both (expire both)")
            << int(SelfTradePrevention::CancelBoth)
            << expect({"accepted 10", "cancelled 1 stp 1", "cancelled 10 stp 2"})
            << expect({"ask 100 1 1"});
    }

    void selfTradePrevention()
    {
        QFETCH(int, mode);
        QFETCH(QStringList, events);
        QFETCH(QStringList, depth);
        Book book;
        book.submit(limit(1, Side::Sell, "100", "1", 7));
        book.submit(limit(2, Side::Sell, "100", "1", 8));
        NewOrder taker = limit(10, Side::Buy, "100", "2", 7);
        taker.selfTradePrevention = static_cast<SelfTradePrevention>(mode);
        QCOMPARE(book.submit(taker), events);
        QCOMPARE(depthLines(book.engine), depth);
    }

    void selfTradePreventionWithFillOrKill()
    {
        // The other owner's ask 2 alone cannot fill 2: with newest/both the own order ends the
        // match, with oldest it is skipped — either way not fillable, and nothing is expired.
        for (const auto mode : {SelfTradePrevention::CancelNewest, SelfTradePrevention::CancelOldest,
                                SelfTradePrevention::CancelBoth}) {
            Book book;
            book.submit(limit(1, Side::Sell, "100", "1", 7));
            book.submit(limit(2, Side::Sell, "100", "1", 8));
            NewOrder taker = limit(10, Side::Buy, "100", "2", 7, TimeInForce::FillOrKill);
            taker.selfTradePrevention = mode;
            QCOMPARE(book.submit(taker), (expect({"accepted 10", "cancelled 10 fok 2"})));
            QCOMPARE(depthLines(book.engine), expect({"ask 100 2 2"}));
        }
        // Own order behind enough liquidity: fillable whatever the mode.
        Book book;
        book.submit(limit(1, Side::Sell, "100", "1", 8));
        book.submit(limit(2, Side::Sell, "100", "1", 7));
        NewOrder taker = limit(10, Side::Buy, "100", "1", 7, TimeInForce::FillOrKill);
        taker.selfTradePrevention = SelfTradePrevention::CancelNewest;
        QCOMPARE(book.submit(taker), (expect({"accepted 10", "trade 10x1 100 1 buy maker-filled"})));
        // With oldest, own orders are skipped but others' behind them count.
        Book skip;
        skip.submit(limit(1, Side::Sell, "100", "1", 7));
        skip.submit(limit(2, Side::Sell, "101", "1", 8));
        NewOrder oldest = limit(10, Side::Buy, "101", "1", 7, TimeInForce::FillOrKill);
        oldest.selfTradePrevention = SelfTradePrevention::CancelOldest;
        QCOMPARE(skip.submit(oldest), (expect({"accepted 10", "cancelled 1 stp 1",
                                                   "trade 10x2 101 1 buy maker-filled"})));
    }

    void cancel()
    {
        Book book;
        book.submit(limit(1, Side::Buy, "100", "1"));
        book.submit(limit(2, Side::Buy, "100", "2"));
        book.submit(limit(3, Side::Sell, "101", "1"));
        QCOMPARE(book.cancel(1), expect({"cancelled 1 user 1"}));
        QCOMPARE(depthLines(book.engine), (expect({"ask 101 1 1", "bid 100 2 1"})));
        QCOMPARE(book.cancel(1), expect({"rejected 1 cancel unknown"})); // twice
        QCOMPARE(book.cancel(99), expect({"rejected 99 cancel unknown"})); // never seen
        book.submit(market(4, Side::Buy, "1"));
        QCOMPARE(book.cancel(3), expect({"rejected 3 cancel unknown"})); // filled
        // A partly filled order cancels its open part.
        book.submit(market(5, Side::Sell, "0.5"));
        QCOMPARE(book.cancel(2), expect({"cancelled 2 user 1.5"}));
        QVERIFY(depthLines(book.engine).isEmpty());
        QCOMPARE(book.engine.restingOrders(), std::size_t{0});
        // The id is free again once the order is gone.
        QCOMPARE(book.submit(limit(2, Side::Buy, "100", "1")), expect({"accepted 2"}));
    }

    void replacePriority()
    {
        Book book;
        book.submit(limit(1, Side::Buy, "100", "1"));
        book.submit(limit(2, Side::Buy, "100", "1"));
        book.submit(limit(3, Side::Buy, "100", "1"));
        // Smaller quantity, same price: keeps its place.
        QCOMPARE(book.replace(1, "100", "0.5"), expect({"replaced 1 100 0.5 kept"}));
        // Larger quantity: back of the queue.
        QCOMPARE(book.replace(2, "100", "2"), expect({"replaced 2 100 2 lost"}));
        QCOMPARE(depthLines(book.engine), expect({"bid 100 3.5 3"}));
        QCOMPARE(book.submit(market(10, Side::Sell, "2")),
                 (expect({"accepted 10", "trade 10x1 100 0.5 sell maker-filled",
                              "trade 10x3 100 1 sell maker-filled", "trade 10x2 100 0.5 sell"})));
        // A new price loses priority even back at the old one.
        book.submit(limit(4, Side::Buy, "100", "1"));
        QCOMPARE(book.replace(2, "99", "1.5"), expect({"replaced 2 99 1.5 lost"}));
        QCOMPARE(book.replace(2, "100", "1.5"), expect({"replaced 2 100 1.5 lost"}));
        QCOMPARE(book.submit(market(11, Side::Sell, "1")),
                 (expect({"accepted 11", "trade 11x4 100 1 sell maker-filled"})));
        // Replacing across the book trades first, then rests the remainder.
        book.submit(limit(5, Side::Sell, "101", "1"));
        QCOMPARE(book.replace(2, "101", "2"),
                 (expect({"replaced 2 101 2 lost", "trade 2x5 101 1 buy maker-filled"})));
        QCOMPARE(depthLines(book.engine), expect({"bid 101 1 1"}));
        QCOMPARE(book.engine.order(2)->price, price("101"));
        // Unknown and invalid replaces leave everything as it was.
        QCOMPARE(book.replace(77, "100", "1"), expect({"rejected 77 replace unknown"}));
        QCOMPARE(book.replace(2, "100.001", "1"), expect({"rejected 2 replace tick"}));
        QCOMPARE(book.replace(2, "100", "0"), expect({"rejected 2 replace non-positive-quantity"}));
        QCOMPARE(book.replace(2, "100", "0.0015"), expect({"rejected 2 replace lot"}));
        QCOMPARE(book.replace(2, "100", "0.001"), expect({"rejected 2 replace min-quantity"}));
        QCOMPARE(book.replace(2, "100", "0.009"), expect({"rejected 2 replace min-notional"}));
        QCOMPARE(depthLines(book.engine), expect({"bid 101 1 1"}));
    }

    void validation_data()
    {
        QTest::addColumn<QByteArray>("priceText");
        QTest::addColumn<QByteArray>("quantityText");
        QTest::addColumn<bool>("isMarket");
        QTest::addColumn<QByteArray>("expected");
        // Rules: tick 0.01, lot 0.001, min quantity 0.002, min notional 1.
        QTest::newRow("zero quantity") << QByteArray("100") << QByteArray("0") << false << QByteArray("non-positive-quantity");
        QTest::newRow("negative quantity") << QByteArray("100") << QByteArray("-1") << false << QByteArray("non-positive-quantity");
        QTest::newRow("zero price") << QByteArray("0") << QByteArray("1") << false << QByteArray("non-positive-price");
        QTest::newRow("negative price") << QByteArray("-100") << QByteArray("1") << false << QByteArray("non-positive-price");
        QTest::newRow("off tick") << QByteArray("100.005") << QByteArray("1") << false << QByteArray("tick");
        QTest::newRow("off lot") << QByteArray("100") << QByteArray("1.0005") << false << QByteArray("lot");
        QTest::newRow("below min quantity") << QByteArray("1000") << QByteArray("0.001") << false << QByteArray("min-quantity");
        QTest::newRow("below min notional") << QByteArray("100") << QByteArray("0.009") << false << QByteArray("min-notional");
        QTest::newRow("min notional exactly") << QByteArray("100") << QByteArray("0.01") << false << QByteArray("");
        QTest::newRow("market zero quantity") << QByteArray("0") << QByteArray("0") << true << QByteArray("non-positive-quantity");
        QTest::newRow("market off lot") << QByteArray("0") << QByteArray("0.0025") << true << QByteArray("lot");
        QTest::newRow("market below min quantity") << QByteArray("0") << QByteArray("0.001") << true << QByteArray("min-quantity");
        QTest::newRow("market below min notional is fine") << QByteArray("0") << QByteArray("0.002") << true << QByteArray("");
    }

    void validation()
    {
        QFETCH(QByteArray, priceText);
        QFETCH(QByteArray, quantityText);
        QFETCH(bool, isMarket);
        QFETCH(QByteArray, expected);
        Book book;
        book.submit(limit(1, Side::Sell, "200", "1"));
        NewOrder order = limit(10, Side::Buy, "1", "1");
        order.type = isMarket ? OrderType::Market : OrderType::Limit;
        order.price = price(priceText.constData());
        order.quantity = qty(quantityText.constData());
        const QStringList got = book.submit(order);
        if (expected.isEmpty()) {
            QCOMPARE(got.value(0), QStringLiteral("accepted 10"));
        } else {
            QCOMPARE(got, QStringList{QStringLiteral("rejected 10 submit ") + QString::fromLatin1(expected)});
            QCOMPARE(depthLines(book.engine), expect({"ask 200 1 1"}));
        }
    }

    void duplicateId()
    {
        Book book;
        book.submit(limit(1, Side::Buy, "100", "1"));
        QCOMPARE(book.submit(limit(1, Side::Sell, "105", "1")), expect({"rejected 1 submit duplicate"}));
        QCOMPARE(depthLines(book.engine), expect({"bid 100 1 1"}));
        // Rejected event carries the static text.
        const auto &rejected = std::get<event::Rejected>(book.events.front());
        QCOMPARE(rejected.text, describe(RejectReason::DuplicateOrderId));
    }

    void depthSnapshotAggregates()
    {
        Book book;
        book.submit(limit(1, Side::Buy, "100", "1"));
        book.submit(limit(2, Side::Buy, "100", "0.5"));
        book.submit(limit(3, Side::Buy, "99.5", "2"));
        book.submit(limit(4, Side::Buy, "99", "3"));
        book.submit(limit(5, Side::Sell, "101", "1"));
        book.submit(limit(6, Side::Sell, "101", "1.25"));
        book.submit(limit(7, Side::Sell, "102", "4"));
        book.submit(limit(8, Side::Sell, "101.5", "0.25"));
        const DepthSnapshot top = book.engine.depth(2);
        QCOMPARE(top.bids, (std::vector<DepthLevel>{{price("100"), qty("1.5"), 2}, {price("99.5"), qty("2"), 1}}));
        QCOMPARE(top.asks, (std::vector<DepthLevel>{{price("101"), qty("2.25"), 2}, {price("101.5"), qty("0.25"), 1}}));
        QCOMPARE(book.engine.levelCount(Side::Buy), std::size_t{3});
        QCOMPARE(book.engine.levelCount(Side::Sell), std::size_t{3});
        // Reusing a snapshot replaces its content.
        DepthSnapshot reused = top;
        book.engine.depth(1, reused);
        QCOMPARE(reused.bids.size(), std::size_t{1});
        QCOMPARE(reused.asks.front().price, price("101"));
        const OrderInfo info = *book.engine.order(6);
        QCOMPARE(info.side, Side::Sell);
        QCOMPARE(info.price, price("101"));
        QCOMPARE(info.remaining, qty("1.25"));
        QCOMPARE(info.owner, AccountId{1006});
    }

    void randomOperationsMatchTheReferenceBook()
    {
        const SymbolRules symbol = rules();
        MatchingEngine engine(symbol, 64);
        ReferenceBook reference{symbol, {}, 0};
        std::mt19937_64 random(20240613);
        const auto uniform = [&random](std::int64_t low, std::int64_t high) {
            return std::uniform_int_distribution<std::int64_t>(low, high)(random);
        };
        const std::int64_t tick = symbol.tickSize.raw();
        const std::int64_t lot = symbol.lotSize.raw();
        std::vector<OrderId> knownIds;
        OrderId nextId = 1;
        // A live order, or one that may be gone (filled, cancelled), or one that never existed.
        const auto pickId = [&]() -> OrderId {
            const std::int64_t kind = uniform(0, 19);
            if (kind == 0 || (reference.orders.empty() && knownIds.empty()))
                return nextId + 100;
            // Live picks grow with the book, which settles around a couple of hundred orders.
            const auto live = static_cast<std::int64_t>(reference.orders.size());
            if (kind < 4 || uniform(0, 249) >= live)
                return knownIds[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(knownIds.size()) - 1))];
            return reference.orders[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(reference.orders.size()) - 1))].id;
        };
        std::vector<Event> got;
        std::vector<Event> want;
        DepthSnapshot snapshot;
        // Quantity bookkeeping: what entered the book (accepted quantity plus replace changes)
        // equals what left it (both sides of each trade, cancellations) plus what rests.
        std::int64_t submitted = 0;
        std::int64_t leftBook = 0;
        std::size_t trades = 0;
        std::size_t stpCancels = 0;
        std::size_t rejects = 0;
        std::size_t restingSum = 0;
        std::size_t restingMax = 0;

        for (int step = 0; step < 200'000; ++step) {
            got.clear();
            want.clear();
            const std::int64_t roll = uniform(0, 99);
            std::int64_t replacedFrom = -1; // open quantity before a replace
            std::int64_t replacedTo = 0;
            if (roll < 60) {
                NewOrder order;
                // Mostly new ids; now and then a resting one (duplicate).
                order.id = (roll == 0 && !knownIds.empty())
                               ? knownIds[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(knownIds.size()) - 1))]
                               : nextId++;
                order.owner = static_cast<AccountId>(uniform(1, 4));
                order.side = uniform(0, 1) ? Side::Buy : Side::Sell;
                order.type = roll < 52 ? OrderType::Limit : OrderType::Market;
                const std::int64_t tif = uniform(0, 9);
                order.timeInForce = tif < 6 ? TimeInForce::GoodTillCancel
                                            : tif < 8 ? TimeInForce::ImmediateOrCancel : TimeInForce::FillOrKill;
                // Prices within ±20 ticks of 100; buys lean low and sells high, so that a book of
                // a few hundred orders over a few dozen levels builds up and still crosses often.
                const std::int64_t lean = order.side == Side::Buy ? -8 : 8;
                order.price = Price::fromRaw(100 * Price::kScale + (uniform(-12, 12) + lean) * tick);
                order.quantity = Quantity::fromRaw(uniform(1, 120) * lot);
                order.postOnly = uniform(0, 9) == 0;
                order.selfTradePrevention = static_cast<SelfTradePrevention>(uniform(0, 3));
                const std::int64_t odd = uniform(0, 199); // occasional malformed values
                if (odd == 0)
                    order.price = Price::fromRaw(order.price.raw() + 1);
                else if (odd == 1)
                    order.quantity = Quantity::fromRaw(order.quantity.raw() + 7);
                else if (odd == 2)
                    order.quantity = Quantity();
                else if (odd == 3)
                    order.price = -order.price;
                engine.submit(order, got);
                reference.submit(order, want);
                if (!want.empty() && std::holds_alternative<event::Accepted>(want.front())) {
                    submitted += order.quantity.raw();
                    knownIds.push_back(order.id);
                }
            } else if (roll < 80) {
                const OrderId id = pickId();
                engine.cancel(id, got);
                reference.cancel(id, want);
            } else {
                const OrderId id = pickId();
                const ReferenceBook::Order *before = reference.find(id);
                Price newPrice = Price::fromRaw(100 * Price::kScale + uniform(-20, 20) * tick);
                Quantity newQuantity = Quantity::fromRaw(uniform(1, 120) * lot);
                if (before && uniform(0, 2) == 0) {
                    newPrice = Price::fromRaw(before->price); // same price: shrink or grow
                    newQuantity = Quantity::fromRaw(std::max<std::int64_t>(lot, before->remaining - uniform(-5, 20) * lot));
                }
                if (before) {
                    replacedFrom = before->remaining;
                    replacedTo = newQuantity.raw();
                }
                engine.replace(id, newPrice, newQuantity, got);
                reference.replace(id, newPrice, newQuantity, want);
                if (replacedFrom >= 0 && !want.empty() && std::holds_alternative<event::Replaced>(want.front()))
                    submitted += replacedTo - replacedFrom;
            }

            if (got != want) {
                qWarning("event streams differ at step %d", step);
                QCOMPARE(lines(got), lines(want));
            }
            for (const Event &e : want) {
                if (const auto *trade = std::get_if<event::Trade>(&e)) {
                    leftBook += 2 * trade->quantity.raw();
                    ++trades;
                } else if (const auto *cancelled = std::get_if<event::Cancelled>(&e)) {
                    leftBook += cancelled->remaining.raw();
                    stpCancels += cancelled->reason == CancelReason::SelfTradePrevention;
                } else if (std::holds_alternative<event::Rejected>(e)) {
                    ++rejects;
                }
            }

            // Invariants: never crossed; depth identical to the reference; quantity conserved.
            const auto bid = engine.bestBid();
            const auto ask = engine.bestAsk();
            if (bid && ask && !(*bid < *ask))
                QFAIL(qPrintable(QStringLiteral("crossed book at step %1").arg(step)));
            engine.depth(1'000'000, snapshot);
            if (snapshot.bids != reference.depth(Side::Buy) || snapshot.asks != reference.depth(Side::Sell))
                QFAIL(qPrintable(QStringLiteral("depth differs at step %1").arg(step)));
            std::int64_t resting = 0;
            for (const DepthLevel &level : snapshot.bids)
                resting += level.quantity.raw();
            for (const DepthLevel &level : snapshot.asks)
                resting += level.quantity.raw();
            if (submitted != leftBook + resting)
                QFAIL(qPrintable(QStringLiteral("quantity not conserved at step %1").arg(step)));
            if (engine.restingOrders() != reference.orders.size())
                QFAIL(qPrintable(QStringLiteral("order count differs at step %1").arg(step)));
            restingSum += engine.restingOrders();
            restingMax = std::max(restingMax, engine.restingOrders());
            if (step % 64 == 0 && !knownIds.empty()) {
                const OrderId id = knownIds[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(knownIds.size()) - 1))];
                const auto info = engine.order(id);
                const ReferenceBook::Order *ref = reference.find(id);
                QCOMPARE(info.has_value(), ref != nullptr);
                if (ref) {
                    QCOMPARE(info->price.raw(), ref->price);
                    QCOMPARE(info->remaining.raw(), ref->remaining);
                    QCOMPARE(info->owner, ref->owner);
                }
            }
            // Forget ids that are long gone now and then, so picks hit live orders often.
            if (knownIds.size() > 400)
                knownIds.erase(knownIds.begin(), knownIds.begin() + 200);
        }
        qInfo("%zu trades, %zu self-trade cancels, %zu rejects, %zu resting on average, %zu at most",
              trades, stpCancels, rejects, restingSum / 200'000, restingMax);
        QVERIFY(trades > 10'000);
        QVERIFY(stpCancels > 1'000);
    }
};

QTEST_APPLESS_MAIN(TestMatchingEngine)
#include "test_matching_engine.moc"
