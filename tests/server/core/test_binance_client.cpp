// bcf-core's Binance client (the live venue's transport) against bcf-exchange-sim in the same
// process, over real HTTP and WebSockets on loopback: user data streams subscribed on the
// WebSocket API with userDataStream.subscribe.signature, events handed to the account they
// belong to, a refused key retried without disturbing the others, resubscription after Binance
// closes the connection (its 24-hour lifetime, shortened here), and unsubscription.
#include "binance_trading.h"
#include "exchange_simulator.h"
#include "venue/binance_client.h"

#include <QTest>

#include <future>
#include <mutex>
#include <vector>

using namespace bcf;
namespace binance = connectors::binance;

namespace {

constexpr std::uint64_t kDemo = 1;
constexpr std::uint64_t kAlice = 2;
constexpr std::uint64_t kRefused = 3;

// What the client's callbacks reported, from its thread.
struct Reports {
    struct State {
        std::uint64_t account;
        bool connected;
        std::string reason;
    };
    std::mutex mutex;
    std::vector<std::pair<std::uint64_t, std::string>> messages;
    std::vector<State> states;

    int connects(std::uint64_t account)
    {
        std::lock_guard lock(mutex);
        return static_cast<int>(std::count_if(states.begin(), states.end(), [&](const State &state) {
            return state.account == account && state.connected;
        }));
    }
    int drops(std::uint64_t account)
    {
        std::lock_guard lock(mutex);
        return static_cast<int>(std::count_if(states.begin(), states.end(), [&](const State &state) {
            return state.account == account && !state.connected;
        }));
    }
    // Execution reports of `account` for the client order id.
    int reportsOf(std::uint64_t account, const std::string &clientOrderId)
    {
        std::lock_guard lock(mutex);
        int count = 0;
        for (const auto &[owner, json] : messages) {
            const auto event = binance::parseUserEvent(json);
            if (owner != account || !event)
                continue;
            if (const auto *report = std::get_if<binance::ExecutionReport>(&*event))
                count += report->clientOrderId == clientOrderId ? 1 : 0;
        }
        return count;
    }
    std::size_t messageCount()
    {
        std::lock_guard lock(mutex);
        return messages.size();
    }
};

} // namespace

class TestBinanceClient final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<exchange_sim::ExchangeSimulator> m_simulator;
    std::unique_ptr<core::BinanceClient> m_client;
    Reports m_reports;
    const core::ExchangeCredentials m_demo{exchange_sim::demoAccount().apiKey, exchange_sim::demoAccount().secretKey};
    const core::ExchangeCredentials m_alice{"alice-api-key", "alice-secret-key"};
    int m_orders = 0;

    // A resting buy far below the market, placed through the client's REST path (which waits
    // for its answer, so it runs off this thread while the simulator answers here).
    std::string placeOrder(const core::ExchangeCredentials &credentials)
    {
        const std::string clientOrderId = "client-test-" + std::to_string(++m_orders);
        auto answer = std::async(std::launch::async, [&] {
            return m_client->send(credentials, "POST", "/api/v3/order",
                                  {{"symbol", "BTCUSDT"},
                                   {"side", "BUY"},
                                   {"type", "LIMIT"},
                                   {"timeInForce", "GTC"},
                                   {"quantity", "0.02"},
                                   {"price", "1000.00"},
                                   {"newClientOrderId", clientOrderId}});
        });
        if (!QTest::qWaitFor([&] { return answer.wait_for(std::chrono::seconds(0)) == std::future_status::ready; },
                             15000))
            return {};
        const auto reply = answer.get();
        if (!reply || reply->httpStatus != 200)
            return {};
        return clientOrderId;
    }

private slots:
    void initTestCase()
    {
        exchange_sim::ExchangeSimulator::Options options;
        options.historyMinutes = 10;
        options.accounts = {exchange_sim::AccountSpec{m_alice.apiKey, m_alice.secret, {{"USDT", *Money::parse("10000")}}, false}};
        m_simulator = std::make_unique<exchange_sim::ExchangeSimulator>(options);
        QString error;
        QVERIFY2(m_simulator->start(&error), qPrintable(error));
        core::BinanceEndpoints endpoints;
        endpoints.rest = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_simulator->restPort()));
        endpoints.webSocketApi = QUrl(QStringLiteral("ws://127.0.0.1:%1/ws-api/v3").arg(m_simulator->webSocketPort()));
        m_client = std::make_unique<core::BinanceClient>(
            endpoints,
            [this](std::uint64_t account, std::string json) {
                std::lock_guard lock(m_reports.mutex);
                m_reports.messages.emplace_back(account, std::move(json));
            },
            [this](std::uint64_t account, bool connected, std::string reason) {
                std::lock_guard lock(m_reports.mutex);
                m_reports.states.push_back({account, connected, std::move(reason)});
            });
    }

    void eventsGoToTheirAccount()
    {
        m_client->openUserStream(kDemo, m_demo);
        m_client->openUserStream(kAlice, m_alice);
        QTRY_VERIFY_WITH_TIMEOUT(m_reports.connects(kDemo) >= 1 && m_reports.connects(kAlice) >= 1, 10000);

        const std::string demoOrder = placeOrder(m_demo);
        QVERIFY(!demoOrder.empty());
        const std::string aliceOrder = placeOrder(m_alice);
        QVERIFY(!aliceOrder.empty());
        QTRY_VERIFY_WITH_TIMEOUT(m_reports.reportsOf(kDemo, demoOrder) == 1 && m_reports.reportsOf(kAlice, aliceOrder) == 1,
                                 10000);
        QCOMPARE(m_reports.reportsOf(kAlice, demoOrder), 0);
        QCOMPARE(m_reports.reportsOf(kDemo, aliceOrder), 0);
    }

    void aRefusedKeyIsRetriedAlone()
    {
        const int aliceConnects = m_reports.connects(kAlice);
        m_client->openUserStream(kRefused, {m_alice.apiKey, "not the secret"});
        // Still refused after a retry or two, while Alice's stream carries on.
        QTest::qWait(2500);
        QCOMPARE(m_reports.connects(kRefused), 0);
        const std::string aliceOrder = placeOrder(m_alice);
        QVERIFY(!aliceOrder.empty());
        QTRY_COMPARE_WITH_TIMEOUT(m_reports.reportsOf(kAlice, aliceOrder), 1, 10000);
        QCOMPARE(m_reports.reportsOf(kRefused, aliceOrder), 0);
        m_client->closeUserStream(kRefused);
        QVERIFY(m_reports.connects(kAlice) >= aliceConnects);
    }

    void closedStreamsGetNothing()
    {
        m_client->closeUserStream(kDemo);
        m_client->closeUserStream(kAlice);
        QTest::qWait(200);
        const std::size_t seen = m_reports.messageCount();
        QVERIFY(!placeOrder(m_demo).empty());
        QVERIFY(!placeOrder(m_alice).empty());
        QTest::qWait(500);
        QCOMPARE(m_reports.messageCount(), seen);
    }

    // A simulator and client of its own, with a WebSocket API lifetime of 3 s instead of 24 h.
    void resubscribesWhenBinanceClosesTheConnection()
    {
        exchange_sim::ExchangeSimulator::Options options;
        options.historyMinutes = 10;
        options.apiSessionLifetime = std::chrono::milliseconds(3000);
        exchange_sim::ExchangeSimulator simulator(options);
        QString error;
        QVERIFY2(simulator.start(&error), qPrintable(error));
        core::BinanceEndpoints endpoints;
        endpoints.rest = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(simulator.restPort()));
        endpoints.webSocketApi = QUrl(QStringLiteral("ws://127.0.0.1:%1/ws-api/v3").arg(simulator.webSocketPort()));
        Reports reports;
        auto client = std::make_unique<core::BinanceClient>(
            endpoints,
            [&reports](std::uint64_t account, std::string json) {
                std::lock_guard lock(reports.mutex);
                reports.messages.emplace_back(account, std::move(json));
            },
            [&reports](std::uint64_t account, bool connected, std::string reason) {
                std::lock_guard lock(reports.mutex);
                reports.states.push_back({account, connected, std::move(reason)});
            });
        client->openUserStream(kDemo, m_demo);
        QTRY_VERIFY_WITH_TIMEOUT(reports.drops(kDemo) >= 1 && reports.connects(kDemo) >= 2, 20000);
        {
            std::lock_guard lock(reports.mutex);
            const auto drop = std::find_if(reports.states.begin(), reports.states.end(),
                                           [](const Reports::State &state) { return !state.connected; });
            QVERIFY2(drop->reason.find("lifetime") != std::string::npos, drop->reason.c_str());
        }
        // Subscribed again: events flow (placed right after a fresh subscription, well inside 3 s).
        const int connects = reports.connects(kDemo);
        QTRY_VERIFY_WITH_TIMEOUT(reports.connects(kDemo) > connects, 20000);
        const std::string clientOrderId = "client-test-lifetime";
        auto answer = std::async(std::launch::async, [&] {
            return client->send(m_demo, "POST", "/api/v3/order",
                                {{"symbol", "BTCUSDT"}, {"side", "BUY"}, {"type", "LIMIT"}, {"timeInForce", "GTC"},
                                 {"quantity", "0.02"}, {"price", "1000.00"}, {"newClientOrderId", clientOrderId}});
        });
        QVERIFY(QTest::qWaitFor([&] { return answer.wait_for(std::chrono::seconds(0)) == std::future_status::ready; },
                                15000));
        QCOMPARE(answer.get()->httpStatus, 200);
        QTRY_COMPARE_WITH_TIMEOUT(reports.reportsOf(kDemo, clientOrderId), 1, 10000);
        auto done = std::async(std::launch::async, [&client] { client.reset(); });
        QVERIFY(QTest::qWaitFor([&] { return done.wait_for(std::chrono::seconds(0)) == std::future_status::ready; },
                                15000));
    }

    void cleanupTestCase()
    {
        // The client's thread sends its last frames to the simulator: keep serving it meanwhile.
        auto done = std::async(std::launch::async, [this] { m_client.reset(); });
        QVERIFY(QTest::qWaitFor([&] { return done.wait_for(std::chrono::seconds(0)) == std::future_status::ready; },
                                15000));
        m_simulator.reset();
    }
};

QTEST_GUILESS_MAIN(TestBinanceClient)
#include "test_binance_client.moc"
