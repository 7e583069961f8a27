#pragma once

#include "strategy/program.h"
#include "strategy/source_error.h"

#include <QHash>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QsciScintilla;

namespace bcf::app {

class StrategyLexer;
class ThemeManager;

// The source editor of the strategy language: QScintilla with line numbers, highlighting
// (StrategyLexer), completion of keywords, functions, series, indicators and the strategy's
// own parameters and lets (from two typed characters) with call tips of their signatures
// ("sma(source, period = 20)"), and errors as you type: compileDelayMs after the last change
// the text is compiled with the shared compiler (the same code the servers run), the error's
// characters are underlined with a squiggle, its line is marked in the margin, and the status
// line under the editor says "Line 3, column 14: message" — or that it compiles, with the
// number of parameters. GUI thread only.
class StrategyEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StrategyEditor)

public:
    static constexpr int compileDelayMs = 300;

    explicit StrategyEditor(ThemeManager& theme, QWidget* parent = nullptr);
    ~StrategyEditor() override;

    QString text() const;
    // Replaces the text (undo history cleared, not modified) and compiles it at once.
    void setText(const QString& text);
    bool isModified() const;
    void setModified(bool modified);

    // Compiles now instead of waiting for the timer.
    void compileNow();
    bool compiles() const { return m_program != nullptr; }
    // The last compile's error; empty when it compiled.
    const std::optional<strategy::CompileError>& error() const { return m_error; }
    // The program of the last successful compile (null before one, or after a failed one).
    std::shared_ptr<const strategy::Program> program() const { return m_program; }
    QString statusText() const;
    // Whether the text shows an error underline at `position` (a byte offset in the document).
    bool isUnderlined(int position) const;
    // The words completion offers now (built-ins, indicators, keywords and the strategy's own
    // parameters and lets), sorted; and those starting with `prefix`.
    QStringList completionWords() const { return m_words; }
    QStringList completionsFor(const QString& prefix) const;
    // The call tip of a function or indicator ("sma(source, period = 20)" and what it is);
    // empty for other names.
    QString callTip(const QString& name) const;

    QsciScintilla* scintilla() const { return m_editor; }

signals:
    // After each compile (timer or compileNow()).
    void compiled(bool ok);
    void modificationChanged(bool modified);

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyTheme();
    void showStatus();
    void clearErrorMarks();
    void updateCompletions();
    void onCharAdded(int character);

    ThemeManager& m_theme;
    QsciScintilla* m_editor = nullptr;
    StrategyLexer* m_lexer = nullptr;
    QLabel* m_status = nullptr;
    QTimer m_compileTimer;
    int m_errorIndicator = -1;
    int m_errorMarker = 0;
    std::optional<strategy::CompileError> m_error;
    std::shared_ptr<const strategy::Program> m_program;
    QStringList m_staticWords;
    QStringList m_ownNames;
    QStringList m_words;
    QHash<QString, QString> m_callTips;
};

} // namespace bcf::app
