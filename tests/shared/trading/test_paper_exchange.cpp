// PaperExchange: hand-computed scenarios for the fill model (resting orders filled by live trades,
// marketable orders taking the live book), fees, locks and their release, every rejection, IOC
// and FOK, stop-market, stop-limit and trailing stops, accounts that never meet, restore after a
// restart; then a seeded property test of 20,000 random operations on two accounts and two
// instruments (balances never negative, locked = the open orders' reservations, every balance
// explained by the fills, every event stream a valid order life) and a determinism check
// (docs/paper-venue.md).
//
// The fixture's fees are 0.10 % maker and 0.20 % taker, so that every fill shows which it was.
#include "trading/paper_exchange.h"

#include <QTest>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace bcf;
using namespace bcf::trading;
using model::Side;

namespace {

constexpr std::uint64_t kAccount = 1;
constexpr std::uint64_t kOther = 2;

Price price(const char *text)
{
    return *Price::parse(text);
}

Quantity qty(const char *text)
{
    return *Quantity::parse(text);
}

Money money(const char *text)
{
    return *Money::parse(text);
}

TimePoint at(long long millis)
{
    return fromUnixMillis(1'710'288'000'000LL + millis);
}

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

// QT_NO_CAST_FROM_ASCII: expected lines are written as plain literals through this.
QStringList expect(std::initializer_list<const char *> lines)
{
    QStringList result;
    for (const char *line : lines)
        result << QString::fromUtf8(line);
    return result;
}

// tick 0.01, lot 0.001, min notional 10: price × quantity always has at most 5 decimals, so
// every amount is exact.
model::Instrument btcusdt()
{
    model::Instrument instrument;
    instrument.exchange = "binance";
    instrument.symbol = "BTCUSDT";
    instrument.base = "BTC";
    instrument.quote = "USDT";
    instrument.tickSize = price("0.01");
    instrument.lotSize = qty("0.001");
    instrument.minNotional = money("10");
    return instrument;
}

// tick 0.00001, lot 0.0001: products have 9 decimals and are rounded to 8.
model::Instrument ethbtc()
{
    model::Instrument instrument;
    instrument.exchange = "binance";
    instrument.symbol = "ETHBTC";
    instrument.base = "ETH";
    instrument.quote = "BTC";
    instrument.tickSize = price("0.00001");
    instrument.lotSize = qty("0.0001");
    instrument.minNotional = money("0.0001");
    instrument.pricePrecision = 5;
    instrument.quantityPrecision = 4;
    return instrument;
}

std::vector<model::BookLevel> levels(std::initializer_list<std::pair<const char *, const char *>> list)
{
    std::vector<model::BookLevel> result;
    for (const auto &[levelPrice, levelQuantity] : list)
        result.push_back({price(levelPrice), qty(levelQuantity)});
    return result;
}

OrderRequest limit(const char *id, Side side, const char *quantity, const char *limitPrice,
                   TimeInForce tif = TimeInForce::GoodTillCancel)
{
    OrderRequest request;
    request.clientOrderId = id;
    request.symbol = "BTCUSDT";
    request.side = side;
    request.type = OrderType::Limit;
    request.timeInForce = tif;
    request.quantity = qty(quantity);
    request.price = price(limitPrice);
    return request;
}

OrderRequest postOnly(const char *id, Side side, const char *quantity, const char *limitPrice)
{
    OrderRequest request = limit(id, side, quantity, limitPrice);
    request.postOnly = true;
    return request;
}

OrderRequest market(const char *id, Side side, const char *quantity)
{
    OrderRequest request;
    request.clientOrderId = id;
    request.symbol = "BTCUSDT";
    request.side = side;
    request.type = OrderType::Market;
    request.quantity = qty(quantity);
    return request;
}

OrderRequest stopMarket(const char *id, Side side, const char *quantity, const char *stop)
{
    OrderRequest request = market(id, side, quantity);
    request.type = OrderType::StopMarket;
    request.stopPrice = price(stop);
    return request;
}

OrderRequest stopLimit(const char *id, Side side, const char *quantity, const char *stop,
                       const char *limitPrice)
{
    OrderRequest request = stopMarket(id, side, quantity, stop);
    request.type = OrderType::StopLimit;
    request.price = price(limitPrice);
    return request;
}

OrderRequest trailing(const char *id, Side side, const char *quantity, std::int32_t basisPoints)
{
    OrderRequest request = market(id, side, quantity);
    request.type = OrderType::TrailingStop;
    request.trailingBasisPoints = basisPoints;
    return request;
}

std::string show(const VenueEvent &event, bool withIds = true)
{
    const std::string id = event.clientOrderId;
    switch (event.kind) {
    case VenueEvent::Kind::Accepted: return "accepted " + id + (withIds ? " " + event.venueOrderId : "");
    case VenueEvent::Kind::Rejected: return "rejected " + id + ": " + event.reason;
    case VenueEvent::Kind::Triggered: return "triggered " + id + " at " + event.price.toString();
    case VenueEvent::Kind::Fill:
        return "fill " + id + " " + event.price.toString() + " x " + event.quantity.toString() +
               " fee " + event.fee.toString() + " " + event.feeAsset +
               (event.maker ? " maker" : " taker") + (withIds ? " #" + event.tradeId : "");
    case VenueEvent::Kind::Cancelled: return "cancelled " + id + ": " + event.reason;
    case VenueEvent::Kind::Expired: return "expired " + id + ": " + event.reason;
    }
    return "?";
}

QStringList lines(const std::vector<VenueEvent> &events, bool withIds = true)
{
    QStringList result;
    for (const VenueEvent &event : events)
        result << qs(show(event, withIds));
    return result;
}

// Events of onTrade, each prefixed with its account ("1: fill …").
QStringList lines(const std::vector<std::pair<std::uint64_t, VenueEvent>> &events, bool withIds = true)
{
    QStringList result;
    for (const auto &[account, event] : events)
        result << qs(std::to_string(account) + ": " + show(event, withIds));
    return result;
}

// "free/locked" of one asset.
QString balance(const PaperExchange &exchange, std::uint64_t account, const std::string &asset)
{
    const auto all = exchange.balances(account);
    if (!all)
        return QStringLiteral("no account");
    const auto found = all->find(asset);
    const AssetBalance value = found == all->end() ? AssetBalance{} : found->second;
    return qs(value.free.toString() + "/" + value.locked.toString());
}

std::string show(const PaperOrder &order)
{
    const OrderRequest &r = order.request;
    return r.clientOrderId + " " + r.symbol + " " + (r.side == Side::Buy ? "buy " : "sell ") +
           std::string(typeName(r.type)) + " " + std::string(timeInForceName(r.timeInForce)) + " " +
           r.quantity.toString() + " @" + r.price.toString() + " stop " + r.stopPrice.toString() +
           " trail " + std::to_string(r.trailingBasisPoints) + (r.postOnly ? " post-only" : "") +
           " filled " + order.filledQuantity.toString() + (order.triggered ? " triggered" : "") +
           " ref " + order.trailingReference.toString() + " " + order.venueOrderId;
}

QStringList orders(const PaperExchange &exchange, std::uint64_t account)
{
    QStringList result;
    for (const PaperOrder &order : exchange.openOrders(account))
        result << qs(show(order));
    return result;
}

QStringList balanceLines(const PaperExchange &exchange, std::uint64_t account)
{
    QStringList result;
    for (const auto &[asset, value] : exchange.balances(account).value_or(std::map<std::string, AssetBalance>{}))
        result << qs(asset + " " + value.free.toString() + "/" + value.locked.toString());
    return result;
}

// asks 100.00 × 1, 100.50 × 2, 101.00 × 3; bids 99.50 × 1, 99.00 × 2, 98.00 × 5
void standardBook(PaperExchange &exchange)
{
    exchange.onBook("BTCUSDT", levels({{"99.50", "1"}, {"99.00", "2"}, {"98.00", "5"}}),
                    levels({{"100.00", "1"}, {"100.50", "2"}, {"101.00", "3"}}));
}

// Account 1 with 100,000 USDT and 2 BTC, the standard book, maker 0.10 %, taker 0.20 %.
struct Fixture {
    PaperExchange exchange{PaperFees{10, 20}};

    explicit Fixture(bool withBook = true)
    {
        if (!exchange.addInstrument(btcusdt()))
            qFatal("instrument");
        if (!exchange.openAccount(kAccount, {{"USDT", money("100000")}, {"BTC", money("2")}}))
            qFatal("account");
        if (withBook)
            standardBook(exchange);
    }

    QStringList submit(const OrderRequest &request, std::uint64_t account = kAccount)
    {
        return lines(exchange.submit(account, request, at(0)));
    }
    QStringList cancel(const char *id, std::uint64_t account = kAccount)
    {
        return lines(exchange.cancel(account, id, at(0)));
    }
    QStringList trade(const char *tradePrice, const char *quantity)
    {
        return lines(exchange.onTrade("BTCUSDT", model::Trade{0, at(0), price(tradePrice), qty(quantity), Side::Buy},
                                      at(0)));
    }
    QString balance(const char *asset, std::uint64_t account = kAccount) const
    {
        return ::balance(exchange, account, asset);
    }
};

// ---------------------------------------------------------------------------------------------
// The property test's model: what the documentation says an order reserves, recomputed here.
Money reservation(const PaperOrder &order, const model::Instrument &instrument)
{
    const OrderRequest &r = order.request;
    const bool market = r.type == OrderType::Market ||
                        (order.triggered && r.type != OrderType::StopLimit && r.type != OrderType::Limit);
    if (market)
        return Money();
    const Quantity left = r.quantity - order.filledQuantity;
    if (r.side == Side::Sell)
        return Money::fromRaw(left.raw());
    switch (r.type) {
    case OrderType::Limit:
    case OrderType::StopLimit: return notional(r.price, left);
    case OrderType::StopMarket: return notional(r.stopPrice, left);
    case OrderType::TrailingStop: {
        // reference × (1 + distance), rounded up to the tick
        const Int128 exact = Int128(order.trailingReference.raw()) * (10'000 + r.trailingBasisPoints);
        const Int128 unit = Int128(instrument.tickSize.raw()) * 10'000;
        const Price lockPrice = Price::fromRaw(std::int64_t((exact + unit - 1) / unit * instrument.tickSize.raw()));
        return notional(lockPrice, left);
    }
    case OrderType::Market: break;
    }
    return Money();
}

struct RandomRun {
    QStringList log; // every event with its ids, for the determinism check
    int fills = 0;
    int rejections = 0;
    int triggers = 0;
    int expiries = 0;
};

// 20,000 seeded random operations: orders of every type on two accounts and two instruments,
// cancels, book updates and trades. With `check`, the invariants are verified after each step.
RandomRun runRandom(std::uint32_t seed, int steps, bool check)
{
    RandomRun run;
    std::mt19937 random(seed);
    const auto uniform = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); };
    const std::map<std::string, model::Instrument> instruments{{"BTCUSDT", btcusdt()}, {"ETHBTC", ethbtc()}};
    std::map<std::string, std::int64_t> mid{{"BTCUSDT", 10'000}, {"ETHBTC", 5'000}}; // in ticks
    PaperExchange exchange(PaperFees{10, 20});
    for (const auto &[symbol, instrument] : instruments)
        if (!exchange.addInstrument(instrument))
            qFatal("instrument");
    const std::map<std::string, Money> initial{{"USDT", money("200000")}, {"BTC", money("40")}, {"ETH", money("300")}};
    const std::vector<std::uint64_t> accounts{kAccount, kOther};
    // The model: each account's expected total per asset, and the OMS's view of each order.
    std::map<std::uint64_t, std::map<std::string, Money>> expected;
    std::map<std::uint64_t, std::map<std::string, Order>> oms;
    std::map<std::string, std::set<std::string>> tradeIds;
    int slack = 0; // raw units ETHBTC's limit buys may differ from price × quantity by (rounding)
    for (const std::uint64_t account : accounts) {
        if (!exchange.openAccount(account, initial))
            qFatal("account");
        expected[account] = initial;
    }

    const auto applyEvent = [&](std::uint64_t account, const VenueEvent &event) {
        run.log << qs(std::to_string(account) + ": " + show(event));
        Order &order = oms[account][event.clientOrderId];
        if (event.kind == VenueEvent::Kind::Rejected) {
            oms[account].erase(event.clientOrderId);
            ++run.rejections;
            return;
        }
        const auto applied = apply(order, event);
        if (!applied)
            qFatal("event %s: %s", show(event).c_str(), applied.error().message.c_str());
        if (event.kind == VenueEvent::Kind::Triggered)
            ++run.triggers;
        if (event.kind == VenueEvent::Kind::Expired)
            ++run.expiries;
        if (event.kind != VenueEvent::Kind::Fill)
            return;
        ++run.fills;
        const model::Instrument &instrument = instruments.at(order.request.symbol);
        if (!tradeIds[instrument.symbol].insert(event.tradeId).second)
            qFatal("trade id %s repeated", event.tradeId.c_str());
        std::map<std::string, Money> &totals = expected[account];
        const Money base = Money::fromRaw(event.quantity.raw());
        const Money value = notional(event.price, event.quantity);
        if (order.request.side == Side::Buy) {
            if (event.feeAsset != instrument.base)
                qFatal("buy fee asset");
            totals[instrument.base] += base - event.fee;
            totals[instrument.quote] -= value;
            if (instrument.symbol == "ETHBTC" && order.request.type != OrderType::Market &&
                order.request.type != OrderType::StopMarket && order.request.type != OrderType::TrailingStop)
                slack += 2;
        } else {
            if (event.feeAsset != instrument.quote)
                qFatal("sell fee asset");
            totals[instrument.base] -= base;
            totals[instrument.quote] += value - event.fee;
        }
    };

    const auto randomPrice = [&](const std::string &symbol, int spread) {
        const std::int64_t ticks = std::max<std::int64_t>(1, mid[symbol] + uniform(-spread, spread));
        return Price::fromRaw(ticks * instruments.at(symbol).tickSize.raw());
    };
    const auto randomQuantity = [&](const std::string &symbol, int maxLots) {
        return Quantity::fromRaw(uniform(1, maxLots) * instruments.at(symbol).lotSize.raw());
    };

    int nextId = 1;
    for (int step = 0; step < steps; ++step) {
        const TimePoint now = at(step);
        const std::string symbol = uniform(0, 2) == 0 ? "ETHBTC" : "BTCUSDT";
        const int maxLots = symbol == "BTCUSDT" ? 2000 : 20000;
        const std::uint64_t account = accounts[std::size_t(uniform(0, 1))];
        const int action = uniform(0, 99);
        if (action < 10) {
            mid[symbol] = std::max<std::int64_t>(1000, mid[symbol] + uniform(-30, 30));
            std::vector<model::BookLevel> bids;
            std::vector<model::BookLevel> asks;
            const int depth = uniform(0, 6);
            const Price tick = instruments.at(symbol).tickSize;
            for (int i = 0; i < depth; ++i) {
                bids.push_back({Price::fromRaw((mid[symbol] - 1 - i * 3) * tick.raw()), randomQuantity(symbol, maxLots)});
                asks.push_back({Price::fromRaw((mid[symbol] + 1 + i * 3) * tick.raw()), randomQuantity(symbol, maxLots)});
            }
            exchange.onBook(symbol, bids, asks);
        } else if (action < 35) {
            const model::Trade trade{step, now, randomPrice(symbol, 40), randomQuantity(symbol, maxLots), Side::Buy};
            for (const auto &[owner, event] : exchange.onTrade(symbol, trade, now))
                applyEvent(owner, event);
        } else if (action < 50) {
            const auto open = exchange.openOrders(account);
            const std::string id = open.empty() || uniform(0, 9) == 0
                                       ? std::string("missing")
                                       : open[std::size_t(uniform(0, int(open.size()) - 1))].request.clientOrderId;
            for (const VenueEvent &event : exchange.cancel(account, id, now)) {
                if (event.kind != VenueEvent::Kind::Rejected) {
                    applyEvent(account, event);
                    continue;
                }
                if (oms[account].contains(id))
                    qFatal("step %d: open order %s could not be cancelled", step, id.c_str());
                run.log << qs(std::to_string(account) + ": " + show(event));
                ++run.rejections;
            }
        } else {
            OrderRequest request;
            request.clientOrderId = "o" + std::to_string(nextId++);
            request.symbol = symbol;
            request.side = uniform(0, 1) == 0 ? Side::Buy : Side::Sell;
            request.quantity = randomQuantity(symbol, maxLots);
            const int type = uniform(0, 99);
            if (type < 45) {
                request.type = OrderType::Limit;
                request.price = randomPrice(symbol, 60);
                const int tif = uniform(0, 9);
                request.timeInForce = tif == 0 ? TimeInForce::ImmediateOrCancel
                                      : tif == 1 ? TimeInForce::FillOrKill
                                                 : TimeInForce::GoodTillCancel;
                request.postOnly = tif > 7;
            } else if (type < 65) {
                request.type = OrderType::Market;
            } else if (type < 80) {
                request.type = OrderType::StopMarket;
                request.stopPrice = randomPrice(symbol, 60);
            } else if (type < 92) {
                request.type = OrderType::StopLimit;
                request.stopPrice = randomPrice(symbol, 60);
                request.price = randomPrice(symbol, 60);
            } else {
                request.type = OrderType::TrailingStop;
                request.trailingBasisPoints = uniform(1, 300);
            }
            if (uniform(0, 49) == 0 && !oms[account].empty()) // sometimes a duplicate id
                request.clientOrderId = oms[account].rbegin()->first;
            const bool duplicate = oms[account].contains(request.clientOrderId);
            Order mirror;
            mirror.request = request;
            const auto events = exchange.submit(account, request, now);
            if (duplicate) {
                if (events.size() != 1 || events.front().kind != VenueEvent::Kind::Rejected)
                    qFatal("a duplicate client order id was accepted");
                run.log << qs(std::to_string(account) + ": " + show(events.front()));
                ++run.rejections;
            } else {
                oms[account][request.clientOrderId] = mirror;
                for (const VenueEvent &event : events)
                    applyEvent(account, event);
            }
        }
        // Finished orders leave the model, so that only open ones remain.
        for (auto &[owner, byId] : oms)
            std::erase_if(byId, [](const auto &entry) { return isTerminal(entry.second.state); });
        if (!check)
            continue;

        for (const std::uint64_t owner : accounts) {
            const auto balances = *exchange.balances(owner);
            const auto open = exchange.openOrders(owner);
            std::map<std::string, Money> reserved;
            std::set<std::string> openIds;
            for (const PaperOrder &order : open) {
                const model::Instrument &instrument = instruments.at(order.request.symbol);
                const std::string &asset = order.request.side == Side::Buy ? instrument.quote : instrument.base;
                reserved[asset] += reservation(order, instrument);
                openIds.insert(order.request.clientOrderId);
                const auto found = oms[owner].find(order.request.clientOrderId);
                if (found == oms[owner].end() || found->second.filledQuantity != order.filledQuantity)
                    qFatal("step %d: open order %s differs from its event stream", step,
                           order.request.clientOrderId.c_str());
            }
            if (openIds.size() != oms[owner].size())
                qFatal("step %d: %zu open orders, the events leave %zu", step, openIds.size(), oms[owner].size());
            for (const auto &[asset, value] : balances) {
                if (value.free.isNegative() || value.locked.isNegative())
                    qFatal("step %d: negative %s balance", step, asset.c_str());
                if (value.locked != reserved[asset])
                    qFatal("step %d: locked %s %s, open orders reserve %s", step, asset.c_str(),
                           value.locked.toString().c_str(), reserved[asset].toString().c_str());
                const Money total = value.free + value.locked;
                const Money difference = total - expected[owner][asset];
                const std::int64_t allowed = asset == "BTC" ? slack : 0;
                if (difference.raw() > allowed || difference.raw() < -allowed)
                    qFatal("step %d: %s total %s, the fills explain %s", step, asset.c_str(),
                           total.toString().c_str(), expected[owner][asset].toString().c_str());
            }
        }
    }
    return run;
}

} // namespace

class TestPaperExchange final : public QObject {
    Q_OBJECT

private slots:
    void configuration()
    {
        PaperExchange exchange;
        model::Instrument broken = btcusdt();
        broken.tickSize = Price();
        QCOMPARE(exchange.addInstrument(broken).error().code, ErrorCode::InvalidArgument);
        QVERIFY(exchange.addInstrument(btcusdt()));
        QVERIFY(exchange.addInstrument(btcusdt())); // the same definition again
        model::Instrument changed = btcusdt();
        changed.lotSize = qty("0.01");
        QCOMPARE(exchange.addInstrument(changed).error().code, ErrorCode::AlreadyExists);

        QVERIFY(!exchange.hasAccount(kAccount));
        QVERIFY(!exchange.balances(kAccount));
        QVERIFY(exchange.openOrders(kAccount).empty());
        QCOMPARE(exchange.openAccount(kAccount, {{"USDT", money("-1")}}).error().code,
                 ErrorCode::InvalidArgument);
        QVERIFY(!exchange.hasAccount(kAccount));
        QVERIFY(exchange.openAccount(kAccount, {{"USDT", money("10")}}));
        QVERIFY(exchange.hasAccount(kAccount));
        QCOMPARE(exchange.openAccount(kAccount, {}).error().code, ErrorCode::AlreadyExists);
        QCOMPARE(balance(exchange, kAccount, "USDT"), QStringLiteral("10/0"));
    }

    void limitOrderRestsThenLiveTradesFillIt()
    {
        Fixture f;
        // 99.80 is below the best ask (100.00): nothing to take, it rests and locks 149.70.
        QCOMPARE(f.submit(limit("b1", Side::Buy, "1.5", "99.80")), expect({"accepted b1 P1"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99850.3/149.7"));
        QCOMPARE(orders(f.exchange, kAccount),
                 expect({"b1 BTCUSDT buy LIMIT GTC 1.5 @99.8 stop 0 trail 0 filled 0 ref 0 P1"}));

        // A trade at 99.80 for 1 fills 1 at the order's price as maker: fee 0.1 % of 1 BTC.
        QCOMPARE(f.trade("99.80", "1"), expect({"1: fill b1 99.8 x 1 fee 0.001 BTC maker #1"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("2.999/0"));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99850.3/49.9"));
        // Above the bid: no fill.
        QVERIFY(f.trade("99.90", "5").isEmpty());
        // Below it: the rest (0.5) fills at 99.80, not at the trade's 99.50.
        QCOMPARE(f.trade("99.50", "5"), expect({"1: fill b1 99.8 x 0.5 fee 0.0005 BTC maker #2"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("3.4985/0"));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99850.3/0"));
        QVERIFY(f.exchange.openOrders(kAccount).empty());

        // A resting sell locks its base and is paid in quote less 0.1 %: 50.10 − 0.0501.
        QCOMPARE(f.submit(limit("s1", Side::Sell, "0.8", "100.20")), expect({"accepted s1 P2"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("2.6985/0.8"));
        QVERIFY(f.trade("100.19", "5").isEmpty());
        QCOMPARE(f.trade("100.30", "0.5"), expect({"1: fill s1 100.2 x 0.5 fee 0.0501 USDT maker #3"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("2.6985/0.3"));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99900.3499/0"));
    }

    void tradesFillBestPriceThenFirstInFirstOut()
    {
        Fixture f;
        QCOMPARE(f.submit(limit("low", Side::Buy, "1", "99.60")), expect({"accepted low P1"}));
        QCOMPARE(f.submit(limit("first", Side::Buy, "1", "99.70")), expect({"accepted first P2"}));
        QCOMPARE(f.submit(limit("second", Side::Buy, "1", "99.70")), expect({"accepted second P3"}));
        // 1.5 at 99.60: the best price (99.70) first, oldest first; 99.60 gets nothing.
        QCOMPARE(f.trade("99.60", "1.5"), expect({"1: fill first 99.7 x 1 fee 0.001 BTC maker #1",
                                                  "1: fill second 99.7 x 0.5 fee 0.0005 BTC maker #2"}));
        QCOMPARE(orders(f.exchange, kAccount).size(), 2);
    }

    void marketableLimitTakesSeveralLevels()
    {
        Fixture f;
        // 4 at up to 100.50: 1 at 100.00 and 2 at 100.50 taken (taker, 0.2 %), 1 rests.
        QCOMPARE(f.submit(limit("b", Side::Buy, "4", "100.50")),
                 expect({"accepted b P1", "fill b 100 x 1 fee 0.002 BTC taker #1",
                         "fill b 100.5 x 2 fee 0.004 BTC taker #2"}));
        // Locked 402; paid 100 + 201; the rest (1 × 100.50) stays locked; 0.50 saved is free.
        QCOMPARE(f.balance("USDT"), QStringLiteral("99598.5/100.5"));
        QCOMPARE(f.balance("BTC"), QStringLiteral("4.994/0"));
        QCOMPARE(orders(f.exchange, kAccount),
                 expect({"b BTCUSDT buy LIMIT GTC 4 @100.5 stop 0 trail 0 filled 3 ref 0 P1"}));
        // The rest is an ordinary resting order: a trade fills it as maker.
        QCOMPARE(f.trade("100.50", "0.4"), expect({"1: fill b 100.5 x 0.4 fee 0.0004 BTC maker #3"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99598.5/60.3"));
        QCOMPARE(f.balance("BTC"), QStringLiteral("5.3936/0"));
    }

    void marketOrdersWalkTheBookAndExpireTheRest()
    {
        Fixture f;
        // 7 against 1 + 2 + 3 shown: 6 filled for 100 + 201 + 303 = 604, 1 expires.
        QCOMPARE(f.submit(market("m1", Side::Buy, "7")),
                 expect({"accepted m1 P1", "fill m1 100 x 1 fee 0.002 BTC taker #1",
                         "fill m1 100.5 x 2 fee 0.004 BTC taker #2",
                         "fill m1 101 x 3 fee 0.006 BTC taker #3",
                         "expired m1: market order remainder: no more liquidity"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99396/0"));
        QCOMPARE(f.balance("BTC"), QStringLiteral("7.988/0"));
        QVERIFY(f.exchange.openOrders(kAccount).empty());

        // A sell: 1.5 = 1 at 99.50 + 0.5 at 99.00 = 149.00, fees 0.199 + 0.099 USDT.
        QCOMPARE(f.submit(market("m2", Side::Sell, "1.5")),
                 expect({"accepted m2 P2", "fill m2 99.5 x 1 fee 0.199 USDT taker #4",
                         "fill m2 99 x 0.5 fee 0.099 USDT taker #5"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99544.702/0"));
        QCOMPARE(f.balance("BTC"), QStringLiteral("6.488/0"));

        // Another account sees the whole live book (the paper fills took nothing from it):
        // 9 against 8 shown, 787.50 − 1.575 fees, 1 expires.
        QVERIFY(f.exchange.openAccount(kOther, {{"BTC", money("10")}}));
        QCOMPARE(f.submit(market("m3", Side::Sell, "9"), kOther),
                 expect({"accepted m3 P3", "fill m3 99.5 x 1 fee 0.199 USDT taker #6",
                         "fill m3 99 x 2 fee 0.396 USDT taker #7",
                         "fill m3 98 x 5 fee 0.98 USDT taker #8",
                         "expired m3: market order remainder: no more liquidity"}));
        QCOMPARE(f.balance("USDT", kOther), QStringLiteral("785.925/0"));
        QCOMPARE(f.balance("BTC", kOther), QStringLiteral("2/0"));
    }

    void injectedLiquidityIsRemovedAfterUse()
    {
        Fixture f;
        QCOMPARE(f.submit(limit("b", Side::Buy, "0.5", "100.00")).size(), 2);
        // The live book empties: nothing of the earlier injection may be left to take.
        f.exchange.onBook("BTCUSDT", {}, {});
        QCOMPARE(f.submit(market("m", Side::Buy, "1")),
                 expect({"accepted m P2", "expired m: market order remainder: no more liquidity"}));
        QCOMPARE(f.submit(market("s", Side::Sell, "1")),
                 expect({"accepted s P3", "expired s: market order remainder: no more liquidity"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99950/0"));
    }

    void ownRestingOrdersKeepLiveLevelsThatWouldCrossThemOut()
    {
        Fixture f;
        QCOMPARE(f.submit(limit("s", Side::Sell, "1", "101.00")), expect({"accepted s P1"}));
        // The book moves up: the resting sell at 101 is now below the live bids.
        f.exchange.onBook("BTCUSDT", levels({{"101.50", "1"}, {"100.80", "2"}}), levels({{"102.00", "1"}}));
        // A market sell takes only the level that does not cross the resting sell (100.80):
        // 101.50 is left out, as in the simulator.
        QCOMPARE(f.submit(market("m", Side::Sell, "0.5")),
                 expect({"accepted m P2", "fill m 100.8 x 0.5 fee 0.1008 USDT taker #1"}));
        // A market buy meets the account's own resting sell first (it is in the same book).
        QCOMPARE(f.submit(market("b", Side::Buy, "1.2")),
                 expect({"accepted b P3", "fill s 101 x 1 fee 0.101 USDT maker #2",
                         "fill b 101 x 1 fee 0.002 BTC taker #3",
                         "fill b 102 x 0.2 fee 0.0004 BTC taker #4"}));
        QVERIFY(f.exchange.openOrders(kAccount).empty());
    }

    void insufficientBalanceIsRejectedWithoutChangingAnything()
    {
        Fixture f;
        QVERIFY(f.exchange.openAccount(3, {{"USDT", money("100")}}));
        QCOMPARE(f.submit(limit("l", Side::Buy, "2", "99.00"), 3),
                 expect({"rejected l: insufficient USDT balance: 198 needed, 100 free"}));
        // A market buy needs what the book would charge: 1 × 100.00 + 1 × 100.50.
        QCOMPARE(f.submit(market("m", Side::Buy, "2"), 3),
                 expect({"rejected m: insufficient USDT balance: 200.5 needed, 100 free"}));
        QCOMPARE(f.submit(market("s", Side::Sell, "0.2"), 3),
                 expect({"rejected s: insufficient BTC balance: 0.2 needed, 0 free"}));
        QCOMPARE(f.submit(stopMarket("st", Side::Buy, "1", "101"), 3),
                 expect({"rejected st: insufficient USDT balance: 101 needed, 100 free"}));
        QCOMPARE(f.submit(limit("sl", Side::Sell, "1", "120"), 3),
                 expect({"rejected sl: insufficient BTC balance: 1 needed, 0 free"}));
        QCOMPARE(balanceLines(f.exchange, 3), expect({"USDT 100/0"}));
        QVERIFY(f.exchange.openOrders(3).empty());
        // Exactly enough is enough.
        QCOMPARE(f.submit(market("all", Side::Buy, "1"), 3),
                 expect({"accepted all P1", "fill all 100 x 1 fee 0.002 BTC taker #1"}));
        QCOMPARE(f.balance("USDT", 3), QStringLiteral("0/0"));
        QCOMPARE(f.balance("BTC", 3), QStringLiteral("0.998/0"));
        // Locked funds are not free.
        QCOMPARE(f.submit(limit("a", Side::Sell, "0.6", "120"), 3), expect({"accepted a P2"}));
        QCOMPARE(f.submit(limit("b", Side::Sell, "0.4", "120"), 3),
                 expect({"rejected b: insufficient BTC balance: 0.4 needed, 0.398 free"}));
    }

    void instrumentRulesAndUnknownsAreRejected()
    {
        Fixture f;
        QCOMPARE(f.submit(limit("t", Side::Buy, "1", "99.005")),
                 expect({"rejected t: The price 99.005 is not a multiple of the tick size 0.01 of BTCUSDT."}));
        QCOMPARE(f.submit(limit("l", Side::Buy, "0.0005", "99")),
                 expect({"rejected l: The quantity 0.0005 is not a multiple of the lot size 0.001 of BTCUSDT."}));
        QCOMPARE(f.submit(limit("n", Side::Buy, "0.05", "99")),
                 expect({"rejected n: The order value 4.95 USDT is below the minimum of 10 USDT for BTCUSDT."}));
        QCOMPARE(f.submit(stopMarket("sp", Side::Sell, "1", "90.001")),
                 expect({"rejected sp: Stop price: The price 90.001 is not a multiple of the tick size 0.01 of BTCUSDT."}));
        // A stop-market's value counts at its stop price: 0.1 × 90 = 9.
        QCOMPARE(f.submit(stopMarket("sn", Side::Sell, "0.1", "90")),
                 expect({"rejected sn: The order value 9 USDT is below the minimum of 10 USDT for BTCUSDT."}));
        // A market order's at the best price it would take without a last trade: 0.099 × 100.
        QCOMPARE(f.submit(market("mn", Side::Buy, "0.099")),
                 expect({"rejected mn: The order value 9.9 USDT is below the minimum of 10 USDT for BTCUSDT."}));
        OrderRequest zero = limit("z", Side::Buy, "1", "99");
        zero.quantity = Quantity();
        QCOMPARE(f.submit(zero), expect({"rejected z: quantity: must be greater than zero."}));
        OrderRequest other = limit("u", Side::Buy, "1", "99");
        other.symbol = "ETHUSDT";
        QCOMPARE(f.submit(other), expect({"rejected u: unknown symbol ETHUSDT"}));
        QCOMPARE(f.submit(limit("a", Side::Buy, "1", "99"), 99), expect({"rejected a: unknown account 99"}));
        QCOMPARE(f.cancel("a", 99), expect({"rejected a: unknown account 99"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("100000/0"));
        QVERIFY(f.exchange.openOrders(kAccount).empty());
        // Live data of an unknown symbol is ignored.
        QVERIFY(f.exchange.onTrade("ETHUSDT", model::Trade{1, at(0), price("1"), qty("1"), Side::Buy}, at(0)).empty());
    }

    void duplicateClientOrderIdIsRejected()
    {
        Fixture f;
        QCOMPARE(f.submit(limit("a", Side::Buy, "1", "99")), expect({"accepted a P1"}));
        QCOMPARE(f.submit(limit("a", Side::Sell, "1", "105")),
                 expect({"rejected a: duplicate client order id a: an open order already has it"}));
        QCOMPARE(f.exchange.openOrders(kAccount).size(), std::size_t(1));
        QCOMPARE(f.balance("BTC"), QStringLiteral("2/0"));
        // Another account may use the same id; after the order ends, so may this one.
        QVERIFY(f.exchange.openAccount(kOther, {{"USDT", money("1000")}}));
        QCOMPARE(f.submit(limit("a", Side::Buy, "1", "99"), kOther), expect({"accepted a P2"}));
        QCOMPARE(f.cancel("a"), expect({"cancelled a: cancelled by request"}));
        QCOMPARE(f.submit(limit("a", Side::Buy, "1", "98")), expect({"accepted a P3"}));
    }

    void cancelReleasesWhatIsLeft()
    {
        Fixture f;
        QCOMPARE(f.submit(limit("c", Side::Buy, "1.5", "99.80")), expect({"accepted c P1"}));
        QCOMPARE(f.trade("99.80", "1"), expect({"1: fill c 99.8 x 1 fee 0.001 BTC maker #1"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99850.3/49.9"));
        QCOMPARE(f.cancel("c"), expect({"cancelled c: cancelled by request"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99900.2/0"));
        QCOMPARE(f.cancel("c"), expect({"rejected c: unknown order"}));
        QCOMPARE(f.cancel("never"), expect({"rejected never: unknown order"}));
        // The cancelled order is gone from the engine: a trade through its price fills nothing.
        QVERIFY(f.trade("99.00", "10").isEmpty());

        QCOMPARE(f.submit(stopMarket("s", Side::Sell, "0.5", "90")), expect({"accepted s P2"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("2.499/0.5"));
        QCOMPARE(f.cancel("s"), expect({"cancelled s: cancelled by request"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("2.999/0"));
        QVERIFY(f.exchange.openOrders(kAccount).empty());
    }

    void postOnlyThatWouldTakeIsRejected()
    {
        Fixture f;
        QCOMPARE(f.submit(postOnly("p", Side::Buy, "1", "100.00")),
                 expect({"rejected p: post-only order would immediately match and take liquidity"}));
        QCOMPARE(f.submit(postOnly("q", Side::Sell, "1", "99.50")),
                 expect({"rejected q: post-only order would immediately match and take liquidity"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("100000/0"));
        QCOMPARE(f.submit(postOnly("p", Side::Buy, "1", "99.99")), expect({"accepted p P1"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99900.01/99.99"));
        // Against the account's own resting order too.
        QCOMPARE(f.submit(postOnly("r", Side::Sell, "1", "99.99")),
                 expect({"rejected r: post-only order would immediately match and take liquidity"}));
        QCOMPARE(orders(f.exchange, kAccount),
                 expect({"p BTCUSDT buy LIMIT GTC 1 @99.99 stop 0 trail 0 post-only filled 0 ref 0 P1"}));
    }

    void immediateOrCancelAndFillOrKill()
    {
        Fixture f;
        QCOMPARE(f.submit(limit("i", Side::Buy, "4", "100.50", TimeInForce::ImmediateOrCancel)),
                 expect({"accepted i P1", "fill i 100 x 1 fee 0.002 BTC taker #1",
                         "fill i 100.5 x 2 fee 0.004 BTC taker #2",
                         "expired i: immediate-or-cancel remainder"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99699/0"));
        // FOK: 4 cannot fill within 100.50 (3 shown): accepted, then expired with nothing.
        QCOMPARE(f.submit(limit("k", Side::Buy, "4", "100.50", TimeInForce::FillOrKill)),
                 expect({"accepted k P2", "expired k: fill-or-kill order could not fill completely"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99699/0"));
        QCOMPARE(f.submit(limit("f", Side::Sell, "3", "99.00", TimeInForce::FillOrKill)),
                 expect({"accepted f P3", "fill f 99.5 x 1 fee 0.199 USDT taker #3",
                         "fill f 99 x 2 fee 0.396 USDT taker #4"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("1.994/0"));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99995.905/0"));
        // IOC that takes nothing: expires whole, lock released.
        QCOMPARE(f.submit(limit("n", Side::Buy, "1", "99", TimeInForce::ImmediateOrCancel)),
                 expect({"accepted n P4", "expired n: immediate-or-cancel remainder"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99995.905/0"));
        QVERIFY(f.exchange.openOrders(kAccount).empty());
    }

    void stopMarketTriggersOnLiveTrades()
    {
        Fixture f;
        QVERIFY(f.trade("100.00", "0.1").isEmpty()); // the last trade
        QCOMPARE(f.submit(stopMarket("sb", Side::Buy, "1", "101")), expect({"accepted sb P1"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99899/101")); // stop price × quantity
        QVERIFY(f.trade("100.99", "1").isEmpty());
        f.exchange.onBook("BTCUSDT", levels({{"100.50", "1"}}), levels({{"101.00", "0.4"}, {"101.50", "5"}}));
        // 101.00 reaches the stop: triggered, then a market buy of 1 against the book.
        QCOMPARE(f.trade("101.00", "0.1"),
                 expect({"1: triggered sb at 101", "1: fill sb 101 x 0.4 fee 0.0008 BTC taker #1",
                         "1: fill sb 101.5 x 0.6 fee 0.0012 BTC taker #2"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99898.7/0"));
        QCOMPARE(f.balance("BTC"), QStringLiteral("2.998/0"));

        QCOMPARE(f.submit(stopMarket("ss", Side::Sell, "0.5", "100")), expect({"accepted ss P2"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("2.498/0.5"));
        f.exchange.onBook("BTCUSDT", levels({{"99.90", "0.2"}, {"99.80", "1"}}), levels({{"100.10", "1"}}));
        QVERIFY(f.trade("100.01", "1").isEmpty());
        QCOMPARE(f.trade("100.00", "0.1"),
                 expect({"1: triggered ss at 100", "1: fill ss 99.9 x 0.2 fee 0.03996 USDT taker #3",
                         "1: fill ss 99.8 x 0.3 fee 0.05988 USDT taker #4"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("2.498/0"));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99948.52016/0"));
        QVERIFY(f.exchange.openOrders(kAccount).empty());
    }

    void triggeredStopMarketThatCannotPayExpires()
    {
        Fixture f;
        QVERIFY(f.exchange.openAccount(3, {{"USDT", money("101")}}));
        QVERIFY(f.trade("100.00", "0.1").isEmpty());
        QCOMPARE(f.submit(stopMarket("sb", Side::Buy, "1", "101"), 3), expect({"accepted sb P1"}));
        f.exchange.onBook("BTCUSDT", {}, levels({{"102.00", "5"}}));
        // The book has moved past the stop: 102 needed, 101 free.
        QCOMPARE(f.trade("101.00", "0.1"),
                 expect({"3: triggered sb at 101",
                         "3: expired sb: insufficient USDT balance: 102 needed, 101 free when the stop triggered"}));
        QCOMPARE(f.balance("USDT", 3), QStringLiteral("101/0"));
    }

    void stopLimitTriggersThenRests()
    {
        Fixture f;
        QVERIFY(f.trade("100.00", "0.1").isEmpty());
        QCOMPARE(f.submit(stopLimit("sl", Side::Sell, "1", "99.00", "98.50")), expect({"accepted sl P1"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("1/1"));
        f.exchange.onBook("BTCUSDT", levels({{"98.80", "0.3"}, {"98.40", "5"}}), levels({{"99.50", "1"}}));
        // Triggered at 99: a GTC limit sell at 98.50 takes 0.3 at 98.80 and rests with 0.7.
        QCOMPARE(f.trade("99.00", "0.1"),
                 expect({"1: triggered sl at 99", "1: fill sl 98.8 x 0.3 fee 0.05928 USDT taker #1"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("1/0.7"));
        QCOMPARE(f.balance("USDT"), QStringLiteral("100029.58072/0"));
        QCOMPARE(orders(f.exchange, kAccount),
                 expect({"sl BTCUSDT sell STOP_LIMIT GTC 1 @98.5 stop 99 trail 0 filled 0.3 triggered ref 0 P1"}));
        // Now it rests: a later trade fills it as maker at its price.
        QCOMPARE(f.trade("98.50", "1"), expect({"1: fill sl 98.5 x 0.7 fee 0.06895 USDT maker #2"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("1/0"));
        QCOMPARE(f.balance("USDT"), QStringLiteral("100098.46177/0"));

        // A buy stop-limit locks its limit price × quantity, and keeps that lock when triggered.
        QCOMPARE(f.submit(stopLimit("bl", Side::Buy, "1", "102", "102.50")), expect({"accepted bl P2"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99995.96177/102.5"));
        f.exchange.onBook("BTCUSDT", levels({{"101.00", "1"}}), levels({{"103.00", "1"}}));
        QCOMPARE(f.trade("102.00", "0.1"), expect({"1: triggered bl at 102"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99995.96177/102.5"));
        QCOMPARE(f.trade("102.50", "2"), expect({"1: fill bl 102.5 x 1 fee 0.001 BTC maker #3"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99995.96177/0"));
    }

    void stopThatWouldTriggerImmediatelyIsRejected()
    {
        Fixture f;
        // No trade seen yet: any stop price is accepted.
        QCOMPARE(f.submit(stopMarket("early", Side::Buy, "0.2", "50")), expect({"accepted early P1"}));
        QCOMPARE(f.cancel("early").size(), 1);
        QVERIFY(f.trade("100.00", "0.1").isEmpty());
        const char *immediately = "Stop price would trigger immediately.";
        QCOMPARE(f.submit(stopMarket("a", Side::Buy, "1", "100")),
                 QStringList{QStringLiteral("rejected a: ") + QString::fromUtf8(immediately)});
        QCOMPARE(f.submit(stopLimit("b", Side::Buy, "1", "99.99", "101")),
                 QStringList{QStringLiteral("rejected b: ") + QString::fromUtf8(immediately)});
        QCOMPARE(f.submit(stopMarket("c", Side::Sell, "1", "100")),
                 QStringList{QStringLiteral("rejected c: ") + QString::fromUtf8(immediately)});
        QCOMPARE(f.submit(stopMarket("d", Side::Sell, "1", "100.01")),
                 QStringList{QStringLiteral("rejected d: ") + QString::fromUtf8(immediately)});
        QCOMPARE(f.submit(stopMarket("e", Side::Buy, "1", "100.01")), expect({"accepted e P2"}));
        QCOMPARE(f.submit(stopMarket("g", Side::Sell, "1", "99.99")), expect({"accepted g P3"}));
    }

    void trailingStopsFollowTheBestPrice()
    {
        Fixture f;
        QCOMPARE(f.submit(trailing("early", Side::Sell, "1", 100)),
                 expect({"rejected early: no market data for BTCUSDT yet"}));
        QVERIFY(f.trade("100.00", "0.1").isEmpty());
        // A sell trailing 1 %: reference 100, trigger 99.
        QCOMPARE(f.submit(trailing("ts", Side::Sell, "1", 100)), expect({"accepted ts P1"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("1/1"));
        QVERIFY(f.trade("102.00", "0.1").isEmpty()); // reference 102, trigger 100.98
        QCOMPARE(orders(f.exchange, kAccount),
                 expect({"ts BTCUSDT sell TRAILING_STOP GTC 1 @0 stop 0 trail 100 filled 0 ref 102 P1"}));
        QVERIFY(f.trade("101.00", "0.1").isEmpty()); // above the trigger; the reference stays
        QVERIFY(f.trade("100.99", "0.1").isEmpty());
        f.exchange.onBook("BTCUSDT", levels({{"100.90", "2"}}), levels({{"101.10", "2"}}));
        QCOMPARE(f.trade("100.98", "0.1"),
                 expect({"1: triggered ts at 100.98", "1: fill ts 100.9 x 1 fee 0.2018 USDT taker #1"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("1/0"));
        QCOMPARE(f.balance("USDT"), QStringLiteral("100100.6982/0"));

        // A buy trailing 2 %: reference 100.98, trigger 102.9996; it locks 103.00 (rounded up).
        QCOMPARE(f.submit(trailing("tb", Side::Buy, "1", 200)), expect({"accepted tb P2"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99997.6982/103"));
        // The reference falls to 95: trigger 96.90, and the lock with it.
        QVERIFY(f.trade("95.00", "0.1").isEmpty());
        QCOMPARE(f.balance("USDT"), QStringLiteral("100003.7982/96.9"));
        QVERIFY(f.trade("96.89", "0.1").isEmpty());
        f.exchange.onBook("BTCUSDT", levels({{"96.00", "2"}}), levels({{"97.00", "5"}}));
        QCOMPARE(f.trade("96.90", "0.1"),
                 expect({"1: triggered tb at 96.9", "1: fill tb 97 x 1 fee 0.002 BTC taker #2"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("100003.6982/0"));
        QCOMPARE(f.balance("BTC"), QStringLiteral("1.998/0"));

        // 100.01 × 1.015 = 101.51015: the lock rounds up to 101.52.
        QVERIFY(f.trade("100.01", "0.1").isEmpty());
        QCOMPARE(f.submit(trailing("r", Side::Buy, "1", 150)), expect({"accepted r P3"}));
        QCOMPARE(f.balance("USDT"), QStringLiteral("99902.1782/101.52"));
    }

    void accountsNeverMeet()
    {
        Fixture f;
        QVERIFY(f.exchange.openAccount(kOther, {{"USDT", money("100000")}, {"BTC", money("2")}}));
        // They would cross in one book; each account has its own.
        QCOMPARE(f.submit(limit("a", Side::Buy, "1", "99.80")), expect({"accepted a P1"}));
        QCOMPARE(f.submit(limit("b", Side::Sell, "1", "99.70"), kOther), expect({"accepted b P2"}));
        QCOMPARE(f.exchange.openOrders(kAccount).size(), std::size_t(1));
        QCOMPARE(f.exchange.openOrders(kOther).size(), std::size_t(1));
        // One live trade of 0.6 fills 0.6 in each account: separate simulations of one market.
        QCOMPARE(f.trade("99.75", "0.6"), expect({"1: fill a 99.8 x 0.6 fee 0.0006 BTC maker #1",
                                                  "2: fill b 99.7 x 0.6 fee 0.05982 USDT maker #2"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("2.5994/0"));
        QCOMPARE(f.balance("USDT", kOther), QStringLiteral("100059.76018/0"));
    }

    void withoutABookOnlyRestingIsPossible()
    {
        Fixture f(false);
        QCOMPARE(f.submit(market("m", Side::Buy, "1")), expect({"rejected m: no market data for BTCUSDT yet"}));
        QCOMPARE(f.submit(limit("i", Side::Buy, "1", "99", TimeInForce::ImmediateOrCancel)),
                 expect({"rejected i: no market data for BTCUSDT yet"}));
        QCOMPARE(f.submit(limit("g", Side::Buy, "1", "99")), expect({"accepted g P1"}));
        QVERIFY(f.trade("100.00", "0.1").isEmpty());
        // With a last trade, a limit order crossing it would take at prices nobody showed.
        QCOMPARE(f.submit(limit("x", Side::Buy, "1", "100")), expect({"rejected x: no market data for BTCUSDT yet"}));
        QCOMPARE(f.submit(limit("y", Side::Sell, "1", "99.99")), expect({"rejected y: no market data for BTCUSDT yet"}));
        QCOMPARE(f.submit(limit("z", Side::Sell, "1", "100.01")), expect({"accepted z P2"}));
        // A stop-market that triggers before any book: nothing to take, it expires.
        QCOMPARE(f.submit(stopMarket("s", Side::Sell, "0.5", "99.50")), expect({"accepted s P3"}));
        QCOMPARE(f.trade("99.50", "0.1"),
                 expect({"1: triggered s at 99.5", "1: expired s: no market data for BTCUSDT yet"}));
        QCOMPARE(f.balance("BTC"), QStringLiteral("1/1"));
    }

    void restoreContinuesAsIfNeverRestarted()
    {
        Fixture live;
        const auto setup = [](Fixture &f) {
            f.exchange.onBook("BTCUSDT", levels({{"99.90", "1"}, {"99.00", "5"}}),
                              levels({{"100.10", "2"}, {"101.60", "5"}}));
        };
        QVERIFY(live.trade("100.00", "0.1").isEmpty());
        QCOMPARE(live.submit(limit("r1", Side::Buy, "1.5", "99.80")).size(), 1);
        QCOMPARE(live.submit(limit("r2", Side::Sell, "1", "100.80")).size(), 1);
        QCOMPARE(live.submit(stopMarket("r3", Side::Buy, "0.5", "101.50")).size(), 1);
        QCOMPARE(live.submit(trailing("r4", Side::Sell, "0.4", 150)).size(), 1);
        QCOMPARE(live.trade("99.80", "1").size(), 1);
        QCOMPARE(live.submit(stopLimit("r5", Side::Sell, "0.3", "99.00", "98.90")).size(), 1);
        QCOMPARE(live.submit(limit("r0", Side::Buy, "0.2", "99.80")).size(), 1); // behind r1

        Fixture restarted(false);
        const auto balances = *live.exchange.balances(kAccount);
        const auto open = live.exchange.openOrders(kAccount);
        QCOMPARE(open.size(), std::size_t(6));
        QVERIFY(restarted.exchange.restore(kAccount, balances, open));
        QCOMPARE(balanceLines(restarted.exchange, kAccount), balanceLines(live.exchange, kAccount));
        QCOMPARE(orders(restarted.exchange, kAccount), orders(live.exchange, kAccount));

        // The same market and requests from here on give the same events (trade ids aside: they
        // count from 1 again) and the same state.
        setup(live);
        setup(restarted);
        QStringList differences; // steps whose events differ between the two
        const auto both = [&](const std::function<QStringList(Fixture &)> &step) {
            const QStringList expected = step(live);
            const QStringList actual = step(restarted);
            if (actual != expected)
                differences << expected.join(QStringLiteral("; ")) + QStringLiteral(" | ") +
                                   actual.join(QStringLiteral("; "));
            return expected;
        };
        const auto trade = [](const char *p, const char *q) {
            return [=](Fixture &f) {
                return lines(f.exchange.onTrade("BTCUSDT", model::Trade{0, at(0), price(p), qty(q), Side::Buy}, at(0)),
                             false);
            };
        };
        // r1's last 0.5 and r0 (time priority kept over the restart).
        QCOMPARE(both(trade("99.80", "0.6")), expect({"1: fill r1 99.8 x 0.5 fee 0.0005 BTC maker",
                                                      "1: fill r0 99.8 x 0.1 fee 0.0001 BTC maker"}));
        // r2 fills 0.2 at its price; r3 triggers and buys 0.5 at 100.10; r4's reference moves.
        QCOMPARE(both(trade("101.50", "0.2")),
                 expect({"1: fill r2 100.8 x 0.2 fee 0.02016 USDT maker", "1: triggered r3 at 101.5",
                         "1: fill r3 100.1 x 0.5 fee 0.001 BTC taker"}));
        both([](Fixture &f) { return lines(f.exchange.submit(kAccount, limit("r6", Side::Buy, "1", "100.20"), at(0)), false); });
        // r4 (101.50 × 0.985 = 99.9775) and r5 (99.00) trigger, oldest first.
        QCOMPARE(both(trade("98.90", "2")),
                 expect({"1: fill r0 99.8 x 0.1 fee 0.0001 BTC maker", "1: triggered r4 at 98.9",
                         "1: fill r4 99.9 x 0.4 fee 0.07992 USDT taker", "1: triggered r5 at 98.9",
                         "1: fill r5 99.9 x 0.3 fee 0.05994 USDT taker"}));
        both([](Fixture &f) { return lines(f.exchange.cancel(kAccount, "r2", at(0)), false); });
        QVERIFY(live.trade("100.00", "0.1").isEmpty());
        QVERIFY(restarted.trade("100.00", "0.1").isEmpty());
        both([](Fixture &f) { return lines(f.exchange.submit(kAccount, stopMarket("r7", Side::Buy, "0.5", "100.50"), at(0)), true); });
        QCOMPARE(differences, QStringList());
        QCOMPARE(balanceLines(restarted.exchange, kAccount), balanceLines(live.exchange, kAccount));
        QCOMPARE(orders(restarted.exchange, kAccount), orders(live.exchange, kAccount));
    }

    void restoreRefusesWhatDoesNotFit()
    {
        Fixture f;
        const std::map<std::string, AssetBalance> balances{{"USDT", {money("1000"), money("99")}}};
        PaperOrder order;
        order.request = limit("a", Side::Buy, "1", "99");
        order.venueOrderId = "P41";
        PaperOrder unknownSymbol = order;
        unknownSymbol.request.symbol = "ETHUSDT";
        QCOMPARE(qs(f.exchange.restore(5, balances, {unknownSymbol}).error().message),
                 QStringLiteral("open order a: unknown symbol ETHUSDT"));
        PaperOrder filled = order;
        filled.filledQuantity = qty("1");
        QCOMPARE(qs(f.exchange.restore(5, balances, {filled}).error().message),
                 QStringLiteral("open order a: filled quantity 1 must be at least 0 and less than the quantity 1"));
        QCOMPARE(qs(f.exchange.restore(5, balances, {order, order}).error().message),
                 QStringLiteral("open order a: duplicate client order id"));
        PaperOrder crossing = order;
        crossing.request = limit("b", Side::Sell, "1", "98");
        QCOMPARE(f.exchange.restore(5, {{"USDT", {money("1000"), money("99")}}, {"BTC", {money("0"), money("1")}}},
                                    {order, crossing})
                     .error().code,
                 ErrorCode::InvalidArgument);
        QCOMPARE(qs(f.exchange.restore(5, {{"USDT", {money("50"), money("40")}}}, {order}).error().message),
                 QStringLiteral("USDT 90 cannot cover the open orders reserve, 99"));
        QVERIFY(!f.exchange.hasAccount(5));
        // A stale recorded lock is recomputed from the orders; the excess returns to free.
        QVERIFY(f.exchange.restore(5, {{"USDT", {money("1000"), money("120")}}}, {order}));
        QCOMPARE(f.balance("USDT", 5), QStringLiteral("1021/99"));
        QVERIFY(f.exchange.restore(5, {{"USDT", {money("1021"), money("0")}}}, {order}));
        QCOMPARE(f.balance("USDT", 5), QStringLiteral("922/99"));

        QVERIFY(f.exchange.restore(5, balances, {order}));
        QCOMPARE(f.balance("USDT", 5), QStringLiteral("1000/99"));
        // New venue ids continue after the restored ones.
        QCOMPARE(f.submit(limit("n", Side::Buy, "1", "98"), 5), expect({"accepted n P42"}));
        QCOMPARE(f.cancel("a", 5), expect({"cancelled a: cancelled by request"}));
        QCOMPARE(f.balance("USDT", 5), QStringLiteral("1001/98"));
        // Restoring an existing account replaces its state.
        QVERIFY(f.exchange.restore(5, {{"USDT", {money("7"), money("0")}}}, {}));
        QCOMPARE(balanceLines(f.exchange, 5), expect({"USDT 7/0"}));
        QVERIFY(f.exchange.openOrders(5).empty());
    }

    void randomOperationsKeepTheBooksBalanced()
    {
        const RandomRun run = runRandom(20240313, 20'000, true);
        qInfo("fills %d rejections %d triggers %d expiries %d events %lld", run.fills, run.rejections,
              run.triggers, run.expiries, static_cast<long long>(run.log.size()));
        // The run exercised every path it checks.
        QVERIFY(run.fills > 2000);
        QVERIFY(run.rejections > 500);
        QVERIFY(run.triggers > 100);
        QVERIFY(run.expiries > 100);
    }

    void sameOperationsGiveTheSameEvents()
    {
        const RandomRun first = runRandom(7, 5'000, false);
        const RandomRun second = runRandom(7, 5'000, false);
        QVERIFY(first.log.size() > 1000);
        QCOMPARE(second.log, first.log);
    }
};

QTEST_APPLESS_MAIN(TestPaperExchange)
#include "test_paper_exchange.moc"
