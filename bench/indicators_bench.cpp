// Per-bar update cost of every catalog indicator through the type-erased interface (what the
// strategy language pays), over a pre-generated series of 1 M synthetic bars. Reported as
// time per bar (items_per_second gives bars per second).
#include "indicators/indicator.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

using namespace bcf::ind;

namespace {

constexpr std::size_t kBars = 1'000'000;

struct Bars {
    std::vector<double> open, high, low, close, volume;
};

// A deterministic random walk with bars around it (xorshift, no <random> distribution drift
// between standard libraries).
const Bars &bars()
{
    static const Bars series = [] {
        Bars b;
        std::uint64_t state = 0x9E3779B97F4A7C15ULL;
        auto uniform = [&state] {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return double(state >> 11) / double(1ULL << 53);
        };
        double price = 30000;
        for (std::size_t i = 0; i < kBars; ++i) {
            const double open = price;
            const double close = open * (1 + (uniform() - 0.5) * 0.01);
            b.open.push_back(open);
            b.close.push_back(close);
            b.high.push_back(std::max(open, close) * (1 + uniform() * 0.002));
            b.low.push_back(std::min(open, close) * (1 - uniform() * 0.002));
            b.volume.push_back(1 + uniform() * 100);
            price = close;
        }
        return b;
    }();
    return series;
}

void benchmarkIndicator(benchmark::State &state, const IndicatorSpec *spec)
{
    const Bars &b = bars();
    std::vector<const std::vector<double> *> columns;
    for (Input input : spec->inputs) {
        switch (input) {
        case Input::Open: columns.push_back(&b.open); break;
        case Input::High: columns.push_back(&b.high); break;
        case Input::Low: columns.push_back(&b.low); break;
        case Input::Source:
        case Input::Close: columns.push_back(&b.close); break;
        case Input::Volume: columns.push_back(&b.volume); break;
        }
    }
    std::vector<double> params;
    for (const ParamSpec &param : spec->params)
        params.push_back(param.defaultValue);
    std::vector<double> inputs(columns.size());
    for (auto _ : state) {
        auto indicator = spec->create(params);
        for (std::size_t bar = 0; bar < kBars; ++bar) {
            for (std::size_t i = 0; i < columns.size(); ++i)
                inputs[i] = (*columns[i])[bar];
            indicator->update(inputs);
            benchmark::DoNotOptimize(indicator->output(0));
        }
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(kBars));
    // Nanoseconds per bar, in the "ns/bar" column.
    state.counters["ns/bar"] = benchmark::Counter(
        double(state.iterations()) * double(kBars),
        benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

} // namespace

int main(int argc, char **argv)
{
    for (const IndicatorSpec &spec : catalog())
        benchmark::RegisterBenchmark(("BM_" + std::string(spec.name)).c_str(), benchmarkIndicator,
                                     &spec)
            ->Unit(benchmark::kMillisecond);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
