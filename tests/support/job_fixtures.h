#pragma once

// Shared by the compute job tests (test_job_runner, test_compute_jobs): a strategy with ranged
// parameters and deterministic synthetic candles to run it on.
#include "common/database.h"
#include "core/clock.h"
#include "model/instrument.h"
#include "model/market_data.h"

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace bcf::test {

inline constexpr std::int64_t kStartMs = 1'704'067'200'000; // 2024-01-01 00:00 UTC
inline constexpr std::int64_t kHourMs = 3'600'000;
inline constexpr int kCandles = 3000;

// An SMA cross; `fastRange` and `slowRange` are the params' "range …" clauses.
inline std::string crossStrategy(const std::string &fastRange, const std::string &slowRange)
{
    std::string source = "strategy \"test cross\"\n";
    source += "param fast = 10 " + fastRange + "\n";
    source += "param slow = 30 " + slowRange + "\n";
    source += "let fastMa = sma(close, fast)\n"
              "let slowMa = sma(close, slow)\n"
              "long entry when crossover(fastMa, slowMa)\n"
              "long exit when crossunder(fastMa, slowMa)\n";
    return source;
}

// Hourly candles with a trend, a slow wave and deterministic noise, prices to the cent.
inline std::vector<model::Candle> syntheticCandles()
{
    std::vector<model::Candle> candles;
    std::uint64_t state = 42;
    const auto noise = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>((state >> 33) % 10'000) / 10'000.0 - 0.5;
    };
    const auto cents = [](double value) {
        return Price::fromRaw(std::llround(value * 100) * 1'000'000);
    };
    double previous = 20'000;
    for (int i = 0; i < kCandles; ++i) {
        const double close = 20'000 + 2.0 * i + 900 * std::sin(i / 40.0) + 150 * noise();
        model::Candle candle;
        candle.timeframe = model::Timeframe::H1;
        candle.openTime = fromUnixMillis(kStartMs + i * kHourMs);
        candle.open = cents(previous);
        candle.close = cents(close);
        candle.high = cents(std::max(previous, close) + 40 * (noise() + 0.5));
        candle.low = cents(std::min(previous, close) - 40 * (noise() + 0.5));
        candle.volume = Quantity::fromUnits(10);
        candle.quoteVolume = Money::fromUnits(200'000);
        candle.tradeCount = 100;
        candle.closed = true;
        candles.push_back(candle);
        previous = close;
    }
    return candles;
}

// Hourly candles whose log returns follow r[t] = 0.5 r[t-1] + noise: a signal a model can learn
// (the training and inference tests).
inline std::vector<model::Candle> ar1Candles(int count)
{
    std::mt19937_64 random(11);
    std::normal_distribution<double> noise(0.0, 0.01);
    const auto cents = [](double value) { return Price::fromRaw(std::llround(value * 100) * 1'000'000); };
    std::vector<model::Candle> candles;
    double close = 20'000;
    double r = 0;
    for (int i = 0; i < count; ++i) {
        r = 0.5 * r + noise(random);
        const double open = close;
        close = open * std::exp(r);
        model::Candle candle;
        candle.timeframe = model::Timeframe::H1;
        candle.openTime = fromUnixMillis(kStartMs + i * kHourMs);
        candle.open = cents(open);
        candle.close = cents(close);
        candle.high = cents(std::max(open, close) * 1.001);
        candle.low = cents(std::min(open, close) * 0.999);
        candle.volume = Quantity::fromUnits(10);
        candle.quoteVolume = Money::fromUnits(200'000);
        candle.tradeCount = 100;
        candle.closed = true;
        candles.push_back(candle);
    }
    return candles;
}

// BTCUSDT on binance as a collector lists it.
inline model::Instrument btcusdt()
{
    model::Instrument instrument;
    instrument.exchange = "binance";
    instrument.symbol = "BTCUSDT";
    instrument.base = "BTC";
    instrument.quote = "USDT";
    instrument.tickSize = *Price::parse("0.01");
    instrument.lotSize = *Quantity::parse("0.00001");
    instrument.minNotional = *Money::parse("5");
    return instrument;
}

// A trader row (the owner of jobs in tests that run no bcf-core).
inline Result<std::uint64_t> insertTrader(server::Database &database)
{
    return database.run([](pqxx::connection &connection) {
        pqxx::work tx(connection);
        const auto id = tx.exec1("INSERT INTO users (username, password_hash, role, password_changed_at, created_at)"
                                 " VALUES ('trader', 'x', 'trader', now(), now()) RETURNING id")[0]
                            .as<std::uint64_t>();
        tx.commit();
        return id;
    });
}

} // namespace bcf::test
