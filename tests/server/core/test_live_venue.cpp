// The live Binance venue of bcf-core (issue 5, item 3) against bcf-exchange-sim, with everything
// real: the simulator as a process (Binance's SIGNED REST API and user data stream), bcf-compute
// collecting the simulator's market into PostgreSQL and Redis, and bcf-core trading over it.
// - exchange keys: checked with the exchange, refused when they may withdraw, sealed at rest,
//   never returned or logged;
// - orders: market, resting limit and cancel, OCO as one Binance order list, fills from the REST
//   answer and the user data stream counted once, balances equal to the simulator's account;
// - reconciliation: what happened while bcf-core was down (an order cancelled behind its back,
//   an order placed outside BotCriptoFy2) is found at restart, repaired and reported;
// - reliability: grid bots trade on the simulator while bcf-core is killed with SIGKILL at random
//   moments (BCF_LIVE_RELIABILITY_RUNS, 20 in the suite); after every restart no order is lost or
//   doubled and the balances equal the simulator's.
#include "binance_trading.h"
#include "common/tls.h"
#include "support/grpc_sessions.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <bcf/v1/bots.grpc.pb.h>
#include <bcf/v1/trading.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <set>
#include <random>
#include <thread>

using namespace bcf;

namespace {

constexpr const char *kPassword = "Live-Venue-Secret-2026";
// Simulator accounts: KEY:SECRET:BALANCES[:withdraw].
constexpr const char *kAliceKey = "alice-live-key-0001";
constexpr const char *kAliceSecret = "alice-live-secret";
constexpr const char *kBobKey = "bob-live-key-0002";
constexpr const char *kBobSecret = "bob-live-secret";
constexpr const char *kWithdrawKey = "withdrawing-key-0003";
constexpr const char *kWithdrawSecret = "withdrawing-secret";

QByteArray describe(const grpc::Status &status)
{
    return QByteArray::number(int(status.error_code())) + " " + QByteArray::fromStdString(status.error_message());
}

bool contains(const std::string &text, const std::string &part) { return text.find(part) != std::string::npos; }

std::string normalised(const std::string &amount)
{
    auto parsed = Money::parse(amount.empty() ? "0" : amount);
    return parsed ? parsed->toString(8) : amount;
}

} // namespace

class TestLiveVenue final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    test::TestCertificates m_certificates;
    QTemporaryDir m_directory;
    QProcess m_simulator;
    quint16 m_simRest = 0;
    quint16 m_simWs = 0;
    std::unique_ptr<test::ServerProcess> m_compute;
    std::unique_ptr<test::ServerProcess> m_core;
    quint16 m_corePort = 0;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<v1::TradingService::Stub> m_trading;
    std::unique_ptr<v1::BotService::Stub> m_bots;
    test::Sessions m_sessions;
    QNetworkAccessManager m_network;
    QByteArray m_coreLogs; // every bcf-core run's output (the secret must never appear)

    QString coreConfig() const
    {
        return test::serverConfig(
            QStringLiteral("core-live"), m_corePort, m_postgres, m_redis.port(), m_certificates,
            test::authSection(m_certificates) +
                QStringLiteral("\n[trading]\nexchange_key_file = \"%1\"\nbinance_rest_url = \"http://127.0.0.1:%2\"\n"
                               "binance_websocket_api_url = \"ws://127.0.0.1:%3/ws-api/v3\"\nreconcile_seconds = 5\n"
                               "max_orders_per_minute = 0\nprice_band_basis_points = 2000\n"
                               "max_order_notional = \"1000000\"\n")
                    .arg(m_directory.filePath(QStringLiteral("exchange.key")))
                    .arg(m_simRest)
                    .arg(m_simWs));
    }

    QString startCore()
    {
        if (m_core)
            m_coreLogs += m_core->output().toUtf8();
        m_core = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_CORE_BINARY), QStringLiteral("core"));
        if (!m_core->start(coreConfig()))
            return QStringLiteral("bcf-core did not start");
        if (!m_core->waitServing(m_corePort, m_certificates.path(QStringLiteral("ca.crt")), 90'000))
            return QStringLiteral("bcf-core not serving: ") + m_core->output().right(3000);
        auto credentials = server::makeChannelCredentials(m_certificates.path(QStringLiteral("ca.crt")).toStdString());
        m_channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(m_corePort), *credentials);
        m_trading = v1::TradingService::NewStub(m_channel);
        m_bots = v1::BotService::NewStub(m_channel);
        m_sessions.reset(m_channel, kPassword);
        return {};
    }

    std::unique_ptr<grpc::ClientContext> as(const std::string &user) { return m_sessions.as(user, 30); }

    QString sql(const QString &query)
    {
        bool ok = false;
        const QString out = m_postgres.psql(QStringLiteral("botcriptofy"), query, &ok);
        if (!ok)
            qWarning("psql: %s", qPrintable(m_postgres.error()));
        return out;
    }

    // A request to the simulator's REST API from the test itself (SIGNED when a key is given).
    QJsonDocument simulator(const QByteArray &method, const QString &path, connectors::binance::Params params = {},
                            const char *key = nullptr, const char *secret = nullptr, int *status = nullptr)
    {
        QUrl url(QStringLiteral("http://127.0.0.1:%1%2").arg(m_simRest).arg(path));
        QNetworkRequest request(url);
        std::string query;
        if (key) {
            params.emplace_back("timestamp", std::to_string(QDateTime::currentMSecsSinceEpoch()));
            query = connectors::binance::signedQuery(params, secret);
            request.setRawHeader("X-MBX-APIKEY", key);
        } else {
            query = connectors::binance::queryString(params);
        }
        url.setQuery(QString::fromStdString(query));
        request.setUrl(url);
        QNetworkReply *reply = m_network.sendCustomRequest(request, method);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonDocument document = QJsonDocument::fromJson(reply->readAll());
        reply->deleteLater();
        return document;
    }

    // The simulator's last BTCUSDT trade price.
    double simulatorPrice()
    {
        const QJsonArray trades =
            simulator("GET", QStringLiteral("/api/v3/trades"), {{"symbol", "BTCUSDT"}, {"limit", "1"}}).array();
        return trades.isEmpty() ? 0.0 : trades.last().toObject().value(QStringLiteral("price")).toString().toDouble();
    }

    static std::string priceText(double value) { return QString::number(value, 'f', 2).toStdString(); }

    // The simulator's balances of an account: asset → "free locked" (8 decimals).
    std::map<std::string, std::string> simulatorBalances(const char *key, const char *secret)
    {
        std::map<std::string, std::string> out;
        const QJsonArray balances =
            simulator("GET", QStringLiteral("/api/v3/account"), {}, key, secret).object().value(QStringLiteral("balances")).toArray();
        for (const auto &value : balances) {
            const QJsonObject balance = value.toObject();
            const std::string free = normalised(balance.value(QStringLiteral("free")).toString().toStdString());
            const std::string locked = normalised(balance.value(QStringLiteral("locked")).toString().toStdString());
            if (free == "0.00000000" && locked == "0.00000000")
                continue;
            out[balance.value(QStringLiteral("asset")).toString().toStdString()] = free + " " + locked;
        }
        return out;
    }

    std::map<std::string, std::string> coreBalances(const std::string &user)
    {
        v1::GetPortfolioRequest request;
        request.set_venue("binance");
        v1::Portfolio portfolio;
        std::map<std::string, std::string> out;
        if (!m_trading->GetPortfolio(as(user).get(), request, &portfolio).ok())
            return {{"error", "GetPortfolio failed"}};
        for (const auto &line : portfolio.balances())
            out[line.asset()] = normalised(line.free()) + " " + normalised(line.locked());
        return out;
    }

    static QString text(const std::map<std::string, std::string> &balances)
    {
        QStringList parts;
        for (const auto &[asset, amounts] : balances)
            parts << QString::fromStdString(asset + "=" + amounts);
        return parts.join(QStringLiteral(", "));
    }

    // Polls until bcf-core's view of the user's Binance balances equals the simulator's (both
    // read while nothing else moves them in between); the difference otherwise.
    QString balancesAgree(const std::string &user, const char *key, const char *secret, int timeoutMs = 20'000)
    {
        QElapsedTimer timer;
        timer.start();
        QString last;
        while (timer.elapsed() < timeoutMs) {
            const auto before = simulatorBalances(key, secret);
            const auto core = coreBalances(user);
            const auto after = simulatorBalances(key, secret);
            if (before == after && core == after)
                return {};
            last = QStringLiteral("bcf-core has %1, the simulator %2").arg(text(core), text(after));
            QTest::qWait(250);
        }
        return last;
    }

    v1::Order place(const std::string &user, v1::Side side, v1::OrderType type, const std::string &quantity,
                    const std::string &price = {}, grpc::Status *status = nullptr)
    {
        v1::PlaceOrderRequest request;
        request.set_venue("binance");
        request.set_symbol("BTCUSDT");
        request.set_side(side);
        request.set_type(type);
        request.set_quantity(quantity);
        request.set_price(price);
        v1::Order out;
        const grpc::Status result = m_trading->PlaceOrder(as(user).get(), request, &out);
        if (status)
            *status = result;
        else if (!result.ok())
            qWarning("PlaceOrder: %s", describe(result).constData());
        return out;
    }

    v1::Order find(const std::string &user, const std::string &clientOrderId)
    {
        v1::ListOrdersRequest request;
        request.set_limit(1000);
        v1::ListOrdersResponse listed;
        if (m_trading->ListOrders(as(user).get(), request, &listed).ok()) {
            for (const auto &order : listed.orders()) {
                if (order.client_order_id() == clientOrderId)
                    return order;
            }
        }
        return {};
    }

    bool waitState(const std::string &user, const std::string &clientOrderId, v1::OrderState state,
                   int timeoutMs = 30'000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            if (find(user, clientOrderId).state() == state)
                return true;
            QTest::qWait(100);
        }
        return false;
    }

    QString addKey(const std::string &user, const char *key, const char *secret)
    {
        v1::AddExchangeKeyRequest request;
        request.set_exchange("binance");
        request.set_label("main");
        request.set_api_key(key);
        request.set_secret_key(secret);
        v1::ExchangeKey added;
        const grpc::Status status = m_trading->AddExchangeKey(as(user).get(), request, &added);
        return status.ok() ? QString() : QString::fromLatin1(describe(status));
    }

    // bcf-core knows the simulator's BTCUSDT (instrument and a last price from the collector).
    bool waitMarket(const std::string &user)
    {
        QElapsedTimer timer;
        timer.start();
        QByteArray last;
        while (timer.elapsed() < 90'000) {
            const double price = simulatorPrice();
            if (price > 0) {
                // An IOC buy 5 % below the market: accepted and expired by the exchange at once.
                v1::PlaceOrderRequest request;
                request.set_venue("binance");
                request.set_symbol("BTCUSDT");
                request.set_side(v1::SIDE_BUY);
                request.set_type(v1::ORDER_TYPE_LIMIT);
                request.set_time_in_force(v1::TIME_IN_FORCE_IOC);
                request.set_quantity("0.001");
                request.set_price(priceText(price * 0.95));
                v1::Order probe;
                const grpc::Status status = m_trading->PlaceOrder(as(user).get(), request, &probe);
                if (status.ok() && probe.state() == v1::ORDER_STATE_EXPIRED)
                    return true;
                last = status.ok() ? QByteArray::fromStdString(probe.reason()) : describe(status);
            }
            QTest::qWait(500);
        }
        qWarning("bcf-core never traded on the simulator: %s\n%s", last.constData(),
                 qPrintable(m_core->output().right(3000)));
        return false;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_certificates.ok());
        QVERIFY(m_directory.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("botcriptofy")), qPrintable(m_postgres.error()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        QFile keyFile(m_directory.filePath(QStringLiteral("exchange.key")));
        QVERIFY(keyFile.open(QIODevice::WriteOnly));
        keyFile.write("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100\n");
        keyFile.close();

        m_simRest = test::freePort();
        m_simWs = test::freePort();
        m_simulator.setProcessChannelMode(QProcess::MergedChannels);
        m_simulator.start(QStringLiteral(BCF_EXCHANGE_SIM_BINARY),
                          {QStringLiteral("--rest-port"), QString::number(m_simRest), QStringLiteral("--ws-port"),
                           QString::number(m_simWs), QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--speed"), QStringLiteral("100"),
                           QStringLiteral("--account"),
                           QStringLiteral("%1:%2:USDT=100000,BTC=2").arg(QLatin1String(kAliceKey), QLatin1String(kAliceSecret)),
                           QStringLiteral("--account"),
                           QStringLiteral("%1:%2:USDT=50000,BTC=1").arg(QLatin1String(kBobKey), QLatin1String(kBobSecret)),
                           QStringLiteral("--account"),
                           QStringLiteral("%1:%2:USDT=10:withdraw").arg(QLatin1String(kWithdrawKey), QLatin1String(kWithdrawSecret))});
        QVERIFY(m_simulator.waitForStarted());
        QElapsedTimer timer;
        timer.start();
        while (simulatorPrice() <= 0 && timer.elapsed() < 20'000)
            QTest::qWait(200);
        QVERIFY2(simulatorPrice() > 0, m_simulator.readAll().constData());

        m_corePort = test::freePort();
        const QString started = startCore();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        for (const char *user : {"alice", "bob", "carol"})
            QVERIFY(test::addUser(QStringLiteral(BCF_CTL_BINARY), m_core->configPath(), QString::fromLatin1(user),
                                  QStringLiteral("trader"), QString::fromLatin1(kPassword)));

        m_compute = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_COMPUTE_BINARY), QStringLiteral("compute"));
        QVERIFY(m_compute->start(test::serverConfig(
            QStringLiteral("compute-live"), test::freePort(), m_postgres, m_redis.port(), m_certificates,
            QStringLiteral("\n[compute]\ndevice = \"cpu\"\nthreads = 1\n\n[collector]\nenabled = true\n"
                           "backfill_minutes = 60\n\n[binance]\nenabled = true\nrest_url = \"http://127.0.0.1:%1\"\n"
                           "websocket_url = \"ws://127.0.0.1:%2\"\nsymbols = \"BTCUSDT\"\n")
                .arg(m_simRest)
                .arg(m_simWs))));
    }

    void liveOrdersNeedAKey()
    {
        grpc::Status status;
        place("carol", v1::SIDE_BUY, v1::ORDER_TYPE_MARKET, "0.001", {}, &status);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(contains(status.error_message(), "venue") && contains(status.error_message(), "key"), describe(status));
    }

    void keysAreCheckedSealedAndNeverShown()
    {
        // The exchange refuses a wrong secret or an unknown key; a key that may withdraw is refused.
        QString error = addKey("alice", kAliceKey, "not-the-secret");
        QVERIFY2(error.startsWith(QStringLiteral("3 ")) && error.contains(QStringLiteral("secret key")), qPrintable(error));
        error = addKey("alice", "unknown-key-9999", kAliceSecret);
        QVERIFY2(error.startsWith(QStringLiteral("3 ")) && error.contains(QStringLiteral("api key")), qPrintable(error));
        error = addKey("alice", kWithdrawKey, kWithdrawSecret);
        QVERIFY2(error.startsWith(QStringLiteral("9 ")) && error.contains(QStringLiteral("withdraw")), qPrintable(error));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM exchange_keys")), QStringLiteral("0"));

        QVERIFY2(addKey("alice", kAliceKey, kAliceSecret).isEmpty(), "alice's key");
        QVERIFY2(addKey("bob", kBobKey, kBobSecret).isEmpty(), "bob's key");
        error = addKey("alice", kAliceKey, kAliceSecret);
        QVERIFY2(error.startsWith(QStringLiteral("6 ")), qPrintable(error)); // ALREADY_EXISTS

        v1::ListExchangeKeysResponse listed;
        QVERIFY(m_trading->ListExchangeKeys(as("alice").get(), {}, &listed).ok());
        QVERIFY(listed.live_trading_enabled());
        QCOMPARE(listed.keys_size(), 1);
        QCOMPARE(listed.keys(0).api_key_hint(), std::string("0001"));
        QCOMPARE(listed.keys(0).exchange(), std::string("binance"));
        QVERIFY(listed.keys(0).can_trade());
        QCOMPARE(listed.venues_size(), 2);
        QCOMPARE(listed.venues(1), std::string("binance"));
        // Nothing of the key or the secret is readable in the database or the node's log.
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM exchange_keys WHERE position('alice-live' in"
                                    " encode(api_key_sealed, 'escape') || encode(secret_sealed, 'escape')) > 0")),
                 QStringLiteral("0"));
        const QByteArray logs = m_coreLogs + m_core->output().toUtf8();
        QVERIFY(!logs.contains(kAliceSecret) && !logs.contains(kAliceKey));
        QVERIFY(!logs.contains(kBobSecret));

        // Deleting: gone from the list and from the venues; added again for what follows.
        v1::DeleteExchangeKeyRequest remove;
        remove.set_id(listed.keys(0).id());
        v1::ExchangeKey removed;
        QVERIFY(m_trading->DeleteExchangeKey(as("alice").get(), remove, &removed).ok());
        QVERIFY(m_trading->ListExchangeKeys(as("alice").get(), {}, &listed).ok());
        QCOMPARE(listed.keys_size(), 0);
        QCOMPARE(listed.venues_size(), 1);
        QVERIFY2(addKey("alice", kAliceKey, kAliceSecret).isEmpty(), "alice's key again");
    }

    void marketOrdersFillOnceAndBalancesAgree()
    {
        QVERIFY(waitMarket("alice"));
        const v1::Order bought = place("alice", v1::SIDE_BUY, v1::ORDER_TYPE_MARKET, "0.01");
        QCOMPARE(bought.state(), v1::ORDER_STATE_FILLED);
        QCOMPARE(bought.venue(), std::string("binance"));
        QVERIFY(!bought.venue_order_id().empty());
        QCOMPARE(normalised(bought.filled_quantity()), std::string("0.01000000"));
        const v1::Order sold = place("alice", v1::SIDE_SELL, v1::ORDER_TYPE_MARKET, "0.005");
        QCOMPARE(sold.state(), v1::ORDER_STATE_FILLED);

        // The REST answer and the user data stream (subscribed on the WebSocket API) both
        // reported the fills: each counts once.
        const QByteArray logs = m_coreLogs + m_core->output().toUtf8();
        QVERIFY2(logs.contains("msg=\"user data stream subscribed\""), "no user data stream subscription logged");
        QTest::qWait(1000);
        v1::ListFillsRequest request;
        request.set_venue("binance");
        v1::ListFillsResponse fills;
        QVERIFY(m_trading->ListFills(as("alice").get(), request, &fills).ok());
        std::map<std::string, Quantity> filled;
        for (const auto &fill : fills.fills())
            filled[fill.client_order_id()] += *Quantity::parse(fill.quantity());
        QCOMPARE(filled[bought.client_order_id()].toString(8), std::string("0.01000000"));
        QCOMPARE(filled[sold.client_order_id()].toString(8), std::string("0.00500000"));
        const QString agree = balancesAgree("alice", kAliceKey, kAliceSecret);
        QVERIFY2(agree.isEmpty(), qPrintable(agree));
    }

    void restingOrdersCancelAndRejectionsCarryTheReason()
    {
        const double price = simulatorPrice();
        const v1::Order resting = place("alice", v1::SIDE_BUY, v1::ORDER_TYPE_LIMIT, "0.002", priceText(price * 0.9));
        QCOMPARE(resting.state(), v1::ORDER_STATE_ACCEPTED);
        QVERIFY(waitState("alice", resting.client_order_id(), v1::ORDER_STATE_ACCEPTED));
        // Locked on the exchange, and so in bcf-core's view.
        QString agree = balancesAgree("alice", kAliceKey, kAliceSecret);
        QVERIFY2(agree.isEmpty(), qPrintable(agree));

        v1::CancelOrderRequest cancel;
        cancel.set_client_order_id(resting.client_order_id());
        v1::Order cancelled;
        const grpc::Status status = m_trading->CancelOrder(as("alice").get(), cancel, &cancelled);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(cancelled.state(), v1::ORDER_STATE_CANCELLED);
        const QJsonArray open = simulator("GET", QStringLiteral("/api/v3/openOrders"), {}, kAliceKey, kAliceSecret).array();
        QCOMPARE(open.size(), 0);

        // The exchange's refusal is a REJECTED order with Binance's reason.
        const v1::Order tooBig = place("bob", v1::SIDE_SELL, v1::ORDER_TYPE_MARKET, "5");
        QCOMPARE(tooBig.state(), v1::ORDER_STATE_REJECTED);
        QVERIFY2(contains(tooBig.reason(), "insufficient balance"), tooBig.reason().c_str());
        agree = balancesAgree("alice", kAliceKey, kAliceSecret);
        QVERIFY2(agree.isEmpty(), qPrintable(agree));
    }

    // OCO on Binance is one order list (POST /api/v3/orderList/oco): the holding is locked once,
    // cancelling one leg cancels the list, and the other leg's end comes from the stream.
    void ocoIsOneOrderListOnBinance()
    {
        const double price = simulatorPrice();
        v1::PlaceOcoRequest oco;
        oco.set_venue("binance");
        oco.set_symbol("BTCUSDT");
        oco.set_side(v1::SIDE_SELL);
        oco.set_quantity("0.001");
        oco.set_limit_price(priceText(price * 1.1));
        oco.set_stop_price(priceText(price * 0.9));
        v1::PlaceOcoResponse sell;
        grpc::Status status = m_trading->PlaceOco(as("alice").get(), oco, &sell);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY2(sell.limit_leg().state() == v1::ORDER_STATE_ACCEPTED, sell.limit_leg().reason().c_str());
        QVERIFY2(sell.stop_leg().state() == v1::ORDER_STATE_ACCEPTED, sell.stop_leg().reason().c_str());
        QVERIFY(!sell.limit_leg().venue_order_id().empty() && !sell.stop_leg().venue_order_id().empty());
        QJsonArray open = simulator("GET", QStringLiteral("/api/v3/openOrders"), {}, kAliceKey, kAliceSecret).array();
        QCOMPARE(open.size(), 2);
        std::set<QString> types;
        std::set<qint64> lists;
        for (const auto &value : open) {
            types.insert(value.toObject().value(QStringLiteral("type")).toString());
            lists.insert(value.toObject().value(QStringLiteral("orderListId")).toInteger());
        }
        QCOMPARE(types, (std::set<QString>{QStringLiteral("LIMIT_MAKER"), QStringLiteral("STOP_LOSS")}));
        QCOMPARE(lists.size(), std::size_t(1));
        QVERIFY(*lists.begin() >= 0);
        QString agree = balancesAgree("alice", kAliceKey, kAliceSecret); // the BTC locked once
        QVERIFY2(agree.isEmpty(), qPrintable(agree));

        v1::CancelOrderRequest cancel;
        cancel.set_client_order_id(sell.limit_leg().client_order_id());
        v1::Order cancelled;
        status = m_trading->CancelOrder(as("alice").get(), cancel, &cancelled);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(cancelled.state(), v1::ORDER_STATE_CANCELLED);
        QVERIFY(waitState("alice", sell.stop_leg().client_order_id(), v1::ORDER_STATE_CANCELLED));
        QVERIFY(simulator("GET", QStringLiteral("/api/v3/openOrders"), {}, kAliceKey, kAliceSecret).array().isEmpty());

        // A buy OCO with a stop-limit leg; Binance's refusal of a wrong price order names it.
        oco.set_side(v1::SIDE_BUY);
        oco.set_limit_price(priceText(price * 0.9));
        oco.set_stop_price(priceText(price * 1.1));
        oco.set_stop_limit_price(priceText(price * 1.12));
        v1::PlaceOcoResponse buy;
        status = m_trading->PlaceOco(as("alice").get(), oco, &buy);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY2(buy.stop_leg().state() == v1::ORDER_STATE_ACCEPTED, buy.stop_leg().reason().c_str());
        open = simulator("GET", QStringLiteral("/api/v3/openOrders"), {}, kAliceKey, kAliceSecret).array();
        QCOMPARE(open.size(), 2);
        agree = balancesAgree("alice", kAliceKey, kAliceSecret);
        QVERIFY2(agree.isEmpty(), qPrintable(agree));
        v1::CancelAllOrdersRequest cancelAll;
        cancelAll.set_venue("binance");
        v1::CancelAllOrdersResponse all;
        QVERIFY(m_trading->CancelAllOrders(as("alice").get(), cancelAll, &all).ok());
        QVERIFY(waitState("alice", buy.limit_leg().client_order_id(), v1::ORDER_STATE_CANCELLED));
        QVERIFY(waitState("alice", buy.stop_leg().client_order_id(), v1::ORDER_STATE_CANCELLED));
        QVERIFY(simulator("GET", QStringLiteral("/api/v3/openOrders"), {}, kAliceKey, kAliceSecret).array().isEmpty());
        agree = balancesAgree("alice", kAliceKey, kAliceSecret);
        QVERIFY2(agree.isEmpty(), qPrintable(agree));
    }

    void stopsAndTrailingStopsRestOnTheExchange()
    {
        const double price = simulatorPrice();
        v1::PlaceOrderRequest stop;
        stop.set_venue("binance");
        stop.set_symbol("BTCUSDT");
        stop.set_side(v1::SIDE_SELL);
        stop.set_type(v1::ORDER_TYPE_STOP_MARKET);
        stop.set_quantity("0.001");
        stop.set_stop_price(priceText(price * 0.9));
        v1::Order stopOrder;
        grpc::Status status = m_trading->PlaceOrder(as("alice").get(), stop, &stopOrder);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(stopOrder.state(), v1::ORDER_STATE_ACCEPTED);

        v1::PlaceOrderRequest trailing = stop;
        trailing.set_type(v1::ORDER_TYPE_TRAILING_STOP);
        trailing.clear_stop_price();
        trailing.set_trailing_basis_points(1500); // 15 %: it trails without triggering here
        v1::Order trailingOrder;
        status = m_trading->PlaceOrder(as("alice").get(), trailing, &trailingOrder);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY2(trailingOrder.state() == v1::ORDER_STATE_ACCEPTED, trailingOrder.reason().c_str());

        // Both rest on the exchange as STOP_LOSS orders, the trailing one with its delta.
        const QJsonArray open = simulator("GET", QStringLiteral("/api/v3/openOrders"), {}, kAliceKey, kAliceSecret).array();
        QCOMPARE(open.size(), 2);
        for (const auto &value : open)
            QCOMPARE(value.toObject().value(QStringLiteral("type")).toString(), QStringLiteral("STOP_LOSS"));
        v1::CancelAllOrdersRequest cancelAll;
        cancelAll.set_venue("binance");
        v1::CancelAllOrdersResponse cancelled;
        QVERIFY(m_trading->CancelAllOrders(as("alice").get(), cancelAll, &cancelled).ok());
        QCOMPARE(cancelled.cancelled(), 2);
        QCOMPARE(find("alice", trailingOrder.client_order_id()).state(), v1::ORDER_STATE_CANCELLED);
    }

    void restartReconcilesWhatHappenedWhileDown()
    {
        const double price = simulatorPrice();
        const v1::Order resting = place("alice", v1::SIDE_BUY, v1::ORDER_TYPE_LIMIT, "0.003", priceText(price * 0.9));
        QCOMPARE(resting.state(), v1::ORDER_STATE_ACCEPTED);
        m_core->kill();
        // While bcf-core is down: the order is cancelled on the exchange and another is placed
        // there by hand.
        int status = 0;
        simulator("DELETE", QStringLiteral("/api/v3/order"),
                  {{"symbol", "BTCUSDT"}, {"origClientOrderId", resting.client_order_id()}}, kAliceKey, kAliceSecret,
                  &status);
        QCOMPARE(status, 200);
        simulator("POST", QStringLiteral("/api/v3/order"),
                  {{"symbol", "BTCUSDT"}, {"side", "BUY"}, {"type", "LIMIT"}, {"timeInForce", "GTC"},
                   {"quantity", "0.001"}, {"price", priceText(price * 0.8)}, {"newClientOrderId", "by-hand-1"}},
                  kAliceKey, kAliceSecret, &status);
        QCOMPARE(status, 200);

        const QString started = startCore();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        grpc::ClientContext context;
        context.AddMetadata("authorization", "Bearer " + m_sessions.token("alice"));
        auto stream = m_trading->StreamTrading(&context, {});
        QVERIFY(waitState("alice", resting.client_order_id(), v1::ORDER_STATE_CANCELLED));
        // The user is told what differed and what was done (reconciliation runs every 5 s).
        bool toldCancelled = false, toldForeign = false;
        QElapsedTimer timer;
        timer.start();
        v1::TradingEvent event;
        std::thread stopper([&] {
            while (timer.elapsed() < 20'000 && !(toldCancelled && toldForeign))
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            context.TryCancel();
        });
        while (stream->Read(&event)) {
            if (!event.has_reconciliation())
                continue;
            const std::string &message = event.reconciliation().message();
            QCOMPARE(event.reconciliation().venue(), std::string("binance"));
            toldForeign = toldForeign || contains(message, "by-hand-1");
            toldCancelled = toldCancelled || (contains(message, resting.client_order_id()) && contains(message, "CANCELLED"));
            if (toldCancelled && toldForeign)
                break;
        }
        context.TryCancel();
        stopper.join();
        QVERIFY(toldForeign);
        // The cancellation may have been reconciled before the stream opened: it is in the journal.
        QVERIFY(toldCancelled || sql(QStringLiteral("SELECT count(*) FROM order_events WHERE client_order_id = '%1'"
                                                    " AND kind = 'CANCELLED'")
                                         .arg(QString::fromStdString(resting.client_order_id()))) == QStringLiteral("1"));
        QCOMPARE(find("alice", resting.client_order_id()).reason(), std::string("Cancelled on Binance."));
        const QString agree = balancesAgree("alice", kAliceKey, kAliceSecret);
        QVERIFY2(agree.isEmpty(), qPrintable(agree));
        simulator("DELETE", QStringLiteral("/api/v3/order"), {{"symbol", "BTCUSDT"}, {"origClientOrderId", "by-hand-1"}},
                  kAliceKey, kAliceSecret, &status);
    }

    void botsOnTheExchangeSurviveKills()
    {
        const int runs = qEnvironmentVariableIsSet("BCF_LIVE_RELIABILITY_RUNS")
                             ? qEnvironmentVariableIntValue("BCF_LIVE_RELIABILITY_RUNS")
                             : 20;
        const std::uint64_t seed = std::uint64_t(QDateTime::currentMSecsSinceEpoch());
        qInfo("seed %llu, %d runs", static_cast<unsigned long long>(seed), runs);
        std::mt19937_64 random(seed);

        // A tight grid around the simulator's price on bob's account: it trades on the exchange.
        QVERIFY(waitMarket("bob"));
        const double price = simulatorPrice();
        v1::CreateBotRequest create;
        auto *definition = create.mutable_definition();
        definition->set_name("live grid");
        definition->set_kind(v1::BOT_KIND_GRID);
        definition->set_symbol("BTCUSDT");
        definition->set_venue("binance");
        definition->set_budget("20000");
        for (const auto &[key, value] :
             {std::pair{std::string("lower"), priceText(price * 0.995)}, std::pair{std::string("upper"), priceText(price * 1.005)},
              std::pair{std::string("levels"), std::string("11")}, std::pair{std::string("quantity"), std::string("0.002")}}) {
            auto *parameter = definition->add_parameters();
            parameter->set_name(key);
            parameter->set_value(value);
        }
        v1::Bot bot;
        grpc::Status status = m_bots->CreateBot(as("bob").get(), create, &bot);
        QVERIFY2(status.ok(), describe(status));
        v1::BotIdRequest id;
        id.set_id(bot.id());
        status = m_bots->StartBot(as("bob").get(), id, &bot);
        QVERIFY2(status.ok(), describe(status));

        std::uniform_int_distribution<int> pause(300, 2500);
        qint64 slowestMs = 0;
        for (int run = 1; run <= runs; ++run) {
            QTest::qWait(pause(random));
            m_core->kill();
            QElapsedTimer recovery;
            recovery.start();
            const QString started = startCore();
            QVERIFY2(started.isEmpty(), qPrintable(QStringLiteral("run %1: ").arg(run) + started));
            const QString problems = liveProblems(bot.id());
            QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("run %1: ").arg(run) + problems + QStringLiteral("\n") +
                                                    m_core->output().right(3000)));
            slowestMs = std::max(slowestMs, recovery.elapsed());
        }
        qInfo("%d kills: %s live orders and %s fills journaled, slowest recovery (kill to reconciled and "
              "balances equal) %lld ms",
              runs, qPrintable(sql(QStringLiteral("SELECT count(*) FROM orders WHERE venue = 'binance'"))),
              qPrintable(sql(QStringLiteral("SELECT count(*) FROM fills WHERE venue = 'binance'"))),
              static_cast<long long>(slowestMs));
        status = m_bots->StopBot(as("bob").get(), [&] {
            v1::StopBotRequest stop;
            stop.set_id(bot.id());
            return stop;
        }(), &bot);
        QVERIFY2(status.ok(), describe(status));
    }

    void cleanupTestCase()
    {
        if (m_core)
            m_core->terminate();
        if (m_compute)
            m_compute->terminate();
        m_simulator.terminate();
        m_simulator.waitForFinished(5000);
    }

private:
    // After a restart: the bot runs again, every order the journal holds for bob on Binance has
    // the simulator's state (none lost, none stuck), every order on the simulator is in the
    // journal (none placed twice), no grid level has two working orders, and the balances agree.
    QString liveProblems(std::int64_t botId)
    {
        QElapsedTimer timer;
        timer.start();
        QString last;
        while (timer.elapsed() < 60'000) {
            last = compareWithSimulator(botId);
            if (last.isEmpty())
                return balancesAgree("bob", kBobKey, kBobSecret);
            QTest::qWait(500);
        }
        return last;
    }

    QString compareWithSimulator(std::int64_t botId)
    {
        v1::BotIdRequest id;
        id.set_id(botId);
        v1::Bot bot;
        if (!m_bots->GetBot(as("bob").get(), id, &bot).ok() || bot.state() != v1::BOT_STATE_RUNNING)
            return QStringLiteral("the bot is not running");
        const QJsonArray exchange =
            simulator("GET", QStringLiteral("/api/v3/allOrders"), {{"symbol", "BTCUSDT"}, {"limit", "1000"}}, kBobKey, kBobSecret)
                .array();
        std::map<std::string, std::string> onExchange;
        for (const auto &value : exchange) {
            const QJsonObject order = value.toObject();
            onExchange[order.value(QStringLiteral("clientOrderId")).toString().toStdString()] =
                order.value(QStringLiteral("status")).toString().toStdString();
        }
        v1::ListOrdersRequest request;
        request.set_venue("binance");
        request.set_limit(1000);
        v1::ListOrdersResponse journal;
        if (!m_trading->ListOrders(as("bob").get(), request, &journal).ok())
            return QStringLiteral("ListOrders failed");
        static const std::map<std::string, v1::OrderState> kStates{
            {"NEW", v1::ORDER_STATE_ACCEPTED},          {"PARTIALLY_FILLED", v1::ORDER_STATE_PARTIALLY_FILLED},
            {"FILLED", v1::ORDER_STATE_FILLED},         {"CANCELED", v1::ORDER_STATE_CANCELLED},
            {"EXPIRED", v1::ORDER_STATE_EXPIRED},       {"REJECTED", v1::ORDER_STATE_REJECTED}};
        std::map<std::string, int> working; // side@price → working orders
        int known = 0;
        for (const auto &order : journal.orders()) {
            const auto there = onExchange.find(order.client_order_id());
            if (there == onExchange.end()) {
                // Only an order the exchange refused or never received may be missing there.
                if (order.state() != v1::ORDER_STATE_REJECTED)
                    return QStringLiteral("order %1 is %2 in the journal but unknown to the exchange")
                        .arg(QString::fromStdString(order.client_order_id()))
                        .arg(int(order.state()));
                continue;
            }
            ++known;
            const auto expected = kStates.find(there->second);
            if (expected == kStates.end() || expected->second != order.state())
                return QStringLiteral("order %1: journal state %2, exchange %3")
                    .arg(QString::fromStdString(order.client_order_id()))
                    .arg(int(order.state()))
                    .arg(QString::fromStdString(there->second));
            if (order.state() == v1::ORDER_STATE_ACCEPTED || order.state() == v1::ORDER_STATE_PARTIALLY_FILLED)
                ++working[std::to_string(order.side()) + "@" + normalised(order.price())];
        }
        if (known != int(onExchange.size()))
            return QStringLiteral("%1 orders on the exchange, %2 of them in the journal").arg(onExchange.size()).arg(known);
        for (const auto &[level, count] : working) {
            if (count > 1)
                return QStringLiteral("%1 working orders at %2").arg(count).arg(QString::fromStdString(level));
        }
        return {};
    }
};

QTEST_GUILESS_MAIN(TestLiveVenue)
#include "test_live_venue.moc"
