// bcf-core and bcf-compute as real processes over real TLS and gRPC, on a private PostgreSQL and
// Redis: sign-in, permissions, TLS refusals, metrics, compute registration, health transitions
// while PostgreSQL and Redis go down and come back, and a clean shutdown.
#include "common/redis_client.h"
#include "common/tls.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <bcf/v1/auth.grpc.pb.h>
#include <bcf/v1/market_data.grpc.pb.h>
#include <bcf/v1/system.grpc.pb.h>
#include <grpc/health/v1/health.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace bcf;

namespace {

constexpr const char *kAdminPassword = "Operator-Secret-2026";
constexpr const char *kTraderPassword = "Desk-Secret-2026";

} // namespace

class TestCoreServer final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    test::TestCertificates m_certificates;
    QTemporaryDir m_directory;
    quint16 m_corePort = 0;
    quint16 m_computePort = 0;
    quint16 m_metricsPort = 0;
    std::unique_ptr<test::ServerProcess> m_core;
    std::unique_ptr<test::ServerProcess> m_compute;
    std::shared_ptr<grpc::Channel> m_channel;

    std::shared_ptr<grpc::Channel> channelTo(quint16 port, const QString &caFile)
    {
        auto credentials = server::makeChannelCredentials(caFile.toStdString());
        return grpc::CreateChannel("127.0.0.1:" + std::to_string(port), *credentials);
    }

    static void withDeadline(grpc::ClientContext &context, const std::string &token = {})
    {
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        if (!token.empty())
            context.AddMetadata("authorization", "Bearer " + token);
    }

    grpc::Status login(const std::string &user, const std::string &password,
                       v1::LoginResponse &response)
    {
        auto stub = v1::AuthService::NewStub(m_channel);
        grpc::ClientContext context;
        withDeadline(context);
        v1::LoginRequest request;
        request.set_username(user);
        request.set_password(password);
        return stub->Login(&context, request, &response);
    }

    std::string tokenOf(const std::string &user, const std::string &password)
    {
        v1::LoginResponse response;
        const grpc::Status status = login(user, password, response);
        if (!status.ok() || !response.has_session())
            qFatal("login %s: %s", user.c_str(), status.error_message().c_str());
        return response.session().token();
    }

    int bcfctl(const QStringList &arguments, const QByteArray &password = {})
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("BCF_TEST_PASSWORD"), QString::fromLatin1(password));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(BCF_CTL_BINARY), arguments);
        process.waitForFinished(60000);
        if (process.exitCode() != 0)
            qWarning("bcfctl: %s", process.readAllStandardError().constData());
        return process.exitCode();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_certificates.ok());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("botcriptofy")), qPrintable(m_postgres.error()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        m_corePort = test::freePort();
        m_computePort = test::freePort();
        m_metricsPort = test::freePort();

        const QString coreConfig = test::serverConfig(
            QStringLiteral("core-test"), m_corePort, m_postgres, m_redis.port(), m_certificates,
            test::authSection(m_certificates), m_metricsPort);
        const QString configPath = m_directory.filePath(QStringLiteral("core.toml"));
        QFile file(configPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(coreConfig.toUtf8());
        file.close();

        // The operators' path: migrate and create users with bcfctl.
        QCOMPARE(bcfctl({QStringLiteral("migrate"), QStringLiteral("--config"), configPath}), 0);
        QCOMPARE(bcfctl({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--config"),
                         configPath, QStringLiteral("--username"), QStringLiteral("admin"),
                         QStringLiteral("--role"), QStringLiteral("admin"),
                         QStringLiteral("--password-env"), QStringLiteral("BCF_TEST_PASSWORD")},
                        kAdminPassword),
                 0);
        QCOMPARE(bcfctl({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--config"),
                         configPath, QStringLiteral("--username"), QStringLiteral("trader"),
                         QStringLiteral("--password-env"), QStringLiteral("BCF_TEST_PASSWORD")},
                        kTraderPassword),
                 0);

        m_core = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_CORE_BINARY),
                                                       QStringLiteral("core"));
        QVERIFY(m_core->start(coreConfig));
        m_compute = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_COMPUTE_BINARY),
                                                          QStringLiteral("compute"));
        QVERIFY(m_compute->start(test::serverConfig(
            QStringLiteral("compute-test"), m_computePort, m_postgres, m_redis.port(),
            m_certificates,
            QStringLiteral("\n[compute]\ndevice = \"cpu\"\nthreads = 1\nheartbeat_seconds = 1\n"))));
        const QString ca = m_certificates.path(QStringLiteral("ca.crt"));
        QVERIFY2(m_core->waitServing(m_corePort, ca), qPrintable(m_core->output()));
        QVERIFY2(m_compute->waitServing(m_computePort, ca), qPrintable(m_compute->output()));
        m_channel = channelTo(m_corePort, ca);
    }

    void loginOverTlsAndWhoAmI()
    {
        const std::string token = tokenOf("admin", kAdminPassword);
        auto stub = v1::AuthService::NewStub(m_channel);
        grpc::ClientContext context;
        withDeadline(context, token);
        v1::WhoAmIResponse response;
        const grpc::Status status = stub->WhoAmI(&context, {}, &response);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QCOMPARE(response.user().username(), std::string("admin"));
        QCOMPARE(response.user().role(), v1::ROLE_ADMIN);
        QVERIFY(std::find(response.permissions().begin(), response.permissions().end(),
                          std::string("users.write"))
                != response.permissions().end());
    }

    void badPasswordIsUnauthenticated()
    {
        v1::LoginResponse response;
        const grpc::Status status = login("admin", "Wrong-Password-1", response);
        QCOMPARE(status.error_code(), grpc::UNAUTHENTICATED);
        QCOMPARE(status.error_message(), std::string("Invalid username or password."));
    }

    void emptyLoginIsInvalidArgument()
    {
        v1::LoginResponse response;
        const grpc::Status status = login("", "", response);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
    }

    void callWithoutTokenIsUnauthenticated()
    {
        auto stub = v1::AuthService::NewStub(m_channel);
        grpc::ClientContext context;
        withDeadline(context);
        v1::WhoAmIResponse response;
        const grpc::Status status = stub->WhoAmI(&context, {}, &response);
        QCOMPARE(status.error_code(), grpc::UNAUTHENTICATED);
    }

    void revokedTokenIsUnauthenticated()
    {
        const std::string token = tokenOf("trader", kTraderPassword);
        auto stub = v1::AuthService::NewStub(m_channel);
        {
            grpc::ClientContext context;
            withDeadline(context, token);
            v1::LogoutResponse response;
            QVERIFY(stub->Logout(&context, {}, &response).ok());
        }
        grpc::ClientContext context;
        withDeadline(context, token);
        v1::WhoAmIResponse response;
        const grpc::Status status = stub->WhoAmI(&context, {}, &response);
        QCOMPARE(status.error_code(), grpc::UNAUTHENTICATED);
        QVERIFY(status.error_message().find("ended") != std::string::npos);
    }

    void roleWithoutPermissionIsDenied()
    {
        auto stub = v1::UserAdminService::NewStub(m_channel);
        {
            grpc::ClientContext context;
            withDeadline(context, tokenOf("trader", kTraderPassword));
            v1::ListUsersResponse response;
            const grpc::Status status = stub->ListUsers(&context, {}, &response);
            QCOMPARE(status.error_code(), grpc::PERMISSION_DENIED);
            QVERIFY2(status.error_message().find("trader") != std::string::npos,
                     status.error_message().c_str());
        }
        grpc::ClientContext context;
        withDeadline(context, tokenOf("admin", kAdminPassword));
        v1::ListUsersResponse response;
        const grpc::Status status = stub->ListUsers(&context, {}, &response);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QCOMPARE(response.users_size(), 2);
    }

    void adminCreatesUserWithPolicy()
    {
        auto stub = v1::UserAdminService::NewStub(m_channel);
        const std::string token = tokenOf("admin", kAdminPassword);
        {
            grpc::ClientContext context;
            withDeadline(context, token);
            v1::CreateUserRequest request;
            request.set_username("weak");
            request.set_password("short");
            request.set_role(v1::ROLE_SUPPORT);
            v1::User response;
            const grpc::Status status = stub->CreateUser(&context, request, &response);
            QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
            QVERIFY(status.error_message().find("at least 12") != std::string::npos);
        }
        grpc::ClientContext context;
        withDeadline(context, token);
        v1::CreateUserRequest request;
        request.set_username("helpdesk");
        request.set_password("Support-Desk-Secret-1");
        request.set_role(v1::ROLE_SUPPORT);
        v1::User response;
        const grpc::Status status = stub->CreateUser(&context, request, &response);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QCOMPARE(response.role(), v1::ROLE_SUPPORT);
    }

    void candleHistoryServesStoredAndAggregatedCandles()
    {
        // Two hours of 1m candles imported the operators' way.
        const long long start = 1'704'067'200'000LL; // 2024-01-01T00:00Z
        QString csv = QStringLiteral("timestamp_ms,open,high,low,close,volume\n");
        for (int i = 0; i < 120; ++i)
            csv += QStringLiteral("%1,%2,%3,%4,%5,1.5\n")
                       .arg(start + i * 60'000LL)
                       .arg(100 + i)
                       .arg(100 + i + 2)
                       .arg(100 + i - 2)
                       .arg(100 + i + 1);
        const QString csvPath = m_directory.filePath(QStringLiteral("candles.csv"));
        QFile file(csvPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(csv.toUtf8());
        file.close();
        QString errors;
        QCOMPARE(test::runBcfctl(QStringLiteral(BCF_CTL_BINARY),
                                 {QStringLiteral("import"), QStringLiteral("--config"),
                                  m_directory.filePath(QStringLiteral("core.toml")),
                                  QStringLiteral("--symbol"), QStringLiteral("BTCUSDT"),
                                  QStringLiteral("--format"), QStringLiteral("generic"), csvPath},
                                 {}, &errors),
                 0);

        auto stub = v1::MarketDataService::NewStub(m_channel);
        const std::string token = tokenOf("trader", kTraderPassword);
        auto ask = [&](const std::string &timeframe, int limit, v1::GetCandlesResponse &response,
                       const std::string &symbol = "BTCUSDT") {
            grpc::ClientContext context;
            withDeadline(context, token);
            v1::GetCandlesRequest request;
            request.set_exchange("binance");
            request.set_symbol(symbol);
            request.set_timeframe(timeframe);
            request.set_from_unix_ms(start);
            request.set_to_unix_ms(start + 120 * 60'000LL);
            request.set_limit(limit);
            return stub->GetCandles(&context, request, &response);
        };

        v1::GetCandlesResponse minutes;
        grpc::Status status = ask("1m", 10, minutes);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QCOMPARE(minutes.candles_size(), 10);
        QVERIFY(!minutes.aggregated());
        QCOMPARE(minutes.candles(9).open_time_unix_ms(), start + 119 * 60'000LL); // the newest
        QCOMPARE(minutes.candles(9).close(), std::string("220"));

        v1::GetCandlesResponse hours;
        status = ask("1h", 0, hours);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QVERIFY(hours.aggregated());
        QCOMPARE(hours.candles_size(), 2);
        QCOMPARE(hours.candles(0).open(), std::string("100"));
        QCOMPARE(hours.candles(0).high(), std::string("161"));
        QCOMPARE(hours.candles(0).low(), std::string("98"));
        QCOMPARE(hours.candles(0).close(), std::string("160"));
        QCOMPARE(hours.candles(0).volume(), std::string("90"));
        QVERIFY(hours.candles(0).closed());

        v1::GetCandlesResponse none;
        status = ask("2m", 0, none);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY(status.error_message().find("\"2m\"") != std::string::npos);
        status = ask("1m", 0, none, "NOPEUSDT");
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY(status.error_message().find("NOPEUSDT") != std::string::npos);
        status = ask("1m", 9999, none);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
    }

    // A collector's update on Redis reaches every streaming client, as the forming bar of the
    // timeframe each asked for (1h: the stored minutes merged with the live one).
    void streamCandlesFansOutFromRedis()
    {
        auto stub = v1::MarketDataService::NewStub(m_channel);
        const std::string token = tokenOf("trader", kTraderPassword);
        const long long minute = 1'704'067'200'000LL + 90 * 60'000LL; // 01:30, stored
        const std::string message =
            R"({"type":"candle","exchange":"binance","symbol":"BTCUSDT","timeframe":"1m",)"
            R"("open_time":)" + std::to_string(minute)
            + R"(,"open":"190","high":"500","low":"189","close":"200","volume":"2","closed":false})";

        auto open = [&](const std::string &timeframe, grpc::ClientContext &context) {
            withDeadline(context, token);
            v1::StreamCandlesRequest request;
            request.set_exchange("binance");
            request.set_symbol("BTCUSDT");
            request.set_timeframe(timeframe);
            return stub->StreamCandles(&context, request);
        };
        grpc::ClientContext minuteContext, hourContext;
        auto minuteReader = open("1m", minuteContext);
        auto hourReader = open("1h", hourContext);

        server::RedisSettings redisSettings;
        redisSettings.host = "127.0.0.1";
        redisSettings.port = m_redis.port();
        server::RedisClient publisher(redisSettings, "");
        std::atomic<bool> received{false};
        std::thread publishing([&] {
            // The server subscribes when the call arrives; publish until the clients see it.
            for (int i = 0; i < 50 && !received; ++i) {
                (void)publisher.command({"PUBLISH", "market_data", message});
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
            }
        });
        v1::Candle minuteBar, hourBar;
        const bool minuteRead = minuteReader->Read(&minuteBar);
        const bool hourRead = hourReader->Read(&hourBar);
        received = true;
        publishing.join();
        QVERIFY(minuteRead && hourRead);
        QCOMPARE(minuteBar.open_time_unix_ms(), minute);
        QCOMPARE(minuteBar.high(), std::string("500"));
        QVERIFY(!minuteBar.closed());
        QCOMPARE(hourBar.open_time_unix_ms(), minute - 30 * 60'000LL); // 01:00
        QCOMPARE(hourBar.open(), std::string("160"));  // the stored 01:00 minute
        QCOMPARE(hourBar.high(), std::string("500"));  // the live minute's high
        minuteContext.TryCancel();
        hourContext.TryCancel();
        (void)minuteReader->Finish();
        (void)hourReader->Finish();

        // Bad requests are refused up front.
        grpc::ClientContext badContext;
        withDeadline(badContext, token);
        v1::StreamCandlesRequest bad;
        bad.set_exchange("binance");
        bad.set_symbol("BTCUSDT");
        bad.set_timeframe("7m");
        auto badReader = stub->StreamCandles(&badContext, bad);
        v1::Candle ignored;
        QVERIFY(!badReader->Read(&ignored));
        QCOMPARE(badReader->Finish().error_code(), grpc::INVALID_ARGUMENT);
    }

    // Instruments and stored trades over unary calls; live trades, books and tickers from the
    // collectors' Redis messages over streams; bad requests refused up front.
    void tradesBooksAndTickersFanOutFromRedis()
    {
        bool ok = false;
        m_postgres.psql(QStringLiteral("botcriptofy"),
                        QStringLiteral(
                            "INSERT INTO instruments (exchange, symbol, base, quote, tick_size,"
                            " lot_size, min_notional, price_precision, quantity_precision)"
                            " VALUES ('binance', 'ETHUSDT', 'ETH', 'USDT', 1000000, 10000,"
                            " 500000000, 2, 4);"
                            " CREATE TABLE trades_y2024m01d01 PARTITION OF trades FOR VALUES"
                            " FROM ('2024-01-01 00:00:00+00') TO ('2024-01-02 00:00:00+00');"
                            " INSERT INTO trades VALUES"
                            " ('binance', 'ETHUSDT', 7, '2024-01-01 00:00:01+00', 230000000000,"
                            " 50000000, true),"
                            " ('binance', 'ETHUSDT', 8, '2024-01-01 00:00:02+00', 230100000000,"
                            " 25000000, false),"
                            " ('binance', 'ETHUSDT', 9, '2024-01-01 00:00:03+00', 230200000000,"
                            " 10000000, true)"),
                        &ok);
        QVERIFY2(ok, qPrintable(m_postgres.error()));
        auto stub = v1::MarketDataService::NewStub(m_channel);
        const std::string token = tokenOf("trader", kTraderPassword);

        grpc::ClientContext listContext;
        withDeadline(listContext, token);
        v1::ListInstrumentsRequest listRequest;
        listRequest.set_exchange("binance");
        v1::ListInstrumentsResponse listed;
        grpc::Status status = stub->ListInstruments(&listContext, listRequest, &listed);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QCOMPARE(listed.instruments_size(), 1);
        QCOMPARE(listed.instruments(0).symbol(), std::string("ETHUSDT"));
        QCOMPARE(listed.instruments(0).tick_size(), std::string("0.01"));
        QCOMPARE(listed.instruments(0).min_notional(), std::string("5"));

        auto recent = [&](const std::string &symbol, int limit, v1::GetRecentTradesResponse &out) {
            grpc::ClientContext context;
            withDeadline(context, token);
            v1::GetRecentTradesRequest request;
            request.set_exchange("binance");
            request.set_symbol(symbol);
            request.set_limit(limit);
            return stub->GetRecentTrades(&context, request, &out);
        };
        v1::GetRecentTradesResponse trades;
        status = recent("ETHUSDT", 2, trades);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QCOMPARE(trades.trades_size(), 2); // the newest two, oldest first
        QCOMPARE(trades.trades(0).id(), 8);
        QCOMPARE(trades.trades(0).price(), std::string("2301"));
        QCOMPARE(trades.trades(0).aggressor(), v1::SIDE_SELL);
        QCOMPARE(trades.trades(1).id(), 9);
        QCOMPARE(trades.trades(1).quantity(), std::string("0.1"));
        QCOMPARE(trades.trades(1).aggressor(), v1::SIDE_BUY);
        v1::GetRecentTradesResponse refused;
        status = recent("ETHUSDT", 5000, refused);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY(status.error_message().find("5000") != std::string::npos);
        status = recent("DOGEUSDT", 10, refused);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY(status.error_message().find("DOGEUSDT") != std::string::npos);

        // Streams: subscribed first, then the collector's messages are published until seen.
        const long long nowMinute = QDateTime::currentMSecsSinceEpoch() / 60'000 * 60'000;
        const std::vector<std::string> messages{
            R"({"type":"trade","exchange":"binance","symbol":"ETHUSDT","id":10,"time":)"
                + std::to_string(nowMinute) + R"(,"price":"2310.5","quantity":"0.3","side":"sell"})",
            R"({"type":"book","exchange":"binance","symbol":"ETHUSDT","update_id":55,"time":)"
                + std::to_string(nowMinute)
                + R"(,"bids":[["2310.4","1.5"],["2310.3","2"]],"asks":[["2310.6","0.7"]]})",
            R"({"type":"candle","exchange":"binance","symbol":"ETHUSDT","timeframe":"1m",)"
            R"("open_time":)" + std::to_string(nowMinute)
                + R"(,"open":"2300","high":"2320","low":"2290","close":"2310.5","volume":"4",)"
                  R"("quote_volume":"9240","trade_count":3,"closed":false})",
            R"({"type":"trade","exchange":"binance","symbol":"ETHUSDT","id":"x"})", // malformed
        };
        grpc::ClientContext tradeContext, bookContext, tickerContext;
        withDeadline(tradeContext, token);
        withDeadline(bookContext, token);
        withDeadline(tickerContext, token);
        v1::StreamTradesRequest tradeRequest;
        tradeRequest.set_exchange("binance");
        tradeRequest.set_symbol("ETHUSDT");
        auto tradeReader = stub->StreamTrades(&tradeContext, tradeRequest);
        v1::StreamOrderBookRequest bookRequest;
        bookRequest.set_exchange("binance");
        bookRequest.set_symbol("ETHUSDT");
        bookRequest.set_depth(1);
        auto bookReader = stub->StreamOrderBook(&bookContext, bookRequest);
        v1::StreamTickersRequest tickerRequest;
        tickerRequest.set_exchange("binance"); // no symbols: every listed one
        auto tickerReader = stub->StreamTickers(&tickerContext, tickerRequest);

        server::RedisSettings redisSettings;
        redisSettings.host = "127.0.0.1";
        redisSettings.port = m_redis.port();
        server::RedisClient publisher(redisSettings, "");
        std::atomic<bool> received{false};
        std::thread publishing([&] {
            for (int i = 0; i < 50 && !received; ++i) {
                for (const auto &message : messages)
                    (void)publisher.command({"PUBLISH", "market_data", message});
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
            }
        });
        v1::Trade trade;
        v1::OrderBook book;
        v1::Ticker ticker;
        const bool tradeRead = tradeReader->Read(&trade);
        const bool bookRead = bookReader->Read(&book);
        const bool tickerRead = tickerReader->Read(&ticker);
        received = true;
        publishing.join();
        QVERIFY(tradeRead && bookRead && tickerRead);
        QCOMPARE(trade.id(), 10);
        QCOMPARE(trade.price(), std::string("2310.5"));
        QCOMPARE(trade.aggressor(), v1::SIDE_SELL);
        QCOMPARE(book.update_id(), 55);
        QCOMPARE(book.bids_size(), 1); // depth 1
        QCOMPARE(book.bids(0).price(), std::string("2310.4"));
        QCOMPARE(book.asks(0).quantity(), std::string("0.7"));
        QCOMPARE(ticker.symbol(), std::string("ETHUSDT"));
        QCOMPARE(ticker.last_price(), std::string("2310.5"));
        QCOMPARE(ticker.open_price(), std::string("2300"));
        QCOMPARE(ticker.quote_volume(), std::string("9240"));
        for (auto *context : {&tradeContext, &bookContext, &tickerContext})
            context->TryCancel();
        (void)tradeReader->Finish();
        (void)bookReader->Finish();
        (void)tickerReader->Finish();

        grpc::ClientContext badContext;
        withDeadline(badContext, token);
        bookRequest.set_depth(500);
        auto badReader = stub->StreamOrderBook(&badContext, bookRequest);
        QVERIFY(!badReader->Read(&book));
        const grpc::Status bad = badReader->Finish();
        QCOMPARE(bad.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY(bad.error_message().find("500") != std::string::npos);
    }

    void plainTextClientIsRefused()
    {
        auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(m_corePort),
                                           grpc::InsecureChannelCredentials());
        auto stub = grpc::health::v1::Health::NewStub(channel);
        grpc::ClientContext context;
        withDeadline(context);
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
        grpc::health::v1::HealthCheckResponse response;
        const grpc::Status status = stub->Check(&context, {}, &response);
        QVERIFY(!status.ok());
        QVERIFY(status.error_code() == grpc::UNAVAILABLE
                || status.error_code() == grpc::DEADLINE_EXCEEDED);
    }

    void clientTrustingAnotherCaIsRefused()
    {
        test::TestCertificates other(QStringLiteral("Some other CA"));
        QVERIFY(other.ok());
        auto channel = channelTo(m_corePort, other.path(QStringLiteral("ca.crt")));
        auto stub = grpc::health::v1::Health::NewStub(channel);
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
        grpc::health::v1::HealthCheckResponse response;
        const grpc::Status status = stub->Check(&context, {}, &response);
        QVERIFY(!status.ok());
        QVERIFY(status.error_code() == grpc::UNAVAILABLE
                || status.error_code() == grpc::DEADLINE_EXCEEDED);
    }

    void metricsCountRpcs()
    {
        QNetworkAccessManager network;
        QNetworkReply *reply = network.get(QNetworkRequest(
            QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_metricsPort))));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        const QString body = QString::fromUtf8(reply->readAll());
        reply->deleteLater();
        QVERIFY2(body.contains(QStringLiteral(
                     "bcf_rpc_requests_total{code=\"PERMISSION_DENIED\",method=\"/bcf.v1.UserAdminService/ListUsers\"}")),
                 qPrintable(body.left(3000)));
        QVERIFY(body.contains(QStringLiteral("bcf_rpc_duration_seconds_bucket")));
        QVERIFY(body.contains(QStringLiteral("bcf_dependency_up{dependency=\"postgresql\"} 1")));
    }

    void computeNodeRegistersAndReportsTorch()
    {
        auto stub = v1::SystemService::NewStub(m_channel);
        const std::string token = tokenOf("admin", kAdminPassword);
        v1::ListComputeNodesResponse nodes;
        for (int attempt = 0; attempt < 50; ++attempt) {
            grpc::ClientContext context;
            withDeadline(context, token);
            nodes.Clear();
            QVERIFY(stub->ListComputeNodes(&context, {}, &nodes).ok());
            if (nodes.nodes_size() > 0)
                break;
            QTest::qWait(200);
        }
        QCOMPARE(nodes.nodes_size(), 1);
        QCOMPARE(nodes.nodes(0).node_name(), std::string("compute-test"));
        QCOMPARE(nodes.nodes(0).device(), std::string("cpu"));
        QCOMPARE(nodes.nodes(0).threads(), 1);

        auto computeStub = v1::SystemService::NewStub(
            channelTo(m_computePort, m_certificates.path(QStringLiteral("ca.crt"))));
        grpc::ClientContext context;
        withDeadline(context);
        v1::ServerInfo info;
        const grpc::Status status = computeStub->GetServerInfo(&context, {}, &info);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QCOMPARE(info.component(), std::string("bcf-compute"));
        QCOMPARE(info.details().at("torch.device"), std::string("cpu"));
        QCOMPARE(info.details().at("torch.threads"), std::string("1"));
        QCOMPARE(info.details().at("postgresql"), std::string("up"));
    }

    void healthFollowsPostgres()
    {
        const QString ca = m_certificates.path(QStringLiteral("ca.crt"));
        QVERIFY(m_postgres.stop());
        QVERIFY2(m_core->waitHealth(m_corePort, ca, false, 20000), qPrintable(m_core->output()));
        // Calls that need the database fail cleanly meanwhile.
        v1::LoginResponse response;
        QCOMPARE(login("admin", kAdminPassword, response).error_code(), grpc::UNAVAILABLE);
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_core->waitServing(m_corePort, ca, 30000), qPrintable(m_core->output()));
        QVERIFY(login("admin", kAdminPassword, response).ok());
        QVERIFY(m_core->isRunning());
    }

    void healthFollowsRedis()
    {
        const QString ca = m_certificates.path(QStringLiteral("ca.crt"));
        m_redis.stop();
        QVERIFY(m_core->waitHealth(m_corePort, ca, false, 20000));
        QVERIFY(m_compute->waitHealth(m_computePort, ca, false, 20000));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        QVERIFY2(m_core->waitServing(m_corePort, ca, 30000), qPrintable(m_core->output()));
        QVERIFY2(m_compute->waitServing(m_computePort, ca, 30000), qPrintable(m_compute->output()));
    }

    void gracefulShutdown()
    {
        QCOMPARE(m_compute->terminate(), 0);
        QCOMPARE(m_core->terminate(), 0);
        QVERIFY(m_core->output().contains(QStringLiteral("bcf-core stopped")));
    }

    // PostgreSQL down when bcf-core starts: it serves health as NOT_SERVING, retries with
    // backoff, and becomes SERVING without an operator once the database is back.
    void startsWhileDatabaseIsDown()
    {
        const QString ca = m_certificates.path(QStringLiteral("ca.crt"));
        QVERIFY(m_postgres.stop());
        test::ServerProcess core(QStringLiteral(BCF_CORE_BINARY), QStringLiteral("core-late"));
        const quint16 port = test::freePort();
        QString config = test::serverConfig(QStringLiteral("core-late"), port, m_postgres,
                                            m_redis.port(), m_certificates,
                                            test::authSection(m_certificates));
        config.replace(QStringLiteral("level = \"debug\""),
                       QStringLiteral("level = \"debug\"\nformat = \"json\""));
        QVERIFY(core.start(config));
        QVERIFY2(core.waitHealth(port, ca, false, 20000), qPrintable(core.output()));
        QTest::qWait(1500); // a few failed attempts
        QVERIFY(core.isRunning());
        QCOMPARE(test::healthStatus(port, ca), 0);
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(core.waitServing(port, ca, 30000), qPrintable(core.output()));
        QCOMPARE(core.terminate(), 0);

        // log.format = json: every line is one JSON object.
        int lines = 0;
        for (const QString &line : core.output().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            QJsonParseError error{};
            const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8(), &error);
            QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(),
                     qPrintable(line));
            QVERIFY(document.object().contains(QStringLiteral("event")));
            ++lines;
        }
        QVERIFY(lines >= 4);
    }
};

QTEST_GUILESS_MAIN(TestCoreServer)
#include "test_core_server.moc"
