#include "backtest/runner.h"

#include "strategy/kernel.h"

#include <algorithm>
#include <limits>

namespace bcf::bt {

namespace {

using strategy::IntentKind;
using strategy::OrderIntent;
using strategy::OrderRole;

constexpr std::int64_t kEquityLimit = 922'337'203'685'477'580; // a tenth of Money's range

} // namespace

SymbolSeries SymbolSeries::slice(std::size_t first, std::size_t count) const
{
    SymbolSeries part{spec, candles.subspan(first, count), {}};
    for (const std::span<const double> series : externals)
        part.externals.push_back(series.subspan(first, count));
    return part;
}

namespace {

Status validate(const strategy::Program &program, std::span<const SymbolSeries> symbols,
               const BacktestOptions &options)
{
    if (options.venue.initialCash.raw() <= 0 || options.venue.initialCash.raw() > kEquityLimit)
        return makeError(ErrorCode::InvalidArgument,
                         "the initial cash must be above 0 and at most 9,223,372,036 (what a backtest accounts for exactly)");
    if (symbols.empty())
        return makeError(ErrorCode::InvalidArgument, "the backtest has no symbols");
    for (const SymbolSeries &series : symbols) {
        if (series.candles.empty())
            return makeError(ErrorCode::InvalidArgument, series.spec.name + ": no candles in the chosen range");
        if (series.externals.size() != program.externals.size())
            return makeError(ErrorCode::InvalidArgument,
                             series.spec.name + ": the strategy reads " + std::to_string(program.externals.size()) +
                                 " model prediction series (predict()) and " + std::to_string(series.externals.size()) +
                                 " were given; backtest it on the servers, where predictions are stored");
        for (std::size_t e = 0; e < series.externals.size(); ++e)
            if (series.externals[e].size() != series.candles.size())
                return makeError(ErrorCode::InvalidArgument,
                                 series.spec.name + ": " + program.externals[e] + " has " +
                                     std::to_string(series.externals[e].size()) + " values for " +
                                     std::to_string(series.candles.size()) + " candles");
        const model::Timeframe timeframe = series.candles.front().timeframe;
        // Order and timeframe of each candle are checked as the run reaches it (one pass).
        for (std::size_t d = 1; d < program.domains.size(); ++d) {
            const model::Timeframe higher = *program.domains[d].timeframe;
            if (!model::divides(timeframe, higher))
                return makeError(ErrorCode::InvalidArgument,
                                 series.spec.name + ": the strategy reads tf(\"" + std::string(model::timeframeName(higher)) +
                                     "\"), which " + std::string(model::timeframeName(timeframe)) +
                                     " bars cannot build; use a smaller timeframe that divides it");
        }
    }
    return {};
}

OrderRequest toRequest(const OrderIntent &intent, SymbolId symbol, std::uint64_t ocoGroup)
{
    OrderRequest request;
    request.symbol = symbol;
    request.side = intent.side;
    request.quantity = intent.quantity;
    request.reduceOnly = intent.reduceOnly;
    request.tag = static_cast<std::uint32_t>(intent.role);
    request.ocoGroup = intent.protective ? ocoGroup : 0;
    switch (intent.kind) {
    case IntentKind::Market: request.type = OrderType::Market; break;
    case IntentKind::Stop:
        request.type = OrderType::Stop;
        request.stopPrice = intent.price;
        break;
    case IntentKind::Limit:
        request.type = OrderType::Limit;
        request.limitPrice = intent.price;
        break;
    case IntentKind::TrailingStop:
        request.type = OrderType::TrailingStop;
        request.stopPrice = intent.price;
        request.trailDistance = intent.trailDistance;
        request.trailBasisPoints = intent.trailBasisPoints;
        break;
    case IntentKind::CancelAll: break;
    }
    return request;
}

bool isWorking(const Order *order)
{
    return order && (order->status == OrderStatus::Working || order->status == OrderStatus::PartiallyFilled);
}

// Per-symbol driver state.
struct Lane {
    std::unique_ptr<strategy::StrategyKernel> kernel;
    std::size_t next = 0;                 // next candle
    std::vector<OrderId> decisions;       // entries and exits not yet done
    bool entryOutstanding = false;        // protective orders wait for the entry to complete
};

} // namespace

Result<BacktestResult> runBacktest(std::shared_ptr<const strategy::Program> program,
                                   std::span<const SymbolSeries> symbols, const BacktestOptions &options)
{
    if (auto valid = validate(*program, symbols, options); !valid)
        return std::unexpected(valid.error());

    std::vector<SymbolSpec> specs;
    for (const SymbolSeries &series : symbols)
        specs.push_back(series.spec);
    SimulatedVenue venue(specs, options.venue);

    std::vector<Lane> lanes(symbols.size());
    for (std::size_t s = 0; s < symbols.size(); ++s)
        lanes[s].kernel = std::make_unique<strategy::StrategyKernel>(
            program, strategy::SymbolRules{symbols[s].spec.tickSize, symbols[s].spec.lotSize});

    BacktestResult result;
    result.strategyName = program->name;
    for (const SymbolSeries &series : symbols)
        result.symbols.push_back(series.spec.name);
    std::size_t totalBars = 0;
    for (const SymbolSeries &series : symbols)
        totalBars += series.candles.size();
    result.equity.reserve(symbols.size() == 1 ? totalBars + 1 : totalBars / symbols.size() + 1);

    std::vector<Fill> fills;
    std::vector<OrderIntent> intents;
    std::vector<double> externals; // this bar's values of the program's external series
    std::uint64_t ocoGroups = 0;
    std::int64_t barsInPosition = 0;
    std::int64_t steps = 0;
    const model::Timeframe timeframe = symbols.front().candles.front().timeframe;
    result.equity.push_back(EquityPoint{symbols.front().candles.front().openTime, venue.equity()});

    // Submits the kernel's intents; fails when an order's value at `reference` is beyond what
    // fixed-point money holds (a size of billions of units), instead of aborting on the fill.
    const auto submitAll = [&](SymbolId symbol, Lane &lane, TimePoint now, Price reference) -> Status {
        for (const OrderIntent &intent : intents) {
            if (intent.kind == IntentKind::CancelAll) {
                venue.cancelAll(symbol, now);
                continue;
            }
            const Int128 value = static_cast<Int128>(intent.quantity.raw()) * reference.raw() / Price::kScale;
            if (value > kEquityLimit) {
                intents.clear();
                return makeError(ErrorCode::InvalidArgument,
                                 symbols[symbol].spec.name + ": an order of " + intent.quantity.toString() + " at " +
                                     reference.toString() + " is worth more than a backtest accounts for exactly "
                                     "(9.2 billion); use a smaller size");
            }
            const OrderId id = venue.submit(toRequest(intent, symbol, ocoGroups), now);
            if (!intent.protective && isWorking(venue.order(id))) {
                lane.decisions.push_back(id);
                if (intent.role == OrderRole::Entry)
                    lane.entryOutstanding = true;
            }
        }
        intents.clear();
        return {};
    };

    for (;;) {
        // The next time step: the earliest unprocessed bar across symbols.
        TimePoint now = TimePoint::max();
        for (std::size_t s = 0; s < symbols.size(); ++s)
            if (lanes[s].next < symbols[s].candles.size())
                now = std::min(now, symbols[s].candles[lanes[s].next].openTime);
        if (now == TimePoint::max())
            break;

        bool inPosition = false;
        for (std::size_t s = 0; s < symbols.size(); ++s) {
            Lane &lane = lanes[s];
            if (lane.next >= symbols[s].candles.size() || symbols[s].candles[lane.next].openTime != now)
                continue;
            const std::size_t index = lane.next++;
            const model::Candle &bar = symbols[s].candles[index];
            if (bar.timeframe != timeframe || (index > 0 && bar.openTime <= symbols[s].candles[index - 1].openTime))
                return makeError(ErrorCode::InvalidArgument,
                                 symbols[s].spec.name + (bar.timeframe != timeframe ? ": candles of different timeframes at bar "
                                                                                     : ": candles out of order or repeated at bar ") +
                                     std::to_string(index + 1));
            const auto symbol = static_cast<SymbolId>(s);
            const TimePoint closeTime = model::nextBucketStart(bar.timeframe, bar.openTime);

            fills.clear();
            venue.processBar(symbol, bar, fills);
            if (!lane.decisions.empty()) {
                std::erase_if(lane.decisions, [&](OrderId id) { return !isWorking(venue.order(id)); });
                if (lane.entryOutstanding && lane.decisions.empty()) {
                    lane.entryOutstanding = false;
                    const Position &position = venue.position(symbol);
                    ++ocoGroups;
                    lane.kernel->onEntryFilled(position.averagePrice, position.quantity, intents);
                    if (auto submitted = submitAll(symbol, lane, closeTime, bar.close); !submitted)
                        return std::unexpected(submitted.error());
                }
            }

            strategy::PositionView view;
            view.equity = venue.equity();
            view.position = venue.position(symbol).quantity;
            view.hasWorkingOrders = !lane.decisions.empty();
            externals.clear();
            for (const std::span<const double> series : symbols[s].externals)
                externals.push_back(series[index]);
            lane.kernel->onBar(bar, closeTime, view, intents, externals.empty() ? nullptr : externals.data());
            if (!intents.empty())
                if (auto submitted = submitAll(symbol, lane, closeTime, bar.close); !submitted)
                    return std::unexpected(submitted.error());
            inPosition = inPosition || !view.position.isZero();
            ++result.bars;
        }
        ++steps;
        barsInPosition += inPosition ? 1 : 0;
        const Money equity = venue.equity();
        // Money holds ±92 billion. A strategy that compounds past a tenth of that (usually
        // percent-of-equity sizing over a very long or unrealistic series) would overflow a
        // fill or the equity a few bars later; stop with an error instead of aborting.
        if (equity.raw() > kEquityLimit || equity.raw() < -kEquityLimit)
            return makeError(ErrorCode::InvalidArgument,
                             "equity reached " + equity.toString(0) + " at " + std::to_string(toUnixMillis(now)) +
                                 " ms, beyond what a backtest can account for exactly (±9.2 billion); use fixed "
                                 "sizing or a shorter range");
        result.equity.push_back(EquityPoint{model::nextBucketStart(timeframe, now), equity});
    }

    const std::int64_t interval =
        toUnixMillis(model::nextBucketStart(timeframe, symbols.front().candles.front().openTime)) -
        toUnixMillis(symbols.front().candles.front().openTime);
    result.trades = venue.trades();
    result.metrics = computeMetrics(result.equity, result.trades, barsInPosition, steps, interval);
    if (options.keepOrders) {
        result.orders = venue.orders();
        result.fills = venue.fills();
    }
    if (!options.keepEquity)
        result.equity.clear();
    return result;
}

} // namespace bcf::bt
