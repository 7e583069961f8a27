#include "strategy/lexer.h"

#include <cctype>
#include <charconv>

namespace bcf::strategy {

namespace {

bool isIdentifierStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isIdentifierPart(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

} // namespace

std::optional<std::vector<Token>> Lexer::tokenize(CompileError &error)
{
    std::vector<Token> tokens;
    std::size_t i = 0;
    int line = 1;
    std::size_t lineStart = 0;
    int depth = 0; // ( and [ nesting: newlines inside are not statement ends
    // Columns count characters, not bytes: UTF-8 continuation bytes are skipped. Positions are
    // asked for in increasing order, so the count advances incrementally (linear overall).
    std::size_t countedTo = 0;
    int countedColumns = 0;
    std::size_t countedLineStart = 0;
    const auto position = [&](std::size_t at) {
        if (countedLineStart != lineStart || at < countedTo) {
            countedLineStart = lineStart;
            countedTo = lineStart;
            countedColumns = 0;
        }
        for (; countedTo < at; ++countedTo)
            if ((static_cast<unsigned char>(m_source[countedTo]) & 0xC0) != 0x80)
                ++countedColumns;
        return SourcePosition{line, countedColumns + 1};
    };
    const auto fail = [&](std::size_t at, int length, std::string message) {
        error = CompileError{position(at), length, std::move(message)};
        return std::nullopt;
    };
    const auto push = [&](TokenKind kind, std::size_t at, std::size_t length) {
        tokens.push_back(Token{kind, m_source.substr(at, length), 0, position(at)});
    };

    while (i < m_source.size()) {
        const char c = m_source[i];
        if (c == '\n') {
            if (depth == 0 && !tokens.empty() && tokens.back().kind != TokenKind::Newline)
                push(TokenKind::Newline, i, 1);
            ++i;
            ++line;
            lineStart = i;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
            continue;
        }
        if (c == '#' || (c == '/' && i + 1 < m_source.size() && m_source[i + 1] == '/')) {
            while (i < m_source.size() && m_source[i] != '\n')
                ++i;
            continue;
        }
        if (isIdentifierStart(c)) {
            const std::size_t start = i;
            while (i < m_source.size() && isIdentifierPart(m_source[i]))
                ++i;
            push(TokenKind::Identifier, start, i - start);
            continue;
        }
        if (isDigit(c) || (c == '.' && i + 1 < m_source.size() && isDigit(m_source[i + 1]))) {
            const std::size_t start = i;
            while (i < m_source.size() && isDigit(m_source[i]))
                ++i;
            // "5..50" is a range: the dots belong to the range, not to the number.
            if (i + 1 < m_source.size() && m_source[i] == '.' && m_source[i + 1] != '.') {
                ++i;
                while (i < m_source.size() && isDigit(m_source[i]))
                    ++i;
            }
            if (i < m_source.size() && isIdentifierStart(m_source[i])) {
                // "1h" in a timeframe position is lexed as one identifier-like token by the
                // parser's request; anywhere else a letter glued to a number is an error.
                std::size_t end = i;
                while (end < m_source.size() && isIdentifierPart(m_source[end]))
                    ++end;
                return fail(start, static_cast<int>(end - start),
                            "'" + std::string(m_source.substr(start, end - start)) +
                                "' is not a number; put a space or an operator between a number and a name");
            }
            double value = 0;
            const auto text = m_source.substr(start, i - start);
            const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec != std::errc() || ptr != text.data() + text.size())
                return fail(start, static_cast<int>(text.size()), "'" + std::string(text) + "' is not a valid number");
            TokenKind kind = TokenKind::Number;
            std::size_t length = i - start;
            if (i < m_source.size() && m_source[i] == '%') {
                kind = TokenKind::Percent;
                ++i;
                ++length;
            }
            tokens.push_back(Token{kind, m_source.substr(start, length), value, position(start)});
            continue;
        }
        if (c == '"') {
            const std::size_t start = i++;
            while (i < m_source.size() && m_source[i] != '"' && m_source[i] != '\n')
                ++i;
            if (i >= m_source.size() || m_source[i] != '"')
                return fail(start, static_cast<int>(i - start), "this text has no closing '\"'");
            tokens.push_back(Token{TokenKind::String, m_source.substr(start + 1, i - start - 1), 0,
                                   position(start)});
            ++i;
            continue;
        }
        const char next = i + 1 < m_source.size() ? m_source[i + 1] : '\0';
        const auto two = [&](TokenKind kind) {
            push(kind, i, 2);
            i += 2;
        };
        const auto one = [&](TokenKind kind) {
            push(kind, i, 1);
            i += 1;
        };
        switch (c) {
        case '(': ++depth; one(TokenKind::LeftParen); break;
        case ')': depth = depth > 0 ? depth - 1 : 0; one(TokenKind::RightParen); break;
        case '[': ++depth; one(TokenKind::LeftBracket); break;
        case ']': depth = depth > 0 ? depth - 1 : 0; one(TokenKind::RightBracket); break;
        case ',': one(TokenKind::Comma); break;
        case ':': one(TokenKind::Colon); break;
        case '.': next == '.' ? two(TokenKind::DotDot) : one(TokenKind::Dot); break;
        case '+': one(TokenKind::Plus); break;
        case '-': one(TokenKind::Minus); break;
        case '*': one(TokenKind::Star); break;
        case '/': one(TokenKind::Slash); break;
        case '^': one(TokenKind::Caret); break;
        case '<': next == '=' ? two(TokenKind::LessEqual) : one(TokenKind::Less); break;
        case '>': next == '=' ? two(TokenKind::GreaterEqual) : one(TokenKind::Greater); break;
        case '=': next == '=' ? two(TokenKind::EqualEqual) : one(TokenKind::Assign); break;
        case '!':
            if (next == '=') {
                two(TokenKind::NotEqual);
                break;
            }
            return fail(i, 1, "'!' is not an operator here; write 'not' to negate a condition");
        default: {
            // The whole character (several bytes in UTF-8), so the message shows it as typed.
            std::size_t end = i + 1;
            while (end < m_source.size() && (static_cast<unsigned char>(m_source[end]) & 0xC0) == 0x80)
                ++end;
            const std::string character(m_source.substr(i, end - i));
            if (static_cast<unsigned char>(c) >= 0x80)
                return fail(i, 1, "unexpected character '" + character +
                                      "'; names use only the letters a–z, digits and '_'");
            return fail(i, 1, "unexpected character '" + character + "'");
        }
        }
    }
    if (!tokens.empty() && tokens.back().kind != TokenKind::Newline)
        tokens.push_back(Token{TokenKind::Newline, {}, 0, position(i)});
    tokens.push_back(Token{TokenKind::End, {}, 0, position(i)});
    return tokens;
}

std::string_view tokenKindName(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Identifier: return "a name";
    case TokenKind::Number: return "a number";
    case TokenKind::String: return "a text in quotes";
    case TokenKind::Percent: return "a percentage";
    case TokenKind::LeftParen: return "'('";
    case TokenKind::RightParen: return "')'";
    case TokenKind::LeftBracket: return "'['";
    case TokenKind::RightBracket: return "']'";
    case TokenKind::Comma: return "','";
    case TokenKind::Dot: return "'.'";
    case TokenKind::DotDot: return "'..'";
    case TokenKind::Colon: return "':'";
    case TokenKind::Plus: return "'+'";
    case TokenKind::Minus: return "'-'";
    case TokenKind::Star: return "'*'";
    case TokenKind::Slash: return "'/'";
    case TokenKind::Caret: return "'^'";
    case TokenKind::Less: return "'<'";
    case TokenKind::LessEqual: return "'<='";
    case TokenKind::Greater: return "'>'";
    case TokenKind::GreaterEqual: return "'>='";
    case TokenKind::EqualEqual: return "'=='";
    case TokenKind::NotEqual: return "'!='";
    case TokenKind::Assign: return "'='";
    case TokenKind::Newline: return "the end of the line";
    case TokenKind::End: return "the end of the strategy";
    }
    return "?";
}

} // namespace bcf::strategy
