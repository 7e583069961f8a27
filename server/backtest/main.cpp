// bcf-backtest: runs a strategy file over candles from CSV files or from bcf-core's database,
// prints the metrics, writes trades and equity as CSV/JSON, and optimizes (docs/backtesting.md).
// Exit codes: 0 success, 1 run failure, 2 bad input (options, strategy, CSV).
#include "backtest_report.h"

#include "backtest/optimizer.h"
#include "common/candle_store.h"
#include "common/config_loader.h"
#include "common/database.h"
#include "common/settings.h"
#include "core_config.h"
#include "model/kline_csv.h"
#include "strategy/compiler.h"
#include "strategy/parser.h"
#include "strategy/templates.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace bcf;

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

struct BadInput {
    std::string message;
};

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw BadInput{path + ": cannot be read"};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A percentage ("0.1") to millionths of one (1000); `limit` is the largest accepted percentage.
std::int64_t percentMicros(double percent, const std::string &option, double limit = 100)
{
    if (!(percent >= 0 && percent <= limit))
        throw BadInput{option + " must be a percentage from 0 to " + fmt::format("{}", limit)};
    return std::llround(percent * 10'000);
}

// Reads a generic kline CSV (timestamp_ms,open,high,low,close,volume). The timeframe is the
// spacing of the first two rows unless given.
std::vector<model::Candle> readCsv(const std::string &path, std::optional<model::Timeframe> timeframe)
{
    std::ifstream in(path);
    if (!in)
        throw BadInput{path + ": cannot be read"};
    std::vector<std::pair<std::int64_t, std::string>> lines;
    std::string line;
    std::int64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (!line.empty())
            lines.emplace_back(number, line);
    }
    if (!timeframe) {
        std::vector<std::int64_t> times;
        for (const auto &[n, text] : lines) {
            if (times.size() == 2)
                break;
            const auto comma = text.find(',');
            try {
                times.push_back(std::stoll(text.substr(0, comma)));
            } catch (const std::exception &) {
                // a header line
            }
        }
        if (times.size() < 2)
            throw BadInput{path + ": needs at least two candles to tell the timeframe (or pass --timeframe)"};
        // Microsecond timestamps (as the kline parser accepts them: 16 digits) count in ms here.
        for (auto &time : times)
            if (time > 100'000'000'000'000)
                time /= 1000;
        const std::int64_t spacing = times[1] - times[0];
        for (const model::Timeframe candidate : model::kAllTimeframes) {
            const TimePoint start = model::bucketStart(candidate, fromUnixMillis(times[0]));
            if (toUnixMillis(model::nextBucketStart(candidate, start)) - toUnixMillis(start) == spacing) {
                timeframe = candidate;
                break;
            }
        }
        if (!timeframe)
            throw BadInput{path + ": the first two candles are " + std::to_string(spacing) +
                           " ms apart, which is no timeframe; pass --timeframe"};
    }
    std::vector<model::Candle> candles;
    candles.reserve(lines.size());
    for (const auto &[n, text] : lines) {
        model::CsvError error;
        auto candle = model::parseKlineLine(text, model::KlineCsvFormat::Generic, *timeframe, candles.empty(), error);
        if (!candle)
            throw BadInput{path + ":" + std::to_string(n) + ":" + std::to_string(error.column) + ": " + error.message};
        if (!*candle)
            continue;
        if (!candles.empty() && (*candle)->openTime <= candles.back().openTime)
            throw BadInput{path + ":" + std::to_string(n) + ":1: the timestamp is not after the previous line's"};
        candles.push_back(**candle);
    }
    if (candles.empty())
        throw BadInput{path + ": no candles"};
    return candles;
}

std::vector<model::Candle> readDatabase(const std::string &configPath, const std::string &exchange,
                                        const std::string &symbol, model::Timeframe timeframe, TimePoint from,
                                        TimePoint to)
{
    auto config = server::loadConfigFile(core::coreConfigSchema(), configPath);
    if (!config)
        throw BadInput{"configuration error: " + config.error().message};
    auto password = server::readSecretFile(config->common.database.passwordFile);
    if (!password)
        throw BadInput{"database.password_file: " + password.error().message};
    server::Database database(config->common.database, *password, "bcf-backtest");
    server::CandleStore store(database);
    auto candles = store.range(exchange, symbol, timeframe, from, to, 50'000'000);
    if (!candles)
        throw std::runtime_error(candles.error().message);
    if (candles->empty())
        throw BadInput{"no stored " + std::string(model::timeframeName(timeframe)) + " candles of " + exchange + " " +
                       symbol + " in the range"};
    return std::move(*candles);
}

TimePoint parseDate(const std::string &text, const std::string &option)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0;
    const int read = std::sscanf(text.c_str(), "%d-%d-%d %d:%d", &year, &month, &day, &hour, &minute);
    if (read != 3 && read != 5)
        throw BadInput{option + ": expected YYYY-MM-DD or \"YYYY-MM-DD HH:MM\" (UTC), got '" + text + "'"};
    using namespace std::chrono;
    const year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                              std::chrono::day(static_cast<unsigned>(day))};
    if (!date.ok())
        throw BadInput{option + ": '" + text + "' is not a date"};
    return TimePoint(duration_cast<milliseconds>(sys_days(date).time_since_epoch() + hours(hour) + minutes(minute)));
}

void writeFile(const std::string &path, const std::function<void(std::ostream &)> &write)
{
    if (path.empty())
        return;
    std::ofstream out(path, std::ios::binary);
    if (!out)
        throw BadInput{path + ": cannot be written"};
    write(out);
    std::cerr << "wrote " << path << "\n";
}

// "[#########           ]  45 %  450/1000  ETA 12 s" on stderr, redrawn in place.
class ProgressBar {
public:
    void update(std::int64_t done, std::int64_t total)
    {
        const auto now = std::chrono::steady_clock::now();
        if (done < total && now - m_lastDraw < std::chrono::milliseconds(200))
            return;
        m_lastDraw = now;
        const double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1;
        const int width = 30;
        const int filled = static_cast<int>(fraction * width);
        const double elapsed = std::chrono::duration<double>(now - m_start).count();
        const double eta = done > 0 ? elapsed / static_cast<double>(done) * static_cast<double>(total - done) : 0;
        std::cerr << fmt::format("\r[{}{}] {:3.0f} %  {}/{}  elapsed {:.0f} s  ETA {:.0f} s ", std::string(filled, '#'),
                                 std::string(width - filled, ' '), fraction * 100, done, total, elapsed, eta)
                  << std::flush;
        if (done >= total)
            std::cerr << "\n";
    }

private:
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point m_lastDraw{};
};

// The largest power-of-ten step (at most 1) that every price of the candles is a multiple of.
Price finestTick(const std::vector<model::Candle> &candles)
{
    std::int64_t step = Price::kScale;
    for (const model::Candle &candle : candles)
        for (const Price price : {candle.open, candle.high, candle.low, candle.close})
            while (step > 1 && price.raw() % step != 0)
                step /= 10;
    return Price::fromRaw(step);
}

// The quote currency of a symbol such as BTCUSDT, for labels.
std::string quoteOf(const std::string &symbol)
{
    for (const char *quote : {"USDT", "USDC", "FDUSD", "BUSD", "TUSD", "BTC", "ETH", "BNB", "EUR", "BRL", "USD"})
        if (symbol.size() > std::strlen(quote) && symbol.ends_with(quote))
            return quote;
    return "quote";
}

int run(int argc, char **argv)
{
    CLI::App app{"bcf-backtest — backtest and optimize a strategy written in the BotCriptoFy2 strategy language"};
    std::string strategyPath;
    std::vector<std::string> csvFiles;
    std::string configPath, exchange = "binance", timeframeName, fromText, toText;
    std::vector<std::string> symbolNames;
    std::string quote;
    std::string tickText, lotText = "0.00001", cashText = "10000", sizeText;
    double makerFee = 0.1, takerFee = 0.1, slippage = 0.0, volumeShare = 0;
    std::int64_t slippageTicks = 0;
    std::vector<std::string> sets;
    std::string tradesCsv, tradesJson, equityCsv, equityJson, resultsCsv;
    bool json = false;
    std::string optimizeMethod, objectiveText = "sharpe";
    std::int64_t maxTrials = 200;
    std::uint64_t seed = 1;
    int threads = 0;
    std::string walkForwardText;

    app.add_option("strategy", strategyPath,
                   "Strategy file (docs/strategy-language.md), or template:ID (sma_cross, rsi_mean_reversion, "
                   "macd_trend, bollinger_breakout, donchian_breakout)")->required();
    app.add_option("--csv", csvFiles,
                   "Candles: timestamp_ms,open,high,low,close,volume; SYMBOL=file.csv or file.csv (repeatable)");
    app.add_option("--config", configPath, "Read stored candles through this bcf-core configuration instead of CSV");
    app.add_option("--exchange", exchange, "Exchange of the stored candles")->capture_default_str();
    app.add_option("--symbol", symbolNames, "Symbol(s) of the stored candles, or the name of a single CSV");
    app.add_option("--timeframe", timeframeName, "1m … 1M (CSV: inferred from the first two rows)");
    app.add_option("--from", fromText, "First candle, YYYY-MM-DD[ HH:MM] UTC (stored candles)");
    app.add_option("--to", toText, "End (exclusive), YYYY-MM-DD[ HH:MM] UTC (stored candles)");
    app.add_option("--quote", quote, "Quote currency shown with amounts (default: from the symbol, e.g. USDT)");
    app.add_option("--tick", tickText, "Price tick size (default: the finest decimal step of the candles' prices)");
    app.add_option("--lot", lotText, "Quantity step")->capture_default_str();
    app.add_option("--cash", cashText, "Initial cash in the quote currency")->capture_default_str();
    app.add_option("--maker-fee", makerFee, "Maker fee, percent of notional")->capture_default_str();
    app.add_option("--taker-fee", takerFee, "Taker fee, percent of notional")->capture_default_str();
    app.add_option("--slippage", slippage, "Slippage of market and stop fills, percent of price")->capture_default_str();
    app.add_option("--slippage-ticks", slippageTicks, "Extra slippage in ticks")->capture_default_str();
    app.add_option("--volume-share", volumeShare, "Fill at most this percent of a bar's volume per order (0: no limit)");
    app.add_option("--size", sizeText, "Override the strategy's sizing: '25% of equity', '0.5 units', '1000 cash', 'risk 1%'");
    app.add_option("--set", sets, "Parameter value, name=value (repeatable)");
    app.add_option("--trades-csv", tradesCsv, "Write the trades as CSV");
    app.add_option("--trades-json", tradesJson, "Write the trades as JSON");
    app.add_option("--equity-csv", equityCsv, "Write the equity and drawdown curve as CSV");
    app.add_option("--equity-json", equityJson, "Write the equity and drawdown curve as JSON");
    app.add_flag("--json", json, "Print the metrics as JSON instead of a table");
    app.add_option("--optimize", optimizeMethod, "Optimize the ranged parameters: grid, random or genetic");
    app.add_option("--objective", objectiveText, "sharpe, sortino, return, profit, profit_factor or calmar")->capture_default_str();
    app.add_option("--max-trials", maxTrials, "Most parameter sets to try")->capture_default_str();
    app.add_option("--seed", seed, "Random and genetic search seed")->capture_default_str();
    app.add_option("--threads", threads, "Worker threads (0: every core)")->capture_default_str();
    app.add_option("--results-csv", resultsCsv, "Write every optimization trial as CSV");
    app.add_option("--walk-forward", walkForwardText, "IN,OUT: walk-forward with IN in-sample and OUT out-of-sample bars");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &error) {
        return app.exit(error) == 0 ? 0 : kExitBadInput;
    }

    // The strategy.
    std::string source;
    if (strategyPath.starts_with("template:")) {
        const std::string id = strategyPath.substr(9);
        std::string known;
        for (const auto &strategyTemplate : strategy::strategyTemplates()) {
            if (strategyTemplate.id == id)
                source = strategyTemplate.source;
            known += (known.empty() ? "" : ", ") + std::string(strategyTemplate.id);
        }
        if (source.empty())
            throw BadInput{"no template '" + id + "'; the templates are " + known};
    } else {
        source = readFile(strategyPath);
    }
    auto ast = strategy::parseStrategy(source);
    if (!ast)
        throw BadInput{strategyPath + ":" + ast.error().toString()};
    if (!sizeText.empty()) {
        auto sized = strategy::parseStrategy("long entry when true\nsize " + sizeText);
        if (!sized || !sized->sizing)
            throw BadInput{"--size: " + (sized ? std::string("not a size") : sized.error().message)};
        ast->sizing = sized->sizing;
    }
    strategy::ParamValues values;
    for (const std::string &set : sets) {
        const auto equals = set.find('=');
        char *end = nullptr;
        const double value = equals == std::string::npos ? 0 : std::strtod(set.c_str() + equals + 1, &end);
        if (equals == std::string::npos || end == set.c_str() + equals + 1 || *end != '\0')
            throw BadInput{"--set " + set + ": expected name=number"};
        values[set.substr(0, equals)] = value;
    }
    auto program = strategy::compileAst(*ast, values);
    if (!program)
        throw BadInput{strategyPath + ":" + program.error().toString()};

    // The market.
    std::optional<model::Timeframe> timeframe;
    if (!timeframeName.empty()) {
        timeframe = model::parseTimeframe(timeframeName);
        if (!timeframe)
            throw BadInput{"--timeframe: '" + timeframeName + "' is not a timeframe (1m, 5m, 1h, 4h, 1d, …)"};
    }
    const auto parseDecimal = [](const std::string &text, const std::string &option, auto type) {
        auto value = decltype(type)::parse(text);
        if (!value || value->raw() <= 0)
            throw BadInput{option + ": '" + text + "' must be a positive decimal number"};
        return *value;
    };
    bt::SymbolSpec spec;
    if (!tickText.empty())
        spec.tickSize = parseDecimal(tickText, "--tick", Price{});
    spec.lotSize = parseDecimal(lotText, "--lot", Quantity{});
    std::vector<std::vector<model::Candle>> data;
    std::vector<std::string> names;
    if (!csvFiles.empty() == !configPath.empty())
        throw BadInput{"give candles with --csv FILE or with --config CORE.toml --symbol SYMBOL --timeframe TF --from --to"};
    if (!csvFiles.empty()) {
        for (const std::string &entry : csvFiles) {
            const auto equals = entry.find('=');
            std::string name = equals == std::string::npos ? "" : entry.substr(0, equals);
            const std::string path = equals == std::string::npos ? entry : entry.substr(equals + 1);
            if (name.empty())
                name = csvFiles.size() == 1 && symbolNames.size() == 1 ? symbolNames[0] : "SYMBOL" + std::to_string(names.size() + 1);
            data.push_back(readCsv(path, timeframe));
            names.push_back(name);
        }
    } else {
        if (symbolNames.empty() || !timeframe || fromText.empty() || toText.empty())
            throw BadInput{"stored candles need --symbol, --timeframe, --from and --to"};
        const TimePoint from = parseDate(fromText, "--from");
        const TimePoint to = parseDate(toText, "--to");
        if (to <= from)
            throw BadInput{"--to must be after --from"};
        for (const std::string &symbol : symbolNames) {
            data.push_back(readDatabase(configPath, exchange, symbol, *timeframe, from, to));
            names.push_back(symbol);
        }
    }
    std::vector<bt::SymbolSeries> symbols;
    for (std::size_t i = 0; i < data.size(); ++i) {
        bt::SymbolSpec symbolSpec = spec;
        symbolSpec.name = names[i];
        // Fills are rounded to the tick, so a tick coarser than the prices (0.01 for a coin at
        // 0.00002) would trade at absurd prices: infer it, or refuse a given one that does not fit.
        symbolSpec.tickSize = tickText.empty() ? finestTick(data[i]) : spec.tickSize;
        if (!tickText.empty())
            for (const model::Candle &candle : data[i])
                for (const Price price : {candle.open, candle.high, candle.low, candle.close})
                    if (!price.isMultipleOf(spec.tickSize))
                        throw BadInput{names[i] + ": the price " + price.toString() + " at " +
                                       backtest_cli::isoTime(candle.openTime) + " is not a multiple of --tick " +
                                       spec.tickSize.toString() + "; give the symbol's tick size or leave --tick out"};
        symbols.push_back(bt::SymbolSeries{symbolSpec, data[i]});
    }

    bt::BacktestOptions options;
    // The venue's own bounds: fees and slippage below 100 % (50 % here, already absurd).
    options.venue.makerFeeMicros = percentMicros(makerFee, "--maker-fee", 50);
    options.venue.takerFeeMicros = percentMicros(takerFee, "--taker-fee", 50);
    options.venue.slippageMicros = percentMicros(slippage, "--slippage", 50);
    if (slippageTicks < 0 || slippageTicks > 1'000'000)
        throw BadInput{"--slippage-ticks must be from 0 to 1000000"};
    options.venue.slippageTicks = slippageTicks;
    options.venue.maxVolumeShareMicros = percentMicros(volumeShare, "--volume-share");
    options.venue.initialCash = [&] {
        auto cash = Money::parse(cashText);
        if (!cash || cash->raw() <= 0)
            throw BadInput{"--cash: '" + cashText + "' must be a positive amount"};
        return *cash;
    }();

    if (!optimizeMethod.empty() || !walkForwardText.empty()) {
        bt::SearchSettings settings;
        const auto method = bt::parseMethod(optimizeMethod.empty() ? "grid" : optimizeMethod);
        if (!method)
            throw BadInput{"--optimize: '" + optimizeMethod + "' is not grid, random or genetic"};
        const auto objective = bt::parseObjective(objectiveText);
        if (!objective)
            throw BadInput{"--objective: '" + objectiveText + "' is not sharpe, sortino, return, profit, profit_factor or calmar"};
        settings.method = *method;
        settings.objective = *objective;
        settings.maxTrials = maxTrials;
        settings.seed = seed;
        settings.threads = threads;
        ProgressBar bar;
        const auto progress = [&](std::int64_t done, std::int64_t total) { bar.update(done, total); };
        if (!walkForwardText.empty()) {
            long long inBars = 0, outBars = 0;
            char extra = 0;
            if (std::sscanf(walkForwardText.c_str(), "%lld,%lld%c", &inBars, &outBars, &extra) != 2 || inBars < 2 ||
                outBars < 1)
                throw BadInput{"--walk-forward: expected IN,OUT bar counts (IN ≥ 2, OUT ≥ 1), as in 5000,1000"};
            const auto in = static_cast<std::size_t>(inBars);
            const auto out = static_cast<std::size_t>(outBars);
            if (symbols.size() != 1)
                throw BadInput{"--walk-forward works on one symbol"};
            auto result = bt::walkForward(*ast, symbols[0], options, settings, in, out, values, progress);
            if (!result)
                throw BadInput{result.error().message};
            std::cout << fmt::format("Walk-forward: {} windows of {} in-sample + {} out-of-sample bars, objective {}\n",
                                     result->windows.size(), in, out, bt::objectiveName(settings.objective));
            for (std::size_t i = 0; i < result->windows.size(); ++i) {
                const auto &w = result->windows[i];
                std::string params;
                for (const auto &[name, value] : w.best)
                    params += fmt::format("{}{}={}", params.empty() ? "" : " ", name, value);
                std::cout << fmt::format("  {:>2}  {}  {:<36} in {:>9.3f}  out {:>9.3f}\n", i + 1,
                                         backtest_cli::isoTime(w.outOfSampleStart), params, w.inSampleObjective,
                                         w.outOfSampleObjective);
            }
            std::cout << fmt::format("Mean in-sample {:.4f}, mean out-of-sample {:.4f}, efficiency {:.1f} %\n",
                                     result->meanInSample, result->meanOutOfSample, result->efficiency * 100);
            return 0;
        }
        // Parameters given with --set keep their value and are not searched.
        std::vector<bt::ParamAxis> axes = bt::parameterAxes(*ast);
        std::erase_if(axes, [&](const bt::ParamAxis &axis) { return values.contains(axis.name); });
        auto result = bt::optimize(axes, values,
                                   bt::backtestEvaluator(*ast, symbols, options, settings.objective, settings.cscvBlocks),
                                   settings, progress);
        if (!result)
            throw BadInput{result.error().message};
        backtest_cli::printOptimizationSummary(std::cout, *result, settings.objective, 10);
        writeFile(resultsCsv, [&](std::ostream &out) { backtest_cli::writeTrialsCsv(out, *result); });
        return result->bestIndex >= 0 ? 0 : kExitFailure;
    }

    auto result = bt::runBacktest(*program, symbols, options);
    if (!result)
        throw BadInput{result.error().message};
    if (json)
        backtest_cli::writeMetricsJson(std::cout, *result);
    else
        backtest_cli::printMetrics(std::cout, *result, quote.empty() ? quoteOf(names.front()) : quote);
    writeFile(tradesCsv, [&](std::ostream &out) { backtest_cli::writeTradesCsv(out, *result); });
    writeFile(tradesJson, [&](std::ostream &out) { backtest_cli::writeTradesJson(out, *result); });
    writeFile(equityCsv, [&](std::ostream &out) { backtest_cli::writeEquityCsv(out, *result); });
    writeFile(equityJson, [&](std::ostream &out) { backtest_cli::writeEquityJson(out, *result); });
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    try {
        return run(argc, argv);
    } catch (const BadInput &error) {
        std::cerr << "bcf-backtest: " << error.message << "\n";
        return kExitBadInput;
    } catch (const std::exception &error) {
        std::cerr << "bcf-backtest: " << error.what() << "\n";
        return kExitFailure;
    }
}
