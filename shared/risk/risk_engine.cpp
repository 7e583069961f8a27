#include "risk/risk_engine.h"

#include <algorithm>
#include <utility>

namespace bcf::risk {
namespace {

constexpr std::int64_t kMillisPerDay = 86'400'000;
constexpr std::int64_t kBasisPointsPerUnit = 10'000;
constexpr BotId kManualLedger = 0;

std::int64_t dayOf(TimePoint time)
{
    const std::int64_t millis = toUnixMillis(time);
    // Floor division: times before 1970 still fall into whole UTC days.
    return millis >= 0 ? millis / kMillisPerDay : -((-millis + kMillisPerDay - 1) / kMillisPerDay);
}

int rank(AccountState state)
{
    switch (state) {
    case AccountState::Active: return 0;
    case AccountState::Reducing: return 1;
    case AccountState::Halted: return 2;
    }
    return 0;
}

template <typename Tag>
Decimal<Tag> absolute(Decimal<Tag> value)
{
    return value.isNegative() ? -value : value;
}

Decision reject(RejectReason reason, std::string message)
{
    return Decision{false, reason, std::move(message)};
}

std::string botLabel(std::optional<BotId> bot)
{
    return bot ? "bot " + std::to_string(*bot) : std::string("the manual ledger");
}

// "2.00%" from basis points.
std::string percentFromBasisPoints(std::int64_t basisPoints)
{
    return formatAmount(basisPoints * 1'000'000, 2) + "%";
}

// (peak − equity) / peak as a percentage with two digits ("20.00%"); peak > 0.
std::string drawdownPercent(Money peak, Money equity)
{
    const Int128 numerator = static_cast<Int128>(peak.raw() - equity.raw()) * 100 * Money::kScale;
    const std::int64_t rawPercent = roundedDivide(numerator, peak.raw());
    return Money::fromRaw(rawPercent).roundTo(Money::fromRaw(1'000'000)).toString(2) + "%";
}

bool drawdownBeyond(Money peak, Money equity, std::int32_t limitBasisPoints)
{
    if (limitBasisPoints <= 0 || peak.raw() <= 0)
        return false;
    const Int128 drop = static_cast<Int128>(peak.raw()) - equity.raw();
    return drop * kBasisPointsPerUnit > static_cast<Int128>(peak.raw()) * limitBasisPoints;
}

bool hasLimitPrice(OrderType type)
{
    return type == OrderType::Limit || type == OrderType::StopLimit;
}

bool needsStopPrice(OrderType type)
{
    return type == OrderType::Stop || type == OrderType::StopLimit;
}

std::optional<Error> checkPriceField(const char *what, Price price,
                                     const model::Instrument &instrument)
{
    if (price.raw() <= 0)
        return Error{ErrorCode::InvalidArgument, std::string("The ") + what
                                                     + " must be positive, got " + price.toString()
                                                     + "."};
    if (!price.isMultipleOf(instrument.tickSize))
        return Error{ErrorCode::InvalidArgument, std::string("The ") + what + " " + price.toString()
                                                     + " is not a multiple of the tick size "
                                                     + instrument.tickSize.toString() + " of "
                                                     + instrument.symbol + "."};
    return std::nullopt;
}

Status validateLimits(const RiskLimits &limits, bool forAccount)
{
    const auto invalid = [](const std::string &field, const std::string &why) {
        return makeError(ErrorCode::InvalidArgument, "limits." + field + ": " + why);
    };
    if (limits.priceBandBasisPoints < 0)
        return invalid("priceBandBasisPoints", "must not be negative");
    if (limits.maxOrderNotional.isNegative())
        return invalid("maxOrderNotional", "must not be negative");
    if (limits.maxPosition.isNegative())
        return invalid("maxPosition", "must not be negative");
    if (limits.maxDailyLoss.isNegative())
        return invalid("maxDailyLoss", "must not be negative (it is the size of the loss)");
    if (limits.maxDrawdownBasisPoints < 0 || limits.maxDrawdownBasisPoints > kBasisPointsPerUnit)
        return invalid("maxDrawdownBasisPoints", "must be between 0 and 10000");
    if (limits.maxGrossExposure.isNegative())
        return invalid("maxGrossExposure", "must not be negative");
    if (limits.orderRateWindow.count() < 0)
        return invalid("orderRateWindow", "must not be negative");
    if ((limits.maxOrders > 0) != (limits.orderRateWindow.count() > 0))
        return invalid("maxOrders", "and orderRateWindow are set together or not at all");
    if (forAccount) {
        if (!limits.maxPosition.isZero())
            return invalid("maxPosition", "applies to bots, not to accounts");
        if (limits.maxDrawdownBasisPoints != 0)
            return invalid("maxDrawdownBasisPoints", "applies to bots, not to accounts");
        if (limits.maxOpenOrders != 0)
            return invalid("maxOpenOrders", "applies to bots, not to accounts");
    } else {
        if (!limits.maxGrossExposure.isZero())
            return invalid("maxGrossExposure", "applies to accounts, not to bots");
        if (limits.maxOrders != 0)
            return invalid("maxOrders", "applies to accounts, not to bots");
    }
    return {};
}

} // namespace

std::string_view stateName(AccountState state)
{
    switch (state) {
    case AccountState::Active: return "ACTIVE";
    case AccountState::Reducing: return "REDUCING";
    case AccountState::Halted: return "HALTED";
    }
    return "ACTIVE";
}

std::string_view stateName(BotState state)
{
    switch (state) {
    case BotState::Running: return "RUNNING";
    case BotState::StoppedByRisk: return "STOPPED_BY_RISK";
    }
    return "RUNNING";
}

std::string_view describe(RejectReason reason)
{
    switch (reason) {
    case RejectReason::None: return "accepted";
    case RejectReason::UnknownAccount: return "unknown account";
    case RejectReason::UnknownBot: return "unknown bot";
    case RejectReason::AccountHalted: return "account halted";
    case RejectReason::InvalidQuantity: return "invalid quantity";
    case RejectReason::InvalidPrice: return "invalid price";
    case RejectReason::ReduceOnlyWouldIncrease: return "reduce-only order would not reduce";
    case RejectReason::AccountReducing: return "account reducing";
    case RejectReason::BotStopped: return "bot stopped by risk";
    case RejectReason::NoLastPrice: return "no last price";
    case RejectReason::BelowMinNotional: return "below minimum notional";
    case RejectReason::PriceOutsideBand: return "price outside band";
    case RejectReason::MaxOrderNotional: return "max order notional";
    case RejectReason::MaxOpenOrders: return "max open orders";
    case RejectReason::MaxPosition: return "max position";
    case RejectReason::MaxDailyLoss: return "max daily loss";
    case RejectReason::MaxDrawdown: return "max drawdown";
    case RejectReason::MaxGrossExposure: return "max gross exposure";
    case RejectReason::OrderRateExceeded: return "order rate exceeded";
    }
    return "unknown";
}

std::string_view describe(RiskCause cause)
{
    switch (cause) {
    case RiskCause::DailyLossBreached: return "daily loss breached";
    case RiskCause::DrawdownBreached: return "drawdown breached";
    case RiskCause::AccountDailyLossBreached: return "account daily loss breached";
    case RiskCause::KillSwitch: return "kill switch";
    case RiskCause::Reset: return "reset";
    }
    return "unknown";
}

std::string formatAmount(std::int64_t raw, int minimumDigits)
{
    std::string text = Money::fromRaw(raw).toString(); // shortest exact
    std::string sign;
    if (!text.empty() && text.front() == '-') {
        sign = "-";
        text.erase(0, 1);
    }
    const std::size_t point = text.find('.');
    std::string whole = text.substr(0, point);
    std::string fraction = point == std::string::npos ? std::string() : text.substr(point + 1);
    while (static_cast<int>(fraction.size()) < minimumDigits)
        fraction.push_back('0');
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0)
            grouped.push_back(',');
        grouped.push_back(whole[i]);
    }
    return sign + grouped + (fraction.empty() ? std::string() : "." + fraction);
}

// --- configuration ---------------------------------------------------------------------------

Status RiskEngine::addAccount(AccountId account, AccountConfig config)
{
    if (m_state.accounts.contains(account))
        return makeError(ErrorCode::AlreadyExists,
                         "account " + std::to_string(account) + " already has risk limits");
    if (auto valid = validateLimits(config.limits, true); !valid)
        return valid;
    if (config.breachState == AccountState::Active)
        return makeError(ErrorCode::InvalidArgument, "breachState: must be REDUCING or HALTED");
    AccountRiskState state;
    state.config = std::move(config);
    state.bots.emplace(kManualLedger, BotRiskState{});
    m_state.accounts.emplace(account, std::move(state));
    return {};
}

Status RiskEngine::setAccountLimits(AccountId account, const RiskLimits &limits)
{
    AccountRiskState *state = findAccount(account);
    if (!state)
        return makeError(ErrorCode::NotFound,
                         "account " + std::to_string(account) + " has no risk limits");
    if (auto valid = validateLimits(limits, true); !valid)
        return valid;
    state->config.limits = limits;
    return {};
}

Status RiskEngine::addBot(AccountId account, BotId bot, BotConfig config)
{
    AccountRiskState *state = findAccount(account);
    if (!state)
        return makeError(ErrorCode::NotFound,
                         "account " + std::to_string(account) + " has no risk limits");
    if (bot == kManualLedger)
        return makeError(ErrorCode::InvalidArgument, "bot id 0 is reserved for manual orders");
    if (state->bots.contains(bot))
        return makeError(ErrorCode::AlreadyExists,
                         "bot " + std::to_string(bot) + " already has risk limits");
    if (auto valid = validateLimits(config.limits, false); !valid)
        return valid;
    if (config.capital.isNegative())
        return makeError(ErrorCode::InvalidArgument, "capital: must not be negative");
    if (config.limits.maxDrawdownBasisPoints > 0 && config.capital.raw() <= 0)
        return makeError(ErrorCode::InvalidArgument,
                         "capital: must be positive when a drawdown limit is set");
    BotRiskState botState;
    botState.limits = config.limits;
    botState.capital = config.capital;
    botState.dayStartEquity = config.capital;
    botState.peakEquity = config.capital;
    // The budget is not a gain of the day.
    state->dayStartEquity += config.capital;
    state->bots.emplace(bot, std::move(botState));
    return {};
}

Status RiskEngine::setBotLimits(AccountId account, BotId bot, const RiskLimits &limits)
{
    AccountRiskState *state = findAccount(account);
    if (!state)
        return makeError(ErrorCode::NotFound,
                         "account " + std::to_string(account) + " has no risk limits");
    const auto found = state->bots.find(bot);
    if (bot == kManualLedger || found == state->bots.end())
        return makeError(ErrorCode::NotFound, "bot " + std::to_string(bot) + " has no risk limits");
    if (auto valid = validateLimits(limits, false); !valid)
        return valid;
    if (limits.maxDrawdownBasisPoints > 0 && found->second.capital.raw() <= 0)
        return makeError(ErrorCode::InvalidArgument,
                         "limits.maxDrawdownBasisPoints: needs a bot with positive capital");
    found->second.limits = limits;
    return {};
}

// --- time ------------------------------------------------------------------------------------

TimePoint RiskEngine::effectiveTime(TimePoint now)
{
    advanceTime(now);
    return m_state.latest;
}

void RiskEngine::advanceTime(TimePoint now)
{
    // Times never go backwards: an earlier time is taken as the latest one seen.
    if (now > m_state.latest)
        m_state.latest = now;
    const std::int64_t day = dayOf(m_state.latest);
    if (day <= m_state.day)
        return;
    m_state.day = day;
    // The new day's loss counts from the equity at the last marks of the old day.
    for (auto &[id, account] : m_state.accounts) {
        for (auto &[botId, bot] : account.bots)
            bot.dayStartEquity = equityOf(bot);
        account.dayStartEquity = equityOf(account);
    }
}

// --- the pre-trade check ---------------------------------------------------------------------

Decision RiskEngine::check(const OrderCheck &order, TimePoint now)
{
    now = effectiveTime(now);
    AccountRiskState *account = findAccount(order.account);
    if (!account)
        return reject(RejectReason::UnknownAccount,
                      "Account " + std::to_string(order.account)
                          + " has no risk limits configured, so its orders are refused.");
    const BotId botId = order.bot.value_or(kManualLedger);
    const auto botFound = account->bots.find(botId);
    if ((order.bot && *order.bot == kManualLedger) || botFound == account->bots.end())
        return reject(RejectReason::UnknownBot,
                      "Bot " + std::to_string(botId)
                          + " has no risk limits configured, so its orders are refused.");
    BotRiskState &bot = botFound->second;
    const model::Instrument &instrument = order.instrument;
    const std::string &quote = instrument.quote;
    const std::string &currency = account->config.currency;
    const RiskLimits &botLimits = bot.limits;
    const RiskLimits &accountLimits = account->config.limits;
    const char *botScope = order.bot ? "the bot's" : "the manual ledger's";

    // 1. The account's state: a halted account refuses everything.
    if (account->state == AccountState::Halted)
        return reject(
            RejectReason::AccountHalted,
            "The account is HALTED: no order is accepted until it is reset (cancels still are).");

    // 2. The order's own validity: lot and tick, for reduce-only orders too.
    if (auto valid = instrument.checkQuantity(order.quantity); !valid)
        return reject(RejectReason::InvalidQuantity, valid.error().message);
    if (hasLimitPrice(order.type)) {
        if (auto error = checkPriceField("limit price", order.limitPrice, instrument))
            return reject(RejectReason::InvalidPrice, error->message);
    }
    if (needsStopPrice(order.type)
        || (order.type == OrderType::TrailingStop && !order.stopPrice.isZero())) {
        if (auto error = checkPriceField("stop price", order.stopPrice, instrument))
            return reject(RejectReason::InvalidPrice, error->message);
    }

    // 3. Reducing or not. Only a reduce-only order can be trusted to shrink the position: the
    // venue refuses to let it grow one even if fills change the position in between.
    Quantity position;
    if (const auto held = bot.positions.find(instrument.symbol); held != bot.positions.end())
        position = held->second.quantity;
    const Quantity signedQuantity = order.side == Side::Buy ? order.quantity : -order.quantity;
    const bool shrinks =
        (order.side == Side::Sell && position.raw() > 0 && order.quantity <= position)
        || (order.side == Side::Buy && position.raw() < 0 && order.quantity <= -position);
    const bool reducing = order.reduceOnly && shrinks;
    if (order.reduceOnly && !shrinks)
        return reject(RejectReason::ReduceOnlyWouldIncrease,
                      std::string("The reduce-only ") + (order.side == Side::Buy ? "buy" : "sell")
                          + " of " + formatAmount(order.quantity, instrument.quantityPrecision)
                          + " " + instrument.base + " would not shrink " + botScope + " "
                          + instrument.symbol + " position of "
                          + formatAmount(position, instrument.quantityPrecision) + " "
                          + instrument.base + ".");
    if (account->state == AccountState::Reducing && !reducing)
        return reject(RejectReason::AccountReducing, "The account is REDUCING: only reduce-only "
                                                     "orders that shrink a position are accepted.");
    if (bot.state == BotState::StoppedByRisk && !reducing)
        return reject(RejectReason::BotStopped,
                      "The bot was stopped by risk management: only reduce-only orders that shrink "
                      "its positions are accepted until it is reset.");

    // 4. Price-based checks need the last price.
    if (order.lastPrice.raw() <= 0)
        return reject(RejectReason::NoLastPrice, "There is no last price for " + instrument.symbol
                                                     + ", so the order cannot be checked.");
    Price reference = order.lastPrice;
    if (hasLimitPrice(order.type))
        reference = order.limitPrice;
    else if (order.type == OrderType::Stop
             || (order.type == OrderType::TrailingStop && !order.stopPrice.isZero()))
        reference = order.stopPrice;
    const Money orderNotional = notional(reference, order.quantity);
    if (auto valid = instrument.checkNotional(reference, order.quantity); !valid)
        return reject(RejectReason::BelowMinNotional, valid.error().message);

    const int priceDigits = instrument.pricePrecision;
    if (hasLimitPrice(order.type)) {
        for (const auto &[limits, scope] :
             {std::pair{&botLimits, botScope}, std::pair{&accountLimits, "the account's"}}) {
            const std::int32_t band = limits->priceBandBasisPoints;
            if (band <= 0)
                continue;
            const Int128 distance =
                static_cast<Int128>(order.limitPrice.raw()) - order.lastPrice.raw();
            const Int128 magnitude = distance < 0 ? -distance : distance;
            if (magnitude * kBasisPointsPerUnit
                <= static_cast<Int128>(order.lastPrice.raw()) * band)
                continue;
            const Price halfWidth = Price::fromRaw(roundedDivide(
                static_cast<Int128>(order.lastPrice.raw()) * band, kBasisPointsPerUnit));
            return reject(
                RejectReason::PriceOutsideBand,
                "The limit price " + formatAmount(order.limitPrice, priceDigits) + " is outside "
                    + scope + " band of " + percentFromBasisPoints(band) + " around the last price "
                    + formatAmount(order.lastPrice, priceDigits) + " of " + instrument.symbol + " ("
                    + formatAmount(order.lastPrice - halfWidth, priceDigits) + " to "
                    + formatAmount(order.lastPrice + halfWidth, priceDigits) + ").");
        }
    }

    for (const auto &[limits, scope] :
         {std::pair{&botLimits, botScope}, std::pair{&accountLimits, "the account's"}}) {
        if (limits->maxOrderNotional.isZero() || orderNotional <= limits->maxOrderNotional)
            continue;
        return reject(RejectReason::MaxOrderNotional,
                      "The order notional " + formatAmount(orderNotional, 2) + " " + quote
                          + " exceeds " + scope + " limit of "
                          + formatAmount(limits->maxOrderNotional, 2) + " " + quote + ".");
    }

    if (botLimits.maxOpenOrders > 0 && bot.openOrders >= botLimits.maxOpenOrders)
        return reject(RejectReason::MaxOpenOrders,
                      "The bot already has " + std::to_string(bot.openOrders)
                          + " open orders, its limit of " + std::to_string(botLimits.maxOpenOrders)
                          + ".");

    // 5. Limits on exposure and losses: a reduce-only order that shrinks a position is how a
    // breach is repaired, so it passes them.
    if (!reducing) {
        const Quantity after = position + signedQuantity;
        if (!botLimits.maxPosition.isZero() && absolute(after) > botLimits.maxPosition)
            return reject(RejectReason::MaxPosition,
                          "The order would take " + std::string(botScope) + " " + instrument.symbol
                              + " position to " + formatAmount(after, instrument.quantityPrecision)
                              + " " + instrument.base + ", beyond its limit of "
                              + formatAmount(botLimits.maxPosition, instrument.quantityPrecision)
                              + " " + instrument.base + ".");

        const Money botEquityNow = equityOf(bot);
        const Money botLoss = bot.dayStartEquity - botEquityNow;
        if (!botLimits.maxDailyLoss.isZero() && botLoss > botLimits.maxDailyLoss)
            return reject(RejectReason::MaxDailyLoss,
                          "The bot has lost " + formatAmount(botLoss, 2) + " " + currency
                              + " today, more than its daily limit of "
                              + formatAmount(botLimits.maxDailyLoss, 2) + " " + currency + ".");
        if (drawdownBeyond(bot.peakEquity, botEquityNow, botLimits.maxDrawdownBasisPoints))
            return reject(RejectReason::MaxDrawdown,
                          "The bot's equity " + formatAmount(botEquityNow, 2) + " " + currency
                              + " is " + drawdownPercent(bot.peakEquity, botEquityNow)
                              + " below its peak of " + formatAmount(bot.peakEquity, 2) + " "
                              + currency + ", beyond its drawdown limit of "
                              + percentFromBasisPoints(botLimits.maxDrawdownBasisPoints) + ".");

        const Money accountLoss = account->dayStartEquity - equityOf(*account);
        if (!accountLimits.maxDailyLoss.isZero() && accountLoss > accountLimits.maxDailyLoss)
            return reject(RejectReason::MaxDailyLoss,
                          "The account has lost " + formatAmount(accountLoss, 2) + " " + currency
                              + " today, more than its daily limit of "
                              + formatAmount(accountLimits.maxDailyLoss, 2) + " " + currency + ".");

        if (!accountLimits.maxGrossExposure.isZero()) {
            // The order's symbol is valued at the order's last price, the others at their marks.
            const PositionState net = netPosition(*account, instrument.symbol);
            Money exposure = grossExposureOf(*account);
            if (!net.quantity.isZero())
                exposure -= absolute(notional(markOf(instrument.symbol, net), net.quantity));
            exposure += absolute(notional(order.lastPrice, net.quantity + signedQuantity));
            if (exposure > accountLimits.maxGrossExposure)
                return reject(
                    RejectReason::MaxGrossExposure,
                    "The order would take the account's gross exposure to "
                        + formatAmount(exposure, 2) + " " + currency + ", beyond its limit of "
                        + formatAmount(accountLimits.maxGrossExposure, 2) + " " + currency + ".");
        }
    }

    // 6. The order rate, last, so that only accepted orders take a slot.
    if (accountLimits.maxOrders > 0) {
        auto &recent = account->recentOrders;
        const TimePoint windowStart = now - accountLimits.orderRateWindow;
        while (!recent.empty() && recent.front() <= windowStart)
            recent.pop_front();
        if (recent.size() >= accountLimits.maxOrders) {
            const auto wait = recent.front() + accountLimits.orderRateWindow - now;
            return reject(
                RejectReason::OrderRateExceeded,
                "The account has sent " + std::to_string(recent.size()) + " orders in the last "
                    + std::to_string(accountLimits.orderRateWindow.count()) + " ms, its limit of "
                    + std::to_string(accountLimits.maxOrders) + "; the next order can go in "
                    + std::to_string(wait.count()) + " ms.");
        }
        recent.push_back(now);
    } else {
        account->recentOrders.clear();
    }
    return Decision{};
}

// --- updates ---------------------------------------------------------------------------------

Result<std::vector<RiskEvent>> RiskEngine::onFill(AccountId accountId, std::optional<BotId> botId,
                                                  std::string_view symbol, Side side, Price price,
                                                  Quantity quantity, Money fee, TimePoint now)
{
    now = effectiveTime(now);
    AccountRiskState *account = findAccount(accountId);
    if (!account)
        return makeError(ErrorCode::NotFound,
                         "account " + std::to_string(accountId) + " has no risk limits");
    const auto botFound = account->bots.find(botId.value_or(kManualLedger));
    if ((botId && *botId == kManualLedger) || botFound == account->bots.end())
        return makeError(ErrorCode::NotFound, botLabel(botId) + " has no risk limits");
    if (price.raw() <= 0 || quantity.raw() <= 0)
        return makeError(ErrorCode::InvalidArgument,
                         "a fill needs a positive price and quantity, got " + price.toString()
                             + " × " + quantity.toString());
    BotRiskState &bot = botFound->second;

    auto held = bot.positions.find(symbol);
    if (held == bot.positions.end())
        held = bot.positions.emplace(std::string(symbol), PositionState{}).first;
    PositionState &position = held->second;
    const Quantity delta = side == Side::Buy ? quantity : -quantity;
    const bool opening =
        position.quantity.isZero() || position.quantity.isNegative() == delta.isNegative();
    if (opening) {
        position.quantity += delta;
        position.cost += notional(price, delta);
    } else {
        const Quantity open = absolute(position.quantity);
        const Quantity closing = std::min(quantity, open);
        // The closed part releases its share of the cost (average-cost accounting).
        const Money released = Money::fromRaw(
            roundedDivide(static_cast<Int128>(position.cost.raw()) * closing.raw(), open.raw()));
        const Quantity closedSigned = position.quantity.isNegative() ? -closing : closing;
        bot.realizedPnl += notional(price, closedSigned) - released;
        position.quantity -= closedSigned;
        position.cost -= released;
        if (quantity > open) { // the fill reverses the position
            const Quantity rest = delta.isNegative() ? -(quantity - open) : quantity - open;
            position.quantity = rest;
            position.cost = notional(price, rest);
        }
    }
    bot.realizedPnl -= fee;
    if (position.quantity.isZero())
        bot.positions.erase(held);
    if (!m_state.marks.contains(symbol))
        m_state.marks.emplace(std::string(symbol), price);

    std::vector<RiskEvent> events;
    evaluate(accountId, *account, now, events);
    return events;
}

std::vector<RiskEvent> RiskEngine::onMark(std::string_view symbol, Price price, TimePoint now)
{
    now = effectiveTime(now);
    std::vector<RiskEvent> events;
    if (price.raw() <= 0)
        return events; // not a price; the previous mark stands
    if (auto found = m_state.marks.find(symbol); found != m_state.marks.end())
        found->second = price;
    else
        m_state.marks.emplace(std::string(symbol), price);
    for (auto &[id, account] : m_state.accounts) {
        const bool holds =
            std::any_of(account.bots.begin(), account.bots.end(),
                        [&](const auto &entry) { return entry.second.positions.contains(symbol); });
        if (holds)
            evaluate(id, account, now, events);
    }
    return events;
}

Status RiskEngine::onOrderOpened(AccountId accountId, std::optional<BotId> botId, TimePoint now)
{
    advanceTime(now);
    AccountRiskState *account = findAccount(accountId);
    if (!account)
        return makeError(ErrorCode::NotFound,
                         "account " + std::to_string(accountId) + " has no risk limits");
    const auto botFound = account->bots.find(botId.value_or(kManualLedger));
    if ((botId && *botId == kManualLedger) || botFound == account->bots.end())
        return makeError(ErrorCode::NotFound, botLabel(botId) + " has no risk limits");
    ++botFound->second.openOrders;
    return {};
}

Status RiskEngine::onOrderClosed(AccountId accountId, std::optional<BotId> botId, TimePoint now)
{
    advanceTime(now);
    AccountRiskState *account = findAccount(accountId);
    if (!account)
        return makeError(ErrorCode::NotFound,
                         "account " + std::to_string(accountId) + " has no risk limits");
    const auto botFound = account->bots.find(botId.value_or(kManualLedger));
    if ((botId && *botId == kManualLedger) || botFound == account->bots.end())
        return makeError(ErrorCode::NotFound, botLabel(botId) + " has no risk limits");
    if (botFound->second.openOrders == 0)
        return makeError(ErrorCode::FailedPrecondition,
                         botLabel(botId)
                             + " has no open order to close (the count is already zero)");
    --botFound->second.openOrders;
    return {};
}

// --- breaches --------------------------------------------------------------------------------

void RiskEngine::evaluate(AccountId accountId, AccountRiskState &account, TimePoint now,
                          std::vector<RiskEvent> &events)
{
    const std::string &currency = account.config.currency;
    const auto escalate = [&](std::optional<BotId> cause, RiskCause why, const std::string &what) {
        const AccountState target = account.config.breachState;
        if (rank(target) <= rank(account.state))
            return;
        events.push_back(
            RiskEvent{now, accountId, cause, RiskSubject::Account, stateName(account.state),
                      stateName(target), why, std::string(),
                      what + " The account goes " + std::string(stateName(target)) + "."});
        account.state = target;
    };
    const auto stopBot = [&](BotId botId, BotRiskState &bot, RiskCause why,
                             const std::string &what) {
        events.push_back(RiskEvent{now, accountId, botId, RiskSubject::Bot, stateName(bot.state),
                                   stateName(BotState::StoppedByRisk), why, std::string(), what});
        bot.state = BotState::StoppedByRisk;
    };

    for (auto &[botId, bot] : account.bots) {
        const Money equity = equityOf(bot);
        bot.peakEquity = std::max(bot.peakEquity, equity);
        if (botId == kManualLedger || bot.state != BotState::Running)
            continue;
        const Money loss = bot.dayStartEquity - equity;
        std::string what;
        RiskCause why = RiskCause::DailyLossBreached;
        if (!bot.limits.maxDailyLoss.isZero() && loss > bot.limits.maxDailyLoss) {
            what = "Bot " + std::to_string(botId) + " has lost " + formatAmount(loss, 2) + " "
                   + currency + " today, more than its daily limit of "
                   + formatAmount(bot.limits.maxDailyLoss, 2) + " " + currency + "; it is stopped.";
        } else if (drawdownBeyond(bot.peakEquity, equity, bot.limits.maxDrawdownBasisPoints)) {
            why = RiskCause::DrawdownBreached;
            what = "Bot " + std::to_string(botId) + "'s equity " + formatAmount(equity, 2) + " "
                   + currency + " is " + drawdownPercent(bot.peakEquity, equity)
                   + " below its peak of " + formatAmount(bot.peakEquity, 2) + " " + currency
                   + ", beyond its drawdown limit of "
                   + percentFromBasisPoints(bot.limits.maxDrawdownBasisPoints) + "; it is stopped.";
        } else {
            continue;
        }
        stopBot(botId, bot, why, what);
        escalate(botId, why, what);
    }

    const Money accountLoss = account.dayStartEquity - equityOf(account);
    const Money limit = account.config.limits.maxDailyLoss;
    if (limit.isZero() || accountLoss <= limit)
        return;
    const bool anyRunning =
        std::any_of(account.bots.begin(), account.bots.end(), [](const auto &entry) {
            return entry.first != kManualLedger && entry.second.state == BotState::Running;
        });
    if (!anyRunning && rank(account.state) >= rank(account.config.breachState))
        return; // already acted on
    const std::string what = "The account has lost " + formatAmount(accountLoss, 2) + " " + currency
                             + " today, more than its daily limit of " + formatAmount(limit, 2)
                             + " " + currency + ".";
    for (auto &[botId, bot] : account.bots) {
        if (botId != kManualLedger && bot.state == BotState::Running)
            stopBot(botId, bot, RiskCause::AccountDailyLossBreached,
                    what + " Bot " + std::to_string(botId) + " is stopped.");
    }
    escalate(std::nullopt, RiskCause::AccountDailyLossBreached, what);
}

// --- kill switch and resets ------------------------------------------------------------------

Result<KillSwitchActions> RiskEngine::killSwitch(AccountId accountId, KillMode mode, TimePoint now,
                                                 std::string_view actor, std::string_view reason)
{
    now = effectiveTime(now);
    AccountRiskState *account = findAccount(accountId);
    if (!account)
        return makeError(ErrorCode::NotFound,
                         "account " + std::to_string(accountId) + " has no risk limits");
    if (actor.empty())
        return makeError(ErrorCode::InvalidArgument, "actor: the kill switch needs who pulled it");
    const std::string why = reason.empty() ? std::string() : " (" + std::string(reason) + ")";
    const std::string by = "Kill switch pulled by " + std::string(actor) + why + ":";

    KillSwitchActions actions;
    actions.account = accountId;
    actions.cancelAllOrders = mode.cancelAll;

    const AccountState target = mode.halt ? AccountState::Halted : AccountState::Reducing;
    if (rank(target) > rank(account->state)) {
        actions.events.push_back(
            RiskEvent{now, accountId, std::nullopt, RiskSubject::Account, stateName(account->state),
                      stateName(target), RiskCause::KillSwitch, std::string(actor),
                      by + " the account goes " + std::string(stateName(target)) + "."});
        account->state = target;
    }
    for (auto &[botId, bot] : account->bots) {
        if (botId != kManualLedger && bot.state == BotState::Running) {
            actions.events.push_back(RiskEvent{
                now, accountId, botId, RiskSubject::Bot, stateName(bot.state),
                stateName(BotState::StoppedByRisk), RiskCause::KillSwitch, std::string(actor),
                by + " bot " + std::to_string(botId) + " is stopped."});
            bot.state = BotState::StoppedByRisk;
        }
        if (!mode.flatten)
            continue;
        for (const auto &[symbol, position] : bot.positions) {
            if (position.quantity.isZero())
                continue;
            CloseOrder close;
            close.account = accountId;
            close.bot = botId == kManualLedger ? std::nullopt : std::optional<BotId>(botId);
            close.symbol = symbol;
            close.side = position.quantity.isNegative() ? Side::Buy : Side::Sell;
            close.quantity = absolute(position.quantity);
            actions.closeOrders.push_back(std::move(close));
        }
    }
    return actions;
}

Result<std::vector<RiskEvent>> RiskEngine::resetAccount(AccountId accountId, TimePoint now,
                                                        std::string_view actor,
                                                        std::string_view reason)
{
    now = effectiveTime(now);
    AccountRiskState *account = findAccount(accountId);
    if (!account)
        return makeError(ErrorCode::NotFound,
                         "account " + std::to_string(accountId) + " has no risk limits");
    if (actor.empty())
        return makeError(ErrorCode::InvalidArgument, "actor: a reset needs who made it");
    std::vector<RiskEvent> events;
    if (account->state == AccountState::Active)
        return events;
    const std::string why = reason.empty() ? std::string("no reason given") : std::string(reason);
    events.push_back(
        RiskEvent{now, accountId, std::nullopt, RiskSubject::Account, stateName(account->state),
                  stateName(AccountState::Active), RiskCause::Reset, std::string(actor),
                  "Account reset to ACTIVE by " + std::string(actor) + ": " + why + "."});
    account->state = AccountState::Active;
    account->dayStartEquity = equityOf(*account);
    account->recentOrders.clear();
    return events;
}

Result<std::vector<RiskEvent>> RiskEngine::resetBot(AccountId accountId, BotId botId, TimePoint now,
                                                    std::string_view actor, std::string_view reason)
{
    now = effectiveTime(now);
    AccountRiskState *account = findAccount(accountId);
    if (!account)
        return makeError(ErrorCode::NotFound,
                         "account " + std::to_string(accountId) + " has no risk limits");
    const auto found = account->bots.find(botId);
    if (botId == kManualLedger || found == account->bots.end())
        return makeError(ErrorCode::NotFound,
                         "bot " + std::to_string(botId) + " has no risk limits");
    if (actor.empty())
        return makeError(ErrorCode::InvalidArgument, "actor: a reset needs who made it");
    std::vector<RiskEvent> events;
    BotRiskState &bot = found->second;
    if (bot.state == BotState::Running)
        return events;
    const std::string why = reason.empty() ? std::string("no reason given") : std::string(reason);
    events.push_back(RiskEvent{now, accountId, botId, RiskSubject::Bot, stateName(bot.state),
                               stateName(BotState::Running), RiskCause::Reset, std::string(actor),
                               "Bot " + std::to_string(botId) + " reset to RUNNING by "
                                   + std::string(actor) + ": " + why + "."});
    bot.state = BotState::Running;
    const Money equity = equityOf(bot);
    bot.dayStartEquity = equity;
    bot.peakEquity = equity;
    return events;
}

// --- queries ---------------------------------------------------------------------------------

AccountRiskState *RiskEngine::findAccount(AccountId account)
{
    const auto found = m_state.accounts.find(account);
    return found == m_state.accounts.end() ? nullptr : &found->second;
}

const AccountRiskState *RiskEngine::findAccount(AccountId account) const
{
    const auto found = m_state.accounts.find(account);
    return found == m_state.accounts.end() ? nullptr : &found->second;
}

Price RiskEngine::markOf(std::string_view symbol, const PositionState &position) const
{
    if (const auto found = m_state.marks.find(symbol); found != m_state.marks.end())
        return found->second;
    // No mark yet (a restored state): value the position at its average entry.
    if (position.quantity.isZero())
        return Price();
    const std::int64_t cost = position.cost.raw() < 0 ? -position.cost.raw() : position.cost.raw();
    const std::int64_t open =
        position.quantity.raw() < 0 ? -position.quantity.raw() : position.quantity.raw();
    return Price::fromRaw(roundedDivide(static_cast<Int128>(cost) * Price::kScale, open));
}

Money RiskEngine::equityOf(const BotRiskState &bot) const
{
    Money equity = bot.capital + bot.realizedPnl;
    for (const auto &[symbol, position] : bot.positions) {
        if (const auto mark = m_state.marks.find(symbol); mark != m_state.marks.end())
            equity += notional(mark->second, position.quantity) - position.cost;
    }
    return equity;
}

Money RiskEngine::equityOf(const AccountRiskState &account) const
{
    Money equity;
    for (const auto &[id, bot] : account.bots)
        equity += equityOf(bot);
    return equity;
}

PositionState RiskEngine::netPosition(const AccountRiskState &account,
                                      std::string_view symbol) const
{
    PositionState net;
    for (const auto &[id, bot] : account.bots) {
        if (const auto held = bot.positions.find(symbol); held != bot.positions.end()) {
            net.quantity += held->second.quantity;
            net.cost += held->second.cost;
        }
    }
    return net;
}

Money RiskEngine::grossExposureOf(const AccountRiskState &account) const
{
    std::map<std::string_view, PositionState> net;
    for (const auto &[id, bot] : account.bots) {
        for (const auto &[symbol, position] : bot.positions) {
            PositionState &sum = net[symbol];
            sum.quantity += position.quantity;
            sum.cost += position.cost;
        }
    }
    Money exposure;
    for (const auto &[symbol, position] : net) {
        if (!position.quantity.isZero())
            exposure += absolute(notional(markOf(symbol, position), position.quantity));
    }
    return exposure;
}

std::optional<AccountState> RiskEngine::accountState(AccountId account) const
{
    const AccountRiskState *state = findAccount(account);
    return state ? std::optional(state->state) : std::nullopt;
}

std::optional<BotState> RiskEngine::botState(AccountId account, BotId bot) const
{
    const AccountRiskState *state = findAccount(account);
    if (!state || bot == kManualLedger)
        return std::nullopt;
    const auto found = state->bots.find(bot);
    return found == state->bots.end() ? std::nullopt : std::optional(found->second.state);
}

std::optional<Quantity> RiskEngine::position(AccountId account, std::optional<BotId> bot,
                                             std::string_view symbol) const
{
    const AccountRiskState *state = findAccount(account);
    if (!state)
        return std::nullopt;
    const auto found = state->bots.find(bot.value_or(kManualLedger));
    if (found == state->bots.end())
        return std::nullopt;
    const auto held = found->second.positions.find(symbol);
    return held == found->second.positions.end() ? Quantity() : held->second.quantity;
}

std::optional<Money> RiskEngine::botEquity(AccountId account, std::optional<BotId> bot) const
{
    const AccountRiskState *state = findAccount(account);
    if (!state)
        return std::nullopt;
    const auto found = state->bots.find(bot.value_or(kManualLedger));
    return found == state->bots.end() ? std::nullopt : std::optional(equityOf(found->second));
}

std::optional<Money> RiskEngine::botDailyPnl(AccountId account, std::optional<BotId> bot) const
{
    const AccountRiskState *state = findAccount(account);
    if (!state)
        return std::nullopt;
    const auto found = state->bots.find(bot.value_or(kManualLedger));
    if (found == state->bots.end())
        return std::nullopt;
    return equityOf(found->second) - found->second.dayStartEquity;
}

std::optional<Money> RiskEngine::accountDailyPnl(AccountId account) const
{
    const AccountRiskState *state = findAccount(account);
    return state ? std::optional(equityOf(*state) - state->dayStartEquity) : std::nullopt;
}

std::optional<Money> RiskEngine::grossExposure(AccountId account) const
{
    const AccountRiskState *state = findAccount(account);
    return state ? std::optional(grossExposureOf(*state)) : std::nullopt;
}

} // namespace bcf::risk
