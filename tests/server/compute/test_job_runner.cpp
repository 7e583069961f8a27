// The compute node's job workers against a real PostgreSQL and a real Redis (docs/jobs.md): a
// backtest and a grid optimization submitted on the job bus run to the same result as a direct
// call, bad specs fail naming the field, a cancel stops a running optimization, and a job whose
// node stops is taken over by another node and finishes there once.
#include "common/job_queue.h"
#include "common/migrations.h"
#include "jobs/backtest_jobs.h"
#include "jobs/job_runner.h"
#include "support/job_fixtures.h"
#include "support/local_services.h"

#include <QElapsedTimer>
#include <QTest>

#include <map>

using namespace bcf;
using server::JobKind;
using server::JobState;

namespace {

using test::crossStrategy;
using test::kCandles;
using test::kHourMs;
using test::kStartMs;
using test::syntheticCandles;

} // namespace

class TestJobRunner final : public QObject {
    Q_OBJECT

private:
    // A compute node's job side: its own Redis connection, queue and runner.
    struct Node {
        Node(const server::RedisSettings &redisSettings, server::Database &database,
             server::CandleStore &candles, compute::JobRunnerSettings settings)
            : redis(redisSettings, ""), queue(database, redis), models(database),
              runner(queue, candles, models, std::move(settings))
        {}
        server::RedisClient redis;
        server::JobQueue queue;
        server::ModelRegistry models;
        compute::JobRunner runner;
    };

    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    server::RedisSettings m_redisSettings;
    std::unique_ptr<server::Database> m_database;
    std::unique_ptr<server::CandleStore> m_candles;
    std::unique_ptr<server::RedisClient> m_redisClient;
    std::unique_ptr<server::JobQueue> m_queue;
    std::uint64_t m_owner = 0;
    const std::atomic<bool> m_noCancel{false};

    std::unique_ptr<Node> node(const std::string &name,
                               std::chrono::milliseconds staleAfter = std::chrono::seconds(30),
                               int optimizerThreads = 1, int workers = 1)
    {
        compute::JobRunnerSettings settings;
        settings.node = name;
        settings.workers = workers;
        settings.block = std::chrono::milliseconds(200);
        settings.staleAfter = staleAfter;
        settings.reportEvery = std::chrono::milliseconds(200);
        settings.optimizerThreads = optimizerThreads;
        return std::make_unique<Node>(m_redisSettings, *m_database, *m_candles, settings);
    }

    static v1::BacktestSpec backtestSpec(const std::string &source)
    {
        v1::BacktestSpec spec;
        spec.set_strategy_source(source);
        spec.set_exchange("binance");
        spec.set_symbol("BTCUSDT");
        spec.set_timeframe("1h");
        spec.set_from_unix_ms(kStartMs);
        spec.set_to_unix_ms(kStartMs + kCandles * kHourMs);
        spec.set_initial_cash("10000");
        spec.set_fee_micros(1000);
        spec.set_slippage_micros(100);
        spec.set_tick_size("0.01");
        spec.set_lot_size("0.00001");
        return spec;
    }

    static v1::OptimizationSpec optimizationSpec(const std::string &source, std::int64_t maxTrials)
    {
        v1::OptimizationSpec spec;
        *spec.mutable_backtest() = backtestSpec(source);
        spec.set_method("grid");
        spec.set_objective("sharpe");
        spec.set_max_trials(maxTrials);
        return spec;
    }

    std::int64_t submit(JobKind kind, const std::string &spec, const std::string &label)
    {
        server::NewJob request;
        request.owner = m_owner;
        request.kind = kind;
        request.label = label;
        request.spec = spec;
        const auto job = m_queue->submit(request);
        if (!job) {
            qWarning("submit: %s", job.error().message.c_str());
            return 0;
        }
        return job->id;
    }

    server::Job job(std::int64_t id)
    {
        auto found = m_queue->get(id);
        if (!found) {
            qWarning("get: %s", found.error().message.c_str());
            return {};
        }
        return *found;
    }

    // Submits `spec` as a search in two parts and runs it on two nodes (each merges when it ends
    // the last part) until the parent ends; returns the parent.
    server::Job runInTwoParts(const v1::OptimizationSpec &spec, const std::string &label)
    {
        server::NewJob parent;
        parent.owner = m_owner;
        parent.kind = JobKind::Optimization;
        parent.label = label;
        v1::OptimizationSpec whole = spec;
        whole.set_shard_count(2);
        parent.spec = whole.SerializeAsString();
        std::vector<server::NewJob> parts;
        for (int part = 0; part < 2; ++part) {
            server::NewJob child = parent;
            child.kind = JobKind::OptimizationShard;
            v1::OptimizationSpec shard = whole;
            shard.set_shard_index(part);
            child.spec = shard.SerializeAsString();
            parts.push_back(child);
        }
        const auto group = m_queue->submitGroup(parent, parts);
        if (!group) {
            qWarning("submitGroup: %s", group.error().message.c_str());
            return {};
        }
        auto first = node("node-a");
        auto second = node("node-b");
        first->queue.setMerger(JobKind::Optimization, compute::mergeOptimizationParts);
        second->queue.setMerger(JobKind::Optimization, compute::mergeOptimizationParts);
        first->runner.start();
        second->runner.start();
        QElapsedTimer timer;
        timer.start();
        while (!server::isFinal(job(group->id).state) && timer.elapsed() < 120000)
            QTest::qWait(100);
        return job(group->id);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        QVERIFY(m_postgres.createDatabase(QStringLiteral("jobs")));
        const server::DatabaseSettings settings = m_postgres.settings(QStringLiteral("jobs"));
        m_database = std::make_unique<server::Database>(settings, "", "test_job_runner");
        QVERIFY(m_database->run([](pqxx::connection &connection) {
            return server::migrate(connection, server::builtInMigrations());
        }));
        auto owner = test::insertTrader(*m_database);
        QVERIFY2(owner, owner ? "" : owner.error().message.c_str());
        m_owner = *owner;
        m_candles = std::make_unique<server::CandleStore>(*m_database);
        const auto stored = m_candles->ingest("binance", "BTCUSDT", syntheticCandles());
        QVERIFY2(stored, stored ? "" : stored.error().message.c_str());
        QCOMPARE(*stored, std::size_t(kCandles));
        m_redisSettings.host = "127.0.0.1";
        m_redisSettings.port = m_redis.port();
        m_redisClient = std::make_unique<server::RedisClient>(m_redisSettings, "");
        m_queue = std::make_unique<server::JobQueue>(*m_database, *m_redisClient);
        QVERIFY(m_queue->ensureStreams());
    }

    void aBacktestJobRunsLikeADirectRun()
    {
        const v1::BacktestSpec spec =
            backtestSpec(crossStrategy("range 5..20 step 5", "range 20..60 step 10"));
        const std::int64_t id = submit(JobKind::Backtest, spec.SerializeAsString(), "backtest");
        QVERIFY(id > 0);
        auto computeNode = node("node-a");
        computeNode->runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(server::isFinal(job(id).state), 60000);
        const server::Job done = job(id);
        QCOMPARE(done.state, JobState::Succeeded);
        QCOMPARE(done.progress, 1.0);
        QCOMPARE(done.node, std::string("node-a"));
        QVERIFY(done.result);

        v1::BacktestSummary summary;
        QVERIFY(summary.ParseFromString(*done.result));
        const auto direct = compute::runBacktestJob(spec, *m_candles, m_noCancel);
        QVERIFY2(direct, direct ? "" : direct.error().message.c_str());
        QVERIFY(direct->metrics().trade_count() > 0);
        QCOMPARE(summary.metrics().net_profit(), direct->metrics().net_profit());
        QCOMPARE(summary.metrics().trade_count(), direct->metrics().trade_count());
        QCOMPARE(summary.metrics().sharpe(), direct->metrics().sharpe());
        QCOMPARE(summary.bars(), std::int64_t(kCandles));
        // The start and 3000 closes thinned to 2000 points, evenly, the first and the last kept.
        QCOMPARE(summary.equity_size(), 2000);
        QCOMPARE(summary.equity(0).time_unix_ms(), kStartMs);
        QCOMPARE(summary.equity(0).equity(), std::string("10000"));
        QCOMPARE(summary.equity(1999).time_unix_ms(), kStartMs + kCandles * kHourMs);
        QCOMPARE(summary.equity(1999).equity(), direct->equity(1999).equity());
    }

    void aGridOptimizationFindsTheDirectRunsBest()
    {
        const v1::OptimizationSpec spec =
            optimizationSpec(crossStrategy("range 5..20 step 5", "range 20..60 step 10"), 100);
        const std::int64_t id = submit(JobKind::Optimization, spec.SerializeAsString(), "grid");
        QVERIFY(id > 0);
        auto computeNode = node("node-a", std::chrono::seconds(30), 2);
        computeNode->runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(server::isFinal(job(id).state), 120000);
        const server::Job done = job(id);
        QVERIFY2(done.state == JobState::Succeeded, done.error.c_str());
        QCOMPARE(done.progress, 1.0);

        v1::OptimizationReport report;
        QVERIFY(report.ParseFromString(*done.result));
        std::int64_t lastTotal = 0;
        const auto direct = compute::runOptimizationJob(
            spec, *m_candles, 1, [&](std::int64_t, std::int64_t total) { lastTotal = total; },
            m_noCancel);
        QVERIFY2(direct, direct ? "" : direct.error().message.c_str());
        QCOMPARE(report.trials_size(), 4 * 5); // fast 5, 10, 15, 20 × slow 20 … 60
        QCOMPARE(direct->trials_size(), 4 * 5);
        QCOMPARE(lastTotal, std::int64_t(4 * 5));
        QVERIFY(report.best_index() >= 0);
        QCOMPARE(report.best_index(), direct->best_index());
        const auto &best = report.trials(static_cast<int>(report.best_index()));
        QVERIFY(best.ok());
        QCOMPARE(best.objective(),
                 direct->trials(static_cast<int>(direct->best_index())).objective());
        QCOMPARE(best.metrics().sharpe(), best.objective());
        QCOMPARE(report.deflated_sharpe(), direct->deflated_sharpe());
    }

    // A grid search split in two parts run by two nodes: the parent's merged report is the one
    // a single node computes (every trial in order, the best, PBO and the deflated Sharpe).
    void aSplitOptimizationMergesToTheSingleNodeResult()
    {
        const v1::OptimizationSpec spec =
            optimizationSpec(crossStrategy("range 5..20 step 5", "range 20..60 step 10"), 100);
        const server::Job done = runInTwoParts(spec, "split grid");
        QVERIFY2(done.state == JobState::Succeeded, done.error.c_str());
        const auto children = m_queue->list(m_owner, 10, done.id);
        QCOMPARE(children->size(), std::size_t(2));
        for (const server::Job &child : *children)
            QCOMPARE(child.state, JobState::Succeeded);

        v1::OptimizationReport merged;
        QVERIFY(merged.ParseFromString(*done.result));
        const auto direct = compute::runOptimizationJob(spec, *m_candles, 1, {}, m_noCancel);
        QVERIFY2(direct, direct ? "" : direct.error().message.c_str());
        QCOMPARE(merged.trials_size(), direct->trials_size());
        for (int i = 0; i < merged.trials_size(); ++i) {
            QCOMPARE(merged.trials(i).index(), std::int64_t(i));
            const auto &params = merged.trials(i).params();
            const auto &expected = direct->trials(i).params();
            const std::map<std::string, double> mergedParams(params.begin(), params.end());
            const std::map<std::string, double> directParams(expected.begin(), expected.end());
            QVERIFY(mergedParams == directParams);
            QCOMPARE(merged.trials(i).objective(), direct->trials(i).objective());
            QVERIFY(!merged.trials(i).has_returns());
        }
        QCOMPARE(merged.best_index(), direct->best_index());
        QCOMPARE(merged.probability_of_overfitting(), direct->probability_of_overfitting());
        QCOMPARE(merged.deflated_sharpe(), direct->deflated_sharpe());
    }

    // A genetic search in two parts runs as two islands, one per node: each is the search from
    // its own seed with half the budget; the merge keeps every trial of both and the best of all.
    void aGeneticSearchRunsAsIslands()
    {
        v1::OptimizationSpec spec =
            optimizationSpec(crossStrategy("range 2..40 step 1", "range 20..120 step 2"), 120);
        spec.set_method("genetic");
        spec.set_seed(5);
        std::vector<v1::OptimizationReport> islands;
        for (int part = 0; part < 2; ++part) {
            v1::OptimizationSpec island = spec;
            island.set_shard_count(2);
            island.set_shard_index(part);
            const auto direct = compute::runOptimizationJob(island, *m_candles, 1, {}, m_noCancel);
            QVERIFY2(direct, direct ? "" : direct.error().message.c_str());
            QVERIFY(direct->trials_size() > 0 && direct->trials_size() <= 60); // half the budget each
            islands.push_back(*direct);
        }
        // Island 0 is the plain search from the same seed with its share of the budget.
        v1::OptimizationSpec half = spec;
        half.set_max_trials(60);
        const auto plain = compute::runOptimizationJob(half, *m_candles, 1, {}, m_noCancel);
        QVERIFY2(plain, plain ? "" : plain.error().message.c_str());
        QCOMPARE(plain->trials_size(), islands[0].trials_size());
        QCOMPARE(plain->trials(3).objective(), islands[0].trials(3).objective());
        QVERIFY(islands[0].trials(0).params().at("fast") != islands[1].trials(0).params().at("fast") ||
                islands[0].trials(0).params().at("slow") != islands[1].trials(0).params().at("slow"));

        const server::Job done = runInTwoParts(spec, "islands");
        QVERIFY2(done.state == JobState::Succeeded, done.error.c_str());
        v1::OptimizationReport merged;
        QVERIFY(merged.ParseFromString(*done.result));
        QCOMPARE(merged.trials_size(), islands[0].trials_size() + islands[1].trials_size());
        QCOMPARE(merged.total_trials(), std::int64_t(merged.trials_size()));
        double best = -1e300;
        for (int i = 0; i < merged.trials_size(); ++i) {
            const auto &from = i < islands[0].trials_size() ? islands[0].trials(i)
                                                            : islands[1].trials(i - islands[0].trials_size());
            QCOMPARE(merged.trials(i).index(), std::int64_t(i));
            QCOMPARE(merged.trials(i).objective(), from.objective());
            if (merged.trials(i).ok())
                best = std::max(best, merged.trials(i).objective());
        }
        QVERIFY(merged.best_index() >= 0);
        QCOMPARE(merged.trials(int(merged.best_index())).objective(), best);
    }

    void badSpecsFailNamingTheField()
    {
        v1::BacktestSpec badTimeframe = backtestSpec(crossStrategy("", ""));
        badTimeframe.set_timeframe("7m");
        const v1::BacktestSpec badStrategy = backtestSpec("long entry when nosuch(close) > 1\n");
        v1::BacktestSpec noCandles = backtestSpec(crossStrategy("", ""));
        noCandles.set_symbol("ETHUSDT");
        v1::OptimizationSpec badMethod =
            optimizationSpec(crossStrategy("range 5..20 step 5", ""), 100);
        badMethod.set_method("exhaustive");
        v1::OptimizationSpec badTick =
            optimizationSpec(crossStrategy("range 5..20 step 5", ""), 100);
        badTick.mutable_backtest()->set_tick_size("-1");

        struct Case {
            JobKind kind;
            std::string spec;
            std::string error;
        };
        const std::vector<Case> cases{
            {JobKind::Backtest, badTimeframe.SerializeAsString(),
             "timeframe: '7m' is not a timeframe"},
            {JobKind::Backtest, badStrategy.SerializeAsString(), "strategy: 1:"},
            {JobKind::Backtest, noCandles.SerializeAsString(),
             "no stored 1h candles of binance ETHUSDT between "},
            {JobKind::Backtest, std::string("\x0a\xff", 2),
             "the job's spec is not a valid backtest request"},
            {JobKind::Optimization, badMethod.SerializeAsString(),
             "method: 'exhaustive' is not grid"},
            {JobKind::Optimization, badTick.SerializeAsString(), "backtest.tick_size: '-1'"},
            {JobKind::Training, "", "model name: '' must be 1 to 64"},
            {JobKind::Training, std::string("\x0a\xff", 2), "the job's spec is not a training request"},
        };
        std::vector<std::int64_t> ids;
        for (const Case &c : cases)
            ids.push_back(submit(c.kind, c.spec, "bad"));
        auto computeNode = node("node-a", std::chrono::seconds(30), 1, 3);
        computeNode->runner.start();
        for (std::size_t i = 0; i < cases.size(); ++i) {
            QTRY_VERIFY_WITH_TIMEOUT(server::isFinal(job(ids[i]).state), 60000);
            const server::Job done = job(ids[i]);
            QCOMPARE(done.state, JobState::Failed);
            QVERIFY2(done.error.starts_with(cases[i].error), done.error.c_str());
            QVERIFY(!done.result);
        }
    }

    void aCancelStopsARunningOptimization()
    {
        // 100 × 100 parameter sets: far more than the test waits for.
        const v1::OptimizationSpec spec =
            optimizationSpec(crossStrategy("range 2..101 step 1", "range 20..119 step 1"), 10'000);
        const std::int64_t id = submit(JobKind::Optimization, spec.SerializeAsString(), "long");
        QVERIFY(id > 0);
        auto computeNode = node("node-a");
        computeNode->runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(job(id).progress > 0, 60000);
        const auto asked = m_queue->cancel(id);
        QVERIFY2(asked, asked ? "" : asked.error().message.c_str());
        QTRY_VERIFY_WITH_TIMEOUT(server::isFinal(job(id).state), 60000);
        const server::Job done = job(id);
        QCOMPARE(done.state, JobState::Cancelled);
        QVERIFY(done.progress < 1);
        QVERIFY(!done.result);
    }

    void aJobOfAStoppedNodeFinishesOnAnother()
    {
        // 100 × 100 parameter sets: seconds of work, long enough to stop the first node midway.
        const v1::OptimizationSpec spec =
            optimizationSpec(crossStrategy("range 2..101 step 1", "range 20..119 step 1"), 10'000);
        const std::int64_t id = submit(JobKind::Optimization, spec.SerializeAsString(), "orphan");
        QVERIFY(id > 0);
        auto first = node("node-a", std::chrono::seconds(1));
        first->runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(job(id).progress > 0, 60000);
        first->runner.stop();
        server::Job left = job(id);
        QCOMPARE(left.state, JobState::Running); // left unfinished, for another node
        QCOMPARE(left.attempt, 1);
        QCOMPARE(left.node, std::string("node-a"));

        auto second = node("node-b", std::chrono::seconds(1), 2);
        second->runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(server::isFinal(job(id).state), 180000);
        const server::Job done = job(id);
        QVERIFY2(done.state == JobState::Succeeded, done.error.c_str());
        QCOMPARE(done.attempt, 2);
        QCOMPARE(done.node, std::string("node-b"));
        v1::OptimizationReport report;
        QVERIFY(report.ParseFromString(*done.result));
        QCOMPARE(report.trials_size(), 100 * 100);
        // Finished once: nothing of it is left on the bus.
        second->runner.stop();
        auto taken =
            m_queue->take("node-c", std::chrono::milliseconds(0), std::chrono::milliseconds(1));
        QVERIFY2(taken, taken ? "" : taken.error().message.c_str());
        QVERIFY(!*taken);
    }
};

QTEST_GUILESS_MAIN(TestJobRunner)
#include "test_job_runner.moc"
