#pragma once

#include "core/result.h"

#include <bcf/v1/jobs.pb.h>

namespace bcf::server {

// Applies a training spec's defaults (jobs.proto, TrainingSpec) and checks every field that needs
// no database: the model name, timeframe, range, features, dataset split, model and optimiser
// settings. InvalidArgument names the field ("features: feature \"rsi(0)\": …"). bcf-core runs it
// before queueing a training job, and the compute node again before training. The exchange
// must be set by the caller (bcf-core fills in trading.paper_exchange).
Status completeTrainingSpec(v1::TrainingSpec &spec);

// Agents: architecture dqn or neuroevolution (a long/flat policy; docs/ml.md).
bool isAgentSpec(const v1::TrainingSpec &spec);

} // namespace bcf::server
