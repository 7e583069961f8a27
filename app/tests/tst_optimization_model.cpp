// Optimization results: the heatmap's best objective per pair of values, and the trials table.
#include "gui/optimization_model.h"

#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace bcf;
using namespace bcf::app;

namespace {

bt::Trial trial(double fast, double slow, double width, double objective, bool ok = true)
{
    bt::Trial result;
    result.params = {{"fast", fast}, {"slow", slow}, {"width", width}};
    result.ok = ok;
    result.objective = objective;
    result.metrics.tradeCount = 3;
    return result;
}

} // namespace

class TestOptimizationModel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void heatmapKeepsTheBestObjectivePerPair()
    {
        const std::vector<bt::Trial> trials = {
            trial(5, 20, 1, 0.5),
            trial(5, 20, 2, 1.5),  // best of (5, 20)
            trial(5, 20, 3, -0.2),
            trial(10, 20, 1, -1.0),
            trial(10, 30, 1, 0.7),
            trial(10, 30, 2, 0.9), // best of (10, 30)
            trial(15, 30, 1, 9.0, false), // failed: ignored
            trial(5, 40, 1, -2.0),
        };
        const HeatmapGrid grid = heatmapGrid(trials, "fast", "slow");
        QCOMPARE(grid.xs, (std::vector<double>{5, 10}));
        QCOMPARE(grid.ys, (std::vector<double>{20, 30, 40}));
        QCOMPARE(grid.values.size(), 6u);
        QCOMPARE(grid.at(0, 0), 1.5);
        QCOMPARE(grid.at(1, 0), -1.0);
        QCOMPARE(grid.at(1, 1), 0.9);
        QVERIFY(std::isnan(grid.at(0, 1)));   // (5, 30) never tried
        QCOMPARE(grid.at(0, 2), -2.0);
        QVERIFY(std::isnan(grid.at(1, 2)));
        QCOMPARE(grid.minimum, -2.0);
        QCOMPARE(grid.maximum, 1.5);

        // The other way round: x and y swap.
        const HeatmapGrid swapped = heatmapGrid(trials, "slow", "fast");
        QCOMPARE(swapped.xs, (std::vector<double>{20, 30, 40}));
        QCOMPARE(swapped.at(0, 0), 1.5);
        QCOMPARE(swapped.at(1, 1), 0.9);

        QVERIFY(heatmapGrid(trials, "fast", "missing").empty());
        QVERIFY(heatmapGrid({}, "fast", "slow").empty());
    }

    void trialsTableShowsParamsObjectiveAndMetrics()
    {
        OptimizationTrialsModel model;
        model.setResult({"fast", "slow"}, {trial(5, 20, 1, 0.5), trial(10, 30, 1, 1.25),
                                            trial(15, 30, 1, 0, false)},
                        1, u"Sharpe ratio"_s);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 2 + 1 + 6);
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), u"Sharpe ratio"_s);
        QCOMPARE(model.data(model.index(1, 0)).toString(), u"10"_s);
        QCOMPARE(model.data(model.index(1, 2)).toString(), u"1.2500"_s);
        QCOMPARE(model.data(model.index(1, 2), OptimizationTrialsModel::SortRole).toDouble(), 1.25);
        QVERIFY(model.data(model.index(2, 2), OptimizationTrialsModel::SortRole).toDouble() < -1e300);
        QVERIFY(model.data(model.index(1, 0), Qt::FontRole).value<QFont>().bold());
        QCOMPARE(model.bestRow(), 1);
    }
};

QTEST_MAIN(TestOptimizationModel)
#include "tst_optimization_model.moc"
