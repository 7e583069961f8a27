// The live venue of the OMS: Binance spot through BinanceClient (docs/live-venue.md). Orders go
// out on the order path (signed REST, FULL answers); the user data stream and reconciliation
// bring the rest. Every event goes through processVenueBatch, which drops the repeats a live
// venue produces (the REST answer and the stream report the same fills).
#include "oms/order_manager.h"

#include "common/logging.h"

#include <algorithm>

namespace bcf::core {

namespace binance = connectors::binance;
using trading::Order;
using trading::OrderState;
using trading::VenueEvent;

namespace {

constexpr std::string_view kBinance = "binance";
constexpr std::string_view kPaper = "paper";

TimePoint fromMs(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

std::string sideName(trading::Side side) { return side == trading::Side::Buy ? "BUY" : "SELL"; }

// The POST /api/v3/order parameters of an order (newOrderRespType FULL: the answer holds the
// fills). Binance's STOP_LOSS triggers a sell at or below, a buy at or above its stop price: the
// OMS's stop orders; a trailing stop is a STOP_LOSS with trailingDelta and no stop price.
binance::Params orderParams(const trading::OrderRequest &request)
{
    binance::Params params{{"symbol", request.symbol}, {"side", sideName(request.side)}};
    auto add = [&params](std::string name, std::string value) { params.emplace_back(std::move(name), std::move(value)); };
    switch (request.type) {
    case trading::OrderType::Market:
        add("type", "MARKET");
        break;
    case trading::OrderType::Limit:
        if (request.postOnly) {
            add("type", "LIMIT_MAKER");
        } else {
            add("type", "LIMIT");
            add("timeInForce", std::string(trading::timeInForceName(request.timeInForce)));
        }
        add("price", request.price.toString());
        break;
    case trading::OrderType::StopMarket:
        add("type", "STOP_LOSS");
        add("stopPrice", request.stopPrice.toString());
        break;
    case trading::OrderType::StopLimit:
        add("type", "STOP_LOSS_LIMIT");
        add("timeInForce", "GTC");
        add("price", request.price.toString());
        add("stopPrice", request.stopPrice.toString());
        break;
    case trading::OrderType::TrailingStop:
        add("type", "STOP_LOSS");
        add("trailingDelta", std::to_string(request.trailingBasisPoints));
        break;
    }
    add("quantity", request.quantity.toString());
    add("newClientOrderId", request.clientOrderId);
    add("newOrderRespType", "FULL");
    return params;
}

VenueEvent eventFor(const std::string &clientOrderId, VenueEvent::Kind kind, TimePoint time)
{
    VenueEvent event;
    event.kind = kind;
    event.clientOrderId = clientOrderId;
    event.time = time;
    return event;
}

// The end an order status names (CANCELED, EXPIRED, REJECTED …); nullopt for a working or
// filled order (fills end those).
std::optional<VenueEvent::Kind> endOf(const std::string &status)
{
    if (status == "CANCELED" || status == "PENDING_CANCEL")
        return VenueEvent::Kind::Cancelled;
    if (status == "EXPIRED" || status == "EXPIRED_IN_MATCH")
        return VenueEvent::Kind::Expired;
    if (status == "REJECTED")
        return VenueEvent::Kind::Rejected;
    return std::nullopt;
}

std::string endReason(VenueEvent::Kind kind)
{
    switch (kind) {
    case VenueEvent::Kind::Cancelled: return "Cancelled on Binance.";
    case VenueEvent::Kind::Expired: return "Expired on Binance (nothing left to match the rest).";
    case VenueEvent::Kind::Rejected: return "Rejected by Binance.";
    default: return {};
    }
}

// The events of a newOrder answer: Accepted, the fills, then how the rest ended.
std::vector<VenueEvent> eventsOfAnswer(const binance::OrderStatus &answer, const std::string &clientOrderId,
                                       TimePoint now)
{
    const TimePoint time = answer.updateTimeMs > 0 ? fromMs(answer.updateTimeMs) : now;
    std::vector<VenueEvent> events;
    const auto end = endOf(answer.status);
    if (end == VenueEvent::Kind::Rejected) {
        VenueEvent rejected = eventFor(clientOrderId, VenueEvent::Kind::Rejected, time);
        rejected.reason = endReason(*end);
        return {rejected};
    }
    VenueEvent accepted = eventFor(clientOrderId, VenueEvent::Kind::Accepted, time);
    accepted.venueOrderId = std::to_string(answer.orderId);
    events.push_back(accepted);
    for (const auto &fill : answer.fills) {
        VenueEvent event = eventFor(clientOrderId, VenueEvent::Kind::Fill, time);
        event.venueOrderId = accepted.venueOrderId;
        event.price = fill.price;
        event.quantity = fill.quantity;
        event.fee = fill.commission;
        event.feeAsset = fill.commissionAsset;
        event.tradeId = std::to_string(fill.tradeId);
        event.maker = false; // a FULL answer's fills are the order taking liquidity
        events.push_back(event);
    }
    if (end) {
        VenueEvent ended = eventFor(clientOrderId, *end, time);
        ended.reason = endReason(*end);
        events.push_back(ended);
    }
    return events;
}

// The event of a user data stream execution report (nullopt for REPLACED and unknown types).
std::optional<VenueEvent> eventOfReport(const binance::ExecutionReport &report)
{
    const TimePoint time = fromMs(report.transactionTimeMs);
    const std::string &id = report.orderClientId();
    VenueEvent event;
    if (report.executionType == "NEW") {
        event = eventFor(id, VenueEvent::Kind::Accepted, time);
    } else if (report.executionType == "TRADE") {
        event = eventFor(id, VenueEvent::Kind::Fill, time);
        event.price = report.lastPrice;
        event.quantity = report.lastQuantity;
        event.fee = report.commission;
        event.feeAsset = report.commissionAsset;
        event.tradeId = std::to_string(report.tradeId);
        event.maker = report.maker;
    } else if (report.executionType == "CANCELED") {
        event = eventFor(id, VenueEvent::Kind::Cancelled, time);
        event.reason = report.orderListId >= 0 ? "Cancelled on Binance with its OCO."
                                               : endReason(VenueEvent::Kind::Cancelled);
    } else if (report.executionType == "EXPIRED" || report.executionType == "TRADE_PREVENTION") {
        event = eventFor(id, VenueEvent::Kind::Expired, time);
        event.reason = report.orderListId >= 0 && report.executionType == "EXPIRED"
                           ? "Expired on Binance: the other order of its OCO executed."
                           : endReason(VenueEvent::Kind::Expired);
    } else if (report.executionType == "REJECTED") {
        event = eventFor(id, VenueEvent::Kind::Rejected, time);
        event.reason = "Rejected by Binance: " + report.rejectReason;
    } else {
        return std::nullopt;
    }
    event.venueOrderId = std::to_string(report.orderId);
    return event;
}

// Whether an error answer means the request was refused (nothing happened) rather than that its
// outcome is unknown (HTTP 5xx, -1007 "Timeout waiting for response from backend server").
bool definitelyRefused(const RestReply &reply, const std::optional<binance::ApiError> &error)
{
    if (reply.httpStatus >= 500)
        return false;
    return !error || error->code != -1007;
}

std::string describe(const RestReply &reply, const std::optional<binance::ApiError> &error)
{
    if (error)
        return error->message + " (Binance code " + std::to_string(error->code) + ")";
    return "HTTP " + std::to_string(reply.httpStatus);
}

} // namespace

void OrderManager::enableLiveVenue(ExchangeKeyStore &keys, BinanceEndpoints endpoints)
{
    m_keys = &keys;
    auto queue = [this](LiveMessage message) {
        {
            std::lock_guard lock(m_inboxMutex);
            m_inbox.push_back(std::move(message));
        }
        m_inboxReady.notify_one();
    };
    m_binance = std::make_unique<BinanceClient>(
        std::move(endpoints),
        [queue](std::uint64_t account, std::string json) { queue(LiveMessage{account, std::move(json), false, {}}); },
        [queue](std::uint64_t account, bool connected, const std::string &reason) {
            queue(LiveMessage{account, {}, connected, reason});
        });
}

Status OrderManager::startLiveLocked()
{
    std::vector<ExchangeKeyInfo> unreadable;
    auto keys = m_keys->all(std::string(kBinance), &unreadable);
    if (!keys)
        return std::unexpected(keys.error());
    auto log = server::logger("oms");
    for (const auto &info : unreadable) {
        log->error("msg=\"exchange key cannot be unsealed (trading.exchange_key_file changed?)\" key_id={} user={}",
                   info.id, info.owner);
        notify(info.owner, ReconciliationNotice{m_clock.now(), std::string(kBinance),
                                                "Your Binance key cannot be unsealed on this node; delete it and "
                                                "add it again."});
    }
    for (auto &key : *keys) {
        LiveAccount &account = m_live[key.info.owner];
        account.credentials = std::move(key.credentials);
        m_binance->openUserStream(key.info.owner, account.credentials);
    }
    {
        std::lock_guard lock(m_inboxMutex);
        for (const auto &[account, live] : m_live)
            m_reconcileWanted.insert(account);
    }
    log->info("msg=\"live venue started\" exchange=binance accounts={}", m_live.size());
    return {};
}

void OrderManager::notifyReconciliation(std::uint64_t account, const std::string &message)
{
    server::logger("oms")->warn("msg=\"reconciliation\" venue=binance account={} detail={}", account,
                                server::quoted(message));
    notify(account, ReconciliationNotice{m_clock.now(), std::string(kBinance), message});
}

// ---- the order path ----------------------------------------------------------------------

std::map<std::string, Order> OrderManager::submitLiveLocked(std::uint64_t account, const std::string &clientOrderId,
                                                            TimePoint now)
{
    const Order &order = m_open.at(clientOrderId);
    const ExchangeCredentials credentials = m_live.at(account).credentials;
    auto reply = m_binance->send(credentials, "POST", "/api/v3/order", orderParams(order.request));
    std::optional<binance::ApiError> error;
    if (reply && reply->httpStatus != 200)
        error = binance::parseApiError(reply->body);
    if (!reply || (reply->httpStatus != 200 && !definitelyRefused(*reply, error))) {
        // Sent, but whether Binance took it is unknown: it stays SUBMITTED until reconciliation
        // asks Binance about it (a request older than recvWindow can no longer be executed).
        const std::string why = reply ? describe(*reply, error) : reply.error().message;
        server::logger("oms")->warn("msg=\"live order outcome unknown\" client_order_id={} error={}", clientOrderId,
                                    server::quoted(why));
        std::lock_guard lock(m_inboxMutex);
        m_reconcileWanted.insert(account);
        return {};
    }
    if (reply->httpStatus != 200) {
        VenueEvent rejected = eventFor(clientOrderId, VenueEvent::Kind::Rejected, now);
        rejected.reason = "Binance: " + describe(*reply, error);
        return processVenueEvent(account, rejected);
    }
    auto answer = binance::parseOrder(reply->body);
    if (!answer) {
        server::logger("oms")->error("msg=\"undecodable order answer\" client_order_id={} error={}", clientOrderId,
                                     server::quoted(answer.error().message));
        std::lock_guard lock(m_inboxMutex);
        m_reconcileWanted.insert(account);
        return {};
    }
    return processVenueEvents(account, eventsOfAnswer(*answer, clientOrderId, now));
}

// Binance's OCO: one order list, the LIMIT_MAKER leg above the market for a sell (below for a
// buy) and the STOP_LOSS / STOP_LOSS_LIMIT leg on the other side, each with its minted client
// order id; the list's id is the OCO group. Binance locks the holding once and expires the other
// leg when one executes.
std::map<std::string, Order> OrderManager::submitLiveOcoLocked(std::uint64_t account, const std::string &limitId,
                                                               const std::string &stopId, const std::string &listId,
                                                               TimePoint now)
{
    const trading::OrderRequest &limit = m_open.at(limitId).request;
    const trading::OrderRequest &stop = m_open.at(stopId).request;
    const bool sell = limit.side == trading::Side::Sell;
    const std::string limitSide = sell ? "above" : "below";
    const std::string stopSide = sell ? "below" : "above";
    binance::Params params{{"symbol", limit.symbol},
                           {"side", sideName(limit.side)},
                           {"quantity", limit.quantity.toString()},
                           {"listClientOrderId", listId},
                           {limitSide + "Type", "LIMIT_MAKER"},
                           {limitSide + "ClientOrderId", limitId},
                           {limitSide + "Price", limit.price.toString()},
                           {stopSide + "ClientOrderId", stopId},
                           {stopSide + "StopPrice", stop.stopPrice.toString()}};
    if (stop.type == trading::OrderType::StopLimit) {
        params.emplace_back(stopSide + "Type", "STOP_LOSS_LIMIT");
        params.emplace_back(stopSide + "Price", stop.price.toString());
        params.emplace_back(stopSide + "TimeInForce", "GTC");
    } else {
        params.emplace_back(stopSide + "Type", "STOP_LOSS");
    }
    params.emplace_back("newOrderRespType", "FULL");
    auto reply = m_binance->send(m_live.at(account).credentials, "POST", "/api/v3/orderList/oco", std::move(params));
    std::optional<binance::ApiError> error;
    if (reply && reply->httpStatus != 200)
        error = binance::parseApiError(reply->body);
    if (!reply || (reply->httpStatus != 200 && !definitelyRefused(*reply, error))) {
        const std::string why = reply ? describe(*reply, error) : reply.error().message;
        server::logger("oms")->warn("msg=\"live OCO outcome unknown\" list_client_order_id={} error={}", listId,
                                    server::quoted(why));
        std::lock_guard lock(m_inboxMutex);
        m_reconcileWanted.insert(account);
        return {};
    }
    if (reply->httpStatus != 200) {
        std::vector<VenueEvent> rejected;
        for (const std::string &id : {limitId, stopId}) {
            rejected.push_back(eventFor(id, VenueEvent::Kind::Rejected, now));
            rejected.back().reason = "Binance: " + describe(*reply, error);
        }
        return processVenueEvents(account, rejected);
    }
    auto answer = binance::parseOrderList(reply->body);
    if (!answer) {
        server::logger("oms")->error("msg=\"undecodable order list answer\" list_client_order_id={} error={}", listId,
                                     server::quoted(answer.error().message));
        std::lock_guard lock(m_inboxMutex);
        m_reconcileWanted.insert(account);
        return {};
    }
    std::vector<VenueEvent> events;
    for (const binance::OrderStatus &leg : answer->orderReports) {
        if (leg.clientOrderId != limitId && leg.clientOrderId != stopId)
            continue; // not one of ours: reconciliation reports it
        auto legEvents = eventsOfAnswer(leg, leg.clientOrderId, now);
        events.insert(events.end(), legEvents.begin(), legEvents.end());
    }
    return processVenueEvents(account, events);
}

std::map<std::string, Order> OrderManager::cancelLiveLocked(std::uint64_t account, const std::string &clientOrderId,
                                                            TimePoint now)
{
    const Order &order = m_open.at(clientOrderId);
    auto live = m_live.find(account);
    if (live == m_live.end())
        return {}; // the key was deleted: nothing can reach Binance for this account
    auto reply = m_binance->send(live->second.credentials, "DELETE", "/api/v3/order",
                                 {{"symbol", order.request.symbol}, {"origClientOrderId", clientOrderId}});
    if (reply && reply->httpStatus == 200) {
        auto answer = binance::parseOrder(reply->body);
        // Cancelled after fills the journal does not have yet (their reports are on their way):
        // reconciliation adds them first, then ends the order.
        if (answer && answer->status == "CANCELED" && answer->executedQuantity <= order.filledQuantity) {
            VenueEvent cancelled = eventFor(clientOrderId, VenueEvent::Kind::Cancelled, now);
            cancelled.venueOrderId = std::to_string(answer->orderId);
            cancelled.reason = "Cancelled by request.";
            return processVenueEvent(account, cancelled);
        }
    }
    // Refused (-2011: it is no longer open there, usually because it filled), or unknown:
    // reconciliation brings the order's real end.
    server::logger("oms")->info("msg=\"live cancel not confirmed\" client_order_id={} answer={}", clientOrderId,
                                server::quoted(reply ? describe(*reply, binance::parseApiError(reply->body))
                                                     : reply.error().message));
    std::lock_guard lock(m_inboxMutex);
    m_reconcileWanted.insert(account);
    return {};
}

std::vector<std::pair<std::uint64_t, VenueEvent>>
OrderManager::dropRepeatsLocked(std::vector<std::pair<std::uint64_t, VenueEvent>> batch)
{
    std::vector<std::pair<std::uint64_t, VenueEvent>> out;
    out.reserve(batch.size());
    std::map<std::string, OrderState> states; // as the kept events leave them
    std::set<std::string> batchTrades;        // fills kept in this batch
    for (auto &item : batch) {
        const VenueEvent &event = item.second;
        auto open = m_open.find(event.clientOrderId);
        if (open == m_open.end() || open->second.venue == kPaper) {
            out.push_back(std::move(item)); // the paper venue never repeats itself
            continue;
        }
        auto state = states.try_emplace(event.clientOrderId, open->second.state).first;
        const bool unanswered = state->second == OrderState::New || state->second == OrderState::Submitted;
        const bool ended = trading::isTerminal(state->second);
        bool keep = !ended;
        switch (event.kind) {
        case VenueEvent::Kind::Accepted:
            keep = unanswered;
            if (keep)
                state->second = OrderState::Accepted;
            break;
        case VenueEvent::Kind::Fill: {
            const auto seen = m_seenTrades.find(event.clientOrderId);
            keep = keep && (seen == m_seenTrades.end() || !seen->second.contains(event.tradeId)) &&
                   batchTrades.insert(event.clientOrderId + "\n" + event.tradeId).second;
            if (keep)
                state->second = OrderState::PartiallyFilled; // Filled or not: apply() decides
            break;
        }
        case VenueEvent::Kind::Rejected:
            keep = unanswered;
            if (keep)
                state->second = OrderState::Rejected;
            break;
        case VenueEvent::Kind::Cancelled:
        case VenueEvent::Kind::Expired:
            if (keep)
                state->second = OrderState::Cancelled;
            break;
        case VenueEvent::Kind::Triggered:
            break;
        }
        if (keep)
            out.push_back(std::move(item));
    }
    return out;
}

// ---- events from the stream ---------------------------------------------------------------

void OrderManager::liveLoop()
{
    const auto interval = std::chrono::seconds(m_settings.reconcileSeconds);
    auto nextReconcile = std::chrono::steady_clock::now() + interval;
    while (!m_stopping) {
        std::deque<LiveMessage> messages;
        std::set<std::uint64_t> wanted;
        {
            std::unique_lock lock(m_inboxMutex);
            m_inboxReady.wait_for(lock, std::chrono::milliseconds(200), [this] {
                return !m_inbox.empty() || !m_reconcileWanted.empty() || m_stopping;
            });
            messages.swap(m_inbox);
            wanted.swap(m_reconcileWanted);
        }
        for (const LiveMessage &message : messages) {
            if (message.json.empty() && message.connected)
                wanted.insert(message.account); // events may have been missed while it was down
            else
                handleLiveMessage(message);
        }
        if (m_stopping)
            break;
        if (std::chrono::steady_clock::now() >= nextReconcile) {
            reconcileAll();
            nextReconcile = std::chrono::steady_clock::now() + interval;
        } else {
            for (std::uint64_t account : wanted)
                reconcileAccount(account);
        }
    }
}

void OrderManager::handleLiveMessage(const LiveMessage &message)
{
    if (message.json.empty()) { // the stream dropped (it reconnects by itself)
        std::lock_guard lock(m_mutex);
        notify(message.account, ReconciliationNotice{m_clock.now(), std::string(kBinance),
                                                     "The Binance user data stream dropped (" + message.reason +
                                                         "); reconnecting. Orders are reconciled when it is back."});
        return;
    }
    auto event = binance::parseUserEvent(message.json);
    if (!event) {
        server::logger("binance")->warn("msg=\"undecodable user data event\" account={} error={}", message.account,
                                        server::quoted(event.error().message));
        return;
    }
    std::lock_guard lock(m_mutex);
    if (const auto *report = std::get_if<binance::ExecutionReport>(&*event)) {
        auto venueEvent = eventOfReport(*report);
        if (!venueEvent)
            return;
        auto open = m_open.find(venueEvent->clientOrderId);
        if (open == m_open.end() || open->second.venue != kBinance || open->second.account != message.account)
            return; // ended already (a repeat), or not placed through bcf-core (reconciliation reports those)
        processVenueBatch({{message.account, *venueEvent}});
    } else if (const auto *position = std::get_if<binance::AccountPosition>(&*event)) {
        auto live = m_live.find(message.account);
        if (live == m_live.end())
            return;
        for (const auto &[asset, balance] : position->balances) {
            if (balance.free == Money() && balance.locked == Money())
                live->second.balances.erase(asset);
            else
                live->second.balances[asset] = trading::AssetBalance{balance.free, balance.locked};
        }
        live->second.balancesKnown = true;
        live->second.balancesStreamedAt = m_clock.now();
        m_accounts[message.account].dirty.insert(std::string(kBinance));
        pushDirtyPortfolios(m_clock.now());
    }
}

// ---- reconciliation -----------------------------------------------------------------------

void OrderManager::reconcileLiveNow() { reconcileAll(); }

void OrderManager::reconcileAll()
{
    std::vector<std::uint64_t> accounts;
    {
        std::lock_guard lock(m_mutex);
        for (const auto &[account, live] : m_live)
            accounts.push_back(account);
        for (auto it = m_seenTrades.begin(); it != m_seenTrades.end();) // ended orders' trade ids
            it = m_open.contains(it->first) ? std::next(it) : m_seenTrades.erase(it);
    }
    for (std::uint64_t account : accounts) {
        if (m_stopping)
            return;
        reconcileAccount(account);
    }
}

// The rule (docs/live-venue.md, "Reconciliation"): Binance is right. For every order the journal
// holds open: its fills missing from the journal are added (from myTrades), then its state
// follows Binance's; an order Binance has never heard of is REJECTED once its request can no
// longer arrive (older than recvWindow). Orders open on Binance that bcf-core did not place are
// reported and left alone. Balances are replaced by Binance's. A key that may withdraw stops
// live trading. Every difference is logged and shown to the user.
void OrderManager::reconcileAccount(std::uint64_t account)
{
    std::lock_guard one(m_reconcileMutex);
    ExchangeCredentials credentials;
    std::vector<Order> journalOpen;
    {
        std::lock_guard lock(m_mutex);
        auto live = m_live.find(account);
        if (live == m_live.end() || !m_started)
            return;
        credentials = live->second.credentials;
        for (const auto &[id, order] : m_open) {
            if (order.account == account && order.venue == kBinance)
                journalOpen.push_back(order);
        }
    }
    auto log = server::logger("oms");
    // Everything Binance knows, asked without the order path's lock.
    const TimePoint queryStarted = m_clock.now();
    auto accountReply = m_binance->send(credentials, "GET", "/api/v3/account", {});
    if (!accountReply || accountReply->httpStatus != 200) {
        log->warn("msg=\"reconciliation postponed: account not read\" account={} error={}", account,
                  server::quoted(accountReply ? describe(*accountReply, binance::parseApiError(accountReply->body))
                                              : accountReply.error().message));
        return;
    }
    auto info = binance::parseAccount(accountReply->body);
    std::optional<binance::KeyRestrictions> restrictions;
    if (auto reply = m_binance->send(credentials, "GET", "/sapi/v1/account/apiRestrictions", {});
        reply && reply->httpStatus == 200) {
        if (auto parsed = binance::parseKeyRestrictions(reply->body))
            restrictions = *parsed;
    }
    auto openReply = m_binance->send(credentials, "GET", "/api/v3/openOrders", {});
    std::optional<std::vector<binance::OrderStatus>> exchangeOpen;
    if (openReply && openReply->httpStatus == 200) {
        if (auto parsed = binance::parseOrders(openReply->body))
            exchangeOpen = std::move(*parsed);
    }
    struct Finding {
        std::optional<binance::OrderStatus> status; // nullopt: Binance does not know the order
        std::vector<binance::AccountTrade> trades;
        TimePoint askedAt{};
    };
    std::map<std::string, Finding> findings;
    for (const Order &order : journalOpen) {
        if (m_stopping)
            return;
        const TimePoint askedAt = m_clock.now();
        auto reply = m_binance->send(credentials, "GET", "/api/v3/order",
                                     {{"symbol", order.request.symbol}, {"origClientOrderId", order.request.clientOrderId}});
        if (!reply)
            continue; // unreachable: next time
        Finding finding;
        finding.askedAt = askedAt;
        if (reply->httpStatus == 200) {
            auto status = binance::parseOrder(reply->body);
            if (!status)
                continue;
            finding.status = std::move(*status);
        } else {
            const auto error = binance::parseApiError(reply->body);
            if (!error || error->code != -2013) // anything but "Order does not exist."
                continue;
        }
        if (finding.status && finding.status->executedQuantity > order.filledQuantity) {
            auto trades = m_binance->send(credentials, "GET", "/api/v3/myTrades",
                                          {{"symbol", order.request.symbol},
                                           {"orderId", std::to_string(finding.status->orderId)}});
            if (!trades || trades->httpStatus != 200)
                continue;
            auto parsed = binance::parseAccountTrades(trades->body);
            if (!parsed)
                continue;
            for (auto &trade : *parsed) {
                if (trade.orderId == finding.status->orderId)
                    finding.trades.push_back(std::move(trade));
            }
        }
        findings.emplace(order.request.clientOrderId, std::move(finding));
    }

    std::lock_guard lock(m_mutex);
    auto live = m_live.find(account);
    if (live == m_live.end())
        return;
    const TimePoint now = m_clock.now();
    const auto settle = std::chrono::milliseconds(m_settings.binanceRecvWindowMs) + std::chrono::seconds(2);
    for (const auto &[id, finding] : findings) {
        auto open = m_open.find(id);
        if (open == m_open.end())
            continue; // ended meanwhile (the stream was faster)
        const Order before = open->second;
        std::vector<VenueEvent> events;
        if (!finding.status) {
            const bool unanswered = before.state == OrderState::New || before.state == OrderState::Submitted;
            if (unanswered && finding.askedAt - before.updated < settle)
                continue; // its request may still have been on its way when Binance was asked
            VenueEvent ended = eventFor(id, unanswered ? VenueEvent::Kind::Rejected : VenueEvent::Kind::Cancelled, now);
            ended.reason = unanswered ? "Binance never received the order (reconciliation)."
                                      : "Binance no longer knows the order (reconciliation).";
            events.push_back(ended);
        } else {
            const binance::OrderStatus &status = *finding.status;
            const std::string venueOrderId = std::to_string(status.orderId);
            if (status.status != "REJECTED") {
                VenueEvent accepted = eventFor(id, VenueEvent::Kind::Accepted, now);
                accepted.venueOrderId = venueOrderId;
                events.push_back(accepted);
            }
            for (const auto &trade : finding.trades) {
                VenueEvent fill = eventFor(id, VenueEvent::Kind::Fill, fromMs(trade.timeMs));
                fill.venueOrderId = venueOrderId;
                fill.price = trade.price;
                fill.quantity = trade.quantity;
                fill.fee = trade.commission;
                fill.feeAsset = trade.commissionAsset;
                fill.tradeId = std::to_string(trade.id);
                fill.maker = trade.maker;
                events.push_back(fill);
            }
            processVenueEvents(account, events);
            events.clear();
            // The end only once every fill Binance counts is in the journal (myTrades can lag
            // behind the order's executed quantity): otherwise the next reconciliation ends it.
            const auto still = m_open.find(id);
            if (auto end = endOf(status.status);
                end && still != m_open.end() && still->second.filledQuantity >= status.executedQuantity) {
                VenueEvent ended = eventFor(id, *end, now);
                ended.reason = endReason(*end);
                events.push_back(ended);
            }
        }
        auto after = processVenueEvents(account, events);
        if (!after.contains(id)) {
            if (auto still = m_open.find(id); still != m_open.end())
                after.emplace(id, still->second);
        }
        const auto changed = after.find(id);
        if (changed == after.end())
            continue;
        const Order &now_ = changed->second;
        if (now_.state != before.state || now_.filledQuantity != before.filledQuantity)
            notifyReconciliation(account, "Order " + id + " (" + before.request.symbol + "): the journal had " +
                                              std::string(trading::stateName(before.state)) + ", " +
                                              before.filledQuantity.toString() + " filled; Binance has " +
                                              std::string(trading::stateName(now_.state)) + ", " +
                                              now_.filledQuantity.toString() + " filled. The journal now follows Binance.");
    }
    if (exchangeOpen) {
        for (const auto &order : *exchangeOpen) {
            auto known = m_open.find(order.clientOrderId);
            if ((known != m_open.end() && known->second.account == account) ||
                live->second.reportedForeignOrders.contains(order.clientOrderId))
                continue;
            // One of ours that ended between Binance's answer and now is not foreign.
            if (auto journaled = m_journal.get(account, order.clientOrderId); !journaled || *journaled)
                continue;
            live->second.reportedForeignOrders.insert(order.clientOrderId);
            notifyReconciliation(account, "Order " + order.clientOrderId + " (" + order.symbol + ", " + order.side +
                                              " " + order.type + ") is open on Binance but was not placed through "
                                              "BotCriptoFy2: it is left alone and outside the risk limits.");
        }
    }
    const bool mayWithdraw = restrictions && restrictions->enableWithdrawals;
    const bool mayNotTrade = (restrictions && !restrictions->enableSpotAndMarginTrading) || (info && !info->canTrade);
    if ((mayWithdraw || mayNotTrade) && live->second.mayTrade) {
        // New orders stop; its open orders can still be cancelled and are still followed.
        live->second.mayTrade = false;
        notifyReconciliation(account, mayWithdraw
                                          ? "Binance reports that your API key may withdraw funds: new live orders "
                                            "are refused. Cancel what is open, delete the key and add one limited "
                                            "to trading."
                                          : "Binance reports that your API key may not trade spot: new live orders "
                                            "are refused.");
    }
    if (info) {
        std::map<std::string, trading::AssetBalance> balances;
        for (const auto &[asset, balance] : info->balances)
            balances[asset] = trading::AssetBalance{balance.free, balance.locked};
        const bool differs = live->second.balancesKnown && [&] {
            if (balances.size() != live->second.balances.size())
                return true;
            for (const auto &[asset, balance] : balances) {
                auto held = live->second.balances.find(asset);
                if (held == live->second.balances.end() || held->second.free != balance.free ||
                    held->second.locked != balance.locked)
                    return true;
            }
            return false;
        }();
        // A stream update newer than this answer wins.
        if (live->second.balancesStreamedAt <= queryStarted) {
            if (differs)
                log->info("msg=\"live balances corrected from the exchange\" account={}", account);
            live->second.balances = std::move(balances);
            live->second.balancesKnown = true;
        }
        m_accounts[account].dirty.insert(std::string(kBinance));
    }
    pushDirtyPortfolios(now);
}

// ---- keys ---------------------------------------------------------------------------------

Result<ExchangeKeyInfo> OrderManager::addExchangeKey(std::uint64_t account, const std::string &exchange,
                                                     const std::string &label, const ExchangeCredentials &credentials)
{
    if (!m_keys)
        return makeError(ErrorCode::FailedPrecondition,
                         "Live trading is off on this node: the administrator sets trading.exchange_key_file first.");
    if (exchange != kBinance)
        return makeError(ErrorCode::InvalidArgument, "exchange: \"" + exchange + "\" is not supported; use \"binance\".");
    if (label.size() > 80)
        return makeError(ErrorCode::InvalidArgument, "label: at most 80 characters.");
    auto printable = [](const std::string &text) {
        return !text.empty() && text.size() <= 128 &&
               std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 127; });
    };
    if (!printable(credentials.apiKey))
        return makeError(ErrorCode::InvalidArgument, "api key: paste the key Binance showed (1 to 128 characters, no spaces).");
    if (!printable(credentials.secret))
        return makeError(ErrorCode::InvalidArgument, "secret key: paste the secret Binance showed (1 to 128 characters, no spaces).");

    // The key's permissions, from Binance itself.
    auto reply = m_binance->send(credentials, "GET", "/api/v3/account", {});
    if (!reply)
        return makeError(ErrorCode::Unavailable, "Binance could not be reached to check the key: " + reply.error().message);
    if (reply->httpStatus != 200) {
        const auto error = binance::parseApiError(reply->body);
        if (reply->httpStatus >= 500 || reply->httpStatus == 429 || reply->httpStatus == 418)
            return makeError(ErrorCode::Unavailable, "Binance could not check the key now: " + describe(*reply, error));
        if (error && error->code == -1022)
            return makeError(ErrorCode::InvalidArgument, "secret key: Binance says the signature is not valid; "
                                                         "check the secret.");
        return makeError(ErrorCode::InvalidArgument, "api key: Binance refused the key: " + describe(*reply, error));
    }
    auto info = binance::parseAccount(reply->body);
    if (!info)
        return makeError(ErrorCode::Unavailable, "Binance's account answer could not be read: " + info.error().message);
    // The key's own permissions (the account's canWithdraw describes the account, not the key).
    auto restrictionsReply = m_binance->send(credentials, "GET", "/sapi/v1/account/apiRestrictions", {});
    if (!restrictionsReply || restrictionsReply->httpStatus != 200)
        return makeError(ErrorCode::Unavailable,
                         "Binance could not say what the key may do: " +
                             (restrictionsReply ? describe(*restrictionsReply, binance::parseApiError(restrictionsReply->body))
                                                : restrictionsReply.error().message));
    auto restrictions = binance::parseKeyRestrictions(restrictionsReply->body);
    if (!restrictions)
        return makeError(ErrorCode::Unavailable, "Binance's answer about the key could not be read: " +
                                                     restrictions.error().message);
    if (restrictions->enableWithdrawals)
        return makeError(ErrorCode::FailedPrecondition,
                         "This key may withdraw funds. BotCriptoFy2 only accepts keys limited to trading: turn off "
                         "withdrawals for the key on Binance, or create a new one.");
    if (!restrictions->enableSpotAndMarginTrading || !info->canTrade)
        return makeError(ErrorCode::FailedPrecondition,
                         "This key may not trade spot: enable spot trading for the key on Binance.");
    auto stored = m_keys->add(account, exchange, label.empty() ? std::string("Binance") : label, credentials, true);
    if (!stored)
        return std::unexpected(stored.error());

    std::lock_guard lock(m_mutex);
    LiveAccount &live = m_live[account];
    live.credentials = credentials;
    for (const auto &[asset, balance] : info->balances)
        live.balances[asset] = trading::AssetBalance{balance.free, balance.locked};
    live.balancesKnown = true;
    m_binance->openUserStream(account, credentials);
    if (m_started)
        notify(account, portfolioLocked(account, std::string(kBinance)));
    server::logger("oms")->info("msg=\"exchange key added\" account={} exchange={} key_id={} key_hint={}", account,
                                exchange, stored->id, stored->apiKeyHint);
    return stored;
}

Result<std::vector<ExchangeKeyInfo>> OrderManager::exchangeKeys(std::uint64_t account)
{
    if (!m_keys)
        return std::vector<ExchangeKeyInfo>{};
    return m_keys->list(account);
}

Result<ExchangeKeyInfo> OrderManager::deleteExchangeKey(std::uint64_t account, std::uint64_t id)
{
    if (!m_keys)
        return makeError(ErrorCode::NotFound, "You have no exchange key " + std::to_string(id) + ".");
    std::lock_guard lock(m_mutex);
    auto keys = m_keys->list(account);
    if (!keys)
        return std::unexpected(keys.error());
    const auto key = std::find_if(keys->begin(), keys->end(), [id](const auto &k) { return k.id == id; });
    if (key == keys->end())
        return makeError(ErrorCode::NotFound, "You have no exchange key " + std::to_string(id) + ".");
    const auto openOnVenue = std::count_if(m_open.begin(), m_open.end(), [&](const auto &entry) {
        return entry.second.account == account && entry.second.venue == key->exchange;
    });
    if (openOnVenue > 0 && m_live.contains(account))
        return makeError(ErrorCode::FailedPrecondition,
                         "You have " + std::to_string(openOnVenue) + " open " + key->exchange +
                             " order(s): cancel them (or use the kill switch) before deleting the key.");
    auto removed = m_keys->remove(account, id);
    if (!removed)
        return std::unexpected(removed.error());
    m_live.erase(account);
    m_binance->closeUserStream(account);
    server::logger("oms")->info("msg=\"exchange key deleted\" account={} exchange={} key_id={}", account,
                                removed->exchange, removed->id);
    return removed;
}

} // namespace bcf::core
