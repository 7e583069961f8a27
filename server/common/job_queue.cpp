#include "common/job_queue.h"

#include "common/hex.h"
#include "common/json_text.h"
#include "common/logging.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <array>

namespace bcf::server {
namespace {

constexpr std::array<JobPriority, 3> kPriorities{JobPriority::High, JobPriority::Normal, JobPriority::Low};

#define BCF_JOB_COLUMNS                                                                            \
    "id, owner_id, kind, priority, state, label, encode(spec, 'hex'), coalesce(parent_id, 0),"     \
    " timeout_seconds, max_attempts, attempt, node, progress, message, cancel_requested,"          \
    " encode(result, 'hex'), error, floor(extract(epoch FROM created_at) * 1000)::bigint,"         \
    " floor(extract(epoch FROM started_at) * 1000)::bigint,"                                       \
    " floor(extract(epoch FROM finished_at) * 1000)::bigint"

// The same columns without the spec and the result (lists and streams never send them, and a
// large search's result is tens of megabytes).
#define BCF_JOB_LIGHT_COLUMNS                                                                      \
    "id, owner_id, kind, priority, state, label, ''::text, coalesce(parent_id, 0),"                \
    " timeout_seconds, max_attempts, attempt, node, progress, message, cancel_requested,"          \
    " NULL::text, error, floor(extract(epoch FROM created_at) * 1000)::bigint,"                    \
    " floor(extract(epoch FROM started_at) * 1000)::bigint,"                                       \
    " floor(extract(epoch FROM finished_at) * 1000)::bigint"

TimePoint fromMs(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

Job readJob(const pqxx::row &row)
{
    Job job;
    job.id = row[0].as<std::int64_t>();
    job.owner = row[1].as<std::uint64_t>();
    job.kind = parseJobKind(row[2].as<std::string>()).value_or(JobKind::Backtest);
    job.priority = static_cast<JobPriority>(row[3].as<int>());
    job.state = parseJobState(row[4].as<std::string>()).value_or(JobState::Failed);
    job.label = row[5].as<std::string>();
    job.spec = fromHex(row[6].as<std::string>());
    job.parent = row[7].as<std::int64_t>();
    job.timeout = std::chrono::seconds(row[8].as<int>());
    job.maxAttempts = row[9].as<int>();
    job.attempt = row[10].as<int>();
    job.node = row[11].as<std::string>();
    job.progress = row[12].as<double>();
    job.message = row[13].as<std::string>();
    job.cancelRequested = row[14].as<bool>();
    if (!row[15].is_null())
        job.result = fromHex(row[15].as<std::string>());
    job.error = row[16].as<std::string>();
    job.created = fromMs(row[17].as<std::int64_t>());
    if (!row[18].is_null())
        job.started = fromMs(row[18].as<std::int64_t>());
    if (!row[19].is_null())
        job.finished = fromMs(row[19].as<std::int64_t>());
    return job;
}

Job insertJob(pqxx::work &tx, const NewJob &job, std::int64_t parent)
{
    return readJob(tx.exec_params1(
        "INSERT INTO jobs (owner_id, kind, priority, state, label, spec, parent_id, timeout_seconds, max_attempts,"
        " created_at) VALUES ($1, $2, $3, 'queued', $4, decode($5, 'hex'), nullif($6::bigint, 0), $7, $8, now())"
        " RETURNING " BCF_JOB_COLUMNS,
        job.owner, std::string(jobKindName(job.kind)), static_cast<int>(job.priority), job.label, toHex(job.spec),
        parent, static_cast<int>(job.timeout.count()), job.maxAttempts));
}

// One stream entry: its id and the job id it carries ("job" field).
struct Entry {
    std::string stream;
    std::string id;
    std::string job;
};

std::optional<Entry> entryOf(const std::string &stream, const RedisReply &message)
{
    if (message.type != RedisReply::Type::Array || message.elements.size() < 2)
        return std::nullopt;
    Entry entry{stream, message.elements[0].text, {}};
    const auto &fields = message.elements[1].elements;
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2)
        if (fields[i].text == "job")
            entry.job = fields[i + 1].text;
    return entry;
}

// The first entry of an XREADGROUP answer: [[stream, [[id, [field, value, …]], …]], …].
std::optional<Entry> firstRead(const RedisReply &reply)
{
    if (reply.type != RedisReply::Type::Array)
        return std::nullopt;
    for (const RedisReply &stream : reply.elements) {
        if (stream.elements.size() < 2)
            continue;
        for (const RedisReply &message : stream.elements[1].elements)
            if (auto entry = entryOf(stream.elements[0].text, message))
                return entry;
    }
    return std::nullopt;
}

Error lost(std::int64_t id)
{
    return Error{ErrorCode::FailedPrecondition, "job " + std::to_string(id) + " is held by another node now"};
}

} // namespace

std::string_view jobKindName(JobKind kind)
{
    switch (kind) {
    case JobKind::Backtest: return "backtest";
    case JobKind::Optimization: return "optimization";
    case JobKind::OptimizationShard: return "optimization_shard";
    case JobKind::Training: return "training";
    }
    return "backtest";
}

std::optional<JobKind> parseJobKind(std::string_view name)
{
    for (JobKind kind : {JobKind::Backtest, JobKind::Optimization, JobKind::OptimizationShard, JobKind::Training})
        if (jobKindName(kind) == name)
            return kind;
    return std::nullopt;
}

std::string_view jobStateName(JobState state)
{
    switch (state) {
    case JobState::Queued: return "queued";
    case JobState::Running: return "running";
    case JobState::Succeeded: return "succeeded";
    case JobState::Failed: return "failed";
    case JobState::Cancelled: return "cancelled";
    case JobState::TimedOut: return "timed_out";
    }
    return "failed";
}

std::optional<JobState> parseJobState(std::string_view name)
{
    for (JobState state : {JobState::Queued, JobState::Running, JobState::Succeeded, JobState::Failed,
                           JobState::Cancelled, JobState::TimedOut})
        if (jobStateName(state) == name)
            return state;
    return std::nullopt;
}

std::string_view jobPriorityName(JobPriority priority)
{
    switch (priority) {
    case JobPriority::High: return "high";
    case JobPriority::Normal: return "normal";
    case JobPriority::Low: return "low";
    }
    return "normal";
}

bool isFinal(JobState state) { return state != JobState::Queued && state != JobState::Running; }

std::string JobQueue::streamOf(JobPriority priority) { return "bcf:jobs:" + std::string(jobPriorityName(priority)); }

JobQueue::JobQueue(Database &database, RedisClient &redis) : m_database(database), m_redis(redis) {}

Status JobQueue::ensureStreams()
{
    for (JobPriority priority : kPriorities) {
        // From the stream's start ("0"): entries added before the group existed are read too.
        auto created = m_redis.command({"XGROUP", "CREATE", streamOf(priority), std::string(kGroup), "0", "MKSTREAM"});
        if (!created && created.error().message.find("BUSYGROUP") == std::string::npos)
            return std::unexpected(created.error());
    }
    return {};
}

Result<Job> JobQueue::submit(const NewJob &request)
{
    auto job = m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        Job inserted = insertJob(tx, request, request.parent);
        tx.commit();
        return inserted;
    });
    if (!job)
        return job;
    if (auto queued = enqueue(*job, job->id); !queued)
        return std::unexpected(queued.error());
    publish(*job);
    return job;
}

Result<Job> JobQueue::submitGroup(const NewJob &parent, const std::vector<NewJob> &children)
{
    auto inserted = m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        std::vector<Job> jobs{insertJob(tx, parent, 0)};
        for (const NewJob &child : children)
            jobs.push_back(insertJob(tx, child, jobs.front().id));
        tx.commit();
        return jobs;
    });
    if (!inserted)
        return std::unexpected(inserted.error());
    const Job &group = inserted->front();
    for (std::size_t i = 1; i < inserted->size(); ++i)
        if (auto queued = enqueue((*inserted)[i], group.id); !queued)
            return std::unexpected(queued.error());
    publish(group);
    return group;
}

Status JobQueue::enqueue(const Job &job, std::int64_t failing)
{
    auto added = m_redis.command({"XADD", streamOf(job.priority), "*", "job", std::to_string(job.id)});
    if (added)
        return {};
    // Never queued: the rows say so rather than waiting for a worker that will never come.
    const std::string error = "The job could not be queued (Redis: " + added.error().message + ").";
    (void)m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        tx.exec_params0("UPDATE jobs SET state = 'failed', error = $2, finished_at = now()"
                        " WHERE (id = $1 OR parent_id = $1) AND state = 'queued'",
                        failing, error);
        tx.commit();
    });
    return makeError(ErrorCode::Unavailable, error);
}

void JobQueue::setMerger(JobKind kind, Merger merger) { m_mergers[kind] = std::move(merger); }

Status JobQueue::settleParent(std::int64_t parent)
{
    auto settled = m_database.run([&](pqxx::connection &connection) -> Result<std::optional<Job>> {
        pqxx::work tx(connection);
        // One settler at a time: the last two children may end at the same moment.
        const auto rows = tx.exec_params("SELECT " BCF_JOB_COLUMNS " FROM jobs WHERE id = $1 FOR UPDATE", parent);
        if (rows.empty())
            return std::optional<Job>();
        const Job group = readJob(rows[0]);
        if (isFinal(group.state) || group.attempt > 0) // a job a node runs finishes itself
            return std::optional<Job>();
        std::vector<Job> children;
        for (const auto &row : tx.exec_params("SELECT " BCF_JOB_COLUMNS " FROM jobs WHERE parent_id = $1 ORDER BY id",
                                              parent))
            children.push_back(readJob(row));
        if (std::any_of(children.begin(), children.end(), [](const Job &child) { return !isFinal(child.state); }))
            return std::optional<Job>();
        JobState state = JobState::Succeeded;
        std::string error;
        std::optional<std::string> result;
        for (const Job &child : children) {
            if (child.state == JobState::Succeeded)
                continue;
            if (child.state == JobState::Cancelled && state == JobState::Succeeded) {
                state = JobState::Cancelled;
            } else if (child.state != JobState::Cancelled) {
                state = child.state == JobState::TimedOut ? JobState::TimedOut : JobState::Failed;
                error = "Part " + std::to_string(child.id) + " " + std::string(jobStateName(child.state)) +
                        (child.error.empty() ? "." : ": " + child.error);
                break;
            }
        }
        if (state == JobState::Succeeded) {
            const auto merger = m_mergers.find(group.kind);
            if (merger == m_mergers.end())
                return std::optional<Job>(); // bcf-core: a compute node that ends a part merges
            auto merged = merger->second(group, children);
            if (merged) {
                result = std::move(*merged);
            } else {
                state = JobState::Failed;
                error = "Its parts could not be merged: " + merged.error().message;
            }
        }
        const auto ended = tx.exec_params1(
            "UPDATE jobs SET state = $2, result = decode(nullif($3, ''), 'hex'), error = $4,"
            " progress = CASE WHEN $5 THEN 1 ELSE progress END, finished_at = now() WHERE id = $1 RETURNING "
            BCF_JOB_COLUMNS,
            parent, std::string(jobStateName(state)), result ? toHex(*result) : std::string(), error,
            state == JobState::Succeeded);
        tx.commit();
        return std::optional<Job>(readJob(ended));
    });
    if (!settled) {
        logger("jobs")->warn("msg=\"parent job not settled\" job={} error={}", parent, quoted(settled.error().message));
        return std::unexpected(settled.error());
    }
    if (*settled) {
        logger("jobs")->info("msg=\"job finished\" job={} state={} parts=merged", parent,
                             jobStateName((*settled)->state));
        publish(**settled);
    }
    return {};
}

Result<Job> JobQueue::cancel(std::int64_t id)
{
    auto changed = m_database.run([&](pqxx::connection &connection) -> Result<std::vector<Job>> {
        pqxx::work tx(connection);
        std::vector<Job> jobs;
        // The job and its children (an optimization's shards): queued ones end now, running ones
        // are asked to stop.
        const auto ended = tx.exec_params(
            "UPDATE jobs SET state = 'cancelled', cancel_requested = true, finished_at = now(),"
            " message = 'Cancelled before it started.' WHERE (id = $1 OR parent_id = $1) AND state = 'queued'"
            " RETURNING " BCF_JOB_COLUMNS,
            id);
        const auto asked = tx.exec_params(
            "UPDATE jobs SET cancel_requested = true WHERE (id = $1 OR parent_id = $1) AND state = 'running'"
            " RETURNING " BCF_JOB_COLUMNS,
            id);
        for (const auto &row : ended)
            jobs.push_back(readJob(row));
        for (const auto &row : asked)
            jobs.push_back(readJob(row));
        if (jobs.empty() || std::none_of(jobs.begin(), jobs.end(), [id](const Job &job) { return job.id == id; })) {
            const auto existing = tx.exec_params("SELECT state FROM jobs WHERE id = $1", id);
            if (existing.empty())
                return makeError(ErrorCode::NotFound, "job " + std::to_string(id) + " does not exist");
            if (jobs.empty())
                return makeError(ErrorCode::FailedPrecondition,
                                 "job " + std::to_string(id) + " has already finished (" +
                                     existing[0][0].as<std::string>() + ")");
        }
        tx.commit();
        return jobs;
    });
    if (!changed)
        return std::unexpected(changed.error());
    Job self;
    for (const Job &job : *changed) {
        publish(job);
        if (job.id == id)
            self = job;
    }
    (void)settleParent(id);                    // a group whose parts all ended now
    for (const Job &job : *changed)
        if (job.parent != 0 && job.id == id)
            (void)settleParent(job.parent);    // a part cancelled on its own
    if (self.id == 0 || self.state == JobState::Running)
        return get(id);
    return self;
}

Result<Job> JobQueue::get(std::int64_t id, bool withPayload)
{
    return m_database.run([&](pqxx::connection &connection) -> Result<Job> {
        pqxx::read_transaction tx(connection);
        const auto rows = withPayload
                              ? tx.exec_params("SELECT " BCF_JOB_COLUMNS " FROM jobs WHERE id = $1", id)
                              : tx.exec_params("SELECT " BCF_JOB_LIGHT_COLUMNS " FROM jobs WHERE id = $1", id);
        if (rows.empty())
            return makeError(ErrorCode::NotFound, "job " + std::to_string(id) + " does not exist");
        return readJob(rows[0]);
    });
}

Result<std::vector<Job>> JobQueue::list(std::uint64_t owner, int limit, std::int64_t parent)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::read_transaction tx(connection);
        const auto rows = tx.exec_params("SELECT " BCF_JOB_LIGHT_COLUMNS " FROM jobs WHERE ($1::bigint = 0 OR owner_id = $1)"
                                         " AND (($2::bigint = 0 AND parent_id IS NULL) OR parent_id = $2)"
                                         " ORDER BY created_at DESC, id DESC LIMIT $3",
                                         owner, parent, limit);
        std::vector<Job> jobs;
        for (const auto &row : rows)
            jobs.push_back(readJob(row));
        return jobs;
    });
}

Result<std::optional<JobClaim>> JobQueue::take(const std::string &node, std::chrono::milliseconds block,
                                               std::chrono::milliseconds staleAfter)
{
    const std::string group(kGroup);
    // Entries settled on the way (cancelled while queued, out of attempts) do not end the search.
    for (int settled = 0; settled < 100; ++settled) {
        std::optional<Entry> found;
        for (JobPriority priority : kPriorities) {
            // An entry another node has not kept fresh for `staleAfter`: that node is gone. One
            // call looks at ten pending entries at most: follow the cursor through all of them.
            std::string cursor = "0-0";
            for (int pages = 0; !found && pages < 10'000; ++pages) {
                auto stale = m_redis.command({"XAUTOCLAIM", streamOf(priority), group, node,
                                              std::to_string(staleAfter.count()), cursor, "COUNT", "1"});
                if (!stale)
                    return std::unexpected(stale.error());
                if (stale->elements.size() >= 2 && !stale->elements[1].elements.empty())
                    found = entryOf(streamOf(priority), stale->elements[1].elements[0]);
                cursor = stale->elements.empty() ? std::string("0-0") : stale->elements[0].text;
                if (cursor == "0-0")
                    break;
            }
            if (found)
                break;
        }
        for (std::size_t i = 0; !found && i < kPriorities.size(); ++i) {
            auto read = m_redis.command(
                {"XREADGROUP", "GROUP", group, node, "COUNT", "1", "STREAMS", streamOf(kPriorities[i]), ">"});
            if (!read)
                return std::unexpected(read.error());
            found = firstRead(*read);
        }
        if (!found && block.count() > 0) {
            std::vector<std::string> wait{"XREADGROUP", "GROUP", group, node, "COUNT", "1",
                                          "BLOCK", std::to_string(block.count()), "STREAMS"};
            for (JobPriority priority : kPriorities)
                wait.push_back(streamOf(priority));
            for (std::size_t i = 0; i < kPriorities.size(); ++i)
                wait.emplace_back(">");
            auto read = m_redis.command(wait);
            if (!read)
                return std::unexpected(read.error());
            found = firstRead(*read);
            block = std::chrono::milliseconds(0); // waited once
        }
        if (!found)
            return std::optional<JobClaim>();
        auto claim = claimEntry(node, found->stream, found->id, found->job, staleAfter);
        if (!claim || *claim)
            return claim;
    }
    return std::optional<JobClaim>();
}

Result<std::optional<JobClaim>> JobQueue::claimEntry(const std::string &node, const std::string &stream,
                                                     const std::string &entry, const std::string &jobId,
                                                     std::chrono::milliseconds staleAfter)
{
    std::int64_t id = 0;
    try {
        id = std::stoll(jobId);
    } catch (const std::exception &) {
        logger("jobs")->error("msg=\"stream entry without a job id dropped\" stream={} entry={}", stream, entry);
        (void)acknowledge(stream, entry);
        return std::optional<JobClaim>();
    }
    enum class Outcome { Claimed, Settled, Busy };
    const double staleSeconds = std::chrono::duration<double>(staleAfter).count();
    std::optional<Job> job;
    auto outcome = m_database.run([&](pqxx::connection &connection) -> Result<Outcome> {
        pqxx::work tx(connection);
        // A running job is taken over only when its node has not reported for `staleAfter` too:
        // a node that cannot reach PostgreSQL for a while lets its entry go idle but is alive.
        const auto rows = tx.exec_params(
            "UPDATE jobs SET state = 'running', node = $2, attempt = attempt + 1,"
            " started_at = coalesce(started_at, now()), heartbeat_at = now()"
            " WHERE id = $1 AND NOT cancel_requested AND attempt < max_attempts AND (state = 'queued' OR"
            " (state = 'running' AND heartbeat_at < now() - $3 * interval '1 second'))"
            " RETURNING " BCF_JOB_COLUMNS,
            id, node, staleSeconds);
        if (!rows.empty()) {
            tx.commit();
            job = readJob(rows[0]);
            return Outcome::Claimed;
        }
        // Not runnable: a job cancelled while its node was gone ends Cancelled, one whose nodes
        // kept dying ends Failed; a finished or missing job just loses its entry.
        const auto settled = tx.exec_params(
            "UPDATE jobs SET state = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'failed' END,"
            " error = CASE WHEN cancel_requested THEN '' ELSE 'Its compute node stopped ' || attempt ||"
            " ' times; the job was given up.' END, finished_at = now()"
            " WHERE id = $1 AND (state = 'queued' OR"
            " (state = 'running' AND heartbeat_at < now() - $2 * interval '1 second')) RETURNING id",
            id, staleSeconds);
        const auto busy = tx.exec_params("SELECT 1 FROM jobs WHERE id = $1 AND state = 'running'", id);
        tx.commit();
        return settled.empty() && !busy.empty() ? Outcome::Busy : Outcome::Settled;
    });
    if (!outcome)
        return std::unexpected(outcome.error());
    if (*outcome == Outcome::Busy) {
        // Its node is alive: its next report takes the entry back (XCLAIM). Left pending here.
        logger("jobs")->info("msg=\"job still reported by its node; not taken over\" job={}", id);
        return std::optional<JobClaim>();
    }
    if (*outcome == Outcome::Settled) {
        auto ended = get(id, false);
        if (ended && isFinal(ended->state)) {
            publish(*ended);
            // The group first: the entry is the only trace of work left if this node dies now.
            if (ended->parent != 0)
                if (auto parentSettled = settleParent(ended->parent); !parentSettled)
                    return std::unexpected(parentSettled.error());
        }
        (void)acknowledge(stream, entry);
        return std::optional<JobClaim>();
    }
    if (job->parent != 0) {
        auto started = m_database.run([&](pqxx::connection &connection) {
            pqxx::work tx(connection);
            const auto rows = tx.exec_params(
                "UPDATE jobs SET state = 'running', started_at = coalesce(started_at, now()), node = $2"
                " WHERE id = $1 AND state = 'queued' RETURNING " BCF_JOB_COLUMNS,
                job->parent, std::string("(parts)"));
            tx.commit();
            return rows.empty() ? std::optional<Job>() : std::optional<Job>(readJob(rows[0]));
        });
        if (started && *started)
            publish(**started);
    }
    JobClaim claim{std::move(*job), node, stream, entry};
    logger("jobs")->info("msg=\"job claimed\" job={} kind={} attempt={} node={}", claim.job.id,
                         jobKindName(claim.job.kind), claim.job.attempt, node);
    publish(claim.job);
    return std::optional<JobClaim>(std::move(claim));
}

Result<JobControl> JobQueue::report(const JobClaim &claim, double progress, const std::string &message,
                                    const std::optional<std::string> &partialResult)
{
    progress = std::clamp(progress, 0.0, 1.0);
    auto state = m_database.run([&](pqxx::connection &connection) -> Result<std::optional<JobControl>> {
        pqxx::work tx(connection);
        const auto rows = tx.exec_params(
            "UPDATE jobs SET progress = $3, message = $4, heartbeat_at = now(),"
            " result = CASE WHEN $5 THEN decode($6, 'hex') ELSE result END"
            " WHERE id = $1 AND attempt = $2 AND state = 'running'"
            " RETURNING cancel_requested, now() > started_at + timeout_seconds * interval '1 second'",
            claim.job.id, claim.job.attempt, progress, message, partialResult.has_value(),
            partialResult ? toHex(*partialResult) : std::string());
        tx.commit();
        if (rows.empty())
            return std::optional<JobControl>();
        if (rows[0][0].as<bool>())
            return std::optional<JobControl>(JobControl::Cancel);
        return std::optional<JobControl>(rows[0][1].as<bool>() ? JobControl::TimedOut : JobControl::Continue);
    });
    if (!state)
        return std::unexpected(state.error());
    if (!*state)
        return JobControl::Lost;
    // Fresh again: no other node takes it over while this one reports.
    if (auto fresh = m_redis.command({"XCLAIM", claim.stream, std::string(kGroup), claim.node, "0", claim.entry, "JUSTID"});
        !fresh)
        return std::unexpected(fresh.error());
    Job job = claim.job;
    job.progress = progress;
    job.message = message;
    publish(job);
    if (job.parent != 0) {
        auto parent = m_database.run([&](pqxx::connection &connection) {
            pqxx::work tx(connection);
            const auto rows = tx.exec_params(
                "UPDATE jobs SET progress = (SELECT avg(CASE WHEN state = 'succeeded' THEN 1 ELSE progress END)"
                " FROM jobs WHERE parent_id = $1) WHERE id = $1 AND state = 'running' RETURNING " BCF_JOB_COLUMNS,
                job.parent);
            tx.commit();
            return rows.empty() ? std::optional<Job>() : std::optional<Job>(readJob(rows[0]));
        });
        if (parent && *parent)
            publish(**parent);
    }
    return **state;
}

Status JobQueue::saveCheckpoint(const JobClaim &claim, const std::string &state)
{
    auto saved = m_database.run([&](pqxx::connection &connection) -> Result<bool> {
        pqxx::work tx(connection);
        const auto rows = tx.exec_params("UPDATE jobs SET checkpoint = decode($3, 'hex')"
                                         " WHERE id = $1 AND attempt = $2 AND state = 'running' RETURNING id",
                                         claim.job.id, claim.job.attempt, toHex(state));
        tx.commit();
        return !rows.empty();
    });
    if (!saved)
        return std::unexpected(saved.error());
    if (!*saved)
        return std::unexpected(lost(claim.job.id));
    return {};
}

Result<std::optional<std::string>> JobQueue::checkpoint(std::int64_t id)
{
    return m_database.run([&](pqxx::connection &connection) -> Result<std::optional<std::string>> {
        pqxx::work tx(connection);
        const auto rows = tx.exec_params("SELECT encode(checkpoint, 'hex') FROM jobs WHERE id = $1", id);
        if (rows.empty() || rows[0][0].is_null())
            return std::optional<std::string>();
        return std::optional<std::string>(fromHex(rows[0][0].as<std::string>()));
    });
}

Result<Job> JobQueue::finish(const JobClaim &claim, JobState state, std::optional<std::string> result,
                             const std::string &error)
{
    auto finished = m_database.run([&](pqxx::connection &connection) -> Result<Job> {
        pqxx::work tx(connection);
        const bool succeeded = state == JobState::Succeeded;
        const auto rows = tx.exec_params(
            "UPDATE jobs SET state = $3, result = decode(nullif($4, ''), 'hex'), error = $5,"
            " progress = CASE WHEN $6 THEN 1 ELSE progress END, finished_at = now(), heartbeat_at = now(),"
            " checkpoint = NULL"
            " WHERE id = $1 AND attempt = $2 AND state = 'running' RETURNING " BCF_JOB_COLUMNS,
            claim.job.id, claim.job.attempt, std::string(jobStateName(state)), result ? toHex(*result) : std::string(),
            error, succeeded);
        if (rows.empty())
            return std::unexpected(lost(claim.job.id));
        tx.commit();
        return readJob(rows[0]);
    });
    if (!finished)
        return finished; // lost: the entry now belongs to the node that holds the job
    logger("jobs")->info("msg=\"job finished\" job={} state={} attempt={} node={}", finished->id,
                         jobStateName(finished->state), finished->attempt, claim.node);
    publish(*finished);
    // The group before the entry: if this node dies in between, the pending entry brings the
    // next node here (claimEntry settles the group of an ended part).
    if (finished->parent != 0)
        if (auto settled = settleParent(finished->parent); !settled)
            return finished;
    (void)acknowledge(claim.stream, claim.entry);
    return finished;
}

Status JobQueue::acknowledge(const std::string &stream, const std::string &entry)
{
    auto acked = m_redis.command({"XACK", stream, std::string(kGroup), entry});
    if (!acked)
        return std::unexpected(acked.error());
    (void)m_redis.command({"XDEL", stream, entry});
    return {};
}

// {"job":…,"owner":…,"kind":…,"state":…,"progress":…,"message":…,"attempt":…,"node":…,"parent":…}
// on bcf:jobs:events, and on the channel of the kind's news: optimization_progress /
// optimization_complete for optimizations, model_status / model_trained for training runs.
void JobQueue::publish(const Job &job)
{
    const std::string message =
        "{\"job\":" + std::to_string(job.id) + ",\"owner\":" + std::to_string(job.owner) +
        ",\"kind\":" + jsonString(jobKindName(job.kind)) + ",\"state\":" + jsonString(jobStateName(job.state)) +
        ",\"progress\":" + std::to_string(job.progress) + ",\"message\":" + jsonString(job.message) +
        ",\"error\":" + jsonString(job.error) + ",\"attempt\":" + std::to_string(job.attempt) +
        ",\"node\":" + jsonString(job.node) + ",\"parent\":" + std::to_string(job.parent) + "}";
    std::vector<std::string> channels{std::string(kEventsChannel)};
    if (job.kind == JobKind::Optimization)
        channels.emplace_back(job.state == JobState::Succeeded ? "optimization_complete" : "optimization_progress");
    if (job.kind == JobKind::Training)
        channels.emplace_back(job.state == JobState::Succeeded ? "model_trained" : "model_status");
    for (const std::string &channel : channels)
        if (auto sent = m_redis.command({"PUBLISH", channel, message}); !sent)
            logger("jobs")->warn("msg=\"job event not published\" job={} channel={} error={}", job.id, channel,
                                 quoted(sent.error().message));
}

} // namespace bcf::server
