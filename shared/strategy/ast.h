#pragma once

#include "strategy/lexer.h"
#include "strategy/source_error.h"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

// The syntax tree of a strategy, as the parser reads it. Names are not resolved yet; the
// compiler does that (and reports unknown names with their position).
namespace bcf::strategy {

struct Expr {
    enum class Kind { Number, Bool, String, Name, Call, Member, Index, Unary, Binary };
    Kind kind = Kind::Number;
    SourcePosition position;
    int length = 1;           // characters to underline
    int depth = 1;            // levels of the tree below and including this node
    double number = 0;        // Number, Bool (0/1), Index (the n of x[n] is args[1])
    std::string name;         // Name, Call (function), Member (output), String (text)
    TokenKind op = TokenKind::End; // Unary (Minus, or Identifier for `not`), Binary
    std::string opText;       // "and", "or", "not" or the operator's characters
    std::vector<std::unique_ptr<Expr>> args; // Call arguments; Member/Index/Unary/Binary operands
};
using ExprPtr = std::unique_ptr<Expr>;

enum class Direction { Long, Short };

struct ParamDecl {
    std::string name;
    SourcePosition position;
    double value = 0;
    bool hasRange = false;
    double min = 0;
    double max = 0;
    double step = 1;
    bool integer = true;      // all of value, bounds and step are whole numbers
};

struct LetDecl {
    std::string name;
    SourcePosition position;
    ExprPtr expr;
};

struct RuleDecl {
    Direction direction = Direction::Long;
    bool entry = true;
    SourcePosition position;
    ExprPtr condition;
};

enum class ProtectionKind { StopLoss, TakeProfit, TrailingStop };

// `stop_loss 2%` (percent of the entry price) or `stop_loss atr(14) * 2` (a price distance
// evaluated on the bar the entry is decided).
struct ProtectionDecl {
    ProtectionKind kind = ProtectionKind::StopLoss;
    SourcePosition position;
    bool isPercent = false;
    double percent = 0;
    ExprPtr distance;
};

enum class SizingMode { Units, PercentOfEquity, Cash, RiskPercent };

struct SizingDecl {
    SizingMode mode = SizingMode::PercentOfEquity;
    double value = 100;       // units, percent, or quote currency
    std::string text;         // the literal as written, for exact fixed-point conversion
    SourcePosition position;
};

// Entries only when the bar's UTC hour is in [fromHour, toHour) (wrapping past midnight when
// from > to) and its weekday is allowed. Exits are never filtered.
struct TimeFilterDecl {
    bool hasHours = false;
    int fromHour = 0;
    int toHour = 24;
    std::array<bool, 7> days{true, true, true, true, true, true, true}; // Monday = 0
    bool hasDays = false;
};

struct StrategyAst {
    std::string name;
    std::vector<ParamDecl> params;
    std::vector<LetDecl> lets;
    std::vector<RuleDecl> rules;
    std::vector<ProtectionDecl> protections;
    std::optional<SizingDecl> sizing;
    TimeFilterDecl timeFilter;
};

} // namespace bcf::strategy
