#include "gui/chart_pane.h"

#include "gui/theme_manager.h"

#include <qcustomplot.h>

using namespace Qt::StringLiterals;

namespace bcf::app {

QCPAxis* ChartPane::valueAxis() const
{
    return rect->axis(QCPAxis::atRight);
}

QCPAxis* ChartPane::timeAxis() const
{
    return rect->axis(QCPAxis::atBottom);
}

ChartPane makeChartPane(QCustomPlot& plot, const QString& objectName)
{
    QCPAxisRect* price = plot.axisRect(0);
    ChartPane pane;
    pane.rect = new QCPAxisRect(&plot);
    pane.rect->setObjectName(objectName);
    pane.rect->setMarginGroup(QCP::msLeft | QCP::msRight, price->marginGroup(QCP::msLeft));
    pane.rect->axis(QCPAxis::atLeft)->setVisible(false);
    pane.rect->axis(QCPAxis::atTop)->setVisible(false);
    QCPAxis* right = pane.valueAxis();
    right->setVisible(true);
    right->setTickLabels(true);
    right->setPadding(6);
    QCPAxis* bottom = pane.timeAxis();
    bottom->setTicker(price->axis(QCPAxis::atBottom)->ticker());
    pane.rect->setRangeDrag({});
    pane.rect->setRangeZoom({});
    pane.rect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
    pane.rect->setMargins(QMargins(0, 0, 0, 0));
    QObject::connect(price->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged), bottom,
                     qOverload<const QCPRange&>(&QCPAxis::setRange));
    pane.legend = new QCPItemText(&plot);
    pane.legend->setClipToAxisRect(false);
    pane.legend->position->setAxisRect(pane.rect);
    pane.legend->position->setType(QCPItemPosition::ptAxisRectRatio);
    pane.legend->position->setCoords(0.005, 0.04);
    pane.legend->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    pane.legend->setPadding(QMargins(6, 2, 6, 2));
    return pane;
}

void styleChartPane(const ChartPane& pane, const ThemeManager& theme)
{
    const QColor border = theme.color(u"border"_s);
    const QColor muted = theme.color(u"muted"_s);
    QColor grid = border;
    grid.setAlpha(150);
    for (QCPAxis* axis : pane.rect->axes()) {
        axis->setBasePen(QPen(border));
        axis->setTickPen(QPen(border));
        axis->setSubTickPen(Qt::NoPen);
        axis->setTickLengthIn(0);
        axis->setTickLengthOut(4);
        axis->setTickLabelColor(muted);
        axis->setLabelColor(muted);
        axis->grid()->setPen(QPen(grid));
        axis->grid()->setZeroLinePen(Qt::NoPen);
    }
    pane.legend->setColor(theme.color(u"text"_s));
    QColor panel = theme.color(u"panel"_s);
    panel.setAlpha(210);
    pane.legend->setBrush(panel);
}

} // namespace bcf::app
