#pragma once

#include "core/trading_types.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>

#include <functional>
#include <vector>

namespace bcf::app {

// The account's orders as one of the trading dock's tables: the open orders (Mode::Open: new,
// submitted, accepted, partially filled) or the order history (Mode::History: filled,
// cancelled, rejected, expired), newest first (by creation time in Open, by the last change in
// History). applyOrder() takes an order as the server reports it (a ListOrders row or a
// StreamTrading event) and keeps only those of the model's mode: an order that ends leaves the
// open orders and enters the history. A report older than the one shown (updated earlier) is
// ignored, so a page and the stream may overlap in any order. GUI thread only.
class OrdersModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrdersModel)

public:
    enum class Mode { Open, History };
    enum Column {
        TimeColumn,
        VenueColumn, // "Paper", "Binance (live)" (bold: real money)
        SymbolColumn,
        SideColumn,
        TypeColumn,
        PriceColumn,
        StopColumn,
        QuantityColumn,
        FilledColumn,
        AverageColumn,
        StateColumn,
        // Open: the cancel button's column; History: why the order ended.
        ActionColumn,
        ColumnCount
    };
    // Decimals for prices and quantities of a symbol (the instruments' precisions).
    using Precision = std::function<std::pair<int, int>(const QString& symbol)>;
    // The order's client order id (Qt::UserRole) of any cell.
    static constexpr int ClientOrderIdRole = Qt::UserRole;

    explicit OrdersModel(Mode mode, int capacity = 500, QObject* parent = nullptr);

    Mode mode() const { return m_mode; }
    const Order& order(int row) const { return m_orders.at(std::size_t(row)); }
    const std::vector<Order>& orders() const { return m_orders; }
    // The row of an order, or -1.
    int rowOf(const QString& clientOrderId) const;

    // Returns whether the model changed.
    bool applyOrder(const Order& order);
    void applyOrders(const std::vector<Order>& orders);
    void clear();
    void setPrecision(Precision precision);
    void setColors(const QColor& buy, const QColor& sell, const QColor& muted,
                   const QColor& danger);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    bool belongs(const Order& order) const;
    // Where `order` goes to keep the rows newest first.
    int insertionRow(const Order& order) const;
    qint64 sortKey(const Order& order) const;

    struct Seen {
        qint64 updatedMs = 0;
        bool ended = false;
    };

    Mode m_mode;
    int m_capacity;
    // The newest report of every order applied, shown or not.
    QHash<QString, Seen> m_seen;
    std::vector<Order> m_orders;
    Precision m_precision;
    QColor m_buy;
    QColor m_sell;
    QColor m_muted;
    QColor m_danger;
};

} // namespace bcf::app
