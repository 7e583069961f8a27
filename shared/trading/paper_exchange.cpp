#include "trading/paper_exchange.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <utility>

// The rules this file implements, with hand-worked examples, are in docs/paper-venue.md.
namespace bcf::trading {

using matching::MatchingEngine;

namespace {

// Engine ids at or above this are the live market's (injected book levels and the orders that
// replay live trades); below it paper orders.
constexpr matching::OrderId kLiquidityBase = matching::OrderId(1) << 62;
// The id of the market order a market buy is priced with, on a copy of the engine.
constexpr matching::OrderId kProbeId = kLiquidityBase - 1;
// The live market as an owner in the engines. Self-trade prevention is off (as in the
// simulator), so owners never decide anything; the constant only names the counterparty.
constexpr matching::AccountId kMarketOwner = 0;
constexpr std::int64_t kBasisPointsPerUnit = 10'000;

using Events = std::vector<std::pair<std::uint64_t, VenueEvent>>;

Money asMoney(Quantity quantity)
{
    return Money::fromRaw(quantity.raw());
}

Side opposite(Side side)
{
    return side == Side::Buy ? Side::Sell : Side::Buy;
}

bool isStop(OrderType type)
{
    return type == OrderType::StopMarket || type == OrderType::StopLimit
           || type == OrderType::TrailingStop;
}

// Orders that execute as market orders: a market order, and stop-market and trailing-stop orders
// once triggered.
bool executesAsMarket(OrderType type)
{
    return type == OrderType::Market || type == OrderType::StopMarket
           || type == OrderType::TrailingStop;
}

// The fee on what an account receives, rounded half away from zero to 8 digits like the
// simulator's commission.
Money feeOf(Money received, std::int32_t basisPoints)
{
    return Money::fromRaw(roundedDivide(static_cast<Int128>(received.raw()) * basisPoints,
                                        kBasisPointsPerUnit));
}

Price ceilToTick(Price price, Price tick)
{
    const Price floor = price.floorTo(tick);
    return floor == price ? floor : floor + tick;
}

// reference × (10000 ± basis points): the trailing stop's trigger price × 10000, exact.
Int128 trailingTriggerTimesUnit(const PaperOrder &order)
{
    const std::int32_t bps = order.request.trailingBasisPoints;
    return static_cast<Int128>(order.trailingReference.raw())
           * (order.request.side == Side::Buy ? kBasisPointsPerUnit + bps : kBasisPointsPerUnit - bps);
}

// The trailing buy's trigger price rounded up to the tick: what it locks per unit.
Price trailingLockPrice(const PaperOrder &order, Price tick)
{
    const Int128 unit = static_cast<Int128>(tick.raw()) * kBasisPointsPerUnit;
    const Int128 ticks = (trailingTriggerTimesUnit(order) + unit - 1) / unit;
    return Price::fromRaw(static_cast<std::int64_t>(ticks * tick.raw()));
}

bool stopTriggers(const PaperOrder &order, Price tradePrice)
{
    const bool buy = order.request.side == Side::Buy;
    if (order.request.type == OrderType::TrailingStop) {
        const Int128 trade = static_cast<Int128>(tradePrice.raw()) * kBasisPointsPerUnit;
        const Int128 trigger = trailingTriggerTimesUnit(order);
        return buy ? trade >= trigger : trade <= trigger;
    }
    return buy ? tradePrice >= order.request.stopPrice : tradePrice <= order.request.stopPrice;
}

// What an open order keeps locked: a pure function of the order, so restore() and the tests can
// recompute it. Sells lock the base quantity left; buys lock quote at the price they may pay.
struct Reservation {
    const std::string *asset = nullptr;
    Money amount;
};

Reservation reservationOf(const PaperOrder &order, const model::Instrument &instrument)
{
    const OrderRequest &request = order.request;
    const bool buy = request.side == Side::Buy;
    Reservation reservation{buy ? &instrument.quote : &instrument.base, Money()};
    // Market orders, and stop-market/trailing orders once triggered, are paid from the free
    // balance while they execute; they never rest.
    const bool holds = request.type == OrderType::Limit || request.type == OrderType::StopLimit
                       || (isStop(request.type) && !order.triggered);
    if (!holds)
        return reservation;
    const Quantity left = request.quantity - order.filledQuantity;
    if (!buy) {
        reservation.amount = asMoney(left);
        return reservation;
    }
    switch (request.type) {
    case OrderType::Limit:
    case OrderType::StopLimit: reservation.amount = notional(request.price, left); break;
    case OrderType::StopMarket: reservation.amount = notional(request.stopPrice, left); break;
    case OrderType::TrailingStop:
        reservation.amount = notional(trailingLockPrice(order, instrument.tickSize), left);
        break;
    case OrderType::Market: break;
    }
    return reservation;
}

std::string insufficient(const std::string &asset, Money needed, Money available)
{
    return "insufficient " + asset + " balance: " + needed.toString() + " needed, "
           + available.toString() + " free";
}

std::string noMarketData(const std::string &symbol)
{
    return "no market data for " + symbol + " yet";
}

std::optional<std::uint64_t> venueOrderNumber(const std::string &venueOrderId)
{
    if (venueOrderId.size() < 2 || venueOrderId.front() != 'P')
        return std::nullopt;
    std::uint64_t number = 0;
    const char *end = venueOrderId.data() + venueOrderId.size();
    const auto [stop, error] = std::from_chars(venueOrderId.data() + 1, end, number);
    if (error != std::errc() || stop != end)
        return std::nullopt;
    return number;
}

} // namespace

struct PaperExchange::Impl {
    struct Symbol {
        model::Instrument instrument;
        bool hasBook = false; // onBook() was called at least once
        std::vector<model::BookLevel> bids; // best first
        std::vector<model::BookLevel> asks;
        std::optional<Price> lastTrade;
        std::uint64_t nextTradeNumber = 1;
    };

    struct OpenOrder {
        PaperOrder paper;
        matching::OrderId engineId = 0; // 0: not in the engine (a stop waiting for its trigger)
        std::uint64_t sequence = 0;     // time priority: when it entered the engine, or was placed
    };

    // One account's orders on one symbol.
    struct Book {
        std::unique_ptr<MatchingEngine> engine;
        std::map<matching::OrderId, std::string> clientIds; // paper orders in the engine
        std::vector<matching::OrderId> liquidity;           // injected levels, removed after use
    };

    struct Account {
        std::map<std::string, AssetBalance> balances;
        std::map<std::string, OpenOrder> orders; // by client order id
        std::map<std::string, Book> books;       // by symbol
    };

    PaperFees fees;
    std::map<std::string, Symbol> symbols;
    std::map<std::uint64_t, Account> accounts;
    std::uint64_t firstId = 1; // where venue order numbers and every symbol's trade ids start
    std::uint64_t nextOrderNumber = 1;
    matching::OrderId nextEngineId = 1;
    matching::OrderId nextLiquidityId = kLiquidityBase;
    std::uint64_t nextSequence = 1;

    static Money freeOf(const Account &account, const std::string &asset)
    {
        const auto found = account.balances.find(asset);
        return found == account.balances.end() ? Money() : found->second.free;
    }

    static Book &bookOf(Account &account, const Symbol &symbol)
    {
        Book &book = account.books[symbol.instrument.symbol];
        if (!book.engine) {
            // The instrument's own checks run before the engine sees an order; the engine only
            // needs the steps (min quantity and notional 0: no second, differently worded check).
            book.engine = std::make_unique<MatchingEngine>(
                matching::SymbolRules{symbol.instrument.tickSize, symbol.instrument.lotSize,
                                      Quantity(), Money()},
                64);
        }
        return book;
    }

    // Moves the difference between an order's reservation before and after a change from locked
    // back to free (or the other way when it grew: only placement does that).
    static void settle(Account &account, const Reservation &before, const Reservation &after)
    {
        AssetBalance &balance = account.balances[*before.asset];
        const Money released = before.amount - after.amount;
        balance.locked -= released;
        balance.free += released;
        if (balance.locked.isNegative() || balance.free.isNegative())
            std::abort(); // a reservation was released twice: the books no longer add up
    }

    static VenueEvent event(VenueEvent::Kind kind, const OpenOrder &order, TimePoint now)
    {
        VenueEvent result;
        result.kind = kind;
        result.clientOrderId = order.paper.request.clientOrderId;
        result.venueOrderId = order.paper.venueOrderId;
        result.time = now;
        return result;
    }

    // The live book's opposite side rests behind the account's own orders of the same price (they
    // arrived first). Levels that would cross one of the account's resting orders on the taker's
    // side are left out: those orders fill from live trades only (docs/exchange-simulator.md).
    void injectLiquidity(Book &book, const Symbol &symbol, Side takerSide)
    {
        const Side side = opposite(takerSide);
        const auto &levels = side == Side::Sell ? symbol.asks : symbol.bids;
        MatchingEngine &engine = *book.engine;
        const auto ownBest = side == Side::Sell ? engine.bestBid() : engine.bestAsk();
        std::vector<matching::Event> ignored;
        for (const model::BookLevel &level : levels) {
            // Live levels off the instrument's steps cannot rest in the engine; a quantity is
            // cut to whole lots (the venue's own rounding).
            const Quantity quantity = level.quantity.isNegative()
                                          ? Quantity()
                                          : level.quantity.floorTo(symbol.instrument.lotSize);
            if (quantity.isZero() || level.price <= Price()
                || !level.price.isMultipleOf(symbol.instrument.tickSize))
                continue;
            if (ownBest && (side == Side::Sell ? level.price <= *ownBest : level.price >= *ownBest))
                continue;
            const matching::OrderId id = nextLiquidityId++;
            engine.submit(matching::NewOrder{id, kMarketOwner, side, matching::OrderType::Limit,
                                             matching::TimeInForce::GoodTillCancel, level.price,
                                             quantity, false, matching::SelfTradePrevention::None},
                          ignored);
            book.liquidity.push_back(id);
        }
    }

    static void removeLiquidity(Book &book)
    {
        std::vector<matching::Event> ignored;
        for (const matching::OrderId id : book.liquidity)
            if (book.engine->order(id))
                book.engine->cancel(id, ignored);
        book.liquidity.clear();
    }

    // What a market buy of `quantity` would pay now: the order run on a copy of the engine, so
    // the sum is exactly that of the fills to come (each rounded as the fills will be).
    static Money marketBuyCost(const Book &book, Quantity quantity)
    {
        MatchingEngine probe = *book.engine;
        std::vector<matching::Event> events;
        probe.submit(matching::NewOrder{kProbeId, kMarketOwner, Side::Buy, matching::OrderType::Market,
                                        matching::TimeInForce::ImmediateOrCancel, Price(), quantity,
                                        false, matching::SelfTradePrevention::None},
                     events);
        Money cost;
        for (const auto &engineEvent : events)
            if (const auto *trade = std::get_if<matching::event::Trade>(&engineEvent))
                cost += notional(trade->price, trade->quantity);
        return cost;
    }

    // Why a market execution cannot be paid from the free balance now (liquidity injected).
    std::optional<std::string> marketShortfall(const Account &account, const Book &book,
                                               const Symbol &symbol, const PaperOrder &order) const
    {
        const Quantity left = order.request.quantity - order.filledQuantity;
        const bool buy = order.request.side == Side::Buy;
        const std::string &asset = buy ? symbol.instrument.quote : symbol.instrument.base;
        const Money needed = buy ? marketBuyCost(book, left) : asMoney(left);
        const Money available = freeOf(account, asset);
        if (needed > available)
            return insufficient(asset, needed, available);
        return std::nullopt;
    }

    // Removes an order that ends without (more) fills: its reservation goes back to free.
    void finish(std::uint64_t accountId, Account &account, const std::string &clientOrderId,
                VenueEvent::Kind kind, const std::string &reason, TimePoint now, Events &events)
    {
        const auto found = account.orders.find(clientOrderId);
        OpenOrder &order = found->second;
        const Symbol &symbol = symbols.at(order.paper.request.symbol);
        const Reservation held = reservationOf(order.paper, symbol.instrument);
        settle(account, held, Reservation{held.asset, Money()});
        VenueEvent ended = event(kind, order, now);
        ended.reason = reason;
        events.emplace_back(accountId, std::move(ended));
        if (order.engineId != 0)
            account.books.at(symbol.instrument.symbol).clientIds.erase(order.engineId);
        account.orders.erase(found);
    }

    void applyFill(std::uint64_t accountId, Account &account, Symbol &symbol,
                   const std::string &clientOrderId, Price price, Quantity quantity, bool maker,
                   TimePoint now, Events &events)
    {
        OpenOrder &order = account.orders.at(clientOrderId);
        const model::Instrument &instrument = symbol.instrument;
        const OrderRequest &request = order.paper.request;
        const Reservation before = reservationOf(order.paper, instrument);
        order.paper.filledQuantity += quantity;
        const Reservation after = reservationOf(order.paper, instrument);
        const Money released = before.amount - after.amount;
        settle(account, before, after);

        AssetBalance &base = account.balances[instrument.base];
        AssetBalance &quote = account.balances[instrument.quote];
        VenueEvent fill = event(VenueEvent::Kind::Fill, order, now);
        const std::int32_t basisPoints = maker ? fees.makerBasisPoints : fees.takerBasisPoints;
        if (request.side == Side::Buy) {
            Money paid = notional(price, quantity);
            if (!executesAsMarket(request.type)) {
                // A limit buy pays its lock's share less the price improvement rounded down, so
                // that an order never pays more than it locked; with products exact at 8 digits
                // (most pairs) this is exactly price × quantity.
                const Int128 improvement =
                    static_cast<Int128>((request.price - price).raw()) * quantity.raw() / Quantity::kScale;
                paid = released - Money::fromRaw(static_cast<std::int64_t>(
                                      std::min<Int128>(improvement, released.raw())));
            }
            quote.free -= paid;
            fill.fee = feeOf(asMoney(quantity), basisPoints);
            fill.feeAsset = instrument.base;
            base.free += asMoney(quantity) - fill.fee;
        } else {
            base.free -= asMoney(quantity);
            const Money proceeds = notional(price, quantity);
            fill.fee = feeOf(proceeds, basisPoints);
            fill.feeAsset = instrument.quote;
            quote.free += proceeds - fill.fee;
        }
        if (base.free.isNegative() || quote.free.isNegative())
            std::abort(); // the balance checks before execution let an order overspend
        fill.price = price;
        fill.quantity = quantity;
        fill.maker = maker;
        fill.tradeId = std::to_string(symbol.nextTradeNumber++);
        events.emplace_back(accountId, std::move(fill));
        if (order.paper.filledQuantity == request.quantity) {
            if (order.engineId != 0)
                account.books.at(instrument.symbol).clientIds.erase(order.engineId);
            account.orders.erase(clientOrderId);
        }
    }

    // Turns the engine's events into fills and expiries of the account's paper orders (the
    // market's own ids are skipped).
    void process(std::uint64_t accountId, Account &account, Symbol &symbol,
                 const std::vector<matching::Event> &engineEvents, TimePoint now, Events &events)
    {
        Book &book = account.books.at(symbol.instrument.symbol);
        const auto paperOrder = [&](matching::OrderId id) -> std::optional<std::string> {
            const auto found = book.clientIds.find(id);
            return found == book.clientIds.end() ? std::nullopt
                                                 : std::optional<std::string>(found->second);
        };
        for (const auto &engineEvent : engineEvents) {
            if (const auto *trade = std::get_if<matching::event::Trade>(&engineEvent)) {
                // The maker's fill first, as the simulator (and Binance's sequence) reports it.
                if (const auto maker = paperOrder(trade->maker))
                    applyFill(accountId, account, symbol, *maker, trade->price, trade->quantity,
                              true, now, events);
                if (const auto taker = paperOrder(trade->taker))
                    applyFill(accountId, account, symbol, *taker, trade->price, trade->quantity,
                              false, now, events);
            } else if (const auto *cancelled = std::get_if<matching::event::Cancelled>(&engineEvent)) {
                if (const auto order = paperOrder(cancelled->order))
                    finish(accountId, account, *order, VenueEvent::Kind::Expired,
                           std::string(matching::describe(cancelled->reason)), now, events);
            } else if (std::holds_alternative<matching::event::Rejected>(engineEvent)) {
                std::abort(); // every rule the engine checks was checked before: a bug
            }
        }
    }

    // Submits the order (what is left of it) to the account's engine, where the live book is
    // already injected when there is one, then removes that liquidity again.
    void execute(std::uint64_t accountId, Account &account, Symbol &symbol,
                 const std::string &clientOrderId, TimePoint now, Events &events)
    {
        Book &book = account.books.at(symbol.instrument.symbol);
        OpenOrder &order = account.orders.at(clientOrderId);
        const OrderRequest &request = order.paper.request;
        order.engineId = nextEngineId++;
        order.sequence = nextSequence++;
        book.clientIds[order.engineId] = clientOrderId;
        matching::NewOrder engineOrder;
        engineOrder.id = order.engineId;
        engineOrder.owner = accountId;
        engineOrder.side = request.side;
        const bool market = executesAsMarket(request.type);
        engineOrder.type = market ? matching::OrderType::Market : matching::OrderType::Limit;
        engineOrder.timeInForce = request.timeInForce == TimeInForce::ImmediateOrCancel
                                      ? matching::TimeInForce::ImmediateOrCancel
                                  : request.timeInForce == TimeInForce::FillOrKill
                                      ? matching::TimeInForce::FillOrKill
                                      : matching::TimeInForce::GoodTillCancel;
        engineOrder.price = market ? Price() : request.price;
        engineOrder.quantity = request.quantity - order.paper.filledQuantity;
        engineOrder.postOnly = request.postOnly;
        std::vector<matching::Event> engineEvents;
        book.engine->submit(engineOrder, engineEvents);
        process(accountId, account, symbol, engineEvents, now, events);
        removeLiquidity(book);
    }

    // A live trade fills the account's resting orders it crosses: an IOC order of the market's
    // at the trade price for the trade quantity, against each side (docs/exchange-simulator.md).
    void fillFromTrade(std::uint64_t accountId, Account &account, Symbol &symbol,
                       const model::Trade &trade, TimePoint now, Events &events)
    {
        const auto found = account.books.find(symbol.instrument.symbol);
        if (found == account.books.end())
            return;
        MatchingEngine &engine = *found->second.engine;
        const Quantity quantity = trade.quantity.floorTo(symbol.instrument.lotSize);
        if (quantity.isZero())
            return;
        for (const Side takerSide : {Side::Sell, Side::Buy}) {
            // Resting buys priced ≥ T are those ≥ T rounded up to the tick, sells ≤ T those ≤ T
            // rounded down: the same sets when a live price is off the tick.
            const Price limit = takerSide == Side::Sell
                                    ? ceilToTick(trade.price, symbol.instrument.tickSize)
                                    : trade.price.floorTo(symbol.instrument.tickSize);
            const auto best = takerSide == Side::Sell ? engine.bestBid() : engine.bestAsk();
            if (!best || limit <= Price() || (takerSide == Side::Sell ? *best < limit : *best > limit))
                continue;
            std::vector<matching::Event> engineEvents;
            engine.submit(matching::NewOrder{nextLiquidityId++, kMarketOwner, takerSide,
                                             matching::OrderType::Limit,
                                             matching::TimeInForce::ImmediateOrCancel, limit,
                                             quantity, false, matching::SelfTradePrevention::None},
                          engineEvents);
            process(accountId, account, symbol, engineEvents, now, events);
        }
    }

    void trigger(std::uint64_t accountId, Account &account, Symbol &symbol,
                 const std::string &clientOrderId, Price tradePrice, TimePoint now, Events &events)
    {
        OpenOrder &order = account.orders.at(clientOrderId);
        VenueEvent triggered = event(VenueEvent::Kind::Triggered, order, now);
        triggered.price = tradePrice;
        events.emplace_back(accountId, std::move(triggered));
        const Reservation before = reservationOf(order.paper, symbol.instrument);
        order.paper.triggered = true;
        // A stop-limit order keeps its lock (the same limit price × quantity); a market one pays
        // from the free balance, like any market order.
        settle(account, before, reservationOf(order.paper, symbol.instrument));
        Book &book = bookOf(account, symbol);
        const bool market = executesAsMarket(order.paper.request.type);
        if (!symbol.hasBook) {
            if (market)
                finish(accountId, account, clientOrderId, VenueEvent::Kind::Expired,
                       noMarketData(symbol.instrument.symbol), now, events);
            else
                execute(accountId, account, symbol, clientOrderId, now, events); // rests
            return;
        }
        injectLiquidity(book, symbol, order.paper.request.side);
        if (market) {
            if (const auto shortfall = marketShortfall(account, book, symbol, order.paper)) {
                removeLiquidity(book);
                finish(accountId, account, clientOrderId, VenueEvent::Kind::Expired,
                       *shortfall + " when the stop triggered", now, events);
                return;
            }
        }
        execute(accountId, account, symbol, clientOrderId, now, events);
    }

    // Moves trailing references, then triggers the account's stops on this symbol, oldest first.
    void triggerStops(std::uint64_t accountId, Account &account, Symbol &symbol, Price tradePrice,
                      TimePoint now, Events &events)
    {
        std::vector<std::pair<std::uint64_t, std::string>> waiting;
        for (const auto &[clientOrderId, order] : account.orders)
            if (order.paper.request.symbol == symbol.instrument.symbol
                && isStop(order.paper.request.type) && !order.paper.triggered)
                waiting.emplace_back(order.sequence, clientOrderId);
        std::sort(waiting.begin(), waiting.end());
        for (const auto &[sequence, clientOrderId] : waiting) {
            OpenOrder &order = account.orders.at(clientOrderId);
            PaperOrder &paper = order.paper;
            if (paper.request.type == OrderType::TrailingStop) {
                const bool buy = paper.request.side == Side::Buy;
                if (buy ? tradePrice < paper.trailingReference : tradePrice > paper.trailingReference) {
                    // A falling reference lowers a buy's lock with its trigger price.
                    const Reservation before = reservationOf(paper, symbol.instrument);
                    paper.trailingReference = tradePrice;
                    settle(account, before, reservationOf(paper, symbol.instrument));
                }
            }
            if (stopTriggers(paper, tradePrice))
                trigger(accountId, account, symbol, clientOrderId, tradePrice, now, events);
        }
    }
};

PaperExchange::PaperExchange(PaperFees fees, std::uint64_t firstId) : m_impl(std::make_unique<Impl>())
{
    // A fee outside 0–100 % is a configuration bug: a fee larger than what is received would
    // drive a balance negative.
    if (fees.makerBasisPoints < 0 || fees.makerBasisPoints > kBasisPointsPerUnit
        || fees.takerBasisPoints < 0 || fees.takerBasisPoints > kBasisPointsPerUnit)
        std::abort();
    m_impl->fees = fees;
    m_impl->firstId = std::max<std::uint64_t>(firstId, 1);
    m_impl->nextOrderNumber = m_impl->firstId;
}

PaperExchange::~PaperExchange() = default;

Status PaperExchange::addInstrument(const model::Instrument &instrument)
{
    if (auto valid = instrument.validate(); !valid)
        return valid;
    const auto found = m_impl->symbols.find(instrument.symbol);
    if (found != m_impl->symbols.end()) {
        // Engines keep the steps they were made with, so a symbol's rules cannot change here.
        const model::Instrument &known = found->second.instrument;
        if (known.base != instrument.base || known.quote != instrument.quote
            || known.tickSize != instrument.tickSize || known.lotSize != instrument.lotSize
            || known.minNotional != instrument.minNotional)
            return makeError(ErrorCode::AlreadyExists,
                             "instrument " + instrument.symbol + " is already defined with other rules");
        found->second.instrument = instrument;
        return {};
    }
    Impl::Symbol &symbol = m_impl->symbols[instrument.symbol];
    symbol.instrument = instrument;
    symbol.nextTradeNumber = m_impl->firstId;
    return {};
}

Status PaperExchange::openAccount(std::uint64_t account, const std::map<std::string, Money> &balances)
{
    if (m_impl->accounts.contains(account))
        return makeError(ErrorCode::AlreadyExists,
                         "paper account " + std::to_string(account) + " already exists");
    for (const auto &[asset, amount] : balances)
        if (amount.isNegative())
            return makeError(ErrorCode::InvalidArgument,
                             "balance of " + asset + ": must not be negative, got " + amount.toString());
    Impl::Account &created = m_impl->accounts[account];
    for (const auto &[asset, amount] : balances)
        created.balances[asset] = AssetBalance{amount, Money()};
    return {};
}

bool PaperExchange::hasAccount(std::uint64_t account) const
{
    return m_impl->accounts.contains(account);
}

std::vector<VenueEvent> PaperExchange::submit(std::uint64_t accountId, const OrderRequest &request,
                                              TimePoint now)
{
    Impl &d = *m_impl;
    const auto rejected = [&](std::string reason) {
        VenueEvent event;
        event.kind = VenueEvent::Kind::Rejected;
        event.clientOrderId = request.clientOrderId;
        event.time = now;
        event.reason = std::move(reason);
        return std::vector<VenueEvent>{std::move(event)};
    };
    const auto accountFound = d.accounts.find(accountId);
    if (accountFound == d.accounts.end())
        return rejected("unknown account " + std::to_string(accountId));
    Impl::Account &account = accountFound->second;
    if (auto valid = validate(request); !valid)
        return rejected(valid.error().message);
    if (request.clientOrderId.empty())
        return rejected("client order id: must not be empty");
    const auto symbolFound = d.symbols.find(request.symbol);
    if (symbolFound == d.symbols.end())
        return rejected("unknown symbol " + request.symbol);
    Impl::Symbol &symbol = symbolFound->second;
    const model::Instrument &instrument = symbol.instrument;

    if (auto valid = instrument.checkQuantity(request.quantity); !valid)
        return rejected(valid.error().message);
    if (request.type == OrderType::Limit || request.type == OrderType::StopLimit)
        if (auto valid = instrument.checkPrice(request.price); !valid)
            return rejected(valid.error().message);
    if (request.type == OrderType::StopMarket || request.type == OrderType::StopLimit)
        if (auto valid = instrument.checkPrice(request.stopPrice); !valid)
            return rejected("Stop price: " + valid.error().message);
    // MIN_NOTIONAL at the price the order names; a market order at the last trade (Binance's
    // applyMinToMarket), or the best price it would take without one.
    const std::optional<Price> last = symbol.lastTrade;
    const bool buy = request.side == Side::Buy;
    std::optional<Price> reference;
    switch (request.type) {
    case OrderType::Limit:
    case OrderType::StopLimit: reference = request.price; break;
    case OrderType::StopMarket: reference = request.stopPrice; break;
    case OrderType::TrailingStop: reference = last; break;
    case OrderType::Market: {
        const auto &levels = buy ? symbol.asks : symbol.bids;
        reference = last ? last : levels.empty() ? std::nullopt : std::optional<Price>(levels.front().price);
        break;
    }
    }
    if (reference)
        if (auto valid = instrument.checkNotional(*reference, request.quantity); !valid)
            return rejected(valid.error().message);

    if (account.orders.contains(request.clientOrderId))
        return rejected("duplicate client order id " + request.clientOrderId
                        + ": an open order already has it");

    if (request.type == OrderType::TrailingStop && !last)
        return rejected(noMarketData(request.symbol));
    if ((request.type == OrderType::StopMarket || request.type == OrderType::StopLimit) && last
        && (buy ? *last >= request.stopPrice : *last <= request.stopPrice))
        return rejected("Stop price would trigger immediately.");
    if (!symbol.hasBook) {
        // Nothing to take: orders that can only take are refused, and a limit order that crosses
        // the last trade would take at prices nobody has shown yet.
        const bool onlyTakes = request.type == OrderType::Market
                               || (request.type == OrderType::Limit
                                   && request.timeInForce != TimeInForce::GoodTillCancel);
        const bool crossesLast = request.type == OrderType::Limit && last
                                 && (buy ? request.price >= *last : request.price <= *last);
        if (onlyTakes || crossesLast)
            return rejected(noMarketData(request.symbol));
    }

    Impl::OpenOrder order;
    order.paper.request = request;
    if (request.type == OrderType::TrailingStop)
        order.paper.trailingReference = *last;
    const Reservation reservation = reservationOf(order.paper, instrument);
    if (const Money available = Impl::freeOf(account, *reservation.asset); reservation.amount > available)
        return rejected(insufficient(*reservation.asset, reservation.amount, available));

    Impl::Book &book = Impl::bookOf(account, symbol);
    if (!isStop(request.type)) {
        if (symbol.hasBook)
            d.injectLiquidity(book, symbol, request.side);
        std::optional<std::string> refusal;
        if (request.postOnly) {
            const auto opposite = buy ? book.engine->bestAsk() : book.engine->bestBid();
            if (opposite && (buy ? *opposite <= request.price : *opposite >= request.price))
                refusal = "post-only order would immediately match and take liquidity";
        } else if (request.type == OrderType::Market) {
            refusal = d.marketShortfall(account, book, symbol, order.paper);
        }
        if (refusal) {
            Impl::removeLiquidity(book);
            return rejected(*refusal);
        }
    }

    // Accepted: from here on every step is an event.
    Events events;
    order.paper.venueOrderId = "P" + std::to_string(d.nextOrderNumber++);
    order.sequence = d.nextSequence++;
    AssetBalance &balance = account.balances[*reservation.asset];
    balance.free -= reservation.amount;
    balance.locked += reservation.amount;
    const Impl::OpenOrder &stored =
        account.orders.emplace(request.clientOrderId, std::move(order)).first->second;
    VenueEvent accepted = Impl::event(VenueEvent::Kind::Accepted, stored, now);
    accepted.price = request.price;
    accepted.quantity = request.quantity;
    events.emplace_back(accountId, std::move(accepted));
    if (!isStop(request.type))
        d.execute(accountId, account, symbol, request.clientOrderId, now, events);

    std::vector<VenueEvent> result;
    result.reserve(events.size());
    for (auto &[owner, venueEvent] : events)
        result.push_back(std::move(venueEvent));
    return result;
}

std::vector<VenueEvent> PaperExchange::cancel(std::uint64_t accountId, const std::string &clientOrderId,
                                              TimePoint now)
{
    Impl &d = *m_impl;
    const auto rejected = [&](std::string reason) {
        VenueEvent event;
        event.kind = VenueEvent::Kind::Rejected;
        event.clientOrderId = clientOrderId;
        event.time = now;
        event.reason = std::move(reason);
        return std::vector<VenueEvent>{std::move(event)};
    };
    const auto accountFound = d.accounts.find(accountId);
    if (accountFound == d.accounts.end())
        return rejected("unknown account " + std::to_string(accountId));
    Impl::Account &account = accountFound->second;
    const auto found = account.orders.find(clientOrderId);
    if (found == account.orders.end())
        return rejected("unknown order");
    if (found->second.engineId != 0) {
        std::vector<matching::Event> ignored;
        account.books.at(found->second.paper.request.symbol).engine->cancel(found->second.engineId, ignored);
    }
    Events events;
    d.finish(accountId, account, clientOrderId, VenueEvent::Kind::Cancelled, "cancelled by request",
             now, events);
    return {std::move(events.front().second)};
}

void PaperExchange::onBook(const std::string &symbol, const std::vector<model::BookLevel> &bids,
                           const std::vector<model::BookLevel> &asks)
{
    const auto found = m_impl->symbols.find(symbol);
    if (found == m_impl->symbols.end())
        return;
    found->second.hasBook = true;
    found->second.bids = bids;
    found->second.asks = asks;
}

std::vector<std::pair<std::uint64_t, VenueEvent>> PaperExchange::onTrade(const std::string &symbol,
                                                                         const model::Trade &trade,
                                                                         TimePoint now)
{
    Impl &d = *m_impl;
    Events events;
    const auto found = d.symbols.find(symbol);
    if (found == d.symbols.end() || trade.price <= Price() || trade.quantity <= Quantity())
        return events;
    Impl::Symbol &market = found->second;
    market.lastTrade = trade.price;
    // Each account is its own simulation of the same market: every one sees the whole trade.
    for (auto &[accountId, account] : d.accounts) {
        d.fillFromTrade(accountId, account, market, trade, now, events);
        d.triggerStops(accountId, account, market, trade.price, now, events);
    }
    return events;
}

std::optional<std::map<std::string, AssetBalance>> PaperExchange::balances(std::uint64_t account) const
{
    const auto found = m_impl->accounts.find(account);
    if (found == m_impl->accounts.end())
        return std::nullopt;
    return found->second.balances;
}

std::vector<PaperOrder> PaperExchange::openOrders(std::uint64_t account) const
{
    const auto found = m_impl->accounts.find(account);
    if (found == m_impl->accounts.end())
        return {};
    std::vector<const Impl::OpenOrder *> ordered;
    for (const auto &[clientOrderId, order] : found->second.orders)
        ordered.push_back(&order);
    std::sort(ordered.begin(), ordered.end(),
              [](const Impl::OpenOrder *a, const Impl::OpenOrder *b) { return a->sequence < b->sequence; });
    std::vector<PaperOrder> result;
    result.reserve(ordered.size());
    for (const Impl::OpenOrder *order : ordered)
        result.push_back(order->paper);
    return result;
}

Status PaperExchange::restore(std::uint64_t accountId, const std::map<std::string, AssetBalance> &balances,
                              const std::vector<PaperOrder> &openOrders)
{
    Impl &d = *m_impl;
    const auto invalid = [](const std::string &message) {
        return makeError(ErrorCode::InvalidArgument, message);
    };
    for (const auto &[asset, balance] : balances)
        if (balance.free.isNegative() || balance.locked.isNegative())
            return invalid("balance of " + asset + ": must not be negative");

    // Built aside and swapped in at the end, so that a refused restore changes nothing.
    Impl::Account restored;
    restored.balances = balances;
    std::map<std::string, Money> reserved;
    std::uint64_t nextOrderNumber = d.nextOrderNumber;
    for (const PaperOrder &paper : openOrders) {
        const OrderRequest &request = paper.request;
        const std::string what = "open order " + request.clientOrderId;
        const auto symbolFound = d.symbols.find(request.symbol);
        if (symbolFound == d.symbols.end())
            return invalid(what + ": unknown symbol " + request.symbol);
        const Impl::Symbol &symbol = symbolFound->second;
        if (auto valid = validate(request); !valid)
            return invalid(what + ": " + valid.error().message);
        if (request.clientOrderId.empty())
            return invalid("open order: client order id must not be empty");
        if (restored.orders.contains(request.clientOrderId))
            return invalid(what + ": duplicate client order id");
        if (paper.filledQuantity.isNegative() || paper.filledQuantity >= request.quantity)
            return invalid(what + ": filled quantity " + paper.filledQuantity.toString()
                           + " must be at least 0 and less than the quantity "
                           + request.quantity.toString());
        if (request.type == OrderType::Market
            || (paper.triggered && executesAsMarket(request.type)))
            return invalid(what + ": a market order is never open");
        if (request.type == OrderType::Limit && request.timeInForce != TimeInForce::GoodTillCancel)
            return invalid(what + ": an IOC or FOK order is never open");
        if (isStop(request.type) && !paper.triggered && !paper.filledQuantity.isZero())
            return invalid(what + ": a stop fills only after it triggers");
        if (request.type == OrderType::TrailingStop && paper.trailingReference <= Price())
            return invalid(what + ": a trailing stop needs its reference price");

        Impl::OpenOrder order;
        order.paper = paper;
        order.sequence = d.nextSequence++;
        if (request.type == OrderType::Limit || paper.triggered) {
            Impl::Book &book = Impl::bookOf(restored, symbol);
            order.engineId = d.nextEngineId++;
            std::vector<matching::Event> engineEvents;
            book.engine->submit(matching::NewOrder{order.engineId, accountId, request.side,
                                                   matching::OrderType::Limit,
                                                   matching::TimeInForce::GoodTillCancel,
                                                   request.price,
                                                   request.quantity - paper.filledQuantity,
                                                   request.postOnly,
                                                   matching::SelfTradePrevention::None},
                                engineEvents);
            if (engineEvents.size() != 1
                || !std::holds_alternative<matching::event::Accepted>(engineEvents.front()))
                return invalid(what + ": does not fit the book (off the instrument's steps, or "
                                      "crossing another open order of the account)");
            book.clientIds[order.engineId] = request.clientOrderId;
        }
        const Reservation reservation = reservationOf(paper, symbol.instrument);
        reserved[*reservation.asset] += reservation.amount;
        if (const auto number = venueOrderNumber(paper.venueOrderId))
            nextOrderNumber = std::max(nextOrderNumber, *number + 1);
        restored.orders.emplace(request.clientOrderId, std::move(order));
    }
    // Locked balances are recomputed from the open orders: what was recorded locked beyond their
    // reserve goes back to free (a trailing buy's reserve falls with its reference without an
    // event, so a recorded lock can be stale). The asset's total must cover the reserve, or a
    // fill or cancel would release more than the account holds.
    for (auto &[asset, balance] : restored.balances) {
        const auto need = reserved.find(asset);
        const Money reserve = need == reserved.end() ? Money() : need->second;
        balance.free += balance.locked - reserve;
        balance.locked = reserve;
    }
    for (const auto &[asset, amount] : reserved) {
        const auto found = restored.balances.find(asset);
        const Money total =
            found == restored.balances.end() ? Money() : found->second.free + found->second.locked;
        if (found == restored.balances.end() || found->second.free.isNegative())
            return invalid(asset + " " + total.toString() + " cannot cover the open orders reserve, " +
                           amount.toString());
    }
    d.nextOrderNumber = nextOrderNumber;
    d.accounts[accountId] = std::move(restored);
    return {};
}

} // namespace bcf::trading
