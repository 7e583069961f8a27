#include "rpc/authorization.h"

#include "common/grpc_status.h"
#include "common/logging.h"

namespace bcf::core {
namespace {

// The token of an "authorization: Bearer <token>" value; "" for anything else.
std::string tokenOf(std::string_view authorization)
{
    constexpr std::string_view kBearer = "Bearer ";
    return authorization.starts_with(kBearer) ? std::string(authorization.substr(kBearer.size()))
                                              : std::string();
}

} // namespace

const std::map<std::string, std::string, std::less<>> &methodPermissions()
{
    using namespace auth::permission;
    static const std::map<std::string, std::string, std::less<>> table = {
        {"/grpc.health.v1.Health/Check", ""},
        {"/grpc.health.v1.Health/Watch", ""},
        {"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", ""},
        {"/bcf.v1.AuthService/Login", ""},
        {"/bcf.v1.AuthService/VerifySecondFactor", ""},
        {"/bcf.v1.AuthService/RefreshSession", std::string(Self)},
        {"/bcf.v1.AuthService/Logout", std::string(Self)},
        {"/bcf.v1.AuthService/WhoAmI", std::string(Self)},
        {"/bcf.v1.AuthService/ChangePassword", std::string(Self)},
        {"/bcf.v1.AuthService/BeginTotpEnrollment", std::string(Self)},
        {"/bcf.v1.AuthService/ConfirmTotpEnrollment", std::string(Self)},
        {"/bcf.v1.AuthService/DisableTotp", std::string(Self)},
        {"/bcf.v1.UserAdminService/ListUsers", std::string(UsersRead)},
        {"/bcf.v1.UserAdminService/CreateUser", std::string(UsersWrite)},
        {"/bcf.v1.UserAdminService/SetUserRole", std::string(UsersWrite)},
        {"/bcf.v1.UserAdminService/SetUserDisabled", std::string(UsersWrite)},
        {"/bcf.v1.MarketDataService/GetCandles", std::string(MarketRead)},
        {"/bcf.v1.MarketDataService/StreamCandles", std::string(MarketRead)},
        {"/bcf.v1.MarketDataService/ListInstruments", std::string(MarketRead)},
        {"/bcf.v1.MarketDataService/GetRecentTrades", std::string(MarketRead)},
        {"/bcf.v1.MarketDataService/StreamTrades", std::string(MarketRead)},
        {"/bcf.v1.MarketDataService/StreamOrderBook", std::string(MarketRead)},
        {"/bcf.v1.MarketDataService/StreamTickers", std::string(MarketRead)},
        {"/bcf.v1.StrategyService/SaveStrategy", std::string(StrategyWrite)},
        {"/bcf.v1.StrategyService/GetStrategy", std::string(StrategyRead)},
        {"/bcf.v1.StrategyService/ListStrategies", std::string(StrategyRead)},
        {"/bcf.v1.StrategyService/ListStrategyVersions", std::string(StrategyRead)},
        {"/bcf.v1.StrategyService/DeleteStrategy", std::string(StrategyWrite)},
        {"/bcf.v1.StrategyService/RenameStrategy", std::string(StrategyWrite)},
        {"/bcf.v1.JobService/SubmitBacktest", std::string(JobsWrite)},
        {"/bcf.v1.JobService/SubmitOptimization", std::string(JobsWrite)},
        {"/bcf.v1.JobService/SubmitTraining", std::string(JobsWrite)},
        {"/bcf.v1.ModelService/ListModels", std::string(ModelsRead)},
        {"/bcf.v1.ModelService/GetModel", std::string(ModelsRead)},
        {"/bcf.v1.ModelService/GetPredictions", std::string(ModelsRead)},
        {"/bcf.v1.ModelService/PromoteModel", std::string(ModelsWrite)},
        {"/bcf.v1.NewsService/ListNews", std::string(NewsRead)},
        {"/bcf.v1.NewsService/GetSentiment", std::string(NewsRead)},
        {"/bcf.v1.NewsService/ListFeeds", std::string(NewsAdmin)},
        {"/bcf.v1.NewsService/AddFeed", std::string(NewsAdmin)},
        {"/bcf.v1.NewsService/RemoveFeed", std::string(NewsAdmin)},
        {"/bcf.v1.JobService/CancelJob", std::string(JobsWrite)},
        {"/bcf.v1.JobService/GetJob", std::string(JobsRead)},
        {"/bcf.v1.JobService/ListJobs", std::string(JobsRead)},
        {"/bcf.v1.JobService/StreamJobs", std::string(JobsRead)},
        {"/bcf.v1.TradingService/PlaceOrder", std::string(TradingWrite)},
        {"/bcf.v1.TradingService/PlaceOco", std::string(TradingWrite)},
        {"/bcf.v1.TradingService/CancelOrder", std::string(TradingWrite)},
        {"/bcf.v1.TradingService/CancelAllOrders", std::string(TradingWrite)},
        {"/bcf.v1.TradingService/ListOrders", std::string(TradingRead)},
        {"/bcf.v1.TradingService/ListFills", std::string(TradingRead)},
        {"/bcf.v1.TradingService/GetPortfolio", std::string(TradingRead)},
        {"/bcf.v1.TradingService/GetEquityHistory", std::string(TradingRead)},
        {"/bcf.v1.TradingService/KillSwitch", std::string(TradingWrite)},
        {"/bcf.v1.TradingService/ResetRisk", std::string(TradingWrite)},
        {"/bcf.v1.TradingService/StreamTrading", std::string(TradingRead)},
        {"/bcf.v1.TradingService/AddExchangeKey", std::string(TradingWrite)},
        {"/bcf.v1.TradingService/ListExchangeKeys", std::string(TradingRead)},
        {"/bcf.v1.TradingService/DeleteExchangeKey", std::string(TradingWrite)},
        {"/bcf.v1.BotService/CreateBot", std::string(TradingWrite)},
        {"/bcf.v1.BotService/ListBots", std::string(TradingRead)},
        {"/bcf.v1.BotService/GetBot", std::string(TradingRead)},
        {"/bcf.v1.BotService/StartBot", std::string(TradingWrite)},
        {"/bcf.v1.BotService/PauseBot", std::string(TradingWrite)},
        {"/bcf.v1.BotService/StopBot", std::string(TradingWrite)},
        {"/bcf.v1.BotService/DeleteBot", std::string(TradingWrite)},
        {"/bcf.v1.BotService/ListBotEvents", std::string(TradingRead)},
        {"/bcf.v1.BotService/GetBotEquity", std::string(TradingRead)},
        {"/bcf.v1.BotService/StreamBots", std::string(TradingRead)},
        {"/bcf.v1.SystemService/GetServerInfo", std::string(SystemRead)},
        {"/bcf.v1.SystemService/ListComputeNodes", std::string(SystemRead)},
    };
    return table;
}

grpc::Status AuthorizationProcessor::Process(const InputMetadata &authMetadata,
                                             grpc::AuthContext * /*context*/,
                                             OutputMetadata * /*consumedMetadata*/,
                                             OutputMetadata * /*responseMetadata*/)
{
    const auto started = std::chrono::steady_clock::now();
    const auto path = authMetadata.find(":path");
    const std::string method = path == authMetadata.end()
                                   ? std::string()
                                   : std::string(path->second.data(), path->second.size());
    grpc::Status status = authorize(authMetadata, method);
    if (!status.ok()) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now()
                                                             - started)
                                   .count();
        // Unknown paths are one label value, so a client cannot create unbounded series.
        const bool known = methodPermissions().contains(method);
        m_metrics.recordRpc(known ? method : std::string("unknown"),
                            server::statusCodeName(status.error_code()), seconds);
    }
    return status;
}

grpc::Status AuthorizationProcessor::authorize(const InputMetadata &authMetadata,
                                               const std::string &method)
{
    const auto &table = methodPermissions();
    const auto entry = table.find(method);
    if (entry == table.end())
        return {grpc::PERMISSION_DENIED, "The method " + method + " is not permitted."};
    if (entry->second.empty())
        return grpc::Status::OK;

    const auto header = authMetadata.find("authorization");
    auto principal = m_auth.authenticate(
        header == authMetadata.end()
            ? std::string()
            : tokenOf(std::string_view(header->second.data(), header->second.size())));
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (!auth::hasPermission(principal->role, entry->second)) {
        server::logger("auth")->warn("msg=\"permission denied\" user={} role={} method={}",
                                     server::quoted(principal->username),
                                     auth::roleName(principal->role), method);
        return {grpc::PERMISSION_DENIED,
                "Your role (" + std::string(auth::roleName(principal->role))
                    + ") does not allow this (" + entry->second + ")."};
    }
    return grpc::Status::OK;
}

std::string bearerToken(const grpc::ServerContext &context)
{
    const auto &metadata = context.client_metadata();
    const auto header = metadata.find("authorization");
    return header == metadata.end()
               ? std::string()
               : tokenOf(std::string_view(header->second.data(), header->second.size()));
}

Result<auth::Principal> principalOf(const grpc::ServerContext &context, auth::AuthService &auth)
{
    return auth.authenticateRecent(bearerToken(context));
}

} // namespace bcf::core
