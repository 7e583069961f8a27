// The Strategy dock without a server: a template compiles, its parameters fill the table, a
// backtest result fills the results, and a broken source disables Backtest. With
// BCF_SCREENSHOT_DIR set it also saves pictures of the panel in both themes.
#include "core/instrument_catalog.h"
#include "core/preferences.h"
#include "core/session_controller.h"
#include "gui/backtest_charts.h"
#include "gui/backtest_data.h"
#include "model_candles.h"
#include "gui/backtest_results_model.h"
#include "gui/candle_chart.h"
#include "gui/strategy_editor.h"
#include "gui/strategy_panel.h"
#include "gui/strategy_params_model.h"
#include "gui/theme_manager.h"
#include "strategy/compiler.h"

#include <Qsci/qsciscintilla.h>
#include <qcustomplot.h>

#include <QAction>
#include <QDateTime>
#include <QLabel>
#include <QToolButton>
#include <QDir>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace bcf;
using namespace bcf::app;

namespace {

CandleSeries syntheticCandles(int count)
{
    CandleSeries candles;
    const qint64 start = 1'700'000'000'000 / 3'600'000 * 3'600'000;
    double previous = 100;
    for (int i = 0; i < count; ++i) {
        const double close = std::round((100 + 10 * std::sin(i / 15.0) + 3 * std::sin(i / 4.0) + i * 0.01) * 100) / 100;
        Candle candle;
        candle.openTimeMs = start + qint64(i) * 3'600'000;
        candle.open = previous;
        candle.close = close;
        candle.high = std::max(previous, close) + 0.4;
        candle.low = std::min(previous, close) - 0.4;
        candle.volume = 1000;
        candles.push_back(candle);
        previous = close;
    }
    return candles;
}

} // namespace

class TestStrategyPanel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale::c());
    }

    void runsWithoutAServer()
    {
        QTemporaryDir dir;
        Preferences preferences{std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s),
                                                            QSettings::IniFormat)};
        ThemeManager theme{preferences};
        theme.apply();
        SessionController session{ConnectionProfile{}};
        InstrumentCatalog instruments{session, u"binance"_s};
        StrategyPanel panel{session, instruments, theme};
        panel.resize(1500, 560);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));

        QVERIFY(panel.editor()->compiles());
        QCOMPARE(panel.params()->rowCount(), int(panel.editor()->program()->params.size()));
        QCOMPARE(panel.title(), u"New strategy"_s);
        auto* backtest = panel.findChild<QAction*>(u"strategyBacktest"_s);
        QVERIFY(backtest && backtest->isEnabled());

        // A result computed here, shown as a backtest's.
        BacktestDataset data;
        data.settings = panel.backtestSettings();
        data.settings.symbol = u"BTCUSDT"_s;
        data.quoteCurrency = u"USDT"_s;
        data.candles = testing::modelCandles(syntheticCandles(24 * 30), model::Timeframe::H1);
        data.settings.fromUnixMs = data.candles.front().openTime.time_since_epoch().count();
        data.settings.toUnixMs = data.candles.back().openTime.time_since_epoch().count() + 3'600'000;
        data.spec = symbolSpec(u"BTCUSDT"_s, nullptr);
        const QByteArray source = panel.editor()->text().toUtf8();
        auto program = strategy::compileStrategy(std::string_view(source.constData(), std::size_t(source.size())),
                                                 panel.params()->values());
        QVERIFY(program.has_value());
        const bt::SymbolSeries series{data.spec, data.candles};
        bt::BacktestOptions options;
        options.venue = data.settings.venue;
        auto result = bt::runBacktest(*program, std::span(&series, 1), options);
        QVERIFY(result.has_value());
        QSignalSpy completed(&panel, &StrategyPanel::backtestCompleted);
        panel.showResult(*result, data);
        QCOMPARE(completed.count(), 1);
        QCOMPARE(completed.first().at(0).toString(), u"BTCUSDT"_s);
        QCOMPARE(panel.trades()->rowCount(), int(result->trades.size()));
        QCOMPARE(panel.findChild<BacktestCharts*>()->pointCount(), int(result->equity.size()));

        // The trades on a price chart: markers, and a focused trade brought into view.
        const auto markers = completed.first().at(2).value<std::vector<TradeMarker>>();
        QCOMPARE(markers.size(), result->trades.size());
        CandleChart chart{theme};
        chart.resize(1100, 520);
        chart.setMarket(u"BTCUSDT"_s, u"1h"_s);
        chart.setCandles(syntheticCandles(24 * 30), false);
        chart.setTradeMarkers(markers);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.focusTrade(1);
        QCOMPARE(chart.focusedTrade(), 1);
        const QCPRange view = chart.plot()->axisRect(0)->axis(QCPAxis::atBottom)->range();
        QVERIFY(view.contains(double(markers[1].entryTimeMs) / 1000.0));
        QVERIFY(view.contains(double(markers[1].exitTimeMs) / 1000.0));

        const QString shots = qEnvironmentVariable("BCF_SCREENSHOT_DIR");
        auto* tabs = panel.findChild<QTabWidget*>(u"backtestResults"_s);
        const auto shoot = [&](const QString& name) {
            if (shots.isEmpty())
                return;
            QDir().mkpath(shots);
            QTest::qWait(50);
            panel.grab().save(QDir(shots).filePath(name));
        };
        if (!shots.isEmpty()) {
            QDir().mkpath(shots);
            QTest::qWait(50);
            chart.grab().save(QDir(shots).filePath(u"chart_trade_markers_dark.png"_s));
        }
        chart.clearTradeMarkers();
        QVERIFY(chart.tradeMarkers().empty());
        shoot(u"strategy_summary_dark.png"_s);
        tabs->setCurrentIndex(1);
        shoot(u"strategy_equity_dark.png"_s);
        tabs->setCurrentIndex(2);
        shoot(u"strategy_trades_dark.png"_s);
        theme.setTheme(u"light"_s);
        tabs->setCurrentIndex(0);
        shoot(u"strategy_summary_light.png"_s);

        // A broken source: the error shows and Backtest is off.
        QsciScintilla* sci = panel.editor()->scintilla();
        sci->insertAt(u"let broken = sma(close, \n"_s, 3, 0);
        QTRY_VERIFY_WITH_TIMEOUT(!panel.editor()->compiles(), 2000);
        QVERIFY(!backtest->isEnabled());
        QVERIFY(panel.title().endsWith(u" •"_s));
        shoot(u"strategy_error_light.png"_s);
        theme.setTheme(u"dark"_s);
        shoot(u"strategy_error_dark.png"_s);
        // Run on servers is off with the local backtest.
        QVERIFY(!panel.findChild<QToolButton*>(u"strategyRunOnServers"_s)->isEnabled());
        QVERIFY(!panel.serverBacktestSpec().has_value());
    }

    // "Run on servers": the job carries the editor's source, the parameters and the backtest
    // settings; without a session the refusal is in the status line and no job is announced.
    void serverJobSpec()
    {
        QTemporaryDir dir;
        Preferences preferences{std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s),
                                                            QSettings::IniFormat)};
        ThemeManager theme{preferences};
        SessionController session{ConnectionProfile{}};
        InstrumentCatalog instruments{session, u"binance"_s};
        StrategyPanel panel{session, instruments, theme};
        QVERIFY(panel.editor()->compiles());
        QVERIFY(panel.findChild<QToolButton*>(u"strategyRunOnServers"_s)->isEnabled());
        panel.setSymbol(u"ETHUSDT"_s);
        panel.setBacktestRange(u"1h"_s, QDate(2024, 1, 1), QDate(2024, 1, 31));
        const auto spec = panel.serverBacktestSpec();
        QVERIFY(spec.has_value());
        QCOMPARE(spec->symbol, u"ETHUSDT"_s);
        QCOMPARE(spec->timeframe, u"1h"_s);
        QCOMPARE(spec->exchange, u"binance"_s);
        QCOMPARE(spec->fromUnixMs, QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(spec->toUnixMs, QDateTime(QDate(2024, 2, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(spec->strategySource, panel.editor()->text());
        QCOMPARE(spec->params.size(), panel.params()->values().size());
        const BacktestSettings settings = panel.backtestSettings();
        QCOMPARE(spec->initialCash, QString::fromStdString(settings.venue.initialCash.toString()));
        QCOMPARE(spec->feeMicros,
                 std::max(settings.venue.makerFeeMicros, settings.venue.takerFeeMicros));
        QCOMPARE(spec->slippageMicros, settings.venue.slippageMicros);
        QCOMPARE(spec->label, u"ETHUSDT 1h"_s);

        // The grid search: every combination of the ranged parameters, which are not fixed.
        const auto search = panel.serverGridSearchSpec();
        QVERIFY(search.has_value());
        QCOMPARE(search->method, u"grid"_s);
        QCOMPARE(search->backtest.label, u"ETHUSDT 1h grid"_s);
        qint64 combinations = 1;
        int ranged = 0;
        for (const strategy::ResolvedParam& resolved : panel.editor()->program()->params) {
            const strategy::ParamDecl& param = resolved.decl;
            if (!param.hasRange)
                continue;
            ++ranged;
            combinations *= qint64(std::floor((param.max - param.min) / param.step + 1e-9)) + 1;
            for (const auto& [name, value] : search->backtest.params)
                QVERIFY(name != QString::fromStdString(param.name));
        }
        QVERIFY(ranged > 0);
        QCOMPARE(search->maxTrials, combinations);
        QCOMPARE(search->backtest.params.size(), spec->params.size() - std::size_t(ranged));

        QSignalSpy submitted(&panel, &StrategyPanel::jobSubmitted);
        panel.submitServerBacktest();
        QCOMPARE(submitted.count(), 0);
        QVERIFY(panel.findChild<QLabel*>(u"backtestStatus"_s)->text().contains(u"not logged in"_s));
        // The button is back for another try.
        QVERIFY(panel.findChild<QToolButton*>(u"strategyRunOnServers"_s)->isEnabled());
    }
};

QTEST_MAIN(TestStrategyPanel)
#include "tst_strategy_panel.moc"
