#pragma once

#include "core/job_types.h"
#include "gui/backtest_data.h"
#include "gui/candle_chart.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

#include <expected>
#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QDate;
class QDateEdit;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QMenu;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QToolBar;
class QToolButton;
class QAction;

namespace bcf::app {

class BacktestCharts;
class BacktestTradesModel;
class InstrumentCatalog;
class OptimizeDialog;
class SessionController;
class StrategyEditor;
class StrategyParamsModel;
class ThemeManager;

// The Strategy dock: the editor of the strategy language (StrategyEditor) with its toolbar
// (New from a template, Open and Save on the server, Backtest, Optimize), the parameters table
// (values for backtests), the backtest settings (market, timeframe, dates, cash, fees,
// slippage, volume share) and the results: metrics, equity and drawdown charts, and the trades.
// Backtests fetch the candles with GetCandles (paging through the range) and run the shared
// backtester on a worker thread. The panel does not draw on the price chart itself: it emits
// backtestCompleted() with the trades to mark and tradeSelected() when a trade is picked.
class StrategyPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StrategyPanel)

public:
    StrategyPanel(SessionController& session, InstrumentCatalog& instruments, ThemeManager& theme,
                  QWidget* parent = nullptr);
    ~StrategyPanel() override;

    StrategyEditor* editor() const { return m_editor; }
    StrategyParamsModel* params() const { return m_params; }
    BacktestTradesModel* trades() const { return m_trades; }
    // "name — v3", "New strategy"; with " •" while modified.
    QString title() const;
    // The market the backtest controls use (follows the chart until changed here).
    void setSymbol(const QString& symbol);
    QString symbol() const;
    bool isBacktestRunning() const { return m_running; }
    // The settings the controls describe.
    BacktestSettings backtestSettings() const;
    // Chooses the backtest's timeframe and dates (UTC, `to` inclusive).
    void setBacktestRange(const QString& timeframe, const QDate& from, const QDate& to);
    // Starts a backtest with the current source, parameters and settings.
    void runBacktest();
    enum class ResultsTab { Summary, Equity, Trades };
    void showResultsTab(ResultsTab tab);
    // Selects a row of the trades table (as shown) and marks that trade on the chart.
    void selectTrade(int row);
    // Shows a finished backtest (also used by tests with a result computed elsewhere).
    void showResult(const bt::BacktestResult& result, const BacktestDataset& data);

    // "Run on servers": the current source, parameters and backtest settings as a compute job
    // (one fee for maker and taker: the higher of the two), or why it cannot be submitted.
    std::expected<JobBacktestSpec, QString> serverBacktestSpec();
    // The same as a grid search over the parameters that declare a range (every combination,
    // at most 100,000; those parameters are left out of the values so that the server searches
    // them), or why it cannot be submitted.
    std::expected<JobOptimizationSpec, QString> serverGridSearchSpec();
    // Submits the strategy to bcf-core's JobService: a backtest, or a grid search over the
    // parameters that declare a range (every combination, at most 100,000). jobSubmitted() on
    // success; the server's refusal in the status line.
    void submitServerBacktest();
    void submitServerOptimization();

signals:
    void titleChanged(const QString& title);
    // A backtest ended; `markers` are its trades in the order of the trades table.
    void backtestCompleted(const QString& symbol, const QString& timeframe,
                           const std::vector<bcf::app::TradeMarker>& markers);
    // A backtest could not run or failed; `message` is what the status line shows.
    void backtestFailed(const QString& message);
    // A trade of the last backtest was selected (index into the markers).
    void tradeSelected(int index);
    // Notes for the status bar.
    void noteRequested(const QString& message);
    // A job was queued on the servers (the jobs dock shows it).
    void jobSubmitted(const bcf::app::Job& job);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct RunOutcome {
        bool ok = false;
        QString error;
        bt::BacktestResult result;
        qint64 elapsedMs = 0;
    };

    void buildUi();
    void retranslateUi();
    void applyTheme();
    void updateSymbols();
    void updateTitle();
    bool confirmDiscard();
    void newFromTemplate(int index);
    void openFromServer();
    void saveToServer();
    void openOptimizer();
    void submitServerJob(bool optimize);
    void onCompiled(bool ok);
    void onBacktestFinished();
    void setStatus(const QString& text, bool error = false);
    // The candles of the current settings, from the cache when the settings did not change.
    void loadDataset(std::function<void(std::expected<std::shared_ptr<const BacktestDataset>, QString>)> done);

    SessionController& m_session;
    InstrumentCatalog& m_instruments;
    ThemeManager& m_theme;

    QToolBar* m_toolbar = nullptr;
    QToolButton* m_newButton = nullptr;
    QMenu* m_templatesMenu = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_backtestAction = nullptr;
    QAction* m_optimizeAction = nullptr;
    QToolButton* m_serverButton = nullptr;
    QAction* m_serverBacktestAction = nullptr;
    QAction* m_serverOptimizeAction = nullptr;
    bool m_submitting = false;
    QLabel* m_titleLabel = nullptr;
    StrategyEditor* m_editor = nullptr;
    StrategyParamsModel* m_params = nullptr;
    QTableView* m_paramsTable = nullptr;
    QLabel* m_paramsNote = nullptr;

    QWidget* m_settingsBox = nullptr;
    QLabel* m_symbolLabel = nullptr;
    QLabel* m_timeframeLabel = nullptr;
    QLabel* m_fromLabel = nullptr;
    QLabel* m_toLabel = nullptr;
    QLabel* m_cashLabel = nullptr;
    QLabel* m_makerLabel = nullptr;
    QLabel* m_takerLabel = nullptr;
    QLabel* m_slippageLabel = nullptr;
    QLabel* m_volumeLabel = nullptr;
    QComboBox* m_symbol = nullptr;
    QComboBox* m_timeframe = nullptr;
    QDateEdit* m_from = nullptr;
    QDateEdit* m_to = nullptr;
    QDoubleSpinBox* m_cash = nullptr;
    QDoubleSpinBox* m_makerFee = nullptr;
    QDoubleSpinBox* m_takerFee = nullptr;
    QDoubleSpinBox* m_slippage = nullptr;
    QDoubleSpinBox* m_volumeShare = nullptr;
    QLabel* m_status = nullptr;

    QTabWidget* m_results = nullptr;
    QWidget* m_summaryPage = nullptr;
    QGridLayout* m_metricsGrid = nullptr;
    QLabel* m_summaryNote = nullptr;
    BacktestCharts* m_charts = nullptr;
    BacktestTradesModel* m_trades = nullptr;
    QSortFilterProxyModel* m_tradesProxy = nullptr;
    QTableView* m_tradesTable = nullptr;
    QPointer<OptimizeDialog> m_optimizer;

    QString m_name;
    int m_version = 0;
    bool m_running = false;
    quint64 m_dataSerial = 0;
    std::shared_ptr<const BacktestDataset> m_dataset;
    std::shared_ptr<const BacktestDataset> m_runDataset;
    QFutureWatcher<RunOutcome> m_watcher;
    bool m_hasResult = false;
};

} // namespace bcf::app
