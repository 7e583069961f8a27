#include "backtest_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace bcf::backtest_cli {

namespace {

std::string number(double value, int digits = 4)
{
    if (std::isnan(value))
        return "null";
    if (std::isinf(value))
        return value > 0 ? "\"inf\"" : "\"-inf\"";
    return fmt::format("{:.{}f}", value, digits);
}

std::string percent(double fraction) { return fmt::format("{:.2f} %", fraction * 100); }

std::string duration(double millis)
{
    const auto total = static_cast<long long>(millis / 1000);
    const long long days = total / 86'400, hours = total % 86'400 / 3'600, minutes = total % 3'600 / 60;
    if (days > 0)
        return fmt::format("{}d {}h {}m", days, hours, minutes);
    return fmt::format("{}h {}m", hours, minutes);
}

std::string jsonString(const std::string &text)
{
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += fmt::format("\\u{:04x}", static_cast<int>(c));
            else
                out += c;
        }
    }
    return out + "\"";
}

// A CSV field, quoted when it holds a comma, a quote or a line break.
std::string csvField(const std::string &text)
{
    if (text.find_first_of(",\"\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (const char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

const char *sideName(model::Side side) { return side == model::Side::Buy ? "long" : "short"; }

} // namespace

std::string isoTime(TimePoint time)
{
    const auto millis = toUnixMillis(time);
    const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                       utc.tm_hour, utc.tm_min, utc.tm_sec);
}

void printMetrics(std::ostream &out, const bt::BacktestResult &result, const std::string &quote)
{
    const bt::Metrics &m = result.metrics;
    const auto row = [&](std::string_view name, const std::string &value) {
        out << fmt::format("  {:<26}{:>20}\n", name, value);
    };
    out << fmt::format("{} — {} bars", result.strategyName, result.bars);
    if (!result.equity.empty())
        out << fmt::format(", {} → {}", isoTime(result.equity.front().time), isoTime(result.equity.back().time));
    out << "\n";
    row("Net profit", m.netProfit.toString(2) + " " + quote);
    row("Total return", percent(m.totalReturn));
    row("CAGR", percent(m.cagr));
    row("Volatility (annual)", percent(m.volatility));
    row("Sharpe ratio", number(m.sharpe, 2));
    row("Sortino ratio", number(m.sortino, 2));
    row("Calmar ratio", number(m.calmar, 2));
    row("Max drawdown", percent(m.maxDrawdown));
    row("Max drawdown duration", duration(static_cast<double>(m.maxDrawdownDurationMs)));
    row("Trades", std::to_string(m.tradeCount));
    row("Win rate", percent(m.winRate));
    row("Profit factor", std::isinf(m.profitFactor) ? "∞" : number(m.profitFactor, 2));
    row("Expectancy", number(m.expectancy, 2) + " " + quote);
    row("Average win", number(m.averageWin, 2) + " " + quote);
    row("Average loss", number(m.averageLoss, 2) + " " + quote);
    row("Exposure", percent(m.exposure));
    row("Average holding time", duration(m.averageHoldingMs));
    row("Fees paid", m.feesPaid.toString(2) + " " + quote);
}

void writeTradesCsv(std::ostream &out, const bt::BacktestResult &result)
{
    out << "trade,symbol,side,entry_time,entry_price,exit_time,exit_price,quantity,gross_pnl,fees,net_pnl,bars\n";
    for (std::size_t i = 0; i < result.trades.size(); ++i) {
        const bt::TradeRecord &t = result.trades[i];
        out << i + 1 << ',' << result.symbols[t.symbol] << ',' << sideName(t.side) << ',' << toUnixMillis(t.entryTime)
            << ',' << t.entryPrice.toString() << ',' << toUnixMillis(t.exitTime) << ',' << t.exitPrice.toString() << ','
            << t.quantity.toString() << ',' << t.grossPnl.toString() << ',' << t.fees.toString() << ','
            << t.netPnl.toString() << ',' << t.bars << '\n';
    }
}

void writeTradesJson(std::ostream &out, const bt::BacktestResult &result)
{
    out << "[";
    for (std::size_t i = 0; i < result.trades.size(); ++i) {
        const bt::TradeRecord &t = result.trades[i];
        out << (i ? ",\n " : "\n ")
            << fmt::format(R"({{"trade":{},"symbol":{},"side":"{}","entry_time":{},"entry_price":"{}","exit_time":{},)"
                           R"("exit_price":"{}","quantity":"{}","gross_pnl":"{}","fees":"{}","net_pnl":"{}","bars":{}}})",
                           i + 1, jsonString(result.symbols[t.symbol]), sideName(t.side), toUnixMillis(t.entryTime),
                           t.entryPrice.toString(), toUnixMillis(t.exitTime), t.exitPrice.toString(),
                           t.quantity.toString(), t.grossPnl.toString(), t.fees.toString(), t.netPnl.toString(), t.bars);
    }
    out << "\n]\n";
}

void writeEquityCsv(std::ostream &out, const bt::BacktestResult &result)
{
    const auto drawdown = bt::drawdownCurve(result.equity);
    out << "time_ms,equity,drawdown\n";
    for (std::size_t i = 0; i < result.equity.size(); ++i)
        out << toUnixMillis(result.equity[i].time) << ',' << result.equity[i].equity.toString() << ','
            << fmt::format("{:.6f}", drawdown[i]) << '\n';
}

void writeEquityJson(std::ostream &out, const bt::BacktestResult &result)
{
    const auto drawdown = bt::drawdownCurve(result.equity);
    out << "[";
    for (std::size_t i = 0; i < result.equity.size(); ++i)
        out << (i ? "," : "") << "\n " << fmt::format(R"({{"time":{},"equity":"{}","drawdown":{:.6f}}})",
                                                      toUnixMillis(result.equity[i].time),
                                                      result.equity[i].equity.toString(), drawdown[i]);
    out << "\n]\n";
}

void writeMetricsJson(std::ostream &out, const bt::BacktestResult &result)
{
    const bt::Metrics &m = result.metrics;
    out << "{\"strategy\":" << jsonString(result.strategyName) << ",\"bars\":" << result.bars << ",\"metrics\":{"
        << fmt::format(R"("net_profit":"{}","total_return":{},"cagr":{},"volatility":{},"sharpe":{},"sortino":{},)"
                       R"("calmar":{},"max_drawdown":{},"max_drawdown_duration_ms":{},"trades":{},"win_rate":{},)"
                       R"("profit_factor":{},"expectancy":{},"exposure":{},"average_holding_ms":{},"fees_paid":"{}")",
                       m.netProfit.toString(), number(m.totalReturn, 8), number(m.cagr, 8), number(m.volatility, 8),
                       number(m.sharpe, 8), number(m.sortino, 8), number(m.calmar, 8), number(m.maxDrawdown, 8),
                       m.maxDrawdownDurationMs, m.tradeCount, number(m.winRate, 8), number(m.profitFactor, 8),
                       number(m.expectancy, 8), number(m.exposure, 8), number(m.averageHoldingMs, 0),
                       m.feesPaid.toString())
        << "}}\n";
}

void writeTrialsCsv(std::ostream &out, const bt::OptimizationResult &result)
{
    std::vector<std::size_t> order(result.trials.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto &ta = result.trials[a];
        const auto &tb = result.trials[b];
        if (ta.ok != tb.ok)
            return ta.ok;
        return ta.objective > tb.objective;
    });
    if (result.trials.empty())
        return;
    for (const auto &[name, value] : result.trials.front().params)
        out << name << ',';
    out << "objective,net_profit,total_return,sharpe,max_drawdown,trades,win_rate,error\n";
    for (const std::size_t i : order) {
        const bt::Trial &t = result.trials[i];
        for (const auto &[name, value] : t.params)
            out << fmt::format("{}", value) << ',';
        out << number(t.objective, 6) << ',' << t.metrics.netProfit.toString() << ',' << number(t.metrics.totalReturn, 6)
            << ',' << number(t.metrics.sharpe, 4) << ',' << number(t.metrics.maxDrawdown, 6) << ','
            << t.metrics.tradeCount << ',' << number(t.metrics.winRate, 4) << ',' << csvField(t.ok ? "" : t.error) << '\n';
    }
}

void printOptimizationSummary(std::ostream &out, const bt::OptimizationResult &result, bt::Objective objective,
                              std::size_t top)
{
    std::vector<const bt::Trial *> ok;
    for (const auto &trial : result.trials)
        if (trial.ok)
            ok.push_back(&trial);
    std::stable_sort(ok.begin(), ok.end(), [](const auto *a, const auto *b) { return a->objective > b->objective; });
    out << fmt::format("{} trials ({} failed), objective: {}\n", result.trials.size(), result.trials.size() - ok.size(),
                       bt::objectiveName(objective));
    for (std::size_t i = 0; i < std::min(top, ok.size()); ++i) {
        std::string params;
        for (const auto &[name, value] : ok[i]->params)
            params += fmt::format("{}{}={}", params.empty() ? "" : " ", name, value);
        out << fmt::format("  #{:<3} {:<40} {:>12}  trades {:>5}  return {:>9}  max dd {:>8}\n", i + 1, params,
                           number(ok[i]->objective, 4), ok[i]->metrics.tradeCount, percent(ok[i]->metrics.totalReturn),
                           percent(ok[i]->metrics.maxDrawdown));
    }
    out << fmt::format("Probability of backtest overfitting (CSCV, {} splits): {}\n", result.pbo.combinations,
                       percent(result.pbo.probability));
    out << fmt::format("Deflated Sharpe ratio of the best: {}\n", number(result.deflatedSharpe, 3));
}

} // namespace bcf::backtest_cli
