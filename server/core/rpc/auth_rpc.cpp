#include "rpc/auth_rpc.h"

#include "common/grpc_status.h"
#include "common/logging.h"
#include "rpc/authorization.h"

namespace bcf::core {
namespace {

void toProto(const auth::IssuedSession &session, v1::Session *out)
{
    out->set_token(session.token);
    out->set_expires_at_unix_ms(toUnixMillis(session.expiresAt));
    core::toProto(session.user, out->mutable_user());
}

grpc::Status invalid(std::string message)
{
    return {grpc::INVALID_ARGUMENT, std::move(message)};
}

} // namespace

v1::Role toProto(auth::Role role)
{
    switch (role) {
    case auth::Role::Trader: return v1::ROLE_TRADER;
    case auth::Role::Admin: return v1::ROLE_ADMIN;
    case auth::Role::Support: return v1::ROLE_SUPPORT;
    case auth::Role::Finance: return v1::ROLE_FINANCE;
    case auth::Role::Marketing: return v1::ROLE_MARKETING;
    case auth::Role::Sales: return v1::ROLE_SALES;
    case auth::Role::Auditor: return v1::ROLE_AUDITOR;
    }
    return v1::ROLE_UNSPECIFIED;
}

std::optional<auth::Role> fromProto(v1::Role role)
{
    for (auth::Role candidate : auth::allRoles()) {
        if (toProto(candidate) == role)
            return candidate;
    }
    return std::nullopt;
}

void toProto(const auth::UserRecord &user, v1::User *out)
{
    out->set_id(user.id);
    out->set_username(user.username);
    out->set_role(toProto(user.role));
    out->set_disabled(user.disabled);
    out->set_totp_enabled(user.totpEnabled);
    out->set_created_at_unix_ms(toUnixMillis(user.createdAt));
    out->set_locked_until_unix_ms(user.lockedUntil ? toUnixMillis(*user.lockedUntil) : 0);
}

grpc::Status AuthRpc::Login(grpc::ServerContext *context, const v1::LoginRequest *request,
                            v1::LoginResponse *response)
{
    if (request->username().empty() || request->password().empty())
        return invalid("Enter a username and a password.");
    auto outcome = m_auth.login(request->username(), request->password(),
                                request->client_description());
    auto log = server::logger("auth");
    if (!outcome) {
        log->info("msg=\"login failed\" user={} peer={} reason={}",
                  server::quoted(request->username()), context->peer(),
                  server::quoted(outcome.error().message));
        return server::toGrpcStatus(outcome.error());
    }
    if (const auto *session = std::get_if<auth::IssuedSession>(&*outcome)) {
        log->info("msg=\"login\" user={} peer={}", server::quoted(request->username()),
                  context->peer());
        toProto(*session, response->mutable_session());
    } else {
        const auto &challenge = std::get<auth::SecondFactorChallenge>(*outcome);
        response->mutable_second_factor()->set_challenge(challenge.challenge);
        response->mutable_second_factor()->set_expires_at_unix_ms(
            toUnixMillis(challenge.expiresAt));
    }
    return grpc::Status::OK;
}

grpc::Status AuthRpc::VerifySecondFactor(grpc::ServerContext *context,
                                         const v1::VerifySecondFactorRequest *request,
                                         v1::Session *response)
{
    if (request->challenge().empty())
        return invalid("The sign-in challenge is missing; sign in again.");
    Result<auth::IssuedSession> session;
    switch (request->proof_case()) {
    case v1::VerifySecondFactorRequest::kTotpCode:
        session = m_auth.verifyTotp(request->challenge(), request->totp_code());
        break;
    case v1::VerifySecondFactorRequest::kRecoveryCode:
        session = m_auth.verifyRecoveryCode(request->challenge(), request->recovery_code());
        break;
    default:
        return invalid("Enter the authenticator code or a recovery code.");
    }
    auto log = server::logger("auth");
    const char *proof = request->proof_case() == v1::VerifySecondFactorRequest::kTotpCode
                            ? "totp"
                            : "recovery_code";
    if (!session) {
        log->info("msg=\"second factor failed\" proof={} peer={} reason={}", proof,
                  context->peer(), server::quoted(session.error().message));
        return server::toGrpcStatus(session.error());
    }
    log->info("msg=\"login\" user={} proof={} peer={}", server::quoted(session->user.username),
              proof, context->peer());
    toProto(*session, response);
    return grpc::Status::OK;
}

grpc::Status AuthRpc::RefreshSession(grpc::ServerContext *context,
                                     const v1::RefreshSessionRequest * /*request*/,
                                     v1::Session *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto session = m_auth.refresh(*principal);
    if (!session)
        return server::toGrpcStatus(session.error());
    toProto(*session, response);
    return grpc::Status::OK;
}

grpc::Status AuthRpc::Logout(grpc::ServerContext *context, const v1::LogoutRequest * /*request*/,
                             v1::LogoutResponse * /*response*/)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    server::logger("auth")->info("msg=\"logout\" user={}", server::quoted(principal->username));
    return server::toGrpcStatus(m_auth.logout(*principal));
}

grpc::Status AuthRpc::WhoAmI(grpc::ServerContext *context, const v1::WhoAmIRequest * /*request*/,
                             v1::WhoAmIResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto user = m_auth.findUser(principal->username);
    if (!user)
        return server::toGrpcStatus(user.error());
    toProto(*user, response->mutable_user());
    response->set_session_expires_at_unix_ms(toUnixMillis(principal->expiresAt));
    for (const auto &permission : auth::permissionsOf(principal->role))
        response->add_permissions(permission);
    return grpc::Status::OK;
}

grpc::Status AuthRpc::ChangePassword(grpc::ServerContext *context,
                                     const v1::ChangePasswordRequest *request,
                                     v1::ChangePasswordResponse * /*response*/)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (request->current_password().empty() || request->new_password().empty())
        return invalid("Enter the current and the new password.");
    auto changed = m_auth.changePassword(*principal, request->current_password(),
                                         request->new_password());
    if (changed)
        server::logger("auth")->info("msg=\"password changed\" user={}",
                                     server::quoted(principal->username));
    return server::toGrpcStatus(changed);
}

grpc::Status AuthRpc::BeginTotpEnrollment(grpc::ServerContext *context,
                                          const v1::BeginTotpEnrollmentRequest *request,
                                          v1::BeginTotpEnrollmentResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto enrollment = m_auth.beginTotpEnrollment(*principal, request->password());
    if (!enrollment)
        return server::toGrpcStatus(enrollment.error());
    response->set_secret_base32(enrollment->secretBase32);
    response->set_otpauth_uri(enrollment->otpauthUri);
    return grpc::Status::OK;
}

grpc::Status AuthRpc::ConfirmTotpEnrollment(grpc::ServerContext *context,
                                            const v1::ConfirmTotpEnrollmentRequest *request,
                                            v1::ConfirmTotpEnrollmentResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto codes = m_auth.confirmTotpEnrollment(*principal, request->totp_code());
    if (!codes)
        return server::toGrpcStatus(codes.error());
    server::logger("auth")->info("msg=\"two-factor enabled\" user={}",
                                 server::quoted(principal->username));
    for (const auto &code : *codes)
        response->add_recovery_codes(code);
    return grpc::Status::OK;
}

grpc::Status AuthRpc::DisableTotp(grpc::ServerContext *context,
                                  const v1::DisableTotpRequest *request,
                                  v1::DisableTotpResponse * /*response*/)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto disabled = m_auth.disableTotp(*principal, request->password(), request->totp_code());
    if (disabled)
        server::logger("auth")->info("msg=\"two-factor disabled\" user={}",
                                     server::quoted(principal->username));
    return server::toGrpcStatus(disabled);
}

grpc::Status UserAdminRpc::ListUsers(grpc::ServerContext * /*context*/,
                                     const v1::ListUsersRequest * /*request*/,
                                     v1::ListUsersResponse *response)
{
    auto users = m_auth.listUsers();
    if (!users)
        return server::toGrpcStatus(users.error());
    for (const auto &user : *users)
        toProto(user, response->add_users());
    return grpc::Status::OK;
}

grpc::Status UserAdminRpc::CreateUser(grpc::ServerContext *context,
                                      const v1::CreateUserRequest *request, v1::User *response)
{
    const auto role = fromProto(request->role());
    if (!role)
        return invalid("Choose a role for the new user.");
    auto user = m_auth.createUser(request->username(), request->password(), *role);
    if (!user)
        return server::toGrpcStatus(user.error());
    if (auto principal = principalOf(*context, m_auth))
        server::logger("auth")->info("msg=\"user created\" by={} user={} role={}",
                                     server::quoted(principal->username),
                                     server::quoted(user->username), auth::roleName(*role));
    toProto(*user, response);
    return grpc::Status::OK;
}

grpc::Status UserAdminRpc::SetUserRole(grpc::ServerContext *context,
                                       const v1::SetUserRoleRequest *request, v1::User *response)
{
    const auto role = fromProto(request->role());
    if (!role)
        return invalid("Choose a role.");
    auto user = m_auth.setRole(request->user_id(), *role);
    if (!user)
        return server::toGrpcStatus(user.error());
    if (auto principal = principalOf(*context, m_auth))
        server::logger("auth")->info("msg=\"role changed\" by={} user={} role={}",
                                     server::quoted(principal->username),
                                     server::quoted(user->username), auth::roleName(*role));
    toProto(*user, response);
    return grpc::Status::OK;
}

grpc::Status UserAdminRpc::SetUserDisabled(grpc::ServerContext *context,
                                           const v1::SetUserDisabledRequest *request,
                                           v1::User *response)
{
    auto principal = principalOf(*context, m_auth);
    if (principal && principal->userId == request->user_id() && request->disabled())
        return {grpc::FAILED_PRECONDITION, "You cannot disable your own account."};
    auto user = m_auth.setDisabled(request->user_id(), request->disabled());
    if (!user)
        return server::toGrpcStatus(user.error());
    server::logger("auth")->info("msg=\"user {}\" by={} user={}",
                                 request->disabled() ? "disabled" : "enabled",
                                 server::quoted(principal ? principal->username : ""),
                                 server::quoted(user->username));
    toProto(*user, response);
    return grpc::Status::OK;
}

} // namespace bcf::core
