// Compute jobs end to end (docs/jobs.md), everything real: bcf-core and two bcf-compute processes
// over TLS gRPC, a private PostgreSQL and Redis. A backtest submitted to bcf-core runs on a compute
// node and its result comes back through GetJob; a grid optimization is split across both nodes
// and merged; a node killed with SIGKILL in the middle of its part loses it to the other node,
// which finishes it once; a cancel stops a running search.
#include "common/candle_store.h"
#include "common/database.h"
#include "common/market_store.h"
#include "common/redis_client.h"
#include "common/tls.h"
#include "support/grpc_sessions.h"
#include "support/job_fixtures.h"
#include "support/job_waits.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <bcf/v1/jobs.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QTest>

using namespace bcf;
using test::describe;
using test::ended;
using test::waitFor;

namespace {

constexpr const char *kPassword = "Compute-Jobs-2026";

v1::BacktestSpec backtest(const std::string &source)
{
    v1::BacktestSpec spec;
    spec.set_strategy_source(source);
    spec.set_symbol("BTCUSDT");
    spec.set_timeframe("1h");
    spec.set_from_unix_ms(test::kStartMs);
    spec.set_to_unix_ms(test::kStartMs + test::kCandles * test::kHourMs);
    return spec;
}

} // namespace

class TestComputeJobs final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    test::TestCertificates m_certificates;
    std::unique_ptr<test::ServerProcess> m_core;
    std::unique_ptr<test::ServerProcess> m_computes[2];
    quint16 m_corePort = 0;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<v1::JobService::Stub> m_jobs;
    test::Sessions m_sessions;
    std::unique_ptr<server::RedisClient> m_redisClient;

    QString computeConfig(int index)
    {
        return test::serverConfig(QStringLiteral("compute-%1").arg(index + 1), test::freePort(), m_postgres,
                                  m_redis.port(), m_certificates,
                                  QStringLiteral("\n[compute]\ndevice = \"cpu\"\nthreads = 1\n\n[collector]\n"
                                                 "enabled = false\n\n[jobs]\nworkers = 1\nstale_after_seconds = 5\n"
                                                 "report_seconds = 1\noptimizer_threads = 1\n"));
    }

    v1::Job get(std::int64_t id, bool withResult = false)
    {
        return test::getJob(*m_jobs, *m_sessions.as("alice"), id, withResult);
    }


    std::vector<v1::Job> parts(std::int64_t parent)
    {
        v1::ListJobsRequest request;
        request.set_parent_id(parent);
        v1::ListJobsResponse response;
        if (!m_jobs->ListJobs(m_sessions.as("alice").get(), request, &response).ok())
            return {};
        return {response.jobs().begin(), response.jobs().end()};
    }

    v1::Job optimize(const std::string &source, std::int64_t maxTrials, const std::string &method = "grid")
    {
        v1::SubmitOptimizationRequest request;
        *request.mutable_spec()->mutable_backtest() = backtest(source);
        request.mutable_spec()->set_method(method);
        request.mutable_spec()->set_max_trials(maxTrials);
        v1::Job job;
        const grpc::Status status = m_jobs->SubmitOptimization(m_sessions.as("alice").get(), request, &job);
        if (!status.ok())
            qWarning("SubmitOptimization: %s", describe(status).constData());
        return job;
    }


    long long liveComputeNodes()
    {
        auto keys = m_redisClient->command({"KEYS", "bcf:compute:node:*"});
        return keys ? static_cast<long long>(keys->elements.size()) : -1;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_certificates.ok());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("botcriptofy")), qPrintable(m_postgres.error()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        m_corePort = test::freePort();
        m_core = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_CORE_BINARY), QStringLiteral("core"));
        QVERIFY(m_core->start(test::serverConfig(QStringLiteral("core-jobs"), m_corePort, m_postgres, m_redis.port(),
                                                 m_certificates, test::authSection(m_certificates))));
        const QString ca = m_certificates.path(QStringLiteral("ca.crt"));
        QVERIFY2(m_core->waitServing(m_corePort, ca), qPrintable(m_core->output()));
        QVERIFY(test::addUser(QStringLiteral(BCF_CTL_BINARY), m_core->configPath(), QStringLiteral("alice"),
                              QStringLiteral("trader"), QString::fromLatin1(kPassword)));

        // What a collector would have stored: the instrument and its candles.
        const server::DatabaseSettings settings = m_postgres.settings(QStringLiteral("botcriptofy"));
        server::Database database(settings, "", "test_compute_jobs");
        QVERIFY(server::InstrumentStore(database).upsert({test::btcusdt()}));
        const auto stored = server::CandleStore(database).ingest("binance", "BTCUSDT", test::syntheticCandles());
        QVERIFY2(stored, stored ? "" : stored.error().message.c_str());

        for (int i = 0; i < 2; ++i) {
            m_computes[i] = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_COMPUTE_BINARY),
                                                                  QStringLiteral("compute-%1").arg(i + 1));
            QVERIFY(m_computes[i]->start(computeConfig(i)));
        }
        server::RedisSettings redis;
        redis.host = "127.0.0.1";
        redis.port = m_redis.port();
        m_redisClient = std::make_unique<server::RedisClient>(redis, "");
        QTRY_COMPARE_WITH_TIMEOUT(liveComputeNodes(), 2LL, 30000);

        auto credentials = server::makeChannelCredentials(ca.toStdString());
        // As the workstation's: a 40,000-trial report is above gRPC's default 4 MB.
        grpc::ChannelArguments arguments;
        arguments.SetMaxReceiveMessageSize(64 * 1024 * 1024);
        m_channel = grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(m_corePort), *credentials, arguments);
        m_jobs = v1::JobService::NewStub(m_channel);
        m_sessions.reset(m_channel, kPassword);
    }

    void aBacktestRunsOnAComputeNode()
    {
        v1::SubmitBacktestRequest request;
        *request.mutable_spec() = backtest(test::crossStrategy("", ""));
        v1::Job job;
        const grpc::Status status = m_jobs->SubmitBacktest(m_sessions.as("alice").get(), request, &job);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY(waitFor([&] { return ended(get(job.id())); }, 60000));
        const v1::Job done = get(job.id(), true);
        QVERIFY2(done.state() == v1::JOB_STATE_SUCCEEDED, done.error().c_str());
        QCOMPARE(done.attempt(), 1);
        QVERIFY(done.node() == "compute-1" || done.node() == "compute-2");
        QCOMPARE(done.result_case(), v1::Job::kBacktest);
        QCOMPARE(done.backtest().bars(), std::int64_t(test::kCandles));
        QVERIFY(done.backtest().metrics().trade_count() > 0);
        QVERIFY(done.backtest().equity_size() > 0 && done.backtest().equity_size() <= 2000);
    }

    void aGridSearchIsSplitAcrossBothNodes()
    {
        const v1::Job job = optimize(test::crossStrategy("range 5..20 step 5", "range 20..60 step 10"), 100);
        QVERIFY(job.id() > 0);
        QVERIFY(waitFor([&] { return ended(get(job.id())); }, 120000));
        const v1::Job done = get(job.id(), true);
        QVERIFY2(done.state() == v1::JOB_STATE_SUCCEEDED, done.error().c_str());
        const auto split = parts(job.id());
        QCOMPARE(split.size(), std::size_t(2));
        for (const v1::Job &part : split) {
            QCOMPARE(part.kind(), v1::JOB_KIND_OPTIMIZATION_SHARD);
            QCOMPARE(part.state(), v1::JOB_STATE_SUCCEEDED);
        }
        QCOMPARE(done.optimization().trials_size(), 4 * 5);
        QVERIFY(done.optimization().best_index() >= 0);
    }

    // A genetic search becomes one island per node; the merge holds every island's trials.
    void aGeneticSearchRunsAsAnIslandPerNode()
    {
        const v1::Job job =
            optimize(test::crossStrategy("range 2..40 step 1", "range 20..120 step 2"), 80, "genetic");
        QVERIFY(job.id() > 0);
        QVERIFY(waitFor([&] { return ended(get(job.id())); }, 120000));
        const v1::Job done = get(job.id(), true);
        QVERIFY2(done.state() == v1::JOB_STATE_SUCCEEDED, done.error().c_str());
        const auto islands = parts(job.id());
        QCOMPARE(islands.size(), std::size_t(2));
        int trials = 0;
        for (const v1::Job &island : islands) {
            QCOMPARE(island.state(), v1::JOB_STATE_SUCCEEDED);
            trials += get(island.id(), true).optimization().trials_size();
        }
        QVERIFY(trials > 0 && trials <= 80);
        QCOMPARE(done.optimization().trials_size(), trials);
        QVERIFY(done.optimization().best_index() >= 0);
    }

    // SIGKILL of the node that holds a part: after jobs.stale_after_seconds the other node takes
    // the part over (attempt 2) and the search ends once, with every trial.
    void aKilledNodesPartFinishesOnTheOther()
    {
        const v1::Job job = optimize(test::crossStrategy("range 2..201 step 1", "range 20..219 step 1"), 40000);
        QVERIFY(job.id() > 0);
        // A part under way on one node while the other part runs on (or was finished by) the
        // other node (one worker each): the first part's node is killed. On a busy machine one
        // node may finish its part before the other has reported any progress.
        std::string victim;
        const auto states = [&] {
            QString text;
            for (const v1::Job &part : parts(job.id()))
                text += QStringLiteral("part %1: state %2 node %3 progress %4 attempt %5; ")
                            .arg(part.id())
                            .arg(int(part.state()))
                            .arg(QString::fromStdString(part.node()))
                            .arg(part.progress())
                            .arg(part.attempt());
            return text;
        };
        QVERIFY2(waitFor(
            [&] {
                const auto split = parts(job.id());
                if (split.size() != 2)
                    return false;
                for (int i = 0; i < 2; ++i) {
                    const v1::Job &part = split[std::size_t(i)];
                    const v1::Job &other = split[std::size_t(1 - i)];
                    const bool otherElsewhere =
                        other.state() == v1::JOB_STATE_RUNNING ||
                        (other.state() == v1::JOB_STATE_SUCCEEDED && other.node() != part.node());
                    if (part.state() == v1::JOB_STATE_RUNNING && part.progress() > 0 && otherElsewhere) {
                        victim = part.node();
                        return true;
                    }
                }
                return false;
            },
            60000),
                 qPrintable(states()));
        const int killed = victim == "compute-1" ? 0 : 1;
        m_computes[killed]->kill();
        QVERIFY(waitFor([&] { return ended(get(job.id())); }, 240000));
        const v1::Job done = get(job.id(), true);
        QVERIFY2(done.state() == v1::JOB_STATE_SUCCEEDED,
                 qPrintable(QString::number(int(done.state())) + QStringLiteral(" ") +
                            QString::fromStdString(done.error()) + QStringLiteral(" ") + states()));
        QCOMPARE(done.optimization().trials_size(), 200 * 200);
        const auto split = parts(job.id());
        QCOMPARE(split.size(), std::size_t(2));
        int takenOver = 0;
        for (const v1::Job &part : split) {
            QCOMPARE(part.state(), v1::JOB_STATE_SUCCEEDED);
            QVERIFY(part.node() != victim);
            takenOver += part.attempt() == 2 ? 1 : 0;
        }
        QCOMPARE(takenOver, 1);
        // Nothing is left pending on the streams.
        for (const char *stream : {"bcf:jobs:high", "bcf:jobs:normal", "bcf:jobs:low"}) {
            auto pending = m_redisClient->command({"XPENDING", stream, "compute"});
            QVERIFY(pending && !pending->elements.empty());
            QCOMPARE(pending->elements[0].integer, 0LL);
        }
        // The killed node comes back for the next test, and is up (its signal handling installed)
        // before anything else happens to it: a SIGTERM during its start would kill it outright.
        QVERIFY(m_computes[killed]->start(computeConfig(killed)));
        QTRY_VERIFY_WITH_TIMEOUT(m_computes[killed]->output().contains(QStringLiteral("bcf-compute started")), 30000);
    }

    void aCancelStopsARunningSearch()
    {
        // 40,000 trials: far longer on two nodes than a cancel takes to reach them (about a second).
        const v1::Job job = optimize(test::crossStrategy("range 2..201 step 1", "range 20..219 step 1"), 40000);
        QVERIFY(job.id() > 0);
        QVERIFY(waitFor([&] { return get(job.id()).state() == v1::JOB_STATE_RUNNING && get(job.id()).progress() > 0; },
                        60000));
        v1::CancelJobRequest cancel;
        cancel.set_id(job.id());
        v1::Job asked;
        const grpc::Status status = m_jobs->CancelJob(m_sessions.as("alice").get(), cancel, &asked);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY(asked.cancel_requested());
        QVERIFY(waitFor([&] { return ended(get(job.id())); }, 60000));
        QCOMPARE(get(job.id()).state(), v1::JOB_STATE_CANCELLED);
        // A part that ended before the cancel keeps its result; the others stopped.
        int stopped = 0;
        for (const v1::Job &part : parts(job.id())) {
            QVERIFY(part.state() == v1::JOB_STATE_CANCELLED || part.state() == v1::JOB_STATE_SUCCEEDED);
            stopped += part.state() == v1::JOB_STATE_CANCELLED ? 1 : 0;
        }
        QVERIFY(stopped >= 1);
    }

    void cleanupTestCase()
    {
        for (auto &compute : m_computes)
            if (compute && compute->isRunning()) {
                const int code = compute->terminate();
                QVERIFY2(code == 0, qPrintable(QStringLiteral("exit %1; log: %2").arg(code).arg(compute->output().right(3000))));
            }
        if (m_core)
            QCOMPARE(m_core->terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestComputeJobs)
#include "test_compute_jobs.moc"
