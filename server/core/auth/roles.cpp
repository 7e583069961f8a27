#include "auth/roles.h"

#include <array>
#include <map>

namespace bcf::auth {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 7> kNames = {{
    {Role::Trader, "trader"},
    {Role::Admin, "admin"},
    {Role::Support, "support"},
    {Role::Finance, "finance"},
    {Role::Marketing, "marketing"},
    {Role::Sales, "sales"},
    {Role::Auditor, "auditor"},
}};

} // namespace

std::string_view roleName(Role role)
{
    for (const auto &[candidate, name] : kNames) {
        if (candidate == role)
            return name;
    }
    return "unknown";
}

std::optional<Role> parseRole(std::string_view name)
{
    for (const auto &[role, candidate] : kNames) {
        if (candidate == name)
            return role;
    }
    return std::nullopt;
}

std::vector<Role> allRoles()
{
    std::vector<Role> roles;
    for (const auto &entry : kNames)
        roles.push_back(entry.first);
    return roles;
}

const std::set<std::string, std::less<>> &permissionsOf(Role role)
{
    using namespace permission;
    // Every role sees market data, its own account and its own saved strategies; traders and
    // admins write strategies and trade (each on their own account); the news (public data) is
    // read by traders, admins, support and auditors, its feeds managed by admins; the rest is
    // per role.
    static const std::map<Role, std::set<std::string, std::less<>>> table = {
        {Role::Trader,
         {std::string(Self), std::string(MarketRead), std::string(SystemRead),
          std::string(StrategyRead), std::string(StrategyWrite), std::string(TradingRead),
          std::string(TradingWrite), std::string(JobsRead), std::string(JobsWrite),
          std::string(ModelsRead), std::string(ModelsWrite), std::string(NewsRead)}},
        {Role::Admin,
         {std::string(Self), std::string(MarketRead), std::string(SystemRead), std::string(UsersRead),
          std::string(UsersWrite), std::string(StrategyRead), std::string(StrategyWrite),
          std::string(TradingRead), std::string(TradingWrite), std::string(JobsRead), std::string(JobsWrite),
          std::string(ModelsRead), std::string(ModelsWrite), std::string(NewsRead), std::string(NewsAdmin)}},
        {Role::Support,
         {std::string(Self), std::string(MarketRead), std::string(SystemRead),
          std::string(UsersRead), std::string(StrategyRead), std::string(NewsRead)}},
        {Role::Finance,
         {std::string(Self), std::string(MarketRead), std::string(SystemRead),
          std::string(StrategyRead)}},
        {Role::Marketing,
         {std::string(Self), std::string(MarketRead), std::string(SystemRead),
          std::string(StrategyRead)}},
        {Role::Sales,
         {std::string(Self), std::string(MarketRead), std::string(SystemRead),
          std::string(StrategyRead)}},
        {Role::Auditor,
         {std::string(Self), std::string(MarketRead), std::string(SystemRead),
          std::string(UsersRead), std::string(StrategyRead), std::string(NewsRead)}},
    };
    return table.at(role);
}

bool hasPermission(Role role, std::string_view name)
{
    return permissionsOf(role).contains(name);
}

} // namespace bcf::auth
