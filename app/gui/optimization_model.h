#pragma once

#include "backtest/optimizer.h"

#include <QAbstractTableModel>
#include <QCoreApplication>
#include <QStringList>

#include <string>
#include <vector>

namespace bcf::app {

// The trials of an optimization, one row each: one column per searched parameter, then the
// objective and key metrics (net profit, total return, Sharpe, max drawdown, trades, win rate).
// Failed trials show their error in the objective column. Sort with a QSortFilterProxyModel on
// SortRole. GUI thread only.
class OptimizationTrialsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OptimizationTrialsModel)

public:
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit OptimizationTrialsModel(QObject* parent = nullptr);

    void setResult(std::vector<std::string> paramNames, std::vector<bt::Trial> trials,
                   std::int64_t bestIndex, const QString& objectiveTitle);
    void clear();
    const bt::Trial& trial(int row) const { return m_trials[std::size_t(row)]; }
    int bestRow() const { return int(m_bestIndex); }
    int objectiveColumn() const { return int(m_paramNames.size()); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    enum Metric { NetProfit, TotalReturn, Sharpe, MaxDrawdown, Trades, WinRate, MetricCount };
    std::vector<std::string> m_paramNames;
    std::vector<bt::Trial> m_trials;
    std::int64_t m_bestIndex = -1;
    QString m_objectiveTitle;
};

// The best objective for each pair of values of two parameters, whatever the other parameters
// were: the data of the optimization heatmap. `xs` and `ys` are the distinct values seen in the
// successful trials, ascending; cells without a trial are NaN.
struct HeatmapGrid {
    std::vector<double> xs;
    std::vector<double> ys;
    std::vector<double> values; // row-major: values[y * xs.size() + x]
    double minimum = 0;
    double maximum = 0;

    double at(std::size_t x, std::size_t y) const { return values[y * xs.size() + x]; }
    bool empty() const { return xs.empty() || ys.empty(); }
};

HeatmapGrid heatmapGrid(const std::vector<bt::Trial>& trials, const std::string& xParam,
                        const std::string& yParam);

// Names of the optimizer's choices for people.
class OptimizationText final
{
    Q_DECLARE_TR_FUNCTIONS(bcf::app::OptimizationText)

public:
    static QString objectiveTitle(bt::Objective objective);
    static QString methodTitle(bt::SearchMethod method);
};

} // namespace bcf::app
