#pragma once

#include "common/database.h"
#include "common/redis_client.h"
#include "core/clock.h"
#include "core/result.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The job bus between bcf-core and the compute nodes (docs/jobs.md): a job is a row in
// PostgreSQL (`jobs`, the truth) plus an entry in a Redis Stream, one stream per priority, read by
// every compute node through one consumer group. A node claims an entry, fences its run with the
// row's `attempt`, keeps the entry fresh while it works, and acknowledges it after the result is
// stored. An entry whose node stopped keeping it fresh is claimed by another node; the first
// node's late progress or result is refused (its attempt is no longer the job's), so a job
// finishes exactly once. Timestamps and timeouts are the database's clock, shared by all nodes.
namespace bcf::server {

enum class JobKind { Backtest, Optimization, OptimizationShard, Training };
enum class JobPriority { High = 0, Normal = 1, Low = 2 };
enum class JobState { Queued, Running, Succeeded, Failed, Cancelled, TimedOut };

std::string_view jobKindName(JobKind kind);         // backtest, optimization, …
std::optional<JobKind> parseJobKind(std::string_view name);
std::string_view jobStateName(JobState state);      // queued, running, …
std::optional<JobState> parseJobState(std::string_view name);
std::string_view jobPriorityName(JobPriority priority); // high, normal, low
bool isFinal(JobState state);

struct Job {
    std::int64_t id = 0;
    std::uint64_t owner = 0;
    JobKind kind = JobKind::Backtest;
    JobPriority priority = JobPriority::Normal;
    JobState state = JobState::Queued;
    std::string label;
    std::string spec; // the kind's request, serialized
    std::int64_t parent = 0;
    std::chrono::seconds timeout{0};
    int maxAttempts = 0;
    int attempt = 0;
    std::string node;
    double progress = 0;
    std::string message;
    bool cancelRequested = false;
    std::optional<std::string> result;
    std::string error;
    TimePoint created;
    std::optional<TimePoint> started;
    std::optional<TimePoint> finished;
};

struct NewJob {
    std::uint64_t owner = 0;
    JobKind kind = JobKind::Backtest;
    JobPriority priority = JobPriority::Normal;
    std::string label;
    std::string spec;
    std::int64_t parent = 0;
    std::chrono::seconds timeout{3600};
    int maxAttempts = 3;
};

// A job a node has claimed: the row as the claim left it and where its entry lives.
struct JobClaim {
    Job job;
    std::string node;
    std::string stream;
    std::string entry;
};

// What a running job should do after reporting progress.
enum class JobControl {
    Continue,
    Cancel,   // the owner cancelled it: stop and finish it Cancelled
    TimedOut, // past its timeout: stop and finish it TimedOut
    Lost,     // another node holds the job now: stop and report nothing more
};

class JobQueue final {
public:
    // Redis channel every job change is published on (JSON, see docs/jobs.md).
    static constexpr std::string_view kEventsChannel = "bcf:jobs:events";

    JobQueue(Database &database, RedisClient &redis);

    // Creates the streams and their consumer group when missing. Both kinds of node call it.
    Status ensureStreams();

    // ---- submitting side (bcf-core) ----
    Result<Job> submit(const NewJob &job);
    // A job split in parts: the parent is only a row (queued, running once a part runs, ended
    // when the last part ends: its result merged from the parts' by the merger of its kind, see
    // setMerger); each child is a job of its own with parent = the parent's id.
    Result<Job> submitGroup(const NewJob &parent, const std::vector<NewJob> &children);
    // A queued job ends Cancelled at once; a running one is asked to stop (its node finishes it
    // Cancelled at its next progress report). FailedPrecondition for a finished job.
    Result<Job> cancel(std::int64_t id);
    // With `withPayload` false, the spec and the result are left out (empty).
    Result<Job> get(std::int64_t id, bool withPayload = true);
    // The owner's jobs that are not parts of another, newest first (0 = every owner); with
    // `parent`, that job's parts. Without their specs and results.
    Result<std::vector<Job>> list(std::uint64_t owner, int limit, std::int64_t parent = 0);

    // ---- working side (compute nodes) ----
    // The next job for `node`: first an entry another node left unattended for `staleAfter`,
    // then the highest priority waiting, else waits up to `block` for one. Entries whose job
    // was cancelled while queued, or has run out of attempts, are settled on the way.
    Result<std::optional<JobClaim>> take(const std::string &node, std::chrono::milliseconds block,
                                         std::chrono::milliseconds staleAfter);
    // Stores progress (0..1) and a message, keeps the entry fresh, and says what to do next. A
    // partial result (a training run's report so far) replaces the stored one; GetJob shows it.
    Result<JobControl> report(const JobClaim &claim, double progress, const std::string &message,
                              const std::optional<std::string> &partialResult = std::nullopt);
    // Ends the claimed run: Succeeded with `result`, or Failed / Cancelled / TimedOut with
    // `error`. FailedPrecondition when another node holds the job now; the entry is left to it.
    // A training run's resume point after its last epoch (docs/ml.md), replacing the one stored;
    // FailedPrecondition when the claim is no longer the job's. Cleared when the job ends.
    Status saveCheckpoint(const JobClaim &claim, const std::string &state);
    // The stored resume point of a job, if any: a node that took the job over goes on from it.
    Result<std::optional<std::string>> checkpoint(std::int64_t id);

    Result<Job> finish(const JobClaim &claim, JobState state, std::optional<std::string> result,
                       const std::string &error);

    // How a parent of `kind` gets its result from its succeeded children (in id order). Set by
    // the nodes that finish children (compute nodes); without one, such a parent fails.
    using Merger = std::function<Result<std::string>(const Job &parent, const std::vector<Job> &children)>;
    void setMerger(JobKind kind, Merger merger);

    static std::string streamOf(JobPriority priority); // bcf:jobs:high, …
    static constexpr std::string_view kGroup = "compute";

private:
    void publish(const Job &job);
    Result<std::optional<JobClaim>> claimEntry(const std::string &node, const std::string &stream,
                                               const std::string &entry, const std::string &jobId,
                                               std::chrono::milliseconds staleAfter);
    Status acknowledge(const std::string &stream, const std::string &entry);
    // Adds the job's stream entry; when that fails, `failing` (the job, or its group) ends FAILED.
    Status enqueue(const Job &job, std::int64_t failing);
    // Ends a parent whose children have all ended (merged, failed or cancelled); no-op otherwise
    // (also when it would succeed but this node has no merger: a node with one settles it).
    Status settleParent(std::int64_t parent);

    Database &m_database;
    RedisClient &m_redis;
    std::map<JobKind, Merger> m_mergers;
};

} // namespace bcf::server
