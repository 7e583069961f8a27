#include "dataset.h"

#include "indicators/indicator.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

namespace bcf::ml {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One parsed feature: a built-in transform or an indicator with its inputs.
struct Feature {
    enum class Kind { Return, Range, Body, VolumeRatio, Indicator } kind = Kind::Return;
    int period = 1;
    const ind::IndicatorSpec *spec = nullptr;
    std::vector<double> params;
    std::size_t output = 0;
    bool relativeToClose = false;
};

std::string trim(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

// Parses "name", "name(a, b)", "name(a).out", each with an optional "/close"; throws
// std::invalid_argument naming the feature.
Feature parseFeature(const std::string &text)
{
    const auto fail = [&](const std::string &why) -> Feature {
        throw std::invalid_argument("feature \"" + text + "\": " + why);
    };
    std::string body = trim(text);
    Feature feature;
    if (body.size() > 6 && body.ends_with("/close")) {
        feature.relativeToClose = true;
        body = trim(std::string_view(body).substr(0, body.size() - 6));
    }
    std::string name = body;
    std::string output;
    std::vector<double> params;
    if (const auto open = body.find('('); open != std::string::npos) {
        const auto close = body.find(')', open);
        if (close == std::string::npos)
            return fail("missing ')'");
        name = trim(std::string_view(body).substr(0, open));
        const std::string rest = trim(std::string_view(body).substr(close + 1));
        if (!rest.empty()) {
            if (rest.front() != '.' || rest.size() < 2)
                return fail("expected '.output' after ')'");
            output = trim(std::string_view(rest).substr(1));
        }
        std::string_view list(body.data() + open + 1, close - open - 1);
        while (!trim(list).empty()) {
            const auto comma = list.find(',');
            const std::string item = trim(list.substr(0, comma));
            double value = 0;
            const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
            if (item.empty() || ec != std::errc() || end != item.data() + item.size())
                return fail("parameter \"" + item + "\" is not a number");
            params.push_back(value);
            if (comma == std::string_view::npos)
                break;
            list.remove_prefix(comma + 1);
        }
    } else if (const auto dot = body.find('.'); dot != std::string::npos) {
        name = trim(std::string_view(body).substr(0, dot));
        output = trim(std::string_view(body).substr(dot + 1));
    }
    if (name.empty())
        return fail("no name");

    const auto builtin = [&](Feature::Kind kind, int defaultPeriod, bool takesPeriod) -> Feature {
        if (!output.empty() || feature.relativeToClose)
            return fail("\"" + name + "\" has no outputs and is already relative");
        if (!takesPeriod && !params.empty())
            return fail("\"" + name + "\" takes no parameters");
        if (params.size() > 1)
            return fail("\"" + name + "\" takes one period");
        const double period = params.empty() ? defaultPeriod : params.front();
        if (period < 1 || period > 10000 || period != std::floor(period))
            return fail("the period must be a whole number between 1 and 10000");
        feature.kind = kind;
        feature.period = int(period);
        return feature;
    };
    if (name == "return")
        return builtin(Feature::Kind::Return, 1, true);
    if (name == "range")
        return builtin(Feature::Kind::Range, 1, false);
    if (name == "body")
        return builtin(Feature::Kind::Body, 1, false);
    if (name == "volume_ratio")
        return builtin(Feature::Kind::VolumeRatio, 20, true);

    const ind::IndicatorSpec *spec = ind::findIndicator(name);
    if (!spec)
        return fail("no indicator or built-in feature is called \"" + name + "\"");
    for (std::size_t i = params.size(); i < spec->params.size(); ++i)
        params.push_back(spec->params[i].defaultValue);
    if (auto error = ind::validateParams(*spec, params))
        return fail(*error);
    feature.kind = Feature::Kind::Indicator;
    feature.spec = spec;
    feature.params = std::move(params);
    if (!output.empty()) {
        const auto it = std::find(spec->outputs.begin(), spec->outputs.end(), output);
        if (it == spec->outputs.end()) {
            std::string names;
            for (const auto out : spec->outputs)
                names += (names.empty() ? "" : ", ") + std::string(out);
            return fail("\"" + name + "\" has no output \"" + output + "\" (it has " + names
                        + ")");
        }
        feature.output = std::size_t(it - spec->outputs.begin());
    }
    return feature;
}

std::vector<Feature> parseFeatures(const std::vector<std::string> &features)
{
    if (features.empty())
        throw std::invalid_argument("features: at least one feature is needed");
    std::vector<Feature> parsed;
    for (const auto &text : features)
        parsed.push_back(parseFeature(text));
    return parsed;
}

// Computes one feature's column (NaN while warming up).
void computeColumn(const Feature &feature, const std::vector<Bar> &bars, std::size_t column,
                   std::size_t width, std::vector<double> &out)
{
    const std::size_t n = bars.size();
    const auto put = [&](std::size_t t, double value) {
        out[t * width + column] = std::isfinite(value) ? value : kNaN;
    };
    switch (feature.kind) {
    case Feature::Kind::Return:
        for (std::size_t t = std::size_t(feature.period); t < n; ++t) {
            const double before = bars[t - std::size_t(feature.period)].close;
            put(t, before > 0 && bars[t].close > 0 ? std::log(bars[t].close / before) : kNaN);
        }
        return;
    case Feature::Kind::Range:
        for (std::size_t t = 0; t < n; ++t)
            put(t, bars[t].close > 0 ? (bars[t].high - bars[t].low) / bars[t].close : kNaN);
        return;
    case Feature::Kind::Body:
        for (std::size_t t = 0; t < n; ++t)
            put(t, bars[t].open > 0 ? (bars[t].close - bars[t].open) / bars[t].open : kNaN);
        return;
    case Feature::Kind::VolumeRatio: {
        double sum = 0;
        const std::size_t period = std::size_t(feature.period);
        for (std::size_t t = 0; t < n; ++t) {
            sum += bars[t].volume;
            if (t >= period)
                sum -= bars[t - period].volume;
            if (t + 1 >= period) {
                const double mean = sum / double(period);
                put(t, mean > 0 && bars[t].volume > 0 ? std::log(bars[t].volume / mean) : 0.0);
            }
        }
        return;
    }
    case Feature::Kind::Indicator: {
        auto indicator = feature.spec->create(feature.params);
        std::vector<double> inputs(feature.spec->inputs.size());
        for (std::size_t t = 0; t < n; ++t) {
            const Bar &bar = bars[t];
            for (std::size_t i = 0; i < inputs.size(); ++i) {
                switch (feature.spec->inputs[i]) {
                case ind::Input::Source:
                case ind::Input::Close: inputs[i] = bar.close; break;
                case ind::Input::Open: inputs[i] = bar.open; break;
                case ind::Input::High: inputs[i] = bar.high; break;
                case ind::Input::Low: inputs[i] = bar.low; break;
                case ind::Input::Volume: inputs[i] = bar.volume; break;
                }
            }
            indicator->update(inputs);
            double value = indicator->output(feature.output);
            if (feature.relativeToClose)
                value = bar.close > 0 ? value / bar.close - 1.0 : kNaN;
            put(t, value);
        }
        return;
    }
    }
}

} // namespace

std::string checkFeatures(const std::vector<std::string> &features)
{
    try {
        parseFeatures(features);
    } catch (const std::invalid_argument &error) {
        return error.what();
    }
    return {};
}

std::vector<double> computeFeatures(const std::vector<std::string> &features,
                                    const std::vector<Bar> &bars)
{
    const std::vector<Feature> parsed = parseFeatures(features);
    std::vector<double> out(parsed.size() * bars.size(), kNaN);
    for (std::size_t f = 0; f < parsed.size(); ++f)
        computeColumn(parsed[f], bars, f, parsed.size(), out);
    return out;
}

void Dataset::sample(int t, float *out) const
{
    const std::size_t width = std::size_t(featureCount);
    const std::size_t first = std::size_t(t - spec.window + 1);
    std::copy_n(rows.begin() + std::ptrdiff_t(first * width), std::size_t(spec.window) * width,
                out);
}

namespace {

std::vector<float> normalise(const std::vector<double> &raw, const Normaliser &normaliser)
{
    const std::size_t width = normaliser.mean.size();
    std::vector<float> rows(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const std::size_t f = i % width;
        const double value = raw[i];
        rows[i] = std::isnan(value)
                      ? 0.0f
                      : float((value - normaliser.mean[f]) / normaliser.stddev[f]);
    }
    return rows;
}

} // namespace

Dataset buildDataset(const DatasetSpec &spec, const std::vector<Bar> &bars)
{
    if (spec.window < 1 || spec.window > 4096)
        throw std::invalid_argument("window: must be between 1 and 4096 bars");
    if (spec.horizon < 1 || spec.horizon > 1000)
        throw std::invalid_argument("horizon: must be between 1 and 1000 bars");
    if (!(spec.trainFraction > 0) || !(spec.validationFraction > 0)
        || spec.trainFraction + spec.validationFraction >= 1.0)
        throw std::invalid_argument("train_fraction / validation_fraction: both must be above 0 "
                                    "and leave a test range (their sum below 1)");
    if (spec.embargo < -1 || spec.embargo > 100000)
        throw std::invalid_argument("embargo: must be between 0 and 100000 bars (-1 = window)");

    const std::vector<double> raw = computeFeatures(spec.features, bars);
    const std::size_t width = spec.features.size();
    const int n = int(bars.size());

    Dataset dataset;
    dataset.spec = spec;
    dataset.featureCount = int(width);
    const int embargo = spec.embargo < 0 ? spec.window : spec.embargo;

    // The first bar from which every feature is warmed up for good.
    int firstValid = 0;
    for (int t = 0; t < n; ++t)
        for (std::size_t f = 0; f < width; ++f)
            if (std::isnan(raw[std::size_t(t) * width + f]))
                firstValid = t + 1;
    dataset.firstValidBar = firstValid;

    dataset.times.reserve(std::size_t(n));
    dataset.closes.reserve(std::size_t(n));
    dataset.targets.assign(std::size_t(n), kNaN);
    for (int t = 0; t < n; ++t) {
        dataset.times.push_back(bars[std::size_t(t)].timeMs);
        dataset.closes.push_back(bars[std::size_t(t)].close);
        if (t + spec.horizon < n && bars[std::size_t(t)].close > 0)
            dataset.targets[std::size_t(t)] =
                std::log(bars[std::size_t(t + spec.horizon)].close / bars[std::size_t(t)].close);
    }

    // Usable decision bars: a full window of warmed-up features and a known target.
    std::vector<int> decisions;
    for (int t = firstValid + spec.window - 1; t + spec.horizon < n; ++t)
        decisions.push_back(t);
    const int usable = int(decisions.size());
    const int trainEnd = int(double(usable) * spec.trainFraction);
    const int validationEnd = int(double(usable) * (spec.trainFraction + spec.validationFraction));
    if (usable < 30 || trainEnd < 10 || validationEnd - trainEnd < 5 || usable - validationEnd < 5)
        throw std::invalid_argument(
            "bars: " + std::to_string(n) + " bars give " + std::to_string(usable)
            + " usable samples (after " + std::to_string(firstValid)
            + " warm-up bars, a window of " + std::to_string(spec.window) + " and a horizon of "
            + std::to_string(spec.horizon) + "); at least 30 are needed, with 10 for training "
            + "and 5 each for validation and test");

    // Segment boundaries. A sample's label covers bars (t, t + horizon]: an earlier segment loses
    // the samples whose label reaches the next segment's first decision bar (purging), and the
    // next segment starts `embargo` bars after the earlier one's last label bar.
    const auto segment = [&](int from, int to, int notBefore, std::vector<int> &out) {
        for (int i = from; i < to; ++i) {
            if (decisions[std::size_t(i)] < notBefore) {
                ++dataset.embargoed;
                continue;
            }
            out.push_back(decisions[std::size_t(i)]);
        }
    };
    const auto purge = [&](std::vector<int> &earlier, int nextFirst) {
        while (!earlier.empty() && earlier.back() + spec.horizon > nextFirst) {
            earlier.pop_back();
            ++dataset.purged;
        }
    };
    segment(0, trainEnd, 0, dataset.train);
    const int validationFirst = decisions[std::size_t(trainEnd)];
    purge(dataset.train, validationFirst);
    segment(trainEnd, validationEnd, dataset.train.back() + spec.horizon + embargo,
            dataset.validation);
    if (dataset.validation.empty())
        throw std::invalid_argument("embargo: " + std::to_string(embargo)
                                    + " bars leave no validation samples");
    purge(dataset.validation, decisions[std::size_t(validationEnd)]);
    if (dataset.validation.empty())
        throw std::invalid_argument("horizon: purging leaves no validation samples");
    segment(validationEnd, usable, dataset.validation.back() + spec.horizon + embargo,
            dataset.test);
    if (dataset.test.empty())
        throw std::invalid_argument("embargo: " + std::to_string(embargo)
                                    + " bars leave no test samples");

    // Normalisation from the rows the training samples see, and nothing later.
    const int trainLast = dataset.train.back();
    Normaliser &norm = dataset.normaliser;
    norm.mean.assign(width, 0.0);
    norm.stddev.assign(width, 1.0);
    const int fitFirst = firstValid;
    const double count = double(trainLast - fitFirst + 1);
    for (std::size_t f = 0; f < width; ++f) {
        double sum = 0;
        for (int t = fitFirst; t <= trainLast; ++t)
            sum += raw[std::size_t(t) * width + f];
        const double mean = sum / count;
        double squares = 0;
        for (int t = fitFirst; t <= trainLast; ++t) {
            const double d = raw[std::size_t(t) * width + f] - mean;
            squares += d * d;
        }
        const double stddev = std::sqrt(squares / count);
        norm.mean[f] = mean;
        norm.stddev[f] = stddev > 1e-12 ? stddev : 1.0;
    }
    dataset.rows = normalise(raw, norm);
    return dataset;
}

std::vector<float> normalisedRows(const std::vector<std::string> &features,
                                  const Normaliser &normaliser, const std::vector<Bar> &bars,
                                  std::vector<char> &ready)
{
    if (normaliser.mean.size() != features.size() || normaliser.stddev.size() != features.size())
        throw std::invalid_argument("normaliser: one mean and one deviation per feature needed");
    const std::vector<double> raw = computeFeatures(features, bars);
    const std::size_t width = features.size();
    ready.assign(bars.size(), 1);
    for (std::size_t i = 0; i < raw.size(); ++i)
        if (std::isnan(raw[i]))
            ready[i / width] = 0;
    return normalise(raw, normaliser);
}

Baseline fitBaseline(const Dataset &dataset)
{
    Baseline baseline;
    double sum = 0;
    int up = 0;
    for (const int t : dataset.train) {
        sum += dataset.targets[std::size_t(t)];
        up += dataset.targets[std::size_t(t)] > 0 ? 1 : 0;
    }
    baseline.meanReturn = sum / double(dataset.train.size());
    baseline.majorityUp = 2 * up >= int(dataset.train.size());
    return baseline;
}

} // namespace bcf::ml
