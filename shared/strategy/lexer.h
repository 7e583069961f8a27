#pragma once

#include "strategy/source_error.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bcf::strategy {

enum class TokenKind {
    Identifier, // also keywords; the parser tells them apart by text, so `range` etc. stay usable as words
    Number,
    String,
    Percent,    // a number immediately followed by %: "2%"
    LeftParen, RightParen, LeftBracket, RightBracket, Comma, Dot, DotDot, Colon,
    Plus, Minus, Star, Slash, Caret,
    Less, LessEqual, Greater, GreaterEqual, EqualEqual, NotEqual, Assign,
    Newline,    // statements end at a line break (outside parentheses and brackets)
    End,
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::string_view text;  // the source characters of the token (a string's without quotes)
    double number = 0;      // Number and Percent
    SourcePosition position;
};

// Splits source into tokens. Comments run from '#' or "//" to the end of the line. Line breaks
// inside ( ) or [ ] are ignored, so long conditions can wrap. Fails on the first character that
// cannot start a token, an unterminated string, or a malformed number.
class Lexer final {
public:
    explicit Lexer(std::string_view source) : m_source(source) {}
    std::optional<std::vector<Token>> tokenize(CompileError &error);

private:
    std::string_view m_source;
};

std::string_view tokenKindName(TokenKind kind);

} // namespace bcf::strategy
