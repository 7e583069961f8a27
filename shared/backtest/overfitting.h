#pragma once

#include <cstdint>
#include <span>
#include <vector>

// Statistics that ask whether an optimization's winner is real or an artefact of trying many
// parameter sets (docs/backtesting.md, "Overfitting"):
// - the probability of backtest overfitting by combinatorially symmetric cross-validation (CSCV;
//   Bailey, Borwein, López de Prado and Zhu, "The Probability of Backtest Overfitting", 2015);
// - the deflated Sharpe ratio (Bailey and López de Prado, "The Deflated Sharpe Ratio", 2014).
namespace bcf::bt {

// Per-bar return moments of one block of time, enough to compute a Sharpe ratio over any union
// of blocks without keeping the returns.
struct BlockMoments {
    double count = 0;
    double sum = 0;
    double sumSquares = 0;
};

// One trial's returns summarised: per-block moments plus the whole-series shape.
struct ReturnSummary {
    std::vector<BlockMoments> blocks;
    double sharpe = 0;     // per-bar (not annualised) mean / standard deviation
    double skewness = 0;
    double kurtosis = 3;   // not excess: a normal distribution has 3
    double count = 0;
};

// Splits `returns` into `blockCount` contiguous blocks of (nearly) equal length.
ReturnSummary summariseReturns(std::span<const double> returns, int blockCount);

struct PboResult {
    double probability = 0;          // share of splits whose in-sample winner ranks below the out-of-sample median
    std::int64_t combinations = 0;   // C(S, S/2) splits evaluated
    std::vector<double> logits;      // λ of each split
};

// CSCV over the trials' block moments (all with the same block count S, even, 2…16). Needs at
// least two trials.
PboResult probabilityOfBacktestOverfitting(std::span<const ReturnSummary> trials);

// The probability that the selected strategy's true Sharpe ratio is above zero after deflating
// for `trialCount` trials whose per-bar Sharpe ratios have variance `sharpeVariance`.
double deflatedSharpeRatio(const ReturnSummary &selected, std::int64_t trialCount, double sharpeVariance);

// Standard normal CDF and its inverse (Acklam's rational approximation refined by one Newton
// step; |error| < 1e-12 on (0, 1)).
double normalCdf(double x);
double normalQuantile(double p);

} // namespace bcf::bt
