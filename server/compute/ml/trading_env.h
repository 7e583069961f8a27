#pragma once

// The reinforcement-learning environment (docs/ml.md, "Reinforcement learning"): the product's
// simulated venue (shared/backtest, the backtester's fills and fees) stepped bar by bar. Free of
// LibTorch and of C++20 headers, like dataset.h.
#include "dataset.h"

#include <memory>
#include <vector>

namespace bcf::ml {

struct EnvironmentSettings {
    std::int64_t feeMicros = 1000;   // maker and taker fee, millionths of notional (0.1 %)
    double initialCash = 10'000;
    double positionShare = 0.95;     // of equity, when long
};

struct EnvironmentMetrics {
    double totalReturn = 0;
    double sharpe = 0;               // annualised from the bar returns (the backtester's metrics)
    double maxDrawdown = 0;
    std::int64_t trades = 0;
    double feesPaid = 0;
    double exposure = 0;
};

// Long or flat on one instrument. An episode walks the decision bars [first, last] of a dataset:
// at each bar's close the agent sees the window of normalised features and whether it holds the
// instrument, and chooses 0 (be flat) or 1 (be long); the order fills at the next bar's open
// through the simulated venue, with its fee; the reward is the log change of equity over that
// next bar.
class TradingEnvironment {
public:
    TradingEnvironment(const Dataset &dataset, const std::vector<Bar> &bars, int first, int last,
                       EnvironmentSettings settings);
    ~TradingEnvironment();
    TradingEnvironment(const TradingEnvironment &) = delete;
    TradingEnvironment &operator=(const TradingEnvironment &) = delete;

    int observationSize() const;     // window × features + 1
    void reset();
    void observe(float *out) const;
    // Acts at the current bar's close and moves to the next bar; `done` once the last bar is reached.
    double step(int action, bool &done);

    EnvironmentMetrics metrics() const;

    // Resets and holds the instrument from the first bar to the last: the comparison every
    // agent is measured against (same range, same fees).
    EnvironmentMetrics buyAndHold();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace bcf::ml
