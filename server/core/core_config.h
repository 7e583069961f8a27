#pragma once

#include "auth/auth_service.h"
#include "common/config_loader.h"
#include "common/settings.h"
#include "oms/trading_settings.h"

namespace bcf::core {

// bcf-core's configuration: the common sections plus [auth] and [trading]. docs/configuration.md is generated
// from this schema (`bcf-core --print-config-reference`).
struct CoreConfig {
    server::CommonSettings common;
    auth::AuthSettings auth;
    TradingSettings trading;
};

const server::ConfigSchema<CoreConfig> &coreConfigSchema();

} // namespace bcf::core
