#pragma once

#include "auth/auth_service.h"
#include "common/config_loader.h"
#include "common/settings.h"
#include "inference/prediction_client.h"
#include "oms/trading_settings.h"

namespace bcf::core {

// bcf-core's configuration: the common sections plus [auth], [trading] and [inference]. docs/configuration.md is generated
// from this schema (`bcf-core --print-config-reference`).
struct CoreConfig {
    server::CommonSettings common;
    auth::AuthSettings auth;
    TradingSettings trading;
    InferenceClientSettings inference;
};

const server::ConfigSchema<CoreConfig> &coreConfigSchema();

} // namespace bcf::core
