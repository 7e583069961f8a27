#pragma once

#include "core/setting_value.h"

#include <QMainWindow>
#include <QTimer>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QPushButton;
class QTabWidget;

namespace bcf::app {

class ChartPanel;
class ConnectionStatusWidget;
class ExchangeKeysDialog;
class InstrumentCatalog;
class LanguageManager;
class MarketWatchPanel;
class OrderBookPanel;
class OrderTicket;
class Preferences;
class SessionController;
class StrategyPanel;
class ThemeManager;
class TradesTapePanel;
class BotsPanel;
class JobsPanel;
class AiLabPanel;
class NewsPanel;
class TradingPanel;
class WorkspacePanel;

// The workstation's main window after login: menus (File, Account, View, Help), the centre's
// tabs (the candlestick chart first, then the Workspace overview), the market docks around them
// (Market watch on the left, Order book and Trades on the right, the Strategy editor below,
// hidden until opened; shown and hidden from the View menu), the order ticket below the market
// watch and the trading dock (orders, fills, positions, balances, events) along the bottom, with
// the bots, jobs and news docks as its neighbouring tabs (the jobs dock is raised when the
// strategy dock queues a job on the servers; the news dock lists the news of the chart's asset),
// and
// a status bar with the connection state and latency, user and role, server version, short
// notes (for example keychain problems or risk notices) and, for users who may trade, the red
// kill switch (and "Resume trading" while the account is not active). The Trading menu holds
// the same actions and the one-click preference. The chart's symbol is the one the order book,
// the trades and the ticket show, and the chart marks the account's fills of it; the market
// watch picks it. Its geometry and the docks' layout
// are kept in Preferences ("ui/mainWindowGeometry", "ui/mainWindowState").
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    MainWindow(SessionController& session, ThemeManager& theme, LanguageManager& language,
               Preferences& preferences, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Shows a note in the status bar for a few seconds.
    void showNote(const QString& message);
    // Closes the account dialogs (the session they act on has ended).
    void closeAccountDialogs();
    // Account → Exchange keys…: opens the dialog (or raises the open one), which it returns.
    ExchangeKeysDialog* openExchangeKeys();
    ChartPanel* chart() const { return m_chart; }
    MarketWatchPanel* marketWatch() const { return m_marketWatch; }
    OrderBookPanel* orderBook() const { return m_orderBook; }
    TradesTapePanel* trades() const { return m_trades; }
    StrategyPanel* strategy() const { return m_strategy; }
    QDockWidget* strategyDock() const { return m_strategyDock; }
    OrderTicket* ticket() const { return m_ticket; }
    QDockWidget* ticketDock() const { return m_ticketDock; }
    TradingPanel* trading() const { return m_trading; }
    QDockWidget* tradingDock() const { return m_tradingDock; }
    BotsPanel* bots() const { return m_bots; }
    QDockWidget* botsDock() const { return m_botsDock; }
    JobsPanel* jobs() const { return m_jobs; }
    QDockWidget* jobsDock() const { return m_jobsDock; }
    AiLabPanel* aiLab() const { return m_aiLab; }
    QDockWidget* aiLabDock() const { return m_aiLabDock; }
    NewsPanel* news() const { return m_news; }
    QDockWidget* newsDock() const { return m_newsDock; }
    QPushButton* killSwitchButton() const { return m_killSwitch; }

signals:
    void settingsRequested();
    // The user closed the window (the application quits).
    void windowClosed();

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void saveWindowGeometry();
    void createDocks();
    void createMenus();
    void retranslateUi();
    void refreshUser();
    void refreshServer();
    void openAccountSecurity();
    void openChangePassword();
    void openAbout();
    void updateTradingControls();
    void updateFillMarkers();

    SessionController& m_session;
    ThemeManager& m_theme;
    LanguageManager& m_language;
    Preferences& m_preferences;
    SettingValue<QByteArray> m_geometry;
    SettingValue<QByteArray> m_state;
    InstrumentCatalog* m_instruments = nullptr;

    QTabWidget* m_tabs = nullptr;
    ChartPanel* m_chart = nullptr;
    WorkspacePanel* m_workspace = nullptr;
    MarketWatchPanel* m_marketWatch = nullptr;
    OrderBookPanel* m_orderBook = nullptr;
    TradesTapePanel* m_trades = nullptr;
    QDockWidget* m_marketWatchDock = nullptr;
    QDockWidget* m_orderBookDock = nullptr;
    QDockWidget* m_tradesDock = nullptr;
    StrategyPanel* m_strategy = nullptr;
    QDockWidget* m_strategyDock = nullptr;
    OrderTicket* m_ticket = nullptr;
    QDockWidget* m_ticketDock = nullptr;
    TradingPanel* m_trading = nullptr;
    QDockWidget* m_tradingDock = nullptr;
    BotsPanel* m_bots = nullptr;
    QDockWidget* m_botsDock = nullptr;
    JobsPanel* m_jobs = nullptr;
    QDockWidget* m_jobsDock = nullptr;
    AiLabPanel* m_aiLab = nullptr;
    QDockWidget* m_aiLabDock = nullptr;
    NewsPanel* m_news = nullptr;
    QDockWidget* m_newsDock = nullptr;
    QPushButton* m_killSwitch = nullptr;
    QPushButton* m_resumeTrading = nullptr;
    ConnectionStatusWidget* m_connection = nullptr;
    QLabel* m_note = nullptr;
    QLabel* m_user = nullptr;
    QLabel* m_server = nullptr;
    QTimer m_noteTimer;

    QMenu* m_fileMenu = nullptr;
    QMenu* m_accountMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_themeMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_panelsMenu = nullptr;
    QMenu* m_tradingMenu = nullptr;
    QAction* m_killSwitchAction = nullptr;
    QAction* m_resumeAction = nullptr;
    QAction* m_oneClickAction = nullptr;
    QMenu* m_helpMenu = nullptr;
    QAction* m_settingsAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_securityAction = nullptr;
    QAction* m_passwordAction = nullptr;
    QAction* m_exchangeKeysAction = nullptr;
    QAction* m_logoutAction = nullptr;
    QActionGroup* m_themeGroup = nullptr;
    QActionGroup* m_languageGroup = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutQtAction = nullptr;
};

} // namespace bcf::app
