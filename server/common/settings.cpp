#include "common/settings.h"

#include <charconv>
#include <fstream>

namespace bcf::server {

Status validateHostPort(const std::string &value)
{
    const auto colon = value.rfind(':');
    if (colon == std::string::npos || colon == 0)
        return makeError(ErrorCode::InvalidArgument,
                         "expected host:port, for example 127.0.0.1:50051, got \"" + value + "\"");
    const std::string portText = value.substr(colon + 1);
    int port = 0;
    const auto [end, error] = std::from_chars(portText.data(), portText.data() + portText.size(),
                                              port);
    if (error != std::errc() || end != portText.data() + portText.size() || port < 0
        || port > 65535)
        return makeError(ErrorCode::InvalidArgument,
                         "port must be a number from 0 to 65535, got \"" + portText + "\"");
    return {};
}

Status validateLogLevel(const std::string &value)
{
    for (const char *level : {"trace", "debug", "info", "warn", "error"}) {
        if (value == level)
            return {};
    }
    return makeError(ErrorCode::InvalidArgument,
                     "must be one of trace, debug, info, warn, error, got \"" + value + "\"");
}

Status validateLogFormat(const std::string &value)
{
    if (value == "text" || value == "json")
        return {};
    return makeError(ErrorCode::InvalidArgument, "must be text or json, got \"" + value + "\"");
}

Status validateNonEmpty(const std::string &value)
{
    if (value.empty())
        return makeError(ErrorCode::InvalidArgument, "must not be empty");
    return {};
}

Result<std::string> readSecretFile(const std::string &path)
{
    if (path.empty())
        return std::string();
    std::ifstream file(path);
    if (!file)
        return makeError(ErrorCode::InvalidArgument, path + ": cannot read the secret file");
    std::string line;
    std::getline(file, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
        line.pop_back();
    return line;
}

Result<DependencySecrets> readDependencySecrets(const CommonSettings &settings)
{
    auto database = readSecretFile(settings.database.passwordFile);
    if (!database)
        return makeError(ErrorCode::InvalidArgument,
                         "database.password_file: " + database.error().message);
    auto redis = readSecretFile(settings.redis.passwordFile);
    if (!redis)
        return makeError(ErrorCode::InvalidArgument,
                         "redis.password_file: " + redis.error().message);
    return DependencySecrets{*database, *redis};
}

} // namespace bcf::server
