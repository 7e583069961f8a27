#pragma once

#include "gui/kept_stream.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace bcf::app {

class InstrumentCatalog;
class MarketWatchModel;
class SessionController;
class ThemeManager;

// The market watch dock's content: the exchange's instruments (InstrumentCatalog) with their
// live 24-hour tickers (MarketDataService.StreamTickers): last price, change, high, low and
// quote volume, sortable by any column and filtered by the text typed above. Double-click or
// Enter on a row emits symbolActivated. A ticker stream lost to a transport failure is opened
// again after retryIntervalMs. GUI thread only.
class MarketWatchPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarketWatchPanel)

public:
    static constexpr int retryIntervalMs = KeptStream::retryIntervalMs;

    MarketWatchPanel(SessionController& session, InstrumentCatalog& instruments,
                     ThemeManager& theme, QWidget* parent = nullptr);
    ~MarketWatchPanel() override;

    MarketWatchModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    // Marks the row of the symbol shown elsewhere (the chart's).
    void setCurrentSymbol(const QString& symbol);

signals:
    void symbolActivated(const QString& symbol);

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateInstruments();
    void start();
    void stop();
    void applyTheme();
    void retranslateUi();
    void showStatus(const QString& text);

    SessionController& m_session;
    InstrumentCatalog& m_instruments;
    ThemeManager& m_theme;
    MarketWatchModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_status = nullptr;
    QTableView* m_view = nullptr;

    QString m_currentSymbol;
    KeptStream m_stream;
};

} // namespace bcf::app
