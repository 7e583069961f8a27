#include "common/redis_client.h"

#include "common/logging.h"

#include <hiredis/hiredis.h>

#include <sys/time.h>

namespace bcf::server {
namespace {

timeval toTimeval(std::int64_t milliseconds)
{
    timeval value{};
    value.tv_sec = static_cast<time_t>(milliseconds / 1000);
    value.tv_usec = static_cast<suseconds_t>((milliseconds % 1000) * 1000);
    return value;
}

RedisReply decode(const redisReply *reply)
{
    RedisReply decoded;
    switch (reply->type) {
    case REDIS_REPLY_STRING:
        decoded.type = RedisReply::Type::String;
        decoded.text.assign(reply->str, reply->len);
        break;
    case REDIS_REPLY_STATUS:
        decoded.type = RedisReply::Type::Status;
        decoded.text.assign(reply->str, reply->len);
        break;
    case REDIS_REPLY_INTEGER:
        decoded.type = RedisReply::Type::Integer;
        decoded.integer = reply->integer;
        break;
    case REDIS_REPLY_ARRAY:
        decoded.type = RedisReply::Type::Array;
        for (size_t i = 0; i < reply->elements; ++i)
            decoded.elements.push_back(decode(reply->element[i]));
        break;
    default:
        decoded.type = RedisReply::Type::Nil;
        break;
    }
    return decoded;
}

} // namespace

RedisClient::RedisClient(RedisSettings settings, std::string password)
    : m_settings(std::move(settings)), m_password(std::move(password)),
      m_backoff(std::chrono::milliseconds(100), std::chrono::seconds(10))
{
}

RedisClient::~RedisClient()
{
    std::lock_guard lock(m_mutex);
    disconnectLocked();
}

void RedisClient::disconnectLocked()
{
    if (m_context) {
        redisFree(m_context);
        m_context = nullptr;
    }
}

Status RedisClient::connectLocked()
{
    const auto now = std::chrono::steady_clock::now();
    if (now < m_nextAttempt)
        return makeError(ErrorCode::Unavailable, "Redis is unreachable (" + m_lastError
                                                     + "); retrying with backoff");
    const timeval timeout = toTimeval(m_settings.timeoutMilliseconds);
    m_context = redisConnectWithTimeout(m_settings.host.c_str(),
                                        static_cast<int>(m_settings.port), timeout);
    auto fail = [&](std::string message) -> Status {
        m_lastError = std::move(message);
        disconnectLocked();
        m_nextAttempt = now + m_backoff.nextDelay();
        return makeError(ErrorCode::Unavailable, "Redis at " + m_settings.host + ":"
                                                     + std::to_string(m_settings.port)
                                                     + " is unreachable: " + m_lastError);
    };
    if (!m_context)
        return fail("cannot allocate a connection");
    if (m_context->err)
        return fail(m_context->errstr);
    redisSetTimeout(m_context, timeout);
    auto handshake = [&](std::vector<std::string> arguments) -> Status {
        std::vector<const char *> argv;
        std::vector<size_t> lengths;
        for (const auto &argument : arguments) {
            argv.push_back(argument.data());
            lengths.push_back(argument.size());
        }
        auto *reply = static_cast<redisReply *>(redisCommandArgv(
            m_context, static_cast<int>(argv.size()), argv.data(), lengths.data()));
        if (!reply)
            return fail(m_context->errstr);
        const bool failed = reply->type == REDIS_REPLY_ERROR;
        std::string message = failed ? std::string(reply->str, reply->len) : std::string();
        freeReplyObject(reply);
        if (failed)
            return fail(message);
        return {};
    };
    if (!m_password.empty()) {
        if (auto status = handshake({"AUTH", m_password}); !status)
            return status;
    }
    if (m_settings.database != 0) {
        if (auto status = handshake({"SELECT", std::to_string(m_settings.database)}); !status)
            return status;
    }
    if (!m_lastError.empty())
        logger("redis")->info("msg=\"reconnected to Redis\" host={} port={}", m_settings.host,
                              m_settings.port);
    m_lastError.clear();
    m_backoff.reset();
    return {};
}

Result<RedisReply> RedisClient::command(const std::vector<std::string> &arguments)
{
    std::lock_guard lock(m_mutex);
    if (!m_context) {
        if (auto status = connectLocked(); !status)
            return std::unexpected(status.error());
    }
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    for (const auto &argument : arguments) {
        argv.push_back(argument.data());
        lengths.push_back(argument.size());
    }
    auto *reply = static_cast<redisReply *>(redisCommandArgv(
        m_context, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    if (!reply) {
        // The connection is unusable after an I/O error: drop it, reconnect with backoff.
        m_lastError = m_context->errstr;
        logger("redis")->warn("msg=\"lost the Redis connection\" error={}", quoted(m_lastError));
        disconnectLocked();
        m_nextAttempt = std::chrono::steady_clock::now() + m_backoff.nextDelay();
        return makeError(ErrorCode::Unavailable, "lost the Redis connection: " + m_lastError);
    }
    if (reply->type == REDIS_REPLY_ERROR) {
        std::string message(reply->str, reply->len);
        freeReplyObject(reply);
        return makeError(ErrorCode::Internal, "Redis error: " + message);
    }
    RedisReply decoded = decode(reply);
    freeReplyObject(reply);
    return decoded;
}

Status RedisClient::ping()
{
    auto reply = command({"PING"});
    if (!reply)
        return std::unexpected(reply.error());
    return {};
}

} // namespace bcf::server
