#include "rpc/strategy_rpc.h"

#include "common/grpc_status.h"
#include "common/logging.h"
#include "rpc/authorization.h"

namespace bcf::core {
namespace {

void toProto(const StrategyVersion &version, v1::StrategyDocument *out)
{
    out->set_id(version.strategyId);
    out->set_name(version.name);
    out->set_version(version.version);
    out->set_source(version.source);
    out->set_comment(version.comment);
    out->set_created_at_unix_ms(toUnixMillis(version.createdAt));
    out->set_author(version.author);
}

void toProto(const StrategySummary &summary, v1::StrategySummary *out)
{
    out->set_id(summary.id);
    out->set_name(summary.name);
    out->set_latest_version(summary.latestVersion);
    out->set_updated_at_unix_ms(toUnixMillis(summary.updatedAt));
}

// A name that is looked up rather than stored: only emptiness is worth a special message; any
// other bad name simply is not found.
grpc::Status checkLookupName(const std::string &name)
{
    if (name.empty())
        return {grpc::INVALID_ARGUMENT, "Name the strategy."};
    return grpc::Status::OK;
}

} // namespace

grpc::Status StrategyRpc::SaveStrategy(grpc::ServerContext *context,
                                       const v1::SaveStrategyRequest *request,
                                       v1::StrategyDocument *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (request->expected_version() < 0)
        return {grpc::INVALID_ARGUMENT, "The expected version must not be negative."};
    if (auto status = checkStrategyName(request->name()); !status)
        return server::toGrpcStatus(status.error());
    if (auto status = checkStrategyComment(request->comment()); !status)
        return server::toGrpcStatus(status.error());
    if (auto status = checkStrategySource(request->source()); !status)
        return server::toGrpcStatus(status.error());
    auto saved = m_store.save(principal->userId, principal->userId, request->name(),
                              request->source(), request->comment(),
                              request->expected_version());
    if (!saved)
        return server::toGrpcStatus(saved.error());
    server::logger("strategy")->info("msg=\"strategy saved\" user={} strategy_id={} version={}",
                                     server::quoted(principal->username), saved->strategyId,
                                     saved->version);
    toProto(*saved, response);
    return grpc::Status::OK;
}

grpc::Status StrategyRpc::GetStrategy(grpc::ServerContext *context,
                                      const v1::GetStrategyRequest *request,
                                      v1::StrategyDocument *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (auto status = checkLookupName(request->name()); !status.ok())
        return status;
    if (request->version() < 0)
        return {grpc::INVALID_ARGUMENT, "The version must not be negative (0 = the latest)."};
    auto found = m_store.get(principal->userId, request->name(), request->version());
    if (!found)
        return server::toGrpcStatus(found.error());
    toProto(*found, response);
    return grpc::Status::OK;
}

grpc::Status StrategyRpc::ListStrategies(grpc::ServerContext *context,
                                         const v1::ListStrategiesRequest * /*request*/,
                                         v1::ListStrategiesResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto listed = m_store.list(principal->userId);
    if (!listed)
        return server::toGrpcStatus(listed.error());
    for (const auto &summary : *listed)
        toProto(summary, response->add_strategies());
    return grpc::Status::OK;
}

grpc::Status StrategyRpc::ListStrategyVersions(grpc::ServerContext *context,
                                               const v1::ListStrategyVersionsRequest *request,
                                               v1::ListStrategyVersionsResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (auto status = checkLookupName(request->name()); !status.ok())
        return status;
    auto versions = m_store.versions(principal->userId, request->name());
    if (!versions)
        return server::toGrpcStatus(versions.error());
    for (const auto &version : *versions) {
        auto *out = response->add_versions();
        out->set_version(version.version);
        out->set_created_at_unix_ms(toUnixMillis(version.createdAt));
        out->set_comment(version.comment);
        out->set_author(version.author);
        out->set_source_bytes(version.sourceBytes);
    }
    return grpc::Status::OK;
}

grpc::Status StrategyRpc::DeleteStrategy(grpc::ServerContext *context,
                                         const v1::DeleteStrategyRequest *request,
                                         v1::DeleteStrategyResponse * /*response*/)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (auto status = checkLookupName(request->name()); !status.ok())
        return status;
    auto removed = m_store.remove(principal->userId, request->name());
    if (removed)
        server::logger("strategy")->info("msg=\"strategy deleted\" user={} name={}",
                                         server::quoted(principal->username),
                                         server::quoted(request->name()));
    return server::toGrpcStatus(removed);
}

grpc::Status StrategyRpc::RenameStrategy(grpc::ServerContext *context,
                                         const v1::RenameStrategyRequest *request,
                                         v1::StrategySummary *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (auto status = checkLookupName(request->name()); !status.ok())
        return status;
    if (auto status = checkStrategyName(request->new_name()); !status)
        return server::toGrpcStatus(status.error());
    auto renamed = m_store.rename(principal->userId, request->name(), request->new_name());
    if (!renamed)
        return server::toGrpcStatus(renamed.error());
    server::logger("strategy")->info("msg=\"strategy renamed\" user={} strategy_id={} name={}",
                                     server::quoted(principal->username), renamed->id,
                                     server::quoted(renamed->name));
    toProto(*renamed, response);
    return grpc::Status::OK;
}

} // namespace bcf::core
