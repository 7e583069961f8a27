#pragma once

#include "indicators/indicator.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

// Candlestick patterns: 1 on the bar that completes the pattern, 0 otherwise, NaN until enough
// bars were seen. The definitions are the textbook ones, written out in docs/indicators.md and
// reproduced independently in tests/data/indicators/generate.mjs.
namespace bcf::ind {

struct Candle4 {
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;

    double body() const { return std::abs(close - open); }
    double range() const { return high - low; }
    double upperShadow() const { return high - std::max(open, close); }
    double lowerShadow() const { return std::min(open, close) - low; }
    bool bullish() const { return close > open; }
    bool bearish() const { return close < open; }
    double midpoint() const { return (open + close) / 2.0; }
    // Small body, long lower shadow, (almost) no upper shadow.
    bool hammerShape() const
    {
        return range() > 0 && lowerShadow() >= 2 * body() && upperShadow() <= 0.1 * range();
    }
    bool invertedHammerShape() const
    {
        return range() > 0 && upperShadow() >= 2 * body() && lowerShadow() <= 0.1 * range();
    }
};

enum class Pattern {
    Doji,
    EngulfingBull,
    EngulfingBear,
    HaramiBull,
    HaramiBear,
    Piercing,
    DarkCloud,
    MorningStar,
    EveningStar,
    ThreeWhiteSoldiers,
    ThreeBlackCrows,
    Hammer,
    HangingMan,
    ShootingStar,
};

// Bars a pattern looks at (the hammer family needs the close three bars back for the trend).
constexpr int patternLength(Pattern pattern)
{
    switch (pattern) {
    case Pattern::Doji: return 1;
    case Pattern::EngulfingBull:
    case Pattern::EngulfingBear:
    case Pattern::HaramiBull:
    case Pattern::HaramiBear:
    case Pattern::Piercing:
    case Pattern::DarkCloud: return 2;
    case Pattern::MorningStar:
    case Pattern::EveningStar:
    case Pattern::ThreeWhiteSoldiers:
    case Pattern::ThreeBlackCrows: return 3;
    case Pattern::Hammer:
    case Pattern::HangingMan:
    case Pattern::ShootingStar: return 4;
    }
    return 1;
}

// `bars[0]` is the newest bar, bars[1] the one before, …
bool matchesPattern(Pattern pattern, const Candle4 *bars);

class CandlestickPattern {
public:
    explicit CandlestickPattern(Pattern pattern) : m_pattern(pattern) {}
    void update(double open, double high, double low, double close)
    {
        for (int i = 3; i > 0; --i)
            m_bars[i] = m_bars[i - 1];
        m_bars[0] = {open, high, low, close};
        if (m_seen < 4)
            ++m_seen;
        if (m_seen < patternLength(m_pattern))
            return;
        m_value = matchesPattern(m_pattern, m_bars) ? 1.0 : 0.0;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    Pattern m_pattern;
    Candle4 m_bars[4];
    int m_seen = 0;
    double m_value = kNaN;
};

} // namespace bcf::ind
