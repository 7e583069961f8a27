#include "gui/backtest_charts.h"

#include "gui/theme_manager.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bcf::app {

BacktestCharts::BacktestCharts(ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
{
    setObjectName(u"backtestCharts"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(u"backtestPlot"_s);
    layout->addWidget(m_plot);

    m_plot->plotLayout()->clear();
    m_equityRect = new QCPAxisRect(m_plot);
    m_drawdownRect = new QCPAxisRect(m_plot);
    m_plot->plotLayout()->addElement(0, 0, m_equityRect);
    m_plot->plotLayout()->addElement(1, 0, m_drawdownRect);
    m_plot->plotLayout()->setRowStretchFactor(0, 3);
    m_plot->plotLayout()->setRowStretchFactor(1, 1);
    m_plot->plotLayout()->setRowSpacing(0);
    auto* group = new QCPMarginGroup(m_plot);
    QSharedPointer<QCPAxisTickerDateTime> ticker(new QCPAxisTickerDateTime);
    ticker->setDateTimeFormat(u"dd MMM\nHH:mm"_s);
    ticker->setTickCount(6);
    for (QCPAxisRect* rect : {m_equityRect, m_drawdownRect}) {
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
        rect->axis(QCPAxis::atBottom)->setTicker(ticker);
        rect->setRangeDrag(Qt::Horizontal);
        rect->setRangeZoom(Qt::Horizontal);
    }
    m_equityRect->axis(QCPAxis::atBottom)->setTickLabels(false);
    m_drawdownRect->axis(QCPAxis::atLeft)->ticker()->setTickCount(3);
    connect(m_equityRect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
            m_drawdownRect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));
    connect(m_drawdownRect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
            m_equityRect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));
    m_equity = m_plot->addGraph(m_equityRect->axis(QCPAxis::atBottom), m_equityRect->axis(QCPAxis::atLeft));
    m_drawdown = m_plot->addGraph(m_drawdownRect->axis(QCPAxis::atBottom),
                                  m_drawdownRect->axis(QCPAxis::atLeft));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    applyTheme();
    retranslateUi();
    connect(&m_theme, &ThemeManager::themeChanged, this, &BacktestCharts::applyTheme);
}

BacktestCharts::~BacktestCharts() = default;

void BacktestCharts::applyTheme()
{
    const QColor background = m_theme.color(u"window"_s);
    const QColor border = m_theme.color(u"border"_s);
    const QColor muted = m_theme.color(u"muted"_s);
    m_plot->setBackground(background);
    for (QCPAxisRect* rect : {m_equityRect, m_drawdownRect}) {
        for (QCPAxis* axis : rect->axes()) {
            axis->setBasePen(QPen(border));
            axis->setTickPen(QPen(border));
            axis->setSubTickPen(Qt::NoPen);
            axis->setTickLabelColor(muted);
            axis->setLabelColor(muted);
            QColor grid = border;
            grid.setAlpha(150);
            axis->grid()->setPen(QPen(grid));
            axis->grid()->setZeroLinePen(Qt::NoPen);
        }
    }
    const QColor accent = m_theme.color(u"accent"_s);
    m_equity->setPen(QPen(accent, 1.6));
    QColor fill = accent;
    fill.setAlpha(40);
    m_equity->setBrush(fill);
    const QColor danger = m_theme.color(u"danger"_s);
    m_drawdown->setPen(QPen(danger, 1.2));
    QColor ddFill = danger;
    ddFill.setAlpha(70);
    m_drawdown->setBrush(ddFill);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void BacktestCharts::retranslateUi()
{
    m_equityRect->axis(QCPAxis::atLeft)
        ->setLabel(m_quoteCurrency.isEmpty() ? tr("Equity") : tr("Equity (%1)").arg(m_quoteCurrency));
    m_drawdownRect->axis(QCPAxis::atLeft)->setLabel(tr("Drawdown %"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void BacktestCharts::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void BacktestCharts::setEquity(std::span<const bt::EquityPoint> equity, const QString& quoteCurrency)
{
    m_quoteCurrency = quoteCurrency;
    const std::vector<double> drawdown = bt::drawdownCurve(equity);
    QVector<double> keys, values, drawdowns;
    keys.reserve(qsizetype(equity.size()));
    values.reserve(qsizetype(equity.size()));
    drawdowns.reserve(qsizetype(equity.size()));
    for (std::size_t i = 0; i < equity.size(); ++i) {
        keys.append(double(toUnixMillis(equity[i].time)) / 1000.0);
        values.append(equity[i].equity.toDouble()); // drawing only
        drawdowns.append(-drawdown[i] * 100.0);
    }
    m_equity->setData(keys, values, true);
    m_drawdown->setData(keys, drawdowns, true);
    // The equity fill reaches down to the lowest point, not to zero.
    bool found = false;
    const QCPRange valueRange = m_equity->getValueRange(found);
    if (found) {
        const double pad = std::max(valueRange.size() * 0.08, std::abs(valueRange.upper) * 1e-4);
        m_equityRect->axis(QCPAxis::atLeft)->setRange(valueRange.lower - pad, valueRange.upper + pad);
        m_equity->setChannelFillGraph(nullptr);
    }
    const QCPRange ddRange = m_drawdown->getValueRange(found);
    m_drawdownRect->axis(QCPAxis::atLeft)->setRange(found ? std::min(ddRange.lower * 1.1, -0.5) : -1, 0);
    if (!keys.isEmpty())
        m_equityRect->axis(QCPAxis::atBottom)->setRange(keys.front(), keys.back());
    retranslateUi();
    m_plot->replot();
}

void BacktestCharts::clear()
{
    m_equity->data()->clear();
    m_drawdown->data()->clear();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int BacktestCharts::pointCount() const
{
    return m_equity->dataCount();
}

} // namespace bcf::app
