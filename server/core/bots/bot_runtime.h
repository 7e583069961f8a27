#pragma once

#include "bots/bot_logic.h"
#include "bots/bot_store.h"
#include "bots/strategy_bot.h"
#include "common/news_store.h"
#include "common/redis_client.h"
#include "inference/prediction_client.h"
#include "market/candle_history.h"
#include "oms/order_manager.h"
#include "trading/portfolio.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace bcf::core {

// A bot with what its fills make of it.
struct BotStatus {
    BotRecord record;
    Quantity position;       // held base asset (fees in base deducted)
    Price averageEntry;
    Money equity, realizedPnl, unrealizedPnl, fees;
    int openOrders = 0;
};

using BotStreamUpdate = std::variant<BotStatus, BotEventRow, std::int64_t /* deleted bot id */>;

class BotSubscription final {
public:
    std::vector<BotStreamUpdate> wait(std::chrono::milliseconds timeout);

private:
    friend class BotRuntime;
    void push(BotStreamUpdate update);
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<BotStreamUpdate> m_pending;
};

// Runs the bots of bcf-core (docs/bots.md). A bot that should run (RUNNING or PAUSED) is taken by
// one core node through a Redis lease (`bot:lease:<id>`, 30 s, renewed every 5 s); the node that
// holds it rebuilds the bot — its ledger from the journal's fills, the logic from its snapshot,
// a strategy's indicators by replaying the stored bars since its warm-up began — reconciles with
// its open orders, and carries on. Decisions go to the OrderManager with idempotency keys made
// from the decision ("bot<id>:entry@<bar close ms>"), so a decision made again after a crash
// returns the order placed the first time instead of a second one.
//
// Bars come from the stored candles (CandleHistory, the same data a backtest reads): a bar is
// acted on 3 s after it closes. One thread drives every bot of the node; RPC threads change
// states through the methods below.
class BotRuntime final {
public:
    // `predictions` serves strategies that use predict(), `news` those that use sentiment() (null:
    // such bots are refused).
    BotRuntime(BotStore &store, OrderManager &orders, CandleHistory &candles, server::RedisClient &redis,
               Clock &clock, std::string node, PredictionSource *predictions = nullptr,
               server::NewsStore *news = nullptr);
    ~BotRuntime();
    BotRuntime(const BotRuntime &) = delete;
    BotRuntime &operator=(const BotRuntime &) = delete;

    void start();
    void stop();

    // Validates the definition (InvalidArgument naming the field; a strategy that does not
    // compile gives its "line:column: message") and stores the bot STOPPED.
    Result<BotStatus> create(std::int64_t owner, BotRecord definition);
    Result<std::vector<BotStatus>> list(std::int64_t owner);
    Result<BotStatus> get(std::int64_t owner, std::int64_t id);
    Result<BotStatus> startBot(std::int64_t owner, std::int64_t id);
    Result<BotStatus> pauseBot(std::int64_t owner, std::int64_t id);
    Result<BotStatus> stopBot(std::int64_t owner, std::int64_t id, bool closePosition);
    Result<BotStatus> remove(std::int64_t owner, std::int64_t id);
    Result<std::vector<BotEventRow>> events(std::int64_t owner, std::int64_t id, int limit);
    Result<std::vector<std::pair<TimePoint, Money>>> equity(std::int64_t owner, std::int64_t id);

    std::shared_ptr<BotSubscription> subscribe(std::int64_t owner);
    void unsubscribe(std::int64_t owner, const std::shared_ptr<BotSubscription> &subscription);

    // How many bots this node runs now (tests, metrics).
    int runningHere() const;

private:
    struct Ledger {
        trading::PositionBook book; // gross quantities: average entry, PnL
        Quantity held;              // base asset actually held: buys less base fees, minus sells
        Money cash;                 // budget − buys + sells − quote fees
        Money fees;                 // quote value of every fee
        Price last;
    };
    struct LiveBot {
        BotRecord record;
        std::unique_ptr<bots::BotLogic> logic;
        bots::StrategyBot *strategy = nullptr; // the logic, when it is a strategy bot
        model::Instrument instrument;
        std::optional<model::Timeframe> timeframe;
        Ledger ledger;
        std::map<std::string, std::string> keyOf; // client order id → decision key
        TimePoint lastEquitySample{};
        TimePoint nextBarPoll{}; // candle reads are spaced while a bar's data is late
        bool started = false; // onStart ran
    };

    Result<BotRecord> owned(std::int64_t owner, std::int64_t id);
    Result<BotStatus> statusOf(const BotRecord &record);
    BotStatus statusOfLive(const LiveBot &bot) const;
    Result<std::unique_ptr<bots::BotLogic>> makeLogic(const BotRecord &record, const model::Instrument &instrument,
                                                      bots::StrategyBot **strategy);
    Result<model::Instrument> instrumentOf(const std::string &exchange, const std::string &symbol);

    void run();
    void tick();
    bool acquireLease(std::int64_t id);
    bool renewLease(std::int64_t id);
    void releaseLease(std::int64_t id);
    Status launch(const BotRecord &record, bool fresh);
    Status rebuild(LiveBot &bot);
    void drainOrderUpdates();
    void applyUpdate(LiveBot &bot, const BotOrderUpdate &update);
    void pollBars(LiveBot &bot, TimePoint now);
    // The values of the bot's external series (Program::externals) at the bar opening at barOpen
    // and closing at barClose: predict() from the compute nodes (only when `predict`; a replayed
    // bar has none), sentiment() from the stored news, as a backtest reads it. NaN, logged on the
    // bot, where a value cannot be had.
    std::vector<double> externalsAt(LiveBot &bot, TimePoint barOpen, TimePoint barClose, bool predict);
    // The bot's sentiment() series at `closes` (ascending), one query per asset: one vector per
    // Program::externals entry, NaN for predict() entries and where the news cannot be read.
    std::vector<std::vector<double>> sentimentAt(LiveBot &bot, const std::vector<TimePoint> &closes);
    void act(LiveBot &bot, const bots::BotActions &actions);
    bots::BotView viewOf(const LiveBot &bot) const;
    void saveProgress(LiveBot &bot);
    void log(std::int64_t bot, std::int64_t owner, const std::string &level, const std::string &message);
    void fail(LiveBot &bot, const std::string &reason);
    void publish(std::int64_t owner, const BotStreamUpdate &update);
    void retire(std::int64_t id);
    static void applyFill(Ledger &ledger, const model::Instrument &instrument, const FillRecord &fill);

    BotStore &m_store;
    OrderManager &m_orders;
    CandleHistory &m_candles;
    PredictionSource *m_predictions = nullptr;
    server::NewsStore *m_news = nullptr;
    server::RedisClient &m_redis;
    Clock &m_clock;
    std::string m_node;

    mutable std::mutex m_mutex; // m_live and every bot in it
    std::map<std::int64_t, std::unique_ptr<LiveBot>> m_live;
    TimePoint m_lastLeaseRound{};

    std::mutex m_updatesMutex;
    std::deque<BotOrderUpdate> m_updates;

    std::mutex m_subscribersMutex;
    std::multimap<std::int64_t, std::weak_ptr<BotSubscription>> m_subscribers;

    std::atomic<bool> m_stopping{false};
    std::thread m_thread;
    std::condition_variable m_wake;
    std::mutex m_wakeMutex;
};

} // namespace bcf::core
