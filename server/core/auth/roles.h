#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace bcf::auth {

enum class Role { Trader, Admin, Support, Finance, Marketing, Sales, Auditor };

std::string_view roleName(Role role);
std::optional<Role> parseRole(std::string_view name);
std::vector<Role> allRoles();

// Permission names. Each RPC needs exactly one (methodPermissions() in rpc/authorization.cpp); each role grants a set.
namespace permission {
inline constexpr std::string_view Self = "auth.self";          // own session, password, 2FA
inline constexpr std::string_view SystemRead = "system.read";  // server info, compute nodes
inline constexpr std::string_view UsersRead = "users.read";
inline constexpr std::string_view UsersWrite = "users.write";
inline constexpr std::string_view MarketRead = "market.read";  // candles, books, trades
inline constexpr std::string_view StrategyRead = "strategy.read";   // own saved strategies
inline constexpr std::string_view StrategyWrite = "strategy.write"; // save, rename, delete them
inline constexpr std::string_view TradingRead = "trading.read";     // own orders, fills, portfolio
inline constexpr std::string_view TradingWrite = "trading.write";   // place and cancel orders, kill switch
inline constexpr std::string_view JobsRead = "jobs.read";           // own compute jobs and their results
inline constexpr std::string_view JobsWrite = "jobs.write";         // submit and cancel them
inline constexpr std::string_view ModelsRead = "models.read";       // the model registry (every model)
inline constexpr std::string_view ModelsWrite = "models.write";     // promote a version (own models; admins any)
inline constexpr std::string_view NewsRead = "news.read";           // news items and the sentiment series
inline constexpr std::string_view NewsAdmin = "news.admin";         // add, list and remove news feeds
} // namespace permission

const std::set<std::string, std::less<>> &permissionsOf(Role role);
bool hasPermission(Role role, std::string_view permission);

} // namespace bcf::auth
