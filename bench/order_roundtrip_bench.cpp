// Order round trip on loopback: a client (what the workstation does) places a market order over
// TLS gRPC → bcf-core validates it, journals it in PostgreSQL, runs the risk checks, the paper
// venue fills it from the book → the fill event comes back on the client's StreamTrading. Two
// numbers per order: the PlaceOrder call's return (the order already FILLED) and the arrival of
// its fill on the stream. Starts its own PostgreSQL and Redis (tests/support) and bcf-core as a
// process; publishes a book for BTCUSDT on Redis as the collectors do. Prints p50/p90/p99/max.
//
// Usage: bench_order_roundtrip [--orders 2000]
#include "common/redis_client.h"
#include "common/tls.h"
#include "support/stack_config.h"

#include <bcf/v1/auth.grpc.pb.h>
#include <bcf/v1/trading.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

using namespace bcf;
using Steady = std::chrono::steady_clock;

namespace {

constexpr const char *kPassword = "Round-Trip-Latency-2026!";

int fail(const QString &message)
{
    std::fprintf(stderr, "bench_order_roundtrip: %s\n", qPrintable(message));
    return 1;
}

struct Percentiles {
    double p50 = 0, p90 = 0, p99 = 0, max = 0;
};

Percentiles percentiles(std::vector<double> micros)
{
    std::sort(micros.begin(), micros.end());
    auto at = [&](double q) { return micros[static_cast<std::size_t>(q * double(micros.size() - 1))]; };
    return {at(0.5), at(0.9), at(0.99), micros.back()};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    int orders = 2000;
    const QStringList arguments = application.arguments();
    for (int i = 1; i + 1 < arguments.size(); ++i)
        if (arguments[i] == QStringLiteral("--orders"))
            orders = std::max(100, arguments[i + 1].toInt());

    test::PostgresServer postgres;
    test::RedisServer redis;
    test::TestCertificates certificates;
    if (!certificates.ok() || !postgres.start() || !postgres.createDatabase(QStringLiteral("botcriptofy")) ||
        !redis.start())
        return fail(QStringLiteral("local services did not start: %1 %2").arg(postgres.error(), redis.error()));
    const quint16 port = test::freePort();
    test::ServerProcess core(QStringLiteral(BCF_CORE_BINARY), QStringLiteral("core"));
    // No order-rate limit: the benchmark sends orders back to back.
    const QString config = test::serverConfig(QStringLiteral("core-bench"), port, postgres, redis.port(), certificates,
                                              test::authSection(certificates) +
                                                  QStringLiteral("\n[trading]\nmax_orders_per_minute = 0\n"
                                                                 "paper_balances = \"USDT=1000000,BTC=10\"\n")) +
                           QStringLiteral("\n");
    if (!core.start(QString(config).replace(QStringLiteral("level = \"debug\""), QStringLiteral("level = \"warn\""))) ||
        !core.waitServing(port, certificates.path(QStringLiteral("ca.crt"))))
        return fail(QStringLiteral("bcf-core did not start: ") + core.output());
    if (!test::addUser(QStringLiteral(BCF_CTL_BINARY), core.configPath(), QStringLiteral("bench"),
                       QStringLiteral("trader"), QString::fromLatin1(kPassword)))
        return fail(QStringLiteral("user not created"));
    bool ok = false;
    postgres.psql(QStringLiteral("botcriptofy"),
                  QStringLiteral("INSERT INTO instruments (exchange, symbol, base, quote, tick_size, lot_size,"
                                 " min_notional, price_precision, quantity_precision) VALUES ('binance',"
                                 " 'BTCUSDT', 'BTC', 'USDT', 1000000, 100000, 500000000, 2, 3)"),
                  &ok);
    if (!ok)
        return fail(postgres.error());

    // The market: a deep book around 100 and a trade now and then (the risk engine's last price).
    server::RedisSettings redisSettings;
    redisSettings.host = "127.0.0.1";
    redisSettings.port = redis.port();
    std::atomic<bool> stop{false};
    std::thread market([&] {
        server::RedisClient publisher(redisSettings, "");
        long long id = 0;
        while (!stop) {
            const std::string now = std::to_string(QDateTime::currentMSecsSinceEpoch());
            ++id;
            (void)publisher.command({"PUBLISH", "market_data",
                                     R"({"type":"book","exchange":"binance","symbol":"BTCUSDT","update_id":)" +
                                         std::to_string(id) + R"(,"time":)" + now +
                                         R"(,"bids":[["100.00","1000"]],"asks":[["100.01","1000"]]})"});
            (void)publisher.command({"PUBLISH", "market_data",
                                     R"({"type":"trade","exchange":"binance","symbol":"BTCUSDT","id":)" +
                                         std::to_string(id) + R"(,"time":)" + now +
                                         R"(,"price":"100.00","quantity":"0.001","side":"sell"})"});
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
    });

    auto credentials = server::makeChannelCredentials(certificates.path(QStringLiteral("ca.crt")).toStdString());
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port), *credentials);
    auto authStub = v1::AuthService::NewStub(channel);
    auto trading = v1::TradingService::NewStub(channel);
    v1::LoginRequest login;
    login.set_username("bench");
    login.set_password(kPassword);
    v1::LoginResponse session;
    {
        grpc::ClientContext context;
        if (!authStub->Login(&context, login, &session).ok())
            return fail(QStringLiteral("login failed"));
    }
    const std::string bearer = "Bearer " + session.session().token();

    // The stream: every fill's arrival time, by client order id.
    std::mutex mutex;
    std::map<std::string, Steady::time_point> fillArrivals;
    grpc::ClientContext streamContext;
    streamContext.AddMetadata("authorization", bearer);
    auto stream = trading->StreamTrading(&streamContext, {});
    std::thread reader([&] {
        v1::TradingEvent event;
        while (stream->Read(&event)) {
            if (event.has_fill()) {
                std::lock_guard lock(mutex);
                fillArrivals.emplace(event.fill().client_order_id(), Steady::now());
            }
        }
    });

    v1::PlaceOrderRequest request;
    request.set_symbol("BTCUSDT");
    request.set_type(v1::ORDER_TYPE_MARKET);
    request.set_quantity("0.1");
    // Wait for the node to know the market: the first market order that fills.
    bool ready = false;
    for (int i = 0; i < 150 && !ready; ++i) {
        grpc::ClientContext context;
        context.AddMetadata("authorization", bearer);
        request.set_side(v1::SIDE_BUY);
        v1::Order out;
        ready = trading->PlaceOrder(&context, request, &out).ok() && out.state() == v1::ORDER_STATE_FILLED;
        if (!ready)
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    if (!ready)
        return fail(QStringLiteral("the node never filled an order: ") + core.output().right(2000));

    std::vector<double> placed, filled;
    std::vector<std::pair<std::string, Steady::time_point>> sent;
    int failures = 0;
    for (int i = 0; i < orders; ++i) {
        grpc::ClientContext context;
        context.AddMetadata("authorization", bearer);
        request.set_side(i % 2 == 0 ? v1::SIDE_BUY : v1::SIDE_SELL);
        v1::Order out;
        const auto start = Steady::now();
        const grpc::Status status = trading->PlaceOrder(&context, request, &out);
        const auto answered = Steady::now();
        if (!status.ok() || out.state() != v1::ORDER_STATE_FILLED) {
            ++failures;
            continue;
        }
        placed.push_back(std::chrono::duration<double, std::micro>(answered - start).count());
        sent.emplace_back(out.client_order_id(), start);
    }
    // Let the last fills arrive, then match them.
    std::this_thread::sleep_for(std::chrono::seconds(1));
    {
        std::lock_guard lock(mutex);
        for (std::size_t i = 0; i < sent.size(); ++i) {
            const auto &[id, start] = sent[i];
            if (auto arrival = fillArrivals.find(id); arrival != fillArrivals.end()) {
                filled.push_back(std::chrono::duration<double, std::micro>(arrival->second - start).count());
                if (std::getenv("BCF_BENCH_TRACE") && i % 50 == 0)
                    std::fprintf(stderr, "order %zu: fill after %.0f µs\n", i, filled.back());
            }
        }
    }
    streamContext.TryCancel();
    reader.join();
    stop = true;
    market.join();
    core.terminate();
    if (placed.empty() || filled.empty())
        return fail(QStringLiteral("no order completed"));

    const Percentiles p = percentiles(placed);
    const Percentiles f = percentiles(filled);
    std::printf("Order round trip on loopback (TLS gRPC → OMS → journal → risk → paper venue), %d market orders, "
                "%d failed\n\n",
                orders, failures);
    std::printf("| measure | samples | p50 µs | p90 µs | p99 µs | max µs |\n| --- | --- | --- | --- | --- | --- |\n");
    std::printf("| PlaceOrder returns FILLED | %zu | %.0f | %.0f | %.0f | %.0f |\n", placed.size(), p.p50, p.p90, p.p99,
                p.max);
    std::printf("| fill event on StreamTrading | %zu | %.0f | %.0f | %.0f | %.0f |\n", filled.size(), f.p50, f.p90,
                f.p99, f.max);
    return failures == 0 ? 0 : 1;
}
