#include "strategy/kernel.h"

#include <cmath>

namespace bcf::strategy {

namespace {

using model::Side;

std::int64_t percentToMicros(double percent) { return std::llround(percent * 1'000'000.0); }

// A price level or distance computed by an indicator, to fixed point (rounded to the nearest
// 1e-8). Non-finite or negative values mean "no level".
Price priceFromDouble(double value)
{
    if (!std::isfinite(value) || value <= 0 || value > 9.0e10)
        return Price::fromRaw(-1);
    return Price::fromRaw(std::llround(value * static_cast<double>(Price::kScale)));
}

Quantity quantityFromMoney(Money money, Price price, Quantity lot)
{
    if (price.raw() <= 0 || money.raw() <= 0)
        return {};
    const Int128 raw = static_cast<Int128>(money.raw()) * Price::kScale / price.raw();
    if (raw > INT64_MAX)
        return {};
    return Quantity::fromRaw(static_cast<std::int64_t>(raw)).floorTo(lot);
}

Money shareOf(Money amount, std::int64_t percentMicros)
{
    return Money::fromRaw(roundedDivide(static_cast<Int128>(amount.raw()) * percentMicros, 100'000'000));
}

} // namespace

StrategyKernel::StrategyKernel(std::shared_ptr<const Program> program, SymbolRules rules)
    : m_state(std::move(program)), m_rules(rules),
      m_pendingStop(Price::fromRaw(-1)), m_pendingTake(Price::fromRaw(-1)), m_pendingTrail(Price::fromRaw(-1))
{
    const SizingDecl &sizing = m_state.program().sizing;
    switch (sizing.mode) {
    case SizingMode::Units:
        m_fixedUnits = Quantity::parse(sizing.text).value_or(Quantity{}).floorTo(m_rules.lotSize);
        break;
    case SizingMode::Cash: m_fixedCash = Money::parse(sizing.text).value_or(Money{}); break;
    case SizingMode::PercentOfEquity:
    case SizingMode::RiskPercent: m_percentMicros = percentToMicros(sizing.value); break;
    }
}

bool StrategyKernel::entryAllowed(TimePoint openTime) const
{
    const TimeFilterDecl &filter = m_state.program().timeFilter;
    if (!filter.hasHours && !filter.hasDays)
        return true;
    const Calendar calendar = calendarOf(toUnixMillis(openTime));
    const int hour = calendar.hour;
    const int weekday = calendar.dayOfWeek;
    if (filter.hasDays && !filter.days[static_cast<std::size_t>(weekday)])
        return false;
    if (filter.hasHours) {
        const bool inside = filter.fromHour < filter.toHour ? hour >= filter.fromHour && hour < filter.toHour
                                                            : hour >= filter.fromHour || hour < filter.toHour;
        if (!inside)
            return false;
    }
    return true;
}

Price StrategyKernel::distanceOf(const Protection &protection) const
{
    if (!protection.enabled || protection.isPercent)
        return Price::fromRaw(-1);
    return priceFromDouble(m_state.value(protection.distance));
}

Quantity StrategyKernel::entryQuantity(Money equity, Price close) const
{
    const SizingDecl &sizing = m_state.program().sizing;
    switch (sizing.mode) {
    case SizingMode::Units: return m_fixedUnits;
    case SizingMode::Cash: return quantityFromMoney(m_fixedCash, close, m_rules.lotSize);
    case SizingMode::PercentOfEquity: return quantityFromMoney(shareOf(equity, m_percentMicros), close, m_rules.lotSize);
    case SizingMode::RiskPercent: {
        const Protection &stop = m_state.program().stopLoss;
        Price distance = stop.isPercent
                             ? Price::fromRaw(std::llround(static_cast<double>(close.raw()) * stop.percent / 100.0))
                             : m_pendingStop;
        if (distance.raw() <= 0)
            return {};
        // quantity = risked money / stop distance
        return quantityFromMoney(shareOf(equity, m_percentMicros), distance, m_rules.lotSize);
    }
    }
    return {};
}

void StrategyKernel::onBar(const model::Candle &bar, const PositionView &view, std::vector<OrderIntent> &out)
{
    onBar(bar, model::nextBucketStart(bar.timeframe, bar.openTime), view, out);
}

void StrategyKernel::onBar(const model::Candle &bar, TimePoint closeTime, const PositionView &view,
                           std::vector<OrderIntent> &out, const double *externals)
{
    BarInput input;
    input.open = bar.open.toDouble();
    input.high = bar.high.toDouble();
    input.low = bar.low.toDouble();
    input.close = bar.close.toDouble();
    input.volume = bar.volume.toDouble();
    input.openTimeMs = toUnixMillis(bar.openTime);
    input.closeTimeMs = toUnixMillis(closeTime);
    input.externals = externals;
    m_state.onBar(input);

    if (view.hasWorkingOrders)
        return; // the last decision has not filled yet
    const Program &program = m_state.program();
    const bool longExit = m_state.isTrue(program.longExit);
    const bool shortExit = m_state.isTrue(program.shortExit);
    const bool allowed = (program.longEntry != kNoNode || program.shortEntry != kNoNode) && entryAllowed(bar.openTime);
    const bool longEntry = allowed && !longExit && m_state.isTrue(program.longEntry);
    const bool shortEntry = allowed && !shortExit && m_state.isTrue(program.shortEntry);
    const Quantity position = view.position;

    const Quantity held = position.isNegative() ? -position : position;
    const auto cancelProtection = [&] {
        out.push_back(OrderIntent{IntentKind::CancelAll, OrderRole::Exit, Side::Buy, {}, {}, {}, 0, false, false});
    };
    const auto close = [&](Side side) {
        cancelProtection();
        OrderIntent exit;
        exit.kind = IntentKind::Market;
        exit.role = OrderRole::Exit;
        exit.side = side;
        exit.quantity = held;
        exit.reduceOnly = true;
        out.push_back(exit);
    };
    // An entry; `reversing` adds the current (opposite) position to it, so one order closes and
    // reopens, as one would on an exchange: with partial fills a separate exit and entry would
    // race each other for the same volume.
    const auto open = [&](Side side, bool reversing) {
        // The distances first: risk sizing divides by the stop's.
        m_pendingStop = distanceOf(program.stopLoss);
        m_pendingTake = distanceOf(program.takeProfit);
        m_pendingTrail = distanceOf(program.trailingStop);
        // Equity after closing the current position is the same equity: closing converts it to cash.
        const Quantity quantity = entryQuantity(view.equity, bar.close);
        if (quantity.raw() <= 0) {
            if (reversing)
                close(side);
            return;
        }
        if (reversing)
            cancelProtection();
        OrderIntent entry;
        entry.kind = IntentKind::Market;
        entry.role = OrderRole::Entry;
        entry.side = side;
        entry.quantity = reversing ? quantity + held : quantity;
        out.push_back(entry);
    };

    if (position.raw() > 0) {
        if (shortEntry)
            open(Side::Sell, true);
        else if (longExit)
            close(Side::Sell);
    } else if (position.raw() < 0) {
        if (longEntry)
            open(Side::Buy, true);
        else if (shortExit)
            close(Side::Buy);
    } else if (longEntry) {
        open(Side::Buy, false);
    } else if (shortEntry) {
        open(Side::Sell, false);
    }
}

void StrategyKernel::onEntryFilled(Price averagePrice, Quantity position, std::vector<OrderIntent> &out)
{
    if (position.isZero())
        return;
    const Program &program = m_state.program();
    const bool isLong = position.raw() > 0;
    const Side exitSide = isLong ? Side::Sell : Side::Buy;
    const Quantity size = isLong ? position : -position;
    const auto percentDistance = [&](double percent) {
        return Price::fromRaw(std::llround(static_cast<double>(averagePrice.raw()) * percent / 100.0));
    };
    const auto protective = [&](IntentKind kind, OrderRole role) {
        OrderIntent intent;
        intent.kind = kind;
        intent.role = role;
        intent.side = exitSide;
        intent.quantity = size;
        intent.reduceOnly = true;
        intent.protective = true;
        return intent;
    };
    if (program.stopLoss.enabled) {
        const Price distance = program.stopLoss.isPercent ? percentDistance(program.stopLoss.percent) : m_pendingStop;
        if (distance.raw() > 0) {
            OrderIntent stop = protective(IntentKind::Stop, OrderRole::StopLoss);
            stop.price = (isLong ? averagePrice - distance : averagePrice + distance).roundTo(m_rules.tickSize);
            if (stop.price.raw() > 0)
                out.push_back(stop);
        }
    }
    if (program.takeProfit.enabled) {
        const Price distance =
            program.takeProfit.isPercent ? percentDistance(program.takeProfit.percent) : m_pendingTake;
        if (distance.raw() > 0) {
            OrderIntent take = protective(IntentKind::Limit, OrderRole::TakeProfit);
            take.price = (isLong ? averagePrice + distance : averagePrice - distance).roundTo(m_rules.tickSize);
            if (take.price.raw() > 0)
                out.push_back(take);
        }
    }
    if (program.trailingStop.enabled) {
        // Starts one distance from the fill (not from the fill bar's close), then ratchets.
        OrderIntent trail = protective(IntentKind::TrailingStop, OrderRole::TrailingStop);
        Price distance;
        if (program.trailingStop.isPercent) {
            trail.trailBasisPoints = std::llround(program.trailingStop.percent * 100.0);
            distance = percentDistance(program.trailingStop.percent);
        } else {
            trail.trailDistance = m_pendingTrail.roundTo(m_rules.tickSize);
            distance = trail.trailDistance;
        }
        trail.price = (isLong ? averagePrice - distance : averagePrice + distance).roundTo(m_rules.tickSize);
        if (distance.raw() > 0 && trail.price.raw() > 0 && (trail.trailBasisPoints > 0 || trail.trailDistance.raw() > 0))
            out.push_back(trail);
    }
}

} // namespace bcf::strategy
