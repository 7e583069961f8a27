#pragma once

#include "indicators/averages.h"
#include "indicators/indicator.h"
#include "indicators/rolling.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

// Volatility, bands and trailing stops.
namespace bcf::ind {

// True range: max(high, previous close) - min(low, previous close); NaN on the first bar.
class TrueRange {
public:
    void update(double high, double low, double close)
    {
        m_value = std::isnan(m_previousClose)
                      ? kNaN
                      : std::max(high, m_previousClose) - std::min(low, m_previousClose);
        m_previousClose = close;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    double m_previousClose = kNaN;
    double m_value = kNaN;
};

// Average true range: RMA of the true range. By default the first bar has no true range, so the
// first value is at bar `period` (TA-Lib, technicalindicators). With `firstBarRange` the first
// bar counts as high - low and the first value is at bar period - 1 (TradingView, used by
// SuperTrend).
class Atr {
public:
    explicit Atr(int period, bool firstBarRange = false)
        : m_average(period), m_firstBarRange(firstBarRange)
    {
    }
    void update(double high, double low, double close)
    {
        const bool first = !m_started;
        m_started = true;
        m_range.update(high, low, close);
        if (first && !m_firstBarRange)
            return;
        m_average.update(first ? high - low : m_range.value());
    }
    double value() const { return m_average.value(); }
    double output(std::size_t) const { return value(); }

private:
    TrueRange m_range;
    Rma m_average;
    bool m_firstBarRange;
    bool m_started = false;
};

// ATR as a percentage of the close.
class Natr {
public:
    explicit Natr(int period) : m_atr(period) {}
    void update(double high, double low, double close)
    {
        m_atr.update(high, low, close);
        m_value = 100.0 * m_atr.value() / close;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    Atr m_atr;
    double m_value = kNaN;
};

// Bollinger bands: SMA ± mult · population standard deviation; %B = (x - lower) / (upper -
// lower), bandwidth = (upper - lower) / middle.
class BollingerBands {
public:
    BollingerBands(int period, double multiplier)
        : m_moments(std::size_t(period)), m_multiplier(multiplier)
    {
    }
    void update(double value)
    {
        m_moments.push(value);
        if (!m_moments.full())
            return;
        m_middle = m_moments.mean();
        const double width = m_multiplier * m_moments.stddev();
        m_upper = m_middle + width;
        m_lower = m_middle - width;
        m_percentB = m_upper == m_lower ? 0.5 : (value - m_lower) / (m_upper - m_lower);
        m_bandwidth = (m_upper - m_lower) / m_middle;
    }
    double upper() const { return m_upper; }
    double middle() const { return m_middle; }
    double lower() const { return m_lower; }
    double percentB() const { return m_percentB; }
    double bandwidth() const { return m_bandwidth; }
    double output(std::size_t index) const
    {
        switch (index) {
        case 0: return m_upper;
        case 1: return m_middle;
        case 2: return m_lower;
        case 3: return m_percentB;
        default: return m_bandwidth;
        }
    }

private:
    RollingMoments m_moments;
    double m_multiplier;
    double m_upper = kNaN;
    double m_middle = kNaN;
    double m_lower = kNaN;
    double m_percentB = kNaN;
    double m_bandwidth = kNaN;
};

// Keltner channels: EMA(close, period) ± mult · ATR(atrPeriod).
class Keltner {
public:
    Keltner(int period, int atrPeriod, double multiplier)
        : m_middle(period), m_atr(atrPeriod), m_multiplier(multiplier)
    {
    }
    void update(double high, double low, double close)
    {
        m_middle.update(close);
        m_atr.update(high, low, close);
        if (!isReady(m_middle.value()) || !isReady(m_atr.value()))
            return;
        m_upper = m_middle.value() + m_multiplier * m_atr.value();
        m_lower = m_middle.value() - m_multiplier * m_atr.value();
    }
    double upper() const { return m_upper; }
    double middle() const { return isReady(m_upper) ? m_middle.value() : kNaN; }
    double lower() const { return m_lower; }
    double output(std::size_t index) const
    {
        return index == 0 ? m_upper : index == 1 ? middle() : m_lower;
    }

private:
    Ema m_middle;
    Atr m_atr;
    double m_multiplier;
    double m_upper = kNaN;
    double m_lower = kNaN;
};

// Donchian channels: highest high, lowest low and their midpoint over `period` bars.
class Donchian {
public:
    explicit Donchian(int period) : m_high(std::size_t(period)), m_low(std::size_t(period)) {}
    void update(double high, double low)
    {
        m_high.push(high);
        m_low.push(low);
        if (!m_high.full())
            return;
        m_upper = m_high.value();
        m_lower = m_low.value();
    }
    double upper() const { return m_upper; }
    double middle() const { return (m_upper + m_lower) / 2.0; }
    double lower() const { return m_lower; }
    double output(std::size_t index) const
    {
        return index == 0 ? m_upper : index == 1 ? middle() : m_lower;
    }

private:
    RollingMax m_high;
    RollingMin m_low;
    double m_upper = kNaN;
    double m_lower = kNaN;
};

// Wilder's parabolic SAR, following technicalindicators: the first bar starts long with the SAR
// at its low and the extreme at its high; the SAR never enters the last two bars' range.
class ParabolicSar {
public:
    ParabolicSar(double step, double maximum) : m_step(step), m_maximum(maximum), m_factor(step) {}
    void update(double high, double low)
    {
        if (m_bars == 0) {
            m_sar = low;
            m_extreme = high;
            m_furthestHigh = m_previousHigh = high;
            m_furthestLow = m_previousLow = low;
            m_bars = 1;
            return;
        }
        m_sar += m_factor * (m_extreme - m_sar);
        if (m_long) {
            m_sar = std::min({m_sar, m_furthestLow, m_previousLow});
            if (high > m_extreme) {
                m_extreme = high;
                m_factor = std::min(m_factor + m_step, m_maximum);
            }
        } else {
            m_sar = std::max({m_sar, m_furthestHigh, m_previousHigh});
            if (low < m_extreme) {
                m_extreme = low;
                m_factor = std::min(m_factor + m_step, m_maximum);
            }
        }
        if ((m_long && low < m_sar) || (!m_long && high > m_sar)) {
            m_factor = m_step;
            m_sar = m_extreme;
            m_long = !m_long;
            m_extreme = m_long ? high : low;
        }
        m_furthestHigh = m_previousHigh;
        m_furthestLow = m_previousLow;
        m_previousHigh = high;
        m_previousLow = low;
    }
    double value() const { return m_sar; }
    bool isLong() const { return m_long; }
    double output(std::size_t) const { return m_sar; }

private:
    double m_step;
    double m_maximum;
    double m_factor;
    double m_sar = kNaN;
    double m_extreme = 0;
    double m_furthestHigh = 0;
    double m_furthestLow = 0;
    double m_previousHigh = 0;
    double m_previousLow = 0;
    bool m_long = true;
    int m_bars = 0;
};

// SuperTrend: hl2 ± mult · ATR bands that only tighten while the trend lasts; the value is the
// lower band in an up-trend (direction 1) and the upper band in a down-trend (direction -1).
// The ATR counts the first bar's high - low, as TradingView and trading-signals do.
class SuperTrend {
public:
    SuperTrend(int period, double multiplier) : m_atr(period, true), m_multiplier(multiplier) {}
    void update(double high, double low, double close)
    {
        m_atr.update(high, low, close);
        const double atr = m_atr.value();
        if (!isReady(atr))
            return;
        const double median = (high + low) / 2.0;
        const double upper = median + m_multiplier * atr;
        const double lower = median - m_multiplier * atr;
        if (!m_started) {
            m_upper = upper;
            m_lower = lower;
            m_up = close > m_upper;
            m_started = true;
        } else {
            m_upper = upper < m_upper || m_previousClose > m_upper ? upper : m_upper;
            m_lower = lower > m_lower || m_previousClose < m_lower ? lower : m_lower;
            m_up = m_up ? close >= m_lower : close > m_upper;
        }
        m_previousClose = close;
        m_value = m_up ? m_lower : m_upper;
        m_direction = m_up ? 1.0 : -1.0;
    }
    double value() const { return m_value; }
    double direction() const { return m_direction; }
    double output(std::size_t index) const { return index == 0 ? m_value : m_direction; }

private:
    Atr m_atr;
    double m_multiplier;
    bool m_started = false;
    bool m_up = false;
    double m_upper = 0;
    double m_lower = 0;
    double m_previousClose = 0;
    double m_value = kNaN;
    double m_direction = kNaN;
};

// Ichimoku lines without the forward shift of the spans: span_a and span_b at bar t are the
// values a chart would plot at t + displacement. All four appear once the longest window is full
// (as in technicalindicators).
class Ichimoku {
public:
    Ichimoku(int conversion, int base, int span)
        : m_conversionHigh(std::size_t(conversion)), m_conversionLow(std::size_t(conversion)),
          m_baseHigh(std::size_t(base)), m_baseLow(std::size_t(base)),
          m_spanHigh(std::size_t(span)), m_spanLow(std::size_t(span)),
          m_warmUp(std::max({conversion, base, span}))
    {
    }
    void update(double high, double low)
    {
        m_conversionHigh.push(high);
        m_conversionLow.push(low);
        m_baseHigh.push(high);
        m_baseLow.push(low);
        m_spanHigh.push(high);
        m_spanLow.push(low);
        if (++m_bars < m_warmUp)
            return;
        m_conversion = (m_conversionHigh.value() + m_conversionLow.value()) / 2.0;
        m_base = (m_baseHigh.value() + m_baseLow.value()) / 2.0;
        m_spanA = (m_conversion + m_base) / 2.0;
        m_spanB = (m_spanHigh.value() + m_spanLow.value()) / 2.0;
    }
    double conversion() const { return m_conversion; }
    double base() const { return m_base; }
    double spanA() const { return m_spanA; }
    double spanB() const { return m_spanB; }
    double output(std::size_t index) const
    {
        switch (index) {
        case 0: return m_conversion;
        case 1: return m_base;
        case 2: return m_spanA;
        default: return m_spanB;
        }
    }

private:
    RollingMax m_conversionHigh;
    RollingMin m_conversionLow;
    RollingMax m_baseHigh;
    RollingMin m_baseLow;
    RollingMax m_spanHigh;
    RollingMin m_spanLow;
    int m_warmUp;
    int m_bars = 0;
    double m_conversion = kNaN;
    double m_base = kNaN;
    double m_spanA = kNaN;
    double m_spanB = kNaN;
};

// Classic floor pivots of the previous bar: pp = (H + L + C) / 3, r1 = 2pp - L, s1 = 2pp - H,
// r2/s2 = pp ± (H - L), r3 = H + 2 (pp - L), s3 = L - 2 (H - pp). Evaluated on a daily series,
// these are the daily pivots.
class Pivots {
public:
    void update(double high, double low, double close)
    {
        if (m_hasPrevious) {
            const double h = m_high, l = m_low, c = m_close;
            const double pp = (h + l + c) / 3.0;
            m_levels[0] = pp;
            m_levels[1] = 2 * pp - l;
            m_levels[2] = pp + (h - l);
            m_levels[3] = h + 2 * (pp - l);
            m_levels[4] = 2 * pp - h;
            m_levels[5] = pp - (h - l);
            m_levels[6] = l - 2 * (h - pp);
        }
        m_high = high;
        m_low = low;
        m_close = close;
        m_hasPrevious = true;
    }
    // pp, r1, r2, r3, s1, s2, s3
    double output(std::size_t index) const { return m_levels[index]; }

private:
    double m_levels[7] = {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
    double m_high = 0;
    double m_low = 0;
    double m_close = 0;
    bool m_hasPrevious = false;
};

} // namespace bcf::ind
