#include "bots/bot_runtime.h"

#include "bots/dca_bot.h"
#include "bots/grid_bot.h"
#include "common/logging.h"
#include "strategy/compiler.h"

#include <algorithm>
#include <limits>
#include <sstream>

namespace bcf::core {

using trading::Order;
using trading::OrderState;

namespace {

constexpr auto kBarGrace = std::chrono::seconds(3);      // a bar is final this long after it closes
constexpr auto kMissingBarGiveUp = std::chrono::seconds(60);
constexpr auto kLeaseRound = std::chrono::seconds(5);
constexpr long long kLeaseMillis = 30'000;
constexpr int kWarmupBars = 500;
constexpr auto kEquityInterval = std::chrono::seconds(60);

Error invalid(std::string message) { return {ErrorCode::InvalidArgument, std::move(message)}; }

std::string leaseKey(std::int64_t id) { return "bot:lease:" + std::to_string(id); }
std::string keyPrefix(std::int64_t id) { return "bot" + std::to_string(id) + ":"; }

std::string sideWord(trading::Side side) { return side == trading::Side::Buy ? "Buy" : "Sell"; }

// The runtime's part of the stored snapshot (keys of orders the logic has not yet heard the end
// of), then the logic's own snapshot.
constexpr std::string_view kSeparator = "--\n";

std::string envelope(const std::set<std::string> &pending, const std::string &logic)
{
    std::string out = "pending=";
    bool first = true;
    for (const auto &key : pending) {
        out += (first ? "" : ",") + key;
        first = false;
    }
    return out + "\n" + std::string(kSeparator) + logic;
}

std::pair<std::set<std::string>, std::string> openEnvelope(const std::string &text)
{
    std::set<std::string> pending;
    const std::size_t separator = text.find(kSeparator);
    if (separator == std::string::npos)
        return {pending, {}};
    const std::string head = text.substr(0, separator);
    if (head.starts_with("pending=")) {
        std::string list = head.substr(8);
        if (!list.empty() && list.back() == '\n')
            list.pop_back();
        std::size_t start = 0;
        while (start < list.size()) {
            const std::size_t comma = list.find(',', start);
            pending.insert(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            start = comma == std::string::npos ? list.size() : comma + 1;
        }
    }
    return {pending, text.substr(separator + kSeparator.size())};
}

std::optional<std::string> parameter(const BotRecord &record, const std::string &name)
{
    for (const auto &[key, value] : record.parameters) {
        if (key == name)
            return value;
    }
    return std::nullopt;
}

template <typename Tag>
Result<Decimal<Tag>> decimalParameter(const BotRecord &record, const std::string &name, bool required)
{
    auto text = parameter(record, name);
    if (!text) {
        if (required)
            return std::unexpected(invalid("parameters: " + name + " is required."));
        return Decimal<Tag>();
    }
    auto parsed = Decimal<Tag>::parse(*text);
    if (!parsed)
        return std::unexpected(invalid("parameters: " + name + " = \"" + *text + "\" is not a decimal number."));
    return *parsed;
}

Result<std::int64_t> integerParameter(const BotRecord &record, const std::string &name, std::int64_t fallback)
{
    auto text = parameter(record, name);
    if (!text)
        return fallback;
    try {
        std::size_t used = 0;
        const long long value = std::stoll(*text, &used);
        if (used != text->size())
            throw std::invalid_argument("trailing");
        return value;
    } catch (...) {
        return std::unexpected(invalid("parameters: " + name + " = \"" + *text + "\" is not a whole number."));
    }
}

} // namespace

// ---- subscriptions ------------------------------------------------------------------------

std::vector<BotStreamUpdate> BotSubscription::wait(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    m_ready.wait_for(lock, timeout, [this] { return !m_pending.empty(); });
    std::vector<BotStreamUpdate> out(std::make_move_iterator(m_pending.begin()),
                                     std::make_move_iterator(m_pending.end()));
    m_pending.clear();
    return out;
}

void BotSubscription::push(BotStreamUpdate update)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_pending.size() >= 10'000)
            m_pending.pop_front();
        m_pending.push_back(std::move(update));
    }
    m_ready.notify_one();
}

std::shared_ptr<BotSubscription> BotRuntime::subscribe(std::int64_t owner)
{
    auto subscription = std::make_shared<BotSubscription>();
    std::lock_guard lock(m_subscribersMutex);
    m_subscribers.emplace(owner, subscription);
    return subscription;
}

void BotRuntime::unsubscribe(std::int64_t owner, const std::shared_ptr<BotSubscription> &subscription)
{
    std::lock_guard lock(m_subscribersMutex);
    auto [first, last] = m_subscribers.equal_range(owner);
    for (auto it = first; it != last;) {
        auto held = it->second.lock();
        it = (!held || held == subscription) ? m_subscribers.erase(it) : std::next(it);
    }
}

void BotRuntime::publish(std::int64_t owner, const BotStreamUpdate &update)
{
    std::lock_guard lock(m_subscribersMutex);
    auto [first, last] = m_subscribers.equal_range(owner);
    for (auto it = first; it != last; ++it) {
        if (auto subscription = it->second.lock())
            subscription->push(update);
    }
}

// ---- life cycle ---------------------------------------------------------------------------

BotRuntime::BotRuntime(BotStore &store, OrderManager &orders, CandleHistory &candles, server::RedisClient &redis,
                       Clock &clock, std::string node, PredictionSource *predictions, server::NewsStore *news)
    : m_store(store), m_orders(orders), m_candles(candles), m_predictions(predictions), m_news(news), m_redis(redis),
      m_clock(clock), m_node(std::move(node))
{
    m_orders.setBotListener([this](const BotOrderUpdate &update) {
        {
            std::lock_guard lock(m_updatesMutex);
            m_updates.push_back(update);
        }
        m_wake.notify_one();
    });
}

BotRuntime::~BotRuntime()
{
    stop();
    m_orders.setBotListener({});
}

void BotRuntime::start()
{
    m_stopping = false;
    m_thread = std::thread([this] { run(); });
}

void BotRuntime::stop()
{
    m_stopping = true;
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    // Leases are left to expire: a node that stops hands its bots over within 30 s, and a
    // restart of the same node takes them back at once.
}

int BotRuntime::runningHere() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_live.size());
}

void BotRuntime::run()
{
    while (!m_stopping) {
        tick();
        std::unique_lock lock(m_wakeMutex);
        m_wake.wait_for(lock, std::chrono::milliseconds(250));
    }
}

void BotRuntime::tick()
{
    if (!m_orders.started())
        return;
    std::lock_guard lock(m_mutex);
    drainOrderUpdates();
    const TimePoint now = m_clock.now();
    std::vector<std::int64_t> failing;
    for (auto &[id, bot] : m_live) {
        bot->ledger.last = m_orders.lastTradePrice(bot->record.symbol);
        bot->ledger.book.mark(bot->record.symbol, bot->ledger.last);
        if (bot->record.state == "RUNNING" &&
            m_orders.botRiskState(static_cast<std::uint64_t>(bot->record.owner), static_cast<std::uint64_t>(id)) ==
                risk::BotState::StoppedByRisk)
            failing.push_back(id);
        pollBars(*bot, now);
        if (now - bot->lastEquitySample >= kEquityInterval) {
            bot->lastEquitySample = now;
            const BotStatus status = statusOfLive(*bot);
            (void)m_store.sampleEquity(id, now, status.equity);
            publish(bot->record.owner, status);
        }
    }
    for (std::int64_t id : failing) {
        if (auto found = m_live.find(id); found != m_live.end())
            fail(*found->second, "Stopped by risk: a limit was breached or the kill switch was used.");
    }

    if (now - m_lastLeaseRound < kLeaseRound)
        return;
    m_lastLeaseRound = now;
    // Keep what we hold; drop what we lost or what was stopped elsewhere.
    auto active = m_store.active();
    if (!active) {
        server::logger("bots")->warn("msg=\"bots not listed\" error={}", server::quoted(active.error().message));
        return;
    }
    std::map<std::int64_t, const BotRecord *> wanted;
    for (const auto &record : *active)
        wanted[record.id] = &record;
    std::vector<std::int64_t> drop;
    for (auto &[id, bot] : m_live) {
        if (!wanted.contains(id)) {
            // Stopped or deleted through another node: its orders were handled there.
            drop.push_back(id);
        } else if (!renewLease(id)) {
            log(id, bot->record.owner, "WARN", "Lease lost: another core node runs this bot now.");
            drop.push_back(id);
        } else {
            bot->record.state = wanted[id]->state; // paused or resumed elsewhere
        }
    }
    for (std::int64_t id : drop)
        m_live.erase(id);
    for (const auto &[id, record] : wanted) {
        if (m_live.contains(id) || !acquireLease(id))
            continue;
        if (auto launched = launch(*record, false); !launched) {
            server::logger("bots")->error("msg=\"bot not resumed\" bot={} error={}", id,
                                          server::quoted(launched.error().message));
            releaseLease(id);
        }
    }
}

bool BotRuntime::acquireLease(std::int64_t id)
{
    auto reply = m_redis.command({"SET", leaseKey(id), m_node, "NX", "PX", std::to_string(kLeaseMillis)});
    if (reply && reply->type == server::RedisReply::Type::Status)
        return true;
    // Already held: by this node before a restart (same name), it is ours again.
    return renewLease(id);
}

bool BotRuntime::renewLease(std::int64_t id)
{
    static const std::string script =
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) "
        "else return 0 end";
    auto reply = m_redis.command({"EVAL", script, "1", leaseKey(id), m_node, std::to_string(kLeaseMillis)});
    return reply && reply->type == server::RedisReply::Type::Integer && reply->integer == 1;
}

void BotRuntime::releaseLease(std::int64_t id)
{
    static const std::string script =
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    (void)m_redis.command({"EVAL", script, "1", leaseKey(id), m_node});
}

// ---- building a bot -----------------------------------------------------------------------

Result<model::Instrument> BotRuntime::instrumentOf(const std::string &exchange, const std::string &symbol)
{
    auto instrument = m_orders.instrument(symbol);
    if (!instrument || instrument->exchange != exchange)
        return std::unexpected(invalid("symbol: " + symbol + " is not listed on " + exchange + "."));
    return *instrument;
}

Result<std::unique_ptr<bots::BotLogic>> BotRuntime::makeLogic(const BotRecord &record,
                                                              const model::Instrument &instrument,
                                                              bots::StrategyBot **strategy)
{
    const bots::InstrumentRules rules{instrument.tickSize, instrument.lotSize, instrument.minNotional};
    if (record.kind == "STRATEGY") {
        strategy::ParamValues values;
        for (const auto &[name, text] : record.parameters) {
            try {
                std::size_t used = 0;
                values[name] = std::stod(text, &used);
                if (used != text.size())
                    throw std::invalid_argument("trailing");
            } catch (...) {
                return std::unexpected(invalid("parameters: " + name + " = \"" + text + "\" is not a number."));
            }
        }
        auto program = strategy::compileStrategy(record.strategySource, values);
        if (!program)
            return std::unexpected(invalid("strategy: " + program.error().toString()));
        // predict() reads the compute nodes' Predict service at each bar (docs/ml.md); sentiment()
        // reads the stored news at each bar's close, as backtests do (docs/news.md).
        for (const std::string &key : (*program)->externals) {
            if (key.starts_with("sentiment:") && !m_news)
                return std::unexpected(invalid("strategy: this server cannot serve sentiment() to bots "
                                               "(docs/news.md)."));
            if (key.starts_with("predict:") && !m_predictions)
                return std::unexpected(invalid("strategy: this server cannot serve predict() to bots: set "
                                               "inference.client_certificate, inference.client_key and "
                                               "inference.ca_file (docs/ml.md)."));
        }
        auto bot = std::make_unique<bots::StrategyBot>(*program, rules);
        *strategy = bot.get();
        return std::unique_ptr<bots::BotLogic>(std::move(bot));
    }
    if (record.kind == "GRID") {
        bots::GridConfig config;
        auto lower = decimalParameter<PriceTag>(record, "lower", true);
        auto upper = decimalParameter<PriceTag>(record, "upper", true);
        auto quantity = decimalParameter<QuantityTag>(record, "quantity", true);
        auto levels = integerParameter(record, "levels", 10);
        auto geometric = integerParameter(record, "geometric", 0);
        for (const Error *error : {lower ? nullptr : &lower.error(), upper ? nullptr : &upper.error(),
                                   quantity ? nullptr : &quantity.error(), levels ? nullptr : &levels.error(),
                                   geometric ? nullptr : &geometric.error()}) {
            if (error)
                return std::unexpected(*error);
        }
        config.lowerPrice = *lower;
        config.upperPrice = *upper;
        config.quantityPerLevel = *quantity;
        config.levels = static_cast<int>(*levels);
        config.geometric = *geometric != 0;
        auto bot = bots::makeGridBot(config, rules);
        if (!bot)
            return std::unexpected(bot.error());
        return std::unique_ptr<bots::BotLogic>(std::move(*bot));
    }
    if (record.kind == "DCA") {
        bots::DcaConfig config;
        auto base = decimalParameter<MoneyTag>(record, "base_order", true);
        auto safety = decimalParameter<MoneyTag>(record, "safety_order", false);
        auto maxSafety = integerParameter(record, "max_safety_orders", 0);
        auto deviation = integerParameter(record, "deviation_bps", 100);
        auto stepScale = integerParameter(record, "step_scale_percent", 100);
        auto volumeScale = integerParameter(record, "volume_scale_percent", 100);
        auto takeProfit = integerParameter(record, "take_profit_bps", 150);
        auto cooldown = integerParameter(record, "cooldown_bars", 0);
        for (const Error *error : {base ? nullptr : &base.error(), safety ? nullptr : &safety.error(),
                                   maxSafety ? nullptr : &maxSafety.error(), deviation ? nullptr : &deviation.error(),
                                   stepScale ? nullptr : &stepScale.error(), volumeScale ? nullptr : &volumeScale.error(),
                                   takeProfit ? nullptr : &takeProfit.error(), cooldown ? nullptr : &cooldown.error()}) {
            if (error)
                return std::unexpected(*error);
        }
        config.baseOrderQuote = *base;
        config.safetyOrderQuote = *safety;
        config.maxSafetyOrders = static_cast<int>(*maxSafety);
        config.priceDeviationBasisPoints = static_cast<std::int32_t>(*deviation);
        config.stepScalePercent = static_cast<std::int32_t>(*stepScale);
        config.volumeScalePercent = static_cast<std::int32_t>(*volumeScale);
        config.takeProfitBasisPoints = static_cast<std::int32_t>(*takeProfit);
        config.cooldownBars = static_cast<int>(*cooldown);
        auto bot = bots::makeDcaBot(config, rules);
        if (!bot)
            return std::unexpected(bot.error());
        return std::unique_ptr<bots::BotLogic>(std::move(*bot));
    }
    return std::unexpected(invalid("kind: choose STRATEGY, GRID or DCA."));
}

std::vector<std::vector<double>> BotRuntime::sentimentAt(LiveBot &bot, const std::vector<TimePoint> &closes)
{
    const std::vector<std::string> &keys = bot.strategy->kernel().program().externals;
    std::vector<std::vector<double>> out(keys.size(),
                                         std::vector<double>(closes.size(), std::numeric_limits<double>::quiet_NaN()));
    for (std::size_t k = 0; k < keys.size(); ++k) {
        if (!keys[k].starts_with("sentiment:") || !m_news || closes.empty())
            continue;
        const std::string asset = keys[k].substr(keys[k].find(':') + 1);
        auto values = m_news->sentimentAt(asset, closes);
        if (!values) {
            log(bot.record.id, bot.record.owner, "WARN",
                "sentiment(\"" + asset + "\") could not be read for the bars closing from " +
                    std::to_string(toUnixMillis(closes.front())) + " to " + std::to_string(toUnixMillis(closes.back())) +
                    " (ms): " + values.error().message + "; the strategy sees it as missing.");
            continue;
        }
        for (std::size_t i = 0; i < closes.size(); ++i)
            out[k][i] = (*values)[i].value;
    }
    return out;
}

std::vector<double> BotRuntime::externalsAt(LiveBot &bot, TimePoint barOpen, TimePoint barClose, bool predict)
{
    const std::vector<std::vector<double>> sentiment = sentimentAt(bot, {barClose});
    std::vector<double> values;
    const std::vector<std::string> &keys = bot.strategy->kernel().program().externals;
    for (std::size_t k = 0; k < keys.size(); ++k) {
        const std::string &key = keys[k];
        if (!key.starts_with("predict:") || !predict || !m_predictions) {
            values.push_back(sentiment[k].front());
            continue;
        }
        auto value = m_predictions->predict(key, bot.record.exchange, bot.record.symbol, bot.record.timeframe, barOpen);
        if (value) {
            values.push_back(*value);
            continue;
        }
        values.push_back(std::numeric_limits<double>::quiet_NaN());
        log(bot.record.id, bot.record.owner, "WARN",
            "predict(\"" + key.substr(key.find(':') + 1) + "\") has no value for the bar opening at " +
                std::to_string(toUnixMillis(barOpen)) + " (ms): " + value.error().message +
                "; the strategy sees it as missing.");
    }
    return values;
}

void BotRuntime::applyFill(Ledger &ledger, const model::Instrument &instrument, const FillRecord &fill)
{
    ledger.book.applyFill(fill.symbol, fill.side, fill.price, fill.quantity, fill.feeQuote);
    const Money value = notional(fill.price, fill.quantity);
    const bool baseFee = fill.feeAsset == instrument.base;
    if (fill.side == trading::Side::Buy) {
        ledger.held += fill.quantity - (baseFee ? Quantity::fromRaw(fill.fee.raw()) : Quantity());
        ledger.cash -= value;
    } else {
        ledger.held -= fill.quantity;
        ledger.cash += value;
    }
    if (fill.feeAsset == instrument.quote)
        ledger.cash -= fill.fee;
    ledger.fees += fill.feeQuote;
    if (ledger.last <= Price())
        ledger.last = fill.price;
}

bots::BotView BotRuntime::viewOf(const LiveBot &bot) const
{
    bots::BotView view;
    const Quantity lot = bot.instrument.lotSize;
    // What the bot can sell: whole lots of what it holds (base fees leave dust below a lot).
    view.position = bot.ledger.held.isNegative() ? -((-bot.ledger.held).floorTo(lot)) : bot.ledger.held.floorTo(lot);
    view.cash = bot.ledger.cash;
    view.lastPrice = bot.ledger.last;
    const Money holding = bot.ledger.held.isNegative() ? -notional(bot.ledger.last, -bot.ledger.held)
                                                       : notional(bot.ledger.last, bot.ledger.held);
    view.equity = bot.ledger.cash + holding;
    if (auto found = bot.ledger.book.positions().find(bot.record.symbol); found != bot.ledger.book.positions().end())
        view.averageEntry = found->second.averageEntry();
    for (const auto &[clientOrderId, key] : bot.keyOf)
        view.working.insert(key);
    return view;
}

Status BotRuntime::launch(const BotRecord &record, bool fresh)
{
    auto instrument = instrumentOf(record.exchange, record.symbol);
    if (!instrument)
        return std::unexpected(instrument.error());
    auto bot = std::make_unique<LiveBot>();
    bot->record = record;
    bot->instrument = *instrument;
    bot->timeframe = model::parseTimeframe(record.timeframe);
    // A grid has no timeframe of its own; one-minute bars start it once a price is known and
    // let it heal empty levels.
    if (!bot->timeframe)
        bot->timeframe = model::Timeframe::M1;
    auto logic = makeLogic(record, *instrument, &bot->strategy);
    if (!logic)
        return std::unexpected(logic.error());
    bot->logic = std::move(*logic);
    bot->ledger.cash = record.budget;
    risk::BotConfig config;
    config.capital = record.budget;
    config.limits.maxPosition = record.maxPosition;
    config.limits.maxDailyLoss = record.maxDailyLoss;
    config.limits.maxDrawdownBasisPoints = record.maxDrawdownBasisPoints;
    config.limits.maxOpenOrders = static_cast<std::uint32_t>(record.maxOpenOrders);
    if (auto registered = m_orders.registerBot(static_cast<std::uint64_t>(record.owner),
                                               static_cast<std::uint64_t>(record.id), config);
        !registered)
        return registered;
    if (fresh) {
        // Warm-up bars before the first decision; a resume replays from the same bar.
        std::int64_t lastClosed = toUnixMillis(m_clock.now());
        std::int64_t warmup = lastClosed;
        if (bot->timeframe) {
            const TimePoint open = model::bucketStart(*bot->timeframe, m_clock.now());
            lastClosed = toUnixMillis(open);
            const std::int64_t length =
                toUnixMillis(model::nextBucketStart(*bot->timeframe, open)) - toUnixMillis(open);
            warmup = lastClosed - length * kWarmupBars;
        }
        if (auto begun = m_store.beginRun(record.id, warmup, lastClosed); !begun)
            return begun;
        bot->record.snapshot.clear();
        bot->record.warmupFromMs = warmup;
        bot->record.lastBarMs = lastClosed;
    }
    const std::int64_t id = record.id;
    const std::int64_t owner = record.owner;
    LiveBot &live = *bot;
    m_live[id] = std::move(bot); // before the rebuild: what it orders comes back through m_live
    if (auto rebuilt = rebuild(live); !rebuilt) {
        m_live.erase(id);
        return rebuilt;
    }
    (void)m_store.setState(id, live.record.state, live.record.stateReason, m_node);
    live.record.node = m_node;
    log(id, owner, "INFO",
        fresh ? "Started on " + m_node + "." : "Resumed on " + m_node + " after a restart or a hand-over.");
    bots::BotActions actions;
    live.logic->onStart(viewOf(live), actions);
    act(live, actions);
    saveProgress(live);
    publish(owner, statusOfLive(live));
    return {};
}

Status BotRuntime::rebuild(LiveBot &bot)
{
    const auto id = static_cast<std::uint64_t>(bot.record.id);
    auto fills = m_orders.fillsOfBot(id);
    if (!fills)
        return std::unexpected(fills.error());
    auto [pending, logicSnapshot] = openEnvelope(bot.record.snapshot);
    if (!logicSnapshot.empty()) {
        if (auto restored = bot.logic->restore(logicSnapshot); !restored)
            return restored;
    }

    // A strategy's indicators: the stored bars since its warm-up, with the position it held at
    // each bar's close (its fills up to then).
    if (bot.strategy && bot.timeframe && bot.record.lastBarMs > bot.record.warmupFromMs) {
        std::size_t nextFill = 0;
        Ledger replayLedger;
        replayLedger.cash = bot.record.budget;
        TimePoint from = fromUnixMillis(bot.record.warmupFromMs);
        const TimePoint until = fromUnixMillis(bot.record.lastBarMs);
        const std::vector<std::string> &externals = bot.strategy->kernel().program().externals;
        const bool readsSentiment = std::any_of(externals.begin(), externals.end(), [](const std::string &key) {
            return key.starts_with("sentiment:");
        });
        while (from < until) {
            CandleQuery query{bot.record.exchange, bot.record.symbol, bot.record.timeframe, from, until, 5000};
            auto answer = m_candles.candles(query);
            if (!answer)
                return std::unexpected(answer.error());
            if (answer->candles.empty())
                break;
            // The page's sentiment() values at once (predict() stays missing in a replay).
            std::vector<std::vector<double>> sentiment;
            if (readsSentiment) {
                std::vector<TimePoint> closes;
                for (const model::Candle &bar : answer->candles)
                    if (const TimePoint close = model::nextBucketStart(*bot.timeframe, bar.openTime); close <= until)
                        closes.push_back(close);
                sentiment = sentimentAt(bot, closes);
            }
            for (std::size_t index = 0; index < answer->candles.size(); ++index) {
                const model::Candle &bar = answer->candles[index];
                const TimePoint close = model::nextBucketStart(*bot.timeframe, bar.openTime);
                if (close > until)
                    break;
                if (readsSentiment) {
                    std::vector<double> values;
                    for (const std::vector<double> &series : sentiment)
                        values.push_back(series[index]);
                    bot.strategy->setExternals(std::move(values));
                }
                while (nextFill < fills->size() && (*fills)[nextFill].time < close)
                    applyFill(replayLedger, bot.instrument, (*fills)[nextFill++]);
                replayLedger.last = bar.close;
                const Money equity = replayLedger.cash + (replayLedger.held.isNegative()
                                                              ? -notional(bar.close, -replayLedger.held)
                                                              : notional(bar.close, replayLedger.held));
                bot.strategy->replayBar(bar, close, replayLedger.held.floorTo(bot.instrument.lotSize), equity);
            }
            const TimePoint next = model::nextBucketStart(*bot.timeframe, answer->candles.back().openTime);
            if (next <= from)
                break;
            from = next;
        }
    }
    for (const FillRecord &fill : *fills)
        applyFill(bot.ledger, bot.instrument, fill);
    bot.started = true; // the logic is back where it was: it hears what happens from now on
    bot.ledger.last = m_orders.lastTradePrice(bot.record.symbol);
    if (bot.ledger.last > Price())
        bot.ledger.book.mark(bot.record.symbol, bot.ledger.last);

    // Working orders, and the end of those the logic placed but never heard back about.
    const std::string prefix = keyPrefix(bot.record.id);
    for (const Order &order : m_orders.openOrdersOfBot(id)) {
        if (order.idempotencyKey.starts_with(prefix)) {
            bot.keyOf[order.request.clientOrderId] = order.idempotencyKey.substr(prefix.size());
            pending.erase(order.idempotencyKey.substr(prefix.size()));
        }
    }
    for (const std::string &key : pending) {
        auto found = m_orders.findByIdempotencyKey(static_cast<std::uint64_t>(bot.record.owner), prefix + key);
        if (!found || !*found)
            continue;
        const Order &order = **found;
        // It ended while no node ran the bot (its fills are already in the ledger): the logic
        // hears it now and may follow up (a grid's next level, a strategy's protective orders).
        bots::BotActions followUp;
        if (order.state == OrderState::Filled) {
            bot.logic->onFill(bots::BotFill{key, order.request.side, order.averagePrice(bot.instrument.tickSize),
                                            order.filledQuantity, true},
                              viewOf(bot), followUp);
        } else if (trading::isTerminal(order.state)) {
            bot.logic->onOrderClosed(bots::BotOrderClosed{key, order.state, order.filledQuantity, order.reason},
                                     viewOf(bot), followUp);
        }
        act(bot, followUp);
    }
    return {};
}

// ---- running ------------------------------------------------------------------------------

void BotRuntime::drainOrderUpdates()
{
    for (;;) {
        BotOrderUpdate update;
        {
            std::lock_guard lock(m_updatesMutex);
            if (m_updates.empty())
                return;
            update = std::move(m_updates.front());
            m_updates.pop_front();
        }
        auto found = m_live.find(static_cast<std::int64_t>(update.order.bot));
        if (found != m_live.end())
            applyUpdate(*found->second, update);
    }
}

void BotRuntime::applyUpdate(LiveBot &bot, const BotOrderUpdate &update)
{
    const Order &order = update.order;
    const std::string prefix = keyPrefix(bot.record.id);
    std::string key;
    if (auto known = bot.keyOf.find(order.request.clientOrderId); known != bot.keyOf.end())
        key = known->second;
    else if (order.idempotencyKey.starts_with(prefix))
        key = order.idempotencyKey.substr(prefix.size());
    if (key.empty())
        return;
    const bool terminal = trading::isTerminal(order.state);
    if (!terminal)
        bot.keyOf[order.request.clientOrderId] = key;
    else
        bot.keyOf.erase(order.request.clientOrderId);
    bots::BotActions actions;
    if (update.fill) {
        applyFill(bot.ledger, bot.instrument, *update.fill);
        log(bot.record.id, bot.record.owner, "INFO",
            sideWord(update.fill->side) + " " + update.fill->quantity.toString() + " " + bot.instrument.base +
                " at " + update.fill->price.toString() + " (" + key + ").");
        if (bot.started)
            bot.logic->onFill(bots::BotFill{key, update.fill->side, update.fill->price, update.fill->quantity,
                                            order.state == OrderState::Filled},
                              viewOf(bot), actions);
    } else if (terminal && order.state != OrderState::Filled) {
        log(bot.record.id, bot.record.owner, order.state == OrderState::Rejected ? "WARN" : "INFO",
            "Order " + key + " " + std::string(trading::stateName(order.state)) +
                (order.reason.empty() ? "." : ": " + order.reason));
        if (bot.started)
            bot.logic->onOrderClosed(bots::BotOrderClosed{key, order.state, order.filledQuantity, order.reason},
                                     viewOf(bot), actions);
    }
    act(bot, actions);
    saveProgress(bot);
    publish(bot.record.owner, statusOfLive(bot));
}

void BotRuntime::pollBars(LiveBot &bot, TimePoint now)
{
    if (!bot.timeframe || bot.record.lastBarMs <= 0)
        return;
    const TimePoint open = fromUnixMillis(bot.record.lastBarMs);
    const TimePoint close = model::nextBucketStart(*bot.timeframe, open);
    if (now < close + kBarGrace || now < bot.nextBarPoll)
        return;
    // At most one read a second while a bar's candles are late (up to kMissingBarGiveUp).
    bot.nextBarPoll = now + std::chrono::seconds(1);
    CandleQuery query{bot.record.exchange, bot.record.symbol, bot.record.timeframe, open, now, 1000};
    auto answer = m_candles.candles(query);
    if (!answer) {
        server::logger("bots")->warn("msg=\"bars not read\" bot={} error={}", bot.record.id,
                                     server::quoted(answer.error().message));
        return;
    }
    const auto barLength = close - open;
    bool progressed = false;
    for (const model::Candle &bar : answer->candles) {
        if (bar.openTime < fromUnixMillis(bot.record.lastBarMs))
            continue;
        const TimePoint barClose = model::nextBucketStart(*bot.timeframe, bar.openTime);
        if (now < barClose + kBarGrace)
            break;
        if (bar.openTime > fromUnixMillis(bot.record.lastBarMs))
            log(bot.record.id, bot.record.owner, "WARN",
                "No candles from " + std::to_string(bot.record.lastBarMs) + " to " +
                    std::to_string(toUnixMillis(bar.openTime)) + " (ms); those bars were skipped.");
        // A bar that closed long ago (the node was down) moves the indicators but is not traded on.
        const bool stale = now - barClose > 2 * barLength;
        const bool externals = bot.strategy && !bot.strategy->kernel().program().externals.empty();
        if (bot.record.state == "RUNNING" && !stale) {
            bots::BotActions actions;
            if (externals)
                bot.strategy->setExternals(externalsAt(bot, bar.openTime, barClose, true));
            bot.logic->onBar(bar, barClose, viewOf(bot), actions);
            act(bot, actions);
        } else if (bot.strategy) {
            if (externals)
                bot.strategy->setExternals(externalsAt(bot, bar.openTime, barClose, false));
            const bots::BotView view = viewOf(bot);
            bot.strategy->replayBar(bar, barClose, view.position, view.equity);
        }
        bot.record.lastBarMs = toUnixMillis(barClose);
        progressed = true;
    }
    if (!progressed && now > close + kMissingBarGiveUp) {
        log(bot.record.id, bot.record.owner, "WARN",
            "No candle for the bar opening at " + std::to_string(bot.record.lastBarMs) + " (ms); skipped.");
        bot.record.lastBarMs = toUnixMillis(close);
        progressed = true;
    }
    if (progressed)
        saveProgress(bot);
}

void BotRuntime::act(LiveBot &bot, const bots::BotActions &actions)
{
    for (const std::string &line : actions.log)
        log(bot.record.id, bot.record.owner, "INFO", line);
    const auto owner = static_cast<std::uint64_t>(bot.record.owner);
    for (const std::string &key : actions.cancel) {
        std::string clientOrderId;
        for (const auto &[id, known] : bot.keyOf) {
            if (known == key)
                clientOrderId = id;
        }
        if (!clientOrderId.empty())
            (void)m_orders.cancel(owner, clientOrderId);
    }
    const std::string prefix = keyPrefix(bot.record.id);
    for (const bots::BotOrder &wanted : actions.place) {
        OrderManager::PlaceRequest request;
        request.venue = bot.record.venue;
        request.order.symbol = bot.record.symbol;
        request.order.side = wanted.side;
        request.order.type = wanted.type;
        request.order.quantity = wanted.quantity;
        request.order.price = wanted.price;
        request.order.stopPrice = wanted.stopPrice;
        request.order.trailingBasisPoints = wanted.trailingBasisPoints;
        request.reduceOnly = wanted.reduceOnly;
        request.idempotencyKey = prefix + wanted.key;
        request.bot = static_cast<std::uint64_t>(bot.record.id);
        auto placed = m_orders.placeForBot(owner, std::move(request), wanted.group.empty() ? "" : prefix + wanted.group);
        if (!placed) {
            log(bot.record.id, bot.record.owner, "ERROR",
                "Order " + wanted.key + " was not placed: " + placed.error().message);
            continue;
        }
        if (!trading::isTerminal(placed->state))
            bot.keyOf[placed->request.clientOrderId] = wanted.key;
        // What the venue answered at once (fills, rejections) is queued by the OrderManager;
        // the logic hears it now, in order, before the next decision.
        drainOrderUpdates();
    }
}

void BotRuntime::saveProgress(LiveBot &bot)
{
    std::set<std::string> pending;
    for (const auto &[clientOrderId, key] : bot.keyOf)
        pending.insert(key);
    bot.record.snapshot = envelope(pending, bot.logic->snapshot());
    if (auto saved = m_store.saveProgress(bot.record.id, bot.record.snapshot, bot.record.lastBarMs); !saved)
        server::logger("bots")->warn("msg=\"bot progress not saved\" bot={} error={}", bot.record.id,
                                     server::quoted(saved.error().message));
}

void BotRuntime::log(std::int64_t bot, std::int64_t owner, const std::string &level, const std::string &message)
{
    BotEventRow event{bot, m_clock.now(), level, message};
    (void)m_store.addEvent(event);
    publish(owner, event);
    server::logger("bots")->info("msg=\"bot event\" bot={} level={} detail={}", bot, level, server::quoted(message));
}

void BotRuntime::fail(LiveBot &bot, const std::string &reason)
{
    const std::int64_t id = bot.record.id;
    const std::int64_t owner = bot.record.owner;
    for (const Order &order : m_orders.openOrdersOfBot(static_cast<std::uint64_t>(id)))
        (void)m_orders.cancel(static_cast<std::uint64_t>(owner), order.request.clientOrderId);
    drainOrderUpdates();
    bot.record.state = "FAILED";
    bot.record.stateReason = reason;
    (void)m_store.setState(id, "FAILED", reason, m_node);
    log(id, owner, "ERROR", reason);
    publish(owner, statusOfLive(bot));
    retire(id);
}

void BotRuntime::retire(std::int64_t id)
{
    m_live.erase(id);
    releaseLease(id);
}

// ---- status -------------------------------------------------------------------------------

BotStatus BotRuntime::statusOfLive(const LiveBot &bot) const
{
    BotStatus status;
    status.record = bot.record;
    status.position = bot.ledger.held;
    const bots::BotView view = viewOf(bot);
    status.averageEntry = view.averageEntry;
    status.equity = view.equity;
    status.realizedPnl = bot.ledger.book.realizedPnl();
    status.unrealizedPnl = bot.ledger.book.unrealizedPnl();
    status.fees = bot.ledger.fees;
    status.openOrders = static_cast<int>(bot.keyOf.size());
    return status;
}

Result<BotStatus> BotRuntime::statusOf(const BotRecord &record)
{
    if (auto live = m_live.find(record.id); live != m_live.end())
        return statusOfLive(*live->second);
    // Not running here: its ledger from the journal.
    BotStatus status;
    status.record = record;
    auto instrument = m_orders.instrument(record.symbol);
    auto fills = m_orders.fillsOfBot(static_cast<std::uint64_t>(record.id));
    if (!fills)
        return std::unexpected(fills.error());
    Ledger ledger;
    ledger.cash = record.budget;
    model::Instrument rules = instrument.value_or(model::Instrument{});
    for (const FillRecord &fill : *fills)
        applyFill(ledger, rules, fill);
    ledger.last = m_orders.lastTradePrice(record.symbol);
    if (ledger.last > Price())
        ledger.book.mark(record.symbol, ledger.last);
    status.position = ledger.held;
    if (auto found = ledger.book.positions().find(record.symbol); found != ledger.book.positions().end())
        status.averageEntry = found->second.averageEntry();
    status.equity = ledger.cash + (ledger.held.isNegative() ? -notional(ledger.last, -ledger.held)
                                                            : notional(ledger.last, ledger.held));
    status.realizedPnl = ledger.book.realizedPnl();
    status.unrealizedPnl = ledger.book.unrealizedPnl();
    status.fees = ledger.fees;
    status.openOrders = static_cast<int>(m_orders.openOrdersOfBot(static_cast<std::uint64_t>(record.id)).size());
    return status;
}

// ---- RPC-facing ---------------------------------------------------------------------------

Result<BotRecord> BotRuntime::owned(std::int64_t owner, std::int64_t id)
{
    auto found = m_store.get(id);
    if (!found)
        return std::unexpected(found.error());
    if (!*found || (*found)->owner != owner)
        return makeError(ErrorCode::NotFound, "There is no bot " + std::to_string(id) + ".");
    return **found;
}

Result<BotStatus> BotRuntime::create(std::int64_t owner, BotRecord definition)
{
    if (definition.name.empty() || definition.name.size() > 80)
        return std::unexpected(invalid("name: 1 to 80 characters."));
    if (definition.venue.empty())
        definition.venue = "paper";
    if (const auto venues = m_orders.venues(static_cast<std::uint64_t>(owner));
        std::find(venues.begin(), venues.end(), definition.venue) == venues.end())
        return std::unexpected(invalid("venue: \"" + definition.venue + "\" is not available to you; use \"paper\"" +
                                       (m_orders.liveVenueEnabled() ? " or add a Binance API key for \"binance\"."
                                                                    : ".")));
    if (definition.budget <= Money())
        return std::unexpected(invalid("budget: must be greater than zero."));
    if (definition.maxPosition.isNegative() || definition.maxDailyLoss.isNegative() ||
        definition.maxDrawdownBasisPoints < 0 || definition.maxDrawdownBasisPoints > 10'000 ||
        definition.maxOpenOrders < 0)
        return std::unexpected(invalid("limits: must not be negative (drawdown at most 10000 basis points)."));
    if (definition.kind != "GRID") {
        if (!model::parseTimeframe(definition.timeframe))
            return std::unexpected(invalid("timeframe: \"" + definition.timeframe + "\" is not one of 1m 3m 5m 15m 30m "
                                                                                    "1h 2h 4h 6h 8h 12h 1d."));
    }
    auto instrument = instrumentOf(definition.exchange, definition.symbol);
    if (!instrument)
        return std::unexpected(instrument.error());
    definition.owner = owner;
    bots::StrategyBot *strategy = nullptr;
    if (auto logic = makeLogic(definition, *instrument, &strategy); !logic)
        return std::unexpected(logic.error());
    auto created = m_store.create(definition);
    if (!created)
        return std::unexpected(created.error());
    log(created->id, owner, "INFO", "Created.");
    std::lock_guard lock(m_mutex);
    auto status = statusOf(*created);
    if (status)
        publish(owner, *status);
    return status;
}

Result<std::vector<BotStatus>> BotRuntime::list(std::int64_t owner)
{
    auto records = m_store.list(owner);
    if (!records)
        return std::unexpected(records.error());
    std::lock_guard lock(m_mutex);
    std::vector<BotStatus> out;
    for (const auto &record : *records) {
        auto status = statusOf(record);
        if (!status)
            return std::unexpected(status.error());
        out.push_back(std::move(*status));
    }
    return out;
}

Result<BotStatus> BotRuntime::get(std::int64_t owner, std::int64_t id)
{
    auto record = owned(owner, id);
    if (!record)
        return std::unexpected(record.error());
    std::lock_guard lock(m_mutex);
    return statusOf(*record);
}

Result<BotStatus> BotRuntime::startBot(std::int64_t owner, std::int64_t id)
{
    auto record = owned(owner, id);
    if (!record)
        return std::unexpected(record.error());
    if (!m_orders.started())
        return makeError(ErrorCode::Unavailable, "Trading is starting; try again in a moment.");
    std::lock_guard lock(m_mutex);
    if (auto live = m_live.find(id); live != m_live.end()) {
        if (live->second->record.state == "PAUSED") {
            live->second->record.state = "RUNNING";
            (void)m_store.setState(id, "RUNNING", "", m_node);
            log(id, owner, "INFO", "Resumed.");
        }
        return statusOfLive(*live->second);
    }
    if (record->state == "RUNNING" || record->state == "PAUSED")
        return makeError(ErrorCode::FailedPrecondition,
                         "Bot " + record->name + " runs on core node " + record->node + "; ask again there or wait for "
                                                                                        "its lease to move.");
    if (record->state == "FAILED")
        (void)m_orders.resetBotRisk(static_cast<std::uint64_t>(owner), static_cast<std::uint64_t>(id),
                                    "bot runtime", "bot " + record->name + " started again");
    if (!acquireLease(id))
        return makeError(ErrorCode::FailedPrecondition, "Another core node holds bot " + record->name + ".");
    record->state = "RUNNING";
    record->stateReason.clear();
    if (auto saved = m_store.setState(id, "RUNNING", "", m_node); !saved) {
        releaseLease(id);
        return std::unexpected(saved.error());
    }
    if (auto launched = launch(*record, true); !launched) {
        (void)m_store.setState(id, "FAILED", launched.error().message, m_node);
        releaseLease(id);
        return std::unexpected(launched.error());
    }
    return statusOfLive(*m_live.at(id));
}

Result<BotStatus> BotRuntime::pauseBot(std::int64_t owner, std::int64_t id)
{
    auto record = owned(owner, id);
    if (!record)
        return std::unexpected(record.error());
    std::lock_guard lock(m_mutex);
    auto live = m_live.find(id);
    if (live == m_live.end())
        return makeError(ErrorCode::FailedPrecondition, "Bot " + record->name + " is not running on this node.");
    live->second->record.state = "PAUSED";
    (void)m_store.setState(id, "PAUSED", "", m_node);
    log(id, owner, "INFO", "Paused: no new decisions; working orders stay.");
    publish(owner, statusOfLive(*live->second));
    return statusOfLive(*live->second);
}

Result<BotStatus> BotRuntime::stopBot(std::int64_t owner, std::int64_t id, bool closePosition)
{
    auto record = owned(owner, id);
    if (!record)
        return std::unexpected(record.error());
    std::lock_guard lock(m_mutex);
    drainOrderUpdates();
    for (const Order &order : m_orders.openOrdersOfBot(static_cast<std::uint64_t>(id)))
        (void)m_orders.cancel(static_cast<std::uint64_t>(owner), order.request.clientOrderId);
    drainOrderUpdates();
    if (closePosition) {
        auto status = statusOf(*record);
        auto instrument = m_orders.instrument(record->symbol);
        if (status && instrument) {
            const Quantity held = status->position;
            const Quantity lots = (held.isNegative() ? -held : held).floorTo(instrument->lotSize);
            if (lots > Quantity()) {
                OrderManager::PlaceRequest request;
                request.venue = record->venue;
                request.order.symbol = record->symbol;
                request.order.type = trading::OrderType::Market;
                request.order.side = held.isNegative() ? trading::Side::Buy : trading::Side::Sell;
                request.order.quantity = lots;
                request.reduceOnly = true;
                request.bot = static_cast<std::uint64_t>(id);
                request.idempotencyKey = keyPrefix(id) + "close@" + std::to_string(toUnixMillis(m_clock.now()));
                auto placed = m_orders.placeForBot(static_cast<std::uint64_t>(owner), std::move(request), "");
                log(id, owner, placed && placed->state == OrderState::Filled ? "INFO" : "WARN",
                    placed ? "Closing order " + std::string(trading::stateName(placed->state)) +
                                 (placed->reason.empty() ? "." : ": " + placed->reason)
                           : "Closing order not placed: " + placed.error().message);
                drainOrderUpdates();
            }
        }
    }
    (void)m_store.setState(id, "STOPPED", "", m_node);
    record->state = "STOPPED";
    log(id, owner, "INFO", closePosition ? "Stopped; orders cancelled, position closed." : "Stopped; orders cancelled.");
    if (m_live.contains(id))
        retire(id);
    auto status = statusOf(*record);
    if (status)
        publish(owner, *status);
    return status;
}

Result<BotStatus> BotRuntime::remove(std::int64_t owner, std::int64_t id)
{
    auto record = owned(owner, id);
    if (!record)
        return std::unexpected(record.error());
    if (record->state == "RUNNING" || record->state == "PAUSED")
        return makeError(ErrorCode::FailedPrecondition, "Stop bot " + record->name + " before deleting it.");
    std::lock_guard lock(m_mutex);
    auto status = statusOf(*record);
    if (!status)
        return std::unexpected(status.error());
    if (auto removed = m_store.remove(id); !removed)
        return std::unexpected(removed.error());
    publish(owner, id);
    return status;
}

Result<std::vector<BotEventRow>> BotRuntime::events(std::int64_t owner, std::int64_t id, int limit)
{
    if (auto record = owned(owner, id); !record)
        return std::unexpected(record.error());
    return m_store.events(id, limit);
}

Result<std::vector<std::pair<TimePoint, Money>>> BotRuntime::equity(std::int64_t owner, std::int64_t id)
{
    if (auto record = owned(owner, id); !record)
        return std::unexpected(record.error());
    return m_store.equity(id);
}

} // namespace bcf::core
