#pragma once

#include "indicators/indicator.h"
#include "indicators/rolling.h"

#include <cmath>
#include <cstddef>

// Window statistics of one series.
namespace bcf::ind {

// Population variance, standard deviation or z-score of the last `period` values.
class WindowStatistic {
public:
    enum class Kind { Variance, StandardDeviation, ZScore };
    WindowStatistic(int period, Kind kind) : m_moments(std::size_t(period)), m_kind(kind) {}
    void update(double value)
    {
        m_moments.push(value);
        if (!m_moments.full())
            return;
        switch (m_kind) {
        case Kind::Variance: m_value = m_moments.variance(); break;
        case Kind::StandardDeviation: m_value = m_moments.stddev(); break;
        case Kind::ZScore: {
            const double deviation = m_moments.stddev();
            m_value = deviation == 0 ? 0.0 : (value - m_moments.mean()) / deviation;
            break;
        }
        }
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RollingMoments m_moments;
    Kind m_kind;
    double m_value = kNaN;
};

class Variance final : public WindowStatistic {
public:
    explicit Variance(int period) : WindowStatistic(period, Kind::Variance) {}
};
class StandardDeviation final : public WindowStatistic {
public:
    explicit StandardDeviation(int period) : WindowStatistic(period, Kind::StandardDeviation) {}
};
class ZScore final : public WindowStatistic {
public:
    explicit ZScore(int period) : WindowStatistic(period, Kind::ZScore) {}
};

// Least-squares line through the last `period` values (x = 0 for the oldest): slope and the
// line's value at the newest bar. Sums slide in O(1) and are recomputed once per window.
class LinearRegression {
public:
    explicit LinearRegression(int period)
        : m_window(std::size_t(period)), m_n(period),
          m_sumX(period * (period - 1.0) / 2.0),
          m_sumXX((period - 1.0) * period * (2.0 * period - 1.0) / 6.0)
    {
    }
    void update(double value)
    {
        const double evicted = m_window.push(value);
        if (!m_window.full())
            return;
        if (std::isnan(evicted) || ++m_sinceExact >= std::size_t(m_n)) {
            m_sinceExact = 0;
            m_sumY = 0;
            m_sumXY = 0;
            for (int x = 0; x < m_n; ++x) {
                const double y = m_window.ago(std::size_t(m_n - 1 - x));
                m_sumY += y;
                m_sumXY += x * y;
            }
        } else {
            // Every value moves one step left (x - 1), the evicted one leaves, the new one enters
            // at x = n - 1.
            m_sumXY -= m_sumY - evicted;
            m_sumY += value - evicted;
            m_sumXY += (m_n - 1) * value;
        }
        const double denominator = m_n * m_sumXX - m_sumX * m_sumX;
        m_slope = denominator == 0 ? 0.0 : (m_n * m_sumXY - m_sumX * m_sumY) / denominator;
        const double intercept = (m_sumY - m_slope * m_sumX) / m_n;
        m_value = intercept + m_slope * (m_n - 1);
    }
    double slope() const { return m_slope; }
    double value() const { return m_value; }

private:
    RingBuffer m_window;
    int m_n;
    double m_sumX;
    double m_sumXX;
    double m_sumY = 0;
    double m_sumXY = 0;
    std::size_t m_sinceExact = 0;
    double m_slope = kNaN;
    double m_value = kNaN;
};

// The two catalog faces of LinearRegression.
class LinearRegressionValue final : public LinearRegression {
public:
    using LinearRegression::LinearRegression;
    double output(std::size_t) const { return value(); }
};
class LinearRegressionSlope final : public LinearRegression {
public:
    using LinearRegression::LinearRegression;
    double output(std::size_t) const { return slope(); }
};

// Highest / lowest / sum of the last `period` values.
class Highest {
public:
    explicit Highest(int period) : m_max(std::size_t(period)) {}
    void update(double value)
    {
        m_max.push(value);
        m_value = m_max.full() ? m_max.value() : kNaN;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RollingMax m_max;
    double m_value = kNaN;
};

class Lowest {
public:
    explicit Lowest(int period) : m_min(std::size_t(period)) {}
    void update(double value)
    {
        m_min.push(value);
        m_value = m_min.full() ? m_min.value() : kNaN;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RollingMin m_min;
    double m_value = kNaN;
};

class Sum {
public:
    explicit Sum(int period) : m_sum(std::size_t(period)) {}
    void update(double value)
    {
        m_sum.push(value);
        m_value = m_sum.full() ? m_sum.sum() : kNaN;
    }
    double value() const { return m_value; }
    double output(std::size_t) const { return m_value; }

private:
    RollingSum m_sum;
    double m_value = kNaN;
};

} // namespace bcf::ind
