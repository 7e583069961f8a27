#include "common/redis_subscriber.h"

#include "common/logging.h"

#include <hiredis/hiredis.h>

#include <memory>

#include <poll.h>

namespace bcf::server {

RedisSubscriber::RedisSubscriber(RedisSettings settings, std::string password, std::string channel,
                                 std::function<void(const std::string &)> onMessage)
    : m_settings(std::move(settings)), m_password(std::move(password)),
      m_channel(std::move(channel)), m_onMessage(std::move(onMessage))
{
}

RedisSubscriber::~RedisSubscriber()
{
    stop();
}

void RedisSubscriber::start()
{
    m_thread = std::thread([this] { run(); });
}

void RedisSubscriber::stop()
{
    m_stopping = true;
    if (m_thread.joinable())
        m_thread.join();
}

void RedisSubscriber::run()
{
    auto log = logger("redis");
    Backoff backoff(std::chrono::milliseconds(200), std::chrono::seconds(10));
    while (!m_stopping) {
        timeval timeout{};
        timeout.tv_sec = static_cast<time_t>(m_settings.timeoutMilliseconds / 1000);
        timeout.tv_usec = static_cast<suseconds_t>((m_settings.timeoutMilliseconds % 1000) * 1000);
        std::unique_ptr<redisContext, decltype(&redisFree)> context(
            redisConnectWithTimeout(m_settings.host.c_str(), static_cast<int>(m_settings.port),
                                    timeout),
            &redisFree);
        auto command = [&](std::vector<std::string> arguments) {
            std::vector<const char *> argv;
            std::vector<size_t> lengths;
            for (const auto &argument : arguments) {
                argv.push_back(argument.data());
                lengths.push_back(argument.size());
            }
            auto *reply = static_cast<redisReply *>(redisCommandArgv(
                context.get(), static_cast<int>(argv.size()), argv.data(), lengths.data()));
            const bool ok = reply && reply->type != REDIS_REPLY_ERROR;
            if (reply)
                freeReplyObject(reply);
            return ok;
        };
        const bool connected = context && !context->err
                               && (m_password.empty() || command({"AUTH", m_password}))
                               && (m_settings.database == 0
                                   || command({"SELECT", std::to_string(m_settings.database)}))
                               && command({"SUBSCRIBE", m_channel});
        if (!connected) {
            const auto delay = backoff.nextDelay();
            for (auto waited = std::chrono::milliseconds(0); waited < delay && !m_stopping;
                 waited += std::chrono::milliseconds(50))
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        backoff.reset();
        m_subscribed = true;
        log->info("msg=\"subscribed\" channel={}", m_channel);
        // Poll the socket so that stop() is noticed within half a second.
        while (!m_stopping) {
            void *raw = nullptr;
            if (redisGetReplyFromReader(context.get(), &raw) != REDIS_OK)
                break;
            if (raw) {
                auto *reply = static_cast<redisReply *>(raw);
                if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3
                    && reply->element[0]->type == REDIS_REPLY_STRING
                    && std::string_view(reply->element[0]->str, reply->element[0]->len)
                           == "message")
                    m_onMessage(std::string(reply->element[2]->str, reply->element[2]->len));
                freeReplyObject(reply);
                continue;
            }
            pollfd descriptor{context->fd, POLLIN, 0};
            const int ready = ::poll(&descriptor, 1, 500);
            if (ready < 0)
                break;
            if (ready > 0 && redisBufferRead(context.get()) != REDIS_OK)
                break;
        }
        m_subscribed = false;
        if (!m_stopping)
            log->warn("msg=\"subscription lost; reconnecting\" channel={}", m_channel);
    }
}

} // namespace bcf::server
