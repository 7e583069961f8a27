#include "strategy/templates.h"

namespace bcf::strategy {

const std::vector<StrategyTemplate> &strategyTemplates()
{
    static const std::vector<StrategyTemplate> templates = {
        {"sma_cross", "SMA cross", R"(strategy "SMA cross"
# Long while the fast average is above the slow one.
param fast = 10 range 5..50 step 5
param slow = 30 range 20..200 step 10

let fastMa = sma(close, fast)
let slowMa = sma(close, slow)

long entry when crossover(fastMa, slowMa)
long exit when crossunder(fastMa, slowMa)

stop_loss 3%
size 25% of equity
)"},
        {"rsi_mean_reversion", "RSI mean reversion", R"(strategy "RSI mean reversion"
# Buy oversold dips in an uptrend, sell when RSI recovers.
param length = 14 range 7..28 step 7
param oversold = 30 range 15..35 step 5
param overbought = 70 range 60..85 step 5

let r = rsi(close, length)

long entry when crossover(r, oversold) and close > sma(close, 200)
long exit when r > overbought

stop_loss 4%
take_profit 8%
size 20% of equity
)"},
        {"macd_trend", "MACD trend", R"(strategy "MACD trend"
# Follow MACD signal crosses in the direction of the 4-hour trend.
param fast = 12 range 6..18 step 2
param slow = 26 range 20..40 step 2
param signal = 9 range 5..13 step 2

let m = macd(close, fast, slow, signal)
let uptrend = tf("4h", close > ema(close, 50))

long entry when crossover(m, m.signal) and uptrend
long exit when crossunder(m, m.signal)
short entry when crossunder(m, m.signal) and not uptrend
short exit when crossover(m, m.signal)

trailing_stop 5%
size 30% of equity
)"},
        {"bollinger_breakout", "Bollinger breakout", R"(strategy "Bollinger breakout"
# Enter when price closes outside the bands with expanding volatility.
param length = 20 range 10..50 step 5
param width = 2 range 1.5..3 step 0.5

let bands = bbands(close, length, width)

long entry when crossover(close, bands.upper) and bands.bandwidth > bands.bandwidth[5]
long exit when crossunder(close, bands.middle)
short entry when crossunder(close, bands.lower) and bands.bandwidth > bands.bandwidth[5]
short exit when crossover(close, bands.middle)

stop_loss atr(14) * 2
size risk 1%
)"},
        {"donchian_breakout", "Donchian breakout", R"(strategy "Donchian breakout"
# The turtle rule: buy a 20-bar high, sell a 10-bar low.
param entry_length = 20 range 10..60 step 10
param exit_length = 10 range 5..30 step 5

long entry when close > donchian(entry_length).upper[1]
long exit when close < donchian(exit_length).lower[1]

stop_loss atr(20) * 2
size risk 1%
)"},
    };
    return templates;
}

} // namespace bcf::strategy
