#include "backtest/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bcf::bt {
namespace {

constexpr double kMillisecondsPerYear = 365.0 * 24 * 60 * 60 * 1000;

double ratio(Money numerator, Money denominator)
{
    return static_cast<double>(numerator.raw()) / static_cast<double>(denominator.raw());
}

double quoteUnits(Money amount)
{
    return amount.toDouble();
}

void equityMetrics(std::span<const EquityPoint> equity, std::int64_t barIntervalMs, Metrics &out)
{
    if (equity.empty())
        return;
    const EquityPoint &first = equity.front();
    const EquityPoint &last = equity.back();
    out.netProfit = last.equity - first.equity;
    if (first.equity.raw() > 0)
        out.totalReturn = ratio(last.equity, first.equity) - 1.0;

    const double spanMs = static_cast<double>((last.time - first.time).count());
    if (first.equity.raw() > 0 && spanMs > 0) {
        const double growth = ratio(last.equity, first.equity);
        out.cagr = last.equity.raw() <= 0 ? -1.0
                                          : std::pow(growth, kMillisecondsPerYear / spanMs) - 1.0;
    }

    // Bar returns: mean, sample deviation, downside deviation (target 0, over all returns).
    double sum = 0;
    std::int64_t count = 0;
    for (std::size_t i = 1; i < equity.size(); ++i) {
        if (equity[i - 1].equity.raw() <= 0)
            continue;
        sum += ratio(equity[i].equity, equity[i - 1].equity) - 1.0;
        ++count;
    }
    if (count > 0) {
        const double mean = sum / static_cast<double>(count);
        double squares = 0;
        double downside = 0;
        for (std::size_t i = 1; i < equity.size(); ++i) {
            if (equity[i - 1].equity.raw() <= 0)
                continue;
            const double r = ratio(equity[i].equity, equity[i - 1].equity) - 1.0;
            squares += (r - mean) * (r - mean);
            if (r < 0)
                downside += r * r;
        }
        const double deviation =
            count > 1 ? std::sqrt(squares / static_cast<double>(count - 1)) : 0.0;
        const double downsideDeviation = std::sqrt(downside / static_cast<double>(count));
        const double annualiser =
            barIntervalMs > 0 ? std::sqrt(kMillisecondsPerYear / static_cast<double>(barIntervalMs))
                              : 0.0;
        out.volatility = deviation * annualiser;
        if (deviation > 0)
            out.sharpe = mean / deviation * annualiser;
        if (downsideDeviation > 0)
            out.sortino = mean / downsideDeviation * annualiser;
    }

    // Drawdown depth and the longest time under a peak.
    Money peak = first.equity;
    TimePoint peakTime = first.time;
    bool underwater = false;
    for (const EquityPoint &point : equity) {
        if (point.equity >= peak) {
            if (underwater)
                out.maxDrawdownDurationMs =
                    std::max(out.maxDrawdownDurationMs, (point.time - peakTime).count());
            underwater = false;
            peak = point.equity;
            peakTime = point.time;
        } else {
            underwater = true;
            if (peak.raw() > 0)
                out.maxDrawdown = std::max(out.maxDrawdown, ratio(peak - point.equity, peak));
        }
    }
    if (underwater)
        out.maxDrawdownDurationMs =
            std::max(out.maxDrawdownDurationMs, (last.time - peakTime).count());
    if (out.maxDrawdown > 0)
        out.calmar = out.cagr / out.maxDrawdown;
}

void tradeMetrics(std::span<const TradeRecord> trades, Metrics &out)
{
    out.tradeCount = static_cast<std::int64_t>(trades.size());
    if (trades.empty())
        return;
    Money net;
    double holding = 0;
    for (const TradeRecord &trade : trades) {
        net += trade.netPnl;
        out.feesPaid += trade.fees;
        holding += static_cast<double>((trade.exitTime - trade.entryTime).count());
        if (trade.netPnl.raw() > 0) {
            ++out.winningTrades;
            out.grossProfit += trade.netPnl;
        } else if (trade.netPnl.raw() < 0) {
            ++out.losingTrades;
            out.grossLoss -= trade.netPnl;
        }
    }
    const auto count = static_cast<double>(out.tradeCount);
    out.winRate = static_cast<double>(out.winningTrades) / count;
    out.expectancy = quoteUnits(net) / count;
    out.averageHoldingMs = holding / count;
    if (out.winningTrades > 0)
        out.averageWin = quoteUnits(out.grossProfit) / static_cast<double>(out.winningTrades);
    if (out.losingTrades > 0)
        out.averageLoss = -quoteUnits(out.grossLoss) / static_cast<double>(out.losingTrades);
    if (out.grossLoss.raw() > 0)
        out.profitFactor = ratio(out.grossProfit, out.grossLoss);
    else if (out.grossProfit.raw() > 0)
        out.profitFactor = std::numeric_limits<double>::infinity();
}

} // namespace

Metrics computeMetrics(std::span<const EquityPoint> equity, std::span<const TradeRecord> trades,
                       std::int64_t barsInPosition, std::int64_t barCount,
                       std::int64_t barIntervalMs)
{
    Metrics metrics;
    equityMetrics(equity, barIntervalMs, metrics);
    tradeMetrics(trades, metrics);
    if (barCount > 0)
        metrics.exposure = static_cast<double>(barsInPosition) / static_cast<double>(barCount);
    return metrics;
}

std::vector<double> drawdownCurve(std::span<const EquityPoint> equity)
{
    std::vector<double> curve;
    curve.reserve(equity.size());
    Money peak;
    bool first = true;
    for (const EquityPoint &point : equity) {
        if (first || point.equity > peak)
            peak = point.equity;
        first = false;
        curve.push_back(peak.raw() > 0 ? ratio(peak - point.equity, peak) : 0.0);
    }
    return curve;
}

} // namespace bcf::bt
