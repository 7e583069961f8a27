#pragma once

#include "indicators/indicator.h"
#include "indicators/rolling.h"

#include <cmath>
#include <cstddef>

// Moving averages. Each takes one value per update() and is NaN until its window is full.
namespace bcf::ind {

// Simple moving average of the last `period` values.
class Sma {
public:
    explicit Sma(int period) : m_sum(std::size_t(period)), m_period(period) {}
    void update(double value)
    {
        m_sum.push(value);
        m_value = m_sum.full() ? m_sum.sum() / m_period : kNaN;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RollingSum m_sum;
    double m_period;
    double m_value = kNaN;
};

// Exponential smoothing seeded with the simple average of the first `period` values (the
// TA-Lib / technicalindicators convention): EMA uses alpha = 2 / (period + 1), Wilder's RMA
// alpha = 1 / period.
class ExponentialAverage {
public:
    ExponentialAverage(int period, double alpha) : m_period(period), m_alpha(alpha) {}
    void update(double value)
    {
        if (m_count < m_period) {
            m_seed += value;
            if (++m_count == m_period)
                m_value = m_seed / m_period;
            return;
        }
        m_value += m_alpha * (value - m_value);
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    int m_period;
    double m_alpha;
    int m_count = 0;
    double m_seed = 0;
    double m_value = kNaN;
};

class Ema final : public ExponentialAverage {
public:
    explicit Ema(int period) : ExponentialAverage(period, 2.0 / (period + 1.0)) {}
};

// Wilder's smoothing (RMA, "WEMA", SMMA).
class Rma final : public ExponentialAverage {
public:
    explicit Rma(int period) : ExponentialAverage(period, 1.0 / period) {}
};

// Linearly weighted moving average: the newest value weighs `period`, the oldest 1. The weighted
// sum slides in O(1) (numerator += period * new - previous plain sum) and is recomputed exactly
// once per window to stop drift.
class Wma {
public:
    explicit Wma(int period)
        : m_window(std::size_t(period)), m_period(period),
          m_denominator(period * (period + 1.0) / 2.0)
    {
    }
    void update(double value)
    {
        const double previousSum = m_sum;
        const double evicted = m_window.push(value);
        m_sum += value - (std::isnan(evicted) ? 0.0 : evicted);
        if (!m_window.full()) {
            m_value = kNaN;
            return;
        }
        if (++m_sinceExact >= std::size_t(m_period) || std::isnan(evicted)) {
            m_sinceExact = 0;
            m_sum = 0;
            m_numerator = 0;
            for (int i = 0; i < m_period; ++i) {
                const double v = m_window.ago(std::size_t(i));
                m_sum += v;
                m_numerator += (m_period - i) * v;
            }
        } else {
            m_numerator += m_period * value - previousSum;
        }
        m_value = m_numerator / m_denominator;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RingBuffer m_window;
    int m_period;
    double m_denominator;
    double m_sum = 0;
    double m_numerator = 0;
    std::size_t m_sinceExact = 0;
    double m_value = kNaN;
};

// Double exponential moving average: 2 EMA - EMA(EMA). Ready after 2 (period - 1) + 1 values.
class Dema {
public:
    explicit Dema(int period) : m_first(period), m_second(period) {}
    void update(double value)
    {
        m_first.update(value);
        if (!isReady(m_first.value()))
            return;
        m_second.update(m_first.value());
        if (isReady(m_second.value()))
            m_value = 2 * m_first.value() - m_second.value();
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    Ema m_first;
    Ema m_second;
    double m_value = kNaN;
};

// Triple exponential moving average: 3 E1 - 3 E2 + E3.
class Tema {
public:
    explicit Tema(int period) : m_first(period), m_second(period), m_third(period) {}
    void update(double value)
    {
        m_first.update(value);
        if (!isReady(m_first.value()))
            return;
        m_second.update(m_first.value());
        if (!isReady(m_second.value()))
            return;
        m_third.update(m_second.value());
        if (isReady(m_third.value()))
            m_value = 3 * m_first.value() - 3 * m_second.value() + m_third.value();
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    Ema m_first;
    Ema m_second;
    Ema m_third;
    double m_value = kNaN;
};

// Hull moving average: WMA(2 WMA(n/2) - WMA(n), floor(sqrt n)).
class Hma {
public:
    explicit Hma(int period)
        : m_half(std::max(1, period / 2)), m_full(period),
          m_smooth(std::max(1, int(std::floor(std::sqrt(double(period))))))
    {
    }
    void update(double value)
    {
        m_half.update(value);
        m_full.update(value);
        if (!isReady(m_full.value()))
            return;
        m_smooth.update(2 * m_half.value() - m_full.value());
        m_value = m_smooth.value();
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    Wma m_half;
    Wma m_full;
    Wma m_smooth;
    double m_value = kNaN;
};

// Kaufman's adaptive moving average. The efficiency ratio compares the net change over `period`
// bars with the sum of the absolute bar-to-bar changes; the first value is the price at bar
// period - 1 (trading-signals' seed).
class Kama {
public:
    Kama(int period, int fast = 2, int slow = 30)
        : m_prices(std::size_t(period) + 1), m_changes(std::size_t(period)), m_period(period),
          m_fast(2.0 / (fast + 1.0)), m_slow(2.0 / (slow + 1.0))
    {
    }
    void update(double value)
    {
        if (m_prices.size() > 0)
            m_changes.push(std::abs(value - m_prices.ago(0)));
        m_prices.push(value);
        const auto seen = int(m_prices.size());
        if (seen < m_period)
            return;
        if (seen == m_period && !isReady(m_value)) {
            m_value = value;
            return;
        }
        const double volatility = m_changes.sum();
        const double ratio = volatility == 0 ? 1.0 : std::abs(value - m_prices.oldest()) / volatility;
        const double smoothing = std::pow(ratio * (m_fast - m_slow) + m_slow, 2);
        m_value += smoothing * (value - m_value);
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RingBuffer m_prices;
    RollingSum m_changes;
    int m_period;
    double m_fast;
    double m_slow;
    double m_value = kNaN;
};

// Volume-weighted moving average of a source over `period` bars.
class Vwma {
public:
    explicit Vwma(int period) : m_weighted(std::size_t(period)), m_volume(std::size_t(period)) {}
    void update(double value, double volume)
    {
        m_weighted.push(value * volume);
        m_volume.push(volume);
        m_value = m_volume.full() && m_volume.sum() != 0 ? m_weighted.sum() / m_volume.sum() : kNaN;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RollingSum m_weighted;
    RollingSum m_volume;
    double m_value = kNaN;
};

// Volume-weighted average of the typical price (H+L+C)/3 since the indicator was created. It is
// cumulative, not reset per session: for a daily VWAP evaluate it on a fresh instance per day.
class Vwap {
public:
    void update(double high, double low, double close, double volume)
    {
        m_weighted.add((high + low + close) / 3.0 * volume);
        m_volume.add(volume);
        const double total = m_volume.value();
        m_value = total != 0 ? m_weighted.value() / total : kNaN;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    CompensatedSum m_weighted;
    CompensatedSum m_volume;
    double m_value = kNaN;
};

} // namespace bcf::ind
