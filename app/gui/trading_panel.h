#pragma once

#include "core/trading_types.h"
#include "gui/kept_stream.h"

#include <QPointer>
#include <QWidget>

#include <map>
#include <optional>
#include <vector>

class QAbstractItemModel;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTabWidget;
class QTableView;

namespace bcf::app {

class BalancesModel;
class FillsModel;
class InstrumentCatalog;
class KillSwitchDialog;
class OrdersModel;
class PositionsModel;
class SessionController;
class ThemeManager;

// The trading dock's content: a header with a venue choice (Paper by default, and the live
// venues the user holds a key for), that venue's equity and PnL and the account's risk state,
// and tabs of open orders (a Cancel button per row, Cancel all), order history, fills (orders
// and fills of every venue, with a Venue column), the chosen venue's positions and balances,
// and an event log (fills, orders that ended, risk and reconciliation notices with their venue,
// kill switch actions).
//
// After login (for a user with "trading.read") it opens StreamTrading first, then loads the
// open orders, the last orders, the last fills and the portfolio of each venue (a venue that
// appears later, when a key is added, is loaded then); orders and fills streamed
// while the pages load are held and applied after them (the models drop stale reports). A
// stream lost to a transport failure is opened again after KeptStream::retryIntervalMs and the
// pages are loaded again to fill the gap. The kill switch and the return to trading are asked
// for here (openKillSwitch(), openResumeTrading()). GUI thread only.
class TradingPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TradingPanel)

public:
    enum class Tab { OpenOrders, History, Fills, Positions, Balances, Events };
    static constexpr int historyLimit = 200;
    static constexpr int fillsLimit = 500;

    TradingPanel(SessionController& session, InstrumentCatalog& instruments, ThemeManager& theme,
                 QWidget* parent = nullptr);
    ~TradingPanel() override;

    OrdersModel* openOrders() const { return m_open; }
    OrdersModel* history() const { return m_history; }
    FillsModel* fills() const { return m_fills; }
    PositionsModel* positions() const { return m_positions; }
    BalancesModel* balances() const { return m_balances; }
    QListWidget* events() const { return m_events; }
    QTabWidget* tabs() const { return m_tabs; }
    void showTab(Tab tab);
    // The latest portfolio of the chosen venue (nullopt before the first one).
    const std::optional<Portfolio>& portfolio() const { return m_portfolio; }
    // The latest portfolio of every venue, by venue ("paper", "binance").
    const std::map<QString, Portfolio>& portfolios() const { return m_portfolios; }

    // The venues offered (SessionController::venues(), which the dock follows by itself): the
    // chosen one stays when it is still offered, otherwise Paper is chosen.
    void setVenues(const QStringList& venues);
    QStringList venues() const;
    // The venue whose portfolio, positions and balances are shown.
    QString venue() const;
    // False when `venue` is not offered.
    bool setVenue(const QString& venue);
    // ACTIVE, REDUCING, HALTED, or "" before the first portfolio.
    QString accountState() const;
    // The header line as shown (for tests and screenshots).
    QString headerText() const;

    // Applies one StreamTrading event (also used for the answers of the ticket's calls, so a
    // placed order shows at once). `live`: it happened now (logged in the events tab).
    void applyEvent(const TradingEvent& event, bool live = true);
    // Adds a line to the events tab; `severity` 0 info, 1 warning, 2 error.
    void logEvent(const QString& text, int severity = 0, qint64 timeMs = 0);

    void cancelOrder(const QString& clientOrderId);
    void cancelAllOrders();
    // The kill switch and the return to normal trading, each through its dialog.
    void openKillSwitch();
    void openResumeTrading();

signals:
    // A portfolio of any venue changed (Portfolio::venue says which).
    void portfolioChanged(const bcf::app::Portfolio& portfolio);
    void accountStateChanged(const QString& state);
    // A fill was added (from the page or the stream).
    void fillsChanged();
    // A short message for the status bar (risk notices, kill switch results).
    void noteRequested(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildUi();
    void start();
    void stop();
    void onLoggedIn();
    void pageDone();
    void setPortfolio(const Portfolio& portfolio);
    void loadPortfolio(const QString& venue, quint64 serial, bool page);
    void showVenue();
    void setAccountState(const QString& state);
    void updateHeader();
    void updateCancelAll();
    void applyTheme();
    void retranslateUi();
    void showStatus(const QString& text);
    QTableView* makeTable(QAbstractItemModel* model, const QString& name);

    SessionController& m_session;
    InstrumentCatalog& m_instruments;
    ThemeManager& m_theme;
    KeptStream m_stream;

    QLabel* m_venueLabel = nullptr;
    QComboBox* m_venue = nullptr;
    QLabel* m_equity = nullptr;
    QLabel* m_pnl = nullptr;
    QLabel* m_state = nullptr;
    QLabel* m_status = nullptr;
    QTabWidget* m_tabs = nullptr;
    QWidget* m_openPage = nullptr;
    QPushButton* m_cancelAll = nullptr;
    QLabel* m_openHint = nullptr;
    QTableView* m_openView = nullptr;
    QTableView* m_historyView = nullptr;
    QTableView* m_fillsView = nullptr;
    QTableView* m_positionsView = nullptr;
    QTableView* m_balancesView = nullptr;
    QListWidget* m_events = nullptr;

    OrdersModel* m_open = nullptr;
    OrdersModel* m_history = nullptr;
    FillsModel* m_fills = nullptr;
    PositionsModel* m_positions = nullptr;
    BalancesModel* m_balances = nullptr;

    std::map<QString, Portfolio> m_portfolios; // by venue
    std::optional<Portfolio> m_portfolio;         // the chosen venue's
    QString m_accountState;
    int m_pagesPending = 0;
    std::vector<TradingEvent> m_pending;
    QString m_error;
    bool m_streamProblem = false;
    QPointer<KillSwitchDialog> m_dialog;
};

} // namespace bcf::app
