// bcf.v1.TradingService on a real bcf-core over TLS, with a private PostgreSQL and Redis: the
// market is the collectors' messages, published on Redis by this test (a fixed book and trades at
// prices the test chooses), so every fill below is computed by hand. Orders go through
// validation, the risk engine, the journal and the paper venue; the journal survives a restart.
#include "common/redis_client.h"
#include "common/tls.h"
#include "support/grpc_sessions.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <bcf/v1/auth.grpc.pb.h>
#include <bcf/v1/trading.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QDateTime>
#include <QTest>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>

using namespace bcf;

namespace {

constexpr const char *kPassword = "Trading-Secret-2026";

QByteArray describe(const grpc::Status &status)
{
    return QByteArray::number(int(status.error_code())) + " " +
           QByteArray::fromStdString(status.error_message());
}

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

// The market of BTCUSDT as the collectors would publish it: a book of two levels per side around
// `mid` and, on demand, trades. Publishes the book every 100 ms until stopped.
class Market final {
public:
    explicit Market(quint16 redisPort)
    {
        server::RedisSettings settings;
        settings.host = "127.0.0.1";
        settings.port = redisPort;
        m_redis = std::make_unique<server::RedisClient>(settings, "");
        m_thread = std::thread([this] {
            while (!m_stop) {
                publishBook();
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
    }
    ~Market()
    {
        m_stop = true;
        m_thread.join();
    }

    // A trade of `quantity` at `price` (the next trade id).
    void trade(const std::string &price, const std::string &quantity)
    {
        std::lock_guard lock(m_mutex);
        const long long now = QDateTime::currentMSecsSinceEpoch();
        const std::string message =
            R"({"type":"trade","exchange":"binance","symbol":"BTCUSDT","id":)" +
            std::to_string(++m_tradeId) + R"(,"time":)" + std::to_string(now) + R"(,"price":")" +
            price + R"(","quantity":")" + quantity + R"(","side":"buy"})";
        (void)m_redis->command({"PUBLISH", "market_data", message});
    }

private:
    void publishBook()
    {
        std::lock_guard lock(m_mutex);
        const long long now = QDateTime::currentMSecsSinceEpoch();
        const std::string message =
            R"({"type":"book","exchange":"binance","symbol":"BTCUSDT","update_id":)" +
            std::to_string(++m_updateId) + R"(,"time":)" + std::to_string(now) +
            R"(,"bids":[["100.00","1"],["99.99","2"]],"asks":[["100.01","1"],["100.02","2"]]})";
        (void)m_redis->command({"PUBLISH", "market_data", message});
    }

    std::mutex m_mutex;
    std::unique_ptr<server::RedisClient> m_redis;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    long long m_tradeId = 1000;
    long long m_updateId = 0;
};

} // namespace

class TestTradingService final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    test::TestCertificates m_certificates;
    std::unique_ptr<test::ServerProcess> m_core;
    quint16 m_corePort = 0;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<v1::TradingService::Stub> m_stub;
    std::unique_ptr<Market> m_market;
    test::Sessions m_sessions;
    std::string m_lastProbe;

    QString config() const
    {
        return test::serverConfig(QStringLiteral("core-trading"), m_corePort, m_postgres,
                                  m_redis.port(), m_certificates,
                                  test::authSection(m_certificates) +
                                      QStringLiteral("\n[trading]\npaper_balances = \"USDT=10000\"\n"
                                                     "price_band_basis_points = 1000\n"));
    }

    void connect()
    {
        const QString ca = m_certificates.path(QStringLiteral("ca.crt"));
        auto credentials = server::makeChannelCredentials(ca.toStdString());
        m_channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(m_corePort), *credentials);
        m_stub = v1::TradingService::NewStub(m_channel);
        m_sessions.reset(m_channel, kPassword);
    }

    std::string tokenOf(const std::string &user) { return m_sessions.token(user); }
    std::unique_ptr<grpc::ClientContext> as(const std::string &user) { return m_sessions.as(user); }

    static v1::PlaceOrderRequest order(v1::Side side, v1::OrderType type, const std::string &quantity,
                                       const std::string &price = {})
    {
        v1::PlaceOrderRequest request;
        request.set_symbol("BTCUSDT");
        request.set_side(side);
        request.set_type(type);
        request.set_quantity(quantity);
        request.set_price(price);
        return request;
    }

    grpc::Status place(const std::string &user, const v1::PlaceOrderRequest &request, v1::Order &out)
    {
        return m_stub->PlaceOrder(as(user).get(), request, &out);
    }

    v1::Portfolio portfolio(const std::string &user)
    {
        v1::Portfolio out;
        const grpc::Status status = m_stub->GetPortfolio(as(user).get(), {}, &out);
        if (!status.ok())
            qWarning("GetPortfolio: %s", describe(status).constData());
        return out;
    }

    static std::string balance(const v1::Portfolio &portfolio, const std::string &asset,
                               bool locked = false)
    {
        for (const auto &line : portfolio.balances()) {
            if (line.asset() == asset)
                return locked ? line.locked() : line.free();
        }
        return "0";
    }

    v1::Order find(const std::string &user, const std::string &clientOrderId)
    {
        v1::ListOrdersRequest request;
        request.set_limit(1000);
        v1::ListOrdersResponse listed;
        if (!m_stub->ListOrders(as(user).get(), request, &listed).ok())
            return {};
        for (const auto &order : listed.orders()) {
            if (order.client_order_id() == clientOrderId)
                return order;
        }
        return {};
    }

    // Polls until the order reaches `state` (a trade published by the test is processed
    // asynchronously by the node).
    bool waitState(const std::string &user, const std::string &clientOrderId, v1::OrderState state,
                   int timeoutMs = 10000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            if (find(user, clientOrderId).state() == state)
                return true;
            QTest::qWait(50);
        }
        return false;
    }

    // Waits until the node has a last price (a trade) and the book, so market orders can fill.
    bool waitMarket()
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000) {
            m_market->trade("100.00", "0.001");
            v1::Order probe;
            // An IOC limit far below the book: accepted and expired at once once the node knows
            // the instrument, the price and the book; nothing trades.
            auto request = order(v1::SIDE_BUY, v1::ORDER_TYPE_LIMIT, "0.1", "95.00");
            request.set_time_in_force(v1::TIME_IN_FORCE_IOC);
            const grpc::Status status = place("carol", request, probe);
            if (status.ok() && probe.state() == v1::ORDER_STATE_EXPIRED)
                return true;
            m_lastProbe = status.ok() ? probe.reason() : describe(status).toStdString();
            QTest::qWait(200);
        }
        qWarning("the node never traded: %s", m_lastProbe.c_str());
        return false;
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
        QVERIFY(m_core->start(config()));
        const QString ca = m_certificates.path(QStringLiteral("ca.crt"));
        QVERIFY2(m_core->waitServing(m_corePort, ca), qPrintable(m_core->output()));
        const QString bcfctl = QStringLiteral(BCF_CTL_BINARY);
        for (const auto &[user, role] : {std::pair{"alice", "trader"}, std::pair{"bob", "trader"},
                                         std::pair{"carol", "trader"}, std::pair{"audrey", "auditor"}})
            QVERIFY(test::addUser(bcfctl, m_core->configPath(), QString::fromLatin1(user),
                                  QString::fromLatin1(role), QString::fromLatin1(kPassword)));
        bool ok = false;
        // BTCUSDT: tick 0.01, lot 0.001, min notional 5 (raw fixed point, 8 decimals).
        m_postgres.psql(QStringLiteral("botcriptofy"),
                        QStringLiteral("INSERT INTO instruments (exchange, symbol, base, quote, tick_size,"
                                       " lot_size, min_notional, price_precision, quantity_precision)"
                                       " VALUES ('binance', 'BTCUSDT', 'BTC', 'USDT', 1000000, 100000,"
                                       " 500000000, 2, 3)"),
                        &ok);
        QVERIFY2(ok, qPrintable(m_postgres.error()));
        connect();
        m_market = std::make_unique<Market>(m_redis.port());
        QVERIFY2(waitMarket(), qPrintable(m_core->output().right(3000)));
    }

    void badOrdersNameTheField()
    {
        v1::Order out;
        grpc::Status status = place("alice", order(v1::SIDE_BUY, v1::ORDER_TYPE_LIMIT, "abc", "100"), out);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(contains(status.error_message(), "quantity"), describe(status));

        status = place("alice", order(v1::SIDE_BUY, v1::ORDER_TYPE_LIMIT, "1"), out);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(contains(status.error_message(), "price"), describe(status));

        auto unknown = order(v1::SIDE_BUY, v1::ORDER_TYPE_MARKET, "1");
        unknown.set_symbol("DOGEUSDT");
        status = place("alice", unknown, out);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(contains(status.error_message(), "DOGEUSDT"), describe(status));

        auto stopIoc = order(v1::SIDE_SELL, v1::ORDER_TYPE_STOP_MARKET, "1");
        stopIoc.set_stop_price("90");
        stopIoc.set_time_in_force(v1::TIME_IN_FORCE_IOC);
        status = place("alice", stopIoc, out);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(contains(status.error_message(), "time in force"), describe(status));

        status = place("alice", order(v1::SIDE_UNSPECIFIED, v1::ORDER_TYPE_MARKET, "1"), out);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(contains(status.error_message(), "side"), describe(status));
    }

    void marketBuyTakesTheBook()
    {
        v1::Order out;
        const grpc::Status status = place("alice", order(v1::SIDE_BUY, v1::ORDER_TYPE_MARKET, "1.5"), out);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(out.state(), v1::ORDER_STATE_FILLED);
        QCOMPARE(out.filled_quantity(), std::string("1.5"));
        // 1 at 100.01 and 0.5 at 100.02: (100.01 + 50.01) / 1.5 = 100.01333333.
        QCOMPARE(out.average_price(), std::string("100.01333333"));
        QVERIFY(out.client_order_id().starts_with("bcf"));
        QCOMPARE(out.client_order_id().size(), std::size_t(27));

        // Paid 150.02 USDT; received 1.5 BTC less the 0.1 % taker fee in BTC.
        const v1::Portfolio after = portfolio("alice");
        QCOMPARE(balance(after, "USDT"), std::string("9849.98"));
        QCOMPARE(balance(after, "BTC"), std::string("1.4985"));
        QCOMPARE(after.account_state(), std::string("ACTIVE"));
        QCOMPARE(after.positions_size(), 1);
        QCOMPARE(after.positions(0).quantity(), std::string("1.5"));
        QCOMPARE(after.positions(0).average_entry(), std::string("100.01333333"));

        v1::ListFillsResponse fills;
        QVERIFY(m_stub->ListFills(as("alice").get(), {}, &fills).ok());
        QCOMPARE(fills.fills_size(), 2);
        QCOMPARE(fills.fills(0).price(), std::string("100.02")); // newest first
        QCOMPARE(fills.fills(0).quantity(), std::string("0.5"));
        QCOMPARE(fills.fills(0).fee_asset(), std::string("BTC"));
        QCOMPARE(fills.fills(0).fee(), std::string("0.0005"));
        QVERIFY(!fills.fills(0).maker());
    }

    void limitOrderRestsLocksAndCancels()
    {
        v1::Order resting;
        QVERIFY(place("alice", order(v1::SIDE_BUY, v1::ORDER_TYPE_LIMIT, "1", "99.00"), resting).ok());
        QCOMPARE(resting.state(), v1::ORDER_STATE_ACCEPTED);
        QVERIFY(!resting.venue_order_id().empty());
        QCOMPARE(balance(portfolio("alice"), "USDT", true), std::string("99"));

        v1::ListOrdersRequest openOnly;
        openOnly.set_open_only(true);
        v1::ListOrdersResponse open;
        QVERIFY(m_stub->ListOrders(as("alice").get(), openOnly, &open).ok());
        QCOMPARE(open.orders_size(), 1);
        QCOMPARE(open.orders(0).client_order_id(), resting.client_order_id());

        // Another user cannot see or cancel it.
        v1::CancelOrderRequest cancel;
        cancel.set_client_order_id(resting.client_order_id());
        v1::Order cancelled;
        QCOMPARE(m_stub->CancelOrder(as("bob").get(), cancel, &cancelled).error_code(), grpc::NOT_FOUND);

        const grpc::Status status = m_stub->CancelOrder(as("alice").get(), cancel, &cancelled);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(cancelled.state(), v1::ORDER_STATE_CANCELLED);
        QCOMPARE(balance(portfolio("alice"), "USDT", true), std::string("0"));
        QCOMPARE(m_stub->CancelOrder(as("alice").get(), cancel, &cancelled).error_code(),
                 grpc::FAILED_PRECONDITION);
    }

    void restingOrderFillsFromATradeAndStreams()
    {
        grpc::ClientContext streamContext;
        streamContext.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
        streamContext.AddMetadata("authorization", "Bearer " + tokenOf("alice"));
        auto stream = m_stub->StreamTrading(&streamContext, {});
        v1::TradingEvent first;
        QVERIFY(stream->Read(&first));
        QVERIFY(first.has_portfolio()); // the current state comes first

        v1::Order resting;
        QVERIFY(place("alice", order(v1::SIDE_SELL, v1::ORDER_TYPE_LIMIT, "0.5", "101.00"), resting).ok());
        QCOMPARE(resting.state(), v1::ORDER_STATE_ACCEPTED);
        m_market->trade("101.50", "2"); // through the order's price: it fills as maker at 101.00

        bool sawFill = false, sawFilled = false;
        v1::TradingEvent event;
        while ((!sawFill || !sawFilled) && stream->Read(&event)) {
            if (event.has_fill() && event.fill().client_order_id() == resting.client_order_id()) {
                sawFill = true;
                QCOMPARE(event.fill().price(), std::string("101"));
                QCOMPARE(event.fill().quantity(), std::string("0.5"));
                QVERIFY(event.fill().maker());
                QCOMPARE(event.fill().fee_asset(), std::string("USDT"));
                QCOMPARE(event.fill().fee(), std::string("0.0505"));
            }
            if (event.has_order() && event.order().client_order_id() == resting.client_order_id() &&
                event.order().state() == v1::ORDER_STATE_FILLED)
                sawFilled = true;
        }
        streamContext.TryCancel();
        QVERIFY(sawFill && sawFilled);
        // Realized on 0.5 of the long at 100.01333333: (101 − 100.01333333) × 0.5.
        const v1::Portfolio after = portfolio("alice");
        QCOMPARE(after.positions(0).quantity(), std::string("1"));
        QCOMPARE(after.positions(0).realized_pnl(), std::string("0.49333333"));
    }

    void riskAndVenueRefusalsComeBackAsRejectedOrders()
    {
        v1::Order out;
        // 50 % below the last price: outside the 10 % band.
        grpc::Status status = place("alice", order(v1::SIDE_BUY, v1::ORDER_TYPE_LIMIT, "1", "50.00"), out);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(out.state(), v1::ORDER_STATE_REJECTED);
        QVERIFY2(out.reason().starts_with("Risk: "), out.reason().c_str());
        QCOMPARE(find("alice", out.client_order_id()).state(), v1::ORDER_STATE_REJECTED); // journaled

        // More than the account holds: the paper venue refuses it and says why.
        status = place("alice", order(v1::SIDE_BUY, v1::ORDER_TYPE_LIMIT, "200", "100.00"), out);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(out.state(), v1::ORDER_STATE_REJECTED);
        QVERIFY2(contains(out.reason(), "USDT"), out.reason().c_str());

        // An auditor may not trade at all.
        status = place("audrey", order(v1::SIDE_BUY, v1::ORDER_TYPE_MARKET, "0.01"), out);
        QCOMPARE(status.error_code(), grpc::PERMISSION_DENIED);
    }

    void idempotencyKeyPlacesOnce()
    {
        auto request = order(v1::SIDE_BUY, v1::ORDER_TYPE_LIMIT, "0.1", "98.00");
        request.set_idempotency_key("ticket-42");
        v1::Order first, second;
        QVERIFY(place("bob", request, first).ok());
        QVERIFY(place("bob", request, second).ok());
        QCOMPARE(second.client_order_id(), first.client_order_id());
        v1::ListOrdersResponse listed;
        QVERIFY(m_stub->ListOrders(as("bob").get(), {}, &listed).ok());
        QCOMPARE(listed.orders_size(), 1);
        request.set_idempotency_key("bad key!");
        QCOMPARE(place("bob", request, second).error_code(), grpc::INVALID_ARGUMENT);
    }

    void ocoCancelsTheOtherLeg()
    {
        v1::PlaceOcoRequest request;
        request.set_symbol("BTCUSDT");
        request.set_side(v1::SIDE_SELL);
        request.set_quantity("0.2");
        request.set_limit_price("103.00");
        request.set_stop_price("97.00");
        v1::PlaceOcoResponse oco;
        const grpc::Status status = m_stub->PlaceOco(as("alice").get(), request, &oco);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(oco.limit_leg().state(), v1::ORDER_STATE_ACCEPTED);
        QCOMPARE(oco.stop_leg().state(), v1::ORDER_STATE_ACCEPTED);
        QCOMPARE(oco.limit_leg().oco_group(), oco.stop_leg().oco_group());
        m_market->trade("103.00", "1"); // the take-profit leg fills
        QVERIFY(waitState("alice", oco.limit_leg().client_order_id(), v1::ORDER_STATE_FILLED));
        QVERIFY(waitState("alice", oco.stop_leg().client_order_id(), v1::ORDER_STATE_CANCELLED));

        request.set_limit_price("90.00"); // a sell OCO needs its limit above the market
        v1::PlaceOcoResponse refused;
        QCOMPARE(m_stub->PlaceOco(as("alice").get(), request, &refused).error_code(),
                 grpc::INVALID_ARGUMENT);
    }

    void killSwitchCancelsHaltsAndResets()
    {
        v1::Order resting;
        QVERIFY(place("alice", order(v1::SIDE_BUY, v1::ORDER_TYPE_LIMIT, "0.1", "99.00"), resting).ok());
        v1::KillSwitchRequest kill;
        kill.set_halt(true);
        v1::KillSwitchResponse killed;
        QCOMPARE(m_stub->KillSwitch(as("alice").get(), kill, &killed).error_code(), grpc::INVALID_ARGUMENT);
        kill.set_reason("test: runaway strategy");
        grpc::Status status = m_stub->KillSwitch(as("alice").get(), kill, &killed);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(killed.account_state(), std::string("HALTED"));
        QCOMPARE(killed.orders_cancelled(), 1);
        QCOMPARE(find("alice", resting.client_order_id()).state(), v1::ORDER_STATE_CANCELLED);

        v1::Order refused;
        QVERIFY(place("alice", order(v1::SIDE_BUY, v1::ORDER_TYPE_MARKET, "0.1"), refused).ok());
        QCOMPARE(refused.state(), v1::ORDER_STATE_REJECTED);
        QVERIFY2(contains(refused.reason(), "HALTED") || contains(refused.reason(), "halted"),
                 refused.reason().c_str());
        // Other accounts trade on.
        v1::Order other;
        QVERIFY(place("bob", order(v1::SIDE_BUY, v1::ORDER_TYPE_MARKET, "0.1"), other).ok());
        QCOMPARE(other.state(), v1::ORDER_STATE_FILLED);

        v1::ResetRiskRequest reset;
        reset.set_reason("test: fixed");
        v1::ResetRiskResponse resetDone;
        status = m_stub->ResetRisk(as("alice").get(), reset, &resetDone);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(resetDone.account_state(), std::string("ACTIVE"));
    }

    // The journal is the truth: after a restart the paper venue holds the same balances and open
    // orders, the order still fills, and nothing is duplicated.
    void restartKeepsOrdersAndBalances()
    {
        v1::Order resting;
        QVERIFY(place("alice", order(v1::SIDE_BUY, v1::ORDER_TYPE_LIMIT, "0.3", "98.50"), resting).ok());
        QCOMPARE(resting.state(), v1::ORDER_STATE_ACCEPTED);
        // A trailing sell stop 5 % under the best price since placement (the last trade, 103):
        // it must come back with its reference, or it would trigger at the wrong price.
        auto trailingRequest = order(v1::SIDE_SELL, v1::ORDER_TYPE_TRAILING_STOP, "0.1");
        trailingRequest.set_trailing_basis_points(500);
        v1::Order trailing;
        QVERIFY(place("alice", trailingRequest, trailing).ok());
        QCOMPARE(trailing.state(), v1::ORDER_STATE_ACCEPTED);
        const v1::Portfolio before = portfolio("alice");
        v1::ListFillsResponse fillsBefore;
        QVERIFY(m_stub->ListFills(as("alice").get(), {}, &fillsBefore).ok());

        QCOMPARE(m_core->terminate(), 0);
        m_core = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_CORE_BINARY), QStringLiteral("core"));
        QVERIFY(m_core->start(config()));
        QVERIFY2(m_core->waitServing(m_corePort, m_certificates.path(QStringLiteral("ca.crt"))),
                 qPrintable(m_core->output()));
        connect();
        QVERIFY2(waitMarket(), qPrintable(m_core->output().right(3000)));

        const v1::Portfolio after = portfolio("alice");
        QCOMPARE(balance(after, "USDT"), balance(before, "USDT"));
        QCOMPARE(balance(after, "USDT", true), balance(before, "USDT", true));
        QCOMPARE(balance(after, "BTC"), balance(before, "BTC"));
        QCOMPARE(after.positions(0).quantity(), before.positions(0).quantity());
        QCOMPARE(after.positions(0).realized_pnl(), before.positions(0).realized_pnl());
        QCOMPARE(find("alice", resting.client_order_id()).state(), v1::ORDER_STATE_ACCEPTED);

        m_market->trade("98.00", "1");
        QVERIFY(waitState("alice", resting.client_order_id(), v1::ORDER_STATE_FILLED));
        // 98 is above the stop (103 × 0.95 = 97.85); 97.50 is below it: the stop sells at the bid.
        QCOMPARE(find("alice", trailing.client_order_id()).state(), v1::ORDER_STATE_ACCEPTED);
        m_market->trade("97.50", "1");
        QVERIFY(waitState("alice", trailing.client_order_id(), v1::ORDER_STATE_FILLED));
        QCOMPARE(find("alice", trailing.client_order_id()).average_price(), std::string("100"));
        v1::ListFillsResponse fillsAfter;
        QVERIFY(m_stub->ListFills(as("alice").get(), {}, &fillsAfter).ok());
        QCOMPARE(fillsAfter.fills_size(), fillsBefore.fills_size() + 2);
        QCOMPARE(balance(portfolio("alice"), "USDT", true), std::string("0"));
    }

    void cleanupTestCase()
    {
        m_market.reset();
        if (m_core)
            QCOMPARE(m_core->terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTradingService)
#include "test_trading_service.moc"
