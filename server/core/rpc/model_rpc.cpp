#include "rpc/model_rpc.h"

#include "common/grpc_status.h"
#include "common/logging.h"
#include "model/timeframe.h"
#include "rpc/authorization.h"

namespace bcf::core {

void toProto(const server::ModelVersionRecord &record, bool full, v1::ModelVersion *out)
{
    out->set_id(record.id);
    out->set_name(record.name);
    out->set_version(record.version);
    out->set_architecture(record.architecture);
    out->set_task(record.task);
    out->set_live(record.live);
    out->set_job_id(record.jobId);
    out->set_artifact_bytes(record.artifactBytes);
    out->set_artifact_sha256(record.artifactSha256);
    out->set_owner(record.ownerName);
    out->set_created_at_unix_ms(toUnixMillis(record.created));
    if (!full)
        return;
    out->mutable_spec()->ParseFromString(record.spec);
    out->mutable_report()->ParseFromString(record.report);
    out->mutable_report()->set_version(record.version);
}

grpc::Status ModelRpc::ListModels(grpc::ServerContext *context, const v1::ListModelsRequest *request,
                                  v1::ListModelsResponse *response)
{
    if (auto principal = principalOf(*context, m_auth); !principal)
        return server::toGrpcStatus(principal.error());
    if (!request->name().empty() && !server::ModelRegistry::validName(request->name()))
        return {grpc::INVALID_ARGUMENT, "name: '" + request->name() + "' is not a model name."};
    auto versions = m_models.list(request->name());
    if (!versions)
        return server::toGrpcStatus(versions.error());
    for (const auto &version : *versions)
        toProto(version, false, response->add_versions());
    return grpc::Status::OK;
}

grpc::Status ModelRpc::GetModel(grpc::ServerContext *context, const v1::GetModelRequest *request,
                                v1::ModelVersion *response)
{
    if (auto principal = principalOf(*context, m_auth); !principal)
        return server::toGrpcStatus(principal.error());
    if (request->version() < 0)
        return {grpc::INVALID_ARGUMENT, "version: 0 (the live one) or a version number."};
    auto version = m_models.get(request->name(), request->version(), false);
    if (!version)
        return server::toGrpcStatus(version.error());
    toProto(*version, true, response);
    return grpc::Status::OK;
}

grpc::Status ModelRpc::PromoteModel(grpc::ServerContext *context, const v1::PromoteModelRequest *request,
                                    v1::ModelVersion *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (request->version() <= 0)
        return {grpc::INVALID_ARGUMENT, "version: the version number to make live (1 or more)."};
    auto owner = m_models.ownerOf(request->name());
    if (!owner)
        return server::toGrpcStatus(owner.error());
    if (!*owner)
        return {grpc::NOT_FOUND, "no model is called '" + request->name() + "'"};
    if (**owner != static_cast<std::uint64_t>(principal->userId) && principal->role != auth::Role::Admin)
        return {grpc::PERMISSION_DENIED, "only the owner of '" + request->name() + "' or an admin may promote it."};
    auto promoted = m_models.promote(request->name(), request->version());
    if (!promoted)
        return server::toGrpcStatus(promoted.error());
    server::logger("models")->info("msg=\"model promoted\" name={} version={} by={}", promoted->name,
                                   promoted->version, principal->username);
    toProto(*promoted, true, response);
    return grpc::Status::OK;
}

grpc::Status ModelRpc::GetPredictions(grpc::ServerContext *context, const v1::GetPredictionsRequest *request,
                                      v1::GetPredictionsResponse *response)
{
    if (auto principal = principalOf(*context, m_auth); !principal)
        return server::toGrpcStatus(principal.error());
    constexpr std::size_t kMaxPoints = 100'000;
    if (request->symbol().empty())
        return {grpc::INVALID_ARGUMENT, "symbol: required."};
    if (!model::parseTimeframe(request->timeframe()))
        return {grpc::INVALID_ARGUMENT, "timeframe: '" + request->timeframe() + "' is not a timeframe."};
    if (request->to_unix_ms() <= request->from_unix_ms())
        return {grpc::INVALID_ARGUMENT, "range: 'to' must come after 'from'."};
    auto version = m_models.get(request->name(), request->version(), false);
    if (!version)
        return server::toGrpcStatus(version.error());
    const std::string exchange = request->exchange().empty() ? m_defaultExchange : request->exchange();
    auto points = m_models.predictions(version->id, exchange, request->symbol(), request->timeframe(),
                                       fromUnixMillis(request->from_unix_ms()), fromUnixMillis(request->to_unix_ms()));
    if (!points)
        return server::toGrpcStatus(points.error());
    if (points->size() > kMaxPoints)
        return {grpc::INVALID_ARGUMENT, "range: more than 100,000 predictions; ask for a shorter range."};
    response->set_name(version->name);
    response->set_version(version->version);
    response->set_task(version->task);
    for (const auto &point : *points) {
        auto *out = response->add_points();
        out->set_bar_time_unix_ms(toUnixMillis(point.barTime));
        out->set_value(point.value);
        out->set_made_at_unix_ms(toUnixMillis(point.madeAt));
    }
    return grpc::Status::OK;
}

} // namespace bcf::core
