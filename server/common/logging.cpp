#include "common/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <mutex>

namespace bcf::server {
namespace {

std::mutex loggersMutex;
spdlog::sink_ptr sharedSink;
std::string pattern = "ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l logger=%n %v";
spdlog::level::level_enum level = spdlog::level::info;

// %* in the JSON pattern: the message as the body of a JSON string.
class JsonEscapedMessage final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg &message, const std::tm &,
                spdlog::memory_buf_t &destination) override
    {
        static const char *hex = "0123456789abcdef";
        for (const char c : std::string_view(message.payload.data(), message.payload.size())) {
            if (c == '"' || c == '\\') {
                destination.push_back('\\');
                destination.push_back(c);
            } else if (static_cast<unsigned char>(c) < 0x20) {
                const char escaped[] = {'\\', 'u', '0', '0', hex[(c >> 4) & 15], hex[c & 15]};
                destination.append(escaped, escaped + sizeof escaped);
            } else {
                destination.push_back(c);
            }
        }
    }

    std::unique_ptr<custom_flag_formatter> clone() const override
    {
        return std::make_unique<JsonEscapedMessage>();
    }
};

std::unique_ptr<spdlog::formatter> makeFormatter()
{
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonEscapedMessage>('*').set_pattern(pattern);
    return formatter;
}

} // namespace

void initLogging(const LogSettings &settings, const std::string &component)
{
    std::lock_guard lock(loggersMutex);
    sharedSink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    if (settings.format == "json")
        pattern = R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","logger":"%n","component":")"
                  + component + R"(","event":"%*"})";
    else
        pattern = "ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l component=" + component
                  + " logger=%n %v";
    level = spdlog::level::from_str(settings.level);
    spdlog::drop_all();
    auto root = std::make_shared<spdlog::logger>("main", sharedSink);
    root->set_formatter(makeFormatter());
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
    created->set_formatter(makeFormatter());
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
