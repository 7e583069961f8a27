#pragma once

#include <string_view>
#include <vector>

namespace bcf::strategy {

// The strategies the editor offers under "New from template"; each compiles and is covered by
// the language tests.
struct StrategyTemplate {
    std::string_view id;      // "sma_cross"
    std::string_view title;   // "SMA cross"
    std::string_view source;
};

const std::vector<StrategyTemplate> &strategyTemplates();

} // namespace bcf::strategy
