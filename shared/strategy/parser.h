#pragma once

#include "strategy/ast.h"

#include <expected>
#include <string_view>

namespace bcf::strategy {

// Reads a whole strategy. Stops at the first error (the editor shows one error at a time, where
// it happened) and enforces the source-size and nesting limits.
std::expected<StrategyAst, CompileError> parseStrategy(std::string_view source, const Limits &limits = {});

} // namespace bcf::strategy
