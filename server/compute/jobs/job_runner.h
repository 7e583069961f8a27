#pragma once

#include "common/candle_store.h"
#include "common/job_queue.h"
#include "common/model_registry.h"
#include "common/news_store.h"
#include "device.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bcf::compute {

struct JobRunnerSettings {
    std::string node;                            // this node's name, recorded on the jobs it runs
    int workers = 1;                             // jobs run at once, one thread each
    std::chrono::milliseconds block{1000};       // longest wait for a job in one take()
    std::chrono::milliseconds staleAfter{30000}; // a job not reported for this long is taken over
    std::chrono::milliseconds reportEvery{2000}; // progress reports (and cancel checks)
    int optimizerThreads = 1;                    // threads of one optimization (≤ 0: every core)
    ml::DeviceRequest device{"cpu", 1};          // where training jobs train ([compute])
};

// Runs the jobs of the job bus on this compute node (docs/jobs.md): `workers` threads each take a
// job from `queue`, run it (runBacktestJob, runOptimizationJob) while a companion thread reports
// its progress every `reportEvery` and learns of a cancel, a timeout or a takeover, and store its
// result: Succeeded with the serialized result, Failed with the error, Cancelled, TimedOut, or
// nothing when another node holds the job now. Redis or PostgreSQL being down is logged and
// retried with a backoff (up to 5 s); it never stops the runner.
//
// `queue`, `candles` and `models` must outlive the runner. The queue's RedisClient should be the runner's
// own: take() holds its connection for up to `block`. start() and stop() are called from one
// thread (the owner's).
class JobRunner final {
public:
    // `news` serves strategies that read sentiment() (null: they fail naming what is missing).
    JobRunner(server::JobQueue &queue, server::CandleStore &candles, server::ModelRegistry &models,
              JobRunnerSettings settings, server::NewsStore *news = nullptr);
    ~JobRunner();
    JobRunner(const JobRunner &) = delete;
    JobRunner &operator=(const JobRunner &) = delete;

    // Starts the workers (none when settings.workers ≤ 0). Once only.
    void start();
    // Stops the workers and waits for them. A running job is interrupted and left unfinished:
    // its entry stays pending and another node takes it over after staleAfter, which is what
    // happens when a node stops. A backtest whose run has begun cannot be interrupted: stop()
    // waits for it and stores its result.
    void stop();

private:
    struct RunningJob;

    void work(int worker);
    void runJob(const server::JobClaim &claim);
    // Reports `job`'s progress until it is done; sets its cancel flag when the job must stop.
    void reportLoop(const server::JobClaim &claim, RunningJob &job);
    // Waits `delay` or until stop(); false once stopping.
    bool sleepUnlessStopping(std::chrono::milliseconds delay);

    server::JobQueue &m_queue;
    server::CandleStore &m_candles;
    server::ModelRegistry &m_models;
    server::NewsStore *m_news = nullptr;
    JobRunnerSettings m_settings;
    std::mutex m_trainingMutex; // one training run per node at a time (LibTorch's seed is global)
    std::vector<std::thread> m_workers;
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_streamsReady{false};
    std::mutex m_mutex;
    std::condition_variable m_wake; // stop()
    std::mutex m_takeMutex;         // one worker in take() at a time
    std::mutex m_runningMutex;
    std::vector<RunningJob *> m_running; // the workers' current jobs, interrupted by stop()
};

} // namespace bcf::compute
