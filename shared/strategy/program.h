#pragma once

#include "indicators/indicator.h"
#include "model/timeframe.h"
#include "strategy/ast.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

// A compiled strategy: an expression graph flattened into nodes in evaluation order, with common
// subexpressions merged (sma(close, fast) written twice is computed once). Evaluating a bar walks
// the nodes once: O(nodes) per bar, with no allocation.
namespace bcf::strategy {

using NodeId = std::int32_t;
inline constexpr NodeId kNoNode = -1;

enum class Op : std::uint8_t {
    Constant,
    Open, High, Low, Close, Volume, Hl2, Hlc3, Ohlc4,
    Hour, Minute, DayOfWeek, DayOfMonth, Month, BarIndex,
    Add, Sub, Mul, Div, Pow, Neg,
    Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual, And, Or, Not,
    Abs, Sqrt, Log, Exp, Floor, Ceil, Round, Sign, Min, Max,
    Iff, Nz, IsNa,
    Crossover, Crossunder, Cross,
    Indicator,        // updates an indicator; its value is output 0
    IndicatorOutput,  // output `c` of the Indicator node `a`
    History,          // a[c]: the value of node `a`, c bars ago in a's timeframe
    FromTimeframe,    // the value of node `a` (another timeframe) as of its last closed bar
    External,         // slot `slot` of the bar's external series (predict("model"))
};

enum class ValueType : std::uint8_t { Number, Boolean };

struct Node {
    Op op = Op::Constant;
    ValueType type = ValueType::Number;
    std::uint8_t domain = 0;  // 0: the strategy's timeframe; 1…: a higher timeframe from tf()
    NodeId a = kNoNode;
    NodeId b = kNoNode;
    NodeId c = kNoNode;       // third operand; for History/IndicatorOutput an integer argument
    double constant = 0;
    std::int32_t slot = -1;   // Indicator: index of its instance; History/Cross*: index of its state
};

struct IndicatorUse {
    const ind::IndicatorSpec *spec = nullptr;
    std::vector<double> params;
    std::vector<NodeId> inputs;   // one node per spec input (sources and bar fields alike)
};

struct Domain {
    std::optional<model::Timeframe> timeframe; // empty for the strategy's own timeframe
    std::vector<NodeId> nodes;                 // evaluation order
};

struct ResolvedParam {
    ParamDecl decl;
    double value = 0;   // the value this program was compiled with
};

struct Protection {
    bool enabled = false;
    bool isPercent = false;
    double percent = 0;
    NodeId distance = kNoNode;
};

// The immutable result of compiling a strategy with one set of parameter values. Cheap to
// instantiate many times (one StrategyState per run).
struct Program {
    std::string name;
    std::vector<ResolvedParam> params;
    std::vector<Node> nodes;
    std::vector<Domain> domains;          // [0] is the strategy's timeframe
    std::vector<IndicatorUse> indicators;
    std::vector<std::int32_t> historyLengths; // per History slot: c + 1
    std::int32_t crossSlots = 0;
    bool needsCalendar = false;           // uses hour/minute/day… or a time filter
    std::vector<std::pair<std::string, NodeId>> namedSeries; // every `let`, in source order
    // Series the caller supplies bar by bar (BarInput::externals), by key: "predict:<model>" for
    // predict("<model>") — a model's prediction made at the bar's close.
    std::vector<std::string> externals;
    NodeId longEntry = kNoNode, longExit = kNoNode, shortEntry = kNoNode, shortExit = kNoNode;
    Protection stopLoss, takeProfit, trailingStop;
    SizingDecl sizing;
    TimeFilterDecl timeFilter;
};

// Calendar fields of a UTC time in milliseconds (Howard Hinnant's civil_from_days); Monday = 0.
struct Calendar {
    int hour = 0, minute = 0, dayOfWeek = 0, dayOfMonth = 1, month = 1;
};
Calendar calendarOf(std::int64_t millis);

// One bar as the evaluator sees it.
struct BarInput {
    double open = 0, high = 0, low = 0, close = 0, volume = 0;
    std::int64_t openTimeMs = 0;
    std::int64_t closeTimeMs = 0; // the bar's end (exclusive), to know when a higher-timeframe bar closes
    const double *externals = nullptr; // one value per Program::externals entry (NaN: none); may be null
};

// The running state of one program over one bar series: indicator instances, history buffers,
// current values. Not thread-safe; one per run.
class StrategyState final {
public:
    explicit StrategyState(std::shared_ptr<const Program> program);

    // Evaluates every node for a closed bar (and any higher-timeframe bar it closes).
    void onBar(const BarInput &bar);

    double value(NodeId node) const { return node == kNoNode ? kNaN : m_values[static_cast<std::size_t>(node)]; }
    // A condition is true only when its value is a number other than zero.
    bool isTrue(NodeId node) const { return node != kNoNode && m_values[static_cast<std::size_t>(node)] > 0.5; }
    const Program &program() const { return *m_program; }
    std::int64_t barCount() const { return m_barCount; }

private:
    static constexpr double kNaN = ind::kNaN;
    struct HigherBar {
        bool open = false;
        BarInput bar;
        std::int64_t bucketEndMs = 0;
        std::int64_t count = 0;
        bool partial = false; // the data began inside this bar
    };
    struct Ring {
        std::vector<double> values;
        std::size_t next = 0;
        std::size_t size = 0;
    };

    void evaluateDomain(std::size_t domain, const BarInput &bar, std::int64_t barIndex);

    std::shared_ptr<const Program> m_program;
    std::vector<double> m_values;
    std::vector<std::unique_ptr<ind::Indicator>> m_indicators;
    std::vector<char> m_indicatorFed;    // whether the indicator took this bar
    std::vector<Ring> m_histories;
    std::vector<double> m_crossPrevious; // two per cross slot
    std::vector<HigherBar> m_higher;     // per domain (index 0 unused)
    std::int64_t m_barCount = 0;
};

} // namespace bcf::strategy
