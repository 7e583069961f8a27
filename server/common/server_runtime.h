#pragma once

#include "common/database.h"
#include "common/metrics.h"
#include "common/migrations.h"
#include "common/redis_client.h"
#include "common/settings.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/auth_metadata_processor.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace bcf::server {

// Exit codes shared by the servers and bcfctl.
enum ExitCode : int {
    ExitOk = 0,
    ExitFailure = 1,
    ExitConfigError = 2,       // bad configuration: the message names the field
    ExitSchemaTooNew = 3,      // the database schema is newer than this build
};

// Waits for SIGTERM/SIGINT or an internal request to stop. One per process, created in main: it
// installs the signal handlers and watches them on its own thread.
class ShutdownSignal final {
public:
    ShutdownSignal();
    ~ShutdownSignal();
    ShutdownSignal(const ShutdownSignal &) = delete;
    ShutdownSignal &operator=(const ShutdownSignal &) = delete;

    void request(int exitCode);
    // Blocks until a signal or request(); returns the exit code.
    int wait();

private:
    std::mutex m_mutex;
    std::condition_variable m_condition;
    std::optional<int> m_exitCode;
    std::atomic<bool> m_exiting{false};
    std::thread m_signalThread;
};

// The gRPC server of a node: TLS only, the standard health service, server reflection, the RPC
// metrics interceptor and an optional per-call authorization processor.
class GrpcServer final {
public:
    Status start(const CommonSettings &settings, Metrics &metrics,
                 const std::vector<grpc::Service *> &services,
                 std::shared_ptr<grpc::AuthMetadataProcessor> authProcessor);
    void setServing(bool serving);
    int port() const { return m_port; }
    void shutdown();

private:
    std::unique_ptr<grpc::Server> m_server;
    int m_port = 0;
};

// Watches PostgreSQL and Redis once a second. Until the schema is ready it connects (with
// backoff) and migrates or checks it; afterwards it pings both. The node is SERVING only while the
// schema is ready and both answer. A schema newer than the build stops the process with
// ExitSchemaTooNew. Transitions are logged once, not every second.
class DependencySupervisor final {
public:
    DependencySupervisor(Database &database, RedisClient &redis, Metrics &metrics,
                         GrpcServer &server, ShutdownSignal &shutdown, bool migrateOnStart);
    ~DependencySupervisor();

    void start();
    void stop();

    bool healthy() const { return m_healthy.load(); }
    // "postgresql" → "up"/"down: …", "redis" → …, "schema" → "version N".
    std::map<std::string, std::string> details() const;

    // Called on the supervisor thread after each check while healthy (compute heartbeat).
    void setOnHealthyTick(std::function<void()> callback) { m_onHealthyTick = std::move(callback); }

private:
    void run();
    void checkOnce();

    Database &m_database;
    RedisClient &m_redis;
    Metrics &m_metrics;
    GrpcServer &m_server;
    ShutdownSignal &m_shutdown;
    bool m_migrateOnStart;
    std::function<void()> m_onHealthyTick;

    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::atomic<bool> m_healthy{false};
    bool m_schemaReady = false;
    int m_schemaVersion = 0;
    std::string m_databaseState = "unknown";
    std::string m_redisState = "unknown";
    Backoff m_schemaBackoff{std::chrono::milliseconds(500), std::chrono::seconds(15)};
    std::chrono::steady_clock::time_point m_nextSchemaAttempt{};
};

} // namespace bcf::server
