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
// it with the call's metadata (":path" names the method). It authenticates the bearer token,
// checks the role's permission (deny by default) and stores the principal in the call's
// AuthContext for the handler. Runs on gRPC's blocking-processor threads.
class AuthorizationProcessor final : public grpc::AuthMetadataProcessor {
public:
    explicit AuthorizationProcessor(auth::AuthService &authService) : m_auth(authService) {}

    bool IsBlocking() const override { return true; }
    grpc::Status Process(const InputMetadata &authMetadata, grpc::AuthContext *context,
                         OutputMetadata *consumedMetadata,
                         OutputMetadata *responseMetadata) override;

private:
    auth::AuthService &m_auth;
};

// The principal that AuthorizationProcessor stored for this call; Unauthenticated when the
// method is public and no session was presented.
Result<auth::Principal> principalOf(const grpc::ServerContext &context);

} // namespace bcf::core
