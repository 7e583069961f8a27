#include "oms/order_manager.h"

#include "common/logging.h"

#include <sodium.h>

#include <algorithm>

namespace bcf::core {

using trading::Order;
using trading::OrderState;
using trading::VenueEvent;

namespace {

constexpr std::string_view kPaper = "paper";
constexpr auto kPortfolioPushInterval = std::chrono::seconds(1);

Error invalid(std::string message) { return {ErrorCode::InvalidArgument, std::move(message)}; }

risk::OrderType riskType(trading::OrderType type)
{
    switch (type) {
    case trading::OrderType::Market: return risk::OrderType::Market;
    case trading::OrderType::Limit: return risk::OrderType::Limit;
    case trading::OrderType::StopMarket: return risk::OrderType::Stop;
    case trading::OrderType::StopLimit: return risk::OrderType::StopLimit;
    case trading::OrderType::TrailingStop: return risk::OrderType::TrailingStop;
    }
    return risk::OrderType::Market;
}

std::string subjectName(risk::RiskSubject subject)
{
    return subject == risk::RiskSubject::Account ? "ACCOUNT" : "BOT";
}

std::string fillDetail(const VenueEvent &event)
{
    return event.quantity.toString() + " @ " + event.price.toString() + ", fee " +
           event.fee.toString() + " " + event.feeAsset + (event.maker ? ", maker" : ", taker") +
           ", trade " + event.tradeId;
}

} // namespace

// ---- subscriptions ------------------------------------------------------------------------

std::vector<TradingUpdate> TradingSubscription::wait(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    m_ready.wait_for(lock, timeout, [this] { return !m_pending.empty(); });
    std::vector<TradingUpdate> out(std::make_move_iterator(m_pending.begin()),
                                   std::make_move_iterator(m_pending.end()));
    m_pending.clear();
    return out;
}

void TradingSubscription::push(TradingUpdate update)
{
    {
        std::lock_guard lock(m_mutex);
        // A client that stopped reading loses the oldest updates rather than the node's memory;
        // ListOrders and GetPortfolio give the current state again.
        if (m_pending.size() >= 10'000)
            m_pending.pop_front();
        m_pending.push_back(std::move(update));
    }
    m_ready.notify_one();
}

std::vector<ReconciliationNotice> OrderManager::recentNotices(std::uint64_t account)
{
    std::lock_guard lock(m_subscribersMutex);
    auto found = m_recentNotices.find(account);
    if (found == m_recentNotices.end())
        return {};
    return {found->second.begin(), found->second.end()};
}

std::shared_ptr<TradingSubscription> OrderManager::subscribe(std::uint64_t account)
{
    auto subscription = std::make_shared<TradingSubscription>();
    std::lock_guard lock(m_subscribersMutex);
    m_subscribers.emplace(account, subscription);
    return subscription;
}

void OrderManager::unsubscribe(std::uint64_t account,
                               const std::shared_ptr<TradingSubscription> &subscription)
{
    std::lock_guard lock(m_subscribersMutex);
    auto [first, last] = m_subscribers.equal_range(account);
    for (auto it = first; it != last;) {
        auto held = it->second.lock();
        it = (!held || held == subscription) ? m_subscribers.erase(it) : std::next(it);
    }
}

void OrderManager::notify(std::uint64_t account, const TradingUpdate &update)
{
    std::lock_guard lock(m_subscribersMutex);
    if (const auto *notice = std::get_if<ReconciliationNotice>(&update)) {
        // Kept for the workstations that connect later (StreamTrading replays them).
        auto &kept = m_recentNotices[account];
        kept.push_back(*notice);
        if (kept.size() > 50)
            kept.pop_front();
    }
    auto [first, last] = m_subscribers.equal_range(account);
    for (auto it = first; it != last; ++it) {
        if (auto subscription = it->second.lock())
            subscription->push(update);
    }
}

// ---- life cycle ---------------------------------------------------------------------------

OrderManager::OrderManager(OrderJournal &journal, Clock &clock, MarketFeed &feed,
                           server::InstrumentStore &instruments, TradingSettings settings)
    : m_journal(journal),
      m_clock(clock),
      m_feed(feed),
      m_instrumentStore(instruments),
      m_settings(std::move(settings)),
      // Paper ids start at this start's time in microseconds, so they grow across restarts.
      m_paper(trading::PaperFees{static_cast<std::int32_t>(m_settings.makerFeeBasisPoints),
                                 static_cast<std::int32_t>(m_settings.takerFeeBasisPoints)},
              static_cast<std::uint64_t>(toUnixMillis(m_clock.now())) * 1000)
{
    m_startingBalances = parseBalances(m_settings.paperBalances).value_or(std::map<std::string, Money>{});
}

OrderManager::~OrderManager() { stop(); }

void OrderManager::stop()
{
    m_stopping = true;
    m_inboxReady.notify_all();
    {
        std::lock_guard lock(m_mutex); // no order call is half-way through the venues below
        m_started = false;
    }
    for (auto &thread : m_threads) {
        if (thread.joinable())
            thread.join();
    }
    m_threads.clear();
    m_binance.reset(); // its thread hands messages to m_inbox: gone before the inbox is
}

Status OrderManager::start()
{
    std::unique_lock lock(m_mutex);
    if (m_started)
        return {};
    auto log = server::logger("oms");
    if (auto loaded = loadInstrumentsLocked(); !loaded)
        return loaded;

    // Rebuild the paper venue from the journal: balances as last written, open orders resting.
    auto balances = m_journal.paperBalances();
    if (!balances)
        return std::unexpected(balances.error());
    auto open = m_journal.openOrders(std::string(kPaper));
    if (!open)
        return std::unexpected(open.error());
    auto fills = m_journal.allFills(std::string(kPaper));
    if (!fills)
        return std::unexpected(fills.error());

    auto riskStates = m_journal.accountRiskStates();
    if (!riskStates)
        return std::unexpected(riskStates.error());

    const TimePoint now = m_clock.now();
    std::map<std::uint64_t, std::vector<trading::PaperOrder>> resting;
    std::vector<Order> unanswered;
    for (Order &order : *open) {
        if (order.state == OrderState::New || order.state == OrderState::Submitted) {
            unanswered.push_back(std::move(order));
            continue;
        }
        trading::PaperOrder paper;
        paper.request = order.request;
        paper.venueOrderId = order.venueOrderId;
        paper.filledQuantity = order.filledQuantity;
        paper.triggered = order.triggered;
        paper.trailingReference = order.trailingReference;
        resting[order.account].push_back(paper);
        m_open.emplace(order.request.clientOrderId, std::move(order));
    }
    for (const auto &[account, assets] : *balances) {
        auto restored = m_paper.restore(account, assets, resting[account]);
        if (!restored)
            return makeError(ErrorCode::Internal, "the journal of account " + std::to_string(account) +
                                                      " cannot be restored: " + restored.error().message);
        resting.erase(account);
    }
    if (!resting.empty())
        return makeError(ErrorCode::Internal, "open paper orders of account " +
                                                  std::to_string(resting.begin()->first) +
                                                  " have no balances in the journal");

    // The live venue's open orders and fills (its balances come from the exchange).
    if (m_keys) {
        auto liveOpen = m_journal.openOrders("binance");
        if (!liveOpen)
            return std::unexpected(liveOpen.error());
        auto liveFills = m_journal.allFills("binance");
        if (!liveFills)
            return std::unexpected(liveFills.error());
        for (Order &order : *liveOpen)
            m_open.emplace(order.request.clientOrderId, std::move(order));
        for (const FillRecord &fill : *liveFills) {
            if (m_open.contains(fill.clientOrderId))
                m_seenTrades[fill.clientOrderId].insert(fill.tradeId);
        }
        fills->insert(fills->end(), liveFills->begin(), liveFills->end());
        std::stable_sort(fills->begin(), fills->end(),
                         [](const FillRecord &a, const FillRecord &b) { return a.time < b.time; });
        if (auto live = startLiveLocked(); !live)
            return live;
    }

    // Positions and the risk ledgers from every fill, in order.
    for (const FillRecord &fill : *fills) {
        (void)ensureAccount(fill.account, fill.time);
        m_accounts[fill.account].positions[fill.venue].applyFill(fill.symbol, fill.side, fill.price,
                                                                 fill.quantity, fill.feeQuote);
        ensureRiskBot(fill.account, fill.bot);
        (void)m_risk.onFill(fill.account, ledgerOf(fill.bot), fill.symbol, fill.side, fill.price,
                            fill.quantity, fill.feeQuote, fill.time);
    }
    for (const auto &[clientOrderId, order] : m_open) {
        (void)ensureAccount(order.account, now);
        ensureRiskBot(order.account, order.bot);
        // A live order still NEW or SUBMITTED counts once reconciliation hears it was accepted.
        if (order.state == OrderState::Accepted || order.state == OrderState::PartiallyFilled)
            (void)m_risk.onOrderOpened(order.account, ledgerOf(order.bot), now);
    }
    for (const auto &[account, state] : *riskStates) {
        if (state == "ACTIVE")
            continue;
        (void)ensureAccount(account, now);
        risk::KillMode mode{false, false, state == "HALTED"};
        (void)m_risk.killSwitch(account, mode, now, "bcf-core", "state restored at start");
    }
    m_started = true;

    // Orders the venue never answered: the paper venue is this process, so an order it had not
    // accepted before the restart was never placed.
    for (Order &order : unanswered) {
        VenueEvent rejected;
        rejected.kind = VenueEvent::Kind::Rejected;
        rejected.clientOrderId = order.request.clientOrderId;
        rejected.time = now;
        rejected.reason = "bcf-core stopped before the paper venue answered; the order was not placed.";
        const std::uint64_t account = order.account;
        const std::string id = order.request.clientOrderId;
        m_open.emplace(id, std::move(order));
        processVenueEvent(account, rejected);
        notify(account, ReconciliationNotice{now, std::string(kPaper),
                                             "Order " + id + " was closed as REJECTED: " + rejected.reason});
        log->warn("msg=\"reconciled an unanswered order\" client_order_id={} account={}", id, account);
    }
    log->info("msg=\"order management started\" instruments={} open_orders={} fills_replayed={} "
              "unanswered_closed={}",
              m_instruments.size(), m_open.size(), fills->size(), unanswered.size());
    lock.unlock();

    m_stopping = false;
    m_threads.emplace_back([this] { followMarket(MarketFeed::Kind::Trade); });
    m_threads.emplace_back([this] { followMarket(MarketFeed::Kind::Book); });
    if (m_keys)
        m_threads.emplace_back([this] { liveLoop(); });
    return {};
}

Status OrderManager::refreshInstruments()
{
    auto instruments = m_instrumentStore.list(m_settings.paperExchange); // outside the order path
    if (!instruments)
        return std::unexpected(instruments.error());
    std::lock_guard lock(m_mutex);
    addInstrumentsLocked(*instruments);
    return {};
}

Status OrderManager::loadInstrumentsLocked()
{
    auto instruments = m_instrumentStore.list(m_settings.paperExchange);
    if (!instruments)
        return std::unexpected(instruments.error());
    addInstrumentsLocked(*instruments);
    return {};
}

void OrderManager::addInstrumentsLocked(const std::vector<model::Instrument> &instruments)
{
    bool added = false;
    for (const auto &instrument : instruments) {
        if (m_instruments.contains(instrument.symbol))
            continue;
        if (auto valid = m_paper.addInstrument(instrument); !valid) {
            server::logger("oms")->warn("msg=\"instrument left out of the paper venue\" symbol={} error={}",
                                        instrument.symbol, server::quoted(valid.error().message));
            continue;
        }
        m_instruments.emplace(instrument.symbol, instrument);
        added = true;
    }
    if (added)
        ++m_symbolsGeneration;
}

Status OrderManager::ensureAccount(std::uint64_t account, TimePoint now)
{
    if (!m_paper.hasAccount(account)) {
        if (auto opened = m_paper.openAccount(account, m_startingBalances); !opened)
            return opened;
        auto balances = m_paper.balances(account);
        if (auto saved = m_journal.savePaperBalances(account, *balances); !saved)
            return saved;
    }
    if (!m_risk.accountState(account)) {
        risk::AccountConfig config;
        config.currency = m_settings.currency;
        auto amount = [](const std::string &text) {
            return text.empty() ? Money() : Money::parse(text).value_or(Money());
        };
        config.limits.maxOrderNotional = amount(m_settings.maxOrderNotional);
        config.limits.priceBandBasisPoints = static_cast<std::int32_t>(m_settings.priceBandBasisPoints);
        config.limits.maxDailyLoss = amount(m_settings.maxDailyLoss);
        config.limits.maxGrossExposure = amount(m_settings.maxGrossExposure);
        if (m_settings.maxOrdersPerMinute > 0) {
            config.limits.maxOrders = static_cast<std::uint32_t>(m_settings.maxOrdersPerMinute);
            config.limits.orderRateWindow = std::chrono::minutes(1);
        }
        if (auto added = m_risk.addAccount(account, config); !added)
            return added;
        m_risk.advanceTime(now);
    }
    m_accounts.try_emplace(account);
    return {};
}

std::optional<risk::BotId> OrderManager::ledgerOf(std::uint64_t bot)
{
    return bot == 0 ? std::nullopt : std::optional<risk::BotId>(bot);
}

void OrderManager::ensureRiskBot(std::uint64_t account, std::uint64_t bot)
{
    if (bot == 0 || m_risk.botState(account, bot))
        return;
    // Known from the journal before its runtime registers its limits: a ledger without limits.
    (void)ensureAccount(account, m_clock.now());
    (void)m_risk.addBot(account, bot, risk::BotConfig{});
}

Status OrderManager::registerBot(std::uint64_t account, std::uint64_t bot, const risk::BotConfig &config)
{
    std::lock_guard lock(m_mutex);
    const TimePoint now = m_clock.now();
    if (auto ensured = ensureAccount(account, now); !ensured)
        return ensured;
    if (m_risk.botState(account, bot))
        return m_risk.setBotLimits(account, bot, config.limits);
    return m_risk.addBot(account, bot, config);
}

std::optional<risk::BotState> OrderManager::botRiskState(std::uint64_t account, std::uint64_t bot) const
{
    std::lock_guard lock(m_mutex);
    return m_risk.botState(account, bot);
}

Status OrderManager::resetBotRisk(std::uint64_t account, std::uint64_t bot, const std::string &actor,
                                  const std::string &reason)
{
    std::lock_guard lock(m_mutex);
    auto events = m_risk.resetBot(account, bot, m_clock.now(), actor, reason);
    if (!events)
        return std::unexpected(events.error());
    recordRiskEvents(*events);
    return {};
}

void OrderManager::setBotListener(std::function<void(const BotOrderUpdate &)> listener)
{
    std::lock_guard lock(m_mutex);
    m_botListener = std::move(listener);
}

Result<Order> OrderManager::placeForBot(std::uint64_t account, PlaceRequest request, const std::string &ocoGroup)
{
    std::lock_guard lock(m_mutex);
    if (!m_started)
        return makeError(ErrorCode::Unavailable, "Trading is starting; try again in a moment.");
    return placeLocked(account, std::move(request), ocoGroup, false, m_clock.now());
}

std::vector<Order> OrderManager::openOrdersOfBot(std::uint64_t bot) const
{
    std::lock_guard lock(m_mutex);
    std::vector<Order> out;
    for (const auto &[id, order] : m_open) {
        if (order.bot == bot)
            out.push_back(order);
    }
    return out;
}

Result<std::vector<FillRecord>> OrderManager::fillsOfBot(std::uint64_t bot)
{
    return m_journal.fillsOfBot(bot);
}

Result<std::optional<Order>> OrderManager::findByIdempotencyKey(std::uint64_t account, const std::string &key)
{
    return m_journal.findByIdempotencyKey(account, key);
}

std::optional<model::Instrument> OrderManager::instrument(const std::string &symbol) const
{
    std::lock_guard lock(m_mutex);
    auto found = m_instruments.find(symbol);
    if (found == m_instruments.end())
        return std::nullopt;
    return found->second;
}

Price OrderManager::lastTradePrice(const std::string &symbol) const
{
    std::lock_guard lock(m_mutex);
    return lastPrice(symbol);
}

// ---- orders -------------------------------------------------------------------------------

std::string OrderManager::mintClientOrderId()
{
    // 27 characters, within Binance's 36 and its [.A-Z:/a-z0-9_-] alphabet; 96 random bits, so
    // ids never collide across restarts or core nodes.
    unsigned char bytes[12];
    randombytes_buf(bytes, sizeof bytes);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id = "bcf";
    for (unsigned char byte : bytes) {
        id.push_back(kHex[byte >> 4]);
        id.push_back(kHex[byte & 0x0f]);
    }
    return id;
}

Status OrderManager::checkVenue(std::uint64_t account, const std::string &venue) const
{
    if (venue == kPaper)
        return {};
    if (venue == "binance" && m_keys) {
        const auto live = m_live.find(account);
        if (live == m_live.end() || !live->second.mayTrade)
            return std::unexpected(invalid("venue: you have no working Binance API key; add one under "
                                           "Exchange keys first."));
        return {};
    }
    return std::unexpected(invalid("venue: \"" + venue + "\" is not available; use \"paper\"" +
                                   (m_keys ? " or \"binance\"." : ".")));
}

std::vector<std::string> OrderManager::venues(std::uint64_t account) const
{
    std::lock_guard lock(m_mutex);
    return venuesLocked(account);
}

std::vector<std::string> OrderManager::venuesLocked(std::uint64_t account) const
{
    std::vector<std::string> out{std::string(kPaper)};
    if (const auto live = m_live.find(account); live != m_live.end() && live->second.mayTrade)
        out.emplace_back("binance");
    return out;
}

Result<Order> OrderManager::place(std::uint64_t account, const std::string &actor, PlaceRequest request)
{
    std::lock_guard lock(m_mutex);
    if (!m_started)
        return makeError(ErrorCode::Unavailable, "Trading is starting; try again in a moment.");
    auto placed = placeLocked(account, std::move(request), {}, false, m_clock.now());
    if (placed)
        server::logger("oms")->info(
            "msg=\"order placed\" user={} client_order_id={} symbol={} side={} type={} quantity={} "
            "state={}",
            server::quoted(actor), placed->request.clientOrderId, placed->request.symbol,
            placed->request.side == trading::Side::Buy ? "BUY" : "SELL",
            trading::typeName(placed->request.type), placed->request.quantity.toString(),
            trading::stateName(placed->state));
    return placed;
}

Result<Order> OrderManager::placeLocked(std::uint64_t account, PlaceRequest request,
                                        const std::string &ocoGroup, bool skipRisk, TimePoint now)
{
    auto prepared = prepareLocked(account, std::move(request), ocoGroup, skipRisk, now);
    if (!prepared)
        return std::unexpected(prepared.error());
    if (prepared->done)
        return *prepared->done;
    const std::string &id = prepared->ready;
    std::map<std::string, Order> after;
    if (m_open.at(id).venue == kPaper)
        after = processVenueEvents(account, m_paper.submit(account, m_open.at(id).request, now));
    else
        after = submitLiveLocked(account, id, now);
    return placedState(id, after);
}

Result<Order> OrderManager::placedState(const std::string &clientOrderId, const std::map<std::string, Order> &after) const
{
    if (auto live = m_open.find(clientOrderId); live != m_open.end())
        return live->second;
    if (auto ended = after.find(clientOrderId); ended != after.end())
        return ended->second;
    return makeError(ErrorCode::Internal, "order " + clientOrderId + " left the order book without an event");
}

Result<OrderManager::Prepared> OrderManager::prepareLocked(std::uint64_t account, PlaceRequest request,
                                                           const std::string &ocoGroup, bool skipRisk,
                                                           TimePoint now)
{
    if (request.venue.empty())
        request.venue = std::string(kPaper);
    if (auto venue = checkVenue(account, request.venue); !venue)
        return std::unexpected(venue.error());
    if (!request.order.clientOrderId.empty())
        return std::unexpected(invalid("client order id: bcf-core mints it; leave it empty."));
    if (auto valid = trading::validate(request.order); !valid)
        return std::unexpected(valid.error());
    const auto instrument = m_instruments.find(request.order.symbol);
    if (instrument == m_instruments.end())
        return std::unexpected(invalid("symbol: " + request.order.symbol + " is not listed on " +
                                       m_settings.paperExchange + "."));
    if (request.idempotencyKey.size() > 64)
        return std::unexpected(invalid("idempotency key: at most 64 characters."));
    if (!request.idempotencyKey.empty()) {
        auto existing = m_journal.findByIdempotencyKey(account, request.idempotencyKey);
        if (!existing)
            return std::unexpected(existing.error());
        if (*existing) {
            auto live = m_open.find((*existing)->request.clientOrderId);
            return Prepared{live != m_open.end() ? live->second : **existing, {}};
        }
    }
    if (auto ensured = ensureAccount(account, now); !ensured)
        return std::unexpected(ensured.error());
    ensureRiskBot(account, request.bot);

    Order order;
    order.request = std::move(request.order);
    order.request.clientOrderId = mintClientOrderId();
    order.venue = request.venue;
    order.account = account;
    order.bot = request.bot;
    order.ocoGroup = ocoGroup;
    order.reduceOnly = request.reduceOnly;
    order.idempotencyKey = request.idempotencyKey;
    order.created = order.updated = now;
    if (auto created = m_journal.create(order, request.idempotencyKey); !created)
        return std::unexpected(created.error());

    if (!skipRisk) {
        risk::OrderCheck check;
        check.account = account;
        check.bot = ledgerOf(order.bot);
        check.instrument = instrument->second;
        check.side = order.request.side;
        check.type = riskType(order.request.type);
        check.limitPrice = order.request.price;
        check.stopPrice = order.request.stopPrice;
        check.quantity = order.request.quantity;
        check.reduceOnly = order.reduceOnly;
        check.lastPrice = lastPrice(order.request.symbol);
        // A market order is checked at the price it will meet: the last trade.
        const risk::Decision decision = m_risk.check(check, now);
        if (!decision.accepted) {
            m_open.emplace(order.request.clientOrderId, order);
            VenueEvent rejected;
            rejected.kind = VenueEvent::Kind::Rejected;
            rejected.clientOrderId = order.request.clientOrderId;
            rejected.time = now;
            rejected.reason = "Risk: " + decision.message;
            auto after = processVenueEvent(account, rejected);
            if (auto rejectedOrder = after.find(order.request.clientOrderId); rejectedOrder != after.end())
                return Prepared{rejectedOrder->second, {}};
            return makeError(ErrorCode::Internal, "order " + order.request.clientOrderId + " was not rejected");
        }
    }

    if (auto submitted = trading::markSubmitted(order, now); !submitted)
        return std::unexpected(submitted.error());
    JournalEntry entry;
    entry.order = &order;
    entry.kind = "SUBMITTED";
    if (auto recorded = m_journal.record(entry); !recorded)
        return std::unexpected(recorded.error()); // never sent: the order stays NEW, closed at restart
    const std::string id = order.request.clientOrderId;
    m_open.emplace(id, order);
    notify(account, order);
    return Prepared{std::nullopt, id};
}

Result<std::pair<Order, Order>> OrderManager::placeOco(std::uint64_t account, const std::string &actor,
                                                       OcoRequest request)
{
    std::lock_guard lock(m_mutex);
    if (!m_started)
        return makeError(ErrorCode::Unavailable, "Trading is starting; try again in a moment.");
    const TimePoint now = m_clock.now();
    if (request.limitPrice <= Price())
        return std::unexpected(invalid("limit price: the take-profit leg needs a price greater than zero."));
    if (request.stopPrice <= Price())
        return std::unexpected(invalid("stop price: the stop leg needs a stop price greater than zero."));
    // Binance's rule: a sell OCO has its limit above and its stop below the market, a buy the
    // other way round; checked against the last trade so neither leg triggers at once.
    const Price last = lastPrice(request.symbol);
    if (last > Price()) {
        const bool sell = request.side == trading::Side::Sell;
        if (sell ? !(request.limitPrice > last && request.stopPrice < last)
                 : !(request.limitPrice < last && request.stopPrice > last))
            return std::unexpected(invalid(
                std::string(sell ? "prices: a sell OCO needs limit price > last price (" : "prices: a buy OCO needs limit price < last price (") +
                last.toString() + (sell ? ") > stop price." : ") < stop price.")));
    }
    PlaceRequest limit;
    limit.venue = request.venue;
    limit.order.symbol = request.symbol;
    limit.order.side = request.side;
    limit.order.type = trading::OrderType::Limit;
    limit.order.quantity = request.quantity;
    limit.order.price = request.limitPrice;
    limit.reduceOnly = request.reduceOnly;
    limit.bot = request.bot;
    limit.idempotencyKey = request.idempotencyKey.empty() ? "" : request.idempotencyKey + ":limit";
    PlaceRequest stop = limit;
    stop.order.type = request.stopLimitPrice > Price() ? trading::OrderType::StopLimit
                                                       : trading::OrderType::StopMarket;
    stop.order.price = request.stopLimitPrice;
    stop.order.stopPrice = request.stopPrice;
    stop.idempotencyKey = request.idempotencyKey.empty() ? "" : request.idempotencyKey + ":stop";
    if (auto valid = trading::validate(stop.order); !valid)
        return std::unexpected(valid.error());
    const std::string group = "oco-" + mintClientOrderId().substr(3);
    if (!request.venue.empty() && request.venue != kPaper) {
        // Binance runs OCO itself, as one order list that locks the holding once: both legs are
        // journaled and risk-checked as here, then sent together. Its limit leg is LIMIT_MAKER.
        limit.order.postOnly = true;
        stop.order.postOnly = false;
        auto first = prepareLocked(account, std::move(limit), group, false, now);
        if (!first)
            return std::unexpected(first.error());
        const auto refuse = [&](const std::string &id, const std::string &why) {
            VenueEvent rejected;
            rejected.kind = VenueEvent::Kind::Rejected;
            rejected.clientOrderId = id;
            rejected.time = now;
            rejected.reason = why;
            auto after = processVenueEvent(account, rejected);
            return placedState(id, after);
        };
        if (first->done) {
            if (first->done->state == OrderState::Rejected || request.idempotencyKey.empty())
                return std::pair{*first->done, *first->done}; // rejected by risk: no stop leg
            // A retried request (same idempotency key): the stop leg it placed the first time.
            auto again = prepareLocked(account, std::move(stop), group, false, now);
            if (!again)
                return std::unexpected(again.error());
            if (again->done)
                return std::pair{*first->done, *again->done};
            // The first request ended between its legs: a stop leg never leaves on its own.
            auto alone = refuse(again->ready, "Its OCO was sent without it; place the OCO again.");
            if (!alone)
                return std::unexpected(alone.error());
            return std::pair{*first->done, *alone};
        }
        const std::string limitId = first->ready;
        const auto refuseLimitLeg = [&](const std::string &why) {
            return refuse(limitId, "Its OCO's stop leg was not placed: " + why);
        };
        auto second = prepareLocked(account, std::move(stop), group, false, now);
        if (!second) {
            (void)refuseLimitLeg(second.error().message);
            return std::unexpected(second.error());
        }
        if (second->done) {
            auto limitLeg = refuseLimitLeg(second->done->reason);
            if (!limitLeg)
                return std::unexpected(limitLeg.error());
            return std::pair{*limitLeg, *second->done};
        }
        const std::string stopId = second->ready;
        const auto after = submitLiveOcoLocked(account, limitId, stopId, group, now);
        auto limitLeg = placedState(limitId, after);
        auto stopLeg = placedState(stopId, after);
        if (!limitLeg || !stopLeg)
            return std::unexpected(!limitLeg ? limitLeg.error() : stopLeg.error());
        server::logger("oms")->info("msg=\"OCO placed\" user={} group={} symbol={} venue={}", server::quoted(actor),
                                    group, request.symbol, request.venue);
        return std::pair{*limitLeg, *stopLeg};
    }
    auto first = placeLocked(account, std::move(limit), group, false, now);
    if (!first)
        return std::unexpected(first.error());
    if (trading::isTerminal(first->state) && first->state != OrderState::Filled)
        return std::pair{*first, *first}; // the limit leg failed: no stop leg
    auto second = placeLocked(account, std::move(stop), group, false, now);
    if (!second)
        return std::unexpected(second.error());
    // If the limit leg filled at once, the stop leg is cancelled (the OCO rule).
    if (first->filledQuantity > Quantity() && !trading::isTerminal(second->state)) {
        if (auto cancelled = cancelLocked(account, second->request.clientOrderId, now); cancelled)
            second = *cancelled;
    }
    auto refreshed = m_open.find(first->request.clientOrderId);
    server::logger("oms")->info("msg=\"OCO placed\" user={} group={} symbol={}", server::quoted(actor),
                                group, request.symbol);
    return std::pair{refreshed != m_open.end() ? refreshed->second : *first, *second};
}

Result<Order> OrderManager::cancel(std::uint64_t account, const std::string &clientOrderId)
{
    std::lock_guard lock(m_mutex);
    return cancelLocked(account, clientOrderId, m_clock.now());
}

Result<Order> OrderManager::cancelLocked(std::uint64_t account, const std::string &clientOrderId,
                                         TimePoint now)
{
    auto live = m_open.find(clientOrderId);
    if (live == m_open.end() || live->second.account != account) {
        auto stored = m_journal.get(account, clientOrderId);
        if (!stored)
            return std::unexpected(stored.error());
        if (!*stored)
            return makeError(ErrorCode::NotFound, "There is no order " + clientOrderId + ".");
        return makeError(ErrorCode::FailedPrecondition,
                         "Order " + clientOrderId + " is already " +
                             std::string(trading::stateName((*stored)->state)) + ".");
    }
    if (live->second.venue != kPaper && !m_live.contains(account))
        return makeError(ErrorCode::FailedPrecondition,
                         "Your " + live->second.venue + " key cannot be used on this node, so the order cannot be "
                         "cancelled from here: cancel it on the exchange.");
    std::map<std::string, Order> after;
    if (live->second.venue == kPaper)
        after = processVenueEvents(account, m_paper.cancel(account, clientOrderId, now));
    else
        after = cancelLiveLocked(account, clientOrderId, now);
    if (auto still = m_open.find(clientOrderId); still != m_open.end())
        return still->second;
    if (auto ended = after.find(clientOrderId); ended != after.end())
        return ended->second;
    return makeError(ErrorCode::Internal, "order " + clientOrderId + " left the order book without an event");
}

Result<int> OrderManager::cancelAll(std::uint64_t account, const std::string &venue,
                                    const std::string &symbol)
{
    std::lock_guard lock(m_mutex);
    const TimePoint now = m_clock.now();
    std::vector<std::string> ids;
    for (const auto &[id, order] : m_open) {
        if (order.account == account && (venue.empty() || order.venue == venue) &&
            (symbol.empty() || order.request.symbol == symbol))
            ids.push_back(id);
    }
    int sent = 0;
    for (const auto &id : ids) {
        if (m_open.contains(id) && cancelLocked(account, id, now))
            ++sent;
    }
    return sent;
}

std::map<std::string, Order> OrderManager::processVenueEvents(std::uint64_t account,
                                                              const std::vector<VenueEvent> &events)
{
    std::vector<std::pair<std::uint64_t, VenueEvent>> batch;
    batch.reserve(events.size());
    for (const auto &event : events)
        batch.emplace_back(account, event);
    return processVenueBatch(batch);
}

std::map<std::string, Order> OrderManager::processVenueEvent(std::uint64_t account, const VenueEvent &event)
{
    return processVenueBatch({{account, event}});
}

// One venue call's events (a submit, a cancel, a live trade) are journaled in one transaction
// together with the balances they leave: the paper venue has applied all of them in memory, so
// the journal must never hold some of them with balances that include the others — a crash in
// between would restore balances that do not match the fills.
std::map<std::string, Order>
OrderManager::processVenueBatch(const std::vector<std::pair<std::uint64_t, VenueEvent>> &batch)
{
    auto log = server::logger("oms");
    struct Step {
        std::uint64_t account = 0;
        VenueEvent event;
        bool wasWorking = false;
        Order after;
        std::optional<FillRecord> fill;
    };
    std::vector<Step> steps;
    std::map<std::string, Order> current; // orders as the batch leaves them, step by step
    for (const auto &[account, event] : dropRepeatsLocked(batch)) {
        auto known = current.find(event.clientOrderId);
        if (known == current.end()) {
            auto live = m_open.find(event.clientOrderId);
            if (live == m_open.end()) {
                log->warn("msg=\"venue event for an order that is not open\" client_order_id={} kind={}",
                          event.clientOrderId, trading::kindName(event.kind));
                continue;
            }
            known = current.emplace(event.clientOrderId, live->second).first;
        }
        Step step;
        step.account = account;
        step.event = event;
        step.wasWorking = known->second.state == OrderState::Accepted ||
                          known->second.state == OrderState::PartiallyFilled;
        Order next = known->second;
        // The paper venue never repeats a trade; a live venue's repeats (a REST answer and the
        // stream reporting the same fill) were dropped above: the state machine would count them
        // twice.
        if (auto applied = trading::apply(next, event); !applied) {
            log->error("msg=\"venue event refused by the order state machine\" error={}",
                       server::quoted(applied.error().message));
            continue;
        }
        if (event.kind == VenueEvent::Kind::Fill && next.venue != kPaper)
            m_seenTrades[event.clientOrderId].insert(event.tradeId); // a repeat is dropped from now on
        if (event.kind == VenueEvent::Kind::Accepted && next.request.type == trading::OrderType::TrailingStop)
            next.trailingReference = paperTrailingReference(account, next.request.clientOrderId);
        if (event.kind == VenueEvent::Kind::Fill) {
            const auto instrument = m_instruments.find(next.request.symbol);
            FillRecord fill;
            fill.clientOrderId = next.request.clientOrderId;
            fill.tradeId = event.tradeId;
            fill.account = account;
            fill.bot = next.bot;
            fill.venue = next.venue;
            fill.symbol = next.request.symbol;
            fill.side = next.request.side;
            fill.price = event.price;
            fill.quantity = event.quantity;
            fill.fee = event.fee;
            fill.feeAsset = event.feeAsset;
            if (instrument != m_instruments.end() && event.feeAsset == instrument->second.quote)
                fill.feeQuote = event.fee;
            else if (instrument != m_instruments.end() && event.feeAsset == instrument->second.base)
                fill.feeQuote = notional(event.price, Quantity::fromRaw(event.fee.raw()));
            else if (!event.feeAsset.empty() && event.fee > Money()) // BNB on Binance: at its last price
                fill.feeQuote = valueOf(event.feeAsset, event.fee).value_or(Money());
            fill.maker = event.maker;
            fill.time = event.time;
            next.fees += fill.feeQuote; // a fee in the base asset counts at its fill price
            step.fill = fill;
        }
        known->second = next;
        step.after = std::move(next);
        steps.push_back(std::move(step));
    }
    if (steps.empty())
        return current;

    std::vector<JournalEntry> entries;
    entries.reserve(steps.size());
    std::map<std::uint64_t, std::map<std::string, trading::AssetBalance>> balances;
    for (const Step &step : steps) {
        JournalEntry entry;
        entry.order = &step.after;
        entry.kind = std::string(trading::kindName(step.event.kind));
        entry.detail = step.event.kind == VenueEvent::Kind::Fill ? fillDetail(step.event) : step.event.reason;
        entry.fill = step.fill;
        entries.push_back(std::move(entry));
        if (step.after.venue == kPaper && !balances.contains(step.account)) {
            if (auto held = m_paper.balances(step.account))
                balances.emplace(step.account, *held);
        }
    }
    if (auto recorded = m_journal.recordBatch(entries, balances); !recorded) {
        // The paper venue's state already moved; the journal is what a restart rebuilds from,
        // so these events would be undone by a restart. Loud, because it must be rare.
        log->error("msg=\"order events not journaled\" events={} error={}", entries.size(),
                   server::quoted(recorded.error().message));
    }

    std::set<std::pair<std::uint64_t, std::string>> filledAccounts;
    std::vector<std::pair<std::uint64_t, Order>> ocoFilled;
    for (const Step &step : steps) {
        const Order &next = step.after;
        const std::uint64_t account = step.account;
        const TimePoint now = step.event.time;
        const bool working = next.state == OrderState::Accepted || next.state == OrderState::PartiallyFilled;
        if (!step.wasWorking && working)
            (void)m_risk.onOrderOpened(account, ledgerOf(next.bot), now);
        if (step.wasWorking && !working)
            (void)m_risk.onOrderClosed(account, ledgerOf(next.bot), now);
        if (trading::isTerminal(next.state))
            m_open.erase(next.request.clientOrderId);
        else
            m_open[next.request.clientOrderId] = next;
        notify(account, next);
        if (next.bot != 0 && m_botListener)
            m_botListener(BotOrderUpdate{next, step.fill});
        if (step.fill) {
            trading::PositionBook &positions = m_accounts[account].positions[next.venue];
            positions.applyFill(step.fill->symbol, step.fill->side, step.fill->price, step.fill->quantity,
                                step.fill->feeQuote);
            positions.mark(step.fill->symbol, lastPrice(step.fill->symbol));
            notify(account, *step.fill);
            auto riskEvents = m_risk.onFill(account, ledgerOf(next.bot), step.fill->symbol, step.fill->side,
                                            step.fill->price, step.fill->quantity, step.fill->feeQuote, now);
            if (riskEvents)
                recordRiskEvents(*riskEvents);
            filledAccounts.insert({account, next.venue});
            if (!next.ocoGroup.empty() && next.venue == kPaper) // Binance expires the other leg itself
                ocoFilled.emplace_back(account, next);
        } else if (trading::isTerminal(next.state) || step.event.kind == VenueEvent::Kind::Accepted) {
            m_accounts[account].dirty.insert(next.venue); // locked balances changed
        }
    }
    // One-cancels-the-other: any fill of one leg cancels the others (each cancel is a batch of
    // its own, journaled after this one).
    for (const auto &[account, filled] : ocoFilled) {
        std::vector<std::string> siblings;
        for (const auto &[id, other] : m_open) {
            if (other.ocoGroup == filled.ocoGroup && id != filled.request.clientOrderId)
                siblings.push_back(id);
        }
        for (const auto &id : siblings)
            (void)cancelLocked(account, id, m_clock.now());
    }
    for (const auto &[account, venue] : filledAccounts) {
        notify(account, portfolioLocked(account, venue));
        m_accounts[account].dirty.erase(venue);
    }
    return current;
}

void OrderManager::recordRiskEvents(const std::vector<risk::RiskEvent> &events)
{
    for (const auto &event : events) {
        OrderJournal::RiskRow row;
        row.account = event.account;
        row.bot = event.bot.value_or(0);
        row.time = event.time;
        row.subject = subjectName(event.subject);
        row.from = std::string(event.from);
        row.to = std::string(event.to);
        row.cause = std::string(risk::describe(event.cause));
        row.actor = event.actor;
        row.message = event.message;
        if (auto recorded = m_journal.recordRisk(row); !recorded)
            server::logger("oms")->error("msg=\"risk event not journaled\" error={}",
                                         server::quoted(recorded.error().message));
        server::logger("risk")->warn("msg=\"risk state changed\" account={} subject={} from={} to={} "
                                     "detail={}",
                                     row.account, row.subject, row.from, row.to, server::quoted(row.message));
        if (event.subject == risk::RiskSubject::Account)
            notify(event.account, RiskNotice{event.time, row.from, row.to, row.message});
    }
}

// ---- kill switch --------------------------------------------------------------------------

Result<OrderManager::KillResult> OrderManager::killSwitch(std::uint64_t account, const std::string &actor,
                                                          bool flatten, bool halt,
                                                          const std::string &reason)
{
    if (reason.empty())
        return std::unexpected(invalid("reason: say why the kill switch is used (it is journaled)."));
    std::lock_guard lock(m_mutex);
    if (!m_started)
        return makeError(ErrorCode::Unavailable, "Trading is starting; try again in a moment.");
    const TimePoint now = m_clock.now();
    if (auto ensured = ensureAccount(account, now); !ensured)
        return std::unexpected(ensured.error());
    auto actions = m_risk.killSwitch(account, risk::KillMode{true, flatten, halt}, now, actor, reason);
    if (!actions)
        return std::unexpected(actions.error());
    recordRiskEvents(actions->events);
    KillResult result;
    if (actions->cancelAllOrders) {
        std::vector<std::string> ids;
        for (const auto &[id, order] : m_open) {
            if (order.account == account)
                ids.push_back(id);
        }
        for (const auto &id : ids) {
            if (!m_open.contains(id))
                continue;
            // Counted when the venue confirmed it (a live cancel may wait for reconciliation).
            if (auto cancelled = cancelLocked(account, id, now); cancelled && trading::isTerminal(cancelled->state))
                ++result.ordersCancelled;
        }
    }
    for (const auto &close : actions->closeOrders) {
        // The risk ledger spans the account's venues: each live venue closes what it holds of
        // the position, the paper venue the rest.
        Quantity left = close.quantity;
        for (const std::string &venue : {std::string("binance")}) {
            if (!m_live.contains(account))
                continue;
            const auto &book = m_accounts[account].positions[venue].positions();
            const auto held = book.find(close.symbol);
            const Quantity signedHeld = held == book.end() ? Quantity() : held->second.quantity;
            const Quantity closable = close.side == trading::Side::Sell ? signedHeld : -signedHeld;
            const Quantity share = std::min(left, std::max(closable, Quantity())); // this venue's part
            Quantity quantity = share;
            // What can be sold is what the exchange holds (fees in the base asset made it less
            // than the fills), in whole lots.
            const auto instrument = m_instruments.find(close.symbol);
            const auto live = m_live.find(account);
            if (close.side == trading::Side::Sell && instrument != m_instruments.end() && live != m_live.end()) {
                const auto base = live->second.balances.find(instrument->second.base);
                const Quantity free = base == live->second.balances.end() ? Quantity()
                                                                          : Quantity::fromRaw(base->second.free.raw());
                quantity = std::min(quantity, free);
            }
            if (instrument != m_instruments.end() && instrument->second.lotSize > Quantity())
                quantity = Quantity::fromRaw(quantity.raw() / instrument->second.lotSize.raw() *
                                             instrument->second.lotSize.raw());
            if (quantity > Quantity() && placeCloseLocked(account, venue, close, quantity, now))
                ++result.positionsClosed;
            left -= share; // a fee-sized remainder stays on the exchange, never moves to paper
        }
        if (left > Quantity() && placeCloseLocked(account, std::string(kPaper), close, left, now))
            ++result.positionsClosed;
    }
    result.accountState = std::string(risk::stateName(*m_risk.accountState(account)));
    server::logger("risk")->warn("msg=\"kill switch\" account={} actor={} flatten={} halt={} "
                                 "cancelled={} closed={} reason={}",
                                 account, server::quoted(actor), flatten, halt, result.ordersCancelled,
                                 result.positionsClosed, server::quoted(reason));
    for (const std::string &venue : venuesLocked(account))
        notify(account, portfolioLocked(account, venue));
    return result;
}

bool OrderManager::placeCloseLocked(std::uint64_t account, const std::string &venue,
                                    const risk::CloseOrder &close, Quantity quantity, TimePoint now)
{
    PlaceRequest request;
    request.venue = venue;
    request.order.symbol = close.symbol;
    request.order.side = close.side;
    request.order.type = trading::OrderType::Market;
    request.order.quantity = quantity;
    request.reduceOnly = true;
    request.bot = close.bot.value_or(0);
    // Close orders bypass the check: a HALTED account refuses everything else.
    auto placed = placeLocked(account, std::move(request), {}, true, now);
    return placed && placed->filledQuantity > Quantity();
}

Result<std::string> OrderManager::resetRisk(std::uint64_t account, const std::string &actor,
                                            const std::string &reason)
{
    if (reason.empty())
        return std::unexpected(invalid("reason: say why trading may resume (it is journaled)."));
    std::lock_guard lock(m_mutex);
    if (!m_started)
        return makeError(ErrorCode::Unavailable, "Trading is starting; try again in a moment.");
    const TimePoint now = m_clock.now();
    if (auto ensured = ensureAccount(account, now); !ensured)
        return std::unexpected(ensured.error());
    auto events = m_risk.resetAccount(account, now, actor, reason);
    if (!events)
        return std::unexpected(events.error());
    recordRiskEvents(*events);
    for (const std::string &venue : venuesLocked(account))
        notify(account, portfolioLocked(account, venue)); // its account state changed
    return std::string(risk::stateName(*m_risk.accountState(account)));
}

// ---- queries ------------------------------------------------------------------------------

Result<std::vector<Order>> OrderManager::orders(std::uint64_t account, const OrderFilter &filter)
{
    return m_journal.list(account, filter);
}

Result<std::vector<FillRecord>> OrderManager::fills(std::uint64_t account, const OrderFilter &filter)
{
    return m_journal.fills(account, filter);
}

Result<std::vector<EquityPoint>> OrderManager::equityHistory(std::uint64_t account,
                                                             const std::string &venue, TimePoint from,
                                                             TimePoint to)
{
    return m_journal.equityHistory(account, venue.empty() ? std::string(kPaper) : venue, from, to);
}

Result<PortfolioView> OrderManager::portfolio(std::uint64_t account, const std::string &venue)
{
    const std::string name = venue.empty() ? std::string(kPaper) : venue;
    std::lock_guard lock(m_mutex);
    if (!m_started)
        return makeError(ErrorCode::Unavailable, "Trading is starting; try again in a moment.");
    if (auto known = checkVenue(account, name); !known)
        return std::unexpected(known.error());
    if (auto ensured = ensureAccount(account, m_clock.now()); !ensured)
        return std::unexpected(ensured.error());
    return portfolioLocked(account, name);
}

Price OrderManager::lastPrice(const std::string &symbol) const
{
    // Called with m_mutex held (the order path) or from the market threads, which also hold it.
    auto found = m_lastPrices.find(symbol);
    return found == m_lastPrices.end() ? Price() : found->second;
}

std::optional<Money> OrderManager::valueOf(const std::string &asset, Money amount) const
{
    if (asset == m_settings.currency)
        return amount;
    const Price price = lastPrice(asset + m_settings.currency);
    if (price <= Price())
        return std::nullopt;
    return notional(price, Quantity::fromRaw(amount.raw()));
}

PortfolioView OrderManager::portfolioLocked(std::uint64_t account, const std::string &venue) const
{
    PortfolioView view;
    view.venue = venue;
    view.currency = m_settings.currency;
    view.time = m_clock.now();
    std::optional<std::map<std::string, trading::AssetBalance>> balances;
    if (venue == kPaper)
        balances = m_paper.balances(account);
    else if (auto live = m_live.find(account); live != m_live.end())
        balances = live->second.balances;
    if (balances) {
        for (const auto &[asset, balance] : *balances) {
            if (balance.free == Money() && balance.locked == Money())
                continue;
            PortfolioView::BalanceLine line{asset, balance.free, balance.locked,
                                            valueOf(asset, balance.free + balance.locked)};
            if (line.value)
                view.equity += *line.value;
            view.balances.push_back(std::move(line));
        }
    }
    if (auto book = m_accounts.find(account); book != m_accounts.end()) {
        if (auto positions = book->second.positions.find(venue); positions != book->second.positions.end()) {
            for (const auto &[symbol, position] : positions->second.positions())
                view.positions.emplace_back(symbol, position);
            view.realizedPnl = positions->second.realizedPnl();
            view.unrealizedPnl = positions->second.unrealizedPnl();
            view.fees = positions->second.fees();
        }
    }
    if (auto state = m_risk.accountState(account))
        view.accountState = std::string(risk::stateName(*state));
    return view;
}

// ---- market data --------------------------------------------------------------------------

void OrderManager::followMarket(MarketFeed::Kind kind)
{
    std::shared_ptr<MarketFeed::Subscription> subscription;
    int generation = -1;
    while (!m_stopping) {
        if (generation != m_symbolsGeneration.load()) {
            // New instruments: follow them too (a fresh subscription over the whole list).
            std::vector<std::string> symbols;
            {
                std::lock_guard lock(m_mutex);
                generation = m_symbolsGeneration.load();
                for (const auto &[symbol, instrument] : m_instruments)
                    symbols.push_back(symbol);
            }
            if (subscription)
                m_feed.unsubscribe(subscription);
            subscription = m_feed.subscribe(kind, m_settings.paperExchange, symbols);
        }
        for (const FeedEvent &event : subscription->wait(std::chrono::milliseconds(200))) {
            if (const auto *trade = std::get_if<model::Trade>(&event.event))
                onTrade(event.symbol, *trade);
            else if (const auto *book = std::get_if<BookTop>(&event.event))
                onBook(event.symbol, *book);
        }
        if (kind == MarketFeed::Kind::Trade) {
            std::lock_guard lock(m_mutex);
            const TimePoint now = m_clock.now();
            pushDirtyPortfolios(now);
            saveTrailingReferences(now);
            sampleEquity(now);
        }
    }
    if (subscription)
        m_feed.unsubscribe(subscription);
}

void OrderManager::onTrade(const std::string &symbol, const model::Trade &trade)
{
    std::lock_guard lock(m_mutex);
    const TimePoint now = m_clock.now();
    m_lastPrices[symbol] = trade.price;
    recordRiskEvents(m_risk.onMark(symbol, trade.price, now));
    for (auto &[account, book] : m_accounts) {
        for (auto &[venue, positions] : book.positions) {
            if (positions.positions().contains(symbol)) {
                positions.mark(symbol, trade.price);
                book.dirty.insert(venue);
            }
        }
    }
    processVenueBatch(m_paper.onTrade(symbol, trade, now));
}

void OrderManager::onBook(const std::string &symbol, const BookTop &book)
{
    std::lock_guard lock(m_mutex);
    m_paper.onBook(symbol, book.bids, book.asks);
}

void OrderManager::pushDirtyPortfolios(TimePoint now)
{
    if (now - m_lastPortfolioPush < kPortfolioPushInterval)
        return;
    m_lastPortfolioPush = now;
    for (auto &[account, book] : m_accounts) {
        for (const std::string &venue : book.dirty)
            notify(account, portfolioLocked(account, venue));
        book.dirty.clear();
    }
}

Price OrderManager::paperTrailingReference(std::uint64_t account, const std::string &clientOrderId) const
{
    for (const auto &paper : m_paper.openOrders(account)) {
        if (paper.request.clientOrderId == clientOrderId)
            return paper.trailingReference;
    }
    return Price();
}

void OrderManager::saveTrailingReferences(TimePoint now)
{
    if (now - m_lastTrailingSave < std::chrono::seconds(5))
        return;
    m_lastTrailingSave = now;
    std::set<std::uint64_t> accounts;
    for (auto &[id, order] : m_open) {
        if (order.request.type != trading::OrderType::TrailingStop || order.triggered)
            continue;
        const Price reference = paperTrailingReference(order.account, id);
        if (reference <= Price() || reference == order.trailingReference)
            continue;
        if (auto saved = m_journal.saveTrailingReference(id, reference); !saved) {
            server::logger("oms")->warn("msg=\"trailing reference not saved\" client_order_id={} error={}", id,
                                        server::quoted(saved.error().message));
            continue;
        }
        order.trailingReference = reference;
        accounts.insert(order.account);
    }
    // A trailing buy's reserve follows its reference: store the balances that moved with it.
    for (std::uint64_t account : accounts) {
        if (auto balances = m_paper.balances(account))
            (void)m_journal.savePaperBalances(account, *balances);
    }
}

void OrderManager::sampleEquity(TimePoint now)
{
    const auto interval = std::chrono::seconds(m_settings.equitySampleSeconds);
    if (now - m_lastEquitySample < interval)
        return;
    m_lastEquitySample = now;
    for (const auto &[account, book] : m_accounts) {
        for (const std::string &venue : venuesLocked(account)) {
            const PortfolioView view = portfolioLocked(account, venue);
            if (auto sampled = m_journal.sampleEquity(account, venue, now, view.equity); !sampled)
                server::logger("oms")->warn("msg=\"equity sample not stored\" account={} venue={} error={}",
                                            account, venue, server::quoted(sampled.error().message));
        }
    }
}

} // namespace bcf::core
