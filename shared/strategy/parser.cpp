#include "strategy/parser.h"

#include <cmath>
#include <set>

namespace bcf::strategy {

namespace {

const std::set<std::string_view> kStatementKeywords = {
    "strategy", "param", "let", "long", "short", "stop_loss", "take_profit", "trailing_stop",
    "size", "hours", "days"};

// Thrown only inside this file to unwind to parseStrategy(); never crosses the API.
struct ParseFailure {
    CompileError error;
};

class Parser final {
public:
    Parser(std::vector<Token> tokens, const Limits &limits) : m_tokens(std::move(tokens)), m_limits(limits) {}

    StrategyAst parse()
    {
        skipNewlines();
        while (peek().kind != TokenKind::End) {
            statement();
            if (peek().kind == TokenKind::Newline)
                skipNewlines();
            else if (peek().kind != TokenKind::End && !isStatementStart(peek()))
                fail(peek(), "expected the end of the line here, found " + describe(peek()));
        }
        return std::move(m_ast);
    }

private:
    const Token &peek(std::size_t ahead = 0) const
    {
        return m_tokens[std::min(m_index + ahead, m_tokens.size() - 1)];
    }
    const Token &next() { return m_tokens[std::min(m_index++, m_tokens.size() - 1)]; }
    bool isWord(const Token &token, std::string_view word) const
    {
        return token.kind == TokenKind::Identifier && token.text == word;
    }
    bool isStatementStart(const Token &token) const
    {
        return token.kind == TokenKind::Identifier && kStatementKeywords.contains(token.text);
    }
    void skipNewlines()
    {
        while (peek().kind == TokenKind::Newline)
            ++m_index;
    }
    static std::string describe(const Token &token)
    {
        if (token.kind == TokenKind::Identifier || token.kind == TokenKind::Number ||
            token.kind == TokenKind::Percent)
            return "'" + std::string(token.text) + "'";
        return std::string(tokenKindName(token.kind));
    }
    [[noreturn]] void fail(const Token &token, std::string message) const
    {
        throw ParseFailure{CompileError{token.position, std::max<int>(1, static_cast<int>(token.text.size())),
                                        std::move(message)}};
    }
    const Token &expect(TokenKind kind, std::string_view what)
    {
        if (peek().kind != kind)
            fail(peek(), "expected " + std::string(what) + ", found " + describe(peek()));
        return next();
    }
    void expectWord(std::string_view word, std::string_view context)
    {
        if (!isWord(peek(), word))
            fail(peek(), "expected '" + std::string(word) + "' " + std::string(context) + ", found " +
                             describe(peek()));
        next();
    }
    std::string expectName(std::string_view what)
    {
        const Token &token = expect(TokenKind::Identifier, what);
        return std::string(token.text);
    }
    // A literal number, optionally negative.
    double signedNumber(std::string_view what)
    {
        double sign = 1;
        if (peek().kind == TokenKind::Minus) {
            next();
            sign = -1;
        }
        return sign * expect(TokenKind::Number, what).number;
    }

    void statement()
    {
        const Token &keyword = peek();
        if (keyword.kind != TokenKind::Identifier)
            fail(keyword, "a line must start with a statement such as 'param', 'let', 'long entry when' "
                          "or 'stop_loss', found " + describe(keyword));
        const std::string_view word = keyword.text;
        if (word == "strategy")
            strategyName();
        else if (word == "param")
            param();
        else if (word == "let")
            let();
        else if (word == "long" || word == "short")
            rule();
        else if (word == "stop_loss" || word == "take_profit" || word == "trailing_stop")
            protection();
        else if (word == "size")
            sizing();
        else if (word == "hours")
            hours();
        else if (word == "days")
            days();
        else
            fail(keyword, "'" + std::string(word) + "' does not start a statement; statements are "
                          "strategy, param, let, long, short, stop_loss, take_profit, trailing_stop, "
                          "size, hours and days");
    }

    void strategyName()
    {
        const Token &keyword = next();
        if (!m_ast.name.empty())
            fail(keyword, "the strategy is already named; 'strategy' may appear once");
        m_ast.name = std::string(expect(TokenKind::String, "the strategy's name in quotes").text);
        if (m_ast.name.empty())
            fail(keyword, "the strategy's name is empty");
    }

    void param()
    {
        next();
        const Token &nameToken = peek();
        ParamDecl decl;
        decl.name = expectName("the parameter's name");
        decl.position = nameToken.position;
        if (m_ast.params.size() >= m_limits.maxParams)
            fail(nameToken, "too many parameters (the limit is " + std::to_string(m_limits.maxParams) + ")");
        expect(TokenKind::Assign, "'=' and the parameter's value");
        decl.value = signedNumber("the parameter's value (a number)");
        if (isWord(peek(), "range")) {
            const Token &rangeToken = next();
            decl.hasRange = true;
            decl.min = signedNumber("the lowest value of the range");
            expect(TokenKind::DotDot, "'..' between the lowest and highest value");
            decl.max = signedNumber("the highest value of the range");
            decl.step = 1;
            if (isWord(peek(), "step")) {
                next();
                const Token &stepToken = peek();
                decl.step = signedNumber("the step (a number)");
                if (decl.step <= 0)
                    fail(stepToken, "the step must be greater than zero");
            }
            if (decl.min > decl.max)
                fail(rangeToken, "the range's lowest value is above its highest");
            if ((decl.max - decl.min) / decl.step > 100'000)
                fail(rangeToken, "the range has more than 100,000 values; use a larger step");
            if (decl.value < decl.min || decl.value > decl.max)
                fail(rangeToken, "the value " + formatNumber(decl.value) + " lies outside its range " +
                                     formatNumber(decl.min) + ".." + formatNumber(decl.max));
        }
        const auto whole = [](double v) { return std::floor(v) == v; };
        decl.integer = whole(decl.value) && (!decl.hasRange || (whole(decl.min) && whole(decl.max) && whole(decl.step)));
        m_ast.params.push_back(std::move(decl));
    }

    static std::string formatNumber(double value)
    {
        std::string text = std::to_string(value);
        text.erase(text.find_last_not_of('0') + 1);
        if (!text.empty() && text.back() == '.')
            text.pop_back();
        return text;
    }

    void let()
    {
        next();
        LetDecl decl;
        decl.position = peek().position;
        decl.name = expectName("the series' name after 'let'");
        expect(TokenKind::Assign, "'=' after the name");
        decl.expr = expression();
        m_ast.lets.push_back(std::move(decl));
    }

    void rule()
    {
        const Token &directionToken = next();
        RuleDecl decl;
        decl.position = directionToken.position;
        decl.direction = directionToken.text == "long" ? Direction::Long : Direction::Short;
        if (isWord(peek(), "entry"))
            decl.entry = true;
        else if (isWord(peek(), "exit"))
            decl.entry = false;
        else
            fail(peek(), "expected 'entry' or 'exit' after '" + std::string(directionToken.text) +
                             "', found " + describe(peek()));
        next();
        expectWord("when", "before the condition");
        decl.condition = expression();
        m_ast.rules.push_back(std::move(decl));
    }

    void protection()
    {
        const Token &keyword = next();
        ProtectionDecl decl;
        decl.position = keyword.position;
        decl.kind = keyword.text == "stop_loss"     ? ProtectionKind::StopLoss
                    : keyword.text == "take_profit" ? ProtectionKind::TakeProfit
                                                    : ProtectionKind::TrailingStop;
        for (const auto &existing : m_ast.protections)
            if (existing.kind == decl.kind)
                fail(keyword, "'" + std::string(keyword.text) + "' is already set");
        if (peek().kind == TokenKind::Percent) {
            const Token &value = next();
            if (value.number <= 0 || value.number >= 100)
                fail(value, "the percentage must be between 0% and 100%, both excluded");
            if (decl.kind == ProtectionKind::TrailingStop && value.number < 0.01)
                fail(value, "the trailing distance must be at least 0.01%");
            decl.isPercent = true;
            decl.percent = value.number;
        } else {
            decl.distance = expression();
        }
        m_ast.protections.push_back(std::move(decl));
    }

    void sizing()
    {
        const Token &keyword = next();
        if (m_ast.sizing)
            fail(keyword, "'size' is already set");
        SizingDecl decl;
        decl.position = keyword.position;
        if (isWord(peek(), "risk")) {
            next();
            const Token &value = expect(TokenKind::Percent, "the risk per trade as a percentage of equity, as in 'size risk 1%'");
            if (value.number <= 0 || value.number > 100)
                fail(value, "the risk must be above 0% and at most 100%");
            decl.mode = SizingMode::RiskPercent;
            decl.value = value.number;
            decl.text = std::string(value.text.substr(0, value.text.size() - 1));
        } else if (peek().kind == TokenKind::Percent) {
            const Token &value = next();
            if (value.number <= 0 || value.number > 100)
                fail(value, "the share of equity must be above 0% and at most 100%");
            expectWord("of", "as in 'size 25% of equity'");
            expectWord("equity", "as in 'size 25% of equity'");
            decl.mode = SizingMode::PercentOfEquity;
            decl.value = value.number;
            decl.text = std::string(value.text.substr(0, value.text.size() - 1));
        } else {
            const Token &value = expect(TokenKind::Number,
                                        "a size: '25% of equity', '0.5 units', '1000 cash' or 'risk 1%'");
            if (value.number <= 0)
                fail(value, "the size must be greater than zero");
            decl.value = value.number;
            decl.text = std::string(value.text);
            decl.mode = SizingMode::Units;
            if (isWord(peek(), "cash")) {
                next();
                decl.mode = SizingMode::Cash;
            } else if (isWord(peek(), "units")) {
                next();
            }
        }
        m_ast.sizing = decl;
    }

    int hour()
    {
        const Token &token = expect(TokenKind::Number, "an hour from 0 to 24");
        if (token.number < 0 || token.number > 24 || std::floor(token.number) != token.number)
            fail(token, "an hour must be a whole number from 0 to 24");
        return static_cast<int>(token.number);
    }

    void hours()
    {
        const Token &keyword = next();
        if (m_ast.timeFilter.hasHours)
            fail(keyword, "'hours' is already set");
        m_ast.timeFilter.hasHours = true;
        m_ast.timeFilter.fromHour = hour();
        expect(TokenKind::DotDot, "'..' between the first hour and the end hour, as in 'hours 8..16'");
        m_ast.timeFilter.toHour = hour();
        if (m_ast.timeFilter.fromHour == m_ast.timeFilter.toHour)
            fail(keyword, "the hours range is empty: the start and end hour are the same");
    }

    int day()
    {
        static const std::array<std::string_view, 7> names{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
        const Token &token = expect(TokenKind::Identifier, "a weekday (mon, tue, wed, thu, fri, sat, sun)");
        for (std::size_t i = 0; i < names.size(); ++i)
            if (token.text == names[i])
                return static_cast<int>(i);
        fail(token, "'" + std::string(token.text) + "' is not a weekday; use mon, tue, wed, thu, fri, sat or sun");
    }

    void days()
    {
        const Token &keyword = next();
        if (m_ast.timeFilter.hasDays)
            fail(keyword, "'days' is already set");
        m_ast.timeFilter.hasDays = true;
        m_ast.timeFilter.days.fill(false);
        do {
            const int first = day();
            int last = first;
            if (peek().kind == TokenKind::DotDot) {
                next();
                last = day();
            }
            // mon..fri, or a wrapping range such as fri..mon
            for (int d = first;; d = (d + 1) % 7) {
                m_ast.timeFilter.days[static_cast<std::size_t>(d)] = true;
                if (d == last)
                    break;
            }
        } while (peek().kind == TokenKind::Comma && (next(), true));
    }

    // ---- expressions: or < and < not < comparison < + - < * / < unary - < ^ < postfix ----

    struct DepthGuard {
        Parser &parser;
        DepthGuard(Parser &p, const Token &at) : parser(p)
        {
            if (++parser.m_depth > parser.m_limits.maxNesting)
                parser.fail(at, "this expression is nested too deeply (the limit is " +
                                    std::to_string(parser.m_limits.maxNesting) + " levels)");
        }
        ~DepthGuard() { --parser.m_depth; }
    };

    static ExprPtr makeExpr(Expr::Kind kind, const Token &at)
    {
        auto expr = std::make_unique<Expr>();
        expr->kind = kind;
        expr->position = at.position;
        expr->length = std::max<int>(1, static_cast<int>(at.text.size()));
        return expr;
    }
    // A node is one level deeper than its deepest operand. Chains such as 1+1+1+… or x[0][0]…
    // grow the tree without recursing here, so the nesting limit is checked on the tree too:
    // the compiler walks it recursively.
    void checkDepth(const Expr &expr, const Token &at) const
    {
        if (expr.depth > m_limits.maxNesting)
            fail(at, "this expression is nested too deeply (the limit is " + std::to_string(m_limits.maxNesting) +
                         " levels)");
    }
    static int depthOf(const std::vector<ExprPtr> &args)
    {
        int depth = 0;
        for (const auto &arg : args)
            depth = std::max(depth, arg->depth);
        return depth + 1;
    }

    ExprPtr binary(const Token &op, std::string opText, ExprPtr left, ExprPtr right) const
    {
        auto expr = makeExpr(Expr::Kind::Binary, op);
        expr->op = op.kind;
        expr->opText = std::move(opText);
        expr->args.push_back(std::move(left));
        expr->args.push_back(std::move(right));
        expr->depth = depthOf(expr->args);
        checkDepth(*expr, op);
        return expr;
    }

    ExprPtr expression()
    {
        DepthGuard guard(*this, peek());
        if (peek().kind == TokenKind::Newline || peek().kind == TokenKind::End)
            fail(peek(), "an expression is missing here");
        return orExpr();
    }

    ExprPtr orExpr()
    {
        auto left = andExpr();
        while (isWord(peek(), "or")) {
            const Token &op = next();
            left = binary(op, "or", std::move(left), andExpr());
        }
        return left;
    }

    ExprPtr andExpr()
    {
        auto left = notExpr();
        while (isWord(peek(), "and")) {
            const Token &op = next();
            left = binary(op, "and", std::move(left), notExpr());
        }
        return left;
    }

    ExprPtr notExpr()
    {
        if (isWord(peek(), "not")) {
            const Token &op = next();
            DepthGuard guard(*this, op);
            auto expr = makeExpr(Expr::Kind::Unary, op);
            expr->op = TokenKind::Identifier;
            expr->opText = "not";
            expr->args.push_back(notExpr());
            expr->depth = depthOf(expr->args);
            return expr;
        }
        return comparison();
    }

    static bool isComparison(TokenKind kind)
    {
        return kind == TokenKind::Less || kind == TokenKind::LessEqual || kind == TokenKind::Greater ||
               kind == TokenKind::GreaterEqual || kind == TokenKind::EqualEqual || kind == TokenKind::NotEqual;
    }

    ExprPtr comparison()
    {
        auto left = additive();
        if (isComparison(peek().kind)) {
            const Token &op = next();
            left = binary(op, std::string(op.text), std::move(left), additive());
            if (isComparison(peek().kind))
                fail(peek(), "comparisons cannot be chained; write 'a < b and b < c'");
        } else if (peek().kind == TokenKind::Assign) {
            fail(peek(), "'=' assigns; compare with '=='");
        }
        return left;
    }

    ExprPtr additive()
    {
        auto left = multiplicative();
        while (peek().kind == TokenKind::Plus || peek().kind == TokenKind::Minus) {
            const Token &op = next();
            left = binary(op, std::string(op.text), std::move(left), multiplicative());
        }
        return left;
    }

    ExprPtr multiplicative()
    {
        auto left = unary();
        while (peek().kind == TokenKind::Star || peek().kind == TokenKind::Slash) {
            const Token &op = next();
            left = binary(op, std::string(op.text), std::move(left), unary());
        }
        return left;
    }

    ExprPtr unary()
    {
        if (peek().kind == TokenKind::Minus) {
            const Token &op = next();
            DepthGuard guard(*this, op);
            auto expr = makeExpr(Expr::Kind::Unary, op);
            expr->op = TokenKind::Minus;
            expr->opText = "-";
            expr->args.push_back(unary());
            expr->depth = depthOf(expr->args);
            return expr;
        }
        return power();
    }

    ExprPtr power()
    {
        auto base = postfix();
        if (peek().kind == TokenKind::Caret) {
            const Token &op = next();
            DepthGuard guard(*this, op);
            return binary(op, "^", std::move(base), unary()); // right-associative
        }
        return base;
    }

    ExprPtr postfix()
    {
        auto expr = primary();
        for (;;) {
            if (peek().kind == TokenKind::Dot) {
                next();
                const Token &member = expect(TokenKind::Identifier, "an output name after '.', as in 'macd(close).signal'");
                auto access = makeExpr(Expr::Kind::Member, member);
                access->name = std::string(member.text);
                access->args.push_back(std::move(expr));
                access->depth = depthOf(access->args);
                checkDepth(*access, member);
                expr = std::move(access);
            } else if (peek().kind == TokenKind::LeftBracket) {
                const Token &open = next();
                DepthGuard guard(*this, open);
                auto index = makeExpr(Expr::Kind::Index, open);
                index->args.push_back(std::move(expr));
                index->args.push_back(expression());
                expect(TokenKind::RightBracket, "']' to close the '['");
                index->depth = depthOf(index->args);
                checkDepth(*index, open);
                expr = std::move(index);
            } else {
                return expr;
            }
        }
    }

    ExprPtr primary()
    {
        const Token &token = peek();
        switch (token.kind) {
        case TokenKind::Number: {
            next();
            auto expr = makeExpr(Expr::Kind::Number, token);
            expr->number = token.number;
            return expr;
        }
        case TokenKind::Percent:
            fail(token, "a percentage is only allowed after stop_loss, take_profit, trailing_stop and "
                        "size; in an expression divide by 100");
        case TokenKind::String: {
            next();
            auto expr = makeExpr(Expr::Kind::String, token);
            expr->name = std::string(token.text);
            return expr;
        }
        case TokenKind::LeftParen: {
            const Token &open = next();
            DepthGuard guard(*this, open);
            auto inner = expression();
            expect(TokenKind::RightParen, "')' to close the '('");
            return inner;
        }
        case TokenKind::Identifier: {
            if (token.text == "true" || token.text == "false") {
                next();
                auto expr = makeExpr(Expr::Kind::Bool, token);
                expr->number = token.text == "true" ? 1 : 0;
                return expr;
            }
            if (token.text == "and" || token.text == "or")
                fail(token, "'" + std::string(token.text) + "' needs a condition before it");
            if (isStatementStart(token))
                fail(token, "an expression is missing before '" + std::string(token.text) + "'");
            next();
            if (peek().kind == TokenKind::LeftParen) {
                const Token &open = next();
                DepthGuard guard(*this, open);
                auto call = makeExpr(Expr::Kind::Call, token);
                call->name = std::string(token.text);
                if (peek().kind != TokenKind::RightParen) {
                    do {
                        call->args.push_back(expression());
                    } while (peek().kind == TokenKind::Comma && (next(), true));
                }
                expect(TokenKind::RightParen, "')' or ',' in the call of " + call->name);
                call->depth = call->args.empty() ? 1 : depthOf(call->args);
                checkDepth(*call, token);
                return call;
            }
            auto expr = makeExpr(Expr::Kind::Name, token);
            expr->name = std::string(token.text);
            return expr;
        }
        default:
            fail(token, "expected a value, a name or '(', found " + describe(token));
        }
    }

    std::vector<Token> m_tokens;
    const Limits &m_limits;
    std::size_t m_index = 0;
    int m_depth = 0;
    StrategyAst m_ast;
};

} // namespace

std::expected<StrategyAst, CompileError> parseStrategy(std::string_view source, const Limits &limits)
{
    if (source.size() > limits.maxSourceBytes)
        return std::unexpected(CompileError{{1, 1}, 1,
                                            "the strategy is too long (" + std::to_string(source.size()) +
                                                " bytes; the limit is " + std::to_string(limits.maxSourceBytes) + ")"});
    CompileError error;
    auto tokens = Lexer(source).tokenize(error);
    if (!tokens)
        return std::unexpected(error);
    try {
        return Parser(std::move(*tokens), limits).parse();
    } catch (const ParseFailure &failure) {
        return std::unexpected(failure.error);
    }
}

} // namespace bcf::strategy
