// A bot trading on a model, end to end (docs/ml.md, "Live inference"): bcf-core runs a strategy
// bot whose rules read predict("updown"); at each closed minute bcf-core asks a bcf-compute
// process for the model's value at that bar over mutual TLS, and the bot enters and exits on the
// answers. Everything real: both servers, a private PostgreSQL and Redis, the market published on
// Redis as the collectors publish it, the bars stored as they store them. The model is a policy
// written by hand so its answers are known: long after a bar that closed up, flat after one that
// closed down.
#include "common/candle_store.h"
#include "common/database.h"
#include "common/market_store.h"
#include "common/model_registry.h"
#include "common/tls.h"
#include "support/bot_market.h"
#include "support/grpc_sessions.h"
#include "support/job_fixtures.h"
#include "support/policy_fixtures.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <bcf/v1/bots.grpc.pb.h>
#include <bcf/v1/trading.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QDateTime>
#include <QTest>

using namespace bcf;

namespace {

constexpr const char *kPassword = "Bot-Predict-Secret-2026";

QString describe(const grpc::Status &status)
{
    return QString::number(int(status.error_code())) + QStringLiteral(" ") +
           QString::fromStdString(status.error_message());
}

} // namespace

class TestBotPredict final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    test::TestCertificates m_certificates;
    std::unique_ptr<test::ServerProcess> m_core;
    std::unique_ptr<test::ServerProcess> m_compute;
    std::unique_ptr<server::Database> m_database;
    std::unique_ptr<test::BotMarket> m_market;
    std::unique_ptr<v1::BotService::Stub> m_bots;
    std::unique_ptr<v1::TradingService::Stub> m_trading;
    test::Sessions m_sessions;
    std::int64_t m_versionId = 0;

    QString eventsOf(std::int64_t id)
    {
        v1::ListBotEventsRequest request;
        request.set_id(id);
        v1::ListBotEventsResponse events;
        (void)m_bots->ListBotEvents(m_sessions.as("alice").get(), request, &events);
        QStringList lines;
        for (const auto &event : events.events())
            lines.prepend(QString::fromStdString(event.level() + " " + event.message()));
        return lines.join(QStringLiteral("\n"));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_certificates.ok());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("botcriptofy")), qPrintable(m_postgres.error()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        const QString ca = m_certificates.path(QStringLiteral("ca.crt"));

        // bcf-core calls Predict with the test CA's server certificate as its client certificate.
        const quint16 corePort = test::freePort();
        m_core = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_CORE_BINARY), QStringLiteral("core"));
        const QString inference = QStringLiteral("\n[inference]\nca_file = \"%1\"\nclient_certificate = \"%2\"\n"
                                                 "client_key = \"%3\"\n")
                                      .arg(ca, m_certificates.path(QStringLiteral("server.crt")),
                                           m_certificates.path(QStringLiteral("server.key")));
        QVERIFY(m_core->start(test::serverConfig(QStringLiteral("core-predict"), corePort, m_postgres, m_redis.port(),
                                                 m_certificates, test::authSection(m_certificates, inference))));
        QVERIFY2(m_core->waitServing(corePort, ca), qPrintable(m_core->output()));
        QVERIFY(test::addUser(QStringLiteral(BCF_CTL_BINARY), m_core->configPath(), QStringLiteral("alice"),
                              QStringLiteral("trader"), QString::fromLatin1(kPassword)));

        m_database = std::make_unique<server::Database>(m_postgres.settings(QStringLiteral("botcriptofy")), "",
                                                        "test_bot_predict");
        QVERIFY(server::InstrumentStore(*m_database).upsert({test::btcusdt()}));
        const auto owner = test::insertTrader(*m_database);
        QVERIFY(owner);
        server::NewModelVersion version;
        version.name = "updown";
        version.owner = *owner;
        version.architecture = "neuroevolution";
        version.task = "policy";
        version.spec = "spec";
        version.report = "report";
        version.artifact = ml::writePolicyArtifact(test::upDownPolicy());
        const auto added = server::ModelRegistry(*m_database).add(version);
        QVERIFY2(added, added ? "" : added.error().message.c_str());
        m_versionId = added->id;

        // The compute node verifies client certificates against the test CA.
        const quint16 computePort = test::freePort();
        QString config = test::serverConfig(
            QStringLiteral("compute-predict"), computePort, m_postgres, m_redis.port(), m_certificates,
            QStringLiteral("\n[compute]\ndevice = \"cpu\"\nthreads = 1\n\n[collector]\nenabled = false\n\n"
                           "[jobs]\nworkers = 0\n"));
        config.replace(QStringLiteral("\n\n[database]"), QStringLiteral("\nclient_ca = \"%1\"\n\n[database]").arg(ca));
        m_compute = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_COMPUTE_BINARY), QStringLiteral("compute"));
        QVERIFY(m_compute->start(config));
        QVERIFY2(m_compute->waitServing(computePort, ca), qPrintable(m_compute->output()));

        auto credentials = server::makeChannelCredentials(ca.toStdString());
        const auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(corePort), *credentials);
        m_bots = v1::BotService::NewStub(channel);
        m_trading = v1::TradingService::NewStub(channel);
        m_sessions.reset(channel, kPassword);
        m_market = std::make_unique<test::BotMarket>(m_redis.port());
        QVERIFY2(m_market->waitKnown(*m_trading, m_sessions, "alice"), qPrintable(m_core->output().right(3000)));
    }

    void aBotEntersAndExitsOnTheModelsAnswers()
    {
        // Quiet minutes before, then the minute now forming closes up and the next one down;
        // stored ahead, as collectors store them (the bot acts on each only after it closed).
        const long long now = QDateTime::currentMSecsSinceEpoch();
        if (now % 60'000 > 45'000)
            QTest::qWait(int(60'000 - now % 60'000) + 500); // leave the first bar time to close after the start
        const long long current = QDateTime::currentMSecsSinceEpoch() / 60'000 * 60'000;
        std::vector<model::Candle> bars;
        for (long long minute = current - 5 * 60'000; minute < current; minute += 60'000)
            bars.push_back(test::minuteBar(minute, "100.00", "100.00"));
        bars.push_back(test::minuteBar(current, "100.00", "101.00"));
        bars.push_back(test::minuteBar(current + 60'000, "101.00", "99.50"));
        QVERIFY(server::CandleStore(*m_database).ingest("binance", "BTCUSDT", bars));

        v1::CreateBotRequest request;
        v1::BotDefinition &definition = *request.mutable_definition();
        definition.set_name("follows updown");
        definition.set_kind(v1::BOT_KIND_STRATEGY);
        definition.set_exchange("binance");
        definition.set_symbol("BTCUSDT");
        definition.set_timeframe("1m");
        definition.set_venue("paper");
        definition.set_strategy_source("strategy \"Follow the model\"\n"
                                       "long entry when predict(\"updown\") > 0.5\n"
                                       "long exit when predict(\"updown\") < 0.5\n"
                                       "size 0.1 units\n");
        definition.set_budget("1000");
        v1::Bot created;
        grpc::Status status = m_bots->CreateBot(m_sessions.as("alice").get(), request, &created);
        QVERIFY2(status.ok(), qPrintable(describe(status)));
        v1::BotIdRequest id;
        id.set_id(created.id());
        v1::Bot started;
        status = m_bots->StartBot(m_sessions.as("alice").get(), id, &started);
        QVERIFY2(status.ok(), qPrintable(describe(status)));

        // The up bar closes: the model says long, the bot buys.
        QVERIFY2(test::waitBotFills(*m_trading, m_sessions, "alice", created.id(), 1, 90'000),
                 qPrintable(eventsOf(created.id()) + QStringLiteral("\n") + m_compute->output().right(2000)));
        auto orders = test::botOrders(*m_trading, m_sessions, "alice", created.id());
        QCOMPARE(orders.size(), std::size_t(1));
        QCOMPARE(orders[0].side(), v1::SIDE_BUY);
        QCOMPARE(orders[0].quantity(), std::string("0.1"));

        // The down bar closes: the model says flat, the bot sells what it holds.
        QVERIFY2(test::waitBotFills(*m_trading, m_sessions, "alice", created.id(), 2, 90'000),
                 qPrintable(eventsOf(created.id())));
        orders = test::botOrders(*m_trading, m_sessions, "alice", created.id());
        QCOMPARE(orders.size(), std::size_t(2));
        QCOMPARE(orders[0].side(), v1::SIDE_SELL); // newest first

        // The answers the bot traded on were made by the compute node and stored, bar by bar.
        const auto stored = server::ModelRegistry(*m_database)
                                .predictions(m_versionId, "binance", "BTCUSDT", "1m", fromUnixMillis(current),
                                             fromUnixMillis(current + 120'000));
        QVERIFY(stored);
        QCOMPARE(stored->size(), std::size_t(2));
        QCOMPARE((*stored)[0].value, 1.0);
        QCOMPARE((*stored)[1].value, 0.0);
        QVERIFY(toUnixMillis((*stored)[0].madeAt) >= current + 60'000); // after the bar closed

        v1::StopBotRequest stop;
        stop.set_id(created.id());
        v1::Bot stopped;
        QVERIFY(m_bots->StopBot(m_sessions.as("alice").get(), stop, &stopped).ok());
    }
};

QTEST_GUILESS_MAIN(TestBotPredict)
#include "test_bot_predict.moc"
