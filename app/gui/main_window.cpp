#include "gui/main_window.h"

#include "core/instrument_catalog.h"
#include "core/language_manager.h"
#include "core/session_controller.h"
#include "gui/about_dialog.h"
#include "gui/ai_lab_panel.h"
#include "gui/ai_lab_predictions.h"
#include "gui/account_security_dialog.h"
#include "gui/app_icon.h"
#include "gui/bots_panel.h"
#include "gui/jobs_panel.h"
#include "gui/change_password_dialog.h"
#include "gui/chart_panel.h"
#include "gui/connection_status_widget.h"
#include "gui/exchange_keys_dialog.h"
#include "gui/fills_model.h"
#include "gui/market_watch_panel.h"
#include "gui/news_panel.h"
#include "gui/order_book_panel.h"
#include "gui/order_ticket.h"
#include "gui/sentiment_pane.h"
#include "gui/strategy_panel.h"
#include "gui/theme_manager.h"
#include "gui/trades_tape_model.h"
#include "gui/trades_tape_panel.h"
#include "gui/trading_panel.h"
#include "gui/workspace_panel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QEvent>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>

using namespace Qt::StringLiterals;

namespace bcf::app {

MainWindow::MainWindow(SessionController& session, ThemeManager& theme,
                       LanguageManager& language, Preferences& preferences, QWidget* parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_theme(theme)
    , m_language(language)
    , m_preferences(preferences)
    , m_geometry(preferences, u"ui/mainWindowGeometry"_s, QByteArray())
    , m_state(preferences, u"ui/mainWindowState"_s, QByteArray())
{
    setObjectName(u"mainWindow"_s);
    setWindowIcon(appIcon());
    setMinimumSize(900, 600);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"mainTabs"_s);
    m_tabs->setDocumentMode(true);
    m_instruments = new InstrumentCatalog(session, u"binance"_s, this);
    m_chart = new ChartPanel(session, *m_instruments, theme, m_tabs);
    m_tabs->addTab(m_chart, QString());
    m_workspace = new WorkspacePanel(session, theme, m_tabs);
    m_tabs->addTab(m_workspace, QString());
    setCentralWidget(m_tabs);

    m_connection = new ConnectionStatusWidget(session, theme, statusBar());
    statusBar()->addWidget(m_connection);
    m_note = new QLabel(statusBar());
    m_note->setObjectName(u"statusNote"_s);
    statusBar()->addWidget(m_note, 1);
    m_user = new QLabel(statusBar());
    m_user->setObjectName(u"statusUser"_s);
    statusBar()->addPermanentWidget(m_user);
    m_server = new QLabel(statusBar());
    m_server->setObjectName(u"statusServer"_s);
    statusBar()->addPermanentWidget(m_server);
    m_resumeTrading = new QPushButton(statusBar());
    m_resumeTrading->setObjectName(u"resumeTradingButton"_s);
    m_resumeTrading->hide();
    statusBar()->addPermanentWidget(m_resumeTrading);
    m_killSwitch = new QPushButton(statusBar());
    m_killSwitch->setObjectName(u"killSwitchButton"_s);
    m_killSwitch->hide();
    statusBar()->addPermanentWidget(m_killSwitch);
    statusBar()->setSizeGripEnabled(false);
    m_noteTimer.setSingleShot(true);
    m_noteTimer.setInterval(12000);
    connect(&m_noteTimer, &QTimer::timeout, m_note, &QLabel::clear);

    createDocks();
    createMenus();
    retranslateUi();

    connect(&m_session, &SessionController::loggedIn, this, &MainWindow::refreshUser);
    connect(&m_session, &SessionController::userInfoChanged, this, &MainWindow::refreshUser);
    connect(&m_session, &SessionController::serverInfoReceived, this, &MainWindow::refreshServer);
    connect(&m_session, &SessionController::keychainFailed, this, &MainWindow::showNote);
    connect(&m_session, &SessionController::loggedIn, this, &MainWindow::updateTradingControls);
    connect(&m_session, &SessionController::userInfoChanged, this,
            &MainWindow::updateTradingControls);
    connect(&m_session, &SessionController::loggedOut, this, &MainWindow::updateTradingControls);
    connect(&m_theme, &ThemeManager::themeChanged, this, &MainWindow::retranslateUi);
    connect(&m_language, &LanguageManager::languageChanged, this, &MainWindow::retranslateUi);

    if (!restoreGeometry(m_geometry.get()))
        resize(1600, 1000);
    if (!restoreState(m_state.get())) {
        // For 1600 × 1000: about 900 pixels of chart between the market watch and a column of
        // order book (above) and trades.
        resizeDocks({m_marketWatchDock, m_orderBookDock}, {370, 340}, Qt::Horizontal);
        resizeDocks({m_orderBookDock, m_tradesDock}, {560, 340}, Qt::Vertical);
        resizeDocks({m_strategyDock}, {420}, Qt::Vertical);
        resizeDocks({m_marketWatchDock, m_ticketDock}, {300, 500}, Qt::Vertical);
        resizeDocks({m_tradingDock}, {250}, Qt::Vertical);
    }
    updateTradingControls();
    // File → Quit and the login dialog's Quit end the application without closing this window.
    connect(qApp, &QCoreApplication::aboutToQuit, this, &MainWindow::saveWindowGeometry);
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    setDockNestingEnabled(true);
    const auto makeDock = [this](QWidget* content, const QString& name) {
        auto* dock = new QDockWidget(this);
        dock->setObjectName(name); // the key of its place in saveState()
        dock->setWidget(content);
        dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
                          | QDockWidget::DockWidgetFloatable);
        return dock;
    };
    m_marketWatch = new MarketWatchPanel(m_session, *m_instruments, m_theme, this);
    m_orderBook = new OrderBookPanel(m_session, *m_instruments, m_theme, this);
    m_trades = new TradesTapePanel(m_session, *m_instruments, m_theme, this);
    m_marketWatchDock = makeDock(m_marketWatch, u"marketWatchDock"_s);
    m_orderBookDock = makeDock(m_orderBook, u"orderBookDock"_s);
    m_tradesDock = makeDock(m_trades, u"tradesDock"_s);
    addDockWidget(Qt::LeftDockWidgetArea, m_marketWatchDock);
    addDockWidget(Qt::RightDockWidgetArea, m_orderBookDock);
    splitDockWidget(m_orderBookDock, m_tradesDock, Qt::Vertical);
    m_strategy = new StrategyPanel(m_session, *m_instruments, m_theme, this);
    m_strategyDock = makeDock(m_strategy, u"strategyDock"_s);
    addDockWidget(Qt::BottomDockWidgetArea, m_strategyDock);
    m_strategyDock->hide(); // until opened from View → Panels (then kept in the saved layout)
    connect(m_strategy, &StrategyPanel::titleChanged, this, [this](const QString& title) {
        m_strategyDock->setWindowTitle(tr("Strategy — %1").arg(title));
        m_strategyDock->toggleViewAction()->setText(tr("Strategy")); // not the document's name
    });
    connect(m_strategy, &StrategyPanel::noteRequested, this, &MainWindow::showNote);
    connect(m_strategy, &StrategyPanel::backtestCompleted, this,
            [this](const QString& symbol, const QString& timeframe,
                   const std::vector<TradeMarker>& markers) {
                if (symbol.isEmpty())
                    m_chart->clearBacktestTrades();
                else
                    m_chart->setBacktestTrades(symbol, timeframe, markers);
            });
    connect(m_strategy, &StrategyPanel::tradeSelected, this, [this](int index) {
        m_tabs->setCurrentWidget(m_chart);
        m_chart->focusBacktestTrade(index);
    });

    // Trading: the ticket below the market watch, the trading dock along the bottom, tabbed
    // with the strategy dock (whose editor and settings need the full width).
    m_ticket = new OrderTicket(m_session, *m_instruments, m_theme, m_preferences, this);
    m_ticketDock = makeDock(m_ticket, u"orderTicketDock"_s);
    splitDockWidget(m_marketWatchDock, m_ticketDock, Qt::Vertical);
    m_trading = new TradingPanel(m_session, *m_instruments, m_theme, this);
    m_tradingDock = makeDock(m_trading, u"tradingDock"_s);
    addDockWidget(Qt::BottomDockWidgetArea, m_tradingDock);
    tabifyDockWidget(m_tradingDock, m_strategyDock);
    m_strategyDock->hide();
    // The bots dock: a tab beside the trading dock (both are tables of the account's activity).
    m_bots = new BotsPanel(m_session, *m_instruments, m_theme, this);
    m_botsDock = makeDock(m_bots, u"botsDock"_s);
    tabifyDockWidget(m_tradingDock, m_botsDock);
    connect(m_bots, &BotsPanel::noteRequested, this, &MainWindow::showNote);
    // The jobs dock: compute jobs on the servers, a tab beside the bots.
    m_jobs = new JobsPanel(m_session, m_theme, this);
    m_jobsDock = makeDock(m_jobs, u"jobsDock"_s);
    tabifyDockWidget(m_tradingDock, m_jobsDock);
    connect(m_jobs, &JobsPanel::noteRequested, this, &MainWindow::showNote);
    connect(m_strategy, &StrategyPanel::jobSubmitted, this, [this](const Job& job) {
        m_jobs->applyJob(job);
        m_jobs->selectJob(job.id);
        m_jobsDock->show();
        m_jobsDock->raise();
    });
    // The AI lab (models: training, registry, compare), hidden until opened from View → Panels.
    m_aiLab = new AiLabPanel(m_session, *m_instruments, m_theme, this);
    m_aiLabDock = makeDock(m_aiLab, u"aiLabDock"_s);
    tabifyDockWidget(m_tradingDock, m_aiLabDock);
    m_aiLabDock->hide();
    connect(m_aiLab, &AiLabPanel::noteRequested, this, &MainWindow::showNote);
    connect(m_chart->predictions(), &AiLabPredictionsOverlay::noteRequested, this,
            &MainWindow::showNote);
    // The news dock: the news of the chart's asset with their sentiment, a tab beside the jobs.
    m_news = new NewsPanel(m_session, *m_instruments, m_theme, this);
    m_newsDock = makeDock(m_news, u"newsDock"_s);
    tabifyDockWidget(m_tradingDock, m_newsDock);
    connect(m_news, &NewsPanel::noteRequested, this, &MainWindow::showNote);
    connect(m_chart->sentiment(), &SentimentPane::noteRequested, this, &MainWindow::showNote);
    m_tradingDock->raise();
    connect(m_trading, &TradingPanel::portfolioChanged, m_ticket, &OrderTicket::setPortfolio);
    connect(m_trading, &TradingPanel::accountStateChanged, this, [this] {
        for (const auto& [venue, portfolio] : m_trading->portfolios())
            m_ticket->setPortfolio(portfolio);
        updateTradingControls();
    });
    connect(m_trading, &TradingPanel::noteRequested, this, &MainWindow::showNote);
    connect(m_trading, &TradingPanel::fillsChanged, this, &MainWindow::updateFillMarkers);
    connect(m_ticket, &OrderTicket::orderPlaced, this,
            [this](const Order& order) { m_trading->applyEvent(order); });
    // The ticket's last price is the tape's newest trade.
    connect(m_trades->model(), &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_trades->model()->rowCount() > 0) {
            m_ticket->setLastPrice(m_trades->model()->trade(0).price);
            m_bots->setLastPrice(m_chart->symbol(), m_trades->model()->trade(0).price);
        }
    });

    // The chart's symbol is the market of the whole window.
    const auto follow = [this](const QString& symbol) {
        m_orderBook->setSymbol(symbol);
        m_trades->setSymbol(symbol);
        m_marketWatch->setCurrentSymbol(symbol);
        m_strategy->setSymbol(symbol);
        m_ticket->setSymbol(symbol);
        m_bots->setSymbol(symbol);
        m_news->setChartSymbol(symbol);
        updateFillMarkers();
    };
    connect(m_chart, &ChartPanel::symbolChanged, this, follow);
    connect(m_marketWatch, &MarketWatchPanel::symbolActivated, this, [this](const QString& symbol) {
        m_chart->selectSymbol(symbol);
        m_tabs->setCurrentWidget(m_chart);
    });
    follow(m_chart->symbol());
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_settingsAction = m_fileMenu->addAction(QString(), this, &MainWindow::settingsRequested);
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), qApp, &QApplication::quit);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);

    m_accountMenu = menuBar()->addMenu(QString());
    m_securityAction = m_accountMenu->addAction(QString(), this, &MainWindow::openAccountSecurity);
    m_passwordAction = m_accountMenu->addAction(QString(), this, &MainWindow::openChangePassword);
    m_exchangeKeysAction =
        m_accountMenu->addAction(QString(), this, &MainWindow::openExchangeKeys);
    m_accountMenu->addSeparator();
    m_logoutAction = m_accountMenu->addAction(QString(), &m_session, &SessionController::logout);

    m_viewMenu = menuBar()->addMenu(QString());
    m_themeMenu = m_viewMenu->addMenu(QString());
    m_themeGroup = new QActionGroup(this);
    for (const QString& name : ThemeManager::available()) {
        QAction* action = m_themeMenu->addAction(QString());
        action->setData(name);
        action->setCheckable(true);
        m_themeGroup->addAction(action);
    }
    connect(m_themeGroup, &QActionGroup::triggered, this,
            [this](QAction* action) { m_theme.setTheme(action->data().toString()); });
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageGroup = new QActionGroup(this);
    for (const auto& entry : LanguageManager::available()) {
        QAction* action = m_languageMenu->addAction(entry.nativeName);
        action->setData(entry.code);
        action->setCheckable(true);
        m_languageGroup->addAction(action);
    }
    connect(m_languageGroup, &QActionGroup::triggered, this,
            [this](QAction* action) { m_language.setLanguage(action->data().toString()); });
    m_viewMenu->addSeparator();
    m_panelsMenu = m_viewMenu->addMenu(QString());
    for (QDockWidget* dock : {m_marketWatchDock, m_orderBookDock, m_tradesDock, m_ticketDock,
                              m_tradingDock, m_botsDock, m_jobsDock, m_aiLabDock, m_newsDock,
                              m_strategyDock})
        m_panelsMenu->addAction(dock->toggleViewAction());

    m_tradingMenu = menuBar()->addMenu(QString());
    m_killSwitchAction = m_tradingMenu->addAction(QString(), m_trading,
                                                  &TradingPanel::openKillSwitch);
    m_killSwitchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_resumeAction = m_tradingMenu->addAction(QString(), m_trading,
                                              &TradingPanel::openResumeTrading);
    m_tradingMenu->addSeparator();
    m_oneClickAction = m_tradingMenu->addAction(QString());
    m_oneClickAction->setCheckable(true);
    m_oneClickAction->setChecked(m_ticket->oneClick());
    connect(m_oneClickAction, &QAction::toggled, m_ticket, &OrderTicket::setOneClick);
    connect(m_ticket, &OrderTicket::oneClickChanged, m_oneClickAction, &QAction::setChecked);
    connect(m_killSwitch, &QPushButton::clicked, m_trading, &TradingPanel::openKillSwitch);
    connect(m_resumeTrading, &QPushButton::clicked, m_trading, &TradingPanel::openResumeTrading);

    m_helpMenu = menuBar()->addMenu(QString());
    m_aboutAction = m_helpMenu->addAction(QString(), this, &MainWindow::openAbout);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    m_aboutQtAction = m_helpMenu->addAction(QString(), qApp, &QApplication::aboutQt);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("BotCriptoFy2 — %1").arg(m_session.profile().name));
    m_tabs->setTabText(m_tabs->indexOf(m_chart), tr("Chart"));
    m_tabs->setTabText(m_tabs->indexOf(m_workspace), tr("Overview"));
    m_fileMenu->setTitle(tr("&File"));
    m_settingsAction->setText(tr("&Settings…"));
    m_quitAction->setText(tr("&Quit"));
    m_accountMenu->setTitle(tr("&Account"));
    m_securityAction->setText(tr("Account &security…"));
    m_passwordAction->setText(tr("Change &password…"));
    m_exchangeKeysAction->setText(tr("&Exchange keys…"));
    m_logoutAction->setText(tr("&Log out"));
    m_viewMenu->setTitle(tr("&View"));
    m_themeMenu->setTitle(tr("&Theme"));
    for (QAction* action : m_themeGroup->actions()) {
        action->setText(ThemeManager::displayName(action->data().toString()));
        action->setChecked(action->data().toString() == m_theme.current());
    }
    m_languageMenu->setTitle(tr("&Language"));
    m_panelsMenu->setTitle(tr("&Panels"));
    m_marketWatchDock->setWindowTitle(tr("Market watch"));
    m_orderBookDock->setWindowTitle(tr("Order book"));
    m_tradesDock->setWindowTitle(tr("Trades"));
    m_strategyDock->setWindowTitle(tr("Strategy — %1").arg(m_strategy->title()));
    m_strategyDock->toggleViewAction()->setText(tr("Strategy"));
    m_ticketDock->setWindowTitle(tr("Order ticket"));
    m_tradingDock->setWindowTitle(tr("Trading"));
    m_botsDock->setWindowTitle(tr("Bots"));
    m_jobsDock->setWindowTitle(tr("Jobs"));
    m_aiLabDock->setWindowTitle(tr("AI lab"));
    m_newsDock->setWindowTitle(tr("News"));
    m_tradingMenu->setTitle(tr("&Trading"));
    m_killSwitchAction->setText(tr("&Kill switch…"));
    m_resumeAction->setText(tr("&Resume trading…"));
    m_oneClickAction->setText(tr("&One-click trading"));
    m_killSwitch->setText(tr("KILL SWITCH"));
    m_killSwitch->setToolTip(tr("Cancels every open order and stops trading on the account "
                                "(Ctrl+Shift+K)."));
    m_resumeTrading->setText(tr("Resume trading"));
    m_resumeTrading->setToolTip(tr("The account is not active: only reductions or cancels "
                                   "are accepted."));
    const QColor danger = m_theme.color(u"danger"_s);
    m_killSwitch->setStyleSheet(
        u"QPushButton { background: %1; border-color: %1; color: #ffffff; font-weight: 700; "
        "padding: 2px 12px; min-width: 0; }"
        "QPushButton:hover { background: %2; }"_s.arg(danger.name(), danger.darker(115).name()));
    m_resumeTrading->setStyleSheet(
        u"QPushButton { padding: 2px 10px; min-width: 0; color: %1; border-color: %1; }"_s.arg(
            m_theme.color(u"warning"_s).name()));
    for (QAction* action : m_languageGroup->actions())
        action->setChecked(action->data().toString() == m_language.current());
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About BotCriptoFy2…"));
    m_aboutQtAction->setText(tr("About &Qt…"));
    refreshUser();
    refreshServer();
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::saveWindowGeometry()
{
    m_geometry.set(saveGeometry());
    m_state.set(saveState());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveWindowGeometry();
    QMainWindow::closeEvent(event);
    emit windowClosed();
}

void MainWindow::showNote(const QString& message)
{
    m_note->setText(message);
    m_note->setToolTip(message);
    m_noteTimer.start();
}

void MainWindow::closeAccountDialogs()
{
    for (QDialog* dialog : findChildren<QDialog*>(QString(), Qt::FindDirectChildrenOnly)) {
        if (qobject_cast<AccountSecurityDialog*>(dialog)
            || qobject_cast<ChangePasswordDialog*>(dialog)
            || qobject_cast<ExchangeKeysDialog*>(dialog)) {
            dialog->reject();
        }
    }
}

void MainWindow::refreshUser()
{
    setWindowTitle(tr("BotCriptoFy2 — %1").arg(m_session.profile().name));
    const UserInfo& user = m_session.user();
    m_user->setText(user.username.isEmpty()
                        ? QString()
                        : tr("%1 · %2").arg(user.username, roleDisplayName(user.role)));
}

void MainWindow::refreshServer()
{
    const auto& info = m_session.serverInfo();
    m_server->setText(info ? tr("%1 %2").arg(info->component, info->version) : QString());
    m_server->setToolTip(info ? tr("Node %1 at %2").arg(info->nodeName,
                                                          m_session.profile().endpoint())
                              : QString());
}

void MainWindow::openAccountSecurity()
{
    auto* dialog = new AccountSecurityDialog(m_session, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::openChangePassword()
{
    auto* dialog = new ChangePasswordDialog(m_session, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

ExchangeKeysDialog* MainWindow::openExchangeKeys()
{
    // One at a time: a second would list the same keys.
    if (auto* open = findChild<ExchangeKeysDialog*>(QString(), Qt::FindDirectChildrenOnly)) {
        open->raise();
        open->activateWindow();
        return open;
    }
    auto* dialog = new ExchangeKeysDialog(m_session, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

void MainWindow::openAbout()
{
    auto* dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::updateTradingControls()
{
    const bool canTrade = m_session.canTrade();
    const QString state = m_trading->accountState();
    const bool inactive = !state.isEmpty() && state != u"ACTIVE";
    m_killSwitch->setVisible(canTrade);
    m_resumeTrading->setVisible(canTrade && inactive);
    m_killSwitchAction->setEnabled(canTrade);
    m_resumeAction->setEnabled(canTrade && inactive);
    m_tradingMenu->menuAction()->setVisible(canTrade);
}

void MainWindow::updateFillMarkers()
{
    const QString symbol = m_chart->symbol();
    std::vector<FillMarker> markers;
    for (const Fill& fill : m_trading->fills()->fills()) {
        if (fill.symbol != symbol)
            continue;
        if (const auto price = decimalToDouble(fill.price))
            markers.push_back(
                {.timeMs = fill.timeMs, .price = *price, .buy = fill.side == Side::Buy});
    }
    m_chart->chart()->setFillMarkers(std::move(markers));
}

} // namespace bcf::app
