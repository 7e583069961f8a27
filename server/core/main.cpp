// bcf-core: the trading node. Wires the concrete adapters together; logic lives in the libraries.
#include "auth/auth_service.h"
#include "auth/crypto.h"
#include "common/logging.h"
#include "common/node_registry.h"
#include "common/server_main.h"
#include "common/system_clock.h"
#include "common/system_rpc.h"
#include "common/tls.h"
#include "core_config.h"
#include "common/candle_store.h"
#include "common/redis_subscriber.h"
#include "market/candle_history.h"
#include "market/market_feed.h"
#include "rpc/auth_rpc.h"
#include "rpc/market_data_rpc.h"
#include "rpc/strategy_rpc.h"
#include "rpc/trading_rpc.h"
#include "rpc/bot_rpc.h"
#include "rpc/job_rpc.h"
#include "rpc/model_rpc.h"
#include "rpc/news_rpc.h"
#include "bots/bot_runtime.h"
#include "bots/bot_store.h"
#include "oms/order_journal.h"
#include "oms/order_manager.h"
#include "strategies/strategy_store.h"
#include "rpc/authorization.h"

#include <QCoreApplication>

#include <iostream>
#include <optional>

using namespace bcf;

namespace {

int configError(const std::string &message)
{
    std::cerr << "bcf-core: configuration error: " << message << "\n";
    return server::ExitConfigError;
}

} // namespace

int main(int argc, char **argv)
{
    auto loaded = server::loadServerConfig(argc, argv, "bcf-core", core::coreConfigSchema());
    if (const int *exitCode = std::get_if<int>(&loaded))
        return *exitCode;
    const core::CoreConfig config = std::get<core::CoreConfig>(std::move(loaded));

    // Secrets are read before anything starts, so a bad path is a config error naming the field.
    if (auto status = auth::initCrypto(); !status)
        return configError(status.error().message);
    auto keyText = server::readSecretFile(config.auth.secretKeyFile);
    if (!keyText)
        return configError("auth.secret_key_file: " + keyText.error().message);
    auto secretKey = auth::parseSecretKey(*keyText);
    if (!secretKey)
        return configError("auth.secret_key_file: " + secretKey.error().message);
    std::optional<auth::SecretKey> exchangeKey;
    if (!config.trading.exchangeKeyFile.empty()) {
        auto exchangeKeyText = server::readSecretFile(config.trading.exchangeKeyFile);
        if (!exchangeKeyText)
            return configError("trading.exchange_key_file: " + exchangeKeyText.error().message);
        auto parsed = auth::parseSecretKey(*exchangeKeyText);
        if (!parsed)
            return configError("trading.exchange_key_file: " + parsed.error().message);
        exchangeKey = *parsed;
    }
    auto secrets = server::readDependencySecrets(config.common);
    if (!secrets)
        return configError(secrets.error().message);

    server::ShutdownSignal shutdown; // before any thread starts
    // The live venue's HTTP and WebSocket clients are Qt objects on a thread of their own; Qt
    // wants an application object in the process (its event loop is never run here).
    QCoreApplication application(argc, argv);
    server::initLogging(config.common.log, "bcf-core");
    auto log = server::logger("main");

    auto startedMetrics = server::startMetrics("bcf-core", config.common.node.metricsListen);
    if (!startedMetrics)
        return configError(startedMetrics.error().message);
    server::Metrics &metrics = **startedMetrics;

    server::Database database(config.common.database, secrets->databasePassword, "bcf-core");
    server::RedisClient redis(config.common.redis, secrets->redisPassword);
    server::NodeRegistry nodes(redis);
    server::SystemClock clock;
    auth::AuthService authService(database, clock, config.auth, *secretKey);

    server::GrpcServer grpcServer;
    server::DependencySupervisor supervisor(database, redis, metrics, grpcServer, shutdown,
                                            config.common.database.migrateOnStart);
    core::AuthRpc authRpc(authService);
    core::UserAdminRpc userAdminRpc(authService);
    server::CandleStore candleStore(database);
    core::CandleHistory candleHistory(candleStore, clock);
    server::TradeStore tradeStore(database);
    server::InstrumentStore instrumentStore(database);
    core::MarketFeed marketFeed;
    core::MarketDataRpc marketDataRpc(candleHistory, candleStore, tradeStore, instrumentStore,
                                      marketFeed);
    server::RedisSubscriber marketDataFeed(
        config.common.redis, secrets->redisPassword, "market_data",
        [&marketFeed](const std::string &message) { marketFeed.publish(message); });
    core::StrategyStore strategyStore(database, clock);
    core::StrategyRpc strategyRpc(authService, strategyStore);
    core::OrderJournal orderJournal(database);
    core::OrderManager orderManager(orderJournal, clock, marketFeed, instrumentStore,
                                    config.trading);
    std::optional<core::ExchangeKeyStore> exchangeKeys;
    if (exchangeKey) {
        exchangeKeys.emplace(database, clock, *exchangeKey);
        core::BinanceEndpoints endpoints;
        endpoints.rest = QUrl(QString::fromStdString(config.trading.binanceRestUrl));
        endpoints.webSocketApi = QUrl(QString::fromStdString(config.trading.binanceWebSocketApiUrl));
        endpoints.recvWindow = std::chrono::milliseconds(config.trading.binanceRecvWindowMs);
        orderManager.enableLiveVenue(*exchangeKeys, endpoints);
    }
    core::TradingRpc tradingRpc(authService, orderManager);
    core::BotStore botStore(database, clock);
    // Bots that use predict() ask the compute nodes over mutual TLS ([inference]).
    core::PredictionClient predictionClient(nodes, config.inference);
    // Bots that use sentiment() read the stored news, as backtests do (docs/news.md).
    server::NewsStore newsStore(database);
    core::BotRuntime botRuntime(botStore, orderManager, candleHistory, redis, clock, config.common.node.name,
                                predictionClient.configured() ? &predictionClient : nullptr, &newsStore);
    core::BotRpc botRpc(authService, botRuntime, strategyStore);
    server::JobQueue jobQueue(database, redis);
    core::JobEvents jobEvents;
    server::RedisSubscriber jobEventFeed(config.common.redis, secrets->redisPassword,
                                         std::string(server::JobQueue::kEventsChannel),
                                         [&jobEvents](const std::string &message) { jobEvents.onMessage(message); });
    server::ModelRegistry modelRegistry(database);
    core::JobRpc jobRpc(authService, jobQueue, instrumentStore, nodes, jobEvents, modelRegistry,
                        config.trading.paperExchange);
    core::ModelRpc modelRpc(authService, modelRegistry, config.trading.paperExchange);
    core::NewsRpc newsRpc(authService, newsStore, clock);
    server::SystemRpc systemRpc("bcf-core", config.common.node.name, nodes,
                                [&supervisor] { return supervisor.details(); });

    auto started = grpcServer.start(config.common, metrics,
                                    {&authRpc, &userAdminRpc, &marketDataRpc, &strategyRpc, &tradingRpc, &botRpc, &jobRpc, &modelRpc,
                                     &newsRpc, &systemRpc},
                                    std::make_shared<core::AuthorizationProcessor>(authService, metrics));
    if (!started)
        return configError(started.error().message);
    log->info("msg=\"bcf-core started\" version={} node={} listen={} port={} metrics={}",
              BCF_VERSION, config.common.node.name, config.common.node.listen, grpcServer.port(),
              metrics.boundPort());

    // Trading starts once the schema is migrated, and picks up instruments as collectors list them.
    bool jobStreamsReady = false;
    supervisor.setOnHealthyTick([&orderManager, &jobQueue, &jobStreamsReady, log] {
        if (!jobStreamsReady) {
            if (auto streams = jobQueue.ensureStreams(); streams)
                jobStreamsReady = true;
            else
                log->warn("msg=\"job streams not ready yet\" error={}", server::quoted(streams.error().message));
        }
        if (!orderManager.started()) {
            if (auto trading = orderManager.start(); !trading)
                log->warn("msg=\"trading not started yet\" error={}", server::quoted(trading.error().message));
        } else if (auto refreshed = orderManager.refreshInstruments(); !refreshed) {
            log->warn("msg=\"instruments not refreshed\" error={}", server::quoted(refreshed.error().message));
        }
    });
    supervisor.start();
    marketDataFeed.start();
    jobEventFeed.start();
    botRuntime.start();
    const int exitCode = shutdown.wait();
    log->info("msg=\"shutting down\" exit_code={}", exitCode);
    // No new calls first: an order call must never meet a stopped order manager.
    grpcServer.shutdown();
    botRuntime.stop();
    supervisor.stop();
    orderManager.stop();
    marketDataFeed.stop();
    jobEventFeed.stop();
    log->info("msg=\"bcf-core stopped\"");
    return exitCode;
}
