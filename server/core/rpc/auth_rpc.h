#pragma once

#include "auth/auth_service.h"

#include <bcf/v1/auth.grpc.pb.h>

namespace bcf::core {

// bcf.v1.AuthService: validates requests, calls auth::AuthService and maps results with
// server::toGrpcStatus. Permissions were already checked by AuthorizationProcessor.
class AuthRpc final : public bcf::v1::AuthService::Service {
public:
    explicit AuthRpc(auth::AuthService &auth) : m_auth(auth) {}

    grpc::Status Login(grpc::ServerContext *context, const v1::LoginRequest *request,
                       v1::LoginResponse *response) override;
    grpc::Status VerifySecondFactor(grpc::ServerContext *context,
                                    const v1::VerifySecondFactorRequest *request,
                                    v1::Session *response) override;
    grpc::Status RefreshSession(grpc::ServerContext *context,
                                const v1::RefreshSessionRequest *request,
                                v1::Session *response) override;
    grpc::Status Logout(grpc::ServerContext *context, const v1::LogoutRequest *request,
                        v1::LogoutResponse *response) override;
    grpc::Status WhoAmI(grpc::ServerContext *context, const v1::WhoAmIRequest *request,
                        v1::WhoAmIResponse *response) override;
    grpc::Status ChangePassword(grpc::ServerContext *context,
                                const v1::ChangePasswordRequest *request,
                                v1::ChangePasswordResponse *response) override;
    grpc::Status BeginTotpEnrollment(grpc::ServerContext *context,
                                     const v1::BeginTotpEnrollmentRequest *request,
                                     v1::BeginTotpEnrollmentResponse *response) override;
    grpc::Status ConfirmTotpEnrollment(grpc::ServerContext *context,
                                       const v1::ConfirmTotpEnrollmentRequest *request,
                                       v1::ConfirmTotpEnrollmentResponse *response) override;
    grpc::Status DisableTotp(grpc::ServerContext *context, const v1::DisableTotpRequest *request,
                             v1::DisableTotpResponse *response) override;

private:
    auth::AuthService &m_auth;
};

// bcf.v1.UserAdminService.
class UserAdminRpc final : public bcf::v1::UserAdminService::Service {
public:
    explicit UserAdminRpc(auth::AuthService &auth) : m_auth(auth) {}

    grpc::Status ListUsers(grpc::ServerContext *context, const v1::ListUsersRequest *request,
                           v1::ListUsersResponse *response) override;
    grpc::Status CreateUser(grpc::ServerContext *context, const v1::CreateUserRequest *request,
                            v1::User *response) override;
    grpc::Status SetUserRole(grpc::ServerContext *context, const v1::SetUserRoleRequest *request,
                             v1::User *response) override;
    grpc::Status SetUserDisabled(grpc::ServerContext *context,
                                 const v1::SetUserDisabledRequest *request,
                                 v1::User *response) override;

private:
    auth::AuthService &m_auth;
};

void toProto(const auth::UserRecord &user, v1::User *out);
v1::Role toProto(auth::Role role);
std::optional<auth::Role> fromProto(v1::Role role);

} // namespace bcf::core
