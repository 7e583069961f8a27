// Round-trip latency of authenticated RPCs against a running bcf-core over TLS, printed as a
// table: the cost of TLS + gRPC + the authorization processor + a PostgreSQL session lookup.
//
// Usage: bench_rpc_latency --address 127.0.0.1:50051 --ca ca.crt --username admin
//                          --password-env BCF_PASSWORD [--calls 2000]
#include "common/tls.h"

#include <bcf/v1/auth.grpc.pb.h>
#include <bcf/v1/system.grpc.pb.h>
#include <grpc/health/v1/health.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

namespace {

struct Summary {
    double p50 = 0, p90 = 0, p99 = 0, max = 0;
    int failures = 0;
};

Summary measure(int calls, const std::function<bool()> &call)
{
    std::vector<double> micros;
    Summary summary;
    for (int i = 0; i < calls; ++i) {
        const auto start = std::chrono::steady_clock::now();
        if (!call())
            ++summary.failures;
        micros.push_back(std::chrono::duration<double, std::micro>(
                             std::chrono::steady_clock::now() - start)
                             .count());
    }
    std::sort(micros.begin(), micros.end());
    auto at = [&](double q) { return micros[static_cast<size_t>(q * (micros.size() - 1))]; };
    summary.p50 = at(0.50);
    summary.p90 = at(0.90);
    summary.p99 = at(0.99);
    summary.max = micros.back();
    return summary;
}

} // namespace

int main(int argc, char **argv)
{
    CLI::App app{"bcf-core RPC latency"};
    std::string address = "127.0.0.1:50051";
    std::string ca;
    std::string username = "admin";
    std::string passwordEnv = "BCF_PASSWORD";
    int calls = 2000;
    app.add_option("--address", address);
    app.add_option("--ca", ca)->required();
    app.add_option("--username", username);
    app.add_option("--password-env", passwordEnv);
    app.add_option("--calls", calls)->check(CLI::Range(10, 1000000));
    CLI11_PARSE(app, argc, argv);

    auto credentials = bcf::server::makeChannelCredentials(ca);
    if (!credentials) {
        std::fprintf(stderr, "%s\n", credentials.error().message.c_str());
        return 2;
    }
    auto channel = grpc::CreateChannel(address, *credentials);
    auto auth = bcf::v1::AuthService::NewStub(channel);
    auto system = bcf::v1::SystemService::NewStub(channel);
    auto health = grpc::health::v1::Health::NewStub(channel);

    const char *password = std::getenv(passwordEnv.c_str());
    bcf::v1::LoginRequest login;
    login.set_username(username);
    login.set_password(password ? password : "");
    std::string token;
    const Summary loginSummary = measure(5, [&] {
        grpc::ClientContext context;
        bcf::v1::LoginResponse response;
        const bool ok = auth->Login(&context, login, &response).ok() && response.has_session();
        if (ok)
            token = response.session().token();
        return ok;
    });
    if (token.empty()) {
        std::fprintf(stderr, "login failed: check --username and $%s\n", passwordEnv.c_str());
        return 1;
    }

    const Summary healthSummary = measure(calls, [&] {
        grpc::ClientContext context;
        grpc::health::v1::HealthCheckResponse response;
        return health->Check(&context, {}, &response).ok();
    });
    const Summary whoSummary = measure(calls, [&] {
        grpc::ClientContext context;
        context.AddMetadata("authorization", "Bearer " + token);
        bcf::v1::WhoAmIResponse response;
        return auth->WhoAmI(&context, {}, &response).ok();
    });
    const Summary infoSummary = measure(calls, [&] {
        grpc::ClientContext context;
        context.AddMetadata("authorization", "Bearer " + token);
        bcf::v1::ServerInfo response;
        return system->GetServerInfo(&context, {}, &response).ok();
    });

    std::printf("| call | calls | p50 µs | p90 µs | p99 µs | max µs | failures |\n");
    std::printf("| --- | --- | --- | --- | --- | --- | --- |\n");
    auto row = [](const char *name, int count, const Summary &s) {
        std::printf("| %s | %d | %.0f | %.0f | %.0f | %.0f | %d |\n", name, count, s.p50, s.p90,
                    s.p99, s.max, s.failures);
    };
    row("Login (Argon2id)", 5, loginSummary);
    row("Health.Check (public)", calls, healthSummary);
    row("AuthService.WhoAmI", calls, whoSummary);
    row("SystemService.GetServerInfo", calls, infoSummary);
    return 0;
}
