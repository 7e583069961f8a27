#pragma once

#include "core/bot_types.h"
#include "gui/kept_stream.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <expected>
#include <vector>

class QCustomPlot;
class QLabel;
class QListWidget;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTableView;

namespace bcf::app {

class BotWizard;
class BotsModel;
class InstrumentCatalog;
class OrdersModel;
class SessionController;
class ThemeManager;

// The bots dock's content (docs/workstation-bots.md): a toolbar (New bot…, Start, Pause,
// Stop…, Delete…, enabled by the selected bot's state and the user's "trading.write"), the
// table of the user's bots (BotsModel) and the selected bot's details: a header with its state
// (a failed bot's reason in full), budget, entry and fees; its log (ListBotEvents, then live;
// warnings amber, errors red), its equity chart (GetBotEquity, then live) and its open orders
// and order history (ListOrders with its id, reloaded when its open orders change).
//
// After login (for a user with "trading.read") it opens StreamBots first, then lists the bots;
// updates streamed while the list loads are applied after it. A stream lost to a transport
// failure is opened again after KeptStream::retryIntervalMs and the list is loaded again. GUI
// thread only.
class BotsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BotsPanel)

public:
    enum class DetailsTab { Log, Equity, OpenOrders, History };
    static constexpr int logLimit = 200;

    BotsPanel(SessionController& session, InstrumentCatalog& instruments, ThemeManager& theme,
              QWidget* parent = nullptr);
    ~BotsPanel() override;

    BotsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QListWidget* log() const { return m_log; }
    OrdersModel* botOrders() const { return m_open; }
    QTabWidget* details() const { return m_details; }
    void showDetails(DetailsTab tab);
    // The selected bot's id (0 when none); selects a bot.
    qint64 selectedBot() const;
    void selectBot(qint64 id);
    // Whether the first list of bots has arrived.
    bool isLoaded() const { return m_loaded; }
    // The points of the selected bot's equity chart.
    int equityPointCount() const { return int(m_equityTimes.size()); }

    // The chart's symbol and the last price known for it (preselected by the wizard).
    void setSymbol(const QString& symbol);
    void setLastPrice(const QString& symbol, const QString& price);

    // Applies one StreamBots update (also the answers of the life-cycle calls).
    void applyUpdate(const BotUpdate& update);

    // The actions of the toolbar, on the selected bot.
    BotWizard* openNewBotWizard();
    void startSelected();
    void pauseSelected();
    void stopSelected();
    void deleteSelected();

signals:
    // A short message for the status bar.
    void noteRequested(const QString& message);
    void loaded();

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildUi();
    void start();
    void stop();
    void onLoggedIn();
    void selectionChanged();
    void loadDetails();
    void loadOrders();
    void updateActions();
    void updateHeader();
    void addLogLine(const BotEvent& event, bool top);
    void setEquity(const std::vector<EquityPoint>& points);
    void appendEquity(qint64 timeMs, const QString& equity);
    void replotEquity();
    void lifeCycleDone(const QString& what, const std::expected<Bot, QString>& result);
    void showStatus(const QString& text);
    void applyTheme();
    void retranslateUi();

    SessionController& m_session;
    InstrumentCatalog& m_instruments;
    ThemeManager& m_theme;
    KeptStream m_stream;

    BotsModel* m_model = nullptr;
    OrdersModel* m_open = nullptr;
    OrdersModel* m_history = nullptr;
    QPushButton* m_new = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_pause = nullptr;
    QPushButton* m_stop = nullptr;
    QPushButton* m_delete = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_empty = nullptr;
    QSplitter* m_splitter = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_header = nullptr;
    QTabWidget* m_details = nullptr;
    QListWidget* m_log = nullptr;
    QCustomPlot* m_plot = nullptr;
    QTableView* m_openView = nullptr;
    QTableView* m_historyView = nullptr;

    bool m_loaded = false;
    bool m_listing = false;
    std::vector<BotUpdate> m_pending;
    qint64 m_detailsBot = 0; // the bot whose log, chart and orders are shown
    quint64 m_detailsSerial = 0;
    std::vector<double> m_equityTimes;
    std::vector<double> m_equityValues;
    QTimer m_ordersReload;
    QString m_symbol;
    QString m_lastPriceSymbol;
    QString m_lastPrice;
    QString m_error;
    bool m_streamProblem = false;
    QPointer<BotWizard> m_wizard;
};

} // namespace bcf::app
