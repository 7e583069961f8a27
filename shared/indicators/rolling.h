#pragma once

#include <cmath>
#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

// Building blocks of the streaming indicators: fixed windows over the last `period` values with
// O(1) (amortised) updates and memory bounded by the period.
namespace bcf::ind {

// The last `period` values, oldest first by age. push() overwrites the oldest once full.
class RingBuffer {
public:
    explicit RingBuffer(std::size_t period) : m_values(period == 0 ? 1 : period) {}

    // Stores `value`; returns the value it displaced (NaN until the buffer is full).
    double push(double value)
    {
        double evicted = std::numeric_limits<double>::quiet_NaN();
        if (m_size == m_values.size())
            evicted = m_values[m_head];
        else
            ++m_size;
        m_values[m_head] = value;
        if (++m_head == m_values.size())
            m_head = 0;
        return evicted;
    }
    bool full() const { return m_size == m_values.size(); }
    std::size_t size() const { return m_size; }
    std::size_t capacity() const { return m_values.size(); }
    // ago = 0 is the newest value, ago = size() - 1 the oldest.
    double ago(std::size_t ago) const
    {
        std::size_t index = m_head + m_values.size() - 1 - ago;
        if (index >= m_values.size())
            index -= m_values.size();
        return m_values[index];
    }
    double oldest() const { return ago(m_size - 1); }

private:
    std::vector<double> m_values;
    std::size_t m_head = 0;
    std::size_t m_size = 0;
};

// Sum of the last `period` values. Adding and subtracting drifts over millions of bars, so the
// sum is recomputed exactly once per `period` pushes: O(1) amortised, error bounded by a window.
class RollingSum {
public:
    explicit RollingSum(std::size_t period) : m_window(period) {}

    void push(double value)
    {
        const double evicted = m_window.push(value);
        m_sum += value;
        if (!std::isnan(evicted))
            m_sum -= evicted;
        if (++m_sinceExact >= m_window.capacity()) {
            m_sinceExact = 0;
            double exact = 0;
            for (std::size_t i = 0; i < m_window.size(); ++i)
                exact += m_window.ago(i);
            m_sum = exact;
        }
    }
    bool full() const { return m_window.full(); }
    double sum() const { return m_sum; }
    double mean() const { return m_sum / double(m_window.size()); }
    const RingBuffer &window() const { return m_window; }

private:
    RingBuffer m_window;
    double m_sum = 0;
    std::size_t m_sinceExact = 0;
};

// Mean and population variance of the last `period` values. The sums are kept around a shift
// (the window mean at the last exact recompute) so that prices far from zero keep their precision.
class RollingMoments {
public:
    explicit RollingMoments(std::size_t period) : m_window(period) {}

    void push(double value)
    {
        if (m_window.size() == 0)
            m_shift = value;
        const double evicted = m_window.push(value);
        const double d = value - m_shift;
        m_sum += d;
        m_sumSquares += d * d;
        if (!std::isnan(evicted)) {
            const double e = evicted - m_shift;
            m_sum -= e;
            m_sumSquares -= e * e;
        }
        if (++m_sinceExact >= m_window.capacity())
            recompute();
    }
    bool full() const { return m_window.full(); }
    double mean() const { return m_shift + m_sum / double(m_window.size()); }
    double variance() const
    {
        const double n = double(m_window.size());
        const double m = m_sum / n;
        return std::max(0.0, m_sumSquares / n - m * m);
    }
    double stddev() const { return std::sqrt(variance()); }
    const RingBuffer &window() const { return m_window; }

private:
    void recompute()
    {
        m_sinceExact = 0;
        const std::size_t n = m_window.size();
        double total = 0;
        for (std::size_t i = 0; i < n; ++i)
            total += m_window.ago(i);
        m_shift = total / double(n);
        m_sum = 0;
        m_sumSquares = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double d = m_window.ago(i) - m_shift;
            m_sum += d;
            m_sumSquares += d * d;
        }
    }

    RingBuffer m_window;
    double m_shift = 0;
    double m_sum = 0;
    double m_sumSquares = 0;
    std::size_t m_sinceExact = 0;
};

// Highest (Max = true) or lowest value of the last `period` values, with a monotonic deque kept
// in a ring: amortised O(1), at most `period` entries. On ties the most recent value wins, so
// age() is the number of bars since the latest extreme.
template <bool Max>
class RollingExtreme {
public:
    explicit RollingExtreme(std::size_t period)
        : m_period(period == 0 ? 1 : period), m_entries(m_period + 1)
    {
    }

    void push(double value)
    {
        ++m_index;
        if (m_count < m_period)
            ++m_count;
        if (m_size > 0 && m_entries[m_front].index + (long long)m_period <= m_index) {
            m_front = next(m_front);
            --m_size;
        }
        while (m_size > 0) {
            const std::size_t back = backSlot();
            const double held = m_entries[back].value;
            if (Max ? held > value : held < value)
                break;
            --m_size;
        }
        m_entries[slot(m_size)] = {m_index, value};
        ++m_size;
    }
    bool full() const { return m_count == m_period; }
    double value() const { return m_entries[m_front].value; }
    // Bars since the extreme: 0 when the newest value is the extreme.
    std::size_t age() const { return std::size_t(m_index - m_entries[m_front].index); }

private:
    struct Entry {
        long long index = 0;
        double value = 0;
    };
    std::size_t next(std::size_t i) const { return i + 1 == m_entries.size() ? 0 : i + 1; }
    std::size_t slot(std::size_t offset) const
    {
        std::size_t i = m_front + offset;
        return i >= m_entries.size() ? i - m_entries.size() : i;
    }
    std::size_t backSlot() const { return slot(m_size - 1); }

    std::size_t m_period;
    std::vector<Entry> m_entries;
    std::size_t m_front = 0;
    std::size_t m_size = 0;
    std::size_t m_count = 0;
    long long m_index = 0;
};

using RollingMax = RollingExtreme<true>;
using RollingMin = RollingExtreme<false>;

// A running total with Neumaier compensation, for cumulative indicators (VWAP, OBV, A/D) that
// would otherwise lose precision over millions of bars.
class CompensatedSum {
public:
    void add(double value)
    {
        const double t = m_sum + value;
        if (std::abs(m_sum) >= std::abs(value))
            m_compensation += (m_sum - t) + value;
        else
            m_compensation += (value - t) + m_sum;
        m_sum = t;
    }
    double value() const { return m_sum + m_compensation; }

private:
    double m_sum = 0;
    double m_compensation = 0;
};

} // namespace bcf::ind
