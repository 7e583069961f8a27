// bcf.v1.BotService on a real bcf-core over TLS with a private PostgreSQL and Redis. The market is
// published by this test on Redis (a fixed book and trades) and the bars a strategy bot trades on
// are stored by the test, as the collectors store them. A strategy bot buys on an up bar, is
// killed with SIGKILL right after its entry, resumes on the restarted node (its Redis lease, its
// snapshot, its journal) and exits on the next down bar — with exactly one entry and one exit
// order. A grid bot places its grid and follows fills. A strategy bot on sentiment("BTC") enters
// at the first bar close with a bullish BTC item fetched in the 24 hours before it, and exits when
// a bearish one turns the mean negative. Bad definitions name their field.
#include "common/candle_store.h"
#include "common/database.h"
#include "common/news_store.h"
#include "common/redis_client.h"
#include "common/tls.h"
#include "support/bot_market.h"
#include "support/grpc_sessions.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <bcf/v1/auth.grpc.pb.h>
#include <bcf/v1/bots.grpc.pb.h>
#include <bcf/v1/trading.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

using namespace bcf;

namespace {

constexpr const char *kPassword = "Bot-Runner-Secret-2026";

QByteArray describe(const grpc::Status &status)
{
    return QByteArray::number(int(status.error_code())) + " " + QByteArray::fromStdString(status.error_message());
}

bool contains(const std::string &text, const std::string &part) { return text.find(part) != std::string::npos; }

} // namespace

class TestBotService final : public QObject {
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
    std::unique_ptr<test::BotMarket> m_market;
    std::unique_ptr<server::Database> m_database;
    test::Sessions m_sessions;

    QString config() const
    {
        return test::serverConfig(QStringLiteral("core-bots"), m_corePort, m_postgres, m_redis.port(),
                                  m_certificates, test::authSection(m_certificates));
    }

    void connect()
    {
        auto credentials =
            server::makeChannelCredentials(m_certificates.path(QStringLiteral("ca.crt")).toStdString());
        m_channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(m_corePort), *credentials);
        m_bots = v1::BotService::NewStub(m_channel);
        m_trading = v1::TradingService::NewStub(m_channel);
        m_sessions.reset(m_channel, kPassword);
    }

    bool startCore()
    {
        m_core = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_CORE_BINARY), QStringLiteral("core"));
        if (!m_core->start(config()))
            return false;
        if (!m_core->waitServing(m_corePort, m_certificates.path(QStringLiteral("ca.crt"))))
            return false;
        connect();
        return true;
    }

    std::string tokenOf(const std::string &user) { return m_sessions.token(user); }
    std::unique_ptr<grpc::ClientContext> as(const std::string &user) { return m_sessions.as(user); }

    // Trades until the node knows a last price (orders are checked against it).
    bool waitMarket() { return m_market->waitKnown(*m_trading, m_sessions, "carol"); }

    v1::Bot bot(std::int64_t id)
    {
        v1::BotIdRequest request;
        request.set_id(id);
        v1::Bot out;
        (void)m_bots->GetBot(as("alice").get(), request, &out);
        return out;
    }

    std::vector<v1::Order> ordersOf(std::int64_t botId) { return test::botOrders(*m_trading, m_sessions, "alice", botId); }

    bool waitOrders(std::int64_t botId, int filled, int timeoutMs)
    {
        return test::waitBotFills(*m_trading, m_sessions, "alice", botId, filled, timeoutMs);
    }

    // The bot's log, oldest first, for failure messages.
    QString eventsOf(std::int64_t id)
    {
        v1::ListBotEventsRequest request;
        request.set_id(id);
        v1::ListBotEventsResponse events;
        (void)m_bots->ListBotEvents(as("alice").get(), request, &events);
        QStringList lines;
        for (const auto &event : events.events())
            lines.prepend(QString::fromStdString(event.level() + " " + event.message()));
        return lines.join(QStringLiteral("\n"));
    }

    static v1::BotDefinition strategyBot(const std::string &name)
    {
        v1::BotDefinition definition;
        definition.set_name(name);
        definition.set_kind(v1::BOT_KIND_STRATEGY);
        definition.set_exchange("binance");
        definition.set_symbol("BTCUSDT");
        definition.set_timeframe("1m");
        definition.set_venue("paper");
        definition.set_strategy_source("strategy \"Bar direction\"\n"
                                       "long entry when close > open\n"
                                       "long exit when close < open\n"
                                       "size 0.1 units\n");
        definition.set_budget("1000");
        return definition;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_certificates.ok());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("botcriptofy")), qPrintable(m_postgres.error()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        m_corePort = test::freePort();
        QVERIFY2(startCore(), qPrintable(m_core->output()));
        for (const auto &[user, role] : {std::pair{"alice", "trader"}, std::pair{"bob", "trader"},
                                         std::pair{"carol", "trader"}, std::pair{"audrey", "auditor"}})
            QVERIFY(test::addUser(QStringLiteral(BCF_CTL_BINARY), m_core->configPath(), QString::fromLatin1(user),
                                  QString::fromLatin1(role), QString::fromLatin1(kPassword)));
        bool ok = false;
        m_postgres.psql(QStringLiteral("botcriptofy"),
                        QStringLiteral("INSERT INTO instruments (exchange, symbol, base, quote, tick_size,"
                                       " lot_size, min_notional, price_precision, quantity_precision)"
                                       " VALUES ('binance', 'BTCUSDT', 'BTC', 'USDT', 1000000, 100000,"
                                       " 500000000, 2, 3)"),
                        &ok);
        QVERIFY2(ok, qPrintable(m_postgres.error()));
        server::DatabaseSettings settings;
        settings.host = "127.0.0.1";
        settings.port = m_postgres.port();
        settings.name = "botcriptofy";
        settings.user = "botcriptofy";
        m_database = std::make_unique<server::Database>(settings, "", "test_bot_service");
        m_market = std::make_unique<test::BotMarket>(m_redis.port());
        QVERIFY2(waitMarket(), qPrintable(m_core->output().right(3000)));
    }

    void badDefinitionsNameTheField()
    {
        v1::CreateBotRequest request;
        *request.mutable_definition() = strategyBot("broken");
        request.mutable_definition()->set_strategy_source("strategy \"x\"\nlong entry when close >\n");
        v1::Bot out;
        grpc::Status status = m_bots->CreateBot(as("alice").get(), request, &out);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(status.error_message().starts_with("strategy: 2:"), describe(status));

        *request.mutable_definition() = strategyBot("no budget");
        request.mutable_definition()->set_budget("0");
        status = m_bots->CreateBot(as("alice").get(), request, &out);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(contains(status.error_message(), "budget"), describe(status));

        *request.mutable_definition() = strategyBot("elsewhere");
        request.mutable_definition()->set_symbol("DOGEUSDT");
        status = m_bots->CreateBot(as("alice").get(), request, &out);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(contains(status.error_message(), "DOGEUSDT"), describe(status));

        v1::CreateBotRequest grid;
        grid.mutable_definition()->set_name("grid without range");
        grid.mutable_definition()->set_kind(v1::BOT_KIND_GRID);
        grid.mutable_definition()->set_symbol("BTCUSDT");
        grid.mutable_definition()->set_budget("1000");
        status = m_bots->CreateBot(as("alice").get(), grid, &out);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(contains(status.error_message(), "lower"), describe(status));

        QCOMPARE(m_bots->CreateBot(as("audrey").get(), request, &out).error_code(), grpc::PERMISSION_DENIED);
    }

    // The whole life of a strategy bot, with a crash in the middle.
    void strategyBotSurvivesAKill()
    {
        // The bars it will trade on: the minute now forming closes up, the next one down. They are
        // stored ahead; the bot acts on each only after it has closed.
        const long long now = QDateTime::currentMSecsSinceEpoch();
        if (now % 60'000 > 45'000)
            QTest::qWait(int(60'000 - now % 60'000) + 500); // leave the first bar time to close after the start
        const long long current = QDateTime::currentMSecsSinceEpoch() / 60'000 * 60'000;
        server::CandleStore candles(*m_database);
        QVERIFY(candles.ingest("binance", "BTCUSDT",
                               {test::minuteBar(current, "100.00", "101.00"), test::minuteBar(current + 60'000, "101.00", "99.50")}));

        v1::CreateBotRequest request;
        *request.mutable_definition() = strategyBot("bar direction");
        v1::Bot created;
        grpc::Status status = m_bots->CreateBot(as("alice").get(), request, &created);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(created.state(), v1::BOT_STATE_STOPPED);
        v1::Bot duplicate;
        QCOMPARE(m_bots->CreateBot(as("alice").get(), request, &duplicate).error_code(), grpc::ALREADY_EXISTS);
        // Bob cannot see it.
        v1::BotIdRequest id;
        id.set_id(created.id());
        v1::Bot hidden;
        QCOMPARE(m_bots->GetBot(as("bob").get(), id, &hidden).error_code(), grpc::NOT_FOUND);

        v1::Bot started;
        status = m_bots->StartBot(as("alice").get(), id, &started);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(started.state(), v1::BOT_STATE_RUNNING);
        QCOMPARE(started.node(), std::string("core-bots"));

        // The up bar closes: one market buy of 0.1 at the ask.
        QVERIFY2(waitOrders(created.id(), 1, 90'000), qPrintable(m_core->output().right(4000)));
        std::vector<v1::Order> orders = ordersOf(created.id());
        QCOMPARE(orders.size(), std::size_t(1));
        QCOMPARE(orders[0].side(), v1::SIDE_BUY);
        QCOMPARE(orders[0].quantity(), std::string("0.1"));
        QCOMPARE(orders[0].average_price(), std::string("100.01"));
        QCOMPARE(bot(created.id()).position(), std::string("0.0999")); // 0.1 less the 0.1 % fee in BTC

        // A crash right after the entry.
        m_core->kill();
        QVERIFY2(startCore(), qPrintable(m_core->output().right(3000)));
        QVERIFY(waitMarket());

        // Resumed by the restarted node (same name, so its lease is taken back at once); the down
        // bar closes: one market sell of what it can sell, 0.099 (whole lots of 0.0999).
        QVERIFY2(waitOrders(created.id(), 2, 120'000), qPrintable(m_core->output().right(4000)));
        orders = ordersOf(created.id());
        QCOMPARE(orders.size(), std::size_t(2)); // no duplicate entry, no second exit
        QCOMPARE(orders[0].side(), v1::SIDE_SELL); // newest first
        QCOMPARE(orders[0].quantity(), std::string("0.099"));
        QCOMPARE(orders[0].average_price(), std::string("100"));
        const v1::Bot after = bot(created.id());
        QCOMPARE(after.state(), v1::BOT_STATE_RUNNING);
        QCOMPARE(after.position(), std::string("0.0009"));

        v1::ListBotEventsRequest eventsRequest;
        eventsRequest.set_id(created.id());
        v1::ListBotEventsResponse events;
        QVERIFY(m_bots->ListBotEvents(as("alice").get(), eventsRequest, &events).ok());
        bool resumed = false;
        for (const auto &event : events.events())
            resumed = resumed || contains(event.message(), "Resumed");
        QVERIFY(resumed);

        // Stop, then delete.
        v1::StopBotRequest stop;
        stop.set_id(created.id());
        v1::Bot stopped;
        QVERIFY(m_bots->StopBot(as("alice").get(), stop, &stopped).ok());
        QCOMPARE(stopped.state(), v1::BOT_STATE_STOPPED);
        v1::Bot deleted;
        QVERIFY(m_bots->DeleteBot(as("alice").get(), id, &deleted).ok());
        QCOMPARE(m_bots->GetBot(as("alice").get(), id, &hidden).error_code(), grpc::NOT_FOUND);
    }

    void gridBotPlacesItsGridAndFollowsFills()
    {
        v1::CreateBotRequest request;
        auto *definition = request.mutable_definition();
        definition->set_name("grid");
        definition->set_kind(v1::BOT_KIND_GRID);
        definition->set_symbol("BTCUSDT");
        definition->set_budget("1000");
        for (const auto &[name, value] : {std::pair{"lower", "96"}, std::pair{"upper", "104"},
                                          std::pair{"levels", "5"}, std::pair{"quantity", "0.1"}}) {
            auto *parameter = definition->add_parameters();
            parameter->set_name(name);
            parameter->set_value(value);
        }
        v1::Bot created;
        grpc::Status status = m_bots->CreateBot(as("alice").get(), request, &created);
        QVERIFY2(status.ok(), describe(status));
        v1::BotIdRequest id;
        id.set_id(created.id());
        v1::Bot started;
        status = m_bots->StartBot(as("alice").get(), id, &started);
        QVERIFY2(status.ok(), describe(status));

        // Levels 96, 98, 100, 102, 104 around the last price 100: buys at 96 and 98, sells at 102
        // and 104 (after a market buy of what the sells need); the level at the price stays empty.
        QElapsedTimer timer;
        timer.start();
        std::vector<v1::Order> open;
        while (timer.elapsed() < 15000) {
            open.clear();
            for (const auto &order : ordersOf(created.id()))
                if (order.state() == v1::ORDER_STATE_ACCEPTED)
                    open.push_back(order);
            if (open.size() == 4)
                break;
            QTest::qWait(200);
        }
        QCOMPARE(open.size(), std::size_t(4));
        std::set<std::string> prices;
        for (const auto &order : open)
            prices.insert((order.side() == v1::SIDE_BUY ? "buy " : "sell ") + order.price());
        QCOMPARE(prices, (std::set<std::string>{"buy 96", "buy 98", "sell 102", "sell 104"}));

        // A trade at 97.50 fills the buy at 98: the grid places a sell one level up, at 100, of
        // 0.1 (the buy delivered 0.0999 after the fee in BTC; the starting buy's 0.25 % margin
        // makes up the rest). The book's bid is still 100, so it sells at once.
        m_market->trade("97.50", "1");
        timer.restart();
        std::string sellAt100;
        while (sellAt100.empty() && timer.elapsed() < 15000) {
            for (const auto &order : ordersOf(created.id()))
                if (order.side() == v1::SIDE_SELL && order.price() == "100")
                    sellAt100 = order.quantity();
            QTest::qWait(200);
        }
        QVERIFY2(sellAt100 == "0.1", qPrintable(QString::fromStdString(sellAt100) + QStringLiteral(" | ") +
                                                  eventsOf(created.id())));

        v1::StopBotRequest stop;
        stop.set_id(created.id());
        stop.set_close_position(true);
        v1::Bot stopped;
        QVERIFY(m_bots->StopBot(as("alice").get(), stop, &stopped).ok());
        QCOMPARE(stopped.state(), v1::BOT_STATE_STOPPED);
        QCOMPARE(stopped.open_orders(), 0);
    }

    // sentiment("BTC") at each bar close is what a backtest reads: the mean of the BTC items fetched
    // in the 24 hours before it. Items are stored ahead with fetch times between the bars' closes,
    // so the decisions do not depend on when the test runs them.
    void strategyBotFollowsSentiment()
    {
        const long long now = QDateTime::currentMSecsSinceEpoch();
        if (now % 60'000 > 45'000)
            QTest::qWait(int(60'000 - now % 60'000) + 500); // leave the first bar time to close after the start
        const long long current = QDateTime::currentMSecsSinceEpoch() / 60'000 * 60'000;
        server::CandleStore candles(*m_database);
        QVERIFY(candles.ingest("binance", "BTCUSDT",
                               {test::minuteBar(current, "100.00", "100.50"), test::minuteBar(current + 60'000, "100.50", "101.00"),
                                test::minuteBar(current + 120'000, "101.00", "101.50")}));
        server::NewsStore news(*m_database);
        const auto feed = news.addFeed("https://bots.example.com/rss", "");
        QVERIFY(feed);
        const auto item = [](const std::string &guid, long long fetchedMs, double sentiment, const char *asset) {
            server::NewsItem out;
            out.guid = guid;
            out.title = guid;
            out.fetchedAt = fromUnixMillis(fetchedMs);
            out.sentiment = sentiment;
            out.assets = {asset};
            return out;
        };
        // Bar 1 (closes at +60 s): no BTC item in its 24 hours (a bearish one 25 hours old, a
        // bullish one about ETH): no entry. Bar 2 (+120 s): the bullish item of +90 s: entry. Bar 3
        // (+180 s): a bearish one of +150 s makes the mean (0.9 − 1) / 2 < 0: exit.
        QVERIFY(news.addItems(feed->id, {item("old", current - 25 * 3'600'000LL, -0.8, "BTC"),
                                         item("eth", current - 60'000, 0.9, "ETH"),
                                         item("bull", current + 90'000, 0.9, "BTC"),
                                         item("bear", current + 150'000, -1.0, "BTC")}));

        v1::CreateBotRequest request;
        *request.mutable_definition() = strategyBot("news");
        request.mutable_definition()->set_strategy_source("strategy \"News\"\n"
                                                          "long entry when sentiment(\"BTC\") > 0.5\n"
                                                          "long exit when sentiment(\"BTC\") < 0\n"
                                                          "size 0.1 units\n");
        v1::Bot created;
        grpc::Status status = m_bots->CreateBot(as("bob").get(), request, &created);
        QVERIFY2(status.ok(), describe(status)); // bots used to refuse sentiment()
        v1::BotIdRequest id;
        id.set_id(created.id());
        v1::Bot started;
        status = m_bots->StartBot(as("bob").get(), id, &started);
        QVERIFY2(status.ok(), describe(status));

        const auto events = [&] {
            v1::ListBotEventsRequest eventsRequest;
            eventsRequest.set_id(created.id());
            v1::ListBotEventsResponse listed;
            (void)m_bots->ListBotEvents(as("bob").get(), eventsRequest, &listed);
            std::string text;
            for (const auto &event : listed.events())
                text += event.level() + " " + event.message() + "\n";
            return text;
        };
        const auto ordersOfBob = [&] {
            v1::ListOrdersRequest listRequest;
            listRequest.set_bot_id(created.id());
            v1::ListOrdersResponse listed;
            (void)m_trading->ListOrders(as("bob").get(), listRequest, &listed);
            return std::vector<v1::Order>(listed.orders().begin(), listed.orders().end());
        };
        QElapsedTimer timer;
        timer.start();
        std::vector<v1::Order> orders;
        while (timer.elapsed() < 240'000) {
            orders = ordersOfBob();
            if (std::count_if(orders.begin(), orders.end(),
                              [](const v1::Order &order) { return order.state() == v1::ORDER_STATE_FILLED; }) >= 2)
                break;
            QTest::qWait(500);
        }
        const std::string log = events();
        QVERIFY2(orders.size() == 2, log.c_str());
        QCOMPARE(orders[1].side(), v1::SIDE_BUY); // newest first
        QCOMPARE(orders[0].side(), v1::SIDE_SELL);
        // The entry was decided at bar 2's close, the exit at bar 3's (the keys carry the close).
        QVERIFY2(contains(log, "(entry@" + std::to_string(current + 120'000) + ")"), log.c_str());
        QVERIFY2(contains(log, "(exit@" + std::to_string(current + 180'000) + ")"), log.c_str());
        QVERIFY2(!contains(log, "sentiment(\"BTC\") could not be read"), log.c_str());

        v1::StopBotRequest stop;
        stop.set_id(created.id());
        v1::Bot stopped;
        QVERIFY(m_bots->StopBot(as("bob").get(), stop, &stopped).ok());
    }

    void cleanupTestCase()
    {
        m_market.reset();
        if (m_core)
            QCOMPARE(m_core->terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestBotService)
#include "test_bot_service.moc"
