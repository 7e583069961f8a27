#pragma once

#include "backtest/runner.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QCoreApplication>
#include <QString>

#include <vector>

namespace bcf::app {

// The closed trades of a backtest, one row each: #, side, entry time, entry price, exit time,
// exit price, quantity, net PnL (coloured by its sign), fees and bars held. Prices and amounts
// are the backtester's fixed-point values, shown with the instrument's decimals. GUI thread only.
class BacktestTradesModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BacktestTradesModel)

public:
    enum Column {
        NumberColumn, SideColumn, EntryTimeColumn, EntryPriceColumn, ExitTimeColumn,
        ExitPriceColumn, QuantityColumn, NetPnlColumn, FeesColumn, BarsColumn, ColumnCount
    };
    // The raw fixed-point value of a number column (for sorting).
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit BacktestTradesModel(QObject* parent = nullptr);

    void setTrades(std::vector<bt::TradeRecord> trades, int priceDecimals, int quantityDecimals);
    void clear();
    void setColors(const QColor& profit, const QColor& loss);
    const bt::TradeRecord& trade(int row) const { return m_trades[std::size_t(row)]; }
    const std::vector<bt::TradeRecord>& trades() const { return m_trades; }
    // Σ net PnL of the trades shown.
    Money totalNetPnl() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString timeText(TimePoint time);

private:
    std::vector<bt::TradeRecord> m_trades;
    int m_priceDecimals = 2;
    int m_quantityDecimals = 6;
    QColor m_profit = QColor(0x26, 0xa6, 0x9a);
    QColor m_loss = QColor(0xef, 0x53, 0x50);
};

// One line of the metrics grid: a label and the formatted value.
struct MetricLine {
    QString label;
    QString value;
    // -1 bad, 0 neutral, +1 good (for colouring).
    int tone = 0;
};

// Texts of backtest results.
class BacktestFormat final
{
    Q_DECLARE_TR_FUNCTIONS(bcf::app::BacktestFormat)

public:
    // Every field of bt::Metrics formatted for people: fractions as percentages, ratios with
    // two decimals, money with `quoteCurrency`, durations in days and hours.
    static std::vector<MetricLine> metricLines(const bt::Metrics& metrics,
                                               const QString& quoteCurrency);
    static QString durationText(double milliseconds);
};

// A fixed-point amount with `decimals` places in the user's locale (no group separators).
QString decimalText(std::int64_t raw, int decimals);

} // namespace bcf::app
