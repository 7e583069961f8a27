// Reliability (issue 5): bcf-core is killed with SIGKILL at random moments while bots trade, then
// restarted; after each restart the books must balance exactly:
// - no order is lost: nothing stays NEW or SUBMITTED (the restart reconciles every order the venue
//   never answered), and every bot is RUNNING again on the node;
// - no order is duplicated: no bot ever has two working orders at one grid level, and no decision
//   key was used twice (the journal's unique key makes a second order impossible; the check reads
//   the journal directly);
// - the account's balances as the venue holds them equal its starting balances plus every fill in
//   the journal, and what is locked equals what its open orders reserve.
// The market is a seeded random walk published on Redis (book and trades every 20 ms), so grid
// bots trade continuously. Runs: BCF_RELIABILITY_RUNS (20 in the suite; scripts/reliability.sh
// runs 100); seed: BCF_RELIABILITY_SEED (printed). docs/reliability.md has the figures.
#include "common/redis_client.h"
#include "common/tls.h"
#include "core/decimal.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <bcf/v1/auth.grpc.pb.h>
#include <bcf/v1/bots.grpc.pb.h>
#include <bcf/v1/trading.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <thread>

using namespace bcf;

namespace {

constexpr const char *kPassword = "Reliability-Secret-2026";

QByteArray describe(const grpc::Status &status)
{
    return QByteArray::number(int(status.error_code())) + " " + QByteArray::fromStdString(status.error_message());
}

// A random walk between 95 and 105, a trade and a book every 20 ms.
class Walk final {
public:
    Walk(quint16 redisPort, std::uint64_t seed) : m_random(seed)
    {
        server::RedisSettings settings;
        settings.host = "127.0.0.1";
        settings.port = redisPort;
        m_redis = std::make_unique<server::RedisClient>(settings, "");
        m_thread = std::thread([this] { run(); });
    }
    ~Walk()
    {
        m_stop = true;
        m_thread.join();
    }
    // No trades while the books are compared (they would move between the two reads).
    void hold(bool held) { m_held = held; }

private:
    void run()
    {
        long long cents = 10'000;
        long long id = 0;
        std::uniform_int_distribution<int> step(-40, 40);
        while (!m_stop) {
            if (m_held) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                continue;
            }
            cents = std::clamp(cents + step(m_random), 9'500LL, 10'500LL);
            const auto price = [](long long c) {
                return std::to_string(c / 100) + "." + (c % 100 < 10 ? "0" : "") + std::to_string(c % 100);
            };
            const std::string now = std::to_string(QDateTime::currentMSecsSinceEpoch());
            ++id;
            (void)m_redis->command({"PUBLISH", "market_data",
                                    R"({"type":"book","exchange":"binance","symbol":"BTCUSDT","update_id":)" +
                                        std::to_string(id) + R"(,"time":)" + now + R"(,"bids":[[")" +
                                        price(cents - 1) + R"(","50"]],"asks":[[")" + price(cents + 1) +
                                        R"(","50"]]})"});
            (void)m_redis->command({"PUBLISH", "market_data",
                                    R"({"type":"trade","exchange":"binance","symbol":"BTCUSDT","id":)" +
                                        std::to_string(id) + R"(,"time":)" + now + R"(,"price":")" + price(cents) +
                                        R"(","quantity":"5","side":"buy"})"});
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    std::mt19937_64 m_random;
    std::unique_ptr<server::RedisClient> m_redis;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_held{false};
};

} // namespace

class TestReliability final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    test::TestCertificates m_certificates;
    std::unique_ptr<test::ServerProcess> m_core;
    quint16 m_corePort = 0;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<v1::BotService::Stub> m_bots;
    std::unique_ptr<v1::TradingService::Stub> m_trading;
    std::string m_token;

    // Starts bcf-core and logs in; what went wrong otherwise. Generous waits: under a parallel
    // test run the start and an Argon2id login share two busy cores.
    QString startCore()
    {
        m_core = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_CORE_BINARY), QStringLiteral("core"));
        const QString config =
            test::serverConfig(QStringLiteral("core-reliability"), m_corePort, m_postgres, m_redis.port(),
                               m_certificates,
                               test::authSection(m_certificates) +
                                   QStringLiteral("\n[trading]\npaper_balances = \"USDT=10000,BTC=2\"\n"
                                                  "max_orders_per_minute = 0\n"));
        if (!m_core->start(config))
            return QStringLiteral("bcf-core did not start");
        if (!m_core->waitServing(m_corePort, m_certificates.path(QStringLiteral("ca.crt")), 90'000)) {
            m_core->terminate();
            return QStringLiteral("bcf-core not serving within 90 s: ") + m_core->output().right(3000);
        }
        auto credentials =
            server::makeChannelCredentials(m_certificates.path(QStringLiteral("ca.crt")).toStdString());
        m_channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(m_corePort), *credentials);
        m_bots = v1::BotService::NewStub(m_channel);
        m_trading = v1::TradingService::NewStub(m_channel);
        auto auth = v1::AuthService::NewStub(m_channel);
        grpc::Status status;
        for (int attempt = 0; attempt < 3; ++attempt) {
            grpc::ClientContext context;
            context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
            v1::LoginRequest request;
            request.set_username("alice");
            request.set_password(kPassword);
            v1::LoginResponse response;
            status = auth->Login(&context, request, &response);
            if (status.ok()) {
                m_token = response.session().token();
                return {};
            }
            QTest::qWait(1000);
        }
        return QStringLiteral("login failed: ") + QString::fromLatin1(describe(status));
    }

    std::unique_ptr<grpc::ClientContext> context()
    {
        auto out = std::make_unique<grpc::ClientContext>();
        out->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(15));
        out->AddMetadata("authorization", "Bearer " + m_token);
        return out;
    }

    QString sql(const QString &query)
    {
        bool ok = false;
        const QString out = m_postgres.psql(QStringLiteral("botcriptofy"), query, &ok);
        if (!ok)
            qWarning("psql: %s", qPrintable(m_postgres.error()));
        return out;
    }

    // Every bot of alice RUNNING on this node, and the node trading (a portfolio answers).
    bool waitResumed(const std::vector<std::int64_t> &ids)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 60'000) {
            int running = 0;
            for (std::int64_t id : ids) {
                v1::BotIdRequest request;
                request.set_id(id);
                v1::Bot bot;
                if (m_bots->GetBot(context().get(), request, &bot).ok() && bot.state() == v1::BOT_STATE_RUNNING &&
                    bot.open_orders() > 0)
                    ++running;
            }
            v1::Portfolio portfolio;
            if (running == int(ids.size()) && m_trading->GetPortfolio(context().get(), {}, &portfolio).ok())
                return true;
            QTest::qWait(250);
        }
        return false;
    }

    // The invariants; an empty string when they hold.
    QString check()
    {
        QStringList problems;
        // Nothing unanswered is left after the restart's reconciliation.
        const QString stuck = sql(QStringLiteral("SELECT count(*) FROM orders WHERE state IN ('NEW', 'SUBMITTED')"
                                                 " AND created_at < now() - interval '5 seconds'"));
        if (stuck != QStringLiteral("0"))
            problems << QStringLiteral("%1 orders stuck in NEW/SUBMITTED").arg(stuck);
        // One working order per bot and price level.
        const QString doubled = sql(QStringLiteral(
            "SELECT count(*) FROM (SELECT bot_id, side, price FROM orders WHERE bot_id > 0 AND state IN"
            " ('ACCEPTED', 'PARTIALLY_FILLED') GROUP BY bot_id, side, price HAVING count(*) > 1) d"));
        if (doubled != QStringLiteral("0"))
            problems << QStringLiteral("%1 grid levels with two working orders").arg(doubled);
        // No decision key used twice (also held by the unique index; read from the journal).
        const QString keys = sql(QStringLiteral(
            "SELECT count(*) - count(DISTINCT idempotency_key) FROM orders WHERE idempotency_key IS NOT NULL"));
        if (keys != QStringLiteral("0"))
            problems << QStringLiteral("%1 repeated decision keys").arg(keys);
        // Balances = start + fills; locked = the open orders' reserves.
        const QString expected = sql(QStringLiteral(
            "SELECT (10000 + coalesce(sum(CASE side WHEN 'SELL' THEN price * quantity - (CASE fee_asset WHEN"
            " 'USDT' THEN fee ELSE 0 END) ELSE -(price * quantity) END), 0))::numeric(30,8) || ' ' ||"
            " (2 + coalesce(sum(CASE side WHEN 'BUY' THEN quantity - (CASE fee_asset WHEN 'BTC' THEN fee ELSE 0"
            " END) ELSE -quantity END), 0))::numeric(30,8) FROM fills WHERE account_id = (SELECT id FROM users"
            " WHERE username = 'alice')"));
        const QString reserved = sql(QStringLiteral(
            "SELECT coalesce(sum(CASE side WHEN 'BUY' THEN price * (quantity - filled_quantity) END), 0)::numeric(30,8)"
            " || ' ' || coalesce(sum(CASE side WHEN 'SELL' THEN quantity - filled_quantity END), 0)::numeric(30,8)"
            " FROM orders WHERE account_id = (SELECT id FROM users WHERE username = 'alice') AND state IN"
            " ('ACCEPTED', 'PARTIALLY_FILLED')"));
        v1::Portfolio portfolio;
        const grpc::Status status = m_trading->GetPortfolio(context().get(), {}, &portfolio);
        if (!status.ok())
            return QStringLiteral("GetPortfolio: ") + QString::fromLatin1(describe(status));
        std::map<std::string, std::pair<std::string, std::string>> balances;
        for (const auto &line : portfolio.balances())
            balances[line.asset()] = {line.free(), line.locked()};
        const auto total = [&](const std::string &asset) {
            const auto &[free, locked] = balances[asset];
            return (*Money::parse(free.empty() ? "0" : free) + *Money::parse(locked.empty() ? "0" : locked))
                .toString(8);
        };
        const auto locked = [&](const std::string &asset) {
            return Money::parse(balances[asset].second.empty() ? "0" : balances[asset].second)->toString(8);
        };
        const QString held = QString::fromStdString(total("USDT") + " " + total("BTC"));
        if (held != expected)
            problems << QStringLiteral("balances %1 (USDT BTC) but start + fills = %2").arg(held, expected);
        const QString lockedNow = QString::fromStdString(locked("USDT") + " " + locked("BTC"));
        if (lockedNow != reserved)
            problems << QStringLiteral("locked %1 but open orders reserve %2").arg(lockedNow, reserved);
        return problems.join(QStringLiteral("; "));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_certificates.ok());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("botcriptofy")), qPrintable(m_postgres.error()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        m_corePort = test::freePort();
        // Users are created once the schema exists.
        m_core = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_CORE_BINARY), QStringLiteral("core"));
        QVERIFY(m_core->start(test::serverConfig(QStringLiteral("core-reliability"), m_corePort, m_postgres,
                                                 m_redis.port(), m_certificates,
                                                 test::authSection(m_certificates))));
        QVERIFY(m_core->waitServing(m_corePort, m_certificates.path(QStringLiteral("ca.crt"))));
        QVERIFY(test::addUser(QStringLiteral(BCF_CTL_BINARY), m_core->configPath(), QStringLiteral("alice"),
                              QStringLiteral("trader"), QString::fromLatin1(kPassword)));
        QCOMPARE(m_core->terminate(), 0);
        sql(QStringLiteral("INSERT INTO instruments (exchange, symbol, base, quote, tick_size, lot_size, min_notional,"
                           " price_precision, quantity_precision) VALUES ('binance', 'BTCUSDT', 'BTC', 'USDT',"
                           " 1000000, 100000, 500000000, 2, 3)"));
        const QString started = startCore();
        QVERIFY2(started.isEmpty(), qPrintable(started));
    }

    void killedAtRandomMomentsLosesAndDuplicatesNothing()
    {
        const int runs = qEnvironmentVariableIsSet("BCF_RELIABILITY_RUNS")
                             ? qEnvironmentVariableIntValue("BCF_RELIABILITY_RUNS")
                             : 20;
        const std::uint64_t seed = qEnvironmentVariableIsSet("BCF_RELIABILITY_SEED")
                                       ? std::uint64_t(qEnvironmentVariableIntValue("BCF_RELIABILITY_SEED"))
                                       : std::uint64_t(QDateTime::currentMSecsSinceEpoch());
        qInfo("seed %llu, %d runs", static_cast<unsigned long long>(seed), runs);
        std::mt19937_64 random(seed);
        Walk walk(m_redis.port(), seed);

        // Two grid bots over the walk's range: they trade on almost every move.
        std::vector<std::int64_t> bots;
        for (const auto &[name, lower, upper] : {std::tuple{"grid wide", "95", "105"}, std::tuple{"grid tight", "98", "102"}}) {
            v1::CreateBotRequest request;
            auto *definition = request.mutable_definition();
            definition->set_name(name);
            definition->set_kind(v1::BOT_KIND_GRID);
            definition->set_symbol("BTCUSDT");
            definition->set_budget("4000");
            for (const auto &[key, value] : {std::pair{"lower", lower}, std::pair{"upper", upper},
                                             std::pair{"levels", "9"}, std::pair{"quantity", "0.06"}}) {
                auto *parameter = definition->add_parameters();
                parameter->set_name(key);
                parameter->set_value(value);
            }
            v1::Bot created;
            // The node needs a last price first.
            grpc::Status status;
            QElapsedTimer timer;
            timer.start();
            do {
                status = m_bots->CreateBot(context().get(), request, &created);
                if (!status.ok())
                    QTest::qWait(200);
            } while (!status.ok() && timer.elapsed() < 20'000);
            QVERIFY2(status.ok(), describe(status));
            v1::BotIdRequest id;
            id.set_id(created.id());
            v1::Bot started;
            timer.restart();
            do {
                status = m_bots->StartBot(context().get(), id, &started);
                if (!status.ok())
                    QTest::qWait(200);
            } while (!status.ok() && timer.elapsed() < 20'000);
            QVERIFY2(status.ok(), describe(status));
            bots.push_back(created.id());
        }
        QVERIFY(waitResumed(bots));

        std::uniform_int_distribution<int> pause(200, 2500);
        qint64 longestRecoveryMs = 0;
        for (int run = 1; run <= runs; ++run) {
            QTest::qWait(pause(random));
            m_core->kill();
            QElapsedTimer recovery;
            recovery.start();
            const QString started = startCore();
            QVERIFY2(started.isEmpty(), qPrintable(QStringLiteral("run %1: ").arg(run) + started));
            QVERIFY2(waitResumed(bots), qPrintable(QStringLiteral("run %1: bots not resumed\n").arg(run) +
                                                   m_core->output().right(3000)));
            longestRecoveryMs = std::max(longestRecoveryMs, recovery.elapsed());
            // Quiet market: what the node received is processed before the books are read.
            walk.hold(true);
            QTest::qWait(500);
            const QString problems = check();
            walk.hold(false);
            QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("run %1: ").arg(run) + problems));
        }
        const QString orders = sql(QStringLiteral("SELECT count(*) FROM orders"));
        const QString fills = sql(QStringLiteral("SELECT count(*) FROM fills"));
        qInfo("%d kills, %s orders and %s fills journaled, slowest recovery %lld ms", runs, qPrintable(orders),
              qPrintable(fills), static_cast<long long>(longestRecoveryMs));
    }

    void cleanupTestCase()
    {
        if (m_core)
            m_core->terminate();
    }
};

QTEST_GUILESS_MAIN(TestReliability)
#include "test_reliability.moc"
