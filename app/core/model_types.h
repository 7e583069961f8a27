#pragma once

#include "core/job_types.h"

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <vector>

// AI models as the workstation shows them (bcf.v1.ModelService and the training jobs of
// bcf.v1.JobService, docs/ml.md): what the AI lab submits (a training spec), a training run's
// report (per-epoch history, test metrics against the naive baseline, the signal backtest against
// buy and hold), a registry version and the stored predictions of a version. Pure values, usable
// on any thread. The proto conversions are in core/model_proto.h.
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
    QString architecture; // lstm, gru, transformer, mlp
    QString task;         // regression, direction
    int hidden = 0;
    int layers = 0;
    int epochs = 0;
    double learningRate = 0;
    int patience = 0;
    quint64 seed = 0;

    friend bool operator==(const ModelTrainingSpec&, const ModelTrainingSpec&) = default;
};

// The features offered by default (docs/ml.md).
QStringList defaultModelFeatures();
// "return(1), range , rsi(14)" -> {"return(1)", "range", "rsi(14)"}: split on the commas that
// are not inside parentheses, trimmed, empty parts dropped.
QStringList splitModelFeatures(const QString& text);

struct ModelEpoch {
    int epoch = 0;
    double trainLoss = 0;
    double validationLoss = 0;
    double validationAccuracy = 0; // 0 … 1
    double learningRate = 0;
    double seconds = 0;
    bool best = false;

    friend bool operator==(const ModelEpoch&, const ModelEpoch&) = default;
};

struct ModelMetricsValues {
    qint64 samples = 0;
    double loss = 0;
    double mse = 0;                 // of predicted against realised log returns (regression)
    double directionalAccuracy = 0; // 0 … 1

    friend bool operator==(const ModelMetricsValues&, const ModelMetricsValues&) = default;
};

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
    double value = 0;     // a log return (regression) or a probability of a rise (direction)

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
