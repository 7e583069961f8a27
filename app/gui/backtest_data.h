#pragma once

#include "backtest/runner.h"
#include "core/candles.h"
#include "core/market_types.h"
#include "model/timeframe.h"

#include <QObject>
#include <QString>

#include <expected>
#include <functional>
#include <vector>

namespace bcf::app {

class SessionController;

// What a backtest of the strategy editor runs on, as chosen in its controls.
struct BacktestSettings {
    QString exchange;
    QString symbol;
    QString timeframe;
    qint64 fromUnixMs = 0;
    qint64 toUnixMs = 0;
    bt::VenueConfig venue;

    friend bool operator==(const BacktestSettings&, const BacktestSettings&) = default;
};

// The candles of a backtest in the domain's fixed-point form, with the symbol's specification.
struct BacktestDataset {
    BacktestSettings settings;
    bt::SymbolSpec spec;
    QString quoteCurrency;
    int priceDecimals = 2;
    int quantityDecimals = 6;
    std::vector<model::Candle> candles;
};

// Tick and lot size of `instrument` (the smallest raw step when unknown or unreadable).
bt::SymbolSpec symbolSpec(const QString& symbol, const Instrument* instrument);
// The quote currency of `symbol` ("USDT" of BTCUSDT when the instrument is unknown).
QString quoteCurrency(const QString& symbol, const Instrument* instrument);
// A percentage (0.1 = 0.1 %) as millionths (1000).
std::int64_t percentToMicros(double percent);

// Loads every closed candle of [fromUnixMs, toUnixMs) of one market with exact fixed-point
// prices (SessionController::getExactCandles), paging backwards (at most 5000 candles an answer)
// until the range is covered or the server has no older candles; at most maxBacktestCandles in
// all (the newest ones), oldest first. `done` runs once on the GUI thread, unless `context` was
// destroyed first; `progress` after each page with the candles loaded so far.
inline constexpr int maxBacktestCandles = 500'000;
void fetchCandleRange(SessionController& session, const QString& exchange, const QString& symbol,
                      const QString& timeframe, qint64 fromUnixMs, qint64 toUnixMs,
                      QObject* context, std::function<void(int loaded)> progress,
                      std::function<void(std::expected<std::vector<model::Candle>, QString>)> done);

} // namespace bcf::app
