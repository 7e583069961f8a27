// bcf.v1.JobService on a real bcf-core over TLS, with a private PostgreSQL and Redis and no compute
// node (the compute side is test_job_runner; both together test_compute_jobs): specs are checked
// before anything is queued (errors name the field), a job is a row plus a Redis Stream entry,
// each user sees and cancels only their own jobs, StreamJobs shows changes live, and only
// traders and admins may run jobs.
#include "common/database.h"
#include "common/market_store.h"
#include "common/redis_client.h"
#include "common/tls.h"
#include "support/grpc_sessions.h"
#include "support/job_fixtures.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <bcf/v1/jobs.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QTest>

#include <atomic>
#include <mutex>
#include <thread>

using namespace bcf;

namespace {

constexpr const char *kPassword = "Jobs-Secret-2026";
constexpr std::int64_t kJune2024 = 1'717'200'000'000; // 2024-06-01T00:00:00Z

constexpr const char *kSource = "strategy \"SMA cross\"\n"
                                "param fast = 10 range 5..20 step 5\n"
                                "long entry when crossover(sma(close, fast), sma(close, 30))\n"
                                "long exit when crossunder(sma(close, fast), sma(close, 30))\n";

QByteArray describe(const grpc::Status &status)
{
    return QByteArray::number(int(status.error_code())) + " " + QByteArray::fromStdString(status.error_message());
}

bool mentions(const grpc::Status &status, const char *text)
{
    return status.error_message().find(text) != std::string::npos;
}

v1::BacktestSpec spec()
{
    v1::BacktestSpec out;
    out.set_strategy_source(kSource);
    out.set_symbol("BTCUSDT");
    out.set_timeframe("1h");
    out.set_from_unix_ms(kJune2024);
    out.set_to_unix_ms(kJune2024 + 30LL * 86'400'000);
    return out;
}

} // namespace

class TestJobService final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    test::TestCertificates m_certificates;
    std::unique_ptr<test::ServerProcess> m_core;
    quint16 m_corePort = 0;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<v1::JobService::Stub> m_jobs;
    test::Sessions m_sessions;
    std::unique_ptr<server::RedisClient> m_redisClient;

    grpc::Status submit(const std::string &user, const v1::BacktestSpec &backtest, v1::Job &job,
                        v1::JobPriority priority = v1::JOB_PRIORITY_NORMAL)
    {
        v1::SubmitBacktestRequest request;
        *request.mutable_spec() = backtest;
        request.set_priority(priority);
        return m_jobs->SubmitBacktest(m_sessions.as(user).get(), request, &job);
    }

    long long streamLength(const std::string &stream)
    {
        auto length = m_redisClient->command({"XLEN", stream});
        return length ? length->integer : -1;
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
        const QString bcfctl = QStringLiteral(BCF_CTL_BINARY);
        for (const auto &[user, role] : {std::pair{"alice", "trader"}, std::pair{"bob", "trader"},
                                         std::pair{"audrey", "auditor"}})
            QVERIFY(test::addUser(bcfctl, m_core->configPath(), QString::fromLatin1(user), QString::fromLatin1(role),
                                  QString::fromLatin1(kPassword)));
        // The instrument a collector would have listed.
        const server::DatabaseSettings settings = m_postgres.settings(QStringLiteral("botcriptofy"));
        server::Database database(settings, "", "test_job_service");
        QVERIFY(server::InstrumentStore(database).upsert({test::btcusdt()}));

        server::RedisSettings redis;
        redis.host = "127.0.0.1";
        redis.port = m_redis.port();
        m_redisClient = std::make_unique<server::RedisClient>(redis, "");
        auto credentials = server::makeChannelCredentials(ca.toStdString());
        m_channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(m_corePort), *credentials);
        m_jobs = v1::JobService::NewStub(m_channel);
        m_sessions.reset(m_channel, kPassword);
    }

    void aBacktestIsQueuedWithItsInstrument()
    {
        v1::Job job;
        const grpc::Status status = submit("alice", spec(), job, v1::JOB_PRIORITY_HIGH);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY(job.id() > 0);
        QCOMPARE(job.kind(), v1::JOB_KIND_BACKTEST);
        QCOMPARE(job.state(), v1::JOB_STATE_QUEUED);
        QCOMPARE(job.priority(), v1::JOB_PRIORITY_HIGH);
        QCOMPARE(job.label(), std::string("BTCUSDT 1h"));
        QCOMPARE(job.timeout_seconds(), 3600);
        QCOMPARE(streamLength("bcf:jobs:high"), 1LL);

        // The stored spec was completed by bcf-core: exchange, tick and lot from the instrument.
        v1::GetJobRequest get;
        get.set_id(job.id());
        v1::Job stored;
        QVERIFY(m_jobs->GetJob(m_sessions.as("alice").get(), get, &stored).ok());
        QCOMPARE(stored.state(), v1::JOB_STATE_QUEUED);
        QCOMPARE(stored.result_case(), v1::Job::RESULT_NOT_SET);
    }

    void badSpecsNameTheField()
    {
        const auto refused = [this](v1::BacktestSpec backtest, const char *field) {
            v1::Job job;
            const grpc::Status status = submit("alice", backtest, job);
            if (status.error_code() != grpc::INVALID_ARGUMENT || !mentions(status, field))
                qWarning("%s: %s", field, describe(status).constData());
            return status.error_code() == grpc::INVALID_ARGUMENT && mentions(status, field);
        };
        v1::BacktestSpec broken = spec();
        broken.set_strategy_source("long entry when sma(close, )");
        QVERIFY(refused(broken, "strategy source"));
        broken = spec();
        broken.set_timeframe("7m");
        QVERIFY(refused(broken, "timeframe"));
        broken = spec();
        broken.set_symbol("NOPEUSDT");
        QVERIFY(refused(broken, "symbol: NOPEUSDT is not listed on binance"));
        broken = spec();
        broken.set_to_unix_ms(broken.from_unix_ms());
        QVERIFY(refused(broken, "range"));
        broken = spec();
        broken.set_initial_cash("-5");
        QVERIFY(refused(broken, "initial cash"));
        broken = spec();
        broken.set_fee_micros(200'000);
        QVERIFY(refused(broken, "fee"));

        v1::SubmitOptimizationRequest optimization;
        *optimization.mutable_spec()->mutable_backtest() = spec();
        optimization.mutable_spec()->set_method("annealing");
        v1::Job job;
        grpc::Status status = m_jobs->SubmitOptimization(m_sessions.as("alice").get(), optimization, &job);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(mentions(status, "method"), describe(status));
        optimization.mutable_spec()->set_method("grid");
        optimization.mutable_spec()->mutable_backtest()->set_strategy_source(
            "long entry when crossover(sma(close, 10), sma(close, 30))\n");
        status = m_jobs->SubmitOptimization(m_sessions.as("alice").get(), optimization, &job);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(mentions(status, "range"), describe(status));
        QCOMPARE(streamLength("bcf:jobs:normal"), 0LL); // nothing was queued
    }

    void usersSeeAndCancelOnlyTheirOwnJobs()
    {
        v1::Job mine;
        QVERIFY(submit("bob", spec(), mine).ok());
        v1::GetJobRequest get;
        get.set_id(mine.id());
        v1::Job seen;
        QCOMPARE(m_jobs->GetJob(m_sessions.as("alice").get(), get, &seen).error_code(), grpc::NOT_FOUND);
        v1::CancelJobRequest cancel;
        cancel.set_id(mine.id());
        v1::Job cancelled;
        QCOMPARE(m_jobs->CancelJob(m_sessions.as("alice").get(), cancel, &cancelled).error_code(), grpc::NOT_FOUND);
        v1::ListJobsResponse listed;
        QVERIFY(m_jobs->ListJobs(m_sessions.as("bob").get(), {}, &listed).ok());
        QCOMPARE(listed.jobs_size(), 1);
        QCOMPARE(listed.jobs(0).id(), mine.id());

        // Cancelled while queued: at once; a second cancel is refused.
        grpc::Status status = m_jobs->CancelJob(m_sessions.as("bob").get(), cancel, &cancelled);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(cancelled.state(), v1::JOB_STATE_CANCELLED);
        status = m_jobs->CancelJob(m_sessions.as("bob").get(), cancel, &cancelled);
        QCOMPARE(status.error_code(), grpc::FAILED_PRECONDITION);
        QVERIFY2(mentions(status, "already finished"), describe(status));
    }

    void streamJobsShowsChangesLive()
    {
        grpc::ClientContext context;
        context.AddMetadata("authorization", "Bearer " + m_sessions.token("bob"));
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        auto reader = m_jobs->StreamJobs(&context, {});
        std::mutex mutex;
        std::vector<v1::Job> received;
        std::thread readerThread([&] {
            v1::Job job;
            while (reader->Read(&job)) {
                std::lock_guard lock(mutex);
                received.push_back(job);
            }
        });
        const auto saw = [&](std::int64_t id, v1::JobState state) {
            std::lock_guard lock(mutex);
            return std::any_of(received.begin(), received.end(),
                               [&](const v1::Job &job) { return job.id() == id && job.state() == state; });
        };
        // The subscription is asynchronous: submit until the stream shows one of them queued.
        std::vector<std::int64_t> submitted;
        const auto seenOne = [&] {
            v1::Job job;
            if (submit("bob", spec(), job).ok())
                submitted.push_back(job.id());
            return std::any_of(submitted.begin(), submitted.end(),
                               [&](std::int64_t id) { return saw(id, v1::JOB_STATE_QUEUED); });
        };
        QTRY_VERIFY_WITH_TIMEOUT(seenOne(), 15000);
        const std::int64_t last = submitted.back();
        v1::CancelJobRequest cancel;
        cancel.set_id(last);
        v1::Job cancelled;
        QVERIFY(m_jobs->CancelJob(m_sessions.as("bob").get(), cancel, &cancelled).ok());
        QTRY_VERIFY_WITH_TIMEOUT(saw(last, v1::JOB_STATE_CANCELLED), 15000);
        v1::ListJobsResponse bobs;
        QVERIFY(m_jobs->ListJobs(m_sessions.as("bob").get(), {}, &bobs).ok());
        {
            std::lock_guard lock(mutex);
            for (const v1::Job &job : received) // only bob's jobs
                QVERIFY(std::any_of(bobs.jobs().begin(), bobs.jobs().end(),
                                    [&](const v1::Job &own) { return own.id() == job.id(); }));
        }
        context.TryCancel();
        readerThread.join();
    }

    void onlyTradersAndAdminsRunJobs()
    {
        v1::Job job;
        const grpc::Status status = submit("audrey", spec(), job);
        QCOMPARE(status.error_code(), grpc::PERMISSION_DENIED);
        v1::ListJobsResponse listed;
        QCOMPARE(m_jobs->ListJobs(m_sessions.as("audrey").get(), {}, &listed).error_code(), grpc::PERMISSION_DENIED);
    }

    void cleanupTestCase()
    {
        if (m_core)
            QCOMPARE(m_core->terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestJobService)
#include "test_job_service.moc"
