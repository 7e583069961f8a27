#include "gui/strategy_editor.h"

#include "gui/strategy_lexer.h"
#include "gui/theme_manager.h"
#include "indicators/indicator.h"
#include "strategy/compiler.h"

#include <Qsci/qsciscintilla.h>

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

QString fromView(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString numberText(double value)
{
    return QString::number(value, 'g', 10);
}

// "sma(source, period = 20)\nSimple moving average"
QString indicatorSignature(const ind::IndicatorSpec& spec)
{
    QStringList args;
    const auto sources = std::count(spec.inputs.begin(), spec.inputs.end(), ind::Input::Source);
    for (qsizetype i = 0; i < sources; ++i)
        args.append(sources == 1 ? u"source"_s : u"source%1"_s.arg(i + 1));
    for (const ind::ParamSpec& param : spec.params)
        args.append(u"%1 = %2"_s.arg(fromView(param.name), numberText(param.defaultValue)));
    QString entry = u"%1(%2)"_s.arg(fromView(spec.name), args.join(u", "_s));
    QString detail = fromView(spec.title);
    if (spec.outputs.size() > 1) {
        QStringList outputs;
        for (std::string_view output : spec.outputs)
            outputs.append(fromView(output));
        detail += u" → "_s + outputs.join(u", "_s);
    }
    return entry + u'\n' + detail;
}

} // namespace

StrategyEditor::StrategyEditor(ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
{
    setObjectName(u"strategyEditor"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_editor = new QsciScintilla(this);
    m_editor->setObjectName(u"strategySource"_s);
    m_editor->setUtf8(true);
    m_lexer = new StrategyLexer(m_editor);
    m_editor->setLexer(m_lexer);
    m_editor->setTabWidth(4);
    m_editor->setIndentationsUseTabs(false);
    m_editor->setAutoIndent(true);
    m_editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    m_editor->setCaretLineVisible(true);
    // The horizontal scroll bar only when a line is wider than the view.
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTH, 1L);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTHTRACKING, 1L);
    m_editor->setMarginType(0, QsciScintilla::NumberMargin);
    m_editor->setMarginLineNumbers(0, true);
    m_editor->setMarginWidth(0, u"00000"_s);
    m_editor->setMarginType(1, QsciScintilla::SymbolMargin);
    m_editor->setMarginWidth(1, 14);
    m_errorMarker = m_editor->markerDefine(QsciScintilla::Circle, 0);
    m_editor->setMarginMarkerMask(1, 1 << m_errorMarker);
    m_editor->setMarginMarkerMask(0, 0);
    m_errorIndicator = m_editor->indicatorDefine(QsciScintilla::SquiggleIndicator);

    // Completion of functions, indicators, series, keywords and the strategy's own names, done
    // here rather than with QsciAPIs: its preparation thread cannot be stopped safely when the
    // list changes after every compile.
    for (const strategy::BuiltinInfo& info : strategy::builtins()) {
        const QString name = fromView(info.name);
        m_staticWords.append(name);
        if (!info.isSeries)
            m_callTips.insert(name, fromView(info.signature) + u'\n' + fromView(info.description));
    }
    for (const ind::IndicatorSpec& spec : ind::catalog()) {
        m_staticWords.append(fromView(spec.name));
        m_callTips.insert(fromView(spec.name), indicatorSignature(spec));
    }
    for (std::string_view word : strategy::keywords())
        m_staticWords.append(fromView(word));
    m_editor->setAutoCompletionSource(QsciScintilla::AcsNone);
    m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSETIGNORECASE, false);
    m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSETMAXHEIGHT, 10);
    m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSETSEPARATOR, long('\n'));
    m_editor->setCallTipsStyle(QsciScintilla::CallTipsNoContext);
    m_editor->setCallTipsPosition(QsciScintilla::CallTipsBelowText);
    connect(m_editor, &QsciScintillaBase::SCN_CHARADDED, this, &StrategyEditor::onCharAdded);
    updateCompletions();
    layout->addWidget(m_editor, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(u"strategyStatus"_s);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_compileTimer.setSingleShot(true);
    m_compileTimer.setInterval(compileDelayMs);
    connect(&m_compileTimer, &QTimer::timeout, this, &StrategyEditor::compileNow);
    connect(m_editor, &QsciScintilla::textChanged, this, [this] { m_compileTimer.start(); });
    connect(m_editor, &QsciScintilla::modificationChanged, this,
            &StrategyEditor::modificationChanged);
    connect(&m_theme, &ThemeManager::themeChanged, this, &StrategyEditor::applyTheme);
    applyTheme();
    compileNow();
}

StrategyEditor::~StrategyEditor() = default;

QString StrategyEditor::text() const
{
    return m_editor->text();
}

void StrategyEditor::setText(const QString& text)
{
    m_editor->setText(text);
    m_editor->SendScintilla(QsciScintillaBase::SCI_EMPTYUNDOBUFFER);
    m_editor->setModified(false);
    compileNow();
}

bool StrategyEditor::isModified() const
{
    return m_editor->isModified();
}

void StrategyEditor::setModified(bool modified)
{
    m_editor->setModified(modified);
}

void StrategyEditor::compileNow()
{
    m_compileTimer.stop();
    const QByteArray source = m_editor->text().toUtf8();
    auto result = strategy::compileStrategy(std::string_view(source.constData(), std::size_t(source.size())));
    clearErrorMarks();
    if (result) {
        m_program = std::move(*result);
        m_error.reset();
    } else {
        m_program.reset();
        m_error = result.error();
        const strategy::CompileError& error = *m_error;
        const int line = std::clamp(error.position.line - 1, 0, std::max(m_editor->lines() - 1, 0));
        const int lineLength = m_editor->text(line).remove(u'\n').remove(u'\r').size();
        const int column = std::clamp(error.position.column - 1, 0, lineLength);
        const int end = std::clamp(column + std::max(error.length, 1), column, std::max(lineLength, column + 1));
        m_editor->fillIndicatorRange(line, column, line, end, m_errorIndicator);
        m_editor->markerAdd(line, m_errorMarker);
    }
    showStatus();
    updateCompletions();
    emit compiled(m_program != nullptr);
}

void StrategyEditor::clearErrorMarks()
{
    const int lines = std::max(m_editor->lines(), 1);
    m_editor->clearIndicatorRange(0, 0, lines - 1, m_editor->text(lines - 1).size(),
                                  m_errorIndicator);
    m_editor->markerDeleteAll(m_errorMarker);
}

bool StrategyEditor::isUnderlined(int position) const
{
    return m_editor->SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT,
                                   static_cast<unsigned long>(m_errorIndicator), long(position))
           != 0;
}

QString StrategyEditor::statusText() const
{
    return m_status->text();
}

void StrategyEditor::showStatus()
{
    if (!m_error && !m_program)
        return; // not compiled yet
    QString color;
    if (m_error) {
        m_status->setText(tr("Line %1, column %2: %3")
                              .arg(m_error->position.line)
                              .arg(m_error->position.column)
                              .arg(QString::fromStdString(m_error->message)));
        color = m_theme.color(u"danger"_s).name();
    } else {
        const int count = int(m_program->params.size());
        m_status->setText(count == 1 ? tr("Compiles — 1 parameter")
                                     : tr("Compiles — %1 parameters").arg(count));
        color = m_theme.color(u"success"_s).name();
    }
    m_status->setStyleSheet(u"#strategyStatus { color: %1; background: %2; padding: 4px 8px;"
                            " border-top: 1px solid %3; }"_s
                                .arg(color, m_theme.color(u"panel"_s).name(),
                                     m_theme.color(u"border"_s).name()));
}

void StrategyEditor::updateCompletions()
{
    QStringList own;
    if (m_program) {
        for (const strategy::ResolvedParam& param : m_program->params)
            own.append(QString::fromStdString(param.decl.name));
        for (const auto& [name, node] : m_program->namedSeries)
            own.append(QString::fromStdString(name));
    } else if (!m_words.isEmpty()) {
        return; // keep the names of the last good compile while the text is broken
    }
    if (own == m_ownNames && !m_words.isEmpty())
        return;
    m_ownNames = own;
    m_words = m_staticWords + m_ownNames;
    // Scintilla wants the list in its own (byte) order.
    std::sort(m_words.begin(), m_words.end(),
              [](const QString& a, const QString& b) { return a.toUtf8() < b.toUtf8(); });
    m_words.erase(std::unique(m_words.begin(), m_words.end()), m_words.end());
}

QStringList StrategyEditor::completionsFor(const QString& prefix) const
{
    QStringList result;
    for (const QString& word : m_words) {
        if (word.startsWith(prefix) && word != prefix)
            result.append(word);
    }
    return result;
}

QString StrategyEditor::callTip(const QString& name) const
{
    return m_callTips.value(name);
}

void StrategyEditor::onCharAdded(int character)
{
    const long position = m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS);
    const auto wordBefore = [this](long end) {
        const long start = m_editor->SendScintilla(QsciScintillaBase::SCI_WORDSTARTPOSITION,
                                                   static_cast<unsigned long>(end), 1L);
        int line = 0, from = 0, to = 0;
        m_editor->lineIndexFromPosition(int(start), &line, &from);
        m_editor->lineIndexFromPosition(int(end), &line, &to);
        return m_editor->text(line).mid(from, to - from);
    };
    if (character == '(') {
        const QString tip = callTip(wordBefore(position - 1));
        if (!tip.isEmpty()) {
            const QByteArray bytes = tip.toUtf8();
            m_editor->SendScintilla(QsciScintillaBase::SCI_CALLTIPSHOW,
                                    static_cast<unsigned long>(position), bytes.constData());
        }
        return;
    }
    if (character == ')' || character == '\n') {
        m_editor->SendScintilla(QsciScintillaBase::SCI_CALLTIPCANCEL);
        return;
    }
    const bool wordCharacter = (character >= 'a' && character <= 'z')
                               || (character >= 'A' && character <= 'Z')
                               || (character >= '0' && character <= '9') || character == '_';
    if (!wordCharacter)
        return;
    const QString prefix = wordBefore(position);
    if (prefix.size() < 2 || prefix.front().isDigit())
        return;
    const QStringList candidates = completionsFor(prefix);
    if (candidates.isEmpty()) {
        m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCCANCEL);
        return;
    }
    const QByteArray list = candidates.join(u'\n').toUtf8();
    m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSHOW,
                            static_cast<unsigned long>(prefix.toUtf8().size()), list.constData());
}

void StrategyEditor::applyTheme()
{
    const bool dark = m_theme.current() != u"light"_s;
    const QColor paper = m_theme.color(u"input"_s);
    const QColor text = m_theme.color(u"text"_s);
    m_lexer->setDarkColours(dark, paper, text);
    m_editor->setPaper(paper);
    m_editor->setColor(text);
    m_editor->setCaretForegroundColor(text);
    QColor caretLine = m_theme.color(u"hover"_s);
    caretLine.setAlpha(dark ? 90 : 60);
    m_editor->setCaretLineBackgroundColor(caretLine);
    QColor selection = m_theme.color(u"accent"_s);
    selection.setAlpha(90);
    m_editor->setSelectionBackgroundColor(selection);
    m_editor->setMarginsBackgroundColor(m_theme.color(u"panel"_s));
    m_editor->setMarginsForegroundColor(m_theme.color(u"muted"_s));
    m_editor->setFoldMarginColors(m_theme.color(u"panel"_s), m_theme.color(u"panel"_s));
    m_editor->setMatchedBraceBackgroundColor(m_theme.color(u"button"_s));
    m_editor->setMatchedBraceForegroundColor(text);
    m_editor->setIndicatorForegroundColor(m_theme.color(u"danger"_s), m_errorIndicator);
    m_editor->setMarkerBackgroundColor(m_theme.color(u"danger"_s), m_errorMarker);
    m_editor->setMarkerForegroundColor(m_theme.color(u"danger"_s), m_errorMarker);
    m_editor->setCallTipsBackgroundColor(m_theme.color(u"panel"_s));
    m_editor->setCallTipsForegroundColor(text);
    m_editor->setCallTipsHighlightColor(m_theme.color(u"accent"_s));
    m_editor->setFrameShape(QFrame::NoFrame);
    showStatus();
}

void StrategyEditor::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        showStatus();
    QWidget::changeEvent(event);
}

} // namespace bcf::app
