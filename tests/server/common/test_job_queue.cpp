// The job bus against a real PostgreSQL and a real Redis (docs/jobs.md): priorities, claims fenced
// by attempt, a job whose node stops keeping it fresh taken over by another node and finished
// exactly once, cancel while queued and while running (with an optimization's children), timeouts,
// a job given up after its attempts, and the events published on Redis.
#include "common/job_queue.h"
#include "common/migrations.h"
#include "common/redis_subscriber.h"
#include "support/job_fixtures.h"
#include "support/local_services.h"

#include <QTest>

#include <mutex>

using namespace bcf;
using server::JobControl;
using server::JobKind;
using server::JobPriority;
using server::JobState;

class TestJobQueue final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    std::unique_ptr<server::Database> m_database;
    std::unique_ptr<server::RedisClient> m_redisClient;
    std::unique_ptr<server::JobQueue> m_queue;
    std::uint64_t m_owner = 0;

    server::NewJob job(const std::string &label, JobPriority priority = JobPriority::Normal)
    {
        server::NewJob request;
        request.owner = m_owner;
        request.kind = JobKind::Backtest;
        request.priority = priority;
        request.label = label;
        request.spec = std::string("spec\0with a zero byte", 21);
        return request;
    }

    // Takes without waiting; the claim or an empty optional.
    std::optional<server::JobClaim> take(const std::string &node,
                                         std::chrono::milliseconds staleAfter = std::chrono::minutes(1))
    {
        auto taken = m_queue->take(node, std::chrono::milliseconds(0), staleAfter);
        if (!taken) {
            qWarning("take: %s", taken.error().message.c_str());
            return std::nullopt;
        }
        return *taken;
    }

    void sql(const std::string &statement)
    {
        QVERIFY(m_database->run([&](pqxx::connection &connection) {
            pqxx::work tx(connection);
            tx.exec0(statement);
            tx.commit();
        }));
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        QVERIFY(m_postgres.createDatabase(QStringLiteral("jobs")));
        const server::DatabaseSettings settings = m_postgres.settings(QStringLiteral("jobs"));
        m_database = std::make_unique<server::Database>(settings, "", "test_job_queue");
        QVERIFY(m_database->run([](pqxx::connection &connection) {
            return server::migrate(connection, server::builtInMigrations());
        }));
        auto owner = test::insertTrader(*m_database);
        QVERIFY2(owner, owner ? "" : owner.error().message.c_str());
        m_owner = *owner;
        server::RedisSettings redis;
        redis.host = "127.0.0.1";
        redis.port = m_redis.port();
        m_redisClient = std::make_unique<server::RedisClient>(redis, "");
        m_queue = std::make_unique<server::JobQueue>(*m_database, *m_redisClient);
        QVERIFY(m_queue->ensureStreams());
        QVERIFY(m_queue->ensureStreams()); // twice: the group exists already
    }

    void highestPriorityFirstAndResultsStored()
    {
        const auto low = m_queue->submit(job("low", JobPriority::Low));
        const auto normal = m_queue->submit(job("normal"));
        const auto high = m_queue->submit(job("high", JobPriority::High));
        QVERIFY(low && normal && high);
        QCOMPARE(high->state, JobState::Queued);
        QCOMPARE(high->spec, std::string("spec\0with a zero byte", 21));

        std::vector<std::string> order;
        for (int i = 0; i < 3; ++i) {
            auto claim = take("node-a");
            QVERIFY(claim);
            QCOMPARE(claim->job.state, JobState::Running);
            QCOMPARE(claim->job.attempt, 1);
            QCOMPARE(claim->job.node, std::string("node-a"));
            order.push_back(claim->job.label);
            QCOMPARE(*m_queue->report(*claim, 0.5, "halfway"), JobControl::Continue);
            const auto done = m_queue->finish(*claim, JobState::Succeeded, std::string("result\0bytes", 12), {});
            QVERIFY2(done, done ? "" : done.error().message.c_str());
            QCOMPARE(done->state, JobState::Succeeded);
            QCOMPARE(done->progress, 1.0);
        }
        QCOMPARE(order, (std::vector<std::string>{"high", "normal", "low"}));
        QVERIFY(!take("node-a")); // nothing left
        const auto stored = m_queue->get(high->id);
        QVERIFY(stored);
        QCOMPARE(*stored->result, std::string("result\0bytes", 12));
        QVERIFY(stored->started && stored->finished);
        const auto listed = m_queue->list(m_owner, 10);
        QVERIFY(listed);
        QCOMPARE(listed->size(), std::size_t(3));
        QCOMPARE(listed->front().id, high->id); // newest first
    }

    void aJobWhoseNodeStoppedFinishesOnceOnAnother()
    {
        const auto submitted = m_queue->submit(job("orphan"));
        QVERIFY(submitted);
        auto first = take("node-a");
        QVERIFY(first);
        QCOMPARE(first->job.id, submitted->id);
        // node-a stops reporting; node-b does not take it while it is fresh…
        QVERIFY(!take("node-b", std::chrono::seconds(30)));
        // …and takes it over once it has been left for longer than staleAfter.
        QTest::qWait(300);
        auto second = take("node-b", std::chrono::milliseconds(200));
        QVERIFY(second);
        QCOMPARE(second->job.id, submitted->id);
        QCOMPARE(second->job.attempt, 2);
        QCOMPARE(second->job.node, std::string("node-b"));
        // node-a comes back: its progress and its result are refused.
        QCOMPARE(*m_queue->report(*first, 0.9, "late"), JobControl::Lost);
        const auto refused = m_queue->finish(*first, JobState::Succeeded, std::string("first"), {});
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::FailedPrecondition);
        // node-b's report keeps the entry fresh: nobody takes it over while node-b reports.
        QCOMPARE(*m_queue->report(*second, 0.5, "working"), JobControl::Continue);
        QVERIFY(!take("node-c", std::chrono::seconds(30)));
        const auto done = m_queue->finish(*second, JobState::Succeeded, std::string("second"), {});
        QVERIFY(done);
        QCOMPARE(*m_queue->get(submitted->id)->result, std::string("second"));
        QVERIFY(!take("node-c", std::chrono::milliseconds(1))); // acknowledged: nothing pending
    }

    void aJobIsGivenUpAfterItsAttempts()
    {
        auto request = job("crashes");
        request.maxAttempts = 2;
        const auto submitted = m_queue->submit(request);
        QVERIFY(submitted);
        QVERIFY(take("node-a"));
        QTest::qWait(100);
        QVERIFY(take("node-b", std::chrono::milliseconds(50))); // attempt 2
        QTest::qWait(100);
        QVERIFY(!take("node-c", std::chrono::milliseconds(50))); // no third attempt
        const auto given = m_queue->get(submitted->id);
        QCOMPARE(given->state, JobState::Failed);
        QVERIFY2(given->error.find("stopped 2 times") != std::string::npos, given->error.c_str());
    }

    void cancelWhileQueuedAndWhileRunning()
    {
        const auto queued = m_queue->submit(job("never runs"));
        QVERIFY(queued);
        const auto cancelled = m_queue->cancel(queued->id);
        QVERIFY(cancelled);
        QCOMPARE(cancelled->state, JobState::Cancelled);
        QVERIFY(!take("node-a")); // its entry is settled, not run
        QCOMPARE(m_queue->cancel(queued->id).error().code, ErrorCode::FailedPrecondition);
        QCOMPARE(m_queue->cancel(999999).error().code, ErrorCode::NotFound);

        // A running optimization and its queued shard: the shard ends now, the parent at its
        // node's next report.
        auto parentRequest = job("optimization", JobPriority::High);
        parentRequest.kind = JobKind::Optimization;
        const auto parent = m_queue->submit(parentRequest);
        QVERIFY(parent);
        auto running = take("node-a");
        QVERIFY(running);
        auto shardRequest = job("shard", JobPriority::Low);
        shardRequest.kind = JobKind::OptimizationShard;
        shardRequest.parent = parent->id;
        const auto shard = m_queue->submit(shardRequest);
        QVERIFY(shard);
        const auto asked = m_queue->cancel(parent->id);
        QVERIFY(asked);
        QCOMPARE(asked->state, JobState::Running);
        QVERIFY(asked->cancelRequested);
        QCOMPARE(m_queue->get(shard->id)->state, JobState::Cancelled);
        QCOMPARE(m_queue->list(m_owner, 10, parent->id)->size(), std::size_t(1));
        QCOMPARE(*m_queue->report(*running, 0.3, "busy"), JobControl::Cancel);
        QCOMPARE(m_queue->finish(*running, JobState::Cancelled, std::nullopt, {})->state, JobState::Cancelled);
        QVERIFY(!take("node-a"));
    }

    void aJobPastItsTimeoutIsToldSo()
    {
        auto request = job("slow");
        request.timeout = std::chrono::seconds(1);
        const auto submitted = m_queue->submit(request);
        QVERIFY(submitted);
        auto claim = take("node-a");
        QVERIFY(claim);
        QCOMPARE(*m_queue->report(*claim, 0.1, "started"), JobControl::Continue);
        QTest::qWait(1200);
        QCOMPARE(*m_queue->report(*claim, 0.2, "still going"), JobControl::TimedOut);
        const auto ended = m_queue->finish(*claim, JobState::TimedOut, std::nullopt, "Stopped after its 1 s timeout.");
        QCOMPARE(ended->state, JobState::TimedOut);
    }

    // A job in parts: the parent runs once a part runs, shows the parts' mean progress, and ends
    // with the merger's result when the last part ends; a failed part fails it; cancelling it
    // cancels the parts.
    void groupsEndWhenTheirLastPartEnds()
    {
        m_queue->setMerger(JobKind::Optimization, [](const server::Job &parent, const std::vector<server::Job> &parts) {
            std::string merged = std::to_string(parent.id) + ":";
            for (const server::Job &part : parts)
                merged += *part.result;
            return Result<std::string>(merged);
        });
        auto parentRequest = job("search");
        parentRequest.kind = JobKind::Optimization;
        std::vector<server::NewJob> parts;
        for (int i = 0; i < 2; ++i) {
            auto part = job("part " + std::to_string(i));
            part.kind = JobKind::OptimizationShard;
            parts.push_back(part);
        }
        const auto group = m_queue->submitGroup(parentRequest, parts);
        QVERIFY2(group, group ? "" : group.error().message.c_str());
        QCOMPARE(group->state, JobState::Queued);
        QCOMPARE(m_queue->list(m_owner, 10, group->id)->size(), std::size_t(2));

        auto first = take("node-a");
        auto second = take("node-b");
        QVERIFY(first && second);
        QCOMPARE(first->job.parent, group->id);
        QCOMPARE(m_queue->get(group->id)->state, JobState::Running);
        QVERIFY(!take("node-c")); // the parent itself is never taken
        QCOMPARE(*m_queue->report(*first, 0.5, "half"), JobControl::Continue);
        QCOMPARE(m_queue->get(group->id)->progress, 0.25);
        QVERIFY(m_queue->finish(*second, JobState::Succeeded, std::string("B"), {}));
        QCOMPARE(m_queue->get(group->id)->state, JobState::Running); // one part still running
        QVERIFY(m_queue->finish(*first, JobState::Succeeded, std::string("A"), {}));
        const auto merged = m_queue->get(group->id);
        QCOMPARE(merged->state, JobState::Succeeded);
        QCOMPARE(*merged->result, std::to_string(group->id) + ":" + (first->job.id < second->job.id ? "AB" : "BA"));

        // A failed part fails the group, naming it.
        const auto failing = m_queue->submitGroup(parentRequest, parts);
        QVERIFY(failing);
        auto a = take("node-a");
        auto b = take("node-b");
        QVERIFY(a && b);
        QVERIFY(m_queue->finish(*a, JobState::Failed, std::nullopt, "no candles"));
        QVERIFY(m_queue->finish(*b, JobState::Succeeded, std::string("B"), {}));
        const auto failed = m_queue->get(failing->id);
        QCOMPARE(failed->state, JobState::Failed);
        QVERIFY2(failed->error.find("no candles") != std::string::npos, failed->error.c_str());

        // Cancelling a group with one part running: the queued part ends now, the group when the
        // running part stops.
        const auto cancelled = m_queue->submitGroup(parentRequest, parts);
        QVERIFY(cancelled);
        auto running = take("node-a");
        QVERIFY(running);
        QCOMPARE(m_queue->cancel(cancelled->id)->state, JobState::Running);
        QCOMPARE(*m_queue->report(*running, 0.1, "busy"), JobControl::Cancel);
        QVERIFY(m_queue->finish(*running, JobState::Cancelled, std::nullopt, {}));
        QCOMPARE(m_queue->get(cancelled->id)->state, JobState::Cancelled);
        QVERIFY(!take("node-b"));

        // A queued group cancelled at once.
        const auto queued = m_queue->submitGroup(parentRequest, parts);
        QVERIFY(queued);
        QCOMPARE(m_queue->cancel(queued->id)->state, JobState::Cancelled);
        QVERIFY(!take("node-b"));
    }

    void eventsArePublished()
    {
        server::RedisSettings settings;
        settings.host = "127.0.0.1";
        settings.port = m_redis.port();
        std::mutex mutex;
        std::vector<std::string> messages;
        server::RedisSubscriber subscriber(settings, "", std::string(server::JobQueue::kEventsChannel),
                                           [&](const std::string &message) {
                                               std::lock_guard lock(mutex);
                                               messages.push_back(message);
                                           });
        subscriber.start();
        const auto count = [&] {
            std::lock_guard lock(mutex);
            return messages.size();
        };
        // The subscription is asynchronous: submit until one event arrives.
        QTRY_VERIFY_WITH_TIMEOUT((m_queue->submit(job("announced")), count() > 0), 10000);
        std::lock_guard lock(mutex);
        const std::string &first = messages.front();
        QVERIFY2(first.find("\"state\":\"queued\"") != std::string::npos, first.c_str());
        QVERIFY2(first.find("\"kind\":\"backtest\"") != std::string::npos, first.c_str());
    }
};

QTEST_GUILESS_MAIN(TestJobQueue)
#include "test_job_queue.moc"
