#pragma once

#include "auth/auth_service.h"
#include "common/job_queue.h"
#include "common/market_store.h"
#include "common/model_registry.h"
#include "common/node_registry.h"

#include <bcf/v1/jobs.grpc.pb.h>

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace bcf::core {

// The job events of bcf:jobs:events, handed to the StreamJobs calls of each job's owner: a set
// of changed job ids per subscriber (the stream reads the row itself, so a burst of progress
// reports becomes one message). Fed by a RedisSubscriber; thread-safe.
class JobEvents final {
public:
    struct Subscription {
        std::mutex mutex;
        std::condition_variable changed;
        std::set<std::int64_t> jobs;
    };

    std::shared_ptr<Subscription> subscribe(std::uint64_t owner);
    void unsubscribe(std::uint64_t owner, const std::shared_ptr<Subscription> &subscription);
    // One message of bcf:jobs:events ({"job":…,"owner":…,…}); malformed ones are ignored.
    void onMessage(const std::string &message);

private:
    std::mutex m_mutex;
    std::multimap<std::uint64_t, std::shared_ptr<Subscription>> m_subscriptions;
};

// bcf.v1.JobService: the caller's backtests and optimizations on the compute nodes
// (server::JobQueue; docs/jobs.md). A spec is checked here before it is queued (the strategy
// compiles, the instrument is listed, the range and numbers make sense) so a mistake is an
// INVALID_ARGUMENT naming the field rather than a failed job later; the instrument's tick and
// lot sizes are filled in. A grid or random optimization is split into one part per live compute
// node (at most 16), merged when the last part ends. Jobs of other users are NOT_FOUND.
// Permissions were checked by AuthorizationProcessor (jobs.read, jobs.write).
class JobRpc final : public bcf::v1::JobService::Service {
public:
    JobRpc(auth::AuthService &auth, server::JobQueue &queue, server::InstrumentStore &instruments,
           server::NodeRegistry &nodes, JobEvents &events, server::ModelRegistry &models,
           std::string defaultExchange)
        : m_auth(auth), m_queue(queue), m_instruments(instruments), m_nodes(nodes), m_events(events),
          m_models(models), m_defaultExchange(std::move(defaultExchange))
    {
    }

    grpc::Status SubmitBacktest(grpc::ServerContext *context, const v1::SubmitBacktestRequest *request,
                                v1::Job *response) override;
    grpc::Status SubmitOptimization(grpc::ServerContext *context, const v1::SubmitOptimizationRequest *request,
                                    v1::Job *response) override;
    // A model name belongs to the user who trained it first: others get PERMISSION_DENIED
    // (admins may train any model).
    grpc::Status SubmitTraining(grpc::ServerContext *context, const v1::SubmitTrainingRequest *request,
                                v1::Job *response) override;
    grpc::Status GetJob(grpc::ServerContext *context, const v1::GetJobRequest *request, v1::Job *response) override;
    grpc::Status ListJobs(grpc::ServerContext *context, const v1::ListJobsRequest *request,
                          v1::ListJobsResponse *response) override;
    grpc::Status CancelJob(grpc::ServerContext *context, const v1::CancelJobRequest *request,
                           v1::Job *response) override;
    grpc::Status StreamJobs(grpc::ServerContext *context, const v1::StreamJobsRequest *request,
                            grpc::ServerWriter<v1::Job> *writer) override;

private:
    // Checks and completes a backtest spec in place; the error names the field.
    Status completeSpec(v1::BacktestSpec &spec, const std::string &field);
    // The instrument, or InvalidArgument "<field>symbol: … is not listed on …".
    Result<model::Instrument> listedInstrument(const std::string &exchange, const std::string &symbol,
                                               const std::string &field);
    // Queues the job (with `parts`: as the parent of those parts) and answers it.
    grpc::Status submit(const server::NewJob &job, const std::vector<server::NewJob> &parts, v1::Job *response);
    // The caller's job, or NOT_FOUND (also for another user's job).
    Result<server::Job> ownJob(std::int64_t owner, std::int64_t id, bool withResult = false);

    auth::AuthService &m_auth;
    server::JobQueue &m_queue;
    server::InstrumentStore &m_instruments;
    server::NodeRegistry &m_nodes;
    JobEvents &m_events;
    server::ModelRegistry &m_models;
    std::string m_defaultExchange;
};

// The protobuf view of a job; with `withResult`, its stored result (a succeeded job's).
void toProto(const server::Job &job, bool withResult, v1::Job *out);

} // namespace bcf::core
