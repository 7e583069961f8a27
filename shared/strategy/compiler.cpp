#include "strategy/compiler.h"

#include "core/decimal.h"
#include "strategy/parser.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <regex>
#include <set>

namespace bcf::strategy {

namespace {

struct SeriesInfo {
    std::string_view name;
    Op op;
    std::string_view description;
    bool calendar = false;
};

constexpr SeriesInfo kSeries[] = {
    {"open", Op::Open, "the bar's opening price"},
    {"high", Op::High, "the bar's highest price"},
    {"low", Op::Low, "the bar's lowest price"},
    {"close", Op::Close, "the bar's closing price"},
    {"volume", Op::Volume, "the bar's volume in the base asset"},
    {"hl2", Op::Hl2, "(high + low) / 2"},
    {"hlc3", Op::Hlc3, "(high + low + close) / 3"},
    {"ohlc4", Op::Ohlc4, "(open + high + low + close) / 4"},
    {"hour", Op::Hour, "the bar's opening hour, 0–23 UTC", true},
    {"minute", Op::Minute, "the bar's opening minute, 0–59", true},
    {"dayofweek", Op::DayOfWeek, "the bar's weekday, Monday = 0 … Sunday = 6 (UTC)", true},
    {"dayofmonth", Op::DayOfMonth, "the bar's day of the month, 1–31 (UTC)", true},
    {"month", Op::Month, "the bar's month, 1–12 (UTC)", true},
    {"bar_index", Op::BarIndex, "the number of bars before this one"},
};

struct FunctionInfo {
    std::string_view name;
    int minArgs;
    int maxArgs;
    std::string_view signature;
    std::string_view description;
};

constexpr FunctionInfo kFunctions[] = {
    {"abs", 1, 1, "abs(x)", "absolute value"},
    {"sqrt", 1, 1, "sqrt(x)", "square root (missing for negative x)"},
    {"log", 1, 1, "log(x)", "natural logarithm (missing for x ≤ 0)"},
    {"exp", 1, 1, "exp(x)", "e raised to x"},
    {"floor", 1, 1, "floor(x)", "rounds down"},
    {"ceil", 1, 1, "ceil(x)", "rounds up"},
    {"round", 1, 1, "round(x)", "rounds to the nearest whole number"},
    {"sign", 1, 1, "sign(x)", "-1, 0 or 1"},
    {"min", 2, 2, "min(a, b)", "the smaller of two values"},
    {"max", 2, 2, "max(a, b)", "the larger of two values"},
    {"pow", 2, 2, "pow(a, b)", "a raised to b (also written a ^ b)"},
    {"iff", 3, 3, "iff(condition, a, b)", "a when the condition holds, b otherwise"},
    {"nz", 1, 2, "nz(x, replacement = 0)", "x, or the replacement while x is missing"},
    {"na", 1, 1, "na(x)", "true while x is missing (warming up)"},
    {"crossover", 2, 2, "crossover(a, b)", "true on the bar a moves above b"},
    {"crossunder", 2, 2, "crossunder(a, b)", "true on the bar a moves below b"},
    {"cross", 2, 2, "cross(a, b)", "true on the bar a crosses b either way"},
    {"change", 1, 2, "change(x, n = 1)", "x minus its value n bars ago"},
    {"rising", 1, 2, "rising(x, n = 1)", "true when x is above its value n bars ago"},
    {"falling", 1, 2, "falling(x, n = 1)", "true when x is below its value n bars ago"},
    {"tf", 2, 2, "tf(\"1h\", expression)",
     "the expression on a higher timeframe, as of its last closed bar"},
    {"sentiment", 1, 1, "sentiment(\"BTC\")",
     "the mean news sentiment (-1 … 1) of the asset over the 24 hours before this bar's close; missing "
     "without news"},
    {"predict", 1, 1, "predict(\"model\")",
     "the live version of a trained model: its prediction made at this bar's close (a log return, "
     "or the probability of a rise); missing where the model has none"},
};

const SeriesInfo *findSeries(std::string_view name)
{
    for (const auto &series : kSeries)
        if (series.name == name)
            return &series;
    return nullptr;
}

const FunctionInfo *findFunction(std::string_view name)
{
    for (const auto &function : kFunctions)
        if (function.name == name)
            return &function;
    return nullptr;
}

std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string formatNumber(double value)
{
    if (std::floor(value) == value && std::fabs(value) < 1e15)
        return std::to_string(static_cast<long long>(value));
    std::string text = std::to_string(value);
    text.erase(text.find_last_not_of('0') + 1);
    return text;
}

struct CompileFailure {
    CompileError error;
};

class Compiler final {
public:
    Compiler(const StrategyAst &ast, const ParamValues &values, const Limits &limits)
        : m_ast(ast), m_values(values), m_limits(limits)
    {
    }

    std::shared_ptr<const Program> compile()
    {
        m_program = std::make_shared<Program>();
        m_program->name = m_ast.name.empty() ? "Untitled strategy" : m_ast.name;
        m_program->domains.emplace_back();
        m_program->timeFilter = m_ast.timeFilter;
        m_program->needsCalendar = m_ast.timeFilter.hasHours || m_ast.timeFilter.hasDays;
        declareParams();
        declareLets();

        // Every let is compiled, used or not: its errors are shown and the chart can plot it.
        for (const LetDecl &decl : m_ast.lets) {
            Expr reference;
            reference.kind = Expr::Kind::Name;
            reference.name = decl.name;
            reference.position = decl.position;
            reference.length = static_cast<int>(decl.name.size());
            m_program->namedSeries.emplace_back(decl.name, compileExpr(reference, 0));
        }
        for (const RuleDecl &rule : m_ast.rules) {
            NodeId *target = rule.direction == Direction::Long ? (rule.entry ? &m_program->longEntry : &m_program->longExit)
                                                               : (rule.entry ? &m_program->shortEntry : &m_program->shortExit);
            const std::string what = std::string(rule.direction == Direction::Long ? "long " : "short ") +
                                     (rule.entry ? "entry" : "exit");
            if (*target != kNoNode)
                fail(rule.position, 4, "'" + what + "' is already defined; combine the conditions with 'or'");
            *target = condition(*rule.condition, "the " + what + " rule");
        }
        if (m_program->longEntry == kNoNode && m_program->shortEntry == kNoNode)
            fail({1, 1}, 1, "the strategy has no entry rule; add 'long entry when …' or 'short entry when …'");

        for (const ProtectionDecl &decl : m_ast.protections) {
            Protection protection;
            protection.enabled = true;
            protection.isPercent = decl.isPercent;
            protection.percent = decl.percent;
            if (!decl.isPercent)
                protection.distance = number(*decl.distance, "a price distance");
            (decl.kind == ProtectionKind::StopLoss       ? m_program->stopLoss
             : decl.kind == ProtectionKind::TakeProfit ? m_program->takeProfit
                                                       : m_program->trailingStop) = protection;
        }
        m_program->sizing = m_ast.sizing.value_or(SizingDecl{SizingMode::PercentOfEquity, 100, "100", {}});
        const SizingDecl &sizing = m_program->sizing;
        if (sizing.mode == SizingMode::Units || sizing.mode == SizingMode::Cash) {
            std::int64_t raw = 0;
            std::string problem;
            if (sizing.mode == SizingMode::Units) {
                const auto quantity = Quantity::parse(sizing.text);
                quantity ? void(raw = quantity->raw()) : void(problem = quantity.error().message);
            } else {
                const auto cash = Money::parse(sizing.text);
                cash ? void(raw = cash->raw()) : void(problem = cash.error().message);
            }
            if (!problem.empty())
                fail(sizing.position, 4, "the size " + sizing.text + " cannot be used: " + problem);
            if (raw <= 0)
                fail(sizing.position, 4, "the size must be greater than zero");
        }
        if (m_program->sizing.mode == SizingMode::RiskPercent && !m_program->stopLoss.enabled)
            fail(m_program->sizing.position, 4,
                 "'size risk' sizes a trade by its stop distance, so it needs a 'stop_loss'");

        if (m_program->nodes.size() > m_limits.maxSeries)
            fail({1, 1}, 1, "the strategy needs " + std::to_string(m_program->nodes.size()) +
                                " series; the limit is " + std::to_string(m_limits.maxSeries));
        return m_program;
    }

private:
    [[noreturn]] void fail(SourcePosition position, int length, std::string message) const
    {
        throw CompileFailure{CompileError{position, std::max(1, length), std::move(message)}};
    }
    [[noreturn]] void fail(const Expr &expr, std::string message) const
    {
        fail(expr.position, expr.length, std::move(message));
    }

    void checkFreeName(const std::string &name, SourcePosition position) const
    {
        const int length = static_cast<int>(name.size());
        if (findSeries(name))
            fail(position, length, "'" + name + "' is a built-in series; choose another name");
        if (findFunction(name) || ind::findIndicator(name))
            fail(position, length, "'" + name + "' is a built-in function; choose another name");
        const auto &words = keywords();
        if (std::find(words.begin(), words.end(), name) != words.end())
            fail(position, length, "'" + name + "' is a word of the language; choose another name");
        if (m_params.contains(name) || m_lets.contains(name))
            fail(position, length, "'" + name + "' is already defined");
    }

    void declareParams()
    {
        for (const ParamDecl &decl : m_ast.params) {
            checkFreeName(decl.name, decl.position);
            double value = decl.value;
            if (const auto it = m_values.find(decl.name); it != m_values.end()) {
                value = it->second;
                if (decl.hasRange && (value < decl.min || value > decl.max))
                    fail(decl.position, static_cast<int>(decl.name.size()),
                         "parameter '" + decl.name + "' = " + formatNumber(value) + " is outside its range " +
                             formatNumber(decl.min) + ".." + formatNumber(decl.max));
                if (decl.integer && std::floor(value) != value)
                    fail(decl.position, static_cast<int>(decl.name.size()),
                         "parameter '" + decl.name + "' must be a whole number, not " + formatNumber(value));
            }
            m_params[decl.name] = value;
            m_program->params.push_back(ResolvedParam{decl, value});
        }
        for (const auto &[name, value] : m_values)
            if (!m_params.contains(name))
                fail({1, 1}, 1, "the strategy has no parameter named '" + name + "'");
    }

    void declareLets()
    {
        for (const LetDecl &decl : m_ast.lets) {
            checkFreeName(decl.name, decl.position);
            m_lets[decl.name] = &decl;
        }
    }

    // ---- node creation with common-subexpression merging ----

    NodeId addNode(Node node, const std::string &extraKey = {})
    {
        std::string key;
        key.reserve(64);
        key += std::to_string(static_cast<int>(node.op)) + '|' + std::to_string(static_cast<int>(node.type)) + '|' +
               std::to_string(node.domain) + '|' +
               std::to_string(node.a) + '|' + std::to_string(node.b) + '|' + std::to_string(node.c) + '|' +
               std::to_string(std::bit_cast<std::uint64_t>(node.constant)) + '|' + extraKey;
        if (const auto it = m_merged.find(key); it != m_merged.end())
            return it->second;
        const auto id = static_cast<NodeId>(m_program->nodes.size());
        if (m_program->nodes.size() >= m_limits.maxSeries)
            fail({1, 1}, 1, "the strategy needs more than " + std::to_string(m_limits.maxSeries) +
                                " series, the limit");
        if (node.op == Op::Crossover || node.op == Op::Crossunder || node.op == Op::Cross)
            node.slot = m_program->crossSlots++;
        if (node.op == Op::History) {
            node.slot = static_cast<std::int32_t>(m_program->historyLengths.size());
            m_program->historyLengths.push_back(node.c + 1);
            node.c = kNoNode; // the length lives in historyLengths
        }
        m_program->nodes.push_back(node);
        m_program->domains[node.domain].nodes.push_back(id);
        m_merged.emplace(std::move(key), id);
        return id;
    }

    NodeId constant(double value, std::uint8_t domain)
    {
        Node node;
        node.op = Op::Constant;
        node.constant = value;
        node.domain = domain;
        return addNode(node);
    }

    NodeId unaryNode(Op op, NodeId a, ValueType type, std::uint8_t domain)
    {
        Node node;
        node.op = op;
        node.a = a;
        node.type = type;
        node.domain = domain;
        return addNode(node);
    }

    NodeId binaryNode(Op op, NodeId a, NodeId b, ValueType type, std::uint8_t domain)
    {
        Node node;
        node.op = op;
        node.a = a;
        node.b = b;
        node.type = type;
        node.domain = domain;
        return addNode(node);
    }

    NodeId historyNode(NodeId a, int bars, std::uint8_t domain)
    {
        if (bars == 0)
            return a;
        Node node;
        node.op = Op::History;
        node.a = a;
        node.c = bars;
        node.type = typeOf(a);
        node.domain = domain;
        return addNode(node);
    }

    ValueType typeOf(NodeId id) const { return m_program->nodes[static_cast<std::size_t>(id)].type; }

    // ---- expressions ----

    NodeId number(const Expr &expr, std::string_view what, std::uint8_t domain = 0)
    {
        const NodeId id = compileExpr(expr, domain);
        if (typeOf(id) != ValueType::Number)
            fail(expr, "expected " + std::string(what) + " here, but this is a condition (true/false)");
        return id;
    }

    NodeId condition(const Expr &expr, std::string_view what, std::uint8_t domain = 0)
    {
        const NodeId id = compileExpr(expr, domain);
        if (typeOf(id) != ValueType::Boolean)
            fail(expr, std::string(what) + " needs a condition (such as 'a > b' or 'crossover(a, b)'), "
                                           "but this is a number");
        return id;
    }

    // A value known when compiling: numbers, parameters and arithmetic on them.
    std::optional<double> constantValue(const Expr &expr) const
    {
        switch (expr.kind) {
        case Expr::Kind::Number: return expr.number;
        case Expr::Kind::Name:
            if (const auto it = m_params.find(expr.name); it != m_params.end())
                return it->second;
            return std::nullopt;
        case Expr::Kind::Unary:
            if (expr.op == TokenKind::Minus)
                if (const auto v = constantValue(*expr.args[0]))
                    return -*v;
            return std::nullopt;
        case Expr::Kind::Binary: {
            const auto a = constantValue(*expr.args[0]);
            const auto b = constantValue(*expr.args[1]);
            if (!a || !b)
                return std::nullopt;
            switch (expr.op) {
            case TokenKind::Plus: return *a + *b;
            case TokenKind::Minus: return *a - *b;
            case TokenKind::Star: return *a * *b;
            case TokenKind::Slash: return *b == 0 ? std::nullopt : std::optional<double>(*a / *b);
            case TokenKind::Caret: return std::pow(*a, *b);
            default: return std::nullopt;
            }
        }
        default: return std::nullopt;
        }
    }

    double requireConstant(const Expr &expr, std::string_view what) const
    {
        const auto value = constantValue(expr);
        if (!value)
            fail(expr, std::string(what) + " must be a fixed number or a parameter, not a series");
        return *value;
    }

    int requireBarCount(const Expr &expr, std::string_view what, int minimum) const
    {
        const double value = requireConstant(expr, what);
        if (std::floor(value) != value || value < minimum || value > m_limits.maxLookback)
            fail(expr, std::string(what) + " must be a whole number from " + std::to_string(minimum) + " to " +
                           std::to_string(m_limits.maxLookback) + ", not " + formatNumber(value));
        return static_cast<int>(value);
    }

    NodeId compileExpr(const Expr &expr, std::uint8_t domain)
    {
        switch (expr.kind) {
        case Expr::Kind::Number: return constant(expr.number, domain);
        case Expr::Kind::Bool: {
            Node node;
            node.op = Op::Constant;
            node.constant = expr.number;
            node.type = ValueType::Boolean;
            node.domain = domain;
            return addNode(node);
        }
        case Expr::Kind::String:
            fail(expr, "text in quotes is only used as tf()'s timeframe, as in tf(\"1h\", close)");
        case Expr::Kind::Name: return name(expr, domain);
        case Expr::Kind::Call: return call(expr, domain);
        case Expr::Kind::Member: return member(expr, domain);
        case Expr::Kind::Index: {
            const NodeId base = compileExpr(*expr.args[0], domain);
            const int bars = requireBarCount(*expr.args[1], "the number of bars back in '[ ]'", 0);
            return historyNode(base, bars, domain);
        }
        case Expr::Kind::Unary: {
            if (expr.op == TokenKind::Minus)
                return unaryNode(Op::Neg, number(*expr.args[0], "a number after '-'", domain), ValueType::Number, domain);
            return unaryNode(Op::Not, condition(*expr.args[0], "'not'", domain), ValueType::Boolean, domain);
        }
        case Expr::Kind::Binary: return binary(expr, domain);
        }
        fail(expr, "unsupported expression");
    }

    NodeId name(const Expr &expr, std::uint8_t domain)
    {
        if (const SeriesInfo *series = findSeries(expr.name)) {
            if (series->calendar)
                m_program->needsCalendar = true;
            Node node;
            node.op = series->op;
            node.domain = domain;
            return addNode(node);
        }
        if (const auto it = m_params.find(expr.name); it != m_params.end())
            return constant(it->second, domain);
        if (const auto it = m_lets.find(expr.name); it != m_lets.end()) {
            const auto key = std::make_pair(expr.name, domain);
            if (const auto done = m_letNodes.find(key); done != m_letNodes.end())
                return done->second;
            if (m_letsInProgress.contains(expr.name))
                fail(expr, "'" + expr.name + "' is defined in terms of itself");
            if (m_letsInProgress.size() >= 256)
                fail(expr, "lets refer to lets more than 256 deep here; shorten the chain");
            m_letsInProgress.insert(expr.name);
            const NodeId id = compileExpr(*it->second->expr, domain);
            m_letsInProgress.erase(expr.name);
            m_letNodes[key] = id;
            return id;
        }
        if (findFunction(expr.name) || ind::findIndicator(expr.name))
            fail(expr, "'" + expr.name + "' is a function; call it with arguments, as in " + expr.name + "(…)");
        fail(expr, "'" + expr.name + "' is not defined" + suggestion(expr.name, true));
    }

    std::string suggestion(const std::string &name, bool includeSeries) const
    {
        std::string best;
        std::size_t bestDistance = 3;
        const auto consider = [&](std::string_view candidate) {
            const std::size_t d = editDistance(name, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = std::string(candidate);
            }
        };
        for (const auto &function : kFunctions)
            consider(function.name);
        for (const auto &spec : ind::catalog())
            consider(spec.name);
        if (includeSeries) {
            for (const auto &series : kSeries)
                consider(series.name);
            for (const auto &[param, value] : m_params)
                consider(param);
            for (const auto &[let, decl] : m_lets)
                consider(let);
        }
        return best.empty() ? std::string() : "; did you mean '" + best + "'?";
    }

    NodeId binary(const Expr &expr, std::uint8_t domain)
    {
        const std::string &op = expr.opText;
        if (op == "and" || op == "or") {
            const NodeId a = condition(*expr.args[0], "'" + op + "'", domain);
            const NodeId b = condition(*expr.args[1], "'" + op + "'", domain);
            return binaryNode(op == "and" ? Op::And : Op::Or, a, b, ValueType::Boolean, domain);
        }
        const NodeId a = compileExpr(*expr.args[0], domain);
        const NodeId b = compileExpr(*expr.args[1], domain);
        const bool comparison = expr.op == TokenKind::Less || expr.op == TokenKind::LessEqual ||
                                expr.op == TokenKind::Greater || expr.op == TokenKind::GreaterEqual ||
                                expr.op == TokenKind::EqualEqual || expr.op == TokenKind::NotEqual;
        const bool equality = expr.op == TokenKind::EqualEqual || expr.op == TokenKind::NotEqual;
        if (!(equality && typeOf(a) == typeOf(b))) {
            if (typeOf(a) != ValueType::Number)
                fail(*expr.args[0], "'" + op + "' needs a number on its left, but this is a condition");
            if (typeOf(b) != ValueType::Number)
                fail(*expr.args[1], "'" + op + "' needs a number on its right, but this is a condition");
        }
        Op code = Op::Add;
        switch (expr.op) {
        case TokenKind::Plus: code = Op::Add; break;
        case TokenKind::Minus: code = Op::Sub; break;
        case TokenKind::Star: code = Op::Mul; break;
        case TokenKind::Slash: code = Op::Div; break;
        case TokenKind::Caret: code = Op::Pow; break;
        case TokenKind::Less: code = Op::Less; break;
        case TokenKind::LessEqual: code = Op::LessEqual; break;
        case TokenKind::Greater: code = Op::Greater; break;
        case TokenKind::GreaterEqual: code = Op::GreaterEqual; break;
        case TokenKind::EqualEqual: code = Op::Equal; break;
        case TokenKind::NotEqual: code = Op::NotEqual; break;
        default: fail(expr, "unknown operator '" + op + "'");
        }
        return binaryNode(code, a, b, comparison ? ValueType::Boolean : ValueType::Number, domain);
    }

    NodeId member(const Expr &expr, std::uint8_t domain)
    {
        const NodeId base = compileExpr(*expr.args[0], domain);
        const Node &node = m_program->nodes[static_cast<std::size_t>(base)];
        if (node.op != Op::Indicator)
            fail(expr, "'." + expr.name + "' reads an output of an indicator, as in 'macd(close).signal'");
        const ind::IndicatorSpec &spec = *m_program->indicators[static_cast<std::size_t>(node.slot)].spec;
        for (std::size_t i = 0; i < spec.outputs.size(); ++i) {
            if (spec.outputs[i] != expr.name)
                continue;
            if (i == 0)
                return base;
            Node output;
            output.op = Op::IndicatorOutput;
            output.a = base;
            output.c = static_cast<NodeId>(i);
            output.domain = domain;
            output.type = isPattern(spec) ? ValueType::Boolean : ValueType::Number;
            return addNode(output);
        }
        std::string names;
        for (const auto &output : spec.outputs)
            names += (names.empty() ? "" : ", ") + std::string(output);
        fail(expr, std::string(spec.name) + " has no output '" + expr.name + "' (its outputs: " + names + ")");
    }

    static bool isPattern(const ind::IndicatorSpec &spec) { return spec.category == "Pattern"; }

    void checkArity(const Expr &expr, int minArgs, int maxArgs, std::string_view signature) const
    {
        const int count = static_cast<int>(expr.args.size());
        if (count < minArgs || count > maxArgs) {
            const std::string expected = minArgs == maxArgs ? std::to_string(minArgs)
                                                            : std::to_string(minArgs) + " to " + std::to_string(maxArgs);
            fail(expr, expr.name + " takes " + expected + " argument" + (maxArgs == 1 ? "" : "s") + " (" +
                           std::string(signature) + "), but was given " + std::to_string(count));
        }
    }

    NodeId call(const Expr &expr, std::uint8_t domain)
    {
        if (const ind::IndicatorSpec *spec = ind::findIndicator(expr.name))
            return indicator(expr, *spec, domain);
        const FunctionInfo *function = findFunction(expr.name);
        if (!function) {
            if (findSeries(expr.name) || m_params.contains(expr.name) || m_lets.contains(expr.name))
                fail(expr, "'" + expr.name + "' is a series, not a function; use it without '( )'" +
                               std::string(m_lets.contains(expr.name) || findSeries(expr.name)
                                               ? " (use '" + expr.name + "[1]' for its previous value)"
                                               : ""));
            fail(expr, "unknown function '" + expr.name + "'" + suggestion(expr.name, false));
        }
        checkArity(expr, function->minArgs, function->maxArgs, function->signature);
        const std::string_view name = function->name;
        const auto arg = [&](std::size_t i) -> const Expr & { return *expr.args[i]; };
        const auto num = [&](std::size_t i) { return number(arg(i), "a number", domain); };

        struct Unary {
            std::string_view name;
            Op op;
        };
        static constexpr Unary unaryFunctions[] = {{"abs", Op::Abs}, {"sqrt", Op::Sqrt}, {"log", Op::Log},
                                                   {"exp", Op::Exp}, {"floor", Op::Floor}, {"ceil", Op::Ceil},
                                                   {"round", Op::Round}, {"sign", Op::Sign}};
        for (const auto &u : unaryFunctions)
            if (u.name == name)
                return unaryNode(u.op, num(0), ValueType::Number, domain);
        if (name == "min" || name == "max" || name == "pow")
            return binaryNode(name == "min" ? Op::Min : name == "max" ? Op::Max : Op::Pow, num(0), num(1),
                              ValueType::Number, domain);
        if (name == "iff") {
            const NodeId test = condition(arg(0), "iff's first argument", domain);
            const NodeId a = compileExpr(arg(1), domain);
            const NodeId b = compileExpr(arg(2), domain);
            if (typeOf(a) != typeOf(b))
                fail(expr, "iff's two values must both be numbers or both be conditions");
            Node node;
            node.op = Op::Iff;
            node.a = test;
            node.b = a;
            node.c = b;
            node.type = typeOf(a);
            node.domain = domain;
            return addNode(node);
        }
        if (name == "nz")
            return binaryNode(Op::Nz, num(0), expr.args.size() > 1 ? num(1) : constant(0, domain), ValueType::Number,
                              domain);
        if (name == "na")
            return unaryNode(Op::IsNa, compileExpr(arg(0), domain), ValueType::Boolean, domain);
        if (name == "crossover" || name == "crossunder" || name == "cross")
            return binaryNode(name == "crossover" ? Op::Crossover : name == "crossunder" ? Op::Crossunder : Op::Cross,
                              num(0), num(1), ValueType::Boolean, domain);
        if (name == "change" || name == "rising" || name == "falling") {
            const NodeId x = num(0);
            const int bars = expr.args.size() > 1 ? requireBarCount(arg(1), std::string(name) + "'s bar count", 1) : 1;
            const NodeId past = historyNode(x, bars, domain);
            if (name == "change")
                return binaryNode(Op::Sub, x, past, ValueType::Number, domain);
            return binaryNode(name == "rising" ? Op::Greater : Op::Less, x, past, ValueType::Boolean, domain);
        }
        if (name == "tf")
            return higherTimeframe(expr, domain);
        if (name == "predict" || name == "sentiment")
            return external(expr, domain);
        fail(expr, "unknown function '" + expr.name + "'");
    }

    // predict("model"), sentiment("BTC"): series the runner supplies per bar (Program::externals).
    NodeId external(const Expr &expr, std::uint8_t domain)
    {
        const bool sentiment = expr.name == "sentiment";
        const std::string function = sentiment ? "sentiment()" : "predict()";
        if (domain != 0)
            fail(expr, function + " cannot be used inside tf(): it is read on the strategy's own bars");
        const Expr &model = *expr.args[0];
        if (model.kind != Expr::Kind::String)
            fail(model, sentiment ? "sentiment()'s argument is an asset in quotes, such as \"BTC\""
                                  : "predict()'s argument is a model name in quotes, such as \"btc-lstm\"");
        static const std::regex validName("^[a-z0-9][a-z0-9._-]{0,63}(@[1-9][0-9]{0,8})?$");
        static const std::regex validAsset("^[A-Z0-9]{2,12}$");
        if (sentiment && !std::regex_match(model.name, validAsset))
            fail(model, "'" + model.name + "' is not an asset ticker (2 to 12 of A-Z and 0-9, such as \"BTC\")");
        if (!sentiment && !std::regex_match(model.name, validName))
            fail(model, "'" + model.name + "' is not a model name (a-z, 0-9, '.', '_', '-'; optionally @version)");
        const std::string key = (sentiment ? "sentiment:" : "predict:") + model.name;
        auto &externals = m_program->externals;
        const auto found = std::find(externals.begin(), externals.end(), key);
        const auto slot = static_cast<std::int32_t>(found - externals.begin());
        if (found == externals.end())
            externals.push_back(key);
        Node node;
        node.op = Op::External;
        node.slot = slot;
        node.domain = domain;
        return addNode(node, key);
    }

    NodeId higherTimeframe(const Expr &expr, std::uint8_t domain)
    {
        if (domain != 0)
            fail(expr, "tf() cannot be used inside another tf()");
        const Expr &frame = *expr.args[0];
        if (frame.kind != Expr::Kind::String)
            fail(frame, "tf()'s first argument is a timeframe in quotes, such as \"1h\" or \"1d\"");
        const auto timeframe = model::parseTimeframe(frame.name);
        if (!timeframe)
            fail(frame, "'" + frame.name + "' is not a timeframe; use 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, "
                                           "1d, 3d, 1w or 1M");
        std::uint8_t inner = 0;
        for (std::size_t d = 1; d < m_program->domains.size(); ++d)
            if (m_program->domains[d].timeframe == timeframe)
                inner = static_cast<std::uint8_t>(d);
        if (inner == 0) {
            if (m_program->domains.size() >= 8)
                fail(expr, "a strategy may use at most 7 higher timeframes");
            inner = static_cast<std::uint8_t>(m_program->domains.size());
            m_program->domains.push_back(Domain{timeframe, {}});
        }
        const NodeId value = compileExpr(*expr.args[1], inner);
        Node node;
        node.op = Op::FromTimeframe;
        node.a = value;
        node.type = typeOf(value);
        node.domain = domain;
        return addNode(node);
    }

    NodeId indicator(const Expr &expr, const ind::IndicatorSpec &spec, std::uint8_t domain)
    {
        const std::size_t sources =
            static_cast<std::size_t>(std::count(spec.inputs.begin(), spec.inputs.end(), ind::Input::Source));
        std::string signature = std::string(spec.name) + "(";
        for (std::size_t i = 0; i < sources; ++i)
            signature += i == 0 ? "source" : ", source";
        for (std::size_t i = 0; i < spec.params.size(); ++i)
            signature += (i == 0 && sources == 0 ? "" : ", ") + std::string(spec.params[i].name) + " = " +
                         formatNumber(spec.params[i].defaultValue);
        signature += ")";
        checkArity(expr, static_cast<int>(sources), static_cast<int>(sources + spec.params.size()), signature);

        IndicatorUse use;
        use.spec = &spec;
        std::string key = std::string(spec.name);
        for (std::size_t i = 0; i < spec.params.size(); ++i) {
            const std::size_t argIndex = sources + i;
            const double value = argIndex < expr.args.size()
                                     ? requireConstant(*expr.args[argIndex], std::string(spec.name) + "'s " +
                                                                                 std::string(spec.params[i].name))
                                     : spec.params[i].defaultValue;
            use.params.push_back(value);
            key += '|' + std::to_string(std::bit_cast<std::uint64_t>(value));
        }
        if (const auto problem = ind::validateParams(spec, use.params)) {
            // Underline the parameter that is wrong when it was written out, else the call.
            const Expr *at = &expr;
            for (std::size_t i = 0; i < spec.params.size(); ++i) {
                const ind::ParamSpec &param = spec.params[i];
                const double value = use.params[i];
                const bool bad = value < param.min || value > param.max || (param.integer && std::floor(value) != value);
                if (bad) {
                    if (sources + i < expr.args.size())
                        at = expr.args[sources + i].get();
                    break;
                }
            }
            fail(*at, *problem);
        }
        std::size_t sourceIndex = 0;
        for (const ind::Input input : spec.inputs) {
            NodeId id = kNoNode;
            if (input == ind::Input::Source) {
                id = number(*expr.args[sourceIndex++], std::string(spec.name) + "'s source series", domain);
            } else {
                Node field;
                field.domain = domain;
                field.op = input == ind::Input::Open   ? Op::Open
                           : input == ind::Input::High ? Op::High
                           : input == ind::Input::Low  ? Op::Low
                           : input == ind::Input::Close ? Op::Close
                                                        : Op::Volume;
                id = addNode(field);
            }
            use.inputs.push_back(id);
            key += '|' + std::to_string(id);
        }
        Node node;
        node.op = Op::Indicator;
        node.domain = domain;
        node.type = isPattern(spec) ? ValueType::Boolean : ValueType::Number;
        if (const auto it = m_indicatorNodes.find(key + '|' + std::to_string(domain)); it != m_indicatorNodes.end())
            return it->second;
        if (m_program->indicators.size() >= 256)
            fail(expr, "a strategy may use at most 256 indicators");
        node.slot = static_cast<std::int32_t>(m_program->indicators.size());
        m_program->indicators.push_back(std::move(use));
        const NodeId id = addNode(node, key);
        m_indicatorNodes[key + '|' + std::to_string(domain)] = id;
        return id;
    }

    const StrategyAst &m_ast;
    const ParamValues &m_values;
    const Limits &m_limits;
    std::shared_ptr<Program> m_program;
    std::map<std::string, double, std::less<>> m_params;
    std::map<std::string, const LetDecl *, std::less<>> m_lets;
    std::map<std::pair<std::string, std::uint8_t>, NodeId> m_letNodes;
    std::set<std::string> m_letsInProgress;
    std::map<std::string, NodeId> m_merged;
    std::map<std::string, NodeId> m_indicatorNodes;
};

} // namespace

std::expected<std::shared_ptr<const Program>, CompileError>
compileAst(const StrategyAst &ast, const ParamValues &values, const Limits &limits)
{
    try {
        return Compiler(ast, values, limits).compile();
    } catch (const CompileFailure &failure) {
        return std::unexpected(failure.error);
    }
}

std::expected<std::shared_ptr<const Program>, CompileError>
compileStrategy(std::string_view source, const ParamValues &values, const Limits &limits)
{
    auto ast = parseStrategy(source, limits);
    if (!ast)
        return std::unexpected(ast.error());
    return compileAst(*ast, values, limits);
}

const std::vector<BuiltinInfo> &builtins()
{
    static const std::vector<BuiltinInfo> all = [] {
        std::vector<BuiltinInfo> list;
        for (const auto &series : kSeries)
            list.push_back({series.name, series.name, series.description, true});
        for (const auto &function : kFunctions)
            list.push_back({function.name, function.signature, function.description, false});
        return list;
    }();
    return all;
}

const std::vector<std::string_view> &keywords()
{
    static const std::vector<std::string_view> words = {
        "strategy", "param", "range", "step", "let", "long", "short", "entry", "exit", "when",
        "stop_loss", "take_profit", "trailing_stop", "size", "of", "equity", "cash", "units", "risk",
        "hours", "days", "and", "or", "not", "true", "false", "mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    return words;
}

} // namespace bcf::strategy
