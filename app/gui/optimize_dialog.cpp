#include "gui/optimize_dialog.h"

#include "gui/optimization_model.h"
#include "gui/strategy_params_model.h"
#include "gui/theme_manager.h"
#include "strategy/parser.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

constexpr bt::Objective objectives[] = {bt::Objective::Sharpe, bt::Objective::Sortino,
                                        bt::Objective::TotalReturn, bt::Objective::NetProfit,
                                        bt::Objective::ProfitFactor, bt::Objective::Calmar};
constexpr bt::SearchMethod methods[] = {bt::SearchMethod::Grid, bt::SearchMethod::Random,
                                        bt::SearchMethod::Genetic};

} // namespace

OptimizeDialog::OptimizeDialog(ThemeManager& theme, DataLoader loadData, QWidget* parent)
    : QDialog(parent)
    , m_theme(theme)
    , m_loadData(std::move(loadData))
{
    setObjectName(u"optimizeDialog"_s);
    resize(980, 680);
    auto* layout = new QVBoxLayout(this);

    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);

    auto* settings = new QHBoxLayout;
    auto* form = new QFormLayout;
    m_method = new QComboBox(this);
    m_method->setObjectName(u"optimizeMethod"_s);
    for (bt::SearchMethod method : methods)
        m_method->addItem(QString(), int(method));
    m_objective = new QComboBox(this);
    m_objective->setObjectName(u"optimizeObjective"_s);
    for (bt::Objective objective : objectives)
        m_objective->addItem(QString(), int(objective));
    m_methodLabel = new QLabel(this);
    m_objectiveLabel = new QLabel(this);
    form->addRow(m_methodLabel, m_method);
    form->addRow(m_objectiveLabel, m_objective);
    auto* form2 = new QFormLayout;
    m_maxTrials = new QSpinBox(this);
    m_maxTrials->setObjectName(u"optimizeMaxTrials"_s);
    m_maxTrials->setRange(1, 100000);
    m_maxTrials->setValue(200);
    m_seed = new QSpinBox(this);
    m_seed->setObjectName(u"optimizeSeed"_s);
    m_seed->setRange(1, 1'000'000'000);
    m_seed->setValue(1);
    m_trialsLabel = new QLabel(this);
    m_seedLabel = new QLabel(this);
    form2->addRow(m_trialsLabel, m_maxTrials);
    form2->addRow(m_seedLabel, m_seed);
    settings->addLayout(form, 1);
    settings->addSpacing(20);
    settings->addLayout(form2, 1);
    layout->addLayout(settings);

    auto* runRow = new QHBoxLayout;
    m_run = new QPushButton(this);
    m_run->setObjectName(u"optimizeRun"_s);
    m_run->setDefault(true);
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(u"optimizeCancel"_s);
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"optimizeProgress"_s);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    runRow->addWidget(m_run);
    runRow->addWidget(m_cancel);
    runRow->addWidget(m_progress, 1);
    layout->addLayout(runRow);
    m_status = new QLabel(this);
    m_status->setObjectName(u"optimizeStatus"_s);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_overfitting = new QLabel(this);
    m_overfitting->setObjectName(u"optimizeOverfitting"_s);
    m_overfitting->setWordWrap(true);
    m_overfitting->hide();
    layout->addWidget(m_overfitting);

    m_tabs = new QTabWidget(this);
    m_model = new OptimizationTrialsModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(OptimizationTrialsModel::SortRole);
    m_table = new QTableView(this);
    m_table->setObjectName(u"optimizeTrials"_s);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_tabs->addTab(m_table, QString());

    m_heatmapPage = new QWidget(this);
    auto* heatLayout = new QVBoxLayout(m_heatmapPage);
    auto* axesRow = new QHBoxLayout;
    m_xLabel = new QLabel(m_heatmapPage);
    m_yLabel = new QLabel(m_heatmapPage);
    m_xParam = new QComboBox(m_heatmapPage);
    m_xParam->setObjectName(u"heatmapX"_s);
    m_yParam = new QComboBox(m_heatmapPage);
    m_yParam->setObjectName(u"heatmapY"_s);
    axesRow->addWidget(m_xLabel);
    axesRow->addWidget(m_xParam);
    axesRow->addSpacing(16);
    axesRow->addWidget(m_yLabel);
    axesRow->addWidget(m_yParam);
    axesRow->addStretch(1);
    heatLayout->addLayout(axesRow);
    m_heatmapPlot = new QCustomPlot(m_heatmapPage);
    m_heatmapPlot->setObjectName(u"heatmapPlot"_s);
    m_colorMap = new QCPColorMap(m_heatmapPlot->xAxis, m_heatmapPlot->yAxis);
    m_colorScale = new QCPColorScale(m_heatmapPlot);
    m_heatmapPlot->plotLayout()->addElement(0, 1, m_colorScale);
    m_colorScale->setType(QCPAxis::atRight);
    m_colorMap->setColorScale(m_colorScale);
    QCPColorGradient gradient(QCPColorGradient::gpJet);
    gradient.setNanHandling(QCPColorGradient::nhTransparent);
    m_colorMap->setGradient(gradient);
    m_colorMap->setInterpolate(false);
    auto* group = new QCPMarginGroup(m_heatmapPlot);
    m_heatmapPlot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_colorScale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    heatLayout->addWidget(m_heatmapPlot, 1);
    m_tabs->addTab(m_heatmapPage, QString());
    layout->addWidget(m_tabs, 1);

    auto* buttons = new QDialogButtonBox(this);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_run, &QPushButton::clicked, this, &OptimizeDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &OptimizeDialog::cancel);
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &OptimizeDialog::onFinished);
    connect(m_xParam, &QComboBox::currentIndexChanged, this, &OptimizeDialog::updateHeatmap);
    connect(m_yParam, &QComboBox::currentIndexChanged, this, &OptimizeDialog::updateHeatmap);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const bt::Trial& trial = m_model->trial(m_proxy->mapToSource(index).row());
        emit paramsChosen(trial.params);
        m_status->setText(tr("Parameters of this trial applied to the editor's table."));
    });
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, &OptimizeDialog::showProgress);
    connect(&m_theme, &ThemeManager::themeChanged, this, &OptimizeDialog::applyTheme);
    applyTheme();
    retranslateUi();
}

OptimizeDialog::~OptimizeDialog()
{
    if (m_job)
        m_job->cancel = true;
    m_watcher.waitForFinished();
}

void OptimizeDialog::retranslateUi()
{
    setWindowTitle(tr("Optimize strategy"));
    m_intro->setText(tr("Searches the parameters that declare a range, backtesting each set "
                        "on the market, dates and costs of the Backtest settings."));
    m_methodLabel->setText(tr("Method"));
    m_objectiveLabel->setText(tr("Objective"));
    m_trialsLabel->setText(tr("Max trials"));
    m_seedLabel->setText(tr("Seed"));
    for (int i = 0; i < m_method->count(); ++i)
        m_method->setItemText(i, OptimizationText::methodTitle(bt::SearchMethod(m_method->itemData(i).toInt())));
    for (int i = 0; i < m_objective->count(); ++i)
        m_objective->setItemText(i, OptimizationText::objectiveTitle(bt::Objective(m_objective->itemData(i).toInt())));
    m_maxTrials->setToolTip(tr("Random: trials drawn; Grid: refuses a larger grid; Genetic: "
                               "a cap on evaluations."));
    m_seed->setToolTip(tr("The same seed gives the same trials."));
    m_run->setText(tr("Run"));
    m_cancel->setText(tr("Cancel"));
    m_tabs->setTabText(0, tr("Trials"));
    m_tabs->setTabText(1, tr("Heatmap"));
    m_table->setToolTip(tr("Double-click a trial to use its parameters in the editor."));
    m_xLabel->setText(tr("X parameter"));
    m_yLabel->setText(tr("Y parameter"));
    m_colorScale->axis()->setLabel(tr("Best objective"));
}

void OptimizeDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void OptimizeDialog::applyTheme()
{
    const QColor background = m_theme.color(u"window"_s);
    const QColor border = m_theme.color(u"border"_s);
    const QColor muted = m_theme.color(u"muted"_s);
    m_heatmapPlot->setBackground(background);
    for (QCPAxis* axis : m_heatmapPlot->axisRect()->axes() + QList<QCPAxis*>{m_colorScale->axis()}) {
        axis->setBasePen(QPen(border));
        axis->setTickPen(QPen(border));
        axis->setSubTickPen(Qt::NoPen);
        axis->setTickLabelColor(muted);
        axis->setLabelColor(muted);
        axis->grid()->setVisible(false);
    }
    m_heatmapPlot->replot(QCustomPlot::rpQueuedReplot);
}

bool OptimizeDialog::setStrategy(const QString& source, const strategy::ParamValues& values)
{
    m_source = source;
    m_values = values;
    const QByteArray bytes = source.toUtf8();
    auto ast = strategy::parseStrategy(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    m_axes = ast ? bt::parameterAxes(*ast) : std::vector<bt::ParamAxis>{};
    {
        const QSignalBlocker blockX(m_xParam);
        const QSignalBlocker blockY(m_yParam);
        m_xParam->clear();
        m_yParam->clear();
        for (const bt::ParamAxis& axis : m_axes) {
            m_xParam->addItem(QString::fromStdString(axis.name));
            m_yParam->addItem(QString::fromStdString(axis.name));
        }
        m_yParam->setCurrentIndex(m_axes.size() > 1 ? 1 : 0);
    }
    // The heatmap needs two searched parameters.
    m_tabs->setTabVisible(1, m_axes.size() >= 2);
    const bool usable = ast && !m_axes.empty();
    m_run->setEnabled(usable && !m_running);
    if (!ast) {
        m_status->setText(tr("The strategy does not compile: %1")
                              .arg(QString::fromStdString(ast.error().toString())));
    } else if (m_axes.empty()) {
        m_status->setText(tr("No parameter declares a range (param x = 10 range 5..50 step 5): "
                             "there is nothing to search."));
    } else {
        std::int64_t combinations = 1;
        for (const bt::ParamAxis& axis : m_axes)
            combinations = std::min<std::int64_t>(combinations * std::int64_t(axis.values.size()), 1'000'000'000);
        m_status->setText(tr("Parameters to search: %1; combinations: %2.")
                              .arg(m_axes.size())
                              .arg(QLocale().toString(qlonglong(combinations))));
    }
    return usable;
}

void OptimizeDialog::setRunning(bool running)
{
    m_running = running;
    m_run->setEnabled(!running && !m_axes.empty());
    m_cancel->setEnabled(running);
    for (QWidget* widget : std::initializer_list<QWidget*>{m_method, m_objective, m_maxTrials, m_seed})
        widget->setEnabled(!running);
    if (running)
        m_progressTimer.start();
    else
        m_progressTimer.stop();
}

void OptimizeDialog::start()
{
    if (m_running || m_axes.empty())
        return;
    setRunning(true);
    m_progress->setRange(0, 0); // busy while the candles load
    m_status->setText(tr("Loading candles…"));
    m_overfitting->hide();
    QPointer<OptimizeDialog> self(this);
    m_loadData([self](std::expected<std::shared_ptr<const BacktestDataset>, QString> data) {
        if (!self || !self->m_running)
            return;
        if (!data) {
            self->setRunning(false);
            self->m_progress->setRange(0, 1);
            self->m_status->setText(tr("The candles could not be loaded: %1").arg(data.error()));
            return;
        }
        self->runOn(std::move(*data));
    });
}

void OptimizeDialog::runOn(std::shared_ptr<const BacktestDataset> data)
{
    if (data->candles.empty()) {
        setRunning(false);
        m_progress->setRange(0, 1);
        m_status->setText(tr("There are no candles in the chosen range."));
        return;
    }
    bt::SearchSettings settings;
    settings.method = bt::SearchMethod(m_method->currentData().toInt());
    settings.objective = bt::Objective(m_objective->currentData().toInt());
    settings.maxTrials = m_maxTrials->value();
    settings.seed = std::uint64_t(m_seed->value());
    m_runObjective = settings.objective;
    m_job = std::make_shared<Job>();
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    m_status->setText(tr("Optimizing on %1 candles…").arg(QLocale().toString(qlonglong(data->candles.size()))));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_model->clear();
    const QByteArray source = m_source.toUtf8();
    auto job = m_job;
    auto axes = m_axes;
    auto fixed = m_values;
    m_watcher.setFuture(QtConcurrent::run([job, data, source, axes, fixed, settings]() {
        Outcome outcome;
        auto ast = strategy::parseStrategy(std::string_view(source.constData(), std::size_t(source.size())));
        if (!ast) {
            outcome.error = QString::fromStdString(ast.error().toString());
            return outcome;
        }
        bt::SymbolSeries series{data->spec, data->candles};
        bt::BacktestOptions options;
        options.venue = data->settings.venue;
        const bt::TrialEvaluator evaluate =
            bt::backtestEvaluator(*ast, {series}, options, settings.objective, settings.cscvBlocks);
        auto result = bt::optimize(
            axes, fixed, evaluate, settings,
            [job](std::int64_t done, std::int64_t total) {
                job->done = done;
                job->total = total;
            },
            &job->cancel);
        if (!result) {
            outcome.error = QString::fromStdString(result.error().message);
            return outcome;
        }
        outcome.ok = true;
        outcome.result = std::move(*result);
        return outcome;
    }));
}

void OptimizeDialog::showProgress()
{
    if (!m_job)
        return;
    const std::int64_t total = m_job->total;
    const std::int64_t done = m_job->done;
    if (total <= 0)
        return;
    m_progress->setRange(0, int(std::min<std::int64_t>(total, 1'000'000)));
    m_progress->setValue(int(std::min(done, total)));
    m_progress->setFormat(tr("%1 of %2 trials").arg(done).arg(total));
}

void OptimizeDialog::cancel()
{
    if (!m_running)
        return;
    if (m_job) {
        m_job->cancel = true;
        m_status->setText(tr("Cancelling…"));
    } else {
        // Still loading candles: drop the answer.
        setRunning(false);
        m_progress->setRange(0, 1);
        m_status->setText(tr("Cancelled."));
    }
}

void OptimizeDialog::onFinished()
{
    showProgress();
    setRunning(false);
    Outcome outcome = m_watcher.result();
    const bool cancelled = m_job && m_job->cancel;
    m_job.reset();
    if (!outcome.ok) {
        m_progress->setRange(0, 1);
        m_progress->setValue(0);
        m_status->setText(tr("The optimization failed: %1").arg(outcome.error));
        emit finished();
        return;
    }
    const bt::OptimizationResult& result = outcome.result;
    std::vector<std::string> names;
    for (const bt::ParamAxis& axis : m_axes)
        names.push_back(axis.name);
    m_model->setResult(names, result.trials, result.bestIndex,
                       OptimizationText::objectiveTitle(m_runObjective));
    m_table->sortByColumn(m_model->objectiveColumn(), Qt::DescendingOrder);
    const double seconds = double(QDateTime::currentMSecsSinceEpoch() - m_startedMs) / 1000.0;
    const QLocale locale;
    QString summary = tr("Trials: %1, in %2 s.")
                          .arg(locale.toString(qlonglong(result.trials.size())),
                               locale.toString(seconds, 'f', 1));
    if (result.cancelled || cancelled)
        summary = tr("Cancelled; trials done: %1.").arg(locale.toString(qlonglong(result.trials.size())));
    if (result.bestIndex >= 0) {
        const bt::Trial& best = result.trials[std::size_t(result.bestIndex)];
        QStringList params;
        for (const auto& [name, value] : best.params)
            params.append(u"%1 = %2"_s.arg(QString::fromStdString(name), StrategyParamsModel::numberText(value)));
        summary += u' ' + tr("Best: %1 (%2 %3).")
                              .arg(params.join(u", "_s), OptimizationText::objectiveTitle(m_runObjective),
                                   locale.toString(best.objective, 'f', 4));
    }
    m_status->setText(summary);
    m_overfitting->setText(
        tr("Overfitting: probability of backtest overfitting (PBO) %1 % over %2 splits; "
           "deflated Sharpe ratio of the best trial %3.")
            .arg(locale.toString(result.pbo.probability * 100, 'f', 1))
            .arg(result.pbo.combinations)
            .arg(locale.toString(result.deflatedSharpe, 'f', 2)));
    m_overfitting->setToolTip(
        tr("PBO: the share of in-sample/out-of-sample splits where the in-sample winner ranks "
           "below the median out of sample (lower is better). Deflated Sharpe: the probability "
           "that the best Sharpe ratio beats what the number of trials would give by luck."));
    m_overfitting->setVisible(true);
    updateHeatmap();
    emit finished();
}

void OptimizeDialog::updateHeatmap()
{
    if (m_model->rowCount() == 0 || m_xParam->currentIndex() < 0 || m_yParam->currentIndex() < 0)
        return;
    std::vector<bt::Trial> trials;
    trials.reserve(std::size_t(m_model->rowCount()));
    for (int row = 0; row < m_model->rowCount(); ++row)
        trials.push_back(m_model->trial(row));
    const HeatmapGrid grid = heatmapGrid(trials, m_xParam->currentText().toStdString(),
                                         m_yParam->currentText().toStdString());
    if (grid.empty()) {
        m_colorMap->data()->clear();
        m_heatmapPlot->replot();
        return;
    }
    // One cell per value seen, at its index; the ticks name the values.
    const int nx = int(grid.xs.size());
    const int ny = int(grid.ys.size());
    m_colorMap->data()->setSize(nx, ny);
    m_colorMap->data()->setRange(QCPRange(0, std::max(nx - 1, 1)), QCPRange(0, std::max(ny - 1, 1)));
    for (int x = 0; x < nx; ++x) {
        for (int y = 0; y < ny; ++y)
            m_colorMap->data()->setCell(x, y, grid.at(std::size_t(x), std::size_t(y)));
    }
    const auto ticker = [](const std::vector<double>& values) {
        QSharedPointer<QCPAxisTickerText> text(new QCPAxisTickerText);
        const std::size_t stride = std::max<std::size_t>(1, values.size() / 12);
        for (std::size_t i = 0; i < values.size(); i += stride)
            text->addTick(double(i), StrategyParamsModel::numberText(values[i]));
        return text;
    };
    m_heatmapPlot->xAxis->setTicker(ticker(grid.xs));
    m_heatmapPlot->yAxis->setTicker(ticker(grid.ys));
    m_heatmapPlot->xAxis->setLabel(m_xParam->currentText());
    m_heatmapPlot->yAxis->setLabel(m_yParam->currentText());
    m_heatmapPlot->xAxis->setRange(-0.5, nx - 0.5);
    m_heatmapPlot->yAxis->setRange(-0.5, ny - 0.5);
    const double low = grid.minimum;
    const double high = grid.maximum > grid.minimum ? grid.maximum : grid.minimum + 1e-9;
    m_colorMap->setDataRange(QCPRange(low, high));
    m_heatmapPlot->replot();
}

void OptimizeDialog::done(int result)
{
    if (m_running)
        cancel();
    QDialog::done(result);
}

} // namespace bcf::app
