#pragma once

#include "common/settings.h"
#include "core/result.h"

#include <pqxx/pqxx>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

namespace bcf::server {

namespace detail {
// The value type of a Result<T>, or T itself for a plain type.
template <typename T>
struct ValueOf {
    using type = T;
};
template <typename T>
struct ValueOf<std::expected<T, Error>> {
    using type = T;
};
} // namespace detail

// A pool of libpqxx connections. run() lends one connection to a function and maps every libpqxx
// exception to an Error, so none crosses this adapter: a lost connection becomes Unavailable (and
// the connection is dropped and re-opened on next use), a unique violation AlreadyExists, any
// other SQL error Internal. Thread-safe; at most `pool_size` connections are open at once and a
// caller waits up to the connect timeout for one.
class Database final {
public:
    Database(DatabaseSettings settings, std::string password, std::string applicationName);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // work(pqxx::connection &) returns T or Result<T>; run returns Result<T>.
    template <typename Work>
    auto run(Work &&work)
    {
        using Returned = std::invoke_result_t<Work, pqxx::connection &>;
        using Value = typename detail::ValueOf<Returned>::type;
        auto connection = acquire();
        if (!connection)
            return Result<Value>(std::unexpected(connection.error()));
        bool healthy = true;
        Result<Value> result = [&]() -> Result<Value> {
            try {
                if constexpr (std::is_void_v<Returned>) {
                    work(**connection);
                    return {};
                } else {
                    return work(**connection);
                }
            } catch (...) {
                Error error = translateCurrentException(healthy);
                return std::unexpected(error);
            }
        }();
        release(std::move(*connection), healthy);
        return result;
    }

    // SELECT 1 on a pooled connection.
    Status ping();

    // libpq connection string (without the password when redacted).
    std::string connectionString(bool redacted = false) const;

private:
    Result<std::unique_ptr<pqxx::connection>> acquire();
    void release(std::unique_ptr<pqxx::connection> connection, bool healthy);
    Error translateCurrentException(bool &connectionHealthy) const;

    DatabaseSettings m_settings;
    std::string m_password;
    std::string m_applicationName;
    std::mutex m_mutex;
    std::condition_variable m_available;
    std::vector<std::unique_ptr<pqxx::connection>> m_idle;
    int m_open = 0;
};

} // namespace bcf::server
