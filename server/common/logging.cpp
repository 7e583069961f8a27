#include "common/logging.h"

#include <spdlog/sinks/stdout_sinks.h>

#include <mutex>

namespace bcf::server {
namespace {

std::mutex loggersMutex;
spdlog::sink_ptr sharedSink;
std::string pattern = "ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l logger=%n %v";
spdlog::level::level_enum level = spdlog::level::info;

} // namespace

void initLogging(const LogSettings &settings, const std::string &component)
{
    std::lock_guard lock(loggersMutex);
    sharedSink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    if (settings.format == "json")
        pattern = R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","logger":"%n","component":")"
                  + component + R"(","event":"%v"})";
    else
        pattern = "ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l component=" + component
                  + " logger=%n %v";
    level = spdlog::level::from_str(settings.level);
    spdlog::drop_all();
    auto root = std::make_shared<spdlog::logger>("main", sharedSink);
    root->set_pattern(pattern, spdlog::pattern_time_type::utc);
    root->set_level(level);
    spdlog::set_default_logger(root);
}

std::shared_ptr<spdlog::logger> logger(const std::string &name)
{
    std::lock_guard lock(loggersMutex);
    if (auto existing = spdlog::get(name))
        return existing;
    if (!sharedSink)
        sharedSink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto created = std::make_shared<spdlog::logger>(name, sharedSink);
    created->set_pattern(pattern, spdlog::pattern_time_type::utc);
    created->set_level(level);
    spdlog::register_logger(created);
    return created;
}

std::string quoted(const std::string &value)
{
    if (!value.empty() && value.find_first_of(" \"=\t\n") == std::string::npos)
        return value;
    std::string result = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\')
            result += '\\';
        if (c == '\n') {
            result += "\\n";
            continue;
        }
        result += c;
    }
    return result + "\"";
}

} // namespace bcf::server
