#pragma once

#include "auth/auth_service.h"
#include "common/config_loader.h"
#include "common/settings.h"

namespace bcf::core {

// bcf-core's configuration: the common sections plus [auth]. docs/configuration.md is generated
// from this schema (`bcf-core --print-config-reference`).
struct CoreConfig {
    server::CommonSettings common;
    auth::AuthSettings auth;
};

const server::ConfigSchema<CoreConfig> &coreConfigSchema();

} // namespace bcf::core
