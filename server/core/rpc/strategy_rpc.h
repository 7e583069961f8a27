#pragma once

#include "auth/auth_service.h"
#include "strategies/strategy_store.h"

#include <bcf/v1/strategy.grpc.pb.h>

namespace bcf::core {

// bcf.v1.StrategyService: the caller's own strategies (StrategyStore, scoped to the caller's
// user id). Validates names, comments and sources (a source must compile; the error is the
// compiler's "line:column: message") before anything is stored. Permissions (strategy.read,
// strategy.write) were already checked by AuthorizationProcessor. Runs on gRPC's sync threads.
class StrategyRpc final : public bcf::v1::StrategyService::Service {
public:
    StrategyRpc(auth::AuthService &auth, StrategyStore &store) : m_auth(auth), m_store(store) {}

    grpc::Status SaveStrategy(grpc::ServerContext *context,
                              const v1::SaveStrategyRequest *request,
                              v1::StrategyDocument *response) override;
    grpc::Status GetStrategy(grpc::ServerContext *context, const v1::GetStrategyRequest *request,
                             v1::StrategyDocument *response) override;
    grpc::Status ListStrategies(grpc::ServerContext *context,
                                const v1::ListStrategiesRequest *request,
                                v1::ListStrategiesResponse *response) override;
    grpc::Status ListStrategyVersions(grpc::ServerContext *context,
                                      const v1::ListStrategyVersionsRequest *request,
                                      v1::ListStrategyVersionsResponse *response) override;
    grpc::Status DeleteStrategy(grpc::ServerContext *context,
                                const v1::DeleteStrategyRequest *request,
                                v1::DeleteStrategyResponse *response) override;
    grpc::Status RenameStrategy(grpc::ServerContext *context,
                                const v1::RenameStrategyRequest *request,
                                v1::StrategySummary *response) override;

private:
    auth::AuthService &m_auth;
    StrategyStore &m_store;
};

} // namespace bcf::core
