#pragma once

#include "gui/kept_stream.h"

#include "core/market_types.h"

#include <QWidget>

class QCPGraph;
class QCPItemStraightLine;
class QComboBox;
class QCustomPlot;
class QLabel;
class QTableView;

namespace bcf::app {

class InstrumentCatalog;
class OrderBookModel;
class SessionController;
class ThemeManager;

// The order book dock's content: a ladder (asks above, bids below, the spread between them;
// price, size and cumulative size, with a depth bar behind each level) over a depth chart
// (cumulative bid and ask curves and the mid price), both fed by MarketDataService.
// StreamOrderBook with the depth picked in the panel (10, 20 or 50 levels a side). A stream
// lost to a transport failure is opened again after retryIntervalMs. GUI thread only.
class OrderBookPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderBookPanel)

public:
    static constexpr int retryIntervalMs = KeptStream::retryIntervalMs;
    static constexpr int defaultDepth = 20;

    OrderBookPanel(SessionController& session, InstrumentCatalog& instruments,
                   ThemeManager& theme, QWidget* parent = nullptr);
    ~OrderBookPanel() override;

    QString symbol() const { return m_symbol; }
    void setSymbol(const QString& symbol);
    int depth() const { return m_depth; }
    void setDepth(int depth);
    OrderBookModel* model() const { return m_model; }
    // Shows a snapshot as if it had been streamed (also used by the stream).
    void showBook(const BookSnapshot& book);

protected:
    void changeEvent(QEvent* event) override;

private:
    void start();
    void stop();
    void applyTheme();
    void applyPrecision();
    void retranslateUi();
    void updateDepthChart();
    void showStatus(const QString& text);

    SessionController& m_session;
    InstrumentCatalog& m_instruments;
    ThemeManager& m_theme;
    OrderBookModel* m_model = nullptr;
    QLabel* m_title = nullptr;
    QComboBox* m_depthBox = nullptr;
    QLabel* m_status = nullptr;
    QTableView* m_ladder = nullptr;
    QCustomPlot* m_depthPlot = nullptr;
    QCPGraph* m_bidCurve = nullptr;
    QCPGraph* m_askCurve = nullptr;
    QCPItemStraightLine* m_midLine = nullptr;

    QString m_symbol;
    int m_depth = defaultDepth;
    KeptStream m_stream;
    // The ladder is centred on the spread when the first snapshot of a market arrives.
    bool m_followSpread = true;
};

} // namespace bcf::app
