#include "grpc_sessions.h"

#include <bcf/v1/auth.grpc.pb.h>

#include <QtGlobal>

#include <chrono>

namespace bcf::test {

void Sessions::reset(std::shared_ptr<grpc::Channel> channel, std::string password)
{
    m_channel = std::move(channel);
    m_password = std::move(password);
    m_tokens.clear();
}

std::string Sessions::token(const std::string &user)
{
    if (auto known = m_tokens.find(user); known != m_tokens.end())
        return known->second;
    auto stub = v1::AuthService::NewStub(m_channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::LoginRequest request;
    request.set_username(user);
    request.set_password(m_password);
    v1::LoginResponse response;
    const grpc::Status status = stub->Login(&context, request, &response);
    if (!status.ok() || !response.has_session())
        qFatal("login %s: %s", user.c_str(), status.error_message().c_str());
    return m_tokens[user] = response.session().token();
}

std::unique_ptr<grpc::ClientContext> Sessions::as(const std::string &user, int seconds)
{
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
    context->AddMetadata("authorization", "Bearer " + token(user));
    return context;
}

} // namespace bcf::test
