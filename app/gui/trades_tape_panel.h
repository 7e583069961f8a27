#pragma once

#include "gui/kept_stream.h"

#include "core/market_types.h"

#include <QWidget>

#include <vector>

class QLabel;
class QTableView;

namespace bcf::app {

class InstrumentCatalog;
class SessionController;
class ThemeManager;
class TradesTapeModel;

// The trades tape dock's content: the last trades of one symbol, newest first, filled with
// MarketDataService.GetRecentTrades and then kept live by StreamTrades (trades that arrive
// while the first page loads are held and added after it, duplicates dropped by id). A stream
// lost to a transport failure is opened again after retryIntervalMs, with the page fetched
// again to fill the gap. GUI thread only.
class TradesTapePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TradesTapePanel)

public:
    static constexpr int retryIntervalMs = KeptStream::retryIntervalMs;
    static constexpr int capacity = 500;

    TradesTapePanel(SessionController& session, InstrumentCatalog& instruments,
                    ThemeManager& theme, QWidget* parent = nullptr);
    ~TradesTapePanel() override;

    QString symbol() const { return m_symbol; }
    void setSymbol(const QString& symbol);
    TradesTapeModel* model() const { return m_model; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void start();
    void stop();
    void applyTheme();
    void applyPrecision();
    void retranslateUi();
    void showStatus(const QString& text);

    SessionController& m_session;
    InstrumentCatalog& m_instruments;
    ThemeManager& m_theme;
    TradesTapeModel* m_model = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_status = nullptr;
    QTableView* m_view = nullptr;

    QString m_symbol;
    KeptStream m_stream;
    // Streamed trades held until the first page has arrived.
    bool m_pageLoaded = false;
    std::vector<Trade> m_pending;
    QString m_error;
};

} // namespace bcf::app
