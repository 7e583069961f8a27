// The matching engine on one thread (docs/matching-engine.md, docs/performance.md):
// - BM_MatchingThroughput: a pre-generated mix of 60 % limit adds near the touch, 30 % cancels
//   of random resting orders and 10 % marketable orders (half market, half IOC limits through
//   the touch), replayed on a warmed book of ~5,000 resting orders; requests/s and events/s
//   (goal ≥ 5 M requests/s);
// - BM_MatchingLatency: the same requests, each timed with the TSC (calibrated against
//   steady_clock); p50/p90/p99/p99.9/max in ns, overall and per kind (goal p99 < 2 µs).
#include "matching/matching_engine.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace {

using namespace bcf;
using namespace bcf::matching;

enum class Kind : std::uint8_t { Add, Cancel, Marketable };

struct Operation {
    Kind kind;
    NewOrder order; // Add, Marketable
    OrderId cancelId; // Cancel
};

constexpr std::int64_t kTick = 1'000'000;    // 0.01
constexpr std::int64_t kLot = 100'000;       // 0.001
constexpr std::size_t kWarmOrders = 5'000;
constexpr std::size_t kOperations = 2'000'000;

SymbolRules symbolRules()
{
    return {Price::fromRaw(kTick), Quantity::fromRaw(kLot), Quantity::fromRaw(kLot), Money::fromUnits(1)};
}

// Generates the requests by running them through an engine of its own, so that cancels name
// orders that are really resting when the request is replayed (replay is deterministic).
struct Workload {
    std::vector<Operation> warmUp;
    std::vector<Operation> operations;
};

const Workload &workload()
{
    static const Workload data = [] {
        Workload w;
        MatchingEngine engine(symbolRules(), 1 << 16);
        std::vector<Event> events;
        std::vector<OrderId> live;             // resting ids, unordered
        std::vector<std::uint32_t> position;   // id → index in live (ids are dense)
        std::mt19937_64 random(7);
        const auto uniform = [&random](std::int64_t low, std::int64_t high) {
            return std::uniform_int_distribution<std::int64_t>(low, high)(random);
        };
        OrderId nextId = 1;
        const auto forget = [&](OrderId id) {
            const std::uint32_t at = position[id];
            if (at == UINT32_MAX)
                return;
            live[at] = live.back();
            position[live[at]] = at;
            live.pop_back();
            position[id] = UINT32_MAX;
        };
        const auto apply = [&](const Operation &op) {
            events.clear();
            if (op.kind == Kind::Cancel) {
                engine.cancel(op.cancelId, events);
            } else {
                position.resize(op.order.id + 1, UINT32_MAX);
                engine.submit(op.order, events);
            }
            for (const Event &e : events) {
                if (const auto *t = std::get_if<event::Trade>(&e); t && t->makerFilled)
                    forget(t->maker);
                else if (const auto *c = std::get_if<event::Cancelled>(&e))
                    forget(c->order);
            }
            if (op.kind != Kind::Cancel && engine.order(op.order.id)) {
                position[op.order.id] = static_cast<std::uint32_t>(live.size());
                live.push_back(op.order.id);
            }
        };
        std::int64_t mid = 30'000 * 100; // in ticks: 30,000.00
        const auto passive = [&](Side side) {
            Operation op{Kind::Add, {}, 0};
            op.order.id = nextId++;
            op.order.owner = static_cast<AccountId>(uniform(1, 1000));
            op.order.side = side;
            // Near the touch: the distance from the mid is 1 + a geometric-like number of ticks.
            const std::int64_t distance = 1 + std::min<std::int64_t>(uniform(0, 3) * uniform(0, 5), 40);
            const std::int64_t ticks = side == Side::Buy ? mid - distance : mid + distance;
            op.order.price = Price::fromRaw(ticks * kTick);
            op.order.quantity = Quantity::fromRaw(uniform(1, 50) * kLot);
            return op;
        };
        for (std::size_t i = 0; i < kWarmOrders; ++i) {
            Operation op = passive(i % 2 ? Side::Buy : Side::Sell);
            apply(op);
            w.warmUp.push_back(op);
        }
        w.operations.reserve(kOperations);
        for (std::size_t i = 0; i < kOperations; ++i) {
            const std::int64_t roll = uniform(0, 99);
            if (i % 64 == 0)
                mid += uniform(-1, 1); // the market drifts
            Operation op{Kind::Add, {}, 0};
            if (roll < 60 || live.empty()) {
                op = passive(uniform(0, 1) ? Side::Buy : Side::Sell);
            } else if (roll < 90) {
                op.kind = Kind::Cancel;
                op.cancelId = live[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(live.size()) - 1))];
            } else {
                op.kind = Kind::Marketable;
                op.order.id = nextId++;
                op.order.owner = static_cast<AccountId>(uniform(1, 1000));
                op.order.side = uniform(0, 1) ? Side::Buy : Side::Sell;
                op.order.quantity = Quantity::fromRaw(uniform(1, 120) * kLot); // takes 1–5 orders
                op.order.selfTradePrevention = SelfTradePrevention::CancelNewest;
                if (roll < 95) {
                    op.order.type = OrderType::Market;
                } else {
                    op.order.type = OrderType::Limit;
                    op.order.timeInForce = TimeInForce::ImmediateOrCancel;
                    op.order.price = Price::fromRaw((op.order.side == Side::Buy ? mid + 3 : mid - 3) * kTick);
                }
            }
            apply(op);
            w.operations.push_back(op);
        }
        return w;
    }();
    return data;
}

void run(MatchingEngine &engine, const Operation &op, std::vector<Event> &events)
{
    if (op.kind == Kind::Cancel)
        engine.cancel(op.cancelId, events);
    else
        engine.submit(op.order, events);
}

void BM_MatchingThroughput(benchmark::State &state)
{
    const Workload &w = workload();
    std::vector<Event> events;
    events.reserve(256);
    std::int64_t eventCount = 0;
    for (auto _ : state) {
        state.PauseTiming();
        MatchingEngine engine(symbolRules(), 1 << 16);
        for (const Operation &op : w.warmUp)
            run(engine, op, events);
        events.clear();
        state.ResumeTiming();
        for (const Operation &op : w.operations) {
            events.clear();
            run(engine, op, events);
            eventCount += static_cast<std::int64_t>(events.size());
        }
        benchmark::DoNotOptimize(engine.bestBid());
        state.counters["resting"] = static_cast<double>(engine.restingOrders());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(w.operations.size()));
    state.counters["requests/s"] = benchmark::Counter(
        static_cast<double>(state.iterations()) * static_cast<double>(w.operations.size()), benchmark::Counter::kIsRate);
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(eventCount), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MatchingThroughput)->Unit(benchmark::kMillisecond)->MinTime(2.0);

std::uint64_t ticksNow()
{
#if defined(__x86_64__)
    return __rdtsc();
#else
    return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
}

// TSC ticks per nanosecond, measured against steady_clock over 100 ms.
double ticksPerNanosecond()
{
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t startTicks = ticksNow();
    while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(100)) {
    }
    const auto end = std::chrono::steady_clock::now();
    const std::uint64_t endTicks = ticksNow();
    return static_cast<double>(endTicks - startTicks)
           / static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
}

void BM_MatchingLatency(benchmark::State &state)
{
    const Workload &w = workload();
    const double perNs = ticksPerNanosecond();
    std::vector<Event> events;
    events.reserve(256);
    std::vector<std::uint64_t> all;
    std::vector<std::uint64_t> byKind[3];
    all.reserve(w.operations.size());
    for (auto &samples : byKind)
        samples.reserve(w.operations.size());
    for (auto _ : state) {
        state.PauseTiming();
        MatchingEngine engine(symbolRules(), 1 << 16);
        for (const Operation &op : w.warmUp)
            run(engine, op, events);
        all.clear();
        for (auto &samples : byKind)
            samples.clear();
        state.ResumeTiming();
        for (const Operation &op : w.operations) {
            events.clear();
            const std::uint64_t begin = ticksNow();
            run(engine, op, events);
            const std::uint64_t elapsed = ticksNow() - begin;
            all.push_back(elapsed);
            byKind[static_cast<int>(op.kind)].push_back(elapsed);
        }
    }
    const auto percentile = [perNs](std::vector<std::uint64_t> &samples, double p) {
        if (samples.empty())
            return 0.0;
        const auto at = static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1));
        std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(at), samples.end());
        return static_cast<double>(samples[at]) / perNs;
    };
    state.counters["p50_ns"] = percentile(all, 0.50);
    state.counters["p90_ns"] = percentile(all, 0.90);
    state.counters["p99_ns"] = percentile(all, 0.99);
    state.counters["p99.9_ns"] = percentile(all, 0.999);
    state.counters["max_ns"] = static_cast<double>(*std::max_element(all.begin(), all.end())) / perNs;
    state.counters["add_p99_ns"] = percentile(byKind[0], 0.99);
    state.counters["cancel_p99_ns"] = percentile(byKind[1], 0.99);
    state.counters["take_p99_ns"] = percentile(byKind[2], 0.99);
    state.counters["take_p50_ns"] = percentile(byKind[2], 0.50);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(w.operations.size()));
}
BENCHMARK(BM_MatchingLatency)->Unit(benchmark::kMillisecond)->Iterations(1);

} // namespace

BENCHMARK_MAIN();
