#pragma once

#include "core/candles.h"

#include <QTimer>
#include <QWidget>

class QButtonGroup;
class QComboBox;
class QCPAxisRect;
class QCPBars;
class QCPFinancial;
class QCPItemStraightLine;
class QCPItemText;
class QCPRange;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QToolButton;

namespace bcf::app {

class SessionController;
class ThemeManager;

// The candlestick chart: a symbol and a timeframe picked in its toolbar, candles
// (MarketDataService.GetCandles) above a volume pane, a crosshair with an OHLCV readout, zoom
// with the wheel and horizontal pan by dragging. Panning to the left edge of the loaded candles
// loads older ones. After the first load the market is streamed (MarketDataService.StreamCandles):
// the forming bar moves as it changes and closed bars are appended. A stream lost to a
// transport failure is opened again after a pause, once the newest candles have been fetched to
// fill the gap. Errors, and a market without candles, are shown over the plot.
class ChartPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartPanel)

public:
    // The pause before a failed load or a lost stream is tried again.
    static constexpr int retryIntervalMs = 5000;

    ChartPanel(SessionController& session, ThemeManager& theme, QWidget* parent = nullptr);
    ~ChartPanel() override;

    // Whether the first load of the current market has ended (candles drawn or a message
    // shown).
    bool isSettled() const { return m_settled; }
    const CandleSeries& candles() const { return m_candles; }
    QString symbol() const;
    QString timeframe() const { return m_timeframe; }

signals:
    // The first load of a market ended (candles drawn or a message shown).
    void settled();

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    enum class Problem { None, Loading, NoCandles, Error };

    void buildPlot();
    void applyTheme();
    void retranslateUi();
    // `quiet`: keep the message on screen while retrying.
    void reload(bool quiet = false);
    void loadOlder();
    void openStream();
    void stopStream();
    // After a failure: loads again, or fills the gap of a lost stream and opens it again.
    void retry();
    void onStreamCandle(const Candle& candle);
    void mergeCandles(const CandleSeries& newest);
    void setCandles(CandleSeries candles, bool keepView);
    void redrawData();
    void showLatestRange();
    void onXRangeChanged(const QCPRange& range);
    void fitValueAxes();
    void updateTicker();
    void onMouseMove(QMouseEvent* event);
    void hideCrosshair();
    void showReadout(int index);
    void setProblem(Problem problem, const QString& detail = {});
    void placeOverlays();
    void markSettled();

    SessionController& m_session;
    ThemeManager& m_theme;

    QComboBox* m_symbols = nullptr;
    QButtonGroup* m_timeframes = nullptr;
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

    QString m_timeframe = QStringLiteral("1m");
    CandleSeries m_candles;
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
    int m_hoverIndex = -1;
    QTimer m_retryTimer;
};

} // namespace bcf::app
