#pragma once

// Models of bcf-compute: LSTM, GRU, Transformer encoder and MLP over a window of features, trained
// for next-horizon return regression or direction classification. This header is free of
// LibTorch includes (and C++17, like the LibTorch translation units): only model.cpp and
// trainer.cpp include <torch/torch.h>.
#include "dataset.h"
#include "device.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bcf::ml {

enum class Architecture { Lstm, Gru, Transformer, Mlp };

struct ModelSpec {
    Architecture architecture = Architecture::Lstm;
    Task task = Task::Regression;
    int hidden = 32;      // LSTM/GRU state, Transformer model width, MLP layer width
    int layers = 1;
    int heads = 4;        // Transformer only; hidden must be a multiple of heads
    double dropout = 0.0;
};

enum class Schedule { Constant, Cosine, Step };

struct TrainSpec {
    int epochs = 30;
    int batchSize = 64;
    double learningRate = 1e-3;
    double weightDecay = 0.0;
    Schedule schedule = Schedule::Cosine; // cosine to 5% of the rate; step halves every 10 epochs
    int patience = 5;                     // epochs without a better validation loss before stopping
    std::uint64_t seed = 1;
    DeviceRequest device;
    // A state TrainingCallbacks::onResumePoint gave: the run goes on after that state's epoch
    // (the epochs before are reported again through onEpoch). On the CPU the result is the one
    // an uninterrupted run gives; on CUDA only without dropout (its random state is not saved).
    std::string resumeFrom;
};

// Names as the RPCs and the registry write them.
const char *architectureName(Architecture architecture);
const char *taskName(Task task);
const char *scheduleName(Schedule schedule);
bool parseArchitecture(const std::string &name, Architecture &out);
bool parseTask(const std::string &name, Task &out);
bool parseSchedule(const std::string &name, Schedule &out);

// An empty string when the spec is valid, else a message naming the field.
std::string checkModelSpec(const ModelSpec &model, int window);
std::string checkTrainSpec(const TrainSpec &train);

struct Metrics {
    int samples = 0;
    double loss = 0;                 // the training loss (MSE of scaled targets, or BCE)
    double mse = 0;                  // of predicted vs realised log returns (regression only)
    double directionalAccuracy = 0;  // share of samples whose predicted direction was right
};

struct EpochReport {
    int epoch = 0;                   // 1-based
    double trainLoss = 0;
    Metrics validation;
    double learningRate = 0;
    double seconds = 0;
    bool best = false;               // the best validation loss so far (a checkpoint was taken)
};

struct TrainingCallbacks {
    // After each epoch; returning false cancels the training (the best model so far is kept).
    std::function<bool(const EpochReport &)> onEpoch;
    // With the artifact of each new best epoch.
    std::function<void(int epoch, const std::string &artifact)> onCheckpoint;
    // After each epoch the run goes on from: what TrainSpec::resumeFrom takes to continue it
    // elsewhere (the weights, the optimiser's moments, the random state, the best model and the
    // history so far).
    std::function<void(int epoch, const std::string &state)> onResumePoint;
};

struct TrainResult {
    std::vector<EpochReport> history;
    int bestEpoch = 0;
    bool stoppedEarly = false;
    bool cancelled = false;
    Metrics validation;              // of the best epoch's model
    Metrics test;
    Metrics baselineTest;            // the naive baseline on the test range
    std::vector<double> testPredictions; // per dataset.test sample: return, or P(up)
    std::string artifact;            // the best model, loadable by Predictor
    std::string device;              // where it trained, e.g. "cuda:0"
};

// Trains on dataset.train, early-stops on dataset.validation, reports dataset.test. Fixed seeds:
// the same inputs give the same model on the same device and thread count. Throws
// std::invalid_argument for a bad spec or resume point ("resume point: …") and
// std::runtime_error for a device failure.
TrainResult train(const Dataset &dataset, const ModelSpec &model, const TrainSpec &spec,
                  const TrainingCallbacks &callbacks = {});

// What an artifact holds besides the weights.
struct ArtifactInfo {
    ModelSpec model;
    DatasetSpec dataset;             // features, window and horizon matter when serving
    Normaliser normaliser;
    double targetMean = 0;           // regression outputs are scaled: return = y * std + mean
    double targetStd = 1;
    std::int64_t parameters = 0;     // trainable parameter count
};

// A loaded model. Not thread-safe: one Predictor per thread.
class Predictor {
public:
    // Throws std::invalid_argument for an artifact that is not one (or a newer format).
    Predictor(const std::string &artifact, const DeviceRequest &device = {"cpu", 0});
    ~Predictor();
    Predictor(const Predictor &) = delete;
    Predictor &operator=(const Predictor &) = delete;

    const ArtifactInfo &info() const;
    const std::string &device() const;

    // `windows` holds batch × window × features normalised floats; returns one value per sample:
    // the predicted log return (regression) or the probability of an up move (direction).
    std::vector<double> predict(const float *windows, int batch);

    // The prediction at every bar that has a full window of warmed-up features (NaN before):
    // computed from the bars up to and including that bar only.
    std::vector<double> predictBars(const std::vector<Bar> &bars);

    // An LSTM on the CPU has two paths for batches up to 16: LibTorch's and a hand-written one
    // (FusedLstm in model.cpp). Loading times both at batch 1 and keeps the faster; these read
    // and override the choice.
    bool fusedLstm() const;
    void setFusedLstm(bool enabled);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace bcf::ml
