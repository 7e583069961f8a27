#pragma once

#include "core/job_types.h"

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <optional>
#include <vector>

// AI models as the workstation shows them (bcf.v1.ModelService and the training jobs of
// bcf.v1.JobService, docs/ml.md): what the AI lab submits (a training spec), a training run's
// report (per-epoch history, test metrics against the naive baseline, the signal backtest against
// buy and hold), a registry version and the stored predictions of a version. Agents (a DQN or a
// neuro-evolved long/flat policy) are trained, reported and registered the same way: their
// epochs are episodes or generations, their history holds rewards and returns instead of losses,
// their test metrics are empty and their predictions are actions. Pure values, usable on any
// thread. The proto conversions are in core/model_proto.h.
namespace bcf::app {

// bcf.v1.TrainingSpec, the fields the AI lab sets (0 or empty: the server's default).
struct ModelTrainingSpec {
    QString modelName;
    QString exchange; // empty: the server's paper exchange
    QString symbol;
    QString timeframe;
    qint64 fromUnixMs = 0;
    qint64 toUnixMs = 0; // exclusive
    QStringList features;
    int window = 0;
    int horizon = 0;
    QString architecture; // lstm, gru, transformer, mlp; the agents dqn, ppo, neuroevolution
    QString task;         // regression, direction; policy (agents)
    int hidden = 0;
    int layers = 0;
    int epochs = 0; // an agent's episodes (dqn, ppo) or generations (neuroevolution)
    double learningRate = 0;
    int patience = 0;
    quint64 seed = 0;
    // Agents only.
    std::optional<double> gamma; // dqn, ppo: the discount (unset: 0.95)
    int population = 0;          // neuroevolution: networks per generation
    int elite = 0;               // neuroevolution: kept and bred each generation
    double mutation = 0;         // neuroevolution: deviation of the Gaussian noise

    friend bool operator==(const ModelTrainingSpec&, const ModelTrainingSpec&) = default;
};

// Whether a registry architecture is an agent (dqn, ppo, neuroevolution) rather than a model.
bool isAgentArchitecture(const QString& architecture);
// A reinforcement-learning agent (dqn, ppo): it learns in episodes, with a discount (gamma).
bool isEpisodicAgent(const QString& architecture);

// The features offered by default (docs/ml.md).
QStringList defaultModelFeatures();
// "return(1), range , rsi(14)" -> {"return(1)", "range", "rsi(14)"}: split on the commas that
// are not inside parentheses, trimmed, empty parts dropped.
QStringList splitModelFeatures(const QString& text);

// One epoch of a model, or one episode (dqn, ppo) or generation (neuroevolution) of an agent.
struct ModelEpoch {
    int epoch = 0;
    double trainLoss = 0;          // models
    double validationLoss = 0;     // models
    double validationAccuracy = 0; // models: 0 … 1
    double learningRate = 0;
    double seconds = 0;
    bool best = false;
    double trainReward = 0;      // agents: Σ log equity changes over the training range
    double validationReturn = 0; // agents: total return on the validation range (0.031: +3.1 %)

    friend bool operator==(const ModelEpoch&, const ModelEpoch&) = default;
};

struct ModelMetricsValues {
    qint64 samples = 0;
    double loss = 0;
    double mse = 0;                 // of predicted against realised log returns (regression)
    double directionalAccuracy = 0; // 0 … 1

    friend bool operator==(const ModelMetricsValues&, const ModelMetricsValues&) = default;
};

// An agent's validation, test and baseline metrics are empty (samples 0): its signal backtest is
// what it is judged by.
struct ModelTrainingReport {
    QString modelName;
    int version = 0; // 0 until the run is registered
    std::vector<ModelEpoch> history;
    int bestEpoch = 0;
    bool stoppedEarly = false;
    ModelMetricsValues validation;
    ModelMetricsValues test;
    ModelMetricsValues baselineTest;
    JobMetrics signalBacktest;
    JobMetrics buyAndHold;
    QString device;
    qint64 parameters = 0;
    double seconds = 0;
    qint64 testFromUnixMs = 0;
    qint64 testToUnixMs = 0;

    friend bool operator==(const ModelTrainingReport&, const ModelTrainingReport&) = default;
};

// One version of a named model in the registry (bcf.v1.ModelVersion). ListModels leaves the spec
// and report out (hasDetails false); GetModel fills them in.
struct ModelVersionInfo {
    qint64 id = 0;
    QString name;
    int version = 0;
    QString architecture;
    QString task;
    bool hasDetails = false;
    ModelTrainingSpec spec;
    ModelTrainingReport report;
    bool live = false;
    qint64 jobId = 0;
    qint64 artifactBytes = 0;
    QString owner;
    qint64 createdMs = 0;

    friend bool operator==(const ModelVersionInfo&, const ModelVersionInfo&) = default;
};

// A training job as GetJob(include_result) answers it: the job, and the report so far (the
// history grows epoch by epoch while it runs; the whole report once it succeeded).
struct TrainingProgress {
    Job job;
    bool hasReport = false;
    ModelTrainingReport report;
};

struct ModelPrediction {
    qint64 barTimeMs = 0; // open time of the bar at whose close it was made
    // A log return (regression), a probability of a rise (direction) or an agent's action
    // (policy: 1 long, 0 flat).
    double value = 0;

    friend bool operator==(const ModelPrediction&, const ModelPrediction&) = default;
};

struct ModelPredictions {
    QString name;
    int version = 0;
    QString task;
    std::vector<ModelPrediction> points; // oldest first
};

// "btc-lstm v2"
QString modelVersionName(const QString& name, int version);

} // namespace bcf::app
