#include "common/database.h"

#include "common/logging.h"

namespace bcf::server {
namespace {

std::string escapeValue(const std::string &value)
{
    std::string escaped = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\')
            escaped += '\\';
        escaped += c;
    }
    return escaped + "'";
}

} // namespace

Database::Database(DatabaseSettings settings, std::string password, std::string applicationName)
    : m_settings(std::move(settings)), m_password(std::move(password)),
      m_applicationName(std::move(applicationName))
{
}

Database::~Database() = default;

std::string Database::connectionString(bool redacted) const
{
    std::string text = "host=" + escapeValue(m_settings.host)
                       + " port=" + std::to_string(m_settings.port)
                       + " dbname=" + escapeValue(m_settings.name)
                       + " user=" + escapeValue(m_settings.user)
                       + " connect_timeout=" + std::to_string(m_settings.connectTimeoutSeconds)
                       + " application_name=" + escapeValue(m_applicationName);
    if (!m_password.empty())
        text += " password=" + (redacted ? std::string("'***'") : escapeValue(m_password));
    return text;
}

Result<std::unique_ptr<pqxx::connection>> Database::acquire()
{
    {
        std::unique_lock lock(m_mutex);
        const auto deadline = std::chrono::steady_clock::now()
                              + std::chrono::seconds(m_settings.connectTimeoutSeconds);
        while (m_idle.empty() && m_open >= m_settings.poolSize) {
            if (m_available.wait_until(lock, deadline) == std::cv_status::timeout
                && m_idle.empty() && m_open >= m_settings.poolSize)
                return makeError(ErrorCode::Unavailable,
                                 "all " + std::to_string(m_settings.poolSize)
                                     + " database connections are busy");
        }
        if (!m_idle.empty()) {
            auto connection = std::move(m_idle.back());
            m_idle.pop_back();
            return connection;
        }
        ++m_open; // reserve a slot; opened outside the lock
    }
    try {
        return std::make_unique<pqxx::connection>(connectionString());
    } catch (const std::exception &error) {
        {
            std::lock_guard lock(m_mutex);
            --m_open;
        }
        m_available.notify_one();
        std::string message = error.what();
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        return makeError(ErrorCode::Unavailable, "PostgreSQL at " + m_settings.host + ":"
                                                     + std::to_string(m_settings.port)
                                                     + " is unreachable: " + message);
    }
}

void Database::release(std::unique_ptr<pqxx::connection> connection, bool healthy)
{
    {
        std::lock_guard lock(m_mutex);
        if (healthy && connection->is_open()) {
            m_idle.push_back(std::move(connection));
        } else {
            --m_open;
        }
    }
    m_available.notify_one();
}

Error Database::translateCurrentException(bool &connectionHealthy) const
{
    try {
        throw;
    } catch (const pqxx::broken_connection &error) {
        connectionHealthy = false;
        return {ErrorCode::Unavailable, std::string("lost the PostgreSQL connection: ")
                                            + error.what()};
    } catch (const pqxx::in_doubt_error &error) {
        connectionHealthy = false;
        return {ErrorCode::Unavailable, std::string("PostgreSQL commit in doubt: ") + error.what()};
    } catch (const pqxx::unique_violation &error) {
        return {ErrorCode::AlreadyExists, error.what()};
    } catch (const pqxx::sql_error &error) {
        logger("db")->error("msg=\"SQL error\" sqlstate={} error={}", error.sqlstate(),
                            quoted(error.what()));
        return {ErrorCode::Internal, "database error (SQLSTATE " + error.sqlstate() + ")"};
    } catch (const std::exception &error) {
        connectionHealthy = false;
        logger("db")->error("msg=\"database failure\" error={}", quoted(error.what()));
        return {ErrorCode::Internal, std::string("database failure: ") + error.what()};
    }
}

Status Database::ping()
{
    return run([](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        tx.exec1("SELECT 1");
    });
}

} // namespace bcf::server
