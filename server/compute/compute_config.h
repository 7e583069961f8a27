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

// bcf-compute's configuration: the common sections plus [compute].
struct ComputeConfig {
    server::CommonSettings common;
    ComputeSettings compute;
};

const server::ConfigSchema<ComputeConfig> &computeConfigSchema();

} // namespace bcf::compute
