#pragma once

#include "core/candles.h"

#include <QWidget>

#include <vector>

class QCPAxisRect;
class QCPBars;
class QCPFinancial;
class QCPGraph;
class QCPItemLine;
class QCPItemStraightLine;
class QCPItemText;
class QCPRange;
class QCustomPlot;
class QLabel;
class QMouseEvent;

namespace bcf::app {

class ThemeManager;

// A backtest's trade as the chart marks it: ▲ at the entry, ▼ at the exit, a line between.
// Prices are for drawing only.
struct TradeMarker {
    qint64 entryTimeMs = 0;
    double entryPrice = 0;
    qint64 exitTimeMs = 0;
    double exitPrice = 0;
    bool isLong = true;
    bool profitable = false;

    friend bool operator==(const TradeMarker&, const TradeMarker&) = default;
};

// One of the account's fills as the chart marks it: a green ▲ for a buy, a red ▼ for a sell, at
// its price in the candle of its time. The price is for drawing only.
struct FillMarker {
    qint64 timeMs = 0;
    double price = 0;
    bool buy = true;

    friend bool operator==(const FillMarker&, const FillMarker&) = default;
};

// The drawing part of the chart, without any server: candles above a volume pane, a crosshair
// with an OHLCV readout of the candle under the cursor, the last price marked on the price
// axis, zoom with the wheel and horizontal pan by dragging, and a message over the plot.
//
// Only the candles in view (and one bar beyond each edge) are handed to the plot. When the view
// holds more candles than about one per two pixels of the plot's width, consecutive candles
// are merged into bars of k (a power of two) timeframes each (see aggregateCandles()), so a
// replot costs about the same with a million candles loaded as with a few hundred. The
// crosshair's readout still reads the raw candle under the cursor. GUI thread only.
class CandleChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CandleChart)

public:
    // Candles shown when a market is opened.
    static constexpr int initialVisible = 120;
    // Fewest candles a zoom may show.
    static constexpr int minVisible = 10;
    // Older history is wanted when the view comes this close (in candles) to the first one.
    static constexpr int edgeCandles = 20;

    explicit CandleChart(ThemeManager& theme, QWidget* parent = nullptr);
    ~CandleChart() override;

    // The market named in the readout and the length of one candle.
    void setMarket(const QString& symbol, const QString& timeframe);
    const CandleSeries& candles() const { return m_candles; }

    // Replaces the candles (oldest first); `keepView` keeps the visible range, otherwise the
    // newest initialVisible candles are shown.
    void setCandles(CandleSeries candles, bool keepView);
    void clear();
    // Merges newer candles (see mergeNewest()); the view follows a new bar when the previous
    // newest one was in view. Returns whether anything changed.
    bool mergeNewest(const CandleSeries& newest);
    // Puts older candles in front (see prependOlder()); returns the number added.
    int prependOlder(const CandleSeries& older);

    // Shows the newest `count` candles (and a little room on the right).
    void showLatest(int count);
    // Shows every loaded candle.
    void showAll();
    // Candles merged into each drawn bar (1: none) and the number of bars drawn, as of the last
    // update of the view.
    int aggregation() const { return m_aggregation; }
    int drawnBars() const { return m_drawnBars; }

    // Marks trades (oldest first) over the candles until cleared; replaces earlier ones.
    void setTradeMarkers(std::vector<TradeMarker> markers);
    void clearTradeMarkers();
    const std::vector<TradeMarker>& tradeMarkers() const { return m_markers; }
    // Highlights trade `index` of the markers and shows it with some bars around it; -1 removes
    // the highlight.
    void focusTrade(int index);
    int focusedTrade() const { return m_focusedTrade; }

    // Marks the account's fills of the shown market (any order); replaces earlier ones.
    void setFillMarkers(std::vector<FillMarker> markers);
    const std::vector<FillMarker>& fillMarkers() const { return m_fills; }

    // A message over the plot (loading, errors); empty hides it.
    void setMessage(const QString& text);
    QString message() const;

    QCustomPlot* plot() const { return m_plot; }

    // A pane of its own below the others (model predictions, news sentiment): added as the last
    // row of the plot with `stretch` (the price pane has 4, the volume 1); the time labels are
    // under the lowest pane only. The pane keeps belonging to the plot after removePane().
    void addPane(QCPAxisRect* pane, double stretch);
    void removePane(QCPAxisRect* pane);

signals:
    // The view came close to the oldest loaded candle.
    void nearOldestCandle();
    // The loaded candles changed: replaced, older ones put in front, or newer ones merged.
    void candlesChanged();

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildPlot();
    void applyTheme();
    void applyLocale();
    // Hands the candles in view, merged when they are too many, to the plot.
    void updateVisibleBars();
    void updateTradeMarkers();
    void updateFillMarkers();
    void updateLastPrice();
    void onXRangeChanged(const QCPRange& range);
    void fitValueAxes();
    void updateTicker();
    void onMouseMove(QMouseEvent* event);
    void hideCrosshair();
    void showReadout(int index);
    void placeOverlays();
    double stepSeconds() const;
    // Time labels under the lowest pane only.
    void updatePaneLabels();

    ThemeManager& m_theme;
    QString m_symbol;
    QString m_timeframe;
    qint64 m_stepMs = 60000;

    QLabel* m_readout = nullptr;
    QLabel* m_message = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPAxisRect* m_priceRect = nullptr;
    QCPAxisRect* m_volumeRect = nullptr;
    QCPFinancial* m_financial = nullptr;
    QCPBars* m_volumeUp = nullptr;
    QCPBars* m_volumeDown = nullptr;
    QCPItemStraightLine* m_crossV = nullptr;
    QCPItemStraightLine* m_crossH = nullptr;
    QCPItemStraightLine* m_crossVolumeV = nullptr;
    QCPItemStraightLine* m_lastPriceLine = nullptr;
    QCPItemText* m_lastPriceTag = nullptr;
    QCPItemText* m_crossPriceTag = nullptr;

    QCPGraph* m_entryLong = nullptr;
    QCPGraph* m_entryShort = nullptr;
    QCPGraph* m_exits = nullptr;
    QCPGraph* m_winLines = nullptr;
    QCPGraph* m_lossLines = nullptr;
    QCPItemLine* m_focusLine = nullptr;
    QCPGraph* m_fillBuys = nullptr;
    QCPGraph* m_fillSells = nullptr;
    std::vector<FillMarker> m_fills;
    std::vector<TradeMarker> m_markers;
    int m_focusedTrade = -1;

    CandleSeries m_candles;
    // The bars handed to the plot (merged when m_aggregation > 1), oldest first.
    CandleSeries m_bars;
    int m_aggregation = 1;
    int m_drawnBars = 0;
    int m_hoverIndex = -1;
    bool m_syncingRange = false;
};

} // namespace bcf::app
