#include "bots/dca_bot.h"

#include "bots/snapshot_text.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

namespace bcf::bots {
namespace {

using trading::OrderState;
using trading::OrderType;
using trading::Side;

constexpr int kMaxSafetyOrders = 50;
constexpr std::int32_t kMinScalePercent = 10;
constexpr std::int32_t kMaxScalePercent = 1000;
constexpr std::int32_t kMaxTakeProfitBasisPoints = 100'000;
constexpr int kMaxCooldownBars = 100'000;
constexpr std::int64_t kE18 = 1'000'000'000'000'000'000;
constexpr std::int64_t kBasisPointsE18 = 100'000'000'000'000; // 10^18 / 10^4
constexpr std::int64_t kMoneyToE18 = 10'000'000'000;          // 10^18 / 10^8
constexpr std::string_view kHeader = "bcf-dca-bot 1";

// Why the bot last logged that it is not opening a cycle (logged once per reason).
enum WaitReason : int { kNotWaiting = 0, kNoPrice, kOrdersWorking, kHolding, kBaseTooSmall };

Error invalid(std::string message)
{
    return {ErrorCode::InvalidArgument, std::move(message)};
}

// A fraction × 10^18 as a percentage with two decimals ("2.50").
std::string percentText(Int128 fractionE18)
{
    return Quantity::fromRaw(roundedDivide(fractionE18, kE18 / Quantity::kScale / 100)).toString(2);
}

Price averagePrice(Money notionalSum, Quantity quantity)
{
    return Price::fromRaw(
        roundedDivide(static_cast<Int128>(notionalSum.raw()) * Price::kScale, quantity.raw()));
}

std::string closedWord(OrderState state)
{
    switch (state) {
    case OrderState::Cancelled:
        return "cancelled";
    case OrderState::Rejected:
        return "rejected";
    case OrderState::Expired:
        return "expired";
    default:
        return "closed";
    }
}

std::string because(const std::string &reason)
{
    return reason.empty() ? std::string() : " (" + reason + ")";
}

char safetyLetter(DcaBot::SafetyState state)
{
    switch (state) {
    case DcaBot::SafetyState::Working:
        return 'W';
    case DcaBot::SafetyState::Filled:
        return 'F';
    case DcaBot::SafetyState::Skipped:
        return 'S';
    case DcaBot::SafetyState::Closed:
        return 'C';
    }
    return 'S';
}

} // namespace

Result<std::vector<DcaSafetyStep>> dcaSafetyPlan(const DcaConfig &config)
{
    if (config.maxSafetyOrders < 0 || config.maxSafetyOrders > kMaxSafetyOrders)
        return std::unexpected(invalid("maxSafetyOrders: must be between 0 and 50 (got "
            + std::to_string(config.maxSafetyOrders) + ")"));
    const std::int32_t minimumDeviation = config.maxSafetyOrders > 0 ? 1 : 0;
    if (config.priceDeviationBasisPoints < minimumDeviation
        || config.priceDeviationBasisPoints > 9'999)
        return std::unexpected(
            invalid("priceDeviationBasisPoints: must be between " + std::to_string(minimumDeviation)
                + " and 9999 (got " + std::to_string(config.priceDeviationBasisPoints) + ")"));
    if (config.stepScalePercent < kMinScalePercent || config.stepScalePercent > kMaxScalePercent)
        return std::unexpected(invalid("stepScalePercent: must be between 10 and 1000 (got "
            + std::to_string(config.stepScalePercent) + ")"));
    if (config.volumeScalePercent < kMinScalePercent
        || config.volumeScalePercent > kMaxScalePercent)
        return std::unexpected(invalid("volumeScalePercent: must be between 10 and 1000 (got "
            + std::to_string(config.volumeScalePercent) + ")"));

    // Exact to 10^-18 of the base price and of a quote unit; each step rounds half up.
    std::vector<DcaSafetyStep> plan;
    Int128 step = static_cast<Int128>(config.priceDeviationBasisPoints) * kBasisPointsE18;
    Int128 deviation = 0;
    Int128 volume = static_cast<Int128>(config.safetyOrderQuote.raw()) * kMoneyToE18;
    const Int128 maximumVolume = static_cast<Int128>(INT64_MAX) * kMoneyToE18;
    for (int k = 1; k <= config.maxSafetyOrders; ++k) {
        deviation += step;
        if (deviation >= kE18)
            return std::unexpected(invalid("priceDeviationBasisPoints: with stepScalePercent "
                + std::to_string(config.stepScalePercent) + " safety order " + std::to_string(k)
                + " would be " + percentText(deviation)
                + "% below the base price; lower the deviation, the step scale or "
                  "maxSafetyOrders"));
        if (volume > maximumVolume)
            return std::unexpected(invalid("volumeScalePercent: safety order " + std::to_string(k)
                + " would be larger than any amount of money"));
        DcaSafetyStep entry;
        entry.deviationE18 = static_cast<std::int64_t>(deviation);
        entry.volume
            = Money::fromRaw(static_cast<std::int64_t>((volume + kMoneyToE18 / 2) / kMoneyToE18));
        plan.push_back(entry);
        step = (step * config.stepScalePercent + 50) / 100;
        volume = std::min((volume * config.volumeScalePercent + 50) / 100, maximumVolume + 1);
    }
    return plan;
}

Result<std::unique_ptr<DcaBot>> makeDcaBot(DcaConfig config, InstrumentRules rules)
{
    if (rules.tickSize.raw() <= 0)
        return std::unexpected(invalid("tickSize: must be positive"));
    if (rules.lotSize.raw() <= 0)
        return std::unexpected(invalid("lotSize: must be positive"));
    if (rules.minNotional.isNegative())
        return std::unexpected(invalid("minNotional: must not be negative"));
    if (config.baseOrderQuote.raw() <= 0)
        return std::unexpected(invalid(
            "baseOrderQuote: must be positive (got " + config.baseOrderQuote.toString() + ")"));
    if (config.baseOrderQuote < rules.minNotional)
        return std::unexpected(invalid("baseOrderQuote: " + config.baseOrderQuote.toString()
            + " is below the minimum notional " + rules.minNotional.toString()));
    if (config.maxSafetyOrders > 0) {
        if (config.safetyOrderQuote.raw() <= 0)
            return std::unexpected(invalid("safetyOrderQuote: must be positive (got "
                + config.safetyOrderQuote.toString() + ")"));
        if (config.safetyOrderQuote < rules.minNotional)
            return std::unexpected(invalid("safetyOrderQuote: " + config.safetyOrderQuote.toString()
                + " is below the minimum notional " + rules.minNotional.toString()));
    } else if (config.safetyOrderQuote.isNegative()) {
        return std::unexpected(invalid("safetyOrderQuote: must not be negative"));
    }
    auto plan = dcaSafetyPlan(config);
    if (!plan)
        return std::unexpected(plan.error());
    if (config.takeProfitBasisPoints < 1
        || config.takeProfitBasisPoints > kMaxTakeProfitBasisPoints)
        return std::unexpected(invalid("takeProfitBasisPoints: must be between 1 and 100000 (got "
            + std::to_string(config.takeProfitBasisPoints) + ")"));
    if (config.cooldownBars < 0 || config.cooldownBars > kMaxCooldownBars)
        return std::unexpected(invalid("cooldownBars: must be between 0 and 100000 (got "
            + std::to_string(config.cooldownBars) + ")"));
    return std::make_unique<DcaBot>(config, rules, std::move(*plan));
}

DcaBot::DcaBot(DcaConfig config, InstrumentRules rules, std::vector<DcaSafetyStep> plan)
    : m_config(config), m_rules(rules), m_plan(std::move(plan))
{
}

Price DcaBot::safetyPrice(int k, Price basePrice) const
{
    const DcaSafetyStep &step = m_plan.at(static_cast<std::size_t>(k - 1));
    const Int128 raw = static_cast<Int128>(basePrice.raw()) * (kE18 - step.deviationE18) / kE18;
    return Price::fromRaw(static_cast<std::int64_t>(raw)).floorTo(m_rules.tickSize);
}

Quantity DcaBot::safetyQuantity(int k, Price safetyOrderPrice) const
{
    if (safetyOrderPrice.raw() <= 0)
        return Quantity();
    const DcaSafetyStep &step = m_plan.at(static_cast<std::size_t>(k - 1));
    const Int128 raw
        = static_cast<Int128>(step.volume.raw()) * Quantity::kScale / safetyOrderPrice.raw();
    return Quantity::fromRaw(static_cast<std::int64_t>(raw)).floorTo(m_rules.lotSize);
}

Price DcaBot::takeProfitPrice(Money cost, Quantity quantity) const
{
    const Int128 numerator = static_cast<Int128>(cost.raw())
        * (10'000 + m_config.takeProfitBasisPoints) * Price::kScale;
    const Int128 denominator = static_cast<Int128>(quantity.raw()) * 10'000;
    Int128 raw = numerator / denominator;
    if (numerator % denominator != 0)
        ++raw;
    const Price exact = Price::fromRaw(static_cast<std::int64_t>(raw));
    const Price floor = exact.floorTo(m_rules.tickSize);
    return floor == exact ? floor : floor + m_rules.tickSize;
}

Price DcaBot::averageEntry() const
{
    if (m_holdingQuantity.raw() <= 0)
        return Price();
    return averagePrice(m_holdingCost, m_holdingQuantity);
}

std::string DcaBot::cyclePrefix() const
{
    return "dca:c" + std::to_string(m_cycle) + ":";
}

bool DcaBot::isFlat(const BotView &view, Price price) const
{
    if (view.position.raw() <= 0)
        return true;
    const Quantity sellable = view.position.floorTo(m_rules.lotSize);
    return sellable.isZero()
        || (price.raw() > 0 && notional(price, sellable) < m_rules.minNotional);
}

void DcaBot::recordBuy(Price price, Quantity quantity)
{
    const Money cost = notional(price, quantity);
    m_boughtQuantity += quantity;
    m_boughtCost += cost;
    m_holdingQuantity += quantity;
    m_holdingCost += cost;
}

void DcaBot::recordSell(Price price, Quantity quantity)
{
    m_soldQuantity += quantity;
    m_soldProceeds += notional(price, quantity);
    // Average cost: a sale takes its share of the cost with it and leaves the average unchanged.
    if (m_holdingQuantity.raw() <= 0)
        return;
    const Quantity taken = std::min(quantity, m_holdingQuantity);
    const Money cost = Money::fromRaw(roundedDivide(
        static_cast<Int128>(m_holdingCost.raw()) * taken.raw(), m_holdingQuantity.raw()));
    m_holdingQuantity -= taken;
    m_holdingCost -= cost;
}

void DcaBot::onStart(const BotView &view, BotActions &out)
{
    if (m_started) {
        resume(view, out);
        return;
    }
    m_started = true;
    tryOpen(view.lastPrice, view, out);
}

void DcaBot::tryOpen(Price price, const BotView &view, BotActions &out)
{
    if (m_phase != Phase::Idle)
        return;
    if (m_cooling && m_barsSinceClose <= m_config.cooldownBars)
        return;
    auto wait = [&](int reason, std::string sentence) {
        if (m_waitReason != reason)
            out.log.push_back(std::move(sentence));
        m_waitReason = reason;
    };
    if (price.raw() <= 0)
        return wait(kNoPrice, "DCA waiting for the first price before opening a cycle");
    if (!view.working.empty())
        return wait(kOrdersWorking,
            "DCA waiting for its " + std::to_string(view.working.size())
                + " working orders to close before opening a cycle");
    if (!isFlat(view, price))
        return wait(kHolding,
            "DCA not opening a cycle: the bot still holds " + view.position.toString()
                + "; it opens one once that is sold");
    const Int128 raw
        = static_cast<Int128>(m_config.baseOrderQuote.raw()) * Quantity::kScale / price.raw();
    const Quantity quantity
        = Quantity::fromRaw(static_cast<std::int64_t>(raw)).floorTo(m_rules.lotSize);
    if (quantity.isZero() || notional(price, quantity) < m_rules.minNotional)
        return wait(kBaseTooSmall,
            "DCA base order not placed: " + m_config.baseOrderQuote.toString() + " buys "
                + quantity.toString() + " at " + price.toString()
                + ", below the lot or the minimum notional " + m_rules.minNotional.toString());

    ++m_cycle;
    m_waitReason = kNotWaiting;
    m_cooling = false;
    m_barsSinceClose = 0;
    m_phase = Phase::Opening;
    m_baseAttempt = 1;
    m_baseKey = cyclePrefix() + "base#1";
    m_baseFilled = Quantity();
    m_baseNotional = Money();
    m_basePrice = Price();
    m_boughtQuantity = Quantity();
    m_boughtCost = Money();
    m_soldQuantity = Quantity();
    m_soldProceeds = Money();
    m_holdingQuantity = Quantity();
    m_holdingCost = Money();
    m_safeties.clear();
    m_takeProfitKey.clear();
    m_takeProfitAttempt = 0;

    BotOrder order;
    order.key = m_baseKey;
    order.type = OrderType::Market;
    order.side = Side::Buy;
    order.quantity = quantity;
    out.place.push_back(std::move(order));
    out.log.push_back("DCA cycle " + std::to_string(m_cycle) + " opened: market buy of "
        + quantity.toString() + " at about " + price.toString());
}

void DcaBot::baseDone(const BotView &view, BotActions &out)
{
    if (m_baseFilled.isZero()) {
        // Nothing bought: the cycle never opened; try again after the cooldown.
        m_phase = Phase::Idle;
        m_cooling = true;
        m_barsSinceClose = 0;
        return;
    }
    m_phase = Phase::Open;
    m_basePrice = averagePrice(m_baseNotional, m_baseFilled);
    out.log.push_back("DCA cycle " + std::to_string(m_cycle) + " base order bought "
        + m_baseFilled.toString() + " at " + m_basePrice.toString());
    placeTakeProfit(view, out);
    m_safeties.assign(m_plan.size(), Safety{});
    for (int k = 1; k <= static_cast<int>(m_plan.size()); ++k) {
        Safety &safety = m_safeties[static_cast<std::size_t>(k - 1)];
        safety.price = safetyPrice(k, m_basePrice);
        safety.quantity = safetyQuantity(k, safety.price);
        if (safety.price.raw() <= 0 || safety.quantity.isZero()
            || notional(safety.price, safety.quantity) < m_rules.minNotional) {
            safety.state = SafetyState::Skipped;
            out.log.push_back("DCA safety order " + std::to_string(k) + " at "
                + safety.price.toString() + " not placed: " + safety.quantity.toString()
                + " is below the lot or the minimum notional " + m_rules.minNotional.toString());
            continue;
        }
        safety.state = SafetyState::Working;
        safety.attempt = 1;
        safety.key = cyclePrefix() + "so" + std::to_string(k) + "#1";
        BotOrder order;
        order.key = safety.key;
        order.type = OrderType::Limit;
        order.side = Side::Buy;
        order.quantity = safety.quantity;
        order.price = safety.price;
        out.place.push_back(std::move(order));
    }
}

void DcaBot::placeTakeProfit(const BotView &view, BotActions &out)
{
    m_takeProfitKey.clear();
    const Quantity quantity
        = view.position.raw() > 0 ? view.position.floorTo(m_rules.lotSize) : Quantity();
    if (quantity.isZero() || m_holdingQuantity.raw() <= 0) {
        out.log.push_back("DCA take-profit not placed: the bot holds nothing to sell");
        return;
    }
    const Price price = takeProfitPrice(m_holdingCost, m_holdingQuantity);
    if (notional(price, quantity) < m_rules.minNotional) {
        out.log.push_back("DCA take-profit not placed: " + quantity.toString() + " at "
            + price.toString() + " is below the minimum notional "
            + m_rules.minNotional.toString());
        return;
    }
    ++m_takeProfitAttempt;
    m_takeProfitKey = cyclePrefix() + "tp#" + std::to_string(m_takeProfitAttempt);
    BotOrder order;
    order.key = m_takeProfitKey;
    order.type = OrderType::Limit;
    order.side = Side::Sell;
    order.quantity = quantity;
    order.price = price;
    out.place.push_back(std::move(order));
    out.log.push_back("DCA cycle " + std::to_string(m_cycle) + " take-profit: sell "
        + quantity.toString() + " at " + price.toString() + " (average entry "
        + averageEntry().toString() + ")");
}

void DcaBot::closeCycle(BotActions &out)
{
    for (Safety &safety : m_safeties) {
        if (safety.state == SafetyState::Working) {
            out.cancel.push_back(safety.key);
            safety.state = SafetyState::Closed;
        }
    }
    if (!m_takeProfitKey.empty())
        out.cancel.push_back(m_takeProfitKey);
    m_takeProfitKey.clear();
    const Money profit = m_soldProceeds - m_boughtCost;
    std::string sentence = "DCA cycle " + std::to_string(m_cycle) + " closed: bought "
        + m_boughtQuantity.toString() + " for " + m_boughtCost.toString() + ", sold "
        + m_soldQuantity.toString() + " for " + m_soldProceeds.toString() + ", profit "
        + profit.toString();
    if (m_boughtCost.raw() > 0)
        sentence += " ("
            + percentText(static_cast<Int128>(profit.raw()) * kE18 / m_boughtCost.raw()) + "%)";
    out.log.push_back(std::move(sentence));
    m_totalProfit += profit;
    ++m_cyclesCompleted;
    m_phase = Phase::Idle;
    m_cooling = true;
    m_barsSinceClose = 0;
}

void DcaBot::onBar(
    const model::Candle &bar, TimePoint /*closeTime*/, const BotView &view, BotActions &out)
{
    if (m_cooling)
        ++m_barsSinceClose;
    m_started = true;
    const Price price = view.lastPrice.raw() > 0 ? view.lastPrice : bar.close;
    switch (m_phase) {
    case Phase::Idle:
        tryOpen(price, view, out);
        break;
    case Phase::Opening:
        break;
    case Phase::Open:
        if (m_takeProfitKey.empty()) {
            if (isFlat(view, price))
                closeCycle(out);
            else
                placeTakeProfit(view, out);
        }
        break;
    }
}

void DcaBot::onFill(const BotFill &fill, const BotView &view, BotActions &out)
{
    if (m_phase == Phase::Opening && fill.key == m_baseKey) {
        recordBuy(fill.price, fill.quantity);
        m_baseFilled += fill.quantity;
        m_baseNotional += notional(fill.price, fill.quantity);
        if (fill.orderDone)
            baseDone(view, out);
        return;
    }
    if (m_phase != Phase::Open) {
        out.log.push_back("DCA: fill of " + fill.quantity.toString() + " for " + fill.key
            + ", which belongs to no open cycle");
        return;
    }
    for (std::size_t i = 0; i < m_safeties.size(); ++i) {
        Safety &safety = m_safeties[i];
        if (safety.state != SafetyState::Working || safety.key != fill.key)
            continue;
        recordBuy(fill.price, fill.quantity);
        safety.filled += fill.quantity;
        if (!fill.orderDone)
            return;
        safety.state = SafetyState::Filled;
        out.log.push_back("DCA cycle " + std::to_string(m_cycle) + " safety order "
            + std::to_string(i + 1) + " bought " + safety.filled.toString() + " at "
            + safety.price.toString() + "; average entry now " + averageEntry().toString());
        if (!m_takeProfitKey.empty())
            out.cancel.push_back(m_takeProfitKey);
        placeTakeProfit(view, out);
        return;
    }
    if (fill.key.starts_with(cyclePrefix() + "tp#")) {
        recordSell(fill.price, fill.quantity);
        if (!fill.orderDone)
            return;
        if (fill.key == m_takeProfitKey) {
            m_takeProfitKey.clear();
            closeCycle(out);
        } else if (isFlat(view, fill.price)) {
            // An earlier take-profit filled before its cancel arrived and sold everything.
            closeCycle(out);
        } else {
            if (!m_takeProfitKey.empty())
                out.cancel.push_back(m_takeProfitKey);
            placeTakeProfit(view, out);
        }
        return;
    }
    out.log.push_back("DCA: fill of " + fill.quantity.toString() + " for " + fill.key
        + ", which is not an order of the open cycle");
}

void DcaBot::onOrderClosed(const BotOrderClosed &closed, const BotView &view, BotActions &out)
{
    const std::string what = closedWord(closed.state) + because(closed.reason);
    if (m_phase == Phase::Opening && closed.key == m_baseKey) {
        out.log.push_back("DCA cycle " + std::to_string(m_cycle) + " base order was " + what
            + (m_baseFilled.isZero() ? "; a new cycle opens after the cooldown"
                                     : " after filling " + m_baseFilled.toString()));
        baseDone(view, out);
        return;
    }
    if (m_phase != Phase::Open)
        return;
    for (std::size_t i = 0; i < m_safeties.size(); ++i) {
        Safety &safety = m_safeties[i];
        if (safety.state != SafetyState::Working || safety.key != closed.key)
            continue;
        if (safety.filled.isZero()) {
            safety.state = SafetyState::Closed;
            out.log.push_back("DCA cycle " + std::to_string(m_cycle) + " safety order "
                + std::to_string(i + 1) + " at " + safety.price.toString() + " was " + what
                + "; it is not placed again in this cycle");
            return;
        }
        safety.state = SafetyState::Filled;
        out.log.push_back("DCA cycle " + std::to_string(m_cycle) + " safety order "
            + std::to_string(i + 1) + " was " + what + " after buying " + safety.filled.toString()
            + "; average entry now " + averageEntry().toString());
        if (!m_takeProfitKey.empty())
            out.cancel.push_back(m_takeProfitKey);
        placeTakeProfit(view, out);
        return;
    }
    if (!m_takeProfitKey.empty() && closed.key == m_takeProfitKey) {
        m_takeProfitKey.clear();
        out.log.push_back("DCA cycle " + std::to_string(m_cycle) + " take-profit was " + what
            + "; it is placed again at the next bar");
    }
}

void DcaBot::resume(const BotView &view, BotActions &out)
{
    switch (m_phase) {
    case Phase::Idle:
        tryOpen(view.lastPrice, view, out);
        return;
    case Phase::Opening:
        if (!view.working.contains(m_baseKey)) {
            out.log.push_back("DCA cycle " + std::to_string(m_cycle)
                + " base order left the venue while the bot was stopped");
            baseDone(view, out);
        }
        return;
    case Phase::Open:
        break;
    }
    bool bought = false;
    int replaced = 0;
    for (std::size_t i = 0; i < m_safeties.size(); ++i) {
        Safety &safety = m_safeties[i];
        if (safety.state != SafetyState::Working || view.working.contains(safety.key))
            continue;
        if (!safety.filled.isZero()) {
            safety.state = SafetyState::Filled;
            bought = true;
            continue;
        }
        // Gone without a fill while the bot was stopped: the same order under a new key.
        ++safety.attempt;
        safety.key
            = cyclePrefix() + "so" + std::to_string(i + 1) + "#" + std::to_string(safety.attempt);
        BotOrder order;
        order.key = safety.key;
        order.type = OrderType::Limit;
        order.side = Side::Buy;
        order.quantity = safety.quantity;
        order.price = safety.price;
        out.place.push_back(std::move(order));
        ++replaced;
    }
    const bool takeProfitWorking
        = !m_takeProfitKey.empty() && view.working.contains(m_takeProfitKey);
    if (!takeProfitWorking && isFlat(view, view.lastPrice)) {
        out.log.push_back("DCA cycle " + std::to_string(m_cycle)
            + " found nothing left to sell after the restart");
        m_takeProfitKey.clear();
        closeCycle(out);
        return;
    }
    if (bought || !takeProfitWorking) {
        if (takeProfitWorking)
            out.cancel.push_back(m_takeProfitKey);
        placeTakeProfit(view, out);
    }
    out.log.push_back("DCA cycle " + std::to_string(m_cycle)
        + " resumed: " + std::to_string(replaced) + " safety orders placed again");
}

std::string DcaBot::snapshot() const
{
    std::string text(kHeader);
    text += "\n";
    auto line = [&text](const std::string &key, const std::string &value) {
        text += key + "=" + value + "\n";
    };
    const char *phase = m_phase == Phase::Idle ? "idle"
        : m_phase == Phase::Opening            ? "opening"
                                               : "open";
    line("started", m_started ? "1" : "0");
    line("waitReason", std::to_string(m_waitReason));
    line("phase", phase);
    line("cycle", std::to_string(m_cycle));
    line("cyclesCompleted", std::to_string(m_cyclesCompleted));
    line("cooling", std::string(m_cooling ? "1" : "0") + " " + std::to_string(m_barsSinceClose));
    line("base",
        keyText(m_baseKey) + " " + std::to_string(m_baseAttempt) + " " + m_baseFilled.toString()
            + " " + m_baseNotional.toString() + " " + m_basePrice.toString());
    line("bought", m_boughtQuantity.toString() + " " + m_boughtCost.toString());
    line("sold", m_soldQuantity.toString() + " " + m_soldProceeds.toString());
    line("holding", m_holdingQuantity.toString() + " " + m_holdingCost.toString());
    line("takeProfit", keyText(m_takeProfitKey) + " " + std::to_string(m_takeProfitAttempt));
    line("totalProfit", m_totalProfit.toString());
    line("safeties", std::to_string(m_safeties.size()));
    for (std::size_t i = 0; i < m_safeties.size(); ++i) {
        const Safety &safety = m_safeties[i];
        line("safety." + std::to_string(i + 1),
            std::string(1, safetyLetter(safety.state)) + " " + keyText(safety.key) + " "
                + std::to_string(safety.attempt) + " " + safety.price.toString() + " "
                + safety.quantity.toString() + " " + safety.filled.toString());
    }
    return text;
}

Status DcaBot::restore(const std::string &snapshot)
{
    SnapshotReader reader("dca snapshot", snapshot, kHeader);
    DcaBot next(m_config, m_rules, m_plan);
    constexpr std::int64_t kMaxCount = INT32_MAX;

    next.m_started = reader.flag(reader.take("started", 1)[0], "started");
    next.m_waitReason = static_cast<int>(
        reader.integer(reader.take("waitReason", 1)[0], "waitReason", 0, kBaseTooSmall));
    const std::string phase = reader.take("phase", 1)[0];
    if (phase == "idle")
        next.m_phase = Phase::Idle;
    else if (phase == "opening")
        next.m_phase = Phase::Opening;
    else if (phase == "open")
        next.m_phase = Phase::Open;
    else
        reader.fail("phase \"" + phase + "\" is not idle, opening or open");
    next.m_cycle
        = static_cast<int>(reader.integer(reader.take("cycle", 1)[0], "cycle", 0, kMaxCount));
    next.m_cyclesCompleted = static_cast<int>(
        reader.integer(reader.take("cyclesCompleted", 1)[0], "cyclesCompleted", 0, kMaxCount));
    const auto cooling = reader.take("cooling", 2);
    next.m_cooling = reader.flag(cooling[0], "cooling");
    next.m_barsSinceClose = reader.integer(cooling[1], "cooling", 0, INT64_MAX);
    const std::string prefix = "dca:c" + std::to_string(next.m_cycle) + ":";
    const auto base = reader.take("base", 5);
    next.m_baseKey = reader.key(base[0], "base", prefix + "base#");
    next.m_baseAttempt = static_cast<int>(reader.integer(base[1], "base", 0, kMaxCount));
    next.m_baseFilled = reader.decimal<Quantity>(base[2], "base");
    next.m_baseNotional = reader.decimal<Money>(base[3], "base");
    next.m_basePrice = reader.decimal<Price>(base[4], "base");
    const auto bought = reader.take("bought", 2);
    next.m_boughtQuantity = reader.decimal<Quantity>(bought[0], "bought");
    next.m_boughtCost = reader.decimal<Money>(bought[1], "bought");
    const auto sold = reader.take("sold", 2);
    next.m_soldQuantity = reader.decimal<Quantity>(sold[0], "sold");
    next.m_soldProceeds = reader.decimal<Money>(sold[1], "sold");
    const auto holding = reader.take("holding", 2);
    next.m_holdingQuantity = reader.decimal<Quantity>(holding[0], "holding");
    next.m_holdingCost = reader.decimal<Money>(holding[1], "holding");
    const auto takeProfit = reader.take("takeProfit", 2);
    next.m_takeProfitKey = reader.key(takeProfit[0], "takeProfit", prefix + "tp#");
    next.m_takeProfitAttempt
        = static_cast<int>(reader.integer(takeProfit[1], "takeProfit", 0, kMaxCount));
    next.m_totalProfit = reader.decimal<Money>(reader.take("totalProfit", 1)[0], "totalProfit");
    const auto count
        = reader.integer(reader.take("safeties", 1)[0], "safeties", 0, kMaxSafetyOrders);
    for (std::int64_t k = 1; k <= count; ++k) {
        const std::string name = "safety." + std::to_string(k);
        const auto values = reader.take(name, 6);
        Safety safety;
        if (values[0] == "W")
            safety.state = SafetyState::Working;
        else if (values[0] == "F")
            safety.state = SafetyState::Filled;
        else if (values[0] == "S")
            safety.state = SafetyState::Skipped;
        else if (values[0] == "C")
            safety.state = SafetyState::Closed;
        else
            reader.fail(name + " state \"" + values[0] + "\" is not W, F, S or C");
        safety.key = reader.key(values[1], name, prefix + "so" + std::to_string(k) + "#");
        safety.attempt = static_cast<int>(reader.integer(values[2], name, 0, kMaxCount));
        safety.price = reader.decimal<Price>(values[3], name);
        safety.quantity = reader.decimal<Quantity>(values[4], name);
        safety.filled = reader.decimal<Quantity>(values[5], name);
        if (safety.state == SafetyState::Working && safety.key.empty())
            reader.fail(name + " is working without a key");
        next.m_safeties.push_back(std::move(safety));
    }
    if (next.m_phase == Phase::Opening && next.m_baseKey.empty())
        reader.fail("an opening cycle needs its base order key");
    if (next.m_holdingQuantity.isNegative() || next.m_holdingCost.isNegative()
        || next.m_baseFilled.isNegative())
        reader.fail("negative holdings");
    if (auto error = reader.finish())
        return std::unexpected(*error);
    *this = std::move(next);
    return {};
}

} // namespace bcf::bots
