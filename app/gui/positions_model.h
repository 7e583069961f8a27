#pragma once

#include "core/trading_types.h"

#include <QAbstractTableModel>
#include <QColor>

#include <functional>
#include <vector>

namespace bcf::app {

// The portfolio's positions, one row per symbol in the server's order: side (long, short or
// flat), quantity, average entry, last price, unrealized and realized PnL (green when positive,
// red when negative) and fees, amounts in the portfolio's currency. setPositions() replaces
// them (every Portfolio of StreamTrading is complete); rows whose symbols did not change are
// updated in place, so the selection and scroll position survive. GUI thread only.
class PositionsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PositionsModel)

public:
    enum Column {
        SymbolColumn,
        SideColumn,
        QuantityColumn,
        EntryColumn,
        LastColumn,
        UnrealizedColumn,
        RealizedColumn,
        FeesColumn,
        ColumnCount
    };
    using Precision = std::function<std::pair<int, int>(const QString& symbol)>;

    explicit PositionsModel(QObject* parent = nullptr);

    const Position& position(int row) const { return m_positions.at(std::size_t(row)); }
    void setPositions(std::vector<Position> positions, const QString& currency);
    void clear();
    void setPrecision(Precision precision);
    void setColors(const QColor& profit, const QColor& loss, const QColor& muted);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<Position> m_positions;
    QString m_currency;
    Precision m_precision;
    QColor m_profit;
    QColor m_loss;
    QColor m_muted;
};

} // namespace bcf::app
