#pragma once

#include "common/config_schema.h"

#include <string>
#include <string_view>

namespace bcf::server {

// Parses TOML text against a schema. Defaults are applied first, then the file's values.
// Errors name the field (or the line and column for TOML syntax errors).
template <typename Config>
Result<Config> parseConfig(const ConfigSchema<Config> &schema, std::string_view tomlText,
                           std::string_view sourceName);

// Reads and parses a file; a missing or unreadable file is an error naming the path.
template <typename Config>
Result<Config> loadConfigFile(const ConfigSchema<Config> &schema, const std::string &path);

// Markdown table of the schema's fields, for docs/configuration.md.
template <typename Config>
std::string configReference(const ConfigSchema<Config> &schema);

// Default values of every field as a commented TOML file.
template <typename Config>
std::string exampleConfig(const ConfigSchema<Config> &schema);

} // namespace bcf::server

#include "common/config_loader_impl.h"
