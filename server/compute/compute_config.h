#pragma once

#include "common/config_loader.h"
#include "common/settings.h"

namespace bcf::compute {

struct ComputeSettings {
    std::string device;            // auto, cpu, cuda
    std::int64_t threads = 0;      // 0 = one per core
    std::int64_t heartbeatSeconds = 5;
    std::string advertiseAddress;  // address other nodes use; "" = node.listen
};

struct CollectorConfig {
    bool enabled = false;
    std::int64_t backfillMinutes = 1440;
    std::int64_t bookDepth = 20;
    std::int64_t tradeRetentionDays = 30;
    std::int64_t candleRetentionDays = 0;
};

// The job workers ([jobs]): backtests and optimizations taken from the job bus.
struct JobsConfig {
    std::int64_t workers = 1;             // 0 = this node runs no jobs
    std::int64_t staleAfterSeconds = 30;
    std::int64_t reportSeconds = 2;
    std::int64_t optimizerThreads = 0;    // 0 = hardware threads / workers
};

// News feeds ([news]): fetched by every compute node where enabled (items are stored once).
struct NewsConfig {
    bool enabled = true;
    std::int64_t pollSeconds = 300;
    std::int64_t requestTimeoutSeconds = 15;
};

// Live models' own predictions ([predictions]): made at each closed bar by the compute nodes.
struct PredictionsConfig {
    bool live = true;
    std::int64_t pollSeconds = 5;
};

// One exchange the collector follows ([binance], [bybit]).
struct ExchangeConfig {
    bool enabled = false;
    std::string restUrl;
    std::string webSocketUrl;
    std::string symbols;              // comma-separated
};

// bcf-compute's configuration: the common sections plus [compute], [jobs], [collector] and one
// section per exchange.
struct ComputeConfig {
    server::CommonSettings common;
    ComputeSettings compute;
    JobsConfig jobs;
    CollectorConfig collector;
    NewsConfig news;
    PredictionsConfig predictions;
    ExchangeConfig binance;
    ExchangeConfig bybit;
};

// The symbols of a comma-separated list, trimmed and upper-cased.
std::vector<std::string> splitSymbols(const std::string &list);

const server::ConfigSchema<ComputeConfig> &computeConfigSchema();

} // namespace bcf::compute
