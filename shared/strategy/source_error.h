#pragma once

#include <string>

namespace bcf::strategy {

// Where something is in a strategy's source: 1-based line and column (columns count characters
// from the start of the line, a tab counting as one).
struct SourcePosition {
    int line = 1;
    int column = 1;
    friend bool operator==(const SourcePosition &, const SourcePosition &) = default;
};

// A compile error as the editor underlines it and the CLI prints it ("3:14: …"). `length` is how
// many characters to underline (at least 1).
struct CompileError {
    SourcePosition position;
    int length = 1;
    std::string message;

    std::string toString() const
    {
        return std::to_string(position.line) + ":" + std::to_string(position.column) + ": " + message;
    }
};

// Limits that keep anyone's strategy safe to run on the servers (docs/strategy-language.md).
struct Limits {
    std::size_t maxSourceBytes = 64 * 1024;
    int maxNesting = 64;            // parentheses, calls and operators nested in one expression
    std::size_t maxSeries = 2000;   // evaluated nodes after common subexpressions are merged
    std::size_t maxParams = 32;
    int maxLookback = 5000;         // largest n in x[n] and in window lengths
};

} // namespace bcf::strategy
