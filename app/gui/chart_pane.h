#pragma once

#include <QString>

class QCPAxis;
class QCPAxisRect;
class QCPItemText;
class QCustomPlot;

namespace bcf::app {

class ThemeManager;

// A pane under the price pane of a chart (CandleChart::addPane places it): its own value axis
// on the right, the price pane's time axis and margins, scrolling with it (no drag or zoom of its
// own), and a legend box in its top-left corner. The model predictions and news sentiment panes
// are built on it. GUI thread only.
struct ChartPane {
    QCPAxisRect* rect = nullptr;
    QCPItemText* legend = nullptr;

    QCPAxis* valueAxis() const; // right
    QCPAxis* timeAxis() const;  // bottom
};

// Creates the pane's axis rect (not yet in the plot's layout) and legend, following the plot's
// first axis rect (the price pane).
ChartPane makeChartPane(QCustomPlot& plot, const QString& objectName);

// The theme's axis pens, tick labels, grid and legend box.
void styleChartPane(const ChartPane& pane, const ThemeManager& theme);

} // namespace bcf::app
