#pragma once

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>

namespace bcf::test {

// Logged-in users of a bcf-core under test: one Login per user (the session is reused), and
// client contexts carrying its bearer token. A failed login ends the test executable (qFatal):
// nothing after it could mean anything.
class Sessions final {
public:
    // Forgets every session (after a restart of the node, or with a new channel).
    void reset(std::shared_ptr<grpc::Channel> channel, std::string password);

    std::string token(const std::string &user);
    // A context of `user` with a deadline `seconds` from now.
    std::unique_ptr<grpc::ClientContext> as(const std::string &user, int seconds = 15);

private:
    std::shared_ptr<grpc::Channel> m_channel;
    std::string m_password;
    std::map<std::string, std::string> m_tokens;
};

} // namespace bcf::test
