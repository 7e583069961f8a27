#include "rpc/authorization.h"

#include "common/grpc_status.h"
#include "common/logging.h"

namespace bcf::core {
namespace {

constexpr const char *kUserId = "bcf.user_id";
constexpr const char *kUsername = "bcf.username";
constexpr const char *kRole = "bcf.role";
constexpr const char *kSessionId = "bcf.session_id";
constexpr const char *kExpiresAt = "bcf.expires_at";

std::string propertyOf(const grpc::AuthContext &context, const char *name)
{
    const auto values = context.FindPropertyValues(name);
    return values.empty() ? std::string() : std::string(values.front().data(),
                                                         values.front().size());
}

} // namespace

const std::map<std::string, std::string, std::less<>> &methodPermissions()
{
    using namespace auth::permission;
    static const std::map<std::string, std::string, std::less<>> table = {
        {"/grpc.health.v1.Health/Check", ""},
        {"/grpc.health.v1.Health/Watch", ""},
        {"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", ""},
        {"/bcf.v1.AuthService/Login", ""},
        {"/bcf.v1.AuthService/VerifySecondFactor", ""},
        {"/bcf.v1.AuthService/RefreshSession", std::string(Self)},
        {"/bcf.v1.AuthService/Logout", std::string(Self)},
        {"/bcf.v1.AuthService/WhoAmI", std::string(Self)},
        {"/bcf.v1.AuthService/ChangePassword", std::string(Self)},
        {"/bcf.v1.AuthService/BeginTotpEnrollment", std::string(Self)},
        {"/bcf.v1.AuthService/ConfirmTotpEnrollment", std::string(Self)},
        {"/bcf.v1.AuthService/DisableTotp", std::string(Self)},
        {"/bcf.v1.UserAdminService/ListUsers", std::string(UsersRead)},
        {"/bcf.v1.UserAdminService/CreateUser", std::string(UsersWrite)},
        {"/bcf.v1.UserAdminService/SetUserRole", std::string(UsersWrite)},
        {"/bcf.v1.UserAdminService/SetUserDisabled", std::string(UsersWrite)},
        {"/bcf.v1.SystemService/GetServerInfo", std::string(SystemRead)},
        {"/bcf.v1.SystemService/ListComputeNodes", std::string(SystemRead)},
    };
    return table;
}

grpc::Status AuthorizationProcessor::Process(const InputMetadata &authMetadata,
                                             grpc::AuthContext *context,
                                             OutputMetadata *consumedMetadata,
                                             OutputMetadata * /*responseMetadata*/)
{
    const auto path = authMetadata.find(":path");
    const std::string method = path == authMetadata.end()
                                   ? std::string()
                                   : std::string(path->second.data(), path->second.size());
    const auto &table = methodPermissions();
    const auto entry = table.find(method);
    if (entry == table.end())
        return {grpc::PERMISSION_DENIED, "The method " + method + " is not permitted."};

    std::string token;
    if (const auto header = authMetadata.find("authorization"); header != authMetadata.end()) {
        const std::string value(header->second.data(), header->second.size());
        constexpr std::string_view kBearer = "Bearer ";
        if (value.starts_with(kBearer))
            token = value.substr(kBearer.size());
        consumedMetadata->insert({"authorization", value});
    }
    if (entry->second.empty() && token.empty())
        return grpc::Status::OK;

    auto principal = m_auth.authenticate(token);
    if (!principal) {
        // A public method stays callable with a stale token (Login after an expiry).
        if (entry->second.empty())
            return grpc::Status::OK;
        return server::toGrpcStatus(principal.error());
    }
    if (!entry->second.empty() && !auth::hasPermission(principal->role, entry->second)) {
        server::logger("auth")->warn("msg=\"permission denied\" user={} role={} method={}",
                                     server::quoted(principal->username),
                                     auth::roleName(principal->role), method);
        return {grpc::PERMISSION_DENIED,
                "Your role (" + std::string(auth::roleName(principal->role))
                    + ") does not allow this (" + entry->second + ")."};
    }
    context->AddProperty(kUserId, std::to_string(principal->userId));
    context->AddProperty(kUsername, principal->username);
    context->AddProperty(kRole, std::string(auth::roleName(principal->role)));
    context->AddProperty(kSessionId, std::to_string(principal->sessionId));
    context->AddProperty(kExpiresAt, std::to_string(toUnixMillis(principal->expiresAt)));
    return grpc::Status::OK;
}

Result<auth::Principal> principalOf(const grpc::ServerContext &context)
{
    const auto authContext = context.auth_context();
    const std::string userId = authContext ? propertyOf(*authContext, kUserId) : std::string();
    if (userId.empty())
        return makeError(ErrorCode::Unauthenticated, "Sign in first: this call needs a session.");
    auth::Principal principal;
    principal.userId = std::stoll(userId);
    principal.username = propertyOf(*authContext, kUsername);
    principal.role = auth::parseRole(propertyOf(*authContext, kRole)).value_or(auth::Role::Trader);
    principal.sessionId = std::stoll(propertyOf(*authContext, kSessionId));
    principal.expiresAt = fromUnixMillis(std::stoll(propertyOf(*authContext, kExpiresAt)));
    return principal;
}

} // namespace bcf::core
