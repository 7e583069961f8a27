#include "strategy/program.h"

#include <array>
#include <chrono>
#include <cmath>

namespace bcf::strategy {

namespace {

constexpr std::int64_t kMillisPerDay = 86'400'000;

bool isNumber(double v) { return v == v; }

double truth(bool condition) { return condition ? 1.0 : 0.0; }

} // namespace

Calendar calendarOf(std::int64_t millis)
{
    std::int64_t days = millis / kMillisPerDay;
    std::int64_t rest = millis % kMillisPerDay;
    if (rest < 0) {
        rest += kMillisPerDay;
        --days;
    }
    Calendar c;
    c.hour = static_cast<int>(rest / 3'600'000);
    c.minute = static_cast<int>(rest / 60'000 % 60);
    c.dayOfWeek = static_cast<int>(((days % 7) + 7 + 3) % 7); // 1970-01-01 was a Thursday; Monday = 0
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    c.dayOfMonth = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return c;
}

StrategyState::StrategyState(std::shared_ptr<const Program> program)
    : m_program(std::move(program))
{
    const Program &p = *m_program;
    m_values.assign(p.nodes.size(), kNaN);
    for (std::size_t i = 0; i < p.nodes.size(); ++i)
        if (p.nodes[i].op == Op::Constant)
            m_values[i] = p.nodes[i].constant;
    m_indicators.reserve(p.indicators.size());
    for (const IndicatorUse &use : p.indicators)
        m_indicators.push_back(use.spec->create(use.params));
    m_indicatorFed.assign(p.indicators.size(), 0);
    m_histories.resize(p.historyLengths.size());
    for (std::size_t i = 0; i < p.historyLengths.size(); ++i)
        m_histories[i].values.assign(static_cast<std::size_t>(p.historyLengths[i]), kNaN);
    m_crossPrevious.assign(static_cast<std::size_t>(p.crossSlots) * 2, kNaN);
    m_higher.resize(p.domains.size());
}

void StrategyState::onBar(const BarInput &bar)
{
    const Program &p = *m_program;
    // Higher timeframes first: a higher bar that closes with this bar is complete now, so the
    // strategy's timeframe may use it at this bar's close (and not a moment earlier).
    for (std::size_t d = 1; d < p.domains.size(); ++d) {
        HigherBar &higher = m_higher[d];
        const auto timeframe = *p.domains[d].timeframe;
        const auto openTime = fromUnixMillis(bar.openTimeMs);
        if (higher.open && bar.openTimeMs >= higher.bucketEndMs) {
            // The data skipped the bar that would have closed it (a gap): the higher bar is over
            // all the same, so it is evaluated now, late but without looking ahead.
            if (!higher.partial)
                evaluateDomain(d, higher.bar, higher.count++);
            higher.open = false;
            higher.partial = false;
        }
        if (!higher.open) {
            const auto start = model::bucketStart(timeframe, openTime);
            higher.open = true;
            higher.bar = bar;
            higher.bar.openTimeMs = toUnixMillis(start);
            higher.bucketEndMs = toUnixMillis(model::nextBucketStart(timeframe, start));
            // Data that starts in the middle of a higher bar cannot build that bar: its first
            // smaller bars are missing, so it is skipped rather than shown with a wrong open/high.
            higher.partial = higher.count == 0 && bar.openTimeMs != higher.bar.openTimeMs;
        } else {
            higher.bar.high = std::max(higher.bar.high, bar.high);
            higher.bar.low = std::min(higher.bar.low, bar.low);
            higher.bar.close = bar.close;
            higher.bar.volume += bar.volume;
        }
        higher.bar.closeTimeMs = bar.closeTimeMs;
        if (bar.closeTimeMs >= higher.bucketEndMs) {
            if (!higher.partial)
                evaluateDomain(d, higher.bar, higher.count++);
            higher.open = false;
            higher.partial = false;
        }
    }
    evaluateDomain(0, bar, m_barCount++);
}

void StrategyState::evaluateDomain(std::size_t domain, const BarInput &bar, std::int64_t barIndex)
{
    const Program &p = *m_program;
    Calendar calendar;
    if (p.needsCalendar)
        calendar = calendarOf(bar.openTimeMs);
    double *values = m_values.data();
    std::array<double, 8> inputs{};

    for (const NodeId id : p.domains[domain].nodes) {
        const Node &n = p.nodes[static_cast<std::size_t>(id)];
        const double a = n.a >= 0 ? values[n.a] : kNaN;
        const double b = n.b >= 0 ? values[n.b] : kNaN;
        double result = kNaN;
        switch (n.op) {
        case Op::Constant: continue;
        case Op::Open: result = bar.open; break;
        case Op::High: result = bar.high; break;
        case Op::Low: result = bar.low; break;
        case Op::Close: result = bar.close; break;
        case Op::Volume: result = bar.volume; break;
        case Op::Hl2: result = (bar.high + bar.low) / 2; break;
        case Op::Hlc3: result = (bar.high + bar.low + bar.close) / 3; break;
        case Op::Ohlc4: result = (bar.open + bar.high + bar.low + bar.close) / 4; break;
        case Op::Hour: result = calendar.hour; break;
        case Op::Minute: result = calendar.minute; break;
        case Op::DayOfWeek: result = calendar.dayOfWeek; break;
        case Op::DayOfMonth: result = calendar.dayOfMonth; break;
        case Op::Month: result = calendar.month; break;
        case Op::BarIndex: result = static_cast<double>(barIndex); break;
        case Op::Add: result = a + b; break;
        case Op::Sub: result = a - b; break;
        case Op::Mul: result = a * b; break;
        case Op::Div: result = b == 0 ? kNaN : a / b; break;
        case Op::Pow: result = std::pow(a, b); break;
        case Op::Neg: result = -a; break;
        // Any comparison with a missing value (NaN) is false, including '!='.
        case Op::Less: result = truth(a < b); break;
        case Op::LessEqual: result = truth(a <= b); break;
        case Op::Greater: result = truth(a > b); break;
        case Op::GreaterEqual: result = truth(a >= b); break;
        case Op::Equal: result = truth(a == b); break;
        case Op::NotEqual: result = truth(isNumber(a) && isNumber(b) && a != b); break;
        case Op::And: result = truth(a > 0.5 && b > 0.5); break;
        case Op::Or: result = truth(a > 0.5 || b > 0.5); break;
        case Op::Not: result = isNumber(a) ? truth(!(a > 0.5)) : 0.0; break; // not(missing) is false too
        case Op::Abs: result = std::fabs(a); break;
        case Op::Sqrt: result = a < 0 ? kNaN : std::sqrt(a); break;
        case Op::Log: result = a <= 0 ? kNaN : std::log(a); break;
        case Op::Exp: result = std::exp(a); break;
        case Op::Floor: result = std::floor(a); break;
        case Op::Ceil: result = std::ceil(a); break;
        case Op::Round: result = std::round(a); break;
        case Op::Sign: result = isNumber(a) ? (a > 0) - (a < 0) : kNaN; break;
        case Op::Min: result = isNumber(a) && isNumber(b) ? std::min(a, b) : kNaN; break;
        case Op::Max: result = isNumber(a) && isNumber(b) ? std::max(a, b) : kNaN; break;
        case Op::Iff: result = a > 0.5 ? b : values[n.c]; break;
        case Op::Nz: result = isNumber(a) ? a : b; break;
        case Op::IsNa: result = truth(!isNumber(a)); break;
        case Op::External: result = bar.externals ? bar.externals[n.slot] : kNaN; break;
        case Op::Crossover:
        case Op::Crossunder:
        case Op::Cross: {
            double *previous = &m_crossPrevious[static_cast<std::size_t>(n.slot) * 2];
            const bool over = a > b && previous[0] <= previous[1];
            const bool under = a < b && previous[0] >= previous[1];
            result = truth(n.op == Op::Crossover ? over : n.op == Op::Crossunder ? under : over || under);
            previous[0] = a;
            previous[1] = b;
            break;
        }
        case Op::Indicator: {
            const IndicatorUse &use = p.indicators[static_cast<std::size_t>(n.slot)];
            const std::size_t count = use.inputs.size();
            bool complete = true;
            for (std::size_t i = 0; i < count; ++i) {
                inputs[i] = values[use.inputs[i]];
                complete = complete && isNumber(inputs[i]);
            }
            // A missing input (another indicator still warming up, a division by zero) is not
            // fed in: the indicator would carry the NaN forever. The bar's outputs are missing.
            m_indicatorFed[static_cast<std::size_t>(n.slot)] = complete;
            if (!complete)
                break;
            ind::Indicator &indicator = *m_indicators[static_cast<std::size_t>(n.slot)];
            indicator.update(std::span<const double>(inputs.data(), count));
            result = indicator.output(0);
            break;
        }
        case Op::IndicatorOutput:
            if (m_indicatorFed[static_cast<std::size_t>(p.nodes[n.a].slot)])
                result = m_indicators[static_cast<std::size_t>(p.nodes[n.a].slot)]->output(static_cast<std::size_t>(n.c));
            break;
        case Op::History: {
            Ring &ring = m_histories[static_cast<std::size_t>(n.slot)];
            const std::size_t length = ring.values.size();
            ring.values[ring.next] = a;
            ring.next = ring.next + 1 == length ? 0 : ring.next + 1;
            if (ring.size < length)
                ++ring.size;
            // After the write, ring.next is the oldest slot: exactly c bars ago once full.
            result = ring.size == length ? ring.values[ring.next] : kNaN;
            break;
        }
        case Op::FromTimeframe: result = a; break;
        }
        values[id] = result;
    }
}

} // namespace bcf::strategy
