#pragma once

#include "common/config_loader.h"
#include "common/server_runtime.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <variant>
#include <optional>
#include <string>

namespace bcf::server {

// Command line shared by the servers: --config, --check-config, --print-config-reference,
// --print-example-config, --version. Returns the loaded config, or the exit code to leave with.
template <typename Config>
std::variant<Config, int> loadServerConfig(int argc, char **argv, const std::string &component,
                                           const ConfigSchema<Config> &schema)
{
    CLI::App app{component + " " + BCF_VERSION + " — BotCriptoFy2 server"};
    std::string configPath;
    bool checkOnly = false;
    bool printReference = false;
    bool printExample = false;
    bool printVersion = false;
    app.add_option("-c,--config", configPath, "TOML configuration file");
    app.add_flag("--check-config", checkOnly, "Validate the configuration and exit");
    app.add_flag("--print-config-reference", printReference,
                 "Print the configuration reference (Markdown) and exit");
    app.add_flag("--print-example-config", printExample,
                 "Print a configuration file with every default and exit");
    app.add_flag("--version", printVersion, "Print the version and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &error) {
        const int code = app.exit(error);
        return code == 0 ? ExitOk : ExitConfigError;
    }
    if (printVersion) {
        std::cout << component << " " << BCF_VERSION << "\n";
        return ExitOk;
    }
    if (printReference) {
        std::cout << configReference(schema);
        return ExitOk;
    }
    if (printExample) {
        std::cout << exampleConfig(schema);
        return ExitOk;
    }
    if (configPath.empty()) {
        std::cerr << component << ": --config FILE is required (see --help)\n";
        return ExitConfigError;
    }
    auto config = loadConfigFile(schema, configPath);
    if (!config) {
        std::cerr << component << ": configuration error: " << config.error().message << "\n";
        return ExitConfigError;
    }
    if (checkOnly) {
        std::cout << configPath << ": OK\n";
        return ExitOk;
    }
    return std::move(*config);
}

} // namespace bcf::server
