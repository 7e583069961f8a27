#include "rpc/job_rpc.h"

#include "backtest/optimizer.h"
#include "common/grpc_status.h"
#include "common/logging.h"
#include "common/training_spec.h"
#include "model/timeframe.h"
#include "rpc/authorization.h"
#include "strategies/strategy_store.h"
#include "strategy/compiler.h"
#include "strategy/parser.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace bcf::core {
namespace {

constexpr auto kPoll = std::chrono::milliseconds(500);
constexpr int kDefaultTimeoutSeconds = 3600;
constexpr int kMaxTimeoutSeconds = 86'400;
constexpr std::size_t kMaxLabel = 120;
constexpr int kMaxParts = 16;

Status invalid(const std::string &message) { return makeError(ErrorCode::InvalidArgument, message); }

v1::JobKind kindOf(server::JobKind kind)
{
    switch (kind) {
    case server::JobKind::Backtest: return v1::JOB_KIND_BACKTEST;
    case server::JobKind::Optimization: return v1::JOB_KIND_OPTIMIZATION;
    case server::JobKind::OptimizationShard: return v1::JOB_KIND_OPTIMIZATION_SHARD;
    case server::JobKind::Training: return v1::JOB_KIND_TRAINING;
    }
    return v1::JOB_KIND_UNSPECIFIED;
}

v1::JobState stateOf(server::JobState state)
{
    switch (state) {
    case server::JobState::Queued: return v1::JOB_STATE_QUEUED;
    case server::JobState::Running: return v1::JOB_STATE_RUNNING;
    case server::JobState::Succeeded: return v1::JOB_STATE_SUCCEEDED;
    case server::JobState::Failed: return v1::JOB_STATE_FAILED;
    case server::JobState::Cancelled: return v1::JOB_STATE_CANCELLED;
    case server::JobState::TimedOut: return v1::JOB_STATE_TIMED_OUT;
    }
    return v1::JOB_STATE_UNSPECIFIED;
}

server::JobPriority priorityOf(v1::JobPriority priority)
{
    switch (priority) {
    case v1::JOB_PRIORITY_HIGH: return server::JobPriority::High;
    case v1::JOB_PRIORITY_LOW: return server::JobPriority::Low;
    default: return server::JobPriority::Normal;
    }
}

v1::JobPriority priorityOf(server::JobPriority priority)
{
    switch (priority) {
    case server::JobPriority::High: return v1::JOB_PRIORITY_HIGH;
    case server::JobPriority::Low: return v1::JOB_PRIORITY_LOW;
    case server::JobPriority::Normal: break;
    }
    return v1::JOB_PRIORITY_NORMAL;
}

// What every submission shares: the label and timeout checked, the defaults applied.
Result<server::NewJob> newJob(std::int64_t owner, server::JobKind kind, std::string spec, v1::JobPriority priority,
                              std::string label, int timeoutSeconds)
{
    if (timeoutSeconds < 0 || timeoutSeconds > kMaxTimeoutSeconds)
        return makeError(ErrorCode::InvalidArgument, "timeout: from 1 to 86400 seconds (0 = one hour).");
    if (label.size() > kMaxLabel)
        return makeError(ErrorCode::InvalidArgument, "label: at most 120 characters.");
    server::NewJob job;
    job.owner = static_cast<std::uint64_t>(owner);
    job.kind = kind;
    job.priority = priorityOf(priority);
    job.label = std::move(label);
    job.spec = std::move(spec);
    job.timeout = std::chrono::seconds(timeoutSeconds == 0 ? kDefaultTimeoutSeconds : timeoutSeconds);
    return job;
}

std::int64_t millisOf(const std::optional<TimePoint> &time) { return time ? toUnixMillis(*time) : 0; }

} // namespace

void toProto(const server::Job &job, bool withResult, v1::Job *out)
{
    out->set_id(job.id);
    out->set_kind(kindOf(job.kind));
    out->set_state(stateOf(job.state));
    out->set_priority(priorityOf(job.priority));
    out->set_label(job.label);
    out->set_progress(job.progress);
    out->set_message(job.message);
    out->set_error(job.error);
    out->set_attempt(job.attempt);
    out->set_node(job.node);
    out->set_parent_id(job.parent);
    out->set_cancel_requested(job.cancelRequested);
    out->set_created_at_unix_ms(toUnixMillis(job.created));
    out->set_started_at_unix_ms(millisOf(job.started));
    out->set_finished_at_unix_ms(millisOf(job.finished));
    out->set_timeout_seconds(static_cast<std::int32_t>(job.timeout.count()));
    if (!withResult || !job.result)
        return;
    if (job.kind == server::JobKind::Backtest)
        out->mutable_backtest()->ParseFromString(*job.result);
    else if (job.kind == server::JobKind::Optimization || job.kind == server::JobKind::OptimizationShard)
        out->mutable_optimization()->ParseFromString(*job.result);
    else if (job.kind == server::JobKind::Training)
        out->mutable_training()->ParseFromString(*job.result); // while running: the report so far
}

// ---- JobEvents ----------------------------------------------------------------------------

std::shared_ptr<JobEvents::Subscription> JobEvents::subscribe(std::uint64_t owner)
{
    auto subscription = std::make_shared<Subscription>();
    std::lock_guard lock(m_mutex);
    m_subscriptions.emplace(owner, subscription);
    return subscription;
}

void JobEvents::unsubscribe(std::uint64_t owner, const std::shared_ptr<Subscription> &subscription)
{
    std::lock_guard lock(m_mutex);
    const auto [first, last] = m_subscriptions.equal_range(owner);
    for (auto it = first; it != last; ++it) {
        if (it->second == subscription) {
            m_subscriptions.erase(it);
            return;
        }
    }
}

void JobEvents::onMessage(const std::string &message)
{
    const QJsonObject event = QJsonDocument::fromJson(QByteArray::fromStdString(message)).object();
    const auto job = event.value(QLatin1String("job")).toInteger();
    const auto owner = event.value(QLatin1String("owner")).toInteger();
    if (job <= 0 || owner <= 0)
        return;
    std::lock_guard lock(m_mutex);
    const auto [first, last] = m_subscriptions.equal_range(static_cast<std::uint64_t>(owner));
    for (auto it = first; it != last; ++it) {
        Subscription &subscription = *it->second;
        {
            std::lock_guard changedLock(subscription.mutex);
            subscription.jobs.insert(job);
        }
        subscription.changed.notify_one();
    }
}

// ---- JobRpc -------------------------------------------------------------------------------

Status JobRpc::completeSpec(v1::BacktestSpec &spec, const std::string &field)
{
    if (auto source = checkStrategySource(spec.strategy_source()); !source)
        return invalid(field + "strategy source: " + source.error().message);
    auto ast = strategy::parseStrategy(spec.strategy_source());
    strategy::ParamValues values(spec.params().begin(), spec.params().end());
    for (const auto &[name, value] : spec.params())
        if (!std::isfinite(value))
            return invalid(field + "params: " + name + " is not a finite number");
    if (auto program = strategy::compileAst(*ast, values); !program)
        return invalid(field + "params: " + program.error().toString());
    if (spec.exchange().empty())
        spec.set_exchange(m_defaultExchange);
    if (spec.symbol().empty())
        return invalid(field + "symbol: name the instrument (e.g. BTCUSDT)");
    const auto timeframe = model::parseTimeframe(spec.timeframe());
    if (!timeframe)
        return invalid(field + "timeframe: '" + spec.timeframe() + "' is not a timeframe (1m, 5m, 15m, 1h, 4h, 1d, …)");
    if (spec.from_unix_ms() <= 0 || spec.to_unix_ms() <= spec.from_unix_ms())
        return invalid(field + "range: from must be a time after 1970 and before to");
    if (!spec.initial_cash().empty()) {
        const auto cash = Money::parse(spec.initial_cash());
        if (!cash || *cash <= Money())
            return invalid(field + "initial cash: '" + spec.initial_cash() + "' must be a positive amount");
    }
    if (spec.has_fee_micros() && (spec.fee_micros() < 0 || spec.fee_micros() > 100'000))
        return invalid(field + "fee: at most 10 % (100000 millionths), not negative");
    if (spec.slippage_micros() < 0 || spec.slippage_micros() > 100'000)
        return invalid(field + "slippage: at most 10 % (100000 millionths), not negative");
    auto instrument = listedInstrument(spec.exchange(), spec.symbol(), field);
    if (!instrument)
        return std::unexpected(instrument.error());
    spec.set_tick_size(instrument->tickSize.toString());
    spec.set_lot_size(instrument->lotSize.toString());
    return {};
}

Result<model::Instrument> JobRpc::listedInstrument(const std::string &exchange, const std::string &symbol,
                                                   const std::string &field)
{
    auto listed = m_instruments.list(exchange);
    if (!listed)
        return std::unexpected(listed.error());
    const auto instrument = std::find_if(listed->begin(), listed->end(),
                                         [&](const model::Instrument &i) { return i.symbol == symbol; });
    if (instrument == listed->end())
        return makeError(ErrorCode::InvalidArgument, field + "symbol: " + symbol + " is not listed on " + exchange);
    return *instrument;
}

grpc::Status JobRpc::submit(const server::NewJob &job, const std::vector<server::NewJob> &parts,
                            v1::Job *response)
{
    auto submitted = parts.empty() ? m_queue.submit(job) : m_queue.submitGroup(job, parts);
    if (!submitted)
        return server::toGrpcStatus(submitted.error());
    server::logger("jobs")->info("msg=\"job submitted\" job={} kind={} parts={} owner={}", submitted->id,
                                 server::jobKindName(job.kind), parts.size(), job.owner);
    toProto(*submitted, false, response);
    return grpc::Status::OK;
}

grpc::Status JobRpc::SubmitBacktest(grpc::ServerContext *context, const v1::SubmitBacktestRequest *request,
                                    v1::Job *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    v1::BacktestSpec spec = request->spec();
    if (auto completed = completeSpec(spec, ""); !completed)
        return server::toGrpcStatus(completed.error());
    const std::string label = request->label().empty() ? spec.symbol() + " " + spec.timeframe() : request->label();
    auto job = newJob(principal->userId, server::JobKind::Backtest, spec.SerializeAsString(), request->priority(),
                      label, request->timeout_seconds());
    if (!job)
        return server::toGrpcStatus(job.error());
    return submit(*job, {}, response);
}

grpc::Status JobRpc::SubmitOptimization(grpc::ServerContext *context, const v1::SubmitOptimizationRequest *request,
                                        v1::Job *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    v1::OptimizationSpec spec = request->spec();
    spec.clear_shard_index(); // bcf-core alone splits a search
    spec.clear_shard_count();
    if (auto completed = completeSpec(*spec.mutable_backtest(), "backtest "); !completed)
        return server::toGrpcStatus(completed.error());
    if (spec.method().empty())
        spec.set_method("grid");
    if (!bt::parseMethod(spec.method()))
        return {grpc::INVALID_ARGUMENT, "method: '" + spec.method() + "' is not grid, random or genetic."};
    if (spec.objective().empty())
        spec.set_objective("sharpe");
    if (!bt::parseObjective(spec.objective()))
        return {grpc::INVALID_ARGUMENT,
                "objective: '" + spec.objective() +
                    "' is not sharpe, sortino, return, profit, profit_factor or calmar."};
    if (spec.max_trials() < 0 || spec.max_trials() > 100'000)
        return {grpc::INVALID_ARGUMENT, "max trials: from 1 to 100000 (0 = 200)."};
    const auto ast = strategy::parseStrategy(spec.backtest().strategy_source());
    if (bt::parameterAxes(*ast).empty())
        return {grpc::INVALID_ARGUMENT,
                "backtest strategy source: no parameter declares a range to search "
                "(e.g. param fast = 10 range 5..30 step 5)."};
    const std::string label = request->label().empty()
                                  ? spec.backtest().symbol() + " " + spec.backtest().timeframe() + " " + spec.method()
                                  : request->label();
    // Searches split across the live compute nodes: a grid or random search by hashing its
    // trials, a genetic search as islands (one population per node; docs/jobs.md).
    int parts = 1;
    if (auto live = m_nodes.liveNodes(); live)
        parts = std::clamp(static_cast<int>(live->size()), 1, kMaxParts);
    if (parts > 1)
        spec.set_shard_count(parts);
    auto group = newJob(principal->userId, server::JobKind::Optimization, spec.SerializeAsString(),
                        request->priority(), label, request->timeout_seconds());
    if (!group)
        return server::toGrpcStatus(group.error());
    std::vector<server::NewJob> children;
    for (int part = 0; parts > 1 && part < parts; ++part) {
        server::NewJob child = *group;
        child.kind = server::JobKind::OptimizationShard;
        child.label = label + " (part " + std::to_string(part + 1) + "/" + std::to_string(parts) + ")";
        v1::OptimizationSpec shard = spec;
        shard.set_shard_index(part);
        child.spec = shard.SerializeAsString();
        children.push_back(std::move(child));
    }
    return submit(*group, children, response);
}

grpc::Status JobRpc::SubmitTraining(grpc::ServerContext *context, const v1::SubmitTrainingRequest *request,
                                    v1::Job *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    v1::TrainingSpec spec = request->spec();
    if (spec.exchange().empty())
        spec.set_exchange(m_defaultExchange);
    if (auto completed = server::completeTrainingSpec(spec); !completed)
        return server::toGrpcStatus(completed.error());
    if (auto instrument = listedInstrument(spec.exchange(), spec.symbol(), ""); !instrument)
        return server::toGrpcStatus(instrument.error());
    auto owner = m_models.ownerOf(spec.model_name());
    if (!owner)
        return server::toGrpcStatus(owner.error());
    if (*owner && **owner != static_cast<std::uint64_t>(principal->userId) && principal->role != auth::Role::Admin)
        return {grpc::PERMISSION_DENIED,
                "model name: '" + spec.model_name() + "' belongs to another user; choose another name."};
    const std::string label = request->label().empty()
                                  ? spec.model_name() + " " + spec.symbol() + " " + spec.timeframe()
                                  : request->label();
    auto job = newJob(principal->userId, server::JobKind::Training, spec.SerializeAsString(), request->priority(),
                      label, request->timeout_seconds());
    if (!job)
        return server::toGrpcStatus(job.error());
    return submit(*job, {}, response);
}

Result<server::Job> JobRpc::ownJob(std::int64_t owner, std::int64_t id, bool withResult)
{
    auto job = m_queue.get(id, withResult);
    if (!job)
        return job;
    if (job->owner != static_cast<std::uint64_t>(owner))
        return makeError(ErrorCode::NotFound, "job " + std::to_string(id) + " does not exist");
    return job;
}

grpc::Status JobRpc::GetJob(grpc::ServerContext *context, const v1::GetJobRequest *request, v1::Job *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto job = ownJob(principal->userId, request->id(), request->include_result());
    if (!job)
        return server::toGrpcStatus(job.error());
    toProto(*job, request->include_result(), response);
    return grpc::Status::OK;
}

grpc::Status JobRpc::ListJobs(grpc::ServerContext *context, const v1::ListJobsRequest *request,
                              v1::ListJobsResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (request->limit() < 0 || request->limit() > 500)
        return {grpc::INVALID_ARGUMENT, "limit: from 1 to 500 (0 = 100)."};
    if (request->parent_id() != 0) {
        if (auto parent = ownJob(principal->userId, request->parent_id()); !parent)
            return server::toGrpcStatus(parent.error());
    }
    auto jobs = m_queue.list(static_cast<std::uint64_t>(principal->userId), request->limit() == 0 ? 100 : request->limit(),
                             request->parent_id());
    if (!jobs)
        return server::toGrpcStatus(jobs.error());
    for (const server::Job &job : *jobs)
        toProto(job, false, response->add_jobs());
    return grpc::Status::OK;
}

grpc::Status JobRpc::CancelJob(grpc::ServerContext *context, const v1::CancelJobRequest *request, v1::Job *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (auto job = ownJob(principal->userId, request->id()); !job)
        return server::toGrpcStatus(job.error());
    auto cancelled = m_queue.cancel(request->id());
    if (!cancelled)
        return server::toGrpcStatus(cancelled.error());
    server::logger("jobs")->info("msg=\"job cancel requested\" job={} user={} state={}", cancelled->id,
                                 server::quoted(principal->username), server::jobStateName(cancelled->state));
    toProto(*cancelled, false, response);
    return grpc::Status::OK;
}

grpc::Status JobRpc::StreamJobs(grpc::ServerContext *context, const v1::StreamJobsRequest * /*request*/,
                                grpc::ServerWriter<v1::Job> *writer)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    const auto owner = static_cast<std::uint64_t>(principal->userId);
    auto subscription = m_events.subscribe(owner);
    // The jobs still queued or running first, so a client starts from the whole picture.
    if (auto jobs = m_queue.list(owner, 100); jobs) {
        for (const server::Job &job : *jobs) {
            if (server::isFinal(job.state))
                continue;
            v1::Job out;
            toProto(job, false, &out);
            if (!writer->Write(out)) {
                m_events.unsubscribe(owner, subscription);
                return grpc::Status::OK;
            }
        }
    }
    bool open = true;
    while (open && !context->IsCancelled()) {
        std::set<std::int64_t> changed;
        {
            std::unique_lock lock(subscription->mutex);
            subscription->changed.wait_for(lock, kPoll, [&] { return !subscription->jobs.empty(); });
            changed.swap(subscription->jobs);
        }
        for (std::int64_t id : changed) {
            auto job = m_queue.get(id, false);
            if (!job || job->owner != owner)
                continue;
            v1::Job out;
            toProto(*job, false, &out);
            if (!writer->Write(out)) {
                open = false;
                break;
            }
        }
    }
    m_events.unsubscribe(owner, subscription);
    return grpc::Status::OK;
}

} // namespace bcf::core
