// Tests of the models: features, the time-ordered split with purging and embargo, training on a
// planted signal, save / load, point-in-time predictions. Plain C++ (no Qt Test): the ML-only
// build runs on GPU hosts without Debian packages. BCF_ML_DEVICE=cuda runs the training on a GPU.
#include "dataset.h"
#include "ml_check.h"
#include "model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using bcf::ml::testing::check;
using bcf::ml::testing::text;

// Candles whose one-bar log returns follow r[t] = phi * r[t-1] + noise: the next return is
// predictable from the last one (best possible MSE = (1 - phi²) of the variance, best direction
// accuracy = 1/2 + asin(phi)/pi, 0.667 for phi = 0.5).
std::vector<bcf::ml::Bar> ar1Bars(int count, double phi, unsigned seed)
{
    std::mt19937_64 random(seed);
    std::normal_distribution<double> noise(0.0, 0.01);
    std::vector<bcf::ml::Bar> bars;
    double close = 100.0;
    double r = 0;
    for (int t = 0; t < count; ++t) {
        r = phi * r + noise(random);
        const double open = close;
        close = open * std::exp(r);
        bcf::ml::Bar bar;
        bar.timeMs = 1'700'000'000'000 + std::int64_t(t) * 60'000;
        bar.open = open;
        bar.close = close;
        bar.high = std::max(open, close) * 1.001;
        bar.low = std::min(open, close) * 0.999;
        bar.volume = 10 + std::abs(r) * 1000;
        bars.push_back(bar);
    }
    return bars;
}

bcf::ml::DeviceRequest device()
{
    const char *name = std::getenv("BCF_ML_DEVICE");
    return {name ? name : "cpu", 2};
}

template <typename F>
bool throwsWith(F &&f, const std::string &part)
{
    try {
        f();
    } catch (const std::exception &error) {
        const bool ok = std::string(error.what()).find(part) != std::string::npos;
        if (!ok)
            std::printf("  message was: %s\n", error.what());
        return ok;
    }
    return false;
}

void features()
{
    using namespace bcf::ml;
    check(checkFeatures({"return(1)", "range", "rsi(14)", "macd(12,26,9).histogram", "ema(20)/close"})
              .empty(),
          "built-in and indicator features are accepted");
    check(checkFeatures({"return", "foo(3)"}).find("\"foo(3)\"") != std::string::npos,
          "an unknown feature is named in the error");
    check(checkFeatures({"rsi(0)"}).find("rsi") != std::string::npos,
          "an out-of-range indicator parameter is refused");
    check(checkFeatures({"macd(12,26,9).nope"}).find("has no output \"nope\"")
              != std::string::npos,
          "an unknown output is refused, listing the outputs");
    check(checkFeatures({}).find("features") != std::string::npos, "an empty list is refused");

    const auto bars = ar1Bars(50, 0.5, 1);
    const auto rows = computeFeatures({"return(2)", "range", "sma(3)/close"}, bars);
    check(std::isnan(rows[1 * 3 + 0]) && !std::isnan(rows[2 * 3 + 0]),
          "return(2) warms up for two bars");
    check(std::abs(rows[10 * 3 + 0] - std::log(bars[10].close / bars[8].close)) < 1e-12,
          "return(2) is ln(close[t] / close[t-2])");
    check(std::abs(rows[10 * 3 + 1] - (bars[10].high - bars[10].low) / bars[10].close) < 1e-12,
          "range is (high - low) / close");
    const double sma = (bars[8].close + bars[9].close + bars[10].close) / 3;
    check(std::abs(rows[10 * 3 + 2] - (sma / bars[10].close - 1)) < 1e-12,
          "sma(3)/close is the indicator relative to the close");
}

void splits()
{
    using namespace bcf::ml;
    auto bars = ar1Bars(2000, 0.5, 2);
    DatasetSpec spec;
    spec.features = {"return(1)", "rsi(14)"};
    spec.window = 16;
    spec.horizon = 5;
    spec.embargo = 10;
    const Dataset d = buildDataset(spec, bars);
    check(d.firstValidBar == 14, "rsi(14) needs 14 warm-up bars (got "
                                     + std::to_string(d.firstValidBar) + ")");
    check(d.train.front() == d.firstValidBar + spec.window - 1,
          "the first sample has a full window of warmed-up features");
    check(std::is_sorted(d.train.begin(), d.train.end())
              && std::is_sorted(d.validation.begin(), d.validation.end())
              && std::is_sorted(d.test.begin(), d.test.end()),
          "segments are in time order");
    check(d.train.back() + spec.horizon + spec.embargo <= d.validation.front(),
          "purging and embargo: no training label reaches the validation range, and "
              + std::to_string(spec.embargo) + " bars lie between");
    check(d.validation.back() + spec.horizon + spec.embargo <= d.test.front(),
          "purging and embargo between validation and test");
    check(d.test.back() + spec.horizon == int(bars.size()) - 1,
          "the last sample's label is the last bar");
    check(d.purged == 2 * (spec.horizon - 1) && d.embargoed == 2 * spec.embargo,
          "purged " + std::to_string(d.purged) + " and embargoed " + std::to_string(d.embargoed)
              + " samples");

    // Normalisation from the training range only: changing every later bar changes nothing.
    const int trainLast = d.train.back();
    const auto raw = computeFeatures(spec.features, bars);
    double sum = 0;
    for (int t = d.firstValidBar; t <= trainLast; ++t)
        sum += raw[std::size_t(t) * 2];
    check(std::abs(d.normaliser.mean[0] - sum / (trainLast - d.firstValidBar + 1)) < 1e-12,
          "the normaliser's mean is the training rows' mean");
    for (std::size_t t = std::size_t(trainLast) + 1; t < bars.size(); ++t) {
        bars[t].close *= 3;
        bars[t].high *= 3.3;
    }
    const Dataset changed = buildDataset(spec, bars);
    check(changed.normaliser.mean == d.normaliser.mean
              && changed.normaliser.stddev == d.normaliser.stddev,
          "bars after the training range do not move the normaliser");

    check(throwsWith([&] { buildDataset({{"return"}, 0, 1, 0.7, 0.15, -1}, bars); }, "window:"),
          "window 0 is refused naming the field");
    check(throwsWith([&] { buildDataset({{"return"}, 8, 1, 0.7, 0.4, -1}, bars); },
                     "train_fraction"),
          "fractions leaving no test range are refused");
    check(throwsWith([&] { buildDataset({{"return"}, 8, 1, 0.7, 0.15, -1}, ar1Bars(30, 0.5, 1)); },
                     "usable samples"),
          "too few bars are refused, saying how many samples they give");
}

bcf::ml::TrainSpec trainSpec(int epochs)
{
    bcf::ml::TrainSpec spec;
    spec.epochs = epochs;
    spec.batchSize = 64;
    spec.learningRate = 3e-3;
    spec.patience = 4;
    spec.seed = 7;
    spec.device = device();
    return spec;
}

void plantedSignal()
{
    using namespace bcf::ml;
    const auto bars = ar1Bars(4000, 0.5, 3);
    DatasetSpec data;
    data.features = {"return(1)", "range"};
    data.window = 8;
    data.horizon = 1;
    const Dataset dataset = buildDataset(data, bars);

    const struct {
        Architecture architecture;
        int epochs;
    } runs[] = {{Architecture::Lstm, 12}, {Architecture::Gru, 12}, {Architecture::Transformer, 12},
                {Architecture::Mlp, 12}};
    for (const auto &run : runs) {
        ModelSpec model;
        model.architecture = run.architecture;
        model.hidden = 16;
        model.heads = 2;
        const auto started = std::chrono::steady_clock::now();
        const TrainResult result = train(dataset, model, trainSpec(run.epochs));
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const std::string name = architectureName(run.architecture);
        std::printf("  %s on %s: %zu epochs in %.1f s, best %d; test MSE %.3g vs baseline %.3g; "
                    "direction %.3f vs %.3f\n",
                    name.c_str(), result.device.c_str(), result.history.size(), seconds,
                    result.bestEpoch, result.test.mse, result.baselineTest.mse,
                    result.test.directionalAccuracy, result.baselineTest.directionalAccuracy);
        check(result.test.mse < 0.85 * result.baselineTest.mse,
              name + " beats the naive baseline's MSE on held-out data by 15% ("
                  + text(result.test.mse / result.baselineTest.mse) + " of it)");
        check(result.test.directionalAccuracy > result.baselineTest.directionalAccuracy + 0.08,
              name + " predicts the direction better than the baseline ("
                  + text(result.test.directionalAccuracy) + " vs "
                  + text(result.baselineTest.directionalAccuracy) + ")");
    }

    ModelSpec classifier;
    classifier.task = Task::Direction;
    classifier.hidden = 16;
    const TrainResult direction = train(dataset, classifier, trainSpec(12));
    check(direction.test.directionalAccuracy > direction.baselineTest.directionalAccuracy + 0.08,
          "the direction classifier beats the majority class ("
              + text(direction.test.directionalAccuracy) + " vs "
              + text(direction.baselineTest.directionalAccuracy) + ")");
    check(direction.test.loss < direction.baselineTest.loss,
          "the classifier's cross-entropy is below the baseline's");
}

void saveLoadAndPointInTime()
{
    using namespace bcf::ml;
    const auto bars = ar1Bars(3000, 0.5, 4);
    DatasetSpec data;
    data.features = {"return(1)", "rsi(7)"};
    data.window = 12;
    const Dataset dataset = buildDataset(data, bars);
    ModelSpec model;
    model.hidden = 24;
    model.layers = 2;
    int checkpoints = 0;
    TrainingCallbacks callbacks;
    callbacks.onCheckpoint = [&](int, const std::string &artifact) {
        checkpoints += artifact.empty() ? 0 : 1;
    };
    const TrainResult result = train(dataset, model, trainSpec(6), callbacks);
    int bestEpochs = 0;
    for (const auto &epoch : result.history)
        bestEpochs += epoch.best ? 1 : 0;
    check(checkpoints == bestEpochs && checkpoints >= 1,
          "a checkpoint for every new best epoch (" + std::to_string(checkpoints) + ")");

    // Loaded on the CPU with LibTorch's own LSTM: the same numbers as the trainer's best model.
    Predictor predictor(result.artifact, {"cpu", 2});
    predictor.setFusedLstm(false);
    const int n = int(dataset.test.size());
    const std::size_t stride = std::size_t(data.window) * 2;
    std::vector<float> windows(std::size_t(n) * stride);
    for (int i = 0; i < n; ++i)
        dataset.sample(dataset.test[std::size_t(i)], windows.data() + std::size_t(i) * stride);
    const std::vector<double> loaded = predictor.predict(windows.data(), n);
    double worst = 0;
    for (int i = 0; i < n; ++i)
        worst = std::max(worst, std::abs(loaded[std::size_t(i)]
                                         - result.testPredictions[std::size_t(i)]));
    const bool sameDevice = result.device == "cpu";
    check(sameDevice ? worst == 0.0 : worst < 1e-5,
          "save and load give identical predictions (largest difference " + text(worst)
              + ", trained on " + result.device + ")");
    check(predictor.info().dataset.features == data.features
              && predictor.info().normaliser.mean == dataset.normaliser.mean
              && predictor.info().parameters > 0,
          "the artifact carries the features, the normaliser and the parameter count");

    // The hand-written CPU LSTM agrees with LibTorch's.
    Predictor fused(result.artifact, {"cpu", 1});
    double fusedWorst = 0;
    for (int i = 0; i < n; ++i) {
        const double one = fused.predict(windows.data() + std::size_t(i) * stride, 1).front();
        fusedWorst = std::max(fusedWorst, std::abs(one - loaded[std::size_t(i)]));
    }
    check(fusedWorst < 1e-6, "the fused CPU LSTM equals LibTorch's within 1e-6 (largest "
                                 + text(fusedWorst) + ")");

    // Point in time: the prediction at bar t uses bars up to t only.
    const std::vector<double> all = predictor.predictBars(bars);
    const std::size_t cut = 2000;
    const std::vector<bcf::ml::Bar> head(bars.begin(), bars.begin() + std::ptrdiff_t(cut));
    const std::vector<double> partial = predictor.predictBars(head);
    double drift = 0;
    std::size_t compared = 0;
    for (std::size_t t = 0; t < cut; ++t) {
        if (std::isnan(all[t]) != std::isnan(partial[t])) {
            drift = 1;
            break;
        }
        if (!std::isnan(all[t])) {
            drift = std::max(drift, std::abs(all[t] - partial[t]));
            ++compared;
        }
    }
    check(compared > 1900 && drift < 1e-6,
          "predictions up to bar 2000 are the same with or without the bars after it ("
              + std::to_string(compared) + " compared)");
    const int firstPrediction = int(std::find_if(all.begin(), all.end(),
                                                 [](double v) { return !std::isnan(v); })
                                    - all.begin());
    check(firstPrediction == dataset.firstValidBar + data.window - 1,
          "the first prediction comes with the first full window (bar "
              + std::to_string(firstPrediction) + ")");
    const int t = dataset.test.front();
    check(std::abs(all[std::size_t(t)] - loaded.front()) < 1e-5,
          "predictBars at a test bar equals predict on that bar's window");

    // Same seed, same model.
    const TrainResult again = train(dataset, model, trainSpec(6));
    check(again.testPredictions == result.testPredictions,
          "training twice with the same seed gives the same predictions");

    // Interrupted after epoch 3 and resumed from its state (as a node taking the job over does):
    // the same run, epoch for epoch, and the same model. Exact where the device is the CPU.
    std::string afterThree;
    TrainingCallbacks resumable;
    resumable.onResumePoint = [&](int epoch, const std::string &state) {
        if (epoch == 3)
            afterThree = state;
    };
    train(dataset, model, trainSpec(6), resumable);
    TrainSpec resumed = trainSpec(6);
    resumed.resumeFrom = afterThree;
    int replayed = 0;
    TrainingCallbacks counting;
    counting.onEpoch = [&](const EpochReport &) {
        ++replayed;
        return true;
    };
    const TrainResult continued = train(dataset, model, resumed, counting);
    const bool onCpu = result.device == "cpu";
    check(!afterThree.empty() && replayed == int(again.history.size()) &&
              continued.history.size() == again.history.size() && continued.bestEpoch == again.bestEpoch,
          "a resumed run reports every epoch once (" + std::to_string(replayed) + ") and keeps the best");
    double resumedWorst = 0;
    for (std::size_t i = 0; i < again.testPredictions.size() && i < continued.testPredictions.size(); ++i)
        resumedWorst = std::max(resumedWorst, std::abs(again.testPredictions[i] - continued.testPredictions[i]));
    check(continued.testPredictions.size() == again.testPredictions.size() &&
              (onCpu ? resumedWorst == 0.0 : resumedWorst < 1e-4),
          "resumed after epoch 3, the model is the uninterrupted run's (largest difference " + text(resumedWorst) +
              ")");
    TrainSpec damaged = trainSpec(6);
    damaged.resumeFrom = afterThree.substr(0, afterThree.size() / 2);
    check(throwsWith([&] { train(dataset, model, damaged); }, "resume point:"), "a damaged resume point is refused");

    check(throwsWith([&] { Predictor bad(result.artifact.substr(0, 200)); }, "model artifact"),
          "a truncated artifact is refused");
    check(throwsWith([&] { Predictor bad("hello"); }, "not a BotCriptoFy2 model"),
          "something else is refused");
}

void specsAndCancel()
{
    using namespace bcf::ml;
    const auto bars = ar1Bars(800, 0.5, 5);
    const Dataset dataset = buildDataset({{"return(1)"}, 8, 1, 0.7, 0.15, -1}, bars);
    ModelSpec model;
    model.hidden = 0;
    check(throwsWith([&] { train(dataset, model, trainSpec(2)); }, "hidden:"),
          "hidden 0 is refused naming the field");
    model.hidden = 10;
    model.architecture = Architecture::Transformer;
    model.heads = 4;
    check(throwsWith([&] { train(dataset, model, trainSpec(2)); }, "multiple of heads"),
          "a Transformer width that the heads do not divide is refused");
    model.architecture = Architecture::Gru;
    TrainSpec spec = trainSpec(50);
    spec.learningRate = 0;
    check(throwsWith([&] { train(dataset, model, spec); }, "learning_rate:"),
          "learning rate 0 is refused naming the field");

    TrainingCallbacks callbacks;
    callbacks.onEpoch = [](const EpochReport &report) { return report.epoch < 2; };
    const TrainResult cancelled = train(dataset, model, trainSpec(50), callbacks);
    check(cancelled.cancelled && cancelled.history.size() == 2 && !cancelled.artifact.empty(),
          "a cancel after epoch 2 stops there and keeps the best model");

    TrainSpec patient = trainSpec(200);
    patient.patience = 2;
    patient.learningRate = 0.05;
    const TrainResult early = train(dataset, model, patient);
    check(early.stoppedEarly && early.history.size() < 200
              && int(early.history.size()) - early.bestEpoch == 2,
          "early stopping after 2 epochs without improvement (stopped at epoch "
              + std::to_string(early.history.size()) + ", best "
              + std::to_string(early.bestEpoch) + ")");
    std::vector<double> rates;
    for (const auto &epoch : early.history)
        rates.push_back(epoch.learningRate);
    check(rates.size() > 2 && rates[0] == 0.05 && rates[1] < rates[0],
          "the cosine schedule lowers the rate each epoch");
}

} // namespace

int main()
{
    try {
        features();
        splits();
        specsAndCancel();
        saveLoadAndPointInTime();
        plantedSignal();
    } catch (const std::exception &error) {
        std::printf("FAIL: unexpected exception: %s\n", error.what());
        return 1;
    }
    return bcf::ml::testing::finish();
}
