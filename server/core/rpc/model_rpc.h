#pragma once

#include "auth/auth_service.h"
#include "common/model_registry.h"

#include <bcf/v1/models.grpc.pb.h>

namespace bcf::core {

// bcf.v1.ModelService: the model registry (docs/ml.md). Every trader may list and read every
// model (a desk shares its signals); promoting a version is for the model's owner and admins.
// Permissions were checked by AuthorizationProcessor (models.read, models.write).
class ModelRpc final : public bcf::v1::ModelService::Service {
public:
    ModelRpc(auth::AuthService &auth, server::ModelRegistry &models, std::string defaultExchange)
        : m_auth(auth), m_models(models), m_defaultExchange(std::move(defaultExchange))
    {
    }

    grpc::Status ListModels(grpc::ServerContext *context, const v1::ListModelsRequest *request,
                            v1::ListModelsResponse *response) override;
    grpc::Status GetModel(grpc::ServerContext *context, const v1::GetModelRequest *request,
                          v1::ModelVersion *response) override;
    grpc::Status PromoteModel(grpc::ServerContext *context, const v1::PromoteModelRequest *request,
                              v1::ModelVersion *response) override;
    grpc::Status GetPredictions(grpc::ServerContext *context, const v1::GetPredictionsRequest *request,
                                v1::GetPredictionsResponse *response) override;

private:
    auth::AuthService &m_auth;
    server::ModelRegistry &m_models;
    std::string m_defaultExchange;
};

// The registry's record as the API shows it; `full` adds the spec and the report.
void toProto(const server::ModelVersionRecord &record, bool full, v1::ModelVersion *out);

} // namespace bcf::core
