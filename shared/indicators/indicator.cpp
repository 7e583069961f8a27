// The catalog: every indicator's spec and the adapter from the type-erased interface to the
// concrete class.
#include "indicators/indicator.h"

#include "indicators/averages.h"
#include "indicators/momentum.h"
#include "indicators/patterns.h"
#include "indicators/statistics.h"
#include "indicators/volatility.h"
#include "indicators/volume.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>

namespace bcf::ind {

bool matchesPattern(Pattern pattern, const Candle4 *bars)
{
    const Candle4 &c = bars[0];
    const Candle4 &p = bars[1];
    switch (pattern) {
    case Pattern::Doji:
        return c.range() > 0 && c.body() <= 0.1 * c.range();
    case Pattern::EngulfingBull:
        return p.bearish() && c.bullish() && c.open <= p.close && c.close >= p.open
               && c.body() > p.body();
    case Pattern::EngulfingBear:
        return p.bullish() && c.bearish() && c.open >= p.close && c.close <= p.open
               && c.body() > p.body();
    case Pattern::HaramiBull:
        return p.bearish() && c.bullish() && c.close <= p.open && c.open >= p.close
               && c.body() < p.body();
    case Pattern::HaramiBear:
        return p.bullish() && c.bearish() && c.close >= p.open && c.open <= p.close
               && c.body() < p.body();
    case Pattern::Piercing:
        return p.bearish() && c.bullish() && c.open < p.close && c.close > p.midpoint()
               && c.close < p.open;
    case Pattern::DarkCloud:
        return p.bullish() && c.bearish() && c.open > p.close && c.close < p.midpoint()
               && c.close > p.open;
    case Pattern::MorningStar: {
        const Candle4 &a = bars[2];
        return a.bearish() && a.body() >= 0.5 * a.range() && p.body() <= 0.3 * a.body()
               && std::max(p.open, p.close) <= a.close && c.bullish() && c.close > a.midpoint();
    }
    case Pattern::EveningStar: {
        const Candle4 &a = bars[2];
        return a.bullish() && a.body() >= 0.5 * a.range() && p.body() <= 0.3 * a.body()
               && std::min(p.open, p.close) >= a.close && c.bearish() && c.close < a.midpoint();
    }
    case Pattern::ThreeWhiteSoldiers: {
        const Candle4 &a = bars[2];
        return a.bullish() && p.bullish() && c.bullish() && p.close > a.close
               && c.close > p.close && p.open >= a.open && p.open <= a.close && c.open >= p.open
               && c.open <= p.close;
    }
    case Pattern::ThreeBlackCrows: {
        const Candle4 &a = bars[2];
        return a.bearish() && p.bearish() && c.bearish() && p.close < a.close
               && c.close < p.close && p.open <= a.open && p.open >= a.close && c.open <= p.open
               && c.open >= p.close;
    }
    // Trend context: the previous close against the close three bars back.
    case Pattern::Hammer:
        return c.hammerShape() && p.close < bars[3].close;
    case Pattern::HangingMan:
        return c.hammerShape() && p.close > bars[3].close;
    case Pattern::ShootingStar:
        return c.invertedHammerShape() && p.close > bars[3].close;
    }
    return false;
}

namespace {

// Forwards the type-erased calls to a concrete indicator whose update() takes `Inputs` doubles
// in IndicatorSpec::inputs order.
template <class T, std::size_t Inputs>
class Adapter final : public Indicator {
public:
    template <class... Args>
    explicit Adapter(Args &&...args) : m_indicator(std::forward<Args>(args)...)
    {
    }
    void update(std::span<const double> in) override
    {
        if constexpr (Inputs == 1)
            m_indicator.update(in[0]);
        else if constexpr (Inputs == 2)
            m_indicator.update(in[0], in[1]);
        else if constexpr (Inputs == 3)
            m_indicator.update(in[0], in[1], in[2]);
        else
            m_indicator.update(in[0], in[1], in[2], in[3]);
    }
    double output(std::size_t index) const override { return m_indicator.output(index); }

private:
    T m_indicator;
};

template <class T, std::size_t Inputs, class... Args>
std::unique_ptr<Indicator> make(Args &&...args)
{
    return std::make_unique<Adapter<T, Inputs>>(std::forward<Args>(args)...);
}

using Params = std::span<const double>;
int whole(Params params, std::size_t index) { return int(std::lround(params[index])); }

constexpr double kMaxPeriod = 10000;
ParamSpec period(std::string_view name = "period", double defaultValue = 14, double min = 1)
{
    return {name, defaultValue, min, kMaxPeriod, true};
}
ParamSpec real(std::string_view name, double defaultValue, double min, double max)
{
    return {name, defaultValue, min, max, false};
}

const std::vector<Input> kSource{Input::Source};
const std::vector<Input> kSourceVolume{Input::Source, Input::Volume};
const std::vector<Input> kHighLow{Input::High, Input::Low};
const std::vector<Input> kHighLowClose{Input::High, Input::Low, Input::Close};
const std::vector<Input> kHighLowCloseVolume{Input::High, Input::Low, Input::Close, Input::Volume};
const std::vector<Input> kCloseVolume{Input::Close, Input::Volume};
const std::vector<Input> kOhlc{Input::Open, Input::High, Input::Low, Input::Close};
const std::vector<std::string_view> kValue{"value"};

IndicatorSpec pattern(std::string_view name, std::string_view title, Pattern which)
{
    return {name, title, "Pattern", kOhlc, {}, kValue,
            [which](Params) { return make<CandlestickPattern, 4>(which); }};
}

std::vector<IndicatorSpec> buildCatalog()
{
    std::vector<IndicatorSpec> specs{
        // Moving averages
        {"sma", "Simple moving average", "Trend", kSource, {period("period", 20)}, kValue,
         [](Params p) { return make<Sma, 1>(whole(p, 0)); }},
        {"ema", "Exponential moving average", "Trend", kSource, {period("period", 20)}, kValue,
         [](Params p) { return make<Ema, 1>(whole(p, 0)); }},
        {"wma", "Weighted moving average", "Trend", kSource, {period("period", 20)}, kValue,
         [](Params p) { return make<Wma, 1>(whole(p, 0)); }},
        {"rma", "Wilder's moving average (RMA)", "Trend", kSource, {period("period", 14)}, kValue,
         [](Params p) { return make<Rma, 1>(whole(p, 0)); }},
        {"dema", "Double exponential moving average", "Trend", kSource, {period("period", 20)},
         kValue, [](Params p) { return make<Dema, 1>(whole(p, 0)); }},
        {"tema", "Triple exponential moving average", "Trend", kSource, {period("period", 20)},
         kValue, [](Params p) { return make<Tema, 1>(whole(p, 0)); }},
        {"hma", "Hull moving average", "Trend", kSource, {period("period", 16, 2)}, kValue,
         [](Params p) { return make<Hma, 1>(whole(p, 0)); }},
        {"kama", "Kaufman adaptive moving average", "Trend", kSource,
         {period("period", 10), period("fast", 2), period("slow", 30)}, kValue,
         [](Params p) { return make<Kama, 1>(whole(p, 0), whole(p, 1), whole(p, 2)); }},
        {"vwma", "Volume-weighted moving average", "Trend", kSourceVolume,
         {period("period", 20)}, kValue, [](Params p) { return make<Vwma, 2>(whole(p, 0)); }},
        {"vwap", "Volume-weighted average price (cumulative)", "Volume", kHighLowCloseVolume, {},
         kValue, [](Params) { return make<Vwap, 4>(); }},
        // Momentum
        {"rsi", "Relative strength index", "Momentum", kSource, {period("period", 14)}, kValue,
         [](Params p) { return make<Rsi, 1>(whole(p, 0)); }},
        {"stoch", "Stochastic oscillator", "Momentum", kHighLowClose,
         {period("k_period", 14), period("d_period", 3)}, {"k", "d"},
         [](Params p) { return make<Stochastic, 3>(whole(p, 0), whole(p, 1)); }},
        {"stochrsi", "Stochastic RSI", "Momentum", kSource,
         {period("rsi_period", 14), period("stoch_period", 14), period("k_period", 3),
          period("d_period", 3)},
         {"k", "d"},
         [](Params p) {
             return make<StochasticRsi, 1>(whole(p, 0), whole(p, 1), whole(p, 2), whole(p, 3));
         }},
        {"macd", "Moving average convergence/divergence", "Momentum", kSource,
         {period("fast", 12), period("slow", 26), period("signal", 9)},
         {"macd", "signal", "histogram"},
         [](Params p) { return make<Macd, 1>(whole(p, 0), whole(p, 1), whole(p, 2)); }},
        {"ppo", "Percentage price oscillator", "Momentum", kSource,
         {period("fast", 12), period("slow", 26), period("signal", 9)},
         {"ppo", "signal", "histogram"},
         [](Params p) { return make<Ppo, 1>(whole(p, 0), whole(p, 1), whole(p, 2)); }},
        {"roc", "Rate of change (percent)", "Momentum", kSource, {period("period", 10)}, kValue,
         [](Params p) { return make<Roc, 1>(whole(p, 0)); }},
        {"mom", "Momentum", "Momentum", kSource, {period("period", 10)}, kValue,
         [](Params p) { return make<Momentum, 1>(whole(p, 0)); }},
        {"cci", "Commodity channel index", "Momentum", kHighLowClose, {period("period", 20)},
         kValue, [](Params p) { return make<Cci, 3>(whole(p, 0)); }},
        {"willr", "Williams %R", "Momentum", kHighLowClose, {period("period", 14)}, kValue,
         [](Params p) { return make<WilliamsR, 3>(whole(p, 0)); }},
        {"mfi", "Money flow index", "Volume", kHighLowCloseVolume, {period("period", 14)},
         kValue, [](Params p) { return make<Mfi, 4>(whole(p, 0)); }},
        {"adx", "Average directional index (DMI)", "Trend", kHighLowClose, {period("period", 14)},
         {"adx", "plus_di", "minus_di"}, [](Params p) { return make<Adx, 3>(whole(p, 0)); }},
        {"aroon", "Aroon", "Trend", kHighLow, {period("period", 25)},
         {"up", "down", "oscillator"}, [](Params p) { return make<Aroon, 2>(whole(p, 0)); }},
        {"trix", "TRIX (rate of change of a triple EMA)", "Momentum", kSource,
         {period("period", 15)}, kValue, [](Params p) { return make<Trix, 1>(whole(p, 0)); }},
        {"ao", "Awesome oscillator", "Momentum", kHighLow, {period("fast", 5), period("slow", 34)},
         kValue,
         [](Params p) { return make<AwesomeOscillator, 2>(whole(p, 0), whole(p, 1)); }},
        {"uo", "Ultimate oscillator", "Momentum", kHighLowClose,
         {period("short", 7), period("medium", 14), period("long", 28)}, kValue,
         [](Params p) {
             return make<UltimateOscillator, 3>(whole(p, 0), whole(p, 1), whole(p, 2));
         }},
        // Volatility
        {"tr", "True range", "Volatility", kHighLowClose, {}, kValue,
         [](Params) { return make<TrueRange, 3>(); }},
        {"atr", "Average true range", "Volatility", kHighLowClose, {period("period", 14)}, kValue,
         [](Params p) { return make<Atr, 3>(whole(p, 0)); }},
        {"natr", "Normalised average true range (percent)", "Volatility", kHighLowClose,
         {period("period", 14)}, kValue, [](Params p) { return make<Natr, 3>(whole(p, 0)); }},
        {"bbands", "Bollinger bands", "Volatility", kSource,
         {period("period", 20), real("mult", 2, 0, 100)},
         {"upper", "middle", "lower", "percent_b", "bandwidth"},
         [](Params p) { return make<BollingerBands, 1>(whole(p, 0), p[1]); }},
        {"keltner", "Keltner channels", "Volatility", kHighLowClose,
         {period("period", 20), period("atr_period", 10), real("mult", 2, 0, 100)},
         {"upper", "middle", "lower"},
         [](Params p) { return make<Keltner, 3>(whole(p, 0), whole(p, 1), p[2]); }},
        {"donchian", "Donchian channels", "Volatility", kHighLow, {period("period", 20)},
         {"upper", "middle", "lower"}, [](Params p) { return make<Donchian, 2>(whole(p, 0)); }},
        {"psar", "Parabolic SAR", "Trend", kHighLow,
         {real("step", 0.02, 0.001, 1), real("max", 0.2, 0.001, 1)}, kValue,
         [](Params p) { return make<ParabolicSar, 2>(p[0], p[1]); }},
        {"supertrend", "SuperTrend", "Trend", kHighLowClose,
         {period("period", 10), real("mult", 3, 0, 100)}, {"value", "direction"},
         [](Params p) { return make<SuperTrend, 3>(whole(p, 0), p[1]); }},
        {"ichimoku", "Ichimoku cloud (unshifted)", "Trend", kHighLow,
         {period("conversion", 9), period("base", 26), period("span", 52)},
         {"conversion", "base", "span_a", "span_b"},
         [](Params p) { return make<Ichimoku, 2>(whole(p, 0), whole(p, 1), whole(p, 2)); }},
        {"pivots", "Pivot points of the previous bar", "Trend", kHighLowClose, {},
         {"pp", "r1", "r2", "r3", "s1", "s2", "s3"},
         [](Params) { return make<Pivots, 3>(); }},
        // Statistics
        {"stddev", "Standard deviation (population)", "Statistics", kSource,
         {period("period", 20)}, kValue,
         [](Params p) { return make<StandardDeviation, 1>(whole(p, 0)); }},
        {"variance", "Variance (population)", "Statistics", kSource, {period("period", 20)},
         kValue, [](Params p) { return make<Variance, 1>(whole(p, 0)); }},
        {"zscore", "Z-score", "Statistics", kSource, {period("period", 20)}, kValue,
         [](Params p) { return make<ZScore, 1>(whole(p, 0)); }},
        {"linreg", "Linear regression value", "Statistics", kSource, {period("period", 20, 2)},
         kValue, [](Params p) { return make<LinearRegressionValue, 1>(whole(p, 0)); }},
        {"linreg_slope", "Linear regression slope", "Statistics", kSource,
         {period("period", 20, 2)}, kValue,
         [](Params p) { return make<LinearRegressionSlope, 1>(whole(p, 0)); }},
        {"highest", "Highest value", "Statistics", kSource, {period("period", 20)}, kValue,
         [](Params p) { return make<Highest, 1>(whole(p, 0)); }},
        {"lowest", "Lowest value", "Statistics", kSource, {period("period", 20)}, kValue,
         [](Params p) { return make<Lowest, 1>(whole(p, 0)); }},
        {"sum", "Sum", "Statistics", kSource, {period("period", 20)}, kValue,
         [](Params p) { return make<Sum, 1>(whole(p, 0)); }},
        // Volume
        {"obv", "On-balance volume", "Volume", kCloseVolume, {}, kValue,
         [](Params) { return make<Obv, 2>(); }},
        {"ad", "Accumulation/distribution line", "Volume", kHighLowCloseVolume, {}, kValue,
         [](Params) { return make<AccumulationDistribution, 4>(); }},
        {"chaikin_osc", "Chaikin oscillator", "Volume", kHighLowCloseVolume,
         {period("fast", 3), period("slow", 10)}, kValue,
         [](Params p) { return make<ChaikinOscillator, 4>(whole(p, 0), whole(p, 1)); }},
        {"cmf", "Chaikin money flow", "Volume", kHighLowCloseVolume, {period("period", 20)},
         kValue, [](Params p) { return make<ChaikinMoneyFlow, 4>(whole(p, 0)); }},
        {"force_index", "Force index", "Volume", kCloseVolume, {period("period", 13)}, kValue,
         [](Params p) { return make<ForceIndex, 2>(whole(p, 0)); }},
        // Candlestick patterns
        pattern("doji", "Doji", Pattern::Doji),
        pattern("engulfing_bull", "Bullish engulfing", Pattern::EngulfingBull),
        pattern("engulfing_bear", "Bearish engulfing", Pattern::EngulfingBear),
        pattern("harami_bull", "Bullish harami", Pattern::HaramiBull),
        pattern("harami_bear", "Bearish harami", Pattern::HaramiBear),
        pattern("piercing", "Piercing line", Pattern::Piercing),
        pattern("dark_cloud", "Dark cloud cover", Pattern::DarkCloud),
        pattern("morning_star", "Morning star", Pattern::MorningStar),
        pattern("evening_star", "Evening star", Pattern::EveningStar),
        pattern("three_white_soldiers", "Three white soldiers", Pattern::ThreeWhiteSoldiers),
        pattern("three_black_crows", "Three black crows", Pattern::ThreeBlackCrows),
        pattern("hammer", "Hammer", Pattern::Hammer),
        pattern("hanging_man", "Hanging man", Pattern::HangingMan),
        pattern("shooting_star", "Shooting star", Pattern::ShootingStar),
    };
    std::ranges::sort(specs, {}, &IndicatorSpec::name);
    return specs;
}

} // namespace

const std::vector<IndicatorSpec> &catalog()
{
    static const std::vector<IndicatorSpec> specs = buildCatalog();
    return specs;
}

const IndicatorSpec *findIndicator(std::string_view name)
{
    const auto &specs = catalog();
    const auto it = std::ranges::lower_bound(specs, name, {}, &IndicatorSpec::name);
    return it != specs.end() && it->name == name ? &*it : nullptr;
}

namespace {

// 10000, 0.02: whole numbers without a decimal point, others in the shortest usual form.
std::string number(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

} // namespace

std::optional<std::string> validateParams(const IndicatorSpec &spec, std::span<const double> params)
{
    if (params.size() != spec.params.size()) {
        std::string names;
        for (const ParamSpec &param : spec.params)
            names += std::string(names.empty() ? "" : ", ") + std::string(param.name);
        return std::string(spec.name) + ": expected " + std::to_string(spec.params.size())
               + (spec.params.size() == 1 ? " parameter" : " parameters")
               + (names.empty() ? "" : " (" + names + ")") + ", got "
               + std::to_string(params.size());
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
        const ParamSpec &param = spec.params[i];
        const double value = params[i];
        const bool inRange = std::isfinite(value) && value >= param.min && value <= param.max;
        const bool whole = !param.integer || value == std::floor(value);
        if (!inRange || !whole)
            return std::string(spec.name) + ": " + std::string(param.name) + " must be "
                   + (param.integer ? "a whole number" : "a number") + " between "
                   + number(param.min) + " and " + number(param.max);
    }
    return std::nullopt;
}

} // namespace bcf::ind
