// Live inference on bcf-compute (docs/ml.md, "Live inference"), everything real: a bcf-compute
// process serving bcf.v1.InferenceService over mutual TLS, a private PostgreSQL and Redis, a model
// trained here and added to the registry. A caller with a client certificate gets the model's
// prediction at the last closed bar, equal to the model run on the same bars; the prediction is
// stored and published on ai_prediction and trading_signal; callers without a certificate and
// bad requests are refused with what to do.
#include "common/candle_store.h"
#include "common/market_store.h"
#include "common/database.h"
#include "common/migrations.h"
#include "common/model_registry.h"
#include "common/node_registry.h"
#include "common/redis_client.h"
#include "common/redis_subscriber.h"
#include "common/tls.h"
#include "dataset.h"
#include "jobs/training_jobs.h"
#include "inference/prediction_client.h"
#include "model.h"
#include "neuroevolution.h"
#include "policy.h"
#include "support/bot_market.h"
#include "support/job_fixtures.h"
#include "support/job_waits.h"
#include "support/policy_fixtures.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <bcf/v1/inference.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QDateTime>
#include <QTest>

#include <cmath>
#include <mutex>

using namespace bcf;

namespace {

constexpr int kBars = 3000;

std::vector<ml::Bar> barsOf(const std::vector<model::Candle> &candles, std::size_t first, std::size_t end)
{
    return compute::barsOf(std::span(candles).subspan(first, end - first));
}

// Messages of one Redis channel, collected by a subscriber thread.
struct Channel {
    std::mutex mutex;
    std::vector<std::string> messages;
    bool contains(const std::string &part) { return count(part) > 0; }
    int count(const std::string &part, const std::string &also = {})
    {
        std::lock_guard lock(mutex);
        int found = 0;
        for (const auto &message : messages)
            if (message.find(part) != std::string::npos && message.find(also) != std::string::npos)
                ++found;
        return found;
    }
};

} // namespace

class TestInference final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    test::TestCertificates m_certificates;
    std::unique_ptr<test::ServerProcess> m_compute;
    quint16 m_port = 0;
    std::unique_ptr<server::Database> m_database;
    std::vector<model::Candle> m_candles;
    std::string m_artifact;
    std::int64_t m_versionId = 0;
    std::unique_ptr<v1::InferenceService::Stub> m_mutual;    // with a client certificate
    std::unique_ptr<v1::InferenceService::Stub> m_anonymous; // TLS without one
    Channel m_predictions;
    Channel m_signals;
    std::vector<std::unique_ptr<server::RedisSubscriber>> m_subscribers;

    grpc::Status predict(v1::InferenceService::Stub &stub, const v1::PredictRequest &request,
                         v1::PredictResponse &response)
    {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
        return stub.Predict(&context, request, &response);
    }

    static v1::PredictRequest request(std::int64_t asOfMs)
    {
        v1::PredictRequest r;
        r.set_model_name("btc-live");
        r.set_exchange("binance");
        r.set_symbol("BTCUSDT");
        r.set_timeframe("1h");
        r.set_as_of_unix_ms(asOfMs);
        return r;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_certificates.ok());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("botcriptofy")), qPrintable(m_postgres.error()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        m_database = std::make_unique<server::Database>(m_postgres.settings(QStringLiteral("botcriptofy")), "",
                                                        "test_inference");
        QVERIFY(m_database->run([](pqxx::connection &connection) {
            return server::migrate(connection, server::builtInMigrations());
        }));
        const auto owner = test::insertTrader(*m_database);
        QVERIFY(owner);
        m_candles = test::ar1Candles(kBars);
        QVERIFY(server::CandleStore(*m_database).ingest("binance", "BTCUSDT", m_candles));

        // A small model trained here and registered as btc-live version 1.
        ml::DatasetSpec data;
        data.features = {"return(1)", "rsi(14)"};
        data.window = 8;
        const ml::Dataset dataset = ml::buildDataset(data, barsOf(m_candles, 0, 2000));
        ml::ModelSpec model;
        model.hidden = 8;
        ml::TrainSpec train;
        train.epochs = 3;
        train.device = {"cpu", 1};
        const ml::TrainResult trained = ml::train(dataset, model, train);
        m_artifact = trained.artifact;
        server::NewModelVersion version;
        version.name = "btc-live";
        version.owner = *owner;
        version.architecture = "lstm";
        version.task = "regression";
        version.spec = "spec";
        version.report = "report";
        version.artifact = m_artifact;
        const auto added = server::ModelRegistry(*m_database).add(version);
        QVERIFY2(added, added ? "" : added.error().message.c_str());
        QCOMPARE(added->version, 1);
        m_versionId = added->id;

        // The node asks for client certificates and verifies them against the test CA.
        m_port = test::freePort();
        QString config = test::serverConfig(
            QStringLiteral("compute-inference"), m_port, m_postgres, m_redis.port(), m_certificates,
            QStringLiteral("\n[compute]\ndevice = \"cpu\"\nthreads = 1\n\n[collector]\nenabled = false\n\n"
                           "[jobs]\nworkers = 0\n\n[predictions]\nlive = true\npoll_seconds = 1\n"));
        config.replace(QStringLiteral("\n\n[database]"),
                       QStringLiteral("\nclient_ca = \"%1\"\n\n[database]").arg(m_certificates.path(QStringLiteral("ca.crt"))));
        m_compute = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_COMPUTE_BINARY), QStringLiteral("compute"));
        QVERIFY(m_compute->start(config));
        const QString ca = m_certificates.path(QStringLiteral("ca.crt"));
        QVERIFY2(m_compute->waitServing(m_port, ca), qPrintable(m_compute->output()));

        const std::string target = "127.0.0.1:" + std::to_string(m_port);
        auto mutual = server::makeChannelCredentials(ca.toStdString(),
                                                     m_certificates.path(QStringLiteral("server.crt")).toStdString(),
                                                     m_certificates.path(QStringLiteral("server.key")).toStdString());
        QVERIFY(mutual);
        m_mutual = v1::InferenceService::NewStub(grpc::CreateChannel(target, *mutual));
        auto anonymous = server::makeChannelCredentials(ca.toStdString());
        QVERIFY(anonymous);
        m_anonymous = v1::InferenceService::NewStub(grpc::CreateChannel(target, *anonymous));

        server::RedisSettings redis;
        redis.host = "127.0.0.1";
        redis.port = m_redis.port();
        for (auto [name, channel] : {std::pair<std::string, Channel *>{"ai_prediction", &m_predictions},
                                     std::pair<std::string, Channel *>{"trading_signal", &m_signals}}) {
            m_subscribers.push_back(std::make_unique<server::RedisSubscriber>(
                redis, "", name, [channel](const std::string &message) {
                    std::lock_guard lock(channel->mutex);
                    channel->messages.push_back(message);
                }));
            m_subscribers.back()->start();
        }
        QTRY_VERIFY_WITH_TIMEOUT(m_subscribers[0]->subscribed() && m_subscribers[1]->subscribed(), 10000);
    }

    void cleanupTestCase()
    {
        for (auto &subscriber : m_subscribers)
            subscriber->stop();
    }

    void aServerWithACertificateGetsThePredictionAtTheLastClosedBar()
    {
        // Half an hour into bar 2500: bar 2499 is the last closed one.
        const std::int64_t asOf = test::kStartMs + 2500 * test::kHourMs + test::kHourMs / 2;
        v1::PredictResponse response;
        const grpc::Status status = predict(*m_mutual, request(asOf), response);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QCOMPARE(response.model_name(), std::string("btc-live"));
        QCOMPARE(response.version(), 1);
        QCOMPARE(response.task(), std::string("regression"));
        QCOMPARE(response.horizon(), 1);
        QCOMPARE(response.bar_time_unix_ms(), test::kStartMs + 2499 * test::kHourMs);

        // The same model on the same 2000 bars gives the same value.
        ml::Predictor local(m_artifact, {"cpu", 1});
        const double expected = local.predictBars(barsOf(m_candles, 500, 2500)).back();
        QVERIFY2(std::abs(response.value() - expected) < 1e-5,
                 qPrintable(QStringLiteral("%1 vs %2").arg(response.value()).arg(expected)));
        QCOMPARE(response.signal(), std::string(response.value() > 0 ? "buy" : "sell"));

        // Stored at that bar, and published.
        const auto stored = server::ModelRegistry(*m_database)
                                .predictions(m_versionId, "binance", "BTCUSDT", "1h",
                                             fromUnixMillis(response.bar_time_unix_ms()),
                                             fromUnixMillis(response.bar_time_unix_ms() + 1));
        QVERIFY(stored && stored->size() == 1);
        QCOMPARE(stored->front().value, response.value());
        QCOMPARE(toUnixMillis(stored->front().madeAt), response.made_at_unix_ms());
        const std::string bar = "\"bar_time\":" + std::to_string(response.bar_time_unix_ms());
        QTRY_VERIFY_WITH_TIMEOUT(m_predictions.contains(bar) && m_predictions.contains("\"model\":\"btc-live\""), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_signals.contains(bar) && m_signals.contains("\"signal\":\"" + response.signal() + "\""),
                                 10000);
    }

    void bcfCoresClientFindsTheNodeAndAsksForABar()
    {
        // What bcf-core's bots use: the live compute nodes from Redis, mutual TLS, one bar.
        server::RedisSettings redis;
        redis.host = "127.0.0.1";
        redis.port = m_redis.port();
        server::RedisClient client(redis, "");
        server::NodeRegistry nodes(client);
        QTRY_VERIFY_WITH_TIMEOUT(nodes.liveNodes() && nodes.liveNodes()->size() == 1, 30000);
        core::InferenceClientSettings settings;
        settings.caFile = m_certificates.path(QStringLiteral("ca.crt")).toStdString();
        settings.clientCertificate = m_certificates.path(QStringLiteral("server.crt")).toStdString();
        settings.clientKey = m_certificates.path(QStringLiteral("server.key")).toStdString();
        core::PredictionClient predictions(nodes, settings);
        const TimePoint bar = fromUnixMillis(test::kStartMs + 2599 * test::kHourMs);
        const auto value = predictions.predict("predict:btc-live@1", "binance", "BTCUSDT", "1h", bar);
        QVERIFY2(value, value ? "" : value.error().message.c_str());
        ml::Predictor local(m_artifact, {"cpu", 1});
        QVERIFY(std::abs(*value - local.predictBars(barsOf(m_candles, 600, 2600)).back()) < 1e-5);

        // A bar the store does not hold yet is not answered with an older bar's prediction.
        const auto future = predictions.predict("predict:btc-live", "binance", "BTCUSDT", "1h",
                                                fromUnixMillis(test::kStartMs + kBars * test::kHourMs));
        QVERIFY(!future);
        QVERIFY2(future.error().message.find("no candle of the bar") != std::string::npos,
                 future.error().message.c_str());

        core::PredictionClient unconfigured(nodes, {});
        const auto refused = unconfigured.predict("predict:btc-live", "binance", "BTCUSDT", "1h", bar);
        QVERIFY(!refused && refused.error().code == ErrorCode::FailedPrecondition);
        QVERIFY(refused.error().message.find("inference.client_certificate") != std::string::npos);
    }

    void anAgentAnswersItsActionContinuingItsStoredPath()
    {
        // A small evolved policy, registered with its actions stored up to bar 2599 (as a training
        // job stores them). Its features need no warm-up, so a path walked over any slice of the
        // bars is the same path.
        ml::DatasetSpec data;
        data.features = {"return(1)", "range"};
        data.window = 4;
        const std::vector<ml::Bar> trainingBars = barsOf(m_candles, 0, 2000);
        const ml::Dataset dataset = ml::buildDataset(data, trainingBars);
        ml::NeuroEvolutionSpec evolution;
        evolution.hidden = 4;
        evolution.population = 8;
        evolution.generations = 2;
        const ml::NeuroEvolutionResult evolved = ml::evolvePolicy(dataset, trainingBars, {}, evolution);
        const ml::PolicyArtifact policy{"neuroevolution", dataset.spec, dataset.normaliser, evolved.network};
        server::ModelRegistry registry(*m_database);
        server::NewModelVersion version;
        version.name = "btc-agent";
        version.architecture = "neuroevolution";
        version.task = "policy";
        version.spec = "spec";
        version.report = "report";
        version.artifact = ml::writePolicyArtifact(policy);
        const auto owner = registry.ownerOf("btc-live");
        QVERIFY(owner && *owner);
        version.owner = **owner;
        const auto added = registry.add(version);
        QVERIFY2(added, added ? "" : added.error().message.c_str());
        const std::vector<double> path = ml::policyActions(policy, barsOf(m_candles, 0, 2800), 2000);
        std::vector<server::StoredPrediction> stored;
        for (std::size_t t = 2000; t < 2600; ++t) {
            const TimePoint bar = fromUnixMillis(test::kStartMs + std::int64_t(t) * test::kHourMs);
            stored.push_back({bar, path[t], bar + std::chrono::hours(1)});
        }
        QVERIFY(registry.storePredictions(added->id, "binance", "BTCUSDT", "1h", stored));

        // 100 bars later: the node walks the policy on from its stored position at bar 2599.
        v1::PredictRequest ask = request(test::kStartMs + 2700 * test::kHourMs + 60'000);
        ask.set_model_name("btc-agent");
        v1::PredictResponse response;
        const grpc::Status status = predict(*m_mutual, ask, response);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QCOMPARE(response.task(), std::string("policy"));
        QCOMPARE(response.bar_time_unix_ms(), test::kStartMs + 2699 * test::kHourMs);
        QVERIFY(response.value() == 0 || response.value() == 1);
        QCOMPARE(response.value(), path[2699]);
        QCOMPARE(response.signal(), std::string(response.value() == 1 ? "buy" : "sell"));
        int changes = 0;
        for (std::size_t t = 2001; t < 2800; ++t)
            changes += path[t] != path[t - 1] ? 1 : 0;
        QVERIFY2(changes > 0, "the policy trades (a path that never changes would test nothing)");
    }

    // A live model predicts at each closed bar on its own: stored and published once per bar,
    // with no caller.
    void aLiveModelPredictsEachClosedBarUnasked()
    {
        model::Instrument eth = test::btcusdt();
        eth.symbol = "ETHUSDT";
        eth.base = "ETH";
        QVERIFY(server::InstrumentStore(*m_database).upsert({eth}));
        // Minutes closing up and down in turn, stored up to three minutes ahead (as collectors
        // would have stored them by then).
        const long long minute = QDateTime::currentMSecsSinceEpoch() / 60'000 * 60'000;
        std::vector<model::Candle> bars;
        bool up = true;
        for (long long open = minute - 20 * 60'000; open <= minute + 3 * 60'000; open += 60'000, up = !up)
            bars.push_back(test::minuteBar(open, up ? "100.00" : "101.00", up ? "101.00" : "100.00"));
        QVERIFY(server::CandleStore(*m_database).ingest("binance", "ETHUSDT", bars));

        // Long after an up minute, flat after a down one.
        const ml::PolicyArtifact policy = test::upDownPolicy();
        v1::TrainingSpec spec;
        spec.set_model_name("eth-live");
        spec.set_exchange("binance");
        spec.set_symbol("ETHUSDT");
        spec.set_timeframe("1m");
        server::ModelRegistry registry(*m_database);
        server::NewModelVersion version;
        version.name = "eth-live";
        version.owner = *registry.ownerOf("btc-live").value();
        version.architecture = "neuroevolution";
        version.task = "policy";
        version.spec = spec.SerializeAsString();
        version.report = "report";
        version.artifact = ml::writePolicyArtifact(policy);
        const auto added = registry.add(version);
        QVERIFY2(added, added ? "" : added.error().message.c_str());
        QVERIFY(registry.promote("eth-live", added->version));

        // Within a few passes the last closed minute is predicted, stored and published.
        const auto storedAt = [&](long long bar) {
            const auto found = registry.predictions(added->id, "binance", "ETHUSDT", "1m", fromUnixMillis(bar),
                                                    fromUnixMillis(bar + 1));
            return found && found->size() == 1 ? std::optional<double>(found->front().value) : std::nullopt;
        };
        long long bar = 0;
        QVERIFY2(test::waitFor(
                     [&] {
                         bar = QDateTime::currentMSecsSinceEpoch() / 60'000 * 60'000 - 60'000;
                         return storedAt(bar).has_value();
                     },
                     20000),
                 qPrintable(m_compute->output().right(2000)));
        const bool barWentUp = ((bar - (minute - 20 * 60'000)) / 60'000) % 2 == 0;
        QCOMPARE(*storedAt(bar), barWentUp ? 1.0 : 0.0);
        const std::string barTime = "\"bar_time\":" + std::to_string(bar);
        QTRY_VERIFY_WITH_TIMEOUT(m_predictions.count("\"model\":\"eth-live\"", barTime) == 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_signals.count("\"model\":\"eth-live\"", barTime) == 1, 10000);
        QTest::qWait(2500); // two more passes: the bar is not predicted again
        QCOMPARE(m_predictions.count("\"model\":\"eth-live\"", barTime), 1);
    }

    void callersWithoutACertificateAreRefused()
    {
        v1::PredictResponse response;
        const grpc::Status status = predict(*m_anonymous, request(0), response);
        QCOMPARE(status.error_code(), grpc::UNAUTHENTICATED);
        QVERIFY2(status.error_message().find("client certificate") != std::string::npos, status.error_message().c_str());
    }

    void badRequestsSayWhatIsWrong()
    {
        v1::PredictResponse response;
        v1::PredictRequest unknown = request(0);
        unknown.set_model_name("nobody");
        QCOMPARE(predict(*m_mutual, unknown, response).error_code(), grpc::NOT_FOUND);
        v1::PredictRequest timeframe = request(0);
        timeframe.set_timeframe("7m");
        const grpc::Status badTimeframe = predict(*m_mutual, timeframe, response);
        QCOMPARE(badTimeframe.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY(badTimeframe.error_message().find("timeframe: '7m'") != std::string::npos);
        // Five bars in: the features have not warmed up.
        const grpc::Status early = predict(*m_mutual, request(test::kStartMs + 5 * test::kHourMs), response);
        QCOMPARE(early.error_code(), grpc::FAILED_PRECONDITION);
        QVERIFY2(early.error_message().find("not enough stored 1h candles of binance BTCUSDT") != std::string::npos,
                 early.error_message().c_str());
    }
};

QTEST_GUILESS_MAIN(TestInference)
#include "test_inference.moc"
