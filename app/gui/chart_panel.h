#pragma once

#include "core/candles.h"
#include "gui/candle_chart.h"

#include <QTimer>
#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;

namespace bcf::app {

class AiLabPredictionsOverlay;
class InstrumentCatalog;
class SentimentPane;
class SessionController;
class ThemeManager;

// The candlestick chart of one market: a symbol (the exchange's instruments, from the
// InstrumentCatalog; a few common ones while that list loads) and a timeframe picked in its
// toolbar, drawn by a CandleChart. Candles come from MarketDataService.GetCandles; panning to
// the left edge of the loaded candles loads older ones. After the first load the market is
// streamed (MarketDataService.StreamCandles): the forming bar moves as it changes and closed
// bars are appended. A stream lost to a transport failure is opened again after a pause, once
// the newest candles have been fetched to fill the gap. Errors, and a market without candles,
// are shown over the plot; a failure to load the list of instruments beside the symbols.
class ChartPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartPanel)

public:
    // The pause before a failed load or a lost stream is tried again.
    static constexpr int retryIntervalMs = 5000;

    ChartPanel(SessionController& session, InstrumentCatalog& instruments, ThemeManager& theme,
               QWidget* parent = nullptr);
    ~ChartPanel() override;

    // Whether the first load of the current market has ended (candles drawn or a message
    // shown).
    bool isSettled() const { return m_settled; }
    const CandleSeries& candles() const;
    QString symbol() const;
    QString timeframe() const { return m_timeframe; }
    // The symbols offered in the toolbar.
    QStringList symbols() const;
    // Shows `symbol` (when it is offered; returns false otherwise).
    bool selectSymbol(const QString& symbol);
    CandleChart* chart() const { return m_chart; }
    // Shows `symbol` (when offered) with `timeframe`.
    bool selectMarket(const QString& symbol, const QString& timeframe);

    // The trades of a backtest of `symbol` and `timeframe`: marked over the candles while that
    // market is shown; forgotten when another market is picked or other trades are set.
    void setBacktestTrades(const QString& symbol, const QString& timeframe,
                           std::vector<TradeMarker> markers);
    void clearBacktestTrades();
    // Shows trade `index` of the backtest's trades: switches to the backtest's market when
    // another is shown, loads older candles until the trade is loaded, and zooms to it.
    void focusBacktestTrade(int index);
    const std::vector<TradeMarker>& backtestTrades() const { return m_markers; }
    // A model's stored predictions in a pane under the candles (the toolbar's Predictions menu).
    AiLabPredictionsOverlay* predictions() const { return m_predictions; }
    // The news sentiment of the base asset in a pane under the candles (the toolbar's Sentiment
    // button).
    SentimentPane* sentiment() const { return m_sentiment; }
    // The base asset of the shown symbol ("BTC" of BTCUSDT): the instrument's, or guessed from
    // the usual quote assets while the instruments load.
    QString baseAsset() const;

signals:
    // The first load of a market ended (candles drawn or a message shown).
    void settled();
    // Another symbol is shown (picked in the toolbar or through selectSymbol()).
    void symbolChanged(const QString& symbol);

protected:
    void changeEvent(QEvent* event) override;

private:
    enum class Problem { None, Loading, NoCandles, Error };

    void applyTheme();
    void retranslateUi();
    void updateSymbols();
    // `quiet`: keep the message on screen while retrying.
    void reload(bool quiet = false);
    void loadOlder();
    void openStream();
    void stopStream();
    // After a failure: loads again, or fills the gap of a lost stream and opens it again.
    void retry();
    void onStreamCandle(const Candle& candle);
    void setProblem(Problem problem, const QString& detail = {});
    void markSettled();
    bool showsMarkersMarket() const;
    // Puts the backtest's markers on the chart and focuses the pending trade, loading older
    // candles first when it is before the loaded ones.
    void applyBacktestTrades();

    SessionController& m_session;
    InstrumentCatalog& m_instruments;
    ThemeManager& m_theme;

    QComboBox* m_symbols = nullptr;
    QLabel* m_symbolsNote = nullptr;
    QButtonGroup* m_timeframes = nullptr;
    CandleChart* m_chart = nullptr;
    AiLabPredictionsOverlay* m_predictions = nullptr;
    SentimentPane* m_sentiment = nullptr;

    QString m_timeframe = QStringLiteral("1m");
    // Bumped when the market changes, so answers for the previous one are dropped.
    quint64 m_serial = 0;
    bool m_loading = false;
    bool m_loadingOlder = false;
    // The open StreamCandles call (0: none).
    quint64 m_streamId = 0;
    // The server has no candles before the first loaded one.
    bool m_historyExhausted = false;
    bool m_settled = false;
    Problem m_problem = Problem::None;
    QString m_problemDetail;
    QTimer m_retryTimer;

    QString m_markersSymbol;
    QString m_markersTimeframe;
    std::vector<TradeMarker> m_markers;
    int m_pendingFocus = -1;
};

} // namespace bcf::app
