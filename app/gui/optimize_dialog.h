#pragma once

#include "backtest/optimizer.h"
#include "gui/backtest_data.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QTimer>

#include <atomic>
#include <expected>
#include <functional>
#include <memory>

class QComboBox;
class QCPColorMap;
class QCPColorScale;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTabWidget;
class QTableView;

namespace bcf::app {

class OptimizationTrialsModel;
class ThemeManager;

// Parameter optimization of the strategy in the editor: search method, objective, trial budget
// and seed; runs bcf::bt::optimize with the backtest evaluator on worker threads (every core)
// with a progress bar and Cancel; shows the trials (sortable; a double-click hands the trial's
// parameters back through paramsChosen), a heatmap of the best objective over two parameters
// chosen in combo boxes, and the overfitting figures (probability of backtest overfitting and
// the best trial's deflated Sharpe ratio). The candles come from `loadData` (the Backtest
// settings of the editor). Closing the dialog cancels a running search and waits for it.
class OptimizeDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OptimizeDialog)

public:
    using DataReady = std::function<void(std::expected<std::shared_ptr<const BacktestDataset>, QString>)>;
    using DataLoader = std::function<void(DataReady)>;

    OptimizeDialog(ThemeManager& theme, DataLoader loadData, QWidget* parent = nullptr);
    ~OptimizeDialog() override;

    // The strategy to optimize and the values of its parameters that are not searched.
    // Returns false (with the reason in the dialog) when it has no parameter with a range.
    bool setStrategy(const QString& source, const strategy::ParamValues& values);
    bool isRunning() const { return m_running; }
    void start();
    void cancel();
    OptimizationTrialsModel* trialsModel() const { return m_model; }

signals:
    void paramsChosen(const bcf::strategy::ParamValues& values);
    void finished();

protected:
    void done(int result) override;
    void changeEvent(QEvent* event) override;

private:
    struct Outcome {
        bool ok = false;
        QString error;
        bt::OptimizationResult result;
    };
    struct Job {
        std::atomic<bool> cancel{false};
        std::atomic<std::int64_t> done{0};
        std::atomic<std::int64_t> total{0};
    };

    void retranslateUi();
    void runOn(std::shared_ptr<const BacktestDataset> data);
    void onFinished();
    void showProgress();
    void updateHeatmap();
    void applyTheme();
    void setRunning(bool running);

    ThemeManager& m_theme;
    DataLoader m_loadData;
    QString m_source;
    strategy::ParamValues m_values;
    std::vector<bt::ParamAxis> m_axes;

    QLabel* m_intro = nullptr;
    QLabel* m_methodLabel = nullptr;
    QLabel* m_objectiveLabel = nullptr;
    QLabel* m_trialsLabel = nullptr;
    QLabel* m_seedLabel = nullptr;
    QComboBox* m_method = nullptr;
    QComboBox* m_objective = nullptr;
    QSpinBox* m_maxTrials = nullptr;
    QSpinBox* m_seed = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_close = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_overfitting = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTableView* m_table = nullptr;
    OptimizationTrialsModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QWidget* m_heatmapPage = nullptr;
    QLabel* m_xLabel = nullptr;
    QLabel* m_yLabel = nullptr;
    QComboBox* m_xParam = nullptr;
    QComboBox* m_yParam = nullptr;
    QCustomPlot* m_heatmapPlot = nullptr;
    QCPColorMap* m_colorMap = nullptr;
    QCPColorScale* m_colorScale = nullptr;

    bool m_running = false;
    std::shared_ptr<Job> m_job;
    QFutureWatcher<Outcome> m_watcher;
    QTimer m_progressTimer;
    bt::Objective m_runObjective = bt::Objective::Sharpe;
    qint64 m_startedMs = 0;
};

} // namespace bcf::app
