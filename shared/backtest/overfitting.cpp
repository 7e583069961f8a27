#include "backtest/overfitting.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>

namespace bcf::bt {

namespace {

double sharpeOf(const BlockMoments &m)
{
    if (m.count < 2)
        return 0;
    const double mean = m.sum / m.count;
    const double variance = (m.sumSquares - m.count * mean * mean) / (m.count - 1);
    return variance > 0 ? mean / std::sqrt(variance) : 0;
}

} // namespace

ReturnSummary summariseReturns(std::span<const double> returns, int blockCount)
{
    ReturnSummary summary;
    summary.blocks.resize(static_cast<std::size_t>(std::max(1, blockCount)));
    const std::size_t n = returns.size();
    summary.count = static_cast<double>(n);
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t block = std::min(summary.blocks.size() - 1, i * summary.blocks.size() / std::max<std::size_t>(n, 1));
        BlockMoments &m = summary.blocks[block];
        m.count += 1;
        m.sum += returns[i];
        m.sumSquares += returns[i] * returns[i];
        sum += returns[i];
    }
    if (n < 2)
        return summary;
    const double mean = sum / static_cast<double>(n);
    double m2 = 0, m3 = 0, m4 = 0;
    for (const double r : returns) {
        const double d = r - mean;
        m2 += d * d;
        m3 += d * d * d;
        m4 += d * d * d * d;
    }
    m2 /= static_cast<double>(n);
    m3 /= static_cast<double>(n);
    m4 /= static_cast<double>(n);
    const double sampleSd = std::sqrt(m2 * static_cast<double>(n) / static_cast<double>(n - 1));
    summary.sharpe = sampleSd > 0 ? mean / sampleSd : 0;
    summary.skewness = m2 > 0 ? m3 / std::pow(m2, 1.5) : 0;
    summary.kurtosis = m2 > 0 ? m4 / (m2 * m2) : 3;
    return summary;
}

PboResult probabilityOfBacktestOverfitting(std::span<const ReturnSummary> trials)
{
    PboResult result;
    if (trials.size() < 2 || trials.front().blocks.size() < 2)
        return result;
    const std::size_t blocks = trials.front().blocks.size();
    const std::size_t half = blocks / 2;
    const std::size_t n = trials.size();
    std::vector<double> inSample(n), outOfSample(n);
    int negatives = 0;
    // Every way to choose half of the blocks as in-sample (bitmask with `half` bits set).
    for (std::uint32_t mask = 0; mask < (1u << blocks); ++mask) {
        if (static_cast<std::size_t>(std::popcount(mask)) != half)
            continue;
        for (std::size_t t = 0; t < n; ++t) {
            BlockMoments in, out;
            for (std::size_t b = 0; b < blocks; ++b) {
                const BlockMoments &m = trials[t].blocks[b];
                BlockMoments &target = (mask >> b) & 1u ? in : out;
                target.count += m.count;
                target.sum += m.sum;
                target.sumSquares += m.sumSquares;
            }
            inSample[t] = sharpeOf(in);
            outOfSample[t] = sharpeOf(out);
        }
        // The in-sample winner (lowest index on ties, for determinism) and its out-of-sample rank.
        const std::size_t best = static_cast<std::size_t>(
            std::max_element(inSample.begin(), inSample.end()) - inSample.begin());
        double rank = 1; // 1 = worst … n = best; ties count half
        for (std::size_t t = 0; t < n; ++t) {
            if (t == best)
                continue;
            if (outOfSample[t] < outOfSample[best])
                rank += 1;
            else if (outOfSample[t] == outOfSample[best])
                rank += 0.5;
        }
        const double omega = rank / static_cast<double>(n + 1);
        const double logit = std::log(omega / (1 - omega));
        result.logits.push_back(logit);
        if (logit <= 0)
            ++negatives;
    }
    result.combinations = static_cast<std::int64_t>(result.logits.size());
    result.probability = result.combinations > 0 ? static_cast<double>(negatives) / static_cast<double>(result.combinations) : 0;
    return result;
}

double deflatedSharpeRatio(const ReturnSummary &selected, std::int64_t trialCount, double sharpeVariance)
{
    if (selected.count < 2)
        return 0;
    constexpr double eulerGamma = 0.5772156649015329;
    double expectedMaximum = 0;
    if (trialCount > 1 && sharpeVariance > 0) {
        const double n = static_cast<double>(trialCount);
        expectedMaximum = std::sqrt(sharpeVariance) *
                          ((1 - eulerGamma) * normalQuantile(1 - 1 / n) +
                           eulerGamma * normalQuantile(1 - 1 / (n * std::numbers::e)));
    }
    const double sr = selected.sharpe;
    const double denominator = 1 - selected.skewness * sr + (selected.kurtosis - 1) / 4 * sr * sr;
    if (denominator <= 0)
        return 0;
    return normalCdf((sr - expectedMaximum) * std::sqrt(selected.count - 1) / std::sqrt(denominator));
}

double normalCdf(double x)
{
    return 0.5 * std::erfc(-x / std::numbers::sqrt2);
}

double normalQuantile(double p)
{
    if (p <= 0)
        return -INFINITY;
    if (p >= 1)
        return INFINITY;
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                   1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                   6.680131188771972e+01, -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                   -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                   3.754408661907416e+00};
    const double low = 0.02425;
    double x = 0;
    if (p < low) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - low) {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    // One Newton step on Φ(x) − p.
    const double error = normalCdf(x) - p;
    const double density = std::exp(-x * x / 2) / std::sqrt(2 * std::numbers::pi);
    return x - error / density;
}

} // namespace bcf::bt
