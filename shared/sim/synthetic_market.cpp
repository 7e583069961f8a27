#include "sim/synthetic_market.h"

#include <algorithm>
#include <array>
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
        if (!spec.replay.empty()) {
            // Replay: the file's first candle lands `history` minutes before start's minute.
            const auto &file = spec.replay;
            const TimePoint thisMinute = model::bucketStart(model::Timeframe::M1, start);
            const auto span = std::chrono::duration_cast<std::chrono::minutes>(
                file.back().openTime - file.front().openTime);
            const TimePoint first = thisMinute - std::chrono::minutes(
                                                     std::min<std::int64_t>(historyMinutes, span.count()));
            state.replayed = true;
            for (model::Candle candle : file) {
                candle.openTime = first + (candle.openTime - file.front().openTime);
                candle.timeframe = model::Timeframe::M1;
                candle.closed = true;
                if (candle.openTime < thisMinute)
                    state.minutes.push_back(candle);
                else
                    state.script.push_back(candle);
            }
            state.spec.replay.clear();
            const Price price = state.minutes.empty() ? state.script.front().open
                                                      : state.minutes.back().close;
            state.logPrice = std::log(price.toDouble());
            state.book.applySnapshot(0, side(state, true), side(state, false));
            m_symbols.emplace(spec.instrument.symbol, std::move(state));
            continue;
        }
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
        // Trade ids keep growing across restarts, as an exchange's do (a collector resumes from
        // the last id it stored): the start time in microseconds leaves room for a thousand
        // trades a millisecond.
        state.tradeId = std::max<std::int64_t>(1, toUnixMillis(start) * 1000);
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

void SyntheticMarket::keep(State &state, const model::Trade &trade)
{
    state.recent.push_back(trade);
    if (state.recent.size() > kRecentTrades)
        state.recent.pop_front();
}

void SyntheticMarket::step(State &state, TimePoint time, MarketEvents &events)
{
    if (state.replayed) {
        replayStep(state, time, events);
        return;
    }
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
    updateBook(state, time, events);

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
        keep(state, trade);
        events.trades.emplace_back(state.spec.instrument.symbol, trade);
    }
    if (auto closed = state.builder.closeIfDue(time)) {
        state.minutes.push_back(*closed);
        events.candles.emplace_back(state.spec.instrument.symbol, *closed);
    }
    if (count > 0 && state.builder.current())
        events.candles.emplace_back(state.spec.instrument.symbol, *state.builder.current());
}

void SyntheticMarket::updateBook(State &state, TimePoint time, MarketEvents &events)
{
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
}

void SyntheticMarket::planBar(State &state, TimePoint entry)
{
    const model::Candle &bar = *state.bar;
    const TimePoint end = bar.openTime + std::chrono::minutes(1);
    const std::int64_t lot = state.spec.instrument.lotSize.raw();
    const std::int64_t tick = state.spec.instrument.tickSize.raw();
    const std::int64_t lots = bar.volume.raw() / lot;
    if (entry >= end || lots <= 0)
        return;
    // Trades fall on market steps inside the bar: entry, entry + step, … up to `last`.
    const TimePoint last = entry + ((end - std::chrono::milliseconds(1) - entry) / kStep) * kStep;
    const std::int64_t wanted = bar.tradeCount > 0 ? bar.tradeCount : 60;
    const int count = static_cast<int>(std::min<std::int64_t>(std::clamp<std::int64_t>(wanted, 4, 600), lots));

    // Prices along the documented path, each vertex hit by one trade when there are four or more.
    const bool bullish = bar.close >= bar.open;
    const std::array<std::int64_t, 4> path = {
        bar.open.raw(), bullish ? bar.low.raw() : bar.high.raw(),
        bullish ? bar.high.raw() : bar.low.raw(), bar.close.raw()};
    std::vector<std::int64_t> prices(static_cast<std::size_t>(count));
    if (count < 4) {
        const std::array<std::vector<std::int64_t>, 3> shortPaths = {
            std::vector<std::int64_t>{path[3]}, std::vector<std::int64_t>{path[0], path[3]},
            std::vector<std::int64_t>{path[0], path[2], path[3]}};
        prices = shortPaths[static_cast<std::size_t>(count - 1)];
    } else {
        const double first = static_cast<double>(std::llabs(path[1] - path[0]));
        const double second = static_cast<double>(std::llabs(path[2] - path[1]));
        const double total = first + second + static_cast<double>(std::llabs(path[3] - path[2]));
        const int n = count - 1;
        int v1 = total > 0 ? static_cast<int>(std::lround(n * first / total)) : 1;
        v1 = std::clamp(v1, 1, n - 2);
        int v2 = total > 0 ? static_cast<int>(std::lround(n * (first + second) / total)) : 2;
        v2 = std::clamp(v2, v1 + 1, n - 1);
        const std::array<int, 4> vertex = {0, v1, v2, n};
        for (std::size_t segment = 0; segment < 3; ++segment) {
            const int from = vertex[segment];
            const int to = vertex[segment + 1];
            for (int i = from; i <= to; ++i) {
                const std::int64_t exact = path[segment]
                                           + (path[segment + 1] - path[segment]) * (i - from) / (to - from);
                prices[static_cast<std::size_t>(i)] = (exact + tick / 2) / tick * tick;
            }
            prices[static_cast<std::size_t>(to)] = path[segment + 1];
        }
        prices.front() = path[0];
    }

    // The volume in whole lots, each trade at least one, the rest shared by random weights.
    std::lognormal_distribution<double> weight(0.0, 0.75);
    std::vector<std::int64_t> weights(static_cast<std::size_t>(count));
    std::int64_t weightSum = 0;
    for (auto &w : weights) {
        w = 1 + static_cast<std::int64_t>(std::min(weight(m_random), 10.0) * 1000.0);
        weightSum += w;
    }
    // Cumulative shares floor(extra × weights so far / all weights) sum exactly to `extra`.
    const std::int64_t extra = lots - count;
    std::vector<std::int64_t> shares(static_cast<std::size_t>(count));
    std::int64_t weightSoFar = 0;
    std::int64_t sharedSoFar = 0;
    for (std::size_t i = 0; i < shares.size(); ++i) {
        weightSoFar += weights[i];
        const std::int64_t cumulative
            = i + 1 == shares.size()
                  ? extra
                  : static_cast<std::int64_t>(static_cast<long double>(extra) * weightSoFar / weightSum);
        shares[i] = 1 + cumulative - sharedSoFar;
        sharedSoFar = cumulative;
    }

    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::int64_t previous = static_cast<std::int64_t>(std::llround(std::exp(state.logPrice) * 1e8));
    for (int i = 0; i < count; ++i) {
        const auto offset = count > 1 ? (last - entry) * i / (count - 1) : std::chrono::milliseconds(0);
        const std::int64_t price = prices[static_cast<std::size_t>(i)];
        const bool buy = price > previous || (price == previous && uniform(m_random) < 0.5);
        previous = price;
        state.planned.emplace_back(entry + offset,
                                   model::Trade{0, entry + offset, Price::fromRaw(price),
                                                Quantity::fromRaw(shares[static_cast<std::size_t>(i)] * lot),
                                                buy ? model::Side::Buy : model::Side::Sell});
    }
}

void SyntheticMarket::replayStep(State &state, TimePoint time, MarketEvents &events)
{
    const std::string &symbol = state.spec.instrument.symbol;
    while (true) {
        if (state.bar && time >= state.bar->openTime + std::chrono::minutes(1)) {
            // The bar closes with the file's values (and the count and notional it traded).
            model::Candle closed = *state.bar;
            if (state.forming) {
                closed.quoteVolume = state.forming->quoteVolume;
                closed.tradeCount = state.forming->tradeCount;
            }
            closed.closed = true;
            state.logPrice = std::log(closed.close.toDouble());
            state.minutes.push_back(closed);
            events.candles.emplace_back(symbol, closed);
            state.bar.reset();
            state.forming.reset();
            state.planned.clear();
            continue;
        }
        if (!state.bar && state.next < state.script.size()
            && time >= state.script[state.next].openTime) {
            state.bar = state.script[state.next++];
            planBar(state, time);
            continue;
        }
        break;
    }

    std::vector<model::Trade> due;
    while (!state.planned.empty() && state.planned.front().first <= time) {
        model::Trade trade = state.planned.front().second;
        state.planned.pop_front();
        trade.id = state.tradeId++;
        trade.time = time;
        due.push_back(trade);
    }
    if (!due.empty())
        state.logPrice = std::log(due.back().price.toDouble());
    updateBook(state, time, events);
    for (const auto &trade : due) {
        if (!state.forming) {
            state.forming = model::Candle{model::Timeframe::M1, state.bar->openTime, trade.price,
                                          trade.price, trade.price, trade.price, trade.quantity,
                                          notional(trade.price, trade.quantity), 1, false};
        } else {
            auto &candle = *state.forming;
            candle.high = std::max(candle.high, trade.price);
            candle.low = std::min(candle.low, trade.price);
            candle.close = trade.price;
            candle.volume += trade.quantity;
            candle.quoteVolume += notional(trade.price, trade.quantity);
            ++candle.tradeCount;
        }
        keep(state, trade);
        events.trades.emplace_back(symbol, trade);
    }
    if (!due.empty())
        events.candles.emplace_back(symbol, *state.forming);
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
    const auto &forming = state.replayed ? state.forming : state.builder.current();
    if (forming && forming->openTime >= from && forming->openTime < to)
        minutes.push_back(*forming);
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

std::vector<model::Trade> SyntheticMarket::trades(const std::string &symbol,
                                                  std::optional<std::int64_t> fromId,
                                                  std::optional<TimePoint> from,
                                                  std::optional<TimePoint> to,
                                                  std::size_t limit) const
{
    const auto &recent = m_symbols.at(symbol).recent;
    std::vector<model::Trade> out;
    if (recent.empty() || limit == 0)
        return out;
    auto it = recent.begin();
    if (fromId && *fromId > recent.front().id)
        it += static_cast<long>(std::min<std::int64_t>(*fromId - recent.front().id,
                                                       static_cast<std::int64_t>(recent.size())));
    const bool oldestFirst = fromId || from;
    for (; it != recent.end(); ++it) {
        if (from && it->time < *from)
            continue;
        if (to && it->time > *to)
            break;
        out.push_back(*it);
        if (oldestFirst && out.size() == limit)
            break;
    }
    if (out.size() > limit)
        out.erase(out.begin(), out.end() - static_cast<long>(limit));
    return out;
}

} // namespace bcf::sim
