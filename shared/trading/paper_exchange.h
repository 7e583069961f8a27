#pragma once

#include "core/clock.h"
#include "core/decimal.h"
#include "core/result.h"
#include "matching/matching_engine.h"
#include "model/instrument.h"
#include "model/market_data.h"
#include "model/order_book.h"
#include "trading/order.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

// The paper venue of bcf-core: simulated spot accounts that trade against the live market
// (docs/paper-venue.md). Each account has its own bcf::matching engine per symbol,
// so paper orders of different users never meet; the live book's opposite side is injected as
// liquidity when an order can take, and live trades fill resting orders, as in bcf-exchange-sim
// (docs/exchange-simulator.md, "Fill model"). Stops and trailing stops are held here and
// triggered by live trades. Fees are the exchange's (basis points, charged on what the account
// receives: the base asset on a buy, the quote asset on a sell, as Binance does).
//
// Pure domain code: no clock (every call takes the time), no I/O, deterministic. Not
// thread-safe: the OMS serialises calls.
namespace bcf::trading {

struct PaperFees {
    std::int32_t makerBasisPoints = 10; // 0.10 %, Binance spot's default
    std::int32_t takerBasisPoints = 10;
};

struct AssetBalance {
    Money free;
    Money locked; // reserved by open orders
};

// An open order as the venue holds it (for reconciliation and restarts).
struct PaperOrder {
    OrderRequest request;
    std::string venueOrderId;
    Quantity filledQuantity;
    bool triggered = false; // a stop that has triggered and now rests as its limit order
    Price trailingReference; // TrailingStop: the best price seen since placement
};

class PaperExchange final {
public:
    // Venue order numbers (P<n>) and every symbol's trade ids start at firstId: a node that
    // restarts passes a larger one (its start time in microseconds), so ids never repeat.
    explicit PaperExchange(PaperFees fees = {}, std::uint64_t firstId = 1);
    ~PaperExchange();
    PaperExchange(const PaperExchange &) = delete;
    PaperExchange &operator=(const PaperExchange &) = delete;

    // The instruments orders may use (tick, lot, min notional, base and quote assets).
    // InvalidArgument if the instrument does not validate.
    Status addInstrument(const model::Instrument &instrument);

    // An account with its balances (free, nothing locked). AlreadyExists if it exists.
    Status openAccount(std::uint64_t account, const std::map<std::string, Money> &balances);
    bool hasAccount(std::uint64_t account) const;

    // A new order. Events in order: Rejected (nothing else), or Accepted then any Fill events,
    // then Expired for an IOC/FOK/market remainder. Rejections: an unknown account or symbol, an
    // order the instrument's rules refuse (tick, lot, min notional: reason says which), a
    // duplicate client order id among the account's open orders, insufficient free balance
    // (reason names the asset, what is needed and what is free), post-only that would take, a
    // stop that would trigger at once (Binance: "Stop price would trigger immediately"). A market
    // order or a marketable limit order without a book for the symbol is rejected ("no market
    // data for SYMBOL yet").
    std::vector<VenueEvent> submit(std::uint64_t account, const OrderRequest &request,
                                   TimePoint now);
    // Cancels an open order: Cancelled, or Rejected ("unknown order") when it is not open.
    std::vector<VenueEvent> cancel(std::uint64_t account, const std::string &clientOrderId,
                                   TimePoint now);

    // The newest live book of a symbol (what marketable orders take).
    // Bids best (highest) first, asks best (lowest) first, as the collectors publish them.
    void onBook(const std::string &symbol, const std::vector<model::BookLevel> &bids,
                const std::vector<model::BookLevel> &asks);
    // A live trade: fills resting orders it crosses (buys priced ≥ price, sells ≤ price, up to
    // its quantity on each side, best price then FIFO, at the resting order's price, as maker),
    // then moves trailing references and triggers stops (which then execute against the book).
    // Events of every account, in the order they happened; `account` of each is in the pair.
    std::vector<std::pair<std::uint64_t, VenueEvent>> onTrade(const std::string &symbol,
                                                              const model::Trade &trade,
                                                              TimePoint now);

    // Balances by asset, open orders by client order id (nullopt / empty for an unknown account).
    // The open orders come oldest first (time priority: a triggered stop-limit counts from its
    // trigger), the order restore() takes them back in.
    std::optional<std::map<std::string, AssetBalance>> balances(std::uint64_t account) const;
    std::vector<PaperOrder> openOrders(std::uint64_t account) const;

    // Restart: puts back an account's state as the OMS journal recorded it — its balances and its
    // open orders, resting without matching and without events. Locked amounts are recomputed
    // from the orders (a recorded lock beyond them returns to free). InvalidArgument when an order
    // does not fit (unknown symbol, filled ≥ quantity, duplicate id, a trailing stop without its
    // reference, an asset whose total cannot cover the orders' reserve); nothing changes then.
    Status restore(std::uint64_t account, const std::map<std::string, AssetBalance> &balances,
                   const std::vector<PaperOrder> &openOrders);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace bcf::trading
