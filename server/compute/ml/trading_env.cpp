#include "trading_env.h"

#include "backtest/metrics.h"
#include "backtest/sim_venue.h"

#include <cmath>
#include <stdexcept>

namespace bcf::ml {

namespace {

Price priceOf(double value) { return Price::fromRaw(std::llround(value * double(Price::kScale))); }

model::Candle candleOf(const Bar &bar)
{
    model::Candle candle;
    candle.timeframe = model::Timeframe::M1; // the venue reads prices, not the timeframe
    candle.openTime = fromUnixMillis(bar.timeMs);
    candle.open = priceOf(bar.open);
    candle.high = priceOf(bar.high);
    candle.low = priceOf(bar.low);
    candle.close = priceOf(bar.close);
    candle.volume = Quantity::fromRaw(std::llround(bar.volume * double(Quantity::kScale)));
    candle.closed = true;
    return candle;
}

} // namespace

struct TradingEnvironment::Impl {
    const Dataset &dataset;
    std::vector<model::Candle> candles;
    int first = 0;
    int last = 0;
    EnvironmentSettings settings;
    std::unique_ptr<bt::SimulatedVenue> venue;
    int t = 0;
    std::vector<bt::EquityPoint> equity;
    std::vector<bt::Fill> fills;
    std::int64_t intervalMs = 60'000;
};

TradingEnvironment::TradingEnvironment(const Dataset &dataset, const std::vector<Bar> &bars, int first, int last,
                                       EnvironmentSettings settings)
    : m_impl(new Impl{dataset, {}, first, last, settings, nullptr, first, {}, {}, 60'000})
{
    if (first < dataset.spec.window - 1 || last <= first || last >= int(bars.size()))
        throw std::invalid_argument("environment: the range of bars is outside the data");
    m_impl->candles.reserve(bars.size());
    for (const Bar &bar : bars)
        m_impl->candles.push_back(candleOf(bar));
    if (bars.size() > 1)
        m_impl->intervalMs = bars[1].timeMs - bars[0].timeMs;
    reset();
}

TradingEnvironment::~TradingEnvironment() = default;

int TradingEnvironment::observationSize() const
{
    return m_impl->dataset.spec.window * m_impl->dataset.featureCount + 1;
}

void TradingEnvironment::reset()
{
    Impl &s = *m_impl;
    bt::SymbolSpec symbol;
    symbol.name = "ENV";
    symbol.tickSize = Price::fromRaw(1);
    symbol.lotSize = Quantity::fromRaw(1);
    bt::VenueConfig config;
    config.makerFeeMicros = s.settings.feeMicros;
    config.takerFeeMicros = s.settings.feeMicros;
    config.initialCash = Money::fromRaw(std::llround(s.settings.initialCash * double(Money::kScale)));
    s.venue = std::make_unique<bt::SimulatedVenue>(std::vector<bt::SymbolSpec>{symbol}, config);
    s.t = s.first;
    s.fills.clear();
    // The venue marks its position on each bar it processes: start at the first decision bar.
    s.venue->processBar(0, s.candles[std::size_t(s.t)], s.fills);
    s.equity.assign(1, bt::EquityPoint{s.candles[std::size_t(s.t)].openTime, s.venue->equity()});
}

void TradingEnvironment::observe(float *out) const
{
    const Impl &s = *m_impl;
    s.dataset.sample(s.t, out);
    out[observationSize() - 1] = s.venue->position(0).quantity.isZero() ? 0.0f : 1.0f;
}

double TradingEnvironment::step(int action, bool &done)
{
    Impl &s = *m_impl;
    const model::Candle &now = s.candles[std::size_t(s.t)];
    const TimePoint closeTime = now.openTime + std::chrono::milliseconds(s.intervalMs);
    const Quantity held = s.venue->position(0).quantity;
    const Money before = s.venue->equity();
    if (action == 1 && held.isZero()) {
        // All of positionShare × equity at the close, in whole lots.
        const double units = s.settings.positionShare * before.toDouble() / now.close.toDouble();
        bt::OrderRequest buy;
        buy.side = model::Side::Buy;
        buy.quantity = Quantity::fromRaw(std::llround(std::floor(units * double(Quantity::kScale))));
        if (!buy.quantity.isZero())
            s.venue->submit(buy, closeTime);
    } else if (action == 0 && !held.isZero()) {
        bt::OrderRequest sell;
        sell.side = model::Side::Sell;
        sell.quantity = held;
        sell.reduceOnly = true;
        s.venue->submit(sell, closeTime);
    }
    ++s.t;
    s.fills.clear();
    s.venue->processBar(0, s.candles[std::size_t(s.t)], s.fills);
    const Money after = s.venue->equity();
    s.equity.push_back(bt::EquityPoint{s.candles[std::size_t(s.t)].openTime, after});
    done = s.t >= s.last;
    return before.raw() > 0 && after.raw() > 0 ? std::log(after.toDouble() / before.toDouble()) : -1.0;
}

EnvironmentMetrics TradingEnvironment::metrics() const
{
    const Impl &s = *m_impl;
    const bt::Metrics m = bt::computeMetrics(s.equity, s.venue->trades(), s.venue->barsInPosition(0),
                                             s.venue->barCount(0), s.intervalMs);
    EnvironmentMetrics out;
    out.totalReturn = m.totalReturn;
    out.sharpe = m.sharpe;
    out.maxDrawdown = m.maxDrawdown;
    out.trades = std::int64_t(s.venue->trades().size());
    out.feesPaid = s.venue->feesPaid().toDouble();
    out.exposure = m.exposure;
    return out;
}

EnvironmentMetrics TradingEnvironment::buyAndHold()
{
    reset();
    bool done = false;
    while (!done)
        step(1, done);
    return metrics();
}

} // namespace bcf::ml
