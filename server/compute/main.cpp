// bcf-compute: the compute node. Registers itself in Redis, serves health and node facts, collects
// market data when enabled, and runs backtest and optimization jobs from the job bus.
#include "collector/collector_service.h"
#include "common/candle_store.h"
#include "common/job_queue.h"
#include "common/logging.h"
#include "common/model_registry.h"
#include "common/news_store.h"
#include "common/node_registry.h"
#include "common/server_main.h"
#include "common/system_clock.h"
#include "common/system_rpc.h"
#include "inference_rpc.h"
#include "live_predictions.h"
#include "news/news_collector.h"
#include "compute_config.h"
#include "device.h"
#include "jobs/backtest_jobs.h"
#include "jobs/job_runner.h"

#include <QCoreApplication>

#include <algorithm>
#include <iostream>
#include <thread>

using namespace bcf;

namespace {

int configError(const std::string &message)
{
    std::cerr << "bcf-compute: configuration error: " << message << "\n";
    return server::ExitConfigError;
}

std::int64_t nowUnixMillis()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

int main(int argc, char **argv)
{
    auto loaded = server::loadServerConfig(argc, argv, "bcf-compute",
                                           compute::computeConfigSchema());
    if (const int *exitCode = std::get_if<int>(&loaded))
        return *exitCode;
    const compute::ComputeConfig config = std::get<compute::ComputeConfig>(std::move(loaded));

    auto secrets = server::readDependencySecrets(config.common);
    if (!secrets)
        return configError(secrets.error().message);
    // A running job reports before the others take it for abandoned.
    if (config.jobs.workers > 0 && config.jobs.reportSeconds >= config.jobs.staleAfterSeconds)
        return configError("jobs.report_seconds (" + std::to_string(config.jobs.reportSeconds)
                           + ") must be shorter than jobs.stale_after_seconds ("
                           + std::to_string(config.jobs.staleAfterSeconds) + ")");

    // The collector's HTTP and WebSocket clients run on Qt's event loop in the main thread.
    QCoreApplication application(argc, argv);
    server::ShutdownSignal shutdown;
    server::initLogging(config.common.log, "bcf-compute");
    auto log = server::logger("main");

    auto startedMetrics = server::startMetrics("bcf-compute", config.common.node.metricsListen);
    if (!startedMetrics)
        return configError(startedMetrics.error().message);
    server::Metrics &metrics = **startedMetrics;

    const ml::DeviceInfo device = ml::configureDevice(
        {config.compute.device, static_cast<int>(config.compute.threads)});
    if (!device.ok)
        return configError(device.error);
    const double check = ml::matmulSelfCheck(device, 32);
    log->info("msg=\"LibTorch ready\" torch={} device={} cuda_devices={} threads={} parallel={} "
              "self_check={}",
              device.torchVersion, device.device, device.cudaDeviceCount, device.threads,
              server::quoted(device.parallelInfo), check == 32.0 ? "ok" : "FAILED");
    if (check != 32.0) {
        log->critical("msg=\"LibTorch self-check failed\" expected=32 got={}", check);
        return server::ExitFailure;
    }

    server::Database database(config.common.database, secrets->databasePassword, "bcf-compute");
    server::RedisClient redis(config.common.redis, secrets->redisPassword);
    server::NodeRegistry nodes(redis);
    server::GrpcServer grpcServer;
    // Compute nodes never migrate: bcf-core (or bcfctl migrate) owns the schema.
    server::DependencySupervisor supervisor(database, redis, metrics, grpcServer, shutdown, false);
    server::SystemRpc systemRpc("bcf-compute", config.common.node.name, nodes, [&] {
        auto details = supervisor.details();
        details["torch.version"] = device.torchVersion;
        details["torch.device"] = device.device;
        details["torch.threads"] = std::to_string(device.threads);
        details["torch.cuda_devices"] = std::to_string(device.cudaDeviceCount);
        details["torch.parallel"] = device.parallelInfo;
        return details;
    });

    // The system service is public; mTLS (tls.require_client_certificate) restricts who may
    // connect at all. Predict answers only callers with a verified client certificate.
    server::CandleStore inferenceCandles(database);
    server::ModelRegistry inferenceModels(database);
    server::RedisClient inferenceRedis(config.common.redis, secrets->redisPassword);
    const server::SystemClock wallClock;
    compute::InferenceRpc inferenceRpc(inferenceModels, inferenceCandles, inferenceRedis,
                                       {config.compute.device, static_cast<int>(config.compute.threads)}, wallClock);
    // Live models predict at each closed bar on their own (one node makes each prediction).
    std::unique_ptr<server::RedisClient> liveRedis;
    std::unique_ptr<compute::LivePredictions> livePredictions;
    if (config.predictions.live) {
        liveRedis = std::make_unique<server::RedisClient>(config.common.redis, secrets->redisPassword);
        livePredictions = std::make_unique<compute::LivePredictions>(
            inferenceRpc, inferenceModels, *liveRedis, wallClock, config.common.node.name,
            std::chrono::seconds(config.predictions.pollSeconds));
    }
    auto started = grpcServer.start(config.common, metrics, {&systemRpc, &inferenceRpc}, nullptr);
    if (!started)
        return configError(started.error().message);

    const std::string advertised = config.compute.advertiseAddress.empty()
                                       ? config.common.node.listen
                                       : config.compute.advertiseAddress;
    server::ComputeNodeInfo self{config.common.node.name, advertised, device.device,
                                 device.threads, nowUnixMillis(), 0};
    auto lastBeat = std::chrono::steady_clock::time_point{};
    supervisor.setOnHealthyTick([&] {
        const auto now = std::chrono::steady_clock::now();
        if (now - lastBeat < std::chrono::seconds(config.compute.heartbeatSeconds))
            return;
        self.lastHeartbeatUnixMs = nowUnixMillis();
        if (auto beat = nodes.heartbeat(self, static_cast<int>(config.compute.heartbeatSeconds * 3));
            beat)
            lastBeat = now;
        else
            log->warn("msg=\"heartbeat failed\" error={}", server::quoted(beat.error().message));
    });
    log->info("msg=\"bcf-compute started\" version={} node={} listen={} port={} metrics={}",
              BCF_VERSION, config.common.node.name, config.common.node.listen, grpcServer.port(),
              metrics.boundPort());

    supervisor.start();
    if (livePredictions)
        livePredictions->start();

    std::unique_ptr<compute::CollectorService> collectors;
    if (config.collector.enabled) {
        collectors = std::make_unique<compute::CollectorService>(config, database, redis, metrics);
        collectors->start();
    }
    // News feeds: on the main thread's event loop, like the collector.
    server::NewsStore newsStore(database);
    std::unique_ptr<compute::news::NewsCollector> news;
    if (config.news.enabled) {
        news = std::make_unique<compute::news::NewsCollector>(newsStore, wallClock,
                                                              std::chrono::seconds(config.news.pollSeconds),
                                                              std::chrono::seconds(config.news.requestTimeoutSeconds));
        news->start();
    }

    // The job bus has a Redis connection of its own: take() holds it while it waits for a job.
    // Redis or PostgreSQL being down is not fatal: the workers log it and retry.
    std::unique_ptr<server::RedisClient> jobRedis;
    std::unique_ptr<server::JobQueue> jobQueue;
    server::CandleStore candleStore(database);
    server::ModelRegistry modelRegistry(database);
    std::unique_ptr<compute::JobRunner> jobRunner;
    if (config.jobs.workers > 0) {
        jobRedis = std::make_unique<server::RedisClient>(config.common.redis, secrets->redisPassword);
        jobQueue = std::make_unique<server::JobQueue>(database, *jobRedis);
        // This node may end the last part of a split optimization: it merges the parts.
        jobQueue->setMerger(server::JobKind::Optimization, compute::mergeOptimizationParts);
        if (auto ensured = jobQueue->ensureStreams(); !ensured)
            log->warn("msg=\"job streams not ready; the workers retry\" error={}",
                      server::quoted(ensured.error().message));
        compute::JobRunnerSettings jobSettings;
        jobSettings.node = config.common.node.name;
        jobSettings.workers = static_cast<int>(config.jobs.workers);
        // A wait for a job shorter than the Redis timeout, or the read would time out.
        jobSettings.block = std::min(std::chrono::milliseconds(1000),
                                     std::chrono::milliseconds(config.common.redis.timeoutMilliseconds / 2));
        jobSettings.staleAfter = std::chrono::seconds(config.jobs.staleAfterSeconds);
        jobSettings.reportEvery = std::chrono::seconds(config.jobs.reportSeconds);
        const int hardware = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
        jobSettings.optimizerThreads = config.jobs.optimizerThreads > 0
                                           ? static_cast<int>(config.jobs.optimizerThreads)
                                           : std::max(1, hardware / jobSettings.workers);
        jobSettings.device = {config.compute.device, static_cast<int>(config.compute.threads)};
        jobRunner = std::make_unique<compute::JobRunner>(*jobQueue, candleStore, modelRegistry, jobSettings, &newsStore);
        jobRunner->start();
    }

    int exitCode = server::ExitOk;
    std::thread waiter([&] {
        exitCode = shutdown.wait();
        QMetaObject::invokeMethod(&application, &QCoreApplication::quit, Qt::QueuedConnection);
    });
    QCoreApplication::exec();
    waiter.join();
    // A job still running is left to another node (docs/jobs.md).
    jobRunner.reset();
    livePredictions.reset();
    news.reset();
    collectors.reset();
    log->info("msg=\"shutting down\" exit_code={}", exitCode);
    supervisor.stop();
    if (auto removed = nodes.remove(config.common.node.name); !removed)
        log->warn("msg=\"could not deregister\" error={}", server::quoted(removed.error().message));
    grpcServer.shutdown();
    log->info("msg=\"bcf-compute stopped\"");
    return exitCode;
}
