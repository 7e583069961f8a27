#pragma once

#include "common/market_store.h"
#include "core/clock.h"
#include "market/market_feed.h"
#include "risk/risk_engine.h"
#include "trading/order.h"
#include "oms/order_journal.h"
#include "trading/paper_exchange.h"
#include "trading/portfolio.h"
#include "oms/trading_settings.h"
#include "venue/binance_client.h"
#include "venue/exchange_keys.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace bcf::core {

// The portfolio of one account on one venue, valued in the settings' currency.
struct PortfolioView {
    std::string venue;
    std::string currency;
    struct BalanceLine {
        std::string asset;
        Money free, locked;
        std::optional<Money> value; // in the currency; none without a price
    };
    std::vector<BalanceLine> balances;
    std::vector<std::pair<std::string, trading::Position>> positions;
    Money equity, realizedPnl, unrealizedPnl, fees;
    std::string accountState;
    TimePoint time{};
};

struct RiskNotice {
    TimePoint time{};
    std::string from, to, message;
};

struct ReconciliationNotice {
    TimePoint time{};
    std::string venue, message;
};

// An order of a bot changed (and the fill that changed it, if any): what the bot runtime hears.
struct BotOrderUpdate {
    trading::Order order;
    std::optional<FillRecord> fill;
};

using TradingUpdate =
    std::variant<trading::Order, FillRecord, PortfolioView, RiskNotice, ReconciliationNotice>;

// What an account's StreamTrading call waits on.
class TradingSubscription final {
public:
    // Updates since the last call, oldest first, waiting up to `timeout` for the first.
    std::vector<TradingUpdate> wait(std::chrono::milliseconds timeout);

private:
    friend class OrderManager;
    void push(TradingUpdate update);

    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<TradingUpdate> m_pending;
};

// The order management system of bcf-core (docs/trading.md): every order goes validate → risk
// check → journal (client order id minted, state NEW) → venue, and every venue event goes
// through the order state machine into the journal before anyone sees it. Venues: the paper
// venue ("paper"), one simulated account per user trading against the live market of
// settings.paperExchange, and, once enableLiveVenue() is called, Binance spot ("binance") for
// users who added an API key (docs/live-venue.md).
//
// At start() the paper venue is rebuilt from the journal (balances, open orders) and orders the
// venue never answered are closed as REJECTED with a reason (reconciliation, reported to the
// user); live orders are reconciled with the exchange at start, after every reconnect of a
// user data stream and every settings.reconcileSeconds. Thread-safe: one mutex serialises the
// order path; market data and live venue events arrive on their own threads.
class OrderManager final {
public:
    OrderManager(OrderJournal &journal, Clock &clock, MarketFeed &feed,
                 server::InstrumentStore &instruments, TradingSettings settings);
    ~OrderManager();
    OrderManager(const OrderManager &) = delete;
    OrderManager &operator=(const OrderManager &) = delete;

    // Live trading on Binance spot for users with a key in `keys` (call before start()).
    void enableLiveVenue(ExchangeKeyStore &keys, BinanceEndpoints endpoints);
    bool liveVenueEnabled() const { return m_keys != nullptr; }

    // Loads instruments and the journal, rebuilds the venues, starts following market data.
    // Unavailable while PostgreSQL is down (call again).
    Status start();
    void stop();
    bool started() const { return m_started.load(); }
    // Adds instruments listed since the last call (collectors store them as they start); the
    // market threads then follow their trades and books too. Call periodically.
    Status refreshInstruments();

    struct PlaceRequest {
        std::string venue; // "" = paper
        trading::OrderRequest order; // clientOrderId is minted here (must be empty)
        bool reduceOnly = false;
        std::string idempotencyKey;
        std::uint64_t bot = 0;
    };
    // The order after the venue's immediate answer. A risk or venue refusal is a REJECTED order
    // with its reason, not an error; errors: InvalidArgument (the field named), Unavailable.
    Result<trading::Order> place(std::uint64_t account, const std::string &actor, PlaceRequest request);

    struct OcoRequest {
        std::string venue;
        std::string symbol;
        trading::Side side = trading::Side::Sell;
        Quantity quantity;
        Price limitPrice;
        Price stopPrice;
        Price stopLimitPrice; // zero: the stop leg is STOP_MARKET
        bool reduceOnly = false;
        std::string idempotencyKey;
        std::uint64_t bot = 0;
    };
    Result<std::pair<trading::Order, trading::Order>> placeOco(std::uint64_t account,
                                                               const std::string &actor,
                                                               OcoRequest request);

    // NotFound for an unknown order, FailedPrecondition for a final one.
    Result<trading::Order> cancel(std::uint64_t account, const std::string &clientOrderId);
    // Cancel requests sent.
    Result<int> cancelAll(std::uint64_t account, const std::string &venue, const std::string &symbol);

    Result<std::vector<trading::Order>> orders(std::uint64_t account, const OrderFilter &filter);
    Result<std::vector<FillRecord>> fills(std::uint64_t account, const OrderFilter &filter);
    Result<PortfolioView> portfolio(std::uint64_t account, const std::string &venue);
    Result<std::vector<EquityPoint>> equityHistory(std::uint64_t account, const std::string &venue,
                                                   TimePoint from, TimePoint to);

    struct KillResult {
        std::string accountState;
        int ordersCancelled = 0;
        int positionsClosed = 0;
    };
    Result<KillResult> killSwitch(std::uint64_t account, const std::string &actor, bool flatten,
                                  bool halt, const std::string &reason);
    Result<std::string> resetRisk(std::uint64_t account, const std::string &actor,
                                  const std::string &reason);

    // ---- for the bot runtime ----
    // The bot's limits and budget in the risk engine (added, or its limits replaced).
    Status registerBot(std::uint64_t account, std::uint64_t bot, const risk::BotConfig &config);
    std::optional<risk::BotState> botRiskState(std::uint64_t account, std::uint64_t bot) const;
    Status resetBotRisk(std::uint64_t account, std::uint64_t bot, const std::string &actor,
                        const std::string &reason);
    // Called with the order path's lock held, for every change of a bot's order: the listener
    // must only queue the update (calling back into the OrderManager would deadlock).
    void setBotListener(std::function<void(const BotOrderUpdate &)> listener);
    // place() for a bot's order, with request.bot set; orders with the same non-empty ocoGroup
    // cancel each other on a fill.
    Result<trading::Order> placeForBot(std::uint64_t account, PlaceRequest request,
                                       const std::string &ocoGroup);
    std::vector<trading::Order> openOrdersOfBot(std::uint64_t bot) const;
    Result<std::vector<FillRecord>> fillsOfBot(std::uint64_t bot);
    Result<std::optional<trading::Order>> findByIdempotencyKey(std::uint64_t account, const std::string &key);
    // The paper venue's instrument definition (nullopt when the symbol is not listed).
    std::optional<model::Instrument> instrument(const std::string &symbol) const;
    // lastPrice() for callers outside the order path.
    Price lastTradePrice(const std::string &symbol) const;

    // ---- exchange keys (live venues) ----
    // Checks the key with the exchange first: InvalidArgument when the exchange refuses it,
    // FailedPrecondition when it may withdraw or may not trade, AlreadyExists when the user has
    // a key for the exchange, Unavailable when the exchange cannot be reached.
    Result<ExchangeKeyInfo> addExchangeKey(std::uint64_t account, const std::string &exchange,
                                           const std::string &label, const ExchangeCredentials &credentials);
    Result<std::vector<ExchangeKeyInfo>> exchangeKeys(std::uint64_t account);
    // Cancels nothing: orders still open on the exchange stay there (the user is told).
    Result<ExchangeKeyInfo> deleteExchangeKey(std::uint64_t account, std::uint64_t id);
    // The venues the account can trade on: "paper", and "binance" while it has a working key.
    std::vector<std::string> venues(std::uint64_t account) const;
    // Reconciles every live account now (tests and the periodic loop); returns when done.
    void reconcileLiveNow();

    // The account's last 50 reconciliation notices since this node started, oldest first.
    std::vector<ReconciliationNotice> recentNotices(std::uint64_t account);

    std::shared_ptr<TradingSubscription> subscribe(std::uint64_t account);
    void unsubscribe(std::uint64_t account, const std::shared_ptr<TradingSubscription> &subscription);

    // The newest trade price of a symbol on the paper venue's exchange (zero if none yet).
    Price lastPrice(const std::string &symbol) const;

private:
    struct AccountBook {
        std::map<std::string, trading::PositionBook> positions; // by venue
        std::set<std::string> dirty; // venues whose portfolio changed since the last push
    };
    // A user's account on a live venue.
    struct LiveAccount {
        ExchangeCredentials credentials;
        std::map<std::string, trading::AssetBalance> balances; // as the exchange last reported
        bool balancesKnown = false;
        bool mayTrade = true;           // false once the key may withdraw: cancels and reconciliation only
        TimePoint balancesStreamedAt{}; // the last outboundAccountPosition applied
        std::set<std::string> reportedForeignOrders; // open on the exchange, not placed by us
    };
    // What the Binance client's thread hands over (queued: the client must never wait on m_mutex).
    struct LiveMessage {
        std::uint64_t account = 0;
        std::string json;        // a user data stream message; empty for a connection change
        bool connected = false;
        std::string reason;      // why a stream dropped
    };

    Status ensureAccount(std::uint64_t account, TimePoint now);
    static std::optional<risk::BotId> ledgerOf(std::uint64_t bot);
    void ensureRiskBot(std::uint64_t account, std::uint64_t bot);
    Status loadInstrumentsLocked();
    void addInstrumentsLocked(const std::vector<model::Instrument> &instruments);
    Result<trading::Order> placeLocked(std::uint64_t account, PlaceRequest request,
                                       const std::string &ocoGroup, bool skipRisk, TimePoint now);
    // Everything placeLocked does before the order leaves: checks, idempotency, NEW journaled,
    // risk, SUBMITTED journaled. `ready` is the id of the order in m_open to send; otherwise
    // `done` is the answer already (a risk rejection, or the order an idempotency key names).
    struct Prepared {
        std::optional<trading::Order> done;
        std::string ready;
    };
    Result<Prepared> prepareLocked(std::uint64_t account, PlaceRequest request, const std::string &ocoGroup,
                                   bool skipRisk, TimePoint now);
    // The current state of an order just placed: m_open, else what its events left (`after`).
    Result<trading::Order> placedState(const std::string &clientOrderId,
                                       const std::map<std::string, trading::Order> &after) const;
    // Each returns the orders the events touched, as the events left them (by client order id):
    // the answer to the call that caused them, with no journal read.
    std::map<std::string, trading::Order> processVenueEvent(std::uint64_t account, const trading::VenueEvent &event);
    std::map<std::string, trading::Order> processVenueEvents(std::uint64_t account,
                                                             const std::vector<trading::VenueEvent> &events);
    std::map<std::string, trading::Order>
    processVenueBatch(const std::vector<std::pair<std::uint64_t, trading::VenueEvent>> &batch);
    Result<trading::Order> cancelLocked(std::uint64_t account, const std::string &clientOrderId,
                                        TimePoint now);
    void recordRiskEvents(const std::vector<risk::RiskEvent> &events);
    PortfolioView portfolioLocked(std::uint64_t account, const std::string &venue) const;
    std::optional<Money> valueOf(const std::string &asset, Money amount) const;
    void notify(std::uint64_t account, const TradingUpdate &update);
    void onTrade(const std::string &symbol, const model::Trade &trade);
    void onBook(const std::string &symbol, const BookTop &book);
    void followMarket(MarketFeed::Kind kind);
    void pushDirtyPortfolios(TimePoint now);
    void sampleEquity(TimePoint now);
    void saveTrailingReferences(TimePoint now);
    Price paperTrailingReference(std::uint64_t account, const std::string &clientOrderId) const;
    std::string mintClientOrderId();
    Status checkVenue(std::uint64_t account, const std::string &venue) const;
    std::vector<std::string> venuesLocked(std::uint64_t account) const;
    // A reduce-only market order closing `quantity` of a kill switch's close order on `venue`;
    // true when something filled.
    bool placeCloseLocked(std::uint64_t account, const std::string &venue, const risk::CloseOrder &close,
                          Quantity quantity, TimePoint now);

    // ---- live venue (order_manager_live.cpp) ----
    // Send the order / its cancel; the answer's events go through processVenueEvents (returned
    // as it returns them). An answer that never came leaves the order as it was, for
    // reconciliation.
    std::map<std::string, trading::Order> submitLiveLocked(std::uint64_t account, const std::string &clientOrderId,
                                                           TimePoint now);
    std::map<std::string, trading::Order> cancelLiveLocked(std::uint64_t account, const std::string &clientOrderId,
                                                           TimePoint now);
    // Both legs of an OCO as one Binance order list (POST /api/v3/orderList/oco).
    std::map<std::string, trading::Order> submitLiveOcoLocked(std::uint64_t account, const std::string &limitId,
                                                              const std::string &stopId, const std::string &listId,
                                                              TimePoint now);
    // Drops events a live venue repeats (a fill reported by the REST answer and the stream, an
    // acceptance after a fill, an end of an order already ended) and records seen trade ids.
    std::vector<std::pair<std::uint64_t, trading::VenueEvent>>
    dropRepeatsLocked(std::vector<std::pair<std::uint64_t, trading::VenueEvent>> batch);
    Status startLiveLocked();
    void liveLoop();
    void handleLiveMessage(const LiveMessage &message);
    void reconcileAccount(std::uint64_t account);
    void reconcileAll();
    void notifyReconciliation(std::uint64_t account, const std::string &message);
    OrderJournal &m_journal;
    Clock &m_clock;
    MarketFeed &m_feed;
    server::InstrumentStore &m_instrumentStore;
    TradingSettings m_settings;
    std::map<std::string, Money> m_startingBalances;

    mutable std::mutex m_mutex; // the order path: everything below
    std::map<std::string, model::Instrument> m_instruments; // symbol → definition
    trading::PaperExchange m_paper;
    risk::RiskEngine m_risk;
    std::map<std::string, trading::Order> m_open; // open orders by client order id
    std::map<std::uint64_t, AccountBook> m_accounts;
    std::map<std::string, Price> m_lastPrices;
    TimePoint m_lastPortfolioPush{};
    TimePoint m_lastEquitySample{};
    TimePoint m_lastTrailingSave{};

    std::function<void(const BotOrderUpdate &)> m_botListener;

    // Live venue (Binance); m_keys is null while it is off.
    ExchangeKeyStore *m_keys = nullptr;
    std::unique_ptr<BinanceClient> m_binance;
    std::map<std::uint64_t, LiveAccount> m_live;                 // under m_mutex
    std::map<std::string, std::set<std::string>> m_seenTrades;   // open live orders' trade ids
    std::mutex m_inboxMutex;
    std::condition_variable m_inboxReady;
    std::deque<LiveMessage> m_inbox;
    std::set<std::uint64_t> m_reconcileWanted; // under m_inboxMutex: accounts to reconcile soon
    std::mutex m_reconcileMutex; // one reconciliation at a time

    std::mutex m_subscribersMutex;
    std::multimap<std::uint64_t, std::weak_ptr<TradingSubscription>> m_subscribers;
    std::map<std::uint64_t, std::deque<ReconciliationNotice>> m_recentNotices; // under m_subscribersMutex

    std::atomic<int> m_symbolsGeneration{0}; // bumped when instruments are added
    std::atomic<bool> m_started{false};
    std::atomic<bool> m_stopping{false};
    std::vector<std::thread> m_threads;
};

} // namespace bcf::core
