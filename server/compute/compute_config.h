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
    std::string exchange;
    std::string restUrl;
    std::string webSocketUrl;
    std::string symbols;              // comma-separated
    std::int64_t backfillMinutes = 1440;
};

// bcf-compute's configuration: the common sections plus [compute] and [collector].
struct ComputeConfig {
    server::CommonSettings common;
    ComputeSettings compute;
    CollectorConfig collector;
};

const server::ConfigSchema<ComputeConfig> &computeConfigSchema();

} // namespace bcf::compute
