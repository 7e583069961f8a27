#pragma once

#include "core/result.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bcf::server {

// A typed configuration schema: each field has a dotted TOML key, a description, a default and
// bounds, and writes into a member of Config. The same table drives parsing, validation and the
// generated reference in docs/configuration.md, so they cannot drift apart.
//
// Parsing rejects unknown keys, wrong types and values out of bounds with an Error whose message
// starts with the key ("database.port: must be between 1 and 65535, got 0").
template <typename Config>
class ConfigSchema final {
public:
    using StringRef = std::function<std::string &(Config &)>;
    using IntegerRef = std::function<std::int64_t &(Config &)>;
    using BoolRef = std::function<bool &(Config &)>;
    using Validator = std::function<Status(const std::string &)>;

    struct Field {
        std::string key;
        std::string description;
        std::string type;          // "string", "integer", "boolean"
        std::string defaultText;   // shown in the reference
        std::int64_t minimum = 0;
        std::int64_t maximum = 0;
        StringRef stringRef;
        IntegerRef integerRef;
        BoolRef boolRef;
        Validator validator;       // extra check of a string value
        bool required = false;
    };

    void addString(std::string key, std::string description, std::string defaultValue,
                   StringRef ref, Validator validator = {})
    {
        Field field = makeField(std::move(key), std::move(description), "string",
                                std::move(defaultValue));
        field.stringRef = std::move(ref);
        field.validator = std::move(validator);
        m_fields.push_back(std::move(field));
    }

    void addInteger(std::string key, std::string description, std::int64_t defaultValue,
                    std::int64_t minimum, std::int64_t maximum, IntegerRef ref)
    {
        Field field = makeField(std::move(key), std::move(description), "integer",
                                std::to_string(defaultValue));
        field.minimum = minimum;
        field.maximum = maximum;
        field.integerRef = std::move(ref);
        m_fields.push_back(std::move(field));
    }

    void addBool(std::string key, std::string description, bool defaultValue, BoolRef ref)
    {
        Field field = makeField(std::move(key), std::move(description), "boolean",
                                defaultValue ? "true" : "false");
        field.boolRef = std::move(ref);
        m_fields.push_back(std::move(field));
    }

    const std::vector<Field> &fields() const { return m_fields; }

private:
    static Field makeField(std::string key, std::string description, std::string type,
                           std::string defaultText)
    {
        Field field;
        field.key = std::move(key);
        field.description = std::move(description);
        field.type = std::move(type);
        field.defaultText = std::move(defaultText);
        return field;
    }

    std::vector<Field> m_fields;
};

} // namespace bcf::server
