#pragma once

#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// Streaming technical indicators. Every indicator takes one bar's inputs per update() and keeps
// O(period) state, so an update costs O(1) whatever the history length. Indicators compute in
// double (they are analysis, not money). While an indicator warms up its outputs are NaN; the
// warm-up of each matches its reference implementation (tests/data/indicators).
namespace bcf::ind {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline bool isReady(double value) { return !std::isnan(value); }

// What an indicator reads each bar. `Source` inputs are series the caller chooses (close, hl2,
// another indicator's output); the bar fields are implicit and always read from the bar.
enum class Input { Source, Open, High, Low, Close, Volume };

// A numeric parameter (periods, multipliers). `integer` parameters are whole numbers.
struct ParamSpec {
    std::string_view name;
    double defaultValue = 0;
    double min = 0;
    double max = 0;
    bool integer = true;
};

// The type-erased face of every indicator, used by the strategy language and the chart.
class Indicator {
public:
    virtual ~Indicator() = default;
    // `inputs` holds one value per IndicatorSpec::inputs entry, in that order.
    virtual void update(std::span<const double> inputs) = 0;
    // Output `index` (IndicatorSpec::outputs order) after the last update; NaN while warming up.
    virtual double output(std::size_t index) const = 0;
};

using IndicatorFactory = std::function<std::unique_ptr<Indicator>(std::span<const double> params)>;

struct IndicatorSpec {
    std::string_view name;         // lower-case language name: "sma", "bbands", "engulfing"
    std::string_view title;        // "Simple moving average"
    std::string_view category;     // "Trend", "Momentum", "Volatility", "Volume", "Pattern", …
    std::vector<Input> inputs;
    std::vector<ParamSpec> params;
    std::vector<std::string_view> outputs; // {"value"} for single-output indicators
    IndicatorFactory create;       // params are validated (count, range, integer) before the call
};

// Every indicator, sorted by name.
const std::vector<IndicatorSpec> &catalog();
// nullptr when no indicator has that name.
const IndicatorSpec *findIndicator(std::string_view name);

// Checks `params` against spec.params (count, range, whole numbers) before spec.create() may be
// called. Returns a message for the user ("sma: period must be a whole number between 1 and
// 10000"), or nullopt when the parameters are valid.
std::optional<std::string> validateParams(const IndicatorSpec &spec, std::span<const double> params);

} // namespace bcf::ind
