#pragma once

#include "indicators/averages.h"
#include "indicators/indicator.h"
#include "indicators/rolling.h"

#include <cmath>
#include <cstddef>

// Volume indicators.
namespace bcf::ind {

// On-balance volume: ± the bar's volume by the direction of the close, from the second bar
// (technicalindicators' convention: NaN on the first bar, then the running total from 0).
class Obv {
public:
    void update(double close, double volume)
    {
        if (!std::isnan(m_previousClose)) {
            if (close > m_previousClose)
                m_total.add(volume);
            else if (close < m_previousClose)
                m_total.add(-volume);
            m_value = m_total.value();
        }
        m_previousClose = close;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    CompensatedSum m_total;
    double m_previousClose = kNaN;
    double m_value = kNaN;
};

// Close location value ((C - L) - (H - C)) / (H - L), 0 for a bar without range.
inline double closeLocation(double high, double low, double close)
{
    const double range = high - low;
    return range == 0 ? 0.0 : ((close - low) - (high - close)) / range;
}

// Accumulation/distribution line: running total of close location · volume.
class AccumulationDistribution {
public:
    void update(double high, double low, double close, double volume)
    {
        m_total.add(closeLocation(high, low, close) * volume);
        m_value = m_total.value();
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    CompensatedSum m_total;
    double m_value = kNaN;
};

// Exponential smoothing seeded with the first value (TA-Lib's ADOSC and trading-signals' EMA),
// reported once `period` values have been seen.
class FirstSeededEma {
public:
    explicit FirstSeededEma(int period) : m_period(period), m_alpha(2.0 / (period + 1.0)) {}
    void update(double value)
    {
        m_state = m_count == 0 ? value : m_state + m_alpha * (value - m_state);
        if (m_count < m_period)
            ++m_count;
    }
    double value() const { return m_count >= m_period ? m_state : kNaN; }

private:
    int m_period;
    double m_alpha;
    int m_count = 0;
    double m_state = 0;
};

// Chaikin oscillator: EMA(A/D, fast) - EMA(A/D, slow), both seeded with the first A/D value.
class ChaikinOscillator {
public:
    ChaikinOscillator(int fast, int slow) : m_fast(fast), m_slow(slow) {}
    void update(double high, double low, double close, double volume)
    {
        m_line.update(high, low, close, volume);
        m_fast.update(m_line.value());
        m_slow.update(m_line.value());
        m_value = m_fast.value() - m_slow.value();
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    AccumulationDistribution m_line;
    FirstSeededEma m_fast;
    FirstSeededEma m_slow;
    double m_value = kNaN;
};

// Chaikin money flow: Σ close location · volume / Σ volume over `period` bars (0 without volume).
class ChaikinMoneyFlow {
public:
    explicit ChaikinMoneyFlow(int period)
        : m_flow(std::size_t(period)), m_volume(std::size_t(period))
    {
    }
    void update(double high, double low, double close, double volume)
    {
        m_flow.push(closeLocation(high, low, close) * volume);
        m_volume.push(volume);
        if (m_volume.full())
            m_value = m_volume.sum() == 0 ? 0.0 : m_flow.sum() / m_volume.sum();
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RollingSum m_flow;
    RollingSum m_volume;
    double m_value = kNaN;
};

// Force index: EMA of (close - previous close) · volume.
class ForceIndex {
public:
    explicit ForceIndex(int period) : m_average(period) {}
    void update(double close, double volume)
    {
        if (!std::isnan(m_previousClose))
            m_average.update((close - m_previousClose) * volume);
        m_previousClose = close;
    }
    double value() const { return m_average.value(); }
    double output(std::size_t) const { return value(); }

private:
    Ema m_average;
    double m_previousClose = kNaN;
};

} // namespace bcf::ind
