#pragma once

#include "indicators/averages.h"
#include "indicators/indicator.h"
#include "indicators/rolling.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

// Momentum oscillators.
namespace bcf::ind {

// Wilder's RSI: gains and losses smoothed with RMA (seeded by the average of the first `period`
// changes), so the first value is at bar `period`. 100 when there was no loss.
class Rsi {
public:
    explicit Rsi(int period) : m_gain(period), m_loss(period) {}
    void update(double value)
    {
        if (!std::isnan(m_previous)) {
            const double change = value - m_previous;
            m_gain.update(change > 0 ? change : 0.0);
            m_loss.update(change > 0 ? 0.0 : -change);
            if (isReady(m_gain.value())) {
                const double loss = m_loss.value();
                m_value = loss == 0 ? 100.0 : 100.0 - 100.0 / (m_gain.value() / loss + 1.0);
            }
        }
        m_previous = value;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    Rma m_gain;
    Rma m_loss;
    double m_previous = kNaN;
    double m_value = kNaN;
};

// Fast stochastic: %K = 100 (close - lowest low) / (highest high - lowest low) over `kPeriod`
// bars (0 when the range is empty), %D = SMA(%K, dPeriod).
class Stochastic {
public:
    Stochastic(int kPeriod, int dPeriod)
        : m_high(std::size_t(kPeriod)), m_low(std::size_t(kPeriod)), m_d(dPeriod)
    {
    }
    void update(double high, double low, double close)
    {
        m_high.push(high);
        m_low.push(low);
        if (!m_high.full())
            return;
        const double range = m_high.value() - m_low.value();
        m_k = range == 0 ? 0.0 : 100.0 * (close - m_low.value()) / range;
        m_d.update(m_k);
    }
    double k() const { return m_k; }
    double d() const { return m_d.value(); }
    double output(std::size_t index) const { return index == 0 ? k() : d(); }

private:
    RollingMax m_high;
    RollingMin m_low;
    Sma m_d;
    double m_k = kNaN;
};

// Stochastic of the RSI, %K smoothed by SMA(kPeriod) and %D = SMA(%K, dPeriod).
class StochasticRsi {
public:
    StochasticRsi(int rsiPeriod, int stochPeriod, int kPeriod, int dPeriod)
        : m_rsi(rsiPeriod), m_high(std::size_t(stochPeriod)), m_low(std::size_t(stochPeriod)),
          m_k(kPeriod), m_d(dPeriod)
    {
    }
    void update(double value)
    {
        m_rsi.update(value);
        const double rsi = m_rsi.value();
        if (!isReady(rsi))
            return;
        m_high.push(rsi);
        m_low.push(rsi);
        if (!m_high.full())
            return;
        const double range = m_high.value() - m_low.value();
        m_k.update(range == 0 ? 0.0 : 100.0 * (rsi - m_low.value()) / range);
        if (isReady(m_k.value()))
            m_d.update(m_k.value());
    }
    double k() const { return m_k.value(); }
    double d() const { return m_d.value(); }
    double output(std::size_t index) const { return index == 0 ? k() : d(); }

private:
    Rsi m_rsi;
    RollingMax m_high;
    RollingMin m_low;
    Sma m_k;
    Sma m_d;
};

// MACD (EMA fast - EMA slow), its EMA signal and the histogram. With `percent` it is the PPO:
// 100 (fast - slow) / slow.
class MovingAverageConvergence {
public:
    MovingAverageConvergence(int fast, int slow, int signal, bool percent)
        : m_fast(fast), m_slow(slow), m_signal(signal), m_percent(percent)
    {
    }
    void update(double value)
    {
        m_fast.update(value);
        m_slow.update(value);
        if (!isReady(m_fast.value()) || !isReady(m_slow.value()))
            return;
        const double difference = m_fast.value() - m_slow.value();
        m_line = m_percent ? 100.0 * difference / m_slow.value() : difference;
        m_signal.update(m_line);
        m_histogram = isReady(m_signal.value()) ? m_line - m_signal.value() : kNaN;
    }
    double line() const { return m_line; }
    double signal() const { return m_signal.value(); }
    double histogram() const { return m_histogram; }
    double output(std::size_t index) const
    {
        return index == 0 ? m_line : index == 1 ? signal() : m_histogram;
    }

private:
    Ema m_fast;
    Ema m_slow;
    Ema m_signal;
    bool m_percent;
    double m_line = kNaN;
    double m_histogram = kNaN;
};

class Macd final : public MovingAverageConvergence {
public:
    Macd(int fast, int slow, int signal) : MovingAverageConvergence(fast, slow, signal, false) {}
};

class Ppo final : public MovingAverageConvergence {
public:
    Ppo(int fast, int slow, int signal) : MovingAverageConvergence(fast, slow, signal, true) {}
};

// Change against the value `period` bars ago: ROC in percent, momentum as a difference.
class Change {
public:
    Change(int period, bool percent) : m_window(std::size_t(period) + 1), m_percent(percent) {}
    void update(double value)
    {
        m_window.push(value);
        if (!m_window.full())
            return;
        const double past = m_window.oldest();
        m_value = m_percent ? 100.0 * (value - past) / past : value - past;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RingBuffer m_window;
    bool m_percent;
    double m_value = kNaN;
};

class Roc final : public Change {
public:
    explicit Roc(int period) : Change(period, true) {}
};

class Momentum final : public Change {
public:
    explicit Momentum(int period) : Change(period, false) {}
};

// Commodity channel index of the typical price. The mean absolute deviation needs the whole
// window, so an update costs O(period) — the one indicator here that is not O(1).
class Cci {
public:
    explicit Cci(int period) : m_typical(std::size_t(period)) {}
    void update(double high, double low, double close)
    {
        const double typical = (high + low + close) / 3.0;
        m_typical.push(typical);
        if (!m_typical.full())
            return;
        const double mean = m_typical.mean();
        const RingBuffer &window = m_typical.window();
        double deviation = 0;
        for (std::size_t i = 0; i < window.size(); ++i)
            deviation += std::abs(window.ago(i) - mean);
        deviation /= double(window.size());
        m_value = deviation == 0 ? 0.0 : (typical - mean) / (0.015 * deviation);
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RollingSum m_typical;
    double m_value = kNaN;
};

// Williams %R: -100 (highest high - close) / (highest high - lowest low).
class WilliamsR {
public:
    explicit WilliamsR(int period) : m_high(std::size_t(period)), m_low(std::size_t(period)) {}
    void update(double high, double low, double close)
    {
        m_high.push(high);
        m_low.push(low);
        if (!m_high.full())
            return;
        const double range = m_high.value() - m_low.value();
        m_value = range == 0 ? 0.0 : -100.0 * (m_high.value() - close) / range;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RollingMax m_high;
    RollingMin m_low;
    double m_value = kNaN;
};

// Money flow index: share of the typical-price money flow of the last `period` bars that went
// up. 50 when nothing moved.
class Mfi {
public:
    explicit Mfi(int period) : m_positive(std::size_t(period)), m_negative(std::size_t(period)) {}
    void update(double high, double low, double close, double volume)
    {
        const double typical = (high + low + close) / 3.0;
        if (!std::isnan(m_previous)) {
            const double flow = typical * volume;
            m_positive.push(typical > m_previous ? flow : 0.0);
            m_negative.push(typical < m_previous ? flow : 0.0);
            if (m_positive.full()) {
                const double total = m_positive.sum() + m_negative.sum();
                m_value = total == 0 ? 50.0 : 100.0 * m_positive.sum() / total;
            }
        }
        m_previous = typical;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RollingSum m_positive;
    RollingSum m_negative;
    double m_previous = kNaN;
    double m_value = kNaN;
};

// Wilder's ADX with +DI and -DI. The three outputs appear together at bar 2 period - 1 (as in
// technicalindicators).
class Adx {
public:
    explicit Adx(int period) : m_period(period), m_adx(period) {}
    void update(double high, double low, double close)
    {
        if (!std::isnan(m_previousClose)) {
            const double trueRange = std::max(high, m_previousClose) - std::min(low, m_previousClose);
            const double up = high - m_previousHigh;
            const double down = m_previousLow - low;
            smooth(m_trueRange, trueRange);
            smooth(m_plus, up > down && up > 0 ? up : 0.0);
            smooth(m_minus, down > up && down > 0 ? down : 0.0);
            if (++m_count >= m_period) {
                const double plus = 100.0 * m_plus / m_trueRange;
                const double minus = 100.0 * m_minus / m_trueRange;
                const double sum = plus + minus;
                m_adx.update(sum == 0 ? 0.0 : 100.0 * std::abs(plus - minus) / sum);
                if (isReady(m_adx.value())) {
                    m_plusDi = plus;
                    m_minusDi = minus;
                }
            }
        }
        m_previousHigh = high;
        m_previousLow = low;
        m_previousClose = close;
    }
    double adx() const { return m_adx.value(); }
    double plusDi() const { return m_plusDi; }
    double minusDi() const { return m_minusDi; }
    double output(std::size_t index) const
    {
        return index == 0 ? adx() : index == 1 ? m_plusDi : m_minusDi;
    }

private:
    // Wilder's running sum: the plain sum of the first `period` values, then s - s/period + v.
    void smooth(double &state, double value) const
    {
        state = m_count < m_period ? state + value : state - state / m_period + value;
    }

    int m_period;
    int m_count = 0;
    double m_trueRange = 0;
    double m_plus = 0;
    double m_minus = 0;
    Rma m_adx;
    double m_previousHigh = kNaN;
    double m_previousLow = kNaN;
    double m_previousClose = kNaN;
    double m_plusDi = kNaN;
    double m_minusDi = kNaN;
};

// Aroon up/down over period + 1 bars: 100 (period - bars since the extreme) / period.
class Aroon {
public:
    explicit Aroon(int period)
        : m_period(period), m_high(std::size_t(period) + 1), m_low(std::size_t(period) + 1)
    {
    }
    void update(double high, double low)
    {
        m_high.push(high);
        m_low.push(low);
        if (!m_high.full())
            return;
        m_up = 100.0 * double(m_period - int(m_high.age())) / m_period;
        m_down = 100.0 * double(m_period - int(m_low.age())) / m_period;
    }
    double up() const { return m_up; }
    double down() const { return m_down; }
    double oscillator() const { return m_up - m_down; }
    double output(std::size_t index) const
    {
        return index == 0 ? m_up : index == 1 ? m_down : oscillator();
    }

private:
    int m_period;
    RollingMax m_high;
    RollingMin m_low;
    double m_up = kNaN;
    double m_down = kNaN;
};

// TRIX: one-bar rate of change (percent) of a triple EMA.
class Trix {
public:
    explicit Trix(int period) : m_first(period), m_second(period), m_third(period) {}
    void update(double value)
    {
        m_first.update(value);
        if (!isReady(m_first.value()))
            return;
        m_second.update(m_first.value());
        if (!isReady(m_second.value()))
            return;
        m_third.update(m_second.value());
        const double current = m_third.value();
        if (isReady(current) && isReady(m_previous))
            m_value = 100.0 * (current - m_previous) / m_previous;
        m_previous = current;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    Ema m_first;
    Ema m_second;
    Ema m_third;
    double m_previous = kNaN;
    double m_value = kNaN;
};

// Awesome oscillator: SMA(hl2, fast) - SMA(hl2, slow).
class AwesomeOscillator {
public:
    AwesomeOscillator(int fast, int slow) : m_fast(fast), m_slow(slow) {}
    void update(double high, double low)
    {
        const double median = (high + low) / 2.0;
        m_fast.update(median);
        m_slow.update(median);
        m_value = m_fast.value() - m_slow.value();
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    Sma m_fast;
    Sma m_slow;
    double m_value = kNaN;
};

// Ultimate oscillator: weighted (4:2:1) buying pressure / true range over three windows.
// Ready once `longPeriod` bars after the first have been seen; 50 when the short window is flat.
class UltimateOscillator {
public:
    UltimateOscillator(int shortPeriod, int mediumPeriod, int longPeriod)
        : m_shortPressure(std::size_t(shortPeriod)), m_shortRange(std::size_t(shortPeriod)),
          m_mediumPressure(std::size_t(mediumPeriod)), m_mediumRange(std::size_t(mediumPeriod)),
          m_longPressure(std::size_t(longPeriod)), m_longRange(std::size_t(longPeriod))
    {
    }
    void update(double high, double low, double close)
    {
        if (!std::isnan(m_previousClose)) {
            const double trueLow = std::min(low, m_previousClose);
            const double pressure = close - trueLow;
            const double range = std::max(high, m_previousClose) - trueLow;
            m_shortPressure.push(pressure);
            m_shortRange.push(range);
            m_mediumPressure.push(pressure);
            m_mediumRange.push(range);
            m_longPressure.push(pressure);
            m_longRange.push(range);
            if (m_longRange.full() && m_shortRange.full() && m_mediumRange.full()) {
                if (m_shortRange.sum() == 0) {
                    m_value = 50.0;
                } else {
                    const double s = m_shortPressure.sum() / m_shortRange.sum();
                    const double m = m_mediumPressure.sum() / m_mediumRange.sum();
                    const double l = m_longPressure.sum() / m_longRange.sum();
                    m_value = 100.0 * (4 * s + 2 * m + l) / 7.0;
                }
            }
        }
        m_previousClose = close;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RollingSum m_shortPressure;
    RollingSum m_shortRange;
    RollingSum m_mediumPressure;
    RollingSum m_mediumRange;
    RollingSum m_longPressure;
    RollingSum m_longRange;
    double m_previousClose = kNaN;
    double m_value = kNaN;
};

} // namespace bcf::ind
