#pragma once

// Features and datasets for the models, free of LibTorch and of C++20 headers: the LibTorch
// translation units are C++17 (LibTorch 1.13's headers) and include this file.
//
// Features are computed by shared/indicators — the code the strategy language runs — so a model
// sees in training exactly what it sees when serving. A dataset is a time-ordered split of
// decision bars into train / validation / test, with purging and an embargo between segments, and
// a normalisation fitted on the training range only (docs/ml.md).
#include <cstdint>
#include <string>
#include <vector>

namespace bcf::ml {

// One closed candle in doubles (features are analysis, not money).
struct Bar {
    std::int64_t timeMs = 0; // open time
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    double volume = 0;
};

// The feature language (docs/ml.md):
//   return(k)            ln(close[t] / close[t-k]); "return" is return(1)
//   range                (high - low) / close
//   body                 (close - open) / open
//   volume_ratio(n)      ln(volume / mean volume of the last n bars)
//   <indicator>(p, ...)  any indicator of the strategy language, first output or `.output`;
//                        a `/close` suffix gives value / close - 1 (for price-scaled indicators)
// e.g. "rsi(14)", "macd(12,26,9).hist", "ema(20)/close", "bbands(20,2).upper/close".
// Returns an empty string when every feature is valid, else a message naming the bad one.
std::string checkFeatures(const std::vector<std::string> &features);

// Feature rows, bar by bar: result[t * features.size() + f], NaN while a feature warms up.
// Throws std::invalid_argument with checkFeatures' message for an invalid list.
std::vector<double> computeFeatures(const std::vector<std::string> &features,
                                    const std::vector<Bar> &bars);

enum class Task { Regression, Direction };

struct DatasetSpec {
    std::vector<std::string> features;
    int window = 32;                 // bars of features one sample sees, the decision bar last
    int horizon = 1;                 // the target is ln(close[t + horizon] / close[t])
    double trainFraction = 0.70;     // of the usable decision bars, in time order
    double validationFraction = 0.15; // the rest is the test range
    int embargo = -1;                // bars dropped at the start of validation and test;
                                     // -1 = window (their inputs then hold no earlier label)
};

// Per-feature z-score, fitted on the training range only.
struct Normaliser {
    std::vector<double> mean;
    std::vector<double> stddev;
};

struct Dataset {
    DatasetSpec spec;
    int featureCount = 0;
    std::vector<std::int64_t> times;   // bar open times
    std::vector<double> closes;
    std::vector<float> rows;           // normalised features, [bar * featureCount + f]; NaN → 0
    std::vector<double> targets;       // per bar, NaN where t + horizon is past the end
    std::vector<int> train;            // decision bars (indices into times), ascending
    std::vector<int> validation;
    std::vector<int> test;
    Normaliser normaliser;
    int firstValidBar = 0;             // first bar whose features are all warmed up
    int purged = 0;                    // training / validation samples dropped by purging
    int embargoed = 0;                 // validation / test samples dropped by the embargo

    // Copies the window ending at decision bar t into out (window * featureCount floats).
    void sample(int t, float *out) const;
};

// Builds the dataset; throws std::invalid_argument with a message naming the field (features,
// window, horizon, fractions) or saying how many bars are missing.
Dataset buildDataset(const DatasetSpec &spec, const std::vector<Bar> &bars);

// Normalised rows of `bars` with a fitted normaliser (serving a trained model): NaN → 0, and
// ready[t] = 1 where every feature of bar t is warmed up.
std::vector<float> normalisedRows(const std::vector<std::string> &features,
                                  const Normaliser &normaliser, const std::vector<Bar> &bars,
                                  std::vector<char> &ready);

// Naive baselines on a set of decision bars, for comparison with a model.
struct Baseline {
    double meanReturn = 0;     // the training mean: the regression baseline's prediction
    bool majorityUp = true;    // the direction baseline's prediction
};
Baseline fitBaseline(const Dataset &dataset);

} // namespace bcf::ml
