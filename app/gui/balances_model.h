#pragma once

#include "core/trading_types.h"

#include <QAbstractTableModel>
#include <QColor>

#include <vector>

namespace bcf::app {

// The portfolio's balances, one row per asset in the server's order: free, locked (held by open
// orders), total and value in the portfolio's currency (empty when the server has no price for
// the asset). Amounts are shown exactly, with at least two decimals. setBalances() replaces
// them, updating rows in place when the assets did not change. GUI thread only.
class BalancesModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BalancesModel)

public:
    enum Column { AssetColumn, FreeColumn, LockedColumn, TotalColumn, ValueColumn, ColumnCount };

    explicit BalancesModel(QObject* parent = nullptr);

    const Balance& balance(int row) const { return m_balances.at(std::size_t(row)); }
    void setBalances(std::vector<Balance> balances, const QString& currency);
    void clear();
    void setMutedColor(const QColor& muted);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<Balance> m_balances;
    QString m_currency;
    QColor m_muted;
};

} // namespace bcf::app
