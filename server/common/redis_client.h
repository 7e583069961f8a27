#pragma once

#include "common/backoff.h"
#include "common/settings.h"
#include "core/result.h"

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

struct redisContext;

namespace bcf::server {

// A decoded Redis reply.
struct RedisReply {
    enum class Type { Nil, String, Integer, Array, Status };
    Type type = Type::Nil;
    std::string text;                 // String and Status
    long long integer = 0;
    std::vector<RedisReply> elements; // Array
};

// One hiredis connection with reconnect and exponential backoff (100 ms doubling to 10 s).
// While Redis is down a command fails at once with Unavailable instead of waiting, and the next
// command after the backoff delay tries to reconnect. Thread-safe (commands are serialised).
class RedisClient final {
public:
    RedisClient(RedisSettings settings, std::string password);
    ~RedisClient();
    RedisClient(const RedisClient &) = delete;
    RedisClient &operator=(const RedisClient &) = delete;

    // Runs one command given as its arguments (binary-safe), e.g. {"SET", key, value, "PX", "5000"}.
    Result<RedisReply> command(const std::vector<std::string> &arguments);

    Status ping();

private:
    Status connectLocked();
    void disconnectLocked();

    RedisSettings m_settings;
    std::string m_password;
    std::mutex m_mutex;
    redisContext *m_context = nullptr;
    Backoff m_backoff;
    std::chrono::steady_clock::time_point m_nextAttempt{};
    std::string m_lastError;
};

} // namespace bcf::server
