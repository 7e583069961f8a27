// The strategy language: valid programs, evaluation semantics, every kind of compile error with
// its position, and the safety limits.
#include "strategy/compiler.h"
#include "strategy/parser.h"
#include "strategy/templates.h"

#include <QtTest>

#include <cmath>

using namespace bcf::strategy;

namespace {

std::shared_ptr<const Program> compileOrFail(const std::string &source, const ParamValues &values = {})
{
    auto program = compileStrategy(source, values);
    if (!program)
        qFatal("compile failed: %s", program.error().toString().c_str());
    return *program;
}

NodeId seriesNamed(const Program &program, const std::string &name)
{
    for (const auto &[seriesName, id] : program.namedSeries)
        if (seriesName == name)
            return id;
    qFatal("no series %s", name.c_str());
}

BarInput bar(double close, std::int64_t minute)
{
    BarInput input;
    input.open = close;
    input.high = close + 1;
    input.low = close - 1;
    input.close = close;
    input.volume = 10;
    input.openTimeMs = minute * 60'000;
    input.closeTimeMs = (minute + 1) * 60'000;
    return input;
}

} // namespace

class TestStrategyLanguage : public QObject {
    Q_OBJECT

private slots:
    void templatesCompile()
    {
        QVERIFY(strategyTemplates().size() >= 5);
        for (const auto &strategyTemplate : strategyTemplates()) {
            auto program = compileStrategy(strategyTemplate.source);
            QVERIFY2(program.has_value(), program ? "" : (std::string(strategyTemplate.id) + ": " +
                                                          program.error().toString()).c_str());
            QVERIFY(!(*program)->params.empty());
            QVERIFY((*program)->longEntry != kNoNode);
        }
    }

    void commonSubexpressionsAreMerged()
    {
        const auto program = compileOrFail(R"(
long entry when crossover(sma(close, 3), sma(close, 5))
long exit when crossunder(sma(close, 3), sma(close, 5))
)");
        QCOMPARE(program->indicators.size(), std::size_t(2));
    }

    void crossoverFiresOnTheCrossingBar()
    {
        const auto program = compileOrFail(R"(
let up = crossover(close, 10)
let down = crossunder(close, 10)
long entry when up
)");
        StrategyState state(program);
        const double closes[] = {8, 9, 11, 12, 9, 10, 10, 11};
        const bool expectedUp[] = {false, false, true, false, false, false, false, true};
        const bool expectedDown[] = {false, false, false, false, true, false, false, false};
        for (std::size_t i = 0; i < std::size(closes); ++i) {
            state.onBar(bar(closes[i], static_cast<std::int64_t>(i)));
            QCOMPARE(state.isTrue(seriesNamed(*program, "up")), expectedUp[i]);
            QCOMPARE(state.isTrue(seriesNamed(*program, "down")), expectedDown[i]);
        }
    }

    void previousValuesAndChange()
    {
        const auto program = compileOrFail(R"(
let back2 = close[2]
let delta = change(close, 3)
let up = rising(close)
long entry when up
)");
        StrategyState state(program);
        const double closes[] = {1, 2, 4, 8, 7};
        for (std::size_t i = 0; i < std::size(closes); ++i) {
            state.onBar(bar(closes[i], static_cast<std::int64_t>(i)));
            const double back2 = state.value(seriesNamed(*program, "back2"));
            const double delta = state.value(seriesNamed(*program, "delta"));
            if (i < 2)
                QVERIFY(std::isnan(back2));
            else
                QCOMPARE(back2, closes[i - 2]);
            if (i < 3)
                QVERIFY(std::isnan(delta));
            else
                QCOMPARE(delta, closes[i] - closes[i - 3]);
            QCOMPARE(state.isTrue(seriesNamed(*program, "up")), i > 0 && closes[i] > closes[i - 1]);
        }
    }

    void arithmeticAndMissingValues()
    {
        const auto program = compileOrFail(R"(
param k = 2
let x = (close - 1) * k ^ 2 / 4 + -1
let guarded = nz(close[1], 100)
let missing = na(close[1])
let noCompare = close[1] != 5
let choice = iff(close > 2, 1, 0)
long entry when noCompare
)");
        StrategyState state(program);
        state.onBar(bar(3, 0));
        QCOMPARE(state.value(seriesNamed(*program, "x")), (3.0 - 1) * 4 / 4 - 1);
        QCOMPARE(state.value(seriesNamed(*program, "guarded")), 100.0);
        QVERIFY(state.isTrue(seriesNamed(*program, "missing")));
        QVERIFY(!state.isTrue(seriesNamed(*program, "noCompare"))); // NaN != 5 is false
        QCOMPARE(state.value(seriesNamed(*program, "choice")), 1.0);
        state.onBar(bar(1, 1));
        QCOMPARE(state.value(seriesNamed(*program, "guarded")), 3.0);
        QVERIFY(state.isTrue(seriesNamed(*program, "noCompare")));
        QCOMPARE(state.value(seriesNamed(*program, "choice")), 0.0);
    }

    void indicatorsAndOutputs()
    {
        const auto program = compileOrFail(R"(
let avg = sma(close, 3)
let smoothed = sma(sma(close, 2), 2)
let m = macd(close, 3, 6, 2)
let signal = m.signal
long entry when avg > 0
)");
        StrategyState state(program);
        const double closes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        for (std::size_t i = 0; i < std::size(closes); ++i) {
            state.onBar(bar(closes[i], static_cast<std::int64_t>(i)));
            const double avg = state.value(seriesNamed(*program, "avg"));
            if (i < 2)
                QVERIFY(std::isnan(avg));
            else
                QCOMPARE(avg, (closes[i] + closes[i - 1] + closes[i - 2]) / 3);
            // sma(sma(close,2),2) = (c[i] + 2c[i-1] + c[i-2]) / 4, first at i = 2: the inner
            // average's warm-up is not fed to the outer one.
            const double smoothed = state.value(seriesNamed(*program, "smoothed"));
            if (i < 2)
                QVERIFY(std::isnan(smoothed));
            else
                QCOMPARE(smoothed, (closes[i] + 2 * closes[i - 1] + closes[i - 2]) / 4);
        }
        QVERIFY(!std::isnan(state.value(seriesNamed(*program, "signal"))));
    }

    void higherTimeframeUsesOnlyClosedBars()
    {
        const auto program = compileOrFail(R"(
let hourly = tf("5m", close)
let hourlyPrev = tf("5m", close[1])
long entry when hourly > 0
)");
        StrategyState state(program);
        for (std::int64_t minute = 0; minute < 12; ++minute) {
            state.onBar(bar(static_cast<double>(minute), minute));
            const double value = state.value(seriesNamed(*program, "hourly"));
            const double previous = state.value(seriesNamed(*program, "hourlyPrev"));
            if (minute < 4) {
                QVERIFY(std::isnan(value)); // the first 5-minute bar has not closed yet
            } else {
                // The last 5-minute bar closed at minute 4 or 9: its close is that minute's close.
                const std::int64_t lastClosed = (minute + 1) / 5 * 5 - 1;
                QCOMPARE(value, static_cast<double>(lastClosed));
                if (lastClosed >= 9)
                    QCOMPARE(previous, 4.0);
                else
                    QVERIFY(std::isnan(previous));
            }
        }
    }

    void higherTimeframeBarClosedByAGap()
    {
        const auto program = compileOrFail("let five = tf(\"5m\", close)\nlong entry when five > 0");
        StrategyState state(program);
        for (const std::int64_t minute : {0, 1, 2, 3}) // minute 4 is missing
            state.onBar(bar(static_cast<double>(minute), minute));
        QVERIFY(std::isnan(state.value(seriesNamed(*program, "five"))));
        state.onBar(bar(6, 6)); // the 00:00 bar is over: its last close was minute 3's
        QCOMPARE(state.value(seriesNamed(*program, "five")), 3.0);
    }

    void notOfAMissingConditionIsFalse()
    {
        // A two-bar pattern is missing on the first bar: 'not' of it must not fire there.
        const auto program = compileOrFail("let n = not engulfing_bull()\nlong entry when n");
        StrategyState state(program);
        state.onBar(bar(5, 0));
        QVERIFY(!state.isTrue(seriesNamed(*program, "n")));
        state.onBar(bar(6, 1));
        QVERIFY(state.isTrue(seriesNamed(*program, "n"))); // known now, and not an engulfing bar
    }

    void higherTimeframeSkipsAPartialFirstBar()
    {
        const auto program = compileOrFail("let five = tf(\"5m\", high)\nlong entry when five > 0");
        StrategyState state(program);
        for (std::int64_t minute = 3; minute < 10; ++minute) // starts inside the 00:00 bar
            state.onBar(bar(static_cast<double>(minute), minute));
        // 00:00–00:05 had only minutes 3 and 4: skipped; 00:05–00:10 is complete: high of 9 + 1.
        QCOMPARE(state.value(seriesNamed(*program, "five")), 10.0);
        StrategyState fresh(program);
        for (std::int64_t minute = 3; minute < 5; ++minute)
            fresh.onBar(bar(static_cast<double>(minute), minute));
        QVERIFY(std::isnan(fresh.value(seriesNamed(*program, "five"))));
    }

    void calendarSeries()
    {
        const auto program = compileOrFail(R"(
let h = hour
let d = dayofweek
let dom = dayofmonth
let mo = month
long entry when h == 13
)");
        StrategyState state(program);
        // 2024-02-29 13:45 UTC, a Thursday.
        BarInput input = bar(1, 0);
        input.openTimeMs = 1709214300000;
        input.closeTimeMs = input.openTimeMs + 60'000;
        state.onBar(input);
        QCOMPARE(state.value(seriesNamed(*program, "h")), 13.0);
        QCOMPARE(state.value(seriesNamed(*program, "d")), 3.0);
        QCOMPARE(state.value(seriesNamed(*program, "dom")), 29.0);
        QCOMPARE(state.value(seriesNamed(*program, "mo")), 2.0);
        QVERIFY(program->needsCalendar);
    }

    void statementsAndSettings()
    {
        auto ast = parseStrategy(R"(strategy "All settings"
param fast = 10 range 5..50 step 5
param width = 2.5 range 1..3 step 0.5
long entry when close > open
short entry when close < open   # a comment
stop_loss 2%   take_profit atr(14) * width   trailing_stop 1.5%
size risk 1%
hours 22..6
days mon..wed, fri
)");
        QVERIFY2(ast.has_value(), ast ? "" : ast.error().toString().c_str());
        QCOMPARE(ast->name, std::string("All settings"));
        QCOMPARE(ast->params.size(), std::size_t(2));
        QVERIFY(ast->params[0].integer);
        QVERIFY(!ast->params[1].integer);
        QCOMPARE(ast->params[1].step, 0.5);
        QCOMPARE(ast->protections.size(), std::size_t(3));
        QCOMPARE(ast->sizing->mode, SizingMode::RiskPercent);
        QCOMPARE(ast->timeFilter.fromHour, 22);
        QCOMPARE(ast->timeFilter.toHour, 6);
        const std::array<bool, 7> days{true, true, true, false, true, false, false};
        QVERIFY(ast->timeFilter.days == days);
        auto program = compileAst(*ast);
        QVERIFY2(program.has_value(), program ? "" : program.error().toString().c_str());
        QVERIFY((*program)->stopLoss.isPercent);
        QVERIFY(!(*program)->takeProfit.isPercent);
        QVERIFY((*program)->trailingStop.enabled);

        for (const char *size : {"size 0.5 units", "size 0.5", "size 1000 cash", "size 25% of equity"}) {
            auto sized = compileStrategy(std::string("long entry when close > open\n") + size);
            QVERIFY2(sized.has_value(), size);
        }
    }

    void parameterValues()
    {
        const std::string source = "param fast = 10 range 5..50 step 5\nparam w = 2 range 1..3 step 0.5\n"
                                   "long entry when close > sma(close, fast) * w";
        const auto program = compileOrFail(source, {{"fast", 20}, {"w", 1.5}});
        QCOMPARE(program->params[0].value, 20.0);
        QCOMPARE(program->indicators[0].params[0], 20.0);
        auto outside = compileStrategy(source, {{"fast", 60}});
        QVERIFY(!outside);
        QVERIFY(outside.error().message.find("outside its range 5..50") != std::string::npos);
        auto fractional = compileStrategy(source, {{"fast", 7.5}});
        QVERIFY(!fractional);
        QVERIFY(fractional.error().message.find("whole number") != std::string::npos);
        auto unknown = compileStrategy(source, {{"slow", 7}});
        QVERIFY(!unknown);
        QVERIFY(unknown.error().message.find("no parameter named 'slow'") != std::string::npos);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");

        QTest::newRow("bad character") << "long entry when close > 1 $" << 1 << 27 << "unexpected character '$'";
        QTest::newRow("unterminated text") << "strategy \"abc\nlong entry when true" << 1 << 10 << "no closing";
        QTest::newRow("glued number") << "long entry when close > 10x" << 1 << 25 << "is not a number";
        QTest::newRow("unknown function") << "long entry when smaa(close, 10) > 1" << 1 << 17 << "did you mean 'sma'?";
        QTest::newRow("undefined name") << "long entry when clsoe > 1" << 1 << 17 << "'clsoe' is not defined; did you mean 'close'?";
        QTest::newRow("arity") << "long entry when sma(close, 10, 3) > 1" << 1 << 17 << "sma takes 1 to 2 arguments";
        QTest::newRow("number as condition") << "long entry when close + 1" << 1 << 23 << "needs a condition";
        QTest::newRow("and with number") << "long entry when close > 1 and close" << 1 << 31 << "'and' needs a condition";
        QTest::newRow("condition as number") << "long entry when (close > 1) + 1 > 0" << 1 << 24 << "needs a number on its left";
        QTest::newRow("param outside range") << "param p = 60 range 5..50\nlong entry when true" << 1 << 14 << "outside its range";
        QTest::newRow("bad period") << "long entry when sma(close, 0) > 1" << 1 << 28 << "period";
        QTest::newRow("bad second parameter") << "long entry when bbands(close, 20, -1) > 1" << 1 << 35 << "bbands";
        QTest::newRow("series as period") << "long entry when sma(close, volume) > 1" << 1 << 28 << "must be a fixed number or a parameter";
        QTest::newRow("unknown output") << "long entry when macd(close).sig > 0" << 2 - 1 << 29 << "macd has no output 'sig'";
        QTest::newRow("output of a non-indicator") << "long entry when close.upper > 0" << 1 << 23 << "reads an output of an indicator";
        QTest::newRow("duplicate rule") << "long entry when true\nlong entry when false" << 2 << 1 << "combine the conditions with 'or'";
        QTest::newRow("no entry") << "long exit when true" << 1 << 1 << "no entry rule";
        QTest::newRow("risk without stop") << "long entry when true\nsize risk 1%" << 2 << 1 << "needs a 'stop_loss'";
        QTest::newRow("shadowing a series") << "let close = 1\nlong entry when true" << 1 << 5 << "built-in series";
        QTest::newRow("self reference") << "let a = a + 1\nlong entry when a > 0" << 1 << 9 << "in terms of itself";
        QTest::newRow("chained comparison") << "long entry when 1 < close < 3" << 1 << 27 << "cannot be chained";
        QTest::newRow("assignment in condition") << "long entry when close = 1" << 1 << 23 << "compare with '=='";
        QTest::newRow("bad timeframe") << "long entry when tf(\"7m\", close) > 1" << 1 << 20 << "'7m' is not a timeframe";
        QTest::newRow("nested tf") << "long entry when tf(\"1h\", tf(\"4h\", close)) > 1" << 1 << 26 << "inside another tf()";
        QTest::newRow("percent in expression") << "long entry when close > 2%" << 1 << 25 << "percentage is only allowed";
        QTest::newRow("missing when") << "long entry close > 1" << 1 << 12 << "expected 'when'";
        QTest::newRow("missing entry or exit") << "long when close > 1" << 1 << 6 << "expected 'entry' or 'exit'";
        QTest::newRow("unknown statement") << "buy when close > 1" << 1 << 1 << "does not start a statement";
        QTest::newRow("missing expression") << "long entry when\nstop_loss 2%" << 1 << 16 << "expression is missing";
        QTest::newRow("unclosed parenthesis") << "long entry when (close > 1" << 1 << 27 << "')' to close";
        QTest::newRow("bad percentage") << "long entry when true\nstop_loss 150%" << 2 << 11 << "between 0% and 100%";
        QTest::newRow("bad weekday") << "long entry when true\ndays mon..fry" << 2 << 11 << "not a weekday";
        QTest::newRow("bad hour") << "long entry when true\nhours 8..25" << 2 << 10 << "whole number from 0 to 24";
        QTest::newRow("negative lookback") << "long entry when close[-1] > 0" << 1 << 23 << "number of bars back";
        QTest::newRow("trailing junk") << "long entry when close > 1 2" << 1 << 27 << "expected the end of the line";
        QTest::newRow("function used as series") << "long entry when sma > 1" << 1 << 17 << "is a function";
        QTest::newRow("series called") << "long entry when close(1) > 1" << 1 << 17 << "not a function";
        QTest::newRow("iff mixed types") << "long entry when iff(true, 1, false) > 0" << 1 << 17 << "both be numbers";
        QTest::newRow("bang") << "long entry when !true" << 1 << 17 << "write 'not'";
        QTest::newRow("size with too many decimals") << "long entry when true\nsize 0.000000001 units" << 2 << 1
                                                     << "cannot be used";
        QTest::newRow("tiny trailing stop") << "long entry when true\ntrailing_stop 0.004%" << 2 << 15
                                            << "at least 0.01%";
        QTest::newRow("huge range") << "param p = 1 range 1..100000000000000000000\nlong entry when true" << 1 << 13
                                    << "more than 100,000 values";
        QTest::newRow("non-ASCII name") << "let preço = close\nlong entry when true" << 1 << 8
                                        << "unexpected character 'ç'";
        QTest::newRow("column counts characters") << "# ação\nlong entry when \"ã\" > 1 $" << 2 << 25
                                                  << "unexpected character '$'";
    }

    void errors()
    {
        QFETCH(QString, source);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        auto program = compileStrategy(source.toStdString());
        QVERIFY2(!program, "compiled, but should not have");
        const CompileError &error = program.error();
        const QString text = QString::fromStdString(error.message);
        QVERIFY2(text.contains(message), qPrintable(text));
        QCOMPARE(error.position.line, line);
        QCOMPARE(error.position.column, column);
        QVERIFY(error.length >= 1);
    }

    void limits()
    {
        Limits limits;
        limits.maxSourceBytes = 100;
        auto tooLong = compileStrategy(std::string(101, ' ') + "long entry when true", {}, limits);
        QVERIFY(!tooLong);
        QVERIFY(tooLong.error().message.find("too long") != std::string::npos);

        std::string deep = "long entry when " + std::string(100, '(') + "close" + std::string(100, ')') + " > 1";
        auto nested = compileStrategy(deep);
        QVERIFY(!nested);
        QVERIFY(nested.error().message.find("nested too deeply") != std::string::npos);

        std::string many;
        for (int i = 0; i < 30; ++i)
            many += "let s" + std::to_string(i) + " = sma(close, " + std::to_string(i + 2) + ")\n";
        many += "long entry when s0 > s1\n";
        Limits small;
        small.maxSeries = 20;
        auto series = compileStrategy(many, {}, small);
        QVERIFY(!series);
        QVERIFY(series.error().message.find("series") != std::string::npos);
        QVERIFY(compileStrategy(many).has_value());

        std::string params;
        for (int i = 0; i < 33; ++i)
            params += "param p" + std::to_string(i) + " = 1\n";
        auto tooManyParams = compileStrategy(params + "long entry when true");
        QVERIFY(!tooManyParams);
        QCOMPARE(tooManyParams.error().position.line, 33);

        // Chains deepen the tree without parentheses: one level per operator or index.
        std::string chain = "long entry when 1";
        for (int i = 0; i < 70; ++i)
            chain += " + 1";
        auto sum = compileStrategy(chain + " > 0");
        QVERIFY(!sum);
        QVERIFY(sum.error().message.find("nested too deeply") != std::string::npos);
        std::string indexes = "long entry when close";
        for (int i = 0; i < 70; ++i)
            indexes += "[0]";
        auto indexed = compileStrategy(indexes + " > 0");
        QVERIFY(!indexed);
        QVERIFY(indexed.error().message.find("nested too deeply") != std::string::npos);
        // Each let refers to the next one, defined further down: resolving a0 goes 300 deep.
        std::string lets;
        for (int i = 0; i < 299; ++i)
            lets += "let a" + std::to_string(i) + " = a" + std::to_string(i + 1) + "\n";
        auto deepLets = compileStrategy(lets + "let a299 = close\nlong entry when a0 > 0");
        QVERIFY(!deepLets);
        QVERIFY(deepLets.error().message.find("256 deep") != std::string::npos);

        auto lookback = compileStrategy("long entry when close[6000] > 0");
        QVERIFY(!lookback);
        QVERIFY(lookback.error().message.find("from 0 to 5000") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestStrategyLanguage)
#include "test_strategy_language.moc"
