// Fan-out latency: a trade printed by the exchange simulator, through the whole product path —
// bcf-compute's Binance connector (WebSocket) → Redis `market_data` → bcf-core's MarketFeed →
// MarketDataService.StreamTrades over TLS — to N streaming clients, on loopback. The simulator
// runs in this process, so each trade's publish time and each client's receive time come from
// one steady clock. Starts its own PostgreSQL and Redis (tests/support), bcf-core and
// bcf-compute as processes. Prints p50/p90/p99/max per client count.
//
// Usage: bench_fanout [--clients 1,10,100] [--seconds 20]
#include "common/tls.h"
#include "exchange_simulator.h"
#include "support/stack_config.h"

#include <bcf/v1/auth.grpc.pb.h>
#include <bcf/v1/market_data.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

using namespace bcf;
using Steady = std::chrono::steady_clock;

namespace {

constexpr const char *kPassword = "Fan-Out-Latency-2026!";

struct Published {
    std::mutex mutex;
    std::unordered_map<std::int64_t, Steady::time_point> at;   // BTCUSDT trade id → publish

    std::optional<Steady::time_point> find(std::int64_t id)
    {
        std::lock_guard lock(mutex);
        const auto found = at.find(id);
        if (found == at.end())
            return std::nullopt;
        return found->second;
    }
};

struct Row {
    int clients = 0;
    std::size_t samples = 0;
    double p50 = 0, p90 = 0, p99 = 0, max = 0;
};

int fail(const QString &message)
{
    std::fprintf(stderr, "bench_fanout: %s\n", qPrintable(message));
    return 1;
}

// Runs `clients` StreamTrades readers for `seconds` while the Qt loop keeps the simulator
// going; latencies in microseconds.
Row measure(int clients, int seconds, const std::string &target, const std::string &caFile,
            const std::string &token, Published &published)
{
    std::mutex mutex;
    std::vector<double> latencies;
    std::atomic<int> streaming{0};
    std::atomic<bool> measuring{false};
    std::vector<std::unique_ptr<grpc::ClientContext>> contexts(clients);
    std::vector<std::thread> readers;
    for (int i = 0; i < clients; ++i) {
        contexts[i] = std::make_unique<grpc::ClientContext>();
        contexts[i]->AddMetadata("authorization", "Bearer " + token);
        readers.emplace_back([&, context = contexts[i].get()] {
            // A workstation each: its own channel (TLS connection).
            grpc::ChannelArguments arguments;
            arguments.SetInt("bench_client", i); // distinct channels, no subchannel sharing
            auto channel = grpc::CreateCustomChannel(
                target, *server::makeChannelCredentials(caFile), arguments);
            auto stub = v1::MarketDataService::NewStub(channel);
            v1::StreamTradesRequest request;
            request.set_exchange("binance");
            request.set_symbol("BTCUSDT");
            auto reader = stub->StreamTrades(context, request);
            v1::Trade trade;
            bool first = true;
            std::vector<double> own;
            while (reader->Read(&trade)) {
                const auto received = Steady::now();
                if (first) {
                    first = false;
                    ++streaming;
                }
                if (!measuring)
                    continue;
                if (const auto sent = published.find(trade.id()))
                    own.push_back(std::chrono::duration<double, std::micro>(received - *sent)
                                      .count());
            }
            (void)reader->Finish();
            std::lock_guard lock(mutex);
            latencies.insert(latencies.end(), own.begin(), own.end());
        });
    }
    // Every stream delivering, then the measured window.
    const auto deadline = Steady::now() + std::chrono::seconds(60);
    while (streaming < clients && Steady::now() < deadline)
        QTest::qWait(50);
    measuring = true;
    QTest::qWait(seconds * 1000);
    measuring = false;
    for (auto &context : contexts)
        context->TryCancel();
    for (auto &reader : readers)
        reader.join();

    Row row;
    row.clients = clients;
    row.samples = latencies.size();
    if (latencies.empty())
        return row;
    std::sort(latencies.begin(), latencies.end());
    auto at = [&](double q) { return latencies[static_cast<std::size_t>(q * (latencies.size() - 1))]; };
    row.p50 = at(0.50);
    row.p90 = at(0.90);
    row.p99 = at(0.99);
    row.max = latencies.back();
    return row;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    QList<int> clientCounts{1, 10, 100};
    int seconds = 20;
    const QStringList args = application.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QStringLiteral("--clients")) {
            clientCounts.clear();
            for (const QString &count : args[i + 1].split(QLatin1Char(',')))
                clientCounts << count.toInt();
        } else if (args[i] == QStringLiteral("--seconds")) {
            seconds = args[i + 1].toInt();
        }
    }

    test::PostgresServer postgres;
    test::RedisServer redis;
    test::TestCertificates certificates;
    QTemporaryDir directory;
    if (!certificates.ok() || !postgres.start()
        || !postgres.createDatabase(QStringLiteral("botcriptofy")) || !redis.start())
        return fail(QStringLiteral("cannot start PostgreSQL, Redis or the certificates: ")
                    + postgres.error());

    exchange_sim::ExchangeSimulator::Options options;
    options.historyMinutes = 60;
    exchange_sim::ExchangeSimulator simulator(options);
    QString error;
    if (!simulator.start(&error))
        return fail(error);
    Published published;
    QObject::connect(&simulator, &exchange_sim::ExchangeSimulator::tradePublished, &simulator,
                     [&](const QString &symbol, qint64 id) {
                         if (symbol != QStringLiteral("BTCUSDT"))
                             return;
                         std::lock_guard lock(published.mutex);
                         published.at[id] = Steady::now();
                     });

    const quint16 corePort = test::freePort();
    const quint16 computePort = test::freePort();
    const QString coreConfig = test::serverConfig(QStringLiteral("core-bench"), corePort, postgres,
                                                  redis.port(), certificates,
                                                  test::authSection(certificates));
    const QString configPath = directory.filePath(QStringLiteral("core.toml"));
    QFile file(configPath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write ") + configPath);
    file.write(coreConfig.toUtf8());
    file.close();
    QString errors;
    if (test::runBcfctl(QStringLiteral(BCF_CTL_BINARY),
                        {QStringLiteral("migrate"), QStringLiteral("--config"), configPath}, {},
                        &errors)
            != 0)
        return fail(QStringLiteral("bcfctl migrate failed: ") + errors);
    if (test::runBcfctl(QStringLiteral(BCF_CTL_BINARY),
                        {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--config"),
                         configPath, QStringLiteral("--username"), QStringLiteral("bench"),
                         QStringLiteral("--role"), QStringLiteral("trader"),
                         QStringLiteral("--password-env"), QStringLiteral("BCF_TEST_PASSWORD")},
                        QString::fromLatin1(kPassword), &errors)
        != 0)
        return fail(QStringLiteral("bcfctl user add failed: ") + errors);

    test::ServerProcess core(QStringLiteral(BCF_CORE_BINARY), QStringLiteral("core"));
    test::ServerProcess compute(QStringLiteral(BCF_COMPUTE_BINARY), QStringLiteral("compute"));
    const QString collector = QStringLiteral(
        "\n[compute]\ndevice = \"cpu\"\nthreads = 1\n"
        "\n[collector]\nenabled = true\nbackfill_minutes = 30\n"
        "\n[binance]\nrest_url = \"http://127.0.0.1:%1\"\nwebsocket_url = \"ws://127.0.0.1:%2\"\n"
        "symbols = \"BTCUSDT,ETHUSDT\"\n")
                                  .arg(simulator.restPort())
                                  .arg(simulator.webSocketPort());
    const QString ca = certificates.path(QStringLiteral("ca.crt"));
    if (!core.start(coreConfig)
        || !compute.start(test::serverConfig(QStringLiteral("compute-bench"), computePort,
                                             postgres, redis.port(), certificates, collector)))
        return fail(QStringLiteral("cannot start bcf-core or bcf-compute"));
    // waitServing runs a nested loop, so the simulator keeps serving meanwhile.
    if (!core.waitServing(corePort, ca) || !compute.waitServing(computePort, ca))
        return fail(QStringLiteral("servers did not become ready:\n") + core.output()
                    + compute.output());

    const std::string target = "127.0.0.1:" + std::to_string(corePort);
    auto channel = grpc::CreateChannel(target, *server::makeChannelCredentials(ca.toStdString()));
    auto auth = v1::AuthService::NewStub(channel);
    grpc::ClientContext loginContext;
    v1::LoginRequest login;
    login.set_username("bench");
    login.set_password(kPassword);
    v1::LoginResponse session;
    if (auto status = auth->Login(&loginContext, login, &session);
        !status.ok() || !session.has_session())
        return fail(QStringLiteral("login failed: ")
                    + QString::fromStdString(status.error_message()));
    // The instrument must be listed (the collector's first step) before StreamTrades accepts it.
    QTest::qWait(3000);

    std::printf("Fan-out latency, simulator trade -> bcf-compute -> Redis -> bcf-core -> "
                "StreamTrades client (loopback, TLS), %d s per row\n\n", seconds);
    std::printf("| clients | samples | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |\n");
    std::printf("|--------:|--------:|---------:|---------:|---------:|---------:|\n");
    for (const int clients : clientCounts) {
        const Row row = measure(clients, seconds, target, ca.toStdString(),
                                session.session().token(), published);
        std::printf("| %7d | %7zu | %8.2f | %8.2f | %8.2f | %8.2f |\n", row.clients, row.samples,
                    row.p50 / 1000, row.p90 / 1000, row.p99 / 1000, row.max / 1000);
        std::fflush(stdout);
    }
    core.terminate();
    compute.terminate();
    return 0;
}
