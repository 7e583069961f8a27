#include "gui/optimization_model.h"

#include "gui/backtest_results_model.h"
#include "gui/strategy_params_model.h"

#include <QFont>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace bcf::app {

OptimizationTrialsModel::OptimizationTrialsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void OptimizationTrialsModel::setResult(std::vector<std::string> paramNames,
                                        std::vector<bt::Trial> trials, std::int64_t bestIndex,
                                        const QString& objectiveTitle)
{
    beginResetModel();
    m_paramNames = std::move(paramNames);
    m_trials = std::move(trials);
    m_bestIndex = bestIndex;
    m_objectiveTitle = objectiveTitle;
    endResetModel();
}

void OptimizationTrialsModel::clear()
{
    setResult({}, {}, -1, QString());
}

int OptimizationTrialsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_trials.size());
}

int OptimizationTrialsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_paramNames.size()) + 1 + MetricCount;
}

QVariant OptimizationTrialsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const bt::Trial& trial = m_trials[std::size_t(index.row())];
    const int column = index.column();
    const int params = int(m_paramNames.size());
    const QLocale locale;
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool sort = role == SortRole;
        if (column < params) {
            const auto it = trial.params.find(m_paramNames[std::size_t(column)]);
            const double value = it == trial.params.end() ? 0.0 : it->second;
            return sort ? QVariant(value) : QVariant(StrategyParamsModel::numberText(value));
        }
        if (column == params) {
            if (!trial.ok)
                return sort ? QVariant(-std::numeric_limits<double>::infinity())
                            : QVariant(QString::fromStdString(trial.error));
            return sort ? QVariant(trial.objective) : QVariant(locale.toString(trial.objective, 'f', 4));
        }
        const bt::Metrics& m = trial.metrics;
        if (!trial.ok)
            return sort ? QVariant(-std::numeric_limits<double>::infinity()) : QVariant();
        switch (column - params - 1) {
        case NetProfit:
            return sort ? QVariant(m.netProfit.toDouble()) : QVariant(decimalText(m.netProfit.raw(), 2));
        case TotalReturn:
            return sort ? QVariant(m.totalReturn)
                        : QVariant(locale.toString(m.totalReturn * 100, 'f', 2) + u" %"_s);
        case Sharpe:
            return sort ? QVariant(m.sharpe) : QVariant(locale.toString(m.sharpe, 'f', 2));
        case MaxDrawdown:
            return sort ? QVariant(m.maxDrawdown)
                        : QVariant(locale.toString(m.maxDrawdown * 100, 'f', 2) + u" %"_s);
        case Trades:
            return qlonglong(m.tradeCount);
        case WinRate:
            return sort ? QVariant(m.winRate)
                        : QVariant(locale.toString(m.winRate * 100, 'f', 1) + u" %"_s);
        default:
            return {};
        }
    }
    if (role == Qt::FontRole && index.row() == m_bestIndex) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role == Qt::ToolTipRole && !trial.ok)
        return QString::fromStdString(trial.error);
    if (role == Qt::TextAlignmentRole)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant OptimizationTrialsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    const int params = int(m_paramNames.size());
    if (section < params)
        return QString::fromStdString(m_paramNames[std::size_t(section)]);
    if (section == params)
        return m_objectiveTitle;
    switch (section - params - 1) {
    case NetProfit:
        return tr("Net profit");
    case TotalReturn:
        return tr("Return");
    case Sharpe:
        return tr("Sharpe");
    case MaxDrawdown:
        return tr("Max drawdown");
    case Trades:
        return tr("Trades");
    case WinRate:
        return tr("Win rate");
    default:
        return {};
    }
}

HeatmapGrid heatmapGrid(const std::vector<bt::Trial>& trials, const std::string& xParam,
                        const std::string& yParam)
{
    HeatmapGrid grid;
    const auto valueOf = [](const bt::Trial& trial, const std::string& name) -> std::optional<double> {
        const auto it = trial.params.find(name);
        if (it == trial.params.end())
            return std::nullopt;
        return it->second;
    };
    for (const bt::Trial& trial : trials) {
        const auto x = valueOf(trial, xParam);
        const auto y = valueOf(trial, yParam);
        if (!trial.ok || !x || !y || !std::isfinite(trial.objective))
            continue;
        grid.xs.push_back(*x);
        grid.ys.push_back(*y);
    }
    for (auto* axis : {&grid.xs, &grid.ys}) {
        std::sort(axis->begin(), axis->end());
        axis->erase(std::unique(axis->begin(), axis->end()), axis->end());
    }
    grid.values.assign(grid.xs.size() * grid.ys.size(), std::numeric_limits<double>::quiet_NaN());
    bool any = false;
    for (const bt::Trial& trial : trials) {
        const auto x = valueOf(trial, xParam);
        const auto y = valueOf(trial, yParam);
        if (!trial.ok || !x || !y || !std::isfinite(trial.objective))
            continue;
        const auto xi = std::size_t(std::lower_bound(grid.xs.begin(), grid.xs.end(), *x) - grid.xs.begin());
        const auto yi = std::size_t(std::lower_bound(grid.ys.begin(), grid.ys.end(), *y) - grid.ys.begin());
        double& cell = grid.values[yi * grid.xs.size() + xi];
        if (std::isnan(cell) || trial.objective > cell)
            cell = trial.objective;
        grid.minimum = any ? std::min(grid.minimum, trial.objective) : trial.objective;
        grid.maximum = any ? std::max(grid.maximum, trial.objective) : trial.objective;
        any = true;
    }
    return grid;
}

QString OptimizationText::objectiveTitle(bt::Objective objective)
{
    switch (objective) {
    case bt::Objective::Sharpe:
        return tr("Sharpe ratio");
    case bt::Objective::Sortino:
        return tr("Sortino ratio");
    case bt::Objective::TotalReturn:
        return tr("Total return");
    case bt::Objective::NetProfit:
        return tr("Net profit");
    case bt::Objective::ProfitFactor:
        return tr("Profit factor");
    case bt::Objective::Calmar:
        return tr("Calmar ratio");
    }
    return {};
}

QString OptimizationText::methodTitle(bt::SearchMethod method)
{
    switch (method) {
    case bt::SearchMethod::Grid:
        return tr("Grid (every combination)");
    case bt::SearchMethod::Random:
        return tr("Random sampling");
    case bt::SearchMethod::Genetic:
        return tr("Genetic algorithm");
    }
    return {};
}

} // namespace bcf::app
