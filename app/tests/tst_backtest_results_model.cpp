// Backtest results: the trades table and the metrics grid from a real backtest.
#include "gui/backtest_data.h"
#include "gui/backtest_results_model.h"
#include "model_candles.h"
#include "strategy/compiler.h"

#include <QColor>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace bcf;
using namespace bcf::app;

namespace {

// Hourly closes on a slow sine wave: SMA crosses every half period.
CandleSeries syntheticCandles(int count)
{
    CandleSeries candles;
    const qint64 start = 1'700'000'000'000 / 3'600'000 * 3'600'000;
    double previous = 100;
    for (int i = 0; i < count; ++i) {
        const double close = std::round((100 + 10 * std::sin(i / 15.0) + i * 0.01) * 100) / 100;
        Candle candle;
        candle.openTimeMs = start + qint64(i) * 3'600'000;
        candle.open = previous;
        candle.close = close;
        candle.high = std::max(previous, close) + 0.25;
        candle.low = std::min(previous, close) - 0.25;
        candle.volume = 1000;
        candle.closed = true;
        candles.push_back(candle);
        previous = close;
    }
    return candles;
}

const char* source = R"(strategy "Sine cross"
param fast = 5 range 2..20 step 1
param slow = 20 range 10..60 step 5
long entry when crossover(sma(close, fast), sma(close, slow))
long exit when crossunder(sma(close, fast), sma(close, slow))
size 50% of equity
)";

} // namespace

class TestBacktestResultsModel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void showsTheTradesOfARealBacktest()
    {
        const auto candles = testing::modelCandles(syntheticCandles(600), model::Timeframe::H1);
        auto program = strategy::compileStrategy(source);
        QVERIFY2(program.has_value(), program ? "" : program.error().toString().c_str());
        bt::SymbolSpec spec = symbolSpec(u"TESTUSDT"_s, nullptr);
        const bt::SymbolSeries series{spec, candles};
        bt::BacktestOptions options;
        options.venue.takerFeeMicros = percentToMicros(0.1);
        options.venue.makerFeeMicros = percentToMicros(0.1);
        auto result = bt::runBacktest(*program, std::span(&series, 1), options);
        QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
        QVERIFY(result->trades.size() >= 5);

        BacktestTradesModel model;
        model.setColors(Qt::green, Qt::red);
        model.setTrades(result->trades, 2, 4);
        QCOMPARE(model.rowCount(), int(result->trades.size()));
        QCOMPARE(model.columnCount(), int(BacktestTradesModel::ColumnCount));
        QCOMPARE(qint64(model.rowCount()), result->metrics.tradeCount);

        Money sum;
        for (const bt::TradeRecord& trade : result->trades)
            sum += trade.netPnl;
        QCOMPARE(model.totalNetPnl().raw(), sum.raw());

        for (int row = 0; row < model.rowCount(); ++row) {
            const bt::TradeRecord& trade = result->trades[std::size_t(row)];
            QCOMPARE(model.data(model.index(row, BacktestTradesModel::NumberColumn)).toInt(), row + 1);
            QCOMPARE(model.data(model.index(row, BacktestTradesModel::SideColumn)).toString(), u"Long"_s);
            QCOMPARE(model.data(model.index(row, BacktestTradesModel::NetPnlColumn)).toString(),
                     decimalText(trade.netPnl.raw(), 2));
            QCOMPARE(model.data(model.index(row, BacktestTradesModel::EntryPriceColumn)).toString(),
                     QString::fromStdString(trade.entryPrice.toString(2)));
            QCOMPARE(model.data(model.index(row, BacktestTradesModel::BarsColumn)).toLongLong(),
                     qlonglong(trade.bars));
            if (trade.netPnl.raw() != 0) {
                QCOMPARE(model.data(model.index(row, BacktestTradesModel::NetPnlColumn),
                                    Qt::ForegroundRole)
                             .value<QColor>(),
                         trade.netPnl.raw() > 0 ? QColor(Qt::green) : QColor(Qt::red));
            }
        }

        // The metrics grid: every field, formatted.
        const auto lines = BacktestFormat::metricLines(result->metrics, u"USDT"_s);
        QCOMPARE(lines.size(), 22u);
        const auto find = [&](const QString& label) {
            for (const MetricLine& line : lines) {
                if (line.label == label)
                    return line.value;
            }
            return QString();
        };
        QCOMPARE(find(u"Trades"_s), QString::number(result->trades.size()));
        QCOMPARE(find(u"Net profit"_s), decimalText(result->metrics.netProfit.raw(), 2) + u" USDT"_s);
        QVERIFY(find(u"Max drawdown"_s).endsWith(u" %"_s));
        QCOMPARE(find(u"Sharpe ratio"_s), QString::number(result->metrics.sharpe, 'f', 2));
    }

    void formatsFixedPointAmounts()
    {
        QCOMPARE(decimalText(123'456'789, 2), u"1.23"_s);
        QCOMPARE(decimalText(-125'000'000, 1), u"-1.3"_s);
        QCOMPARE(decimalText(-400'000, 2), u"0.00"_s);
        QCOMPARE(decimalText(5, 8), u"0.00000005"_s);
        QCOMPARE(decimalText(1'000'000'000'000, 0), u"10000"_s);
        QCOMPARE(BacktestFormat::durationText(90 * 60'000.0), u"1 h 30 min"_s);
        QCOMPARE(BacktestFormat::durationText(26 * 3'600'000.0), u"1 d 2 h"_s);
    }
};

QTEST_MAIN(TestBacktestResultsModel)
#include "tst_backtest_results_model.moc"
