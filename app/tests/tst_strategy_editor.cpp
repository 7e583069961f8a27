// The strategy editor: compile errors shown where they are, as you type, and cleared when fixed.
#include "core/preferences.h"
#include "gui/strategy_editor.h"
#include "gui/strategy_params_model.h"
#include "gui/theme_manager.h"

#include <Qsci/qsciscintilla.h>

#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace bcf::app;

namespace {

const QString goodSource = uR"(strategy "Test"
param fast = 10 range 5..50 step 5
param slow = 30 range 20..200 step 10
long entry when crossover(sma(close, fast), sma(close, slow))
long exit when crossunder(sma(close, fast), sma(close, slow))
)"_s;

} // namespace

class TestStrategyEditor final : public QObject
{
    Q_OBJECT

    struct Fixture {
        QTemporaryDir dir;
        Preferences preferences{std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s),
                                                            QSettings::IniFormat)};
        ThemeManager theme{preferences};
        StrategyEditor editor{theme};
        Fixture() { theme.apply(); }
    };

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale::c());
    }

    void showsTheErrorWhereItIsAndClearsItWhenFixed()
    {
        Fixture f;
        f.editor.setText(goodSource);
        QVERIFY(f.editor.compiles());
        QCOMPARE(f.editor.statusText(), u"Compiles — 2 parameters"_s);

        // Typing a misspelled function: the error appears after the debounce, not at once.
        QSignalSpy compiled(&f.editor, &StrategyEditor::compiled);
        QString broken = goodSource;
        broken.replace(u"long exit when crossunder"_s, u"long exit when crossundr"_s);
        f.editor.scintilla()->selectAll();
        f.editor.scintilla()->replaceSelectedText(broken);
        QVERIFY(f.editor.compiles());
        QTRY_COMPARE_WITH_TIMEOUT(compiled.count(), 1, 2000);
        QVERIFY(!f.editor.compiles());
        QVERIFY(f.editor.error().has_value());
        const auto& error = *f.editor.error();
        QCOMPARE(error.position.line, 5);
        QCOMPARE(error.position.column, 16); // "long exit when " is 15 characters
        QVERIFY2(f.editor.statusText().startsWith(u"Line 5, column 16: "_s),
                 qPrintable(f.editor.statusText()));
        QVERIFY(f.editor.statusText().contains(u"crossundr"_s));
        // The name is underlined, the text before it is not, and its line is marked.
        const int lineStart = f.editor.scintilla()->positionFromLineIndex(4, 0);
        QVERIFY(f.editor.isUnderlined(lineStart + 15));
        QVERIFY(f.editor.isUnderlined(lineStart + 15 + error.length - 1));
        QVERIFY(!f.editor.isUnderlined(lineStart + 14));
        QCOMPARE(f.editor.scintilla()->markersAtLine(4) != 0, true);
        QCOMPARE(f.editor.scintilla()->markersAtLine(3), 0u);

        // Fixing it clears the underline, the marker and the message.
        f.editor.scintilla()->selectAll();
        f.editor.scintilla()->replaceSelectedText(goodSource);
        QTRY_VERIFY_WITH_TIMEOUT(f.editor.compiles(), 2000);
        QVERIFY(!f.editor.error().has_value());
        QVERIFY(!f.editor.isUnderlined(lineStart + 15));
        QCOMPARE(f.editor.scintilla()->markersAtLine(4), 0u);
        QCOMPARE(f.editor.statusText(), u"Compiles — 2 parameters"_s);
    }

    void reportsASyntaxErrorWithItsColumn()
    {
        Fixture f;
        f.editor.setText(u"strategy \"x\"\nparam fast = 10 range 5..50 step 5\nlong entry when close >\n"_s);
        QVERIFY(!f.editor.compiles());
        QCOMPARE(f.editor.error()->position.line, 3);
        QVERIFY(f.editor.statusText().startsWith(u"Line 3, column "_s));
    }

    void offersOwnNamesAndIndicatorSignaturesForCompletion()
    {
        Fixture f;
        f.editor.setText(goodSource + u"let spread = close - open\n"_s);
        QVERIFY(f.editor.compiles());
        const QStringList words = f.editor.completionWords();
        for (const QString& word : {u"sma"_s, u"rsi"_s, u"crossover"_s, u"close"_s,
                                    u"stop_loss"_s, u"fast"_s, u"slow"_s, u"spread"_s})
            QVERIFY2(words.contains(word), qPrintable(word));
        QVERIFY(f.editor.completionsFor(u"sp"_s).contains(u"spread"_s));
        QVERIFY(f.editor.completionsFor(u"cross"_s).contains(u"crossunder"_s));
        QVERIFY(!f.editor.completionsFor(u"cross"_s).contains(u"close"_s));
        QVERIFY2(f.editor.callTip(u"sma"_s).startsWith(u"sma(source, period = 20)\n"_s),
                 qPrintable(f.editor.callTip(u"sma"_s)));
        QVERIFY(f.editor.callTip(u"crossover"_s).startsWith(u"crossover(a, b)"_s));
        QVERIFY(f.editor.callTip(u"close"_s).isEmpty());

        // Typing two characters of a word opens the list; "(" after a function shows its tip.
        QsciScintilla* sci = f.editor.scintilla();
        sci->setCursorPosition(sci->lines() - 1, 0);
        QTest::keyClicks(sci, u"let z = sp"_s);
        QVERIFY(sci->isListActive());
        sci->cancelList();
        QTest::keyClicks(sci, u"read + rsi("_s);
        QVERIFY(sci->isCallTipActive());
    }

    void theParametersTableFollowsTheParams()
    {
        Fixture f;
        StrategyParamsModel params;
        connect(&f.editor, &StrategyEditor::compiled, &params, [&](bool ok) {
            if (ok)
                params.setParams(f.editor.program()->params);
        });
        f.editor.setText(goodSource);
        QCOMPARE(params.rowCount(), 2);
        QCOMPARE(params.data(params.index(0, StrategyParamsModel::NameColumn)).toString(), u"fast"_s);
        QCOMPARE(params.data(params.index(0, StrategyParamsModel::RangeColumn)).toString(), u"5 … 50"_s);
        QCOMPARE(params.data(params.index(1, StrategyParamsModel::StepColumn)).toString(), u"10"_s);

        // An edit inside the range is kept; outside it, or not whole, is refused.
        QSignalSpy rejected(&params, &StrategyParamsModel::editRejected);
        QVERIFY(params.setData(params.index(0, StrategyParamsModel::ValueColumn), u"15"_s));
        QVERIFY(!params.setData(params.index(0, StrategyParamsModel::ValueColumn), u"55"_s));
        QVERIFY(!params.setData(params.index(0, StrategyParamsModel::ValueColumn), u"12.5"_s));
        QVERIFY(!params.setData(params.index(0, StrategyParamsModel::ValueColumn), u"abc"_s));
        QCOMPARE(rejected.count(), 3);
        QCOMPARE(params.values().at("fast"), 15.0);

        // A new parameter appears, a removed one goes, the edited value stays.
        QString changed = goodSource;
        changed.replace(u"param slow = 30 range 20..200 step 10"_s,
                        u"param slow = 30 range 20..200 step 10\nparam width = 2.5 range 1..4 step 0.5"_s);
        f.editor.setText(changed);
        QCOMPARE(params.rowCount(), 3);
        QCOMPARE(params.values().at("fast"), 15.0);
        QCOMPARE(params.values().at("width"), 2.5);
        QVERIFY(params.setData(params.index(2, StrategyParamsModel::ValueColumn), u"3.5"_s));

        // While the text is broken the table keeps the last good parameters.
        f.editor.setText(u"strategy \"x\"\nparam = 3\n"_s);
        QCOMPARE(params.rowCount(), 3);

        // A narrower range drops an edited value it no longer allows.
        QString narrower = changed;
        narrower.replace(u"range 5..50 step 5"_s, u"range 5..12 step 1"_s);
        narrower.replace(u"param fast = 10"_s, u"param fast = 8"_s);
        f.editor.setText(narrower);
        QCOMPARE(params.values().at("fast"), 8.0);
        QCOMPARE(params.values().at("width"), 3.5);

        // Values applied from an optimization trial.
        QCOMPARE(params.applyValues({{"fast", 9.0}, {"slow", 999.0}}), 1);
        QCOMPARE(params.values().at("fast"), 9.0);
        QCOMPARE(params.values().at("slow"), 30.0);
    }
};

QTEST_MAIN(TestStrategyEditor)
#include "tst_strategy_editor.moc"
