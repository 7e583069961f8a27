#pragma once

#include "core/model_types.h"

#include <bcf/v1/jobs.pb.h>
#include <bcf/v1/models.pb.h>

// Conversions between the model types of the workstation and bcf.v1's messages (for app/core and
// its tests; the rest of the app sees only core/model_types.h).
namespace bcf::app {

// A backtest's metrics as the jobs dock and the AI lab show them.
JobMetrics fromProtoMetrics(const v1::BacktestMetrics& metrics);
void toProtoTrainingSpec(const ModelTrainingSpec& spec, v1::TrainingSpec* out);
ModelTrainingSpec fromProtoTrainingSpec(const v1::TrainingSpec& spec);
ModelTrainingReport fromProtoTrainingReport(const v1::TrainingReport& report);
ModelVersionInfo fromProtoModelVersion(const v1::ModelVersion& version);
ModelPredictions fromProtoPredictions(const v1::GetPredictionsResponse& response);

} // namespace bcf::app
