#pragma once

#include "common/backoff.h"
#include "common/settings.h"

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace bcf::server {

// Follows one Redis pub/sub channel on a connection and thread of its own, calling `onMessage`
// (on that thread) for every message. A lost connection is re-opened with backoff (200 ms
// doubling to 10 s) and the channel subscribed again; messages published meanwhile are lost, as
// pub/sub always loses them — consumers that need history read it from PostgreSQL.
class RedisSubscriber final {
public:
    RedisSubscriber(RedisSettings settings, std::string password, std::string channel,
                    std::function<void(const std::string &)> onMessage);
    ~RedisSubscriber();
    RedisSubscriber(const RedisSubscriber &) = delete;
    RedisSubscriber &operator=(const RedisSubscriber &) = delete;

    void start();
    void stop();
    bool subscribed() const { return m_subscribed.load(); }

private:
    void run();

    RedisSettings m_settings;
    std::string m_password;
    std::string m_channel;
    std::function<void(const std::string &)> m_onMessage;
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_subscribed{false};
    std::thread m_thread;
};

} // namespace bcf::server
