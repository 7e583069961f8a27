// Cost of the auth building blocks that every sign-in and every authenticated RPC pays.
#include "auth/crypto.h"
#include "auth/totp.h"

#include <benchmark/benchmark.h>

using namespace bcf;

static void BM_Argon2idHash(benchmark::State &state)
{
    (void)auth::initCrypto();
    for (auto _ : state)
        benchmark::DoNotOptimize(auth::hashPassword("Correct-Horse-9"));
}
BENCHMARK(BM_Argon2idHash)->Unit(benchmark::kMillisecond);

static void BM_Argon2idVerify(benchmark::State &state)
{
    (void)auth::initCrypto();
    const std::string hash = *auth::hashPassword("Correct-Horse-9");
    for (auto _ : state)
        benchmark::DoNotOptimize(auth::verifyPassword(hash, "Correct-Horse-9"));
}
BENCHMARK(BM_Argon2idVerify)->Unit(benchmark::kMillisecond);

static void BM_TokenHash(benchmark::State &state)
{
    (void)auth::initCrypto();
    const std::string token = auth::newToken();
    for (auto _ : state)
        benchmark::DoNotOptimize(auth::hashToken(token));
}
BENCHMARK(BM_TokenHash);

static void BM_TotpMatchWindow(benchmark::State &state)
{
    const auth::Bytes secret = auth::randomBytes(20);
    const std::string code = auth::hotp(secret, 1000);
    for (auto _ : state)
        benchmark::DoNotOptimize(auth::matchTotp(secret, code, 1000));
}
BENCHMARK(BM_TotpMatchWindow);

BENCHMARK_MAIN();
