#include "gui/strategy_lexer.h"

#include "indicators/indicator.h"
#include "strategy/compiler.h"

#include <Qsci/qsciscintilla.h>

#include <QFont>
#include <QFontDatabase>

#include <vector>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

bool isWordStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isWordChar(char c)
{
    return isWordStart(c) || (c >= '0' && c <= '9');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

StrategyLexer::StrategyLexer(QObject* parent)
    : QsciLexerCustom(parent)
{
    for (std::string_view word : strategy::keywords())
        m_keywords.insert(QString::fromUtf8(word.data(), qsizetype(word.size())));
    for (const strategy::BuiltinInfo& info : strategy::builtins())
        m_builtins.insert(QString::fromUtf8(info.name.data(), qsizetype(info.name.size())));
    for (const ind::IndicatorSpec& spec : ind::catalog())
        m_indicators.insert(QString::fromUtf8(spec.name.data(), qsizetype(spec.name.size())));

    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSize(std::max(font.pointSize(), 10));
    setDefaultFont(font);
    for (int style = 0; style < StyleCount; ++style)
        setFont(font, style);
    QFont bold = font;
    bold.setBold(true);
    setFont(bold, Keyword);
    QFont italic = font;
    italic.setItalic(true);
    setFont(italic, Comment);
    setDarkColours(true, QColor(u"#171b26"_s), QColor(u"#d1d4dc"_s));
}

const char* StrategyLexer::language() const
{
    return "BCF strategy";
}

const char* StrategyLexer::wordCharacters() const
{
    return "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
}

QString StrategyLexer::description(int style) const
{
    switch (style) {
    case Default:
        return tr("Default");
    case Keyword:
        return tr("Keyword");
    case Builtin:
        return tr("Built-in function or series");
    case Indicator:
        return tr("Indicator");
    case Number:
        return tr("Number");
    case String:
        return tr("String");
    case Comment:
        return tr("Comment");
    case Operator:
        return tr("Operator");
    default:
        return {};
    }
}

void StrategyLexer::setDarkColours(bool dark, const QColor& background, const QColor& text)
{
    // Chosen for contrast on each theme's editor background (#171b26 and white-ish).
    const QColor keyword = dark ? QColor(u"#c792ea"_s) : QColor(u"#7c3aed"_s);
    const QColor builtin = dark ? QColor(u"#82aaff"_s) : QColor(u"#1d4ed8"_s);
    const QColor indicator = dark ? QColor(u"#4dd0e1"_s) : QColor(u"#0e7490"_s);
    const QColor number = dark ? QColor(u"#f78c6c"_s) : QColor(u"#b45309"_s);
    const QColor string = dark ? QColor(u"#c3e88d"_s) : QColor(u"#15803d"_s);
    const QColor comment = dark ? QColor(u"#6b7280"_s) : QColor(u"#6b7280"_s);
    const QColor op = dark ? QColor(u"#89ddff"_s) : QColor(u"#475569"_s);
    setDefaultPaper(background);
    setDefaultColor(text);
    setPaper(background, -1);
    for (int style = 0; style < StyleCount; ++style)
        setPaper(background, style);
    setColor(text, Default);
    setColor(keyword, Keyword);
    setColor(builtin, Builtin);
    setColor(indicator, Indicator);
    setColor(number, Number);
    setColor(string, String);
    setColor(comment, Comment);
    setColor(op, Operator);
}

StrategyLexer::Style StrategyLexer::styleOfWord(const QString& word) const
{
    if (m_keywords.contains(word))
        return Keyword;
    if (m_indicators.contains(word))
        return Indicator;
    if (m_builtins.contains(word))
        return Builtin;
    return Default;
}

void StrategyLexer::styleText(int start, int end)
{
    QsciScintilla* scintilla = editor();
    if (!scintilla || end <= start)
        return;
    // Back to the start of the line: nothing crosses a line break.
    const int line = int(scintilla->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, start));
    start = int(scintilla->SendScintilla(QsciScintillaBase::SCI_POSITIONFROMLINE, line));
    std::vector<char> bytes(std::size_t(end - start) + 1, '\0');
    scintilla->SendScintilla(QsciScintillaBase::SCI_GETTEXTRANGE, start, end, bytes.data());
    const int length = end - start;

    startStyling(start);
    int i = 0;
    const auto styleTo = [this, &i](int to, int style) {
        setStyling(to - i, style);
        i = to;
    };
    while (i < length) {
        const char c = bytes[std::size_t(i)];
        const char next = i + 1 < length ? bytes[std::size_t(i) + 1] : '\0';
        int j = i + 1;
        if (c == '#' || (c == '/' && next == '/')) {
            while (j < length && bytes[std::size_t(j)] != '\n')
                ++j;
            styleTo(j, Comment);
        } else if (c == '"') {
            while (j < length && bytes[std::size_t(j)] != '"' && bytes[std::size_t(j)] != '\n')
                ++j;
            if (j < length && bytes[std::size_t(j)] == '"')
                ++j;
            styleTo(j, String);
        } else if (isDigit(c) || (c == '.' && isDigit(next))) {
            while (j < length && (isDigit(bytes[std::size_t(j)]) || bytes[std::size_t(j)] == '.')) {
                // "5..50" is two numbers and a range.
                if (bytes[std::size_t(j)] == '.' && j + 1 < length && bytes[std::size_t(j) + 1] == '.')
                    break;
                ++j;
            }
            if (j < length && bytes[std::size_t(j)] == '%')
                ++j;
            styleTo(j, Number);
        } else if (isWordStart(c)) {
            while (j < length && isWordChar(bytes[std::size_t(j)]))
                ++j;
            const QString word = QString::fromLatin1(bytes.data() + i, j - i);
            styleTo(j, styleOfWord(word));
        } else if (QByteArrayView("+-*/^<>=!()[],.:").contains(c)) {
            styleTo(j, Operator);
        } else {
            // Spaces, line breaks and anything else (UTF-8 continuation bytes included).
            while (j < length && !isWordStart(bytes[std::size_t(j)]) && !isDigit(bytes[std::size_t(j)])
                   && bytes[std::size_t(j)] != '#' && bytes[std::size_t(j)] != '/'
                   && bytes[std::size_t(j)] != '"' && bytes[std::size_t(j)] != '.'
                   && !QByteArrayView("+-*^<>=!()[],:").contains(bytes[std::size_t(j)])) {
                ++j;
            }
            styleTo(j, Default);
        }
    }
}

} // namespace bcf::app
