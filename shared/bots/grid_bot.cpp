#include "bots/grid_bot.h"

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

constexpr int kMinLevels = 2;
constexpr int kMaxLevels = 200;
constexpr std::int64_t kMaxRetryBars = 64;
constexpr std::string_view kHeader = "bcf-grid-bot 1";

Error invalid(std::string message)
{
    return {ErrorCode::InvalidArgument, std::move(message)};
}

// ---- Geometric levels in integer arithmetic ------------------------------------------------
// A positive binary float with a 64-bit mantissa: value = mantissa × 2^exponent, mantissa
// normalised so that bit 63 is set. Products truncate, which keeps every operation monotone and
// identical on every platform (std::pow is neither guaranteed correctly rounded nor identical
// across C libraries, and level prices must agree between a backtest and a live bot).
__extension__ typedef unsigned __int128 UInt128;

struct Wide {
    std::uint64_t mantissa = 0;
    int exponent = 0;
};

int bitLength(UInt128 value)
{
    int bits = 0;
    while (value != 0) {
        value >>= 1;
        ++bits;
    }
    return bits;
}

Wide normalise(UInt128 value, int exponent)
{
    if (value == 0)
        return {};
    const int shift = bitLength(value) - 64;
    if (shift > 0)
        return {static_cast<std::uint64_t>(value >> shift), exponent + shift};
    return {static_cast<std::uint64_t>(value << -shift), exponent + shift};
}

Wide multiply(Wide a, Wide b)
{
    if (a.mantissa == 0 || b.mantissa == 0)
        return {};
    return normalise(static_cast<UInt128>(a.mantissa) * b.mantissa, a.exponent + b.exponent);
}

bool lessOrEqual(Wide a, Wide b)
{
    if (a.mantissa == 0 || b.mantissa == 0)
        return a.mantissa == 0;
    if (a.exponent != b.exponent)
        return a.exponent < b.exponent;
    return a.mantissa <= b.mantissa;
}

Wide power(Wide base, int exponent)
{
    Wide result = normalise(1, 0);
    while (exponent > 0) {
        if (exponent & 1)
            result = multiply(result, base);
        base = multiply(base, base);
        exponent >>= 1;
    }
    return result;
}

// The largest r (64 fractional bits) with r^steps ≤ upper / lower, bit by bit from the top.
Wide stepRatio(std::int64_t lowerRaw, std::int64_t upperRaw, int steps)
{
    const Wide ratio
        = normalise((static_cast<UInt128>(upperRaw) << 64) / static_cast<UInt128>(lowerRaw), -64);
    UInt128 root = 0;
    for (int bit = 126; bit >= 0; --bit) {
        const UInt128 candidate = root | (static_cast<UInt128>(1) << bit);
        if (lessOrEqual(power(normalise(candidate, -64), steps), ratio))
            root = candidate;
    }
    return normalise(root, -64);
}

// value (in raw units) rounded half up to a multiple of tickRaw, in raw units.
std::int64_t roundToTick(Wide value, std::int64_t tickRaw)
{
    // 32 fractional bits are enough for the rounding; a level never exceeds upperPrice < 2^63.
    const int shift = value.exponent + 32;
    UInt128 fixed = 0;
    if (shift >= 0)
        fixed = static_cast<UInt128>(value.mantissa) << shift;
    else if (shift > -128)
        fixed = static_cast<UInt128>(value.mantissa) >> -shift;
    const UInt128 tick = static_cast<UInt128>(tickRaw) << 32;
    const UInt128 ticks = (fixed + tick / 2) / tick;
    return static_cast<std::int64_t>(ticks) * tickRaw;
}

Quantity multiplyQuantity(Quantity quantity, std::int64_t count)
{
    return Quantity::fromRaw(Quantity::checkedMul(quantity.raw(), count));
}

Quantity ceilTo(Quantity quantity, Quantity step)
{
    const Quantity floor = quantity.floorTo(step);
    return floor == quantity ? floor : floor + step;
}

// The smallest multiple of `lot` worth at least `minimum` at `price`.
Quantity quantityForNotional(Money minimum, Price price, Quantity lot)
{
    if (minimum.raw() <= 0)
        return lot;
    const Int128 numerator = static_cast<Int128>(minimum.raw()) * Price::kScale;
    Int128 raw = numerator / price.raw();
    if (numerator % price.raw() != 0)
        ++raw;
    return ceilTo(Quantity::fromRaw(static_cast<std::int64_t>(raw)), lot);
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

std::string gridSignature(const GridConfig &config)
{
    return config.lowerPrice.toString() + " " + config.upperPrice.toString() + " "
        + std::to_string(config.levels) + " " + (config.geometric ? "geometric" : "arithmetic")
        + " " + config.quantityPerLevel.toString();
}

} // namespace

Result<std::vector<Price>> gridLevelPrices(const GridConfig &config, Price tickSize)
{
    if (tickSize.raw() <= 0)
        return std::unexpected(invalid("tickSize: must be positive"));
    if (config.lowerPrice.raw() <= 0)
        return std::unexpected(
            invalid("lowerPrice: must be positive (got " + config.lowerPrice.toString() + ")"));
    if (config.upperPrice <= config.lowerPrice)
        return std::unexpected(invalid("upperPrice: " + config.upperPrice.toString()
            + " must be above lowerPrice " + config.lowerPrice.toString()));
    if (!config.lowerPrice.isMultipleOf(tickSize))
        return std::unexpected(invalid("lowerPrice: " + config.lowerPrice.toString()
            + " is not a multiple of the tick size " + tickSize.toString()));
    if (!config.upperPrice.isMultipleOf(tickSize))
        return std::unexpected(invalid("upperPrice: " + config.upperPrice.toString()
            + " is not a multiple of the tick size " + tickSize.toString()));
    if (config.levels < kMinLevels || config.levels > kMaxLevels)
        return std::unexpected(invalid(
            "levels: must be between 2 and 200 (got " + std::to_string(config.levels) + ")"));

    const int steps = config.levels - 1;
    std::vector<Price> prices;
    prices.reserve(static_cast<std::size_t>(config.levels));
    if (!config.geometric) {
        const std::int64_t spanTicks
            = (config.upperPrice - config.lowerPrice).raw() / tickSize.raw();
        for (int i = 0; i < config.levels; ++i) {
            const std::int64_t ticks = roundedDivide(static_cast<Int128>(spanTicks) * i, steps);
            prices.push_back(
                config.lowerPrice + Price::fromRaw(Price::checkedMul(ticks, tickSize.raw())));
        }
    } else {
        const Wide ratio = stepRatio(config.lowerPrice.raw(), config.upperPrice.raw(), steps);
        Wide level = normalise(static_cast<UInt128>(config.lowerPrice.raw()), 0);
        prices.push_back(config.lowerPrice);
        for (int i = 1; i < steps; ++i) {
            level = multiply(level, ratio);
            prices.push_back(Price::fromRaw(roundToTick(level, tickSize.raw())));
        }
        prices.push_back(config.upperPrice);
    }
    for (std::size_t i = 1; i < prices.size(); ++i) {
        if (prices[i] <= prices[i - 1])
            return std::unexpected(
                invalid("levels: " + std::to_string(config.levels) + " levels between "
                    + config.lowerPrice.toString() + " and " + config.upperPrice.toString()
                    + " collapse after rounding to the tick " + tickSize.toString() + " (levels "
                    + std::to_string(i - 1) + " and " + std::to_string(i) + " are both "
                    + prices[i].toString() + "); use fewer levels or a wider range"));
    }
    return prices;
}

Result<std::unique_ptr<GridBot>> makeGridBot(GridConfig config, InstrumentRules rules)
{
    if (rules.tickSize.raw() <= 0)
        return std::unexpected(invalid("tickSize: must be positive"));
    if (rules.lotSize.raw() <= 0)
        return std::unexpected(invalid("lotSize: must be positive"));
    if (rules.minNotional.isNegative())
        return std::unexpected(invalid("minNotional: must not be negative"));
    auto prices = gridLevelPrices(config, rules.tickSize);
    if (!prices)
        return std::unexpected(prices.error());
    const Quantity quantity = config.quantityPerLevel;
    if (quantity < rules.lotSize)
        return std::unexpected(invalid("quantityPerLevel: " + quantity.toString()
            + " is below the lot size " + rules.lotSize.toString()));
    if (!quantity.isMultipleOf(rules.lotSize))
        return std::unexpected(invalid("quantityPerLevel: " + quantity.toString()
            + " is not a multiple of the lot size " + rules.lotSize.toString()));
    const Money worth = notional(config.lowerPrice, quantity);
    if (worth < rules.minNotional)
        return std::unexpected(invalid("quantityPerLevel: " + quantity.toString()
            + " at lowerPrice " + config.lowerPrice.toString() + " is worth " + worth.toString()
            + ", below the minimum notional " + rules.minNotional.toString()));
    return std::make_unique<GridBot>(config, rules, std::move(*prices));
}

GridBot::GridBot(GridConfig config, InstrumentRules rules, std::vector<Price> levelPrices)
    : m_config(config), m_rules(rules), m_levelPrices(std::move(levelPrices)),
      m_levels(m_levelPrices.size())
{
}

std::string GridBot::nextKey(char side, int level)
{
    ++m_sequence;
    return std::string("grid:") + side + std::to_string(level) + "#" + std::to_string(m_sequence);
}

std::string GridBot::describeLevel(int level) const
{
    return "level " + std::to_string(level) + " ("
        + m_levelPrices[static_cast<std::size_t>(level)].toString() + ")";
}

Quantity GridBot::committedSells() const
{
    Quantity total;
    for (const Level &level : m_levels) {
        if (level.side == LevelSide::Sell)
            total += level.quantity - level.filled;
    }
    return total;
}

int GridBot::levelOfKey(const std::string &key) const
{
    if (key.empty())
        return -1;
    for (std::size_t i = 0; i < m_levels.size(); ++i) {
        if (m_levels[i].key == key)
            return static_cast<int>(i);
    }
    return -1;
}

void GridBot::resetLevel(int level)
{
    Level &entry = m_levels[static_cast<std::size_t>(level)];
    const int failures = entry.failures;
    const std::int64_t retryAfterBar = entry.retryAfterBar;
    entry = Level{};
    entry.failures = failures;
    entry.retryAfterBar = retryAfterBar;
}

bool GridBot::placeBuy(int level, BotActions &out)
{
    Level &entry = m_levels[static_cast<std::size_t>(level)];
    BotOrder order;
    order.key = nextKey('b', level);
    order.type = OrderType::Limit;
    order.side = Side::Buy;
    order.quantity = m_config.quantityPerLevel;
    order.price = m_levelPrices[static_cast<std::size_t>(level)];
    resetLevel(level);
    entry.side = LevelSide::Buy;
    entry.key = order.key;
    entry.quantity = order.quantity;
    out.place.push_back(std::move(order));
    return true;
}

bool GridBot::placeSell(int level, Quantity wanted, Price costPrice, const BotView &view,
    BotActions &out, bool logShortfall)
{
    Level &entry = m_levels[static_cast<std::size_t>(level)];
    const Price price = m_levelPrices[static_cast<std::size_t>(level)];
    // Never sell base the bot does not hold: what is not already promised to other sells, which
    // also absorbs a fee the venue took in the base asset.
    Quantity available = view.position - committedSells();
    available = available.isNegative() ? Quantity() : available.floorTo(m_rules.lotSize);
    const Quantity quantity = std::min(wanted, available);
    if (quantity.isZero() || notional(price, quantity) < m_rules.minNotional) {
        if (logShortfall && !entry.skipLogged)
            out.log.push_back("Grid sell at " + describeLevel(level) + " not placed: the bot has "
                + available.toString() + " base free, needs " + wanted.toString()
                + " (and at least the minimum notional " + m_rules.minNotional.toString() + ")");
        entry.skipLogged = true;
        return false;
    }
    BotOrder order;
    order.key = nextKey('s', level);
    order.type = OrderType::Limit;
    order.side = Side::Sell;
    order.quantity = quantity;
    order.price = price;
    resetLevel(level);
    entry.side = LevelSide::Sell;
    entry.key = order.key;
    entry.quantity = quantity;
    entry.costPrice = costPrice;
    out.place.push_back(std::move(order));
    return true;
}

void GridBot::onStart(const BotView &view, BotActions &out)
{
    if (m_started) {
        resume(view, out);
        return;
    }
    if (view.lastPrice.raw() <= 0) {
        if (!m_waitLogged)
            out.log.push_back("Grid waiting for the first price before placing its orders");
        m_waitLogged = true;
        return;
    }
    start(view.lastPrice, view, out);
}

void GridBot::start(Price price, const BotView &view, BotActions &out)
{
    m_started = true;
    m_startPrice = price;
    const int count = static_cast<int>(m_levelPrices.size());
    // The level nearest to the price stays empty (ties: the lower level).
    int empty = 0;
    while (empty + 1 < count && m_levelPrices[static_cast<std::size_t>(empty + 1)] <= price)
        ++empty;
    if (empty + 1 < count && price > m_levelPrices[static_cast<std::size_t>(empty)]
        && m_levelPrices[static_cast<std::size_t>(empty + 1)] - price
            < price - m_levelPrices[static_cast<std::size_t>(empty)])
        ++empty;
    const int sells = count - 1 - empty;
    const Quantity needed = multiplyQuantity(m_config.quantityPerLevel, sells);
    const Quantity held = view.position.isNegative() ? Quantity() : view.position;

    std::string summary = "Grid started at " + price.toString() + ": level " + std::to_string(empty)
        + " (" + m_levelPrices[static_cast<std::size_t>(empty)].toString() + ") left empty";
    if (needed > held) {
        // 0.25 % more than the sells need: a fee the venue takes from the base asset received
        // (Binance's 0.1 %) must not leave the last sell short.
        const Quantity gap = needed - held;
        const Quantity allowance = Quantity::fromRaw((gap.raw() * 25 + 9'999) / 10'000);
        Quantity shortfall = ceilTo(gap + allowance, m_rules.lotSize);
        shortfall
            = std::max(shortfall, quantityForNotional(m_rules.minNotional, price, m_rules.lotSize));
        BotOrder order;
        ++m_sequence;
        order.key = "grid:m#" + std::to_string(m_sequence);
        order.type = OrderType::Market;
        order.side = Side::Buy;
        order.quantity = shortfall;
        m_marketKey = order.key;
        out.place.push_back(std::move(order));
        summary += ", market buy of " + shortfall.toString() + " for the sells";
    } else if (sells > 0) {
        summary += ", the holding of " + held.toString() + " covers the sells";
    }
    // Nearest levels first: if the venue runs out of balance it is the far levels that fail.
    for (int i = empty + 1; i < count; ++i) {
        BotOrder order;
        order.key = nextKey('s', i);
        order.type = OrderType::Limit;
        order.side = Side::Sell;
        order.quantity = m_config.quantityPerLevel;
        order.price = m_levelPrices[static_cast<std::size_t>(i)];
        Level &entry = m_levels[static_cast<std::size_t>(i)];
        entry = Level{};
        entry.side = LevelSide::Sell;
        entry.key = order.key;
        entry.quantity = order.quantity;
        entry.costPrice = price;
        entry.fromStart = true;
        out.place.push_back(std::move(order));
    }
    for (int i = empty - 1; i >= 0; --i)
        placeBuy(i, out);
    summary
        += ", " + std::to_string(sells) + " sells and " + std::to_string(empty) + " buys placed";
    out.log.push_back(std::move(summary));
}

void GridBot::resume(const BotView &view, BotActions &out)
{
    if (!m_marketKey.empty() && !view.working.contains(m_marketKey)) {
        if (!m_marketFilled.isZero()) {
            BotFill done{m_marketKey, Side::Buy, Price(), Quantity(), true};
            onFill(done, view, out);
        } else {
            out.log.push_back("Grid: the starting market buy " + m_marketKey
                + " is no longer working and did not fill; it is not repeated");
            m_marketKey.clear();
        }
    }
    int kept = 0;
    int replaced = 0;
    for (int i = 0; i < static_cast<int>(m_levels.size()); ++i) {
        Level &entry = m_levels[static_cast<std::size_t>(i)];
        if (entry.side == LevelSide::None)
            continue;
        if (view.working.contains(entry.key)) {
            ++kept;
            continue;
        }
        // Gone while the bot was down, and the runtime delivered no completing fill.
        if (!entry.filled.isZero()) {
            out.log.push_back("Grid order " + entry.key + " at " + describeLevel(i)
                + " left the venue part-filled while the bot was stopped");
            completeOrder(i, view, out);
            continue;
        }
        const LevelSide side = entry.side;
        const Quantity quantity = entry.quantity;
        const Price cost = entry.costPrice;
        const bool fromStart = entry.fromStart;
        resetLevel(i);
        if (side == LevelSide::Buy) {
            placeBuy(i, out);
            ++replaced;
        } else if (placeSell(i, quantity, cost, view, out, true)) {
            m_levels[static_cast<std::size_t>(i)].fromStart = fromStart;
            ++replaced;
        }
    }
    out.log.push_back("Grid resumed: " + std::to_string(kept) + " orders still working, "
        + std::to_string(replaced) + " re-placed");
}

void GridBot::onBar(
    const model::Candle &bar, TimePoint /*closeTime*/, const BotView &view, BotActions &out)
{
    ++m_barCount;
    if (!m_started) {
        const Price price = view.lastPrice.raw() > 0 ? view.lastPrice : bar.close;
        if (price.raw() > 0)
            start(price, view, out);
        return;
    }
    heal(bar.close, view, out);
}

// An empty level is re-placed once the close is at least one level away from it on the side
// where its order would rest (a buy below the price, a sell above), and once the back-off after
// venue closures has passed: a rejected level is tried again after 1, 2, 4 … 64 bars.
void GridBot::heal(Price close, const BotView &view, BotActions &out)
{
    const int count = static_cast<int>(m_levels.size());
    for (int i = 0; i < count; ++i) {
        Level &entry = m_levels[static_cast<std::size_t>(i)];
        if (entry.side != LevelSide::None || m_barCount < entry.retryAfterBar)
            continue;
        if (i + 1 < count && close >= m_levelPrices[static_cast<std::size_t>(i + 1)]) {
            placeBuy(i, out);
            out.log.push_back("Grid buy at " + describeLevel(i) + " re-placed");
        } else if (i > 0 && close <= m_levelPrices[static_cast<std::size_t>(i - 1)]) {
            if (placeSell(i, m_config.quantityPerLevel,
                    m_levelPrices[static_cast<std::size_t>(i - 1)], view, out, true))
                out.log.push_back("Grid sell at " + describeLevel(i) + " re-placed");
        }
    }
}

void GridBot::onFill(const BotFill &fill, const BotView &view, BotActions &out)
{
    if (!m_marketKey.empty() && fill.key == m_marketKey) {
        m_marketFilled += fill.quantity;
        m_marketNotional += notional(fill.price, fill.quantity);
        if (!fill.orderDone)
            return;
        if (m_marketFilled.isZero()) {
            m_marketKey.clear();
            return;
        }
        const Price average = averagePrice(m_marketNotional, m_marketFilled);
        for (Level &entry : m_levels) {
            if (entry.side == LevelSide::Sell && entry.fromStart)
                entry.costPrice = average;
        }
        out.log.push_back("Grid bought " + m_marketFilled.toString() + " at " + average.toString()
            + " for its sell orders");
        m_marketKey.clear();
        m_marketFilled = Quantity();
        m_marketNotional = Money();
        return;
    }
    const int level = levelOfKey(fill.key);
    if (level < 0)
        return;
    Level &entry = m_levels[static_cast<std::size_t>(level)];
    entry.filled += fill.quantity;
    entry.filledNotional += notional(fill.price, fill.quantity);
    if (fill.orderDone)
        completeOrder(level, view, out);
}

void GridBot::completeOrder(int level, const BotView &view, BotActions &out)
{
    Level &entry = m_levels[static_cast<std::size_t>(level)];
    const LevelSide side = entry.side;
    const Quantity filled = entry.filled;
    const Money filledNotional = entry.filledNotional;
    const Price cost = entry.costPrice;
    entry.failures = 0;
    entry.retryAfterBar = 0;
    resetLevel(level);
    if (filled.isZero())
        return;
    const Price average = averagePrice(filledNotional, filled);
    const int count = static_cast<int>(m_levels.size());
    if (side == LevelSide::Buy) {
        out.log.push_back("Grid " + describeLevel(level) + " bought " + filled.toString() + " at "
            + average.toString());
        const int target = level + 1;
        if (target >= count) {
            out.log.push_back(
                "Grid: no level above " + describeLevel(level) + "; the base bought is kept");
        } else if (m_levels[static_cast<std::size_t>(target)].side != LevelSide::None) {
            out.log.push_back(
                "Grid " + describeLevel(target) + " already has an order; no second one placed");
        } else {
            placeSell(target, filled, average, view, out, true);
        }
        return;
    }
    const Money profit = filledNotional - notional(cost, filled);
    m_realizedProfit += profit;
    ++m_completedPairs;
    out.log.push_back("Grid " + describeLevel(level) + " sold " + filled.toString() + " at "
        + average.toString() + " (bought at " + cost.toString() + "): profit " + profit.toString()
        + ", grid profit " + m_realizedProfit.toString() + " over "
        + std::to_string(m_completedPairs) + " sells");
    const int target = level - 1;
    if (target < 0) {
        out.log.push_back("Grid: no level below " + describeLevel(level) + "; nothing bought back");
    } else if (m_levels[static_cast<std::size_t>(target)].side != LevelSide::None) {
        out.log.push_back(
            "Grid " + describeLevel(target) + " already has an order; no second one placed");
    } else {
        placeBuy(target, out);
    }
}

void GridBot::onOrderClosed(const BotOrderClosed &closed, const BotView &view, BotActions &out)
{
    if (!m_marketKey.empty() && closed.key == m_marketKey) {
        out.log.push_back("Grid: the starting market buy was " + closedWord(closed.state)
            + because(closed.reason));
        BotFill done{m_marketKey, Side::Buy, Price(), Quantity(), true};
        onFill(done, view, out);
        m_marketKey.clear();
        return;
    }
    const int level = levelOfKey(closed.key);
    if (level < 0)
        return; // an order the bot no longer tracks (already completed or replaced)
    Level &entry = m_levels[static_cast<std::size_t>(level)];
    const std::string side = entry.side == LevelSide::Buy ? "buy" : "sell";
    if (!entry.filled.isZero()) {
        out.log.push_back("Grid " + side + " at " + describeLevel(level) + " was "
            + closedWord(closed.state) + because(closed.reason) + " after filling "
            + entry.filled.toString());
        completeOrder(level, view, out);
        return;
    }
    const int failures = entry.failures + 1;
    resetLevel(level);
    entry.failures = failures;
    entry.retryAfterBar = m_barCount
        + std::min<std::int64_t>(std::int64_t{1} << std::min(failures - 1, 6), kMaxRetryBars);
    out.log.push_back("Grid " + side + " at " + describeLevel(level) + " was "
        + closedWord(closed.state) + because(closed.reason)
        + "; the level stays empty until the price moves away from it");
}

std::string GridBot::snapshot() const
{
    std::string text(kHeader);
    text += "\n";
    auto line = [&text](std::string_view key, const std::string &value) {
        text += key;
        text += "=";
        text += value;
        text += "\n";
    };
    line("grid", gridSignature(m_config));
    line("started", m_started ? "1" : "0");
    line("waitLogged", m_waitLogged ? "1" : "0");
    line("sequence", std::to_string(m_sequence));
    line("barCount", std::to_string(m_barCount));
    line("startPrice", m_startPrice.toString());
    line("market",
        keyText(m_marketKey) + " " + m_marketFilled.toString() + " " + m_marketNotional.toString());
    line("realizedProfit", m_realizedProfit.toString());
    line("completedPairs", std::to_string(m_completedPairs));
    for (std::size_t i = 0; i < m_levels.size(); ++i) {
        const Level &entry = m_levels[i];
        const char *side = entry.side == LevelSide::Buy ? "B"
            : entry.side == LevelSide::Sell             ? "S"
                                                        : "-";
        line("level." + std::to_string(i),
            std::string(side) + " " + keyText(entry.key) + " " + entry.quantity.toString() + " "
                + entry.filled.toString() + " " + entry.filledNotional.toString() + " "
                + entry.costPrice.toString() + " " + std::to_string(entry.failures) + " "
                + std::to_string(entry.retryAfterBar) + " " + (entry.skipLogged ? "1" : "0") + " "
                + (entry.fromStart ? "1" : "0"));
    }
    return text;
}

Status GridBot::restore(const std::string &snapshot)
{
    SnapshotReader reader("grid snapshot", snapshot, kHeader);
    GridBot next(m_config, m_rules, m_levelPrices);
    constexpr std::int64_t kMaxCount = INT32_MAX;

    const auto grid = reader.take("grid", 5);
    const std::string signature
        = grid[0] + " " + grid[1] + " " + grid[2] + " " + grid[3] + " " + grid[4];
    if (signature != gridSignature(m_config))
        reader.fail("it is of another grid (" + signature + "; this bot is "
            + gridSignature(m_config) + ")");
    next.m_started = reader.flag(reader.take("started", 1)[0], "started");
    next.m_waitLogged = reader.flag(reader.take("waitLogged", 1)[0], "waitLogged");
    next.m_sequence = reader.integer(reader.take("sequence", 1)[0], "sequence", 0, INT64_MAX);
    next.m_barCount = reader.integer(reader.take("barCount", 1)[0], "barCount", 0, INT64_MAX);
    next.m_startPrice = reader.decimal<Price>(reader.take("startPrice", 1)[0], "startPrice");
    const auto market = reader.take("market", 3);
    next.m_marketKey = reader.key(market[0], "market", "grid:m#");
    next.m_marketFilled = reader.decimal<Quantity>(market[1], "market");
    next.m_marketNotional = reader.decimal<Money>(market[2], "market");
    next.m_realizedProfit
        = reader.decimal<Money>(reader.take("realizedProfit", 1)[0], "realizedProfit");
    next.m_completedPairs = static_cast<int>(
        reader.integer(reader.take("completedPairs", 1)[0], "completedPairs", 0, kMaxCount));

    for (std::size_t i = 0; i < next.m_levels.size(); ++i) {
        const std::string name = "level." + std::to_string(i);
        const auto values = reader.take(name, 10);
        Level &entry = next.m_levels[i];
        if (values[0] == "B")
            entry.side = LevelSide::Buy;
        else if (values[0] == "S")
            entry.side = LevelSide::Sell;
        else if (values[0] != "-")
            reader.fail(name + " side \"" + values[0] + "\" is not B, S or -");
        const char letter = entry.side == LevelSide::Sell ? 's' : 'b';
        entry.key = reader.key(
            values[1], name, "grid:" + std::string(1, letter) + std::to_string(i) + "#");
        if ((entry.side == LevelSide::None) != entry.key.empty())
            reader.fail(name + " has a key without an order or an order without a key");
        entry.quantity = reader.decimal<Quantity>(values[2], name);
        entry.filled = reader.decimal<Quantity>(values[3], name);
        entry.filledNotional = reader.decimal<Money>(values[4], name);
        entry.costPrice = reader.decimal<Price>(values[5], name);
        entry.failures = static_cast<int>(reader.integer(values[6], name, 0, kMaxCount));
        entry.retryAfterBar = reader.integer(values[7], name, 0, INT64_MAX);
        entry.skipLogged = reader.flag(values[8], name);
        entry.fromStart = reader.flag(values[9], name);
        if (entry.quantity.isNegative() || entry.filled.isNegative()
            || entry.filled > entry.quantity)
            reader.fail(name + " has impossible quantities");
    }
    if (auto error = reader.finish())
        return std::unexpected(*error);
    *this = std::move(next);
    return {};
}

} // namespace bcf::bots
