#include "sim/synthetic_market.h"

#include <algorithm>
#include <cmath>

namespace bcf::sim {
namespace {

// GARCH(1,1) weights: persistent volatility (α + β close to 1) with visible clustering.
constexpr double kAlpha = 0.08;
constexpr double kBeta = 0.90;
constexpr double kJumpProbabilityPerStep = 1.0 / 36'000.0; // about one an hour
constexpr double kStepsPerDay = 86'400.0 * 10.0;

} // namespace

SyntheticMarket::SyntheticMarket(std::vector<SymbolSpec> symbols, std::uint64_t seed,
                                 TimePoint start, int historyMinutes)
    : m_random(seed), m_now(start)
{
    std::normal_distribution<double> normal(0.0, 1.0);
    for (auto &spec : symbols) {
        State state;
        state.spec = spec;
        state.longRunVariance = std::pow(spec.volatilityPerSqrtDay, 2) / kStepsPerDay;
        state.variance = state.longRunVariance;
        // History at 1m resolution, walking backwards from the start price so "now" joins it.
        const double minuteSigma = spec.volatilityPerSqrtDay / std::sqrt(1440.0);
        std::vector<double> closes(static_cast<std::size_t>(historyMinutes));
        double logPrice = std::log(spec.startPrice.toDouble());
        for (int i = historyMinutes - 1; i >= 0; --i) {
            closes[static_cast<std::size_t>(i)] = logPrice;
            logPrice -= minuteSigma * normal(m_random);
        }
        const TimePoint firstMinute = model::bucketStart(model::Timeframe::M1, start)
                                      - std::chrono::minutes(historyMinutes);
        double previous = logPrice;
        for (int i = 0; i < historyMinutes; ++i) {
            const double close = closes[static_cast<std::size_t>(i)];
            const double spread = std::abs(close - previous) + minuteSigma * 0.5;
            model::Candle candle;
            candle.timeframe = model::Timeframe::M1;
            candle.openTime = firstMinute + std::chrono::minutes(i);
            candle.open = tickRound(state, std::exp(previous));
            candle.close = tickRound(state, std::exp(close));
            candle.high = std::max({candle.open, candle.close,
                                    tickRound(state, std::exp(std::max(previous, close) + spread * 0.5))});
            candle.low = std::min({candle.open, candle.close,
                                   tickRound(state, std::exp(std::min(previous, close) - spread * 0.5))});
            // Volume rises with the size of the move, with log-normal noise, as in real markets.
            std::lognormal_distribution<double> noise(0.0, 0.5);
            const double activity = (1.0 + 3.0 * std::abs(close - previous) / minuteSigma)
                                    * noise(m_random);
            candle.tradeCount = std::max<std::int64_t>(
                1, static_cast<std::int64_t>(spec.tradesPerSecond * 60 * activity));
            // Scaled so history matches the live trades' mean volume (E[size] ≈ 0.033 per trade).
            candle.volume = lotRound(state, spec.tradesPerSecond * 60 * 0.0087 * activity);
            candle.quoteVolume = notional(candle.close, candle.volume);
            candle.closed = true;
            state.minutes.push_back(candle);
            previous = close;
        }
        state.logPrice = std::log(spec.startPrice.toDouble());
        state.book.applySnapshot(0, side(state, true), side(state, false));
        m_symbols.emplace(spec.instrument.symbol, std::move(state));
    }
}

Price SyntheticMarket::tickRound(const State &state, double price) const
{
    const double ticks = std::max(1.0, std::round(price / state.spec.instrument.tickSize.toDouble()));
    return Price::fromRaw(static_cast<std::int64_t>(ticks) * state.spec.instrument.tickSize.raw());
}

Quantity SyntheticMarket::lotRound(const State &state, double quantity) const
{
    const double lots = std::max(1.0, std::round(quantity / state.spec.instrument.lotSize.toDouble()));
    return Quantity::fromRaw(static_cast<std::int64_t>(lots) * state.spec.instrument.lotSize.raw());
}

std::vector<model::BookLevel> SyntheticMarket::side(const State &state, bool bids)
{
    std::lognormal_distribution<double> size(std::log(0.5), 0.8);
    const Price tick = state.spec.instrument.tickSize;
    const Price mid = tickRound(state, std::exp(state.logPrice));
    std::vector<model::BookLevel> levels;
    for (int level = 1; level <= state.spec.bookLevels; ++level) {
        const Price offset = Price::fromRaw(tick.raw() * level);
        const Price price = bids ? mid - offset : mid + offset;
        if (price.raw() <= 0)
            break;
        levels.push_back({price, lotRound(state, size(m_random) * (1.0 + level * 0.05))});
    }
    return levels;
}

void SyntheticMarket::advanceTo(TimePoint time, MarketEvents &events)
{
    while (m_now + kStep <= time) {
        m_now += kStep;
        for (auto &[symbol, state] : m_symbols)
            step(state, m_now, events);
    }
}

void SyntheticMarket::step(State &state, TimePoint time, MarketEvents &events)
{
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);

    // Price: GARCH(1,1) variance, normal shock, and a rare jump.
    const double shock = std::sqrt(state.variance) * normal(m_random);
    state.variance = (1.0 - kAlpha - kBeta) * state.longRunVariance + kAlpha * shock * shock
                     + kBeta * state.variance;
    double move = shock;
    if (uniform(m_random) < kJumpProbabilityPerStep)
        move += normal(m_random) * std::sqrt(state.longRunVariance) * 60.0;
    state.logPrice += move;

    // Book: both sides re-centred on the new price; the diff lists levels that changed.
    const std::vector<model::BookLevel> newBids = side(state, true);
    const std::vector<model::BookLevel> newAsks = side(state, false);
    DepthDiff diff;
    diff.symbol = state.spec.instrument.symbol;
    diff.time = time;
    auto changes = [](const std::vector<model::BookLevel> &before,
                      const std::vector<model::BookLevel> &after) {
        std::map<std::int64_t, std::int64_t> wanted;
        for (const auto &level : after)
            wanted[level.price.raw()] = level.quantity.raw();
        std::vector<model::BookLevel> out;
        for (const auto &level : before) {
            if (!wanted.contains(level.price.raw()))
                out.push_back({level.price, Quantity()});
        }
        for (const auto &[price, quantity] : wanted)
            out.push_back({Price::fromRaw(price), Quantity::fromRaw(quantity)});
        return out;
    };
    diff.bids = changes(state.book.bids(static_cast<std::size_t>(state.spec.bookLevels) * 4), newBids);
    diff.asks = changes(state.book.asks(static_cast<std::size_t>(state.spec.bookLevels) * 4), newAsks);
    diff.firstUpdateId = state.updateId + 1;
    state.updateId += 1 + static_cast<std::int64_t>(diff.bids.size() + diff.asks.size()) / 10;
    diff.finalUpdateId = state.updateId;
    // Removals first so the new side is never crossed against the old one.
    state.book.applySnapshot(diff.finalUpdateId, newBids, newAsks);
    events.diffs.push_back(std::move(diff));

    // Trades: Poisson arrivals at the touch.
    std::poisson_distribution<int> arrivals(state.spec.tradesPerSecond * 0.1);
    std::lognormal_distribution<double> size(std::log(0.02), 1.0);
    const int count = arrivals(m_random);
    for (int i = 0; i < count; ++i) {
        const bool buy = uniform(m_random) < 0.5;
        const auto touch = buy ? state.book.bestAsk() : state.book.bestBid();
        if (!touch)
            continue;
        model::Trade trade{state.tradeId++, time, touch->price, lotRound(state, size(m_random)),
                           buy ? model::Side::Buy : model::Side::Sell};
        auto closed = state.builder.addTrade(trade);
        if (closed) {
            for (auto &candle : *closed) {
                state.minutes.push_back(candle);
                events.candles.emplace_back(state.spec.instrument.symbol, candle);
            }
        }
        state.recent.push_back(trade);
        if (state.recent.size() > 1000)
            state.recent.pop_front();
        events.trades.emplace_back(state.spec.instrument.symbol, trade);
    }
    if (auto closed = state.builder.closeIfDue(time)) {
        state.minutes.push_back(*closed);
        events.candles.emplace_back(state.spec.instrument.symbol, *closed);
    }
    if (count > 0 && state.builder.current())
        events.candles.emplace_back(state.spec.instrument.symbol, *state.builder.current());
}

std::vector<model::Instrument> SyntheticMarket::instruments() const
{
    std::vector<model::Instrument> out;
    for (const auto &[symbol, state] : m_symbols)
        out.push_back(state.spec.instrument);
    return out;
}

const model::OrderBook &SyntheticMarket::book(const std::string &symbol) const
{
    return m_symbols.at(symbol).book;
}

std::vector<model::Candle> SyntheticMarket::klines(const std::string &symbol,
                                                   model::Timeframe timeframe, TimePoint from,
                                                   TimePoint to, std::size_t limit) const
{
    const State &state = m_symbols.at(symbol);
    std::vector<model::Candle> minutes;
    for (const auto &candle : state.minutes) {
        if (candle.openTime >= from && candle.openTime < to)
            minutes.push_back(candle);
    }
    if (state.builder.current() && state.builder.current()->openTime >= from
        && state.builder.current()->openTime < to)
        minutes.push_back(*state.builder.current());
    auto candles = model::aggregate(minutes, timeframe, m_now);
    std::vector<model::Candle> out = candles ? *candles : std::vector<model::Candle>{};
    if (out.size() > limit)
        out.erase(out.begin(), out.begin() + static_cast<long>(out.size() - limit));
    return out;
}

std::vector<model::Trade> SyntheticMarket::recentTrades(const std::string &symbol,
                                                        std::size_t limit) const
{
    const auto &recent = m_symbols.at(symbol).recent;
    const std::size_t count = std::min(limit, recent.size());
    return {recent.end() - static_cast<long>(count), recent.end()};
}

} // namespace bcf::sim
