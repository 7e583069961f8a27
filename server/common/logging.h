#pragma once

#include "common/settings.h"

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace bcf::server {

// Sets up structured logging for a process: logfmt lines (`ts=… level=… logger=… msg=…`) or one
// JSON object a line, on standard error (journald picks it up under systemd).
void initLogging(const LogSettings &settings, const std::string &component);

// A named logger ("db", "redis", "auth", …) sharing the process's sink and format.
std::shared_ptr<spdlog::logger> logger(const std::string &name);

// Quotes a value for a logfmt field when it contains spaces, quotes or '='.
std::string quoted(const std::string &value);

} // namespace bcf::server
