#pragma once

#include "common/candle_store.h"
#include "common/job_queue.h"
#include "common/model_registry.h"
#include "core/result.h"
#include "dataset.h"
#include "device.h"
#include "model/market_data.h"

#include <bcf/v1/jobs.pb.h>

#include <atomic>
#include <functional>
#include <optional>
#include <span>
#include <vector>
#include <string>

// Training jobs of a compute node (docs/ml.md): a v1::TrainingSpec is checked, its candles read,
// the dataset split and normalised, the model trained (bcf::ml) and added to the registry as the
// name's next version, with its stored out-of-sample predictions and a backtest of its signals.
namespace bcf::compute {

// Candles as the models read them (doubles: features are analysis, not money).
std::vector<ml::Bar> barsOf(std::span<const model::Candle> candles);

// After each epoch: progress 0…1, a line for people ("epoch 4 of 30 · validation loss 0.91 ·
// direction 61.2 %") and the report so far (serialized v1::TrainingReport with the loss history).
using TrainingProgress =
    std::function<void(double progress, const std::string &message, const std::string &report)>;

// A model's training run handed from node to node (docs/ml.md, "Training jobs"): `save` gets the
// state after each epoch; a run given `from` goes on after that state's epoch. Agents (dqn,
// neuroevolution) start again instead.
struct TrainingResume {
    std::optional<std::string> from;
    std::function<void(const std::string &state)> save;
};

// Errors: InvalidArgument naming the field (spec, features, too few candles); FailedPrecondition
// "cancelled" when `cancel` was set (checked after each epoch); Unavailable when PostgreSQL is
// down. Idempotent per job: run again after a takeover, it returns the version the first run
// registered (the registry keys versions by job).
Result<v1::TrainingReport> runTrainingJob(const server::Job &job, server::CandleStore &candles,
                                          server::ModelRegistry &models,
                                          const ml::DeviceRequest &device,
                                          const TrainingProgress &progress,
                                          const std::atomic<bool> &cancel, const TrainingResume &resume = {});

} // namespace bcf::compute
