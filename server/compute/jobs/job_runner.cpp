#include "jobs/job_runner.h"

#include "common/backoff.h"
#include "common/logging.h"
#include "jobs/backtest_jobs.h"
#include "jobs/training_jobs.h"

#include <fmt/format.h>

#include <algorithm>

namespace bcf::compute {
namespace {

using namespace std::chrono_literals;

std::unexpected<Error> badSpec(server::JobKind kind)
{
    return makeError(ErrorCode::InvalidArgument, "the job's spec is not a valid " +
                                                     std::string(server::jobKindName(kind)) +
                                                     " request");
}

} // namespace

// One job on a worker: its cancel flag and progress, shared with the reporter thread.
struct JobRunner::RunningJob {
    std::atomic<bool> cancel{false};
    std::atomic<std::int64_t> done{0};
    std::atomic<std::int64_t> total{0};
    std::mutex mutex;
    std::condition_variable ended;
    bool finished = false;                                     // guarded by mutex
    std::string message;                    // guarded by mutex; set by jobs that say more than a count
    std::optional<std::string> partial;     // guarded by mutex; the result so far (training)
    server::JobControl control = server::JobControl::Continue; // guarded by mutex
};

JobRunner::JobRunner(server::JobQueue &queue, server::CandleStore &candles,
                     server::ModelRegistry &models, JobRunnerSettings settings, server::NewsStore *news)
    : m_queue(queue), m_candles(candles), m_models(models), m_news(news), m_settings(std::move(settings))
{}

JobRunner::~JobRunner() { stop(); }

void JobRunner::start()
{
    for (int i = 0; i < m_settings.workers; ++i)
        m_workers.emplace_back(&JobRunner::work, this, i);
    server::logger("jobs")->info(
        "msg=\"job workers started\" node={} workers={} optimizer_threads={}", m_settings.node,
        m_settings.workers, m_settings.optimizerThreads);
}

void JobRunner::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping.exchange(true))
            return;
    }
    m_wake.notify_all();
    {
        std::lock_guard lock(m_runningMutex);
        for (RunningJob *job : m_running)
            job->cancel = true;
    }
    for (std::thread &worker : m_workers)
        worker.join();
    if (!m_workers.empty())
        server::logger("jobs")->info("msg=\"job workers stopped\" node={}", m_settings.node);
    m_workers.clear();
}

bool JobRunner::sleepUnlessStopping(std::chrono::milliseconds delay)
{
    std::unique_lock lock(m_mutex);
    return !m_wake.wait_for(lock, delay, [this] { return m_stopping.load(); });
}

void JobRunner::work(int worker)
{
    auto log = server::logger("jobs");
    server::Backoff backoff(200ms, 5s);
    while (!m_stopping) {
        // The streams and their group: missing when Redis was down at start, or restarted
        // without its data.
        if (!m_streamsReady) {
            if (auto ensured = m_queue.ensureStreams(); !ensured) {
                const auto delay = backoff.nextDelay();
                log->warn("msg=\"job streams not ready; retrying\" worker={} retry_ms={} error={}",
                          worker, delay.count(), server::quoted(ensured.error().message));
                sleepUnlessStopping(delay);
                continue;
            }
            m_streamsReady = true;
        }
        // One worker waits for a job at a time: a waiting take() holds the queue's Redis
        // connection, and every idle worker queueing behind it would delay the running jobs'
        // reports and stop() by a `block` each.
        std::unique_lock takeLock(m_takeMutex);
        if (m_stopping)
            break;
        auto taken = m_queue.take(m_settings.node, m_settings.block, m_settings.staleAfter);
        takeLock.unlock();
        if (!taken) {
            if (taken.error().message.find("NOGROUP") != std::string::npos)
                m_streamsReady = false;
            const auto delay = backoff.nextDelay();
            log->warn("msg=\"could not take a job; retrying\" worker={} retry_ms={} error={}",
                      worker, delay.count(), server::quoted(taken.error().message));
            sleepUnlessStopping(delay);
            continue;
        }
        backoff.reset();
        if (!*taken)
            continue;
        if (m_stopping) {
            // Claimed while stopping: left pending, like a job this node was running.
            log->info("msg=\"job left to another node\" job={} reason=stopping", (*taken)->job.id);
            break;
        }
        runJob(**taken);
    }
}

void JobRunner::runJob(const server::JobClaim &claim)
{
    auto log = server::logger("jobs");
    const server::Job &job = claim.job;
    const std::string kind(server::jobKindName(job.kind));
    log->info("msg=\"job started\" job={} kind={} attempt={} node={} label={}", job.id, kind,
              job.attempt, claim.node, server::quoted(job.label));
    const auto started = std::chrono::steady_clock::now();

    RunningJob running;
    {
        std::lock_guard lock(m_runningMutex);
        m_running.push_back(&running);
    }
    if (m_stopping)
        running.cancel = true; // stop() may have gone through the list before this job joined it
    std::thread reporter(&JobRunner::reportLoop, this, std::cref(claim), std::ref(running));

    const auto progress = [&running](std::int64_t done, std::int64_t total) {
        running.total = total;
        running.done = done;
    };
    Result<std::string> outcome = [&]() -> Result<std::string> {
        try {
            switch (job.kind) {
            case server::JobKind::Backtest: {
                v1::BacktestSpec spec;
                if (!spec.ParseFromString(job.spec))
                    return badSpec(job.kind);
                auto summary = runBacktestJob(spec, m_candles, running.cancel, &m_models, m_news);
                if (!summary)
                    return std::unexpected(summary.error());
                return summary->SerializeAsString();
            }
            case server::JobKind::Optimization:
            case server::JobKind::OptimizationShard: {
                v1::OptimizationSpec spec;
                if (!spec.ParseFromString(job.spec))
                    return badSpec(job.kind);
                auto report = runOptimizationJob(spec, m_candles, m_settings.optimizerThreads,
                                                 progress, running.cancel, &m_models, m_news);
                if (!report)
                    return std::unexpected(report.error());
                return report->SerializeAsString();
            }
            case server::JobKind::Training: {
                std::lock_guard training(m_trainingMutex);
                // A run taken over from a node that died goes on from its last resume point.
                TrainingResume resume;
                if (job.attempt > 1) {
                    auto stored = m_queue.checkpoint(job.id);
                    if (!stored)
                        return std::unexpected(stored.error());
                    resume.from = std::move(*stored);
                    if (resume.from)
                        log->info("msg=\"training resumes from the last node's resume point\" job={} attempt={} "
                                  "bytes={}",
                                  job.id, job.attempt, resume.from->size());
                }
                resume.save = [&](const std::string &state) {
                    if (auto saved = m_queue.saveCheckpoint(claim, state); !saved)
                        log->warn("msg=\"resume point not stored\" job={} error={}", job.id,
                                  server::quoted(saved.error().message));
                };
                auto report = runTrainingJob(
                    job, m_candles, m_models, m_settings.device,
                    [&running](double done, const std::string &message, const std::string &partial) {
                        std::lock_guard lock(running.mutex);
                        running.message = message;
                        running.partial = partial;
                        running.total = 1'000'000;
                        running.done = static_cast<std::int64_t>(done * 1'000'000);
                    },
                    running.cancel, resume);
                if (!report)
                    return std::unexpected(report.error());
                return report->SerializeAsString();
            }
            }
            return badSpec(job.kind);
        } catch (const std::exception &error) {
            // Broken input must not take the worker down with it.
            return makeError(ErrorCode::Internal, std::string("the job failed: ") + error.what());
        }
    }();

    {
        std::lock_guard lock(running.mutex);
        running.finished = true;
    }
    running.ended.notify_all();
    reporter.join();
    {
        std::lock_guard lock(m_runningMutex);
        std::erase(m_running, &running);
    }
    const server::JobControl control = running.control; // the reporter has ended
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    if (control == server::JobControl::Lost) {
        log->warn("msg=\"job lost to another node\" job={} attempt={} seconds={:.1f}", job.id,
                  job.attempt, seconds);
        return;
    }
    server::JobState state = server::JobState::Succeeded;
    std::optional<std::string> result;
    std::string error;
    if (control == server::JobControl::Cancel) {
        state = server::JobState::Cancelled;
    } else if (control == server::JobControl::TimedOut) {
        state = server::JobState::TimedOut;
        error = "Stopped after its " + std::to_string(job.timeout.count()) + " s timeout.";
    } else if (outcome) {
        result = std::move(*outcome);
    } else if (m_stopping && outcome.error().code == ErrorCode::FailedPrecondition &&
               outcome.error().message == kCancelledMessage) {
        // Interrupted by stop(): the entry stays pending and another node takes the job over.
        log->info(
            "msg=\"job left to another node\" job={} attempt={} reason=stopping seconds={:.1f}",
            job.id, job.attempt, seconds);
        return;
    } else {
        state = server::JobState::Failed;
        error = outcome.error().message;
    }
    log->info("msg=\"job ended\" job={} kind={} state={} attempt={} seconds={:.1f} error={}",
              job.id, kind, server::jobStateName(state), job.attempt, seconds,
              server::quoted(error));

    server::Backoff backoff(200ms, 5s);
    for (int attempt = 1;; ++attempt) {
        auto finished = m_queue.finish(claim, state, result, error);
        if (finished)
            return;
        if (finished.error().code == ErrorCode::FailedPrecondition) {
            log->warn("msg=\"job result refused\" job={} attempt={} error={}", job.id, job.attempt,
                      server::quoted(finished.error().message));
            return;
        }
        if (attempt >= 5 || !sleepUnlessStopping(backoff.nextDelay())) {
            // The entry stays pending: another node runs the job again after staleAfter.
            log->error("msg=\"job result not stored\" job={} attempt={} error={}", job.id,
                       job.attempt, server::quoted(finished.error().message));
            return;
        }
    }
}

void JobRunner::reportLoop(const server::JobClaim &claim, RunningJob &job)
{
    auto log = server::logger("jobs");
    std::unique_lock lock(job.mutex);
    for (;;) {
        if (job.ended.wait_for(lock, m_settings.reportEvery, [&job] { return job.finished; }))
            return;
        lock.unlock();
        const std::int64_t total = job.total;
        const std::int64_t done = std::min(job.done.load(), total);
        const double progress =
            total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0;
        std::string message = total > 0 ? fmt::format("{} of {} trials", done, total) : "running";
        std::optional<std::string> partial;
        {
            std::lock_guard guard(job.mutex);
            if (!job.message.empty())
                message = job.message;
            partial.swap(job.partial);
        }
        auto control = m_queue.report(claim, progress, message, partial);
        lock.lock();
        if (!control) {
            log->warn("msg=\"job progress not reported\" job={} error={}", claim.job.id,
                      server::quoted(control.error().message));
            continue;
        }
        if (*control == server::JobControl::Continue)
            continue;
        if (job.control == server::JobControl::Continue || *control == server::JobControl::Lost)
            job.control = *control;
        job.cancel = true;
        // Lost: nothing more to say. Cancel and TimedOut: keep the entry fresh until the run
        // returns, so no other node takes over a job that is about to end.
        if (*control == server::JobControl::Lost)
            return;
    }
}

} // namespace bcf::compute
