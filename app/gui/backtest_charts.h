#pragma once

#include "backtest/metrics.h"

#include <QWidget>

#include <span>

class QCPAxisRect;
class QCPGraph;
class QCustomPlot;

namespace bcf::app {

class ThemeManager;

// The equity curve of a backtest above its drawdown (in percent below the running peak), on a
// shared time axis; wheel zooms and dragging pans both. GUI thread only.
class BacktestCharts final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BacktestCharts)

public:
    explicit BacktestCharts(ThemeManager& theme, QWidget* parent = nullptr);
    ~BacktestCharts() override;

    void setEquity(std::span<const bt::EquityPoint> equity, const QString& quoteCurrency);
    void clear();
    int pointCount() const;
    QCustomPlot* plot() const { return m_plot; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyTheme();
    void retranslateUi();

    ThemeManager& m_theme;
    QCustomPlot* m_plot = nullptr;
    QCPAxisRect* m_equityRect = nullptr;
    QCPAxisRect* m_drawdownRect = nullptr;
    QCPGraph* m_equity = nullptr;
    QCPGraph* m_drawdown = nullptr;
    QString m_quoteCurrency;
};

} // namespace bcf::app
