#pragma once

#include "strategy/ast.h"
#include "strategy/program.h"

#include <expected>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bcf::strategy {

// Parameter values by name; missing ones take the declared default.
using ParamValues = std::map<std::string, double, std::less<>>;

// Resolves names, checks types (numbers vs conditions), folds parameters into constants and
// flattens the expression graph. Errors point at the offending part of the source.
std::expected<std::shared_ptr<const Program>, CompileError>
compileAst(const StrategyAst &ast, const ParamValues &values = {}, const Limits &limits = {});

// parseStrategy + compileAst.
std::expected<std::shared_ptr<const Program>, CompileError>
compileStrategy(std::string_view source, const ParamValues &values = {}, const Limits &limits = {});

// The language's own functions and series (not the indicators), for completion and the docs.
struct BuiltinInfo {
    std::string_view name;
    std::string_view signature;   // "crossover(a, b)"; series have no parentheses
    std::string_view description;
    bool isSeries = false;
};
const std::vector<BuiltinInfo> &builtins();

// Words with a meaning of their own in the language, for highlighting.
const std::vector<std::string_view> &keywords();

} // namespace bcf::strategy
