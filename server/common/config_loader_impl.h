#pragma once

// Template bodies of config_loader.h. toml++ stays inside server/common.
#include <toml++/toml.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace bcf::server::detail {

inline void collectLeafKeys(const toml::table &table, const std::string &prefix,
                            std::vector<std::string> &keys)
{
    for (const auto &[key, node] : table) {
        std::string path = prefix.empty() ? std::string(key.str())
                                          : prefix + "." + std::string(key.str());
        if (const auto *child = node.as_table())
            collectLeafKeys(*child, path, keys);
        else
            keys.push_back(path);
    }
}

inline std::string sectionOf(const std::string &key)
{
    const auto dot = key.find('.');
    return dot == std::string::npos ? std::string() : key.substr(0, dot);
}

} // namespace bcf::server::detail

namespace bcf::server {

template <typename Config>
Result<Config> parseConfig(const ConfigSchema<Config> &schema, std::string_view tomlText,
                           std::string_view sourceName)
{
    Config config{};
    for (const auto &field : schema.fields()) {
        if (field.stringRef)
            field.stringRef(config) = field.defaultText;
        else if (field.integerRef)
            field.integerRef(config) = std::stoll(field.defaultText);
        else if (field.boolRef)
            field.boolRef(config) = field.defaultText == "true";
    }

    toml::table table;
    try {
        table = toml::parse(tomlText, sourceName);
    } catch (const toml::parse_error &error) {
        const auto &begin = error.source().begin;
        std::ostringstream message;
        message << sourceName << ":" << begin.line << ":" << begin.column << ": "
                << error.description();
        return makeError(ErrorCode::InvalidArgument, message.str());
    }

    std::set<std::string> known;
    for (const auto &field : schema.fields())
        known.insert(field.key);
    std::vector<std::string> present;
    detail::collectLeafKeys(table, {}, present);
    for (const auto &key : present) {
        if (!known.contains(key))
            return makeError(ErrorCode::InvalidArgument,
                             key + ": unknown setting (see docs/configuration.md)");
    }

    for (const auto &field : schema.fields()) {
        const toml::node_view<const toml::node> node = std::as_const(table).at_path(field.key);
        if (field.stringRef) {
            if (node) {
                const auto value = node.value<std::string>();
                if (!node.is_string() || !value)
                    return makeError(ErrorCode::InvalidArgument,
                                     field.key + ": must be a string");
                field.stringRef(config) = *value;
            }
            // Defaults are validated too: a required field left out is reported by name.
            if (field.validator) {
                if (auto valid = field.validator(field.stringRef(config)); !valid)
                    return makeError(ErrorCode::InvalidArgument,
                                     field.key + ": " + valid.error().message);
            }
            continue;
        }
        if (!node)
            continue;
        if (field.integerRef) {
            if (!node.is_integer())
                return makeError(ErrorCode::InvalidArgument, field.key + ": must be an integer");
            const std::int64_t value = *node.value<std::int64_t>();
            if (value < field.minimum || value > field.maximum)
                return makeError(ErrorCode::InvalidArgument,
                                 field.key + ": must be between " + std::to_string(field.minimum)
                                     + " and " + std::to_string(field.maximum) + ", got "
                                     + std::to_string(value));
            field.integerRef(config) = value;
        } else if (field.boolRef) {
            if (!node.is_boolean())
                return makeError(ErrorCode::InvalidArgument,
                                 field.key + ": must be true or false");
            field.boolRef(config) = *node.value<bool>();
        }
    }
    return config;
}

template <typename Config>
Result<Config> loadConfigFile(const ConfigSchema<Config> &schema, const std::string &path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return makeError(ErrorCode::InvalidArgument, path + ": cannot open the config file");
    std::stringstream buffer;
    buffer << file.rdbuf();
    return parseConfig(schema, buffer.str(), path);
}

template <typename Config>
std::string configReference(const ConfigSchema<Config> &schema)
{
    std::ostringstream out;
    out << "| key | type | default | bounds | description |\n";
    out << "| --- | --- | --- | --- | --- |\n";
    for (const auto &field : schema.fields()) {
        std::string bounds = "";
        if (field.integerRef)
            bounds = std::to_string(field.minimum) + " – " + std::to_string(field.maximum);
        out << "| `" << field.key << "` | " << field.type << " | `"
            << (field.type == "string" ? "\"" + field.defaultText + "\"" : field.defaultText)
            << "` | " << bounds << " | " << field.description << " |\n";
    }
    return out.str();
}

template <typename Config>
std::string exampleConfig(const ConfigSchema<Config> &schema)
{
    std::ostringstream out;
    std::string section = "-";
    for (const auto &field : schema.fields()) {
        const std::string fieldSection = detail::sectionOf(field.key);
        if (fieldSection != section) {
            section = fieldSection;
            if (!section.empty())
                out << "\n[" << section << "]\n";
        }
        const std::string name = section.empty() ? field.key : field.key.substr(section.size() + 1);
        out << "# " << field.description << "\n";
        out << name << " = "
            << (field.type == "string" ? "\"" + field.defaultText + "\"" : field.defaultText)
            << "\n";
    }
    return out.str();
}

} // namespace bcf::server
