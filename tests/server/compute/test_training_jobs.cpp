// Training jobs and the model registry end to end (docs/ml.md), everything real: bcf-core and a
// bcf-compute process over TLS gRPC, a private PostgreSQL and Redis. Candles with a planted AR(1)
// signal are trained on through SubmitTraining; the model lands in the registry with its metrics
// and artifact; versions, promotion and ownership; a backtest reads predict() point in time; a
// cancel stops a training run.
#include "common/candle_store.h"
#include "common/database.h"
#include "common/market_store.h"
#include "common/model_registry.h"
#include "common/redis_client.h"
#include "common/tls.h"
#include "jobs/training_jobs.h"
#include "model.h"
#include "policy.h"
#include "support/grpc_sessions.h"
#include "support/job_fixtures.h"
#include "support/job_waits.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <bcf/v1/jobs.grpc.pb.h>
#include <bcf/v1/models.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QTest>

#include <cmath>

using namespace bcf;
using test::describe;
using test::ended;
using test::waitFor;

namespace {

constexpr const char *kPassword = "Training-Jobs-2026";
constexpr int kBars = 3000;

v1::TrainingSpec trainingSpec(const std::string &name)
{
    v1::TrainingSpec spec;
    spec.set_model_name(name);
    spec.set_symbol("BTCUSDT");
    spec.set_timeframe("1h");
    spec.set_from_unix_ms(test::kStartMs);
    spec.set_to_unix_ms(test::kStartMs + kBars * test::kHourMs);
    spec.add_features("return(1)");
    spec.add_features("range");
    spec.set_window(8);
    spec.set_hidden(16);
    spec.set_epochs(12);
    spec.set_learning_rate(3e-3);
    spec.set_patience(4);
    spec.set_seed(7);
    return spec;
}

} // namespace

class TestTrainingJobs final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    test::TestCertificates m_certificates;
    std::unique_ptr<test::ServerProcess> m_core;
    std::unique_ptr<test::ServerProcess> m_compute;
    quint16 m_corePort = 0;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<v1::JobService::Stub> m_jobs;
    std::unique_ptr<v1::ModelService::Stub> m_models;
    test::Sessions m_sessions;
    std::unique_ptr<server::Database> m_database;
    std::vector<model::Candle> m_candles;
    v1::TrainingReport m_first; // the first version's report

    // A compute node that runs one job at a time, on one CPU thread (so runs are reproducible).
    std::unique_ptr<test::ServerProcess> startCompute(const QString &name)
    {
        auto node = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_COMPUTE_BINARY), name);
        const bool started = node->start(test::serverConfig(
            name, test::freePort(), m_postgres, m_redis.port(), m_certificates,
            QStringLiteral("\n[compute]\ndevice = \"cpu\"\nthreads = 1\n\n[collector]\nenabled = false\n\n"
                           "[jobs]\nworkers = 1\nstale_after_seconds = 10\nreport_seconds = 1\n")));
        // Up (its signal handling installed) before anything else happens to it.
        if (!started || !waitFor([&] { return node->output().contains(QStringLiteral("bcf-compute started")); }, 30000))
            return nullptr;
        return node;
    }

    v1::Job get(std::int64_t id, bool withResult = false)
    {
        return test::getJob(*m_jobs, *m_sessions.as("alice"), id, withResult);
    }

    grpc::Status submit(const std::string &user, const v1::TrainingSpec &spec, v1::Job &job)
    {
        v1::SubmitTrainingRequest request;
        *request.mutable_spec() = spec;
        return m_jobs->SubmitTraining(m_sessions.as(user).get(), request, &job);
    }

    // Trains to the end and returns the finished job with its report.
    v1::Job trainToEnd(const v1::TrainingSpec &spec)
    {
        v1::Job job;
        const grpc::Status status = submit("alice", spec, job);
        if (!status.ok()) {
            qWarning("SubmitTraining: %s", describe(status).constData());
            return job;
        }
        if (!waitFor([&] { return ended(get(job.id())); }, 240000))
            qWarning("training job %lld did not end", static_cast<long long>(job.id()));
        return get(job.id(), true);
    }

    v1::ModelVersion model(const std::string &name, int version, grpc::Status *status = nullptr)
    {
        v1::GetModelRequest request;
        request.set_name(name);
        request.set_version(version);
        v1::ModelVersion out;
        const grpc::Status got = m_models->GetModel(m_sessions.as("alice").get(), request, &out);
        if (status)
            *status = got;
        return out;
    }

    grpc::Status promote(const std::string &user, const std::string &name, int version)
    {
        v1::PromoteModelRequest request;
        request.set_name(name);
        request.set_version(version);
        v1::ModelVersion out;
        return m_models->PromoteModel(m_sessions.as(user).get(), request, &out);
    }

    v1::Job backtest(const std::string &source, std::int64_t fromMs, std::int64_t toMs, grpc::Status &status)
    {
        v1::SubmitBacktestRequest request;
        request.mutable_spec()->set_strategy_source(source);
        request.mutable_spec()->set_symbol("BTCUSDT");
        request.mutable_spec()->set_timeframe("1h");
        request.mutable_spec()->set_from_unix_ms(fromMs);
        request.mutable_spec()->set_to_unix_ms(toMs);
        v1::Job job;
        status = m_jobs->SubmitBacktest(m_sessions.as("alice").get(), request, &job);
        if (!status.ok())
            return job;
        waitFor([&] { return ended(get(job.id())); }, 60000);
        return get(job.id(), true);
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
        QVERIFY(m_core->start(test::serverConfig(QStringLiteral("core-training"), m_corePort, m_postgres,
                                                 m_redis.port(), m_certificates, test::authSection(m_certificates))));
        const QString ca = m_certificates.path(QStringLiteral("ca.crt"));
        QVERIFY2(m_core->waitServing(m_corePort, ca), qPrintable(m_core->output()));
        for (const char *user : {"alice", "bob"})
            QVERIFY(test::addUser(QStringLiteral(BCF_CTL_BINARY), m_core->configPath(), QString::fromLatin1(user),
                                  QStringLiteral("trader"), QString::fromLatin1(kPassword)));

        m_database = std::make_unique<server::Database>(m_postgres.settings(QStringLiteral("botcriptofy")), "",
                                                        "test_training_jobs");
        QVERIFY(server::InstrumentStore(*m_database).upsert({test::btcusdt()}));
        m_candles = test::ar1Candles(kBars);
        const auto stored = server::CandleStore(*m_database).ingest("binance", "BTCUSDT", m_candles);
        QVERIFY2(stored, stored ? "" : stored.error().message.c_str());

        m_compute = startCompute(QStringLiteral("compute-training"));
        QVERIFY(m_compute);

        auto credentials = server::makeChannelCredentials(ca.toStdString());
        m_channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(m_corePort), *credentials);
        m_jobs = v1::JobService::NewStub(m_channel);
        m_models = v1::ModelService::NewStub(m_channel);
        m_sessions.reset(m_channel, kPassword);
    }

    void badSpecsAreRefusedNamingTheField()
    {
        const struct {
            const char *what;
            std::function<void(v1::TrainingSpec &)> change;
            const char *message;
        } cases[] = {
            {"unknown feature", [](v1::TrainingSpec &s) { s.add_features("foo(3)"); }, "features: feature \"foo(3)\""},
            {"bad name", [](v1::TrainingSpec &s) { s.set_model_name("BTC LSTM"); }, "model name:"},
            {"unlisted symbol", [](v1::TrainingSpec &s) { s.set_symbol("DOGEBTC"); }, "symbol: DOGEBTC is not listed"},
            {"architecture", [](v1::TrainingSpec &s) { s.set_architecture("cnn"); }, "architecture: 'cnn'"},
            {"heads", [](v1::TrainingSpec &s) { s.set_architecture("transformer"); s.set_heads(3); }, "heads:"},
            {"fractions", [](v1::TrainingSpec &s) { s.set_train_fraction(0.9); s.set_validation_fraction(0.2); },
             "train fraction"},
            {"range", [](v1::TrainingSpec &s) { s.set_to_unix_ms(s.from_unix_ms()); }, "range:"},
            {"agent task", [](v1::TrainingSpec &s) { s.set_architecture("dqn"); s.set_task("regression"); }, "task:"},
            {"gamma", [](v1::TrainingSpec &s) { s.set_architecture("dqn"); s.set_gamma(1.5); }, "gamma:"},
            {"elite", [](v1::TrainingSpec &s) { s.set_architecture("neuroevolution"); s.set_elite(40); }, "elite:"},
        };
        for (const auto &c : cases) {
            v1::TrainingSpec spec = trainingSpec("bad-spec");
            c.change(spec);
            v1::Job job;
            const grpc::Status status = submit("alice", spec, job);
            QVERIFY2(status.error_code() == grpc::INVALID_ARGUMENT, c.what);
            QVERIFY2(status.error_message().find(c.message) != std::string::npos,
                     (std::string(c.what) + ": " + status.error_message()).c_str());
        }
    }

    void aModelIsTrainedAndRegistered()
    {
        const v1::Job done = trainToEnd(trainingSpec("btc-ar"));
        QVERIFY2(done.state() == v1::JOB_STATE_SUCCEEDED, done.error().c_str());
        QCOMPARE(done.kind(), v1::JOB_KIND_TRAINING);
        QCOMPARE(done.result_case(), v1::Job::kTraining);
        const v1::TrainingReport &report = done.training();
        QCOMPARE(report.version(), 1);
        QVERIFY(report.history_size() >= 1 && report.history_size() <= 12);
        QVERIFY(report.best_epoch() >= 1);
        QCOMPARE(report.device(), std::string("cpu"));
        QVERIFY(report.parameters() > 0);
        // The planted signal: better than the naive baseline on the held-out range.
        QVERIFY2(report.test().mse() < 0.85 * report.baseline_test().mse(),
                 qPrintable(QStringLiteral("%1 vs %2").arg(report.test().mse()).arg(report.baseline_test().mse())));
        QVERIFY(report.test().directional_accuracy() > report.baseline_test().directional_accuracy() + 0.05);
        QVERIFY(report.train_to_unix_ms() < report.validation_from_unix_ms());
        QVERIFY(report.validation_to_unix_ms() < report.test_from_unix_ms());
        QCOMPARE(report.embargoed(), std::int64_t(2 * 8)); // the default embargo: the window
        QVERIFY(report.signal_backtest().trade_count() > 0);
        QVERIFY(report.buy_and_hold().trade_count() <= 1);
        m_first = report;

        // The registry: version 1 with the same report and its artifact.
        grpc::Status status;
        const v1::ModelVersion version = model("btc-ar", 0, &status);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(version.version(), 1);
        QCOMPARE(version.owner(), std::string("alice"));
        QCOMPARE(version.architecture(), std::string("lstm"));
        QCOMPARE(version.job_id(), done.id());
        QVERIFY(version.artifact_bytes() > 1000);
        QCOMPARE(version.artifact_sha256().size(), std::size_t(64));
        QCOMPARE(version.report().test().mse(), report.test().mse());
        QCOMPARE(version.spec().window(), 8);
        QCOMPARE(version.spec().exchange(), std::string("binance")); // filled in by bcf-core
        QVERIFY(!version.live());
    }

    void predictionsArePointInTime()
    {
        // Stored from the first bar after the last training label only.
        server::ModelRegistry registry(*m_database);
        const auto version = registry.get("btc-ar", 1, true);
        QVERIFY(version && version->artifact);
        const auto stored = registry.predictions(version->id, "binance", "BTCUSDT", "1h", fromUnixMillis(0),
                                                 fromUnixMillis(test::kStartMs + kBars * test::kHourMs));
        QVERIFY(stored && !stored->empty());
        QCOMPARE(toUnixMillis(stored->front().barTime), m_first.train_to_unix_ms() + test::kHourMs);
        QCOMPARE(toUnixMillis(stored->back().barTime), test::kStartMs + (kBars - 1) * test::kHourMs);
        for (const auto &p : *stored)
            QCOMPARE(toUnixMillis(p.madeAt), toUnixMillis(p.barTime) + test::kHourMs); // at the bar's close

        // Each stored value is what the model says from the bars up to that bar only.
        ml::Predictor predictor(*version->artifact, {"cpu", 1});
        for (const std::size_t pick : {std::size_t(0), stored->size() / 2, stored->size() - 1}) {
            const auto &p = (*stored)[pick];
            const auto bar = std::size_t((toUnixMillis(p.barTime) - test::kStartMs) / test::kHourMs);
            const std::vector<ml::Bar> bars = compute::barsOf(std::span(m_candles).first(bar + 1));
            const double now = predictor.predictBars(bars).back();
            QVERIFY2(std::abs(now - p.value) < 1e-5, qPrintable(QStringLiteral("bar %1: %2 vs %3").arg(bar).arg(now).arg(p.value)));
        }

        // The same series through the API, for charts.
        v1::GetPredictionsRequest ask;
        ask.set_name("btc-ar");
        ask.set_symbol("BTCUSDT");
        ask.set_timeframe("1h");
        ask.set_from_unix_ms(test::kStartMs);
        ask.set_to_unix_ms(test::kStartMs + kBars * test::kHourMs);
        v1::GetPredictionsResponse series;
        const grpc::Status got = m_models->GetPredictions(m_sessions.as("bob").get(), ask, &series);
        QVERIFY2(got.ok(), describe(got));
        QCOMPARE(series.version(), 1);
        QCOMPARE(std::size_t(series.points_size()), stored->size());
        QCOMPARE(series.points(0).bar_time_unix_ms(), toUnixMillis(stored->front().barTime));
        QCOMPARE(series.points(0).value(), stored->front().value);
        ask.set_timeframe("7m");
        QCOMPARE(m_models->GetPredictions(m_sessions.as("bob").get(), ask, &series).error_code(),
                 grpc::INVALID_ARGUMENT);

        // A backtest reading predict() sees those values, and none before them.
        const std::string source = "strategy \"ar signals\"\n"
                                   "long entry when predict(\"btc-ar\") > 0\n"
                                   "long exit when predict(\"btc-ar\") <= 0\n";
        grpc::Status status;
        const v1::Job whole = backtest(source, test::kStartMs, test::kStartMs + kBars * test::kHourMs, status);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY2(whole.state() == v1::JOB_STATE_SUCCEEDED, whole.error().c_str());
        QVERIFY(whole.backtest().metrics().trade_count() > 0);
        const v1::Job early = backtest(source, test::kStartMs, m_first.train_to_unix_ms(), status);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(early.state(), v1::JOB_STATE_FAILED);
        QVERIFY2(early.error().find("no stored predictions") != std::string::npos, early.error().c_str());
        const v1::Job unknown = backtest("strategy \"x\"\nlong entry when predict(\"nobody\") > 0\n", test::kStartMs,
                                         test::kStartMs + kBars * test::kHourMs, status);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY2(unknown.error().find("no model is called 'nobody'") != std::string::npos, unknown.error().c_str());
    }

    void versionsPromotionAndOwnership()
    {
        // Another trader may read alice's model but neither promote it nor train its name.
        QCOMPARE(promote("bob", "btc-ar", 1).error_code(), grpc::PERMISSION_DENIED);
        v1::Job job;
        QCOMPARE(submit("bob", trainingSpec("btc-ar"), job).error_code(), grpc::PERMISSION_DENIED);

        const grpc::Status promoted = promote("alice", "btc-ar", 1);
        QVERIFY2(promoted.ok(), describe(promoted));
        QVERIFY(model("btc-ar", 0).live());

        v1::TrainingSpec second = trainingSpec("btc-ar");
        second.set_task("direction");
        second.set_architecture("gru");
        const v1::Job done = trainToEnd(second);
        QVERIFY2(done.state() == v1::JOB_STATE_SUCCEEDED, done.error().c_str());
        QCOMPARE(done.training().version(), 2);
        QVERIFY(done.training().test().directional_accuracy() >
                done.training().baseline_test().directional_accuracy() + 0.05);
        QCOMPARE(model("btc-ar", 0).version(), 1); // the live one, not the newest

        QVERIFY(promote("alice", "btc-ar", 2).ok());
        v1::ListModelsRequest request;
        request.set_name("btc-ar");
        v1::ListModelsResponse list;
        QVERIFY(m_models->ListModels(m_sessions.as("bob").get(), request, &list).ok());
        QCOMPARE(list.versions_size(), 2);
        QCOMPARE(list.versions(0).version(), 2);
        QVERIFY(list.versions(0).live());
        QVERIFY(!list.versions(1).live());
        QCOMPARE(list.versions(0).task(), std::string("direction"));

        grpc::Status status;
        model("btc-ar", 9, &status);
        QCOMPARE(status.error_code(), grpc::NOT_FOUND);
        QCOMPARE(promote("alice", "btc-ar", 9).error_code(), grpc::NOT_FOUND);
    }

    void agentsAreTrainedRegisteredAndTheirActionsStored()
    {
        // Neuro-evolution: a policy network evolved in the backtester's venue.
        v1::TrainingSpec spec = trainingSpec("btc-evolved");
        spec.set_architecture("neuroevolution");
        spec.set_window(4);
        spec.set_hidden(6);
        spec.set_population(16);
        spec.set_epochs(6); // generations
        const v1::Job done = trainToEnd(spec);
        QVERIFY2(done.state() == v1::JOB_STATE_SUCCEEDED, done.error().c_str());
        const v1::TrainingReport &report = done.training();
        QCOMPARE(report.history_size(), 6);
        QVERIFY(report.best_epoch() >= 1 && report.best_epoch() <= 6);
        QVERIFY(report.history(report.best_epoch() - 1).best());
        for (const auto &generation : report.history())
            QVERIFY(std::isfinite(generation.train_reward()) && std::isfinite(generation.validation_return()));
        QVERIFY(report.history(5).train_reward() >= report.history(0).train_reward()); // elitism
        QCOMPARE(report.parameters(), std::int64_t(9 * 6 + 6 + 6 * 2 + 2)); // (4 × 2 features + position) → 6 → 2
        QVERIFY(report.signal_backtest().trade_count() > 0);
        const v1::ModelVersion version = model("btc-evolved", 1);
        QCOMPARE(version.architecture(), std::string("neuroevolution"));
        QCOMPARE(version.task(), std::string("policy"));
        QCOMPARE(version.spec().population(), 16);
        QCOMPARE(version.spec().elite(), 4); // the default

        // Its stored "predictions" are its actions: walked from flat after the training range,
        // each from the bars up to its bar and the position the one before left.
        server::ModelRegistry registry(*m_database);
        const auto stored = registry.get("btc-evolved", 1, true);
        QVERIFY(stored && stored->artifact);
        const ml::PolicyArtifact policy = ml::readPolicyArtifact(*stored->artifact);
        QCOMPARE(policy.method, std::string("neuroevolution"));
        const auto actions = registry.predictions(stored->id, "binance", "BTCUSDT", "1h", fromUnixMillis(0),
                                                  fromUnixMillis(test::kStartMs + kBars * test::kHourMs));
        QVERIFY(actions && !actions->empty());
        QCOMPARE(toUnixMillis(actions->front().barTime), report.train_to_unix_ms() + test::kHourMs);
        const std::size_t first = std::size_t((report.train_to_unix_ms() - test::kStartMs) / test::kHourMs) + 1;
        const std::vector<double> expected = ml::policyActions(policy, compute::barsOf(m_candles), first);
        QCOMPARE(actions->size(), std::size_t(kBars) - first);
        for (const auto &action : *actions) {
            const auto bar = std::size_t((toUnixMillis(action.barTime) - test::kStartMs) / test::kHourMs);
            QVERIFY(action.value == 0 || action.value == 1);
            QCOMPARE(action.value, expected[bar]);
        }

        // A backtest trading on predict() of the agent: long while it says long.
        grpc::Status status;
        const v1::Job traded = backtest("strategy \"follow the agent\"\n"
                                        "long entry when predict(\"btc-evolved\") > 0.5\n"
                                        "long exit when predict(\"btc-evolved\") < 0.5\n"
                                        "size 95% of equity\n",
                                        report.test_from_unix_ms(), test::kStartMs + kBars * test::kHourMs, status);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY2(traded.state() == v1::JOB_STATE_SUCCEEDED, traded.error().c_str());
        QCOMPARE(traded.backtest().metrics().trade_count(), report.signal_backtest().trade_count());

        // DQN: a few episodes are enough to show the run, its episodes and its registration.
        v1::TrainingSpec dqn = trainingSpec("btc-dqn");
        dqn.set_architecture("dqn");
        dqn.set_window(4);
        dqn.set_epochs(2); // episodes
        const v1::Job learned = trainToEnd(dqn);
        QVERIFY2(learned.state() == v1::JOB_STATE_SUCCEEDED, learned.error().c_str());
        QCOMPARE(learned.training().history_size(), 2);
        QCOMPARE(learned.training().device(), std::string("cpu"));
        QCOMPARE(model("btc-dqn", 1).architecture(), std::string("dqn"));
        const auto dqnStored = registry.get("btc-dqn", 1, true);
        QVERIFY(dqnStored && dqnStored->artifact);
        QCOMPARE(ml::readPolicyArtifact(*dqnStored->artifact).network.layers.size(), std::size_t(3));

        // PPO: the same, with the actor's greedy choice as the policy.
        v1::TrainingSpec ppo = trainingSpec("btc-ppo");
        ppo.set_architecture("ppo");
        ppo.set_window(4);
        ppo.set_epochs(2); // episodes
        const v1::Job proximal = trainToEnd(ppo);
        QVERIFY2(proximal.state() == v1::JOB_STATE_SUCCEEDED, proximal.error().c_str());
        QCOMPARE(proximal.training().history_size(), 2);
        QCOMPARE(model("btc-ppo", 1).architecture(), std::string("ppo"));
        QCOMPARE(model("btc-ppo", 1).task(), std::string("policy"));
    }

    // The node training a model dies after a few epochs: another node takes the job over and goes
    // on from the last epoch's resume point, and the model is the one an uninterrupted run gives.
    void aTrainingRunTakenOverGoesOnFromItsLastEpoch()
    {
        auto second = startCompute(QStringLiteral("compute-training-2"));
        QVERIFY(second);
        v1::TrainingSpec spec = trainingSpec("btc-handover");
        spec.set_epochs(40);
        spec.set_patience(40);
        spec.set_hidden(48);
        spec.set_window(16);
        v1::Job job;
        const grpc::Status submitted = submit("alice", spec, job);
        QVERIFY2(submitted.ok(), describe(submitted));
        QVERIFY(waitFor([&] { return get(job.id(), true).training().history_size() >= 3; }, 120000));
        const v1::Job running = get(job.id());
        QCOMPARE(running.state(), v1::JOB_STATE_RUNNING);
        const bool firstHeldIt = running.node() == "compute-training";
        std::unique_ptr<test::ServerProcess> &victim = firstHeldIt ? m_compute : second;
        std::unique_ptr<test::ServerProcess> &survivor = firstHeldIt ? second : m_compute;
        victim->kill();

        QVERIFY(waitFor([&] { return ended(get(job.id())); }, 240000));
        const v1::Job done = get(job.id(), true);
        QVERIFY2(done.state() == v1::JOB_STATE_SUCCEEDED, done.error().c_str());
        QCOMPARE(done.attempt(), 2);
        QVERIFY2(survivor->output().contains(QStringLiteral("training resumes from the last node's resume point")),
                 qPrintable(survivor->output().right(3000)));
        const v1::TrainingReport &report = done.training();
        QCOMPARE(report.history_size(), 40);
        for (int i = 0; i < report.history_size(); ++i)
            QCOMPARE(report.history(i).epoch(), i + 1); // every epoch once, in order

        // The same spec run through without interruption (on the surviving node): the same model.
        spec.set_model_name("btc-whole");
        const v1::Job whole = trainToEnd(spec);
        QVERIFY2(whole.state() == v1::JOB_STATE_SUCCEEDED, whole.error().c_str());
        QCOMPARE(whole.attempt(), 1);
        QCOMPARE(report.best_epoch(), whole.training().best_epoch());
        QCOMPARE(report.test().mse(), whole.training().test().mse());
        QCOMPARE(report.test().directional_accuracy(), whole.training().test().directional_accuracy());
        for (int i = 0; i < report.history_size(); ++i)
            QCOMPARE(report.history(i).validation_loss(), whole.training().history(i).validation_loss());

        // The killed node comes back for the tests after this one.
        if (firstHeldIt) {
            m_compute = startCompute(QStringLiteral("compute-training"));
            QVERIFY(m_compute);
        }
    }

    void aCancelStopsATrainingRun()
    {
        v1::TrainingSpec spec = trainingSpec("btc-slow");
        spec.set_epochs(5000);
        spec.set_patience(5000);
        spec.set_hidden(64);
        spec.set_window(32);
        v1::Job job;
        const grpc::Status submitted = submit("alice", spec, job);
        QVERIFY2(submitted.ok(), describe(submitted));
        // The report so far is readable while it trains.
        QVERIFY(waitFor([&] { return get(job.id(), true).training().history_size() >= 1; }, 120000));
        QCOMPARE(get(job.id()).state(), v1::JOB_STATE_RUNNING);
        v1::CancelJobRequest cancel;
        cancel.set_id(job.id());
        v1::Job asked;
        QVERIFY(m_jobs->CancelJob(m_sessions.as("alice").get(), cancel, &asked).ok());
        QVERIFY(waitFor([&] { return ended(get(job.id())); }, 60000));
        QCOMPARE(get(job.id()).state(), v1::JOB_STATE_CANCELLED);
        grpc::Status status;
        model("btc-slow", 0, &status);
        QCOMPARE(status.error_code(), grpc::NOT_FOUND); // nothing was registered
    }
};

QTEST_GUILESS_MAIN(TestTrainingJobs)
#include "test_training_jobs.moc"
