#pragma once

#include <Qsci/qscilexercustom.h>

#include <QColor>
#include <QSet>

namespace bcf::app {

// Syntax highlighting of the strategy language for QScintilla: keywords (strategy::keywords()),
// built-in functions and series (strategy::builtins()), indicator names (ind::catalog()),
// numbers and percentages, strings and comments (# and // to the end of the line). Every
// statement and comment ends with its line, so each restyle starts at a line's beginning and
// needs no state from the lines above. Colours come from setDarkColours(): one set for each of
// the dark and light themes. GUI thread only.
class StrategyLexer final : public QsciLexerCustom
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StrategyLexer)

public:
    enum Style { Default, Keyword, Builtin, Indicator, Number, String, Comment, Operator, StyleCount };

    explicit StrategyLexer(QObject* parent = nullptr);

    const char* language() const override;
    QString description(int style) const override;
    void styleText(int start, int end) override;
    const char* wordCharacters() const override;

    // The palette of the dark theme (true) or of the light one.
    void setDarkColours(bool dark, const QColor& background, const QColor& text);

    // The style of a word as written in a strategy (Default for a name of the user's).
    Style styleOfWord(const QString& word) const;

private:
    QSet<QString> m_keywords;
    QSet<QString> m_builtins;
    QSet<QString> m_indicators;
};

} // namespace bcf::app
