#pragma once

#include "auth/auth_service.h"
#include "common/metrics.h"

#include <grpcpp/security/auth_metadata_processor.h>
#include <grpcpp/server_context.h>

#include <map>
#include <string>

namespace bcf::core {

// The permission each RPC needs, by full method name ("/bcf.v1.AuthService/WhoAmI"). An empty
// permission marks a public method. A method missing from the table is denied.
const std::map<std::string, std::string, std::less<>> &methodPermissions();

// The one place where every RPC on bcf-core is authorised, before any handler runs: gRPC calls
// it with the call's metadata (":path" names the method). It authenticates the bearer token and
// checks the role's permission (deny by default); a refused call never reaches a handler and is
// counted in the RPC metrics here. Runs on gRPC's blocking-processor threads.
//
// gRPC's AuthContext is shared by every call of a connection, so the principal is not stored
// there; handlers get it from principalOf(), which reuses the processor's fresh answer.
class AuthorizationProcessor final : public grpc::AuthMetadataProcessor {
public:
    AuthorizationProcessor(auth::AuthService &authService, server::Metrics &metrics)
        : m_auth(authService), m_metrics(metrics)
    {
    }

    bool IsBlocking() const override { return true; }
    grpc::Status Process(const InputMetadata &authMetadata, grpc::AuthContext *context,
                         OutputMetadata *consumedMetadata,
                         OutputMetadata *responseMetadata) override;

private:
    grpc::Status authorize(const InputMetadata &authMetadata, const std::string &method);

    auth::AuthService &m_auth;
    server::Metrics &m_metrics;
};

// The bearer token of a call ("" when none).
std::string bearerToken(const grpc::ServerContext &context);

// The authenticated caller of this call (the processor already let it through).
Result<auth::Principal> principalOf(const grpc::ServerContext &context, auth::AuthService &auth);

} // namespace bcf::core
