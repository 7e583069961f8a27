#include "common/server_runtime.h"

#include "common/logging.h"
#include "common/tls.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/codegen/service_type.h>

#include <csignal>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace bcf::server {

namespace {

// Self-pipe: the handler may run on any thread (LibTorch starts threads before main), so it only
// writes the signal number to a pipe that the watcher thread reads.
int signalPipe[2] = {-1, -1};

extern "C" void onTerminationSignal(int signalNumber)
{
    const unsigned char value = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &value, 1);
}

} // namespace

ShutdownSignal::ShutdownSignal()
{
    if (::pipe2(signalPipe, O_CLOEXEC) != 0)
        throw std::runtime_error("cannot create the signal pipe");
    struct sigaction action {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    m_signalThread = std::thread([this] {
        unsigned char received = 0;
        while (::read(signalPipe[0], &received, 1) == 1) {
            if (m_exiting.load()) // the destructor's wake-up byte
                return;
            logger("main")->info("msg=\"stopping\" signal={}",
                                 received == SIGTERM ? "SIGTERM" : "SIGINT");
            request(ExitOk);
        }
    });
}

ShutdownSignal::~ShutdownSignal()
{
    m_exiting.store(true);
    const unsigned char wake = 0;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &wake, 1);
    m_signalThread.join();
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGINT, SIG_DFL);
}

void ShutdownSignal::request(int exitCode)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_exitCode)
            m_exitCode = exitCode;
    }
    m_condition.notify_all();
}

int ShutdownSignal::wait()
{
    std::unique_lock lock(m_mutex);
    m_condition.wait(lock, [this] { return m_exitCode.has_value(); });
    return *m_exitCode;
}

Status GrpcServer::start(const CommonSettings &settings, Metrics &metrics,
                         const std::vector<grpc::Service *> &services,
                         std::shared_ptr<grpc::AuthMetadataProcessor> authProcessor)
{
    auto credentials = makeServerCredentials(settings.tls);
    if (!credentials)
        return std::unexpected(credentials.error());
    if (authProcessor)
        (*credentials)->SetAuthMetadataProcessor(std::move(authProcessor));

    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    builder.AddListeningPort(settings.node.listen, *credentials, &m_port);
    for (auto *service : services)
        builder.RegisterService(service);
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        interceptors;
    interceptors.push_back(std::make_unique<RpcMetricsInterceptorFactory>(metrics));
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
    m_server = builder.BuildAndStart();
    if (!m_server || m_port == 0)
        return makeError(ErrorCode::InvalidArgument,
                         "node.listen: cannot listen on " + settings.node.listen
                             + " (address in use or not local?)");
    setServing(false);
    return {};
}

void GrpcServer::setServing(bool serving)
{
    auto *health = m_server ? m_server->GetHealthCheckService() : nullptr;
    if (!health)
        return;
    // The node's status is the overall one (service name ""), which is what probes ask for.
    health->SetServingStatus(serving);
}

void GrpcServer::shutdown()
{
    if (!m_server)
        return;
    if (auto *health = m_server->GetHealthCheckService())
        health->Shutdown();
    // In-flight calls get five seconds to finish, then are cancelled.
    m_server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    m_server->Wait();
    m_server.reset();
}

DependencySupervisor::DependencySupervisor(Database &database, RedisClient &redis,
                                           Metrics &metrics, GrpcServer &server,
                                           ShutdownSignal &shutdown, bool migrateOnStart)
    : m_database(database), m_redis(redis), m_metrics(metrics), m_server(server),
      m_shutdown(shutdown), m_migrateOnStart(migrateOnStart)
{
}

DependencySupervisor::~DependencySupervisor()
{
    stop();
}

void DependencySupervisor::start()
{
    m_thread = std::thread([this] { run(); });
}

void DependencySupervisor::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

std::map<std::string, std::string> DependencySupervisor::details() const
{
    std::lock_guard lock(m_mutex);
    return {{"postgresql", m_databaseState},
            {"redis", m_redisState},
            {"schema", m_schemaReady ? "version " + std::to_string(m_schemaVersion)
                                     : std::string("not ready")}};
}

void DependencySupervisor::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        checkOnce();
        lock.lock();
        m_wake.wait_for(lock, std::chrono::seconds(1), [this] { return m_stopping; });
    }
}

void DependencySupervisor::checkOnce()
{
    auto log = logger("health");
    bool schemaReady;
    {
        std::lock_guard lock(m_mutex);
        schemaReady = m_schemaReady;
    }
    std::string databaseState;
    if (schemaReady) {
        databaseState = "up";
        if (auto ping = m_database.ping(); !ping)
            databaseState = "down: " + ping.error().message;
    } else if (std::chrono::steady_clock::now() < m_nextSchemaAttempt) {
        std::lock_guard lock(m_mutex);
        databaseState = m_databaseState; // waiting out the backoff: nothing new is known
    } else {
        bool tooNew = false;
        auto outcome = m_database.run([&](pqxx::connection &connection) -> Result<int> {
            const auto &migrations = builtInMigrations();
            tooNew = schemaVersion(connection) > migrations.back().version;
            if (m_migrateOnStart) {
                auto report = migrate(connection, migrations);
                if (!report)
                    return std::unexpected(report.error());
                for (int version : report->applied)
                    logger("db")->info("msg=\"applied migration\" version={}", version);
                return report->currentVersion;
            }
            // Compute nodes wait (not ready) until bcf-core or bcfctl has migrated.
            if (auto status = checkSchema(connection, migrations); !status)
                return std::unexpected(status.error());
            return schemaVersion(connection);
        });
        if (outcome) {
            std::lock_guard lock(m_mutex);
            m_schemaReady = schemaReady = true;
            m_schemaVersion = *outcome;
            m_schemaBackoff.reset();
            databaseState = "up";
            log->info("msg=\"database schema ready\" version={}", *outcome);
        } else if (tooNew) {
            log->critical("msg=\"refusing to run\" reason={}", quoted(outcome.error().message));
            m_shutdown.request(ExitSchemaTooNew);
            return;
        } else {
            databaseState = "down: " + outcome.error().message;
            m_nextSchemaAttempt = std::chrono::steady_clock::now() + m_schemaBackoff.nextDelay();
        }
    }
    std::string redisState = "up";
    if (auto ping = m_redis.ping(); !ping)
        redisState = "down: " + ping.error().message;

    const bool databaseUp = databaseState == "up";
    const bool redisUp = redisState == "up";
    const bool healthy = schemaReady && databaseUp && redisUp;
    {
        std::lock_guard lock(m_mutex);
        if (databaseState != m_databaseState) {
            if (databaseUp)
                log->info("msg=\"PostgreSQL is up\"");
            else
                log->warn("msg=\"PostgreSQL is down\" error={}", quoted(databaseState));
        }
        if (redisState != m_redisState) {
            if (redisUp)
                log->info("msg=\"Redis is up\"");
            else
                log->warn("msg=\"Redis is down\" error={}", quoted(redisState));
        }
        m_databaseState = databaseState;
        m_redisState = redisState;
    }
    m_metrics.setDependencyUp("postgresql", databaseUp);
    m_metrics.setDependencyUp("redis", redisUp);
    if (healthy != m_healthy.exchange(healthy)) {
        log->info("msg=\"health changed\" status={}", healthy ? "SERVING" : "NOT_SERVING");
        m_server.setServing(healthy);
    }
    if (healthy && m_onHealthyTick)
        m_onHealthyTick();
}

} // namespace bcf::server
